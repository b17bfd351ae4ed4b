"""Transport retries: which failures are retried and how long to wait (pure functions).

Retried: rate limits (honouring ``Retry-After``), 5xx, timeouts, dropped connections,
garbled response bodies. Never retried: other 4xx. Back-off is tenacity's exponential wait with jitter,
bounded in attempts and in total time (:class:`~summarizer.llm.plan.RequestPlan` applies
the bounds). The SDK's own retries are turned off elsewhere, so this is the only retry
layer; a transport error never reaches a prompt.
"""

from __future__ import annotations

import random
from collections.abc import Callable

import tenacity

from summarizer.core.errors import APIError
from summarizer.core.options import RetryPolicy

Jitter = Callable[[float, float], float]
"""``random.uniform``-like: a number between its two arguments."""


def is_transient(exc: BaseException) -> bool:
    """Whether the transport layer retries this failure."""
    return isinstance(exc, APIError) and exc.retryable


def backoff_s(policy: RetryPolicy, attempt: int, jitter: Jitter = random.uniform) -> float:
    """The wait after failed attempt number ``attempt`` (1-based): tenacity's exponential
    back-off (``initial_wait_s`` doubled each retry), plus jitter, capped at ``max_wait_s``."""
    grown = tenacity.wait_exponential(multiplier=policy.initial_wait_s, max=policy.max_wait_s)(_state(attempt))
    return min(grown + jitter(0, policy.jitter_s), policy.max_wait_s)


def _state(attempt: int) -> tenacity.RetryCallState:
    """A tenacity call state at ``attempt``: its wait strategies are pure functions of it, so
    the plan evaluates them without letting tenacity sleep or call anything."""
    state = tenacity.RetryCallState(retry_object=tenacity.Retrying(), fn=None, args=(), kwargs={})
    state.attempt_number = attempt
    return state


def retry_wait_s(policy: RetryPolicy, attempt: int, exc: BaseException, jitter: Jitter = random.uniform) -> float:
    """Seconds to wait before retrying after ``exc`` ended attempt ``attempt``.

    A server's ``Retry-After`` (on the error as ``retry_after``) is honoured up to
    ``policy.max_retry_after_s``; otherwise :func:`backoff_s`.
    """
    retry_after = getattr(exc, "retry_after", None)
    if retry_after is not None:
        return min(max(float(retry_after), 0.0), policy.max_retry_after_s)
    return backoff_s(policy, attempt, jitter)
