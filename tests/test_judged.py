"""Grounding a judgment: the model's ids and words against the analysis' candidates."""

from __future__ import annotations

import json

import pytest

from summarizer.core.schema import (
    OUTLET,
    UNATTRIBUTED,
    Actor,
    ActorKind,
    Analysis,
    Attribution,
    AttributionKind,
    CaveatKind,
    ClaimAttribution,
    Evidence,
    Hedge,
)
from summarizer.grounding.judged import as_written, ground_judgment
from summarizer.grounding.parse import parse_wire
from summarizer.grounding.speakers import fits
from summarizer.prompting.candidates import (
    Candidates,
    WireJudgment,
    judgment_json_schema,
    render_candidates,
    sentence_labels,
)
from summarizer.prompting.templates import build_judging_prompt
from summarizer.text.document import prepare

TEXT = (
    "Mayor Jane Doe said the bridge repairs cannot wait. "
    "\u201cWe cannot let it fall into the river,\u201d Doe told reporters.\n\n"
    "Council member John Roe said the estimate was inflated. "
    "He did not say how he knew. The city could not confirm the figures.\n\n"
    "The bridge opened in 1931."
)


def ev(fragment: str, length: int | None = None) -> Evidence:
    """The first ``fragment`` of the text, or its first ``length`` characters there."""
    start = TEXT.index(fragment)
    fragment = fragment[:length]
    return Evidence(text=fragment, start=start, end=start + len(fragment))


DOE = Actor(id="jane-doe", name="Jane Doe", kind=ActorKind.PERSON, role="Mayor", aliases=["Doe"],
            mentions=[ev("Jane Doe"), ev("Doe told")])  # fmt: skip
ROE = Actor(id="john-roe", name="John Roe", kind=ActorKind.PERSON, role="Council member", mentions=[ev("John Roe")])
CITY = Actor(id="the-city", name="The city", kind=ActorKind.GOVERNMENT, mentions=[ev("The city")])
A1 = Attribution(id="a1", kind=AttributionKind.INDIRECT, source_actor="jane-doe", source=[ev("Mayor Jane Doe")],
                 cue=[ev("said the bridge")], content=[ev("the bridge repairs cannot wait")], sentences=[1])  # fmt: skip
A2 = Attribution(id="a2", kind=AttributionKind.DIRECT_QUOTE, source_actor="jane-doe", source=[ev("Doe told", 3)],
                 cue=[ev("told")], content=[ev("We cannot let it fall into the river,")], sentences=[2])  # fmt: skip
A3 = Attribution(id="a3", kind=AttributionKind.INDIRECT, source_actor="john-roe", source=[ev("Council member John Roe")],
                 cue=[ev("said the estimate")], content=[ev("the estimate was inflated")], sentences=[3])  # fmt: skip
A4 = Attribution(id="a4", kind=AttributionKind.INDIRECT, source_actor=None, source=[ev("He")],
                 cue=[ev("did not say")], content=[ev("how he knew")], sentences=[4])  # fmt: skip
H1 = Hedge(id="h1", kind=CaveatKind.UNVERIFIED, cue=ev("could not confirm"),
           sentence=ev("The city could not confirm the figures."), sentence_number=5)  # fmt: skip


@pytest.fixture
def candidates() -> Candidates:
    doc = prepare(TEXT, max_chars=10_000)
    return Candidates(sentences=doc.sentences, actors=[DOE, ROE, CITY], attributions=[A1, A2, A3, A4], hedges=[H1])


def judgment(**fields: object) -> WireJudgment:
    base: dict[str, object] = {"headline": "Mayor and council clash over bridge", "summary": "They disagree.",
                               "claims": [], "speakers": [], "disputes": [], "caveats": [], "extra_claims": [],
                               "extra_caveats": []}  # fmt: skip
    return parse_wire(json.dumps(base | fields), WireJudgment)


def test_a_key_claim_takes_the_speaker_and_the_exact_content_of_its_attribution(candidates: Candidates) -> None:
    grounded = ground_judgment(
        judgment(claims=[{"attribution": "a2", "statement": "The bridge must not fall."}]), candidates, TEXT
    )
    (claim,) = grounded.summary.claims
    assert claim.claimant == "jane-doe"
    assert claim.attribution == ClaimAttribution.DIRECT_QUOTE
    assert claim.attributions == ["a2"]
    assert [(e.text, TEXT[e.start : e.end]) for e in claim.evidence] == [(A2.content[0].text, A2.content[0].text)]
    assert not grounded.problems


def test_an_unresolved_source_makes_an_unattributed_claim(candidates: Candidates) -> None:
    grounded = ground_judgment(judgment(claims=[{"attribution": "a4", "statement": "x"}]), candidates, TEXT)
    assert grounded.summary.claims[0].claimant == UNATTRIBUTED


def test_a_speaker_fix_against_a_named_source_is_reverted_with_a_warning(candidates: Candidates) -> None:
    grounded = ground_judgment(judgment(speakers=[{"attribution": "a3", "speaker": "Jane Doe"}]), candidates, TEXT)
    assert grounded.summary.attributions[2].source_actor == "john-roe"
    assert [w.code for w in grounded.repairs] == ["corrected_speaker"]


def test_a_speaker_fix_of_an_unresolved_pronoun_is_applied_and_flagged(candidates: Candidates) -> None:
    grounded = ground_judgment(
        judgment(
            speakers=[{"attribution": "a4", "speaker": "John Roe"}],
            claims=[{"attribution": "a4", "statement": "Roe would not say how he knew."}],
        ),
        candidates,
        TEXT,
    )
    assert grounded.summary.attributions[3].source_actor == "john-roe"
    assert grounded.summary.claims[0].claimant == "john-roe"
    assert [w.code for w in grounded.repairs] == ["speaker_from_model"]


def test_an_extra_claim_that_gives_someone_elses_words_to_the_outlet_is_corrected(candidates: Candidates) -> None:
    grounded = ground_judgment(
        judgment(extra_claims=[{"claimant": "outlet", "statement": "The estimate is inflated.", "sentences": [3]}]),
        candidates,
        TEXT,
    )
    (claim,) = grounded.summary.claims
    assert claim.claimant == "john-roe"
    assert "corrected_claimant" in [w.code for w in grounded.repairs]


def test_an_extra_claim_of_the_outlet_on_its_own_sentence_stands(candidates: Candidates) -> None:
    grounded = ground_judgment(
        judgment(extra_claims=[{"claimant": "outlet", "statement": "The bridge is old.", "sentences": [6]}]),
        candidates,
        TEXT,
    )
    (claim,) = grounded.summary.claims
    assert (claim.claimant, claim.attribution, claim.evidence[0].text) == (
        OUTLET, ClaimAttribution.OUTLET, "The bridge opened in 1931.")  # fmt: skip


def test_dispute_sides_are_what_each_speaker_says(candidates: Candidates) -> None:
    grounded = ground_judgment(
        judgment(
            claims=[{"attribution": "a1", "statement": "Repairs cannot wait."}],
            disputes=[{"issue": "Bridge repairs", "attributions": ["a1", "a3"]}],
        ),
        candidates,
        TEXT,
    )
    (dispute,) = grounded.summary.disputes
    assert [(p.actor, p.position) for p in dispute.positions] == [
        ("jane-doe", "Repairs cannot wait."), ("john-roe", "the estimate was inflated")]  # fmt: skip


def test_a_dispute_of_one_speaker_is_dropped_and_re_asked(candidates: Candidates) -> None:
    grounded = ground_judgment(judgment(disputes=[{"issue": "x", "attributions": ["a1", "a2"]}]), candidates, TEXT)
    assert grounded.summary.disputes == []
    assert [str(v) for v in grounded.violations] == [
        "disputes[0]: a dispute needs attributions of at least two different named speakers"
    ]


def test_hedges_keep_their_proposed_kind_unless_the_model_changes_or_rejects_it(candidates: Candidates) -> None:
    kept = ground_judgment(judgment(caveats=[{"hedge": "h1", "kind": "single_source"}]), candidates, TEXT)
    assert [(c.kind, c.evidence[0].text) for c in kept.summary.caveats] == [
        (CaveatKind.SINGLE_SOURCE, "The city could not confirm the figures.")]  # fmt: skip
    rejected = ground_judgment(judgment(caveats=[{"hedge": "h1", "kind": "not_a_caveat"}]), candidates, TEXT)
    assert rejected.summary.caveats == []
    # no fix listed: the proposed kind stands
    assert ground_judgment(judgment(), candidates, TEXT).summary.caveats[0].kind == CaveatKind.UNVERIFIED


def test_a_caveat_fix_for_an_unknown_hedge_or_kind_is_dropped(candidates: Candidates) -> None:
    fixes = [{"hedge": "h9", "kind": "unclear"}, {"hedge": "h1", "kind": "rumour"}]
    grounded = ground_judgment(judgment(caveats=fixes), candidates, TEXT)
    assert grounded.summary.caveats[0].kind == CaveatKind.UNVERIFIED
    assert [str(v) for v in grounded.violations] == [
        "caveats[0]: 'h9' is not one of the listed hedge ids",
        "caveats[1]: 'rumour' is not a caveat kind",
    ]


def test_every_attribution_is_in_the_summary_and_the_speakers_are_its_actors(candidates: Candidates) -> None:
    summary = ground_judgment(judgment(), candidates, TEXT).summary
    assert [a.id for a in summary.attributions] == ["a1", "a2", "a3", "a4"]
    assert [a.id for a in summary.actors] == ["jane-doe", "john-roe"]  # the city neither speaks nor recurs


def test_the_schema_constrains_ids_names_and_hedge_verdicts(candidates: Candidates) -> None:
    schema = judgment_json_schema(candidates)
    props = schema["properties"]
    assert props["claims"]["items"]["properties"]["attribution"]["enum"] == ["a1", "a2", "a3", "a4"]
    assert props["speakers"]["items"]["properties"]["speaker"]["enum"] == ["Jane Doe", "John Roe", "The city"]
    assert props["caveats"]["items"]["properties"]["hedge"]["enum"] == ["h1"]
    assert "not_a_caveat" in props["caveats"]["items"]["properties"]["kind"]["enum"]
    assert props["caveats"]["maxItems"] == 3
    assert props["extra_claims"]["items"]["properties"]["sentences"]["items"]["enum"] == [1, 2, 3, 4, 5, 6]
    assert props["claims"]["maxItems"] == 4


def test_the_schema_offers_only_what_grounding_keeps(candidates: Candidates) -> None:
    props = judgment_json_schema(candidates)["properties"]
    # a speaker fix only where the syntax leaves the source open; dispute sides only for named speakers
    # ("Doe", three letters, is too short to settle it by name; "He" settles nothing)
    assert props["speakers"]["items"]["properties"]["attribution"]["enum"] == ["a2", "a4"]
    assert props["disputes"]["items"]["properties"]["attributions"]["items"]["enum"] == ["a1", "a2", "a3"]


def test_no_dispute_is_offered_with_a_single_named_speaker(candidates: Candidates) -> None:
    one = Candidates(sentences=candidates.sentences, actors=candidates.actors, attributions=[A1, A2, A4], hedges=[])
    assert judgment_json_schema(one)["properties"]["disputes"]["maxItems"] == 0


def test_the_prompt_lists_every_candidate_with_its_speaker(candidates: Candidates) -> None:
    attributions, hedges = render_candidates(candidates)
    assert attributions.splitlines()[0] == 'a1: Jane Doe (said the bridge) [1]: "the bridge repairs cannot wait"'
    assert 'a4: unresolved "He" (did not say)' in attributions
    assert hedges == 'h1: unverified, "could not confirm" [5]'
    user = build_judging_prompt(candidates).messages[1]["content"]
    assert "[6] The bridge opened in 1931." in user
    assert attributions in user


def test_a_speaker_not_named_near_the_attribution_is_refused(candidates: Candidates) -> None:
    grounded = ground_judgment(judgment(speakers=[{"attribution": "a4", "speaker": "The city"}]), candidates, TEXT)
    assert grounded.summary.attributions[3].source_actor is None  # the city is named only after it
    assert [w.code for w in grounded.repairs] == ["rejected_speaker"]


def test_a_statement_that_shares_no_word_with_its_attribution_is_replaced(candidates: Candidates) -> None:
    grounded = ground_judgment(
        judgment(claims=[{"attribution": "a3", "statement": "Doe praised the new library."}]), candidates, TEXT
    )
    (claim,) = grounded.summary.claims
    assert claim.statement == "Council member John Roe said the estimate was inflated"
    assert [w.code for w in grounded.repairs] == ["replaced_statement"]


def test_an_empty_statement_is_replaced_by_the_attribution_as_written(candidates: Candidates) -> None:
    grounded = ground_judgment(judgment(claims=[{"attribution": "a3", "statement": " "}]), candidates, TEXT)
    (claim,) = grounded.summary.claims
    assert claim.statement == "Council member John Roe said the estimate was inflated"
    assert [w.code for w in grounded.repairs] == ["replaced_statement"]
    assert "wrote no statement" in grounded.repairs[0].message


def test_a_bad_dispute_is_dropped_without_a_reask(candidates: Candidates) -> None:
    grounded = ground_judgment(judgment(disputes=[{"issue": "x", "attributions": ["a1", "a2"]}]), candidates, TEXT)
    assert grounded.problems == []
    assert [w.code for w in grounded.warnings()] == ["dropped_dispute"]


def test_the_prompt_names_attributions_after_the_sentence_they_start_in() -> None:
    doc = prepare(TEXT, max_chars=10_000)
    labels = sentence_labels([A1, A2, A3, A4], doc.sentences)
    assert labels == {"a1": "s1", "a2": "s2", "a3": "s3", "a4": "s4"}
    second = A1.model_copy(update={"id": "a9", "content": [ev("repairs cannot wait")]})
    assert sentence_labels([A1, second, A3], doc.sentences) == {"a1": "s1a", "a9": "s1b", "a3": "s3"}


def test_a_line_quotes_its_first_words_only_when_its_sentence_holds_another() -> None:
    doc = prepare(TEXT, max_chars=10_000)
    second = A1.model_copy(update={"id": "a9", "content": [ev("repairs cannot wait")]})
    shown = [A1, second, A3]
    both = Candidates(sentences=doc.sentences, actors=[], attributions=shown, hedges=[],
                      labels=sentence_labels(shown, doc.sentences))  # fmt: skip
    lines = render_candidates(both)[0].splitlines()
    assert lines[0].startswith("s1a: ") and lines[0].endswith(': "the bridge repairs cannot wait"')
    assert lines[1].startswith("s1b: ") and lines[1].endswith(': "repairs cannot wait"')
    assert lines[2].startswith("s3: ") and '"' not in lines[2].split(")", 1)[1]
    unlabelled = Candidates(sentences=doc.sentences, actors=[], attributions=[A3], hedges=[])
    assert render_candidates(unlabelled)[0].endswith(': "the estimate was inflated"')  # its id names no sentence


def test_answers_in_prompt_ids_are_read_back_to_the_analysis_ids(candidates: Candidates) -> None:
    labelled = Candidates(sentences=candidates.sentences, actors=candidates.actors, attributions=[A1, A2, A3, A4],
                          hedges=[H1], labels={"a1": "s1", "a2": "s2", "a3": "s3", "a4": "s4"})  # fmt: skip
    assert render_candidates(labelled)[0].splitlines()[0] == "s1: Jane Doe (said the bridge)"
    props = judgment_json_schema(labelled)["properties"]
    assert props["claims"]["items"]["properties"]["attribution"]["enum"] == ["s1", "s2", "s3", "s4"]
    grounded = ground_judgment(
        judgment(claims=[{"attribution": "s3", "statement": "The estimate was inflated."}],
                 disputes=[{"issue": "the bridge", "attributions": ["s1", "s3"]}],
                 speakers=[{"attribution": "s4", "speaker": "John Roe"}]),
        labelled, TEXT)  # fmt: skip
    assert [c.attributions for c in grounded.summary.claims] == [["a3"]]
    assert [p.actor for p in grounded.summary.disputes[0].positions] == ["jane-doe", "john-roe"]
    assert grounded.summary.attributions[3].source_actor == "john-roe"
    # an id the prompt did not show stays as written, and is refused
    refused = ground_judgment(judgment(claims=[{"attribution": "a3", "statement": "x"}]), labelled, TEXT)
    assert [str(v) for v in refused.violations] == [
        "claims[0]: 'a3 (not listed)' is not one of the listed attribution ids"
    ]


@pytest.mark.parametrize(
    ("written", "actor", "expected"),
    [
        ("he", ROE, True),
        ("He", CITY, False),
        ("it", CITY, True),
        ("it", ROE, False),
        ("they", CITY, True),
        ("the council member", ROE, True),  # the head noun of his stated role
        ("the city's engineer", CITY, False),  # a person of the city, not the city
        ("a spokesman for the city", CITY, True),  # names the actor
        ("the mayor", ROE, False),
    ],
)
def test_a_model_speaker_must_fit_the_words_the_article_uses(written: str, actor: Actor, expected: bool) -> None:
    assert fits(actor, written) is expected


def test_a_statement_about_another_sentence_is_replaced_by_the_attribution_as_written(candidates: Candidates) -> None:
    # the model words sentence 3 (Roe's estimate) under Doe's quote, sharing one word with the quote
    grounded = ground_judgment(
        judgment(claims=[{"attribution": "a2", "statement": "The river estimate was inflated"}]), candidates, TEXT
    )
    (claim,) = grounded.summary.claims
    assert claim.statement == "\u201cWe cannot let it fall into the river,\u201d Doe told"
    assert "is about sentence 3" in grounded.repairs[0].message
    # a statement closest to its own sentence stands
    kept = ground_judgment(judgment(claims=[{"attribution": "a3", "statement": "Estimate inflated"}]), candidates, TEXT)
    assert kept.summary.claims[0].statement == "Estimate inflated"


def test_a_relation_too_short_to_carry_a_claim_is_left_out_of_the_prompt() -> None:
    doc = prepare(TEXT, max_chars=10_000)
    short = A3.model_copy(update={"id": "a5", "content": [ev("the estimate")]})
    analysis = Analysis(language="en", actors=[DOE, ROE, CITY], attributions=[A1, short], hedges=[])
    shown = Candidates.of(analysis, doc.sentences)
    assert [a.id for a in shown.attributions] == ["a1"]


def test_a_statement_copied_at_length_is_cut_to_a_short_line(candidates: Candidates) -> None:
    long = "the bridge repairs cannot wait " + "because the river is rising fast " * 8
    (claim,) = ground_judgment(judgment(claims=[{"attribution": "a1", "statement": long}]), candidates, TEXT).summary.claims
    assert len(claim.statement) <= 160
    assert claim.statement.endswith("…")
    assert claim.statement.startswith("the bridge repairs cannot wait because")


def test_a_statement_that_repeats_the_prompt_line_is_replaced_by_the_attribution_as_written(candidates: Candidates) -> None:
    line = next(x for x in render_candidates(candidates)[0].splitlines() if "Roe" in x)
    echo = line.split(": ", 1)[1].replace('"', "'")  # the line after its id, as the model copies it
    grounded = ground_judgment(judgment(claims=[{"attribution": "a3", "statement": echo}]), candidates, TEXT)
    assert grounded.summary.claims[0].statement == "Council member John Roe said the estimate was inflated"
    assert "repeats the prompt's line" in grounded.repairs[0].message


def test_a_few_words_cut_from_the_attributed_words_are_replaced_by_the_attribution_as_written(candidates: Candidates) -> None:
    grounded = ground_judgment(judgment(claims=[{"attribution": "a1", "statement": "the bridge repairs"}]), candidates, TEXT)
    assert grounded.summary.claims[0].statement == "Mayor Jane Doe said the bridge repairs cannot wait"
    assert "a few words cut from" in grounded.repairs[0].message
    # a short statement in the model's own words stands, and so do the whole attributed words
    for statement in ("Repairs are urgent", "the bridge repairs cannot wait"):
        kept = ground_judgment(judgment(claims=[{"attribution": "a1", "statement": statement}]), candidates, TEXT)
        assert kept.summary.claims[0].statement == statement
        assert not kept.repairs


def _written(text: str, source: str | None, cue: str | None, content: str) -> str:
    def at(fragment: str) -> list[Evidence]:
        start = text.index(fragment)
        return [Evidence(text=fragment, start=start, end=start + len(fragment))]

    attribution = Attribution(id="a1", kind=AttributionKind.INDIRECT, source_actor=None,
                              source=at(source) if source else [], cue=at(cue) if cue else [], content=at(content))  # fmt: skip
    return as_written(attribution, text)


def test_the_attribution_as_written_keeps_who_and_how_and_only_unmatched_double_quotes() -> None:
    text = "Later, \u201cWe will appeal,\u201d said Ann Lee, who led the company\u2019s board."
    assert _written(text, "Ann Lee", "said", "We will appeal,") == "\u201cWe will appeal,\u201d said Ann Lee"
    straight = 'Ann Lee said "we will appeal" on Monday.'
    assert _written(straight, "Ann Lee", "said", "we will appeal") == 'Ann Lee said "we will appeal"'
    mid = "Ann Lee said the company\u2019s board would appeal."
    assert _written(mid, "Ann Lee", "said", "the company") == "Ann Lee said the company"  # an apostrophe is no quote
    assert _written(text, None, "said", "We will appeal,") == "\u201cWe will appeal,\u201d said"  # no source


def test_the_attribution_as_written_falls_back_to_its_words_when_its_parts_lie_apart() -> None:
    far = "Ann Lee, " + "who has run the firm for many years and knows its every secret, " * 3 + "said it would pay."
    assert _written(far, "Ann Lee", "said", "it would pay") == "it would pay"
    apart = "Ann Lee spoke first.\n\nIt would pay, she said."
    assert _written(apart, "Ann Lee", "said", "It would pay") == "It would pay"
    markup = "<p>Ann Lee</p><p>said it would pay</p>"
    assert _written(markup, "Ann Lee", "said", "it would pay") == "it would pay"


def test_a_long_attribution_as_written_cuts_its_words_and_keeps_who_and_how() -> None:
    words = "We will appeal this ruling in every court that will hear us, " * 4 + "and we will win"
    text = f"\u201c{words},\u201d Ann Lee said on Monday."
    statement = _written(text, "Ann Lee", "said", f"{words},")
    assert len(statement) <= 160
    assert statement.startswith("\u201cWe will appeal this ruling") and statement.endswith("\u2026\u201d Ann Lee said")

    inside = f"She said: \u201c{words}.\u201d"  # the content holds its quotation marks
    statement = _written(inside, "She", "said", f"\u201c{words}.\u201d")
    assert len(statement) <= 160
    assert statement.startswith("She said: \u201cWe will appeal") and statement.endswith("\u2026\u201d")
    opened = f"She said: \u201c{words}\u201d today."  # the content opens the quotation; the mark after closes it
    statement = _written(opened, "She", "said", f"\u201c{words}")
    assert statement.endswith("\u2026\u201d") and statement.count("\u201d") == 1
