"""Merging chunk summaries: actors, claims, disputes, caveats, accounting."""

from __future__ import annotations

from summarizer import (
    Actor,
    Attempts,
    Caveat,
    Claim,
    Dispute,
    Evidence,
    Position,
    Summary,
    SummaryResult,
    SummaryWarning,
    Usage,
)
from summarizer.grounding.merge import merge_results

ORIGINAL = (
    "Ivan Popov said the army lacked shells. "
    "Defence minister Anna Kern said supplies were fine. "
    "Popov said the army lacked shells and artillery. "
    "Kern said supplies were fine. "
    "The claims could not be verified. "
    "Maria Kowalski said the bridge was safe. "
    "Tomas Kowalski said the bridge was unsafe. "
    "Kowalski said nothing more."
)


def ev(sentence: str) -> Evidence:
    start = ORIGINAL.index(sentence)
    return Evidence(text=sentence, start=start, end=start + len(sentence))


def actor(id_: str, name: str, aliases: list[str] | None = None, role: str | None = None) -> Actor:
    return Actor(id=id_, name=name, kind="person", role=role, aliases=aliases or [])


def claim(id_: str, claimant: str, statement: str, *sentences: str) -> Claim:
    return Claim(
        id=id_, claimant=claimant, statement=statement, attribution="reported", evidence=[ev(s) for s in sentences]
    )


def result(summary: Summary, *, requests: int = 1, warnings: list[SummaryWarning] | None = None) -> SummaryResult:
    return SummaryResult(
        summary=summary,
        model="m",
        prompt_version="p+1",
        usage=Usage(prompt_tokens=100 * requests, completion_tokens=10 * requests),
        attempts=Attempts(requests=requests, transport_retries=requests - 1, reasks=0),
        warnings=warnings or [],
    )


def part_one() -> SummaryResult:
    return result(
        Summary(
            headline="Popov and Kern disagree",
            summary="Popov says shells are short.",
            actors=[actor("ivan-popov", "Ivan Popov", ["Popov"]), actor("anna-kern", "Anna Kern", ["Kern"])],
            claims=[
                claim("c1", "ivan-popov", "The army lacked shells.", "Ivan Popov said the army lacked shells."),
                claim("c2", "anna-kern", "Supplies were fine.", "Defence minister Anna Kern said supplies were fine."),
            ],
            disputes=[
                Dispute(
                    issue="Supplies",
                    positions=[
                        Position(
                            actor="ivan-popov",
                            position="short",
                            evidence=[ev("Ivan Popov said the army lacked shells.")],
                        ),
                        Position(
                            actor="anna-kern",
                            position="fine",
                            evidence=[ev("Defence minister Anna Kern said supplies were fine.")],
                        ),
                    ],
                ),
            ],
        ),
        warnings=[SummaryWarning(code="dropped_claim", message="claims[3]: bad")],
    )


def part_two() -> SummaryResult:
    return result(
        Summary(
            headline="Later part",
            summary="Kern repeats herself.",
            actors=[
                actor("popov", "Popov"),
                actor("kern", "Kern", role="Defence minister"),
                actor("maria-kowalski", "Maria Kowalski", ["Kowalski"]),
                actor("tomas-kowalski", "Tomas Kowalski", ["Kowalski"]),
                actor("kowalski", "Kowalski"),
            ],
            claims=[
                claim("c1", "popov", "The army lacked shells", "Popov said the army lacked shells and artillery."),
                claim("c2", "kern", "Supplies were fine.", "Kern said supplies were fine."),
                claim("c3", "maria-kowalski", "The bridge was safe.", "Maria Kowalski said the bridge was safe."),
                claim("c4", "kowalski", "Nothing more.", "Kowalski said nothing more."),
                claim("c5", "outlet", "The claims could not be verified.", "The claims could not be verified."),
            ],
            caveats=[Caveat(kind="unverified", text="unverified", evidence=[ev("The claims could not be verified.")])],
        ),
        requests=3,
    )


def test_actors_are_deduplicated_by_name_and_alias_with_stable_ids():
    merged = merge_results([part_one(), part_two()], latency_s=1.5).summary

    ids = [a.id for a in merged.actors]
    assert ids == ["ivan-popov", "anna-kern", "maria-kowalski", "tomas-kowalski", "kowalski"]
    kern = merged.actor("anna-kern")
    assert kern is not None
    assert kern.role == "Defence minister"  # learnt from the later part
    assert "Kern" in kern.aliases


def test_an_ambiguous_surname_stays_its_own_actor():
    merged = merge_results([part_one(), part_two()], latency_s=0).summary

    bare = merged.actor("kowalski")
    assert bare is not None
    assert bare.name == "Kowalski"
    nothing_more = next(c for c in merged.claims if c.statement == "Nothing more.")
    assert nothing_more.claimant == "kowalski"


def test_duplicate_claims_are_merged_with_their_evidence_united():
    merged = merge_results([part_one(), part_two()], latency_s=0).summary

    popov = [c for c in merged.claims if c.claimant == "ivan-popov"]
    assert len(popov) == 1
    assert [e.text for e in popov[0].evidence] == [
        "Ivan Popov said the army lacked shells.",
        "Popov said the army lacked shells and artillery.",
    ]
    kern = [c for c in merged.claims if c.claimant == "anna-kern"]
    assert len(kern) == 1
    assert len(kern[0].evidence) == 2
    assert [c.id for c in merged.claims] == [f"c{i}" for i in range(1, len(merged.claims) + 1)]
    assert {c.claimant for c in merged.claims} == {"ivan-popov", "anna-kern", "maria-kowalski", "kowalski", "outlet"}


def test_different_claimants_are_never_merged():
    one = result(
        Summary(
            headline="h",
            summary="s",
            actors=[actor("anna-kern", "Anna Kern")],
            claims=[claim("c1", "anna-kern", "Supplies were fine.", "Kern said supplies were fine.")],
        )
    )
    two = result(
        Summary(
            headline="h",
            summary="s",
            actors=[actor("ivan-popov", "Ivan Popov")],
            claims=[claim("c1", "ivan-popov", "Supplies were fine.", "Kern said supplies were fine.")],
        )
    )

    assert len(merge_results([one, two], latency_s=0).summary.claims) == 2


def test_disputes_caveats_accounting_and_warnings_are_kept():
    merged = merge_results([part_one(), part_two()], latency_s=2.25)

    assert [d.issue for d in merged.summary.disputes] == ["Supplies"]
    assert [p.actor for p in merged.summary.disputes[0].positions] == ["ivan-popov", "anna-kern"]
    assert [c.text for c in merged.summary.caveats] == ["unverified"]
    assert merged.usage == Usage(prompt_tokens=400, completion_tokens=40)
    assert merged.attempts == Attempts(requests=4, transport_retries=2, reasks=0)
    assert merged.latency_s == 2.25
    assert merged.summary.headline == "Popov and Kern disagree"
    assert merged.summary.summary == "Popov says shells are short. Kern repeats herself."
    codes = [w.code for w in merged.warnings]
    assert codes == ["chunked", "dropped_claim"]
    assert merged.warnings[1].message.startswith("part 1/2: ")


def test_every_merged_span_still_slices_the_original():
    merged = merge_results([part_one(), part_two()], latency_s=0).summary

    spans = [e for c in merged.claims for e in c.evidence]
    spans += [e for d in merged.disputes for p in d.positions for e in p.evidence]
    spans += [e for c in merged.caveats for e in c.evidence]
    assert spans
    assert all(ORIGINAL[e.start : e.end] == e.text for e in spans)
