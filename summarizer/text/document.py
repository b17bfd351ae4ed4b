"""An article ready for prompting: the caller's string, cleaned paragraphs, sentences."""

from __future__ import annotations

from dataclasses import dataclass

from summarizer.core.errors import InputError
from summarizer.text.clean import CleanText, check_input, clean
from summarizer.text.sentences import Sentence, split_sentences


@dataclass(frozen=True)
class Document:
    """Everything later stages need to know about the input text."""

    original: str
    """The exact string the caller passed: every offset indexes it."""
    cleaned: CleanText
    sentences: list[Sentence]


def prepare(text: object, *, max_chars: int) -> Document:
    """Check, clean and split ``text``; errors say what to fix."""
    original = check_input(text, max_chars=max_chars)
    cleaned = clean(original)
    sentences = split_sentences(cleaned)
    if not sentences:
        raise InputError("nothing is left of the article after removing web-page junk: pass the article's text")
    return Document(original=original, cleaned=cleaned, sentences=sentences)
