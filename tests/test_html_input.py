"""HTML input: detecting a saved web page and extracting its article with trafilatura."""

from __future__ import annotations

import sys

import pytest

from summarizer import ConfigurationError, InputError
from summarizer.text.document import prepare
from summarizer.text.html_input import extract_article, looks_like_html

ARTICLE_PARAGRAPHS = (
    "Mayor defends bridge budget",
    "The mayor of Exampleville, Jane Doe, defended the city's bridge budget on Tuesday, "
    "saying the repairs could not wait another year.",
    "\u201cWe cannot let the bridge fall into the river,\u201d Doe told reporters outside city hall. "
    "Council member John Roe disputed the figures, calling them inflated by at least a third.",
    "The city's auditor has not yet reviewed the contract, and it is unclear when the work would begin.",
)

JUNK = (
    "tracking_pixel",
    "console.log",
    "color: red",
    "Subscribe to our newsletter",
    "All rights reserved",
    "Ten things about bridges",
    "Sport",
)


def saved_page(paragraphs: tuple[str, ...] = ARTICLE_PARAGRAPHS) -> str:
    """A saved news page: the article inside navigation, scripts, asides and a footer."""
    title, *body = paragraphs
    body_html = "\n".join(f"<p>{p.replace('&', '&amp;')}</p>" for p in body)
    return f"""<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>{title} - The Daily Example</title>
<script>var tracking_pixel = {{"user": "x"}}; console.log("loaded");</script>
<style>body {{ color: red }}</style></head>
<body>
<nav><ul><li><a href="/">Home</a></li><li><a href="/news">News</a></li><li><a href="/sport">Sport</a></li></ul></nav>
<div class="promo">Subscribe to our newsletter for daily updates in your inbox</div>
<main><article>
<h1>{title}</h1>
{body_html}
</article></main>
<aside><h3>Related</h3><ul><li><a href="/x">Ten things about bridges</a></li></ul></aside>
<footer><p>&copy; 2024 The Daily Example. All rights reserved.</p><a href="/privacy">Privacy</a></footer>
<script>console.log("more junk")</script>
</body></html>
"""


def test_a_saved_page_is_detected_as_html():
    assert looks_like_html(saved_page())
    assert looks_like_html("\n  <html><body><p>text</p></body></html>")
    assert looks_like_html("<!-- saved from url=(0042)https://example.test/ -->\n<!doctype html><p>x</p>")


def test_a_fragment_dense_with_tags_is_html():
    fragment = "<div class='story'><h1>Title</h1><p>One.</p><p>Two.</p><p>Three.</p></div>"
    assert looks_like_html(fragment)


def test_plain_text_is_not_html(article_text):
    assert not looks_like_html(article_text)
    assert not looks_like_html("Use the <p> tag for paragraphs, said the web designer, and <br> for breaks.")
    assert not looks_like_html("Profits rose 3% as a < b and c > d, analysts said.")


def test_extraction_keeps_the_article_and_drops_the_page_furniture():
    text = extract_article(saved_page())

    for paragraph in ARTICLE_PARAGRAPHS:
        assert paragraph in text
    for junk in JUNK:
        assert junk not in text
    assert "<" not in text
    assert text.split("\n\n")[1:] == list(ARTICLE_PARAGRAPHS[1:])


def test_entities_are_decoded():
    paragraphs = (*ARTICLE_PARAGRAPHS[:-1], "Roe & Doe met again; costs rose by 5% to \u20ac2 million, officials said.")
    text = extract_article(saved_page(paragraphs))
    assert "Roe & Doe met again" in text
    assert "&amp;" not in text


def test_a_page_without_an_article_is_a_clear_input_error():
    page = "<html><head><title>Home</title></head><body><nav><a href='/'>Home</a></nav></body></html>"
    with pytest.raises(InputError, match="no article text found in this HTML page"):
        extract_article(page)


def test_missing_trafilatura_says_what_to_install(monkeypatch):
    monkeypatch.setitem(sys.modules, "trafilatura", None)  # import now raises ImportError
    with pytest.raises(ConfigurationError, match=r"pip install 'summarizer\[html\]'"):
        extract_article(saved_page())


def test_auto_input_format_extracts_html_and_keeps_offsets_on_the_extracted_text():
    page = saved_page()
    doc = prepare(page, max_chars=500_000, input_format="auto")

    assert doc.from_html
    assert doc.original == extract_article(page)
    for sentence in doc.sentences:
        assert doc.original[sentence.start : sentence.end] == sentence.text


def test_auto_input_format_leaves_plain_text_alone(article_text):
    doc = prepare(article_text, max_chars=500_000, input_format="auto")
    assert not doc.from_html
    assert doc.original is article_text


def test_forced_text_format_does_not_extract():
    doc = prepare(saved_page(), max_chars=500_000, input_format="text")
    assert not doc.from_html
