"""Benchmark 4 - the library vs instructor on the same local server and model.

Both systems summarise the same articles through the same embedded llama-cpp-python
server (one server, started once). The library runs in this process; instructor runs in
its own venv (bench/.venv-peer, created on first use: instructor pins an older ``openai``
than the library needs) through bench/peer_instructor.py. Scored here, alike:

- valid: a schema-valid result after the system's own re-asks (2 at most for both);
- grounded evidence: for the library, evidence spans equal to the article at their
  offsets; for instructor, evidence quotes found in the article (quotes, dashes, case and
  whitespace normalised, edge punctuation ignored);
- actor names in the article, and, where there is gold, the evaluation's metrics where
  they apply (docs/eval.md): source precision and recall, claim precision and attribution
  recall, claim speaker correctness, and span scores of attributions - for the library its
  ``Summary.attributions``; for instructor each claim quote located in the article (exact,
  then normalised) is one predicted content, its source the claimant's name nearest the
  quote in the quote's sentences, and its speaker the claimant (no cue: cue and relation
  are not scored for it).

    flock /tmp/summarizer-model.lock python bench/peer.py [--eval-dir ../shared/eval] [--eval-count 1]
"""

from __future__ import annotations

import argparse
import json
import re
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench.common import (
    REFERENCE_ARTICLE,
    ROOT,
    Stopwatch,
    command_line,
    emit,
    md_table,
    read_article,
)
from bench.embedded import require_embedded, start_server
from bench.scoring import (
    GENERIC,
    PRONOUNS,
    STOP,
    ClaimSpeaker,
    Gold,
    Ratio,
    Span,
    SpanRelation,
    SpanScores,
    SpeakerScore,
    actor_labels,
    attribution_recall,
    attribution_speakers,
    claim_precision,
    claim_span_lists,
    claim_speakers,
    gold_path,
    gold_relations,
    grounded_evidence,
    jsonable,
    load_gold,
    names_in_article,
    percent,
    predicted_relations,
    score_relations,
    source_recall,
    summary_claims,
    to_part,
)
from summarizer import Options, Summarizer, SummaryResult
from summarizer.core.errors import InputError, ModelOutputError
from summarizer.core.schema import OUTLET, UNATTRIBUTED
from summarizer.prompting.templates import load_prompts
from summarizer.text.document import prepare
from summarizer.text.normalize import find_normalized, normalize

PEER_VENV = ROOT / "bench" / ".venv-peer"
PEER_REQUIREMENTS = ROOT / "bench" / "requirements-peer.txt"
PEER_SCRIPT = ROOT / "bench" / "peer_instructor.py"


@dataclass
class Row:
    """One system on one article."""

    article: str
    system: str
    valid: bool = False
    reasks: int = 0
    prompt_tokens: int = 0
    completion_tokens: int = 0
    seconds: float = 0.0
    grounded: Ratio = field(default_factory=Ratio)
    actors_in_article: Ratio = field(default_factory=Ratio)
    source_recall: Ratio | None = None
    attribution_recall: Ratio | None = None
    claim_precision: Ratio | None = None
    claim_speakers: SpeakerScore | None = None
    spans: SpanScores | None = None
    """Span scores of attributions (instructor: content and source of its located quotes)."""
    attribution_speakers: SpeakerScore | None = None
    error: str | None = None
    output: dict[str, Any] | None = None
    """The system's answer (the library's result, instructor's summary), kept for inspection."""


RESULTS = ROOT / "out" / "bench" / "peer_results.json"


def save_rows(rows: list[Row], path: Path = RESULTS) -> None:
    """Every row, with its scores and the system's answer, as JSON."""

    path.parent.mkdir(parents=True, exist_ok=True)
    data = [{k: jsonable(v) for k, v in vars(row).items()} for row in rows]
    path.write_text(json.dumps(data, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")


def ensure_peer_venv() -> tuple[Path, float]:
    """The peer venv's Python (created with instructor if missing) and seconds spent creating it."""
    python = PEER_VENV / "bin" / "python"
    pins = [line for line in PEER_REQUIREMENTS.read_text().splitlines() if line and not line.startswith("#")]
    check = [str(python), "-m", "pip", "install", "--dry-run", "--no-deps", "--quiet", "--report", "-", *pins]
    if python.exists() and _installed(check):
        return python, 0.0
    with Stopwatch() as sw:
        subprocess.run([sys.executable, "-m", "venv", str(PEER_VENV)], check=True)
        subprocess.run([str(python), "-m", "pip", "install", "--quiet", "-r", str(PEER_REQUIREMENTS)], check=True)
    return python, sw.seconds


def _installed(dry_run: list[str]) -> bool:
    """Whether pip's dry run of the pins would install nothing (they are all satisfied)."""
    done = subprocess.run(dry_run, capture_output=True, text=True, check=False)
    if done.returncode != 0:
        return False
    try:
        return not json.loads(done.stdout).get("install")
    except ValueError:
        return False


def pick_articles(eval_dir: Path | None, count: int) -> list[tuple[Path, Gold | None]]:
    """The reference article, then the ``count`` shortest eval articles that have gold."""
    chosen: list[tuple[Path, Gold | None]] = [(REFERENCE_ARTICLE, None)]
    if eval_dir is None or count <= 0 or not (eval_dir / "articles").is_dir():
        return chosen
    gold_dir = eval_dir / "gold"
    with_gold = [p for p in (eval_dir / "articles").glob("*.txt") if gold_path(p, gold_dir).is_file()]
    for path in sorted(with_gold, key=lambda p: p.stat().st_size)[:count]:
        chosen.append((path, load_gold(gold_path(path, gold_dir))))
    return chosen


LIBRARY_PARTS = ("cue", "source", "content", "relation")
PEER_PARTS = ("source", "content")
"""What instructor's output can be scored on: it has no cue."""


def _no_recall(row: Row, gold: Gold | None, text: str, parts: tuple[str, ...] = LIBRARY_PARTS) -> Row:
    """A failed run finds nothing, but the article's gold still counts in the totals."""
    if gold is not None:
        row.source_recall = source_recall(gold, text, [])[0]
        row.attribution_recall = attribution_recall(gold, [])
        row.claim_precision = Ratio()
        row.claim_speakers = SpeakerScore()
        golds = gold_relations(gold, text)
        row.spans = score_relations([], golds, parts)
        row.attribution_speakers = SpeakerScore()
    return row


def _score_against_gold(
    row: Row,
    gold: Gold,
    text: str,
    actors: list[list[str]],
    claims: list[ClaimSpeaker],
    claim_span_sets: list[list[Span]],
    preds: list[SpanRelation],
    parts: tuple[str, ...],
) -> None:
    """The evaluation's metrics (bench/scoring.py) for one system's answer on one article."""
    golds = gold_relations(gold, text)
    row.source_recall = source_recall(gold, text, actors)[0]
    row.attribution_recall = attribution_recall(gold, [span for spans in claim_span_sets for span in spans])
    row.claim_precision = claim_precision(gold, claim_span_sets)
    row.claim_speakers = claim_speakers(claims, golds)
    row.spans = score_relations(preds, golds, parts)
    row.attribution_speakers = attribution_speakers(preds, golds)


def score_ours(path: Path, result: SummaryResult | None, seconds: float, gold: Gold | None) -> Row:
    """A library result (or ``None`` for a failure) as a row."""
    row = Row(article=path.name, system="summarizer", seconds=seconds)
    text = read_article(path)
    if result is None:
        return _no_recall(row, gold, text)
    summary = result.summary
    row.valid = True
    row.output = result.model_dump(mode="json")
    row.reasks = result.attempts.reasks
    row.prompt_tokens, row.completion_tokens = result.usage.prompt_tokens, result.usage.completion_tokens
    row.grounded = grounded_evidence(summary, text)
    row.actors_in_article = names_in_article([a.name for a in summary.actors], text)
    if gold is not None:
        preds = predicted_relations(summary.attributions, summary.actors, text)
        claims = summary_claims(summary, text)
        _score_against_gold(
            row, gold, text, actor_labels(summary), claims, claim_span_lists(summary), preds, LIBRARY_PARTS
        )
    return row


def run_ours(summarizer: Summarizer, path: Path, gold: Gold | None) -> Row:
    """Summarise ``path`` with the library and score it."""
    result = None
    error: ModelOutputError | None = None
    with Stopwatch() as sw:
        try:
            result = summarizer.summarize(read_article(path))
        except ModelOutputError as exc:
            error = exc
    row = score_ours(path, result, sw.seconds, gold)
    if error is not None:
        row.error = f"{type(error).__name__}: {error}"[:300]
        if error.usage is not None:
            row.prompt_tokens, row.completion_tokens = error.usage.prompt_tokens, error.usage.completion_tokens
    return row


def _quotes(summary: dict[str, Any]) -> tuple[list[str], list[str]]:
    """Every evidence quote of a peer summary, and those of its claims alone."""
    claims = [q for c in summary.get("claims", []) for q in c.get("evidence", [])]
    others = [q for d in summary.get("disputes", []) for p in d.get("positions", []) for q in p.get("evidence", [])]
    others += [q for c in summary.get("caveats", []) for q in c.get("evidence", [])]
    return claims + others, claims


def locate_quote(quote: str, text: str) -> Span | None:
    """Where a quote is in the article: an exact find of the stripped quote, else a normalised
    one (case, whitespace, quote marks and dashes folded; edge punctuation ignored)."""
    needle = quote.strip()
    if needle and (start := text.find(needle)) >= 0:
        return start, start + len(needle)
    return find_normalized(quote, text)


def sentence_bounds(text: str) -> list[Span]:
    """The article's sentences as ``(start, end)`` offsets (the library's splitter); the whole
    text as one sentence if nothing is left after cleaning."""
    try:
        return [(s.start, s.end) for s in prepare(text, max_chars=max(len(text), 1)).sentences]
    except InputError:
        return [(0, len(text))]


_NAME_WORD = re.compile(r"[^\W\d_][\w.&'’-]*")


def _name_patterns(name: str) -> list[tuple[re.Pattern[str], int]]:
    """The full name, then each of its distinctive words, as whole-word patterns with a rank (0 = full name)."""
    patterns = [(re.compile(rf"(?<!\w){re.escape(name.strip())}(?!\w)"), 0)] if name.strip() else []
    for found in _NAME_WORD.findall(name):
        word = found.rstrip(".")
        if len(word) >= 3 and normalize(word) not in PRONOUNS | GENERIC | STOP and word != name.strip():
            patterns.append((re.compile(rf"(?<!\w){re.escape(word)}(?!\w)"), 1))
    return patterns


def name_near(name: str, quote: Span, text: str, sentences: list[Span]) -> Span | None:
    """The occurrence of ``name`` (or of one of its distinctive words) nearest to ``quote``
    inside the sentences the quote touches, outside the quote itself; ties go to the full
    name, then to the occurrence before the quote. ``None`` if there is none."""
    touched = [s for s in sentences if s[0] < quote[1] and quote[0] < s[1]]
    if not touched:
        return None
    lo, hi = min(s[0] for s in touched), max(s[1] for s in touched)
    best: tuple[int, int, int, Span] | None = None
    for pattern, rank in _name_patterns(name):
        for match in pattern.finditer(text, lo, hi):
            span = match.span()
            if span[0] < quote[1] and quote[0] < span[1]:
                continue
            before = span[1] <= quote[0]
            distance = quote[0] - span[1] if before else span[0] - quote[1]
            key = (distance, rank, 0 if before else 1, span)
            if best is None or key < best:
                best = key
    return best[3] if best else None


def peer_predictions(
    summary: dict[str, Any], text: str
) -> tuple[list[SpanRelation], list[ClaimSpeaker], list[list[Span]]]:
    """instructor's claims as the evaluation's predictions.

    Returns one :class:`SpanRelation` per claim quote found in the article (content: the
    quote; source: the claimant's name near it, see :func:`name_near`; speaker: the
    claimant, ``None`` for the outlet or unattributed), and per claim its located evidence
    (for claim speakers and claim precision; a claim none of whose quotes is found has none).
    """
    sentences = sentence_bounds(text)
    relations: list[SpanRelation] = []
    claims: list[ClaimSpeaker] = []
    span_sets: list[list[Span]] = []
    for claim in summary.get("claims", []):
        claimant = str(claim.get("claimant") or "").strip()
        speaker = None if claimant in ("", OUTLET, UNATTRIBUTED) else (claimant,)
        spans = [span for quote in claim.get("evidence", []) if (span := locate_quote(str(quote), text))]
        span_sets.append(spans)
        claims.append((to_part(spans, text), speaker, ()))  # instructor's claims rest on no attribution
        for span in spans:
            source = name_near(claimant, span, text, sentences) if speaker else None
            relations.append(
                SpanRelation(
                    content=to_part([span], text),
                    source=to_part([source], text) if source else (),
                    speaker=speaker,
                )
            )
    return relations, claims, span_sets


def score_peer(path: Path, result: dict[str, Any], gold: Gold | None) -> Row:
    """An instructor result (as written by peer_instructor.py) as a row."""
    row = Row(
        article=path.name,
        system="instructor",
        valid=bool(result["valid"]),
        reasks=int(result["reasks"]),
        prompt_tokens=int(result["prompt_tokens"]),
        completion_tokens=int(result["completion_tokens"]),
        seconds=float(result["seconds"]),
        error=result.get("error"),
    )
    summary = result.get("summary")
    text = read_article(path)
    row.output = summary
    if not row.valid or not summary:
        return _no_recall(row, gold, text, PEER_PARTS)
    every, _claims = _quotes(summary)
    row.grounded = Ratio(sum(find_normalized(q, text) is not None for q in every), len(every))
    names = [a["name"] for a in summary.get("actors", [])]
    row.actors_in_article = names_in_article(names, text)
    if gold is not None:
        preds, claims, span_sets = peer_predictions(summary, text)
        _score_against_gold(row, gold, text, [[n] for n in names], claims, span_sets, preds, PEER_PARTS)
    return row


def run_peer(
    python: Path, base_url: str, model: str, articles: list[tuple[Path, Gold | None]], options: Options
) -> list[Row]:
    """All articles through instructor in one child process (same sampling settings); scored here."""
    with tempfile.TemporaryDirectory() as tmp:
        out = Path(tmp) / "peer.json"
        command = [str(python), str(PEER_SCRIPT), "--base-url", base_url, "--model", model, "--out", str(out)]
        command += ["--max-tokens", str(options.max_output_tokens), "--max-retries", str(options.max_reasks)]
        command += ["--temperature", str(options.temperature)]
        command += ["--seed", str(options.seed)] if options.seed is not None else []
        subprocess.run([*command, *(str(p) for p, _ in articles)], check=True, cwd=ROOT)
        results = json.loads(out.read_text(encoding="utf-8"))
    return [score_peer(path, result, gold) for (path, gold), result in zip(articles, results, strict=True)]


def _cell(value: Ratio | SpeakerScore | None) -> str:
    if isinstance(value, SpeakerScore):
        return str(value.share)
    return "(no gold)" if value is None else str(value)


def _total(rows: list[Row], name: str) -> Ratio:
    return sum((getattr(r, name) or Ratio() for r in rows), Ratio())


def _total_speakers(rows: list[Row], name: str) -> SpeakerScore:
    return sum((getattr(r, name) or SpeakerScore() for r in rows), SpeakerScore())


def _total_spans(rows: list[Row]) -> SpanScores | None:
    scores = [r.spans for r in rows if r.spans is not None]
    return sum(scores[1:], scores[0]) if scores else None


def _f1(spans: SpanScores | None, mode: str, part: str) -> str:
    if spans is None:
        return "(no gold)"
    scores = spans.mode(mode)
    return percent(scores[part].f1) if part in scores else "-"


def render(rows: list[Row], command: str, notes: list[str]) -> str:
    """The comparison table (per article and system, then totals per system), printed and returned."""
    headers = ("article", "system", "valid", "re-asks", "prompt tok", "output tok", "seconds",
               "grounded evidence", "actors in article", "source recall", "claim precision", "attribution recall",
               "claim speakers", "content F1 exact/overlap", "source F1", "attribution speakers")  # fmt: skip
    body: list[tuple[object, ...]] = [
        (r.article, r.system, "yes" if r.valid else "no", r.reasks, r.prompt_tokens, r.completion_tokens,
         f"{r.seconds:.1f}", r.grounded, r.actors_in_article, _cell(r.source_recall), _cell(r.claim_precision),
         _cell(r.attribution_recall), _cell(r.claim_speakers),
         f"{_f1(r.spans, 'exact', 'content')}/{_f1(r.spans, 'overlap', 'content')}", _f1(r.spans, "overlap", "source"),
         _cell(r.attribution_speakers))
        for r in rows
    ]  # fmt: skip
    for system in dict.fromkeys(r.system for r in rows):
        mine = [r for r in rows if r.system == system]
        spans = _total_spans(mine)
        body.append(
            (f"**all ({len(mine)})**", f"**{system}**", f"{sum(r.valid for r in mine)}/{len(mine)}",
             sum(r.reasks for r in mine), sum(r.prompt_tokens for r in mine), sum(r.completion_tokens for r in mine),
             f"{sum(r.seconds for r in mine):.1f}", _total(mine, "grounded"), _total(mine, "actors_in_article"),
             _total(mine, "source_recall"), _total(mine, "claim_precision"), _total(mine, "attribution_recall"),
             _total_speakers(mine, "claim_speakers").share,
             f"{_f1(spans, 'exact', 'content')}/{_f1(spans, 'overlap', 'content')}", _f1(spans, "overlap", "source"),
             _total_speakers(mine, "attribution_speakers").share)
        )  # fmt: skip
    return emit("4. Peer: summarizer vs instructor (same server and model)", md_table(headers, body), command, notes)


def rows_from_eval_report(report: Path, articles: list[tuple[Path, Gold | None]]) -> dict[str, Row]:
    """Library rows for ``articles`` taken from an eval.py report of the same prompt version.

    Saves running the library again on articles the evaluation just summarised with the
    same model and prompt; rows from a report of another prompt version are not used.
    """
    data = json.loads(report.read_text(encoding="utf-8"))
    if data.get("prompt_version") != load_prompts().version:
        return {}
    by_text = {read_article(path): (path, gold) for path, gold in articles}
    rows: dict[str, Row] = {}
    source_dir = Path(data.get("articles_dir", ""))
    items = data.get("articles", [])
    for item in items.values() if isinstance(items, dict) else items:
        candidate = source_dir / item["article"]
        if not candidate.is_file() or (match := by_text.get(read_article(candidate))) is None:
            continue
        path, gold = match
        result = SummaryResult.model_validate(item["result"]) if item.get("result") else None
        row = score_ours(path, result, float(item["seconds"]), gold)
        if result is None:
            row.error = item.get("error")
            row.prompt_tokens, row.completion_tokens = item["prompt_tokens"], item["completion_tokens"]
            row.reasks = item["reasks"]
        rows[path.name] = row
    return rows


def measure(
    eval_dir: Path | None, count: int, ours_reference: Row | None = None, eval_report: Path | None = None
) -> tuple[list[Row], list[str]]:
    """Run both systems on the chosen articles.

    ``ours_reference`` reuses a library row for the reference article; ``eval_report``
    reuses library rows from an eval.py report (same prompt version only).
    """
    require_embedded()
    python, venv_s = ensure_peer_venv()
    articles = pick_articles(eval_dir, count)
    from_report = rows_from_eval_report(eval_report, articles) if eval_report and eval_report.is_file() else {}
    reused = dict(from_report)
    if ours_reference is not None:
        reused.setdefault(REFERENCE_ARTICLE.name, ours_reference)
    server, startup_s = start_server()
    summarizer = Summarizer()
    ours = []
    for path, gold in articles:
        if path.name in reused:
            ours.append(reused[path.name])
            continue
        print(f"  summarizer {path.name} ...", flush=True)
        ours.append(run_ours(summarizer, path, gold))
    opts = Options()
    peer = run_peer(python, server.base_url, server.alias, articles, opts)
    rows = [row for pair in zip(ours, peer, strict=True) for row in pair]
    notes = [
        f"Articles: the reference article and the {len(articles) - 1} shortest eval articles with gold"
        f"{f' from {eval_dir}' if len(articles) > 1 else ''} ({', '.join(p.name for p, _ in articles)}). "
        f"Model {server.alias} on llama-cpp-python's server, {server.n_threads} threads, n_ctx {server.n_ctx}; "
        f"temperature {opts.temperature:g}, seed {opts.seed}, max {opts.max_output_tokens} output tokens per "
        f"request and up to {opts.max_reasks} re-asks for both.",
        "instructor: Mode.JSON with the schema also sent as llama-cpp-python's "
        '`{"type": "json_object", "schema": ...}` (grammar-constrained, as the library), evidence as verbatim '
        "quotes; its JSON mode also puts the whole JSON Schema in the system message (hence the prompt tokens).",
        "Scores as in docs/eval.md (percent for F1). Span scores: the library's `Summary.attributions`; instructor's "
        "claim quotes located in the article, each one predicted content whose source is the claimant's name nearest "
        "the quote in its sentences (instructor has no cue, so no cue or relation score). Claim speakers: claims whose "
        "evidence overlaps gold content with a named source, given to that source.",
        *(
            [f"Library rows reused from {eval_report} (same prompt version): {', '.join(sorted(from_report))}."]
            if from_report
            else []
        ),
        *(
            ["The library's reference-article row is benchmark 3's run."]
            if ours_reference is not None and REFERENCE_ARTICLE.name not in from_report
            else []
        ),
        *([f"(peer venv created in {venv_s:.0f} s)"] if venv_s else []),
        *([f"(server start-up {startup_s:.1f} s, not counted)"] if startup_s > 0.5 else []),
    ]
    save_rows(rows)
    notes.append(f"Answers and scores per row: {RESULTS.relative_to(ROOT)}.")
    errors = [f"{r.system} {r.article}: {r.error}" for r in rows if r.error]
    return rows, notes + [f"Failure - {e}" for e in errors]


def main(argv: list[str] | None = None) -> int:
    """Run and print."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument(
        "--eval-dir",
        type=Path,
        help="eval set (articles/, gold/), e.g. ../shared/eval; omitted: reference article only",
    )
    parser.add_argument("--eval-count", type=int, default=1, help="how many eval articles besides the reference")
    parser.add_argument("--reuse-eval", type=Path, help="an eval.py report.json whose library results to reuse")
    args = parser.parse_args(argv)
    rows, notes = measure(args.eval_dir, args.eval_count, eval_report=args.reuse_eval)
    render(rows, command_line(), notes)
    return 0


if __name__ == "__main__":
    sys.exit(main())
