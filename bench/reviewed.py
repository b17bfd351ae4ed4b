"""Scoring new runs against editors' reviewed files (``NAME.reviewed.json``): reviewed files are gold.

A reviewed file (:class:`summarizer.ReviewedResult`) says, per item the editor acted on,
whether it was right (``confirmed``), right after a correction (``corrected``: a new
statement, text or speaker), missing (``added``: a claim or caveat with evidence the editor
selected) or not to be there at all (``wrong``). A new run of the same article is scored on:

- **speakers** (claims and attributions): for every confirmed or corrected claim and every
  added claim, and every confirmed or corrected attribution, the new-run item of the same
  kind whose evidence (an attribution's: its content) shares the most characters with the
  gold item's is its match; the match is *correct* when its speaker is the editor's final
  speaker (:func:`same_speaker`), *wrong* otherwise; a gold item with no overlapping
  new-run item is *missing* (not judged). ``reassigned`` counts the items whose speaker
  the editor changed, and how many of them the new run now gives to the editor's speaker.
- **found** (claims and caveats): confirmed, corrected and added claims (and caveats) whose
  evidence some new-run claim (caveat) overlaps by at least one character.
- **wrong items back**: items marked wrong for which the new run has an item of the same
  kind overlapping the wrong item's evidence with the same speaker (claims,
  attributions), the same caveat kind (caveats), or overlapping positions (disputes); an
  actor marked wrong comes back when the new run names an actor of the same name.

Speakers are compared by name, not id (ids need not agree across runs): the outlet only
matches the outlet, "no named actor" (an attribution's ``null``) only itself, and two
actors match when they share a name token (:func:`bench.scoring.source_matched`).

Runs and reviewed files are paired by the SHA-256 of the text the run's offsets index
(``result.source_text``, else the article file): the review's ``article_sha256``. A
reviewed file whose stem (``NAME`` of ``NAME.reviewed.json``) names an article of the run
whose text has another hash is reported as ``text differs`` and not scored (its offsets
would not index the new text).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bench.scoring import Part, Ratio, actor_tokens, jsonable, shared_chars, source_matched, to_part
from summarizer.core.reviewed import (
    SPEAKER_FIELDS,
    ReviewedResult,
    ReviewItem,
    ReviewKind,
    ReviewStatus,
    article_sha256,
    load_reviewed,
    resolve_item,
)
from summarizer.core.schema import OUTLET, UNATTRIBUTED, Actor, Attribution, Caveat, Claim, Dispute, Evidence, Summary

SUFFIX = ".reviewed.json"
"""How a reviewed file's name ends."""

KEPT = (ReviewStatus.CONFIRMED, ReviewStatus.CORRECTED, ReviewStatus.ADDED)
"""Statuses whose items are gold: the new run should have them."""


# -- speakers --------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Speaker:
    """Who an item is given to, comparable across runs."""

    kind: str
    """``actor``, ``outlet``, ``unattributed`` or ``none`` (an attribution with no named actor)."""
    labels: tuple[str, ...] = ()
    """An actor's names (name, aliases; empty for an id that names no actor)."""

    def __str__(self) -> str:
        return self.labels[0] if self.labels else ("unknown actor" if self.kind == "actor" else self.kind)


def speaker_of(actor_id: str | None, actors: Iterable[Actor], renamed: dict[str, str] | None = None) -> Speaker:
    """The :class:`Speaker` an actor id (or ``outlet``, ``unattributed``, ``None``) stands for.

    ``renamed`` maps actor ids to the name an editor corrected them to (kept with the old names).
    """
    if actor_id is None:
        return Speaker("none")
    if actor_id in (OUTLET, UNATTRIBUTED):
        return Speaker(actor_id)
    actor = next((a for a in actors if a.id == actor_id), None)
    if actor is None:
        return Speaker("actor")
    extra = (renamed[actor_id],) if renamed and actor_id in renamed else ()
    return Speaker("actor", (*extra, actor.name, *actor.aliases))


def same_speaker(a: Speaker, b: Speaker) -> bool:
    """Whether two speakers are the same: the same kind, and for actors a shared name token."""
    if a.kind != b.kind:
        return False
    if a.kind != "actor":
        return True
    return bool(a.labels and b.labels) and source_matched(tuple(actor_tokens(a.labels)), [actor_tokens(b.labels)])


# -- items -------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Item:
    """One item, gold or new: its kind, its evidence as characters, and what it says about speaker and kind."""

    ref: str
    kind: ReviewKind
    evidence: Part
    speaker: Speaker | None = None
    """Claims and attributions only."""
    caveat_kind: str | None = None
    """Caveats only."""
    name: str | None = None
    """Actors only."""
    reassigned: bool = False
    """Gold only: the editor changed the speaker."""


def _part(evidence: Iterable[Evidence], text: str) -> Part:
    return to_part(((e.start, e.end) for e in evidence), text)


def _renamed(reviewed: ReviewedResult) -> dict[str, str]:
    names: dict[str, str] = {}
    for entry in reviewed.review.items:
        if entry.kind is ReviewKind.ACTOR and entry.status is ReviewStatus.CORRECTED:
            _, actor_id = entry.item.split(":", 1)
            for change in entry.changes:
                if change.field == "name" and change.after:
                    names[actor_id] = change.after
    return names


def run_items(summary: Summary, text: str) -> list[Item]:
    """Every claim, attribution, caveat, dispute and actor of a run, as :class:`Item`."""
    actors = summary.actors
    items = [
        Item(f"claim:{c.id}", ReviewKind.CLAIM, _part(c.evidence, text), speaker_of(c.claimant, actors))
        for c in summary.claims
    ]
    items += [
        Item(f"attribution:{a.id}", ReviewKind.ATTRIBUTION, _part(a.content, text), speaker_of(a.source_actor, actors))
        for a in summary.attributions
    ]
    items += [
        Item(f"caveat:{i}", ReviewKind.CAVEAT, _part(c.evidence, text), caveat_kind=c.kind.value)
        for i, c in enumerate(summary.caveats, 1)
    ]
    items += [
        Item(f"dispute:{i}", ReviewKind.DISPUTE, _part((e for p in d.positions for e in p.evidence), text))
        for i, d in enumerate(summary.disputes, 1)
    ]
    items += [Item(f"actor:{a.id}", ReviewKind.ACTOR, (), name=a.name) for a in actors]
    return items


def gold_item(reviewed: ReviewedResult, entry: ReviewItem) -> Item | None:
    """The item an entry is about, as the editor left it (final speaker, corrected name); ``None``
    when the ref names nothing (a file that was not checked)."""
    text, summary = reviewed.source_text, reviewed.result.summary
    renamed = _renamed(reviewed)
    if entry.added is not None:
        evidence = _part(entry.added.evidence, text)
        if entry.kind is ReviewKind.CLAIM:
            return Item(entry.item, entry.kind, evidence, speaker_of(entry.added.claimant, summary.actors, renamed))
        kind = entry.added.caveat_kind.value if entry.added.caveat_kind is not None else None
        return Item(entry.item, entry.kind, evidence, caveat_kind=kind)
    target = resolve_item(summary, entry.item)
    changed = {c.field: c.after for c in entry.changes}
    speaker_field = SPEAKER_FIELDS.get(entry.kind)
    reassigned = speaker_field is not None and speaker_field in changed
    if isinstance(target, Claim):
        claimant = changed.get("claimant", target.claimant)
        speaker = speaker_of(claimant, summary.actors, renamed)
        return Item(entry.item, entry.kind, _part(target.evidence, text), speaker, reassigned=reassigned)
    if isinstance(target, Attribution):
        source = changed.get("source_actor", target.source_actor)
        speaker = speaker_of(source, summary.actors, renamed)
        return Item(entry.item, entry.kind, _part(target.content, text), speaker, reassigned=reassigned)
    if isinstance(target, Caveat):
        return Item(entry.item, entry.kind, _part(target.evidence, text), caveat_kind=target.kind.value)
    if isinstance(target, Dispute):
        evidence = _part((e for p in target.positions for e in p.evidence), text)
        return Item(entry.item, entry.kind, evidence)
    if isinstance(target, Actor):
        return Item(entry.item, entry.kind, (), name=changed.get("name") or target.name)
    return None


def best_match(gold: Item, candidates: Sequence[Item]) -> Item | None:
    """The candidate of the same kind sharing the most evidence characters with ``gold`` (at least one)."""
    scored = [(shared_chars(gold.evidence, c.evidence), c) for c in candidates if c.kind is gold.kind]
    scored = [(n, c) for n, c in scored if n > 0]
    return max(scored, key=lambda pair: pair[0])[1] if scored else None


def comes_back(wrong: Item, candidates: Sequence[Item]) -> Item | None:
    """The new-run item that brings back an item marked wrong, or ``None``."""
    for c in candidates:
        if c.kind is not wrong.kind:
            continue
        if wrong.kind is ReviewKind.ACTOR:
            if wrong.name and c.name and " ".join(wrong.name.split()).lower() == " ".join(c.name.split()).lower():
                return c
            continue
        if shared_chars(wrong.evidence, c.evidence) == 0:
            continue
        if wrong.kind in SPEAKER_FIELDS:
            if wrong.speaker is not None and c.speaker is not None and same_speaker(wrong.speaker, c.speaker):
                return c
        elif wrong.kind is ReviewKind.CAVEAT:
            if wrong.caveat_kind == c.caveat_kind:
                return c
        else:
            return c
    return None


# -- scores --------------------------------------------------------------------------------------------


@dataclass
class SpeakerTally:
    """Gold items with a speaker, judged against the new run."""

    correct: int = 0
    wrong: int = 0
    missing: int = 0
    """Gold items the new run has no overlapping item for (not judged)."""

    def __add__(self, other: SpeakerTally) -> SpeakerTally:
        return SpeakerTally(self.correct + other.correct, self.wrong + other.wrong, self.missing + other.missing)

    @property
    def share(self) -> Ratio:
        """``correct`` out of ``correct + wrong``."""
        return Ratio(self.correct, self.correct + self.wrong)

    def as_json(self) -> dict[str, Any]:
        """Counts and the share correct (``None`` for n/a)."""
        return {
            "correct": self.correct,
            "wrong": self.wrong,
            "missing": self.missing,
            "share_correct": self.share.share,
        }

    def __str__(self) -> str:
        return f"{self.share} correct, {self.wrong} wrong, {self.missing} missing"


@dataclass
class ReviewedScore:
    """One run scored against one reviewed file (or totals over several: they add up)."""

    files: int = 0
    claim_speakers: SpeakerTally = field(default_factory=SpeakerTally)
    attribution_speakers: SpeakerTally = field(default_factory=SpeakerTally)
    reassigned: Ratio = field(default_factory=Ratio)
    """Items whose speaker the editor changed that the new run gives to the editor's speaker."""
    claims_found: Ratio = field(default_factory=Ratio)
    caveats_found: Ratio = field(default_factory=Ratio)
    wrong_back: Ratio = field(default_factory=Ratio)
    """Items marked wrong that the new run brings back, over the items marked wrong."""
    claims_scored: bool = True
    """``False`` for ``--analysis-only`` runs (no claims or caveats: only attributions are scored)."""
    missed: list[str] = field(default_factory=list)
    """Refs of gold claims and caveats the new run does not cover."""
    returned: list[str] = field(default_factory=list)
    """Refs of items marked wrong that came back."""
    wrong_speakers: list[str] = field(default_factory=list)
    """``ref: editor's speaker -> new run's speaker`` for every wrong speaker."""

    def __add__(self, other: ReviewedScore) -> ReviewedScore:
        return ReviewedScore(
            files=self.files + other.files,
            claim_speakers=self.claim_speakers + other.claim_speakers,
            attribution_speakers=self.attribution_speakers + other.attribution_speakers,
            reassigned=self.reassigned + other.reassigned,
            claims_found=self.claims_found + other.claims_found,
            caveats_found=self.caveats_found + other.caveats_found,
            wrong_back=self.wrong_back + other.wrong_back,
            claims_scored=self.claims_scored and other.claims_scored,
            missed=self.missed + other.missed,
            returned=self.returned + other.returned,
            wrong_speakers=self.wrong_speakers + other.wrong_speakers,
        )

    def as_json(self) -> dict[str, Any]:
        """Plain JSON: tallies, ratios (hits/total/share) and the refs behind them."""
        return {
            "files": self.files,
            "speakers": {
                "claims": self.claim_speakers.as_json() if self.claims_scored else None,
                "attributions": self.attribution_speakers.as_json(),
                "reassigned": jsonable(self.reassigned),
            },
            "claims_found": jsonable(self.claims_found) if self.claims_scored else None,
            "caveats_found": jsonable(self.caveats_found) if self.claims_scored else None,
            "wrong_back": jsonable(self.wrong_back),
            "missed": self.missed,
            "returned": self.returned,
            "wrong_speakers": self.wrong_speakers,
        }


def score_reviewed(reviewed: ReviewedResult, summary: Summary, text: str, *, claims: bool = True) -> ReviewedScore:
    """Score a new run (``summary``, whose offsets index ``text``) against one reviewed file.

    ``text`` must be the reviewed article (the caller pairs them by hash). With ``claims=False``
    (a run with no claims or caveats: ``--analysis-only``) only attribution speakers and
    attributions and actors marked wrong are scored.
    """
    new = run_items(summary, text)
    score = ReviewedScore(files=1, claims_scored=claims)
    for entry in reviewed.review.items:
        gold = gold_item(reviewed, entry)
        if gold is None or (not claims and gold.kind in (ReviewKind.CLAIM, ReviewKind.CAVEAT, ReviewKind.DISPUTE)):
            continue
        if entry.status is ReviewStatus.WRONG:
            back = comes_back(gold, new)
            score.wrong_back += Ratio(int(back is not None), 1)
            if back is not None:
                score.returned.append(f"{gold.ref} (as {back.ref})")
            continue
        if gold.kind in (ReviewKind.CLAIM, ReviewKind.CAVEAT):
            found = best_match(gold, new) is not None
            if gold.kind is ReviewKind.CLAIM:
                score.claims_found += Ratio(int(found), 1)
            else:
                score.caveats_found += Ratio(int(found), 1)
            if not found:
                score.missed.append(gold.ref)
        if gold.speaker is not None:
            _judge_speaker(score, gold, best_match(gold, new))
    return score


def _judge_speaker(score: ReviewedScore, gold: Item, match: Item | None) -> None:
    assert gold.speaker is not None
    tally = score.claim_speakers if gold.kind is ReviewKind.CLAIM else score.attribution_speakers
    if match is None or match.speaker is None:
        tally.missing += 1
        return
    right = same_speaker(gold.speaker, match.speaker)
    if right:
        tally.correct += 1
    else:
        tally.wrong += 1
        score.wrong_speakers.append(f"{gold.ref}: {gold.speaker} -> {match.speaker} ({match.ref})")
    if gold.reassigned:
        score.reassigned += Ratio(int(right), 1)


# -- files ---------------------------------------------------------------------------------------------


def load_reviewed_dir(folder: Path) -> dict[str, ReviewedResult]:
    """Every ``*.reviewed.json`` of a folder, checked against its article, by file name.

    Raises:
        summarizer.InputError: a file is unreadable, not a reviewed file, or does not match its
            article (the message names the file).
    """
    from summarizer.core.errors import InputError

    out: dict[str, ReviewedResult] = {}
    for path in sorted(folder.glob(f"*{SUFFIX}")):
        try:
            out[path.name] = load_reviewed(path.read_bytes())
        except InputError as exc:
            raise InputError(f"{path}: {exc}") from None
    return out


def stem(reviewed_name: str) -> str:
    """``NAME`` of ``NAME.reviewed.json``."""
    return reviewed_name.removesuffix(SUFFIX)


MATCHED = "article_sha256"
"""How a reviewed file is paired with a run: the hash of the text the run's offsets index."""
TEXT_DIFFERS = "text differs"
"""A reviewed file named like the article (``NAME.reviewed.json`` for ``NAME.txt``) whose hash
is another text's: not scored."""


def match_reviewed(reviewed: Mapping[str, ReviewedResult], article: str, text: str) -> tuple[str, str] | None:
    """The reviewed file for a run of ``article`` (file name) over ``text``, and how it was paired.

    ``(name, MATCHED)`` when a file's ``article_sha256`` is the hash of ``text``; else
    ``(name, TEXT_DIFFERS)`` when a file has the article's stem; else ``None``.
    """
    digest = article_sha256(text)
    for name, gold in reviewed.items():
        if gold.review.article_sha256 == digest:
            return name, MATCHED
    article_stem = Path(article).stem
    for name in reviewed:
        if stem(name) == article_stem:
            return name, TEXT_DIFFERS
    return None
