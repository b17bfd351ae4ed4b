"""Warnings point at their item: ``item`` is a reference to an item that is in the result, or None."""

from __future__ import annotations

from typing import Any

import pytest

from summarizer.core.schema import (
    Actor,
    Attribution,
    Caveat,
    Claim,
    Dispute,
    Evidence,
    Position,
    Summary,
    SummaryResult,
    SummaryWarning,
    WarningCode,
    item_ref,
    parse_item_ref,
)
from summarizer.grounding.ground import ground
from summarizer.grounding.judged import ground_judgment
from summarizer.grounding.merge import merge_results
from summarizer.prompting.candidates import Candidates
from summarizer.text.clean import clean
from summarizer.text.document import prepare
from summarizer.text.sentences import split_sentences
from tests.test_grounding import wire
from tests.test_judged import A1, A2, A3, A4, CITY, DOE, H1, ROE, TEXT, judgment

Item = Actor | Claim | Attribution | Dispute | Caveat


def resolve(summary: Summary, ref: str) -> Item | None:
    """The item ``ref`` points at in ``summary``, or None."""
    kind, key = parse_item_ref(ref)
    if kind == "actor":
        return summary.actor(key)
    if kind == "claim":
        return next((c for c in summary.claims if c.id == key), None)
    if kind == "attribution":
        return next((a for a in summary.attributions if a.id == key), None)
    items: list[Dispute] | list[Caveat] = summary.disputes if kind == "dispute" else summary.caveats
    return items[int(key) - 1] if int(key) <= len(items) else None


def check_refs(summary: Summary, warnings: list[SummaryWarning]) -> None:
    """Every ``item`` resolves to an item of ``summary``."""
    for w in warnings:
        if w.item is not None:
            assert resolve(summary, w.item) is not None, w


def items(warnings: list[SummaryWarning], code: WarningCode) -> list[str | None]:
    return [w.item for w in warnings if w.code is code]


# --- the judging path -------------------------------------------------------------------


@pytest.fixture
def candidates() -> Candidates:
    """The candidates of tests.test_judged: Doe and Roe on a bridge, a4 an unresolved "He"."""
    doc = prepare(TEXT, max_chars=10_000)
    return Candidates(sentences=doc.sentences, actors=[DOE, ROE, CITY], attributions=[A1, A2, A3, A4], hedges=[H1])


def test_speaker_warnings_point_at_their_attribution(candidates):
    for speakers, code in [
        ([{"attribution": "a3", "speaker": "Jane Doe"}], WarningCode.CORRECTED_SPEAKER),
        ([{"attribution": "a4", "speaker": "John Roe"}], WarningCode.SPEAKER_FROM_MODEL),
        ([{"attribution": "a4", "speaker": "The city"}], WarningCode.REJECTED_SPEAKER),
    ]:
        grounded = ground_judgment(judgment(speakers=speakers), candidates, TEXT)
        [warning] = grounded.warnings()
        assert (warning.code, warning.item) == (code, f"attribution:{speakers[0]['attribution']}")
        attribution = resolve(grounded.summary, warning.item)
        assert isinstance(attribution, Attribution) and attribution.id == speakers[0]["attribution"]


def test_a_replaced_statement_points_at_its_claim_and_a_repeat_at_nothing(candidates):
    claims = [
        {"attribution": "a1", "statement": "The bridge repairs cannot wait."},
        {"attribution": "a1", "statement": "Again."},  # a repeat: left out
        {"attribution": "a3", "statement": "Doe praised the new library."},  # replaced
    ]
    grounded = ground_judgment(judgment(claims=claims), candidates, TEXT)
    warnings = grounded.warnings()
    assert items(warnings, WarningCode.DUPLICATE_CLAIM) == [None]
    assert items(warnings, WarningCode.REPLACED_STATEMENT) == ["claim:c2"]
    claim = resolve(grounded.summary, "claim:c2")
    assert isinstance(claim, Claim) and claim.statement == "Council member John Roe said the estimate was inflated"


def test_a_corrected_claimant_points_at_the_extra_claim(candidates):
    grounded = ground_judgment(
        judgment(
            claims=[{"attribution": "a1", "statement": "The bridge repairs cannot wait."}],
            extra_claims=[{"claimant": "outlet", "statement": "The estimate is inflated.", "sentences": [3]}],
        ),
        candidates,
        TEXT,
    )
    [ref] = items(grounded.warnings(), WarningCode.CORRECTED_CLAIMANT)
    claim = resolve(grounded.summary, ref or "")
    assert isinstance(claim, Claim) and (claim.id, claim.claimant) == ("c2", "john-roe")


def test_dropped_items_of_a_judgment_point_at_nothing(candidates):
    grounded = ground_judgment(
        judgment(
            claims=[{"attribution": "a9", "statement": "x"}],
            speakers=[{"attribution": "a9", "speaker": "Jane Doe"}],
            disputes=[{"issue": "x", "attributions": ["a1", "a2"]}],
        ),
        candidates,
        TEXT,
    )
    codes = {w.code: w.item for w in grounded.warnings()}
    assert codes == {WarningCode.DROPPED_CLAIM: None, WarningCode.DROPPED_SPEAKER: None,
                     WarningCode.DROPPED_DISPUTE: None}  # fmt: skip


# --- the model-only path ----------------------------------------------------------------


@pytest.fixture(scope="module")
def doc(article_text):
    return article_text, split_sentences(clean(article_text))


def run(doc, **overrides: Any):
    original, sentences = doc
    grounded = ground(wire(**overrides), original, sentences)
    check_refs(grounded.summary, grounded.warnings())
    return grounded


NBC = "NBC News has not been able to independently confirm that the audio features Popov."
"""What sentence 6 of the reference article says; a citation of sentence 7 for it is moved to 6."""


def test_attribution_checks_point_at_their_claims(doc):
    said = {"attribution": "direct_quote", "statement": "The army was beheaded by a senior commander.",
            "sentences": [9], "quote": None}  # fmt: skip
    fine = {"claimant": "Ivan Popov", "attribution": "reported", "statement": "He was fired.", "sentences": [3],
            "quote": None}  # fmt: skip
    far = {"claimant": "Andrey Turchak", "attribution": "direct_quote",
           "statement": "The war lacks counter-battery fire.", "sentences": [4], "quote": None}  # fmt: skip
    claims = [fine, {**said, "claimant": "Ivan Popov"}, {**said, "claimant": "Andrey Gurulev"}, far]
    grounded = run(doc, claims=claims)
    warnings = grounded.warnings()
    assert items(warnings, WarningCode.CONFLICTING_ATTRIBUTION) == ["claim:c3"]
    assert "claim:c4" in items(warnings, WarningCode.UNSUPPORTED_ATTRIBUTION)
    conflicting = resolve(grounded.summary, "claim:c3")
    assert isinstance(conflicting, Claim) and conflicting.claimant == "andrey-gurulev"


def test_an_added_actor_points_at_the_actor(doc):
    claims = [{"claimant": "Prigozhin", "attribution": "paraphrase", "statement": "Troops lacked ammunition.",
               "sentences": [15], "quote": None}]  # fmt: skip
    [ref] = items(run(doc, claims=claims).warnings(), WarningCode.ADDED_ACTOR)
    assert ref == "actor:yevgeny-prigozhin"


def test_moved_evidence_points_at_the_caveat_it_moved(doc):
    caveats = [{"kind": "unclear", "text": "Unexplained.", "sentences": [7]},
               {"kind": "unverified", "text": NBC, "sentences": [7]}]  # fmt: skip
    grounded = run(doc, caveats=caveats)
    assert items(grounded.warnings(), WarningCode.MOVED_EVIDENCE) == ["caveat:2"]
    caveat = resolve(grounded.summary, "caveat:2")
    assert isinstance(caveat, Caveat) and caveat.evidence[0].text.startswith("NBC News")


def test_moved_evidence_points_at_its_claim_unless_the_claim_is_a_repeat(doc):
    fine = {"claimant": "Ivan Popov", "attribution": "reported", "statement": "He was fired.", "sentences": [3],
            "quote": None}  # fmt: skip
    moved = {"claimant": "outlet", "attribution": "outlet", "statement": NBC, "sentences": [7], "quote": None}
    grounded = run(doc, claims=[fine, moved, moved])
    assert items(grounded.warnings(), WarningCode.MOVED_EVIDENCE) == ["claim:c2", None]  # the repeat is left out
    assert items(grounded.warnings(), WarningCode.DUPLICATE_CLAIM) == [None]
    claim = resolve(grounded.summary, "claim:c2")
    assert isinstance(claim, Claim) and claim.evidence[0].text.startswith("NBC News")


def test_a_rejected_quote_points_at_the_claim_that_stands(doc):
    fine = {"claimant": "Ivan Popov", "attribution": "reported", "statement": "He was fired.", "sentences": [3],
            "quote": None}  # fmt: skip
    invented = {"claimant": "Popov", "attribution": "direct_quote", "statement": "x", "sentences": [4],
                "quote": "I was betrayed by Moscow"}  # fmt: skip
    grounded = run(doc, claims=[fine, invented])
    assert items(grounded.warnings(), WarningCode.DROPPED_QUOTE) == ["claim:c2"]
    assert grounded.summary.claims[1].evidence[0].text.startswith("“I calle")


def test_a_dropped_position_points_at_its_dispute_counted_after_dropped_disputes(doc):
    dropped = {"issue": "Who is to blame?", "positions": [
        {"actor": "Putin", "position": "no comment", "sentences": [15]},
        {"actor": "Lavrov", "position": "no comment", "sentences": [16]},
    ]}  # fmt: skip
    standing = {"issue": "Was the audio a political show?", "positions": [
        {"actor": "Turchak", "position": "a political show", "sentences": [13, 14]},
        {"actor": "Gurulev", "position": "released the audio", "sentences": [3]},
        {"actor": "Putin", "position": "no comment", "sentences": [15]},
    ]}  # fmt: skip
    grounded = run(doc, disputes=[dropped, standing])
    warnings = grounded.warnings()
    assert items(warnings, WarningCode.DROPPED_DISPUTE) == [None]
    assert items(warnings, WarningCode.DROPPED_POSITION) == ["dispute:1"]
    dispute = resolve(grounded.summary, "dispute:1")
    assert isinstance(dispute, Dispute) and dispute.issue == "Was the audio a political show?"


def test_moved_evidence_in_a_position_points_at_its_dispute_only_if_the_dispute_stands(doc):
    positions = [
        {"actor": "Turchak", "position": "a political show", "sentences": [13, 14]},
        {"actor": "Gurulev", "position": NBC, "sentences": [7]},
    ]
    grounded = run(doc, disputes=[{"issue": "The audio", "positions": positions}])
    assert items(grounded.warnings(), WarningCode.MOVED_EVIDENCE) == ["dispute:1"]
    putin = {"actor": "Putin", "position": "no comment", "sentences": [15]}  # not a listed actor
    alone = run(doc, disputes=[{"issue": "The audio", "positions": [positions[1], putin]}])
    assert items(alone.warnings(), WarningCode.MOVED_EVIDENCE) == [None]  # the dispute was left out


def test_whole_article_warnings_point_at_nothing(doc):
    grounded = run(doc, summary="A general says he was fired. He called his soldiers gladiators because of his")
    assert items(grounded.warnings(), WarningCode.INCOMPLETE_SUMMARY) == [None]


# --- merging a long article's parts ------------------------------------------------------

ORIGINAL = "Ivan Popov said shells were short. Anna Kern said supplies were fine. Popov said shells were short. "


def ev(fragment: str, nth: int = 0) -> Evidence:
    start = -1
    for _ in range(nth + 1):
        start = ORIGINAL.index(fragment, start + 1)
    return Evidence(text=fragment, start=start, end=start + len(fragment))


def part(summary: Summary, warnings: list[SummaryWarning]) -> SummaryResult:
    return SummaryResult(summary=summary, model="m", prompt_version="p", warnings=warnings)


def test_merging_repoints_every_item_at_the_merged_result():
    popov = Actor(id="ivan-popov", name="Ivan Popov", kind="person", aliases=["Popov"])
    kern = Actor(id="anna-kern", name="Anna Kern", kind="person")
    short = Claim(id="c1", claimant="ivan-popov", statement="Shells were short.", attribution="reported",
                  evidence=[ev("Ivan Popov said shells were short.")])  # fmt: skip
    fine = Claim(id="c2", claimant="anna-kern", statement="Supplies were fine.", attribution="reported",
                 evidence=[ev("Anna Kern said supplies were fine.")])  # fmt: skip
    sides = [Position(actor="ivan-popov", position="short", evidence=[ev("Ivan Popov said shells were short.")]),
             Position(actor="anna-kern", position="fine", evidence=[ev("Anna Kern said supplies were fine.")])]  # fmt: skip
    one = part(
        Summary(
            headline="h",
            summary="s",
            actors=[popov, kern],
            claims=[short, fine],
            disputes=[Dispute(issue="Supplies", positions=sides)],
        ),
        [SummaryWarning(code=WarningCode.MOVED_EVIDENCE, message="m", item=item_ref("claim", "c2"))],
    )
    # the second part names Popov by surname (another id) and repeats his claim as its c1
    again = Actor(id="popov", name="Popov", kind="person")
    repeat = Claim(id="c1", claimant="popov", statement="Shells were short.", attribution="reported",
                   evidence=[ev("Popov said shells were short.", nth=1)])  # fmt: skip
    new = Claim(id="c2", claimant="popov", statement="Something else entirely happened.", attribution="reported",
                evidence=[ev("Anna Kern said supplies were fine.")])  # fmt: skip
    lone = Dispute(issue="Lone", positions=[
        Position(actor="popov", position="a", evidence=[ev("Popov said shells were short.", nth=1)]),
        Position(actor="ivan-popov", position="b", evidence=[ev("Ivan Popov said shells were short.")]),
    ])  # fmt: skip
    caveat = Caveat(kind="unverified", text="unverified", evidence=[ev("Anna Kern said supplies were fine.")])
    two = part(
        Summary(headline="h", summary="s", actors=[again], claims=[repeat, new], disputes=[lone], caveats=[caveat]),
        [
            SummaryWarning(code=WarningCode.ADDED_ACTOR, message="m", item=item_ref("actor", "popov")),
            SummaryWarning(code=WarningCode.UNSUPPORTED_ATTRIBUTION, message="m", item=item_ref("claim", "c1")),
            SummaryWarning(code=WarningCode.CONFLICTING_ATTRIBUTION, message="m", item=item_ref("claim", "c2")),
            SummaryWarning(code=WarningCode.DROPPED_POSITION, message="m", item=item_ref("dispute", 1)),
            SummaryWarning(code=WarningCode.MOVED_EVIDENCE, message="m", item=item_ref("caveat", 1)),
            SummaryWarning(code=WarningCode.DUPLICATE_CLAIM, message="m"),
        ],
    )

    merged = merge_results([one, two], latency_s=0)

    assert [c.id for c in merged.summary.claims] == ["c1", "c2", "c3"]
    assert [(w.code, w.item) for w in merged.warnings] == [
        (WarningCode.CHUNKED, None),
        (WarningCode.MOVED_EVIDENCE, "claim:c2"),  # part 1's c2 is still c2
        (WarningCode.ADDED_ACTOR, "actor:ivan-popov"),  # "popov" merged into Ivan Popov
        (WarningCode.UNSUPPORTED_ATTRIBUTION, "claim:c1"),  # part 2's c1 merged into part 1's c1
        (WarningCode.CONFLICTING_ATTRIBUTION, "claim:c3"),  # part 2's c2 is new: c3
        (WarningCode.DROPPED_POSITION, None),  # its two sides are one actor after merging: left out
        (WarningCode.MOVED_EVIDENCE, "caveat:1"),
        (WarningCode.DUPLICATE_CLAIM, None),
        (WarningCode.DROPPED_DISPUTE, None),
    ]
    check_refs(merged.summary, merged.warnings)
    assert resolve(merged.summary, "claim:c3").statement == "Something else entirely happened."  # type: ignore[union-attr]
