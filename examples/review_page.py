"""Write the HTML review page for the reference article, then say where it is.

    python examples/review_page.py             # a live summary: the embedded local model, or
                                               # OPENAI_BASE_URL / OPENAI_API_KEY + SUMMARIZER_MODEL
    python examples/review_page.py --replay    # the recorded summary (seconds, no model needed)
    python examples/review_page.py --out /tmp/review.html

Open the file in a browser: click a claim to see its evidence in the article, click a
highlighted span to see the item it supports. ``--replay`` replays the cassette the
end-to-end test recorded from a real model server (needs the dev extra: vcrpy).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
ARTICLE = ROOT / "examples" / "popov_fired_for_truth.txt"
DEFAULT_OUT = ROOT / "out" / "review_page.html"

from summarizer import Summarizer, SummarizerError, SummaryResult  # noqa: E402
from summarizer.render import render_html  # noqa: E402


def live_summary(text: str) -> SummaryResult:
    """Summarise ``text`` now, with whatever model the environment points to."""
    return Summarizer().summarize(text)


def replayed_summary() -> SummaryResult:
    """The reference article's summary, replayed from the recorded cassette."""
    sys.path.insert(0, str(ROOT))  # the replay helper lives with the tests
    from tests.support.reference import ReferenceReplayError, reference_result

    try:
        return reference_result()
    except ReferenceReplayError as e:
        raise SystemExit(f"review_page: {e}") from None


def main() -> int:
    """Write the page; return the exit code."""
    parser = argparse.ArgumentParser(description="Write the HTML review page for the reference article.")
    parser.add_argument("--replay", action="store_true", help="use the recorded summary instead of a model")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT, help=f"where to write (default: {DEFAULT_OUT})")
    args = parser.parse_args()

    text = ARTICLE.read_text(encoding="utf-8")
    try:
        result = replayed_summary() if args.replay else live_summary(text)
    except SummarizerError as e:
        print(f"review_page: {e}", file=sys.stderr)
        return 1
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(render_html(result, text), encoding="utf-8")
    summary = result.summary
    print(
        f"wrote {args.out} (claims: {len(summary.claims)}, disputes: {len(summary.disputes)}, "
        f"caveats: {len(summary.caveats)})"
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
