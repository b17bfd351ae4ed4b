"""Caveats of the model-only path: each cites sentences of the article that say it.

A caveat citing a sentence the article does not have is a violation; its evidence is the
cited sentences that share a content word with its text, or the neighbour that says it
better (see :func:`~summarizer.grounding.evidence.relevant`).
"""

from __future__ import annotations

from summarizer.core.schema import Caveat, SummaryWarning, item_ref
from summarizer.grounding.evidence import Article, cited, relevant
from summarizer.grounding.rules import Violation, point_at
from summarizer.prompting.wire import WireSummary


def ground_caveats(
    wire: WireSummary, article: Article, notes: list[SummaryWarning], out: list[Violation]
) -> list[Caveat]:
    """The caveats whose citations exist, with evidence from the relevant cited sentences."""
    caveats: list[Caveat] = []
    for i, item in enumerate(wire.caveats):
        numbers = cited(("caveats", i), item.sentences, article, out)
        if numbers is None:
            continue
        since = len(notes)
        numbers = relevant(("caveats", i), numbers, item.text, article, notes)
        point_at(notes, range(since, len(notes)), item_ref("caveat", len(caveats) + 1))
        caveats.append(
            Caveat(kind=item.kind, text=" ".join(item.text.split()), evidence=[article.evidence(n) for n in numbers])
        )
    return caveats
