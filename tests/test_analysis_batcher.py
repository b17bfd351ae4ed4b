"""Concurrent asummarize calls share nlp.pipe batches, off the event loop."""

from __future__ import annotations

import asyncio
import threading
from collections.abc import Iterable, Iterator

import pytest

from summarizer.analysis.batcher import AnalysisBatcher
from summarizer.core.schema import Analysis
from summarizer.text.document import Document, prepare


def docs(n: int) -> list[Document]:
    return [prepare(f"Article {i} says the bridge is safe.", max_chars=1000) for i in range(n)]


def test_concurrent_calls_are_parsed_together_in_a_worker_thread():
    seen_threads: list[int] = []

    def analyze(documents: Iterable[Document]) -> Iterator[Analysis]:
        seen_threads.append(threading.get_ident())
        for d in documents:
            yield Analysis(language="en", warnings=[]) if d else Analysis(language="other")

    batcher = AnalysisBatcher(analyze, max_batch=4)

    async def run() -> list[Analysis]:
        return await asyncio.gather(*(batcher.analyze(d) for d in docs(10)))

    results = asyncio.run(run())
    assert len(results) == 10
    assert batcher.batches == [4, 4, 2]
    assert threading.get_ident() not in seen_threads


def test_an_analysis_error_reaches_every_waiting_call():
    def broken(documents: Iterable[Document]) -> Iterator[Analysis]:
        raise RuntimeError("no pipeline")
        yield  # pragma: no cover

    batcher = AnalysisBatcher(broken)

    async def run() -> list[object]:
        return await asyncio.gather(*(batcher.analyze(d) for d in docs(3)), return_exceptions=True)

    assert [type(r) for r in asyncio.run(run())] == [RuntimeError] * 3


def test_a_batcher_moves_to_a_new_event_loop():
    batcher = AnalysisBatcher(lambda ds: iter([Analysis(language="en") for _ in ds]))
    for _ in range(2):
        assert asyncio.run(batcher.analyze(docs(1)[0])).language == "en"
    assert batcher.batches == [1, 1]


@pytest.mark.parametrize("n", [1, 3])
def test_the_real_analysis_is_the_same_batched_or_not(n):
    from summarizer.analysis import analyze_document, analyze_documents

    documents = [prepare(f"Mayor Jane Doe said on day {i} that the bridge would reopen.", max_chars=1000)
                 for i in range(n)]  # fmt: skip
    assert list(analyze_documents(documents)) == [analyze_document(d) for d in documents]
