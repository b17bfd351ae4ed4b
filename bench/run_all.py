"""Run every benchmark in one go and print each table (``make bench``).

    flock /tmp/summarizer-model.lock python bench/run_all.py [--docs] [--eval-count 1]

1. library overhead and 2. concurrency run against a loopback stub; 3. the embedded
model and 4. the instructor comparison run on the embedded llama-cpp-python server (one
server for both; the library's reference-article run of 3 is reused as its reference
row in 4). With ``--docs`` the tables replace the generated part of docs/benchmarks.md.
Tables are always written to out/bench/benchmarks.md.
"""

from __future__ import annotations

import argparse
import importlib.util
import sys
from pathlib import Path

if __package__ in (None, ""):
    sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from bench import concurrency, embedded, overhead, peer
from bench.common import (
    REFERENCE_ARTICLE,
    ROOT,
    Stopwatch,
    command_line,
    load_average,
    machine,
    replace_block,
    utc_now,
)

DOCS = ROOT / "docs" / "benchmarks.md"
BEGIN, END = "<!-- bench:begin (written by bench/run_all.py --docs) -->", "<!-- bench:end -->"


def _model_available() -> bool:
    return importlib.util.find_spec("llama_cpp") is not None


def run(
    eval_dir: Path | None, eval_count: int, skip_model: bool, reuse_eval: Path | None = None
) -> tuple[list[str], list[tuple[str, float]]]:
    """Run the benchmarks; return their printed sections and the seconds each took."""
    sections: list[str] = []
    timings: list[tuple[str, float]] = []
    with Stopwatch() as sw:
        sections.append(overhead.render(overhead.measure(50), "python bench/overhead.py"))
    timings.append(("1. overhead", sw.seconds))
    with Stopwatch() as sw:
        levels = [1, 8, 32]
        sections.append(concurrency.render(concurrency.measure(levels), 0.1, 10, "python bench/concurrency.py"))
    timings.append(("2. concurrency", sw.seconds))
    if skip_model or not _model_available():
        why = "--skip-model" if skip_model else "llama-cpp-python is not installed (pip install -e '.[local]')"
        sections.append(f"### 3. and 4. not run: {why}\n")
        return sections, timings
    with Stopwatch() as sw:
        ours, raw, startup_s, threads = embedded.measure(REFERENCE_ARTICLE)
        lock = "flock /tmp/summarizer-model.lock "
        sections.append(embedded.render(ours, raw, startup_s, threads, lock + "python bench/embedded.py"))
    timings.append(("3. embedded model", sw.seconds))
    with Stopwatch() as sw:
        reference = peer.score_ours(REFERENCE_ARTICLE, ours["result"], ours["seconds"], None)
        rows, notes = peer.measure(eval_dir, eval_count, ours_reference=reference, eval_report=reuse_eval)
        shown = f" --eval-dir {eval_dir}" if eval_dir is not None else ""
        shown += f" --reuse-eval {reuse_eval}" if reuse_eval is not None else ""
        sections.append(peer.render(rows, f"{lock}python bench/peer.py{shown} --eval-count {eval_count}", notes))
    timings.append(("4. peer (instructor)", sw.seconds))
    return sections, timings


def document(sections: list[str], timings: list[tuple[str, float]], command: str, load_before: str) -> str:
    """The generated block: when, where, how, then every table."""
    total = sum(s for _, s in timings)
    spent = ", ".join(f"{name} {s:.0f} s" for name, s in timings)
    head = [
        f"Measured {utc_now()} on {machine()}.",
        "",
        f"Command: `{command}` - took {total / 60:.1f} min ({spent}). Load average (1/5/15 min) "
        f"before: {load_before}, after: {load_average()}.",
        "",
    ]
    return "\n".join(head) + "\n" + "\n".join(sections)


def main(argv: list[str] | None = None) -> int:
    """Run, print, write out/bench/benchmarks.md (and docs/benchmarks.md with --docs)."""
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--docs", action="store_true", help="also update docs/benchmarks.md")
    parser.add_argument(
        "--eval-dir",
        type=Path,
        help="eval set (articles/, gold/), e.g. ../shared/eval; omitted: reference article only",
    )
    parser.add_argument("--eval-count", type=int, default=1, help="eval articles in the peer comparison")
    parser.add_argument("--skip-model", action="store_true", help="only the stub benchmarks (1 and 2)")
    parser.add_argument("--reuse-eval", type=Path, help="reuse the library's results from an eval.py report.json")
    args = parser.parse_args(argv)
    load_before = load_average()
    sections, timings = run(args.eval_dir, args.eval_count, args.skip_model, args.reuse_eval)
    block = document(sections, timings, command_line(), load_before)
    out = ROOT / "out" / "bench" / "benchmarks.md"
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_text(block, encoding="utf-8")
    if args.docs:
        replace_block(DOCS, BEGIN, END, block)
    for name, seconds in timings:
        print(f"{name}: {seconds:.0f} s")
    print(f"wrote {out}" + (f" and {DOCS}" if args.docs else ""))
    return 0


if __name__ == "__main__":
    sys.exit(main())
