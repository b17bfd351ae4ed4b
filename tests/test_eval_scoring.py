"""The evaluation's scoring: gold loading, the source filter, matching and recall.

All data is written here: a made-up article and gold in the PolNeAR JSON format.
"""

from __future__ import annotations

import json

import pytest

from bench.eval import ArticleReport, overall, table
from bench.scoring import (
    Ratio,
    attribution_recall,
    distinct_contents,
    distinct_sources,
    gold_offset_errors,
    grounded_evidence,
    load_gold,
    names_in_article,
    parse_gold,
    source_key,
    source_recall,
    tokens_match,
)
from summarizer import Actor, Claim, Evidence, Summary

ARTICLE = (
    "Acme Corp. fires its chief.\n"
    "Acme Corp. said on Monday that Jane Roe had left. "
    "Roe denied any wrongdoing, her lawyer said. "
    "Officials said the board met twice. "
    "He said it was over. "
    "The United States Treasury said it would look into the deal, according to the report."
)


def _part(text: str) -> dict[str, object]:
    start = ARTICLE.index(text)
    return {"spans": [[start, start + len(text)]], "text": text}


def _attribution(ident: str, source: str | None, content: str) -> dict[str, object]:
    item: dict[str, object] = {"id": ident, "type": "Attribution", "content": [_part(content)]}
    if source is not None:
        item["source"] = [_part(source)]
    else:
        item["type"] = "Attribution-no-source"
    return item


GOLD = {
    "heldout_file": "01_acme.txt",
    "attributions": [
        _attribution("E1", "Acme Corp.", "Jane Roe had left"),
        _attribution("E2", "Roe", "any wrongdoing"),
        _attribution("E3", "her lawyer", "Roe denied any wrongdoing"),
        _attribution("E4", "Officials", "the board met twice"),
        _attribution("E5", "He", "it was over"),
        _attribution("E6", "The United States Treasury", "it would look into the deal"),
        _attribution("E7", None, "the board met twice"),
    ],
}


def _evidence(text: str) -> Evidence:
    start = ARTICLE.index(text)
    return Evidence(text=text, start=start, end=start + len(text))


def _summary(actors: list[tuple[str, list[str]]], claim_texts: list[str]) -> Summary:
    return Summary(
        headline="h",
        summary="s",
        actors=[
            Actor(id=f"a{i}", name=name, kind="person", aliases=aliases) for i, (name, aliases) in enumerate(actors)
        ],
        claims=[
            Claim(id=f"c{i}", claimant="outlet", statement="x", attribution="outlet", evidence=[_evidence(t)])
            for i, t in enumerate(claim_texts)
        ],
    )


@pytest.fixture
def gold(tmp_path):
    path = tmp_path / "01_acme.attributions.json"
    path.write_text(json.dumps(GOLD), encoding="utf-8")
    return load_gold(path)


def test_gold_loads_with_offsets_that_match_the_article(gold):
    assert len(gold.attributions) == 7
    assert gold.attributions[0].sources[0].text == "Acme Corp."
    assert gold.attributions[6].sources == ()
    assert gold_offset_errors(gold, ARTICLE) == []
    assert gold_offset_errors(gold, "x" + ARTICLE)  # shifted text: every part is off


def test_pronouns_and_generic_sources_are_left_out():
    assert source_key("He") is None
    assert source_key("which") is None
    assert source_key("Officials") is None
    assert source_key("the report") is None
    assert source_key("a spokesman for the company") is None
    assert source_key("her lawyer") is None
    assert source_key("Jane Roe") == ("jane", "roe")
    assert source_key("Rep. Adam B. Schiff of California, the ranking Democrat") == ("adam", "schiff", "california")
    assert source_key("The United States Treasury") == ("u.s", "treasury")
    assert source_key("Assange's lawyers") == ("assange",)


def test_a_capital_that_only_starts_a_sentence_is_not_a_name():
    article = "Observers said so. Several observers agreed."
    assert source_key("Several observers", common=None) == ("several",)
    assert distinct_sources(parse_gold({"attributions": [
        {"id": "E1", "type": "Attribution", "source": [{"spans": [[19, 36]], "text": "Several observers"}]},
    ]}), article + " several times").groups == []  # fmt: skip


def test_distinct_sources_merge_a_surname_into_the_full_name(gold):
    groups = distinct_sources(gold, ARTICLE)
    assert sorted(groups.labels) == ["Acme Corp.", "Roe", "The United States Treasury"]
    assert set(groups.ignored) == {"her lawyer", "Officials", "He"}
    extra = parse_gold({"attributions": [*GOLD["attributions"], _attribution("E8", "Jane Roe", "Jane Roe had left")]})
    merged = distinct_sources(extra, ARTICLE)
    assert len(merged.groups) == 3
    assert [("jane", "roe"), ("roe",)] in merged.groups
    assert "Jane Roe" in merged.labels


def test_source_recall_matches_names_and_aliases_by_token(gold):
    summary = _summary([("Jane Roe", ["Roe"]), ("Acme", [])], [])
    ratio, missed = source_recall(gold, ARTICLE, [[a.name, *a.aliases] for a in summary.actors])
    assert (ratio.hits, ratio.total) == (2, 3)
    assert missed == ["The United States Treasury"]
    ratio, missed = source_recall(gold, ARTICLE, [["U.S. Treasury Department"]])
    assert (ratio.hits, ratio.total) == (1, 3)
    assert source_recall(gold, ARTICLE, [])[0].hits == 0


def test_token_match_allows_short_extensions_only():
    assert tokens_match("russia", "russian")
    assert tokens_match("korea", "korean")
    assert not tokens_match("roe", "roes")  # too short to extend
    assert not tokens_match("acme", "acmeindustries")


def test_attribution_recall_counts_distinct_contents_overlapped_by_claim_evidence(gold):
    assert len(distinct_contents(gold)) == 6  # E4 and E7 share their content
    summary = _summary([], ["Acme Corp. said on Monday that Jane Roe had left.", "Officials said the board met twice."])
    assert attribution_recall(gold, [(e.start, e.end) for c in summary.claims for e in c.evidence]) == Ratio(2, 6)
    touching = ARTICLE.index("twice") + len("twice")
    assert attribution_recall(gold, [(touching, touching + 5)]).hits == 0  # adjacent is not overlapping


def test_grounded_evidence_and_actor_names():
    summary = _summary([("Jane Roe", []), ("John Doe", [])], ["He said it was over."])
    assert grounded_evidence(summary, ARTICLE) == Ratio(1, 1)
    assert grounded_evidence(summary, ARTICLE.replace("He said", "We said")) == Ratio(0, 1)
    assert names_in_article([a.name for a in summary.actors], ARTICLE) == Ratio(1, 2)
    assert names_in_article(["acme corp."], ARTICLE).hits == 1  # case folded


def test_ratio_adds_and_prints():
    assert Ratio(1, 2) + Ratio(2, 3) == Ratio(3, 5)
    assert str(Ratio(3, 4)) == "3/4 (75%)"
    assert str(Ratio()) == "n/a"
    assert Ratio().share is None


def test_report_table_totals_and_failed_articles():
    ok = ArticleReport(article="a.txt", has_gold=True, valid=True, prompt_tokens=10, completion_tokens=5,
                       seconds=1.0, grounded=Ratio(3, 3), source_recall=Ratio(1, 2))  # fmt: skip
    failed = ArticleReport(article="b.txt", has_gold=False, error="InvalidOutputError: x", prompt_tokens=7, seconds=2.0)
    totals = overall([ok, failed])
    assert totals["valid"] == 1
    assert totals["prompt_tokens"] == 17
    assert totals["grounded"] == Ratio(3, 3)
    rendered = table([ok, failed])
    assert "| b.txt | no |" in rendered
    assert "(no gold)" in rendered
    assert "| **all** | 1/2 | 3/3 (100%) |" in rendered


def test_a_failed_article_is_not_valid_and_its_gold_still_counts(tmp_path):
    from bench.eval import evaluate_article
    from summarizer import Attempts, InvalidOutputError, Usage

    class Failing:
        def summarize(self, text):
            raise InvalidOutputError(
                "bad", usage=Usage(prompt_tokens=50, completion_tokens=9), attempts=Attempts(requests=3, reasks=2)
            )

    (tmp_path / "01_acme.txt").write_text(ARTICLE, encoding="utf-8", newline="")
    (tmp_path / "01_acme.attributions.json").write_text(json.dumps(GOLD), encoding="utf-8")
    report = evaluate_article(Failing(), tmp_path / "01_acme.txt", tmp_path)
    assert not report.valid
    assert report.error.startswith("InvalidOutputError")
    assert (report.prompt_tokens, report.completion_tokens, report.reasks) == (50, 9, 2)
    assert report.source_recall == Ratio(0, 3)
    assert report.attribution_recall == Ratio(0, 6)
