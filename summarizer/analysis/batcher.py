"""Analyse the articles of concurrent ``asummarize`` calls together, off the event loop.

spaCy parses many texts faster through ``nlp.pipe`` than one by one, and parsing is CPU
work that must not block the event loop. :class:`AnalysisBatcher` gathers the documents
that concurrent calls hand it while a batch is being parsed (up to ``max_batch``) and
parses them in one worker thread, one batch at a time.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable, Iterator

from summarizer.core.schema import Analysis
from summarizer.text.document import Document

Analyze = Callable[[Iterable[Document]], Iterator[Analysis]]


class AnalysisBatcher:
    """Batches :func:`~summarizer.analysis.analyze_documents` calls within one event loop."""

    def __init__(self, analyze: Analyze, *, max_batch: int = 16) -> None:
        self._analyze = analyze
        self.max_batch = max_batch
        self._pending: list[tuple[Document, asyncio.Future[Analysis]]] = []
        self._worker: asyncio.Task[None] | None = None
        self._loop: asyncio.AbstractEventLoop | None = None
        self.batches: list[int] = []
        """The size of every batch parsed so far (for tests and benchmarks)."""

    async def analyze(self, document: Document) -> Analysis:
        """The analysis of ``document``, parsed in a batch with whatever else is waiting."""
        loop = asyncio.get_running_loop()
        if self._loop is not loop:  # first use, or a new event loop: start afresh on this one
            self._loop, self._pending, self._worker = loop, [], None
        future: asyncio.Future[Analysis] = loop.create_future()
        self._pending.append((document, future))
        if self._worker is None or self._worker.done():
            self._worker = loop.create_task(self._drain())
        return await future

    def _analyze_all(self, documents: list[Document]) -> list[Analysis]:
        return list(self._analyze(documents))

    async def _drain(self) -> None:
        await asyncio.sleep(0)  # let the calls started in the same tick join the first batch
        while self._pending:
            batch, self._pending = self._pending[: self.max_batch], self._pending[self.max_batch :]
            live = [(d, f) for d, f in batch if not f.cancelled()]
            if not live:
                continue
            self.batches.append(len(live))
            try:
                results = await asyncio.to_thread(self._analyze_all, [d for d, _ in live])
            except Exception as e:  # every waiting call gets the error (e.g. the pipeline is missing)
                for _, future in live:
                    if not future.done():
                        future.set_exception(e)
                continue
            for (_, future), result in zip(live, results, strict=True):
                if not future.done():
                    future.set_result(result)
