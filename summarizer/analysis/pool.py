"""Analyse many articles in several worker processes (throughput on a multi-core machine).

One process parses one article at a time: spaCy's ``nlp(text)`` alone is about 0.28 s of
CPU per news article on this project's 2-core machine, so a single process never does
better than that per article. :class:`AnalysisPool` spreads articles over ``processes``
worker processes, each with its own copy of the pipeline (loaded lazily in the worker from
its data folder and verified there, as :func:`~summarizer.analysis.nlp.pipeline` always
does), and gives the results back in input order. The analyses are exactly those of
:func:`~summarizer.analysis.analyze`; only the wall-clock time for a batch shrinks.

    >>> with AnalysisPool(processes=2) as pool:
    ...     analyses = list(pool.analyze(texts))

``batch_size`` articles go to a worker at a time and are parsed together in one
``nlp.pipe`` batch (:func:`~summarizer.analysis.analyze_documents`: the same results, a
little less CPU per article). Workers start with ``spawn`` by default, which is safe
whatever the parent process has loaded or started (threads, BLAS pools); ``fork`` starts
faster on Linux and shares a pipeline the parent already loaded.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from collections.abc import Iterable, Iterator, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from types import TracebackType
from typing import Literal

from summarizer.core.errors import ConfigurationError, SummarizerError
from summarizer.core.schema import Analysis

StartMethod = Literal["spawn", "fork", "forkserver"]


@dataclass(frozen=True)
class TimedAnalysis:
    """One article's analysis (or the library error it raised) and what it cost in its worker."""

    analysis: Analysis | None
    error: SummarizerError | None
    seconds: float
    """Wall-clock seconds of the article's share of its batch (the batch's time over its size)."""
    cpu_seconds: float
    """CPU seconds (``time.process_time`` of the worker), shared out the same way."""
    batch: int
    """How many articles were parsed together with it (itself included)."""

    def unwrap(self) -> Analysis:
        """The analysis, or the error raised."""
        if self.error is not None:
            raise self.error
        assert self.analysis is not None
        return self.analysis


def _cores() -> int:
    """How many cores this process may run on (its CPU affinity where the system has one)."""
    affinity = getattr(os, "sched_getaffinity", None)
    return len(affinity(0)) if affinity is not None else os.cpu_count() or 1


def _load(overlap: bool) -> None:
    """Worker initializer: load and verify the pipeline once, before the first article.

    ``overlap`` sets :data:`~summarizer.analysis.parse.OVERLAP`: a pool with fewer workers
    than cores lets each worker's recogniser use a helper thread, as a single process does;
    a pool with a worker on every core parses on the workers' own threads only."""
    from summarizer.analysis import parse
    from summarizer.analysis.nlp import pipeline

    parse.OVERLAP = overlap
    pipeline()


def _overlapping() -> bool:
    """Whether this worker runs its recogniser's model on a helper thread."""
    from summarizer.analysis import parse

    return parse.OVERLAP


def _pid() -> int:
    time.sleep(0.05)  # hold this worker so that the next call reaches another one
    return os.getpid()


def analyze_batch(texts: Sequence[str], max_chars: int | None = None) -> list[TimedAnalysis]:
    """Analyse ``texts`` in one process, parsed together; each result carries its error, if any.

    What every worker of :class:`AnalysisPool` runs; also usable directly (``processes=1``)."""
    from summarizer.analysis import analyze_documents, prepare_text
    from summarizer.text.document import Document

    wall, cpu = time.perf_counter(), time.process_time()
    prepared: list[Document | SummarizerError] = []
    for text in texts:
        try:
            prepared.append(prepare_text(text, max_chars=max_chars))
        except SummarizerError as e:
            prepared.append(e)
    documents = [d for d in prepared if isinstance(d, Document)]
    error: SummarizerError | None = None
    try:
        done = iter(list(analyze_documents(documents, batch_size=max(1, len(documents)))))
    except SummarizerError as e:  # e.g. the pipeline is missing: every article of the batch fails
        done, error = iter(()), e
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    share = max(1, len(texts))
    out: list[TimedAnalysis] = []
    for item in prepared:
        failed = item if isinstance(item, SummarizerError) else error
        analysis = next(done) if failed is None else None
        out.append(TimedAnalysis(analysis, failed, wall / share, cpu / share, len(texts)))
    return out


class AnalysisPool:
    """``processes`` worker processes that analyse articles; use it as a context manager."""

    def __init__(
        self,
        processes: int = 2,
        *,
        batch_size: int = 1,
        start_method: StartMethod = "spawn",
        max_chars: int | None = None,
    ) -> None:
        if processes < 1:
            raise ConfigurationError(f"processes must be at least 1, not {processes}")
        if batch_size < 1:
            raise ConfigurationError(f"batch_size must be at least 1, not {batch_size}")
        if start_method not in multiprocessing.get_all_start_methods():
            raise ConfigurationError(
                f"start_method {start_method!r} is not available here: "
                f"one of {', '.join(multiprocessing.get_all_start_methods())}"
            )
        self.processes, self.batch_size, self.start_method = processes, batch_size, start_method
        self._max_chars = max_chars
        self._executor: ProcessPoolExecutor | None = None

    def __enter__(self) -> AnalysisPool:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def _pool(self) -> ProcessPoolExecutor:
        if self._executor is None:
            context = multiprocessing.get_context(self.start_method)
            overlap = self.processes < _cores()
            self._executor = ProcessPoolExecutor(
                self.processes, mp_context=context, initializer=_load, initargs=(overlap,)
            )
        return self._executor

    def warm(self) -> set[int]:
        """Start every worker and load its pipeline now (otherwise the first articles wait for
        it); return the workers' process ids."""
        pool, pids = self._pool(), set[int]()
        for _ in range(20):
            pids |= {f.result() for f in [pool.submit(_pid) for _ in range(self.processes)]}
            if len(pids) >= self.processes:
                break
        return pids

    def analyze_timed(self, texts: Iterable[str]) -> Iterator[TimedAnalysis]:
        """Every article's :class:`TimedAnalysis`, in input order (errors are returned, not raised)."""
        texts = list(texts)
        pool = self._pool()
        futures: list[Future[list[TimedAnalysis]]] = [
            pool.submit(analyze_batch, texts[i : i + self.batch_size], self._max_chars)
            for i in range(0, len(texts), self.batch_size)
        ]
        for future in futures:
            yield from future.result()

    def analyze(self, texts: Iterable[str]) -> Iterator[Analysis]:
        """``analyze(text)`` of every text, in input order; a library error is raised as it comes."""
        for timed in self.analyze_timed(texts):
            yield timed.unwrap()

    def close(self) -> None:
        """Stop the workers (idempotent)."""
        if self._executor is not None:
            self._executor.shutdown(wait=True, cancel_futures=True)
            self._executor = None


def analyze_many(
    texts: Iterable[str], *, processes: int = 1, batch_size: int = 1, start_method: StartMethod = "spawn"
) -> list[Analysis]:
    """``[analyze(t) for t in texts]``, in ``processes`` worker processes (1: in this one)."""
    texts = list(texts)
    if processes == 1:
        out: list[Analysis] = []
        for i in range(0, len(texts), max(1, batch_size)):
            out.extend(timed.unwrap() for timed in analyze_batch(texts[i : i + max(1, batch_size)]))
        return out
    with AnalysisPool(processes, batch_size=batch_size, start_method=start_method) as pool:
        return list(pool.analyze(texts))
