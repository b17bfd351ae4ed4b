"""The ``summarizer batch`` subcommand.

    summarizer batch INPUT --out results.jsonl [--concurrency N] [--no-cache]
                     [--cache-dir DIR] [--model M] [--base-url URL] [--analysis {auto,off}]
                     [--structured-output MODE] [--dask ADDRESS]

``summarizer/cli.py`` calls :func:`register`; ``python -m summarizer.batch.command`` runs
the same command on its own. Exit codes: 0 every input summarised; 1 every input
accounted for but some failed (re-run to retry them); 2 bad usage; 130 interrupted
(the results file is valid; re-run to resume).
"""

from __future__ import annotations

import argparse
import contextlib
import sys
import typing
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

from summarizer import exit_codes
from summarizer.batch.config import EndpointConfig
from summarizer.batch.job import Executor, local_executor, run_to_file
from summarizer.cache import default_cache_dir
from summarizer.core.errors import ConfigurationError, SummarizerError
from summarizer.core.options import ANALYSIS_HELP, AnalysisMode
from summarizer.llm import modes

DESCRIPTION = """\
Summarise every article of INPUT into a JSONL results file, one line per input:
{"id", "content_sha256", "status": "ok", "result"} or {..., "status": "error", "error"}.

INPUT is a folder of .txt/.html files (id = path relative to the folder) or a .jsonl
file with one {"id": ..., "text": ...} object per line. Re-running the same command
resumes: inputs already summarised (same id and content) are skipped, failed ones are
retried. Results are cached on disk, so nothing is paid for twice.
"""

EPILOG = """\
exit status: 0 all summarised; 1 some inputs failed (see their error lines, re-run to
retry); 2 bad usage; 130 interrupted (re-run to resume).
The API key is read from $OPENAI_API_KEY; with no --base-url and no $OPENAI_BASE_URL
the embedded local model is used.
"""


def register(subparsers: Any) -> argparse.ArgumentParser:
    """Add the ``batch`` subcommand to an ``argparse`` subparsers object."""
    parser: argparse.ArgumentParser = subparsers.add_parser(
        "batch",
        help="summarise a folder or JSONL file of articles into a resumable JSONL results file",
        description=DESCRIPTION,
        epilog=EPILOG,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    add_arguments(parser)
    parser.set_defaults(handler=run)
    return parser


def add_arguments(parser: argparse.ArgumentParser) -> None:
    """The options of ``summarizer batch``."""
    parser.add_argument("input", metavar="INPUT", type=Path, help="a folder of .txt/.html files, or a .jsonl file")
    parser.add_argument("--out", required=True, type=Path, help="the results file (JSONL); resumed if it exists")
    parser.add_argument("--concurrency", type=int, default=4, metavar="N", help="requests in flight (default: 4)")
    parser.add_argument("--no-cache", action="store_true", help="do not read or write the result cache")
    parser.add_argument("--cache-dir", type=Path, metavar="DIR",
                        help=f"result cache folder (default: {default_cache_dir()})")  # fmt: skip
    parser.add_argument("--model", metavar="M", help="model name (default: $SUMMARIZER_MODEL)")
    parser.add_argument("--base-url", metavar="URL", help="OpenAI-compatible endpoint (default: $OPENAI_BASE_URL)")
    parser.add_argument(
        "--analysis",
        choices=typing.get_args(AnalysisMode),
        default="auto",
        help=ANALYSIS_HELP,
    )
    parser.add_argument("--structured-output", choices=modes.choices(), default="auto", help=modes.help_text())
    parser.add_argument(
        "--dask",
        metavar="ADDRESS",
        help="run on a Dask cluster, e.g. tcp://scheduler:8786 (needs the 'distributed' extra; "
        "--concurrency is then ignored: the cluster's threads set it)",
    )


def run(args: argparse.Namespace) -> int:
    """Run ``summarizer batch``; returns the exit status."""
    try:
        config = _config(args)
        with _executor(args, config) as execute:
            report = run_to_file(args.input, args.out, execute)
    except ConfigurationError as e:
        print(f"summarizer batch: error: {' '.join(str(e).split())}", file=sys.stderr)
        return exit_codes.USAGE
    except SummarizerError as e:  # a fault every input would hit (see summarizer.batch.many.FATAL)
        print(f"summarizer batch: stopped: {' '.join(str(e).split())}; {args.out} keeps what was done: "
              "fix the cause and re-run the same command to resume", file=sys.stderr)  # fmt: skip
        return exit_codes.for_error(e)
    except KeyboardInterrupt:
        print(f"summarizer batch: interrupted; {args.out} is valid: re-run the same command to resume",
              file=sys.stderr)  # fmt: skip
        return exit_codes.INTERRUPTED
    print(f"summarizer batch: {report.line()}", file=sys.stderr)
    return report.exit_code


def _config(args: argparse.Namespace) -> EndpointConfig:
    source, out = Path(args.input), Path(args.out)
    if not source.exists():
        raise ConfigurationError(f"INPUT {source} does not exist: pass a folder of .txt/.html files or a .jsonl file")
    if source.is_file() and out.exists() and source.resolve() == out.resolve():
        raise ConfigurationError("--out must not be the input file")
    if args.concurrency < 1:
        raise ConfigurationError(f"--concurrency must be at least 1, got {args.concurrency}")
    cache_dir = None if args.no_cache else str(args.cache_dir or default_cache_dir())
    options = {"analysis": args.analysis, "structured_output": args.structured_output}
    return EndpointConfig(base_url=args.base_url, model=args.model, options=options, cache_dir=cache_dir)


@contextlib.contextmanager
def _executor(args: argparse.Namespace, config: EndpointConfig) -> Iterator[Executor]:
    if not args.dask:
        concurrency = args.concurrency
        if config.embedded() and concurrency > 1:
            print("summarizer batch: the embedded model answers one request at a time: --concurrency 1",
                  file=sys.stderr)  # fmt: skip
            concurrency = 1  # more would only queue at the server and run into timeouts
        with config.async_summarizer() as summarizer:
            yield local_executor(summarizer, concurrency)
        return
    if config.embedded():
        raise ConfigurationError(
            "--dask needs a shared endpoint for its workers: pass --base-url (and --model), or set "
            "OPENAI_BASE_URL; the embedded model would start one server per worker"
        )
    try:
        import distributed  # optional: the 'distributed' extra

        from summarizer.batch.distributed import dask_executor
    except ImportError:
        raise ConfigurationError("--dask needs Dask: pip install 'summarizer[distributed]'") from None
    try:
        client = distributed.Client(args.dask, timeout="30s")  # type: ignore[no-untyped-call]
    except OSError as e:
        raise ConfigurationError(f"cannot reach the Dask scheduler at {args.dask}: {e}") from None
    with client:
        yield dask_executor(client, config)


def main(argv: Sequence[str] | None = None) -> int:
    """``python -m summarizer.batch.command INPUT --out FILE ...``."""
    parser = argparse.ArgumentParser(prog="python -m summarizer.batch.command", description=DESCRIPTION,
                                     epilog=EPILOG, formatter_class=argparse.RawDescriptionHelpFormatter)  # fmt: skip
    add_arguments(parser)
    return run(parser.parse_args(argv))


if __name__ == "__main__":
    sys.exit(main())
