"""Hedges: where the article marks its own uncertainty.

Each token is offered to the rules of :mod:`~summarizer.analysis.hedge_rules` keyed by
its lemma or lower-case form: not confirmed or verified; declined to comment, did not
respond, has been asked for comment, could not be reached; unclear, not known, did not
say how; anonymous, unnamed or "familiar with" sources, a single source; disputed,
conflicting reports; "allegedly", "reportedly", "purportedly", "apparently", "appears to".
A hedge inside a direct quote is the speaker's, not the outlet's, and is skipped; cues
that overlap are one hedge (the first found).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from summarizer.analysis.found import FoundHedge
from summarizer.analysis.hedge_rules import Cue, Rule, rule_table
from summarizer.analysis.hedge_scope import QuoteRegions
from summarizer.analysis.parsed import Parsed

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_RULES: dict[str, list[Rule]] = rule_table()


def find_hedges(parsed: Parsed, quotes: QuoteRegions | None = None) -> list[FoundHedge]:
    """Every hedge of the article outside direct quotes, in order, one per cue."""
    doc = parsed.doc
    quotes = quotes if quotes is not None else QuoteRegions.of(parsed)
    found: list[FoundHedge] = []
    last_end = -1
    for tok in doc:
        cue = _first_cue(tok)
        if cue is None or quotes.inside(tok.idx):
            continue
        kind, start, end = cue
        if start < last_end:
            continue  # overlaps the previous hedge's cue
        last_end = end
        found.append(FoundHedge(kind=kind, cue=_chars(doc, start, end)))
    return found


def _first_cue(tok: Token) -> Cue | None:
    rules = _RULES.get(tok.lemma_.lower()) or _RULES.get(tok.lower_)
    if not rules:
        return None
    for rule in rules:
        cue = rule(tok)
        if cue is not None:
            return cue
    return None


def _chars(doc: Doc, start: int, end: int) -> tuple[int, int]:
    last = doc[end - 1]
    return int(doc[start].idx), int(last.idx) + len(last.text)
