"""The one module that imports ``openai``.

It sends a :class:`ChatRequest` through an OpenAI-compatible endpoint and returns a
:class:`Completion`, translating every SDK exception into the library's own tree in one
place. What to send, when to retry a transient fault and when to fall back to another
structured-output mode is decided by :class:`~summarizer.llm.plan.RequestPlan` (no I/O);
:meth:`Endpoint.complete` and :meth:`Endpoint.acomplete` only carry its steps out. Which
endpoint to use is decided by :func:`summarizer.llm.endpoint.resolve_endpoint`; every
``openai`` client the library makes is made by :func:`_sdk_client`.
"""

from __future__ import annotations

import asyncio
import contextlib
import email.utils
import json
import math
import threading
import time
import urllib.parse
import weakref
from collections.abc import Callable
from typing import Any, TypeVar

import openai

from summarizer.core import errors
from summarizer.core.schema import Usage
from summarizer.llm import modes
from summarizer.llm.modes import StructuredOutput
from summarizer.llm.plan import Done, Fail, RequestPlan, Send, Step
from summarizer.llm.types import CallStats, ChatRequest, Completion, RequestProgress

_Client = TypeVar("_Client", openai.OpenAI, openai.AsyncOpenAI)


class Endpoint:
    """An OpenAI-compatible endpoint: sync and/or async clients plus mode state.

    Build it with :meth:`for_client` (a user's client) or :meth:`for_url` (clients the
    library makes); :meth:`summarizer.llm.endpoint.ResolvedEndpoint.connect` picks which.

    Args:
        sync_client: an ``openai.OpenAI`` client, or ``None``.
        async_client: a user's ``openai.AsyncOpenAI`` client, or ``None``.
        async_factory: makes an async client per event loop (clients the library makes).
        embedded: whether this is the embedded local model's server.
        progress: where calls show their progress (``None``: nowhere).
    """

    def __init__(
        self,
        *,
        sync_client: openai.OpenAI | None,
        async_client: openai.AsyncOpenAI | None = None,
        async_factory: Callable[[], openai.AsyncOpenAI] | None = None,
        embedded: bool = False,
        progress: RequestProgress | None = None,
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
        if client is None:
            raise errors.ConfigurationError("an endpoint needs an openai.OpenAI or openai.AsyncOpenAI client")
        self.base_url: str = str(client.base_url)
        self.shown_url = _redacted(self.base_url)
        """The base URL as error messages show it: no user, password or query string."""
        self._secret: str = str(getattr(client, "api_key", "") or "")
        self.embedded = embedded
        """Whether this is the embedded local model's server (one request at a time)."""
        self.progress = progress
        self._working_mode: StructuredOutput | None = None
        self._lock = threading.Lock()

    # -- construction -------------------------------------------------------------------

    @classmethod
    def for_client(cls, client: object, *, progress: RequestProgress | None = None) -> Endpoint:
        """Wrap a user's ``openai.OpenAI`` or ``openai.AsyncOpenAI`` client."""
        check_client(client)
        if isinstance(client, openai.AsyncOpenAI):
            return cls(sync_client=None, async_client=client, progress=progress)
        assert isinstance(client, openai.OpenAI)
        return cls(sync_client=client, async_client=None, progress=progress)

    @classmethod
    def for_url(
        cls,
        base_url: str | None,
        api_key: str | None,
        *,
        embedded: bool = False,
        progress: RequestProgress | None = None,
    ) -> Endpoint:
        """Clients for ``base_url`` (``None``: OpenAI's). A missing key is fine for local servers."""
        return cls(
            sync_client=_sdk_client(openai.OpenAI, base_url, api_key),
            async_factory=lambda: _sdk_client(openai.AsyncOpenAI, base_url, api_key),
            embedded=embedded,
            progress=progress,
        )

    # -- calls: thin shells over RequestPlan ----------------------------------------------

    def complete(self, request: ChatRequest, stats: CallStats) -> Completion:
        """Send ``request``; retries transient faults; falls back between modes."""
        if self._sync is None:
            raise errors.ConfigurationError(
                "this Summarizer was given an openai.AsyncOpenAI client: call asummarize(), "
                "or pass an openai.OpenAI client for summarize()"
            )
        plan = self._plan(request, stats)
        with self._waiting(request):
            step: Step = plan.start()
            while isinstance(step, Send):
                self._announce(step)
                if step.wait_s > 0:
                    time.sleep(step.wait_s)
                try:
                    completion = self._send_sync(step, request, stats)
                except errors.SummarizerError as e:
                    step = plan.failed(e)
                else:
                    step = plan.succeeded(completion)
        return self._outcome(step)

    async def acomplete(self, request: ChatRequest, stats: CallStats) -> Completion:
        """Async :meth:`complete`; with only a sync client, runs it in a worker thread."""
        client = self._async_client()
        if client is None:
            return await asyncio.to_thread(self.complete, request, stats)
        plan = self._plan(request, stats)
        with self._waiting(request):
            step: Step = plan.start()
            while isinstance(step, Send):
                self._announce(step)
                if step.wait_s > 0:
                    await asyncio.sleep(step.wait_s)
                try:
                    completion = await self._send_async(client, step, request, stats)
                except errors.SummarizerError as e:
                    step = plan.failed(e)
                else:
                    step = plan.succeeded(completion)
        return self._outcome(step)

    def close(self) -> None:
        """Close the clients this endpoint created (a user's own client is left open)."""
        if self._async_factory is not None and self._sync is not None:
            self._sync.close()

    async def aclose(self) -> None:
        """Close the async client this endpoint created for the running event loop."""
        client = self._loop_clients.pop(asyncio.get_running_loop(), None)
        if client is not None:
            await client.close()

    # -- internals ----------------------------------------------------------------------

    def _plan(self, request: ChatRequest, stats: CallStats) -> RequestPlan:
        requested = request.options.structured_output
        candidates = modes.candidate_modes(requested, self.base_url, embedded=self.embedded)
        with self._lock:
            if self._working_mode in candidates:
                candidates = candidates[candidates.index(self._working_mode) :]
        return RequestPlan(candidates, request.options, stats, fallback=requested == StructuredOutput.AUTO)

    def _outcome(self, step: Done | Fail) -> Completion:
        if isinstance(step, Fail):
            raise step.error
        with self._lock:
            self._working_mode = step.mode
        return step.completion

    def _waiting(self, request: ChatRequest) -> contextlib.AbstractContextManager[None]:
        return self.progress.waiting(request.label) if self.progress is not None else contextlib.nullcontext()

    def _announce(self, step: Send) -> None:
        if step.note is not None and self.progress is not None:
            self.progress.note(step.note)

    def _async_client(self) -> openai.AsyncOpenAI | None:
        if self._user_async is not None or self._async_factory is None:
            return self._user_async
        loop = asyncio.get_running_loop()
        client = self._loop_clients.get(loop)
        if client is None:
            client = self._loop_clients[loop] = self._async_factory()
        return client

    def _kwargs(self, step: Send, request: ChatRequest) -> dict[str, Any]:
        opts = request.options
        spec = modes.spec(step.mode)
        kwargs: dict[str, Any] = {
            "model": request.model,
            "messages": spec.messages(request.messages, request.schema_instructions),
            "temperature": opts.temperature,
            "max_tokens": opts.max_output_tokens,
            "response_format": spec.response_format(request.schema),
            "timeout": step.timeout,
        }
        if opts.seed is not None:
            kwargs["seed"] = opts.seed
        return kwargs

    # The SDK exception is not chained (``from None``): its message holds the server's
    # error body verbatim, which may echo the API key into a printed traceback.

    def _send_sync(self, step: Send, request: ChatRequest, stats: CallStats) -> Completion:
        assert self._sync is not None
        try:
            response = self._sync.chat.completions.create(**self._kwargs(step, request))
        except Exception as exc:  # every SDK failure is translated here
            raise self._translate(exc, step, request, stats) from None
        return self._completion(response, step, request, stats)

    async def _send_async(
        self, client: openai.AsyncOpenAI, step: Send, request: ChatRequest, stats: CallStats
    ) -> Completion:
        try:
            response = await client.chat.completions.create(**self._kwargs(step, request))
        except Exception as exc:  # every SDK failure is translated here
            raise self._translate(exc, step, request, stats) from None
        return self._completion(response, step, request, stats)

    def _completion(self, response: Any, step: Send, request: ChatRequest, stats: CallStats) -> Completion:
        try:
            choice = response.choices[0]
            message = choice.message
            text = getattr(message, modes.spec(step.mode).answer_from)
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
            text=text or "",
            finish_reason=choice.finish_reason,
            usage=usage,
            model=str(getattr(response, "model", None) or request.model),
            refusal=getattr(message, "refusal", None),
        )

    def _translate(self, exc: Exception, step: Send, request: ChatRequest, stats: CallStats) -> errors.SummarizerError:
        n = stats.requests
        if isinstance(exc, openai.APITimeoutError):
            opts = request.options
            if step.timeout < opts.timeout_s:
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
            return self._status_error(exc, step, request, n)
        if isinstance(exc, (openai.APIResponseValidationError, json.JSONDecodeError, ValueError)):
            return errors.MalformedResponseError(
                f"the endpoint answered with a malformed body ({type(exc).__name__})", attempts=n
            )
        return errors.APIError(f"unexpected failure calling the endpoint: {type(exc).__name__}", attempts=n)

    def _status_error(self, exc: openai.APIStatusError, step: Send, request: ChatRequest, n: int) -> errors.APIError:
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
        if modes.spec(step.mode).rejected(detail, body):
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


def _redacted(url: str) -> str:
    """``url`` without credentials (``user:password@``) or a query string (``?api-key=...``)."""
    parts = urllib.parse.urlsplit(url)
    host = parts.hostname or ""
    host = f"[{host}]" if ":" in host else host  # IPv6
    netloc = f"{host}:{parts.port}" if parts.port else host
    return urllib.parse.urlunsplit((parts.scheme, netloc, parts.path, "", ""))


def check_client(client: object) -> None:
    """Raise :class:`~summarizer.core.errors.ConfigurationError` unless ``client`` is an
    ``openai.OpenAI`` or ``openai.AsyncOpenAI`` client."""
    if not isinstance(client, (openai.OpenAI, openai.AsyncOpenAI)):
        raise errors.ConfigurationError(
            f"client must be an openai.OpenAI or openai.AsyncOpenAI instance, got {type(client).__name__}"
        )


def client_for(base_url: str | None, api_key: str | None = None) -> openai.OpenAI:
    """An ``openai.OpenAI`` client for an OpenAI-compatible ``base_url``, the SDK's retries off.

    Without ``api_key`` a placeholder is sent (local servers such as llama.cpp, vLLM or
    Ollama need none). To read the key from the environment, resolve the endpoint with
    :func:`summarizer.llm.endpoint.resolve_endpoint` instead.
    """
    return _sdk_client(openai.OpenAI, base_url, api_key)


def _sdk_client(cls: type[_Client], base_url: str | None, api_key: str | None) -> _Client:
    """The one constructor of the ``openai`` clients the library makes (SDK retries off:
    :class:`~summarizer.llm.plan.RequestPlan` is the only retry layer)."""
    return cls(base_url=base_url, api_key=api_key or "not-needed", max_retries=0)


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
