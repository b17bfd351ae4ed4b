"""Scoring summaries against PolNeAR attribution gold.

Gold files (``NN_slug.attributions.json``) list attribution relations, each with
``source``, ``cue`` and ``content`` parts; a part is ``{"spans": [[start, end], ...],
"text": ...}`` with character offsets into the article file.

Metrics (every one is a count over a count, so totals add up across articles):

- **grounded evidence**: evidence spans with ``article[start:end] == text``.
- **actors in article**: returned actor names that occur in the article (normalised:
  case, quotes, dashes and whitespace folded; on word boundaries).
- **source recall**: distinct *named* gold sources matched by a returned actor name or
  alias. See :func:`source_key` for what counts as named and :func:`tokens_match` for
  the match.
- **attribution recall**: distinct gold attribution contents overlapped (at least one
  character) by the evidence span of at least one returned claim.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from summarizer.core.schema import Summary
from summarizer.text.normalize import normalize, occurs_as_words

Span = tuple[int, int]

# -- what a source name is made of --------------------------------------------------------


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


PRONOUNS = _words(
    "i me my we us our you your he him his she her it its they them their one who whom whose which that "
    "this these those himself herself itself themselves ourselves myself yourself someone somebody "
    "everyone everybody anyone anybody nobody none some many most others other both all each either "
    "neither"
)
"""Personal, possessive, relative and indefinite pronouns: never a named source."""

GENERIC = _words(
    "official officials source sources expert experts analyst analysts report reports statement "
    "statements spokesman spokeswoman spokesperson spokespeople representative representatives police "
    "authorities critics observers people residents witnesses witness lawmakers investigators prosecutors "
    "researchers document documents data study survey poll polls media reporters journalists news article "
    "story letter memo email emails records filing filings court government administration officer "
    "officers member members leader leaders executive executives staff employees company firm bank agency "
    "group department ministry office campaign committee panel board spokesmen aides aide advisers "
    "adviser supporters opponents protesters demonstrators activists family friends neighbors neighbours "
    "video footage audio recording website tweet tweets post posts account accounts public business "
    "figures civil rights"
)
"""Common nouns that never identify a source on their own ("officials", "the report",
"sources", "experts", "analysts", "the company", ...): a source made only of these, of
pronouns and of stop words is *generic* and is left out of source recall."""

STOP = _words(
    "the a an of and or for in on at to by with from as about according said says than also mr mrs ms "
    "miss dr sen rep gov gen maj lt col capt sgt adm prof st president vice secretary minister prime "
    "chief director chairman chairwoman chair ceo cfo senator governor mayor judge general commander "
    "spokesman founder former top senior deputy acting attorney assistant associate professor north south "
    "east west new"
)
"""Stop words, titles and ranks: ignored when names are compared."""

_TOKEN = re.compile(r"[^\W\d_][\w.&'’]*", re.UNICODE)
_POSSESSIVE = re.compile(r"['’]s?$")


def tokens(text: str) -> list[tuple[str, bool]]:
    """Word tokens of ``text`` as ``(normalised token, capitalised)`` pairs.

    Hyphenated words are split ("Charlotte-Mecklenburg" gives two tokens); a trailing
    possessive and trailing dots are dropped ("Assange's" -> "assange", "U.S." -> "u.s").
    """
    out: list[tuple[str, bool]] = []
    for piece in text.replace("-", " ").replace("—", " ").replace("–", " ").split():
        for match in _TOKEN.finditer(piece):
            raw = _POSSESSIVE.sub("", match.group(0)).rstrip(".")
            if len(raw) >= 2:
                out.append((normalize(raw), raw[0].isupper()))
    return _abbreviate(out)


_ABBREVIATIONS = {("united", "states"): "u.s", ("united", "kingdom"): "u.k", ("united", "nations"): "u.n"}


def _abbreviate(toks: list[tuple[str, bool]]) -> list[tuple[str, bool]]:
    """Write "United States" (and Kingdom, Nations) as "U.S." does: one token."""
    out: list[tuple[str, bool]] = []
    i = 0
    while i < len(toks):
        pair = (toks[i][0], toks[i + 1][0]) if i + 1 < len(toks) else None
        if pair in _ABBREVIATIONS:
            out.append((_ABBREVIATIONS[pair], toks[i][1]))
            i += 2
        else:
            out.append(toks[i])
            i += 1
    return out


_MID_SENTENCE_CAPITAL = re.compile(r"(?<=[\w,;:] )([A-Z][\w.&'’-]*)")
_LOWERCASE_WORD = re.compile(r"(?<![\w.&'’-])([a-z][\w&'’-]*)")


def common_words(article: str) -> set[str]:
    """Words the article writes in lower case and never capitalises mid-sentence.

    A capital on the first word of a source may only mark the start of a sentence
    ("Public accusations ...", "Figures released by ..."): such a first word is not a
    name when it is one of these.
    """
    lower = {tok for match in _LOWERCASE_WORD.finditer(article) for tok, _up in tokens(match.group(1))}
    proper = {tok for match in _MID_SENTENCE_CAPITAL.finditer(article) for tok, _up in tokens(match.group(1))}
    return lower - proper


def source_key(text: str, common: set[str] | None = None) -> tuple[str, ...] | None:
    """The name tokens of a gold source, or ``None`` if it is a pronoun or generic.

    Only the source's head counts: the first comma- or parenthesis-separated segment that
    has a name ("Jason Healey, a senior research scholar at Columbia University" is Jason
    Healey). A source is *named* when that segment has a capitalised token that is not a
    pronoun, a generic noun (:data:`GENERIC`) or a stop word/title (:data:`STOP`) nor, for
    the segment's first word, a common word of the article (``common``, see
    :func:`common_words`; not checked when ``None``). "Julian Assange", "WikiLeaks",
    "the U.S. State Department" are named; "he", "which", "officials", "the report",
    "a spokesman for the company", "Public accusations" are not.
    """
    for segment in re.split(r"[,()]", text):
        names = tuple(
            tok
            for i, (tok, upper) in enumerate(tokens(segment))
            if upper and tok not in PRONOUNS | GENERIC | STOP and (i > 0 or not common or tok not in common)
        )
        if names:
            return names
    return None


def actor_tokens(labels: Iterable[str]) -> set[str]:
    """Comparable tokens of an actor's name and aliases (capitalisation not required)."""
    return {tok for label in labels for tok, _upper in tokens(label) if tok not in PRONOUNS | GENERIC | STOP}


def tokens_match(a: str, b: str) -> bool:
    """Same token, or one a short extension of the other ("russia"/"russian", "korea"/"korean")."""
    if a == b:
        return True
    short, long_ = sorted((a, b), key=len)
    return len(short) >= 4 and long_.startswith(short) and len(long_) - len(short) <= 3


def source_matched(key: Sequence[str], actor_token_sets: Sequence[set[str]]) -> bool:
    """Whether any actor shares a name token with the source (token overlap)."""
    return any(tokens_match(s, t) for toks in actor_token_sets for s in key for t in toks)


# -- gold ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class GoldPart:
    """One source, cue or content part: its spans and text."""

    spans: tuple[Span, ...]
    text: str


@dataclass(frozen=True)
class GoldAttribution:
    """One annotated attribution relation."""

    id: str
    kind: str
    sources: tuple[GoldPart, ...]
    contents: tuple[GoldPart, ...]

    @property
    def source_text(self) -> str:
        """All source parts, joined."""
        return " ".join(p.text for p in self.sources)

    @property
    def content_spans(self) -> tuple[Span, ...]:
        """Every span of every content part."""
        return tuple(span for part in self.contents for span in part.spans)


@dataclass(frozen=True)
class Gold:
    """The gold attributions of one article."""

    article: str
    attributions: tuple[GoldAttribution, ...]


def _parts(items: Any) -> tuple[GoldPart, ...]:
    return tuple(
        GoldPart(spans=tuple((int(s), int(e)) for s, e in item.get("spans", [])), text=str(item.get("text", "")))
        for item in items or []
    )


def parse_gold(data: dict[str, Any]) -> Gold:
    """Gold from the JSON object of one ``*.attributions.json`` file."""
    return Gold(
        article=str(data.get("heldout_file", "")),
        attributions=tuple(
            GoldAttribution(
                id=str(item.get("id", "")),
                kind=str(item.get("type", "")),
                sources=_parts(item.get("source")),
                contents=_parts(item.get("content")),
            )
            for item in data.get("attributions", [])
        ),
    )


def load_gold(path: Path) -> Gold:
    """Gold from a ``*.attributions.json`` file."""
    return parse_gold(json.loads(path.read_text(encoding="utf-8")))


def gold_path(article: Path, gold_dir: Path) -> Path:
    """Where an article's gold file is: ``GOLD_DIR/<article stem>.attributions.json``."""
    return gold_dir / f"{article.stem}.attributions.json"


def gold_offset_errors(gold: Gold, article: str) -> list[str]:
    """Single-span parts whose text is not the article at their offsets (should be none)."""
    bad = []
    for att in gold.attributions:
        for part in (*att.sources, *att.contents):
            if len(part.spans) == 1:
                start, end = part.spans[0]
                if article[start:end] != part.text:
                    bad.append(f"{att.id}: {part.text[:40]!r} at {start}:{end}")
    return bad


# -- distinct gold sources -------------------------------------------------------------------------


@dataclass
class SourceGroups:
    """Distinct named gold sources, plus what was left out and why."""

    groups: list[list[tuple[str, ...]]]
    """Each group: the name-token keys of one source (a surname joins its full name)."""
    labels: list[str]
    """A readable label per group (its longest surface form)."""
    ignored: dict[str, int] = field(default_factory=dict)
    """Left-out source texts (pronouns, generic) and how often they occur."""


def distinct_sources(gold: Gold, article: str | None = None) -> SourceGroups:
    """Group the named sources of ``gold``; pronoun and generic sources are ignored.

    Distinct means distinct name-token keys, with one merge: a one-token key joins the
    first longer key holding the same token (a surname joins its full name: "Assange" and
    "Julian Assange" are one source).
    """
    common = common_words(article) if article is not None else None
    surfaces: dict[tuple[str, ...], str] = {}
    ignored: dict[str, int] = {}
    for att in gold.attributions:
        text = att.source_text.strip()
        if not text:
            continue
        key = source_key(text, common)
        if key is None:
            ignored[text] = ignored.get(text, 0) + 1
        elif len(text) > len(surfaces.get(key, "")):
            surfaces[key] = text
    keys = sorted(surfaces, key=lambda k: (-len(k), k))
    groups: list[list[tuple[str, ...]]] = []
    for key in keys:
        home = next((g for g in groups if len(key) == 1 and any(key[0] in k for k in g)), None)
        if home is None:
            groups.append([key])
        else:
            home.append(key)
    labels = [max((surfaces[k] for k in g), key=len) for g in groups]
    return SourceGroups(groups=groups, labels=labels, ignored=ignored)


def distinct_contents(gold: Gold) -> list[tuple[Span, ...]]:
    """The distinct content span sets of ``gold`` (attributions without content skipped)."""
    seen: dict[tuple[Span, ...], None] = {}
    for att in gold.attributions:
        spans = tuple(sorted(att.content_spans))
        if spans:
            seen.setdefault(spans, None)
    return list(seen)


# -- scores -------------------------------------------------------------------------------------------


@dataclass
class Ratio:
    """``hits`` out of ``total``."""

    hits: int = 0
    total: int = 0

    def __add__(self, other: Ratio) -> Ratio:
        return Ratio(self.hits + other.hits, self.total + other.total)

    @property
    def share(self) -> float | None:
        """``hits / total``, or ``None`` when there is nothing to count."""
        return self.hits / self.total if self.total else None

    def __str__(self) -> str:
        if not self.total:
            return "n/a"
        return f"{self.hits}/{self.total} ({100 * self.hits / self.total:.0f}%)"


def grounded_evidence(summary: Summary, article: str) -> Ratio:
    """Evidence spans (claims, dispute positions, caveats) equal to the article at their offsets."""
    spans = [e for c in summary.claims for e in c.evidence]
    spans += [e for d in summary.disputes for p in d.positions for e in p.evidence]
    spans += [e for c in summary.caveats for e in c.evidence]
    return Ratio(sum(article[e.start : e.end] == e.text for e in spans), len(spans))


def names_in_article(names: Sequence[str], article: str) -> Ratio:
    """Names that occur in the article (normalised, on word boundaries)."""
    normalized = normalize(article)
    return Ratio(sum(occurs_as_words(n, normalized) for n in names), len(names))


def source_recall(gold: Gold, article: str, actors: Sequence[Sequence[str]]) -> tuple[Ratio, list[str]]:
    """Distinct named gold sources matched by an actor; also the unmatched labels.

    ``actors`` holds, per returned actor, its name and aliases.
    """
    groups = distinct_sources(gold, article)
    actor_sets = [actor_tokens(labels) for labels in actors]
    hits = [any(source_matched(key, actor_sets) for key in group) for group in groups.groups]
    missed = [label for label, hit in zip(groups.labels, hits, strict=True) if not hit]
    return Ratio(sum(hits), len(hits)), missed


def overlaps(a: Span, b: Span) -> bool:
    """Whether two half-open spans share at least one character."""
    return a[0] < b[1] and b[0] < a[1]


def attribution_recall(gold: Gold, claim_spans: Sequence[Span]) -> Ratio:
    """Distinct gold contents overlapped by at least one claim evidence span."""
    contents = distinct_contents(gold)
    hit = sum(any(overlaps(g, c) for g in spans for c in claim_spans) for spans in contents)
    return Ratio(hit, len(contents))


def claim_spans(summary: Summary) -> list[Span]:
    """The evidence spans of every claim."""
    return [(e.start, e.end) for c in summary.claims for e in c.evidence]


def actor_labels(summary: Summary) -> list[list[str]]:
    """Per actor: its name and aliases."""
    return [[a.name, *a.aliases] for a in summary.actors]
