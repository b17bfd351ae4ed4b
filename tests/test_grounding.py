"""Every grounding rule, on the reference article, with wire answers written for the test."""

from __future__ import annotations

from typing import Any

import pytest

from summarizer.grounding.ground import ground
from summarizer.grounding.parse import WireParseError, parse_wire
from summarizer.prompting.wire import WireSummary
from summarizer.text.clean import clean
from summarizer.text.sentences import split_sentences

POPOV = {"name": "Ivan Popov", "kind": "person", "role": "Maj. Gen."}
TURCHAK = {"name": "Andrey Turchak", "kind": "person", "role": "senator"}
GURULEV = {"name": "Andrey Gurulev", "kind": "person", "role": "politician"}


def wire(**overrides: Any) -> WireSummary:
    data: dict[str, Any] = {
        "headline": "General says he was fired",
        "summary": "A general says he was fired. A senator disputes the framing.",
        "actors": [POPOV, TURCHAK, GURULEV],
        "claims": [
            {"claimant": "Ivan Popov", "attribution": "reported", "statement": "He was fired for the truth.",
             "sentences": [3], "quote": None},
        ],
        "disputes": [],
        "caveats": [],
    }  # fmt: skip
    data.update(overrides)
    return WireSummary.model_validate(data)


@pytest.fixture(scope="module")
def doc(article_text):
    return article_text, split_sentences(clean(article_text))


def run(doc, w: WireSummary):
    original, sentences = doc
    return ground(w, original, sentences)


def test_valid_answer_is_grounded_by_construction(doc):
    grounded = run(doc, wire())
    assert grounded.violations == []
    claim = grounded.summary.claims[0]
    assert claim.claimant == "ivan-popov"
    original = doc[0]
    for ev in claim.evidence:
        assert original[ev.start : ev.end] == ev.text
    assert "Gurulev" in claim.evidence[0].text


def test_actor_ids_are_stable_slugs_and_aliases_occur(doc):
    actors = run(doc, wire()).summary.actors
    assert [a.id for a in actors] == ["ivan-popov", "andrey-turchak", "andrey-gurulev"]
    assert actors[0].aliases == ["Popov"]


def test_invented_name_is_a_violation_with_a_suggestion(doc):
    grounded = run(doc, wire(actors=[POPOV, {"name": "Yevgeny Turchak", "kind": "person", "role": None}]))
    [violation] = grounded.violations
    assert violation.item == ("actors", 1)
    assert "'Yevgeny Turchak' does not occur" in violation.message
    assert "Andrey Turchak" in violation.message
    assert [a.name for a in grounded.summary.actors] == ["Ivan Popov"]


def test_a_shorter_name_of_a_listed_actor_is_the_same_actor(doc):
    short = {"name": "Popov", "kind": "person", "role": None}
    for actors in ([POPOV, short], [short, POPOV]):
        grounded = run(doc, wire(actors=actors))
        assert [a.name for a in grounded.summary.actors] == ["Ivan Popov"]
        assert grounded.summary.claims[0].claimant == "ivan-popov"


def test_organisations_are_not_merged_into_longer_names(doc):
    actors = [{"name": "Russia", "kind": "government", "role": None},
              {"name": "United Russia", "kind": "organization", "role": None}, POPOV]  # fmt: skip
    assert [a.name for a in run(doc, wire(actors=actors)).summary.actors] == ["Russia", "United Russia", "Ivan Popov"]


def test_repeated_claims_are_left_out_with_a_warning(doc):
    claim = {"claimant": "Ivan Popov", "attribution": "reported", "statement": "He was fired.", "sentences": [3],
             "quote": None}  # fmt: skip
    other = {**claim, "claimant": "Andrey Gurulev"}
    grounded = run(doc, wire(claims=[claim, other, {**claim, "statement": "Fired."}, claim]))
    assert [c.claimant for c in grounded.summary.claims] == ["ivan-popov", "andrey-gurulev"]
    assert [w.code for w in grounded.warnings()] == ["duplicate_claim", "duplicate_claim", "conflicting_attribution"]


def test_title_prefixed_name_is_accepted_as_the_bare_name(doc):
    actors = run(doc, wire(actors=[{"name": "General Ivan Popov", "kind": "person", "role": None}])).summary.actors
    assert [a.name for a in actors] == ["Ivan Popov"]


def test_claimant_must_resolve_to_an_actor_named_in_the_article(doc):
    claims = [{"claimant": "Vladimir Putin", "attribution": "paraphrase", "statement": "x", "sentences": [15], "quote": None}]
    grounded = run(doc, wire(claims=claims))
    assert [str(v) for v in grounded.violations] == [
        "claims[0]: claimant 'Vladimir Putin' is not the name of one of the actors; use a listed name"
    ]
    assert grounded.summary.claims == []


def test_unlisted_claimant_named_in_the_article_is_adopted_in_full(doc):
    claims = [{"claimant": "Prigozhin", "attribution": "paraphrase", "statement": "Troops lacked ammunition.",
               "sentences": [15], "quote": None}]  # fmt: skip
    grounded = run(doc, wire(claims=claims))
    assert grounded.violations == []
    adopted = grounded.summary.actors[-1]
    assert (adopted.id, adopted.name, adopted.kind.value) == ("yevgeny-prigozhin", "Yevgeny Prigozhin", "person")
    assert grounded.summary.claims[0].claimant == "yevgeny-prigozhin"
    assert [w.code for w in grounded.warnings()] == ["added_actor"]


def test_irrelevant_cited_sentences_are_left_out_when_a_relevant_one_exists(doc):
    claims = [{"claimant": "Andrey Turchak", "attribution": "paraphrase",
               "statement": "Gurulev made a political show of the release.", "sentences": [7, 14],
               "quote": None}]  # fmt: skip
    evidence = run(doc, wire(claims=claims)).summary.claims[0].evidence
    assert [e.text[:14] for e in evidence] == ["“The fact that"]
    claims[0]["statement"] = "Something else entirely."
    evidence = run(doc, wire(claims=claims)).summary.claims[0].evidence
    assert [e.text[:14] for e in evidence] == ["“The fact that"]  # 14 names the claimant ("Turchak said")
    claims[0]["claimant"] = "Ivan Popov"
    evidence = run(doc, wire(claims=claims)).summary.claims[0].evidence
    assert len(evidence) == 2  # nothing relevant: keep what was cited


def test_claimant_by_surname_or_special_value_resolves(doc):
    claims = [
        {"claimant": "Turchak", "attribution": "paraphrase", "statement": "x", "sentences": [13], "quote": None},
        {"claimant": "outlet", "attribution": "outlet", "statement": "y", "sentences": [6], "quote": None},
        {"claimant": "Unattributed", "attribution": "reported", "statement": "z", "sentences": [16], "quote": None},
    ]
    grounded = run(doc, wire(claims=claims))
    assert grounded.violations == []
    assert [c.claimant for c in grounded.summary.claims] == ["andrey-turchak", "outlet", "unattributed"]


def test_claims_of_a_rejected_actor_are_dropped_without_a_second_reask_line(doc):
    actors = [POPOV, {"name": "Yevgeny Turchak", "kind": "person", "role": None}]
    claims = [{"claimant": "Yevgeny Turchak", "attribution": "paraphrase", "statement": "x", "sentences": [13], "quote": None}]
    grounded = run(doc, wire(actors=actors, claims=claims))
    assert len(grounded.violations) == 2
    assert len(grounded.problems) == 1  # the model hears about the name once
    assert grounded.summary.claims == []
    assert {w.code for w in grounded.warnings()} == {"dropped_actor", "dropped_claim"}


def test_cited_sentence_must_exist(doc):
    claims = [{"claimant": "Ivan Popov", "attribution": "paraphrase", "statement": "x", "sentences": [3, 99], "quote": None}]
    grounded = run(doc, wire(claims=claims))
    assert "cites sentence 99, but the article's sentences are 1 to 17" in grounded.problems[0]


def test_direct_quote_is_matched_with_normalised_quotes_and_dashes(doc):
    original = doc[0]
    quote = 'focused on the most important thing - the tragedy of the modern war'
    claims = [{"claimant": "Popov", "attribution": "direct_quote", "statement": "x", "sentences": [4], "quote": quote}]
    grounded = run(doc, wire(claims=claims))
    assert grounded.violations == []
    evidence = grounded.summary.claims[0].evidence
    assert evidence[0].text == "focused on the most important thing — the tragedy of the modern war"
    assert original[evidence[0].start : evidence[0].end] == evidence[0].text
    assert len(evidence) == 1  # the cited sentence contains the quote: not repeated


def test_quote_found_outside_the_cited_sentences_still_grounds(doc):
    claims = [{"claimant": "Popov", "attribution": "direct_quote", "statement": "x", "sentences": [1],
               "quote": "I had no right to lie"}]  # fmt: skip
    grounded = run(doc, wire(claims=claims))
    assert grounded.violations == []
    assert grounded.summary.claims[0].evidence[0].text == "I had no right to lie"


def test_invented_quote_is_rejected_and_the_claim_stands_on_its_cited_sentences(doc):
    claims = [{"claimant": "Popov", "attribution": "direct_quote", "statement": "x", "sentences": [4],
               "quote": "I was betrayed by Moscow"}]  # fmt: skip
    grounded = run(doc, wire(claims=claims))
    assert "quote 'I was betrayed by Moscow' is not in the article" in grounded.problems[0]  # re-asked
    [claim] = grounded.summary.claims
    assert [e.text[:8] for e in claim.evidence] == ["“I calle"]  # sentence 4, not the invented words
    assert "betrayed" not in claim.evidence[0].text
    [warning] = [w for w in grounded.warnings() if w.code.startswith("dropped_")]
    assert warning.code == "dropped_quote"
    assert warning.message.endswith("that quote was left out and the claim stands on its cited sentences")


def test_dispute_needs_two_resolvable_positions(doc):
    disputes = [{"issue": "Was the audio a political show?", "positions": [
        {"actor": "Turchak", "position": "a show", "sentences": [14]},
        {"actor": "Putin", "position": "no comment", "sentences": [15]},
    ]}]  # fmt: skip
    grounded = run(doc, wire(disputes=disputes))
    assert grounded.summary.disputes == []
    assert any("two different listed actors" in p for p in grounded.problems)
    assert any("'Putin' is not the name" in p for p in grounded.problems)


def test_valid_dispute_and_caveat(doc):
    disputes = [{"issue": "Gurulev's release of the audio", "positions": [
        {"actor": "Andrey Turchak", "position": "a political show", "sentences": [14]},
        {"actor": "Andrey Gurulev", "position": "published it", "sentences": [3]},
    ]}]  # fmt: skip
    caveats = [{"kind": "unverified", "text": "Audio not confirmed", "sentences": [6]}]
    grounded = run(doc, wire(disputes=disputes, caveats=caveats))
    assert grounded.violations == []
    [dispute] = grounded.summary.disputes
    assert [p.actor for p in dispute.positions] == ["andrey-turchak", "andrey-gurulev"]
    assert grounded.summary.caveats[0].evidence[0].text.startswith("NBC News has not been able")


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("", "empty"),
        ("not json", "not valid JSON"),
        ("[1, 2]", "one JSON object"),
        ('{"headline": "h"}', "summary: Field required"),
        ('{"headline": "h", "summary": "s", "actors": [], "claims": []}', "actors: List should have at least 1 item"),
    ],
)
def test_parse_errors_are_short_and_specific(text, expected):
    with pytest.raises(WireParseError) as info:
        parse_wire(text)
    assert any(expected in p for p in info.value.problems)


def test_parse_accepts_a_code_fence():
    body = wire().model_dump_json()
    assert parse_wire(f"```json\n{body}\n```") == wire()


def codes(grounded) -> list[str]:
    return [w.code for w in grounded.warnings()]


def test_claimant_not_named_near_the_evidence_is_flagged_but_kept(doc):
    claim = {"claimant": "Andrey Turchak", "attribution": "direct_quote", "statement": "The war lacks counter-battery fire.",
             "sentences": [4], "quote": None}  # fmt: skip
    grounded = run(doc, wire(claims=[claim]))
    assert [c.claimant for c in grounded.summary.claims] == ["andrey-turchak"]
    assert codes(grounded) == ["unsupported_attribution"]
    assert "'Andrey Turchak' is not named in or near its evidence" in grounded.warnings()[0].message


def test_the_speaker_named_just_before_a_quote_is_not_flagged(doc):
    claim = {"claimant": "Ivan Popov", "attribution": "direct_quote", "statement": "The war lacks counter-battery fire.",
             "sentences": [4], "quote": None}  # fmt: skip
    assert codes(run(doc, wire(claims=[claim]))) == []


def test_the_same_words_given_to_two_claimants_are_flagged(doc):
    said = {"attribution": "direct_quote", "statement": "The army was beheaded by a senior commander.",
            "sentences": [9], "quote": None}  # fmt: skip
    grounded = run(doc, wire(claims=[{**said, "claimant": "Ivan Popov"}, {**said, "claimant": "Andrey Gurulev"}]))
    assert len(grounded.summary.claims) == 2
    messages = [w.message for w in grounded.warnings() if w.code == "conflicting_attribution"]
    assert messages == ["c2 gives the words of c1 ('Ivan Popov') to 'Andrey Gurulev'; at most one of them is right"]


@pytest.mark.parametrize(
    ("summary", "flagged"),
    [
        ("A general says he was fired. He called his soldiers gladiators because of his", True),
        ("A general says he was fired.", False),
        ("The senator called it “a political show.”", False),
    ],
)
def test_a_summary_that_stops_mid_sentence_is_flagged(doc, summary, flagged):
    assert ("incomplete_summary" in codes(run(doc, wire(summary=summary)))) is flagged


def test_a_citation_one_sentence_off_moves_to_the_neighbour_that_says_it(doc):
    caveat = {"kind": "unverified", "text": "NBC News has not been able to independently confirm that the audio "
              "features Popov.", "sentences": [7]}  # fmt: skip
    grounded = run(doc, wire(caveats=[caveat]))
    [evidence] = grounded.summary.caveats[0].evidence
    assert evidence.text.startswith("NBC News has not been able")
    assert doc[0][evidence.start : evidence.end] == evidence.text
    assert [w.message for w in grounded.warnings()] == [
        "caveats[0] cited sentence 7, which does not say it; its evidence is sentence 6, next to it"
    ]


def test_a_citation_with_no_better_neighbour_is_kept_as_cited(doc):
    caveat = {"kind": "unclear", "text": "Unexplained.", "sentences": [7]}
    grounded = run(doc, wire(caveats=[caveat]))
    assert grounded.summary.caveats[0].evidence[0].text.startswith("Amid setbacks")
    assert grounded.warnings() == []


def test_a_dropped_dispute_gets_one_warning_with_every_reason(doc):
    disputes = [{"issue": "Was the audio a political show?", "positions": [
        {"actor": "Putin", "position": "no comment", "sentences": [15]},
        {"actor": "Lavrov", "position": "no comment", "sentences": [16]},
    ]}]  # fmt: skip
    warnings = run(doc, wire(disputes=disputes)).warnings()
    assert [w.code for w in warnings] == ["dropped_dispute"]
    assert "'Putin'" in warnings[0].message and "'Lavrov'" in warnings[0].message
    assert warnings[0].message.endswith("the item was left out")


def test_a_dispute_that_keeps_two_positions_stands_and_warns_for_the_third(doc):
    disputes = [{"issue": "Was the audio a political show?", "positions": [
        {"actor": "Turchak", "position": "a political show", "sentences": [13, 14]},
        {"actor": "Gurulev", "position": "released the audio", "sentences": [3]},
        {"actor": "Putin", "position": "no comment", "sentences": [15]},
    ]}]  # fmt: skip
    grounded = run(doc, wire(disputes=disputes))
    assert [p.actor for p in grounded.summary.disputes[0].positions] == ["andrey-turchak", "andrey-gurulev"]
    assert [w.code for w in grounded.warnings()] == ["dropped_position"]
    assert any("'Putin' is not the name" in p for p in grounded.problems)  # still worth a re-ask


def test_a_claimant_named_only_in_the_next_paragraph_is_flagged(doc):
    claim = {"claimant": "Yevgeny Prigozhin", "attribution": "direct_quote", "statement": "Gurulev made a show of it.",
             "sentences": [14], "quote": None}  # fmt: skip
    assert codes(run(doc, wire(claims=[claim]))) == ["added_actor", "unsupported_attribution"]
    claim["claimant"] = "Andrey Turchak"  # named in the sentence before the quote: the speaker
    assert codes(run(doc, wire(claims=[claim]))) == []
