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
    described,
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


def test_an_appositive_names_a_described_source():
    assert source_key("NatWest's corporate parent, the Royal Bank of Scotland Group") == ("royal", "scotland")
    assert source_key("Apple's chief executive, Tim Cook,") == ("tim", "cook")
    assert source_key("An attorney for Acme, Jane Roe, who declined") == ("jane", "roe")
    # not a description: the first segment stays the head
    assert source_key("Ban Ki-moon, the secretary general of the United Nations") == ("ban", "ki")
    assert source_key("Jason Healey, a scholar at Columbia University") == ("jason", "healey")
    # a description with no named appositive keeps the name that modifies it
    assert source_key("The Obama administration, which declined") == ("obama",)
    assert described("NatWest's corporate parent") and described("some employees in Acme's branches")
    assert not described("Ban Ki-moon") and not described("Acme and its lawyers") and not described("the FBI")


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


# -- span-level scores, speakers and precision ---------------------------------------------------------
#
# A second invented article with cue, source and content gold, and predictions built as the
# library's own Attribution objects.

SPAN_ARTICLE = (
    "Jane Roe said the plan would fail. "
    '"We will win," Tom Poe told reporters. '
    "Officials said the vote was delayed. "
    "It was reported that the deal is off."
)


def _at(text: str, nth: int = 0) -> tuple[int, int]:
    start = -1
    for _ in range(nth + 1):
        start = SPAN_ARTICLE.index(text, start + 1)
    return start, start + len(text)


def _gold_part(text: str, nth: int = 0) -> list[dict[str, object]]:
    start, end = _at(text, nth)
    return [{"spans": [[start, end]], "text": text}]


SPAN_GOLD = {
    "attributions": [
        {"id": "E1", "type": "Attribution", "source": _gold_part("Jane Roe"), "cue": _gold_part("said"),
         "content": _gold_part("the plan would fail")},
        {"id": "E2", "type": "Attribution", "source": _gold_part("Tom Poe"), "cue": _gold_part("told"),
         "content": _gold_part("We will win")},
        {"id": "E3", "type": "Attribution", "source": _gold_part("Officials"), "cue": _gold_part("said", 1),
         "content": _gold_part("the vote was delayed")},
        {"id": "E4", "type": "Attribution-no-source", "cue": _gold_part("It was reported"),
         "content": _gold_part("the deal is off")},
    ]
}  # fmt: skip

ACTORS = [
    Actor(id="p1", name="Jane Roe", kind="person"),
    Actor(id="p2", name="Tom Poe", kind="person", aliases=["Poe"]),
]


def _ev(span: tuple[int, int]) -> Evidence:
    return Evidence(text=SPAN_ARTICLE[span[0] : span[1]], start=span[0], end=span[1])


def _pred(ident: str, cue: tuple[int, int], content: tuple[int, int], source: tuple[int, int] | None = None,
          actor: str | None = None):  # fmt: skip
    from summarizer import Attribution

    return Attribution(
        id=ident,
        kind="indirect",
        source_actor=actor,
        source=[_ev(source)] if source else [],
        cue=[_ev(cue)],
        content=[_ev(content)],
    )


def _perfect():
    return [
        _pred("a1", _at("said"), _at("the plan would fail"), _at("Jane Roe"), "p1"),
        _pred("a2", _at("told"), _at("We will win"), _at("Tom Poe"), "p2"),
        _pred("a3", _at("said", 1), _at("the vote was delayed"), _at("Officials")),
        _pred("a4", _at("It was reported"), _at("the deal is off")),
    ]


def _scores(preds):
    from bench.scoring import attribution_speakers, gold_relations, predicted_relations, score_relations

    golds = gold_relations(parse_gold(SPAN_GOLD), SPAN_ARTICLE)
    predicted = predicted_relations(preds, ACTORS, SPAN_ARTICLE)
    return score_relations(predicted, golds), attribution_speakers(predicted, golds)


PARTS_ALL = ("cue", "source", "content", "relation")


def test_span_gold_loads_cues_and_matches_the_article():
    gold = parse_gold(SPAN_GOLD)
    assert gold.attributions[0].cues[0].text == "said"
    assert gold.attributions[3].sources == ()
    assert gold_offset_errors(gold, SPAN_ARTICLE) == []


def test_a_perfect_prediction_scores_one_everywhere():
    spans, speakers = _scores(_perfect())
    for mode in ("exact", "overlap"):
        for part in PARTS_ALL:
            prf = spans.mode(mode)[part]
            assert (prf.precision, prf.recall, prf.f1) == (1.0, 1.0, 1.0), (mode, part)
    # the gold without a source is not counted in source recall; a prediction without one not in precision
    assert (spans.exact["source"].gold, spans.exact["source"].predicted) == (3, 3)
    assert spans.exact["relation"].gold == 4
    # Officials is generic and E4 has no source: judged are E1 and E2, both right
    assert (speakers.correct, speakers.wrong, speakers.unresolved, speakers.skipped) == (2, 0, 0, 2)
    assert speakers.share == Ratio(2, 2)
    assert speakers.source_span == Ratio(3, 3)


def test_an_empty_prediction_has_zero_recall_and_no_precision():
    spans, speakers = _scores([])
    for mode in ("exact", "overlap"):
        for part in PARTS_ALL:
            prf = spans.mode(mode)[part]
            assert prf.recall == 0.0
            assert prf.precision is None  # n/a: nothing was predicted
            assert prf.f1 == 0.0
    assert speakers.share.share is None
    assert str(speakers.share) == "n/a"


def test_a_shifted_span_keeps_overlap_and_loses_exact():
    start, end = _at("the plan would fail")
    preds = _perfect()
    preds[0] = _pred("a1", _at("said"), (start + 4, end), _at("Jane Roe"), "p1")  # "plan would fail"
    spans, speakers = _scores(preds)
    assert spans.overlap["content"].f1 == 1.0
    assert spans.overlap["relation"].f1 == 1.0
    assert spans.exact["content"].matched == 3
    assert spans.exact["content"].precision == 0.75
    assert spans.exact["content"].recall == 0.75
    assert spans.exact["relation"].matched == 3
    assert spans.exact["cue"].f1 == 1.0  # the other parts are untouched
    assert speakers.share == Ratio(2, 2)


def test_surrounding_whitespace_does_not_break_an_exact_match():
    start, end = _at("the plan would fail")
    preds = _perfect()
    preds[0] = _pred("a1", _at("said"), (start - 1, end + 1), _at("Jane Roe"), "p1")  # " the plan would fail."
    spans, _ = _scores(preds)
    assert spans.exact["content"].matched == 3  # the trailing "." is a character: not exact
    preds[0] = _pred("a1", _at("said"), (start - 1, end), _at("Jane Roe"), "p1")  # " the plan would fail"
    spans, _ = _scores(preds)
    assert spans.exact["content"].matched == 4


def test_a_wrong_speaker_lowers_speaker_correctness_not_span_scores():
    preds = _perfect()
    preds[0] = _pred("a1", _at("said"), _at("the plan would fail"), _at("Jane Roe"), "p2")  # Jane's words to Poe
    preds[1] = _pred("a2", _at("told"), _at("We will win"), _at("Tom Poe"), None)  # unresolved
    spans, speakers = _scores(preds)
    for mode in ("exact", "overlap"):
        for part in PARTS_ALL:
            assert spans.mode(mode)[part].f1 == 1.0
    assert (speakers.correct, speakers.wrong, speakers.unresolved) == (0, 1, 1)
    assert speakers.share == Ratio(0, 2)
    assert speakers.source_span == Ratio(3, 3)  # the spans are right; the actor is not
    preds[0] = _pred("a1", _at("said"), _at("the plan would fail"), _at("Jane Roe"), "nobody")  # dangling id
    dangling = _scores(preds)[1]
    assert (dangling.wrong, dangling.unknown, dangling.share) == (0, 1, Ratio(0, 2))


def test_an_alias_is_a_right_speaker():
    preds = _perfect()
    preds[1] = _pred("a2", _at("told"), _at("We will win"), _at("Poe", 0), "p2")
    spans, speakers = _scores(preds)
    assert speakers.correct == 2
    assert spans.exact["source"].matched == 2  # "Poe" is not "Tom Poe" exactly...
    assert spans.overlap["source"].matched == 3  # ...but overlaps it


def test_a_doubled_prediction_lowers_precision_only():
    preds = [*_perfect(), _perfect()[0].model_copy(update={"id": "a5"})]
    spans, speakers = _scores(preds)
    for mode in ("exact", "overlap"):
        for part in ("cue", "content", "relation"):
            prf = spans.mode(mode)[part]
            assert prf.recall == 1.0
            assert prf.precision == 4 / 5
            assert prf.f1 == pytest.approx(2 * 0.8 / 1.8)
        assert spans.mode(mode)["source"].precision == 3 / 4
    assert speakers.correct == 2  # the copy is matched to nothing, so not judged twice


def test_a_gold_relation_is_matched_at_most_once_and_to_the_largest_overlap():
    from bench.scoring import gold_relations, match_parts, predicted_relations

    start, end = _at("the plan would fail")
    preds = [
        _pred("a1", _at("said"), (start, start + 8)),  # "the plan"
        _pred("a2", _at("said"), (start + 4, end)),  # "plan would fail": the larger overlap
    ]
    golds = gold_relations(parse_gold(SPAN_GOLD), SPAN_ARTICLE)
    predicted = predicted_relations(preds, ACTORS, SPAN_ARTICLE)
    assert match_parts(predicted, golds, "content", exact=False) == [(1, 0)]
    spans, _ = _scores(preds)
    content = spans.overlap["content"]
    assert (content.matched, content.predicted, content.gold) == (1, 2, 4)
    assert spans.overlap["cue"].matched == 1  # two predictions share one gold cue: one match


def test_relation_needs_cue_content_and_the_gold_source():
    preds = _perfect()
    preds[0] = _pred("a1", _at("said"), _at("the plan would fail"), _at("reporters"), "p1")  # wrong source span
    preds[3] = _pred("a4", _at("It was reported"), _at("the deal is off"), _at("It was"))  # gold has none: fine
    spans, _ = _scores(preds)
    assert spans.overlap["relation"].matched == 3
    assert spans.overlap["content"].matched == 4
    assert spans.overlap["source"].predicted == 4


def test_parts_are_character_sets():
    from bench.scoring import shared_chars, to_part

    assert to_part([(0, 4), (4, 8)], SPAN_ARTICLE) == to_part([(0, 8)], SPAN_ARTICLE)
    assert to_part([(4, 9)], SPAN_ARTICLE) == ((5, 8),)  # " Roe " stripped
    assert to_part([(0, 4), (5, 8)], SPAN_ARTICLE) != to_part([(0, 8)], SPAN_ARTICLE)  # the space between counts
    assert shared_chars(((0, 10),), ((5, 20),)) == 5
    assert shared_chars(((0, 5), (10, 15)), ((3, 12),)) == 4
    assert shared_chars(((0, 5),), ((5, 9),)) == 0  # touching is not sharing


def test_spans_add_up_across_articles():
    a, _ = _scores(_perfect())
    b, _ = _scores([])
    total = a + b
    assert total.exact["content"].matched == 4
    assert total.exact["content"].gold == 8
    assert total.exact["content"].recall == 0.5
    assert total.exact["content"].precision == 1.0


def _span_summary(claims: list[tuple[str, str]]) -> Summary:
    sentences = {s: (SPAN_ARTICLE.index(s), SPAN_ARTICLE.index(s) + len(s)) for s in SPAN_ARTICLE.split(". ")}
    return Summary(
        headline="h",
        summary="s",
        actors=ACTORS,
        claims=[
            Claim(id=f"c{i}", claimant=who, statement="x", attribution="reported",
                  evidence=[_ev(next(v for k, v in sentences.items() if k.startswith(start)))])
            for i, (who, start) in enumerate(claims)
        ],
    )  # fmt: skip


def test_claim_speakers_and_claim_precision():
    from bench.scoring import claim_precision, claim_span_lists, claim_speakers, gold_relations, summary_claims

    summary = _span_summary([("p1", "Jane"), ("p1", '"We'), ("outlet", "Jane"), ("p2", "Officials"), ("p2", "It")])
    gold = parse_gold(SPAN_GOLD)
    score = claim_speakers(summary_claims(summary, SPAN_ARTICLE), gold_relations(gold, SPAN_ARTICLE))
    # right speaker, wrong speaker, the outlet; Officials (generic) and It was reported (no source) skipped
    assert (score.correct, score.wrong, score.unresolved, score.skipped) == (1, 1, 1, 2)
    assert score.share == Ratio(1, 3)
    assert claim_precision(gold, claim_span_lists(summary)) == Ratio(5, 5)
    assert claim_precision(gold, [[(0, 4)], [(12, 16)]]) == Ratio(1, 2)  # "Jane" touches no content; "d th" does


def test_claim_speakers_count_the_source_as_written_of_a_claim_given_to_no_actor():
    from bench.scoring import claim_speakers, gold_relations, summary_claims

    summary = _span_summary([("unattributed", '"We'), ("unattributed", "Jane"), ("p1", "Jane")])
    # the first rests on an attribution whose source span is Tom Poe's (no actor resolved); the
    # second on one whose source span is not Jane Roe's; the third on Jane Roe's own
    attributions = [
        _pred("a2", _at("told"), _at("We will win"), _at("Tom Poe")),
        _pred("a9", _at("said"), _at("the plan would fail"), _at("Officials")),
        _pred("a1", _at("said"), _at("the plan would fail"), _at("Jane Roe"), "p1"),
    ]
    claims = [c.model_copy(update={"attributions": [a.id]}) for c, a in zip(summary.claims, attributions, strict=True)]
    summary = summary.model_copy(update={"claims": claims, "attributions": attributions})
    score = claim_speakers(summary_claims(summary, SPAN_ARTICLE), gold_relations(parse_gold(SPAN_GOLD), SPAN_ARTICLE))
    assert (score.correct, score.unresolved, score.as_written) == (1, 2, 1)
    assert score.share == Ratio(1, 3)
    assert score.named == Ratio(2, 3)
    assert score.source_span == Ratio(2, 3)
    # a claim resting on no attribution has no source as written
    bare = summary.model_copy(update={"claims": [c.model_copy(update={"attributions": []}) for c in claims]})
    score = claim_speakers(summary_claims(bare, SPAN_ARTICLE), gold_relations(parse_gold(SPAN_GOLD), SPAN_ARTICLE))
    assert (score.as_written, score.source_span) == (0, Ratio(0, 3))


def test_source_precision_beside_recall():
    from bench.scoring import source_precision

    gold = parse_gold(SPAN_GOLD)
    actors = [["Jane Roe"], ["Acme Corp."], ["Tom Poe", "Poe"]]
    assert source_precision(gold, SPAN_ARTICLE, actors) == Ratio(2, 3)
    assert source_recall(gold, SPAN_ARTICLE, actors)[0] == Ratio(2, 2)
    assert source_precision(gold, SPAN_ARTICLE, []) == Ratio(0, 0)


def test_f1_of_ratios_is_zero_when_one_side_is_empty():
    from bench.scoring import PRF, harmonic

    assert harmonic(None, None) is None
    assert harmonic(None, 0.0) == 0.0
    assert harmonic(0.5, 1.0) == pytest.approx(2 / 3)
    assert PRF().f1 is None
    assert PRF(0, 0, 3).f1 == 0.0


def test_a_model_run_scores_summary_attributions_and_claims(tmp_path):
    from bench.eval import build_report, evaluate_article
    from summarizer import SummaryResult

    summary = _span_summary([("p1", "Jane"), ("p2", '"We')]).model_copy(update={"attributions": _perfect()})

    class Fake:
        def summarize(self, text):
            assert text == SPAN_ARTICLE
            return SummaryResult(summary=summary, model="m", prompt_version="v")

    (tmp_path / "01_span.txt").write_text(SPAN_ARTICLE, encoding="utf-8", newline="")
    (tmp_path / "01_span.attributions.json").write_text(json.dumps(SPAN_GOLD), encoding="utf-8")
    report = evaluate_article(Fake(), tmp_path / "01_span.txt", tmp_path)
    assert report.spans.exact["relation"].f1 == 1.0
    assert report.claim_speakers.share == Ratio(2, 2)
    assert report.attribution_precision == Ratio(2, 2)
    data = build_report({"analysis_only": False}, [report])
    assert data["attributions"]["exact"]["content"]["f1"] == 1.0
    assert data["claims"]["precision"]["share"] == 1.0
    assert data["speakers"]["claims"]["share_correct"] == 1.0
    assert data["articles"]["01_span.txt"]["attributions"]["overlap"]["cue"]["recall"] == 1.0
    assert "| 01_span.txt | yes |" in table([report])


def test_analysis_only_writes_the_report_with_the_required_keys(tmp_path):
    from bench.eval import main

    articles, gold_dir, out = tmp_path / "articles", tmp_path / "gold", tmp_path / "out"
    articles.mkdir()
    gold_dir.mkdir()
    for name in ("01_span", "02_span", "03_span"):
        (articles / f"{name}.txt").write_text(SPAN_ARTICLE, encoding="utf-8", newline="")
        (gold_dir / f"{name}.attributions.json").write_text(json.dumps(SPAN_GOLD), encoding="utf-8")
    args = [str(articles), "--gold", str(gold_dir), "--analysis-only", "--out", str(out), "--sample", "2"]
    assert main([*args, "--seed", "1"]) == 0
    report = json.loads((out / "report.json").read_text(encoding="utf-8"))
    assert report["analysis_only"] is True
    assert report["sample"] == {"n": 2, "of": 3, "seed": 1}
    assert len(report["articles"]) == 2
    assert list(report["articles"]) == sorted(report["articles"])
    for scores in (report, *report["articles"].values()):
        for mode in ("overlap", "exact"):
            for part in PARTS_ALL:
                assert set(scores["attributions"][mode][part]) >= {"precision", "recall", "f1"}
        assert {"speakers", "sources", "claims", "tokens", "seconds"} <= set(scores)
        assert scores["claims"] is None  # no claims without a model
        assert scores["speakers"]["claims"] is None
    assert report["attributions"]["overlap"]["content"]["gold"] == 8  # micro: summed over articles
    assert all(a["attributions"]["overlap"]["content"]["gold"] == 4 for a in report["articles"].values())
    assert report["command"].startswith("python bench/eval.py ")
    assert report["tokens"] == {"prompt": 0, "completion": 0}
    assert report["seconds"]["mean"] is not None
    table_md = (out / "table.md").read_text(encoding="utf-8")
    assert "| relation |" in table_md and "Speakers, attributions" in table_md
    first = sorted(report["articles"])
    assert main([*args, "--seed", "1"]) == 0  # the same seed draws the same sample
    assert sorted(json.loads((out / "report.json").read_text(encoding="utf-8"))["articles"]) == first


def test_peer_scores_instructor_quotes_with_the_same_metrics(tmp_path):
    from bench.peer import locate_quote, name_near, peer_predictions, render, score_peer, sentence_bounds

    path = tmp_path / "01_span.txt"
    path.write_text(SPAN_ARTICLE, encoding="utf-8", newline="")
    assert locate_quote("the plan would fail", SPAN_ARTICLE) == _at("the plan would fail")
    assert locate_quote("  THE  plan would   fail.", SPAN_ARTICLE) == _at("the plan would fail")  # normalised
    assert locate_quote("the plan will fail", SPAN_ARTICLE) is None
    sentences = sentence_bounds(SPAN_ARTICLE)
    assert name_near("Tom Poe", _at("We will win"), SPAN_ARTICLE, sentences) == _at("Tom Poe")
    assert name_near("Jane Roe", _at("We will win"), SPAN_ARTICLE, sentences) is None  # another sentence
    result = {
        "valid": True, "reasks": 0, "prompt_tokens": 10, "completion_tokens": 5, "seconds": 1.0,
        "summary": {
            "actors": [{"name": "Jane Roe"}, {"name": "Tom Poe"}],
            "claims": [
                {"claimant": "Jane Roe", "evidence": ["the plan would fail"]},
                {"claimant": "Jane Roe", "evidence": ["We will win"]},  # Poe's words given to Roe
                {"claimant": "outlet", "evidence": ["the vote was delayed", "not in the article"]},
                {"claimant": "Tom Poe", "evidence": ["nowhere to be found"]},
            ],
        },
    }  # fmt: skip
    preds, claims, span_sets = peer_predictions(result["summary"], SPAN_ARTICLE)
    assert len(preds) == 3 and len(claims) == 4
    assert preds[0].source == (_at("Jane Roe"),)
    assert preds[1].source == ()  # no "Jane Roe" in Poe's sentence
    assert span_sets[3] == []
    row = score_peer(path, result, parse_gold(SPAN_GOLD))
    assert set(row.spans.exact) == {"source", "content"}  # no cue: neither cue nor relation is scored
    assert row.spans.exact["content"].precision == 1.0
    assert row.spans.exact["content"].recall == 3 / 4
    assert row.spans.overlap["source"].matched == 1
    assert (row.attribution_speakers.correct, row.attribution_speakers.wrong) == (1, 1)
    assert row.attribution_speakers.unresolved == 0 and row.attribution_speakers.skipped == 1  # Officials
    assert (row.claim_speakers.correct, row.claim_speakers.wrong, row.claim_speakers.skipped) == (1, 1, 1)
    assert row.claim_precision == Ratio(3, 4)  # the last claim's quote is not in the article
    assert row.source_recall == Ratio(2, 2)
    text = render([row], "cmd", [])
    assert "| 01_span.txt | instructor | yes |" in text
    failed = score_peer(path, {**result, "valid": False, "summary": None}, parse_gold(SPAN_GOLD))
    assert failed.spans.exact["content"].recall == 0.0


def test_the_peer_benchmark_reuses_library_rows_from_an_eval_report(tmp_path):
    from bench.eval import build_report, evaluate_article
    from bench.peer import rows_from_eval_report
    from summarizer import SummaryResult
    from summarizer.prompting.templates import load_prompts

    version = load_prompts().version
    summary = _span_summary([("p1", "Jane")]).model_copy(update={"attributions": _perfect()})

    class Fake:
        def summarize(self, text):
            return SummaryResult(summary=summary, model="m", prompt_version=version)

    path = tmp_path / "01_span.txt"
    path.write_text(SPAN_ARTICLE, encoding="utf-8", newline="")
    (tmp_path / "01_span.attributions.json").write_text(json.dumps(SPAN_GOLD), encoding="utf-8")
    report = evaluate_article(Fake(), path, tmp_path)
    data = build_report({"prompt_version": version, "articles_dir": str(tmp_path)}, [report])
    (tmp_path / "report.json").write_text(json.dumps(data), encoding="utf-8")
    rows = rows_from_eval_report(tmp_path / "report.json", [(path, parse_gold(SPAN_GOLD))])
    assert rows["01_span.txt"].valid
    assert rows["01_span.txt"].spans.exact["relation"].f1 == 1.0
    assert rows["01_span.txt"].claim_speakers.share == Ratio(1, 1)
