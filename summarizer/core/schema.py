"""The public result schema: what an editor gets back.

Every piece of evidence is a span of the exact string the caller passed:
``original[evidence.start:evidence.end] == evidence.text`` always holds.
"""

from __future__ import annotations

from collections.abc import Iterator
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, model_validator

OUTLET = "outlet"
"""Claimant id for the article's own assertions."""

UNATTRIBUTED = "unattributed"
"""Claimant id for assertions the article attributes to nobody."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)


class ActorKind(StrEnum):
    """What sort of actor this is."""

    PERSON = "person"
    ORGANIZATION = "organization"
    GOVERNMENT = "government"
    MEDIA = "media"
    GROUP = "group"
    OTHER = "other"


class Attribution(StrEnum):
    """How the article attributes a claim."""

    DIRECT_QUOTE = "direct_quote"
    PARAPHRASE = "paraphrase"
    REPORTED = "reported"
    OUTLET = "outlet"


class CaveatKind(StrEnum):
    """What the article itself says is uncertain."""

    UNVERIFIED = "unverified"
    NO_COMMENT = "no_comment"
    UNCLEAR = "unclear"
    SINGLE_SOURCE = "single_source"
    ANONYMOUS_SOURCE = "anonymous_source"
    CONFLICTING_ACCOUNTS = "conflicting_accounts"
    OTHER = "other"


class Evidence(_Model):
    """A span of the article text that supports an item."""

    text: str
    """The exact text of the span: ``original[start:end]``."""
    start: int = Field(ge=0)
    """Start offset (characters) into the string the caller passed."""
    end: int = Field(ge=0)
    """End offset (exclusive)."""

    @model_validator(mode="after")
    def _check_span(self) -> Evidence:
        if self.end < self.start or self.end - self.start != len(self.text):
            raise ValueError("evidence span length does not match its text")
        return self


class Actor(_Model):
    """A person or body the article names."""

    id: str
    """Stable short id, referenced by claims and dispute positions."""
    name: str
    """The name as the article writes it."""
    kind: ActorKind
    role: str | None = None
    """Title or affiliation as the article states it, or ``None``."""
    aliases: list[str] = Field(default_factory=list)
    """Other names the article uses for the same actor (each occurs in the article)."""


class Claim(_Model):
    """Something an actor (or the outlet) asserts."""

    id: str
    claimant: str
    """An actor id, or ``"outlet"``, or ``"unattributed"``."""
    statement: str
    """Neutral paraphrase of what is claimed."""
    attribution: Attribution
    evidence: list[Evidence] = Field(min_length=1)


class Position(_Model):
    """One side of a dispute."""

    actor: str
    """An actor id."""
    position: str
    evidence: list[Evidence] = Field(min_length=1)


class Dispute(_Model):
    """An issue on which the parties disagree."""

    issue: str
    positions: list[Position] = Field(min_length=2)


class Caveat(_Model):
    """Something the article itself says is unverified, unclear or contested."""

    kind: CaveatKind
    text: str
    evidence: list[Evidence] = Field(min_length=1)


class Summary(_Model):
    """A grounded, structured summary of one article."""

    headline: str
    """One neutral line."""
    summary: str
    """Two to four neutral sentences."""
    actors: list[Actor] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    disputes: list[Dispute] = Field(default_factory=list)
    caveats: list[Caveat] = Field(default_factory=list)

    def actor(self, actor_id: str) -> Actor | None:
        """The actor with this id, or ``None``."""
        return next((a for a in self.actors if a.id == actor_id), None)

    def all_evidence(self) -> Iterator[Evidence]:
        """Every evidence span of the summary: claims, then dispute positions, then caveats."""
        for claim in self.claims:
            yield from claim.evidence
        for dispute in self.disputes:
            for position in dispute.positions:
                yield from position.evidence
        for caveat in self.caveats:
            yield from caveat.evidence


class Usage(_Model):
    """Tokens summed over every attempt that produced a response."""

    prompt_tokens: int = 0
    completion_tokens: int = 0

    @property
    def total_tokens(self) -> int:
        """Prompt plus completion tokens."""
        return self.prompt_tokens + self.completion_tokens

    def __add__(self, other: Usage) -> Usage:
        return Usage(
            prompt_tokens=self.prompt_tokens + other.prompt_tokens,
            completion_tokens=self.completion_tokens + other.completion_tokens,
        )


class Attempts(_Model):
    """How much work one summary took. Transport retries and re-asks are counted apart."""

    requests: int = 0
    """HTTP requests sent, successful or not."""
    transport_retries: int = 0
    """Requests repeated because of a transient fault (429, 5xx, timeout, connection)."""
    reasks: int = 0
    """Times the model was asked again because its answer broke the schema or grounding."""


class SummaryWarning(_Model):
    """Something the caller should know: e.g. an item dropped because it failed grounding."""

    code: str
    """Short machine-readable code: ``dropped_actor`` / ``dropped_claim`` / ``dropped_dispute`` /
    ``dropped_caveat`` (left out after failing grounding), ``dropped_position`` (a dispute
    stands without it), ``dropped_quote`` (words not in the article; the claim stands on its
    cited sentences), ``added_actor``, ``duplicate_claim``,
    ``moved_evidence`` (a citation one sentence off, corrected), and checks that keep the item
    but ask for a human look: ``unsupported_attribution``, ``conflicting_attribution``,
    ``incomplete_summary``; and ``chunked`` for a long article summarised in parts."""
    message: str


class SummaryResult(_Model):
    """A summary plus everything needed to trace and account for it."""

    summary: Summary
    model: str
    """The model name the endpoint reported (or was asked for)."""
    prompt_version: str
    """Version of the prompt files that produced this summary."""
    usage: Usage = Field(default_factory=Usage)
    attempts: Attempts = Field(default_factory=Attempts)
    latency_s: float = 0.0
    """Wall-clock seconds for the whole call, retries and re-asks included."""
    warnings: list[SummaryWarning] = Field(default_factory=list)
    source_text: str | None = None
    """The text the evidence offsets index, when it is not the string the caller passed
    (e.g. the article extracted from HTML input); ``None`` means the caller's string."""


def result_json_schema() -> dict[str, Any]:
    """The JSON Schema of :class:`SummaryResult`, for tools and documentation."""
    return SummaryResult.model_json_schema()
