"""The content-addressed result cache."""

from __future__ import annotations

import json
import multiprocessing
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

import pytest

from summarizer import ConfigurationError, Options, RetryPolicy, Summarizer, SummaryResult
from summarizer.batch import summarize_many
from summarizer.cache import ResultCache
from summarizer.text.document import prepare
from tests.support.fake_server import FakeOpenAIServer, Reply
from tests.test_batch_helpers import answer, article

OPTIONS = Options(structured_output="json_schema", analysis="off")
"""The model-only path: tests.test_batch_helpers.answer writes its wire."""
JUDGMENT = {"headline": "A report", "summary": "The council approved a plan.", "claims": [], "speakers": [],
            "disputes": [], "caveats": [], "extra_claims": [], "extra_caveats": []}  # fmt: skip
"""A valid answer to the judging prompt (the default path) for any article."""


def judging_or_model_only(body: dict[str, Any]) -> Reply:
    """:data:`JUDGMENT` to a judging prompt, :func:`answer` to a model-only one."""
    user = next(m["content"] for m in body["messages"] if m["role"] == "user")
    return Reply.ok(json.dumps(JUDGMENT)) if "\nHedges:\n" in user else answer(body)


def summarizer(server: FakeOpenAIServer, cache: ResultCache | None, **options: object) -> Summarizer:
    return Summarizer(
        client=server.client(), model="fake-model", options=OPTIONS.model_copy(update=options), cache=cache
    )


def test_a_second_summary_of_the_same_text_costs_no_request(tmp_path):
    cache = ResultCache(tmp_path)
    with FakeOpenAIServer(answer) as server:
        first = summarizer(server, cache).summarize(article(1))
        again = summarizer(server, cache).summarize(article(1))
        other = summarizer(server, cache).summarize(article(2))
        requests = len(server.received)

    assert requests == 2
    assert again == first  # stored as it was: attempts and usage describe the run that paid
    assert again.attempts.requests == 1
    assert other != first
    assert (cache.hits, cache.misses) == (1, 2)
    assert len(list(tmp_path.glob("*/*.json"))) == 2


def test_on_the_default_path_too_and_the_analysis_mode_is_part_of_the_key(tmp_path):
    cache = ResultCache(tmp_path)
    with FakeOpenAIServer(judging_or_model_only) as server:
        first = summarizer(server, cache, analysis="auto").summarize(article(1))
        again = summarizer(server, cache, analysis="auto").summarize(article(1))
        model_only = summarizer(server, cache, analysis="off").summarize(article(1))
        requests = len(server.received)

    assert first.prompt_version.startswith("judge-v5+")
    assert again == first
    assert model_only.prompt_version.startswith("summarize-v1+")  # not the judged result stored for "auto"
    assert requests == 2
    assert (cache.hits, cache.misses) == (1, 2)


def test_a_cached_summary_is_served_without_starting_the_embedded_model(tmp_path, monkeypatch):
    import summarizer.local.server as local_server

    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "SUMMARIZER_MODEL"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("SUMMARIZER_GGUF", str(tmp_path / "my-model.gguf"))
    cache = ResultCache(tmp_path / "cache")
    with FakeOpenAIServer(answer) as server:  # the same model name, paid for through an endpoint
        paid = Summarizer(client=server.client(), model="my-model", options=OPTIONS, cache=cache).summarize(article(1))

    def no_server(**_kwargs: object) -> None:
        raise AssertionError("the embedded server was started for a cached summary")

    monkeypatch.setattr(local_server, "default_server", no_server)
    embedded = Summarizer(options=OPTIONS, cache=cache)
    assert embedded.embedded
    assert embedded.summarize(article(1)) == paid
    with pytest.raises(AssertionError, match="embedded server was started"):
        embedded.summarize(article(2))  # a miss does need the model


def test_the_key_follows_text_model_and_output_options_but_not_retries():
    cache = ResultCache("/nonexistent")
    doc = prepare(article(1), max_chars=10_000)
    key = cache.key(doc, "m", OPTIONS)

    assert cache.key(prepare(article(1), max_chars=10_000), "m", OPTIONS) == key
    assert cache.key(prepare(article(1) + " ", max_chars=10_000), "m", OPTIONS) != key  # offsets index the text
    assert cache.key(doc, "other-model", OPTIONS) != key
    assert cache.key(doc, "m", OPTIONS.model_copy(update={"temperature": 0.5})) != key
    assert cache.key(doc, "m", OPTIONS.model_copy(update={"max_reasks": 0})) != key
    assert cache.key(doc, "m", OPTIONS.model_copy(update={"context_tokens": 4096})) != key
    assert cache.key(doc, "m", OPTIONS.model_copy(update={"analysis": "auto"})) != key
    assert cache.key(doc, "m", OPTIONS.model_copy(update={"timeout_s": 5.0})) == key
    assert cache.key(doc, "m", OPTIONS.model_copy(update={"retry": RetryPolicy(max_attempts=1)})) == key


def test_unreadable_or_inconsistent_entries_are_misses(tmp_path):
    cache = ResultCache(tmp_path)
    with FakeOpenAIServer(answer) as server:
        result = summarizer(server, cache).summarize(article(1))
    doc = prepare(article(1), max_chars=10_000)
    path = cache.path(cache.key(doc, "fake-model", OPTIONS))
    assert cache.get(doc, "fake-model", OPTIONS) == result

    path.write_text('{"summary": ')  # torn by something else
    assert cache.get(doc, "fake-model", OPTIONS) is None

    bad = json.loads(result.model_dump_json())
    bad["summary"]["claims"][0]["evidence"][0]["start"] += 1
    bad["summary"]["claims"][0]["evidence"][0]["end"] += 1
    path.write_text(json.dumps(bad))  # valid JSON whose spans do not slice this text
    assert cache.get(doc, "fake-model", OPTIONS) is None


def _hammer(directory: str, text: str, rounds: int) -> int:
    """Write the same entry over and over, reading it back in between (a worker process)."""
    cache = ResultCache(directory)
    doc = prepare(text, max_chars=10_000)
    result = SummaryResult.model_validate_json(Path(directory, "entry.json").read_text())
    misses = 0
    for _ in range(rounds):
        cache.put(doc, "fake-model", OPTIONS, result)
        if cache.get(doc, "fake-model", OPTIONS) != result:
            misses += 1
    return misses


def test_concurrent_writers_never_leave_a_torn_entry(tmp_path):
    cache = ResultCache(tmp_path)
    with FakeOpenAIServer(answer) as server:
        result = summarizer(server, ResultCache(tmp_path / "seed")).summarize(article(3))
    (tmp_path / "entry.json").write_text(result.model_dump_json())
    context = multiprocessing.get_context("spawn")
    args = (str(tmp_path), article(3), 20)
    with context.Pool(2) as processes, ThreadPoolExecutor(2) as threads:
        in_processes = [processes.apply_async(_hammer, args) for _ in range(2)]
        in_threads = [threads.submit(_hammer, *args) for _ in range(2)]
        misses = [p.get(timeout=60) for p in in_processes] + [t.result() for t in in_threads]

    assert misses == [0, 0, 0, 0]
    doc = prepare(article(3), max_chars=10_000)
    assert cache.get(doc, "fake-model", OPTIONS) == result
    assert not list(tmp_path.glob("*/.*.tmp")), "temporary files left behind"


def test_summarize_many_refuses_a_cache_its_summarizer_does_not_use(tmp_path):
    with FakeOpenAIServer(answer) as server:
        plain = summarizer(server, None)
        with pytest.raises(ConfigurationError, match="pass the cache to your Summarizer"):
            list(summarize_many([article(1)], summarizer=plain, cache=ResultCache(tmp_path)))
