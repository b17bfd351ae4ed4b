"""The HTML review page: the article with its evidence highlighted beside the brief.

One self-contained file (inline CSS and JS, no external assets; its Content-Security-Policy
forbids any network request). Evidence spans are highlighted by type (claim, dispute,
caveat) and linked both ways to their summary items; actors are colour-coded. Every
attribution of the article is highlighted too, underlined in its speaker's colour with
its cue marked, and linked both ways to its line in "Who said what". Overlapping
spans are split into segments, each covered by a known set of spans. Every piece of
article and model text is HTML-escaped. A pure function of a :class:`SummaryResult` and
the article text.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass
from html import escape

from summarizer.core.schema import Evidence, Summary, SummaryResult
from summarizer.render import _assets
from summarizer.render._common import (
    ATTRIBUTION_LABELS,
    CAVEAT_LABELS,
    KIND_LABELS,
    actor_label,
    footer_facts,
    group_attributions,
    group_claims,
    one_line,
    shorten,
    source_text,
)

_KIND_ORDER = ("claim", "dispute", "caveat", "attribution", "cue")


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


class _Page:
    """Collects spans while the brief is rendered, then renders the article around them."""

    def __init__(self, summary: Summary) -> None:
        self.summary = summary
        self.colours = {actor.id: i % len(_assets.ACTOR_COLOURS) for i, actor in enumerate(summary.actors)}
        self.spans: list[Span] = []

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
            quote = escape(shorten(ev.text, 90))
            links.append(
                f'<li><a class="evlink" href="#{span.ev_id}" data-ev="{span.ev_id}">\u201c{quote}\u201d</a></li>'
            )
        return f'<ul class="quotes">{"".join(links)}</ul>'

    def item_attrs(self, item_id: str, kind: str, extra: str = "") -> str:
        ev_ids = " ".join(s.ev_id for s in self.spans if s.item_id == item_id)
        return f'id="{item_id}" class="item k-{kind}{extra}" data-ev="{ev_ids}" tabindex="0"'


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
    )


def render_article(text: str, spans: list[Span]) -> str:
    """``text`` escaped, with every span wrapped in ``<mark>`` segments (overlaps split)."""
    cuts = sorted({0, len(text)} | {s.start for s in spans} | {s.end for s in spans})
    starts: dict[int, list[Span]] = {}
    for span in spans:
        starts.setdefault(span.start, []).append(span)
    out: list[str] = []
    for a, b in itertools.pairwise(cuts):
        out.extend(f'<span class="anchor" id="{s.ev_id}"></span>' for s in starts.get(a, []))
        covering = [s for s in spans if s.start <= a and b <= s.end]
        out.append(_segment(text[a:b], covering))
    out.extend(f'<span class="anchor" id="{s.ev_id}"></span>' for s in starts.get(len(text), []))
    return "".join(out)


def _segment(text: str, covering: list[Span]) -> str:
    if not covering:
        return escape(text)
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
        f'data-items="{" ".join(items)}" tabindex="0" title="{title}">{escape(text)}</mark>'
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
        f"<li><code>{escape(one_line(w.code))}</code> {escape(one_line(w.message))}</li>" for w in result.warnings
    )
    return f'<section class="warnings" role="note"><h2>Warnings</h2><ul>{items}</ul></section>'


def _actors(page: _Page) -> str:
    rows = []
    for actor in page.summary.actors:
        details = [actor.kind.value, *([escape(one_line(actor.role))] if actor.role else [])]
        if actor.aliases:
            details.append("also " + ", ".join(f"\u201c{escape(one_line(a))}\u201d" for a in actor.aliases))
        meta = " \u00b7 ".join(details)
        rows.append(
            f'<li class="actor{page.actor_class(actor.id)}"><span class="swatch"></span>'
            f'<b>{escape(one_line(actor.name))}</b> <span class="meta">{meta}</span></li>'
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
            items.append(
                f"<li {page.item_attrs(item_id, 'claim')}>"
                f'<p><span class="badge">{attribution}</span>{escape(one_line(claim.statement))}</p>{links}</li>'
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
        blocks.append(f'<h3>{escape(one_line(dispute.issue))}</h3><ul class="plain">{"".join(positions)}</ul>')
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
        items.append(
            f"<li {page.item_attrs(item_id, 'caveat')}>"
            f'<p><span class="badge">{label}</span>{escape(one_line(caveat.text))}</p>{links}</li>'
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
            items.append(
                f"<li {page.item_attrs(item_id, 'attribution')}>"
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
