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
_IS_INITIAL = re.compile(_INITIAL)
_LOWER_WORD = re.compile(r"(?<![\w’'\-])[a-zà-ÿа-яё][\w’'\-]*")
_NAME = re.compile(rf"(?<![\w’'\-]){_WORD}(?:\s+(?:{_LINK}\s+|{_INITIAL}\s+)*{_WORD})*")
_POSSESSIVE = re.compile(r"[’']s$")
_LEADING = re.compile(r"^(?:The|A|An|But|And|According to|In|On|At|As|After|Amid|When|While)\s+")
_NOT_NAMES = frozenset(
    """the a an in on at it he she they we i you his her their its our this that these those there
    according amid but and or so yet if as after before when while for with without from by to of
    same therefore however meanwhile also then now here where what who why how mr mrs ms dr
    monday tuesday wednesday thursday friday saturday sunday january february march april may june
    july august september october november december today yesterday tomorrow
    other others every many some most several few both each all none nobody everyone senior
    sen rep gov gen maj col lt sgt capt adm""".split()  # noqa: SIM905 - a word list reads best as text
)
# Words that end a title before a person's name: "Defense Minister Sergei Shoigu" is also
# offered as "Sergei Shoigu"; "Democratic National Committee" is not cut to "National Committee".
_TITLE_WORDS = frozenset(
    """president minister secretary general attorney mayor senator governor chief director
    spokesman spokeswoman spokesperson chairman chairwoman chair leader commander judge justice
    ambassador candidate nominee executive officer adviser advisor analyst professor
    representative lawmaker premier chancellor king queen prince pope staff head founder editor
    deputy speaker lawyer economist scholar researcher
    dr mr mrs ms sen rep gov gen maj col lt sgt capt adm""".split()  # noqa: SIM905
)
MAX_NAMES = 80


def candidate_names(texts: Iterable[str], limit: int = MAX_NAMES) -> list[str]:
    """Distinct capitalised names in ``texts``, in order of first use, at most ``limit``.

    Left out: headlines and subheads (texts in title case), weekdays, months, pronouns and other words
    that only start a sentence, and single words the texts also write in lower case
    ("Police" / "police"). A name after a title is also offered without it.
    """
    texts = list(texts)
    # "Within", "Police": one capitalised word the article also writes in lower case
    lower = {w for text in texts for w in _LOWER_WORD.findall(text)}
    seen: dict[str, str] = {}
    for text in texts:
        if _title_case(text):
            continue  # a headline ("Shake-Up at Wells Fargo Fails to Dispel...") is not a list of names
        for match in _NAME.finditer(text):
            name = _clean(match.group())
            if not name or name.casefold() in lower:
                continue
            words = name.split()
            # after a title: "President Vladimir V. Putin" also offers "Vladimir V. Putin"
            tail = 3 if len(words) >= 3 and _IS_INITIAL.fullmatch(words[-2]) else 2
            titled = len(words) > tail and words[-tail - 1].rstrip(".").casefold() in _TITLE_WORDS
            for option in (name, " ".join(words[-tail:])) if titled else (name,):
                seen.setdefault(option.casefold(), option)
    return list(seen.values())[:limit]


def _title_case(text: str) -> bool:
    """Whether ``text`` reads as a headline: every word longer than three letters capitalised.

    (A sentence of the body has a verb or a common noun in lower case.)
    """
    words = [w for w in text.split() if len(w) > 3 and w[:1].isalpha()]
    return len(words) >= 4 and all(w[0].isupper() for w in words)


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
