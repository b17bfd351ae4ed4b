"""Where the outlet speaks in its own voice: the text outside direct quotes.

A hedge inside a quote is the speaker's, not the outlet's, and a pronoun inside one
refers by the speaker's context; both rules ask :class:`QuoteRegions` which characters
of :attr:`Parsed.text` are quoted. Double quotation marks are paired within a paragraph
(curly, straight, guillemets, or the corpus style ``''...''``); a quote still open at the
end of its paragraph runs to that end, as a quote continued over paragraphs does.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from dataclasses import dataclass
from itertools import pairwise

from summarizer.analysis.parsed import CharSpan, Parsed

_OPENING = frozenset({"\u201c", "\u00ab", "\u201e", "``"})
_CLOSING = frozenset("\u201d\u00bb")
_STRAIGHT = frozenset({'"', "''"})
_FAR = 1 << 62
_MARKS = re.compile("``|''|[\u201c\u201d\u00ab\u00bb\u201e\"]")


@dataclass(frozen=True)
class QuoteRegions:
    """The quoted spans of a parsed article, quotation marks included, in order."""

    spans: tuple[CharSpan, ...]

    @classmethod
    def of(cls, parsed: Parsed) -> QuoteRegions:
        """Find the quoted spans of every paragraph of ``parsed``."""
        text = parsed.text
        bounds = [*parsed.paragraph_starts, len(text) + len("\n\n")]
        spans: list[CharSpan] = []
        for start, nxt in pairwise(bounds):
            spans += _paragraph_quotes(text, start, min(len(text), nxt - 2))
        return cls(tuple(spans))

    def inside(self, char: int) -> bool:
        """Whether character ``char`` is inside a quote (its marks included)."""
        index = bisect_right(self.spans, (char, _FAR)) - 1
        return index >= 0 and char < self.spans[index][1]

    def covers(self, span: CharSpan) -> bool:
        """Whether the first character of ``span`` is quoted."""
        return self.inside(span[0])


def _paragraph_quotes(text: str, start: int, end: int) -> list[CharSpan]:
    spans: list[CharSpan] = []
    open_at: int | None = None
    for mark in _MARKS.finditer(text, start, end):
        i, ch = mark.start(), mark.group()
        if ch in _OPENING or (ch in _CLOSING and open_at is None):
            if open_at is None and (ch in _OPENING or _opens(text, i, start)):
                open_at = i
        elif (ch in _CLOSING or ch in _STRAIGHT) and open_at is not None:
            spans.append((open_at, mark.end()))
            open_at = None
        elif ch in _STRAIGHT:
            open_at = i
    if open_at is not None and end > open_at:
        spans.append((open_at, end))
    return spans


def _opens(text: str, i: int, start: int) -> bool:
    """A closing mark used as an opening one: at the paragraph start or after a space."""
    return i == start or text[i - 1].isspace()
