"""Secrets: no key in cassettes, logs, errors, reprs or results.

The key is of course in the ``Authorization`` header the server receives (that is how it
is used); everywhere an operator or a cassette could see it, it must not be.
"""

from __future__ import annotations

import json
import logging
import os
import re
import sys
import traceback
from collections.abc import Iterator
from pathlib import Path

import pytest

from summarizer import AuthenticationError, Options, RetryPolicy, Summarizer, SummarizerError
from summarizer.llm.client import client_for
from tests.support.cassettes import CASSETTES
from tests.support.fake_server import FakeOpenAIServer, Reply
from tests.support.faults_report import case
from tests.test_faults import ARTICLE, BAD_WIRE, wire

KEY = "sk-test-SECRET-0123456789abcdef"
SK_KEY = re.compile(r"\bsk-[A-Za-z0-9_-]{16,}")
LOGGERS = ("openai", "httpx2", "httpx", "httpcore", "httpcore2", "summarizer", "")
REPLAY_KEY = "test-key-not-real"  # the key tests.conftest.Recorded builds clients with

CASSETTE_SCAN = case("cassettes-clean", "secrets", "scan every cassette for credentials")
LOGS_CLEAN = case(
    "logs-clean", "secrets",
    "key in `OPENAI_API_KEY`; 500 and 429 echoing it, a re-ask, a success, then a 401 echoing it; "
    "DEBUG logs of openai/httpx/summarizer and stderr captured",
)  # fmt: skip


def secrets_in(text: str, keys: tuple[str, ...]) -> list[str]:
    """What in ``text`` looks like a credential."""
    found = [f"sk-style key {m.group()[:8]}..." for m in SK_KEY.finditer(text)]
    found += [f"configured key {key[:6]}..." for key in keys if key and key in text]
    found += ["!!binary"] if "!!binary" in text else []
    found += [f"header {h}" for h in re.findall(r'"(authorization|api-key|x-api-key|cookie)"', text, re.IGNORECASE)]
    found += ["bearer token"] if re.search(r"\bBearer\s+\S", text) else []
    return found


def configured_keys() -> tuple[str, ...]:
    """Every key a cassette could have been recorded or replayed with."""
    return tuple(k for k in (os.environ.get("OPENAI_API_KEY", ""), REPLAY_KEY, KEY) if len(k) >= 8)


def cassette_files() -> list[Path]:
    """Every cassette file, whatever its format."""
    return sorted(p for p in CASSETTES.rglob("*") if p.is_file())


def test_the_scanner_finds_planted_secrets():
    planted = {
        "request": {"headers": {"Authorization": ["Bearer sk-proj-abcdefghijklmnopqrstuv"]}},
        "response": {"body": {"string": "!!binary |\n  H4sIAAAA"}},
        "note": REPLAY_KEY,
    }
    found = secrets_in(json.dumps(planted), configured_keys())
    assert any(f.startswith("sk-style") for f in found)
    assert "header Authorization" in found
    assert "bearer token" in found
    assert "!!binary" in found
    assert any(f.startswith("configured key") for f in found)
    assert secrets_in('{"headers": {"content-type": ["application/json"]}, "sk": "desk-top"}', ("not-a-key",)) == []


def test_no_cassette_holds_a_secret():
    files = cassette_files()
    assert files, "no cassettes found"
    scans = {str(p.relative_to(CASSETTES)): secrets_in(p.read_text(), configured_keys()) for p in files}
    leaks = {name: found for name, found in scans.items() if found}
    assert not leaks, leaks
    for path in files:
        data = json.loads(path.read_text())
        for interaction in data["interactions"]:
            headers = {h.lower() for h in interaction["request"].get("headers", {})}
            assert not headers & {"authorization", "api-key", "x-api-key", "cookie"}, path
    CASSETTE_SCAN.record(
        "none holds an `Authorization`/`api-key`/cookie header, an `sk-` key, the configured key or `!!binary`",
        requests="n/a",
    )  # fmt: skip


@pytest.fixture
def debug_logs() -> Iterator[list[str]]:
    """Every log record of the run, at DEBUG, formatted with its arguments."""
    lines: list[str] = []

    class Collect(logging.Handler):
        def emit(self, record: logging.LogRecord) -> None:
            lines.append(self.format(record))

    handler = Collect(logging.DEBUG)
    handler.setFormatter(logging.Formatter("%(name)s %(levelname)s %(message)s %(exc_info)s"))
    saved = {name: logging.getLogger(name).level for name in LOGGERS}
    for name in LOGGERS:
        logging.getLogger(name).setLevel(logging.DEBUG)
    logging.getLogger().addHandler(handler)
    try:
        yield lines
    finally:
        logging.getLogger().removeHandler(handler)
        for name, level in saved.items():
            logging.getLogger(name).setLevel(level)


def test_key_from_environment_never_reaches_logs_errors_or_results(monkeypatch, debug_logs, capfd):
    script = [
        Reply.error(500, f"upstream failed for key {KEY}"),
        Reply.error(429, f"rate limit for {KEY}", Retry_After="0"),
        Reply.ok(BAD_WIRE),
        Reply.ok(wire()),
        Reply.error(401, f"Incorrect API key provided: {KEY}"),
    ]
    with FakeOpenAIServer(script) as server:
        monkeypatch.setenv("OPENAI_API_KEY", KEY)
        monkeypatch.setenv("OPENAI_BASE_URL", server.base_url)
        monkeypatch.setenv("SUMMARIZER_MODEL", "fake-model")
        # the model-only path: BAD_WIRE and wire() are its answers
        options = Options(retry=RetryPolicy(initial_wait_s=0, jitter_s=0, max_attempts=3), analysis="off")
        with Summarizer(options=options) as summ:
            result = summ.summarize(ARTICLE)
            with pytest.raises(AuthenticationError) as info:
                summ.summarize(ARTICLE)
            shown_objects = [repr(summ), repr(summ.options)]
    error: SummarizerError = info.value
    assert [r.header("Authorization") for r in server.received] == [f"Bearer {KEY}"] * 5  # the key was used
    assert result.attempts.transport_retries == 2
    assert result.attempts.reasks == 1
    assert debug_logs, "no log output was captured"
    out, err = capfd.readouterr()
    sys.stderr.write(err)
    seen = {
        "logs": "\n".join(debug_logs),
        "stdout": out,
        "stderr": err,
        "result": result.model_dump_json(),
        "result repr": repr(result),
        "error": str(error),
        "error repr": repr(error),
        "error traceback": "".join(traceback.format_exception(error)),
        "error body": str(error.body) if isinstance(error, AuthenticationError) else "",
        "objects": "\n".join(shown_objects),
        "prompts": json.dumps([r.body for r in server.received]),
    }
    leaks = {where: secrets_in(text, (KEY,)) for where, text in seen.items() if secrets_in(text, (KEY,))}
    assert not leaks, leaks
    LOGS_CLEAN.record(
        "result, then `AuthenticationError`; the key is in no DEBUG log record, nor in stderr, results, "
        "errors (str, repr, traceback, body) or prompts",
        requests=f"{len(server.received)}",
    )  # fmt: skip


URL_CREDENTIALS = case(
    "url-credentials-hidden", "secrets", "a base URL carrying `user:password@` and `?api-key=...`; the server is down"
)


def test_credentials_in_the_base_url_never_reach_an_error_message():
    with FakeOpenAIServer([Reply.ok(wire())]) as server:
        port = server.base_url.split(":")[2].split("/")[0]
    url = f"http://admin:{KEY}@127.0.0.1:{port}/v1?api-key={KEY}"  # nothing listens there any more
    options = Options(retry=RetryPolicy(initial_wait_s=0, jitter_s=0, max_attempts=2))
    with pytest.raises(SummarizerError) as info, Summarizer(client=client_for(url, "k"), model="m", options=options) as s:
        s.summarize(ARTICLE)
    shown = f"{info.value}\n{info.value!r}"
    assert "could not reach http://127.0.0.1:" in shown
    assert KEY not in shown and "admin" not in shown, shown
    URL_CREDENTIALS.record("`APIConnectionError` naming the URL without user, password or query", requests="2")
