"""Loose matching of model-written words against the article, with offsets kept.

Curly quotes, dashes, whitespace and letter case are normalised on both sides, so a
quote the model reproduced with straight quotes or a different dash still matches, and
the match maps back to the exact characters of the original.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from summarizer.core.schema import OUTLET, UNATTRIBUTED

_FOLD = str.maketrans(
    {
        "\u2018": "'", "\u2019": "'", "\u201a": "'", "\u201b": "'", "\u2032": "'", "`": "'",
        "\u201c": '"', "\u201d": '"', "\u201e": '"', "\u201f": '"', "\u00ab": '"', "\u00bb": '"', "\u2033": '"',
        "\u2010": "-", "\u2011": "-", "\u2012": "-", "\u2013": "-", "\u2014": "-", "\u2015": "-", "\u2212": "-",
        "\u2026": "...",
    }
)  # fmt: skip
_SPACE = re.compile(r"\s+")
# Scripts written without spaces between words (CJK ideographs, kana, Hangul syllables with
# attached particles, Thai): a name there is not followed by a word boundary.
_UNSPACED = re.compile("[\u0e00-\u0e7f\u3040-\u30ff\u3400-\u4dbf\u4e00-\u9fff\uac00-\ud7af\uf900-\ufaff]")


def normalize(text: str) -> str:
    """Fold quotes, dashes and case; collapse whitespace; strip."""
    return _SPACE.sub(" ", text.translate(_FOLD).casefold()).strip()


def normalize_with_offsets(text: str) -> tuple[str, list[int]]:
    """Like :func:`normalize`, also returning for each output char its index in ``text``."""
    out: list[str] = []
    offsets: list[int] = []
    pending_space = False
    for i, ch in enumerate(text):
        if ch.isspace():
            pending_space = bool(out)
            continue
        folded = ch.translate(_FOLD).casefold()
        if pending_space:
            out.append(" ")
            offsets.append(i - 1)
            pending_space = False
        for piece in folded:
            out.append(piece)
            offsets.append(i)
    return "".join(out), offsets


def find_normalized(needle: str, haystack: str, start: int = 0, end: int | None = None) -> tuple[int, int] | None:
    """Find ``needle`` in ``haystack[start:end]`` under normalisation.

    Returns the ``(start, end)`` span of ``haystack`` that matched, or ``None``.
    Leading/trailing quote marks and punctuation of the needle are ignored.
    """
    key = normalize(needle).strip(" \"'.,;:!?-")
    if not key:
        return None
    end = len(haystack) if end is None else end
    norm, offsets = normalize_with_offsets(haystack[start:end])
    found = norm.find(key)
    while found >= 0:
        last = found + len(key) - 1
        # A match must not start or end inside one character's folding ("ß" -> "ss").
        if (found == 0 or offsets[found - 1] != offsets[found]) and (
            last + 1 == len(norm) or offsets[last + 1] != offsets[last]
        ):
            return start + offsets[found], start + offsets[last] + 1
        found = norm.find(key, found + 1)
    return None


def occurs_as_words(needle: str, haystack_normalized: str) -> bool:
    """Whether normalised ``needle`` occurs in an already normalised text on word boundaries.

    At an edge in a script written without spaces (Chinese, Japanese, Korean, Thai) no
    boundary is required: there a name runs straight into the next word.
    """
    key = normalize(needle)
    if not key:
        return False
    before = "" if _UNSPACED.match(key[0]) else r"(?<!\w)"
    after = "" if _UNSPACED.match(key[-1]) else r"(?!\w)"
    return re.search(rf"{before}{re.escape(key)}{after}", haystack_normalized) is not None


_SLUG_JUNK = re.compile(r"[^a-z0-9]+")
_RESERVED_IDS = frozenset({OUTLET, UNATTRIBUTED})


def slug_id(name: str, taken: Collection[str]) -> str:
    """A short id for ``name`` ("Ivan Popov" -> ``ivan-popov``) that is not in ``taken``.

    The same ids grounding gives actors: the normalised name's runs of other characters
    become one ``-``, at most 40 characters, ``actor`` for a name with no letter or digit;
    a reserved claimant id gets ``-actor`` appended and a taken one ``-2``, ``-3``, ...
    ``taken`` is not changed.
    """
    base = _SLUG_JUNK.sub("-", normalize(name)).strip("-")
    base = base[:40].rstrip("-") or "actor"
    if base in _RESERVED_IDS:
        base = f"{base}-actor"
    candidate, n = base, 2
    while candidate in taken:
        candidate, n = f"{base}-{n}", n + 1
    return candidate


def one_line(text: str) -> str:
    """``text`` with every run of whitespace (newlines included) folded to one space."""
    return _SPACE.sub(" ", text).strip()


def shorten(text: str, limit: int = 160) -> str:
    """``text`` on one line, cut at a word boundary with an ellipsis if over ``limit``."""
    flat = one_line(text)
    if len(flat) <= limit:
        return flat
    cut = flat[: limit - 1]
    space = cut.rfind(" ")
    if space >= limit // 2:
        cut = cut[:space]
    return cut.rstrip(" ,;:.-\u2014\u2013") + "\u2026"
