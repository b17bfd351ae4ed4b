"""Is this English? A cheap check on function words, so non-English text skips the rules."""

from __future__ import annotations

import re

from summarizer.text.document import Document

_FUNCTION_WORDS = frozenset(
    [
        "the",
        "a",
        "an",
        "of",
        "to",
        "in",
        "and",
        "or",
        "is",
        "are",
        "was",
        "were",
        "be",
        "been",
        "has",
        "have",
        "had",
        "that",
        "this",
        "with",
        "for",
        "on",
        "at",
        "by",
        "from",
        "as",
        "it",
        "its",
        "he",
        "she",
        "they",
        "we",
        "his",
        "her",
        "their",
        "not",
        "but",
        "said",
        "says",
        "who",
        "which",
        "would",
        "will",
    ]
)
_WORD = re.compile(r"[^\W\d_]+")
MIN_SHARE = 0.12
"""English news prose runs at 35-50% function words; other languages that share the
Latin script stay far under this share of *English* function words."""


def looks_english(document: Document) -> bool:
    """Whether at least :data:`MIN_SHARE` of the article's words are English function words."""
    words = [w.lower() for s in document.sentences for w in _WORD.findall(s.text)]
    if not words:
        return False
    return sum(w in _FUNCTION_WORDS for w in words) / len(words) >= MIN_SHARE
