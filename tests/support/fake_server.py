"""A real HTTP server on loopback that answers like an OpenAI-compatible endpoint,
and misbehaves on command: status codes, Retry-After, delays, hangs, connection
resets, malformed bodies. Used by the fault tests and the overhead benchmarks.

    with FakeOpenAIServer([Reply(status=429, headers={"Retry-After": "1"}), Reply.ok(text)]) as server:
        client = openai.OpenAI(base_url=server.base_url, api_key="test")
        # or server.client(api_key="test"): cheaper to build, closed with the server
"""

from __future__ import annotations

import contextlib
import functools
import json
import socket
import ssl
import struct
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

import openai


@functools.cache
def _ssl_context() -> ssl.SSLContext:
    """One shared context: building one per client costs ~0.1 s of CPU (loading CA certificates)."""
    return ssl.create_default_context()


def chat_completion(
    content: str | None,
    *,
    finish_reason: str = "stop",
    prompt_tokens: int = 100,
    completion_tokens: int = 50,
    model: str = "fake-model",
    refusal: str | None = None,
) -> dict[str, Any]:
    """A chat-completion response body."""
    return {
        "id": "chatcmpl-fake",
        "object": "chat.completion",
        "created": 0,
        "model": model,
        "choices": [
            {
                "index": 0,
                "message": {"role": "assistant", "content": content, "refusal": refusal},
                "finish_reason": finish_reason,
            }
        ],
        "usage": {
            "prompt_tokens": prompt_tokens,
            "completion_tokens": completion_tokens,
            "total_tokens": prompt_tokens + completion_tokens,
        },
    }


@dataclass
class Reply:
    """One scripted answer."""

    status: int = 200
    body: Any = None
    """A dict (sent as JSON), str or bytes."""
    headers: dict[str, str] = field(default_factory=dict)
    delay_s: float = 0.0
    hang: bool = False
    """Accept the request and never answer (until the server stops)."""
    reset: bool = False
    """Send part of the response, then reset the connection."""

    @classmethod
    def ok(cls, content: str | None, **kwargs: Any) -> Reply:
        """200 with a chat completion whose message is ``content``."""
        delay = kwargs.pop("delay_s", 0.0)
        return cls(body=chat_completion(content, **kwargs), delay_s=delay)

    @classmethod
    def error(cls, status: int, message: str = "error", **headers: str) -> Reply:
        """An error status with an OpenAI-style error body."""
        return cls(status=status, body={"error": {"message": message, "type": "error"}},
                   headers={k.replace("_", "-"): v for k, v in headers.items()})  # fmt: skip


@dataclass
class Received:
    """One request the server got."""

    path: str
    headers: dict[str, str]
    body: Any
    at: float

    def header(self, name: str) -> str | None:
        """A request header, whatever the case of its name."""
        return next((v for k, v in self.headers.items() if k.lower() == name.lower()), None)


class FakeOpenAIServer:
    """Scripted OpenAI-compatible server on 127.0.0.1 and a free port.

    ``script`` is a list of replies used in order (the last one repeats), or a function
    from the request body to a reply.
    """

    def __init__(self, script: list[Reply] | Callable[[Any], Reply]) -> None:
        self._script = script
        self._index = 0
        self._lock = threading.Lock()
        self._stopping = threading.Event()
        self.received: list[Received] = []
        self._clients: list[openai.OpenAI] = []
        owner = self

        class Handler(BaseHTTPRequestHandler):
            protocol_version = "HTTP/1.1"

            def log_message(self, *_args: Any) -> None:
                pass

            def handle(self) -> None:
                with contextlib.suppress(ValueError, OSError):  # after a scripted reset
                    super().handle()

            def finish(self) -> None:
                with contextlib.suppress(ValueError, OSError):
                    super().finish()

            def do_GET(self) -> None:
                self._send(Reply(body={"object": "list", "data": [{"id": "fake-model", "object": "model"}]}))

            def do_POST(self) -> None:
                length = int(self.headers.get("content-length") or 0)
                raw = self.rfile.read(length) if length else b""
                if len(raw) < length:  # the client went away mid-request (killed): nothing arrived
                    self.close_connection = True
                    return
                try:
                    body: Any = json.loads(raw)
                except ValueError:
                    body = raw.decode("utf-8", "replace")
                owner._record(Received(self.path, dict(self.headers), body, time.monotonic()))
                self._send(owner._next(body))

            def _send(self, reply: Reply) -> None:
                if reply.hang:
                    owner._stopping.wait()
                    return
                if reply.delay_s:
                    time.sleep(reply.delay_s)
                payload = reply.body
                if isinstance(payload, (dict, list)):
                    payload = json.dumps(payload)
                data = payload.encode() if isinstance(payload, str) else (payload or b"")
                self.send_response(reply.status)
                self.send_header("content-type", "application/json")
                self.send_header("content-length", str(len(data)))
                for key, value in reply.headers.items():
                    self.send_header(key, value)
                self.end_headers()
                if reply.reset:
                    self.wfile.write(data[: len(data) // 2])
                    self.wfile.flush()
                    self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
                    self.close_connection = True
                    self.rfile.close()
                    self.wfile.close()
                    self.connection.close()  # linger 0: the peer sees a reset
                    return
                self.wfile.write(data)

        self._server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self._server.daemon_threads = True
        self._thread = threading.Thread(target=self._server.serve_forever, kwargs={"poll_interval": 0.05}, daemon=True)

    @property
    def base_url(self) -> str:
        """``http://127.0.0.1:PORT/v1``."""
        return f"http://127.0.0.1:{self._server.server_address[1]}/v1"

    def client(self, api_key: str = "test", **kwargs: Any) -> openai.OpenAI:
        """An ``openai.OpenAI`` client for this server, closed when the server stops."""
        client = openai.OpenAI(base_url=self.base_url, api_key=api_key,
                               http_client=openai.DefaultHttpxClient(verify=_ssl_context()), **kwargs)  # fmt: skip
        with self._lock:
            self._clients.append(client)
        return client

    def async_client(self, api_key: str = "test", **kwargs: Any) -> openai.AsyncOpenAI:
        """An ``openai.AsyncOpenAI`` client for this server (close it yourself: ``async with``)."""
        return openai.AsyncOpenAI(base_url=self.base_url, api_key=api_key,
                                  http_client=openai.DefaultAsyncHttpxClient(verify=_ssl_context()), **kwargs)  # fmt: skip

    def _record(self, received: Received) -> None:
        with self._lock:
            self.received.append(received)

    def _next(self, body: Any) -> Reply:
        if callable(self._script):
            return self._script(body)
        with self._lock:
            reply = self._script[min(self._index, len(self._script) - 1)]
            self._index += 1
            return reply

    def __enter__(self) -> FakeOpenAIServer:
        self._thread.start()
        return self

    def __exit__(self, *_exc: object) -> None:
        for client in self._clients:
            client.close()
        self._stopping.set()
        self._server.shutdown()
        self._server.server_close()
