"""Which endpoint requests go to, decided in one place.

:func:`resolve_endpoint` is the only code that reads ``OPENAI_API_KEY``,
``OPENAI_BASE_URL`` and ``SUMMARIZER_MODEL``; the :class:`~summarizer.pipeline.Summarizer`,
the command line and batches (local and on Dask workers) all call it. In order:

1. your client (``openai.OpenAI`` or ``openai.AsyncOpenAI``);
2. a base URL you pass (``--base-url``, ``EndpointConfig.base_url``), the key from the
   environment;
3. the environment: ``OPENAI_BASE_URL`` and/or the API key (``OPENAI_API_KEY``, or the
   variable a batch names);
4. none of these: the embedded local model (started when first needed, by the pipeline).

The model name is the one you pass, else ``SUMMARIZER_MODEL``; an endpoint other than
the embedded model needs one.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass, field
from enum import StrEnum

from summarizer.core.errors import ConfigurationError
from summarizer.llm.client import Endpoint, check_client
from summarizer.llm.types import RequestProgress

API_KEY_ENV = "OPENAI_API_KEY"
BASE_URL_ENV = "OPENAI_BASE_URL"
MODEL_ENV = "SUMMARIZER_MODEL"


class EndpointSource(StrEnum):
    """Where the endpoint was found (see the module docstring for the order)."""

    CLIENT = "client"
    """The caller's own ``openai`` client."""
    BASE_URL = "base_url"
    """A base URL the caller passed; the key from the environment."""
    ENVIRONMENT = "environment"
    """``OPENAI_BASE_URL`` and/or the API key variable."""
    EMBEDDED = "embedded"
    """The embedded local model."""


@dataclass(frozen=True)
class ResolvedEndpoint:
    """The outcome of :func:`resolve_endpoint`: where requests go and with which model.

    Attributes:
        source: which rule chose it.
        model: the model name (for the embedded model, replaced by its own once started).
        base_url: the URL for ``BASE_URL`` / ``ENVIRONMENT`` (``None``: OpenAI's API).
        client: the caller's client, for ``CLIENT``.
        api_key: the key read from the environment (never shown in a ``repr``).
    """

    source: EndpointSource
    model: str | None
    base_url: str | None = None
    client: object | None = field(default=None, repr=False, compare=False)
    api_key: str | None = field(default=None, repr=False, compare=False)

    @property
    def embedded(self) -> bool:
        """Whether this means the embedded local model."""
        return self.source is EndpointSource.EMBEDDED

    def connect(self, *, progress: RequestProgress | None = None, server_url: str | None = None) -> Endpoint:
        """The :class:`Endpoint` for this choice.

        Args:
            progress: where calls show their progress.
            server_url: for the embedded model, the base URL of its started server
                (required then, ignored otherwise).
        """
        if self.source is EndpointSource.CLIENT:
            return Endpoint.for_client(self.client, progress=progress)
        if self.source is EndpointSource.EMBEDDED:
            if server_url is None:
                raise ValueError("the embedded model's endpoint needs its started server's URL (server_url=...)")
            return Endpoint.for_url(server_url, None, embedded=True, progress=progress)
        return Endpoint.for_url(self.base_url, self.api_key, progress=progress)


def endpoint_source(
    client: object | None = None,
    *,
    base_url: str | None = None,
    api_key_env: str = API_KEY_ENV,
    environ: Mapping[str, str] | None = None,
) -> EndpointSource:
    """Which rule picks the endpoint (the decision :func:`resolve_endpoint` acts on),
    without checking the model name: ``client`` > ``base_url`` > the environment > embedded."""
    env = os.environ if environ is None else environ
    if client is not None:
        return EndpointSource.CLIENT
    if base_url:
        return EndpointSource.BASE_URL
    if env.get(api_key_env) or env.get(BASE_URL_ENV):
        return EndpointSource.ENVIRONMENT
    return EndpointSource.EMBEDDED


def resolve_endpoint(
    client: object | None = None,
    *,
    base_url: str | None = None,
    model: str | None = None,
    api_key_env: str = API_KEY_ENV,
    model_hint: str = "model=...",
    environ: Mapping[str, str] | None = None,
) -> ResolvedEndpoint:
    """Decide the endpoint: ``client`` > ``base_url`` > the environment > the embedded model.

    Args:
        client: an ``openai.OpenAI`` or ``openai.AsyncOpenAI`` client, or ``None``.
        base_url: an OpenAI-compatible base URL, or ``None``.
        model: the model name (default ``$SUMMARIZER_MODEL``).
        api_key_env: the environment variable the API key is read from.
        model_hint: how the caller passes a model name, for the error when none is given
            (``"--model M"`` on the command line).
        environ: the environment to read (default ``os.environ``).

    Raises:
        ConfigurationError: both ``client`` and ``base_url``; a client that is not an
            ``openai`` client; no model name for an endpoint that needs one.
    """
    env = os.environ if environ is None else environ
    if client is not None and base_url:
        raise ConfigurationError("pass either a client or a base URL, not both (the client already has its URL)")
    source = endpoint_source(client, base_url=base_url, api_key_env=api_key_env, environ=env)
    model = model or env.get(MODEL_ENV) or None
    key = env.get(api_key_env) or None
    if source is EndpointSource.EMBEDDED:
        return ResolvedEndpoint(source, model)
    if source is EndpointSource.CLIENT:
        check_client(client)
        resolved = ResolvedEndpoint(source, model, client=client)
    else:
        url = base_url if source is EndpointSource.BASE_URL else env.get(BASE_URL_ENV) or None
        resolved = ResolvedEndpoint(source, model, url, api_key=key)
    if not model:
        raise ConfigurationError(
            f"no model name: pass {model_hint} or set {MODEL_ENV} (e.g. gpt-4o-mini, or the name your server serves)"
        )
    return resolved
