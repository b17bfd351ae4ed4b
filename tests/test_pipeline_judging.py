"""The default path for English: the analysis' candidates go to the model, ids come back."""

from __future__ import annotations

import json

import pytest

from summarizer import OUTLET, Options, RetryPolicy, Summarizer, analyze
from summarizer.prompting.candidates import Candidates
from summarizer.text.document import prepare


def make(server, **options: object) -> Summarizer:
    fields = {"structured_output": "llama_json_object", "retry": RetryPolicy(max_attempts=1)} | options
    return Summarizer(client=server.client(api_key="test"), model="m", options=Options(**fields))


@pytest.fixture(scope="module")
def analysis(article_text):
    found = analyze(article_text)
    if not found.attributions:
        pytest.skip("the analysis finds no attributions yet")
    return found


def shown(analysis, article_text) -> Candidates:
    return Candidates.of(analysis, prepare(article_text, max_chars=10**6).sentences)


def answer(analysis, article_text, **fields: object) -> dict[str, object]:
    candidates = shown(analysis, article_text)
    first = candidates.attributions[0]
    base = {
        "headline": "General says he was fired for telling the truth",
        "summary": "A Russian general says he was dismissed after raising problems.",
        "claims": [{"attribution": candidates.label(first), "statement": "He was fired for speaking out."}],
        "speakers": [],
        "disputes": [],
        "caveats": [],
        "extra_claims": [],
        "extra_caveats": [],
    }
    return base | fields


def test_the_request_carries_candidates_and_a_schema_of_their_ids(fake_server, article_text, analysis):
    with fake_server([answer(analysis, article_text)]) as server:
        result = make(server).summarize(article_text)
    body = server.received[0].body
    assert result.prompt_version.startswith("judge-v5+")
    user = body["messages"][1]["content"]
    candidates = shown(analysis, article_text)
    labels = [candidates.label(a) for a in candidates.attributions]
    assert labels and all(f"\n{label}: " in user for label in labels)
    assert all(label.startswith("s") for label in labels)  # named after the sentence they start in
    schema = body["response_format"]["schema"]
    assert schema["properties"]["claims"]["items"]["properties"]["attribution"]["enum"] == labels
    assert schema["properties"]["caveats"]["items"]["properties"]["hedge"]["enum"] == [h.id for h in analysis.hedges]


def test_the_result_holds_the_complete_index_and_claims_rest_on_it(fake_server, article_text, analysis):
    with fake_server([answer(analysis, article_text)]) as server:
        result = make(server).summarize(article_text)
    summary = result.summary
    assert [a.id for a in summary.attributions] == [a.id for a in analysis.attributions]
    # every speaker of the complete index is one of the result's actors, shown to the model or not
    assert {a.source_actor for a in summary.attributions} - {None} <= {a.id for a in summary.actors}
    (claim,) = summary.claims
    first = shown(analysis, article_text).attributions[0]
    assert claim.attributions == [first.id]
    assert claim.evidence == first.content
    assert len(summary.caveats) == len({(h.sentence.start, h.kind) for h in analysis.hedges})
    for ev in summary.all_evidence():
        assert article_text[ev.start : ev.end] == ev.text


def test_an_unknown_id_is_reasked_when_the_endpoint_did_not_enforce_the_schema(fake_server, article_text, analysis):
    bad = answer(analysis, article_text, claims=[{"attribution": "s999", "statement": "x"}])
    with fake_server([bad, answer(analysis, article_text)]) as server:
        result = make(server).summarize(article_text)
    assert result.attempts.reasks == 1
    assert "'s999 (not listed)' is not one of the listed attribution ids" in server.received[1].body["messages"][-1]["content"]


def test_analysis_off_uses_the_model_only_prompt(fake_server, article_text):
    model_only = {
        "headline": "h",
        "summary": "s.",
        "actors": [{"name": "Ivan Popov", "kind": "person", "role": None}],
        "claims": [{"claimant": "outlet", "attribution": "outlet", "statement": "x", "sentences": [1], "quote": None}],
        "disputes": [],
        "caveats": [],
    }
    with fake_server([model_only]) as server:
        result = make(server, analysis="off").summarize(article_text)
    assert result.prompt_version.startswith("summarize-v1+")
    assert result.summary.attributions == [] and result.summary.claims[0].claimant == OUTLET
    assert json.dumps(server.received[0].body).count("attribution") > 0
