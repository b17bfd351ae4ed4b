"""Structured-output modes: how a request asks the endpoint to keep to the wire schema."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from summarizer.core.options import StructuredOutputMode

Mode = str  # one of "json_schema", "llama_json_object", "json_object"


def candidate_modes(requested: StructuredOutputMode, base_url: str | None, *, local: bool) -> list[Mode]:
    """Modes to try in order. ``auto`` picks by endpoint and falls back on rejection."""
    if requested != "auto":
        return [requested]
    if local:  # the embedded llama-cpp-python server: json_schema is rejected there
        return ["llama_json_object", "json_object"]
    host = urlsplit(base_url).hostname if base_url else "api.openai.com"
    if host and host.endswith("openai.com"):
        return ["json_schema", "json_object"]
    return ["json_schema", "llama_json_object", "json_object"]


def response_format(mode: Mode, schema: dict[str, Any]) -> dict[str, Any]:
    """The ``response_format`` request field for ``mode``."""
    if mode == "json_schema":
        return {"type": "json_schema", "json_schema": {"name": "news_summary", "schema": schema, "strict": True}}
    if mode == "llama_json_object":
        return {"type": "json_object", "schema": schema}
    return {"type": "json_object"}


def messages_for(mode: Mode, messages: list[dict[str, str]], schema_instructions: str) -> list[dict[str, str]]:
    """Where the endpoint cannot enforce the schema, the system message carries it."""
    if mode != "json_object" or not messages or messages[0]["role"] != "system":
        return messages
    first = {"role": "system", "content": f"{messages[0]['content']}\n\n{schema_instructions}"}
    return [first, *messages[1:]]
