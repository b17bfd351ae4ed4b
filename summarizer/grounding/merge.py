"""Merge the summaries of a long article's chunks into one result.

Each chunk was grounded against the whole article's string, so its evidence already
indexes the article; merging only has to reconcile the items:

- actors are deduplicated across chunks: two actors are one when the name of either is
  the other's name or one of its aliases ("Popov" and "Ivan Popov", alias "Popov"),
  unless that would fit several actors (a bare "Kowalski" beside two Kowalskis); the
  first occurrence keeps its id, the other names become aliases;
- claims of the same claimant are merged when their statements are (nearly) the same or
  they share evidence; their evidence is united;
- disputes with the same issue are merged (one position per actor); caveats are kept,
  exact duplicates dropped;
- attributions (each chunk judged those inside it) are united by id;
- the headline is the first chunk's; the summary joins the chunks' summaries in order;
  usage and attempts are summed; warnings are kept, each marked with its chunk, and
  their ``item`` references re-pointed at the merged items (``None`` when the item did not
  survive the merge).
"""

from __future__ import annotations

import difflib
from collections.abc import Callable
from dataclasses import dataclass, field
from functools import partial

from summarizer.core.schema import (
    OUTLET,
    UNATTRIBUTED,
    Actor,
    Attempts,
    Caveat,
    Claim,
    Dispute,
    Evidence,
    Position,
    Summary,
    SummaryResult,
    SummaryWarning,
    Usage,
    WarningCode,
    item_ref,
)
from summarizer.text.normalize import normalize

SIMILAR_STATEMENT = 0.85
"""Statements of one claimant at least this similar (difflib ratio) are one claim."""


def merge_results(parts: list[SummaryResult], *, latency_s: float) -> SummaryResult:
    """One result for the whole article from the results of its chunks, in article order."""
    if not parts:
        raise ValueError("merge_results needs at least one chunk result")
    merger = _Merger()
    refs = [merger.add(part.summary) for part in parts]
    first = parts[0]
    disputes, dropped = merger.disputes()
    summary = Summary(
        headline=first.summary.headline,
        summary=" ".join(p.summary.summary for p in parts),
        actors=merger.actors(),
        claims=merger.claims(),
        disputes=disputes,
        caveats=merger.caveats,
        attributions=list({a.id: a for p in parts for a in p.summary.attributions}.values()),
    )
    return SummaryResult(
        summary=summary,
        model=first.model,
        prompt_version=first.prompt_version,
        usage=sum((p.usage for p in parts), Usage()),
        attempts=Attempts(
            requests=sum(p.attempts.requests for p in parts),
            transport_retries=sum(p.attempts.transport_retries for p in parts),
            reasks=sum(p.attempts.reasks for p in parts),
        ),
        latency_s=round(latency_s, 3),
        warnings=_warnings(parts, refs, dropped),
        source_text=first.source_text,
    )


_Refs = dict[str, Callable[[], str | None]]
"""A chunk's item references -> the reference of the merged item (asked once merging is done)."""


def _warnings(parts: list[SummaryResult], refs: list[_Refs], dropped: list[str]) -> list[SummaryWarning]:
    n = len(parts)
    out = [
        SummaryWarning(
            code=WarningCode.CHUNKED,
            message=f"the article was too long for the model's context: it was summarised in {n} parts and merged",
        )
    ]
    for i, (part, part_refs) in enumerate(zip(parts, refs, strict=True), start=1):
        out += [
            SummaryWarning(code=w.code, message=f"part {i}/{n}: {w.message}", item=_moved(w.item, part_refs))
            for w in part.warnings
        ]
    out += [SummaryWarning(code=WarningCode.DROPPED_DISPUTE, message=message) for message in dropped]
    return out


def _moved(item: str | None, refs: _Refs) -> str | None:
    """The merged item's reference for a chunk's ``item`` (``None`` if it is not one of the chunk's items)."""
    target = refs.get(item) if item is not None else None
    return target() if target is not None else None


@dataclass
class _MergedActor:
    actor: Actor
    aliases: list[str]
    keys: set[str]

    def absorb(self, other: Actor) -> None:
        for name in (other.name, *other.aliases):
            if normalize(name) not in self.keys:
                self.aliases.append(name)
                self.keys.add(normalize(name))
        if self.actor.role is None and other.role is not None:
            self.actor = self.actor.model_copy(update={"role": other.role})

    def final(self) -> Actor:
        return self.actor.model_copy(update={"aliases": self.aliases})


@dataclass
class _MergedClaim:
    claim: Claim
    evidence: list[Evidence]

    def matches(self, other: Claim) -> bool:
        if other.claimant != self.claim.claimant:
            return False
        if {(e.start, e.end) for e in other.evidence} & {(e.start, e.end) for e in self.evidence}:
            return True
        return _similar(self.claim.statement, other.statement)


@dataclass
class _Merger:
    merged_actors: list[_MergedActor] = field(default_factory=list)
    merged_claims: list[_MergedClaim] = field(default_factory=list)
    merged_disputes: dict[str, tuple[str, dict[str, Position]]] = field(default_factory=dict)
    caveats: list[Caveat] = field(default_factory=list)

    def add(self, summary: Summary) -> _Refs:
        """Merge one chunk's summary in; return where each of its items went."""
        refs: _Refs = {}
        ids = {OUTLET: OUTLET, UNATTRIBUTED: UNATTRIBUTED}
        for actor in summary.actors:
            ids[actor.id] = new_id = self._actor_id(actor)
            refs[item_ref("actor", actor.id)] = partial(item_ref, "actor", new_id)
        for claim in summary.claims:
            merged = self._add_claim(claim.model_copy(update={"claimant": ids.get(claim.claimant, claim.claimant)}))
            refs[item_ref("claim", claim.id)] = partial(self._claim_ref, merged)
        for n, dispute in enumerate(summary.disputes, start=1):
            key = self._add_dispute(dispute, ids)
            refs[item_ref("dispute", n)] = partial(self._dispute_ref, key)
        for n, caveat in enumerate(summary.caveats, start=1):
            index = next((k for k, kept in enumerate(self.caveats) if _same_caveat(caveat, kept)), None)
            if index is None:
                self.caveats.append(caveat)
                index = len(self.caveats) - 1
            refs[item_ref("caveat", n)] = partial(item_ref, "caveat", index + 1)
        for attribution in summary.attributions:  # united by id: the same id in the merged index
            refs[item_ref("attribution", attribution.id)] = partial(item_ref, "attribution", attribution.id)
        return refs

    def _claim_ref(self, merged: _MergedClaim) -> str:
        return item_ref("claim", next(f"c{i}" for i, m in enumerate(self.merged_claims, start=1) if m is merged))

    def _dispute_ref(self, key: str) -> str | None:
        kept = [k for k, (_, positions) in self.merged_disputes.items() if len(positions) >= 2]
        return item_ref("dispute", kept.index(key) + 1) if key in kept else None

    def _actor_id(self, actor: Actor) -> str:
        name_key = normalize(actor.name)
        keys = {name_key} | {normalize(a) for a in actor.aliases}
        same = [m for m in self.merged_actors if normalize(m.actor.name) == name_key]
        same = same or [m for m in self.merged_actors if name_key in m.keys or normalize(m.actor.name) in keys]
        if len(same) == 1:  # two Kowalskis and a bare "Kowalski": ambiguous, kept apart
            same[0].absorb(actor)
            return same[0].actor.id
        new_id = _fresh_id(actor.id, {m.actor.id for m in self.merged_actors})
        self.merged_actors.append(_MergedActor(actor.model_copy(update={"id": new_id}), list(actor.aliases), keys))
        return new_id

    def _add_claim(self, claim: Claim) -> _MergedClaim:
        for merged in self.merged_claims:
            if merged.matches(claim):
                merged.evidence = _union(merged.evidence, claim.evidence)
                return merged
        self.merged_claims.append(_MergedClaim(claim, list(claim.evidence)))
        return self.merged_claims[-1]

    def _add_dispute(self, dispute: Dispute, ids: dict[str, str]) -> str:
        key = normalize(dispute.issue)
        _, positions = self.merged_disputes.setdefault(key, (dispute.issue, {}))
        for position in dispute.positions:
            actor = ids.get(position.actor, position.actor)
            positions.setdefault(actor, position.model_copy(update={"actor": actor}))
        return key

    def actors(self) -> list[Actor]:
        return [m.final() for m in self.merged_actors]

    def claims(self) -> list[Claim]:
        return [
            m.claim.model_copy(update={"id": f"c{i}", "evidence": m.evidence})
            for i, m in enumerate(self.merged_claims, start=1)
        ]

    def disputes(self) -> tuple[list[Dispute], list[str]]:
        """The merged disputes, and why any was left out."""
        out: list[Dispute] = []
        dropped: list[str] = []
        for issue, positions in self.merged_disputes.values():
            if len(positions) < 2:  # its two sides turned out to be one actor
                dropped.append(f"dispute {issue!r}: its positions belong to one actor after merging")
                continue
            out.append(Dispute(issue=issue, positions=list(positions.values())))
        return out, dropped


def _similar(a: str, b: str) -> bool:
    a, b = normalize(a), normalize(b)
    if a == b:
        return True
    matcher = difflib.SequenceMatcher(None, a, b, autojunk=False)
    return matcher.quick_ratio() >= SIMILAR_STATEMENT and matcher.ratio() >= SIMILAR_STATEMENT


def _union(kept: list[Evidence], more: list[Evidence]) -> list[Evidence]:
    out = list(kept)
    spans = {(e.start, e.end) for e in kept}
    for evidence in more:
        if (evidence.start, evidence.end) not in spans:
            spans.add((evidence.start, evidence.end))
            out.append(evidence)
    return out


def _fresh_id(wanted: str, taken: set[str]) -> str:
    """``wanted``, or ``wanted-2``, ``wanted-3``... whichever is free."""
    candidate, n = wanted, 2
    while candidate in taken:
        candidate, n = f"{wanted}-{n}", n + 1
    return candidate


def _same_caveat(a: Caveat, b: Caveat) -> bool:
    return a.kind == b.kind and [(e.start, e.end) for e in a.evidence] == [(e.start, e.end) for e in b.evidence]
