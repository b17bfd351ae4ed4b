"""A batch from an input folder or JSONL file into a resumable results file.

The same loop serves the local async runner and the Dask runner: inputs already done
(same id, same content hash, status ``ok``) are skipped, every other input goes to the
executor, every outcome is appended to the results file the moment it arrives, and a
complete run ends with exactly one line per input.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from pathlib import Path

from summarizer import exit_codes
from summarizer.batch.bar import BatchProgress
from summarizer.batch.inputs import BatchInput, count_inputs, iter_inputs
from summarizer.batch.items import BatchItem
from summarizer.batch.many import summarize_many
from summarizer.batch.output import ResultsFile
from summarizer.pipeline import Summarizer

Executor = Callable[[Iterator[BatchInput]], Iterable[BatchItem]]
"""Turns pending inputs into outcomes (any order), e.g. :func:`local_executor`."""


@dataclass
class RunReport:
    """What one run did."""

    total: int
    ok: int
    failed: int
    skipped: int
    rewrote: bool
    elapsed_s: float
    out: Path

    @property
    def exit_code(self) -> int:
        """0, or 1 when some input failed (its line holds the error: re-run to retry it)."""
        return exit_codes.OK if self.failed == 0 else exit_codes.FAILURE

    def line(self) -> str:
        """A one-line account for the end of a run."""
        return (
            f"{self.ok} summarised, {self.failed} failed, {self.skipped} already done "
            f"(of {self.total}) in {self.elapsed_s:.1f} s -> {self.out}"
        )


def local_executor(summarizer: Summarizer, concurrency: int) -> Executor:
    """Run inputs through :func:`summarize_many` in this process."""

    def execute(inputs: Iterator[BatchInput]) -> Iterable[BatchItem]:
        return summarize_many(inputs, summarizer=summarizer, concurrency=concurrency, ordered=False)

    return execute


def run_to_file(
    source: str | os.PathLike[str],
    out: str | os.PathLike[str],
    execute: Executor,
    *,
    show_progress: bool | None = None,
) -> RunReport:
    """Summarise every input of ``source`` not yet done in ``out``; append results to ``out``.

    Args:
        source: a folder of ``.txt``/``.html`` files or a ``.jsonl`` file.
        out: the results JSONL file (created, or resumed).
        execute: how pending inputs are summarised (:func:`local_executor`, or
            :func:`summarizer.batch.distributed.dask_executor`).
        show_progress: force the progress bar on or off (default: on a TTY).
    """
    started = time.monotonic()
    total = count_inputs(source)
    ids: list[str] = []
    with ResultsFile(out) as results, BatchProgress(total, enabled=show_progress) as bar:

        def pending() -> Iterator[BatchInput]:
            for item in iter_inputs(source):
                ids.append(item.id)
                if results.is_done(item.id, item.content_sha256):
                    bar.skip()
                else:
                    yield item

        for outcome in execute(pending()):
            results.append(outcome.id, outcome.content_sha256, outcome.ok, outcome.to_line())
            bar.record(outcome.ok)
        rewrote = results.finish(ids)
    return RunReport(
        total=len(ids),
        ok=bar.ok,
        failed=bar.failed,
        skipped=bar.skipped,
        rewrote=rewrote,
        elapsed_s=time.monotonic() - started,
        out=Path(out),
    )
