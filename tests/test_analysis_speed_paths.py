"""The speed paths of the analysis give exactly what the plain paths give.

- pysbd's abbreviation search with :mod:`summarizer.text.sentences`' shortcut, against
  pysbd's own method, on written lines that probe the shortcut's edges;
- the entity recogniser run as a beam one state wide (``parse.recognise_entities``) against
  spaCy's own greedy call of it, its model on the helper thread against the calling thread
  (a forked child included), and the pipeline's numpy matrix products;
- :class:`~summarizer.analysis.pool.AnalysisPool` (worker processes, batches) against
  :func:`~summarizer.analysis.analyze`, result by result, errors included;
- ``bench/eval.py --processes``' argument checks.

Texts are written for the tests.
"""

from __future__ import annotations

import multiprocessing
import threading
from pathlib import Path
from typing import Any

import pysbd
import pytest
from pysbd import abbreviation_replacer

from summarizer.analysis import analyze, parse, prepare_text
from summarizer.analysis import pool as pool_module
from summarizer.analysis.nlp import pipeline
from summarizer.analysis.parse import ENTITY_RECOGNISER, TOKEN_ATTRIBUTES, paragraph_texts, parse_documents
from summarizer.analysis.pool import AnalysisPool, analyze_batch, analyze_many
from summarizer.core.errors import ConfigurationError, InputError
from summarizer.text import sentences
from summarizer.text.clean import clean
from summarizer.text.sentences import split_sentences

ROOT = Path(__file__).resolve().parents[1]

LINES = [
    "Mr. Smith met Gen. Jones at 5 p.m. in St. Louis, Mo. and said no.",
    "The co. said al. was there; Inc. and Corp. too, e.g. Acme Co. Ltd. of the U.S. A. B. Smith.",
    "\u0130nc. and \u0131nc. and \u017ft. Louis and \u212ao. were written with case traps. Dr. Who.",
    "Tabs\tMr.\tSmith and no-break\u00a0Dr.\u00a0Lund and line\nGen. Lee\rcol. Kurtz\u2028Sen. Ames.",
    "Mrs.Smith, exp.and Prof.X met at the ave. on Feb. 3 and Jan. 4, vs. the rest, approx. 5.",
    "ALL CAPS: MR. SMITH AND DR. LUND MET GOV. BROWN IN JAN. 2016 AT NO. 10.",
    "\u201cSen. Smith,\u201d he said. \u2018Rep. Jones\u2019 did not. (Lt. Col. Ames) asked Ph.D. students.",
    "",
    "no abbreviations at all in this line of words",
    # pysbd replaces these periods; each would be missed by a shortcut that skipped a check:
    "Visit \u017ft. louis first, then go.",  # "st" matches "\u017ft" (re.IGNORECASE), not "st" in the lowered line
    "We met \u0131nc. here and zinc.",  # the same for "inc" and the dotless i
    "The file xe.g was eng. here",  # "e.g" is a pattern: its "." matches the "n" of "eng"
    # abbreviations found with no period after them (skipped), next to ones with a period:
    "Also the gen pool and mr smith, no period after them; the dept and the co were closed",
    "He said al. and Al. were also there, with Gen and gen. Lee, and mr. or Mr; then Mr.",
    "A line ending on an abbreviation: ask the dept.",
]


def _article(name: str) -> str:
    return (ROOT / "examples" / name).read_text(encoding="utf-8")


def test_the_pysbd_version_is_the_one_the_shortcut_restates() -> None:
    assert pysbd.__version__ == "0.3.4"  # another version: re-read its abbreviation search first


@pytest.mark.parametrize("line", LINES)
def test_the_abbreviation_shortcut_replaces_what_pysbd_replaces(line: str) -> None:
    sentences._segmenter()  # installs the shortcut
    replacer: Any = abbreviation_replacer.AbbreviationReplacer
    assert replacer._summarizer_fast is True
    from pysbd.lang.english import English

    fast = replacer(line, English)
    slow = _PysbdOriginal(line, English)
    for text in (line, line.lower(), line.upper()):
        assert fast.search_for_abbreviations_in_string(text) == slow.search_for_abbreviations_in_string(text)


class _PysbdOriginal(abbreviation_replacer.AbbreviationReplacer):  # type: ignore[misc]
    """pysbd 0.3.4's method as it ships (copied from its source), for comparison."""

    def search_for_abbreviations_in_string(self, text: str) -> str:
        import re

        lowered = text.lower()
        for abbr in self.lang.Abbreviation.ABBREVIATIONS:
            stripped = abbr.strip()
            if stripped not in lowered:
                continue
            abbrev_match = re.findall(r"(?:^|\s|\r|\n){}".format(stripped), text, flags=re.IGNORECASE)  # noqa: UP032
            if not abbrev_match:
                continue
            next_word_start = r"(?<={" + str(re.escape(stripped)) + "} ).{1}"
            char_array = re.findall(next_word_start, text)
            for ind, match in enumerate(abbrev_match):
                text = self.scan_for_replacements(text, match, ind, char_array)
        return text


def test_sentences_of_the_reference_article_are_pysbds_own() -> None:
    text = _article("popov_fired_for_truth.txt")
    fast = [(s.start, s.end) for s in split_sentences(clean(text))]
    replacer: Any = abbreviation_replacer.AbbreviationReplacer
    saved = replacer.search_for_abbreviations_in_string
    try:
        replacer.search_for_abbreviations_in_string = _PysbdOriginal.search_for_abbreviations_in_string
        slow = [(s.start, s.end) for s in split_sentences(clean(text))]
    finally:
        replacer.search_for_abbreviations_in_string = saved
    assert fast == slow
    assert len(fast) > 10


ENTITY_TEXTS = [
    "Mayor Jane Doe of Springfield told the Daily Ledger on Tuesday that the Acme Corp. bridge "
    "would reopen in May, the U.S. Department of Transportation said.",
    "Sen. Lisa Marsh (D-Ore.) and the Harbor Trust met in New York City with NATO officials. "
    "Marsh said the European Union had not replied.\n\n\u201cNo,\u201d said Tom Reyes.",
]


def _greedy_entities(text: str) -> list[list[tuple[int, int, str]]]:
    """spaCy's own pipeline call, the recogniser's greedy loop included, paragraph by paragraph."""
    nlp = pipeline()
    disabled = [TOKEN_ATTRIBUTES] if TOKEN_ATTRIBUTES in nlp.pipe_names else []
    with nlp.select_pipes(disable=disabled):
        docs = [nlp(p) for p in paragraph_texts(prepare_text(text))]
    return [[(e.start_char, e.end_char, e.label_) for e in doc.ents] for doc in docs]


@pytest.mark.parametrize("text", [*ENTITY_TEXTS, "reference"])
def test_the_one_state_beam_finds_the_entities_of_the_greedy_recogniser(text: str) -> None:
    text = _article("popov_fired_for_truth.txt") if text == "reference" else text
    greedy = _greedy_entities(text)
    document = prepare_text(text)
    doc = parse_documents([document])[0]
    starts = [0]
    for paragraph in paragraph_texts(document)[:-1]:
        starts.append(starts[-1] + len(paragraph))
    ours = [[] for _ in starts]  # type: list[list[tuple[int, int, str]]]
    for e in doc.ents:
        n = max(i for i, s in enumerate(starts) if s <= e.start_char)
        ours[n].append((e.start_char - starts[n], e.end_char - starts[n], e.label_))
    assert ours == greedy
    assert any(greedy), "no entity at all: the comparison would prove nothing"


def test_the_recogniser_runs_on_every_document_of_a_batch() -> None:
    assert ENTITY_RECOGNISER in pipeline().pipe_names
    docs = parse_documents([prepare_text("the end of it"), prepare_text("Mayor Jane Doe said Acme Corp. would pay.")])
    assert list(docs[0].ents) == []
    assert [(e.text, e.label_) for e in docs[1].ents] == [("Jane Doe", "PERSON"), ("Acme Corp.", "ORG")]


def _parse_signature(docs: list[Any]) -> list[list[tuple[Any, ...]]]:
    return [[(t.text, t.tag_, t.dep_, t.head.i, t.ent_iob_, t.ent_type_, t.is_sent_start) for t in d] for d in docs]


@pytest.mark.parametrize("text", [*ENTITY_TEXTS, "reference"])
def test_the_recogniser_on_the_helper_thread_changes_no_annotation(text: str, monkeypatch: pytest.MonkeyPatch) -> None:
    document = prepare_text(_article("popov_fired_for_truth.txt") if text == "reference" else text)
    monkeypatch.setattr(parse, "OVERLAP", False)
    alone = _parse_signature(parse_documents([document, document]))
    monkeypatch.setattr(parse, "OVERLAP", True)
    assert _parse_signature(parse_documents([document, document])) == alone


def test_the_recogniser_model_runs_on_the_helper_thread(monkeypatch: pytest.MonkeyPatch) -> None:
    executor = parse._helper()
    submit, threads = executor.submit, []

    def recording(fn: Any, *args: Any) -> Any:
        def run(*inner: Any) -> Any:
            threads.append(threading.current_thread().name)
            return fn(*inner)

        return submit(run, *args)

    monkeypatch.setattr(executor, "submit", recording)
    monkeypatch.setattr(parse, "OVERLAP", True)
    assert _entities("Mayor Jane Doe said Acme Corp. would pay.")
    assert len(threads) == 1 and threads[0].startswith("summarizer-entities")
    monkeypatch.setattr(parse, "OVERLAP", False)
    assert _entities("Mayor Jane Doe said Acme Corp. would pay.")
    assert len(threads) == 1  # on the calling thread


def _entities(text: str) -> list[tuple[str, str]]:
    return [(e.text, e.label_) for e in parse_documents([prepare_text(text)])[0].ents]


@pytest.mark.skipif("fork" not in multiprocessing.get_all_start_methods(), reason="no fork on this platform")
def test_a_forked_child_starts_its_own_helper_thread() -> None:
    text = "Mayor Jane Doe said Acme Corp. would pay."
    assert _entities(text)  # the helper thread runs in this process now
    with multiprocessing.get_context("fork").Pool(1) as pool:
        assert pool.apply_async(_entities, (text,)).get(timeout=120) == _entities(text)


def test_the_pipeline_multiplies_with_numpy_not_blis() -> None:
    nlp = pipeline()
    encoders = [node for name in ("tok2vec", "ner") for node in nlp.get_pipe(name).model.walk()]  # type: ignore[attr-defined]
    assert encoders
    assert all(getattr(node.ops, "use_blis", None) is False for node in encoders if node.name != "linear")


SEGMENTED = [
    "He said no. He said no.  He said no.\u00a0Then he left.\u2003 Fine.",
    "Short. Short. Short.\tShort.\r\nShort.\x1c Short.",
    "\u201cWe will go,\u201d she said. \u201cWe will go,\u201d she said again (twice). Mr. Smith? Yes!",
    "No end punctuation here",
    "a.b.c. d. e. f? g! h...   i.",
]


@pytest.mark.parametrize("text", SEGMENTED)
def test_sentence_offsets_are_those_pysbd_finds(text: str) -> None:
    fast = sentences._segmenter()
    slow = pysbd.Segmenter(language="en", clean=False)
    assert [(s.sent, s.start, s.end) for s in _spans(fast, text)] == [
        (s.sent, s.start, s.end) for s in _spans(slow, text)
    ]


def _spans(segmenter: Any, text: str) -> list[Any]:
    segmenter.original_text = text
    found = segmenter.processor(text).process()
    again = [*found, *found[:2]]  # sentences seen before the one being placed: found again further on, or not at all
    return [*segmenter.sentences_with_char_spans(found), *segmenter.sentences_with_char_spans(again)]


TEXTS = [
    "Mayor Jane Doe said on Tuesday that the bridge would reopen in May.\n\n"
    "\u201cWe are not ready,\u201d said Tom Reyes, who leads the council.",
    "The ministry did not respond to a request for comment. According to the police, two people were hurt.",
]


def _dumps(analyses: list[Any]) -> list[str]:
    return [a.model_dump_json() for a in analyses]


def test_a_batch_in_this_process_gives_what_analyze_gives() -> None:
    texts = [*TEXTS, _article("popov_fired_for_truth.txt")]
    timed = analyze_batch(texts)
    assert [t.error for t in timed] == [None, None, None]
    assert _dumps([t.analysis for t in timed]) == _dumps([analyze(t) for t in texts])
    assert all(t.batch == 3 and t.cpu_seconds >= 0 for t in timed)
    assert _dumps(analyze_many(texts, batch_size=2)) == _dumps([analyze(t) for t in texts])


def test_a_bad_article_fails_alone_in_its_batch() -> None:
    timed = analyze_batch([TEXTS[0], "   ", TEXTS[1]])
    assert isinstance(timed[1].error, InputError) and timed[1].analysis is None
    assert _dumps([timed[0].analysis, timed[2].analysis]) == _dumps([analyze(TEXTS[0]), analyze(TEXTS[1])])
    with pytest.raises(InputError):
        analyze_many([TEXTS[0], "   "])


@pytest.mark.parametrize("method", [m for m in ("spawn", "fork") if m in multiprocessing.get_all_start_methods()])
def test_worker_processes_give_what_analyze_gives_in_input_order(method: Any) -> None:
    texts = [*TEXTS, "   ", _article("popov_fired_for_truth.txt"), *TEXTS]
    expected = [analyze(t).model_dump_json() if t.strip() else None for t in texts]
    with AnalysisPool(2, batch_size=2, start_method=method) as pool:
        assert len(pool.warm()) == 2
        timed = list(pool.analyze_timed(texts))
        assert [t.analysis.model_dump_json() if t.analysis else None for t in timed] == expected
        assert isinstance(timed[2].error, InputError)
        with pytest.raises(InputError):
            list(pool.analyze(texts))
        assert _dumps(list(pool.analyze(TEXTS))) == expected[:2]


def test_workers_fewer_than_cores_keep_the_helper_thread() -> None:
    """A pool that leaves a core free lets its workers overlap as one process does; a pool
    with a worker on every core keeps each worker on its own thread."""
    for processes in sorted({1, pool_module._cores()}):
        with AnalysisPool(processes) as pool:
            assert pool._pool().submit(pool_module._overlapping).result(timeout=120) is (processes < pool_module._cores())


def test_pool_arguments_are_checked() -> None:
    with pytest.raises(ConfigurationError):
        AnalysisPool(0)
    with pytest.raises(ConfigurationError):
        AnalysisPool(2, batch_size=0)
    with pytest.raises(ConfigurationError):
        AnalysisPool(2, start_method="teleport")  # type: ignore[arg-type]


def test_eval_processes_needs_analysis_only_and_a_positive_count(tmp_path: Path) -> None:
    from bench.eval import parse_args

    assert parse_args([str(tmp_path), "--analysis-only"]).processes == 1
    assert parse_args([str(tmp_path), "--analysis-only", "--processes", "2"]).processes == 2
    with pytest.raises(SystemExit):
        parse_args([str(tmp_path), "--processes", "2"])
    with pytest.raises(SystemExit):
        parse_args([str(tmp_path), "--analysis-only", "--processes", "0"])
    with pytest.raises(SystemExit):
        parse_args([str(tmp_path), "--batch-size", "4"])
    assert parse_args([str(tmp_path), "--analysis-only", "--batch-size", "4"]).batch_size == 4


def test_eval_with_worker_processes_reports_throughput(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from bench.eval import main

    articles = tmp_path / "articles"
    articles.mkdir()
    for n, text in enumerate([*TEXTS, _article("popov_fired_for_truth.txt")]):
        (articles / f"{n:02d}_a.txt").write_text(text, encoding="utf-8")
    out = tmp_path / "out"
    assert main([str(articles), "--analysis-only", "--out", str(out), "--processes", "2", "--batch-size", "2"]) == 0
    table = (out / "table.md").read_text(encoding="utf-8")
    assert "2 worker processes, batches of 2" in table and "a throughput of" in table
    assert "3 articles" in table
