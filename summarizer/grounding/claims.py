"""Claims of the model-only path: a grounded claimant, cited sentences, verified quotes.

- a claim's claimant is ``outlet``, ``unattributed`` or resolves to a grounded actor
  (:class:`~summarizer.grounding.actors.Resolver`); its cited sentences exist;
- a quote the model reproduced must occur in the article
  (:func:`~summarizer.grounding.evidence.find_quote`), and is then the claim's evidence. A
  quote that does not occur is rejected, not its claim: after the last re-ask the claim
  stands on its cited sentences, with a ``dropped_quote`` warning;
- a claim repeating an earlier one (the same claimant with the same evidence or
  statement: a small model may loop) is left out, with a warning.
"""

from __future__ import annotations

from dataclasses import replace

from summarizer.core.schema import OUTLET, UNATTRIBUTED, Claim, Evidence, SummaryWarning, WarningCode, item_ref
from summarizer.grounding.actors import Resolver, reference_problem
from summarizer.grounding.evidence import Article, cited, find_quote, relevant
from summarizer.grounding.rules import Violation, point_at
from summarizer.prompting.wire import WireSummary
from summarizer.text.normalize import normalize

_SPECIAL_CLAIMANTS = {OUTLET, UNATTRIBUTED}


def ground_claims(
    wire: WireSummary, article: Article, resolver: Resolver, rejected: set[str], out: list[Violation]
) -> list[Claim]:
    """The claims whose claimant and citations are grounded; repairs go to ``resolver.repairs``."""
    claims: list[Claim] = []
    for i, item in enumerate(wire.claims):
        path = ("claims", i)
        claimant = normalize(item.claimant)
        actor_id = claimant if claimant in _SPECIAL_CLAIMANTS else resolver.resolve(item.claimant)
        if actor_id is None:
            reference_problem(path, "claimant", item.claimant, rejected, out)
            continue
        numbers = cited(path, item.sentences, article, out)
        if numbers is None:
            continue
        quoted = bool(item.quote and item.quote.strip(" \"'“”‘’"))
        quote = find_quote(item.quote, numbers, article) if item.quote and quoted else None
        problems: list[Violation] = []  # reported once the claim's fate is known (nothing else reaches `out` first)
        if quoted and quote is None:
            # the words are rejected, not the claim: its cited sentences are real evidence
            problems.append(
                Violation(
                    path,
                    f"the quote {item.quote!r} is not in the article as written; copy the words exactly or use null",
                    dropped=False,
                    part="quote",
                )
            )
        since = len(resolver.repairs)
        if quote is not None:
            evidence = [quote]  # the verified words themselves are the evidence
        else:
            numbers = relevant(
                path, numbers, item.statement, article, resolver.repairs, named=resolver.labels(actor_id)
            )
            evidence = [article.evidence(n) for n in numbers]
        moved = range(since, len(resolver.repairs))
        if _repeats(actor_id, item.statement, evidence, claims):
            out += problems
            resolver.repairs.append(
                SummaryWarning(
                    code=WarningCode.DUPLICATE_CLAIM, message=f"claims[{i}] repeated an earlier claim; left out"
                )
            )
            continue
        claim_id = f"c{len(claims) + 1}"
        out += [replace(v, ref=item_ref("claim", claim_id)) for v in problems]
        point_at(resolver.repairs, moved, item_ref("claim", claim_id))
        claims.append(
            Claim(
                id=claim_id,
                claimant=actor_id,
                statement=" ".join(item.statement.split()),
                attribution=item.attribution,
                evidence=evidence,
            )
        )
    return claims


def _repeats(claimant: str, statement: str, evidence: list[Evidence], claims: list[Claim]) -> bool:
    """A small model may loop: the same claimant with the same evidence or statement."""
    spans = {(e.start, e.end) for e in evidence}
    key = normalize(statement)
    return any(
        c.claimant == claimant and ({(e.start, e.end) for e in c.evidence} == spans or normalize(c.statement) == key)
        for c in claims
    )
