"""Bounded async concurrency with a rate-limit pause shared by every worker.

:func:`bounded` runs at most ``concurrency`` jobs at once, pulling inputs lazily, and
yields their outcomes as they complete or in input order. :class:`RateLimitGate` is the
shared back-off: when one job ends in :class:`~summarizer.core.errors.RateLimitError`
(the transport layer has already spent its own retries), every worker waits at the gate
before it starts its next input. The gate adds no retries of its own.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from typing import TypeVar

from summarizer.core.errors import ConfigurationError

T = TypeVar("T")
R = TypeVar("R")

ORDERED_WINDOW = 8
"""In ordered mode, at most ``ORDERED_WINDOW * concurrency`` finished outcomes wait for a
slow earlier one before new inputs stop being started (bounded memory)."""


class RateLimitGate:
    """A pause shared by all workers of one batch (one event loop).

    Args:
        default_pause_s: the first pause when the server gave no ``Retry-After``;
            doubled for each further rate-limited input in a row.
        max_pause_s: the longest pause.
    """

    def __init__(self, *, default_pause_s: float = 5.0, max_pause_s: float = 120.0) -> None:
        self.default_pause_s = default_pause_s
        self.max_pause_s = max_pause_s
        self.resume_at = 0.0
        """``time.monotonic()`` before which no worker starts a new input."""
        self.pauses = 0
        """How many times the gate was closed."""
        self._in_a_row = 0

    def pause(self, retry_after: float | None) -> float:
        """Close the gate after a rate limit; returns the pause in seconds."""
        self._in_a_row += 1
        self.pauses += 1
        backoff = self.default_pause_s * 2 ** (self._in_a_row - 1)
        seconds = min(self.max_pause_s, retry_after if retry_after is not None else backoff)
        self.resume_at = max(self.resume_at, time.monotonic() + max(0.0, seconds))
        return seconds

    def passed(self) -> None:
        """An input went through: the next rate limit starts the back-off afresh."""
        self._in_a_row = 0

    async def wait(self) -> None:
        """Return once the gate is open (at once, unless a pause is running)."""
        while (delay := self.resume_at - time.monotonic()) > 0:
            await asyncio.sleep(delay)


async def bounded(
    inputs: Iterable[T],
    job: Callable[[int, T], Awaitable[R]],
    *,
    concurrency: int,
    ordered: bool,
) -> AsyncIterator[R]:
    """Run ``job(index, input)`` for every input, at most ``concurrency`` at a time.

    Yields outcomes as they complete (``ordered=False``) or in input order. ``job`` must
    not raise for one input's failure; it returns the failure as its outcome. Closing
    the iterator early cancels the jobs still running.
    """
    if concurrency < 1:
        raise ConfigurationError(f"concurrency must be at least 1, got {concurrency}")
    source = iter(enumerate(inputs))
    running: dict[asyncio.Task[R], int] = {}
    finished: dict[int, R] = {}
    next_out = 0
    exhausted = False
    try:
        while True:
            while not exhausted and len(running) < concurrency and len(finished) < ORDERED_WINDOW * concurrency:
                if (pair := next(source, None)) is None:
                    exhausted = True
                    break
                index, value = pair
                running[asyncio.ensure_future(job(index, value))] = index
            if not running and not finished:
                return
            if running:
                done, _ = await asyncio.wait(running, return_when=asyncio.FIRST_COMPLETED)
                for task in sorted(done, key=running.__getitem__):
                    finished[running.pop(task)] = task.result()
            if not ordered:
                for index in sorted(finished):
                    yield finished.pop(index)
            while next_out in finished:
                yield finished.pop(next_out)
                next_out += 1
    finally:
        for task in running:
            task.cancel()
        if running:
            await asyncio.gather(*running, return_exceptions=True)
