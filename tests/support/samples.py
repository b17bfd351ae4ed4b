"""Hand-built articles and results for renderer tests (pure functions: no model involved).

Evidence offsets are computed from the article text, so every span is exact.
"""

from __future__ import annotations

from summarizer import Actor, Caveat, Claim, Dispute, Evidence, Position, Summary, SummaryResult, SummaryWarning
from summarizer.core.schema import ActorKind, Attempts, CaveatKind, ClaimAttribution, Usage

HOSTILE = '<script>alert("x")</script><img src=x onerror=alert(1)> | *bold* _em_ [link](http://evil.test) # ---'
"""Text that breaks an unescaped HTML page or Markdown brief."""

FILLER = (
    "The council met in the old chamber, where the debate ran late into the evening and several "
    "residents waited to speak about the bridge, the buses and the price of parking."
)


def ev(text: str, fragment: str, occurrence: int = 0) -> Evidence:
    """Evidence for the ``occurrence``-th appearance of ``fragment`` in ``text``."""
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(fragment, start + 1)
    return Evidence(text=fragment, start=start, end=start + len(fragment))


def bridge_article(filler_paragraphs: int = 0) -> str:
    """A short article (optionally padded in the middle) with hostile text in it."""
    middle = "\n\n".join([FILLER] * filler_paragraphs)
    return "\n\n".join(
        part
        for part in (
            "Mayor Jane Doe said the bridge repairs cannot wait. "
            "\u201cWe cannot let the bridge fall into the river,\u201d Doe told reporters on Tuesday.",
            f"A protester's sign read: {HOSTILE}",
            'Reader comments: <iframe src="https://evil.test/x"></iframe> &amp; <style>body{display:none}</style>',
            middle,
            "Council member John Roe said the repair estimate was inflated by at least a third. "
            "The city auditor has not reviewed the contract, and it is unclear when work would begin.",
        )
        if part
    )


def bridge_result(text: str, *, warnings: bool = True) -> SummaryResult:
    """A result over :func:`bridge_article` with every kind of item, overlapping spans and hostile text."""
    roe = "Council member John Roe said the repair estimate was inflated by at least a third."
    overlap_claim = ev(text, "The city auditor has not reviewed the contract, and it is unclear when work would begin.")
    summary = Summary(
        headline=f"Mayor and council clash over bridge repairs {HOSTILE}",
        summary="# Not a heading\n\n- not a list. The mayor wants repairs now; a councillor says costs are inflated.",
        actors=[
            Actor(id="jane-doe", name="Jane Doe", kind=ActorKind.PERSON, role="Mayor", aliases=["Doe"]),
            Actor(id="john-roe", name="John Roe", kind=ActorKind.PERSON, role="Council member | finance"),
            Actor(id="hostile", name="<b>Evil</b> | Corp", kind=ActorKind.ORGANIZATION),
        ],
        claims=[
            Claim(id="c1", claimant="jane-doe", statement="The bridge repairs cannot wait.",
                  attribution=ClaimAttribution.DIRECT_QUOTE,
                  evidence=[ev(text, "We cannot let the bridge fall into the river,")]),
            Claim(id="c2", claimant="john-roe", statement="The repair estimate is inflated by at least a third.",
                  attribution=ClaimAttribution.PARAPHRASE,
                  evidence=[ev(text, roe)]),
            Claim(id="c3", claimant="jane-doe", statement="Repairs must start soon.",
                  attribution=ClaimAttribution.PARAPHRASE,
                  evidence=[ev(text, "Mayor Jane Doe said the bridge repairs cannot wait.")]),
            Claim(id="c4", claimant="outlet", statement="The timing of the work is unclear.",
                  attribution=ClaimAttribution.OUTLET, evidence=[overlap_claim]),
            Claim(id="c5", claimant="hostile", statement=HOSTILE, attribution=ClaimAttribution.REPORTED,
                  evidence=[ev(text, HOSTILE)]),
        ],
        disputes=[
            Dispute(issue="Whether the repair budget is justified", positions=[
                Position(actor="jane-doe", position="The repairs are urgent.",
                         evidence=[ev(text, "Mayor Jane Doe said the bridge repairs cannot wait.")]),
                Position(actor="john-roe", position="The estimate is inflated.",
                         evidence=[ev(text, "the repair estimate was inflated by at least a third")]),
            ]),
        ],
        caveats=[
            Caveat(kind=CaveatKind.UNVERIFIED, text="The auditor has not reviewed the contract.",
                   evidence=[ev(text, "The city auditor has not reviewed the contract")]),
        ],
    )  # fmt: skip
    return SummaryResult(
        summary=summary,
        model="test-model",
        prompt_version="summarize-v1+test",
        usage=Usage(prompt_tokens=1200, completion_tokens=345),
        attempts=Attempts(requests=2, reasks=1),
        latency_s=12.34,
        warnings=[SummaryWarning(code="dropped_claim", message=f"a claim was dropped: {HOSTILE}")] if warnings else [],
    )


def empty_result() -> SummaryResult:
    """A result with nothing in any list."""
    return SummaryResult(summary=Summary(headline="Nothing to report", summary="Little happened."),
                         model="test-model", prompt_version="summarize-v1+test")  # fmt: skip
