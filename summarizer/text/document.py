"""An article ready for prompting: the caller's string, cleaned paragraphs, sentences."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from summarizer.core.errors import InputError
from summarizer.text.clean import CleanText, check_input, clean
from summarizer.text.sentences import Sentence, split_sentences


@dataclass(frozen=True)
class Document:
    """Everything later stages need to know about the input text."""

    original: str
    """The text every offset indexes: the caller's string, or the article extracted from HTML."""
    cleaned: CleanText
    sentences: list[Sentence]
    from_html: bool = False
    """True when ``original`` was extracted from HTML input (results then carry it)."""


InputFormat = Literal["text", "html", "auto"]
"""``text``: plain text; ``html``: a saved web page; ``auto``: detect."""


def prepare(text: object, *, max_chars: int, input_format: InputFormat = "text") -> Document:
    """Check, clean and split ``text``; errors say what to fix."""
    original = check_input(text, max_chars=max_chars)
    from_html = False
    if input_format == "html" or (input_format == "auto" and _looks_like_html(original)):
        from summarizer.text.html_input import extract_article

        original, from_html = extract_article(original), True
    elif input_format not in ("text", "auto"):
        raise InputError(f"input_format must be 'text', 'html' or 'auto', not {input_format!r}")
    cleaned = clean(original)
    sentences = split_sentences(cleaned)
    if not sentences:
        raise InputError("nothing is left of the article after removing web-page junk: pass the article's text")
    return Document(original=original, cleaned=cleaned, sentences=sentences, from_html=from_html)


def _looks_like_html(text: str) -> bool:
    from summarizer.text.html_input import looks_like_html

    return looks_like_html(text)
