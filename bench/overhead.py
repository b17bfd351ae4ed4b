"""Benchmark 1 - library overhead against a loopback stub that answers at once.

The stub (tests/support/fake_server.py: a real HTTP server on 127.0.0.1) returns the
model's recorded answer for the reference article, read from the reference cassette.
N ``Summarizer.summarize`` calls are timed against N raw ``client.chat.completions.create``
calls sending the very request body the library sent (captured from the stub), so the
difference is what the library adds per call: preparing the text (cleaning, sentence
split), building the prompt, parsing, grounding and building the result.

    python bench/overhead.py [--n 50]
"""

from __future__ import annotations

import argparse
import statistics
import sys
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import openai

from bench.common import REFERENCE_ARTICLE, Stopwatch, command_line, emit, md_table, read_article, recorded_reply
from bench.stub import StubProcess, captured_request
from summarizer import Options, Summarizer
from summarizer.text.document import prepare


def _per_call_ms(fn: Any, n: int) -> float:
    with Stopwatch() as sw:
        for _ in range(n):
            fn()
    return 1000 * sw.seconds / n


def measure(n: int, rounds: int = 3) -> dict[str, Any]:
    """Median over ``rounds`` of the mean per-call time of each way, in ms."""
    reply = recorded_reply()
    text = read_article(REFERENCE_ARTICLE)
    body, requests = captured_request(text)
    if requests != 1:
        raise RuntimeError(f"the recorded answer needed {requests} requests: re-record the reference cassette")
    with StubProcess() as base_url:
        client = openai.OpenAI(base_url=base_url, api_key="bench-not-a-key", max_retries=0)
        summarizer = Summarizer(client=client, model=reply["model"], options=Options())
        raw = body

        def library() -> None:
            summarizer.summarize(text)

        def direct() -> None:
            client.chat.completions.create(**raw)

        def text_only() -> None:
            prepare(text, max_chars=Options().max_input_chars)

        for fn in (direct, library):  # warm connections and caches
            _per_call_ms(fn, 3)
        samples: dict[str, list[float]] = {"raw": [], "library": [], "prepare": []}
        for _ in range(rounds):
            samples["raw"].append(_per_call_ms(direct, n))
            samples["library"].append(_per_call_ms(library, n))
            samples["prepare"].append(_per_call_ms(text_only, n))
    med = {k: statistics.median(v) for k, v in samples.items()}
    return {
        "n": n,
        "rounds": rounds,
        "raw_ms": med["raw"],
        "library_ms": med["library"],
        "overhead_ms": med["library"] - med["raw"],
        "ratio": med["library"] / med["raw"],
        "prepare_ms": med["prepare"],
        "request_bytes": len(str(body)),
        "mode": body.get("response_format", {}).get("type"),
    }


def render(m: dict[str, Any], command: str) -> str:
    """The benchmark's table, printed and returned."""
    rows = [
        ("raw `client.chat.completions.create`", f"{m['raw_ms']:.2f}", "", ""),
        ("`Summarizer.summarize`", f"{m['library_ms']:.2f}", f"{m['overhead_ms']:+.2f}", f"{m['ratio']:.2f}x"),
    ]
    table = md_table(("per call (reference article, stub answers at once)", "ms", "overhead ms", "ratio"), rows)
    notes = [
        f"N = {m['n']} calls each way, median of {m['rounds']} rounds; same request body "
        f"(response_format `{m['mode']}`), same recorded answer. For scale, text preparation alone "
        f"(cleaning + pysbd sentence split, timed in the same rounds) takes {m['prepare_ms']:.2f} ms per call.",
    ]
    return emit("1. Library overhead (loopback stub)", table, command, notes)


def main(argv: list[str] | None = None) -> int:
    """Run and print."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--n", type=int, default=50, help="calls per way and round")
    args = parser.parse_args(argv)
    render(measure(args.n), command_line())
    return 0


if __name__ == "__main__":
    sys.exit(main())
