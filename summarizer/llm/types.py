"""What goes into and comes out of one model call (no SDK types here)."""

from __future__ import annotations

from contextlib import AbstractContextManager
from dataclasses import dataclass, field
from typing import Any, Protocol

from summarizer.core.options import Options
from summarizer.core.schema import Attempts, Usage


@dataclass(frozen=True)
class ChatRequest:
    """One chat request, independent of the structured-output mode that will carry it."""

    model: str
    messages: list[dict[str, str]]
    schema: dict[str, Any]
    schema_instructions: str
    options: Options
    label: str = "waiting for the model"
    """What a progress display says while this request is in flight (never sent)."""


@dataclass(frozen=True)
class Completion:
    """The parts of a chat completion the pipeline needs."""

    text: str
    finish_reason: str | None
    usage: Usage
    model: str
    refusal: str | None = None


@dataclass
class CallStats:
    """Counts over every request of one summary (transport retries and re-asks apart)."""

    requests: int = 0
    transport_retries: int = 0
    reasks: int = 0
    usage: Usage = field(default_factory=Usage)

    def attempts(self) -> Attempts:
        """A frozen copy of the counts, for results and errors."""
        return Attempts(requests=self.requests, transport_retries=self.transport_retries, reasks=self.reasks)


class RequestProgress(Protocol):
    """Where a model call shows its progress (e.g. :class:`summarizer.progress.Reporter`).

    Both the sync and the async call use it the same way: ``waiting`` around the whole
    call, ``note`` for each retry or mode fallback the call plans.
    """

    def waiting(self, message: str) -> AbstractContextManager[None]:
        """A display (a spinner) while the call runs."""

    def note(self, message: str) -> None:
        """One line about the call in flight (why the next request is sent)."""
