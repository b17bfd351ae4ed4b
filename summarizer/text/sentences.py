"""Split cleaned paragraphs into numbered sentences with pysbd, keeping original offsets."""

from __future__ import annotations

import functools
import re
import sys
import threading
import types
from dataclasses import dataclass
from typing import Any

import pysbd
from pysbd.utils import TextSpan

from summarizer.text.clean import CleanText, Paragraph

MAX_SENTENCE_CHARS = 600
"""Longer "sentences" (text with no punctuation) are cut at spaces so prompts stay bounded."""

_PYSBD_CHUNK = 5000  # pysbd slows down badly on very long paragraphs
_local = threading.local()

_PATTERN_CACHE = 8192
"""Compiled patterns kept for pysbd: its English rules use about 4,000 distinct patterns
(many built per abbreviation), more than ``re``'s own cache of 512 holds, so without this
it recompiles most of them for every paragraph (a quarter of its time)."""


@functools.lru_cache(maxsize=_PATTERN_CACHE)
def _compiled(pattern: Any, flags: int) -> re.Pattern[Any]:
    return re.compile(pattern, flags)


def _cached_re() -> types.ModuleType:
    """A stand-in for the ``re`` module that pysbd's modules call: the same functions, with
    the compiled patterns kept in a larger cache (same patterns, same results)."""
    shim = types.ModuleType("re")
    shim.__dict__.update({k: v for k, v in vars(re).items() if not k.startswith("__")})

    def _pattern(pattern: Any, flags: int) -> re.Pattern[Any]:
        return pattern if isinstance(pattern, re.Pattern) and not flags else _compiled(pattern, int(flags))

    def sub(pattern: Any, repl: Any, string: Any, count: int = 0, flags: int = 0) -> Any:
        return _pattern(pattern, flags).sub(repl, string, count)

    def subn(pattern: Any, repl: Any, string: Any, count: int = 0, flags: int = 0) -> Any:
        return _pattern(pattern, flags).subn(repl, string, count)

    def search(pattern: Any, string: Any, flags: int = 0) -> Any:
        return _pattern(pattern, flags).search(string)

    def match(pattern: Any, string: Any, flags: int = 0) -> Any:
        return _pattern(pattern, flags).match(string)

    def fullmatch(pattern: Any, string: Any, flags: int = 0) -> Any:
        return _pattern(pattern, flags).fullmatch(string)

    def findall(pattern: Any, string: Any, flags: int = 0) -> Any:
        return _pattern(pattern, flags).findall(string)

    def finditer(pattern: Any, string: Any, flags: int = 0) -> Any:
        return _pattern(pattern, flags).finditer(string)

    def split(pattern: Any, string: Any, maxsplit: int = 0, flags: int = 0) -> Any:
        return _pattern(pattern, flags).split(string, maxsplit)

    def compile(pattern: Any, flags: int = 0) -> Any:  # noqa: A001 - re's own name
        return _pattern(pattern, flags)

    shim.__dict__.update(
        sub=sub,
        subn=subn,
        search=search,
        match=match,
        fullmatch=fullmatch,
        findall=findall,
        finditer=finditer,
        split=split,
        compile=compile,
    )
    return shim


_CASE_TRAPS = frozenset("\u0130\u0131\u017f\u212a")
"""The only characters outside ASCII that a case-insensitive pattern of ASCII letters matches
(``İ ı ſ K``: ``re.match("[a-z]", c, re.I)``; ``İ`` also lowers to an ASCII ``i`` plus a dot)."""
_SPACE = re.compile(r"\s")
_LETTERS = re.compile(r"[a-z]+")


def _abbreviation_search(module: Any) -> Any:
    """pysbd 0.3.4's ``AbbreviationReplacer.search_for_abbreviations_in_string``, statement for
    statement, with one more way to skip an abbreviation that ``re.findall`` would not find.

    pysbd looks every one of its 188 abbreviations up in every line with
    a case-insensitive ``findall`` of "line start or white space, then the abbreviation" once its letters occur
    anywhere in the line (``"al"`` is in most lines), and does nothing more when that finds
    nothing. For an abbreviation of ASCII letters only, a match means a space (or the line's
    start) followed by the abbreviation in either case, i.e. ``" " + abbreviation`` in the
    lowered line with its white space made spaces and a space put in front: that is
    checked first, and only where it is exact (the line has none of :data:`_CASE_TRAPS`).
    Every replacement that follows a match (``scan_for_replacements``) turns a period right
    after the abbreviation into pysbd's marker, so an abbreviation of ASCII letters that the
    lowered line never shows followed by a period is skipped too: its matches would replace
    nothing ("al" in "also" is matched in most lines). Same replacements, in the same order."""

    def search_for_abbreviations_in_string(self: Any, text: str) -> str:
        lowered = text.lower()
        padded = None if _CASE_TRAPS.intersection(text) else " " + _SPACE.sub(" ", lowered)
        for abbr in self.lang.Abbreviation.ABBREVIATIONS:
            stripped = abbr.strip()
            if stripped not in lowered:
                continue
            if padded is not None and _LETTERS.fullmatch(stripped):
                if " " + stripped not in padded:
                    continue  # findall below would find nothing
                if stripped + "." not in lowered:
                    continue  # what it finds has no period after it: nothing to replace
            abbrev_match = module.re.findall(r"(?:^|\s|\r|\n){}".format(stripped), text, flags=re.IGNORECASE)  # noqa: UP032 - pysbd's own pattern
            if not abbrev_match:
                continue
            next_word_start = r"(?<={" + str(re.escape(stripped)) + "} ).{1}"
            char_array = module.re.findall(next_word_start, text)
            for ind, match in enumerate(abbrev_match):
                text = self.scan_for_replacements(text, match, ind, char_array)
        return text

    return search_for_abbreviations_in_string


def _speed_up_pysbd() -> None:
    """Point every loaded pysbd module that imported ``re`` at :func:`_cached_re`'s stand-in,
    and give pysbd 0.3.4's abbreviation search :func:`_abbreviation_search`'s shortcut."""
    shim = _cached_re()
    for name, module in list(sys.modules.items()):
        if (name == "pysbd" or name.startswith("pysbd.")) and getattr(module, "re", None) is re:
            module.re = shim  # type: ignore[attr-defined]
    from pysbd import abbreviation_replacer

    replacer: Any = abbreviation_replacer.AbbreviationReplacer
    if getattr(pysbd, "__version__", None) == "0.3.4" and not getattr(replacer, "_summarizer_fast", False):
        replacer.search_for_abbreviations_in_string = _abbreviation_search(abbreviation_replacer)
        replacer._summarizer_fast = True


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


class _Segmenter(pysbd.Segmenter):  # type: ignore[misc]
    r"""pysbd's segmenter, with its sentence-to-offset step done by ``str.find``.

    pysbd locates each sentence it found in the text with
    ``re.finditer(re.escape(sentence) + r"\s*", text)``, taking the first match that ends
    after the previous sentence: a new pattern compiled for every sentence (a millisecond
    for a long one). :meth:`sentences_with_char_spans` finds the same matches without a
    pattern: the matches of an escaped literal are its occurrences found left to right, each
    search starting where the previous match (with its trailing white space, ``str.isspace``
    being exactly what ``\s`` matches) ended. A list with an empty sentence (whose pattern
    matches everywhere) goes to pysbd's own code."""

    def sentences_with_char_spans(self, sentences: list[str]) -> list[Any]:
        if not all(sentences):
            return list(super().sentences_with_char_spans(sentences))
        text: str = self.original_text
        spans: list[Any] = []
        prior_end = 0
        for sent in sentences:
            search = 0
            while (start := text.find(sent, search)) >= 0:
                end = start + len(sent)
                while end < len(text) and text[end].isspace():
                    end += 1
                if end > prior_end:
                    spans.append(TextSpan(text[start:end], start, end))
                    prior_end = end
                    break
                search = end
        return spans


def _segmenter() -> pysbd.Segmenter:
    seg = getattr(_local, "segmenter", None)
    if seg is None:
        seg = _local.segmenter = _Segmenter(language="en", clean=False)
        _speed_up_pysbd()  # after the segmenter, so the modules it imports are patched too
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
