"""Clean raw article text without losing track of where each character came from.

The cleaner works line by line: web-page junk lines (login and subscription prompts,
cookie banners, share buttons, contact widgets, stray timestamps, photo captions and
credits) are dropped, whitespace inside a line is collapsed, and each kept line becomes
a paragraph. Every cleaned character keeps the offset of the original character it came
from, so spans found in the cleaned text map back to the caller's exact string.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from summarizer.core.errors import InputError

_INVISIBLE = frozenset("\u200b\u200c\u200d\u2060\ufeff\u00ad")
_NOT_PLAIN = re.compile(f"[{''.join(sorted(_INVISIBLE))}]|[^\\S ]|  ")
"""An invisible character, whitespace other than a space, or two spaces: what :func:`_collapse` changes."""
_SENTENCE_END = tuple(".!?\"\u201d\u2019')…:;")
_MONTH = r"(?:jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec)[a-z]*\.?"

# (reason, pattern, most words a matching line may have)
_JUNK_RULES: tuple[tuple[str, re.Pattern[str], int], ...] = tuple(
    (reason, re.compile(pattern, re.IGNORECASE), max_words)
    for reason, pattern, max_words in (
        ("login prompt", r"^(log ?in|sign ?in|sign ?up|register now|create (an|your) account)\b", 12),
        ("login prompt", r"\b(log ?in|sign ?in) (with|to|using) your\b", 12),
        ("login prompt", r"^forgot (your )?(password|details|username|login)\b", 8),
        ("login prompt", r"^(reset|change) (your )?password\b", 8),
        ("subscription prompt", r"^(subscribe( now| today)?|already a subscriber|become a (member|subscriber))\b", 20),
        ("subscription prompt", r"^support (our|independent|quality) journalism\b", 20),
        ("newsletter prompt", r"\bnewsletters?\b.*\b(sign ?up|subscribe|inbox)\b", 25),
        ("newsletter prompt", r"\b(sign ?up|subscribe)\b.*\bnewsletters?\b", 25),
        ("cookie banner", r"\b(we use cookies|accept (all )?cookies|cookie (policy|settings|preferences))\b", 40),
        (
            "share prompt",
            r"^(share( this)?( article| story| page)?( on| via)?|tweet( this)?|email this|copy link|follow us( on)?)\b",
            6,
        ),
        (
            "contact widget",
            r"\b(we('| a)re not (around|available) (right )?now|send us an? (email|message)|we('|\s*wi)ll get back to you)\b",
            30,
        ),
        (
            "navigation",
            r"^(advertisement|sponsored( content)?|read more|click here|related( articles| stories)?|recommended( for you)?|listen to this article|skip to (main )?content)\b",
            6,
        ),
        (
            "timestamp",
            rf"^((updated|published|posted)\s*:?\s*)?({_MONTH}\s+\d{{1,2}},?\s+\d{{4}}|\d{{1,2}}\s+{_MONTH}\s+\d{{4}}|\d{{4}}-\d{{2}}-\d{{2}})[\d:.,/|\s-]*(a\.?m\.?|p\.?m\.?)?\s*([a-z]{{2,4}})?$",
            8,
        ),
        ("timestamp", r"^\d{1,2}:\d{2}(:\d{2})?\s*(a\.?m\.?|p\.?m\.?)?\s*([a-z]{2,4})?$", 4),
    )
)
_CREDIT = re.compile(
    r"\b(getty images|ap photo|reuters|afp|epa|shutterstock|file photo|photo(graph)? (by|credit)"
    r"|(photo|image|credit|caption)\s*:|courtesy( of)?|via (ap|reuters|getty))\b",
    re.IGNORECASE,
)
_GLUED_CREDIT = re.compile(r"[a-z]{2}\.[A-Z][a-z]")  # "Ivan Popov.Russia Defense Ministry"


@dataclass(frozen=True)
class Paragraph:
    """One kept line of the article, whitespace collapsed.

    ``offsets[i]`` is the index in the original string of ``text[i]``.
    """

    text: str
    offsets: tuple[int, ...] = field(repr=False)

    def span(self, start: int, end: int) -> tuple[int, int]:
        """Map a ``[start, end)`` span of :attr:`text` to the original string."""
        if not 0 <= start < end <= len(self.text):
            raise ValueError(f"span {start}:{end} outside paragraph of {len(self.text)} chars")
        return self.offsets[start], self.offsets[end - 1] + 1


@dataclass(frozen=True)
class DroppedLine:
    """A line the cleaner left out, and why."""

    reason: str
    start: int
    end: int
    text: str


@dataclass(frozen=True)
class CleanText:
    """The result of cleaning: kept paragraphs plus what was dropped."""

    original: str
    paragraphs: tuple[Paragraph, ...]
    dropped: tuple[DroppedLine, ...]

    @property
    def text(self) -> str:
        """The cleaned article: paragraphs separated by blank lines."""
        return "\n\n".join(p.text for p in self.paragraphs)


@dataclass
class _Line:
    start: int
    end: int  # stripped content bounds in the original
    text: str
    blank_before: bool
    reason: str | None = None


def check_input(text: object, *, max_chars: int) -> str:
    """Refuse input that cannot be an article, with an error that says what to do."""
    if isinstance(text, (bytes, bytearray)):
        raise InputError("the article must be str, not bytes: decode it first, e.g. data.decode('utf-8')")
    if not isinstance(text, str):
        raise InputError(f"the article must be str, got {type(text).__name__}")
    if not text.strip():
        raise InputError("the article text is empty (or only whitespace): pass the article's text")
    if len(text) > max_chars:
        raise InputError(
            f"the article is {len(text):,} characters, over the limit of {max_chars:,}: split it, "
            "or raise Options.max_input_chars"
        )
    controls = sum(1 for ch in text if ch < " " and ch not in "\t\n\r\f\v")
    if "\x00" in text or controls > max(3, len(text) // 100):
        raise InputError("the article looks like binary data (control characters): pass plain text or HTML")
    return text


def clean(original: str) -> CleanText:
    """Split ``original`` into paragraphs, dropping web-page junk lines.

    Offsets always refer to ``original`` itself; nothing in it is rewritten.
    """
    lines = _lines(original)
    _mark_junk(lines)
    paragraphs = tuple(p for line in lines if line.reason is None if (p := _collapse(original, line)).text)
    dropped = tuple(DroppedLine(ln.reason, ln.start, ln.end, ln.text) for ln in lines if ln.reason)
    return CleanText(original=original, paragraphs=paragraphs, dropped=dropped)


def _lines(original: str) -> list[_Line]:
    lines: list[_Line] = []
    blank_before = True
    for match in re.finditer(r"[^\r\n]+", original):
        start = match.start()
        raw = match.group()
        stripped = raw.strip()
        if not stripped or all(ch in _INVISIBLE or ch.isspace() for ch in stripped):
            blank_before = True
            continue
        lead = len(raw) - len(raw.lstrip())
        line = _Line(start + lead, start + lead + len(stripped), stripped, blank_before)
        if (
            lines
            and original[lines[-1].end : line.start].count("\n") + original[lines[-1].end : line.start].count("\r") > 1
        ):
            line.blank_before = True
        lines.append(line)
        blank_before = False
    return lines


def _mark_junk(lines: list[_Line]) -> None:
    for line in lines:
        words = len(line.text.split())
        for reason, pattern, max_words in _JUNK_RULES:
            if words <= max_words and pattern.search(line.text):
                line.reason = reason
                break
    for i, line in enumerate(lines):
        if line.reason is None and _is_credit(line.text):
            line.reason = "photo credit"
            prev = lines[i - 1] if i else None
            if prev and prev.reason is None and not line.blank_before and len(prev.text.split()) <= 25:
                prev.reason = "photo caption"


def _is_credit(text: str) -> bool:
    if len(text.split()) > 12 or text.endswith(_SENTENCE_END):
        return False
    return bool(_CREDIT.search(text) or _GLUED_CREDIT.search(text))


def _collapse(original: str, line: _Line) -> Paragraph:
    text = original[line.start : line.end]
    if text == text.strip() and not _NOT_PLAIN.search(text):  # nothing to collapse: most lines
        return Paragraph(text, tuple(range(line.start, line.end)))
    chars: list[str] = []
    offsets: list[int] = []
    pending_space = False
    last_space = line.start
    for i in range(line.start, line.end):
        ch = original[i]
        if ch in _INVISIBLE:
            continue
        if ch.isspace():
            pending_space = bool(chars)
            last_space = i  # the collapsed space maps to whitespace, never to an invisible char
            continue
        if pending_space:
            chars.append(" ")
            offsets.append(last_space)
            pending_space = False
        chars.append(ch)
        offsets.append(i)
    return Paragraph("".join(chars), tuple(offsets))
