"""Sentence splitting with pysbd: abbreviations, quotes, dashes; offsets index the original."""

from __future__ import annotations

from summarizer.text.clean import clean
from summarizer.text.sentences import MAX_SENTENCE_CHARS, split_sentences


def split(text: str) -> list[str]:
    return [s.text for s in split_sentences(clean(text))]


def test_reference_article_sentences(article_text):
    sentences = split_sentences(clean(article_text))
    assert [s.number for s in sentences] == list(range(1, len(sentences) + 1))
    assert sentences[1].text.startswith("Maj. Gen. Ivan Popov commanded")
    for s in sentences:
        assert " ".join(article_text[s.start : s.end].split()) == s.text


def test_abbreviations_do_not_end_sentences():
    assert split("Maj. Gen. Ivan Popov led the army. The U.S. said nothing.") == [
        "Maj. Gen. Ivan Popov led the army.",
        "The U.S. said nothing.",
    ]


def test_quotes_and_dashes_stay_inside_their_sentence():
    text = "“We were hit from the rear — treacherously,” he said. It is not clear what that meant."
    assert split(text) == ["“We were hit from the rear — treacherously,” he said.", "It is not clear what that meant."]


def test_sentences_never_cross_paragraphs():
    assert split("First paragraph without a stop\n\nSecond one.") == ["First paragraph without a stop", "Second one."]


def test_text_without_punctuation_is_cut_into_bounded_pieces():
    text = "word " * 2000
    sentences = split_sentences(clean(text))
    assert len(sentences) > 1
    assert all(len(s.text) <= MAX_SENTENCE_CHARS for s in sentences)
    assert all(text[s.start : s.end] == s.text for s in sentences)
