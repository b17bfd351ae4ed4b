"""The request loop's decisions, without I/O: which mode to send, when to retry, when to stop.

One model call (:meth:`Endpoint.complete <summarizer.llm.client.Endpoint.complete>` or
its async twin) is driven by a :class:`RequestPlan`: the shell asks it for the first
step, performs each :class:`Send` (sleep ``wait_s``, send in ``mode`` with ``timeout``) and
reports the outcome back — a completion (:meth:`RequestPlan.succeeded`) or the library
error the SDK failure was translated into (:meth:`RequestPlan.failed`) — until the plan
answers :class:`Done` or :class:`Fail`. The plan never sleeps, sends or reads a clock the
caller did not give it, so sync and async calls make the same decisions, and a test can
drive it with fake outcomes and a fake clock.

Decisions, in order, after a failure:

1. the server rejected the structured-output mode and ``auto`` has another one for this
   endpoint: send in the next mode (a fallback, not a retry);
2. a transient fault (:func:`~summarizer.llm.retry.is_transient`): retry in the same mode
   after the back-off, unless that mode has had ``RetryPolicy.max_attempts`` requests or
   the wait would end past ``RetryPolicy.max_total_s`` from the first request;
3. anything else: give up with that error.

The first request waits up to ``Options.timeout_s``; every later one at most what is left
of ``max_total_s``, so a first request that ran into ``timeout_s`` is not retried.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Literal

from summarizer.core.errors import StructuredOutputUnsupportedError, SummarizerError
from summarizer.core.options import Options
from summarizer.llm.modes import StructuredOutput
from summarizer.llm.retry import Jitter, is_transient, retry_wait_s
from summarizer.llm.types import CallStats, Completion

Clock = Callable[[], float]
"""``time.monotonic``-like: seconds, only ever compared with each other."""

_MIN_TIMEOUT_S = 0.001


@dataclass(frozen=True)
class Send:
    """Send one request: wait ``wait_s`` seconds, then send in ``mode`` with ``timeout``.

    Attributes:
        mode: the structured-output mode of this request.
        timeout: seconds the request may take.
        wait_s: back-off before sending (0 unless this is a retry).
        reason: ``first``, ``retry`` (a transient fault) or ``fallback`` (the previous
            mode was rejected).
        note: a line for progress displays saying why this request is sent, or ``None``.
    """

    mode: StructuredOutput
    timeout: float
    wait_s: float = 0.0
    reason: Literal["first", "retry", "fallback"] = "first"
    note: str | None = None


@dataclass(frozen=True)
class Done:
    """The call succeeded with ``completion``, sent in ``mode`` (the endpoint's working mode)."""

    completion: Completion
    mode: StructuredOutput


@dataclass(frozen=True)
class Fail:
    """The call failed: raise ``error``."""

    error: SummarizerError


Step = Send | Done | Fail


class RequestPlan:
    """The decisions of one model call (see the module docstring).

    Args:
        modes: the modes to try, in order (at least one).
        options: the call's options (``timeout_s`` and ``retry``).
        stats: counts updated as requests are planned (``requests``, ``transport_retries``).
        fallback: whether a rejected mode may fall back to the next one (``auto``).
        clock: the time source (default ``time.monotonic``).
        jitter: the back-off's random part (default ``random.uniform``).
    """

    def __init__(
        self,
        modes: Sequence[StructuredOutput],
        options: Options,
        stats: CallStats,
        *,
        fallback: bool,
        clock: Clock = time.monotonic,
        jitter: Jitter = random.uniform,
    ) -> None:
        if not modes:
            raise ValueError("a request plan needs at least one structured-output mode")
        self._modes = list(modes)
        self._options = options
        self._stats = stats
        self._fallback = fallback
        self._clock = clock
        self._jitter = jitter
        self._index = 0
        self._attempt = 0  # requests sent in the current mode
        self._started: float | None = None
        self._last: Send | None = None

    @property
    def mode(self) -> StructuredOutput:
        """The mode of the latest planned request."""
        return self._modes[self._index]

    @property
    def last(self) -> Send | None:
        """The latest planned request (``None`` before :meth:`start`)."""
        return self._last

    def start(self) -> Send:
        """The first request of the call."""
        if self._started is not None:
            raise RuntimeError("RequestPlan.start() was already called: a plan drives one call")
        self._started = self._clock()
        return self._send(self._options.timeout_s, reason="first")

    def succeeded(self, completion: Completion) -> Done:
        """The latest request was answered: the call is done."""
        return Done(completion, self.mode)

    def failed(self, error: SummarizerError) -> Send | Fail:
        """The latest request failed with ``error``: the next request, or give up."""
        if self._started is None or self._last is None:
            raise RuntimeError("RequestPlan.failed() before start()")
        if isinstance(error, StructuredOutputUnsupportedError):
            if self._fallback and self._index + 1 < len(self._modes):
                rejected = self.mode
                self._index += 1
                self._attempt = 0
                note = f"the endpoint rejected structured output {rejected.value}; trying {self.mode.value}"
                return self._send(self._remaining(0.0), reason="fallback", note=note)
            return Fail(error)
        if not is_transient(error):
            return Fail(error)
        policy = self._options.retry
        wait = retry_wait_s(policy, self._attempt, error, self._jitter)
        elapsed = self._clock() - self._started
        if self._attempt >= policy.max_attempts or elapsed + wait >= policy.max_total_s:
            return Fail(error)
        self._stats.transport_retries += 1
        reason = " ".join(str(error).split())[:120]
        note = f"{reason}: retrying in {wait:.0f} s (attempt {self._attempt + 1} of {policy.max_attempts})"
        return self._send(self._remaining(wait), wait_s=wait, reason="retry", note=note)

    def _remaining(self, wait: float) -> float:
        """A later request's timeout: ``timeout_s``, cut to what is left of ``max_total_s``."""
        assert self._started is not None
        deadline = self._started + self._options.retry.max_total_s
        return max(_MIN_TIMEOUT_S, min(self._options.timeout_s, deadline - (self._clock() + wait)))

    def _send(
        self,
        timeout: float,
        *,
        reason: Literal["first", "retry", "fallback"],
        wait_s: float = 0.0,
        note: str | None = None,
    ) -> Send:
        self._attempt += 1
        self._stats.requests += 1
        self._last = Send(self.mode, timeout, wait_s=wait_s, reason=reason, note=note)
        return self._last
