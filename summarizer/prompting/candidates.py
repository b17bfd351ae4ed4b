"""The judging wire: the model answers about the analysis' numbered candidates.

The analysis (stage 2) has already found, with exact spans, who said what and where the
article doubts itself. The model is shown those candidates and answers mostly with their
ids: which attributions carry the key claims (with a short neutral statement each), a
speaker only where a candidate's is wrong, disputes as ids of different speakers, and a
kind only for a hedge whose proposed kind is wrong. The prompt's attribution ids name the
sentence an attribution starts in (``s4``, ``s4b``): a small model reads ``a2`` as
sentence 2 and words the wrong sentence. Constrained decoding keeps every id and name valid (enums), and
every list is bounded, so the answer stays short: output tokens are what a small local
model pays for most.
"""

from __future__ import annotations

import copy
import functools
import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

from pydantic import BaseModel, ConfigDict, Field

from summarizer.core.schema import OUTLET, Actor, Analysis, Attribution, CaveatKind, Evidence, Hedge
from summarizer.text.normalize import normalize
from summarizer.text.sentences import Sentence

MAX_KEY_CLAIMS = 4
MAX_SPEAKER_FIXES = 2
MAX_DISPUTES = 1
MAX_DISPUTE_SIDES = 3
MAX_EXTRA_CLAIMS = 1
MAX_EXTRA_CAVEATS = 1
MAX_CITES = 3
NOT_A_CAVEAT = "not_a_caveat"
"""The verdict for a hedge that is not the article's own doubt (e.g. inside someone's argument)."""
MAX_CAVEAT_FIXES = 3
CONTENT_PREVIEW_WORDS = 6
"""How many words of its content the line of an attribution shows when others start in its
sentence too (the sentence is in the prompt; the words tell ``s4a`` from ``s4b``)."""
SOURCE_PREVIEW_WORDS = 8
"""How many words of an unresolved source the prompt shows ("Figures released by …")."""
_SENTENCE_ID = re.compile(r"s\d+")
"""A prompt id that names one sentence and nothing else (see :func:`sentence_labels`)."""
SHADOWED_SHARE = 0.8
"""An unresolved relation whose content is at least this share another's (a named speaker's) is not shown."""
MIN_SHOWN_WORDS = 3
"""A relation whose content is shorter ("reported on the decision", "wrote on Twitter") is not shown:
it cannot carry a key claim."""


class _Wire(BaseModel):
    model_config = ConfigDict(extra="ignore")


class WireKeyClaim(_Wire):
    """A key claim: one attribution id and a short statement of it."""

    attribution: str = Field(min_length=1)
    statement: str = ""
    """May come back empty from a small model: the attribution as written then stands in for it."""


class WireSpeaker(_Wire):
    """A speaker for an attribution whose source the analysis left unresolved."""

    attribution: str = Field(min_length=1)
    speaker: str = Field(min_length=1)


class WireIdDispute(_Wire):
    """A dispute: an issue and the attribution ids of its opposing sides."""

    issue: str = Field(min_length=1)
    attributions: list[str] = Field(min_length=2, max_length=MAX_DISPUTE_SIDES)


class WireExtraClaim(_Wire):
    """A claim no attribution covers, cited by sentence number."""

    claimant: str = Field(min_length=1)
    statement: str = Field(min_length=1)
    sentences: list[int] = Field(min_length=1, max_length=MAX_CITES)


class WireExtraCaveat(_Wire):
    """A caveat no hedge covers, cited by sentence number."""

    kind: CaveatKind
    text: str = Field(min_length=1)
    sentences: list[int] = Field(min_length=1, max_length=MAX_CITES)


class WireCaveatFix(_Wire):
    """A hedge whose proposed kind is wrong: its kind, or :data:`NOT_A_CAVEAT`."""

    hedge: str = Field(min_length=1)
    kind: str = Field(min_length=1)


class WireJudgment(_Wire):
    """The model's answer about the candidates, before grounding."""

    headline: str = Field(min_length=1)
    summary: str = Field(min_length=1)
    claims: list[WireKeyClaim] = Field(default_factory=list, max_length=MAX_KEY_CLAIMS)
    speakers: list[WireSpeaker] = Field(default_factory=list, max_length=MAX_SPEAKER_FIXES)
    disputes: list[WireIdDispute] = Field(default_factory=list, max_length=MAX_DISPUTES)
    caveats: list[WireCaveatFix] = Field(default_factory=list, max_length=MAX_CAVEAT_FIXES)
    """Only the hedges whose proposed kind is wrong; the others keep theirs."""
    extra_claims: list[WireExtraClaim] = Field(default_factory=list, max_length=MAX_EXTRA_CLAIMS)
    extra_caveats: list[WireExtraCaveat] = Field(default_factory=list, max_length=MAX_EXTRA_CAVEATS)


@dataclass(frozen=True)
class Candidates:
    """The analysis' candidates that fall inside one document (or chunk) of sentences.

    Ids stay the analysis' own (``a12``, ``h3``) so chunks of one article never collide;
    sentence numbers are the document's (chunks are numbered from 1). A relation that only
    repeats another's words under an unnamed source is left out of the prompt (it stays in
    the result's index), and so is one whose content is too short to carry a claim.
    ``labels`` maps an attribution's id to the id the prompt shows (:func:`sentence_labels`);
    an id without a label is shown as itself.
    """

    sentences: list[Sentence]
    actors: list[Actor]
    attributions: list[Attribution]
    hedges: list[Hedge]
    labels: dict[str, str] = field(default_factory=dict)

    @classmethod
    def of(cls, analysis: Analysis, sentences: list[Sentence]) -> Candidates:
        """The candidates of ``analysis`` whose spans lie inside ``sentences``."""
        lo, hi = (sentences[0].start, sentences[-1].end) if sentences else (0, 0)

        def inside(start: int, end: int) -> bool:
            return lo <= start and end <= hi

        within = [a for a in analysis.attributions if all(inside(e.start, e.end) for e in a.content)]
        shown = [a for a in within if not _shadowed(a, within) and _says_enough(a)]
        return cls(
            sentences=sentences,
            actors=list(analysis.actors),
            attributions=shown,
            hedges=[h for h in analysis.hedges if inside(h.cue.start, h.cue.end)],
            labels=sentence_labels(shown, sentences),
        )

    def label(self, attribution: Attribution) -> str:
        """The id the prompt shows for ``attribution``."""
        return self.labels.get(attribution.id, attribution.id)

    def shares_sentence(self, attribution: Attribution) -> bool:
        """Whether the id the prompt shows does not name its sentence alone: a lettered one
        (``s4a``: others start in that sentence too) or an unlabelled one (``a12``)."""
        return _SENTENCE_ID.fullmatch(self.label(attribution)) is None

    def number_at(self, offset: int) -> int:
        """The document's number of the sentence holding original offset ``offset``."""
        return _number_at(self.sentences, offset)

    def speaker_label(self, attribution: Attribution) -> str:
        """How the prompt names an attribution's speaker."""
        actor = next((a for a in self.actors if a.id == attribution.source_actor), None)
        if actor is not None:
            return actor.name
        words = " ".join(e.text for e in attribution.source).split()
        written = " ".join(words[:SOURCE_PREVIEW_WORDS]) + ("…" if len(words) > SOURCE_PREVIEW_WORDS else "")
        return f'unresolved "{written}"' if words else "no source named"

    def line_head(self, attribution: Attribution) -> str:
        """The prompt line's speaker and reporting words for ``attribution``: ``RT (said)``."""
        cue = " … ".join(e.text for e in attribution.cue)
        return f"{self.speaker_label(attribution)} ({cue})"

    def speaker_names(self) -> list[str]:
        """The names a speaker fix or an extra claim may use (the analysis' actors)."""
        return [a.name for a in self.actors]


def sentence_labels(attributions: list[Attribution], sentences: list[Sentence]) -> dict[str, str]:
    """Prompt ids that name the sentence an attribution starts in: ``s4``, or ``s4a``, ``s4b`` …
    when several start there (numbers are the document's)."""
    numbers = {a.id: _number_at(sentences, min(e.start for e in a.content)) for a in attributions}
    counts = Counter(numbers.values())
    seen: Counter[int] = Counter()
    labels: dict[str, str] = {}
    for a in attributions:
        n = numbers[a.id]
        labels[a.id] = f"s{n}" if counts[n] == 1 else f"s{n}{_letters(seen[n])}"
        seen[n] += 1
    return labels


def _number_at(sentences: list[Sentence], offset: int) -> int:
    """The number of the sentence holding original offset ``offset`` (the last one's if none does)."""
    return next((s.number for s in sentences if s.start <= offset < s.end), sentences[-1].number if sentences else 1)


def _letters(index: int) -> str:
    """``a``, ``b``, … ``z``, ``aa``, ``ab`` …"""
    out = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        out = chr(ord("a") + rest) + out
    return out


def names_actor(attribution: Attribution, actor: Actor) -> bool:
    """Whether the attribution's source span is one of ``actor``'s names (not a pronoun)."""
    written = normalize(" ".join(e.text for e in attribution.source))
    if not written:
        return False
    labels = [normalize(label) for label in (actor.name, *actor.aliases)]
    return any(label and (label in written or written in label) and len(written) > 3 for label in labels)


def settled_by_syntax(attribution: Attribution, actors: dict[str, Actor]) -> bool:
    """Whether the analysis' speaker is named in the source span itself."""
    actor = actors.get(attribution.source_actor or "")
    return actor is not None and names_actor(attribution, actor)


def _shadowed(attribution: Attribution, others: list[Attribution]) -> bool:
    """An unresolved relation over the very words another relation gives to a named speaker
    ("...," Popov said, according to the audio): the prompt shows only the speaker's."""
    if attribution.source_actor is not None:
        return False
    size = sum(e.end - e.start for e in attribution.content)
    return any(
        o.source_actor is not None and _shared(attribution.content, o.content) >= SHADOWED_SHARE * size for o in others
    )


def _says_enough(attribution: Attribution) -> bool:
    return len(" ".join(e.text for e in attribution.content).split()) >= MIN_SHOWN_WORDS


def _shared(a: list[Evidence], b: list[Evidence]) -> int:
    return sum(max(0, min(x.end, y.end) - max(x.start, y.start)) for x in a for y in b)


def render_candidates(candidates: Candidates) -> tuple[str, str]:
    """The attribution and hedge lists as the prompt shows them (one line per candidate)."""
    attributions = "\n".join(_attribution_line(candidates, a) for a in candidates.attributions)
    hedges = "\n".join(
        f'{h.id}: {h.kind.value}, "{h.cue.text}" [{candidates.number_at(h.cue.start)}]' for h in candidates.hedges
    )
    return attributions or "(none found)", hedges or "(none found)"


def _attribution_line(candidates: Candidates, attribution: Attribution) -> str:
    numbers = sorted({candidates.number_at(e.start) for e in attribution.content})
    # a sentence-named id says where it starts; the line adds only where a quote runs on to
    span = f"{numbers[0]}-{numbers[-1]}" if len(numbers) > 1 else str(numbers[0])
    where = "" if attribution.id in candidates.labels and len(numbers) == 1 else f" [{span}]"
    line = f"{candidates.label(attribution)}: {candidates.line_head(attribution)}{where}"
    if not candidates.shares_sentence(attribution):
        return line  # the sentence the id names holds its words: no need to repeat them
    words = " ".join(e.text for e in attribution.content).split()
    preview = " ".join(words[:CONTENT_PREVIEW_WORDS]) + ("…" if len(words) > CONTENT_PREVIEW_WORDS else "")
    return f'{line}: "{preview}"'


def judgment_json_schema(candidates: Candidates) -> dict[str, Any]:
    """The JSON Schema of the answer for these candidates: ids, names and sentence numbers
    are enums and every list is bounded."""
    schema = copy.deepcopy(_base_schema())
    defs = schema.pop("$defs", {})
    out: dict[str, Any] = _tidy(schema, defs)
    props = out["properties"]
    ids = [candidates.label(a) for a in candidates.attributions]
    names = candidates.speaker_names()
    numbers = [s.number for s in candidates.sentences] or [1]
    claim_items = props["claims"]["items"]["properties"]
    _enum_or_empty(props, "claims", claim_items, "attribution", ids)
    # Grounding keeps a speaker fix only for a source the syntax leaves open, and a dispute side only
    # when a named actor speaks: the schema offers nothing else.
    by_id = {a.id: a for a in candidates.actors}
    unresolved = [candidates.label(a) for a in candidates.attributions if not settled_by_syntax(a, by_id)]
    named = [a for a in candidates.attributions if a.source_actor is not None]
    speaker_items = props["speakers"]["items"]["properties"]
    _enum_or_empty(props, "speakers", speaker_items, "attribution", unresolved if names else [])
    if names:
        speaker_items["speaker"] = {"type": "string", "enum": names}
    dispute_items = props["disputes"]["items"]["properties"]
    if len({a.source_actor for a in named}) >= 2:
        dispute_items["attributions"]["items"] = {"type": "string", "enum": [candidates.label(a) for a in named]}
    else:
        props["disputes"]["maxItems"] = 0
    if ids:
        props["claims"]["minItems"] = min(2, len(ids))
    verdicts = [*(k.value for k in CaveatKind), NOT_A_CAVEAT]
    fix_items = props["caveats"]["items"]["properties"]
    _enum_or_empty(props, "caveats", fix_items, "hedge", [h.id for h in candidates.hedges])
    fix_items["kind"] = {"type": "string", "enum": verdicts}
    extra = props["extra_claims"]["items"]["properties"]
    extra["claimant"] = {"type": "string", "enum": [*names, OUTLET]}
    extra["sentences"]["items"] = {"type": "integer", "enum": numbers}
    props["extra_caveats"]["items"]["properties"]["sentences"]["items"] = {"type": "integer", "enum": numbers}
    return out


def _enum_or_empty(props: dict[str, Any], name: str, items: dict[str, Any], key: str, values: list[str]) -> None:
    if values:
        items[key] = {"type": "string", "enum": values}
    else:
        props[name]["maxItems"] = 0


@functools.cache
def _base_schema() -> dict[str, Any]:
    return WireJudgment.model_json_schema()


def _tidy(node: Any, defs: dict[str, Any]) -> Any:
    """Inline ``$ref``s, drop what llama.cpp's grammar compiler chokes on, require every property."""
    if isinstance(node, list):
        return [_tidy(item, defs) for item in node]
    if not isinstance(node, dict):
        return node
    if "$ref" in node:
        return _tidy(copy.deepcopy(defs[node["$ref"].rsplit("/", 1)[-1]]), defs)
    dropped = ("title", "default", "description", "minLength", "maxLength")
    out = {k: _tidy(v, defs) for k, v in node.items() if k not in dropped}
    if out.get("type") == "object" and "properties" in out:
        out["required"] = list(out["properties"])
        out["additionalProperties"] = False
    return out
