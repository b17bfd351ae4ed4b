"""The public result schema: what an editor gets back.

Every piece of evidence is a span of the exact string the caller passed:
``original[evidence.start:evidence.end] == evidence.text`` always holds.
"""

from __future__ import annotations

from collections.abc import Iterator
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, ConfigDict, Field, field_validator, model_validator

OUTLET = "outlet"
"""Claimant id for the article's own assertions."""

UNATTRIBUTED = "unattributed"
"""Claimant id for assertions the article attributes to nobody."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)


class ActorKind(StrEnum):
    """What sort of actor this is."""

    PERSON = "person"
    ORGANIZATION = "organization"
    GOVERNMENT = "government"
    MEDIA = "media"
    GROUP = "group"
    OTHER = "other"


class ClaimAttribution(StrEnum):
    """How the article attributes a claim."""

    DIRECT_QUOTE = "direct_quote"
    PARAPHRASE = "paraphrase"
    REPORTED = "reported"
    OUTLET = "outlet"


class AttributionKind(StrEnum):
    """The grammatical shape of one attribution relation (PolNeAR/PARC sense)."""

    DIRECT_QUOTE = "direct_quote"
    """The content is inside quotation marks: ``"We will win," she said.``"""
    INDIRECT = "indirect"
    """A paraphrase or report without quotation marks: ``She said they would win.``"""
    MIXED = "mixed"
    """A paraphrase that quotes some of the words: ``She said they would "certainly win."``"""
    ACCORDING_TO = "according_to"
    """The source is introduced by a preposition: ``according to X``, ``X's report``-style cues."""


CLAIM_ATTRIBUTION: dict[AttributionKind, ClaimAttribution] = {
    AttributionKind.DIRECT_QUOTE: ClaimAttribution.DIRECT_QUOTE,
    AttributionKind.INDIRECT: ClaimAttribution.PARAPHRASE,
    AttributionKind.MIXED: ClaimAttribution.PARAPHRASE,
    AttributionKind.ACCORDING_TO: ClaimAttribution.REPORTED,
}
"""How a claim resting on an attribution of each kind is attributed."""


class CaveatKind(StrEnum):
    """What the article itself says is uncertain."""

    UNVERIFIED = "unverified"
    NO_COMMENT = "no_comment"
    UNCLEAR = "unclear"
    SINGLE_SOURCE = "single_source"
    ANONYMOUS_SOURCE = "anonymous_source"
    CONFLICTING_ACCOUNTS = "conflicting_accounts"
    OTHER = "other"


class Evidence(_Model):
    """A span of the article text that supports an item."""

    text: str
    """The exact text of the span: ``original[start:end]``."""
    start: int = Field(ge=0)
    """Start offset (characters) into the string the caller passed."""
    end: int = Field(ge=0)
    """End offset (exclusive)."""

    @model_validator(mode="after")
    def _check_span(self) -> Evidence:
        if self.end < self.start or self.end - self.start != len(self.text):
            raise ValueError("evidence span length does not match its text")
        return self


class WarningCode(StrEnum):
    """Every warning code the library emits; :attr:`meaning` says what each one means.

    A member is its code string (``WarningCode.MOVED_EVIDENCE == "moved_evidence"``), so
    results serialise exactly as the plain codes did.
    """

    _meaning: str

    def __new__(cls, code: str, meaning: str) -> WarningCode:
        member = str.__new__(cls, code)
        member._value_ = code
        member._meaning = meaning
        return member

    @property
    def meaning(self) -> str:
        """What this code means, in one line (the README's list is generated from these)."""
        return self._meaning

    # judging the analysis' candidates
    CORRECTED_SPEAKER = (
        "corrected_speaker",
        "the model gave an attribution to someone other than the source the article names; "
        "the article's source was kept",
    )
    SPEAKER_FROM_MODEL = (
        "speaker_from_model",
        'the article writes "he" or "the official" and the model named who; check it',
    )
    REJECTED_SPEAKER = (
        "rejected_speaker",
        "the model named a speaker who is not mentioned near the attribution; the article's reading stands",
    )
    REPLACED_STATEMENT = (
        "replaced_statement",
        "a claim's statement missed what its attribution says (no shared word, another sentence, "
        "the prompt copied, a cut quote); the attribution as written stands in",
    )
    CORRECTED_CLAIMANT = (
        "corrected_claimant",
        "a claim the model added gave someone's words to another claimant; corrected to the attribution's speaker",
    )
    DROPPED_SPEAKER = (
        "dropped_speaker",
        "a speaker fix named an attribution id or a speaker that is not listed; it was left out",
    )
    DROPPED_EXTRA_CLAIM = (
        "dropped_extra_claim",
        "a claim the model added names no listed claimant or cites a sentence the article lacks; left out",
    )
    DROPPED_EXTRA_CAVEAT = (
        "dropped_extra_caveat",
        "a caveat the model added cites a sentence the article lacks; left out",
    )
    NOT_ENGLISH = ("not_english", "the article does not look English: no analysis, the model alone summarised it")
    # the model-only path (most also on the judging path where the same rule applies)
    DROPPED_ACTOR = (
        "dropped_actor",
        "an actor failed grounding after the last re-ask (its name is not in the article) and was left out",
    )
    DROPPED_CLAIM = ("dropped_claim", "a claim failed grounding after the last re-ask and was left out")
    DROPPED_DISPUTE = (
        "dropped_dispute",
        "a dispute without two sides by different speakers was left out, with the reason",
    )
    DROPPED_CAVEAT = ("dropped_caveat", "a caveat failed grounding after the last re-ask and was left out")
    DROPPED_POSITION = (
        "dropped_position",
        "one side of a dispute failed grounding and was left out; the dispute stands on the others",
    )
    DROPPED_QUOTE = (
        "dropped_quote",
        "a model's quote that is not in the article was rejected; its claim stands on the sentences it cited",
    )
    ADDED_ACTOR = ("added_actor", "a claimant the model did not list but the article names was added as an actor")
    MOVED_EVIDENCE = ("moved_evidence", "a citation one sentence off was moved to the neighbour that says it")
    UNSUPPORTED_ATTRIBUTION = (
        "unsupported_attribution",
        "the claimant is not named in or near the claim's evidence; check who said it",
    )
    CONFLICTING_ATTRIBUTION = (
        "conflicting_attribution",
        "the same words are given to two claimants; at most one of them is right",
    )
    # both paths
    DUPLICATE_CLAIM = ("duplicate_claim", "a claim repeating an earlier one was left out")
    INCOMPLETE_SUMMARY = ("incomplete_summary", "the summary stops mid-sentence: the model ended it early")
    REASK_FAILED = ("reask_failed", "a re-ask failed (e.g. it overflowed a limit); the best earlier answer is returned")
    CHUNKED = (
        "chunked",
        "a long article was summarised in parts and merged; the parts' own warnings are prefixed `part i/n:`",
    )


class ItemKind(StrEnum):
    """The kinds of result item a reference (:attr:`SummaryWarning.item`, a review entry) points at."""

    ACTOR = "actor"
    CLAIM = "claim"
    ATTRIBUTION = "attribution"
    DISPUTE = "dispute"
    CAVEAT = "caveat"


ITEM_KINDS: tuple[ItemKind, ...] = tuple(ItemKind)

POSITIONAL_KINDS: tuple[ItemKind, ...] = (ItemKind.DISPUTE, ItemKind.CAVEAT)
"""Kinds without ids: referred to by their 1-based position in ``summary.disputes`` / ``summary.caveats``."""


def item_ref(kind: ItemKind | str, key: str | int) -> str:
    """The reference ``"<kind>:<key>"`` to one item of a result (the one place the format is defined).

    ``key`` is the item's id for actors (``actor:popov``), claims (``claim:c2``) and
    attributions (``attribution:a7``), and its 1-based position in ``summary.disputes`` /
    ``summary.caveats`` for disputes and caveats (``dispute:1``, ``caveat:3``).
    """
    ref = f"{ItemKind(kind).value}:{key}"
    parse_item_ref(ref)
    return ref


def parse_item_ref(ref: str) -> tuple[ItemKind, str]:
    """``(kind, key)`` of a reference made by :func:`item_ref`; a malformed one is a ``ValueError``."""
    kind, sep, key = ref.partition(":")
    if not sep or not key or kind not in ITEM_KINDS:
        raise ValueError(
            f"item reference {ref!r} is not '<kind>:<id>' with kind one of {', '.join(ITEM_KINDS)} "
            "(e.g. 'claim:c2', 'dispute:1')"
        )
    if kind in POSITIONAL_KINDS and not (key.isdigit() and int(key) >= 1):
        raise ValueError(f"item reference {ref!r}: a {kind} is referred to by its 1-based position, e.g. '{kind}:1'")
    return ItemKind(kind), key


class SummaryWarning(_Model):
    """Something the caller should know: e.g. an item dropped because it failed grounding."""

    code: WarningCode
    """What happened: one of :class:`WarningCode` (``WarningCode.MOVED_EVIDENCE.meaning`` says
    what each means; the README lists them all)."""
    message: str
    item: str | None = None
    """The item of the result the warning is about, as made by :func:`item_ref`:
    ``actor:<id>``, ``claim:<id>``, ``attribution:<id>``, ``dispute:<n>`` or ``caveat:<n>``
    (1-based positions in ``summary.disputes`` / ``summary.caveats``). ``None`` when the item
    is not in the result (it was left out) or the warning concerns the whole article."""

    @field_validator("item")
    @classmethod
    def _check_item(cls, item: str | None) -> str | None:
        if item is not None:
            parse_item_ref(item)
        return item


class Actor(_Model):
    """A person or body the article names."""

    id: str
    """Stable short id, referenced by claims and dispute positions."""
    name: str
    """The name as the article writes it."""
    kind: ActorKind
    role: str | None = None
    """Title or affiliation as the article states it, or ``None``."""
    aliases: list[str] = Field(default_factory=list)
    """Other names the article uses for the same actor (each occurs in the article)."""
    mentions: list[Evidence] = Field(default_factory=list)
    """Where the article names or refers to this actor (names, titles, resolved pronouns)."""


class Claim(_Model):
    """Something an actor (or the outlet) asserts."""

    id: str
    claimant: str
    """An actor id, or ``"outlet"``, or ``"unattributed"``."""
    statement: str
    """Neutral paraphrase of what is claimed."""
    attribution: ClaimAttribution
    evidence: list[Evidence] = Field(min_length=1)
    attributions: list[str] = Field(default_factory=list)
    """Ids of the :class:`Attribution` relations the claim rests on (empty for the outlet's own)."""


class Attribution(_Model):
    """One attribution relation of the article: who (source) says (cue) what (content).

    Every part is a list of exact spans, since a part may be discontinuous
    (``"We will win," she said, "and soon."``).
    """

    id: str
    """Stable short id (``a1``, ``a2``, ...), in order of the article."""
    kind: AttributionKind
    source_actor: str | None = None
    """The id of the actor that speaks, or ``None`` when the source names no actor
    ("officials said") or refers to one the text does not settle."""
    source: list[Evidence] = Field(default_factory=list)
    """The source as the sentence writes it ("Turchak", "he", "officials"); empty when
    the article gives none ("it was reported that...")."""
    cue: list[Evidence] = Field(min_length=1)
    """The words that mark the attribution ("said", "according to", "in a statement")."""
    content: list[Evidence] = Field(min_length=1)
    """What is attributed."""
    sentences: list[int] = Field(default_factory=list)
    """Numbers of the sentences the relation spans."""


class Hedge(_Model):
    """A place where the article marks its own uncertainty ("could not be verified")."""

    id: str
    """Stable short id (``h1``, ``h2``, ...), in order of the article."""
    kind: CaveatKind
    """The caveat kind the wording suggests."""
    cue: Evidence
    """The words that mark the uncertainty."""
    sentence: Evidence
    """The whole sentence the cue is in."""
    sentence_number: int
    """Its number (1-based), as the prompt numbers sentences."""


class Analysis(_Model):
    """What the deterministic analysis finds in an article, before any model call.

    Offsets index the string passed to :func:`summarizer.analyze`.
    """

    language: str
    """``"en"`` when the article was analysed; ``"other"`` when it did not look English,
    ``"off"`` when the analysis was switched off (then every list is empty)."""
    actors: list[Actor] = Field(default_factory=list)
    attributions: list[Attribution] = Field(default_factory=list)
    hedges: list[Hedge] = Field(default_factory=list)
    warnings: list[SummaryWarning] = Field(default_factory=list)

    def actor(self, actor_id: str) -> Actor | None:
        """The actor with this id, or ``None``."""
        return next((a for a in self.actors if a.id == actor_id), None)

    @property
    def analysed(self) -> bool:
        """Whether the rules ran (the article is English and the analysis was not switched off)."""
        return self.language == "en"

    def attribution(self, attribution_id: str) -> Attribution | None:
        """The attribution with this id, or ``None``."""
        return next((a for a in self.attributions if a.id == attribution_id), None)


class Position(_Model):
    """One side of a dispute."""

    actor: str
    """An actor id."""
    position: str
    evidence: list[Evidence] = Field(min_length=1)


class Dispute(_Model):
    """An issue on which the parties disagree."""

    issue: str
    positions: list[Position] = Field(min_length=2)


class Caveat(_Model):
    """Something the article itself says is unverified, unclear or contested."""

    kind: CaveatKind
    text: str
    evidence: list[Evidence] = Field(min_length=1)


class Summary(_Model):
    """A grounded, structured summary of one article."""

    headline: str
    """One neutral line."""
    summary: str
    """Two to four neutral sentences."""
    actors: list[Actor] = Field(default_factory=list)
    claims: list[Claim] = Field(default_factory=list)
    disputes: list[Dispute] = Field(default_factory=list)
    caveats: list[Caveat] = Field(default_factory=list)
    attributions: list[Attribution] = Field(default_factory=list)
    """Every attribution relation of the article (the complete index), whether or not a
    claim rests on it."""

    def actor(self, actor_id: str) -> Actor | None:
        """The actor with this id, or ``None``."""
        return next((a for a in self.actors if a.id == actor_id), None)

    def all_evidence(self) -> Iterator[Evidence]:
        """Every span of the summary: claims, dispute positions, caveats, then the
        attribution index (sources, cues, contents) and the actors' mentions."""
        for claim in self.claims:
            yield from claim.evidence
        for dispute in self.disputes:
            for position in dispute.positions:
                yield from position.evidence
        for caveat in self.caveats:
            yield from caveat.evidence
        for attribution in self.attributions:
            yield from (*attribution.source, *attribution.cue, *attribution.content)
        for actor in self.actors:
            yield from actor.mentions


class Usage(_Model):
    """Tokens summed over every attempt that produced a response."""

    prompt_tokens: int = 0
    completion_tokens: int = 0

    @property
    def total_tokens(self) -> int:
        """Prompt plus completion tokens."""
        return self.prompt_tokens + self.completion_tokens

    def __add__(self, other: Usage) -> Usage:
        return Usage(
            prompt_tokens=self.prompt_tokens + other.prompt_tokens,
            completion_tokens=self.completion_tokens + other.completion_tokens,
        )


class Attempts(_Model):
    """How much work one summary took. Transport retries and re-asks are counted apart."""

    requests: int = 0
    """HTTP requests sent, successful or not."""
    transport_retries: int = 0
    """Requests repeated because of a transient fault (429, 5xx, timeout, connection)."""
    reasks: int = 0
    """Times the model was asked again because its answer broke the schema or grounding."""


class SummaryResult(_Model):
    """A summary plus everything needed to trace and account for it."""

    summary: Summary
    model: str
    """The model name the endpoint reported (or was asked for)."""
    prompt_version: str
    """Version of the prompt files that produced this summary."""
    usage: Usage = Field(default_factory=Usage)
    attempts: Attempts = Field(default_factory=Attempts)
    latency_s: float = 0.0
    """Wall-clock seconds for the whole call, retries and re-asks included."""
    warnings: list[SummaryWarning] = Field(default_factory=list)
    source_text: str | None = None
    """The text the evidence offsets index, when it is not the string the caller passed
    (e.g. the article extracted from HTML input); ``None`` means the caller's string."""


def result_json_schema() -> dict[str, Any]:
    """The JSON Schema of :class:`SummaryResult`, for tools and documentation."""
    return SummaryResult.model_json_schema()
