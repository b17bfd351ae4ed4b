"""What every grounding rule returns: violations (for a re-ask) and repairs (warnings).

A rule checks one concern of the model's answer against the article — actors, evidence,
attribution, caveats — and reports each broken rule as a :class:`Violation` naming the
wire item it concerns; a change the article itself settles is a repair, reported as a
:class:`~summarizer.core.schema.SummaryWarning`. :class:`Grounded` gathers them with the
summary that results.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

from summarizer.core.schema import Summary, SummaryWarning, WarningCode


@dataclass(frozen=True)
class Violation:
    """One broken grounding rule.

    ``item`` is ``(list name, index)`` of the wire item it concerns, e.g.
    ``("claims", 2)``; ``reask`` is False for consequences already reported by another
    violation (they are dropped, but not listed to the model twice).
    """

    item: tuple[str, int]
    message: str
    reask: bool = True
    dropped: bool = True
    """False when only a part of the item was left out (see ``part``); the item stands."""
    part: str = "position"
    """What was left out when ``dropped`` is False: a dispute's ``position`` or a claim's ``quote``."""
    ref: str | None = None
    """When only a part was left out: the result item that stands (an :func:`~summarizer.core.schema.item_ref`),
    set once its final id is known; it becomes the warning's ``item``."""

    def __str__(self) -> str:
        name, index = self.item
        return f"{name}[{index}]: {self.message}"


@dataclass
class Grounded:
    """The outcome of grounding one wire answer."""

    summary: Summary
    """The summary with every offending item left out."""
    violations: list[Violation] = field(default_factory=list)
    repairs: list[SummaryWarning] = field(default_factory=list)
    """Changes made from the article itself (e.g. an actor added), reported as warnings."""

    @property
    def problems(self) -> list[str]:
        """Violations worth telling the model about, as re-ask lines."""
        return [str(v) for v in self.violations if v.reask]

    def warnings(self) -> list[SummaryWarning]:
        """One warning per dropped item (with every reason), one per dropped position, then the repairs."""
        by_item: dict[tuple[str, int], list[Violation]] = {}
        for v in self.violations:
            by_item.setdefault(v.item, []).append(v)
        out: list[SummaryWarning] = []
        for (name, index), found in by_item.items():
            if reasons := [v.message for v in found if v.dropped]:
                message = f"{name}[{index}]: {'; '.join(reasons)}; the item was left out"
                out.append(SummaryWarning(code=_code(DROPPED, name), message=message))
            out += [
                SummaryWarning(
                    code=_code(PART_DROPPED, v.part),
                    message=f"{v}; that {v.part} was left out{_STANDS[v.part]}",
                    item=v.ref,
                )
                for v in found
                if not v.dropped
            ]
        return out + self.repairs


DROPPED: dict[str, WarningCode] = {
    "actors": WarningCode.DROPPED_ACTOR,
    "claims": WarningCode.DROPPED_CLAIM,
    "disputes": WarningCode.DROPPED_DISPUTE,
    "caveats": WarningCode.DROPPED_CAVEAT,
    "speakers": WarningCode.DROPPED_SPEAKER,
    "extra_claims": WarningCode.DROPPED_EXTRA_CLAIM,
    "extra_caveats": WarningCode.DROPPED_EXTRA_CAVEAT,
}
"""The warning for an item of each wire list left out (:attr:`Violation.item` names the list)."""

PART_DROPPED: dict[str, WarningCode] = {"position": WarningCode.DROPPED_POSITION, "quote": WarningCode.DROPPED_QUOTE}
"""The warning for each part of an item left out while the item stands (:attr:`Violation.part`)."""

_STANDS = {"position": "", "quote": " and the claim stands on its cited sentences"}


def _code(codes: dict[str, WarningCode], name: str) -> WarningCode:
    if name not in codes:
        raise ValueError(f"no warning code for a dropped {name!r}: add one to WarningCode and grounding.rules")
    return codes[name]


def point_at(notes: list[SummaryWarning], indices: Iterable[int], ref: str) -> None:
    """Make the warnings at ``indices`` of ``notes`` refer to the result item ``ref``.

    For warnings raised before the item they concern has its final id (a claim may still
    be left out as a repeat, a dispute for want of two sides): the place that assigns the
    id points them at it.
    """
    for i in indices:
        notes[i] = notes[i].model_copy(update={"item": ref})


_ENDS_SENTENCE = tuple(".!?…\"”’')")


def cut_off_notes(summary: str) -> list[SummaryWarning]:
    """A warning when the summary stops mid-sentence (a small model may end the string early)."""
    words = summary.split()
    if not words or words[-1].endswith(_ENDS_SENTENCE):
        return []
    return [
        SummaryWarning(
            code=WarningCode.INCOMPLETE_SUMMARY,
            message=f'the summary stops mid-sentence ("…{" ".join(words[-4:])}"); the model ended it early',
        )
    ]
