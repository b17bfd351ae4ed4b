"""Attribution relations: who (source) says (cue) what (content).

(Stub: the full rules are being written.)
"""

from __future__ import annotations

from summarizer.analysis.found import FoundAttribution
from summarizer.analysis.parsed import Parsed


def find_attributions(parsed: Parsed) -> list[FoundAttribution]:
    """Every attribution relation of the article, in order."""
    return []
