"""What the attribution rules share: one article's parse and quotations, and a candidate relation."""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from summarizer.analysis.attr_quotes import Quotes, find_quotes
from summarizer.analysis.attr_spans import TokenRange
from summarizer.analysis.parsed import CharSpan, Parsed

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


DATELINE_DASHES = frozenset({"-", "--", "—", "–", "―"})
DATELINE_TOKENS = 8
"""A dateline is at most this many tokens before its dash."""


@dataclass
class Candidate:
    """A relation in token ranges, before nesting and quote continuation are settled."""

    cue: TokenRange
    content: list[TokenRange]
    source: TokenRange | None = None
    according: bool = False
    """The cue is a preposition ("according to X"): the kind is ``according_to``."""
    extra: list[CharSpan] = field(default_factory=list)
    """Character spans added to the content (quotations that continue it)."""
    head: int = -1
    """The token that heads the cue (the verb of a verb cue), -1 for punctuation cues."""
    cue_chars: CharSpan | None = None
    """The cue's characters when they are part of a token ("”―": the dash only)."""
    borrowed: bool = False
    """The source is the subject of another verb (``X said ..., adding that ...``)."""


class Context:
    """What every rule of one article needs: the Doc, its text, quotations, which tokens are quoted."""

    def __init__(self, parsed: Parsed) -> None:
        self.doc: Doc = parsed.doc
        self.text = parsed.text
        self.paragraph_starts = parsed.paragraph_starts
        self.quotes: Quotes = find_quotes(self.text, parsed.paragraph_starts)
        self.tokens: list[Token] = list(self.doc)
        """The tokens, made once (``doc[i]`` makes a new object each time)."""
        starts = [int(t.idx) for t in self.tokens]
        self.quoted = [self.quotes.at(i) for i in starts]
        """For each token, the index of the quotation that holds it, or -1."""
        self.paragraph = [max(0, bisect_right(self.paragraph_starts, i) - 1) for i in starts]
        """For each token, the index of its paragraph."""
        self._paragraph_tokens: list[TokenRange] = []
        first = 0
        for i in range(1, len(self.doc) + 1):
            if i == len(self.doc) or self.paragraph[i] != self.paragraph[first]:
                self._paragraph_tokens.append((first, i))
                first = i

        self._datelines = [self._dateline(r) for r in self._paragraph_tokens]
        self.paragraphs = [self._trimmed(r) for r in self._paragraph_tokens]
        """The token range of every paragraph, whitespace tokens around it left out."""

    def _trimmed(self, span: TokenRange) -> TokenRange:
        start, end = span
        while start < end and self.tokens[start].is_space:
            start += 1
        while end > start and self.tokens[end - 1].is_space:
            end -= 1
        return start, end

    def _dateline(self, paragraph: TokenRange) -> int:
        """Where the text of a paragraph starts after its dateline ("BRUSSELS -", "WASHINGTON (AP) --")."""
        start, end = paragraph
        for i in range(start, min(end, start + DATELINE_TOKENS)):
            tok = self.tokens[i]
            if tok.text in DATELINE_DASHES and i > start:
                return i + 1
            if not (
                tok.is_upper or tok.is_punct or tok.is_space or (tok.text[:1].isupper() and tok.text.endswith("."))
            ):
                break
        return start

    def after_dateline(self, span: TokenRange) -> TokenRange:
        """``span`` without the dateline it starts with."""
        if span[0] >= len(self.doc):
            return span
        cut = self._datelines[self.paragraph[span[0]]]
        return (cut, span[1]) if span[0] < cut < span[1] else span

    def paragraph_tokens(self, i: int) -> TokenRange:
        """The tokens of the paragraph that holds token ``i``."""
        return self._paragraph_tokens[self.paragraph[i]] if self.paragraph[i] < len(self._paragraph_tokens) else (0, 0)

    def clip(self, span: TokenRange, anchor: int) -> TokenRange:
        """``span`` cut to the paragraph of token ``anchor`` when it runs over a paragraph break
        (the parser attaches words across paragraphs); a span wholly in another paragraph stays."""
        lo, hi = self.paragraph_tokens(anchor)
        if span[1] <= lo or span[0] >= hi or (lo <= span[0] and span[1] <= hi):
            return span
        return max(span[0], lo), min(span[1], hi)

    def sentence_bounds(self, i: int) -> TokenRange:
        """The tokens of token ``i``'s sentence, without the whitespace around them, inside its paragraph."""
        sent = self.doc[i].sent
        start, end = self.clip((int(sent.start), int(sent.end)), i)
        while start < end and self.doc[start].is_space:
            start += 1
        while end > start and self.doc[end - 1].is_space:
            end -= 1
        return start, end

    def quote_tokens(self, i: int) -> TokenRange:
        """The tokens of the quotation that holds token ``i``."""
        q = self.quoted[i]
        lo = hi = i
        while lo > 0 and self.quoted[lo - 1] == q:
            lo -= 1
        while hi + 1 < len(self.doc) and self.quoted[hi + 1] == q:
            hi += 1
        return lo, hi + 1
