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


def answer(analysis, **fields: object) -> dict[str, object]:
    first = analysis.attributions[0]
    base = {
        "headline": "General says he was fired for telling the truth",
        "summary": "A Russian general says he was dismissed after raising problems.",
        "claims": [{"attribution": first.id, "statement": "He was fired for speaking out."}],
        "speakers": [],
        "disputes": [],
        "caveats": {h.id: h.kind.value for h in analysis.hedges},
        "extra_claims": [],
        "extra_caveats": [],
    }
    return base | fields


def test_the_request_carries_candidates_and_a_schema_of_their_ids(fake_server, article_text, analysis):
    with fake_server([answer(analysis)]) as server:
        result = make(server).summarize(article_text)
    body = server.received[0].body
    assert result.prompt_version.startswith("judge-v4+")
    user = body["messages"][1]["content"]
    shown = Candidates.of(analysis, prepare(article_text, max_chars=10**6).sentences).attributions
    assert shown and all(f"{a.id}: " in user for a in shown)
    schema = body["response_format"]["schema"]
    ids = [a.id for a in shown]
    assert schema["properties"]["claims"]["items"]["properties"]["attribution"]["enum"] == ids
    assert schema["properties"]["caveats"]["required"] == [h.id for h in analysis.hedges]


def test_the_result_holds_the_complete_index_and_claims_rest_on_it(fake_server, article_text, analysis):
    with fake_server([answer(analysis)]) as server:
        result = make(server).summarize(article_text)
    summary = result.summary
    assert [a.id for a in summary.attributions] == [a.id for a in analysis.attributions]
    (claim,) = summary.claims
    first = analysis.attributions[0]
    assert claim.attributions == [first.id]
    assert claim.evidence == first.content
    assert len(summary.caveats) == len({(h.sentence.start, h.kind) for h in analysis.hedges})
    for ev in summary.all_evidence():
        assert article_text[ev.start : ev.end] == ev.text


def test_an_unknown_id_is_reasked_when_the_endpoint_did_not_enforce_the_schema(fake_server, article_text, analysis):
    bad = answer(analysis, claims=[{"attribution": "a999", "statement": "x"}])
    with fake_server([bad, answer(analysis)]) as server:
        result = make(server).summarize(article_text)
    assert result.attempts.reasks == 1
    assert "'a999' is not one of the listed attribution ids" in server.received[1].body["messages"][-1]["content"]


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
