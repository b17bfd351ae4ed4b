"""Grounding the model-only path: the model's wire answer -> a Summary, or what is wrong.

The model wrote everything itself, citing sentence numbers; each concern is checked by
its own rule, in this order (each broken rule is a :class:`Violation` naming the item it
concerns; a change the article itself settles is a repair, reported as a warning):

- **actors** (:mod:`summarizer.grounding.actors`): every name occurs in the article;
  every reference resolves to a listed actor, or one the article names is added;
- **claims** (:mod:`summarizer.grounding.claims`): a grounded claimant, cited sentences
  that exist, quotes found verbatim; repeated claims left out;
- **disputes** (:mod:`summarizer.grounding.disputes`): at least two positions by
  different actors;
- **caveats** (:mod:`summarizer.grounding.caveats`): cited sentences that exist;
- **attribution** (:func:`summarizer.grounding.speakers.attribution_notes`) and a
  summary that stops mid-sentence (:func:`summarizer.grounding.rules.cut_off_notes`)
  only warn, because the article cannot settle them.

Every rule builds its evidence with :mod:`summarizer.grounding.evidence`, so
``original[start:end] == text`` holds by construction.
"""

from __future__ import annotations

from summarizer.core.schema import Summary
from summarizer.grounding.actors import Resolver, ground_actors
from summarizer.grounding.caveats import ground_caveats
from summarizer.grounding.claims import ground_claims
from summarizer.grounding.disputes import ground_disputes
from summarizer.grounding.evidence import Article
from summarizer.grounding.rules import Grounded, Violation, cut_off_notes
from summarizer.grounding.speakers import attribution_notes
from summarizer.prompting.wire import WireSummary
from summarizer.text.sentences import Sentence


def ground(wire: WireSummary, original: str, sentences: list[Sentence]) -> Grounded:
    """Check ``wire`` against the article and build the public :class:`Summary`."""
    article = Article(original, sentences)
    violations: list[Violation] = []
    actors, rejected_names = ground_actors(wire, article, violations)
    resolver = Resolver(actors, article)
    claims = ground_claims(wire, article, resolver, rejected_names, violations)
    disputes = ground_disputes(wire, article, resolver, rejected_names, violations)
    caveats = ground_caveats(wire, article, resolver.repairs, violations)
    notes = attribution_notes(claims, resolver.actors, article) + cut_off_notes(wire.summary)
    summary = Summary(
        headline=" ".join(wire.headline.split()),
        summary=" ".join(wire.summary.split()),
        actors=resolver.actors,
        claims=claims,
        disputes=disputes,
        caveats=caveats,
    )
    return Grounded(summary=summary, violations=violations, repairs=resolver.repairs + notes)
