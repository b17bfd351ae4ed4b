"""Benchmark 2 - the async API against a stub that answers after a fixed 100 ms.

At concurrency C, C tasks each run ``rounds`` ``Summarizer.asummarize`` calls back to
back; throughput is calls per second over the whole run, next to the ideal C / delay
(every call waiting only for the stub). The raw async client at the same concurrency is
shown too: what is lost to HTTP alone versus to the library's own (CPU) work, which runs
on the event loop.

    python bench/concurrency.py [--levels 1 8 32] [--delay 0.1] [--rounds 10]
"""

from __future__ import annotations

import argparse
import asyncio
import sys
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import openai

from bench.common import REFERENCE_ARTICLE, Stopwatch, command_line, emit, md_table, read_article, recorded_reply
from bench.stub import StubProcess, captured_request
from summarizer import Summarizer


async def _throughput(call: Callable[[], Awaitable[Any]], concurrency: int, rounds: int) -> float:
    async def worker() -> None:
        for _ in range(rounds):
            await call()

    with Stopwatch() as sw:
        await asyncio.gather(*(worker() for _ in range(concurrency)))
    return concurrency * rounds / sw.seconds


async def _measure(levels: list[int], delay: float, rounds: int) -> list[dict[str, Any]]:
    reply = recorded_reply()
    text = read_article(REFERENCE_ARTICLE)
    body, requests = captured_request(text)
    if requests != 1:
        raise RuntimeError(f"the recorded answer needed {requests} requests: re-record the reference cassette")
    rows = []
    with StubProcess(delay_s=delay) as base_url:
        client = openai.AsyncOpenAI(base_url=base_url, api_key="bench-not-a-key", max_retries=0)
        summarizer = Summarizer(client=client, model=reply["model"])

        async def library() -> None:
            await summarizer.asummarize(text)

        async def raw() -> None:
            await client.chat.completions.create(**body)

        await summarizer.asummarize(text)  # warm-up
        for level in levels:
            rows.append(
                {
                    "concurrency": level,
                    "ideal": level / delay,
                    "library": await _throughput(library, level, rounds),
                    "raw": await _throughput(raw, level, rounds),
                }
            )
        await client.close()
    return rows


def measure(levels: list[int], delay: float = 0.1, rounds: int = 10) -> list[dict[str, Any]]:
    """Throughput (calls/s) of the library and the raw client at each concurrency level."""
    return asyncio.run(_measure(levels, delay, rounds))


def render(rows: list[dict[str, Any]], delay: float, rounds: int, command: str) -> str:
    """The benchmark's table, printed and returned."""
    table = md_table(
        ("concurrency", "ideal calls/s (C / delay)", "`asummarize` calls/s", "% of ideal", "raw async client calls/s"),
        [
            (
                r["concurrency"],
                f"{r['ideal']:.1f}",
                f"{r['library']:.1f}",
                f"{100 * r['library'] / r['ideal']:.0f}%",
                f"{r['raw']:.1f}",
            )
            for r in rows
        ],
    )
    notes = [f"Stub delay {1000 * delay:.0f} ms per request; {rounds} calls per task; reference article."]
    return emit("2. Concurrency (async API, stub with fixed delay)", table, command, notes)


def main(argv: list[str] | None = None) -> int:
    """Run and print."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--levels", type=int, nargs="+", default=[1, 8, 32])
    parser.add_argument("--delay", type=float, default=0.1, help="stub delay per request, seconds")
    parser.add_argument("--rounds", type=int, default=10, help="calls per task")
    args = parser.parse_args(argv)
    render(measure(args.levels, args.delay, args.rounds), args.delay, args.rounds, command_line())
    return 0


if __name__ == "__main__":
    sys.exit(main())
