"""Structured-output modes: how a request asks the endpoint to keep to the wire schema.

Everything about a mode is in this module, as data: the vocabulary
(:class:`StructuredOutput`, which is also what ``Options.structured_output`` and the
command line's ``--structured-output`` accept), one :class:`ModeSpec` record per mode in
:data:`MODES` (what goes into the request, whether the schema goes into the prompt, where
the answer is read, how a rejection is recognised), and the :data:`PROFILES` table of what
an endpoint supports, which ``auto`` consults. Adding a mode is a member of the
enumeration, its record, and its place in the profiles — all here.

This module imports nothing from the library (``core/options.py`` takes its vocabulary
from it), and never the ``openai`` SDK.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from enum import StrEnum
from types import MappingProxyType
from typing import Any, Literal
from urllib.parse import urlsplit


class StructuredOutput(StrEnum):
    """How the model is held to the wire schema (``Options.structured_output``).

    A plain string is accepted wherever a member is (``"json_schema"``).
    """

    AUTO = "auto"
    """Pick the modes for the endpoint (:data:`PROFILES`), falling back when a server rejects one."""
    JSON_SCHEMA = "json_schema"
    """OpenAI's (and vLLM's) strict ``json_schema`` response format."""
    LLAMA_JSON_OBJECT = "llama_json_object"
    """llama-cpp-python's ``{"type": "json_object", "schema": ...}`` (grammar-constrained)."""
    JSON_OBJECT = "json_object"
    """Plain JSON mode; the schema is given in the prompt."""


AnswerField = Literal["content"]
"""The attribute of the SDK's chat message that holds the answer's JSON text."""

_REJECTION_HINTS = ("response_format", "json_schema", "json_object", "input should be 'text'")
"""Words of an error body that say the server did not accept the ``response_format``
(llama-cpp-python answers ``json_schema`` with a 500 "Input should be 'text' or
'json_object'"; OpenAI-compatible servers name the field)."""


def lists_may_be_left_out(schema: dict[str, Any]) -> dict[str, Any]:
    """``schema`` with its top-level lists that may be empty (no ``minItems``) no longer required.

    OpenAI's strict mode wants every property required, so the wire schema requires them
    all; a grammar-constrained server then makes the model write every empty list, token by
    token (32 of the 151 tokens of the reference article's answer). Where the schema only
    becomes a grammar, the model may stop after the last list it fills (the embedded 1.5B
    model still wrote them all on the reference article); the answer's parser reads a
    missing list as empty."""
    properties: dict[str, Any] = schema.get("properties", {})
    optional = {name for name, node in properties.items() if node.get("type") == "array" and not node.get("minItems")}
    if not optional:
        return schema
    return {**schema, "required": [name for name in schema.get("required", properties) if name not in optional]}


@dataclass(frozen=True)
class ModeSpec:
    """Everything that differs between structured-output modes.

    Attributes:
        mode: the member of :class:`StructuredOutput` this record describes.
        summary: one line for help texts and documentation.
        response_format: the request's ``response_format`` field, given the wire schema.
        schema_in_prompt: whether the system message carries the schema instructions
            (the endpoint cannot enforce the schema itself).
        answer_from: where the answer's text is read in the chat message.
        rejection_hints: lower-case words of an error (a 4xx/5xx other than 401, 403, 404
            and 429) that mean the server rejected this mode rather than failed.
    """

    mode: StructuredOutput
    summary: str
    response_format: Callable[[dict[str, Any]], dict[str, Any]]
    schema_in_prompt: bool
    answer_from: AnswerField = "content"
    rejection_hints: tuple[str, ...] = _REJECTION_HINTS

    def messages(self, messages: list[dict[str, str]], schema_instructions: str) -> list[dict[str, str]]:
        """``messages`` as sent in this mode: with the schema appended to the system message
        when :attr:`schema_in_prompt` (and there is a system message), else unchanged."""
        if not self.schema_in_prompt or not messages or messages[0]["role"] != "system":
            return messages
        first = {"role": "system", "content": f"{messages[0]['content']}\n\n{schema_instructions}"}
        return [first, *messages[1:]]

    def rejected(self, detail: str, body: str | None) -> bool:
        """Whether an error's ``detail`` and ``body`` say the server rejected this mode."""
        text = f"{detail} {body or ''}".lower()
        return any(hint in text for hint in self.rejection_hints)


MODES: Mapping[StructuredOutput, ModeSpec] = MappingProxyType(
    {
        spec.mode: spec
        for spec in (
            ModeSpec(
                StructuredOutput.JSON_SCHEMA,
                "OpenAI strict json_schema (OpenAI, vLLM)",
                lambda schema: {
                    "type": "json_schema",
                    "json_schema": {"name": "news_summary", "schema": schema, "strict": True},
                },
                schema_in_prompt=False,
            ),
            ModeSpec(
                StructuredOutput.LLAMA_JSON_OBJECT,
                'llama-cpp-python\'s {"type":"json_object","schema":...}',
                lambda schema: {"type": "json_object", "schema": lists_may_be_left_out(schema)},
                schema_in_prompt=False,
            ),
            ModeSpec(
                StructuredOutput.JSON_OBJECT,
                "plain JSON mode, the schema in the prompt",
                lambda _schema: {"type": "json_object"},
                schema_in_prompt=True,
            ),
        )
    }
)
"""One record per mode (every member of :class:`StructuredOutput` but ``AUTO``)."""


@dataclass(frozen=True)
class EndpointProfile:
    """What one kind of endpoint supports: the modes ``auto`` tries there, in order.

    Attributes:
        name: a short name for messages and documentation.
        modes: the modes to try, best first; ``auto`` falls back along them when the
            server rejects one (and starts later calls at the one that worked).
        hosts: host-name suffixes that select this profile (``"openai.com"``).
        embedded: selects this profile for the embedded local model.
    """

    name: str
    modes: tuple[StructuredOutput, ...]
    hosts: tuple[str, ...] = ()
    embedded: bool = False

    def matches(self, host: str, *, embedded: bool) -> bool:
        """Whether this profile describes an endpoint on ``host`` (embedded or not)."""
        if self.embedded:
            return embedded
        return not self.hosts or any(host.endswith(suffix) for suffix in self.hosts)


PROFILES: tuple[EndpointProfile, ...] = (
    EndpointProfile(
        "embedded",  # llama-cpp-python's server: json_schema is rejected there
        (StructuredOutput.LLAMA_JSON_OBJECT, StructuredOutput.JSON_OBJECT),
        embedded=True,
    ),
    EndpointProfile("openai", (StructuredOutput.JSON_SCHEMA, StructuredOutput.JSON_OBJECT), hosts=("openai.com",)),
    EndpointProfile(  # anything else OpenAI-compatible: vLLM, Ollama, LM Studio, llama.cpp, ...
        "openai-compatible",
        (StructuredOutput.JSON_SCHEMA, StructuredOutput.LLAMA_JSON_OBJECT, StructuredOutput.JSON_OBJECT),
    ),
)
"""Endpoint profiles, first match wins; the last matches every endpoint."""


def profile_for(base_url: str | None, *, embedded: bool) -> EndpointProfile:
    """The profile of the endpoint at ``base_url`` (``None``: OpenAI's API)."""
    host = (urlsplit(base_url).hostname if base_url else "api.openai.com") or ""
    return next(p for p in PROFILES if p.matches(host, embedded=embedded))


def candidate_modes(
    requested: StructuredOutput | str, base_url: str | None, *, embedded: bool
) -> list[StructuredOutput]:
    """Modes to try in order: ``requested`` alone, or for ``auto`` the endpoint's profile."""
    chosen = StructuredOutput(requested)
    if chosen is not StructuredOutput.AUTO:
        return [chosen]
    return list(profile_for(base_url, embedded=embedded).modes)


def spec(mode: StructuredOutput | str) -> ModeSpec:
    """The record of ``mode`` (``auto`` is a choice, not a mode: it has none)."""
    chosen = StructuredOutput(mode)
    if chosen not in MODES:
        raise ValueError(f"{chosen.value!r} is not a structured-output mode; use one of {', '.join(MODES)}")
    return MODES[chosen]


def choices() -> tuple[str, ...]:
    """Every value ``Options.structured_output`` and ``--structured-output`` accept."""
    return tuple(member.value for member in StructuredOutput)


def help_text() -> str:
    """The command-line help of ``--structured-output`` (``summarize`` and ``batch``)."""
    parts = [f"{m.value}: {MODES[m].summary}" for m in MODES]
    return (
        "how the endpoint is held to the output schema: auto (default): chosen per endpoint, falling back "
        "when a server rejects a mode; " + "; ".join(parts)
    )


def _check_table() -> None:
    missing = [m.value for m in StructuredOutput if m is not StructuredOutput.AUTO and m not in MODES]
    if missing or StructuredOutput.AUTO in MODES:
        raise RuntimeError(f"summarizer.llm.modes: every mode needs exactly one ModeSpec (missing: {missing})")
    if not PROFILES or PROFILES[-1].hosts or PROFILES[-1].embedded:
        raise RuntimeError("summarizer.llm.modes: the last endpoint profile must match every endpoint")


_check_table()
