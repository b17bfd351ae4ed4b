"""Quotations of an article: where each quoted passage starts and ends.

Quotes are found on characters, not on the parse: a quote may span several sentences, and a
quote that runs over several paragraphs leaves its paragraphs unclosed and reopens each one
(the news convention). Double quotes (curly, straight, and the two-apostrophe ``''`` some
outlets use) are quotations; single curly quotes are quotations only outside double quotes
(headlines quote with them).
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from summarizer.analysis.parsed import CharSpan

OPENERS = frozenset("“„«")
CLOSERS = frozenset("”»")
STRAIGHT = '"'
OPEN_CONTEXT = frozenset(" \t\n([{—–―-/:;")
"""Characters after which a straight quote opens."""


@dataclass(frozen=True)
class Quote:
    """One quoted passage of one paragraph: ``[start, end)`` includes the quote marks."""

    start: int
    end: int
    paragraph: int
    closed: bool
    """False when the paragraph ends inside the quote (it continues in the next paragraph)."""


class Quotes:
    """The quotations of a text, and which quotation (if any) holds a character."""

    def __init__(self, quotes: list[Quote]) -> None:
        self.quotes = quotes
        self._starts = [q.start for q in quotes]

    def at(self, char: int) -> int:
        """The index of the quotation that holds ``char``, or -1."""
        i = bisect_right(self._starts, char) - 1
        if i >= 0 and char < self.quotes[i].end:
            return i
        return -1

    def overlapping(self, start: int, end: int) -> list[int]:
        """Indexes of the quotations that share a character with ``[start, end)``."""
        i = max(0, bisect_right(self._starts, start) - 1)
        out: list[int] = []
        while i < len(self.quotes) and self.quotes[i].start < end:
            if self.quotes[i].end > start:
                out.append(i)
            i += 1
        return out


def find_quotes(text: str, paragraph_starts: tuple[int, ...]) -> Quotes:
    """Every quotation of ``text`` (paragraphs starting at ``paragraph_starts``)."""
    quotes: list[Quote] = []
    bounds = [*paragraph_starts[1:], len(text) + 2]
    for index, p_start in enumerate(paragraph_starts):
        p_end = min(len(text), bounds[index] - 2) if index + 1 < len(paragraph_starts) else len(text)
        quotes.extend(_paragraph_quotes(text, p_start, p_end, index))
    return Quotes(quotes)


def _is_double_open(text: str, i: int, start: int) -> int:
    """Length of a double-quote opener at ``i`` (0 if none)."""
    c = text[i]
    prev = text[i - 1] if i > start else " "
    nxt = text[i + 1] if i + 1 < len(text) else " "
    if c in OPENERS:
        return 1
    if c == STRAIGHT and (prev in OPEN_CONTEXT or i == start) and not nxt.isspace():
        return 1
    if c == "”" and (prev.isspace() or i == start) and nxt.isalnum():
        return 1  # a closing mark typed for an opening one
    if text.startswith("''", i) and (prev in OPEN_CONTEXT or i == start) and not text[i + 2 : i + 3].isspace():
        return 2
    return 0


def _is_double_close(text: str, i: int) -> int:
    """Length of a double-quote closer at ``i`` (0 if none)."""
    c = text[i]
    if c in CLOSERS or c == STRAIGHT:
        return 1
    if text.startswith("''", i):
        return 2
    return 0


def _paragraph_quotes(text: str, start: int, end: int, index: int) -> list[Quote]:
    out: list[Quote] = []
    i = start
    open_at = -1
    while i < end:
        c = text[i]
        if c not in "“”\"„«»'‘":
            i += 1
            continue
        if open_at < 0:
            n = _is_double_open(text, i, start)
            if n:
                open_at = i
                i += n
                continue
            if c == "‘" and (i == start or text[i - 1] in OPEN_CONTEXT):
                close = _single_close(text, i + 1, end)
                if close > 0:
                    out.append(Quote(i, close, index, True))
                    i = close
                    continue
            i += 1
            continue
        n = _is_double_close(text, i)
        if n and (c != "'" or text[i - 1] != " "):
            out.append(Quote(open_at, i + n, index, True))
            open_at = -1
            i += n
            continue
        i += 1
    if open_at >= 0:
        out.append(Quote(open_at, end, index, False))
    return out


def _single_close(text: str, i: int, end: int) -> int:
    """The end of the single quote opened before ``i`` (0 if it does not close in the paragraph)."""
    while i < end:
        c = text[i]
        if c in '“"':
            return 0
        if c == "’" and not (i + 1 < end and text[i + 1].isalpha()):
            return i + 1
        i += 1
    return 0


def covered(span: CharSpan, quotes: Quotes, text: str) -> bool:
    """Whether every non-space, non-punctuation character of ``span`` is inside a quotation."""
    start, end = span
    for q in quotes.overlapping(start, end):
        quote = quotes.quotes[q]
        if any(_wordy(text[k]) for k in range(start, max(start, quote.start))):
            return False
        start = max(start, quote.end)
    return not any(_wordy(text[k]) for k in range(start, end))


def _wordy(c: str) -> bool:
    return c.isalnum()
