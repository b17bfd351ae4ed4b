"""How to reach the model, as plain data: what a batch sends to its workers.

Clients are never pickled or shipped: each process (the CLI, a Dask worker) builds its own
:class:`Summarizer` from an :class:`EndpointConfig`. The API key is not part of the
config either: every process reads it from its own environment (``api_key_env``), so it
never travels in a task graph, a log or a results file.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from summarizer.batch.many import run_on_batch_loop
from summarizer.cache import ResultCache
from summarizer.core.options import Options
from summarizer.llm.endpoint import EndpointSource, ResolvedEndpoint, endpoint_source, resolve_endpoint
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

    def resolve(self) -> ResolvedEndpoint:
        """The endpoint this config means in this process (its environment gives the key),
        decided by :func:`~summarizer.llm.endpoint.resolve_endpoint` like every other."""
        return resolve_endpoint(base_url=self.base_url, model=self.model, api_key_env=self.api_key_env)

    def summarizer(self) -> Summarizer:
        """A new :class:`Summarizer` for a worker process to keep (sync calls)."""
        return Summarizer(endpoint=self.resolve(), options=Options(**self.options), cache=self._cache())

    @contextlib.contextmanager
    def async_summarizer(self) -> Iterator[Summarizer]:
        """A :class:`Summarizer` for :func:`summarize_many`; its clients are closed on exit."""
        summarizer = self.summarizer()
        try:
            yield summarizer
        finally:
            run_on_batch_loop(summarizer.aclose())  # the async client belongs to the batch loop
            summarizer.close()

    def embedded(self) -> bool:
        """Whether this config means the embedded local model (no endpoint configured)."""
        source = endpoint_source(base_url=self.base_url, api_key_env=self.api_key_env)
        return source is EndpointSource.EMBEDDED

    def _cache(self) -> ResultCache | None:
        return ResultCache(self.cache_dir) if self.cache_dir else None
