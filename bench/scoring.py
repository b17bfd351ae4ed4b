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
  character) by the evidence span of at least one returned claim; **attribution
  precision**: claims whose evidence overlaps the content of some gold relation.
- **source precision**: returned actors whose name or an alias matches a named gold source.
- **span scores** (:func:`score_relations`): precision, recall and F1 of the cue, source
  and content of extracted attribution relations, exact and overlapping, and of the whole
  relation, with one-to-one matching (:func:`match_parts`).
- **speaker correctness** (:func:`attribution_speakers`, :func:`claim_speakers`): whether
  the actor an attribution or a claim is given to is the gold relation's source.

docs/eval.md states every definition precisely.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from summarizer.core.schema import OUTLET, UNATTRIBUTED, Actor, Attribution, Summary
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


HEAD_ENDS = _words(
    "of in at for from with on by to into about under over among near inside within across like including "
    "than as who whom whose which that where when and or"
)
"""Words after a noun phrase's head: a preposition, a relative word or a conjunction
("employees *in* Wells Fargo's branches", "the man *who* ...", "Trump *and* his aides")."""
_EDGE_PUNCTUATION = "\"'“”‘’()[]{}.,;:!?"


def described(segment: str) -> bool:
    """Whether a source segment is a description: its head word (the last word before a
    preposition, relative word or conjunction, see :data:`HEAD_ENDS`) is written in lower
    case, whatever capitalised words modify it ("NatWest's corporate parent", "Apple's
    chief executive", "An attorney for Pagliano")."""
    head = None
    for word in segment.split():
        core = word.strip(_EDGE_PUNCTUATION)
        if not core:
            continue
        if head is not None and core.lower() in HEAD_ENDS:
            break
        head = core
    return head is not None and not head[0].isupper()


def source_key(text: str, common: set[str] | None = None) -> tuple[str, ...] | None:
    """The name tokens of a gold source, or ``None`` if it is a pronoun or generic.

    Only the source's head counts: the first comma- or parenthesis-separated segment that
    has a name ("Jason Healey, a senior research scholar at Columbia University" is Jason
    Healey), unless that segment is a description (:func:`described`) and a later one, not
    a description, has a name: then the later one is the appositive that names the source
    ("NatWest's corporate parent, the Royal Bank of Scotland Group" is the Royal Bank of
    Scotland Group; "Apple's chief executive, Tim Cook" is Tim Cook). A source is *named*
    when that segment has a capitalised token that is not a pronoun, a generic noun
    (:data:`GENERIC`) or a stop word/title (:data:`STOP`) nor, for the segment's first word,
    a common word of the article (``common``, see :func:`common_words`; not checked when
    ``None``). "Julian Assange", "WikiLeaks", "the U.S. State Department" are named; "he",
    "which", "officials", "the report", "a spokesman for the company", "Public accusations"
    are not.
    """
    first: tuple[str, ...] | None = None
    for segment in re.split(r"[,()]", text):
        names = tuple(
            tok
            for i, (tok, upper) in enumerate(tokens(segment))
            if upper and tok not in PRONOUNS | GENERIC | STOP and (i > 0 or not common or tok not in common)
        )
        if not names:
            continue
        if first is None:
            if not described(segment):
                return names
            first = names
        elif not described(segment):
            return names
    return first


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
    cues: tuple[GoldPart, ...] = ()

    @property
    def source_text(self) -> str:
        """All source parts, joined."""
        return " ".join(p.text for p in self.sources)

    @property
    def content_spans(self) -> tuple[Span, ...]:
        """Every span of every content part."""
        return tuple(span for part in self.contents for span in part.spans)

    @property
    def source_spans(self) -> tuple[Span, ...]:
        """Every span of every source part."""
        return tuple(span for part in self.sources for span in part.spans)

    @property
    def cue_spans(self) -> tuple[Span, ...]:
        """Every span of every cue part."""
        return tuple(span for part in self.cues for span in part.spans)


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
                cues=_parts(item.get("cue")),
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
        for part in (*att.sources, *att.cues, *att.contents):
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


def claim_precision(gold: Gold, claims: Sequence[Sequence[Span]]) -> Ratio:
    """Claims (each given by its evidence spans) overlapping the content of at least one gold relation."""
    contents = [span for att in gold.attributions for span in att.content_spans]
    return Ratio(sum(any(overlaps(g, c) for g in contents for c in spans) for spans in claims), len(claims))


def claim_span_lists(summary: Summary) -> list[list[Span]]:
    """Per claim: its evidence spans."""
    return [[(e.start, e.end) for e in c.evidence] for c in summary.claims]


def source_precision(gold: Gold, article: str, actors: Sequence[Sequence[str]]) -> Ratio:
    """Returned actors (each: name and aliases) that match a named gold source, over all returned actors."""
    keys = [key for group in distinct_sources(gold, article).groups for key in group]
    return Ratio(
        sum(any(source_matched(key, [actor_tokens(labels)]) for key in keys) for labels in actors), len(actors)
    )


def harmonic(precision: float | None, recall: float | None) -> float | None:
    """F1 of two shares: their harmonic mean; 0 when one is undefined (nothing returned, or
    nothing to find) or both are 0; ``None`` when both are undefined."""
    if precision is None and recall is None:
        return None
    if precision is None or recall is None or precision + recall == 0:
        return 0.0
    return 2 * precision * recall / (precision + recall)


def percent(share: float | None) -> str:
    """A share as a percentage with one decimal (``82.3``), or ``n/a``."""
    return "n/a" if share is None else f"{100 * share:.1f}"


# -- span-level attribution scores ---------------------------------------------------------------------

PARTS = ("cue", "source", "content")
"""The parts of an attribution relation, each scored on its own."""
RELATION = "relation"
"""The whole relation: cue, content and (where the gold relation has one) source all match."""
MODES = ("exact", "overlap")
"""``exact``: the same characters; ``overlap``: at least one character in common."""

Part = tuple[Span, ...]
"""A part as a set of characters: sorted, disjoint, non-touching spans, each stripped of
surrounding whitespace. Two parts are the same characters exactly when they are equal."""


def to_part(spans: Iterable[Span], article: str) -> Part:
    """The characters of ``spans`` as a :data:`Part`.

    Spans are clipped to the article; spans that overlap or touch are merged, so the
    result depends only on the set of characters; each resulting run of characters is
    stripped of leading and trailing whitespace (nothing else: punctuation and quote
    marks count), and empty runs are dropped.
    """
    size = len(article)
    merged: list[list[int]] = []
    for start, end in sorted((max(0, min(s, size)), max(0, min(e, size))) for s, e in spans):
        if start >= end:
            continue
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    out: list[Span] = []
    for run_start, run_end in merged:
        start, end = run_start, run_end
        while start < end and article[start].isspace():
            start += 1
        while end > start and article[end - 1].isspace():
            end -= 1
        if start < end:
            out.append((start, end))
    return tuple(out)


def part_size(part: Part) -> int:
    """How many characters a part has."""
    return sum(end - start for start, end in part)


def shared_chars(a: Part, b: Part) -> int:
    """How many characters two parts have in common."""
    total = i = j = 0
    while i < len(a) and j < len(b):
        total += max(0, min(a[i][1], b[j][1]) - max(a[i][0], b[j][0]))
        if a[i][1] < b[j][1]:
            i += 1
        else:
            j += 1
    return total


@dataclass(frozen=True)
class SpanRelation:
    """One attribution relation as sets of characters: a prediction or a gold relation."""

    cue: Part = ()
    source: Part = ()
    content: Part = ()
    speaker: tuple[str, ...] | None = None
    """Predictions: the name and aliases of the actor the relation is given to; ``None``
    when it is given to none (unresolved); ``()`` for an actor id that names no returned actor."""
    source_key: tuple[str, ...] | None = None
    """Gold: the source's name tokens when it is named (:func:`source_key`), else ``None``."""
    id: str = ""

    def part(self, name: str) -> Part:
        """The ``cue``, ``source`` or ``content`` part."""
        part: Part = getattr(self, name)
        return part

    def has(self, name: str) -> bool:
        """Whether the part is non-empty (for ``relation``: cue and content both are)."""
        return bool(self.cue and self.content) if name == RELATION else bool(self.part(name))


def gold_relations(gold: Gold, article: str) -> list[SpanRelation]:
    """The gold relations of an article as :class:`SpanRelation` (with named-source keys)."""
    common = common_words(article)
    out = []
    for att in gold.attributions:
        text = att.source_text.strip()
        out.append(
            SpanRelation(
                id=att.id,
                cue=to_part(att.cue_spans, article),
                source=to_part(att.source_spans, article),
                content=to_part(att.content_spans, article),
                source_key=source_key(text, common) if text else None,
            )
        )
    return out


def _evidence_part(evidence: Iterable[Any], article: str) -> Part:
    return to_part(((e.start, e.end) for e in evidence), article)


def predicted_relations(
    attributions: Sequence[Attribution], actors: Sequence[Actor], article: str
) -> list[SpanRelation]:
    """Extracted attributions (``Analysis.attributions`` or ``Summary.attributions``) as predictions.

    The speaker is the name and aliases of the actor ``source_actor`` names among ``actors``.
    """
    labels = {a.id: (a.name, *a.aliases) for a in actors}
    return [
        SpanRelation(
            id=att.id,
            cue=_evidence_part(att.cue, article),
            source=_evidence_part(att.source, article),
            content=_evidence_part(att.content, article),
            speaker=None if att.source_actor is None else labels.get(att.source_actor, ()),
        )
        for att in attributions
    ]


def speaking_actors(attributions: Sequence[Attribution], actors: Sequence[Actor]) -> list[list[str]]:
    """Name and aliases of each actor that is the ``source_actor`` of at least one attribution."""
    speaking = {att.source_actor for att in attributions}
    return [[a.name, *a.aliases] for a in actors if a.id in speaking]


def _part_score(name: str, exact: bool) -> Callable[[SpanRelation, SpanRelation], int]:
    def score(pred: SpanRelation, gold: SpanRelation) -> int:
        p, g = pred.part(name), gold.part(name)
        if not p or not g:
            return 0
        if exact:
            return part_size(g) if p == g else 0
        return shared_chars(p, g)

    return score


def _relation_score(exact: bool) -> Callable[[SpanRelation, SpanRelation], int]:
    def score(pred: SpanRelation, gold: SpanRelation) -> int:
        if not pred.has(RELATION) or not gold.has(RELATION):
            return 0
        needed = ("cue", "content", "source") if gold.source else ("cue", "content")
        scores = [_part_score(name, exact)(pred, gold) for name in needed]
        return sum(scores) if all(scores) else 0

    return score


def one_to_one(
    preds: Sequence[SpanRelation], golds: Sequence[SpanRelation], score: Callable[[SpanRelation, SpanRelation], int]
) -> list[tuple[int, int]]:
    """Greedy one-to-one matching: ``(prediction index, gold index)`` pairs.

    Every pair with a positive score is a candidate; candidates are taken by decreasing
    score (shared characters), ties broken by earlier gold relation, then earlier
    prediction; a pair is kept when neither side is matched yet. So each gold relation and
    each prediction is matched at most once.
    """
    candidates = [
        (-s, gi, pi) for gi, gold in enumerate(golds) for pi, pred in enumerate(preds) if (s := score(pred, gold)) > 0
    ]
    used_preds: set[int] = set()
    used_golds: set[int] = set()
    pairs: list[tuple[int, int]] = []
    for _neg, gi, pi in sorted(candidates):
        if gi not in used_golds and pi not in used_preds:
            used_golds.add(gi)
            used_preds.add(pi)
            pairs.append((pi, gi))
    return sorted(pairs, key=lambda pair: pair[1])


def match_parts(
    preds: Sequence[SpanRelation], golds: Sequence[SpanRelation], part: str, exact: bool
) -> list[tuple[int, int]]:
    """:func:`one_to_one` on one part (``cue``, ``source``, ``content``) or on the whole ``relation``.

    A part matches exactly when it is the same characters, overlapping when it shares at
    least one; the score is the number of shared characters. A relation matches when cue
    and content match and, if the gold relation has a source, the source matches too (its
    score is the sum over those parts).
    """
    score = _relation_score(exact) if part == RELATION else _part_score(part, exact)
    return one_to_one(preds, golds, score)


@dataclass
class PRF:
    """Matched pairs, predictions and gold items of one part: precision, recall and F1.

    Matching is one-to-one, so ``matched`` counts matched predictions and matched gold alike.
    """

    matched: int = 0
    predicted: int = 0
    gold: int = 0

    def __add__(self, other: PRF) -> PRF:
        return PRF(self.matched + other.matched, self.predicted + other.predicted, self.gold + other.gold)

    @property
    def precision(self) -> float | None:
        """``matched / predicted``; ``None`` (n/a) when nothing was predicted."""
        return self.matched / self.predicted if self.predicted else None

    @property
    def recall(self) -> float | None:
        """``matched / gold``; ``None`` (n/a) when there is no gold."""
        return self.matched / self.gold if self.gold else None

    @property
    def f1(self) -> float | None:
        """``2 matched / (predicted + gold)``: the harmonic mean of precision and recall where
        both are defined, 0 when only one side is empty, ``None`` when both are."""
        total = self.predicted + self.gold
        return 2 * self.matched / total if total else None

    def as_json(self) -> dict[str, Any]:
        """Counts and the three shares (``None`` for n/a)."""
        return {"precision": self.precision, "recall": self.recall, "f1": self.f1,
                "matched": self.matched, "predicted": self.predicted, "gold": self.gold}  # fmt: skip


@dataclass
class SpanScores:
    """:class:`PRF` per part (and ``relation``), exact and overlapping."""

    exact: dict[str, PRF] = field(default_factory=dict)
    overlap: dict[str, PRF] = field(default_factory=dict)

    def __add__(self, other: SpanScores) -> SpanScores:
        def add(a: dict[str, PRF], b: dict[str, PRF]) -> dict[str, PRF]:
            return {k: a.get(k, PRF()) + b.get(k, PRF()) for k in dict.fromkeys([*a, *b])}

        return SpanScores(exact=add(self.exact, other.exact), overlap=add(self.overlap, other.overlap))

    def mode(self, name: str) -> dict[str, PRF]:
        """``exact`` or ``overlap``."""
        scores: dict[str, PRF] = getattr(self, name)
        return scores

    def as_json(self) -> dict[str, Any]:
        """``{"exact"|"overlap": {part: {"precision", "recall", "f1", counts}}}``."""
        return {mode: {part: prf.as_json() for part, prf in self.mode(mode).items()} for mode in MODES}


def score_relations(
    preds: Sequence[SpanRelation], golds: Sequence[SpanRelation], parts: Sequence[str] = (*PARTS, RELATION)
) -> SpanScores:
    """Precision, recall and F1 of each of ``parts``, exact and overlapping.

    A prediction (gold relation) with an empty part is not counted in that part's
    precision (recall); for ``relation``, predictions and gold relations without a cue or
    a content are not counted.
    """
    scores = SpanScores()
    for mode in MODES:
        for part in parts:
            pairs = match_parts(preds, golds, part, exact=mode == "exact")
            scores.mode(mode)[part] = PRF(
                matched=len(pairs), predicted=sum(p.has(part) for p in preds), gold=sum(g.has(part) for g in golds)
            )
    return scores


# -- speakers ----------------------------------------------------------------------------------------


@dataclass
class SpeakerScore:
    """Whether matched items are given to the right speaker.

    ``correct``: the speaker's name or an alias matches the gold source (token match, as
    :func:`source_matched`); ``wrong``: given to another actor; ``unresolved``: given to no
    actor; ``unknown``: given to an actor id that no returned actor has. ``skipped``:
    matched to gold whose source is a pronoun, generic or absent (not judged).
    ``source_span``: of matched items whose gold relation has a source, those whose own
    source span overlaps it (for a claim, the source spans of the attributions it rests
    on). ``as_written``: of the ``unresolved``, those whose source span overlaps the named
    gold source all the same (a claim resting on "Some former employees of Acme said...",
    which the brief shows under that source as written, when the gold source is that span)."""

    correct: int = 0
    wrong: int = 0
    unresolved: int = 0
    skipped: int = 0
    source_span: Ratio = field(default_factory=Ratio)
    unknown: int = 0
    as_written: int = 0

    def __add__(self, other: SpeakerScore) -> SpeakerScore:
        return SpeakerScore(self.correct + other.correct, self.wrong + other.wrong,
                            self.unresolved + other.unresolved, self.skipped + other.skipped,
                            self.source_span + other.source_span, self.unknown + other.unknown,
                            self.as_written + other.as_written)  # fmt: skip

    @property
    def judged(self) -> int:
        """``correct + wrong + unresolved + unknown``."""
        return self.correct + self.wrong + self.unresolved + self.unknown

    @property
    def share(self) -> Ratio:
        """``correct`` out of ``judged``."""
        return Ratio(self.correct, self.judged)

    @property
    def named(self) -> Ratio:
        """``correct + as_written`` out of ``judged``: items that name the gold source, by
        actor or, where they have none, by the source span as the article writes it."""
        return Ratio(self.correct + self.as_written, self.judged)

    def as_json(self) -> dict[str, Any]:
        """Counts, the share correct (``None`` for n/a) and the source-span ratio."""
        return {"correct": self.correct, "wrong": self.wrong, "unresolved": self.unresolved, "unknown": self.unknown,
                "skipped": self.skipped, "share_correct": self.share.share,
                "source_span": jsonable(self.source_span), "as_written": self.as_written,
                "share_named": self.named.share}  # fmt: skip

    def __str__(self) -> str:
        unknown = f", {self.unknown} unknown actor id" if self.unknown else ""
        return f"{self.share} correct, {self.wrong} wrong, {self.unresolved} unresolved{unknown}"


def speaks_for(key: Sequence[str], speaker: Sequence[str]) -> bool:
    """Whether a speaker's labels (name, aliases) match a named gold source's key."""
    return source_matched(key, [actor_tokens(speaker)])


def _judge(score: SpeakerScore, keys: Sequence[tuple[str, ...]], speaker: tuple[str, ...] | None) -> None:
    if speaker is None:
        score.unresolved += 1
    elif not speaker:
        score.unknown += 1
    elif any(speaks_for(key, speaker) for key in keys):
        score.correct += 1
    else:
        score.wrong += 1


def attribution_speakers(preds: Sequence[SpanRelation], golds: Sequence[SpanRelation]) -> SpeakerScore:
    """Speaker correctness of extracted attributions.

    Predictions are matched to gold relations one-to-one on overlapping *content*
    (:func:`match_parts`), whatever their cue and source spans; each match whose gold
    source is named is judged on the prediction's ``speaker``; the others are skipped.
    """
    score = SpeakerScore()
    for pi, gi in match_parts(preds, golds, "content", exact=False):
        pred, gold = preds[pi], golds[gi]
        if gold.source:
            score.source_span += Ratio(int(shared_chars(pred.source, gold.source) > 0), 1)
        if gold.source_key is None:
            score.skipped += 1
        else:
            _judge(score, [gold.source_key], pred.speaker)
    return score


ClaimSpeaker = tuple[Part, tuple[str, ...] | None, Part]
"""A claim for speaker scoring: its evidence as a :data:`Part`, its claimant's labels
(``None`` for the outlet or unattributed; ``()`` for an id that names no returned actor),
and its source as written: the source spans of the attributions it rests on (``()`` when
it rests on none)."""


def claim_speakers(claims: Sequence[ClaimSpeaker], golds: Sequence[SpanRelation]) -> SpeakerScore:
    """Speaker correctness of claims.

    A claim is considered when its evidence overlaps the content of at least one gold
    relation; it is skipped when none of those relations has a named source, and
    otherwise correct when its claimant matches the source of one of them (a claim cites
    whole sentences, which often hold several relations). ``source_span`` counts the
    considered claims whose source as written overlaps the source of one of those
    relations; ``as_written`` the claims given to no actor whose source as written
    overlaps one of those named sources.
    """
    score = SpeakerScore()
    for evidence, speaker, source in claims:
        hit = [g for g in golds if g.content and shared_chars(evidence, g.content) > 0]
        if not hit:
            continue
        if any(g.source for g in hit):
            score.source_span += Ratio(int(any(shared_chars(source, g.source) > 0 for g in hit)), 1)
        named = [(g.source_key, g.source) for g in hit if g.source_key is not None]
        if not named:
            score.skipped += 1
            continue
        _judge(score, [key for key, _ in named], speaker)
        if speaker is None and any(shared_chars(source, gold_source) > 0 for _, gold_source in named):
            score.as_written += 1
    return score


def summary_claims(summary: Summary, article: str) -> list[ClaimSpeaker]:
    """A summary's claims for :func:`claim_speakers`."""
    labels = {a.id: (a.name, *a.aliases) for a in summary.actors}
    sources = {a.id: a.source for a in summary.attributions}

    def speaker(claimant: str) -> tuple[str, ...] | None:
        return None if claimant in (OUTLET, UNATTRIBUTED) else labels.get(claimant, ())

    return [
        (
            _evidence_part(c.evidence, article),
            speaker(c.claimant),
            _evidence_part((e for i in c.attributions for e in sources.get(i, [])), article),
        )
        for c in summary.claims
    ]


def jsonable(value: Any) -> Any:
    """Scores as plain JSON values (ratios as hits/total/share, ``None`` kept)."""
    if isinstance(value, Ratio):
        return {"hits": value.hits, "total": value.total, "share": value.share}
    if isinstance(value, PRF | SpanScores | SpeakerScore):
        return value.as_json()
    if isinstance(value, dict):
        return {k: jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    return value
