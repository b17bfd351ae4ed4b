"""`summarizer batch`: register/run through argparse, against a real loopback server."""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import pty
import re
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

import pytest

from summarizer.batch import EndpointConfig, command
from summarizer.batch.bar import BatchProgress
from summarizer.batch.inputs import sha256_text
from tests.support.fake_server import FakeOpenAIServer, Reply
from tests.test_batch_helpers import answer, article, article_id


@pytest.fixture(autouse=True)
def _no_endpoint_env(monkeypatch):
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "SUMMARIZER_MODEL"):
        monkeypatch.delenv(name, raising=False)


def batch(capsys, *argv: str | Path) -> tuple[int, str]:
    parser = argparse.ArgumentParser(prog="summarizer")
    command.register(parser.add_subparsers(dest="command"))
    args = parser.parse_args(["batch", *map(str, argv)])
    code: int = args.handler(args)
    return code, capsys.readouterr().err


def lines(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def endpoint(server: FakeOpenAIServer, cache: Path, analysis: str = "off") -> list[str | Path]:
    """The endpoint arguments; the model-only path by default (``answer`` writes its wire)."""
    return ["--base-url", server.base_url, "--model", "fake-model", "--cache-dir", cache, "--analysis", analysis]


def test_a_folder_becomes_one_result_line_per_file(tmp_path, capsys):
    folder = tmp_path / "in"
    (folder / "sub").mkdir(parents=True)
    for i in range(3):
        (folder / f"{i}.txt").write_text(article(i), encoding="utf-8")
    page = "<!DOCTYPE html><html><head><title>t</title></head><body><article>"
    page += "".join(f"<p>{p}</p>" for p in article(7).split("\n\n")) + "</article></body></html>"
    (folder / "sub" / "page.html").write_text(page, encoding="utf-8")
    out = tmp_path / "results.jsonl"

    with FakeOpenAIServer(answer) as server:
        code, err = batch(capsys, folder, "--out", out, *endpoint(server, tmp_path / "cache"))

    assert code == 0, err
    rows = lines(out)
    assert sorted(r["id"] for r in rows) == ["0.txt", "1.txt", "2.txt", "sub/page.html"]
    assert all(r["status"] == "ok" for r in rows)
    by_id = {r["id"]: r for r in rows}
    assert by_id["1.txt"]["content_sha256"] == sha256_text(article(1))
    text = article(1)
    for claim in by_id["1.txt"]["result"]["summary"]["claims"]:
        for ev in claim["evidence"]:
            assert text[ev["start"] : ev["end"]] == ev["text"]
    html_result = by_id["sub/page.html"]["result"]
    assert html_result["source_text"]  # extracted from the page: the offsets index it
    assert "4 summarised, 0 failed, 0 already done (of 4)" in err
    assert err.count("\n") == 1  # not a terminal: no progress bar, one closing line


def test_bad_jsonl_lines_are_error_lines_and_failed_inputs_are_retried_on_resume(tmp_path, capsys):
    source = tmp_path / "in.jsonl"
    rows = [json.dumps({"id": f"a{i}", "text": article(i)}) for i in range(5)]
    rows.insert(2, '{"id": "broken", "text": ')
    source.write_text("\n".join(rows) + "\n", encoding="utf-8")
    out = tmp_path / "results.jsonl"
    failing = threading.Event()
    failing.set()

    def model(body: dict[str, Any]) -> Reply:
        if article_id(body) == 3 and failing.is_set():
            return Reply.error(500, "overloaded", retry_after="0")  # retried at once by the transport layer
        return answer(body)

    with FakeOpenAIServer(model) as server:
        args = [source, "--out", out, "--concurrency", "2", *endpoint(server, tmp_path / "cache")]
        first_code, first_err = batch(capsys, *args)
        first = lines(out)
        first_requests = [article_id(r.body) for r in server.received]
        failing.clear()
        second_code, second_err = batch(capsys, *args)
        second_requests = [article_id(r.body) for r in server.received][len(first_requests) :]

    assert first_code == 1
    assert "4 summarised, 2 failed" in first_err
    status = {r["id"]: r["status"] for r in first}
    assert status == {"a0": "ok", "a1": "ok", "line:3": "error", "a2": "ok", "a3": "error", "a4": "ok"}
    errors = {r["id"]: r["error"] for r in first if r["status"] == "error"}
    assert errors["line:3"]["kind"] == "InputError"
    assert "not valid JSON" in errors["line:3"]["message"]
    assert errors["a3"]["kind"] == "ServerError"
    assert errors["a3"]["attempts"]["requests"] >= 1
    assert first_requests.count(3) == errors["a3"]["attempts"]["requests"]

    assert second_code == 1  # the broken line still cannot be read
    assert second_requests == [3]  # only the failed article is asked again
    assert "1 summarised, 1 failed, 4 already done (of 6)" in second_err
    final = lines(out)
    assert [r["id"] for r in final] == ["a0", "a1", "line:3", "a2", "a3", "a4"]  # one line each, input order
    assert {r["id"]: r["status"] for r in final}["a3"] == "ok"


def test_the_cache_means_a_lost_results_file_costs_nothing(tmp_path, capsys):
    source = tmp_path / "in.jsonl"
    source.write_text("".join(json.dumps({"id": str(i), "text": article(i)}) + "\n" for i in range(4)))
    out = tmp_path / "results.jsonl"
    with FakeOpenAIServer(answer) as server:
        assert batch(capsys, source, "--out", out, *endpoint(server, tmp_path / "cache"))[0] == 0
        first = out.read_text()
        out.unlink()
        assert batch(capsys, source, "--out", out, *endpoint(server, tmp_path / "cache"))[0] == 0
        with_cache = len(server.received)
        second = out.read_text()
        out.unlink()
        assert batch(capsys, source, "--out", out, *endpoint(server, tmp_path / "cache"), "--no-cache")[0] == 0
        without_cache = len(server.received)

    assert with_cache == 4
    assert without_cache == 8
    assert sorted(second.splitlines()) == sorted(first.splitlines())  # cached results are returned as stored
    fresh = {r["id"]: r["result"]["summary"] for r in lines(out)}
    assert fresh == {r["id"]: r["result"]["summary"] for r in map(json.loads, first.splitlines())}


@pytest.mark.parametrize(
    ("argv", "reason"),
    [
        (["missing-folder", "--out", "o.jsonl"], "does not exist"),
        (["{in}", "--out", "o.jsonl", "--concurrency", "0"], "--concurrency must be at least 1"),
        (["{in}", "--out", "o.jsonl", "--base-url", "http://127.0.0.1:9/v1", "--no-cache"], "no model name"),
        (["{in}", "--out", "{in}"], "--out must not be the input file"),
    ],
)
def test_bad_usage_exits_2_with_one_line(tmp_path, capsys, monkeypatch, argv, reason):
    monkeypatch.chdir(tmp_path)
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "x", "text": article(1)}) + "\n")

    code, err = batch(capsys, *(a.replace("{in}", str(source)) for a in argv))

    assert code == 2
    assert len(err.strip().splitlines()) == 1
    assert err.startswith("summarizer batch: error: ")
    assert reason in err


def test_a_rejected_key_stops_the_run_with_exit_3_and_keeps_what_was_done(tmp_path, capsys):
    source, out = tmp_path / "in.jsonl", tmp_path / "results.jsonl"
    source.write_text("".join(json.dumps({"id": f"n{i}", "text": article(i)}) + "\n" for i in range(5)))

    def reply(body: dict[str, Any]) -> Reply:
        return Reply.error(401, "Incorrect API key provided") if article_id(body) >= 2 else answer(body)

    with FakeOpenAIServer(reply) as server:
        code, err = batch(capsys, source, "--out", out, "--concurrency", "1", *endpoint(server, tmp_path / "cache"))

    assert code == 3
    assert err.startswith("summarizer batch: stopped: the API key was rejected")
    assert "re-run the same command to resume" in err
    assert [r["id"] for r in lines(out)] == ["n0", "n1"]  # no error line repeated for every input


def test_dask_refuses_the_embedded_model(tmp_path, capsys):
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "x", "text": article(1)}) + "\n")
    code, err = batch(capsys, source, "--out", tmp_path / "o.jsonl", "--dask", "tcp://127.0.0.1:9")
    assert code == 2
    assert "--dask needs a shared endpoint" in err


def test_help_text_describes_the_command(capsys):
    parser = argparse.ArgumentParser(prog="summarizer")
    command.register(parser.add_subparsers(dest="command"))
    with pytest.raises(SystemExit):
        parser.parse_args(["batch", "--help"])
    text = capsys.readouterr().out
    for words in ("--concurrency", "--no-cache", "--cache-dir", "--base-url", "--analysis", "--dask", "resumes",
                  "exit status"):  # fmt: skip
        assert words in text


JUDGMENT = {"headline": "A report", "summary": "The council approved a plan.", "claims": [], "speakers": [],
            "disputes": [], "caveats": [], "extra_claims": [], "extra_caveats": []}  # fmt: skip


def test_analysis_chooses_the_prompt_and_defaults_to_auto(tmp_path, capsys):
    source = tmp_path / "in.jsonl"
    source.write_text(json.dumps({"id": "x", "text": article(1)}) + "\n")

    def model(body: dict[str, Any]) -> Reply:
        user = next(m["content"] for m in body["messages"] if m["role"] == "user")
        return Reply.ok(json.dumps(JUDGMENT)) if "\nHedges:\n" in user else answer(body)

    versions = {}
    with FakeOpenAIServer(model) as server:
        flags: dict[str, list[str]] = {"default": [], "auto": ["--analysis", "auto"], "off": ["--analysis", "off"]}
        for name, flag in flags.items():
            out = tmp_path / f"{name}.jsonl"
            argv = [source, "--out", out, "--base-url", server.base_url, "--model", "fake-model", "--no-cache", *flag]
            code, err = batch(capsys, *argv)
            assert code == 0, err
            [row] = lines(out)
            versions[name] = row["result"]["prompt_version"].split("+")[0]
        requests = len(server.received)

    assert versions == {"default": "judge-v5", "auto": "judge-v5", "off": "summarize-v1"}
    assert requests == 3  # each answer was accepted as it came: the prompt matched the answer's wire
    with pytest.raises(SystemExit):
        batch(capsys, source, "--out", tmp_path / "o.jsonl", "--analysis", "on")
    assert "invalid choice: 'on'" in capsys.readouterr().err


def test_progress_counts_rate_and_eta():
    bar = BatchProgress(10, enabled=False)
    with bar:
        bar.skip()
        bar.record(ok=True)
        bar.record(ok=False)

    assert (bar.done, bar.ok, bar.failed, bar.skipped) == (3, 1, 1, 1)
    assert bar.rate() > 0
    eta = bar.eta_s()
    assert eta is not None
    assert eta > 0


def test_a_terminal_gets_a_progress_bar_with_done_failed_rate_and_eta(tmp_path):
    source = tmp_path / "in.jsonl"
    rows = [json.dumps({"id": str(i), "text": article(i)}) for i in range(6)] + ["not json"]
    source.write_text("\n".join(rows) + "\n")

    def slow(body: dict[str, Any]) -> Reply:
        time.sleep(0.2)
        return answer(body)

    leader, follower = pty.openpty()
    with FakeOpenAIServer(slow) as server:
        argv = [sys.executable, "-m", "summarizer", "batch", str(source), "--out", str(tmp_path / "r.jsonl"),
                "--concurrency", "2", *map(str, endpoint(server, tmp_path / "cache"))]  # fmt: skip
        run = subprocess.Popen(argv, stderr=follower, env={**os.environ, "TERM": "xterm", "COLUMNS": "160"})
        os.close(follower)
        drawn = b""
        with contextlib.suppress(OSError):  # EIO once the child has exited
            while chunk := os.read(leader, 4096):
                drawn += chunk
        run.wait(timeout=60)
        os.close(leader)

    screen = drawn.decode("utf-8", "replace")
    assert run.returncode == 1  # the bad line failed
    assert "summarising" in screen
    assert "7/7 done" in screen
    assert "1 failed" in screen
    assert re.search(r"\d+\.\d\d/s", screen)
    assert "ETA" in screen
    assert "6 summarised, 1 failed" in screen


def test_no_endpoint_means_the_embedded_model(monkeypatch):
    assert EndpointConfig().embedded()  # the fixture cleared the environment
    assert not EndpointConfig(base_url="http://127.0.0.1:9/v1").embedded()
    monkeypatch.setenv("OPENAI_BASE_URL", "http://vllm:8000/v1")
    assert not EndpointConfig().embedded()
