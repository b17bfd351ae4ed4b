"""Summarise many articles: :func:`summarize_many` and :func:`asummarize_many`.

Both yield one :class:`~summarizer.batch.items.BatchItem` per input, in input order or as
they complete, and never stop the batch because one input failed: the failure is that
item's ``error``. Requests go through :meth:`Summarizer.asummarize`, at most
``concurrency`` at once, and a rate limit pauses every worker (see
:mod:`summarizer.batch.runner`).
"""

from __future__ import annotations

import asyncio
import functools
import threading
from collections.abc import AsyncGenerator, Coroutine, Iterable, Iterator
from typing import Any, TypeVar

from summarizer.batch.inputs import BatchInput
from summarizer.batch.items import BatchItem, ItemError
from summarizer.batch.runner import RateLimitGate, bounded
from summarizer.cache import ResultCache
from summarizer.core.errors import (
    AuthenticationError,
    BackendError,
    ConfigurationError,
    InputError,
    NotFoundError,
    RateLimitError,
)
from summarizer.core.schema import Attempts
from summarizer.pipeline import Summarizer

T = TypeVar("T")

FATAL = (BackendError, ConfigurationError, AuthenticationError, NotFoundError)
"""Errors that stop a batch instead of failing one input: the embedded model cannot start,
the configuration is wrong, the key is rejected, or the model or endpoint does not exist."""

ItemLike = str | tuple[str, str] | BatchInput
"""An article's text (its id is its position), an ``(id, text)`` pair, or a :class:`BatchInput`."""


async def asummarize_many(
    items: Iterable[ItemLike],
    *,
    summarizer: Summarizer | None = None,
    concurrency: int = 4,
    ordered: bool = True,
    cache: ResultCache | None = None,
    gate: RateLimitGate | None = None,
) -> AsyncGenerator[BatchItem, None]:
    """Summarise ``items`` concurrently; yield one :class:`BatchItem` per input.

    Args:
        items: texts, ``(id, text)`` pairs or :class:`BatchInput` objects; read lazily.
        summarizer: the :class:`Summarizer` to use (default: ``Summarizer(cache=cache)``).
        concurrency: requests in flight at most (1 with the embedded model).
        ordered: yield in input order (``True``) or as results complete.
        cache: a :class:`ResultCache` for the default summarizer. To cache with your
            own summarizer, build it with ``Summarizer(..., cache=...)``.
        gate: a shared :class:`RateLimitGate` (default: a new one for this batch).
    """
    own = summarizer is None
    chosen = _summarizer(summarizer, cache)
    if chosen.embedded:
        concurrency = 1  # the embedded server answers one request at a time: more would only time out
    shared_gate = gate or RateLimitGate()

    async def job(index: int, item: ItemLike) -> BatchItem:
        return await _summarize_one(chosen, shared_gate, index, item)

    try:
        async for outcome in bounded(items, job, concurrency=concurrency, ordered=ordered):
            yield outcome
    finally:
        if own:  # the summarizer made here closes its HTTP clients here
            await chosen.aclose()
            chosen.close()


def summarize_many(
    items: Iterable[ItemLike],
    *,
    summarizer: Summarizer | None = None,
    concurrency: int = 4,
    ordered: bool = True,
    cache: ResultCache | None = None,
    gate: RateLimitGate | None = None,
) -> Iterator[BatchItem]:
    """Blocking :func:`asummarize_many`: an iterator of :class:`BatchItem`.

    The requests run on a background event loop thread, so this works from any code,
    including inside a running event loop. Stopping the iteration early (``break``,
    Ctrl-C) cancels the requests still in flight.

    Example:
        >>> for item in summarize_many(["text one...", "text two..."], concurrency=2):
        ...     print(item.id, item.result.summary.headline if item.ok else item.error.message)
    """
    steps = _Steps(
        asummarize_many(items, summarizer=summarizer, concurrency=concurrency, ordered=ordered, cache=cache, gate=gate)
    )
    loop = _background_loop()
    try:
        while (outcome := asyncio.run_coroutine_threadsafe(steps.next(), loop).result()) is not None:
            yield outcome
    finally:
        asyncio.run_coroutine_threadsafe(steps.close(), loop).result()


async def _summarize_one(summarizer: Summarizer, gate: RateLimitGate, index: int, item: ItemLike) -> BatchItem:
    try:
        batch_input = _as_input(index, item)
    except InputError as e:
        return BatchItem(id=str(index), content_sha256="", error=ItemError.from_exception(e), index=index)
    outcome = functools.partial(BatchItem, batch_input.id, batch_input.content_sha256, index=index)
    if batch_input.error is not None or batch_input.text is None:
        return outcome(error=ItemError("InputError", batch_input.error or "no text", Attempts()))
    await gate.wait()
    try:
        result = await summarizer.asummarize(batch_input.text, input_format=batch_input.input_format)
    except RateLimitError as e:
        gate.pause(e.retry_after)
        return outcome(error=ItemError.from_exception(e))
    except FATAL:
        raise  # every other input would fail the same way: stop the batch
    except Exception as e:  # one input's failure, whatever it is, must not stop the batch
        return outcome(error=ItemError.from_exception(e))
    gate.passed()
    return outcome(result=result)


def _as_input(index: int, item: ItemLike) -> BatchInput:
    if isinstance(item, BatchInput):
        return item
    if isinstance(item, str):
        return BatchInput.of(str(index), item, "text")
    if isinstance(item, tuple) and len(item) == 2 and isinstance(item[0], str) and isinstance(item[1], str):
        return BatchInput.of(item[0], item[1], "text")
    raise InputError(f"item {index} is a {type(item).__name__}: pass a str, an (id, text) pair or a BatchInput")


def _summarizer(summarizer: Summarizer | None, cache: ResultCache | None) -> Summarizer:
    if summarizer is None:
        return Summarizer(cache=cache)
    if cache is not None and summarizer.cache is not cache:
        raise ConfigurationError("pass the cache to your Summarizer: Summarizer(..., cache=ResultCache(...))")
    return summarizer


class _Steps:
    """Drives an async iterator from another thread; closing cancels a pending step."""

    def __init__(self, iterator: AsyncGenerator[BatchItem, None]) -> None:
        self._iterator = iterator
        self._step: asyncio.Future[BatchItem] | None = None

    async def next(self) -> BatchItem | None:
        self._step = asyncio.ensure_future(anext(self._iterator))
        try:
            return await asyncio.shield(self._step)
        except StopAsyncIteration:
            return None

    async def close(self) -> None:
        if self._step is not None and not self._step.done():
            self._step.cancel()
            await asyncio.gather(self._step, return_exceptions=True)
        await self._iterator.aclose()


def run_on_batch_loop(coroutine: Coroutine[Any, Any, T]) -> T:
    """Run ``coroutine`` on the event loop :func:`summarize_many` uses and wait for it.

    An ``openai.AsyncOpenAI`` client used through :func:`summarize_many` belongs to that
    loop; close it there: ``run_on_batch_loop(client.close())``.
    """
    return asyncio.run_coroutine_threadsafe(coroutine, _background_loop()).result()


_loop: asyncio.AbstractEventLoop | None = None
_loop_lock = threading.Lock()


def _background_loop() -> asyncio.AbstractEventLoop:
    """One event loop thread for the process: async clients stay on the loop they began on."""
    global _loop
    with _loop_lock:
        if _loop is None:
            _loop = asyncio.new_event_loop()
            threading.Thread(target=_loop.run_forever, name="summarizer-batch-loop", daemon=True).start()
        return _loop
