"""Run a batch on a Dask cluster: workers call a shared OpenAI-compatible endpoint.

The driver (the process holding the results file) reads the inputs, skips those already
done, and submits one Dask task per pending input, keeping a bounded number in flight.
Each task carries the input and an :class:`~summarizer.batch.config.EndpointConfig` (plain
data); each worker process builds its own :class:`Summarizer` from it once and reuses it.
Outcomes come back to the driver, which writes them with the same crash-safe results file
as a local run, so resume works the same way.

A rate limit seen by one worker pauses them all: the pause-until time is kept in a Dask
``Variable`` that every task checks before it sends its first request.

    from distributed import Client
    from summarizer.batch import EndpointConfig, run_to_file
    from summarizer.batch.distributed import dask_executor

    with Client("tcp://scheduler:8786") as client:
        config = EndpointConfig(base_url="http://vllm:8000/v1", model="qwen2.5-7b-instruct")
        run_to_file("archive.jsonl", "results.jsonl", dask_executor(client, config))
"""

from __future__ import annotations

import threading
import time
import uuid
from collections.abc import Iterable, Iterator
from typing import Any

import distributed as _distributed

from summarizer.batch.config import EndpointConfig
from summarizer.batch.inputs import BatchInput
from summarizer.batch.items import BatchItem, ItemError
from summarizer.batch.job import Executor
from summarizer.core.errors import RateLimitError
from summarizer.core.schema import Attempts
from summarizer.pipeline import Summarizer

DEFAULT_PAUSE_S = 5.0
"""Cluster-wide pause after a rate limit that came without ``Retry-After``."""
MAX_PAUSE_S = 120.0

dd: Any = _distributed  # Dask's API is only partly typed
_summarizers: dict[str, Summarizer] = {}
_summarizers_lock = threading.Lock()


def dask_executor(client: Any, config: EndpointConfig, *, max_in_flight: int | None = None) -> Executor:
    """An executor for :func:`~summarizer.batch.job.run_to_file` that runs on ``client``'s cluster.

    Args:
        client: a connected ``distributed.Client``.
        config: how workers reach the model (each worker reads the API key from its own
            environment variable ``config.api_key_env``).
        max_in_flight: tasks submitted at once (default: twice the cluster's threads).
    """

    def execute(inputs: Iterator[BatchInput]) -> Iterable[BatchItem]:
        return _run(client, config, inputs, max_in_flight)

    return execute


def _run(
    client: Any, config: EndpointConfig, inputs: Iterator[BatchInput], max_in_flight: int | None
) -> Iterator[BatchItem]:
    gate_name = f"summarizer-rate-limit-{uuid.uuid4().hex}"
    gate = dd.Variable(gate_name, client=client)
    gate.set(0.0)
    window = max_in_flight or max(2, 2 * sum(client.nthreads().values()))
    pending: dict[Any, tuple[BatchInput, int]] = {}
    finished = dd.as_completed()
    try:
        for index, item in enumerate(inputs):
            if item.error is not None or item.text is None:
                yield _failed(item, index, ItemError("InputError", item.error or "no text", Attempts()))
                continue
            future = client.submit(summarize_on_worker, config, item, index, gate_name, pure=False)
            pending[future] = (item, index)
            finished.add(future)
            while finished.count() >= window:
                yield _collect(next(finished), pending)
        for future in finished:
            yield _collect(future, pending)
    finally:
        if pending:
            client.cancel(list(pending))
        gate.delete()


def _collect(future: Any, pending: dict[Any, tuple[BatchInput, int]]) -> BatchItem:
    item, index = pending.pop(future)
    try:
        outcome: BatchItem = future.result()
    except Exception as e:  # the task itself died (e.g. KilledWorker): that input failed
        return _failed(item, index, ItemError.from_exception(e))
    return outcome


def summarize_on_worker(config: EndpointConfig, item: BatchInput, index: int, gate_name: str) -> BatchItem:
    """The Dask task: summarise one input with this process's :class:`Summarizer`."""
    summarizer = _summarizer(config)
    gate = _ClusterGate(gate_name)
    gate.wait()
    assert item.text is not None
    try:
        result = summarizer.summarize(item.text, input_format=item.input_format)
    except RateLimitError as e:
        gate.pause(e.retry_after)
        return _failed(item, index, ItemError.from_exception(e))
    except Exception as e:  # one input's failure must not fail the task
        return _failed(item, index, ItemError.from_exception(e))
    return BatchItem(item.id, item.content_sha256, result=result, index=index)


def _failed(item: BatchInput, index: int, error: ItemError) -> BatchItem:
    return BatchItem(item.id, item.content_sha256, error=error, index=index)


def _summarizer(config: EndpointConfig) -> Summarizer:
    key = config.key()
    with _summarizers_lock:
        if key not in _summarizers:
            _summarizers[key] = config.summarizer()
        return _summarizers[key]


class _ClusterGate:
    """The cluster-wide rate-limit pause, kept in a Dask ``Variable`` (wall-clock time)."""

    def __init__(self, name: str) -> None:
        self._variable = dd.Variable(name)

    def _until(self) -> float:
        try:
            return float(self._variable.get(timeout=5))
        except Exception:  # no gate (or the scheduler is busy): do not hold the work up
            return 0.0

    def wait(self) -> None:
        delay = self._until() - time.time()
        if delay > 0:
            time.sleep(min(delay, MAX_PAUSE_S))

    def pause(self, retry_after: float | None) -> None:
        seconds = min(MAX_PAUSE_S, retry_after if retry_after is not None else DEFAULT_PAUSE_S)
        self._variable.set(max(self._until(), time.time() + seconds))
