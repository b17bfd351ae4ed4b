"""The loopback stub in its own process, so it does not share the measured process's GIL.

The stub is tests/support/fake_server.py's ``FakeOpenAIServer`` (a real HTTP server on
127.0.0.1) answering every request with the model's recorded answer for the reference
article (read from the reference cassette), after ``--delay`` seconds.

    with StubProcess(delay_s=0.1) as base_url: ...

Run directly, it prints its base URL on the first line and serves until stdin closes.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path
from types import TracebackType
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import openai

from bench.common import ROOT, recorded_reply
from summarizer import Summarizer
from tests.support.fake_server import FakeOpenAIServer, Reply


class StubProcess:
    """Start the stub in a child process; the context value is its base URL."""

    def __init__(self, delay_s: float = 0.0) -> None:
        self.delay_s = delay_s
        self._process: subprocess.Popen[str] | None = None

    def __enter__(self) -> str:
        self._process = subprocess.Popen(
            [sys.executable, str(Path(__file__).resolve()), "--delay", str(self.delay_s)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        assert self._process.stdout is not None
        line = self._process.stdout.readline().strip()
        if not line.startswith("http://"):
            self._stop()
            raise RuntimeError(f"the stub did not start: {line!r}")
        return line

    def __exit__(
        self, _type: type[BaseException] | None, _value: BaseException | None, _tb: TracebackType | None
    ) -> None:
        self._stop()

    def _stop(self) -> None:
        process, self._process = self._process, None
        if process is None:
            return
        assert process.stdin is not None
        process.stdin.close()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait(timeout=10)


def captured_request(text: str) -> tuple[dict[str, Any], int]:
    """The request body ``Summarizer.summarize(text)`` sends, and how many requests it made.

    Captured once from an in-process stub, so raw-client baselines can send the same body.
    """
    reply = recorded_reply()
    with FakeOpenAIServer([Reply.ok(reply["content"], model=reply["model"])]) as server:
        client = openai.OpenAI(base_url=server.base_url, api_key="bench-not-a-key", max_retries=0)
        result = Summarizer(client=client, model=reply["model"]).summarize(text)
        body = {k: v for k, v in server.received[-1].body.items() if k != "stream"}
    return body, result.attempts.requests


def serve(delay_s: float) -> None:
    """Serve the recorded answer until stdin closes."""
    reply = recorded_reply()
    stub = Reply.ok(reply["content"], prompt_tokens=reply["prompt_tokens"],
                    completion_tokens=reply["completion_tokens"], model=reply["model"], delay_s=delay_s)  # fmt: skip
    server = FakeOpenAIServer([stub])
    # The stub writes headers and body in two sends; with Nagle's algorithm a keep-alive
    # connection then waits for a delayed ACK (~40 ms on Linux) that would swamp what is
    # measured. Real servers send with TCP_NODELAY.
    server._server.RequestHandlerClass.disable_nagle_algorithm = True  # type: ignore[attr-defined]
    with server:
        print(server.base_url, flush=True)
        sys.stdin.read()


if __name__ == "__main__":
    parser = argparse.ArgumentParser()
    parser.add_argument("--delay", type=float, default=0.0)
    serve(parser.parse_args().delay)
