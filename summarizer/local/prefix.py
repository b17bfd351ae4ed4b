"""The fixed instructions' KV cache, computed once and kept on disk, so a new server skips them.

Every request of the judging prompt starts with the same system message (about 690 of the
reference article's 1,624 prompt tokens). llama-cpp-python reuses the KV cache of the
previous prompt's common prefix, so in one server only the first request evaluates them;
but every new server (every ``summarizer summarize``, every ``make demo``) did, at about
40 tokens a second on 2 cores. The embedded server's process calls :func:`warm` once, after
the model is loaded and before it answers: the first time it evaluates the instructions and
saves llama.cpp's state to a file; every later server loads that file (19.7 MB, a few
hundredths of a second) instead.

Correctness never rests on this module: the server still compares every prompt token by
token with what is in its context (``Llama.generate``'s prefix match) and evaluates the
rest, so a prefix that does not match a request is only a wasted warm-up. A state file is
used only when its SHA-256 matches the one recorded when it was written, and its tokens are
the ones asked for; anything else is computed again.

The key of a state file covers the model file (path, size, modification time), the
llama-cpp-python version, the context's cache types and the tokens themselves. At most
:data:`MAX_FILES` are kept (the least recently used go).
"""

from __future__ import annotations

import contextlib
import ctypes
import hashlib
import json
import os
import tempfile
import time
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

import llama_cpp
from llama_cpp import llama_chat_format

from summarizer.local.server import PREFIX_ENV

FORMAT = 1
"""Bumped when the files' layout changes (older files then no longer match any key)."""

MAX_FILES = 4
"""State files kept in the folder (one per distinct instructions text and model)."""

STALE_TMP_S = 3600.0
"""A half-written file older than this (seconds) is a killed server's, and is removed."""

_PROBES = ("a", "b")


class _Captured(Exception):
    """Carries the prompt tokens a chat handler was about to complete."""


class _Capture:
    """The model, except that completing raises :class:`_Captured` with the prompt tokens."""

    def __init__(self, llama: Any) -> None:
        self._llama = llama

    def __getattr__(self, name: str) -> Any:
        return getattr(self._llama, name)

    def create_completion(self, prompt: Any, **_kwargs: Any) -> Any:
        raise _Captured(list(prompt))


def prompt_tokens(llama: Any, messages: Sequence[Mapping[str, str]]) -> list[int]:
    """The tokens the server's chat handler makes of ``messages`` (its own template and
    tokenizer, the path ``create_chat_completion`` takes)."""
    handler: Any = (
        llama.chat_handler
        or llama._chat_handlers.get(llama.chat_format)
        or llama_chat_format.get_chat_completion_handler(llama.chat_format)
    )
    try:
        handler(llama=_Capture(llama), messages=[dict(m) for m in messages])
    except _Captured as captured:
        return [int(t) for t in captured.args[0]]
    raise RuntimeError("the chat handler did not ask for a completion")  # pragma: no cover


def prefix_tokens(llama: Any, messages: Sequence[Mapping[str, str]]) -> list[int]:
    """The tokens every prompt that starts with ``messages`` and goes on with a user message
    shares: the common start of the prompts for two different one-letter user messages."""
    first, second = (prompt_tokens(llama, [*messages, {"role": "user", "content": p}]) for p in _PROBES)
    n = 0
    for a, b in zip(first, second, strict=False):
        if a != b:
            break
        n += 1
    return first[:n]


def warm(llama: Any, messages: Sequence[Mapping[str, str]], folder: Path, *, model_path: str) -> str:
    """Leave ``llama``'s context holding the prefix of ``messages``: loaded from ``folder``,
    or evaluated and saved there. Returns what happened, for the server's log."""
    tokens = prefix_tokens(llama, messages)
    if not tokens:
        return "nothing to cache (the messages give no common prefix)"
    if len(tokens) * 2 > llama.n_ctx():
        return f"not cached: its {len(tokens)} tokens are over half the {llama.n_ctx()}-token context"
    key = _key(llama, tokens, model_path)
    state, record = folder / f"{key}.state", folder / f"{key}.json"
    problem = _load(llama, tokens, state, record)
    if problem is None:
        with contextlib.suppress(OSError):
            os.utime(record)
        return f"loaded {len(tokens)} tokens from {state}"
    llama.reset()
    llama.eval(tokens)
    try:
        _save(llama, tokens, folder, state, record)
    except OSError as exc:
        return f"evaluated {len(tokens)} tokens ({problem}); not saved: {exc}"
    _prune(folder)
    return f"evaluated {len(tokens)} tokens ({problem}) and saved them to {state}"


def warm_from_environment(llama: Any, model_path: str) -> str | None:
    """:func:`warm` with the prefix that :data:`~summarizer.local.server.PREFIX_ENV` names
    (JSON ``{"messages": [...], "dir": "..."}``); ``None`` when it names none."""
    raw = os.environ.get(PREFIX_ENV, "").strip()
    if not raw:
        return None
    try:
        spec = json.loads(raw)
        messages = [{"role": str(m["role"]), "content": str(m["content"])} for m in spec["messages"]]
        folder = Path(spec["dir"])
    except (ValueError, KeyError, TypeError) as exc:
        return f"ignored: {PREFIX_ENV} is not valid ({exc})"
    return warm(llama, messages, folder, model_path=model_path)


def _key(llama: Any, tokens: list[int], model_path: str) -> str:
    stat = os.stat(model_path)
    params = llama.context_params
    identity = {
        "format": FORMAT,
        "llama_cpp": llama_cpp.__version__,
        "model": [os.path.realpath(model_path), stat.st_size, stat.st_mtime_ns],
        "cache_types": [int(params.type_k), int(params.type_v)],
        "tokens": tokens,
    }
    return hashlib.sha256(json.dumps(identity, separators=(",", ":")).encode()).hexdigest()[:32]


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        while block := f.read(1 << 20):
            digest.update(block)
    return digest.hexdigest()


def _load(llama: Any, tokens: list[int], state: Path, record: Path) -> str | None:
    """``None`` once the state is loaded, else why not."""
    try:
        expected = json.loads(record.read_text(encoding="utf-8"))
        if _sha256(state) != expected["sha256"]:
            return "the saved state's SHA-256 does not match its record"
    except FileNotFoundError:
        return "no saved state for these instructions yet"
    except (OSError, ValueError, KeyError, TypeError) as exc:
        return f"the saved state is unreadable: {exc}"
    out = (llama_cpp.llama_token * len(tokens))()
    count = ctypes.c_size_t(0)
    if (
        not llama_cpp.llama_state_load_file(llama._ctx.ctx, str(state).encode(), out, len(tokens), ctypes.byref(count))
        or list(out[: count.value]) != tokens
    ):
        llama.reset()
        return "llama.cpp could not load the saved state"
    llama.input_ids[: len(tokens)] = tokens
    llama.n_tokens = len(tokens)
    llama._requires_eval = True  # its logits were not produced by a live decode
    return None


def _save(llama: Any, tokens: list[int], folder: Path, state: Path, record: Path) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    fd, tmp_name = tempfile.mkstemp(dir=folder, prefix=".state.", suffix=".tmp")
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        array = (llama_cpp.llama_token * len(tokens))(*tokens)
        if not llama_cpp.llama_state_save_file(llama._ctx.ctx, str(tmp).encode(), array, len(tokens)):
            raise OSError("llama.cpp could not write the state")
        digest = _sha256(tmp)
        os.replace(tmp, state)
        fd, tmp_record = tempfile.mkstemp(dir=folder, prefix=".record.", suffix=".tmp")
        with os.fdopen(fd, "w", encoding="utf-8") as f:
            json.dump({"sha256": digest}, f)
        os.replace(tmp_record, record)
    finally:
        with contextlib.suppress(FileNotFoundError):
            tmp.unlink()


def _prune(folder: Path) -> None:
    """Keep the :data:`MAX_FILES` most recently used states (a record's time is its use),
    and remove what a killed server left half-written more than an hour ago."""
    records = sorted(folder.glob("*.json"), key=lambda p: p.stat().st_mtime, reverse=True)
    for old in records[MAX_FILES:]:
        for path in (old, old.with_suffix(".state")):
            with contextlib.suppress(OSError):
                path.unlink()
    for tmp in folder.glob(".*.tmp"):
        with contextlib.suppress(OSError):
            if time.time() - tmp.stat().st_mtime > STALE_TMP_S:
                tmp.unlink()
