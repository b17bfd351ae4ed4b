"""The faults report: what the library does under every fault and bad input the suite tries.

Each test module declares its cases at import time with :func:`case`; the test that
checks a case calls :meth:`Case.record` with what it observed. Every record

- rewrites ``test-artifacts/faults.md`` (this session's observations, in case order);
- with ``SUMMARIZER_UPDATE_DOCS=1``, rewrites ``docs/faults.md`` (observed rows replace
  the old ones, rows of cases not run this session are kept);
- otherwise checks the observation against ``docs/faults.md`` and fails the test when
  its row is missing or says something else, so the document cannot go stale.

Times vary run to run: they are shown rounded and never compared.
"""

from __future__ import annotations

import importlib
import os
import re
import threading
from dataclasses import dataclass
from pathlib import Path

from summarizer import Attempts

ROOT = Path(__file__).resolve().parents[2]
DOC = ROOT / "docs" / "faults.md"
ARTIFACT = ROOT / "test-artifacts" / "faults.md"
UPDATING = os.environ.get("SUMMARIZER_UPDATE_DOCS") == "1"
UPDATE_HINT = "regenerate it with `SUMMARIZER_UPDATE_DOCS=1 .venv/bin/python -m pytest` (see docs/faults.md)"

REPORT_MODULES = (
    "tests.test_faults",
    "tests.test_bad_input",
    "tests.test_injection",
    "tests.test_secrets",
    "tests.test_local_server",
)
"""Every module that declares cases (imported to know the full list of cases)."""

SECTIONS = {
    "transport": "Endpoint and transport faults",
    "output": "The model's answer is unusable",
    "input": "Bad input",
    "injection": "Prompt injection (recorded from the embedded model)",
    "secrets": "Secrets",
    "server": "Local server lifecycle (embedded llama-cpp-python server)",
}
NOT_OBSERVED = "(not observed yet)"
_HEADER = "| Case | What the test does | What the library does | Requests | Time |"
_ROW = re.compile(
    r"^\| `(?P<id>[^`]+)` \| (?P<tried>.*?) \| (?P<outcome>.*?) \| (?P<requests>.*?) \| (?P<time>.*?) \|$"
)
_PORT = re.compile(r"(127\.0\.0\.1|localhost):\d+")
_lock = threading.Lock()


@dataclass(frozen=True)
class Row:
    """One line of the table."""

    case_id: str
    tried: str
    outcome: str
    requests: str
    time: str

    def compared(self) -> tuple[str, str, str, str]:
        """The part that must match the document (everything but the time)."""
        return self.case_id, self.tried, self.outcome, self.requests

    def markdown(self) -> str:
        """The row as a Markdown table line."""
        cells = (f"`{self.case_id}`", self.tried, self.outcome, self.requests, self.time)
        return "| " + " | ".join(_cell(c) for c in cells) + " |"


@dataclass(frozen=True)
class Case:
    """A fault or bad input the suite tries."""

    id: str
    section: str
    tried: str

    def record(self, outcome: str, *, requests: Attempts | str = "", seconds: float | None = None) -> Row:
        """Store what the library did; check it against (or write it to) ``docs/faults.md``."""
        row = Row(self.id, self.tried, _PORT.sub(r"\1:PORT", outcome), _requests(requests), _duration(seconds))
        with _lock:
            _observed[self.id] = row
            _write(ARTIFACT, _render(_observed, only_observed=True))
            if UPDATING:
                _write(DOC, _render({**doc_rows(), **_observed}, only_observed=False))
                return row
        documented = doc_rows().get(self.id)
        assert documented is not None, f"docs/faults.md has no row for case {self.id!r}: {UPDATE_HINT}"
        assert documented.compared() == row.compared(), (
            f"docs/faults.md is stale for case {self.id!r}:\n  documented: {documented.markdown()}\n"
            f"  observed:   {row.markdown()}\n{UPDATE_HINT}"
        )
        return row


CASES: dict[str, Case] = {}
_observed: dict[str, Row] = {}


def case(case_id: str, section: str, tried: str) -> Case:
    """Declare a case (at import time of the test module that checks it)."""
    if section not in SECTIONS:
        raise ValueError(f"unknown section {section!r}")
    declared = Case(case_id, section, tried)
    if CASES.setdefault(case_id, declared) != declared:
        raise ValueError(f"case {case_id!r} declared twice with different contents")
    return declared


def all_cases() -> dict[str, Case]:
    """Every case of every report module (importing them if pytest has not)."""
    for module in REPORT_MODULES:
        importlib.import_module(module)
    return CASES


def doc_rows(path: Path = DOC) -> dict[str, Row]:
    """The rows of a faults table, by case id."""
    if not path.is_file():
        return {}
    rows = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if match := _ROW.match(line):
            rows[match["id"]] = Row(*(_uncell(match[k]) for k in ("id", "tried", "outcome", "requests", "time")))
    return rows


def describe(exc: BaseException) -> str:
    """An error as the table shows it: its type and message."""
    return f"`{type(exc).__name__}`: {exc}"


# -- rendering --------------------------------------------------------------------------------


def _requests(requests: Attempts | str) -> str:
    if isinstance(requests, str):
        return requests
    parts = [_plural(requests.transport_retries, "transport retry", "transport retries")]
    parts += [_plural(requests.reasks, "re-ask", "re-asks")]
    parts = [p for p in parts if p]
    return f"{requests.requests}" + (f" ({', '.join(parts)})" if parts else "")


def _plural(n: int, one: str, many: str) -> str:
    return "" if n == 0 else f"1 {one}" if n == 1 else f"{n} {many}"


def _duration(seconds: float | None) -> str:
    if seconds is None:
        return ""
    if seconds < 0.5:
        return "< 0.5 s"
    return f"{seconds:.1f} s" if seconds < 10 else f"{seconds:.0f} s"


def _cell(text: str) -> str:
    return " ".join(text.split()).replace("|", "\\|")


def _uncell(text: str) -> str:
    return text.replace("\\|", "|")


def _render(rows: dict[str, Row], *, only_observed: bool) -> str:
    cases = dict(CASES) if only_observed else all_cases()
    lines = [
        "# Faults and bad input: what the library does",
        "",
        "Every row is written by the test that checks the case (`tests/test_faults.py`,",
        "`tests/test_bad_input.py`, `tests/test_injection.py`, `tests/test_secrets.py`,",
        "`tests/test_local_server.py`), from what it observed. A test fails when its row here",
        "no longer matches what the library does; regenerate the file with",
        "`SUMMARIZER_UPDATE_DOCS=1 .venv/bin/python -m pytest` (add `-m live` or the",
        "`flock` wrapper for the local-server rows). Times are rounded and not compared.",
        "",
        "The fault tests run against a real HTTP server on loopback (`tests/support/fake_server.py`)",
        "through the public `Summarizer`, with short retry waits. \"Requests\" counts HTTP requests",
        "sent for one summary; transport retries (429, 5xx, timeouts, dropped connections, garbled",
        "bodies) and re-asks (the answer broke the schema) are counted apart.",
    ]
    for section, title in SECTIONS.items():
        ids = [c.id for c in cases.values() if c.section == section and (c.id in rows or not only_observed)]
        if not ids:
            continue
        lines += ["", f"## {title}", "", _HEADER, "|---|---|---|---|---|"]
        for case_id in ids:
            row = rows.get(case_id) or Row(case_id, cases[case_id].tried, NOT_OBSERVED, "", "")
            if row.tried != cases[case_id].tried:
                row = Row(case_id, cases[case_id].tried, NOT_OBSERVED, "", "")
            lines.append(row.markdown())
    return "\n".join(lines) + "\n"


def _write(path: Path, text: str) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(f".tmp-{os.getpid()}")
    partial.write_text(text, encoding="utf-8")
    partial.replace(path)
