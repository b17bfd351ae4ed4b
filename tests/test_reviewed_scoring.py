"""bench/reviewed.py and `bench/eval.py --reviewed`: new runs scored against editors' reviewed files."""

from __future__ import annotations

import json

import pytest

from bench.eval import ArticleReport, build_report, reviewed_lines, score_against_reviewed
from bench.reviewed import (
    MATCHED,
    TEXT_DIFFERS,
    ReviewedScore,
    Speaker,
    load_reviewed_dir,
    match_reviewed,
    same_speaker,
    score_reviewed,
    speaker_of,
)
from summarizer import Actor, ActorKind, Caveat, CaveatKind, InputError, ReviewedResult, Summary, load_reviewed
from tests.support.reviewed import bridge_text, entry, reviewed_bridge_result, reviewed_data
from tests.support.samples import ev


@pytest.fixture
def text() -> str:
    return bridge_text()


@pytest.fixture
def gold(text) -> ReviewedResult:
    return load_reviewed(reviewed_data(text))


def original_run(text: str) -> Summary:
    """A new run that gives exactly what the editor reviewed (none of the corrections)."""
    return reviewed_bridge_result(text).summary


def corrected_run(text: str) -> Summary:
    """A new run that does what the editor asked: speakers fixed, the wrong claim gone, the caveat added."""
    summary = original_run(text)
    claims = [
        c.model_copy(update={"claimant": "jane-doe"}) if c.id == "c2" else c for c in summary.claims if c.id != "c5"
    ]
    attributions = [a.model_copy(update={"source_actor": None}) for a in summary.attributions]
    caveats = [
        *summary.caveats,
        Caveat(kind=CaveatKind.UNCLEAR, text="Timing unclear.", evidence=[ev(text, "unclear when work would begin")]),
    ]
    return summary.model_copy(update={"claims": claims, "attributions": attributions, "caveats": caveats})


# --- speakers -------------------------------------------------------------------------------------


def test_speakers_compare_by_name_not_id():
    actors = [Actor(id="p1", name="Jane Doe", kind=ActorKind.PERSON, aliases=["Doe"])]
    others = [Actor(id="jane", name="Mayor Doe", kind=ActorKind.PERSON), Actor(id="x", name="John Roe", kind="person")]
    assert same_speaker(speaker_of("p1", actors), speaker_of("jane", others))
    assert not same_speaker(speaker_of("p1", actors), speaker_of("x", others))
    assert same_speaker(speaker_of("outlet", actors), speaker_of("outlet", others))
    assert not same_speaker(speaker_of("outlet", actors), speaker_of(None, others))
    assert same_speaker(speaker_of(None, actors), Speaker("none"))
    assert not same_speaker(speaker_of("unattributed", actors), speaker_of("outlet", actors))
    assert not same_speaker(speaker_of("ghost", actors), speaker_of("ghost", actors))  # an id naming no actor
    assert speaker_of("p1", actors, {"p1": "Janet Doe"}).labels == ("Janet Doe", "Jane Doe", "Doe")


# --- one run against one reviewed file ---------------------------------------------------------------------


def test_a_run_that_repeats_the_reviewed_mistakes(gold, text):
    score = score_reviewed(gold, original_run(text), text)
    # claim c2: the editor gave it to Jane Doe; the run still says John Roe
    assert (score.claim_speakers.correct, score.claim_speakers.wrong, score.claim_speakers.missing) == (0, 1, 0)
    # attribution a1: the editor said no named actor; the run still says John Roe
    assert (score.attribution_speakers.correct, score.attribution_speakers.wrong) == (0, 1)
    assert (score.reassigned.hits, score.reassigned.total) == (0, 2)
    assert (score.claims_found.hits, score.claims_found.total) == (1, 1)
    assert (score.caveats_found.hits, score.caveats_found.total) == (1, 2)  # the added caveat is missed
    assert score.missed == ["caveat:new-1"]
    assert (score.wrong_back.hits, score.wrong_back.total) == (1, 1)
    assert score.returned == ["claim:c5 (as claim:c5)"]
    assert score.wrong_speakers == [
        "claim:c2: Jane Doe -> John Roe (claim:c2)",
        "attribution:a1: none -> John Roe (attribution:a1)",
    ]


def test_a_run_that_learned_from_the_review(gold, text):
    score = score_reviewed(gold, corrected_run(text), text)
    assert (score.claim_speakers.correct, score.claim_speakers.wrong) == (1, 0)
    assert (score.attribution_speakers.correct, score.attribution_speakers.wrong) == (1, 0)
    assert (score.reassigned.hits, score.reassigned.total) == (2, 2)
    assert (score.caveats_found.hits, score.caveats_found.total) == (2, 2)
    assert (score.wrong_back.hits, score.wrong_back.total) == (0, 1)
    assert score.missed == [] and score.returned == [] and score.wrong_speakers == []


def test_an_empty_run_finds_nothing_and_judges_no_speaker(gold, text):
    score = score_reviewed(gold, Summary(headline="h", summary="s"), text)
    assert (score.claims_found.hits, score.claims_found.total) == (0, 1)
    assert (score.caveats_found.hits, score.caveats_found.total) == (0, 2)
    assert score.claim_speakers.missing == 1 and score.claim_speakers.share.total == 0
    assert score.attribution_speakers.missing == 1
    assert (score.wrong_back.hits, score.wrong_back.total) == (0, 1)


def test_a_wrong_item_back_with_another_speaker_does_not_count(gold, text):
    summary = original_run(text)
    claims = [c.model_copy(update={"claimant": "john-roe"}) if c.id == "c5" else c for c in summary.claims]
    score = score_reviewed(gold, summary.model_copy(update={"claims": claims}), text)
    assert (score.wrong_back.hits, score.wrong_back.total) == (0, 1)


def test_ids_may_differ_between_runs(gold, text):
    summary = corrected_run(text)
    renamed = {a.id: f"x-{a.id}" for a in summary.actors}
    actors = [a.model_copy(update={"id": renamed[a.id]}) for a in summary.actors]
    claims = [c.model_copy(update={"claimant": renamed.get(c.claimant, c.claimant), "id": f"k{c.id}"})
              for c in summary.claims]  # fmt: skip
    run = summary.model_copy(update={"actors": actors, "claims": claims})
    score = score_reviewed(gold, run, text)
    assert score.claim_speakers.correct == 1 and score.claim_speakers.wrong == 0


def test_an_added_claim_is_gold_for_found_and_speaker(text):
    added = entry(
        "claim:new-1",
        "added",
        added={
            "statement": "Doe told reporters on Tuesday.",
            "claimant": "jane-doe",
            "evidence": [
                {"text": "Doe told reporters", "start": text.index("Doe told"), "end": text.index("Doe told") + 18}
            ],
        },
    )
    gold = load_reviewed(reviewed_data(text, items=[added]))
    assert score_reviewed(gold, original_run(text), text).claims_found.hits == 0
    summary = original_run(text)
    claim = summary.claims[0].model_copy(update={"id": "c9", "evidence": [ev(text, "Doe told reporters on Tuesday")]})
    score = score_reviewed(gold, summary.model_copy(update={"claims": [*summary.claims, claim]}), text)
    assert (score.claims_found.hits, score.claims_found.total) == (1, 1)
    assert score.claim_speakers.correct == 1


def test_analysis_only_scores_attributions_alone(gold, text):
    summary = original_run(text)
    run = Summary(headline="", summary="", actors=summary.actors, attributions=summary.attributions)
    score = score_reviewed(gold, run, text, claims=False)
    assert score.claims_found.total == 0 and score.caveats_found.total == 0 and score.wrong_back.total == 0
    assert score.attribution_speakers.wrong == 1
    data = score.as_json()
    assert data["claims_found"] is None and data["speakers"]["claims"] is None
    assert data["speakers"]["attributions"]["wrong"] == 1


def test_scores_add_up(gold, text):
    one = score_reviewed(gold, original_run(text), text)
    two = score_reviewed(gold, corrected_run(text), text)
    total = one + two
    assert total.files == 2
    assert (total.claim_speakers.correct, total.claim_speakers.wrong) == (1, 1)
    assert (total.caveats_found.hits, total.caveats_found.total) == (3, 4)
    assert total.as_json()["speakers"]["reassigned"] == {"hits": 2, "total": 4, "share": 0.5}


# --- pairing runs and files ------------------------------------------------------------------------------


def test_runs_are_paired_by_hash_then_flagged_by_name(gold, text):
    files = {"elsewhere.reviewed.json": gold}
    assert match_reviewed(files, "bridge.txt", text) == ("elsewhere.reviewed.json", MATCHED)
    renamed = {"bridge.reviewed.json": gold}
    assert match_reviewed(renamed, "bridge.txt", text + " Updated.") == ("bridge.reviewed.json", TEXT_DIFFERS)
    assert match_reviewed(renamed, "other.txt", "Some other article.") is None


def test_a_folder_of_reviewed_files_is_loaded_and_checked(tmp_path, text):
    (tmp_path / "bridge.reviewed.json").write_text(json.dumps(reviewed_data(text)), encoding="utf-8")
    (tmp_path / "notes.json").write_text("not a reviewed file", encoding="utf-8")
    assert list(load_reviewed_dir(tmp_path)) == ["bridge.reviewed.json"]
    bad = reviewed_data(text)
    bad["review"]["article_sha256"] = "0" * 64
    (tmp_path / "bad.reviewed.json").write_text(json.dumps(bad), encoding="utf-8")
    with pytest.raises(InputError, match=r"bad\.reviewed\.json: reviewed file does not match its article"):
        load_reviewed_dir(tmp_path)


# --- the eval report ------------------------------------------------------------------------------------


def test_eval_writes_a_reviewed_section(gold, text):
    files = {"bridge.reviewed.json": gold}
    first = ArticleReport(article="bridge.txt", has_gold=False, run=(original_run(text), text))
    second = ArticleReport(article="unreviewed.txt", has_gold=False, run=(Summary(headline="h", summary="s"), "x"))
    for report in (first, second):
        score_against_reviewed(report, files, claims=True)
    assert first.reviewed_match == MATCHED and isinstance(first.reviewed, ReviewedScore)
    assert second.reviewed is None and second.reviewed_file is None
    meta = {"reviewed": {"dir": "reviews", "files": ["bridge.reviewed.json", "lost.reviewed.json"]}}
    report = build_report(meta, [first, second])
    section = report["reviewed"]
    assert section["files"] == 2 and section["scored"] == 1
    assert section["not_run"] == ["lost.reviewed.json"]
    assert section["speakers"]["claims"]["wrong"] == 1
    assert section["per_file"]["bridge.reviewed.json"]["article"] == "bridge.txt"
    json.dumps(report)  # plain JSON all through
    lines = "\n".join(reviewed_lines(meta, [first, second]))
    assert "1 of 2 scored; no run of their article: lost.reviewed.json." in lines
    assert "**Marked wrong and back**: 1/1 (100%) (claim:c5 (as claim:c5))." in lines
    assert "| bridge.reviewed.json | bridge.txt |" in lines


def test_eval_without_reviewed_has_no_section(text):
    report = ArticleReport(article="bridge.txt", has_gold=False, run=(original_run(text), text))
    assert "reviewed" not in build_report({}, [report])
    assert reviewed_lines({}, [report]) == []


def test_eval_does_not_score_a_review_of_another_text(gold, text, capsys):
    report = ArticleReport(article="bridge.txt", has_gold=False, run=(original_run(text), text + " Updated."))
    score_against_reviewed(report, {"bridge.reviewed.json": gold}, claims=True)
    assert report.reviewed is None and report.reviewed_match == TEXT_DIFFERS
    assert "reviews another text: not scored" in capsys.readouterr().out
    section = build_report({"reviewed": {"dir": "d", "files": ["bridge.reviewed.json"]}}, [report])["reviewed"]
    assert section["text_differs"] == {"bridge.reviewed.json": "bridge.txt"} and section["scored"] == 0


def test_eval_refuses_a_bad_reviewed_folder(tmp_path, capsys):
    from bench.eval import main

    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "a.txt").write_text("An article.", encoding="utf-8")
    reviews = tmp_path / "reviews"
    reviews.mkdir()
    (reviews / "a.reviewed.json").write_text("{", encoding="utf-8")
    assert main([str(articles), "--reviewed", str(reviews), "--analysis-only", "--out", str(tmp_path / "o")]) == 2
    assert "a.reviewed.json: not a reviewed file: not valid JSON" in capsys.readouterr().err
    empty = tmp_path / "empty"
    empty.mkdir()
    assert main([str(articles), "--reviewed", str(empty), "--analysis-only"]) == 2
    assert main([str(articles), "--reviewed", str(tmp_path / "nowhere"), "--analysis-only"]) == 2


def test_eval_analysis_only_scores_attributions_against_a_review(tmp_path, text):
    from bench.eval import main

    articles = tmp_path / "articles"
    articles.mkdir()
    (articles / "bridge.txt").write_bytes(text.encode("utf-8"))
    reviews = tmp_path / "reviews"
    reviews.mkdir()
    (reviews / "bridge.reviewed.json").write_text(json.dumps(reviewed_data(text)), encoding="utf-8")
    out = tmp_path / "out"
    assert main([str(articles), "--reviewed", str(reviews), "--analysis-only", "--out", str(out)]) == 0
    section = json.loads((out / "report.json").read_text(encoding="utf-8"))["reviewed"]
    assert section["scored"] == 1 and section["claims_found"] is None
    speakers = section["speakers"]["attributions"]
    assert speakers["correct"] + speakers["wrong"] + speakers["missing"] == 1  # the one attribution reviewed
    assert "Against the editors' reviewed files" in (out / "table.md").read_text(encoding="utf-8")
