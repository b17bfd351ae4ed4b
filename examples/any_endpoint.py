"""Summarise the reference article through any OpenAI-compatible endpoint.

    python examples/any_endpoint.py                       # starts llama.cpp locally and uses it as "any" endpoint
    python examples/any_endpoint.py --provider ollama --model qwen2.5:7b
    python examples/any_endpoint.py --provider vllm --model Qwen/Qwen2.5-7B-Instruct
    python examples/any_endpoint.py --provider lmstudio --model qwen2.5-7b-instruct
    OPENAI_API_KEY=sk-... python examples/any_endpoint.py --provider openai --model gpt-4o-mini
    python examples/any_endpoint.py --base-url http://gpu-box:8000/v1 --model my-model

The same openai-SDK code path serves every endpoint; only the client differs. The
structured-output mode is picked per endpoint (`auto`) and falls back if a server rejects
one (llama-cpp-python's server, for instance, rejects OpenAI's `json_schema`).
"""

from __future__ import annotations

import argparse
import contextlib
import os
import sys
from collections.abc import Iterator
from pathlib import Path

import openai

from summarizer import Options, Summarizer, SummarizerError
from summarizer.llm.modes import choices as structured_output_choices

ARTICLE = Path(__file__).resolve().parent / "popov_fired_for_truth.txt"
PROVIDERS = {
    "openai": "https://api.openai.com/v1",
    "vllm": "http://localhost:8000/v1",
    "ollama": "http://localhost:11434/v1",
    "lmstudio": "http://localhost:1234/v1",
}


@contextlib.contextmanager
def endpoint(args: argparse.Namespace) -> Iterator[tuple[str, str]]:
    """(base_url, model): the one asked for, or a llama.cpp server started here."""
    if args.base_url or args.provider:
        if not args.model:
            sys.exit("error: --model is required with --provider/--base-url")
        yield args.base_url or PROVIDERS[args.provider], args.model
        return
    from summarizer.local import LocalServer

    with LocalServer() as server:  # llama-cpp-python's OpenAI-compatible server, on 127.0.0.1
        yield server.base_url, server.alias


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--provider", choices=sorted(PROVIDERS))
    parser.add_argument("--base-url")
    parser.add_argument("--model")
    parser.add_argument("--mode", default="auto", choices=structured_output_choices())
    args = parser.parse_args()

    with endpoint(args) as (base_url, model):
        client = openai.OpenAI(base_url=base_url, api_key=os.environ.get("OPENAI_API_KEY") or "not-needed")
        try:
            result = Summarizer(client=client, model=model, options=Options(structured_output=args.mode)).summarize(
                ARTICLE.read_text(encoding="utf-8")
            )
        except SummarizerError as error:
            print(f"error: {error}", file=sys.stderr)
            return 1
    summary = result.summary
    print(f"{summary.headline}\n\n{summary.summary}\n")
    for actor in summary.actors:
        print(f"- {actor.name} ({actor.kind.value}{', ' + actor.role if actor.role else ''})")
    print(f"\n{len(summary.claims)} claims, {len(summary.disputes)} disputes, {len(summary.caveats)} caveats")
    print(f"{base_url} / {result.model}: {result.usage.completion_tokens} output tokens, {result.latency_s:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
