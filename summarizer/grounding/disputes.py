"""Disputes of the model-only path: at least two positions, by different grounded actors.

Each position's actor resolves to a grounded actor and its cited sentences exist; a
position that breaks a rule is left out (one position per actor is kept). A dispute keeps
at least two positions by different actors; with fewer it is left out, with every reason.
"""

from __future__ import annotations

from dataclasses import replace

from summarizer.core.schema import Dispute, Position, item_ref
from summarizer.grounding.actors import Resolver, reference_problem
from summarizer.grounding.evidence import Article, cited, relevant
from summarizer.grounding.rules import Violation, point_at
from summarizer.prompting.wire import WireSummary


def ground_disputes(
    wire: WireSummary, article: Article, resolver: Resolver, rejected: set[str], out: list[Violation]
) -> list[Dispute]:
    """The disputes with two or more grounded positions; repairs go to ``resolver.repairs``."""
    disputes: list[Dispute] = []
    for i, item in enumerate(wire.disputes):
        path = ("disputes", i)
        positions: list[Position] = []
        problems: list[Violation] = []
        moved: list[int] = []  # where this dispute's kept positions have a moved_evidence warning
        for position in item.positions:
            actor_id = resolver.resolve(position.actor)
            if actor_id is None:
                reference_problem(path, "position actor", position.actor, rejected, problems)
                continue
            numbers = cited(path, position.sentences, article, problems)
            if numbers is None:
                continue
            since = len(resolver.repairs)
            numbers = relevant(
                path, numbers, position.position, article, resolver.repairs, named=resolver.labels(actor_id)
            )
            if any(p.actor == actor_id for p in positions):
                continue  # one position per actor
            moved += range(since, len(resolver.repairs))
            positions.append(
                Position(
                    actor=actor_id,
                    position=" ".join(position.position.split()),
                    evidence=[article.evidence(n) for n in numbers],
                )
            )
        if len(positions) < 2:
            out += problems
            out.append(Violation(path, "a dispute needs positions of at least two different listed actors"))
            continue
        ref = item_ref("dispute", len(disputes) + 1)
        out += [replace(v, dropped=False, ref=ref) for v in problems]  # the dispute stands without them
        point_at(resolver.repairs, moved, ref)
        disputes.append(Dispute(issue=" ".join(item.issue.split()), positions=positions))
    return disputes
