"""Actors: the people, organisations, governments, media and groups the article names.

(Stub: the full rules are being written.)
"""

from __future__ import annotations

from dataclasses import dataclass, field

from summarizer.analysis.parsed import CharSpan, Parsed
from summarizer.core.schema import Actor


@dataclass
class ActorIndex:
    """The article's actors, and which of them a source span refers to."""

    actors: list[Actor] = field(default_factory=list)

    def resolve(self, source: list[CharSpan]) -> str | None:
        """The id of the actor ``source`` names or refers to, or ``None`` if the text does not settle it."""
        return None


def find_actors(parsed: Parsed) -> ActorIndex:
    """Every actor of the article, mentions merged."""
    return ActorIndex()
