"""Evaluate summaries, or the analysis stage alone, on real articles against PolNeAR gold.

    python bench/eval.py ARTICLES_DIR --gold GOLD_DIR --analysis-only [--out out/eval-analysis]
    python bench/eval.py ARTICLES_DIR --gold GOLD_DIR [--out out/eval] [--sample N --seed S]
    python bench/eval.py ARTICLES_DIR --gold GOLD_DIR --base-url URL --model NAME
    python bench/eval.py ARTICLES_DIR --reviewed REVIEWED_DIR [--gold GOLD_DIR]

``--analysis-only`` runs ``summarizer.analyze`` on every article (no model, no server) and
scores its attributions. Otherwise every article is summarised: without ``--base-url``
the library picks its endpoint as usual (``OPENAI_BASE_URL`` / ``OPENAI_API_KEY`` with
``--model`` or ``SUMMARIZER_MODEL`` if set, else the embedded local model, started once,
before the first article, and timed apart), and the summary's attributions, claims and
actors are scored. Articles without a gold file are scored on the metrics that need none.
``--reviewed DIR`` also scores every run against the editors' ``NAME.reviewed.json`` files of
``DIR`` (paired by the article's SHA-256; see bench/reviewed.py).
Writes ``report.json`` and ``table.md`` to ``--out``. See docs/eval.md.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import sys
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

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
from bench.reviewed import (
    MATCHED,
    TEXT_DIFFERS,
    ReviewedScore,
    load_reviewed_dir,
    match_reviewed,
    score_reviewed,
)
from bench.scoring import (
    MODES,
    PARTS,
    RELATION,
    Gold,
    Ratio,
    SpanScores,
    SpeakerScore,
    actor_labels,
    attribution_recall,
    attribution_speakers,
    claim_precision,
    claim_span_lists,
    claim_spans,
    claim_speakers,
    gold_offset_errors,
    gold_path,
    gold_relations,
    grounded_evidence,
    harmonic,
    jsonable,
    load_gold,
    names_in_article,
    percent,
    predicted_relations,
    score_relations,
    source_precision,
    source_recall,
    speaking_actors,
    summary_claims,
)
from summarizer.core.errors import BackendError, ConfigurationError, ModelOutputError, SummarizerError
from summarizer.core.reviewed import ReviewedResult
from summarizer.core.schema import Actor, Analysis, Attribution, Summary

if TYPE_CHECKING:
    from summarizer import Summarizer, SummaryResult
    from summarizer.analysis.pool import AnalysisPool

ANALYSIS_ENDPOINT = "analysis only (summarizer.analyze: spaCy en_core_web_sm and rules; no model)"
DOCS = ROOT / "docs" / "eval.md"
MODEL_MARKERS = ("<!-- eval:begin -->", "<!-- eval:end -->")
ANALYSIS_MARKERS = ("<!-- eval-analysis:begin -->", "<!-- eval-analysis:end -->")


@dataclass
class ArticleReport:
    """Everything measured for one article (a summary, or the analysis alone)."""

    article: str
    has_gold: bool
    valid: bool = False
    error: str | None = None
    seconds: float = 0.0
    cpu_seconds: float | None = None
    """With ``--analysis-only``: the CPU time (``time.process_time``) of the ``analyze`` call."""
    prompt_tokens: int = 0
    completion_tokens: int = 0
    requests: int = 0
    reasks: int = 0
    dropped_items: int = 0
    grounded: Ratio = field(default_factory=Ratio)
    actors_in_article: Ratio = field(default_factory=Ratio)
    source_recall: Ratio = field(default_factory=Ratio)
    source_precision: Ratio = field(default_factory=Ratio)
    attribution_recall: Ratio = field(default_factory=Ratio)
    """Claims: distinct gold contents overlapped by a claim's evidence."""
    attribution_precision: Ratio = field(default_factory=Ratio)
    """Claims: claims whose evidence overlaps some gold content."""
    speaking_source_recall: Ratio = field(default_factory=Ratio)
    speaking_source_precision: Ratio = field(default_factory=Ratio)
    spans: SpanScores | None = None
    """Attribution extraction (cue, source, content, relation); ``None`` without gold."""
    attribution_speakers: SpeakerScore | None = None
    claim_speakers: SpeakerScore | None = None
    """``None`` when no claims are scored (no gold, or ``--analysis-only``)."""
    missed_sources: list[str] = field(default_factory=list)
    actors: list[str] = field(default_factory=list)
    n_claims: int = 0
    n_attributions: int = 0
    result: dict[str, Any] | None = None
    run: tuple[Summary, str] | None = field(default=None, repr=False)
    """What ``--reviewed`` scores: the run's summary (the analysis' actors and attributions for
    ``--analysis-only``) and the text its offsets index. Not written to the report."""
    reviewed_file: str | None = None
    """The reviewed file paired with this article (``--reviewed``), if any."""
    reviewed_match: str | None = None
    """How it was paired: ``article_sha256``, or ``text differs`` (same name, other text: not scored)."""
    reviewed: ReviewedScore | None = None


# -- one article ---------------------------------------------------------------------------------------


def _load(path: Path, gold_dir: Path | None) -> tuple[str, Gold | None]:
    text = read_article(path)
    gold_file = gold_path(path, gold_dir) if gold_dir else None
    gold = load_gold(gold_file) if gold_file and gold_file.is_file() else None
    if gold and (bad := gold_offset_errors(gold, text)):
        print(f"  warning: {len(bad)} gold parts do not match {path.name} at their offsets, e.g. {bad[0]}")
    return text, gold


def _score_extraction(
    report: ArticleReport, attributions: Sequence[Attribution], actors: Sequence[Actor], text: str, gold: Gold
) -> None:
    """Span scores, attribution speakers and speaking-actor sources of extracted attributions."""
    golds = gold_relations(gold, text)
    preds = predicted_relations(attributions, actors, text)
    report.n_attributions = len(attributions)
    report.spans = score_relations(preds, golds)
    report.attribution_speakers = attribution_speakers(preds, golds)
    speaking = speaking_actors(attributions, actors)
    report.speaking_source_precision = source_precision(gold, text, speaking)
    report.speaking_source_recall = source_recall(gold, text, speaking)[0]


def analysis_grounded(analysis: Analysis, text: str) -> Ratio:
    """Spans of the analysis (attribution parts, actor mentions, hedge cues) equal to the article at their offsets."""
    spans = [e for a in analysis.attributions for e in (*a.cue, *a.source, *a.content)]
    spans += [e for a in analysis.actors for e in a.mentions]
    spans += [h.cue for h in analysis.hedges]
    return Ratio(sum(text[e.start : e.end] == e.text for e in spans), len(spans))


def analyze_article(path: Path, gold_dir: Path | None) -> ArticleReport:
    """Run ``summarizer.analyze`` on one article (no model) and score what it finds."""
    from summarizer.analysis import analyze

    text, gold = _load(path, gold_dir)
    analysis: Analysis | None = None
    error: SummarizerError | None = None
    cpu = time.process_time()
    with Stopwatch() as sw:
        try:
            analysis = analyze(text)
        except SummarizerError as exc:
            error = exc
    return score_analysis(path, text, gold, analysis, error, sw.seconds, time.process_time() - cpu)


def analyze_articles_in_pool(
    pool: AnalysisPool, paths: Sequence[Path], gold_dir: Path | None
) -> tuple[list[ArticleReport], float]:
    """``--processes N``: analyse every article in the pool's worker processes, then score each
    here; return the reports (seconds and CPU seconds of each ``analyze`` in its worker) and
    the wall-clock seconds of the whole batch (what throughput is measured by)."""
    loaded = [(path, *_load(path, gold_dir)) for path in paths]
    with Stopwatch() as sw:
        timed = list(pool.analyze_timed(text for _, text, _ in loaded))
    reports = [
        score_analysis(path, text, gold, t.analysis, t.error, t.seconds, t.cpu_seconds)
        for (path, text, gold), t in zip(loaded, timed, strict=True)
    ]
    return reports, sw.seconds


def score_analysis(
    path: Path,
    text: str,
    gold: Gold | None,
    analysis: Analysis | None,
    error: SummarizerError | None,
    seconds: float,
    cpu_seconds: float,
) -> ArticleReport:
    """The report of one article's analysis (or its error), timed as given."""
    report = ArticleReport(article=path.name, has_gold=gold is not None)
    if error is not None:
        report.error = f"{type(error).__name__}: {error}"[:500]
    report.cpu_seconds = round(cpu_seconds, 3)
    report.seconds = round(seconds, 3)
    actors = analysis.actors if analysis is not None else []
    attributions = analysis.attributions if analysis is not None else []
    labels = [[a.name, *a.aliases] for a in actors]
    if analysis is not None:
        report.valid = True
        report.run = (Summary(headline="", summary="", actors=actors, attributions=attributions), text)
        report.grounded = analysis_grounded(analysis, text)
        report.actors = [a.name for a in actors]
        report.actors_in_article = names_in_article(report.actors, text)
    if gold is not None:
        report.source_recall, report.missed_sources = source_recall(gold, text, labels)
        report.source_precision = source_precision(gold, text, labels)
        _score_extraction(report, attributions, actors, text, gold)
    return report


def evaluate_article(summarizer: Summarizer, path: Path, gold_dir: Path | None) -> ArticleReport:
    """Summarise one article and score it; a library error makes it not valid."""
    text, gold = _load(path, gold_dir)
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
    elif gold is not None:  # a failure finds nothing, but its gold still counts
        report.source_recall, report.missed_sources = source_recall(gold, text, [])
        report.attribution_recall = attribution_recall(gold, [])
        report.claim_speakers = SpeakerScore()
        _score_extraction(report, [], [], text, gold)
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
    if source != text:
        print(f"  warning: {report.article}: offsets index the extracted text, not the file; span scores are off")
    report.valid = True
    report.prompt_tokens = result.usage.prompt_tokens
    report.completion_tokens = result.usage.completion_tokens
    report.requests = result.attempts.requests
    report.reasks = result.attempts.reasks
    report.dropped_items = sum(w.code.startswith("dropped_") for w in result.warnings)
    report.grounded = grounded_evidence(summary, source)
    report.actors_in_article = names_in_article([a.name for a in summary.actors], source)
    report.actors = [a.name for a in summary.actors]
    report.n_claims = len(summary.claims)
    report.result = result.model_dump(mode="json")
    report.run = (summary, source)
    if gold is not None:
        labels = actor_labels(summary)
        report.source_recall, report.missed_sources = source_recall(gold, text, labels)
        report.source_precision = source_precision(gold, text, labels)
        report.attribution_recall = attribution_recall(gold, claim_spans(summary))
        report.attribution_precision = claim_precision(gold, claim_span_lists(summary))
        report.claim_speakers = claim_speakers(summary_claims(summary, text), gold_relations(gold, text))
        _score_extraction(report, summary.attributions, summary.actors, text, gold)


def score_against_reviewed(report: ArticleReport, reviewed: dict[str, ReviewedResult], claims: bool) -> None:
    """Pair the article's run with its reviewed file (by hash, else by name) and score it."""
    if report.run is None:
        return
    summary, text = report.run
    paired = match_reviewed(reviewed, report.article, text)
    if paired is None:
        return
    report.reviewed_file, report.reviewed_match = paired
    if report.reviewed_match == MATCHED:
        report.reviewed = score_reviewed(reviewed[report.reviewed_file], summary, text, claims=claims)
    else:
        print(f"  warning: {report.reviewed_file} is named for {report.article} but reviews another text: not scored")


def _reviewed_total(meta: dict[str, Any], reports: Sequence[ArticleReport]) -> ReviewedScore:
    empty = ReviewedScore(claims_scored=not meta.get("analysis_only"))
    return sum((r.reviewed for r in reports if r.reviewed is not None), empty)


def reviewed_json(meta: dict[str, Any], reports: Sequence[ArticleReport]) -> dict[str, Any] | None:
    """The ``reviewed`` section of ``report.json`` (``None`` without ``--reviewed``)."""
    info = meta.get("reviewed")
    if not info:
        return None
    scored = [r for r in reports if r.reviewed is not None]
    total = _reviewed_total(meta, reports)
    paired = {r.reviewed_file for r in reports if r.reviewed_file}
    return {
        "dir": info["dir"],
        "paired_by": "article_sha256 of the text the run's offsets index (result.source_text, else the article file)",
        "files": len(info["files"]),
        "scored": len(scored),
        "text_differs": {r.reviewed_file: r.article for r in reports if r.reviewed_match == TEXT_DIFFERS},
        "not_run": [name for name in info["files"] if name not in paired],
        **{k: v for k, v in total.as_json().items() if k != "files"},
        "per_file": {
            r.reviewed_file: {"article": r.article, **r.reviewed.as_json()}
            for r in scored
            if r.reviewed_file and r.reviewed
        },
    }


def reviewed_lines(meta: dict[str, Any], reports: Sequence[ArticleReport]) -> list[str]:
    """``table.md``'s paragraph on the reviewed files (empty without ``--reviewed``)."""
    section = reviewed_json(meta, reports)
    if section is None:
        return []
    scored = [r for r in reports if r.reviewed is not None]
    t = _reviewed_total(meta, reports)
    lines = [
        f"Against the editors' reviewed files in `{section['dir']}` (paired by article SHA-256): "
        f"{section['scored']} of {section['files']} scored"
        + (f"; text differs, not scored: {', '.join(section['text_differs'])}" if section["text_differs"] else "")
        + (f"; no run of their article: {', '.join(section['not_run'])}" if section["not_run"] else "")
        + ".",
        "",
    ]
    if t.claims_scored:
        lines.append(f"- **Speakers, claims** (confirmed, corrected and added claims): {t.claim_speakers}.")
    lines.append(f"- **Speakers, attributions** (confirmed and corrected): {t.attribution_speakers}.")
    lines.append(f"- **Speakers the editor reassigned**, now given to the editor's speaker: {t.reassigned}.")
    if t.claims_scored:
        lines.append(f"- **Found**: claims {t.claims_found}, caveats {t.caveats_found}.")
    lines.append(
        f"- **Marked wrong and back**: {t.wrong_back}" + (f" ({', '.join(t.returned)})" if t.returned else "") + "."
    )
    if scored:
        headers = ("reviewed file", "article", "claims found", "caveats found", "claim speakers",
                   "attribution speakers", "wrong back")  # fmt: skip
        rows = [
            (
                r.reviewed_file,
                r.article,
                s.claims_found,
                s.caveats_found,
                s.claim_speakers.share if s.claims_scored else "-",
                s.attribution_speakers.share,
                s.wrong_back,
            )
            for r in scored
            if (s := r.reviewed) is not None
        ]
        lines += ["", md_table(headers, rows)]
    return lines


# -- totals and JSON -----------------------------------------------------------------------------------


def _sum_ratio(reports: Sequence[ArticleReport], name: str) -> Ratio:
    return sum((getattr(r, name) for r in reports), Ratio())


def _sum_spans(reports: Sequence[ArticleReport]) -> SpanScores:
    return sum((r.spans for r in reports if r.spans is not None), score_relations([], []))


def _sum_speakers(reports: Sequence[ArticleReport], name: str) -> SpeakerScore | None:
    scores = [s for r in reports if (s := getattr(r, name)) is not None]
    return sum(scores, SpeakerScore()) if scores else None


def overall(reports: list[ArticleReport]) -> dict[str, Any]:
    """Totals over every article (ratios and counts summed, i.e. micro-averaged)."""
    seconds = sum(r.seconds for r in reports)
    cpu = [r.cpu_seconds for r in reports if r.cpu_seconds is not None]
    return {
        "articles": len(reports),
        "valid": sum(r.valid for r in reports),
        "grounded": _sum_ratio(reports, "grounded"),
        "actors_in_article": _sum_ratio(reports, "actors_in_article"),
        "source_recall": _sum_ratio(reports, "source_recall"),
        "source_precision": _sum_ratio(reports, "source_precision"),
        "attribution_recall": _sum_ratio(reports, "attribution_recall"),
        "attribution_precision": _sum_ratio(reports, "attribution_precision"),
        "speaking_source_recall": _sum_ratio(reports, "speaking_source_recall"),
        "speaking_source_precision": _sum_ratio(reports, "speaking_source_precision"),
        "spans": _sum_spans(reports),
        "attribution_speakers": _sum_speakers(reports, "attribution_speakers") or SpeakerScore(),
        "claim_speakers": _sum_speakers(reports, "claim_speakers"),
        "attributions_predicted": sum(r.n_attributions for r in reports),
        "prompt_tokens": sum(r.prompt_tokens for r in reports),
        "completion_tokens": sum(r.completion_tokens for r in reports),
        "reasks": sum(r.reasks for r in reports),
        "seconds": round(seconds, 1),
        "seconds_mean": round(seconds / len(reports), 3) if reports else None,
        "cpu_seconds": round(sum(cpu), 1) if cpu else None,
        "cpu_seconds_mean": round(sum(cpu) / len(cpu), 3) if cpu else None,
    }


def _ratios(precision: Ratio, recall: Ratio) -> dict[str, Any]:
    return {"precision": jsonable(precision), "recall": jsonable(recall), "f1": harmonic(precision.share, recall.share)}


def _sections(
    *,
    spans: SpanScores | None,
    attribution: SpeakerScore | None,
    claims: SpeakerScore | None,
    totals: dict[str, Any],
    claims_scored: bool,
) -> dict[str, Any]:
    """The issue's keys, alike per article and overall: attributions, speakers, sources, claims."""
    return {
        "attributions": spans.as_json() if spans is not None else None,
        "speakers": {
            "attributions": attribution.as_json() if attribution is not None else None,
            "claims": claims.as_json() if claims is not None else None,
        },
        "sources": {
            **_ratios(totals["source_precision"], totals["source_recall"]),
            "speaking": _ratios(totals["speaking_source_precision"], totals["speaking_source_recall"]),
        },
        "claims": _ratios(totals["attribution_precision"], totals["attribution_recall"]) if claims_scored else None,
        "tokens": {"prompt": totals["prompt_tokens"], "completion": totals["completion_tokens"]},
        "reasks": totals["reasks"],
    }


def article_json(r: ArticleReport) -> dict[str, Any]:
    """One article's entry of ``report["articles"]``."""
    totals = {name: getattr(r, name) for name in (
        "source_precision", "source_recall", "speaking_source_precision", "speaking_source_recall",
        "attribution_precision", "attribution_recall", "prompt_tokens", "completion_tokens", "reasks")}  # fmt: skip
    return {
        "article": r.article,
        "has_gold": r.has_gold,
        "valid": r.valid,
        "error": r.error,
        **_sections(
            spans=r.spans,
            attribution=r.attribution_speakers,
            claims=r.claim_speakers,
            totals=totals,
            claims_scored=r.claim_speakers is not None,
        ),
        "seconds": r.seconds,
        "cpu_seconds": r.cpu_seconds,
        "prompt_tokens": r.prompt_tokens,
        "completion_tokens": r.completion_tokens,
        "requests": r.requests,
        "dropped_items": r.dropped_items,
        "grounded": jsonable(r.grounded),
        "actors_in_article": jsonable(r.actors_in_article),
        "source_recall": jsonable(r.source_recall),
        "attribution_recall": jsonable(r.attribution_recall),
        "missed_sources": r.missed_sources,
        "actors": r.actors,
        "claims_count": r.n_claims,
        "attributions_count": r.n_attributions,
        "result": r.result,
    }


def build_report(meta: dict[str, Any], reports: list[ArticleReport]) -> dict[str, Any]:
    """The whole ``report.json``: run facts, overall sections, and ``articles`` keyed by file name."""
    t = overall(reports)
    return {
        **meta,
        **_sections(
            spans=t["spans"],
            attribution=t["attribution_speakers"],
            claims=t["claim_speakers"],
            totals=t,
            claims_scored=not meta.get("analysis_only"),
        ),
        "seconds": {
            "total": t["seconds"],
            "mean": t["seconds_mean"],
            "startup": meta.get("startup_s", 0.0),
            "cpu_total": t["cpu_seconds"],
            "cpu_mean": t["cpu_seconds_mean"],
        },
        "overall": jsonable(
            {k: v for k, v in t.items() if k not in ("spans", "attribution_speakers", "claim_speakers")}
        ),
        "articles": {r.article: article_json(r) for r in reports},
        **({"reviewed": section} if (section := reviewed_json(meta, reports)) is not None else {}),
    }


# -- tables --------------------------------------------------------------------------------------------

HEADERS = (
    "article",
    "valid",
    "grounded evidence",
    "actors in article",
    "source precision",
    "source recall",
    "claim precision",
    "attribution recall",
    "prompt tok",
    "completion tok",
    "re-asks",
    "seconds",
)


def table(reports: list[ArticleReport]) -> str:
    """The per-article summary table (model runs): one row per article, then the totals."""
    rows = [
        (
            r.article,
            "yes" if r.valid else "no",
            r.grounded,
            r.actors_in_article,
            r.source_precision if r.has_gold else "(no gold)",
            r.source_recall if r.has_gold else "(no gold)",
            r.attribution_precision if r.has_gold else "(no gold)",
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
            t["source_precision"],
            t["source_recall"],
            t["attribution_precision"],
            t["attribution_recall"],
            t["prompt_tokens"],
            t["completion_tokens"],
            t["reasks"],
            f"{t['seconds']:.1f}",
        )
    )
    return md_table(HEADERS, rows)


def span_table(spans: SpanScores) -> str:
    """Precision, recall and F1 (percent) of cue, source, content and relation, exact and overlapping."""
    headers = ("part", "gold", "predicted", *(f"{mode} {m}" for mode in MODES for m in ("P", "R", "F1")))
    rows = []
    for part in (*PARTS, RELATION):
        if part not in spans.exact:
            continue
        cells: list[str] = []
        for mode in MODES:
            prf = spans.mode(mode)[part]
            cells += [percent(prf.precision), percent(prf.recall), percent(prf.f1)]
        rows.append((part, spans.overlap[part].gold, spans.overlap[part].predicted, *cells))
    return md_table(headers, rows)


def speaker_lines(totals: dict[str, Any], analysis_only: bool) -> list[str]:
    """The speaker-correctness and source precision/recall sentences under the span table."""
    att: SpeakerScore = totals["attribution_speakers"]
    lines = [
        f"- **Speakers, attributions** (matched to gold on overlapping content; gold source named): "
        f"{att.share} correct, {att.wrong} wrong, {att.unresolved} unresolved, {att.unknown} unknown actor id; "
        f"{att.skipped} skipped "
        f"(gold source a pronoun, generic or absent). Source span overlaps the gold source: {att.source_span}.",
    ]
    if not analysis_only:
        claims: SpeakerScore = totals["claim_speakers"] or SpeakerScore()
        lines.append(
            f"- **Speakers, claims** (evidence overlaps gold content with a named source): {claims.share} correct, "
            f"{claims.wrong} wrong, {claims.unresolved} outlet/unattributed, {claims.unknown} unknown actor id; "
            f"{claims.skipped} skipped. Counting also the {claims.as_written} of those given to no actor that "
            f"rest on an attribution whose source as written is the gold source, {claims.named} name it."
        )
        lines.append(
            f"- **Claims**: precision {totals['attribution_precision']} (claims overlapping a gold relation), "
            f"recall {totals['attribution_recall']} (distinct gold contents overlapped)."
        )
    lines.append(
        f"- **Sources**: precision {totals['source_precision']} (returned actors that are gold sources), "
        f"recall {totals['source_recall']} (distinct named gold sources found); actors that speak in some "
        f"attribution only: precision {totals['speaking_source_precision']}, recall {totals['speaking_source_recall']}."
    )
    return lines


def _f1(spans: SpanScores | None, mode: str, part: str) -> str:
    return "(no gold)" if spans is None else percent(spans.mode(mode)[part].f1)


def article_span_table(reports: list[ArticleReport]) -> str:
    """Per article: gold and predicted relations, overlap F1 per part, exact content F1, speakers, seconds."""
    headers = ("article", "gold", "pred", "cue F1", "source F1", "content F1 (exact)", "content F1",
               "relation F1", "speakers correct", "seconds")  # fmt: skip
    rows = [
        (
            r.article,
            r.spans.overlap["content"].gold if r.spans else "-",
            r.n_attributions,
            _f1(r.spans, "overlap", "cue"),
            _f1(r.spans, "overlap", "source"),
            _f1(r.spans, "exact", "content"),
            _f1(r.spans, "overlap", "content"),
            _f1(r.spans, "overlap", RELATION),
            r.attribution_speakers.share if r.attribution_speakers else "-",
            f"{r.seconds:.2f}",
        )
        for r in reports
    ]
    return md_table(headers, rows)


def render(meta: dict[str, Any], reports: list[ArticleReport], per_article: bool = True) -> str:
    """``table.md``: header paragraphs, then the tables (model runs: the summary table first).

    Without ``per_article`` the per-article span table is left out (docs/eval.md keeps the
    84-article analysis run short; table.md always has it).
    """
    t = overall(reports)
    analysis_only = bool(meta.get("analysis_only"))
    model = f", model {m}" if (m := meta.get("model")) else ""
    prompt = "" if analysis_only else f", prompt {meta['prompt_version']}"
    sample = meta.get("sample")
    gold_relations_n = t["spans"].overlap["content"].gold
    seconds = f"{t['seconds']:.1f} s in all, {t['seconds_mean'] or 0:.3f} s per article" + (
        f" (wall-clock of `analyze` alone; CPU {t['cpu_seconds_mean']:.3f} s per article)"
        if analysis_only and t.get("cpu_seconds_mean") is not None
        else ""
    ) + (f" (start-up {meta['startup_s']:.1f} s, not counted)" if meta.get("startup_s") else "")
    if meta.get("batch_seconds") is not None and t["articles"]:
        seconds += (
            f"; {meta['processes']} worker processes, batches of {meta.get('batch_size', 1)}: each article's time "
            "above is measured in its worker (its share of its batch), "
            f"and all articles took {meta['batch_seconds']:.1f} s of wall-clock, a throughput of "
            f"{meta['batch_seconds'] / t['articles']:.3f} s per article"
        )
    paragraphs = [
        f"Evaluation: {meta['endpoint']}{model}{prompt}",
        f"{meta['date']}; {meta['machine']}; load average (1/5/15 min) {meta['load_average']}",
        f"`{meta['command']}`",
        f"{t['articles']} articles"
        + (f" (a sample of {sample['n']} of {sample['of']}, seed {sample['seed']})" if sample else "")
        + f", {gold_relations_n} gold relations with content, {t['attributions_predicted']} predicted; {seconds}.",
        *([f"Not run (time budget spent): {', '.join(meta['not_run'])}"] if meta.get("not_run") else []),
    ]
    parts = ["\n\n".join(paragraphs), ""]
    if not analysis_only:
        parts += [table(reports), ""]
        parts += ["Attribution extraction (`Summary.attributions`), all articles (percent):", ""]
    else:
        parts += ["Attribution extraction (`analyze(text).attributions`), all articles (percent):", ""]
    parts += [span_table(t["spans"]), "", *speaker_lines(t, analysis_only), ""]
    if per_article:
        parts += ["Per article (overlap F1 unless exact):", "", article_span_table(reports)]
    else:
        parts += [f"Per article: `{meta.get('out', 'out/eval')}/table.md` and `report.json`."]
    if reviewed := reviewed_lines(meta, reports):
        parts += ["", *reviewed]
    return "\n".join(parts) + "\n"


def write_outputs(out: Path, meta: dict[str, Any], reports: list[ArticleReport]) -> tuple[Path, Path]:
    """Write ``report.json`` and ``table.md``; return their paths."""
    out.mkdir(parents=True, exist_ok=True)
    json_path, md_path = out / "report.json", out / "table.md"
    report = build_report(meta, reports)
    json_path.write_text(json.dumps(report, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    md_path.write_text(render(meta, reports), encoding="utf-8")
    return json_path, md_path


# -- running -------------------------------------------------------------------------------------------


def build_summarizer(args: argparse.Namespace) -> tuple[Summarizer, str, float]:
    """The summarizer to evaluate, a label for its endpoint, and server start-up seconds."""
    import openai

    from summarizer import Summarizer

    model = args.model or os.environ.get("SUMMARIZER_MODEL")
    if args.base_url:
        client = openai.OpenAI(base_url=args.base_url, api_key=os.environ.get("OPENAI_API_KEY") or "not-needed")
        return Summarizer(client=client, model=model), args.base_url, 0.0
    if os.environ.get("OPENAI_API_KEY") or os.environ.get("OPENAI_BASE_URL"):
        return Summarizer(model=model), os.environ.get("OPENAI_BASE_URL") or "OpenAI", 0.0
    summarizer = Summarizer()
    with Stopwatch() as sw:
        server = summarizer.start()  # with the instructions' cached state, as a user's first summary
    assert server is not None
    return summarizer, f"embedded ({server.alias}, {server.n_threads} threads)", sw.seconds


def load_analysis_pipeline() -> float:
    """Load (and verify) the spaCy pipeline and warm it up on one sentence; return the seconds it took."""
    from summarizer.analysis import analyze

    with Stopwatch() as sw:
        analyze("The pipeline is loaded once, the minister said.")
    return sw.seconds


def select_articles(args: argparse.Namespace) -> tuple[list[Path], dict[str, Any] | None]:
    """The ``*.txt`` articles to run (``--only``, then ``--sample``), and the sample's record."""
    articles = sorted(p for p in args.articles.glob("*.txt") if not args.only or any(o in p.name for o in args.only))
    if args.sample is None or args.sample >= len(articles):
        return articles, None
    chosen = sorted(random.Random(args.seed).sample(articles, args.sample))
    return chosen, {"n": len(chosen), "of": len(articles), "seed": args.seed}


def parse_args(argv: list[str] | None = None) -> argparse.Namespace:
    """Command-line arguments."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("articles", type=Path, help="folder of article .txt files")
    parser.add_argument("--gold", type=Path, help="folder of NN_slug.attributions.json gold files")
    parser.add_argument("--reviewed", type=Path, metavar="DIR", help="folder of editors' NAME.reviewed.json files")
    parser.add_argument("--out", type=Path, help="where report.json and table.md go (out/eval, out/eval-analysis)")
    parser.add_argument("--analysis-only", action="store_true", help="score summarizer.analyze alone: no model")
    parser.add_argument("--model", help="model name (default: $SUMMARIZER_MODEL; ignored by the embedded model)")
    parser.add_argument("--base-url", help="an OpenAI-compatible endpoint (key from $OPENAI_API_KEY)")
    parser.add_argument("--only", nargs="+", help="only articles whose file name contains one of these texts")
    parser.add_argument("--sample", type=int, help="a random sample of this many articles (after --only)")
    parser.add_argument("--seed", type=int, default=0, help="seed of --sample (default 0)")
    parser.add_argument("--max-minutes", type=float, help="start no new article after this many minutes")
    parser.add_argument("--docs", action="store_true", help="also put the table into docs/eval.md")
    parser.add_argument(
        "--processes",
        type=int,
        default=1,
        help="with --analysis-only: analyse in this many worker processes (default 1: one at a time, in this one); "
        "reports throughput (wall seconds of the batch over articles) next to each call's own time",
    )
    parser.add_argument(
        "--start-method",
        choices=["spawn", "fork", "forkserver"],
        default="spawn",
        help="how --processes starts its workers (default spawn)",
    )
    parser.add_argument(
        "--batch-size",
        type=int,
        default=1,
        help="with --analysis-only: articles a worker parses together in one nlp.pipe batch (default 1); "
        "more than 1 runs the worker processes of --processes even for 1, and each article is timed "
        "as its share of its batch",
    )
    args = parser.parse_args(argv)
    if args.processes < 1 or args.batch_size < 1:
        parser.error("--processes and --batch-size must be at least 1")
    if (args.processes > 1 or args.batch_size > 1) and not args.analysis_only:
        parser.error("--processes and --batch-size need --analysis-only (model runs are one article at a time)")
    if args.out is None:
        args.out = Path("out/eval-analysis" if args.analysis_only else "out/eval")
    return args


def main(argv: list[str] | None = None) -> int:
    """Run the evaluation; print the table; exit 0 (scores are reported, not judged).

    Model runs rewrite the report and table after every article, so an interrupted run
    keeps what it measured; with ``--max-minutes`` no new article starts after the budget.
    """
    args = parse_args(argv)
    articles, sample = select_articles(args)
    if not articles:
        print(f"no .txt articles in {args.articles}", file=sys.stderr)
        return 2
    reviewed: dict[str, ReviewedResult] = {}
    if args.reviewed is not None:
        from summarizer.core.errors import InputError

        if not args.reviewed.is_dir():
            print(f"--reviewed {args.reviewed}: not a folder", file=sys.stderr)
            return 2
        try:
            reviewed = load_reviewed_dir(args.reviewed)
        except InputError as exc:
            print(f"--reviewed: {exc}", file=sys.stderr)
            return 2
        if not reviewed:
            print(f"--reviewed {args.reviewed}: no *.reviewed.json files", file=sys.stderr)
            return 2
    load_before = load_average()
    summarizer: Summarizer | None = None
    pool: AnalysisPool | None = None
    if args.analysis_only and (args.processes > 1 or args.batch_size > 1):
        from summarizer.analysis.pool import AnalysisPool

        pool = AnalysisPool(args.processes, batch_size=args.batch_size, start_method=args.start_method)
        with Stopwatch() as sw:
            pool.warm()
        endpoint, model, startup_s = ANALYSIS_ENDPOINT, None, sw.seconds
        print(f"{args.processes} worker process(es) ({args.start_method}) loaded the pipeline in {startup_s:.1f} s")
    elif args.analysis_only:
        endpoint, model, startup_s = ANALYSIS_ENDPOINT, None, load_analysis_pipeline()
        if startup_s > 0.05:
            print(f"analysis pipeline loaded in {startup_s:.1f} s (not counted per article)")
    else:
        summarizer, endpoint, startup_s = build_summarizer(args)
        model = summarizer.model
        if startup_s:
            print(f"local model server started in {startup_s:.1f} s (not counted per article)")
    meta: dict[str, Any] = {
        "command": command_line(None if argv is None else [__file__, *argv]),
        "date": utc_now(),
        "machine": machine(),
        "articles_dir": str(args.articles.resolve()),
        "out": str(args.out),
        "gold_dir": str(args.gold.resolve()) if args.gold else None,
        "analysis_only": args.analysis_only,
        "processes": args.processes,
        "batch_size": args.batch_size,
        "sample": sample,
        "seed": args.seed if sample else None,
        "endpoint": endpoint,
        "model": model,
        "prompt_version": "n/a",
        "startup_s": round(startup_s, 1),
        "server_startup_s": 0.0 if args.analysis_only else round(startup_s, 1),
        "load_average": f"before {load_before}",
        "not_run": [],
        "reviewed": {"dir": str(args.reviewed), "files": sorted(reviewed)} if args.reviewed is not None else None,
    }
    reports: list[ArticleReport] = []
    started = time.monotonic()
    if pool is not None:
        with pool:
            reports, batch_s = analyze_articles_in_pool(pool, articles, args.gold)
        meta["batch_seconds"] = round(batch_s, 3)
        for report in reports:
            print(f"- {report.article}: {_progress(report)}", flush=True)
            if reviewed:
                score_against_reviewed(report, reviewed, claims=False)
                if report.reviewed is not None:
                    print(f"  reviewed ({report.reviewed_file}): {_reviewed_progress(report.reviewed)}", flush=True)
    for i, path in enumerate(articles if pool is None else []):
        if args.max_minutes is not None and time.monotonic() - started > 60 * args.max_minutes:
            meta["not_run"] = [p.name for p in articles[i:]]
            print(f"time budget of {args.max_minutes:g} min spent; not run: {', '.join(meta['not_run'])}")
            break
        if summarizer is None:
            report = analyze_article(path, args.gold)
            print(f"- {path.name}: {_progress(report)}", flush=True)
        else:
            print(f"- {path.name} ...", flush=True)
            report = evaluate_article(summarizer, path, args.gold)
            print(
                f"  valid={report.valid} {report.seconds:.1f}s tokens={report.prompt_tokens}+"
                f"{report.completion_tokens} reasks={report.reasks} sources={report.source_recall} "
                f"attributions={report.attribution_recall} {_progress(report)}",
                flush=True,
            )
        if reviewed:
            score_against_reviewed(report, reviewed, claims=summarizer is not None)
            if report.reviewed is not None:
                print(f"  reviewed ({report.reviewed_file}): {_reviewed_progress(report.reviewed)}", flush=True)
        reports.append(report)
        if summarizer is not None:
            meta["prompt_version"] = next((r.result["prompt_version"] for r in reports if r.result), "n/a")
            meta["load_average"] = f"before {load_before}, after {load_average()}"
            write_outputs(args.out, meta, reports)
    meta["load_average"] = f"before {load_before}, after {load_average()}"
    json_path, md_path = write_outputs(args.out, meta, reports)
    if args.docs:
        begin, end = ANALYSIS_MARKERS if args.analysis_only else MODEL_MARKERS
        replace_block(DOCS, begin, end, render(meta, reports, per_article=not args.analysis_only))
    print()
    print(md_path.read_text(encoding="utf-8"))
    print(f"wrote {json_path} and {md_path}")
    return 0


def _reviewed_progress(score: ReviewedScore) -> str:
    claims = f"claims found {score.claims_found}, claim speakers {score.claim_speakers.share}, "
    rest = f"attribution speakers {score.attribution_speakers.share}, wrong back {score.wrong_back}"
    return (claims if score.claims_scored else "") + rest


def _progress(report: ArticleReport) -> str:
    spans = report.spans
    if spans is None:
        return f"{report.n_attributions} attributions (no gold), {report.seconds:.2f}s" + (
            f" error={report.error}" if report.error else ""
        )
    content = spans.overlap["content"]
    return (
        f"{content.gold} gold, {report.n_attributions} predicted, content F1 {percent(content.f1)} "
        f"(exact {percent(spans.exact['content'].f1)}), {report.seconds:.2f}s"
        + (f" error={report.error}" if report.error else "")
    )


if __name__ == "__main__":
    sys.exit(main())
