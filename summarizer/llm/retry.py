"""Transport retries: one layer, tenacity, on the library's own error types.

Retried: rate limits (honouring ``Retry-After``), 5xx, timeouts, dropped connections,
garbled response bodies. Never retried: other 4xx. Back-off is exponential with jitter,
bounded in attempts and in total time. The SDK's own retries are turned off elsewhere,
so this is the only retry layer; a transport error never reaches a prompt.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from typing import Any

import tenacity

from summarizer.core.errors import APIError
from summarizer.core.options import RetryPolicy


def is_transient(exc: BaseException) -> bool:
    """Whether the transport layer retries this failure."""
    return isinstance(exc, APIError) and exc.retryable


def _wait(policy: RetryPolicy) -> Callable[[tenacity.RetryCallState], float]:
    def backoff(attempt: int) -> float:
        # Computed here, not with tenacity.wait_exponential_jitter: its ``initial`` argument
        # warns (DeprecationWarning) in tenacity 9.2, and ``multiplier`` is missing in 9.0.
        try:
            grown = policy.initial_wait_s * 2.0 ** (attempt - 1)
        except OverflowError:
            grown = policy.max_wait_s
        return min(grown + random.uniform(0, policy.jitter_s), policy.max_wait_s)  # noqa: S311 - not crypto

    def wait(state: tenacity.RetryCallState) -> float:
        exc = state.outcome.exception() if state.outcome else None
        retry_after = getattr(exc, "retry_after", None)
        if retry_after is not None:
            return min(max(float(retry_after), 0.0), policy.max_retry_after_s)
        return backoff(state.attempt_number)

    return wait


def retry_kwargs(policy: RetryPolicy, on_retry: Callable[[tenacity.RetryCallState], None]) -> dict[str, Any]:
    """Arguments for ``tenacity.Retrying`` / ``AsyncRetrying`` implementing ``policy``."""
    return {
        "retry": tenacity.retry_if_exception(is_transient),
        "wait": _wait(policy),
        "stop": tenacity.stop_after_attempt(policy.max_attempts) | tenacity.stop_before_delay(policy.max_total_s),
        "before_sleep": on_retry,
        "reraise": True,
    }
