"""End-to-end: the reference article through a recorded real model server."""

from __future__ import annotations

import pytest

from summarizer import Summary, SummaryResult
from summarizer.text.normalize import normalize

JUNK = (
    "We're not around right now",
    "Log in with your credentials",
    "Forgot your details?",
    "July 11, 202344:15",
    "Major General Ivan Popov with the Russian military.",
    "Russia Defense Ministry",
)


def all_evidence(summary: Summary):
    for claim in summary.claims:
        yield from claim.evidence
    for dispute in summary.disputes:
        for position in dispute.positions:
            yield from position.evidence
    for caveat in summary.caveats:
        yield from caveat.evidence


def check_grounded(result: SummaryResult, original: str) -> None:
    summary = result.summary
    evidence = list(all_evidence(summary))
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
    assert result.prompt_version.startswith("summarize-v1+")
    assert result.model == recorded.model
