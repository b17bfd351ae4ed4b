"""Append-only, crash-safe JSONL results with resume.

Each result is written as one complete line with a single ``write`` on a file opened
with ``O_APPEND``, then flushed to disk with ``fsync``: a killed process leaves at most a
partial last line, and opening the file again cuts such a line off. So whenever a run
stops, Ctrl-C or SIGKILL, every line of the file is valid JSON.

Opening indexes the last line of every id. :meth:`ResultsFile.is_done` says whether an
input (same id, same content hash) already has an ``ok`` line, so a re-run skips it and
retries the failed ones (a newer line for an id supersedes older ones). At the end of a
complete run, :meth:`ResultsFile.finish` rewrites the file atomically (temporary file,
``fsync``, ``os.replace``) when needed so that it holds exactly one line per input, in
input order. The file is locked while open: two runs cannot write it at once.
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType

from summarizer.core.errors import ConfigurationError


@dataclass(frozen=True)
class _Entry:
    content_sha256: str
    ok: bool
    offset: int
    length: int


class ResultsFile:
    """A results file opened for appending and resuming. Use it as a context manager."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        self.path = Path(path)
        self._fd = -1
        self._size = 0
        self._index: dict[str, _Entry] = {}
        self.lines = 0
        """Valid result lines in the file (several may be for one id)."""
        self.bad_lines = 0
        """Lines that were not result objects (ignored; dropped by :meth:`finish`)."""
        self.truncated_bytes = 0
        """Bytes of a partial last line cut off on opening."""

    def __enter__(self) -> ResultsFile:
        self.open()
        return self

    def __exit__(self, *_exc: tuple[type[BaseException] | None, BaseException | None, TracebackType | None]) -> None:
        self.close()

    def open(self) -> None:
        """Lock the file (creating it), cut off a partial last line, index what is there."""
        if self.path.is_dir():
            raise ConfigurationError(f"--out {self.path} is a folder: give a file name such as results.jsonl")
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT | os.O_APPEND, 0o644)
        except OSError as exc:
            raise ConfigurationError(f"cannot write --out {self.path}: {exc.strerror or exc}") from None
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(fd)
            message = f"another run is writing {self.path}: wait for it, or choose another --out"
            raise ConfigurationError(message) from None
        self._fd = fd
        self._scan()

    def close(self) -> None:
        """Release the lock and close the file."""
        if self._fd >= 0:
            os.close(self._fd)
            self._fd = -1

    def is_done(self, item_id: str, content_sha256: str) -> bool:
        """Whether ``item_id`` with this content already has an ``ok`` line."""
        entry = self._index.get(item_id)
        return entry is not None and entry.ok and entry.content_sha256 == content_sha256

    def append(self, item_id: str, content_sha256: str, ok: bool, line: bytes) -> None:
        """Write one complete line (single write, then fsync) and index it."""
        if not line.endswith(b"\n") or b"\n" in line[:-1]:
            raise ValueError("a results line must be exactly one newline-terminated line")
        view = memoryview(line)
        while view:  # one write() for a regular file; the loop only guards short writes
            view = view[os.write(self._fd, view) :]
        os.fsync(self._fd)
        self._index[item_id] = _Entry(content_sha256, ok, self._size, len(line))
        self._size += len(line)
        self.lines += 1

    def finish(self, ids_in_order: Sequence[str]) -> bool:
        """Leave exactly one line per id of ``ids_in_order``; returns whether it rewrote.

        Lines of ids not in ``ids_in_order`` (inputs no longer present) are dropped.
        """
        wanted = [i for i in ids_in_order if i in self._index]
        if self.bad_lines == 0 and self.lines == len(self._index) == len(wanted):
            return False
        tmp = self.path.with_name(f".{self.path.name}.{os.getpid()}.tmp")
        try:
            with tmp.open("wb") as out:
                for item_id in wanted:
                    entry = self._index[item_id]
                    out.write(os.pread(self._fd, entry.length, entry.offset))
                out.flush()
                os.fsync(out.fileno())
            os.replace(tmp, self.path)
        finally:
            with contextlib.suppress(FileNotFoundError):
                tmp.unlink()
        _fsync_dir(self.path.parent)
        self.close()
        self.open()
        return True

    def _scan(self) -> None:
        self._index.clear()
        self.lines = self.bad_lines = 0
        offset = 0
        with open(self._fd, "rb", closefd=False) as handle:
            handle.seek(0)
            for raw in handle:
                if not raw.endswith(b"\n"):
                    break  # a partial last line: a write was cut short
                self._index_line(raw, offset)
                offset += len(raw)
        size = os.fstat(self._fd).st_size
        if size > offset:
            os.ftruncate(self._fd, offset)
            os.fsync(self._fd)
            self.truncated_bytes = size - offset
        self._size = offset

    def _index_line(self, raw: bytes, offset: int) -> None:
        try:
            data = json.loads(raw)
            item_id, sha, status = data["id"], data["content_sha256"], data["status"]
        except (ValueError, TypeError, KeyError):
            self.bad_lines += 1
            return
        if not (isinstance(item_id, str) and isinstance(sha, str) and status in ("ok", "error")):
            self.bad_lines += 1
            return
        self._index[item_id] = _Entry(sha, status == "ok", offset, len(raw))
        self.lines += 1


def _fsync_dir(folder: Path) -> None:
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)
