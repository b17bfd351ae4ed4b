"""Hedges: where the article marks its own uncertainty.

(Stub: the full rules are being written.)
"""

from __future__ import annotations

from summarizer.analysis.found import FoundHedge
from summarizer.analysis.parsed import Parsed


def find_hedges(parsed: Parsed) -> list[FoundHedge]:
    """Every hedge of the article, in order."""
    return []
