"""How to reach the model, as plain data: what a batch sends to its workers.

Clients are never pickled or shipped: each process (the CLI, a Dask worker) builds its own
:class:`Summarizer` from an :class:`EndpointConfig`. The API key is not part of the
config either: every process reads it from its own environment (``api_key_env``), so it
never travels in a task graph, a log or a results file.
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from summarizer.batch.many import run_on_batch_loop
from summarizer.cache import ResultCache
from summarizer.core.options import Options
from summarizer.llm.client import async_client_for, client_for
from summarizer.pipeline import Summarizer


@dataclass(frozen=True)
class EndpointConfig:
    """Everything a worker needs to build its own :class:`Summarizer`.

    Args:
        base_url: an OpenAI-compatible endpoint (e.g. ``http://vllm:8000/v1``). ``None``:
            ``$OPENAI_BASE_URL`` (or OpenAI's API when only the key is set), else the
            embedded local model.
        model: the model name (default ``$SUMMARIZER_MODEL``).
        options: :class:`Options` fields, as a dict.
        api_key_env: the environment variable each process reads the API key from.
        cache_dir: the result cache folder, ``None`` for no cache. For several machines,
            put it on a shared file system.
    """

    base_url: str | None = None
    model: str | None = None
    options: dict[str, Any] = field(default_factory=dict)
    api_key_env: str = "OPENAI_API_KEY"
    cache_dir: str | None = None

    def __post_init__(self) -> None:
        Options(**self.options)  # a bad option fails here, on the driver, not on every worker

    def key(self) -> str:
        """A stable string identifying this config (for per-process reuse)."""
        return json.dumps([self.base_url, self.model, self.options, self.api_key_env, self.cache_dir], sort_keys=True)

    def summarizer(self) -> Summarizer:
        """A new :class:`Summarizer` with a sync client, for a worker process to keep."""
        base_url, key = self._endpoint()
        client = client_for(base_url, key) if base_url or key else None
        return Summarizer(client=client, model=self.model, options=Options(**self.options), cache=self._cache())

    @contextlib.contextmanager
    def async_summarizer(self) -> Iterator[Summarizer]:
        """A :class:`Summarizer` with an async client for :func:`summarize_many`, closed on exit."""
        base_url, key = self._endpoint()
        client = async_client_for(base_url, key) if base_url or key else None
        try:
            yield Summarizer(client=client, model=self.model, options=Options(**self.options), cache=self._cache())
        finally:
            if client is not None:
                run_on_batch_loop(client.close())

    def embedded(self) -> bool:
        """Whether this config means the embedded local model (no endpoint configured)."""
        return not (self.base_url or os.environ.get("OPENAI_BASE_URL") or os.environ.get(self.api_key_env))

    def _endpoint(self) -> tuple[str | None, str | None]:
        """``(base_url, api_key)`` from this config and the process environment; both
        ``None`` means the embedded model."""
        return self.base_url or os.environ.get("OPENAI_BASE_URL") or None, os.environ.get(self.api_key_env) or None

    def _cache(self) -> ResultCache | None:
        return ResultCache(self.cache_dir) if self.cache_dir else None
