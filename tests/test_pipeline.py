"""The re-ask loop and grounding policies, through a real loopback server playing the model."""

from __future__ import annotations

import asyncio
import json
from typing import Any

import openai
import pytest

from summarizer import ConfigurationError, GroundingError, Options, RetryPolicy, ServerError, Summarizer

GOOD = {
    "headline": "General says he was fired",
    "summary": "A general says he was fired for telling the truth.",
    "actors": [{"name": "Ivan Popov", "kind": "person", "role": None}],
    "claims": [{"claimant": "Ivan Popov", "attribution": "reported", "statement": "He was fired for telling the truth.",
                "sentences": [1, 2], "quote": None}],  # 2 names him
    "disputes": [],
    "caveats": [{"kind": "unverified", "text": "The audio is unconfirmed.", "sentences": [6]}],
}
BAD_NAME = {**GOOD, "actors": [*GOOD["actors"], {"name": "Yevgeny Turchak", "kind": "person", "role": None}]}
MODEL_ONLY: dict[str, Any] = {"structured_output": "llama_json_object", "analysis": "off"}
"""These answers are the model-only wire: the tests here run the model-only path (the judging
path has its own in tests/test_pipeline_judging.py)."""


def make(server, **options: Any) -> Summarizer:
    client = server.client(api_key="test")  # closed with the server
    fields = MODEL_ONLY | {"retry": RetryPolicy(max_attempts=1)} | options
    return Summarizer(client=client, model="m", options=Options(**fields))


def test_grounding_violation_is_reasked_with_the_specific_problem(fake_server, article_text):
    with fake_server([BAD_NAME, GOOD]) as server:
        result = make(server).summarize(article_text)
    assert result.attempts.reasks == 1 and result.attempts.requests == 2
    assert result.warnings == []
    followup = server.received[1].body["messages"]
    assert followup[-2] == {"role": "assistant", "content": json.dumps(BAD_NAME)}
    assert "'Yevgeny Turchak' does not occur in the article" in followup[-1]["content"]
    assert "Andrey Turchak" in followup[-1]["content"]
    assert followup[:2] == server.received[0].body["messages"]  # same prefix: cheap on a KV cache
    assert result.usage.prompt_tokens == 200 and result.usage.completion_tokens == 100


def test_a_second_reask_carries_only_the_latest_answer_and_its_problems(fake_server, article_text):
    worse = {**BAD_NAME, "actors": [*BAD_NAME["actors"], {"name": "Sergei Popov", "kind": "person", "role": None}]}
    with fake_server([BAD_NAME, worse, GOOD]) as server:
        result = make(server, max_reasks=2).summarize(article_text)
    assert result.attempts.reasks == 2 and result.warnings == []
    first, second, third = (r.body["messages"] for r in server.received)
    assert len(third) == len(second) == len(first) + 2  # the prompt does not grow with every re-ask
    assert third[:2] == first
    assert third[-2] == {"role": "assistant", "content": json.dumps(worse)}
    assert "'Sergei Popov' does not occur" in third[-1]["content"]
    assert json.dumps(BAD_NAME) not in json.dumps(third)


def test_drop_policy_returns_result_with_a_warning_per_dropped_item(fake_server, article_text):
    with fake_server([BAD_NAME]) as server:
        result = make(server, max_reasks=1).summarize(article_text)
    assert result.attempts.reasks == 1
    assert [a.name for a in result.summary.actors] == ["Ivan Popov"]
    [warning] = result.warnings
    assert warning.code == "dropped_actor" and "Yevgeny Turchak" in warning.message


def test_strict_policy_raises_with_raw_output_and_violations(fake_server, article_text):
    with fake_server([BAD_NAME]) as server, pytest.raises(GroundingError) as info:
        make(server, max_reasks=1, grounding="strict").summarize(article_text)
    assert json.loads(info.value.raw_output or "") == BAD_NAME
    assert any("Yevgeny Turchak" in v for v in info.value.violations)
    assert info.value.attempts is not None and info.value.attempts.reasks == 1
    assert info.value.usage is not None and info.value.usage.completion_tokens == 100


def test_async_path_gives_the_same_result(fake_server, article_text):
    with fake_server([GOOD]) as server:
        sync = make(server).summarize(article_text)

    async def run(base_url: str):
        async with openai.AsyncOpenAI(base_url=base_url, api_key="test") as client:
            s = Summarizer(client=client, model="m", options=Options(**MODEL_ONLY))
            return await s.asummarize(article_text)

    with fake_server([GOOD]) as server:
        result = asyncio.run(run(server.base_url))
    assert result.summary == sync.summary


def test_own_async_clients_work_across_event_loops(monkeypatch, fake_server, article_text):
    async def run(s: Summarizer):
        try:
            return await s.asummarize(article_text)
        finally:
            await s.aclose()

    with fake_server([GOOD]) as server:
        monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
        monkeypatch.setenv("SUMMARIZER_MODEL", "m")
        with Summarizer(options=MODEL_ONLY) as s:
            first = asyncio.run(run(s))
            second = asyncio.run(run(s))  # a new event loop gets its own client
    assert first.summary == second.summary


def test_async_client_cannot_serve_sync_calls(article_text):
    s = Summarizer(client=openai.AsyncOpenAI(base_url="http://127.0.0.1:9/v1", api_key="x"), model="m")
    with pytest.raises(ConfigurationError, match="asummarize"):
        s.summarize(article_text)


def test_remote_endpoint_without_model_is_a_configuration_error(monkeypatch):
    monkeypatch.delenv("SUMMARIZER_MODEL", raising=False)
    with pytest.raises(ConfigurationError, match="SUMMARIZER_MODEL"):
        Summarizer(client=openai.OpenAI(base_url="http://127.0.0.1:9/v1", api_key="x"))


def test_environment_selects_the_endpoint_and_model(monkeypatch, fake_server, article_text):
    with fake_server([GOOD]) as server:
        monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
        monkeypatch.setenv("OPENAI_API_KEY", "sk-env-test-000000000000")
        monkeypatch.setenv("SUMMARIZER_MODEL", "env-model")
        with Summarizer(options=MODEL_ONLY) as summ:
            result = summ.summarize(article_text)
    assert server.received[0].body["model"] == "env-model"
    headers = {k.lower(): v for k, v in server.received[0].headers.items()}
    assert headers["authorization"] == "Bearer sk-env-test-000000000000"
    assert result.summary.actors[0].name == "Ivan Popov"


def test_sdk_retries_are_off_so_one_layer_retries(fake_server, article_text):
    from tests.support.fake_server import Reply

    with fake_server([Reply.error(503)]) as server, pytest.raises(ServerError, match="HTTP 503"):
        make(server, retry=RetryPolicy(max_attempts=2, initial_wait_s=0, jitter_s=0)).summarize(article_text)
    assert len(server.received) == 2
