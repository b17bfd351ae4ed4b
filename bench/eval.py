"""Evaluate summaries on real articles against PolNeAR attribution gold.

    python bench/eval.py ARTICLES_DIR --gold GOLD_DIR [--out out/eval]
    python bench/eval.py ARTICLES_DIR --gold GOLD_DIR --base-url URL --model NAME

Without ``--base-url`` the library picks its endpoint as usual: ``OPENAI_BASE_URL`` /
``OPENAI_API_KEY`` (with ``--model`` or ``SUMMARIZER_MODEL``) if set, else the embedded
local model (started once, before the first article, and timed apart). Every ``*.txt``
in ARTICLES_DIR is summarised; articles without a gold file are scored on the metrics
that need none. Writes ``report.json`` and ``table.md`` to ``--out``. See docs/eval.md.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

import openai

from bench.common import (
    ROOT,
    Stopwatch,
    command_line,
    load_average,
    machine,
    md_table,
    read_article,
    replace_block,
    utc_now,
)
from bench.scoring import (
    Gold,
    Ratio,
    actor_labels,
    attribution_recall,
    claim_spans,
    gold_offset_errors,
    gold_path,
    grounded_evidence,
    load_gold,
    names_in_article,
    source_recall,
)
from summarizer import Summarizer, SummaryResult
from summarizer.core.errors import BackendError, ConfigurationError, ModelOutputError, SummarizerError
from summarizer.local.server import default_server


@dataclass
class ArticleReport:
    """Everything measured for one article."""

    article: str
    has_gold: bool
    valid: bool = False
    error: str | None = None
    seconds: float = 0.0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    requests: int = 0
    reasks: int = 0
    dropped_items: int = 0
    grounded: Ratio = field(default_factory=Ratio)
    actors_in_article: Ratio = field(default_factory=Ratio)
    source_recall: Ratio = field(default_factory=Ratio)
    attribution_recall: Ratio = field(default_factory=Ratio)
    missed_sources: list[str] = field(default_factory=list)
    actors: list[str] = field(default_factory=list)
    claims: int = 0
    result: dict[str, Any] | None = None


def build_summarizer(args: argparse.Namespace) -> tuple[Summarizer, str, float]:
    """The summarizer to evaluate, a label for its endpoint, and server start-up seconds."""
    model = args.model or os.environ.get("SUMMARIZER_MODEL")
    if args.base_url:
        client = openai.OpenAI(base_url=args.base_url, api_key=os.environ.get("OPENAI_API_KEY") or "not-needed")
        return Summarizer(client=client, model=model), args.base_url, 0.0
    if os.environ.get("OPENAI_API_KEY") or os.environ.get("OPENAI_BASE_URL"):
        return Summarizer(model=model), os.environ.get("OPENAI_BASE_URL") or "OpenAI", 0.0
    with Stopwatch() as sw:
        server = default_server()
    return Summarizer(), f"embedded ({server.alias}, {server.n_threads} threads)", sw.seconds


def evaluate_article(summarizer: Summarizer, path: Path, gold_dir: Path | None) -> ArticleReport:
    """Summarise one article and score it; a library error makes it not valid."""
    text = read_article(path)
    gold_file = gold_path(path, gold_dir) if gold_dir else None
    gold = load_gold(gold_file) if gold_file and gold_file.is_file() else None
    if gold and (bad := gold_offset_errors(gold, text)):
        print(f"  warning: {len(bad)} gold parts do not match {path.name} at their offsets, e.g. {bad[0]}")
    report = ArticleReport(article=path.name, has_gold=gold is not None)
    result: SummaryResult | None = None
    with Stopwatch() as sw:
        try:
            result = summarizer.summarize(text)
        except (BackendError, ConfigurationError):
            raise
        except SummarizerError as exc:
            report.error = f"{type(exc).__name__}: {exc}"[:500]
            _account_failure(report, exc)
    report.seconds = round(sw.seconds, 2)
    if result is not None:
        _score(report, result, text, gold)
    elif gold is not None:  # a failure recalls nothing, but its gold still counts
        report.source_recall, report.missed_sources = source_recall(gold, text, [])
        report.attribution_recall = attribution_recall(gold, [])
    return report


def _account_failure(report: ArticleReport, exc: SummarizerError) -> None:
    if isinstance(exc, ModelOutputError):
        if exc.usage is not None:
            report.prompt_tokens, report.completion_tokens = exc.usage.prompt_tokens, exc.usage.completion_tokens
        if exc.attempts is not None:
            report.requests, report.reasks = exc.attempts.requests, exc.attempts.reasks


def _score(report: ArticleReport, result: SummaryResult, text: str, gold: Gold | None) -> None:
    summary = result.summary
    source = result.source_text if result.source_text is not None else text
    report.valid = True
    report.prompt_tokens = result.usage.prompt_tokens
    report.completion_tokens = result.usage.completion_tokens
    report.requests = result.attempts.requests
    report.reasks = result.attempts.reasks
    report.dropped_items = sum(w.code.startswith("dropped_") for w in result.warnings)
    report.grounded = grounded_evidence(summary, source)
    report.actors_in_article = names_in_article([a.name for a in summary.actors], source)
    report.actors = [a.name for a in summary.actors]
    report.claims = len(summary.claims)
    report.result = result.model_dump(mode="json")
    if gold is not None:
        report.source_recall, report.missed_sources = source_recall(gold, text, actor_labels(summary))
        report.attribution_recall = attribution_recall(gold, claim_spans(summary))


def overall(reports: list[ArticleReport]) -> dict[str, Any]:
    """Totals over every article (ratios summed, i.e. micro-averaged)."""

    def total(name: str) -> Ratio:
        return sum((getattr(r, name) for r in reports), Ratio())

    return {
        "articles": len(reports),
        "valid": sum(r.valid for r in reports),
        "grounded": total("grounded"),
        "actors_in_article": total("actors_in_article"),
        "source_recall": total("source_recall"),
        "attribution_recall": total("attribution_recall"),
        "prompt_tokens": sum(r.prompt_tokens for r in reports),
        "completion_tokens": sum(r.completion_tokens for r in reports),
        "reasks": sum(r.reasks for r in reports),
        "seconds": round(sum(r.seconds for r in reports), 1),
    }


HEADERS = (
    "article",
    "valid",
    "grounded evidence",
    "actors in article",
    "source recall",
    "attribution recall",
    "prompt tok",
    "completion tok",
    "re-asks",
    "seconds",
)


def table(reports: list[ArticleReport]) -> str:
    """The Markdown table: one row per article, then the totals."""
    rows = [
        (
            r.article,
            "yes" if r.valid else "no",
            r.grounded,
            r.actors_in_article,
            r.source_recall if r.has_gold else "(no gold)",
            r.attribution_recall if r.has_gold else "(no gold)",
            r.prompt_tokens,
            r.completion_tokens,
            r.reasks,
            f"{r.seconds:.1f}",
        )
        for r in reports
    ]
    t = overall(reports)
    rows.append(
        (
            "**all**",
            f"{t['valid']}/{t['articles']}",
            t["grounded"],
            t["actors_in_article"],
            t["source_recall"],
            t["attribution_recall"],
            t["prompt_tokens"],
            t["completion_tokens"],
            t["reasks"],
            f"{t['seconds']:.1f}",
        )
    )
    return md_table(HEADERS, rows)


def _jsonable(value: Any) -> Any:
    if isinstance(value, Ratio):
        return {"hits": value.hits, "total": value.total, "share": value.share}
    if isinstance(value, dict):
        return {k: _jsonable(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_jsonable(v) for v in value]
    return value


def write_outputs(out: Path, meta: dict[str, Any], reports: list[ArticleReport]) -> tuple[Path, Path]:
    """Write ``report.json`` and ``table.md``; return their paths."""
    out.mkdir(parents=True, exist_ok=True)
    report = {**meta, "overall": _jsonable(overall(reports)), "articles": [_jsonable(asdict(r)) for r in reports]}
    json_path, md_path = out / "report.json", out / "table.md"
    json_path.write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    header = [
        f"Evaluation: {meta['endpoint']}{f', model {m}' if (m := meta['model']) else ''}, "
        f"prompt {meta['prompt_version']}",
        f"{meta['date']}; {meta['machine']}; load average (1/5/15 min) {meta['load_average']}",
        f"`{meta['command']}`",
        *([f"Not run (time budget spent): {', '.join(meta['not_run'])}"] if meta.get("not_run") else []),
        "",
    ]
    md_path.write_text("\n\n".join(header) + table(reports) + "\n", encoding="utf-8")  # paragraphs, then the table
    return json_path, md_path


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Command-line arguments."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("articles", type=Path, help="folder of article .txt files")
    parser.add_argument("--gold", type=Path, help="folder of NN_slug.attributions.json gold files")
    parser.add_argument("--out", type=Path, default=Path("out/eval"), help="where report.json and table.md go")
    parser.add_argument("--model", help="model name (default: $SUMMARIZER_MODEL; ignored by the embedded model)")
    parser.add_argument("--base-url", help="an OpenAI-compatible endpoint (key from $OPENAI_API_KEY)")
    parser.add_argument("--only", nargs="+", help="only articles whose file name contains one of these texts")
    parser.add_argument("--max-minutes", type=float, help="start no new article after this many minutes")
    parser.add_argument("--docs", action="store_true", help="also put the table into docs/eval.md")
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    """Run the evaluation; print the table; exit 0 (scores are reported, not judged).

    The report and table are rewritten after every article, so an interrupted run keeps
    what it measured; with ``--max-minutes`` no new article starts after the budget.
    """
    args = parse_args(argv)
    articles = sorted(p for p in args.articles.glob("*.txt") if not args.only or any(o in p.name for o in args.only))
    if not articles:
        print(f"no .txt articles in {args.articles}", file=sys.stderr)
        return 2
    load_before = load_average()
    summarizer, endpoint, startup_s = build_summarizer(args)
    if startup_s:
        print(f"local model server started in {startup_s:.1f} s (not counted per article)")
    meta: dict[str, Any] = {
        "command": command_line(),
        "date": utc_now(),
        "machine": machine(),
        "articles_dir": str(args.articles.resolve()),
        "gold_dir": str(args.gold.resolve()) if args.gold else None,
        "endpoint": endpoint,
        "model": summarizer.model,
        "prompt_version": "n/a",
        "server_startup_s": round(startup_s, 1),
        "load_average": f"before {load_before}",
        "not_run": [],
    }
    reports: list[ArticleReport] = []
    started = time.monotonic()
    for i, path in enumerate(articles):
        if args.max_minutes is not None and time.monotonic() - started > 60 * args.max_minutes:
            meta["not_run"] = [p.name for p in articles[i:]]
            write_outputs(args.out, meta, reports)
            print(f"time budget of {args.max_minutes:g} min spent; not run: {', '.join(meta['not_run'])}")
            break
        print(f"- {path.name} ...", flush=True)
        report = evaluate_article(summarizer, path, args.gold)
        print(
            f"  valid={report.valid} {report.seconds:.1f}s tokens={report.prompt_tokens}+{report.completion_tokens} "
            f"reasks={report.reasks} sources={report.source_recall} attributions={report.attribution_recall}"
            + (f" error={report.error}" if report.error else ""),
            flush=True,
        )
        reports.append(report)
        meta["prompt_version"] = next((r.result["prompt_version"] for r in reports if r.result), "n/a")
        meta["load_average"] = f"before {load_before}, after {load_average()}"
        write_outputs(args.out, meta, reports)
    json_path, md_path = args.out / "report.json", args.out / "table.md"
    if args.docs:
        replace_block(ROOT / "docs" / "eval.md", "<!-- eval:begin -->", "<!-- eval:end -->", md_path.read_text())
    print()
    print(md_path.read_text(encoding="utf-8"))
    print(f"wrote {json_path} and {md_path}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
