"""The wire format: what the model is asked to write.

It differs from the public schema on purpose. The model cites sentences by number instead
of retyping quotes (grounded by construction, and far fewer output tokens), names actors
instead of inventing ids, and every list is bounded so a small model cannot degenerate
into citing every sentence for every item.
"""

from __future__ import annotations

import copy
import functools
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from summarizer.core.schema import OUTLET, UNATTRIBUTED, ActorKind, CaveatKind, ClaimAttribution

MAX_ACTORS = 8
MAX_CLAIMS = 8
MAX_DISPUTES = 3
MAX_POSITIONS = 3
MAX_CAVEATS = 4
MAX_CITES = 3

Cites = list[int]


class _Wire(BaseModel):
    model_config = ConfigDict(extra="ignore")


class WireActor(_Wire):
    name: str = Field(min_length=1)
    kind: ActorKind
    role: str | None = None


class WireClaim(_Wire):
    claimant: str = Field(min_length=1)
    attribution: ClaimAttribution
    statement: str = Field(min_length=1)
    sentences: Cites = Field(min_length=1, max_length=MAX_CITES)
    quote: str | None = None


class WirePosition(_Wire):
    actor: str = Field(min_length=1)
    position: str = Field(min_length=1)
    sentences: Cites = Field(min_length=1, max_length=MAX_CITES)


class WireDispute(_Wire):
    issue: str = Field(min_length=1)
    positions: list[WirePosition] = Field(min_length=2, max_length=MAX_POSITIONS)


class WireCaveat(_Wire):
    kind: CaveatKind
    text: str = Field(min_length=1)
    sentences: Cites = Field(min_length=1, max_length=MAX_CITES)


class WireSummary(_Wire):
    """The model's answer, before grounding."""

    headline: str = Field(min_length=1)
    summary: str = Field(min_length=1)
    actors: list[WireActor] = Field(min_length=1, max_length=MAX_ACTORS)
    claims: list[WireClaim] = Field(min_length=1, max_length=MAX_CLAIMS)
    disputes: list[WireDispute] = Field(default_factory=list, max_length=MAX_DISPUTES)
    caveats: list[WireCaveat] = Field(default_factory=list, max_length=MAX_CAVEATS)


def minimum_items(sentence_count: int) -> tuple[int, int]:
    """How many actors and claims an article of this length must at least yield.

    A small model returns near-empty lists unless asked for items; a longer article has
    more to say. The bounds stay low enough that a real article always meets them.
    """
    return min(4, max(1, sentence_count // 5)), min(5, max(1, sentence_count // 4))


def wire_json_schema(sentence_count: int, names: list[str] | None = None) -> dict[str, Any]:
    """The JSON Schema sent to the model for an article of ``sentence_count`` sentences.

    Self-contained (no ``$ref``), every property required, no extra properties, and
    sentence numbers limited to ``1..sentence_count`` (an enum): accepted by OpenAI's strict mode
    and compilable to a grammar by llama.cpp. Lists are bounded above (and, for actors
    and claims, below) so a small model neither degenerates nor returns nothing. With
    ``names`` (the names the article uses), actor names and references are limited to
    them: grounded by construction where the endpoint enforces the schema.
    """
    schema = copy.deepcopy(_base_schema())
    defs = schema.pop("$defs", {})
    out: dict[str, Any] = _tidy(schema, defs, max(1, sentence_count))
    min_actors, min_claims = minimum_items(sentence_count)
    out["properties"]["actors"]["minItems"] = min_actors
    out["properties"]["claims"]["minItems"] = min_claims
    if names:
        props = out["properties"]
        props["actors"]["items"]["properties"]["name"] = {"type": "string", "enum": names}
        props["claims"]["items"]["properties"]["claimant"] = {
            "type": "string",
            "enum": [*names, OUTLET, UNATTRIBUTED],
        }
        position = props["disputes"]["items"]["properties"]["positions"]["items"]["properties"]
        position["actor"] = {"type": "string", "enum": names}
    return out


@functools.cache
def _base_schema() -> dict[str, Any]:
    """Pydantic's schema of :class:`WireSummary` (built once: it takes milliseconds)."""
    return WireSummary.model_json_schema()


def _tidy(node: Any, defs: dict[str, Any], sentence_count: int) -> Any:
    if isinstance(node, list):
        return [_tidy(item, defs, sentence_count) for item in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        return _tidy(copy.deepcopy(defs[node["$ref"].rsplit("/", 1)[-1]]), defs, sentence_count)
    # String lengths stay out of the sent schema: llama.cpp would expand them into huge
    # grammars. Pydantic still checks them, and output length is bounded by max tokens.
    dropped = ("title", "default", "description", "minLength", "maxLength")
    out = {k: _tidy(v, defs, sentence_count) for k, v in node.items() if k not in dropped}
    if out.get("type") == "object":
        out["required"] = list(out.get("properties", {}))
        out["additionalProperties"] = False
    if "sentences" in out.get("properties", {}):
        # An enum, not minimum/maximum: llama.cpp's grammar ignores integer bounds (measured:
        # the 1.5B model cited sentences 21-23 of a 20-sentence article), and OpenAI's strict
        # mode accepts both.
        out["properties"]["sentences"]["items"] = {"type": "integer", "enum": list(range(1, sentence_count + 1))}
    return out
