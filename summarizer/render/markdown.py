"""The Markdown brief: what an editor reads first.

Headline and summary, a table of actors, claims grouped by claimant with a short evidence
quote each, disputes side by side, what the article does not establish, who said what
(every attribution of the article, grouped by source), warnings, and a footer saying how
the summary was made. A pure function of a :class:`SummaryResult`.
:func:`render_analysis_markdown` does the same for an :class:`Analysis` alone (no model):
actors, who said what, and the places the article marks its own uncertainty.

All model and article text is escaped and folded onto one line, so nothing in it can
start a heading, list, table row or HTML block.
"""

from __future__ import annotations

import re

from summarizer.core.schema import (
    Actor,
    Analysis,
    Caveat,
    Dispute,
    Evidence,
    Hedge,
    Summary,
    SummaryResult,
    SummaryWarning,
)
from summarizer.render._common import (
    ATTRIBUTION_LABELS,
    CAVEAT_LABELS,
    KIND_LABELS,
    ClaimGroup,
    actor_label,
    evidence_quote,
    footer_facts,
    group_attributions,
    group_claims,
    in_quotes,
    one_line,
)

CAVEATS_TITLE = "What the article does not establish"

_INLINE_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
_ENTITY = re.compile(r"&(?=#?\w+;)")
_BLOCK_START = re.compile(r"^(\s*)(?:([#>+=-])|(\d+)([.)]))")


def escape(text: str) -> str:
    """``text`` as literal Markdown inline content, on one line.

    Backslash-escapes the characters that format inline text (emphasis, code, links,
    HTML, table pipes, strikethrough) and anything that looks like an HTML entity.
    """
    flat = one_line(text)
    return _ENTITY.sub(r"\\&", _INLINE_SPECIAL.sub(r"\\\1", flat))


def escape_line(text: str) -> str:
    """Like :func:`escape`, for text that starts a line: a leading ``#``, ``-``, ``>``,
    ``1.`` and the like cannot open a block either."""
    return _BLOCK_START.sub(_escape_block_start, escape(text), count=1)


def _escape_block_start(match: re.Match[str]) -> str:
    indent, marker, number, delimiter = match.groups()
    if marker:
        return f"{indent}\\{marker}"
    return f"{indent}{number}\\{delimiter}"  # a digit cannot be escaped: its delimiter can


def _heading(level: int, text: str, fallback: str) -> str:
    content = escape(text) or fallback
    if content.endswith("#"):  # a trailing run of # would close the ATX heading
        content = content[:-1] + "\\#"
    return f"{'#' * level} {content}"


def render_markdown(result: SummaryResult) -> str:
    """The Markdown brief of ``result`` (ends with a newline)."""
    summary = result.summary
    parts = [
        _heading(1, summary.headline, "Untitled summary"),
        escape_line(summary.summary) or "_No summary was given._",
        _actors(summary.actors),
        _claims(summary, group_claims(summary)),
        _disputes(summary, summary.disputes),
        _caveats(summary.caveats),
        *([_who_said_what(summary)] if summary.attributions else []),
    ]
    if result.warnings:
        parts.append(_warnings(result))
    parts.append(_footer(result))
    return "\n\n".join(parts) + "\n"


HEDGES_TITLE = "Where the article marks its own uncertainty"


def render_analysis_markdown(analysis: Analysis) -> str:
    """The Markdown of an :class:`Analysis` (ends with a newline): every actor, every
    attribution grouped by source, every hedge, and the analysis' warnings."""
    index = Summary(headline="", summary="", actors=analysis.actors, attributions=analysis.attributions)
    parts = [
        "# Analysis",
        f"_{len(analysis.actors)} actors, {len(analysis.attributions)} attributions, {len(analysis.hedges)} hedges "
        "found by the rules, with no model._",
        _actors(analysis.actors),
        _who_said_what(index) if analysis.attributions else "## Who said what\n\n_No attribution was found._",
        _hedges(analysis.hedges),
    ]
    if analysis.warnings:
        parts.append(_warning_list(analysis.warnings))
    return "\n\n".join(parts) + "\n"


def _hedges(hedges: list[Hedge]) -> str:
    if not hedges:
        return f"## {HEDGES_TITLE}\n\n_No hedge was found._"
    lines = [f"## {HEDGES_TITLE}", ""]
    for hedge in hedges:
        label = CAVEAT_LABELS.get(hedge.kind.value, hedge.kind.value)
        cue = escape(one_line(hedge.cue.text))
        lines.append(f"- **{label}:** {in_quotes(cue)} _(sentence {hedge.sentence_number}; {hedge.id})_")
        lines.append(_quote([hedge.sentence]))
    return "\n".join(lines)


def _actors(actors: list[Actor]) -> str:
    if not actors:
        return "## Actors\n\n_The summary names no actors._"
    rows = ["| Actor | Kind | Role | Also called |", "| --- | --- | --- | --- |"]
    for actor in actors:
        aliases = ", ".join(escape(alias) for alias in actor.aliases) or "\u2014"
        role = escape(actor.role) if actor.role else "\u2014"
        rows.append(f"| {escape(actor.name)} | {actor.kind.value} | {role} | {aliases} |")
    return "## Actors\n\n" + "\n".join(rows)


def _quote(evidence: list[Evidence]) -> str:
    return f"  > {in_quotes(escape(evidence_quote(evidence)))}"


def _claims(summary: Summary, groups: list[ClaimGroup]) -> str:
    if not groups:
        return "## Claims\n\n_The summary records no claims._"
    blocks = ["## Claims"]
    for group in groups:
        lines = [_heading(3, group.label, "Unknown claimant"), ""]
        for _, claim in group.claims:
            attribution = ATTRIBUTION_LABELS.get(claim.attribution.value, claim.attribution.value)
            lines.append(f"- {escape_line(claim.statement)} _({attribution})_")
            lines.append(_quote(claim.evidence))
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def _disputes(summary: Summary, disputes: list[Dispute]) -> str:
    if not disputes:
        return "## Disputes\n\n_The summary records no disputes._"
    blocks = ["## Disputes"]
    for dispute in disputes:
        lines = [_heading(3, dispute.issue, "Unnamed issue"), ""]
        for position in dispute.positions:
            lines.append(f"- **{escape(actor_label(summary, position.actor))}:** {escape(position.position)}")
            lines.append(_quote(position.evidence))
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def _caveats(caveats: list[Caveat]) -> str:
    if not caveats:
        return f"## {CAVEATS_TITLE}\n\n_The summary records no caveats: check the article before relying on it._"
    lines = [f"## {CAVEATS_TITLE}", ""]
    for caveat in caveats:
        label = CAVEAT_LABELS.get(caveat.kind.value, caveat.kind.value)
        lines.append(f"- **{label}:** {escape(caveat.text)}")
        lines.append(_quote(caveat.evidence))
    return "\n".join(lines)


WHO_SAID_WHAT_QUOTE = 110
"""Longest quote (characters) per attribution in the "Who said what" index."""


def _who_said_what(summary: Summary) -> str:
    """Every attribution of the article, grouped by source, as short quotes."""
    blocks = ["## Who said what"]
    for group in group_attributions(summary):
        lines = [_heading(3, group.label, "Unknown source"), ""]
        for attribution in group.attributions:
            cue = " \u2026 ".join(one_line(e.text) for e in attribution.cue)
            quote = escape(evidence_quote(attribution.content, WHO_SAID_WHAT_QUOTE))
            kind = KIND_LABELS.get(attribution.kind, attribution.kind.value)
            lines.append(f"- {in_quotes(quote)} _({escape(cue)}; {kind}; {attribution.id})_")
        blocks.append("\n".join(lines))
    return "\n\n".join(blocks)


def _warnings(result: SummaryResult) -> str:
    return _warning_list(result.warnings)


def _warning_list(warnings: list[SummaryWarning]) -> str:
    lines = ["## Warnings", ""]
    for warning in warnings:
        code = one_line(warning.code).replace("`", "'")
        lines.append(f"- `{code}`: {escape(warning.message)}")
    return "\n".join(lines)


def _footer(result: SummaryResult) -> str:
    facts = " \u00b7 ".join(f"{label}: {escape(value)}" for label, value in footer_facts(result))
    return f"---\n\n_{facts}_"
