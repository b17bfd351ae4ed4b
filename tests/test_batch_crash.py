"""Crash safety: a batch killed with SIGKILL mid-run, then re-run, loses and repeats nothing."""

from __future__ import annotations

import json
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any

from tests.support.fake_server import FakeOpenAIServer, Reply
from tests.test_batch_helpers import answer, article, article_id

INPUTS = 12
CONCURRENCY = 2


def command(
    source: Path, out: Path, cache: Path, server: FakeOpenAIServer, entry: str = "summarizer batch"
) -> list[str]:
    """The batch command line; ``entry`` is the ``summarizer`` CLI or the module run on its own."""
    return [
        sys.executable, "-m", *entry.split(), str(source), "--out", str(out),
        "--base-url", server.base_url, "--model", "fake-model",
        "--cache-dir", str(cache), "--concurrency", str(CONCURRENCY),
        "--analysis", "off",  # the model-only path: ``answer`` writes its wire
    ]  # fmt: skip


def gated(after: int, release: threading.Event):
    """A slow answer; from the ``after``-th request on, held until ``release`` is set.

    The gate makes sure the run cannot finish before the test interrupts it, however slow
    the machine is.
    """
    count = 0
    lock = threading.Lock()

    def reply(body: dict[str, Any]) -> Reply:
        nonlocal count
        with lock:
            count += 1
            held = count > after
        time.sleep(0.3)
        if held:
            release.wait(timeout=60)
        return answer(body)

    return reply


def valid_lines(path: Path) -> list[dict[str, Any]]:
    data = path.read_bytes()
    assert not data or data.endswith(b"\n"), "the file ends in a partial line"
    return [json.loads(line) for line in data.splitlines()]


def cached_articles(cache: Path) -> set[int]:
    """Which articles have a result in the cache (read from their evidence)."""
    found = set()
    for entry in cache.glob("*/*.json"):
        match = re.search(r"In report number (\d+),", entry.read_text())
        assert match
        found.add(int(match.group(1)))
    return found


def test_a_killed_batch_resumes_without_losing_or_repeating_work(tmp_path):
    source, out, cache = tmp_path / "in.jsonl", tmp_path / "results.jsonl", tmp_path / "cache"
    source.write_text("".join(json.dumps({"id": f"n{i}", "text": article(i)}) + "\n" for i in range(INPUTS)))

    release = threading.Event()
    with FakeOpenAIServer(gated(6, release)) as server:
        first = subprocess.Popen(command(source, out, cache, server), stderr=subprocess.PIPE)
        deadline = time.monotonic() + 60
        while (not out.exists() or len(out.read_bytes().splitlines()) < 4) and time.monotonic() < deadline:
            assert first.poll() is None, first.stderr.read() if first.stderr else ""
            time.sleep(0.02)
        first.kill()  # SIGKILL: no cleanup runs
        first.wait()
        release.set()
        first.stderr.close()  # type: ignore[union-attr]
        time.sleep(0.4)  # let the server finish the answers nobody is waiting for
        after_kill = valid_lines(out)
        asked_before = [article_id(r.body) for r in server.received]
        cached = cached_articles(cache)

        rerun = command(source, out, cache, server, entry="summarizer.batch.command")
        second = subprocess.run(rerun, check=False, capture_output=True, text=True, timeout=120)
        asked_after = [article_id(r.body) for r in server.received][len(asked_before) :]

    assert first.returncode == -9
    assert 4 <= len(after_kill) < INPUTS
    written = {int(r["id"][1:]) for r in after_kill}
    assert written <= cached  # a line is written only after its result is cached

    assert second.returncode == 0, second.stderr
    final = valid_lines(out)
    assert sorted(r["id"] for r in final) == sorted(f"n{i}" for i in range(INPUTS))  # every input exactly once
    assert all(r["status"] == "ok" for r in final)

    assert sorted(asked_after) == sorted(set(range(INPUTS)) - cached)  # nothing received is asked again
    lost = len(asked_before) - len(cached)  # requests in flight at the kill, whose answers never arrived
    assert 0 <= lost <= CONCURRENCY
    assert len(asked_before) + len(asked_after) == INPUTS + lost
    print(f"\nkilled after {len(after_kill)} lines; requests: {len(asked_before)} + {len(asked_after)}, "
          f"{lost} lost in flight at the kill")  # fmt: skip


def test_ctrl_c_stops_cleanly_with_a_valid_file(tmp_path):
    source, out, cache = tmp_path / "in.jsonl", tmp_path / "results.jsonl", tmp_path / "cache"
    source.write_text("".join(json.dumps({"id": f"n{i}", "text": article(i)}) + "\n" for i in range(INPUTS)))

    release = threading.Event()
    with FakeOpenAIServer(gated(4, release)) as server:
        run = subprocess.Popen(command(source, out, cache, server), stderr=subprocess.PIPE, text=True)
        deadline = time.monotonic() + 60
        while (not out.exists() or len(out.read_bytes().splitlines()) < 2) and time.monotonic() < deadline:
            time.sleep(0.02)
        run.send_signal(signal.SIGINT)
        _, err = run.communicate(timeout=30)
        release.set()

    assert run.returncode == 130, err
    assert "interrupted" in err
    assert "re-run the same command to resume" in err
    rows = valid_lines(out)
    assert 2 <= len(rows) < INPUTS
    assert all(r["status"] == "ok" for r in rows)


def test_a_request_cut_off_by_the_kill_never_reaches_the_fake_server():
    """A client killed between its headers and its body sent no request (as for a real server).

    The resume test counts what the server received; a half-sent request must not count.
    """
    with FakeOpenAIServer([Reply(body={"ok": True})]) as server:
        host, port = server.base_url.removeprefix("http://").removesuffix("/v1").split(":")
        with socket.create_connection((host, int(port)), timeout=10) as cut:
            cut.sendall(b"POST /v1/chat/completions HTTP/1.1\r\nhost: x\r\ncontent-length: 200\r\n\r\n{\"mod")
            cut.shutdown(socket.SHUT_WR)
            assert cut.recv(100) == b""  # closed without an answer
        whole = server.client().post("/chat/completions", body={"model": "m"}, cast_to=object)

    assert whole == {"ok": True}
    assert [r.body for r in server.received] == [{"model": "m"}]
