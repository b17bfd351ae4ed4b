"""A content-addressed result cache on disk: re-running never pays for a summary twice.

The key is the SHA-256 of everything that decides the result: the text the evidence
offsets index, the cleaned text, the prompt version, the wire schema, the model name, the
options that change the output (not retries or timeouts) and the library version. Each
result is one JSON file, ``DIR/ab/abcdef....json``, written to a temporary file and
moved into place with ``os.replace``, so concurrent writers (threads, processes, Dask
workers on a shared file system) never leave a torn file.

A hit returns the stored :class:`SummaryResult` unchanged: its ``usage``, ``attempts``
and ``latency_s`` describe the run that produced it, not the lookup (which cost nothing).
:attr:`ResultCache.hits` counts lookups answered from disk.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import logging
import os
import tempfile
import threading
from functools import lru_cache
from importlib import metadata
from pathlib import Path

from pydantic import ValidationError

from summarizer.core.options import Options
from summarizer.core.schema import SummaryResult
from summarizer.prompting.candidates import WireJudgment
from summarizer.prompting.templates import JUDGE_PROMPT_NAME, load_prompts
from summarizer.prompting.wire import WireSummary
from summarizer.text.document import Document

FORMAT = "summarizer-result-cache/1"
"""Bumped when the stored layout changes; old entries are then simply never hit."""

OUTPUT_OPTIONS = frozenset(
    {
        "temperature",
        "max_output_tokens",
        "max_reasks",
        "structured_output",
        "analysis",
        "grounding",
        "seed",
        "context_tokens",
    }
)
"""The :class:`Options` fields that can change a result (and so are part of the key)."""

_log = logging.getLogger(__name__)


def default_cache_dir() -> Path:
    """``<summarizer cache dir>/results`` (``$SUMMARIZER_CACHE_DIR`` or ``~/.cache/summarizer``)."""
    from summarizer.local.model import cache_dir  # only when the default is used

    return cache_dir() / "results"


class ResultCache:
    """Summaries stored on disk under a key derived from their inputs.

    Example:
        >>> summarizer = Summarizer(cache=ResultCache("~/.cache/summarizer/results"))
    """

    def __init__(self, directory: str | os.PathLike[str] | None = None) -> None:
        self.directory = Path(directory).expanduser() if directory is not None else default_cache_dir()
        self.hits = 0
        """Lookups answered from disk."""
        self.misses = 0
        """Lookups that found nothing usable."""
        self._lock = threading.Lock()

    def __repr__(self) -> str:
        return f"ResultCache({str(self.directory)!r})"

    def key(self, doc: Document, model: str, options: Options) -> str:
        """The hex SHA-256 key of a summary of ``doc`` by ``model`` with ``options``."""
        payload = {
            "format": FORMAT,
            "library": _library_version(),
            "text_sha256": _sha256(doc.original),
            "from_html": doc.from_html,
            "cleaned_sha256": _sha256(doc.cleaned.text),
            "prompt_version": f"{load_prompts().version}|{load_prompts(JUDGE_PROMPT_NAME).version}",
            "wire_schema_sha256": _wire_schema_hash(),
            "model": model,
            "options": options.model_dump(mode="json", include=set(OUTPUT_OPTIONS)),
        }
        return _sha256(json.dumps(payload, sort_keys=True, separators=(",", ":")))

    def path(self, key: str) -> Path:
        """Where the entry for ``key`` lives."""
        return self.directory / key[:2] / f"{key}.json"

    def get(self, doc: Document, model: str, options: Options) -> SummaryResult | None:
        """The stored result, or ``None``. An unreadable or inconsistent entry is a miss."""
        result = self._read(self.path(self.key(doc, model, options)), doc)
        with self._lock:
            if result is None:
                self.misses += 1
            else:
                self.hits += 1
        return result

    def put(self, doc: Document, model: str, options: Options, result: SummaryResult) -> None:
        """Store ``result`` atomically. A failure to write is logged, never raised."""
        target = self.path(self.key(doc, model, options))
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=target.parent, prefix=f".{target.stem[:16]}.", suffix=".tmp")
            try:
                with os.fdopen(fd, "wb") as handle:
                    handle.write(result.model_dump_json().encode("utf-8"))
                    handle.flush()
                    os.fsync(handle.fileno())
                os.replace(tmp, target)
            finally:
                with contextlib.suppress(FileNotFoundError):
                    os.unlink(tmp)
        except OSError as e:
            _log.warning("could not write the result cache entry %s: %s", target, e)

    def _read(self, path: Path, doc: Document) -> SummaryResult | None:
        try:
            result = SummaryResult.model_validate_json(path.read_bytes())
        except FileNotFoundError:
            return None
        except (OSError, ValidationError, ValueError) as e:
            _log.warning("ignoring an unreadable result cache entry %s: %s", path, e)
            return None
        return result if _spans_match(result, doc.original) else None


def _spans_match(result: SummaryResult, original: str) -> bool:
    """Cheap insurance: every stored evidence span still slices ``original`` exactly."""
    summary = result.summary
    spans = [e for c in summary.claims for e in c.evidence]
    spans += [e for d in summary.disputes for p in d.positions for e in p.evidence]
    spans += [e for c in summary.caveats for e in c.evidence]
    return all(original[e.start : e.end] == e.text for e in spans)


def _sha256(text: str) -> str:
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


@lru_cache(maxsize=1)
def _wire_schema_hash() -> str:
    schemas = [WireSummary.model_json_schema(), WireJudgment.model_json_schema()]
    return _sha256(json.dumps(schemas, sort_keys=True))


@lru_cache(maxsize=1)
def _library_version() -> str:
    try:
        return metadata.version("summarizer")
    except metadata.PackageNotFoundError:  # pragma: no cover - running from a bare source tree
        return "unknown"
