"""Hedges: where the outlet marks its own uncertainty, with the cue, the sentence and a kind.

Every text here is written for the test.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from summarizer.analysis import analyze
from summarizer.core.schema import CaveatKind, Hedge

UNVERIFIED = CaveatKind.UNVERIFIED
NO_COMMENT = CaveatKind.NO_COMMENT
UNCLEAR = CaveatKind.UNCLEAR
ANONYMOUS = CaveatKind.ANONYMOUS_SOURCE
SINGLE = CaveatKind.SINGLE_SOURCE
CONFLICTING = CaveatKind.CONFLICTING_ACCOUNTS


def hedges(text: str) -> list[Hedge]:
    return analyze(text).hedges


def cues(text: str) -> list[tuple[CaveatKind, str]]:
    return [(h.kind, h.cue.text) for h in hedges(text)]


CASES = [
    # not confirmed or verified
    ("The Harbor Authority could not independently confirm the figures.", UNVERIFIED, "could not independently confirm"),
    ("The council has not been able to independently confirm that the video shows the pier.", UNVERIFIED,
     "has not been able to independently confirm"),
    ("The report has not been verified by the council.", UNVERIFIED, "has not been verified"),
    ("The figures could not be verified.", UNVERIFIED, "could not be verified"),
    ("The council was unable to verify the claim.", UNVERIFIED, "unable to verify"),
    ("The agency has yet to confirm the report.", UNVERIFIED, "has yet to confirm"),
    ("The claim is unconfirmed.", UNVERIFIED, "unconfirmed"),
    ("The contractor purportedly skipped two inspections.", UNVERIFIED, "purportedly"),
    ("The builder allegedly ignored the warnings.", UNVERIFIED, "allegedly"),
    ("The firm reportedly paid a fine.", UNVERIFIED, "reportedly"),
    ("The mayor apparently knew about the cracks.", UNVERIFIED, "apparently"),
    ("The mayor's apparent warning came in May.", UNVERIFIED, "apparent"),
    ("The inspector appears to say the beams were rusted.", UNVERIFIED, "appears to"),
    ("The video appears to be from May.", UNVERIFIED, "appears to"),
    ("The mayor said without evidence that the contractor lied.", UNVERIFIED, "without evidence"),
    # no comment
    ("A spokeswoman for the port did not immediately respond to a request for comment.", NO_COMMENT,
     "did not immediately respond"),
    ("The mayor's office declined to comment on the inspection.", NO_COMMENT, "declined to comment"),
    ("The company was asked for comment on Friday.", NO_COMMENT, "was asked for comment"),
    ("The Transport Ministry has been asked for comment.", NO_COMMENT, "has been asked for comment"),
    ("Officials could not be reached for comment.", NO_COMMENT, "could not be reached"),
    ("A spokesman said the company had no immediate comment.", NO_COMMENT, "no immediate comment"),
    ("The contractor did not return calls on Monday.", NO_COMMENT, "did not return calls"),
    # unclear or not known
    ("It is not clear when the bridge will reopen.", UNCLEAR, "It is not clear"),
    ("It was unclear whether the council would vote.", UNCLEAR, "It was unclear"),
    ("It was not immediately clear how the crack formed.", UNCLEAR, "It was not immediately clear"),
    ("It is not known how many residents were evacuated.", UNCLEAR, "It is not known"),
    ("The cause of the collapse remains unknown.", UNCLEAR, "remains unknown"),
    ("The engineer did not say how the crack formed.", UNCLEAR, "did not say how"),
    ("The mayor did not explain why the pier closed.", UNCLEAR, "did not explain why"),
    ("It remains to be seen whether the plan will work.", UNCLEAR, "remains to be seen"),
    # anonymous and single sources
    ("One inspector, speaking on condition of anonymity, said the beams were rusted.", ANONYMOUS,
     "speaking on condition of anonymity"),
    ("The decision was made in May, according to a person familiar with the talks.", ANONYMOUS,
     "according to a person familiar with"),
    ("People familiar with the plan said it was dead.", ANONYMOUS, "People familiar with"),
    ("An official who asked not to be named said the bridge was safe.", ANONYMOUS, "asked not to be named"),
    ("The mayor's aide declined to be identified.", ANONYMOUS, "declined to be identified"),
    ("Anonymous sources said the plan was dead.", ANONYMOUS, "Anonymous sources"),
    ("The account rests on a single source.", SINGLE, "single source"),
    # conflicting accounts
    ("The contractor disputed the account.", CONFLICTING, "disputed"),
    ("There were conflicting reports about the number of workers on the site.", CONFLICTING, "conflicting reports"),
    ("The inspector's account was contradicted by two witnesses.", CONFLICTING, "was contradicted"),
]  # fmt: skip


@pytest.mark.parametrize(("text", "kind", "cue"), CASES, ids=[c[2] for c in CASES])
def test_each_pattern_is_one_hedge_with_its_cue_and_kind(text: str, kind: CaveatKind, cue: str) -> None:
    assert cues(text) == [(kind, cue)]


@pytest.mark.parametrize(
    "text",
    [
        "The mayor confirmed the figures.",
        "The council verified the report on Monday.",
        "The mayor did not say he would resign.",  # a denial reported, not an unknown
        "The rules are clear.",
        "The disputed territory lies to the east.",
        "The inspector appeared in court on Monday.",
        "The troops did not return home.",
        "He is not known for restraint.",
        "The official was not named in the indictment.",
        "The blunt language seemed to reverberate across the hall.",  # no source or evidence vouched for
        "The first attack received no public response.",
        "The manager has never told them what to say.",
        "The penalties for not disclosing subsidiaries are light.",
    ],
)
def test_plain_statements_are_no_hedges(text: str) -> None:
    assert cues(text) == []


def test_a_hedge_inside_a_direct_quote_is_the_speakers_not_the_outlets() -> None:
    assert cues("\u201cWe could not confirm it, and it is not clear why,\u201d the mayor said.") == []
    assert cues('"The figures are unverified," the mayor said.') == []
    assert cues("''There is no evidence of that,'' the mayor said.") == []  # the corpus style of quotes
    quoted_then_own = "\u201cIt is not clear,\u201d the mayor said. The council could not verify the figures."
    assert cues(quoted_then_own) == [(UNVERIFIED, "could not verify")]


def test_one_hedge_per_cue() -> None:
    found = cues("The mayor did not immediately respond to a request for comment, and declined to comment later.")
    assert found == [(NO_COMMENT, "did not immediately respond"), (NO_COMMENT, "declined to comment")]
    assert cues("Officials declined to confirm the report.") == [(NO_COMMENT, "declined to confirm")]


def test_a_hedge_carries_its_sentence_and_number() -> None:
    text = "The pier closed on Monday. The council could not verify the figures. Repairs start in May."
    (hedge,) = hedges(text)
    assert hedge.sentence.text == "The council could not verify the figures."
    assert hedge.sentence_number == 2
    assert hedge.id == "h1"
    assert hedge.sentence.start <= hedge.cue.start < hedge.cue.end <= hedge.sentence.end


def test_hedges_are_in_article_order() -> None:
    text = (
        "The contractor allegedly skipped two inspections.\n\n"
        "It is not clear when the pier will reopen. The ministry has been asked for comment."
    )
    assert [h.kind for h in hedges(text)] == [UNVERIFIED, UNCLEAR, NO_COMMENT]
    assert [h.id for h in hedges(text)] == ["h1", "h2", "h3"]


# -- offsets --------------------------------------------------------------------------------------------

HEDGED = [c[0] for c in CASES[::3]]
SENTENCES = [
    *HEDGED[::2],
    "\u201cIt is old,\u201d she said.",
    "Ms. \u00c9lodie M\u00fcller, the ministry\u2019s spokeswoman, declined to comment.",
]
SPACES = [" ", "  ", "\u00a0", "\t", " \u200b"]
BREAKS = ["\n\n", "\r\n\r\n", "\n \n", "\n\n\n"]


@st.composite
def articles(draw: st.DrawFn) -> str:
    paragraphs = draw(st.lists(st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=3), min_size=1, max_size=4))
    paragraphs[0].insert(0, draw(st.sampled_from(HEDGED)))  # at least one hedge
    return "".join(draw(st.sampled_from(SPACES)).join(p) + draw(st.sampled_from(BREAKS)) for p in paragraphs)


@settings(deadline=None, max_examples=25, suppress_health_check=[HealthCheck.too_slow])
@given(articles())
def test_every_cue_and_sentence_indexes_the_original(text: str) -> None:
    analysis = analyze(text)
    assert analysis.hedges
    for hedge in analysis.hedges:
        assert text[hedge.cue.start : hedge.cue.end] == hedge.cue.text
        assert text[hedge.sentence.start : hedge.sentence.end] == hedge.sentence.text
        assert hedge.sentence.start <= hedge.cue.start and hedge.cue.end <= hedge.sentence.end
