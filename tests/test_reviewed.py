"""The reviewed-file schema (core/reviewed.py): models, validators and the checks against the article."""

from __future__ import annotations

import hashlib
import json
from typing import Any

import pytest

from summarizer import (
    REVIEWED_FORMAT,
    InputError,
    ReviewedResult,
    ReviewKind,
    ReviewStatus,
    check_reviewed,
    load_reviewed,
    reviewed_json_schema,
)
from summarizer.core.reviewed import (
    EDITABLE_FIELDS,
    SPEAKER_FIELDS,
    article_sha256,
    is_new_ref,
    item_ref_for,
    parse_item_ref,
    parse_reviewed,
    resolve_item,
)
from summarizer.core.schema import Actor, Attribution, Caveat, Claim, Dispute
from tests.support.reviewed import bridge_text, entry, reviewed_data, span

TARGETS = {
    ReviewKind.ACTOR: Actor,
    ReviewKind.CLAIM: Claim,
    ReviewKind.ATTRIBUTION: Attribution,
    ReviewKind.DISPUTE: Dispute,
    ReviewKind.CAVEAT: Caveat,
}


def load_error(data: Any) -> str:
    with pytest.raises(InputError) as info:
        load_reviewed(json.dumps(data) if not isinstance(data, str) else data)
    message = str(info.value)
    assert "\n" not in message
    return message


def with_items(*items: dict[str, Any]) -> dict[str, Any]:
    return reviewed_data(items=list(items))


# --- the good file -------------------------------------------------------------------------------


def test_a_good_file_loads_and_matches_its_article():
    data = reviewed_data()
    reviewed = load_reviewed(json.dumps(data))
    assert check_reviewed(reviewed) == []
    assert reviewed.format == REVIEWED_FORMAT
    assert reviewed.source_text == bridge_text()
    assert [e.status for e in reviewed.review.items] == [
        ReviewStatus.CONFIRMED, ReviewStatus.WRONG, ReviewStatus.CORRECTED,
        ReviewStatus.CORRECTED, ReviewStatus.CONFIRMED, ReviewStatus.ADDED,
    ]  # fmt: skip
    added = reviewed.review.entry("caveat:new-1")
    assert added is not None and added.added is not None
    evidence = added.added.evidence[0]
    assert reviewed.source_text[evidence.start : evidence.end] == evidence.text
    assert reviewed.review.entry("attribution:a1").changes[0].after is None  # type: ignore[union-attr]


def test_the_file_round_trips_through_json():
    reviewed = load_reviewed(reviewed_data())
    again = load_reviewed(reviewed.model_dump_json())
    assert again == reviewed
    dumped = json.loads(reviewed.model_dump_json())
    assert dumped["review"]["updated_at"] == "2026-12-01T12:00:00Z"
    assert dumped["review"]["items"][0]["at"] == "2026-12-01T12:00:00Z"


def test_millisecond_timestamps_from_the_browser_are_accepted():
    data = reviewed_data()
    data["review"]["updated_at"] = "2026-12-01T12:00:00.123Z"  # what Date.toISOString() writes
    assert load_reviewed(data).review.updated_at.microsecond == 123000


def test_an_empty_review_is_a_valid_file():
    assert load_reviewed(with_items()).review.items == []


def test_the_json_schema_describes_the_file():
    schema = reviewed_json_schema()
    assert schema["title"] == "ReviewedResult"
    assert set(schema["required"]) == {"format", "result", "review"}
    assert schema["properties"]["format"]["const"] == REVIEWED_FORMAT
    item = schema["$defs"]["ReviewItem"]
    assert set(item["properties"]["status"]["$ref"].split("/")[-1:]) == {"ReviewStatus"}
    assert schema["$defs"]["ReviewStatus"]["enum"] == [s.value for s in ReviewStatus]
    assert schema["$defs"]["ItemKind"]["enum"] == [k.value for k in ReviewKind]
    assert schema["$defs"]["Review"]["properties"]["article_sha256"]["pattern"] == "^[0-9a-f]{64}$"
    assert "SummaryResult" in schema["$defs"]


# --- vocabularies -------------------------------------------------------------------------------------


def test_every_editable_field_is_a_field_of_its_kind():
    assert set(EDITABLE_FIELDS) == set(ReviewKind)
    for kind, fields in EDITABLE_FIELDS.items():
        for name in fields:
            assert name in TARGETS[kind].model_fields, (kind, name)
    for kind, name in SPEAKER_FIELDS.items():
        assert name in EDITABLE_FIELDS[kind]


def test_refs_name_items_of_the_summary():
    reviewed = load_reviewed(reviewed_data())
    summary = reviewed.result.summary
    assert resolve_item(summary, "actor:john-roe") == summary.actors[1]
    assert resolve_item(summary, "claim:c3") == summary.claims[2]
    assert resolve_item(summary, "attribution:a1") == summary.attributions[0]
    assert resolve_item(summary, "dispute:1") == summary.disputes[0]
    assert resolve_item(summary, "caveat:1") == summary.caveats[0]
    assert resolve_item(summary, "caveat:2") is None
    assert resolve_item(summary, "claim:new-1") is None
    assert item_ref_for("claim", "c1") == "claim:c1"
    assert item_ref_for(ReviewKind.DISPUTE, 2) == "dispute:2"
    assert parse_item_ref("attribution:a7") == (ReviewKind.ATTRIBUTION, "a7")
    assert is_new_ref("claim:new-3") and not is_new_ref("claim:c3")
    with pytest.raises(ValueError, match="kind one of"):
        parse_item_ref("quote:q1")


def test_article_sha256_is_of_the_utf8_text():
    assert article_sha256("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad"
    assert article_sha256("\u00e9") == hashlib.sha256(b"\xc3\xa9").hexdigest()
    assert article_sha256("\u00e9") != hashlib.sha256(b"\xe9").hexdigest()


# --- bad files: not a reviewed file / the schema -------------------------------------------------------


def test_not_json_is_rejected():
    assert "not valid JSON" in load_error("{not json")
    assert "not an object" in load_error("[1, 2]")


@pytest.mark.parametrize("value", ["summarizer.reviewed/2", None, "summary"])
def test_a_wrong_format_string_is_rejected(value):
    data = reviewed_data()
    data["format"] = value
    message = load_error(data)
    assert "format is" in message and REVIEWED_FORMAT in message


def test_a_missing_source_text_is_rejected():
    data = reviewed_data()
    data["result"]["source_text"] = None
    assert "result.source_text must hold the article text" in load_error(data)


@pytest.mark.parametrize(
    ("path", "value", "field"),
    [
        (("review", "items", 0, "status"), "maybe", "review.items.0.status"),
        (("review", "items", 1, "kind"), "quote", "review.items.1.kind"),
        (("review", "article_sha256"), "ABC", "review.article_sha256"),
        (("review", "items", 0, "at"), "yesterday", "review.items.0.at"),
        (("result", "summary", "claims", 0, "statement"), 7, "result.summary.claims.0.statement"),
    ],
)
def test_a_schema_error_names_the_field(path, value, field):
    data = reviewed_data()
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    message = load_error(data)
    assert message.startswith("reviewed file does not match the schema: ")
    assert field in message


def test_an_unknown_key_is_rejected():
    data = reviewed_data()
    data["review"]["items"][0]["colour"] = "red"
    assert "review.items.0.colour" in load_error(data)


def test_a_timestamp_must_be_utc():
    data = reviewed_data()
    data["review"]["items"][0]["at"] = "2026-12-01T13:00:00+01:00"
    assert "UTC" in load_error(data)
    data = reviewed_data()
    data["review"]["updated_at"] = "2026-12-01T12:00:00"
    assert "review.updated_at" in load_error(data)


# --- bad files: status, changes and added disagree --------------------------------------------------------

CHANGE = {"field": "statement", "before": "The bridge repairs cannot wait.", "after": "Repairs cannot wait."}
ADDED_CLAIM = {"statement": "S.", "claimant": "outlet", "evidence": [span(bridge_text(), "the bridge")]}


@pytest.mark.parametrize(
    ("item", "expected"),
    [
        (entry("claim:c1", "corrected"), "status 'corrected' goes with non-empty changes"),
        (entry("claim:c1", "confirmed", changes=[CHANGE]), "status 'corrected' goes with non-empty changes"),
        (entry("claim:c1", "wrong", changes=[CHANGE]), "status 'corrected' goes with non-empty changes"),
        (entry("claim:new-1", "added"), "an 'added' block goes with status 'added'"),
        (entry("claim:new-1", "confirmed"), "status 'added' goes with a new-<n> ref"),
        (entry("claim:c1", "added", added=ADDED_CLAIM), "status 'added' goes with a new-<n> ref"),
        (entry("claim:c1", "confirmed", added=ADDED_CLAIM), "an 'added' block goes with status 'added'"),
        (entry("actor:new-1", "added", added=ADDED_CLAIM), "only claims and caveats can be added"),
        (entry("dispute:first", "confirmed"), "1-based position"),
        (entry("caveat:0", "confirmed"), "1-based position"),
        ({**entry("claim:c1", "confirmed"), "kind": "caveat"}, "is a claim ref but kind is 'caveat'"),
        ({**entry("claim c1", "confirmed"), "kind": "claim"}, "is not '<kind>:<id>'"),
        (
            entry("claim:c1", "corrected", changes=[{"field": "source_actor", "before": "a", "after": "b"}]),
            "field 'source_actor' cannot be edited on a claim (editable: statement, claimant)",
        ),
        (
            entry("claim:c1", "corrected", changes=[CHANGE, CHANGE]),
            "field 'statement' is changed twice",
        ),
        (
            entry("claim:c1", "corrected", changes=[{**CHANGE, "after": CHANGE["before"]}]),
            "leaves it as it was",
        ),
        (entry("claim:c1", "corrected", changes=[{**CHANGE, "after": "  "}]), "the new 'statement' is empty"),
        (
            entry("claim:c1", "corrected", changes=[{"field": "claimant", "before": "jane-doe", "after": None}]),
            "the new 'claimant' is empty",
        ),
        (
            entry("claim:new-1", "added", added={**ADDED_CLAIM, "claimant": None}),
            "an added claim needs added.claimant",
        ),
        (
            entry("claim:new-1", "added", added={**ADDED_CLAIM, "caveat_kind": "unclear"}),
            "an added claim has no added.caveat_kind",
        ),
        (
            entry("caveat:new-1", "added", added={"text": "T.", "evidence": ADDED_CLAIM["evidence"]}),
            "an added caveat needs added.caveat_kind",
        ),
        (entry("claim:new-1", "added", added={**ADDED_CLAIM, "evidence": []}), "review.items.0.added.evidence"),
    ],
)
def test_inconsistent_items_are_rejected(item, expected):
    message = load_error(with_items(item))
    assert message.startswith("reviewed file does not match the schema: review.items.0")
    assert expected in message


def test_one_entry_per_item():
    first = entry("claim:c1", "confirmed")
    assert "item 'claim:c1' appears twice" in load_error(with_items(first, entry("claim:c1", "wrong")))


def test_no_item_is_dated_after_the_review():
    data = reviewed_data()
    data["review"]["items"][3]["at"] = "2026-12-01T12:00:01Z"
    assert "item 'attribution:a1' is dated after the review's updated_at" in load_error(data)


def test_an_attribution_speaker_may_be_set_to_no_named_actor():
    ok = entry("attribution:a1", "corrected", changes=[{"field": "source_actor", "before": "john-roe", "after": None}])
    assert load_reviewed(with_items(ok)).review.items[0].changes[0].after is None


# --- bad files: the review does not match its article -------------------------------------------------------


def test_a_hash_mismatch_is_rejected():
    data = reviewed_data()
    data["review"]["article_sha256"] = article_sha256("another article")
    message = load_error(data)
    assert message.startswith("reviewed file does not match its article: review.article_sha256")
    assert "another article" in message


def test_an_edited_article_text_is_a_hash_mismatch():
    data = reviewed_data()
    data["result"]["source_text"] = data["result"]["source_text"] + " More."
    assert "the review is of another article" in load_error(data)


def test_an_added_span_that_does_not_index_the_text_is_rejected():
    text = bridge_text()
    good = span(text, "it is unclear when work would begin")
    shifted = {**good, "start": good["start"] + 1, "end": good["end"] + 1}
    item = entry("caveat:new-1", "added", added={"text": "Unclear.", "caveat_kind": "unclear", "evidence": [shifted]})
    message = load_error(with_items(item))
    assert "review item caveat:new-1: span" in message
    assert "does not index 'it is unclear when work would begin'" in message


def test_a_span_past_the_end_is_rejected():
    text = bridge_text()
    past = {"text": "xyz", "start": len(text) - 1, "end": len(text) + 2}
    item = entry("caveat:new-1", "added", added={"text": "U.", "caveat_kind": "unclear", "evidence": [past]})
    assert "runs past the end of the text" in load_error(with_items(item))


def test_a_result_span_that_does_not_index_the_text_is_rejected():
    data = reviewed_data()
    evidence = data["result"]["summary"]["claims"][0]["evidence"][0]
    evidence["start"] += 2
    evidence["end"] += 2
    assert "result: span" in load_error(data)


@pytest.mark.parametrize(
    ("ref", "kind"),
    [("claim:c99", "claim"), ("actor:nobody", "actor"), ("attribution:a9", "attribution"),
     ("dispute:2", "dispute"), ("caveat:2", "caveat")],
)  # fmt: skip
def test_an_unknown_ref_is_rejected(ref, kind):
    message = load_error(with_items(entry(ref, "confirmed")))
    assert f"review item {ref}: the result has no such {kind}" in message


def test_a_reassigned_speaker_must_be_an_actor_of_the_result_or_the_outlet():
    to_outlet = entry("claim:c1", "corrected", changes=[{"field": "claimant", "before": "jane-doe", "after": "outlet"}])
    assert load_reviewed(with_items(to_outlet))
    stranger = entry("claim:c1", "corrected", changes=[{"field": "claimant", "before": "jane-doe", "after": "mr-x"}])
    assert "new claimant 'mr-x' is not an actor id of the result or 'outlet'" in load_error(with_items(stranger))
    attribution = entry(
        "attribution:a1",
        "corrected",
        changes=[{"field": "source_actor", "before": "john-roe", "after": "unattributed"}],
    )
    assert "new source_actor 'unattributed'" in load_error(with_items(attribution))
    added = entry("claim:new-1", "added", added={**ADDED_CLAIM, "claimant": "mr-x"})
    assert "claimant 'mr-x' is not an actor id" in load_error(with_items(added))


def test_a_change_must_start_from_the_value_in_the_result():
    item = entry("claim:c1", "corrected", changes=[{**CHANGE, "before": "Something else."}])
    message = load_error(with_items(item))
    assert "the change says statement was 'Something else.' but the result has 'The bridge repairs cannot wait.'" in (
        message
    )


def test_every_problem_is_listed_by_check_reviewed():
    data = reviewed_data(items=[entry("claim:c99", "confirmed"), entry("caveat:7", "wrong")])
    data["review"]["article_sha256"] = "0" * 64
    reviewed = parse_reviewed(data)
    assert isinstance(reviewed, ReviewedResult)
    problems = check_reviewed(reviewed)
    assert len(problems) == 3
    assert "(and 2 more)" in load_error(data)
