"""Shared helpers of the benchmarks and the evaluation: paths, article reading, tables.

Nothing here measures anything; it only keeps the scripts short and their output alike.
"""

from __future__ import annotations

import json
import os
import platform
import shlex
import sys
import time
from collections.abc import Sequence
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
REFERENCE_ARTICLE = ROOT / "examples" / "popov_fired_for_truth.txt"
REFERENCE_CASSETTE = ROOT / "cassettes" / "test_e2e_reference" / "test_reference_article_is_grounded.json"
"""Where the development evaluation set lives on the project's machines (optional)."""
MODEL_LOCK_HINT = "flock /tmp/summarizer-model.lock"


def read_article(path: Path) -> str:
    """The file's text exactly as stored (no newline translation), so offsets hold."""
    with path.open(encoding="utf-8", newline="") as handle:
        return handle.read()


def recorded_reply() -> dict[str, Any]:
    """The model's recorded answer for the reference article: content and token counts.

    Read from the reference cassette (the last interaction, i.e. the accepted answer), so
    the overhead benchmarks replay a real model body rather than one written by hand.
    """
    data = json.loads(REFERENCE_CASSETTE.read_text(encoding="utf-8"))
    body = data["interactions"][-1]["response"]["body"]["json"]
    usage = body.get("usage") or {}
    return {
        "content": body["choices"][0]["message"]["content"],
        "prompt_tokens": int(usage.get("prompt_tokens", 0)),
        "completion_tokens": int(usage.get("completion_tokens", 0)),
        "model": body.get("model", "fake-model"),
    }


def utc_now() -> str:
    """The current UTC time, to the minute."""
    return datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")


def machine() -> str:
    """A one-line description of this machine (cores usable, memory, Python)."""
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        cores = os.cpu_count() or 1
    memory = ""
    meminfo = Path("/proc/meminfo")
    if meminfo.is_file():
        kb = int(meminfo.read_text().split("MemTotal:")[1].split()[0])
        memory = f", {kb / 1024 / 1024:.0f} GiB RAM"
    cpu = _cpu_model()
    return f"{cpu}, {cores} cores{memory}, {platform.system()} {platform.release()}, Python {platform.python_version()}"


def _cpu_model() -> str:
    cpuinfo = Path("/proc/cpuinfo")
    if cpuinfo.is_file():
        for line in cpuinfo.read_text().splitlines():
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    return platform.processor() or platform.machine()


def load_average() -> str:
    """The 1/5/15-minute load averages: how busy the (shared) machine was."""
    try:
        return "/".join(f"{x:.1f}" for x in os.getloadavg())
    except OSError:  # pragma: no cover - not available
        return "n/a"


def command_line(argv: Sequence[str] | None = None) -> str:
    """The command that reproduces this run, relative to the repository root."""
    argv = list(sys.argv if argv is None else argv)
    script = Path(argv[0]).resolve()
    try:
        shown = str(script.relative_to(ROOT))
    except ValueError:
        shown = argv[0]
    return shlex.join(["python", shown, *argv[1:]])


def md_table(headers: Sequence[str], rows: Sequence[Sequence[Any]]) -> str:
    """A Markdown table; floats are printed as given by the caller (format them first)."""
    lines = ["| " + " | ".join(headers) + " |", "|" + "|".join("---" for _ in headers) + "|"]
    lines += ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows]
    return "\n".join(lines)


def pct(part: float, whole: float) -> str:
    """``part/whole`` as a percentage, or ``n/a`` when there is nothing to count."""
    return f"{100 * part / whole:.0f}%" if whole else "n/a"


class Stopwatch:
    """``with Stopwatch() as sw: ...; sw.seconds`` (monotonic, high resolution)."""

    def __enter__(self) -> Stopwatch:
        self._start = time.perf_counter()
        self.seconds = 0.0
        return self

    def __exit__(self, *_exc: object) -> None:
        self.seconds = time.perf_counter() - self._start


def emit(title: str, table: str, command: str, notes: Sequence[str] = ()) -> str:
    """Print a titled table with the command that reproduces it; return the same text."""
    parts = [f"### {title}", "", f"`{command}`", "", table]
    if notes:
        parts += ["", *notes]
    text = "\n".join(parts) + "\n"
    print(text, flush=True)
    return text


def replace_block(path: Path, begin: str, end: str, block: str) -> None:
    """Put ``block`` between the ``begin`` and ``end`` marker lines of ``path`` (or append both)."""
    text = path.read_text(encoding="utf-8") if path.is_file() else ""
    inner = f"{begin}\n{block.rstrip()}\n{end}"
    if begin in text and end in text:
        before, rest = text.split(begin, 1)
        text = before + inner + rest.split(end, 1)[1]
    else:
        text = text.rstrip("\n") + "\n\n" + inner + "\n"
    path.write_text(text, encoding="utf-8")
