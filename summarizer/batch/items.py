"""One batch outcome (a result or a structured error) and its JSON line.

A results line is one of::

    {"id": ..., "content_sha256": ..., "status": "ok", "result": <SummaryResult>}
    {"id": ..., "content_sha256": ..., "status": "error",
     "error": {"kind": <exception class>, "message": ..., "attempts": <Attempts> | null}}
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from summarizer.core.errors import APIError, InputError, ModelOutputError
from summarizer.core.schema import Attempts, SummaryResult

MAX_MESSAGE_CHARS = 2000


@dataclass(frozen=True)
class ItemError:
    """Why one input has no summary."""

    kind: str
    """The exception class name, e.g. ``"RateLimitError"`` or ``"InputError"``."""
    message: str
    attempts: Attempts | None
    """Requests, transport retries and re-asks as far as known; ``None`` when unknown."""

    @classmethod
    def from_exception(cls, exc: BaseException) -> ItemError:
        """The error record of ``exc`` (error messages never hold an API key)."""
        return cls(kind=type(exc).__name__, message=str(exc)[:MAX_MESSAGE_CHARS], attempts=_attempts(exc))

    def to_json(self) -> dict[str, Any]:
        """The ``error`` object of a results line."""
        attempts = self.attempts.model_dump() if self.attempts is not None else None
        return {"kind": self.kind, "message": self.message, "attempts": attempts}


def _attempts(exc: BaseException) -> Attempts | None:
    if isinstance(exc, ModelOutputError):
        return exc.attempts
    if isinstance(exc, APIError):  # the failing call's requests; earlier re-asks are not known here
        return Attempts(requests=exc.attempts, transport_retries=max(0, exc.attempts - 1))
    if isinstance(exc, InputError):
        return Attempts()
    return None


@dataclass(frozen=True)
class BatchItem:
    """The outcome of one input: exactly one of ``result`` and ``error`` is set."""

    id: str
    content_sha256: str
    result: SummaryResult | None = None
    error: ItemError | None = None
    index: int = -1
    """Position of the input in the batch (0-based)."""

    @property
    def ok(self) -> bool:
        """Whether the input was summarised."""
        return self.result is not None

    def to_json(self) -> dict[str, Any]:
        """The results-line object."""
        head: dict[str, Any] = {"id": self.id, "content_sha256": self.content_sha256}
        if self.result is not None:
            return head | {"status": "ok", "result": self.result.model_dump(mode="json")}
        assert self.error is not None
        return head | {"status": "error", "error": self.error.to_json()}

    def to_line(self) -> bytes:
        """One complete JSONL line (ASCII, newline-terminated)."""
        return json.dumps(self.to_json(), separators=(",", ":")).encode("ascii") + b"\n"

    @classmethod
    def from_json(cls, data: dict[str, Any], index: int = -1) -> BatchItem:
        """Read a results-line object back."""
        error = data.get("error")
        return cls(
            id=data["id"],
            content_sha256=data["content_sha256"],
            result=SummaryResult.model_validate(data["result"]) if data.get("status") == "ok" else None,
            error=ItemError(
                kind=error["kind"],
                message=error["message"],
                attempts=Attempts.model_validate(error["attempts"]) if error.get("attempts") else None,
            )
            if isinstance(error, dict)
            else None,
            index=index,
        )
