"""Attribution rules, one test (or a few) per rule, on sentences written for the tests.

Assertions are on kinds and spans only: the actor index may still be a stub.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from summarizer.analysis import analyze, prepare_text
from summarizer.analysis.attr_context import Context
from summarizer.analysis.attr_frames import capitalised_before
from summarizer.analysis.parse import parse_document
from summarizer.core.schema import Analysis, Attribution, AttributionKind

EXAMPLE = Path(__file__).resolve().parent.parent / "examples" / "popov_fired_for_truth.txt"


def _texts(evidence: list) -> list[str]:
    return [e.text for e in evidence]


def _by_cue(analysis: Analysis, cue: str) -> Attribution:
    found = [a for a in analysis.attributions if cue in " ".join(_texts(a.cue))]
    assert found, f"no attribution with cue {cue!r}: {[_texts(a.cue) for a in analysis.attributions]}"
    return found[0]


def _check_offsets(text: str, analysis: Analysis) -> None:
    for a in analysis.attributions:
        for e in [*a.source, *a.cue, *a.content]:
            assert text[e.start : e.end] == e.text


# -- quotes ---------------------------------------------------------------------------------------


def test_quote_before_cue_and_source() -> None:
    text = "\u201cWe will rebuild the bridge,\u201d Mayor Jane Doe said on Tuesday."
    a = _by_cue(analyze(text), "said")
    assert a.kind == AttributionKind.DIRECT_QUOTE
    assert _texts(a.cue) == ["said"]
    assert _texts(a.source) == ["Mayor Jane Doe"]
    assert _texts(a.content) == ["\u201cWe will rebuild the bridge,\u201d"]


def test_inverted_cue_straight_quotes() -> None:
    text = '"The plan is sound," said Ann Lee, a planner at the city council.'
    a = _by_cue(analyze(text), "said")
    assert a.kind == AttributionKind.DIRECT_QUOTE
    assert _texts(a.source) == ["Ann Lee, a planner at the city council"]
    assert _texts(a.content) == ['"The plan is sound,"']


def test_quote_continues_over_sentences_and_paragraphs() -> None:
    text = (
        "\u201cWe had no choice,\u201d the minister said. \u201cThe roads were closed.\u201d\n\n"
        "\u201cNobody could reach the villages for days.\u201d\n\n"
        "The storm passed on Friday."
    )
    analysis = analyze(text)
    a = _by_cue(analysis, "said")
    assert a.kind == AttributionKind.DIRECT_QUOTE
    assert _texts(a.source) == ["the minister"]
    contents = _texts(a.content)
    assert contents[0] == "\u201cWe had no choice,\u201d"
    assert "\u201cThe roads were closed.\u201d" in contents
    assert "\u201cNobody could reach the villages for days.\u201d" in contents
    assert not any("storm" in c for c in contents)
    assert len(analysis.attributions) == 1


def test_quote_split_by_cue() -> None:
    text = "\u201cWe are ready,\u201d she said, \u201cand we will not wait.\u201d"
    a = _by_cue(analyze(text), "said")
    assert _texts(a.content) == ["\u201cWe are ready,\u201d", "\u201cand we will not wait.\u201d"]


def test_colon_introduces_quote_in_next_paragraph() -> None:
    text = "The senator added:\n\n\u201cThis vote is about our schools, not about politics.\u201d"
    a = _by_cue(analyze(text), "added")
    assert _texts(a.cue) == ["added:"]
    assert _texts(a.source) == ["The senator"]
    assert _texts(a.content) == ["\u201cThis vote is about our schools, not about politics.\u201d"]


# -- reported speech, beliefs, plans --------------------------------------------------------------


def test_clausal_complement_keeps_that() -> None:
    text = "The governor said that the budget would be balanced next year."
    a = _by_cue(analyze(text), "said")
    assert a.kind == AttributionKind.INDIRECT
    assert _texts(a.source) == ["The governor"]
    assert _texts(a.content) == ["that the budget would be balanced next year"]


def test_postposed_cue_takes_the_clause_before() -> None:
    text = "The factory will close in March, the company said."
    a = _by_cue(analyze(text), "said")
    assert _texts(a.source) == ["the company"]
    assert _texts(a.content) == ["The factory will close in March"]


def test_parenthetical_cue_takes_both_sides() -> None:
    text = "The new rules, officials said, will take effect in June."
    a = _by_cue(analyze(text), "said")
    assert _texts(a.source) == ["officials"]
    assert _texts(a.content) == ["The new rules", "will take effect in June"]


def test_told_reporters_leaves_out_the_addressee() -> None:
    text = "The coach told reporters that the team would play on Sunday."
    a = _by_cue(analyze(text), "told")
    assert _texts(a.source) == ["The coach"]
    assert _texts(a.content) == ["that the team would play on Sunday"]


def test_denied() -> None:
    text = "The spokesman denied that the company had hidden the losses."
    a = _by_cue(analyze(text), "denied")
    assert _texts(a.content) == ["that the company had hidden the losses"]


@pytest.mark.parametrize(
    ("text", "cue", "content"),
    [
        ("Most residents believe the new park is too small.", "believe", "the new park is too small"),
        ("The union plans to strike next month.", "plans", "to strike next month"),
        ("The mayor wants to open two new libraries.", "wants", "to open two new libraries"),
        ("Economists expect prices to rise again.", "expect", "prices to rise again"),
    ],
)
def test_beliefs_and_plans(text: str, cue: str, content: str) -> None:
    a = _by_cue(analyze(text), cue)
    assert _texts(a.content) == [content]
    assert a.source


def test_auxiliaries_and_particles_join_the_cue() -> None:
    a = _by_cue(analyze("The inspector has pointed out that the wiring was unsafe."), "pointed")
    assert _texts(a.cue) == ["has pointed out"]
    assert _texts(a.content) == ["that the wiring was unsafe"]


def test_participle_after_the_cue_is_a_second_relation() -> None:
    text = "The chairman said the talks had failed, adding that he would resign."
    analysis = analyze(text)
    said, adding = _by_cue(analysis, "said"), _by_cue(analysis, "adding")
    assert _texts(said.content) == ["the talks had failed"]
    assert _texts(adding.source) == ["The chairman"]
    assert _texts(adding.content) == ["that he would resign"]


@pytest.mark.parametrize(
    ("text", "cue"),
    [
        ("The governor praised the ruling but stopped short of calling the verdict fair.", "calling"),
        ("The senator came close to admitting that the bill had failed.", "admitting"),
    ],
)
def test_a_participle_after_a_modified_preposition_borrows_the_subject(text: str, cue: str) -> None:
    a = _by_cue(analyze(text), cue)
    assert _texts(a.source) == [text.split(" ", 2)[0] + " " + text.split(" ", 2)[1]]


@pytest.mark.parametrize(
    ("text", "cue", "source"),
    [
        ("The committee held Marsh in contempt of Congress for refusing to testify about the deal.", "refusing", "Marsh"),
        ("Voters punished Lund for promising to cut the school budget.", "promising", "Lund"),
        ("Democrats blasted Lund for failing to make clear that the vote was only advisory.", "to make", "Lund"),
        ("The mayor made a point of saying that the budget was balanced.", "saying", "The mayor"),  # no named object
        ("Lund was punished for promising to cut the school budget.", "promising", "Lund"),  # passive: the subject
    ],
)
def test_a_participle_after_for_or_of_is_done_by_the_named_object(text: str, cue: str, source: str) -> None:
    assert _texts(_by_cue(analyze(text), cue).source) == [source]


def test_nested_relation_is_not_separate() -> None:
    text = "The lawyer said her client believes the judge was unfair."
    analysis = analyze(text)
    assert [_texts(a.cue) for a in analysis.attributions] == [["said"]]


# -- passives, according to, nouns ----------------------------------------------------------------


def test_passive_without_source() -> None:
    text = "It was reported that the two leaders would meet in Geneva."
    a = _by_cue(analyze(text), "reported")
    assert a.source == []
    assert _texts(a.content) == ["that the two leaders would meet in Geneva"]


def test_passive_with_agent() -> None:
    text = "The proposal was rejected by the city council."
    a = _by_cue(analyze(text), "rejected")
    assert _texts(a.cue) == ["was rejected by"]
    assert _texts(a.source) == ["the city council"]
    assert _texts(a.content) == ["The proposal"]


@pytest.mark.parametrize(
    ("text", "content"),
    [
        ("Unemployment fell in May, according to officials.", "Unemployment fell in May"),
        ("According to officials, unemployment fell in May.", "unemployment fell in May"),
    ],
)
def test_according_to(text: str, content: str) -> None:
    a = _by_cue(analyze(text), "ccording to")
    assert a.kind == AttributionKind.ACCORDING_TO
    assert _texts(a.source) == ["officials"]
    assert _texts(a.content) == [content]


def test_statement_medium_stays_out_of_the_content() -> None:
    text = "The ministry said in a statement that the border would stay open."
    a = _by_cue(analyze(text), "said")
    assert _texts(a.source) == ["The ministry"]
    assert _texts(a.content) == ["that the border would stay open"]


def test_a_name_the_parser_read_as_a_noun_is_the_source_of_the_cue_after_it() -> None:
    # the small pipeline tags "Lund" NN and "charges" NNS here: a noun phrase with no holder
    text = "Mayor Jane Lund spoke on Monday.\n\nLund charges that the council hid the costs of the bridge."
    analysis = analyze(text)
    a = _by_cue(analysis, "charges")
    assert _texts(a.source) == ["Lund"]
    assert a.source_actor == "jane-lund"
    assert _texts(a.content)[0].startswith("that the council hid")


def test_a_name_the_parser_read_as_a_verb_is_the_subject_of_the_cue_after_it() -> None:
    # "Trump" is also an English verb: the small pipeline makes it the sentence's root here
    text = "Trump openly admires Governor Ann Marsh as a capable leader, comparing her favorably to Mayor Lund."
    a = _by_cue(analyze(text), "admires")
    assert _texts(a.source) == ["Trump"]


@pytest.mark.parametrize(
    ("text", "cue", "source"),
    [
        ("But Reyes claims that he left.", "claims", "Reyes"),
        ("Jane Lund claims that he left.", "claims", "Jane Lund"),
        ("In Boston Reyes said that he left.", "said", None),  # a preposition opens the sentence
        ("The Reyes claims were false.", "claims", None),  # a determiner: a noun phrase
        ("Critics of Reyes claim that he left.", "claim", None),  # the capitalised word follows "of"
    ],
)
def test_capitalised_words_opening_the_clause_of_a_cue(text: str, cue: str, source: str | None) -> None:
    parsed = parse_document(prepare_text(text))
    ctx = Context(parsed)
    i = next(t.i for t in parsed.doc if t.text == cue)
    found = capitalised_before(ctx, (i, i + 1))
    assert (parsed.doc[found[0] : found[1]].text if found else None) == source


def test_possessive_claim_noun() -> None:
    text = "The contractor's claims that the work was finished surprised the board."
    analysis = analyze(text)
    claim = _by_cue(analysis, "claims")
    assert _texts(claim.source) == ["The contractor's"]
    assert _texts(claim.content) == ["that the work was finished"]


def test_poll_found() -> None:
    text = "The poll found that most voters support the measure."
    a = _by_cue(analyze(text), "found")
    assert _texts(a.source) == ["The poll"]
    assert _texts(a.content) == ["that most voters support the measure"]


def test_mixed_quote() -> None:
    text = "She said the council had acted \u201cwithout any shame\u201d in the matter."
    a = _by_cue(analyze(text), "said")
    assert a.kind == AttributionKind.MIXED
    assert _texts(a.content) == ["the council had acted \u201cwithout any shame\u201d in the matter"]


# -- punctuation cues, non-attributions -----------------------------------------------------------


def test_transcript_speaker_colon() -> None:
    text = "HOST: Thank you for joining us this morning.\n\nGUEST: It is a pleasure to be here."
    analysis = analyze(text)
    cues = [_texts(a.cue) for a in analysis.attributions]
    assert cues == [[":"], [":"]]
    assert _texts(analysis.attributions[1].source) == ["GUEST"]
    assert _texts(analysis.attributions[1].content) == ["It is a pleasure to be here"]


def test_a_section_heading_before_a_colon_is_no_speaker() -> None:
    text = (
        "Harbor board meets.\n\n"
        "Dredging Costs Outrun Budgets: The port spent twice its plan last year.\n\n"
        "Sen. Ann Marsh: We will look at every line of it.\n\n"
        "REP. DANA WELK OF OREGON: The budget was never realistic."
    )
    sources = [_texts(a.source) for a in analyze(text).attributions if _texts(a.cue) == [":"]]
    assert sources == [["Sen. Ann Marsh"], ["REP. DANA WELK OF OREGON"]]


def test_signed_quote_with_dash() -> None:
    text = "\u201cThe river is rising faster than last year.\u201d \u2015 Maria Lopez"
    a = _by_cue(analyze(text), "\u2015")
    assert _texts(a.source) == ["Maria Lopez"]
    assert _texts(a.content) == ["\u201cThe river is rising faster than last year.\u201d"]


@pytest.mark.parametrize(
    "text",
    [
        "The bridge was closed for repairs on Monday.",
        "Imagine a city without cars.",
        "Later he appeared on \u201cMorning Report\u201d to discuss the weather.",
    ],
)
def test_no_attribution(text: str) -> None:
    analysis = analyze(text)
    assert [a for a in analysis.attributions if "appeared" in " ".join(_texts(a.cue))] == []
    if "discuss" not in text:
        assert analysis.attributions == []


# -- properties and the reference article ---------------------------------------------------------


@pytest.mark.parametrize(
    "text",
    [
        "\u201cWe will rebuild,\u201d she said.\n\n\u201cIt will take years.\u201d\n\nOfficials disagreed, saying it "
        "would take months, according to a report.",
        "  Leading spaces.  The mayor said that taxes would rise.\n\n\n  Another paragraph, he added.  ",
        "PRESS: \u201cWhy now?\u201d\n\nMINISTER: Because the law says so, the minister said.",
    ],
)
def test_every_span_indexes_the_original(text: str) -> None:
    _check_offsets(text, analyze(text))


def test_reference_article() -> None:
    text = EXAMPLE.read_text(encoding="utf-8")
    analysis = analyze(text)
    _check_offsets(text, analysis)
    relations = analysis.attributions
    popov = [a for a in relations if a.kind == AttributionKind.DIRECT_QUOTE and "Popov" in " ".join(_texts(a.source))]
    assert popov, "Popov's quote is attributed to Popov"
    assert any("he" in _texts(a.source) and a.kind == AttributionKind.DIRECT_QUOTE for a in relations)
    turchak = [a for a in relations if _texts(a.source) == ["Turchak"]]
    assert turchak and turchak[0].kind == AttributionKind.DIRECT_QUOTE
    assert _texts(turchak[0].cue) == ["said"]
    assert turchak[0].content[0].text.startswith("\u201cThe fact that")
    prigozhin = _by_cue(analysis, "complained")
    assert "Yevgeny Prigozhin" in _texts(prigozhin.source)[0]
    assert prigozhin.content[0].text.startswith("that")
    assert "did not supply his troops" in prigozhin.content[0].text
    start = text.index("Popov\u2019s apparent statement")
    end = text.index("\n", start)
    in_sentence = [a for a in relations if any(start <= e.start < end for e in [*a.cue, *a.source])]
    assert not [a for a in in_sentence if a.source], "the outlet's own sentence has no attributed source"
    assert not [a for a in relations if "asked for" in " ".join(_texts(a.cue))], "a request for comment has no content"
