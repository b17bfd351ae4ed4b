"""The one module that imports ``openai``.

It sends a :class:`ChatRequest` through an OpenAI-compatible endpoint and returns a
:class:`Completion`, translating every SDK exception into the library's own tree in one
place, retrying transient faults (tenacity, see :mod:`summarizer.llm.retry`), and falling
back between structured-output modes when a server rejects one.
"""

from __future__ import annotations

import asyncio
import email.utils
import json
import math
import os
import threading
import time
import urllib.parse
import weakref
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import openai
import tenacity

from summarizer.core import errors
from summarizer.core.options import Options
from summarizer.core.schema import Usage
from summarizer.llm import modes
from summarizer.llm.retry import retry_kwargs
from summarizer.llm.types import CallStats, ChatRequest, Completion

_MODE_REJECTION_HINTS = ("response_format", "json_schema", "json_object", "input should be 'text'")


class Endpoint:
    """An OpenAI-compatible endpoint: sync and/or async clients plus mode state.

    Build it from a user's client (:meth:`from_client`), from the environment
    (:meth:`from_env`) or from a base URL (:meth:`from_base_url`).
    """

    def __init__(
        self,
        *,
        sync_client: openai.OpenAI | None,
        async_client: openai.AsyncOpenAI | None = None,
        async_factory: Callable[[], openai.AsyncOpenAI] | None = None,
        local: bool = False,
    ) -> None:
        self._sync = sync_client.with_options(max_retries=0) if sync_client else None
        self._user_async = async_client.with_options(max_retries=0) if async_client else None
        # Clients we create ourselves get one async client per event loop: an httpx pool
        # cannot outlive the loop it was made in (asyncio.run twice would break it).
        self._async_factory = async_factory
        self._loop_clients: weakref.WeakKeyDictionary[asyncio.AbstractEventLoop, openai.AsyncOpenAI] = (
            weakref.WeakKeyDictionary()
        )
        client: Any = self._sync or self._user_async
        self.base_url: str = str(client.base_url)
        self.shown_url = _redacted(self.base_url)
        """The base URL as error messages show it: no user, password or query string."""
        self._secret: str = str(getattr(client, "api_key", "") or "")
        self.local = local
        self._working_mode: modes.Mode | None = None
        self._lock = threading.Lock()

    # -- construction -------------------------------------------------------------------

    @classmethod
    def from_client(cls, client: object) -> Endpoint:
        """Wrap a user's ``openai.OpenAI`` or ``openai.AsyncOpenAI`` client."""
        if isinstance(client, openai.AsyncOpenAI):
            return cls(sync_client=None, async_client=client)
        if isinstance(client, openai.OpenAI):
            return cls(sync_client=client, async_client=None)
        raise errors.ConfigurationError(
            f"client must be an openai.OpenAI or openai.AsyncOpenAI instance, got {type(client).__name__}"
        )

    @classmethod
    def from_base_url(cls, base_url: str | None, api_key: str | None, *, local: bool = False) -> Endpoint:
        """Clients for ``base_url`` (``None``: OpenAI's). A missing key is fine for local servers."""
        key = api_key or "not-needed"
        return cls(
            sync_client=openai.OpenAI(base_url=base_url, api_key=key, max_retries=0),
            async_factory=lambda: openai.AsyncOpenAI(base_url=base_url, api_key=key, max_retries=0),
            local=local,
        )

    @classmethod
    def from_env(cls) -> Endpoint | None:
        """Clients from ``OPENAI_API_KEY`` / ``OPENAI_BASE_URL``; ``None`` if neither is set."""
        key = os.environ.get("OPENAI_API_KEY") or None
        base_url = os.environ.get("OPENAI_BASE_URL") or None
        if not key and not base_url:
            return None
        return cls.from_base_url(base_url, key)

    # -- calls --------------------------------------------------------------------------

    def complete(self, request: ChatRequest, stats: CallStats) -> Completion:
        """Send ``request``; retries transient faults; falls back between modes."""
        if self._sync is None:
            raise errors.ConfigurationError(
                "this Summarizer was given an openai.AsyncOpenAI client: call asummarize(), "
                "or pass an openai.OpenAI client for summarize()"
            )
        budget = _Budget(time.monotonic() + request.options.retry.max_total_s)
        for mode in self._modes(request):
            try:
                retrying = tenacity.Retrying(**retry_kwargs(request.options.retry, _counter(stats)))
                completion: Completion = retrying(self._send_sync, mode, request, stats, budget)
            except errors.StructuredOutputUnsupportedError:
                if mode == self._modes(request)[-1] or request.options.structured_output != "auto":
                    raise
                continue
            self._remember(mode)
            return completion
        raise AssertionError("unreachable")  # pragma: no cover

    def close(self) -> None:
        """Close the clients this endpoint created (a user's own client is left open)."""
        if self._async_factory is not None and self._sync is not None:
            self._sync.close()

    async def aclose(self) -> None:
        """Close the async client this endpoint created for the running event loop."""
        client = self._loop_clients.pop(asyncio.get_running_loop(), None)
        if client is not None:
            await client.close()

    def _async_client(self) -> openai.AsyncOpenAI | None:
        if self._user_async is not None or self._async_factory is None:
            return self._user_async
        loop = asyncio.get_running_loop()
        client = self._loop_clients.get(loop)
        if client is None:
            client = self._loop_clients[loop] = self._async_factory()
        return client

    async def acomplete(self, request: ChatRequest, stats: CallStats) -> Completion:
        """Async :meth:`complete`; with only a sync client, runs it in a worker thread."""
        client = self._async_client()
        if client is None:
            return await asyncio.to_thread(self.complete, request, stats)
        budget = _Budget(time.monotonic() + request.options.retry.max_total_s)
        for mode in self._modes(request):
            try:
                retrying = tenacity.AsyncRetrying(**retry_kwargs(request.options.retry, _counter(stats)))
                completion: Completion = await retrying(self._send_async, client, mode, request, stats, budget)
            except errors.StructuredOutputUnsupportedError:
                if mode == self._modes(request)[-1] or request.options.structured_output != "auto":
                    raise
                continue
            self._remember(mode)
            return completion
        raise AssertionError("unreachable")  # pragma: no cover

    # -- internals ----------------------------------------------------------------------

    def _modes(self, request: ChatRequest) -> list[modes.Mode]:
        candidates = modes.candidate_modes(request.options.structured_output, self.base_url, local=self.local)
        with self._lock:
            if self._working_mode in candidates:
                return candidates[candidates.index(self._working_mode) :]
        return candidates

    def _remember(self, mode: modes.Mode) -> None:
        with self._lock:
            self._working_mode = mode

    def _kwargs(self, mode: modes.Mode, request: ChatRequest, timeout: float) -> dict[str, Any]:
        opts = request.options
        kwargs: dict[str, Any] = {
            "model": request.model,
            "messages": modes.messages_for(mode, request.messages, request.schema_instructions),
            "temperature": opts.temperature,
            "max_tokens": opts.max_output_tokens,
            "response_format": modes.response_format(mode, request.schema),
            "timeout": timeout,
        }
        if opts.seed is not None:
            kwargs["seed"] = opts.seed
        return kwargs

    # The SDK exception is not chained (``from None``): its message holds the server's
    # error body verbatim, which may echo the API key into a printed traceback.

    def _send_sync(self, mode: modes.Mode, request: ChatRequest, stats: CallStats, budget: _Budget) -> Completion:
        assert self._sync is not None
        stats.requests += 1
        timeout = budget.timeout(request.options)
        try:
            response = self._sync.chat.completions.create(**self._kwargs(mode, request, timeout))
        except Exception as exc:  # every SDK failure is translated here
            raise self._translate(exc, request, stats, timeout) from None
        return self._completion(response, request, stats)

    async def _send_async(
        self, client: openai.AsyncOpenAI, mode: modes.Mode, request: ChatRequest, stats: CallStats, budget: _Budget
    ) -> Completion:
        stats.requests += 1
        timeout = budget.timeout(request.options)
        try:
            response = await client.chat.completions.create(**self._kwargs(mode, request, timeout))
        except Exception as exc:  # every SDK failure is translated here
            raise self._translate(exc, request, stats, timeout) from None
        return self._completion(response, request, stats)

    def _completion(self, response: Any, request: ChatRequest, stats: CallStats) -> Completion:
        try:
            choice = response.choices[0]
            message = choice.message
            usage = Usage(
                prompt_tokens=int(getattr(response.usage, "prompt_tokens", 0) or 0),
                completion_tokens=int(getattr(response.usage, "completion_tokens", 0) or 0),
            )
        except (AttributeError, IndexError, TypeError, ValueError) as exc:
            raise errors.MalformedResponseError(
                f"the endpoint's response is not a chat completion: {type(exc).__name__}",
                attempts=stats.requests,
            ) from None
        stats.usage = stats.usage + usage
        return Completion(
            text=message.content or "",
            finish_reason=choice.finish_reason,
            usage=usage,
            model=str(getattr(response, "model", None) or request.model),
            refusal=getattr(message, "refusal", None),
        )

    def _translate(
        self, exc: Exception, request: ChatRequest, stats: CallStats, timeout: float
    ) -> errors.SummarizerError:
        n = stats.requests
        if isinstance(exc, openai.APITimeoutError):
            opts = request.options
            if timeout < opts.timeout_s:
                return errors.APITimeoutError(
                    f"no answer from {self.shown_url} before the retry budget of {opts.retry.max_total_s:g} s "
                    "(RetryPolicy.max_total_s) ran out",
                    attempts=n,
                )
            return errors.APITimeoutError(f"no answer from {self.shown_url} within {opts.timeout_s:g} s", attempts=n)
        if isinstance(exc, openai.APIConnectionError):
            return errors.APIConnectionError(
                f"could not reach {self.shown_url} or the connection dropped "
                f"({self._clean(str(exc.__cause__ or exc))})",
                attempts=n,
            )
        if isinstance(exc, openai.APIStatusError):
            return self._status_error(exc, request, n)
        if isinstance(exc, (openai.APIResponseValidationError, json.JSONDecodeError, ValueError)):
            return errors.MalformedResponseError(
                f"the endpoint answered with a malformed body ({type(exc).__name__})", attempts=n
            )
        return errors.APIError(f"unexpected failure calling the endpoint: {type(exc).__name__}", attempts=n)

    def _status_error(self, exc: openai.APIStatusError, request: ChatRequest, n: int) -> errors.APIError:
        status = exc.status_code
        detail = self._clean(_detail(exc))
        body = self._clean(exc.response.text[:2000]) if exc.response is not None else None
        if status == 401:
            return errors.AuthenticationError(
                "the API key was rejected: check OPENAI_API_KEY or the key your client was built with",
                status=status, attempts=n, body=body,
            )  # fmt: skip
        if status == 403:
            return errors.AuthenticationError(
                f"access denied: the key may lack permission for model {request.model!r} ({detail})",
                status=status, attempts=n, body=body,
            )  # fmt: skip
        if status == 404:
            return errors.NotFoundError(
                f"not found: check the model name {request.model!r} and the base URL {self.shown_url} ({detail})",
                status=status, attempts=n, body=body,
            )  # fmt: skip
        if status == 429:
            return errors.RateLimitError(
                f"rate limited by the endpoint ({detail})",
                status=status, attempts=n, retry_after=_retry_after(exc), body=body,
            )  # fmt: skip
        if _mode_rejected(detail, body):
            return errors.StructuredOutputUnsupportedError(
                f"the endpoint rejected the structured-output request ({detail})", status=status, attempts=n, body=body
            )
        if status >= 500:
            return errors.ServerError(
                f"the endpoint failed ({detail})", status=status, attempts=n, retry_after=_retry_after(exc), body=body
            )
        return errors.BadRequestError(
            f"the endpoint rejected the request ({detail})", status=status, attempts=n, body=body
        )

    def _clean(self, text: str) -> str:
        """Never let the API key into a message, whatever a server echoes back."""
        if self._secret and len(self._secret) >= 8:
            text = text.replace(self._secret, "[redacted]")
        return text


@dataclass
class _Budget:
    """The time one model call may spend retrying (``RetryPolicy.max_total_s``)."""

    deadline: float
    sent: int = 0

    def timeout(self, options: Options) -> float:
        """``timeout_s`` for the first request; a retry waits at most what is left of ``max_total_s``."""
        self.sent += 1
        if self.sent == 1:
            return options.timeout_s
        return max(0.001, min(options.timeout_s, self.deadline - time.monotonic()))


def _redacted(url: str) -> str:
    """``url`` without credentials (``user:password@``) or a query string (``?api-key=...``)."""
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    host = f"[{host}]" if ":" in host else host  # IPv6
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, "", ""))


def client_for(base_url: str | None, api_key: str | None = None) -> openai.OpenAI:
    """An ``openai.OpenAI`` client for an OpenAI-compatible ``base_url``.

    The key is ``api_key``, else ``OPENAI_API_KEY``, else a placeholder (local servers
    such as llama.cpp, vLLM or Ollama need none).
    """
    key = api_key or os.environ.get("OPENAI_API_KEY") or "not-needed"
    return openai.OpenAI(base_url=base_url, api_key=key, max_retries=0)


def async_client_for(base_url: str | None, api_key: str | None = None) -> openai.AsyncOpenAI:
    """Like :func:`client_for`, an ``openai.AsyncOpenAI`` client (close it when done)."""
    key = api_key or os.environ.get("OPENAI_API_KEY") or "not-needed"
    return openai.AsyncOpenAI(base_url=base_url, api_key=key, max_retries=0)


def _counter(stats: CallStats) -> Any:
    def before_sleep(_state: tenacity.RetryCallState) -> None:
        stats.transport_retries += 1

    return before_sleep


def _detail(exc: openai.APIStatusError) -> str:
    body = exc.body
    if isinstance(body, dict):
        inner = body.get("error", body)
        message = inner.get("message") if isinstance(inner, dict) else inner
        if message:
            return str(message)[:300]
        if "detail" in body:
            return json.dumps(body["detail"])[:300]
    return (exc.message or f"HTTP {exc.status_code}")[:300]


def _mode_rejected(detail: str, body: str | None) -> bool:
    text = f"{detail} {body or ''}".lower()
    return any(hint in text for hint in _MODE_REJECTION_HINTS)


def _retry_after(exc: openai.APIStatusError) -> float | None:
    """Seconds the endpoint asked us to wait (``Retry-After[-Ms]``); ``None`` if absent or unreadable."""
    headers = exc.response.headers if exc.response is not None else {}
    if (ms := _seconds(headers.get("retry-after-ms"))) is not None:
        return ms / 1000
    value = headers.get("retry-after")
    if value is None:
        return None
    if (seconds := _seconds(value)) is not None:
        return seconds
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None  # a garbled header is ignored: the usual back-off applies
    return max(0.0, parsed.timestamp() - time.time())


def _seconds(value: str | None) -> float | None:
    """A finite, non-negative number of seconds, or ``None``."""
    try:
        number = float(value) if value is not None else math.nan
    except ValueError:
        return None
    return number if math.isfinite(number) and number >= 0 else None
