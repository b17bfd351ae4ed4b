"""What every rendering shares: claimant labels, claim grouping, evidence quotes, footer facts."""

from __future__ import annotations

from dataclasses import dataclass

from summarizer.core.errors import InputError
from summarizer.core.schema import (
    OUTLET,
    UNATTRIBUTED,
    Attribution,
    AttributionKind,
    CaveatKind,
    Claim,
    ClaimAttribution,
    Evidence,
    Summary,
    SummaryResult,
)
from summarizer.text.normalize import one_line, shorten

__all__ = [
    "ATTRIBUTION_LABELS",
    "CAVEAT_LABELS",
    "KIND_LABELS",
    "NO_SOURCE",
    "ClaimGroup",
    "SourceGroup",
    "actor_label",
    "evidence_quote",
    "footer_facts",
    "group_attributions",
    "group_claims",
    "in_quotes",
    "one_line",
    "shorten",
    "source_text",
]

QUOTE_LIMIT = 160
"""Longest evidence quote (characters) in the brief before it is shortened with an ellipsis."""


ATTRIBUTION_LABELS: dict[str, str] = {
    ClaimAttribution.DIRECT_QUOTE: "direct quote",
    ClaimAttribution.PARAPHRASE: "paraphrase",
    ClaimAttribution.REPORTED: "reported",
    ClaimAttribution.OUTLET: "the outlet's own assertion",
}
"""How the brief names each :class:`ClaimAttribution` (a test checks every member has one)."""

KIND_LABELS: dict[str, str] = {
    AttributionKind.DIRECT_QUOTE: "quote",
    AttributionKind.INDIRECT: "paraphrase",
    AttributionKind.MIXED: "partly quoted",
    AttributionKind.ACCORDING_TO: "according to",
}
"""How the brief names each :class:`AttributionKind`."""

CAVEAT_LABELS: dict[str, str] = {
    CaveatKind.UNVERIFIED: "Unverified",
    CaveatKind.NO_COMMENT: "No comment",
    CaveatKind.UNCLEAR: "Unclear",
    CaveatKind.SINGLE_SOURCE: "Single source",
    CaveatKind.ANONYMOUS_SOURCE: "Anonymous source",
    CaveatKind.CONFLICTING_ACCOUNTS: "Conflicting accounts",
    CaveatKind.OTHER: "Other",
}
"""How the brief names each :class:`CaveatKind`."""

NO_SOURCE = "No source named"
"""The group of attributions whose source is not written ("it was reported that...")."""


def actor_label(summary: Summary, actor_id: str) -> str:
    """Who an actor id or claimant id stands for, as an editor would say it."""
    if actor_id == OUTLET:
        return "The outlet"
    if actor_id == UNATTRIBUTED:
        return "Unattributed"
    actor = summary.actor(actor_id)
    return actor.name if actor is not None else actor_id


@dataclass(frozen=True)
class ClaimGroup:
    """The claims of one claimant, in the order the summary gives them."""

    claimant: str
    """The claimant id (an actor id, ``"outlet"`` or ``"unattributed"``)."""
    label: str
    claims: tuple[tuple[int, Claim], ...]
    """``(index in summary.claims, claim)`` pairs."""


def group_claims(summary: Summary) -> list[ClaimGroup]:
    """Claims grouped by claimant, groups ordered by each claimant's first claim.

    Unattributed claims that rest on an attribution whose source names no actor are
    grouped by that source as the article writes it ("a spokeswoman"), as the "Who said
    what" section does: the article does say who, only not by name.
    """
    attributions = {a.id: a for a in summary.attributions}
    order: dict[tuple[str, str], list[tuple[int, Claim]]] = {}
    for index, claim in enumerate(summary.claims):
        order.setdefault((claim.claimant, _unnamed_source(claim, attributions)), []).append((index, claim))
    return [
        ClaimGroup(cid, _source_label(summary, source) if source else actor_label(summary, cid), tuple(items))
        for (cid, source), items in order.items()
    ]


def _unnamed_source(claim: Claim, attributions: dict[str, Attribution]) -> str:
    """The written source of an unattributed claim's first unresolved attribution, else ``""``."""
    if claim.claimant != UNATTRIBUTED:
        return ""
    for attribution_id in claim.attributions:
        attribution = attributions.get(attribution_id)
        if attribution is not None and attribution.source_actor is None and attribution.source:
            return _source_key(attribution)
    return ""


@dataclass(frozen=True)
class SourceGroup:
    """The attributions of one source, in article order."""

    key: str
    """An actor id, or the source as written when it names no actor, or ``""`` for none."""
    label: str
    attributions: tuple[Attribution, ...]


def group_attributions(summary: Summary) -> list[SourceGroup]:
    """Every attribution grouped by its source: actors first (by first attribution), then
    unresolved sources as written ("officials"), then those with no source."""
    groups: dict[str, list[Attribution]] = {}
    for attribution in summary.attributions:
        groups.setdefault(_source_key(attribution), []).append(attribution)
    ids = {a.id for a in summary.actors}

    def rank(key: str) -> int:
        return 0 if key.startswith("@") and key[1:] in ids else 2 if not key else 1

    ordered = sorted(groups, key=rank)  # stable: article order within each rank
    return [SourceGroup(key, _source_label(summary, key), tuple(groups[key])) for key in ordered]


def _source_key(attribution: Attribution) -> str:
    if attribution.source_actor is not None:
        return f"@{attribution.source_actor}"
    return one_line(" ".join(e.text for e in attribution.source))


def _source_label(summary: Summary, key: str) -> str:
    if key.startswith("@"):
        return actor_label(summary, key[1:])
    return f"“{key}” (not resolved to a named actor)" if key else NO_SOURCE


_QUOTE_MARKS = '"\u201c\u201d\u201e'


def in_quotes(text: str) -> str:
    """``text`` between curly double quotes, without doubling the quote marks a quotation
    span already has at its ends (a direct quote's content includes them)."""
    return f"\u201c{text.strip(_QUOTE_MARKS)}\u201d"


def evidence_quote(evidence: list[Evidence], limit: int = QUOTE_LIMIT) -> str:
    """A short quote from an item's evidence: the spans joined by an ellipsis, shortened."""
    return shorten(" \u2026 ".join(one_line(ev.text) for ev in evidence), limit)


def source_text(result: SummaryResult, text: str | None) -> str:
    """The text the result's offsets index: ``result.source_text``, else the caller's ``text``.

    Raises:
        InputError: there is no text, or an evidence span does not match it.
    """
    source = result.source_text if result.source_text is not None else text
    if source is None:
        raise InputError("rendering the article needs its text: pass the exact string that was summarised")
    for ev in result.summary.all_evidence():
        if source[ev.start : ev.end] != ev.text:
            raise InputError(
                f"evidence span {ev.start}:{ev.end} does not match the text given: "
                "pass the exact string that was summarised (for HTML input, result.source_text)"
            )
    return source


def footer_facts(result: SummaryResult) -> list[tuple[str, str]]:
    """``(label, value)`` pairs about how the summary was made."""
    usage, attempts = result.usage, result.attempts
    return [
        ("Model", result.model),
        ("Prompt", result.prompt_version),
        ("Tokens", f"{usage.total_tokens:,} ({usage.prompt_tokens:,} prompt + {usage.completion_tokens:,} completion)"),
        (
            "Attempts",
            f"{attempts.requests} request{'s' if attempts.requests != 1 else ''}, "
            f"{attempts.reasks} re-ask{'s' if attempts.reasks != 1 else ''}, "
            f"{attempts.transport_retries} transport retr{'ies' if attempts.transport_retries != 1 else 'y'}",
        ),
        ("Latency", f"{result.latency_s:.1f} s"),
    ]
