"""summarize_many / asummarize_many against a real loopback HTTP server."""

from __future__ import annotations

import asyncio
import contextlib
import threading
import time
from collections.abc import Iterator
from typing import Any

import openai
import pytest

from summarizer import AuthenticationError, Options, RetryPolicy, Summarizer
from summarizer.batch import BatchInput, RateLimitGate, asummarize_many, run_on_batch_loop, summarize_many
from tests.support.fake_server import FakeOpenAIServer, Reply
from tests.test_batch_helpers import answer, article, article_id

OPTIONS = Options(structured_output="json_schema", analysis="off", retry=RetryPolicy(max_attempts=1))
"""The model-only path: tests.test_batch_helpers.answer writes its wire."""


@contextlib.contextmanager
def async_summarizer(server: FakeOpenAIServer) -> Iterator[Summarizer]:
    """A summarizer with an async client, closed on the loop summarize_many ran it on."""
    client = openai.AsyncOpenAI(base_url=server.base_url, api_key="test")
    try:
        yield Summarizer(client=client, model="fake-model", options=OPTIONS)
    finally:
        run_on_batch_loop(client.close())


class Model:
    """A fake model that answers after ``delay(article id)`` seconds and tracks requests in flight."""

    def __init__(self, delay: Any = lambda _i: 0.05, fail: Any = lambda _i: None) -> None:
        self.delay, self.fail = delay, fail
        self.lock = threading.Lock()
        self.in_flight = self.most_in_flight = 0

    def __call__(self, body: dict[str, Any]) -> Reply:
        i = article_id(body)
        with self.lock:
            self.in_flight += 1
            self.most_in_flight = max(self.most_in_flight, self.in_flight)
        try:
            time.sleep(self.delay(i))
            return self.fail(i) or answer(body)
        finally:
            with self.lock:
                self.in_flight -= 1


def test_results_come_in_input_order_or_as_completed():
    model = Model(delay=lambda i: 0.6 if i == 0 else 0.05)
    texts = [article(i) for i in range(6)]
    with FakeOpenAIServer(model) as server, async_summarizer(server) as summarizer:
        ordered = [item.id for item in summarize_many(texts, summarizer=summarizer, concurrency=3)]
        completed = [item.id for item in summarize_many(texts, summarizer=summarizer, concurrency=3, ordered=False)]

    assert ordered == ["0", "1", "2", "3", "4", "5"]
    assert sorted(completed) == ordered
    assert completed[-1] == "0"  # the slow first article finishes last


def test_concurrency_is_bounded():
    model = Model(delay=lambda _i: 0.15)
    with FakeOpenAIServer(model) as server, async_summarizer(server) as summarizer:
        items = list(summarize_many([article(i) for i in range(9)], summarizer=summarizer, concurrency=3))

    assert all(item.ok for item in items)
    assert model.most_in_flight == 3


def test_one_failure_does_not_stop_the_batch():
    model = Model(fail=lambda i: Reply.error(400, "no such thing") if i == 2 else None)
    inputs: list[Any] = [
        ("a", article(0)),
        BatchInput.of("b", article(1), "text"),
        ("c", article(2)),
        ("d", "   "),
        ("e", article(4)),
        42,
    ]
    with FakeOpenAIServer(model) as server, async_summarizer(server) as summarizer:
        items = list(summarize_many(inputs, summarizer=summarizer, concurrency=2))

    assert [i.id for i in items] == ["a", "b", "c", "d", "e", "5"]
    assert [i.ok for i in items] == [True, True, False, False, True, False]
    assert items[2].error is not None
    assert items[2].error.kind == "BadRequestError"
    assert items[2].error.attempts is not None
    assert items[2].error.attempts.requests == 1
    assert items[3].error is not None
    assert items[3].error.kind == "InputError"
    assert "empty" in items[3].error.message
    assert items[5].error is not None
    assert "pass a str, an (id, text) pair or a BatchInput" in items[5].error.message
    assert items[0].result is not None
    assert items[0].result.summary.claims


def test_a_rate_limit_pauses_every_worker():
    first = threading.Event()

    def fail(i: int) -> Reply | None:
        if i == 1 and not first.is_set():
            first.set()
            return Reply.error(429, "slow down", retry_after="1")
        return None

    model = Model(delay=lambda i: 0 if i == 1 else 0.1, fail=fail)
    gate = RateLimitGate()
    with FakeOpenAIServer(model) as server, async_summarizer(server) as summarizer:
        items = list(summarize_many([article(i) for i in range(8)], summarizer=summarizer, concurrency=3, gate=gate))
        received = [(article_id(r.body), r.at) for r in server.received]

    assert [i.ok for i in items] == [True, False, True, True, True, True, True, True]
    assert items[1].error is not None
    assert items[1].error.kind == "RateLimitError"
    assert gate.pauses == 1
    limited_at = next(at for i, at in received if i == 1)
    later = [at - limited_at for i, at in received if i >= 3]  # inputs 0-2 were in flight at once
    assert len(later) == 5
    assert min(later) >= 0.95  # nobody started a new input during the 1 s Retry-After


def test_stopping_early_cancels_the_rest():
    model = Model(delay=lambda _i: 0.2)
    with FakeOpenAIServer(model) as server, async_summarizer(server) as summarizer:
        for item in summarize_many([article(i) for i in range(20)], summarizer=summarizer, concurrency=2):
            assert item.ok
            break
        time.sleep(0.3)
        requests = len(server.received)

    assert requests <= 4


def test_the_async_variant_in_an_event_loop():
    async def collect(server: FakeOpenAIServer) -> list[str]:
        async with openai.AsyncOpenAI(base_url=server.base_url, api_key="test") as client:
            summarizer = Summarizer(client=client, model="fake-model", options=OPTIONS)
            items = [item async for item in asummarize_many([article(i) for i in range(4)], summarizer=summarizer)]
            assert all(item.ok for item in items), [item.error for item in items]
            return [item.id for item in items]

    with FakeOpenAIServer(Model()) as server:
        assert asyncio.run(collect(server)) == ["0", "1", "2", "3"]


def test_a_rejected_key_stops_the_batch_instead_of_failing_every_input():
    model = Model(fail=lambda i: Reply.error(401, "Incorrect API key provided") if i >= 2 else None)
    with FakeOpenAIServer(model) as server, async_summarizer(server) as summarizer:
        items = summarize_many([article(i) for i in range(8)], summarizer=summarizer, concurrency=1)
        seen = [next(items).id, next(items).id]
        with pytest.raises(AuthenticationError):
            next(items)
        asked = len(server.received)
    assert seen == ["0", "1"]
    assert asked == 3  # nothing more was sent after the 401


def test_the_blocking_variant_also_works_inside_a_running_event_loop():
    async def notebook_cell(summarizer: Summarizer) -> list[bool]:  # e.g. Jupyter, where a loop is running
        return [item.ok for item in summarize_many([article(i) for i in range(3)], summarizer=summarizer)]

    with FakeOpenAIServer(Model()) as server, async_summarizer(server) as summarizer:
        assert asyncio.run(notebook_cell(summarizer)) == [True, True, True]
