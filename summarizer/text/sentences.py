"""Split cleaned paragraphs into numbered sentences with pysbd, keeping original offsets."""

from __future__ import annotations

import re
import threading
from dataclasses import dataclass

import pysbd

from summarizer.text.clean import CleanText, Paragraph

MAX_SENTENCE_CHARS = 600
"""Longer "sentences" (text with no punctuation) are cut at spaces so prompts stay bounded."""

_PYSBD_CHUNK = 5000  # pysbd slows down badly on very long paragraphs
_local = threading.local()


@dataclass(frozen=True)
class Sentence:
    """One sentence of the cleaned article.

    ``number`` is 1-based and is what the model cites; ``start``/``end`` index the
    caller's original string, so ``original[start:end]`` is the sentence as written.
    """

    number: int
    text: str
    start: int
    end: int
    paragraph: int


def split_sentences(clean_text: CleanText) -> list[Sentence]:
    """Number every sentence of every paragraph, in order, starting at 1."""
    sentences: list[Sentence] = []
    for p_index, paragraph in enumerate(clean_text.paragraphs):
        for start, end in _paragraph_spans(paragraph.text):
            o_start, o_end = paragraph.span(start, end)
            sentences.append(Sentence(len(sentences) + 1, paragraph.text[start:end], o_start, o_end, p_index))
    return sentences


def _segmenter() -> pysbd.Segmenter:
    seg = getattr(_local, "segmenter", None)
    if seg is None:
        seg = _local.segmenter = pysbd.Segmenter(language="en", clean=False)
    return seg


def _paragraph_spans(text: str) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    for block_start, block_end in _blocks(text, _PYSBD_CHUNK):
        block = text[block_start:block_end]
        cursor = 0
        for segment in _segmenter().segment(block):
            piece = segment.strip()
            if not piece:
                continue
            found = block.find(piece, cursor)
            if found < 0:  # pysbd altered the text: keep the rest as one sentence
                spans.extend(_bounded(text, block_start + cursor, block_end))
                cursor = len(block)
                break
            spans.extend(_bounded(text, block_start + found, block_start + found + len(piece)))
            cursor = found + len(piece)
        rest = block[cursor:].strip()
        if rest:
            spans.extend(_bounded(text, block_end - len(block[cursor:].lstrip()), block_start + len(block.rstrip())))
    return spans


def _blocks(text: str, size: int) -> list[tuple[int, int]]:
    """Cut ``text`` into pieces of at most about ``size`` chars, at sentence ends or spaces."""
    blocks: list[tuple[int, int]] = []
    start = 0
    while len(text) - start > size:
        window = text[start : start + size]
        cut = max((m.end() for m in re.finditer(r"[.!?]\s", window)), default=0) or window.rfind(" ") + 1 or size
        blocks.append((start, start + cut))
        start += cut
    blocks.append((start, len(text)))
    return blocks


def _bounded(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """Split an over-long span at spaces; strip whitespace from each piece."""
    out: list[tuple[int, int]] = []
    for b_start, b_end in _blocks(text[start:end], MAX_SENTENCE_CHARS):
        piece = text[start + b_start : start + b_end]
        lead = len(piece) - len(piece.lstrip())
        trail = len(piece) - len(piece.rstrip())
        if piece.strip():
            out.append((start + b_start + lead, start + b_end - trail))
    return out


def paragraph_of(clean_text: CleanText, sentence: Sentence) -> Paragraph:
    """The paragraph a sentence belongs to."""
    return clean_text.paragraphs[sentence.paragraph]
