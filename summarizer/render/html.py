"""The HTML review page: the article with its evidence highlighted beside the brief.

One self-contained file (inline CSS and JS, no external assets; its Content-Security-Policy
forbids any network request). Evidence spans are highlighted by type (claim, dispute,
caveat) and linked both ways to their summary items; actors are colour-coded. Every
attribution of the article is highlighted too, underlined in its speaker's colour with
its cue marked, and linked both ways to its line in "Who said what". Overlapping
spans are split into segments, each covered by a known set of spans. Every piece of
article and model text is HTML-escaped. A pure function of a :class:`SummaryResult` and
the article text.

Review mode (the page's script; without it the page is the read-only page): every actor,
claim, attribution, dispute and caveat can be confirmed, marked wrong, edited or given
another speaker, and missed claims and caveats added from a text selection; the state is
kept in the browser's localStorage under the article's SHA-256 and exported as
``NAME.reviewed.json`` (:mod:`summarizer.core.reviewed`). The result, the article hash, the
reviewable items and every vocabulary the script needs are embedded as one JSON data block
(``<script type="application/json" id="review-data">``: never executed, so the CSP stays as
strict). Every article segment carries ``data-start``, the offset (in code points, as Python
counts) of its first character, so a selection maps to exact offsets of the text.
"""

from __future__ import annotations

import hashlib
import itertools
import json
from dataclasses import dataclass, field
from html import escape
from typing import Any

from summarizer.core.reviewed import (
    ADDABLE_KINDS,
    EDITABLE_FIELDS,
    REVIEWED_FORMAT,
    SPEAKER_FIELDS,
    ReviewKind,
    ReviewStatus,
    article_sha256,
    item_ref_for,
)
from summarizer.core.schema import OUTLET, CaveatKind, Evidence, Summary, SummaryResult, SummaryWarning
from summarizer.render import _assets
from summarizer.render._common import (
    ATTRIBUTION_LABELS,
    CAVEAT_LABELS,
    KIND_LABELS,
    actor_label,
    footer_facts,
    group_attributions,
    group_claims,
    in_quotes,
    one_line,
    shorten,
    source_text,
)

_KIND_ORDER = ("claim", "dispute", "caveat", "attribution", "cue")

DATA_BLOCK_ID = "review-data"
"""Element id of the page's JSON data block (the result, the article hash, the reviewable
items and the review vocabularies)."""

NEW_KEY_PREFIX = "new-"
"""Items the editor adds are keyed ``new-<n>`` (``claim:new-1``), as :mod:`summarizer.core.reviewed` requires."""

STATUS_ACTIONS: dict[str, ReviewStatus] = {
    "confirm": ReviewStatus.CONFIRMED,
    "reject": ReviewStatus.WRONG,
    "correct": ReviewStatus.CORRECTED,
    "add": ReviewStatus.ADDED,
}
"""The status each of the page's actions records (the script knows actions, not status values)."""

ADDED_FIELDS: dict[ReviewKind, dict[str, str]] = {
    ReviewKind.CLAIM: {"text": "statement", "speaker": "claimant"},
    ReviewKind.CAVEAT: {"text": "text", "kind": "caveat_kind"},
}
"""For each kind the editor may add, which :class:`ReviewAdded` field holds its wording
(``text``), its speaker or its caveat kind."""


@dataclass(frozen=True)
class Span:
    """One evidence span of one summary item, as the page links it."""

    ev_id: str
    """Element id of the span's first segment's anchor, e.g. ``claim-2-ev-1``."""
    item_id: str
    """Element id of the summary item it supports, e.g. ``claim-2`` or ``dispute-1-p-2``."""
    kind: str
    """``claim``, ``dispute``, ``caveat``, ``attribution`` (its content) or ``cue``."""
    actor: int | None
    """Colour index of the actor behind the item, if any."""
    start: int
    end: int


@dataclass(frozen=True)
class ReviewTarget:
    """One item an editor can review, as the page's data block describes it."""

    ref: str
    """The item's ref in the reviewed file (``claim:c1``, ``dispute:1``...)."""
    kind: ReviewKind
    element: str
    """Element id of the item on the page."""
    label: str
    """One short line naming the item in the "needs a look" queue."""
    values: dict[str, str | None]
    """Each editable field's value in the result (what a change's ``before`` is)."""
    flags: list[str] = field(default_factory=list)
    """The warnings about this item (``code: message``), if the library flagged it."""

    def as_json(self) -> dict[str, Any]:
        """The item as the script reads it."""
        return {
            "ref": self.ref,
            "kind": self.kind.value,
            "element": self.element,
            "label": self.label,
            "values": self.values,
            "flags": self.flags,
        }


class _Page:
    """Collects spans and reviewable items while the brief is rendered, then renders the article around them."""

    def __init__(self, summary: Summary) -> None:
        self.summary = summary
        self.colours = {actor.id: i % len(_assets.ACTOR_COLOURS) for i, actor in enumerate(summary.actors)}
        self.spans: list[Span] = []
        self.targets: list[ReviewTarget] = []

    def actor_class(self, actor_id: str) -> str:
        colour = self.colours.get(actor_id)
        return f" a-{colour}" if colour is not None else ""

    def evidence_links(
        self, item_id: str, kind: str, actor_id: str | None, evidence: list[Evidence], part: str = "ev"
    ) -> str:
        """Register the item's spans (ids ``ITEM-PART-N``); return its quote links."""
        links = []
        for j, ev in enumerate(evidence):
            span = Span(f"{item_id}-{part}-{j}", item_id, kind, self.colours.get(actor_id or ""), ev.start, ev.end)
            self.spans.append(span)
            quote = escape(in_quotes(shorten(ev.text, 90)))
            links.append(f'<li><a class="evlink" href="#{span.ev_id}" data-ev="{span.ev_id}">{quote}</a></li>')
        return f'<ul class="quotes">{"".join(links)}</ul>'

    def item_attrs(self, item_id: str, kind: str, extra: str = "") -> str:
        ev_ids = " ".join(s.ev_id for s in self.spans if s.item_id == item_id)
        return f'id="{item_id}" class="item k-{kind}{extra}" data-ev="{ev_ids}" tabindex="0"'

    def reviewable(self, kind: ReviewKind, key: str | int, element: str, label: str, item: object) -> str:
        """Register one reviewable item; return the ``data-ref`` attribute its element carries."""
        ref = item_ref_for(kind, key)
        values = {name: getattr(item, name) for name in EDITABLE_FIELDS[kind]}
        self.targets.append(ReviewTarget(ref, kind, element, shorten(one_line(label), 110), values))
        return f'data-ref="{escape(ref)}"'


def render_html(result: SummaryResult, text: str | None = None) -> str:
    """The review page of ``result`` as one self-contained HTML document.

    Args:
        result: the summary.
        text: the string that was summarised; ignored when ``result.source_text`` is set
            (HTML input), since the evidence offsets index that text instead.

    Raises:
        InputError: no text, or evidence spans that do not match it.
    """
    article = source_text(result, text)
    summary = result.summary
    page = _Page(summary)
    brief = "\n".join(
        [
            _warnings(result),
            f'<p class="lede">{escape(one_line(summary.summary))}</p>',
            _actors(page),
            _claims(page),
            _disputes(page),
            _caveats(page),
            _who_said_what(page),
            _facts(result),
        ]
    )
    note = "Extracted from a saved web page; " if result.source_text is not None else ""
    return _assets.PAGE.format(
        csp=escape(_assets.CONTENT_SECURITY_POLICY),
        title=escape(one_line(summary.headline) or "Summary review"),
        style=_assets.STYLE,
        script=_assets.SCRIPT,
        legend=_legend(summary),
        brief=brief,
        note=f"{note}highlighted spans are the evidence cited by the brief. Click one to see its item.",
        article=render_article(article, page.spans),
        add_buttons=_add_buttons(),
        data_id=DATA_BLOCK_ID,
        data=embed_json(review_data(result, article, _with_flags(page.targets, result.warnings))),
    )


def review_data(result: SummaryResult, article: str, targets: list[ReviewTarget]) -> dict[str, Any]:
    """What the page's script needs for review mode (the JSON data block), vocabularies included.

    ``targets`` are the reviewable items in queue order. The vocabularies come from
    :mod:`summarizer.core.reviewed` and :mod:`summarizer.core.schema`, so the script
    hard-codes none of them.
    """
    summary = result.summary
    actors = [{"id": a.id, "name": one_line(a.name)} for a in summary.actors]
    actors.append({"id": OUTLET, "name": actor_label(summary, OUTLET)})
    return {
        "vocabulary": {
            "format": REVIEWED_FORMAT,
            "kinds": [k.value for k in ReviewKind],
            "statuses": [s.value for s in ReviewStatus],
            "actions": {action: status.value for action, status in STATUS_ACTIONS.items()},
            "editable": {k.value: list(fields) for k, fields in EDITABLE_FIELDS.items()},
            "speaker": {k.value: name for k, name in SPEAKER_FIELDS.items()},
            "addable": [k.value for k in ADDABLE_KINDS],
            "added": {k.value: fields for k, fields in ADDED_FIELDS.items()},
            "new_ref": {k.value: item_ref_for(k, NEW_KEY_PREFIX) for k in ADDABLE_KINDS},
            "caveat_kinds": [{"value": k.value, "label": CAVEAT_LABELS.get(k.value, k.value)} for k in CaveatKind],
        },
        "article_sha256": article_sha256(article),
        "result_sha256": hashlib.sha256(result.model_dump_json().encode("utf-8")).hexdigest(),
        "actors": actors,
        "items": [t.as_json() for t in targets],
        "result": result.model_copy(update={"source_text": article}).model_dump(mode="json"),
    }


def _add_buttons() -> str:
    return "".join(
        f'<button type="button" data-add="{k.value}" disabled>Add as {k.value}</button> ' for k in ADDABLE_KINDS
    )


def embed_json(data: object) -> str:
    """``data`` as JSON that is safe inside a ``<script>`` element: no ``<``, ``>`` or ``&``
    (written as ``\\u003c``... escapes), so neither ``</script>`` nor ``<!--`` can occur."""
    text = json.dumps(data, ensure_ascii=False, separators=(",", ":"))
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _with_flags(targets: list[ReviewTarget], warnings: list[SummaryWarning]) -> list[ReviewTarget]:
    """The targets in queue order: those a warning points at (``SummaryWarning.item``) first,
    each with its warnings, then the rest in page order."""
    flags: dict[str, list[str]] = {}
    for warning in warnings:
        if warning.item is not None:
            flags.setdefault(warning.item, []).append(shorten(one_line(f"{warning.code}: {warning.message}"), 200))
    flagged = [
        ReviewTarget(t.ref, t.kind, t.element, t.label, t.values, flags[t.ref]) for t in targets if t.ref in flags
    ]
    return flagged + [t for t in targets if t.ref not in flags]


def render_article(text: str, spans: list[Span]) -> str:
    """``text`` escaped, with every span wrapped in ``<mark>`` segments (overlaps split).

    Every segment (marked or not) is one element with ``data-start``, the offset of its first
    character in ``text``, holding exactly its text; carriage returns are written as
    ``&#13;`` so the browser keeps them and a segment's text stays that of ``text``.
    """
    cuts = sorted({0, len(text)} | {s.start for s in spans} | {s.end for s in spans})
    starts: dict[int, list[Span]] = {}
    for span in spans:
        starts.setdefault(span.start, []).append(span)
    out: list[str] = []
    for a, b in itertools.pairwise(cuts):
        out.extend(f'<span class="anchor" id="{s.ev_id}"></span>' for s in starts.get(a, []))
        covering = [s for s in spans if s.start <= a and b <= s.end]
        out.append(_segment(text[a:b], a, covering))
    out.extend(f'<span class="anchor" id="{s.ev_id}"></span>' for s in starts.get(len(text), []))
    return "".join(out)


def _segment(text: str, start: int, covering: list[Span]) -> str:
    body = escape(text).replace("\r", "&#13;")
    if not covering:
        return f'<span class="seg" data-start="{start}">{body}</span>'
    kinds = [k for k in _KIND_ORDER if any(s.kind == k for s in covering)]
    classes = ["ev", *(f"k-{k}" for k in kinds)]
    if len(covering) > 1:
        classes.append("multi")
    actor = next((s.actor for s in covering if s.actor is not None), None)
    if actor is not None:
        classes.append(f"a-{actor}")
    items = list(dict.fromkeys(s.item_id for s in covering))
    title = " + ".join(f"{len([s for s in covering if s.kind == k])} {k}" for k in kinds)
    return (
        f'<mark class="{" ".join(classes)}" data-ev="{" ".join(s.ev_id for s in covering)}" '
        f'data-items="{" ".join(items)}" data-start="{start}" tabindex="0" title="{title}">{body}</mark>'
    )


def _legend(summary: Summary) -> str:
    def count(n: int, noun: str) -> str:
        return f"{n} {noun}{'s' if n != 1 else ''}"

    return (
        '<span class="key k-claim">claim</span>'
        '<span class="key k-dispute">dispute</span><span class="key k-caveat">caveat</span>'
        '<span class="key k-attribution">attribution</span> '
        f"{count(len(summary.actors), 'actor')} \u00b7 {count(len(summary.claims), 'claim')} \u00b7 "
        f"{count(len(summary.disputes), 'dispute')} \u00b7 {count(len(summary.caveats), 'caveat')} \u00b7 "
        f"{count(len(summary.attributions), 'attribution')}"
    )


def _empty(message: str) -> str:
    return f'<p class="empty">{message}</p>'


def _warnings(result: SummaryResult) -> str:
    if not result.warnings:
        return ""
    items = "".join(
        f"<li{_warning_ref(w)}><code>{escape(one_line(w.code))}</code> {escape(one_line(w.message))}</li>"
        for w in result.warnings
    )
    return f'<section class="warnings" role="note"><h2>Warnings</h2><ul>{items}</ul></section>'


def _warning_ref(warning: SummaryWarning) -> str:
    return f' data-item="{escape(warning.item)}"' if warning.item is not None else ""


def _actors(page: _Page) -> str:
    rows = []
    for n, actor in enumerate(page.summary.actors, start=1):
        details = [actor.kind.value, *([escape(one_line(actor.role))] if actor.role else [])]
        if actor.aliases:
            details.append("also " + ", ".join(f"\u201c{escape(one_line(a))}\u201d" for a in actor.aliases))
        meta = " \u00b7 ".join(details)
        element = f"actor-{n}"
        ref = page.reviewable(ReviewKind.ACTOR, actor.id, element, actor.name, actor)
        rows.append(
            f'<li class="actor{page.actor_class(actor.id)}" id="{element}" {ref}><span class="swatch"></span>'
            f'<b class="rv-text">{escape(one_line(actor.name))}</b> <span class="meta">{meta}</span></li>'
        )
    body = f'<ul class="plain">{"".join(rows)}</ul>' if rows else _empty("The summary names no actors.")
    return f"<section><h2>Actors</h2>{body}</section>"


def _claims(page: _Page) -> str:
    groups = group_claims(page.summary)
    if not groups:
        return f"<section><h2>Claims</h2>{_empty('The summary records no claims.')}</section>"
    blocks = []
    for group in groups:
        items = []
        for index, claim in group.claims:
            item_id = f"claim-{index + 1}"
            links = page.evidence_links(item_id, "claim", claim.claimant, claim.evidence)
            attribution = ATTRIBUTION_LABELS.get(claim.attribution.value, claim.attribution.value)
            ref = page.reviewable(ReviewKind.CLAIM, claim.id, item_id, claim.statement, claim)
            items.append(
                f"<li {page.item_attrs(item_id, 'claim')} {ref}>"
                f'<p><span class="badge">{attribution}</span>'
                f'<span class="rv-text">{escape(one_line(claim.statement))}</span></p>{links}</li>'
            )
        blocks.append(
            f'<h3 class="claimant{page.actor_class(group.claimant)}">{escape(one_line(group.label))}</h3>'
            f'<ol class="plain">{"".join(items)}</ol>'
        )
    return f"<section><h2>Claims</h2>{''.join(blocks)}</section>"


def _disputes(page: _Page) -> str:
    if not page.summary.disputes:
        return f"<section><h2>Disputes</h2>{_empty('The summary records no disputes.')}</section>"
    blocks = []
    for d, dispute in enumerate(page.summary.disputes, start=1):
        positions = []
        for p, position in enumerate(dispute.positions, start=1):
            item_id = f"dispute-{d}-p-{p}"
            links = page.evidence_links(item_id, "dispute", position.actor, position.evidence)
            who = escape(one_line(actor_label(page.summary, position.actor)))
            positions.append(
                f"<li {page.item_attrs(item_id, 'dispute', page.actor_class(position.actor))}>"
                f'<p><span class="swatch"></span><b>{who}:</b> {escape(one_line(position.position))}</p>'
                f"{links}</li>"
            )
        element = f"dispute-{d}"
        ref = page.reviewable(ReviewKind.DISPUTE, d, element, dispute.issue, dispute)
        blocks.append(
            f'<div class="dispute" id="{element}" {ref}><h3 class="rv-text">{escape(one_line(dispute.issue))}</h3>'
            f'<ul class="plain">{"".join(positions)}</ul></div>'
        )
    return f"<section><h2>Disputes</h2>{''.join(blocks)}</section>"


def _caveats(page: _Page) -> str:
    title = "<h2>What the article does not establish</h2>"
    if not page.summary.caveats:
        return f"<section>{title}{_empty('The summary records no caveats.')}</section>"
    items = []
    for c, caveat in enumerate(page.summary.caveats, start=1):
        item_id = f"caveat-{c}"
        links = page.evidence_links(item_id, "caveat", None, caveat.evidence)
        label = CAVEAT_LABELS.get(caveat.kind.value, caveat.kind.value)
        ref = page.reviewable(ReviewKind.CAVEAT, c, item_id, caveat.text, caveat)
        items.append(
            f"<li {page.item_attrs(item_id, 'caveat')} {ref}>"
            f'<p><span class="badge">{label}</span><span class="rv-text">{escape(one_line(caveat.text))}</span></p>'
            f"{links}</li>"
        )
    return f'<section>{title}<ul class="plain">{"".join(items)}</ul></section>'


def _who_said_what(page: _Page) -> str:
    if not page.summary.attributions:
        return ""
    blocks = []
    for group in group_attributions(page.summary):
        items = []
        for attribution in group.attributions:
            item_id = f"attribution-{attribution.id}"
            links = page.evidence_links(item_id, "attribution", attribution.source_actor, attribution.content)
            page.evidence_links(item_id, "cue", attribution.source_actor, attribution.cue, "cue")  # marked, not listed
            cue = " \u2026 ".join(one_line(e.text) for e in attribution.cue)
            kind = KIND_LABELS.get(attribution.kind, attribution.kind.value)
            content = " \u2026 ".join(e.text for e in attribution.content)
            label = f"{group.label}: {in_quotes(content)}"
            ref = page.reviewable(ReviewKind.ATTRIBUTION, attribution.id, item_id, label, attribution)
            items.append(
                f"<li {page.item_attrs(item_id, 'attribution')} {ref}>"
                f'<p><span class="badge">{escape(kind)}</span><span class="meta">{escape(cue)} '
                f"\u00b7 {escape(attribution.id)}</span></p>{links}</li>"
            )
        colour = page.actor_class(group.key[1:]) if group.key.startswith("@") else ""
        blocks.append(
            f'<h3 class="claimant{colour}">{escape(one_line(group.label))}</h3><ul class="plain">{"".join(items)}</ul>'
        )
    return f"<section><h2>Who said what</h2>{''.join(blocks)}</section>"


def _facts(result: SummaryResult) -> str:
    rows = "".join(f"<dt>{label}</dt><dd>{escape(value)}</dd>" for label, value in footer_facts(result))
    return f'<section><h2>How this summary was made</h2><dl class="facts">{rows}</dl></section>'
