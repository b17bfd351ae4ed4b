"""Hand-built reviewed files (``NAME.reviewed.json``) over the bridge article of samples.py.

Every span is computed from the article text, so the good file matches its article exactly;
tests break one thing at a time to get each kind of bad file.
"""

from __future__ import annotations

import copy
import json
from typing import Any

from summarizer import Attribution, Evidence, SummaryResult
from summarizer.core.reviewed import REVIEWED_FORMAT, article_sha256
from summarizer.core.schema import AttributionKind
from tests.support.samples import bridge_article, bridge_result, ev

AT = "2026-12-01T12:00:00Z"


def bridge_text() -> str:
    """The article every reviewed file here reviews."""
    return bridge_article()


def span(text: str, fragment: str, after: str = "") -> dict[str, Any]:
    """An evidence span as the page exports it: ``fragment``'s first occurrence after ``after``."""
    start = text.index(fragment, text.index(after) if after else 0)
    return {"text": fragment, "start": start, "end": start + len(fragment)}


def reviewed_bridge_result(text: str) -> SummaryResult:
    """The bridge result with one attribution (Roe's) and ``source_text`` filled, as exported."""
    result = bridge_result(text)
    cue = span(text, "said", after="John Roe")
    attribution = Attribution(
        id="a1",
        kind=AttributionKind.INDIRECT,
        source_actor="john-roe",
        source=[ev(text, "Council member John Roe")],
        cue=[Evidence(**cue)],
        content=[ev(text, "the repair estimate was inflated by at least a third")],
    )
    summary = result.summary.model_copy(update={"attributions": [attribution]})
    return result.model_copy(update={"summary": summary, "source_text": text})


def entry(ref: str, status: str, **fields: Any) -> dict[str, Any]:
    """One review item, with the defaults the page writes."""
    return {
        "item": ref,
        "kind": ref.split(":", 1)[0],
        "status": status,
        "changes": fields.pop("changes", []),
        "added": fields.pop("added", None),
        "note": fields.pop("note", None),
        "reviewer": fields.pop("reviewer", "Ed Itor"),
        "at": fields.pop("at", AT),
        **fields,
    }


def good_items(text: str) -> list[dict[str, Any]]:
    """One of every action: confirm, wrong, edit, reassign (claim and attribution), add a caveat."""
    return [
        entry("actor:jane-doe", "confirmed"),
        entry("claim:c5", "wrong", note="a protester's sign, not a claim"),
        entry(
            "claim:c2",
            "corrected",
            changes=[
                {
                    "field": "statement",
                    "before": "The repair estimate is inflated by at least a third.",
                    "after": "The repair estimate is inflated by a third or more.",
                },
                {"field": "claimant", "before": "john-roe", "after": "jane-doe"},
            ],
            note="speaker swapped",
        ),
        entry("attribution:a1", "corrected", changes=[{"field": "source_actor", "before": "john-roe", "after": None}]),
        entry("caveat:1", "confirmed", reviewer="Second Editor"),
        entry(
            "caveat:new-1",
            "added",
            added={
                "text": "When work would begin is unclear.",
                "caveat_kind": "unclear",
                "evidence": [span(text, "it is unclear when work would begin")],
            },
        ),
    ]


def reviewed_data(text: str | None = None, items: list[dict[str, Any]] | None = None) -> dict[str, Any]:
    """A good reviewed file as a JSON object (a fresh copy each call)."""
    text = bridge_text() if text is None else text
    result = reviewed_bridge_result(text)
    return copy.deepcopy(
        {
            "format": REVIEWED_FORMAT,
            "result": json.loads(result.model_dump_json()),
            "review": {
                "article_sha256": article_sha256(text),
                "reviewer": "Ed Itor",
                "updated_at": AT,
                "items": good_items(text) if items is None else items,
            },
        }
    )
