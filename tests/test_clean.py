"""Cleaning: junk lines out, article sentences untouched, offsets into the original kept."""

from __future__ import annotations

import pytest

from summarizer import InputError
from summarizer.text.clean import check_input, clean

REFERENCE_JUNK = {
    "We're not around right now. But you can send us an email and we'll get back to you, asap.",
    "Log in with your credentials",
    "Forgot your details?",
    "July 11, 202344:15",
    "Major General Ivan Popov with the Russian military.",
    "Maj. Gen. Ivan Popov.Russia Defense Ministry",
}


def test_reference_article_junk_is_dropped_and_nothing_else(article_text):
    cleaned = clean(article_text)
    assert {d.text for d in cleaned.dropped} == REFERENCE_JUNK
    for junk in REFERENCE_JUNK:
        assert junk not in cleaned.text
    assert len(cleaned.paragraphs) == 16
    assert cleaned.paragraphs[-1].text == "The Defense Ministry has been asked for comment."


def test_dropped_lines_point_at_the_original(article_text):
    for dropped in clean(article_text).dropped:
        assert article_text[dropped.start : dropped.end] == dropped.text


def test_paragraph_offsets_map_back_to_original(article_text):
    for paragraph in clean(article_text).paragraphs:
        start, end = paragraph.span(0, len(paragraph.text))
        assert " ".join(article_text[start:end].split()) == paragraph.text


@pytest.mark.parametrize(
    "line",
    [
        "Sign in to your account",
        "Subscribe now for unlimited access",
        "Sign up for our daily newsletter",
        "We use cookies to improve your experience. Accept all cookies",
        "Share this article",
        "Advertisement",
        "Updated: March 3, 2024 10:15 AM",
        "Reset your password",
        "Send us a message and we'll get back to you soon.",
    ],
)
def test_general_junk_patterns(line):
    text = f"The council approved the budget on Monday.\n\n{line}\n\nThe mayor said the vote was close."
    cleaned = clean(text)
    assert [d.text for d in cleaned.dropped] == [line]
    assert len(cleaned.paragraphs) == 2


@pytest.mark.parametrize(
    "sentence",
    [
        "Shares of the company fell 5% after the announcement.",
        "Subscribers to the service complained that prices rose twice in one year, the regulator said.",
        "He said he would log in to the system only after the audit was finished and the board had voted.",
        "The photo, taken by a Reuters photographer in 2019, shows the minister at a rally in the capital.",
    ],
)
def test_article_sentences_that_resemble_junk_are_kept(sentence):
    cleaned = clean(f"The council met on Monday.\n{sentence}\nThe vote was close.")
    assert not cleaned.dropped
    assert sentence in cleaned.text


def test_caption_and_credit_pair_is_dropped():
    text = "The minister spoke for an hour.\nThe minister at the podium.\nPhoto: Jane Doe/Getty Images\nShe left early."
    cleaned = clean(text)
    assert [d.reason for d in cleaned.dropped] == ["photo caption", "photo credit"]


def test_whitespace_is_collapsed_and_invisible_characters_removed():
    text = "The\u00a0mayor\u200b  said\t\tno.\r\n\r\nIt   rained."
    cleaned = clean(text)
    assert [p.text for p in cleaned.paragraphs] == ["The mayor said no.", "It rained."]


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("", "empty"),
        ("  \n\t ", "empty"),
        (b"bytes", "decode it first"),
        (42, "must be str"),
        ("abc\x00def" * 10, "binary"),
    ],
)
def test_bad_input_is_refused_with_a_clear_message(value, message):
    with pytest.raises(InputError, match=message):
        check_input(value, max_chars=1000)


def test_too_long_input_names_the_limit():
    with pytest.raises(InputError, match="max_input_chars"):
        check_input("word " * 300, max_chars=1000)
