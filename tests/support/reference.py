"""The recorded reference-article summary, replayed strictly from its cassette.

The cassette of ``tests/test_e2e_reference.py::test_reference_article_is_grounded`` holds a
real model server's answers for ``examples/popov_fired_for_truth.txt``. Replaying it with
the same client, model and options as that test (``tests.conftest.Recorded``) gives the
same :class:`SummaryResult` without a model: renderer tests and ``examples/review_page.py
--replay`` use it. Replay is always strict (never records, every interaction played),
even while ``SUMMARIZER_RECORD=1`` re-records the cassettes.
"""

from __future__ import annotations

import contextlib
import functools
from collections.abc import Iterator
from pathlib import Path

from summarizer import SummarizerError, SummaryResult
from tests.conftest import REFERENCE_ARTICLE, Recorded
from tests.support.cassettes import CASSETTES, cassette_path, make_vcr

REFERENCE_CASSETTE: Path = cassette_path("test_e2e_reference/test_reference_article_is_grounded")
"""The cassette the reference summary is replayed from."""

REFRESH_HINT = (
    "re-record it with `make record-cassettes`, then regenerate the Markdown snapshot with "
    "`SUMMARIZER_UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest tests/test_render_markdown.py`"
)


class ReferenceReplayError(RuntimeError):
    """The reference cassette is missing, or no longer matches the requests the code sends."""


def reference_text() -> str:
    """The reference article, exactly as shipped in examples/."""
    return REFERENCE_ARTICLE.read_text(encoding="utf-8")


@contextlib.contextmanager
def replaying_reference() -> Iterator[Recorded]:
    """Strict replay of the reference cassette around the block (which must play it all).

    Yields the :class:`Recorded` conventions (client, model, options) it was recorded with.

    Raises:
        ReferenceReplayError: the cassette is missing or was not played completely.
    """
    if not REFERENCE_CASSETTE.exists():
        raise ReferenceReplayError(f"no cassette {REFERENCE_CASSETTE}: {REFRESH_HINT}")
    name = str(REFERENCE_CASSETTE.relative_to(CASSETTES))
    with make_vcr().use_cassette(name, record_mode="none", allow_playback_repeats=False) as cassette:
        yield Recorded(None)
    if not cassette.all_played:
        raise ReferenceReplayError(
            f"{REFERENCE_CASSETTE.name}: {len(cassette.data) - cassette.play_count} recorded interactions "
            f"were not played; {REFRESH_HINT}"
        )


@functools.cache
def reference_result() -> SummaryResult:
    """The reference article's summary, replayed from the recorded cassette.

    Raises:
        ReferenceReplayError: the cassette is missing, a request does not match it (the
            prompts or request format changed since it was recorded), or an interaction
            was left unplayed.
    """
    with replaying_reference() as recorded:
        try:
            return recorded.summarizer().summarize(reference_text())
        except SummarizerError as e:
            raise ReferenceReplayError(
                f"replaying {REFERENCE_CASSETTE.name} failed ({e}); if the prompts or request format "
                f"changed since it was recorded, {REFRESH_HINT}"
            ) from e
