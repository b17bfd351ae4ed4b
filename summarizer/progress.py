"""Progress on a terminal for long work; silent when output is not a TTY."""

from __future__ import annotations

import sys
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

_TERMINAL = threading.Lock()
"""Held by whatever draws a live display on stderr (a request spinner, the batch bar):
concurrent requests (``asummarize`` under ``asyncio.gather``, a batch) show one display,
not several drawn over each other."""


def enabled() -> bool:
    """Show progress only to a person at a terminal."""
    return sys.stderr.isatty()


@contextmanager
def terminal() -> Iterator[bool]:
    """Hold the terminal's live display while the block runs; yields whether it was free
    (if not, another display is up: draw nothing live)."""
    held = _TERMINAL.acquire(blocking=False)
    try:
        yield held
    finally:
        if held:
            _TERMINAL.release()


class Reporter:
    """Status lines and a byte counter on stderr, through rich, only on a TTY."""

    def __init__(self) -> None:
        self._on = enabled()
        self._console: Any = None
        self._bar: Any = None
        self._task: Any = None
        self._spinning = 0
        if self._on:
            from rich.console import Console

            self._console = Console(stderr=True)

    def status(self, message: str) -> None:
        """One line of what is happening now."""
        if self._on:
            self._console.print(f"[dim]·[/dim] {message}")

    def note(self, message: str) -> None:
        """A line about a request in flight (a retry, a mode fallback), shown while this
        reporter's spinner is up; quiet under another display such as the batch bar."""
        if self._on and self._spinning:
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
        """A spinner with elapsed seconds while a request is in flight (the same for sync
        and async calls); nothing when another live display holds the terminal."""
        if not self._on:
            yield
            return
        with terminal() as free:
            if not free:
                yield
                return
            self._spinning += 1
            try:
                with self._spinner(message):
                    yield
            finally:
                self._spinning -= 1

    @contextmanager
    def _spinner(self, message: str) -> Iterator[None]:
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
