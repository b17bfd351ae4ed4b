"""Parse the model's text into the wire schema, with short error lines for a re-ask."""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import TypeVar

from pydantic import BaseModel, ValidationError

from summarizer.prompting.wire import WireSummary

_W = TypeVar("_W", bound=BaseModel)

_FENCE = re.compile(r"^\s*```(?:json)?\s*(.*?)\s*```\s*$", re.DOTALL)


class WireParseError(Exception):
    """The text is not JSON of the wire schema. ``problems`` are short, specific lines."""

    def __init__(self, problems: list[str]) -> None:
        super().__init__("; ".join(problems))
        self.problems = problems


def parse_wire(text: str, model: type[_W] = WireSummary) -> _W:  # type: ignore[assignment]
    """Parse and validate into ``model``; tolerate a Markdown code fence around the JSON."""
    stripped = text.strip()
    if not stripped:
        raise WireParseError(["the answer was empty: return one JSON object"])
    if match := _FENCE.match(stripped):
        stripped = match.group(1)
    try:
        data = json.loads(stripped)
    except json.JSONDecodeError as e:
        raise WireParseError([f"the answer is not valid JSON ({e.msg} at character {e.pos})"]) from None
    if not isinstance(data, dict):
        raise WireParseError(["the answer must be one JSON object, not a list or a value"])
    try:
        return model.model_validate(data)
    except ValidationError as e:
        raise WireParseError([_describe(err) for err in e.errors()[:12]]) from None


def _describe(err: Mapping[str, object]) -> str:
    loc = err.get("loc") or ()
    path = "".join(f"[{p}]" if isinstance(p, int) else f".{p}" for p in loc).lstrip(".")  # type: ignore[attr-defined]
    return f"{path or 'the object'}: {err.get('msg')}"
