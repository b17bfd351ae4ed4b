"""What an editor changed: a short report of a reviewed file (``summarizer review``).

:func:`review_report` reads a :class:`~summarizer.core.reviewed.ReviewedResult` into a
:class:`ReviewReport` (per item acted on: what it was, what it became, the changes, the
note); :func:`render_review_markdown` and :func:`render_review_json` write it out. Pure
functions: checking the file against its article is :func:`summarizer.core.reviewed.load_reviewed`'s job.
"""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict

from summarizer.core.reviewed import (
    SPEAKER_FIELDS,
    ReviewAdded,
    ReviewedResult,
    ReviewedTarget,
    ReviewItem,
    ReviewKind,
    ReviewStatus,
    parse_item_ref,
    resolve_item,
)
from summarizer.core.schema import Actor, Attribution, Caveat, Claim, Dispute, Evidence, Summary
from summarizer.render._common import CAVEAT_LABELS, actor_label, evidence_quote, in_quotes
from summarizer.render.markdown import escape

NO_NAMED_ACTOR = "no named actor"
"""How the report names an attribution speaker of ``null``."""

STATUS_TITLES: dict[ReviewStatus, str] = {
    ReviewStatus.CORRECTED: "Corrected",
    ReviewStatus.WRONG: "Marked wrong",
    ReviewStatus.ADDED: "Added",
    ReviewStatus.CONFIRMED: "Confirmed",
}
"""Section titles, in the order the Markdown report gives them (a test checks every status has one)."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)


class ReportChange(_Model):
    """One changed field, with the values as an editor reads them."""

    field: str
    before: str | None
    after: str | None
    before_label: str
    """``before`` as the report shows it (a speaker's name rather than its id)."""
    after_label: str


class ReportItem(_Model):
    """One item the editor acted on."""

    item: str
    kind: ReviewKind
    status: ReviewStatus
    was: str | None
    """The item as the run gave it; ``None`` for an added item."""
    now: str | None
    """The item after the review; ``None`` for an item marked wrong."""
    changes: list[ReportChange]
    evidence: list[Evidence]
    """The evidence of an added item (empty otherwise)."""
    note: str | None
    reviewer: str | None
    at: datetime


class ReviewReport(_Model):
    """What the editor did to one result."""

    headline: str
    model: str
    prompt_version: str
    article_sha256: str
    reviewer: str | None
    updated_at: datetime
    items_in_result: int
    """Actors, claims, attributions, disputes and caveats of the result."""
    reviewed: int
    """Items the review has an entry for (added items included)."""
    counts: dict[ReviewStatus, int]
    """Entries per status (every status, zero included)."""
    items: list[ReportItem]
    """In the order the editor first acted on them."""


def review_report(reviewed: ReviewedResult) -> ReviewReport:
    """The report of a reviewed file (assumed checked against its article)."""
    summary = reviewed.result.summary
    review = reviewed.review
    total = sum(
        len(items)
        for items in (summary.actors, summary.claims, summary.attributions, summary.disputes, summary.caveats)
    )
    counts = {status: sum(e.status is status for e in review.items) for status in ReviewStatus}
    return ReviewReport(
        headline=summary.headline,
        model=reviewed.result.model,
        prompt_version=reviewed.result.prompt_version,
        article_sha256=review.article_sha256,
        reviewer=review.reviewer,
        updated_at=review.updated_at,
        items_in_result=total,
        reviewed=len(review.items),
        counts=counts,
        items=[_report_item(summary, entry) for entry in review.items],
    )


def _report_item(summary: Summary, entry: ReviewItem) -> ReportItem:
    target = resolve_item(summary, entry.item)
    was = describe(summary, target) if target is not None else None
    if entry.added is not None:
        now: str | None = describe_added(summary, entry.kind, entry.added)
    elif entry.status is ReviewStatus.WRONG or target is None:
        now = None
    elif entry.changes:
        now = describe(summary, target.model_copy(update={c.field: c.after for c in entry.changes}))
    else:
        now = was
    speaker = SPEAKER_FIELDS.get(entry.kind)
    changes = [
        ReportChange(
            field=c.field,
            before=c.before,
            after=c.after,
            before_label=_value_label(summary, c.before, c.field == speaker),
            after_label=_value_label(summary, c.after, c.field == speaker),
        )
        for c in entry.changes
    ]
    return ReportItem(
        item=entry.item,
        kind=entry.kind,
        status=entry.status,
        was=was,
        now=now,
        changes=changes,
        evidence=list(entry.added.evidence) if entry.added is not None else [],
        note=entry.note,
        reviewer=entry.reviewer,
        at=entry.at,
    )


def _value_label(summary: Summary, value: str | None, speaker: bool) -> str:
    if speaker:
        return actor_label(summary, value) if value is not None else NO_NAMED_ACTOR
    return value if value is not None else "(none)"


def describe(summary: Summary, item: ReviewedTarget) -> str:
    """One line saying what an item is: ``Jane Doe: The bridge repairs cannot wait.``"""
    if isinstance(item, Actor):
        return f"{item.name} ({item.role})" if item.role else item.name
    if isinstance(item, Claim):
        return f"{actor_label(summary, item.claimant)}: {item.statement}"
    if isinstance(item, Attribution):
        speaker = actor_label(summary, item.source_actor) if item.source_actor is not None else NO_NAMED_ACTOR
        return f"{speaker}: {in_quotes(evidence_quote(item.content))}"
    if isinstance(item, Dispute):
        return item.issue
    assert isinstance(item, Caveat)
    return f"{CAVEAT_LABELS[item.kind]}: {item.text}"


def describe_added(summary: Summary, kind: ReviewKind, added: ReviewAdded) -> str:
    """One line saying what an added claim or caveat is."""
    if kind is ReviewKind.CLAIM:
        return f"{actor_label(summary, added.claimant or '')}: {added.statement}"
    label = CAVEAT_LABELS[added.caveat_kind] if added.caveat_kind is not None else "Caveat"
    return f"{label}: {added.text}"


def _title(item: ReportItem) -> str:
    _, key = parse_item_ref(item.item)
    if item.kind in (ReviewKind.DISPUTE, ReviewKind.CAVEAT) and key.isdigit():
        key = f"#{key}"
    if item.status is ReviewStatus.ADDED:
        key = f"{key} (added)"
    return f"{item.kind.value.capitalize()} {key}"


def _when(moment: datetime) -> str:
    return moment.strftime("%Y-%m-%d %H:%M UTC")


def render_review_markdown(report: ReviewReport) -> str:
    """The report as short Markdown: who reviewed, counts per status, then each item by status."""
    counts = ", ".join(f"{report.counts[s]} {STATUS_TITLES[s].lower()}" for s in STATUS_TITLES)
    reviewer = f"Reviewed by **{escape(report.reviewer)}**" if report.reviewer else "Reviewer not named"
    lines = [
        f"# Review: {escape(report.headline)}",
        "",
        f"{reviewer}; last changed {_when(report.updated_at)}. "
        f"Model {escape(report.model)}, prompt {escape(report.prompt_version)}; "
        f"article SHA-256 {report.article_sha256[:12]}\u2026",
        "",
        f"**{report.reviewed} reviewed** ({report.items_in_result} items in the summary): {counts}.",
    ]
    for status, title in STATUS_TITLES.items():
        items = [i for i in report.items if i.status is status]
        if not items:
            continue
        lines += ["", f"## {title} ({len(items)})", ""]
        for item in items:
            lines += _item_lines(item, report.reviewer)
    if not report.items:
        lines += ["", "The editor has not acted on any item yet."]
    return "\n".join(lines) + "\n"


def _item_lines(item: ReportItem, reviewer: str | None) -> list[str]:
    head = f"- **{escape(_title(item))}**"
    if item.status is ReviewStatus.ADDED:
        lines = [f"{head}: {escape(item.now or '')}"]
        quote = evidence_quote(item.evidence)
        lines.append(f"  - Evidence: \u201c{escape(quote)}\u201d")
    elif item.status is ReviewStatus.CORRECTED:
        lines = [f"{head}: was {escape(item.was or '')}", f"  - Now: {escape(item.now or '')}"]
        lines += [
            f"  - {escape(c.field)}: {escape(c.before_label)} \u2192 {escape(c.after_label)}" for c in item.changes
        ]
    else:
        lines = [f"{head}: {escape(item.was or '')}"]
    if item.note:
        lines.append(f"  - Note: {escape(item.note)}")
    if item.reviewer and item.reviewer != reviewer:
        lines.append(f"  - By {escape(item.reviewer)}, {_when(item.at)}")
    return lines


def render_review_json(report: ReviewReport) -> str:
    """The report as indented JSON (``summarizer review --format json``)."""
    return report.model_dump_json(indent=2) + "\n"
