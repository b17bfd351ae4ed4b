"""Batch inputs: a folder of ``.txt``/``.html`` files, or a JSONL file of ``{"id", "text"}``.

Inputs are read lazily, one at a time, so an archive of millions of articles never sits
in memory. Each input carries the SHA-256 of its text (what resume compares). An input
that cannot be read (a JSONL line that is not an object with a string ``id`` and
``text``, a duplicate id, a file that is not UTF-8) is still an input: it carries an
error and ends up as an error line in the results, never as a crash.
"""

from __future__ import annotations

import hashlib
import json
import os
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from summarizer.core.errors import ConfigurationError
from summarizer.text.document import InputFormat

FOLDER_SUFFIXES = (".txt", ".html", ".htm")
"""File types read from an input folder (case-insensitive)."""


@dataclass(frozen=True)
class BatchInput:
    """One article to summarise, or the reason it could not be read."""

    id: str
    text: str | None
    content_sha256: str
    """SHA-256 of the text (of the raw line or file, when it could not be read)."""
    input_format: InputFormat = "auto"
    error: str | None = None
    """Why this input cannot be summarised; ``None`` when ``text`` is usable."""

    @classmethod
    def of(cls, id: str, text: str, input_format: InputFormat = "auto") -> BatchInput:  # noqa: A002
        """An input from an id and its text."""
        return cls(id=id, text=text, content_sha256=sha256_text(text), input_format=input_format)


def sha256_text(text: str) -> str:
    """Hex SHA-256 of ``text`` encoded as UTF-8 (``surrogatepass`` so no text is refused)."""
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).hexdigest()


def iter_inputs(path: str | os.PathLike[str]) -> Iterator[BatchInput]:
    """The inputs of a folder or a ``.jsonl`` file, in a stable order."""
    source = Path(path)
    if source.is_dir():
        return iter_folder(source)
    if source.is_file():
        return iter_jsonl(source)
    raise ConfigurationError(f"input {source} does not exist: pass a folder of .txt/.html files or a .jsonl file")


def count_inputs(path: str | os.PathLike[str]) -> int:
    """How many inputs :func:`iter_inputs` will yield (a quick pass without reading texts)."""
    source = Path(path)
    if source.is_dir():
        return sum(1 for _ in _folder_files(source))
    with source.open("rb") as handle:
        return sum(1 for line in handle if line.strip())


def iter_folder(folder: Path) -> Iterator[BatchInput]:
    """Every ``.txt``/``.html``/``.htm`` file under ``folder``; id = path relative to it."""
    for file in _folder_files(folder):
        item_id = file.relative_to(folder).as_posix()
        try:
            data = file.read_bytes()
        except OSError as e:
            yield _bad(item_id, item_id.encode(), f"the file cannot be read ({e.strerror})")
            continue
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError as e:
            yield _bad(item_id, data, f"the file is not UTF-8 text ({e.reason} at byte {e.start}): convert it to UTF-8")
            continue
        yield BatchInput.of(item_id, text)


def _folder_files(folder: Path) -> Iterator[Path]:
    for root, dirs, files in os.walk(folder):
        dirs[:] = sorted(d for d in dirs if not d.startswith("."))
        for name in sorted(files):
            if not name.startswith(".") and name.lower().endswith(FOLDER_SUFFIXES):
                yield Path(root) / name


def iter_jsonl(file: Path) -> Iterator[BatchInput]:
    """One input per non-blank line; a bad line becomes an input carrying its error."""
    first_line: dict[str, int] = {}
    with file.open("rb") as handle:
        for number, raw in enumerate(handle, start=1):
            if not raw.strip():
                continue
            item = _parse_line(raw.removeprefix(b"\xef\xbb\xbf") if number == 1 else raw, number)
            if item.id in first_line:
                message = f"duplicate id {item.id!r} (first on line {first_line[item.id]}): ids must be unique"
                item = _bad(f"line:{number}", raw, message)
            else:
                first_line[item.id] = number
            yield item


def _parse_line(raw: bytes, number: int) -> BatchInput:
    fallback_id = f"line:{number}"
    try:
        data = json.loads(raw)
    except (UnicodeDecodeError, json.JSONDecodeError) as e:
        return _bad(fallback_id, raw, f"line {number} is not valid JSON ({e}): write one JSON object per line")
    if not isinstance(data, dict):
        return _bad(fallback_id, raw, f'line {number} is not a JSON object: write {{"id": ..., "text": ...}}')
    item_id, text = data.get("id"), data.get("text")
    if isinstance(item_id, int) and not isinstance(item_id, bool):
        item_id = str(item_id)
    if not isinstance(item_id, str) or not item_id:
        return _bad(fallback_id, raw, f'line {number} has no "id" string: give every line a unique id')
    if not isinstance(text, str):
        return _bad(item_id, raw, f'line {number} (id {item_id!r}) has no "text" string')
    return BatchInput.of(item_id, text)


def _bad(item_id: str, raw: bytes, message: str) -> BatchInput:
    return BatchInput(id=item_id, text=None, content_sha256=hashlib.sha256(raw).hexdigest(), error=message)
