"""Benchmark 3 - the embedded model end to end, next to the raw model doing the same work.

1. ``summarizer.summarize(text)`` on the reference article with the embedded default
   (the local llama-cpp-python server is started first and its start-up timed apart).
   Each request's messages and token counts are recorded on the way (a thin wrapper
   around ``Endpoint.complete``; it adds no work to the request).
2. The same GGUF loaded in-process with ``llama_cpp.Llama`` (same n_ctx and threads as
   the server): for each request, the same chat-templated prompt (exactly as many
   tokens as the server counted) is evaluated and exactly as many tokens as the server
   reported are generated (greedy, no grammar, no HTTP, no parsing). The KV cache is
   reused across requests the way the server reuses it (longest common prefix).

The ratio end-to-end / raw is what the library, the server, HTTP and grammar-constrained
sampling add on top of the model's own prompt evaluation and generation.

    flock /tmp/summarizer-model.lock python bench/embedded.py [--article PATH]
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import summarizer
from bench.common import REFERENCE_ARTICLE, Stopwatch, command_line, emit, md_table, read_article
from summarizer.llm.client import Endpoint
from summarizer.llm.types import CallStats, ChatRequest, Completion
from summarizer.local.model import resolve_gguf
from summarizer.local.server import LocalServer


@dataclass(frozen=True)
class RequestRecord:
    """One request the library made: its messages and the server's token counts."""

    messages: list[dict[str, str]]
    prompt_tokens: int
    completion_tokens: int


@contextlib.contextmanager
def recording_requests() -> Iterator[list[RequestRecord]]:
    """Record every request ``Endpoint.complete`` answers while the block runs."""
    original = Endpoint.complete
    records: list[RequestRecord] = []

    def complete(self: Endpoint, request: ChatRequest, stats: CallStats) -> Completion:
        completion = original(self, request, stats)
        usage = completion.usage
        records.append(RequestRecord(list(request.messages), usage.prompt_tokens, usage.completion_tokens))
        return completion

    Endpoint.complete = complete  # type: ignore[method-assign]
    try:
        yield records
    finally:
        Endpoint.complete = original  # type: ignore[method-assign]


def require_embedded() -> None:
    """This benchmark is about the embedded default: ignore OPENAI_* endpoint settings."""
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL"):
        if os.environ.pop(name, None) is not None:
            print(f"note: {name} is ignored by the embedded-model benchmark")


def start_server() -> tuple[LocalServer, float]:
    """The process-wide embedded server, and how long starting it took (with the
    instructions' cached state, as ``summarizer.summarize`` starts it)."""
    with Stopwatch() as sw, summarizer.Summarizer() as starter:  # the server outlives it (process-wide)
        server = starter.start()
    assert server is not None
    return server, sw.seconds


def run_library(text: str) -> dict[str, Any]:
    """``summarizer.summarize(text)`` with the embedded default, timed, requests recorded."""
    with recording_requests() as records, Stopwatch() as sw:
        result = summarizer.summarize(text)
    return {
        "seconds": sw.seconds,
        "prompt_tokens": result.usage.prompt_tokens,
        "completion_tokens": result.usage.completion_tokens,
        "requests": result.attempts.requests,
        "reasks": result.attempts.reasks,
        "records": records,
        "actors": len(result.summary.actors),
        "claims": len(result.summary.claims),
        "prompt_version": result.prompt_version,
        "result": result,
    }


def _fit(tokens: list[int], count: int) -> list[int]:
    """Exactly ``count`` tokens: cut at the end, or pad before the generation prompt."""
    if len(tokens) >= count:
        return tokens[:count]
    tail = tokens[-3:]
    return tokens[:-3] + [tokens[0]] * (count - len(tokens)) + tail


def run_raw(records: list[RequestRecord], n_ctx: int, n_threads: int) -> dict[str, Any]:
    """Replay the token counts of ``records`` on ``llama_cpp.Llama`` in-process."""
    from llama_cpp import Llama  # optional (the local extra), and only this benchmark needs it
    from llama_cpp.llama_chat_format import Jinja2ChatFormatter

    with Stopwatch() as load:
        llm = Llama(model_path=str(resolve_gguf()), n_ctx=n_ctx, n_threads=n_threads, verbose=False)
    eos, bos = llm.token_eos(), llm.token_bos()
    formatter = Jinja2ChatFormatter(
        template=llm.metadata["tokenizer.chat_template"],
        eos_token=llm._model.token_get_text(eos) if eos != -1 else "",
        bos_token=llm._model.token_get_text(bos) if bos != -1 else "",
        stop_token_ids=[eos],
    )
    prompt_s = generate_s = 0.0
    templated = []
    for record in records:
        rendered = formatter(messages=record.messages)
        tokens = llm.tokenize(rendered.prompt.encode("utf-8"), add_bos=not rendered.added_special, special=True)
        templated.append(len(tokens))
        tokens = _fit(tokens, record.prompt_tokens)
        start = time.perf_counter()
        stream = llm.generate(tokens, temp=0.0, reset=True)
        next(stream)  # prompt evaluated, first token sampled
        first = time.perf_counter()
        for _ in range(record.completion_tokens - 1):
            next(stream)
        stream.close()
        prompt_s += first - start
        generate_s += time.perf_counter() - first
    llm.close()
    return {"load_s": load.seconds, "prompt_s": prompt_s, "generate_s": generate_s, "templated_tokens": templated}


def render(ours: dict[str, Any], raw: dict[str, Any], startup_s: float, n_threads: int, command: str) -> str:
    """The benchmark's table, printed and returned."""
    raw_total = raw["prompt_s"] + raw["generate_s"]
    rows = [
        ("`summarizer.summarize` end to end (warm server)", f"{ours['seconds']:.1f}", ours["prompt_tokens"],
         ours["completion_tokens"], ours["requests"]),
        ("raw `llama_cpp.Llama`: prompt evaluation", f"{raw['prompt_s']:.1f}", ours["prompt_tokens"], "", ""),
        ("raw `llama_cpp.Llama`: generation", f"{raw['generate_s']:.1f}", "", ours["completion_tokens"], ""),
        ("raw total", f"{raw_total:.1f}", ours["prompt_tokens"], ours["completion_tokens"], ours["requests"]),
        ("**ratio end to end / raw**", f"**{ours['seconds'] / raw_total:.2f}x**", "", "", ""),
    ]  # fmt: skip
    table = md_table(("reference article", "seconds", "prompt tok", "output tok", "requests"), rows)
    notes = [
        f"Output tokens for the article: {ours['completion_tokens']} ({ours['reasks']} re-asks; "
        f"{ours['actors']} actors, {ours['claims']} claims; prompt {ours['prompt_version']}).",
        f"Not counted above: server start-up {startup_s:.1f} s; in-process model load {raw['load_s']:.1f} s. "
        f"{n_threads} threads, n_ctx 8192 both ways. The chat template gave "
        f"{', '.join(map(str, raw['templated_tokens']))} prompt tokens for the request(s); the server counted "
        f"{ours['prompt_tokens']} in all (replayed exactly).",
    ]
    return emit("3. Embedded model: end to end vs raw llama.cpp", table, command, notes)


def measure(article: Path) -> tuple[dict[str, Any], dict[str, Any], float, int]:
    """Run both halves on ``article``: library results, raw results, start-up s, threads."""
    require_embedded()
    text = read_article(article)
    server, startup_s = start_server()
    ours = run_library(text)
    raw = run_raw(ours["records"], server.n_ctx, server.n_threads)
    return ours, raw, startup_s, server.n_threads


def main(argv: list[str] | None = None) -> int:
    """Run and print."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--article", type=Path, default=REFERENCE_ARTICLE)
    args = parser.parse_args(argv)
    ours, raw, startup_s, threads = measure(args.article)
    render(ours, raw, startup_s, threads, command_line())
    return 0


if __name__ == "__main__":
    sys.exit(main())
