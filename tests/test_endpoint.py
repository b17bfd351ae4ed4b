"""One endpoint resolver (client > base URL > environment > embedded) used by the pipeline,
the command line and batches; ``--structured-output`` on ``summarize`` and ``batch``."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from summarizer import ConfigurationError, Summarizer
from summarizer.batch import EndpointConfig
from summarizer.cli import main
from summarizer.llm.endpoint import EndpointSource, endpoint_source, resolve_endpoint
from summarizer.llm.modes import StructuredOutput
from tests.support.fake_server import FakeOpenAIServer
from tests.test_batch_command import batch, endpoint
from tests.test_batch_helpers import answer, article

KEY = "sk-resolver-test-0123456789abcdef"


@pytest.fixture(autouse=True)
def _no_endpoint_env(monkeypatch):
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "SUMMARIZER_MODEL", "MY_KEY"):
        monkeypatch.delenv(name, raising=False)


# -- the resolver ----------------------------------------------------------------------------


def test_client_beats_the_environment_which_beats_the_embedded_model():
    env = {"OPENAI_API_KEY": KEY, "OPENAI_BASE_URL": "http://env:8000/v1", "SUMMARIZER_MODEL": "env-model"}
    with FakeOpenAIServer([]) as server:
        client = server.client()
        chosen = resolve_endpoint(client, environ=env)
        assert chosen.source is EndpointSource.CLIENT and chosen.client is client and chosen.model == "env-model"
    from_env = resolve_endpoint(environ=env)
    assert (from_env.source, from_env.base_url, from_env.api_key) == (
        EndpointSource.ENVIRONMENT, "http://env:8000/v1", KEY
    )  # fmt: skip
    explicit = resolve_endpoint(base_url="http://mine:1/v1", model="m", environ=env)
    assert (explicit.source, explicit.base_url, explicit.model, explicit.api_key) == (
        EndpointSource.BASE_URL, "http://mine:1/v1", "m", KEY
    )  # fmt: skip
    assert resolve_endpoint(environ={}).embedded
    assert resolve_endpoint(environ={"SUMMARIZER_MODEL": "ignored"}).embedded  # a model name alone is no endpoint


def test_only_a_key_means_openai_and_the_key_variable_can_be_named():
    only_key = resolve_endpoint(model="gpt-4o-mini", environ={"OPENAI_API_KEY": KEY})
    assert only_key.source is EndpointSource.ENVIRONMENT and only_key.base_url is None  # OpenAI's API
    assert endpoint_source(api_key_env="MY_KEY", environ={"OPENAI_API_KEY": KEY}) is EndpointSource.EMBEDDED
    assert resolve_endpoint(model="m", api_key_env="MY_KEY", environ={"MY_KEY": KEY}).api_key == KEY


def test_the_key_never_shows_in_a_repr():
    chosen = resolve_endpoint(model="m", environ={"OPENAI_API_KEY": KEY})
    assert KEY not in repr(chosen) and KEY not in str(chosen)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"environ": {"OPENAI_BASE_URL": "http://x/v1"}}, "no model name: pass model=... or set SUMMARIZER_MODEL"),
        ({"base_url": "http://x/v1", "model_hint": "--model M", "environ": {}}, "pass --model M"),
        ({"client": "not a client", "model": "m", "environ": {}}, "client must be an openai.OpenAI"),
    ],
)
def test_what_cannot_be_resolved_is_a_configuration_error(kwargs, message):
    with pytest.raises(ConfigurationError, match=message):
        resolve_endpoint(**kwargs)


def test_a_client_and_a_base_url_together_are_an_error():
    with FakeOpenAIServer([]) as server, pytest.raises(ConfigurationError, match="not both"):
        resolve_endpoint(server.client(), base_url="http://x/v1", model="m", environ={})


def test_the_summarizer_resolves_through_it(monkeypatch):
    assert Summarizer().embedded and Summarizer().endpoint.source is EndpointSource.EMBEDDED  # nothing started
    monkeypatch.setenv("OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setenv("SUMMARIZER_MODEL", "env-model")
    with Summarizer() as s:
        assert s.endpoint.source is EndpointSource.ENVIRONMENT and not s.embedded and s.model == "env-model"
    chosen = resolve_endpoint(base_url="http://127.0.0.1:9/v1", model="m")
    with Summarizer(endpoint=chosen) as s:
        assert s.endpoint is chosen and s.model == "m"
    with pytest.raises(ConfigurationError, match="not both"):
        Summarizer(model="m", endpoint=chosen)


def test_batch_configs_resolve_in_each_process(monkeypatch):
    config = EndpointConfig(base_url="http://vllm:8000/v1", model="m", api_key_env="MY_KEY")
    monkeypatch.setenv("MY_KEY", KEY)  # what a worker's environment holds
    chosen = config.resolve()
    assert (chosen.source, chosen.base_url, chosen.api_key) == (EndpointSource.BASE_URL, "http://vllm:8000/v1", KEY)
    assert EndpointConfig().embedded()  # its key variable is OPENAI_API_KEY, unset
    assert not EndpointConfig(api_key_env="MY_KEY").embedded()
    with config.async_summarizer() as s:
        assert s.endpoint == chosen and not s.embedded


# -- --structured-output ----------------------------------------------------------------------


@pytest.fixture
def captured(monkeypatch):
    """The Summarizer the command built, instead of a summary (the command then fails: no result)."""
    seen: list[Summarizer] = []

    def summarize(self, text, *, input_format="text"):
        seen.append(self)
        raise ConfigurationError("captured")

    monkeypatch.setattr(Summarizer, "summarize", summarize)
    return seen


@pytest.mark.parametrize("mode", list(StructuredOutput))
def test_summarize_flags_reach_the_options_and_the_endpoint(tmp_path, capsys, captured, mode):
    path = tmp_path / "a.txt"
    path.write_text(article(1), encoding="utf-8")
    argv = ["summarize", str(path), "--structured-output", mode.value, "--analysis", "off",
            "--base-url", "http://127.0.0.1:9/v1", "--model", "m"]  # fmt: skip
    assert main(argv) == 2 and "captured" in capsys.readouterr().err
    (summarizer,) = captured
    assert summarizer.options.structured_output is mode and summarizer.options.analysis == "off"
    assert summarizer.endpoint.source is EndpointSource.BASE_URL
    assert (summarizer.endpoint.base_url, summarizer.model) == ("http://127.0.0.1:9/v1", "m")


@pytest.mark.parametrize("command", ["summarize", "batch"])
def test_an_unknown_structured_output_is_a_usage_error_that_lists_the_choices(tmp_path, capsys, command):
    argv = [command, str(tmp_path), "--structured-output", "strict"]
    if command == "batch":
        argv += ["--out", str(tmp_path / "o.jsonl")]
    with pytest.raises(SystemExit) as info:
        main(argv)
    assert info.value.code == 2
    err = capsys.readouterr().err
    assert "argument --structured-output: invalid choice: 'strict'" in err
    for choice in ("auto", "json_schema", "llama_json_object", "json_object"):
        assert choice in err


def test_structured_output_help_names_every_mode(capsys):
    for command in ("summarize", "batch"):
        with pytest.raises(SystemExit):
            main([command, "--help"])
        out = " ".join(capsys.readouterr().out.split())
        for mode in StructuredOutput:
            assert mode.value in out, (command, mode)


def test_batch_sends_in_the_structured_output_it_is_given(tmp_path, capsys):
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "x", "text": article(1)}) + "\n", encoding="utf-8")
    out = tmp_path / "o.jsonl"
    with FakeOpenAIServer(answer) as server:
        argv: list[str | Path] = [source, "--out", out, *endpoint(server, tmp_path / "cache"), "--no-cache"]
        code, err = batch(capsys, *argv, "--structured-output", "json_object")
    assert code == 0, err
    (received,) = server.received
    assert received.body["response_format"] == {"type": "json_object"}
    with FakeOpenAIServer(answer) as server:
        assert batch(capsys, source, "--out", tmp_path / "p.jsonl", *endpoint(server, tmp_path / "c2"))[0] == 0
    assert server.received[0].body["response_format"]["type"] == "json_schema"  # auto, an OpenAI-compatible URL
    with_schema, without = (r.body["messages"][0]["content"] for r in (received, server.received[0]))
    assert with_schema.startswith(without + "\n\n") and len(with_schema) > len(without)  # the schema in the prompt
