"""The ``summarizer`` command (also ``python -m summarizer``).

Subcommands: ``summarize`` (an article to a Markdown brief, JSON or an HTML review page),
``analyze`` (the analysis alone, no model: actors, attributions, hedges), ``schema`` (the
JSON Schema of the result, or with ``--reviewed`` of a reviewed file) and ``review`` (what
an editor changed in a reviewed file). Other modules add subcommands through
:data:`_PLUGIN_COMMANDS`. Every failure the library raises on purpose ends the command
with one line on stderr and an exit code saying what kind of failure it was.
"""

from __future__ import annotations

import argparse
import contextlib
import importlib
import json
import os
import sys
import typing
from collections.abc import Sequence
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path
from typing import Any, TextIO

from rich.console import Console
from rich.markdown import Markdown

from summarizer import exit_codes
from summarizer.analysis import analyze
from summarizer.core import errors
from summarizer.core.options import ANALYSIS_HELP, AnalysisMode, Options
from summarizer.core.reviewed import load_reviewed, reviewed_json_schema
from summarizer.core.schema import SummaryResult, result_json_schema
from summarizer.llm import modes
from summarizer.llm.endpoint import resolve_endpoint
from summarizer.pipeline import Summarizer
from summarizer.render.html import render_html
from summarizer.render.markdown import render_analysis_markdown, render_markdown
from summarizer.render.review import render_review_json, render_review_markdown, review_report
from summarizer.text.html_input import looks_like_html

PROG = "summarizer"
FORMATS = ("markdown", "json", "html")
STRUCTURED_OUTPUT_MODES = modes.choices()
"""What ``--structured-output`` accepts (``summarize`` and ``batch``): the members of
:class:`~summarizer.llm.modes.StructuredOutput`."""

_PLUGIN_COMMANDS: tuple[str, ...] = ("summarizer.batch.command",)
"""Modules whose ``register(subparsers)`` adds more subcommands (skipped if not installed)."""

EXIT_OK = exit_codes.OK
EXIT_FAILURE = exit_codes.FAILURE
EXIT_USAGE = exit_codes.USAGE
EXIT_INTERRUPTED = exit_codes.INTERRUPTED

EXIT_CODES_HELP = """\
exit codes:
  0    success
  1    any other failure of the library
  2    bad usage, configuration or input (unreadable file, empty or unusable article,
       no model name, missing optional package)
  3    the model endpoint failed (authentication, not found, rate limit, server error,
       timeout, connection)
  4    the model answered, but not usefully (invalid output, broke grounding rules,
       truncated, refused)
  5    the embedded local model could not be prepared or started
  130  interrupted
"""

_ENVIRONMENT_HELP = """\
environment:
  OPENAI_API_KEY, OPENAI_BASE_URL  use an OpenAI-compatible endpoint (else the embedded model)
  SUMMARIZER_MODEL                 default for --model
"""


def build_parser() -> argparse.ArgumentParser:
    """The argument parser: this module's subcommands plus those of :data:`_PLUGIN_COMMANDS`."""
    parser = argparse.ArgumentParser(
        prog=PROG,
        description="Grounded, structured summaries of news articles for editors.",
        epilog=EXIT_CODES_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"%(prog)s {_version()}")
    subparsers = parser.add_subparsers(title="commands", dest="command", metavar="COMMAND")
    _add_summarize(subparsers)
    _add_analyze(subparsers)
    _add_schema(subparsers)
    _add_review(subparsers)
    for module_name in _PLUGIN_COMMANDS:
        _register_plugin(module_name, subparsers)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Run the command line ``argv`` (default: ``sys.argv[1:]``); return the exit code."""
    parser = build_parser()
    args = parser.parse_args(argv)
    handler = getattr(args, "handler", None)
    if handler is None:
        parser.print_usage(sys.stderr)
        print(f"{PROG}: error: choose a command; see {PROG} --help", file=sys.stderr)
        return EXIT_USAGE
    try:
        code: int = handler(args)
    except errors.SummarizerError as e:
        return _fail(e, exit_codes.for_error(e))
    except KeyboardInterrupt:
        print(f"{PROG}: interrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    return code


# --- summarize ------------------------------------------------------------------------


def _add_summarize(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "summarize",
        help="summarise one article (plain text or a saved web page)",
        description="Summarise one news article into a grounded brief: actors, claims, disputes, caveats.",
        epilog=(
            "examples:\n"
            "  summarizer summarize article.txt\n"
            "  summarizer summarize page.html --format html --out review.html\n"
            "  curl -s URL | summarizer summarize - --format json\n"
            "  summarizer summarize article.txt --base-url http://localhost:8080/v1 --model qwen2.5\n\n"
            + _ENVIRONMENT_HELP
            + "\n"
            + EXIT_CODES_HELP
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("file", metavar="FILE", help="the article: a UTF-8 text or HTML file, or - for standard input")
    p.add_argument("--format", "-f", choices=FORMATS, default="markdown",
                   help="markdown: the brief (default; formatted on a terminal); json: the full result; "
                        "html: a self-contained review page")  # fmt: skip
    p.add_argument("--out", "-o", metavar="PATH", type=Path, help="write to PATH instead of standard output")
    p.add_argument("--model", "-m", metavar="M", help="model name (default: $SUMMARIZER_MODEL; "
                   "ignored by the embedded model)")  # fmt: skip
    p.add_argument("--base-url", metavar="URL",
                   help="an OpenAI-compatible endpoint, e.g. http://localhost:8080/v1 (key from $OPENAI_API_KEY, "
                        "optional for local servers); default: $OPENAI_BASE_URL / $OPENAI_API_KEY, else the "
                        "embedded local model")  # fmt: skip
    p.add_argument("--input-format", choices=("auto", "text", "html"), default="auto",
                   help="auto (default): detect a saved web page; text; html: extract the article from the page "
                        "(needs: pip install 'summarizer[html]')")  # fmt: skip
    p.add_argument("--structured-output", choices=STRUCTURED_OUTPUT_MODES, default="auto", help=modes.help_text())
    p.add_argument(
        "--analysis",
        choices=typing.get_args(AnalysisMode),
        default="auto",
        help=ANALYSIS_HELP,
    )
    p.set_defaults(handler=_summarize)


def _summarize(args: argparse.Namespace) -> int:
    text = _read_input(args.file)
    with contextlib.ExitStack() as stack:
        result = _summarizer(args, stack).summarize(text, input_format=args.input_format)
    output = _render(result, text, args.format, args.out is None and sys.stdout.isatty())
    _emit(args.out, output)
    return EXIT_OK


def _read_input(name: str) -> str:
    if name == "-":
        data = sys.stdin.buffer.read()
        where = "standard input"
    else:
        try:
            data = Path(name).read_bytes()
        except OSError as e:
            raise errors.InputError(f"cannot read {name}: {e.strerror or e}") from None
        where = name
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        raise errors.InputError(f"{where} is not UTF-8 text: convert it first (e.g. iconv -t UTF-8)") from None


def _summarizer(args: argparse.Namespace, stack: contextlib.ExitStack) -> Summarizer:
    """The summarizer ``args`` ask for; its HTTP clients close with ``stack``."""
    options = Options(structured_output=args.structured_output, analysis=args.analysis)
    endpoint = resolve_endpoint(base_url=args.base_url, model=args.model, model_hint="--model M")
    return stack.enter_context(Summarizer(endpoint=endpoint, options=options))


def _render(result: SummaryResult, text: str, fmt: str, tty: bool) -> str:
    if fmt == "json":
        return result.model_dump_json(indent=2) + "\n"
    if fmt == "html":
        return render_html(result, text)
    markdown = render_markdown(result)
    return _rich_markdown(markdown) if tty else markdown


def _rich_markdown(markdown: str) -> str:
    """The brief as a terminal shows it: rich's Markdown rendering, with colour codes."""
    console = Console(file=sys.stdout, force_terminal=True)
    with console.capture() as capture:
        console.print(Markdown(markdown))
    return capture.get()


def _emit(out: Path | None, output: str) -> None:
    """Write ``output`` to ``out`` (and say so on stderr), or to standard output."""
    if out is None:
        _write_stdout(output)
    else:
        _write_file(out, output)
        print(f"{PROG}: wrote {out}", file=sys.stderr)


def _write_stdout(output: str) -> None:
    stream: TextIO = sys.stdout
    try:
        stream.write(output)
        stream.flush()
    except BrokenPipeError:  # the reader went away (e.g. `| head`): not an error
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, stream.fileno())


def _write_file(path: Path, output: str) -> None:
    try:
        path.write_text(output, encoding="utf-8")
    except OSError as e:
        raise errors.InputError(f"cannot write {path}: {e.strerror or e}") from None


# --- analyze --------------------------------------------------------------------------


def _add_analyze(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "analyze",
        help="the analysis alone, no model: actors, who said what, hedges",
        description=(
            "Find the actors, every attribution (who said what: source, cue and content spans) and the "
            "article's own hedges with the deterministic analysis alone: no model, no server, no network. "
            "Offsets index the file's text exactly."
        ),
        epilog=(
            "examples:\n"
            "  summarizer analyze article.txt\n"
            "  summarizer analyze article.txt --format json --out article.analysis.json\n\n" + EXIT_CODES_HELP
        ),
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("file", metavar="FILE", help="the article: a UTF-8 plain-text file, or - for standard input")
    p.add_argument("--format", "-f", choices=("markdown", "json"), default="markdown",
                   help="markdown: actors, who said what and hedges (default; formatted on a terminal); "
                        "json: the Analysis with every span's offsets")  # fmt: skip
    p.add_argument("--out", "-o", metavar="PATH", type=Path, help="write to PATH instead of standard output")
    p.set_defaults(handler=_analyze)


def _analyze(args: argparse.Namespace) -> int:
    text = _read_input(args.file)
    if looks_like_html(text):
        where = "standard input" if args.file == "-" else args.file
        raise errors.InputError(
            f"{where} looks like a web page: `{PROG} analyze` takes plain text, whose offsets it reports; "
            f"save the article's text first, or use `{PROG} summarize`, which extracts it"
        )
    analysis = analyze(text)
    if args.format == "json":
        output = analysis.model_dump_json(indent=2) + "\n"
    else:
        markdown = render_analysis_markdown(analysis)
        output = _rich_markdown(markdown) if args.out is None and sys.stdout.isatty() else markdown
    _emit(args.out, output)
    return EXIT_OK


# --- schema ---------------------------------------------------------------------------


def _add_schema(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "schema",
        help="print the JSON Schema of the result",
        description="Print the JSON Schema of the result (what --format json writes).",
        epilog=EXIT_CODES_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument(
        "--reviewed",
        action="store_true",
        help="the schema of a reviewed file (NAME.reviewed.json, exported by the review page) instead",
    )
    p.set_defaults(handler=_schema)


def _schema(args: argparse.Namespace) -> int:
    schema = reviewed_json_schema() if args.reviewed else result_json_schema()
    sys.stdout.write(json.dumps(schema, indent=2) + "\n")
    return EXIT_OK


# --- review ---------------------------------------------------------------------------


def _add_review(subparsers: Any) -> None:
    p = subparsers.add_parser(
        "review",
        help="report what an editor changed in a reviewed file (NAME.reviewed.json)",
        description=(
            "Report what the editor changed in a reviewed file exported by the review page: reviewer, "
            "counts per status, and per item what it was, what it became and the note. The file is "
            "checked first: it must match the reviewed-file schema (summarizer schema --reviewed) and "
            "its article (content hash, evidence spans, item refs, speakers)."
        ),
        epilog="examples:\n  summarizer review article.reviewed.json\n"
        "  summarizer review article.reviewed.json --format json\n\n" + EXIT_CODES_HELP,
        formatter_class=argparse.RawDescriptionHelpFormatter,
    )
    p.add_argument("file", metavar="FILE", help="the reviewed file (NAME.reviewed.json), or - for standard input")
    p.add_argument(
        "--format",
        "-f",
        choices=("markdown", "json"),
        default="markdown",
        help="markdown: a short report (default; formatted on a terminal); json: the same as JSON",
    )
    p.set_defaults(handler=_review)


def _review(args: argparse.Namespace) -> int:
    report = review_report(load_reviewed(_read_input(args.file)))
    if args.format == "json":
        _write_stdout(render_review_json(report))
    else:
        markdown = render_review_markdown(report)
        _write_stdout(_rich_markdown(markdown) if sys.stdout.isatty() else markdown)
    return EXIT_OK


# --- plumbing -------------------------------------------------------------------------


def _register_plugin(module_name: str, subparsers: Any) -> None:
    """Let ``module_name`` add its subcommands; skip it only if that module does not exist."""
    try:
        module = importlib.import_module(module_name)
    except ModuleNotFoundError as e:
        parents = {module_name.rsplit(".", n)[0] for n in range(module_name.count(".") + 1)}
        if e.name in parents:
            return
        raise
    module.register(subparsers)


def _fail(error: errors.SummarizerError, code: int) -> int:
    message = " ".join(str(error).split()) or type(error).__name__
    print(f"{PROG}: error: {message}", file=sys.stderr)
    return code


def _version() -> str:
    try:
        return version("summarizer")
    except PackageNotFoundError:
        return "unknown"
