"""What the rule modules return, in :class:`~summarizer.analysis.parsed.Parsed` offsets.

The assembly in :mod:`summarizer.analysis` turns these into the public
:class:`~summarizer.core.schema.Attribution` and :class:`~summarizer.core.schema.Hedge`
(exact evidence, ids, sentence numbers, the source's actor).
"""

from __future__ import annotations

from dataclasses import dataclass, field

from summarizer.analysis.parsed import CharSpan
from summarizer.core.schema import AttributionKind, CaveatKind


@dataclass
class FoundAttribution:
    """One attribution relation as a rule found it."""

    kind: AttributionKind
    cue: list[CharSpan]
    content: list[CharSpan]
    source: list[CharSpan] = field(default_factory=list)
    """Empty when the sentence names no source ("it was reported that...")."""
    source_actor: str | None = None
    """Set by the assembly from the actor index; rules may leave it."""


@dataclass
class FoundHedge:
    """One place where the outlet marks its own uncertainty."""

    kind: CaveatKind
    cue: CharSpan
