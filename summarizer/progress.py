"""Progress on a terminal for long work; silent when output is not a TTY."""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any


def enabled() -> bool:
    """Show progress only to a person at a terminal."""
    return sys.stderr.isatty()


class Reporter:
    """Status lines and a byte counter on stderr, through rich, only on a TTY."""

    def __init__(self) -> None:
        self._on = enabled()
        self._console: Any = None
        self._bar: Any = None
        self._task: Any = None
        if self._on:
            from rich.console import Console

            self._console = Console(stderr=True)

    def status(self, message: str) -> None:
        """One line of what is happening now."""
        if self._on:
            self._console.print(f"[dim]·[/dim] {message}")

    def bytes(self, done: int, total: int) -> None:
        """Progress of copying ``total`` bytes."""
        if not self._on:
            return
        if self._bar is None:
            from rich.progress import BarColumn, DownloadColumn, Progress, TimeRemainingColumn

            self._bar = Progress("assembling the model", BarColumn(), DownloadColumn(), TimeRemainingColumn(),
                                 console=self._console, transient=True)  # fmt: skip
            self._bar.start()
            self._task = self._bar.add_task("assemble", total=total)
        self._bar.update(self._task, completed=done)
        if done >= total:
            self._bar.stop()
            self._bar = None

    @contextmanager
    def waiting(self, message: str) -> Iterator[None]:
        """A spinner with elapsed seconds while a request is in flight."""
        if not self._on:
            yield
            return
        start = time.monotonic()
        stop = threading.Event()
        with self._console.status(message) as status:

            def tick() -> None:
                while not stop.wait(0.5):
                    status.update(f"{message} [dim]{time.monotonic() - start:.0f} s[/dim]")

            ticker = threading.Thread(target=tick, daemon=True)
            ticker.start()
            try:
                yield
            finally:
                stop.set()
                ticker.join()
        self._console.print(f"[dim]·[/dim] {message} done in {time.monotonic() - start:.0f} s")
