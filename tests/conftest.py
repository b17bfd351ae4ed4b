"""Shared fixtures: the reference article, and strict cassette replay of a real model."""

from __future__ import annotations

import gc
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import openai
import pytest

from summarizer import Options, RetryPolicy, Summarizer
from tests.support.cassettes import RECORDING, REPLAY_BASE_URL, assert_all_played, cassette_path, make_vcr

ROOT = Path(__file__).resolve().parents[1]
REFERENCE_ARTICLE = ROOT / "examples" / "popov_fired_for_truth.txt"
# The structured-output mode cassettes are recorded with: llama-cpp-python's by default.
CASSETTE_MODE = os.environ.get("SUMMARIZER_CASSETTE_MODE", "llama_json_object")


@pytest.fixture(scope="session")
def article_text() -> str:
    """The reference article, exactly as shipped in examples/."""
    return REFERENCE_ARTICLE.read_text(encoding="utf-8")


@dataclass
class _Endpoint:
    base_url: str
    api_key: str
    model: str


@pytest.fixture(scope="session")
def record_endpoint() -> Iterator[_Endpoint | None]:
    """While recording: the real server cassettes are recorded from. Otherwise None."""
    if not RECORDING:
        yield None
        return
    if os.environ.get("OPENAI_API_KEY") or os.environ.get("OPENAI_BASE_URL"):
        model = os.environ.get("SUMMARIZER_MODEL")
        assert model, "set SUMMARIZER_MODEL to record against a hosted endpoint"
        yield _Endpoint(
            os.environ.get("OPENAI_BASE_URL") or "https://api.openai.com/v1",
            os.environ.get("OPENAI_API_KEY") or "not-needed",
            model,
        )
        return
    from summarizer.local import LocalServer

    with LocalServer() as server:
        yield _Endpoint(server.base_url, "not-needed", server.alias)


class Recorded:
    """Builds summarizers whose HTTP traffic is replayed from (or recorded to) a cassette."""

    def __init__(self, endpoint: _Endpoint | None) -> None:
        self.endpoint = endpoint
        self.base_url = endpoint.base_url if endpoint else REPLAY_BASE_URL
        self.model = endpoint.model if endpoint else "qwen2.5-coder-1.5b-instruct"
        self._clients: list[openai.OpenAI] = []

    def close(self) -> None:
        """Close the sync clients made here (recording holds real connections to the server)."""
        for client in self._clients:
            client.close()

    def client(self, **kwargs: Any) -> openai.OpenAI:
        key = self.endpoint.api_key if self.endpoint else "test-key-not-real"
        client = openai.OpenAI(base_url=self.base_url, api_key=key, **kwargs)
        self._clients.append(client)
        return client

    def async_client(self, **kwargs: Any) -> openai.AsyncOpenAI:
        key = self.endpoint.api_key if self.endpoint else "test-key-not-real"
        return openai.AsyncOpenAI(base_url=self.base_url, api_key=key, **kwargs)

    def options(self, **overrides: Any) -> Options:
        fields: dict[str, Any] = {"structured_output": CASSETTE_MODE, "retry": RetryPolicy(max_attempts=1)}
        return Options(**(fields | overrides))

    def summarizer(self, *, asynchronous: bool = False, **overrides: Any) -> Summarizer:
        client = self.async_client() if asynchronous else self.client()
        return Summarizer(client=client, model=self.model, options=self.options(**overrides))


@pytest.fixture
def recorded(request: pytest.FixtureRequest, record_endpoint: _Endpoint | None) -> Iterator[Recorded]:
    """Replay the cassette named after the test (strict), or record it."""
    name = f"{request.module.__name__.rsplit('.', 1)[-1]}/{request.node.name}"
    path = cassette_path(name)
    if RECORDING:
        path.unlink(missing_ok=True)
    elif not path.exists():
        pytest.fail(f"no cassette {path}: record it with `make record-cassettes`")
    with make_vcr().use_cassette(str(path.relative_to(path.parents[1])), allow_playback_repeats=False) as cassette:
        recorded = Recorded(record_endpoint)
        try:
            yield recorded
        finally:
            recorded.close()
    assert_all_played(cassette)


@pytest.fixture(scope="session")
def llm() -> Iterator[Any]:
    """The real GGUF loaded into this process (a few seconds), for the live tests that need
    llama.cpp itself rather than its server; one for the whole session."""
    from llama_cpp import Llama

    from summarizer.local import resolve_gguf

    model = Llama(model_path=str(resolve_gguf()), n_ctx=1024, n_threads=2, verbose=False, seed=0)
    yield model
    model.close()
    # llama-cpp-python opens os.devnull twice at import and never closes it; under
    # filterwarnings = error that is an "Exception ignored" at interpreter exit.
    from llama_cpp import _utils

    for stream in (_utils.outnull_file, _utils.errnull_file):
        stream.close()


@pytest.fixture(autouse=True)
def _collect_garbage_after_each_test() -> Iterator[None]:
    """A socket or file left open is reported by the test that leaked it, not a later one."""
    yield
    gc.collect()


@pytest.fixture
def fake_server():
    """Start a loopback fake model server answering with the given wire answers or replies."""
    from tests.support.fake_server import FakeOpenAIServer, Reply

    def make(script: list[Any]) -> FakeOpenAIServer:
        replies = [item if isinstance(item, Reply) else Reply.ok(json.dumps(item)) for item in script]
        return FakeOpenAIServer(replies)

    return make
