"""One article parsed by spaCy, with every character traced back to the caller's string.

The cleaned paragraphs are joined with blank lines into one text that spaCy parses as a
single ``Doc``, so rules can look across sentences (a quote over several sentences, "he"
resolved to the name before it). Rule modules work in ``Doc`` character offsets and turn
them into :class:`~summarizer.core.schema.Evidence` of the original string only through
:meth:`Parsed.evidence`, which is what keeps every span of an ``Analysis`` exact.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from summarizer.core.schema import Evidence
from summarizer.text.document import Document

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

CharSpan = tuple[int, int]
"""A half-open ``[start, end)`` span of :attr:`Parsed.text` (the joined paragraphs)."""

PARAGRAPH_SEPARATOR = "\n\n"


def joined_text(document: Document) -> tuple[str, tuple[int, ...]]:
    """The paragraphs joined by blank lines, and where each paragraph starts in it."""
    starts: list[int] = []
    cursor = 0
    for paragraph in document.cleaned.paragraphs:
        starts.append(cursor)
        cursor += len(paragraph.text) + len(PARAGRAPH_SEPARATOR)
    return PARAGRAPH_SEPARATOR.join(p.text for p in document.cleaned.paragraphs), tuple(starts)


@dataclass(frozen=True)
class Parsed:
    """A :class:`Document` and its spaCy parse."""

    document: Document
    doc: Doc
    paragraph_starts: tuple[int, ...]
    """Offset in :attr:`text` where each cleaned paragraph starts."""
    _sentence_starts: tuple[int, ...] = field(init=False, repr=False)
    _text: str = field(init=False, repr=False)

    def __post_init__(self) -> None:
        object.__setattr__(self, "_sentence_starts", tuple(s.start for s in self.document.sentences))
        object.__setattr__(self, "_text", str(self.doc.text))  # Doc.text rebuilds the string on every call

    @property
    def text(self) -> str:
        """The text spaCy parsed (cleaned paragraphs joined by blank lines)."""
        return self._text

    # -- where a position is ------------------------------------------------------------------

    def paragraph_at(self, char: int) -> int:
        """The index of the paragraph that holds character ``char`` of :attr:`text`."""
        return max(0, bisect_right(self.paragraph_starts, char) - 1)

    def original_offset(self, char: int) -> int:
        """The offset in the original string of character ``char`` of :attr:`text`."""
        index = self.paragraph_at(char)
        paragraph = self.document.cleaned.paragraphs[index]
        local = min(max(char - self.paragraph_starts[index], 0), len(paragraph.text) - 1)
        return paragraph.offsets[local]

    def sentence_number(self, char: int) -> int:
        """The 1-based number (as the prompt numbers them) of the sentence holding ``char``."""
        return max(1, bisect_right(self._sentence_starts, self.original_offset(char)))

    def sentence_numbers(self, spans: list[CharSpan]) -> list[int]:
        """Every sentence number touched by ``spans``, sorted."""
        numbers: set[int] = set()
        for start, end in spans:
            if end > start:
                numbers.update(range(self.sentence_number(start), self.sentence_number(end - 1) + 1))
        return sorted(numbers)

    # -- from Doc offsets to exact evidence ----------------------------------------------------

    def evidence(self, start: int, end: int) -> list[Evidence]:
        """Exact evidence for ``[start, end)`` of :attr:`text`: one span per paragraph it
        touches, surrounding whitespace and the paragraph separators left out."""
        out: list[Evidence] = []
        text = self.text
        while start < end and text[start].isspace():
            start += 1
        while end > start and text[end - 1].isspace():
            end -= 1
        first, last = self.paragraph_at(start), self.paragraph_at(max(start, end - 1))
        for index in range(first, last + 1):
            paragraph = self.document.cleaned.paragraphs[index]
            p_start = self.paragraph_starts[index]
            lo = max(start, p_start) - p_start
            hi = min(end, p_start + len(paragraph.text)) - p_start
            while lo < hi and paragraph.text[lo].isspace():
                lo += 1
            while hi > lo and paragraph.text[hi - 1].isspace():
                hi -= 1
            if lo >= hi:
                continue
            o_start, o_end = paragraph.span(lo, hi)
            out.append(Evidence(text=self.document.original[o_start:o_end], start=o_start, end=o_end))
        return out

    def evidence_of(self, spans: list[CharSpan]) -> list[Evidence]:
        """:meth:`evidence` of several spans, in order, without repeats."""
        seen: dict[tuple[int, int], Evidence] = {}
        for start, end in sorted(spans):
            for ev in self.evidence(start, end):
                seen.setdefault((ev.start, ev.end), ev)
        return list(seen.values())

    # -- spaCy helpers ---------------------------------------------------------------------------

    def char_span(self, span: Span | Token) -> CharSpan:
        """The ``[start, end)`` characters of a spaCy span or token."""
        from spacy.tokens import Token

        if isinstance(span, Token):
            return int(span.idx), int(span.idx) + len(span.text)
        return int(span.start_char), int(span.end_char)
