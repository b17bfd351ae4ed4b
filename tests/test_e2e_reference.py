"""End-to-end: the reference article through a recorded real model server."""

from __future__ import annotations

import pytest

from summarizer import SummaryResult
from summarizer.text.normalize import normalize

JUNK = (
    "We're not around right now",
    "Log in with your credentials",
    "Forgot your details?",
    "July 11, 202344:15",
    "Major General Ivan Popov with the Russian military.",
    "Russia Defense Ministry",
)


def check_grounded(result: SummaryResult, original: str) -> None:
    summary = result.summary
    evidence = list(summary.all_evidence())
    assert evidence, "the summary cites nothing"
    for ev in evidence:
        assert original[ev.start : ev.end] == ev.text
        for junk in JUNK:
            assert junk not in ev.text
    article = normalize(original)
    for actor in summary.actors:
        assert normalize(actor.name) in article, actor.name
    ids = {a.id for a in summary.actors} | {"outlet", "unattributed"}
    assert all(c.claimant in ids for c in summary.claims)
    assert all(p.actor in ids for d in summary.disputes for p in d.positions)


@pytest.mark.cassette
def test_reference_article_is_grounded(recorded, article_text):
    result = recorded.summarizer().summarize(article_text)

    check_grounded(result, article_text)
    assert result.summary.actors and result.summary.claims
    assert result.usage.prompt_tokens > 500
    assert result.usage.completion_tokens > 50
    assert result.attempts.requests == 1 + result.attempts.reasks + result.attempts.transport_retries
    assert result.prompt_version.startswith("judge-v5+")
    assert result.model == recorded.model


CAVEAT_CUES = ("independently confirm", "did not say how", "It is not clear", "asked for comment")
"""The article's own caveats in its last paragraphs: each must be among the summary's caveats."""


@pytest.mark.cassette
def test_reference_article_says_who_said_what_and_what_is_unconfirmed(recorded, article_text):
    summary = recorded.summarizer().summarize(article_text).summary
    by_id = {a.id: a for a in summary.attributions}
    for claim in summary.claims:  # a claim on an attribution speaks with that attribution's speaker
        for ref in claim.attributions:
            assert claim.claimant == (by_id[ref].source_actor or "unattributed"), claim
    popov = [c for c in summary.claims if "proper name" in " ".join(e.text for e in c.evidence)]
    assert all(c.claimant == "ivan-popov" for c in popov)
    outlet_sentence = "adds to speculation"
    assert not any(outlet_sentence in e.text for a in summary.attributions for e in a.content if a.source_actor)
    caveat_text = " ".join(e.text for c in summary.caveats for e in c.evidence)
    for cue in CAVEAT_CUES:
        assert cue in caveat_text, cue
    for dispute in summary.disputes:  # a position is something its actor says, never a title
        for position in dispute.positions:
            spoken = [a.content for a in summary.attributions if a.source_actor == position.actor]
            assert position.evidence in spoken


SHORT_ARTICLE = (
    "The city council of Riverton voted 5-4 on Tuesday to close the Elm Street library, Mayor Dana Ortiz said.\n\n"
    "\u201cWe cannot keep every branch open on this budget,\u201d Ortiz told reporters after the vote.\n\n"
    "Council member Luis Grant, who voted against the closure, said the library was the only one in the district "
    "and that the savings had been overstated.\n\n"
    "The library workers' union did not respond to a request for comment. The council's budget figures could not "
    "be independently verified.\n"
)


@pytest.mark.cassette
def test_auto_mode_falls_back_when_the_server_rejects_json_schema(recorded):
    """llama-cpp-python's server answers json_schema with HTTP 500; auto mode falls back."""
    result = recorded.summarizer(structured_output="auto").summarize(SHORT_ARTICLE)

    check_grounded(result, SHORT_ARTICLE)
    assert result.attempts.requests >= 2  # the rejected json_schema request, then the schema-constrained one
    assert {a.name for a in result.summary.actors} & {"Dana Ortiz", "Luis Grant"}


@pytest.mark.cassette
def test_async_summary_through_a_users_async_client(recorded):
    import asyncio

    async def run():
        client = recorded.async_client()
        async with client:
            from summarizer import Summarizer

            return await Summarizer(client=client, model=recorded.model, options=recorded.options()).asummarize(
                SHORT_ARTICLE
            )

    result = asyncio.run(run())
    check_grounded(result, SHORT_ARTICLE)
    assert result.usage.completion_tokens > 0
