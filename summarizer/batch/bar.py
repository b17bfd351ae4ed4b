"""The batch progress bar: done, failed, rate and ETA, on a terminal only.

Silent when stderr is not a TTY (see :func:`summarizer.progress.enabled`). Inputs skipped
because an earlier run finished them count as done but not towards the rate, so the ETA
reflects the work actually left.
"""

from __future__ import annotations

import contextlib
import time
from typing import Any

from summarizer import progress


class BatchProgress:
    """Counts of a batch run, drawn with rich when a person is watching."""

    def __init__(self, total: int, *, enabled: bool | None = None) -> None:
        self.total = total
        self.ok = 0
        self.failed = 0
        self.skipped = 0
        self._started = time.monotonic()
        self._on = progress.enabled() if enabled is None else enabled
        self._bar: Any = None
        self._task: Any = None
        self._terminal = contextlib.ExitStack()

    def __enter__(self) -> BatchProgress:
        self._terminal = contextlib.ExitStack()
        if self._on and self._terminal.enter_context(progress.terminal()):  # request spinners stay off meanwhile
            from rich.console import Console  # only on a terminal
            from rich.progress import BarColumn, Progress, TextColumn

            self._bar = Progress(
                TextColumn("summarising"),
                BarColumn(),
                TextColumn("{task.completed}/{task.total} done · [red]{task.fields[failed]} failed[/red]"),
                TextColumn("· {task.fields[rate]} · ETA {task.fields[eta]}"),
                console=Console(stderr=True),
                transient=False,
            )
            self._bar.start()
            self._task = self._bar.add_task("batch", total=self.total, failed=0, rate="-", eta="-")
        return self

    def __exit__(self, *_exc: object) -> None:
        if self._bar is not None:
            self._refresh()
            self._bar.stop()
            self._bar = None
        self._terminal.close()

    @property
    def done(self) -> int:
        """Inputs accounted for so far (ok, failed or skipped)."""
        return self.ok + self.failed + self.skipped

    def skip(self) -> None:
        """An input an earlier run already finished."""
        self.skipped += 1
        self._refresh()

    def record(self, ok: bool) -> None:
        """An input finished in this run."""
        if ok:
            self.ok += 1
        else:
            self.failed += 1
        self._refresh()

    def rate(self) -> float:
        """Inputs per second finished by this run."""
        elapsed = time.monotonic() - self._started
        return (self.ok + self.failed) / elapsed if elapsed > 0 else 0.0

    def eta_s(self) -> float | None:
        """Seconds left at the current rate, or ``None`` before the first result."""
        rate = self.rate()
        return (self.total - self.done) / rate if rate > 0 else None

    def _refresh(self) -> None:
        if self._bar is None:
            return
        eta = self.eta_s()
        self._bar.update(
            self._task,
            completed=self.done,
            failed=self.failed,
            rate=f"{self.rate():.2f}/s",
            eta="-" if eta is None else time.strftime("%H:%M:%S", time.gmtime(eta)),
        )
