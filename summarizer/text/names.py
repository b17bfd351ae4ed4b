"""Names the article itself uses: runs of capitalised words, for the wire schema's enums.

Offering the model only names that occur in the article makes actor names grounded by
construction (where the endpoint enforces the schema) instead of checked afterwards.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

_UPPER = "A-ZÀ-ÖØ-ÞĀ-ŽА-ЯЁΑ-Ω"
_WORD = rf"[{_UPPER}][\w’'\-]*"
_LINK = r"(?:of|the|for|de|da|di|van|von|der|al|bin|la|le|du|del|y)"
_INITIAL = rf"[{_UPPER}]\."  # a middle initial: "John G. Stumpf", "Vladimir V. Putin"
_NAME = re.compile(rf"(?<![\w’'\-]){_WORD}(?:\s+(?:{_LINK}\s+|{_INITIAL}\s+)*{_WORD})*")
_POSSESSIVE = re.compile(r"[’']s$")
_LEADING = re.compile(r"^(?:The|A|An|But|And|According to|In|On|At|As|After|Amid|When|While)\s+")
_NOT_NAMES = frozenset(
    """the a an in on at it he she they we i you his her their its our this that these those there
    according amid but and or so yet if as after before when while for with without from by to of
    same therefore however meanwhile also then now here where what who why how mr mrs ms dr
    monday tuesday wednesday thursday friday saturday sunday january february march april may june
    july august september october november december""".split()  # noqa: SIM905 - a word list reads best as text
)
MAX_NAMES = 80


def candidate_names(texts: Iterable[str], limit: int = MAX_NAMES) -> list[str]:
    """Distinct capitalised names in ``texts``, in order of first use, at most ``limit``."""
    seen: dict[str, str] = {}
    for text in texts:
        for match in _NAME.finditer(text):
            name = _clean(match.group())
            if not name:
                continue
            words = name.split()
            # "Defense Minister Sergei Shoigu" also offers "Sergei Shoigu" (and "President
            # Vladimir V. Putin" offers "Vladimir V. Putin")
            tail = 3 if len(words) >= 3 and re.fullmatch(_INITIAL, words[-2]) else 2
            shorter = len(words) > tail and not re.fullmatch(_LINK, words[-tail])  # not "of California"
            for option in (name, " ".join(words[-tail:])) if shorter else (name,):
                seen.setdefault(option.casefold(), option)
    return list(seen.values())[:limit]


def _clean(raw: str) -> str | None:
    name = _POSSESSIVE.sub("", _LEADING.sub("", raw.strip()))
    words = name.split()
    while len(words) > 1 and words[0].casefold() in _NOT_NAMES:  # "Monday Jane Doe" is Jane Doe
        words = words[1:]
    name = " ".join(words)
    if not words or all(w.casefold() in _NOT_NAMES for w in words):
        return None
    if len(words) == 1 and len(name) < 3:
        return None
    return name
