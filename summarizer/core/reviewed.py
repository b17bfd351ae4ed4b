"""The reviewed-file schema: a :class:`SummaryResult` plus what an editor did to it.

A ``NAME.reviewed.json`` file is one :class:`ReviewedResult`: the result exactly as
``summarizer summarize --format json`` exports it (with ``source_text`` filled in) and a
``review`` block holding one :class:`ReviewItem` per item the editor acted on. The review
page exports it; ``summarizer review`` reports it; ``bench/eval.py --reviewed`` scores new
runs against it.

Item refs name one item of the result: ``actor:<actor id>``, ``claim:<claim id>``,
``attribution:<attribution id>``, ``dispute:<n>`` and ``caveat:<n>`` (1-based positions in
``summary.disputes`` / ``summary.caveats``); items the editor added are ``claim:new-<n>`` and
``caveat:new-<n>``.

The models check what one file says on its own (status, changes and added block agree);
:func:`check_reviewed` checks the file against its article (hash, spans, refs, speakers), and
:func:`load_reviewed` does both, raising :class:`~summarizer.core.errors.InputError` with one
line that says what to fix.
"""

from __future__ import annotations

import hashlib
import json
import re
from collections.abc import Mapping
from datetime import timedelta
from enum import StrEnum
from typing import Any, Literal

from pydantic import AwareDatetime, BaseModel, ConfigDict, Field, ValidationError, model_validator

from summarizer.core.errors import InputError
from summarizer.core.schema import (
    OUTLET,
    Actor,
    Attribution,
    Caveat,
    CaveatKind,
    Claim,
    Dispute,
    Evidence,
    ItemKind,
    Summary,
    SummaryResult,
    item_ref,
)
from summarizer.core.schema import (
    parse_item_ref as schema_parse_item_ref,
)

REVIEWED_FORMAT = "summarizer.reviewed/1"
"""The value of a reviewed file's ``format`` field (bumped on an incompatible change)."""


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)


ReviewKind = ItemKind
"""The kind of item a review entry is about (the prefix of its ref): the result's own :class:`ItemKind`."""


class ReviewStatus(StrEnum):
    """What the editor decided about one item."""

    CONFIRMED = "confirmed"
    """The item is right as it stands."""
    WRONG = "wrong"
    """The item should not be there (or is wrong beyond a correction)."""
    CORRECTED = "corrected"
    """The editor changed one or more of its fields (``changes`` is not empty)."""
    ADDED = "added"
    """The editor added an item the run missed (a claim or a caveat, from a text selection)."""


EDITABLE_FIELDS: Mapping[ReviewKind, tuple[str, ...]] = {
    ReviewKind.ACTOR: ("name",),
    ReviewKind.CLAIM: ("statement", "claimant"),
    ReviewKind.ATTRIBUTION: ("source_actor",),
    ReviewKind.DISPUTE: ("issue",),
    ReviewKind.CAVEAT: ("text",),
}
"""The fields an editor may change, per kind of item."""

SPEAKER_FIELDS: Mapping[ReviewKind, str] = {
    ReviewKind.CLAIM: "claimant",
    ReviewKind.ATTRIBUTION: "source_actor",
}
"""The field that holds the speaker, for the kinds that have one. Its value is an actor id
of the article or ``"outlet"`` (and, for an attribution, ``None``: no named actor)."""

NULLABLE_FIELDS: frozenset[str] = frozenset({"source_actor"})
"""Editable fields whose new value may be ``null``."""

ADDABLE_KINDS: tuple[ReviewKind, ...] = (ReviewKind.CLAIM, ReviewKind.CAVEAT)
"""The kinds an editor may add (from a selection of the article text)."""

_NEW = re.compile(r"^new-[1-9][0-9]*$")
_POSITION = re.compile(r"^[1-9][0-9]*$")


def item_ref_for(kind: ReviewKind | str, key: str | int) -> str:
    """The ref of one item: ``item_ref_for("claim", "c1") == "claim:c1"``; editor-added items
    are ``claim:new-1`` / ``caveat:new-1`` (otherwise :func:`summarizer.core.schema.item_ref`)."""
    if ReviewKind(kind) in ADDABLE_KINDS and str(key).startswith("new-"):
        return f"{ReviewKind(kind).value}:{key}"
    return item_ref(kind, key)


def parse_item_ref(ref: str) -> tuple[ReviewKind, str]:
    """Split a ref into its kind and key; :class:`ValueError` if it is not one."""
    kind, sep, key = ref.partition(":")
    if sep and kind in ADDABLE_KINDS and _NEW.match(key):
        return ReviewKind(kind), key
    return schema_parse_item_ref(ref)


def is_new_ref(ref: str) -> bool:
    """Whether the ref names an item the editor added (``claim:new-1``)."""
    _, key = parse_item_ref(ref)
    return _NEW.match(key) is not None


def _require_utc(value: Any, name: str) -> None:
    offset = value.utcoffset()
    if offset is not None and offset != timedelta(0):
        raise ValueError(f"{name} must be a UTC timestamp (ending in Z), not offset {offset}")


class ReviewChange(_Model):
    """One field the editor changed, from what to what."""

    field: str
    """The field: one of :data:`EDITABLE_FIELDS` for the item's kind."""
    before: str | None
    """Its value in the result (for a speaker: an actor id, ``"outlet"`` or ``null``)."""
    after: str | None
    """The value the editor gave it."""


class ReviewAdded(_Model):
    """An item the editor added: a claim or a caveat, with its evidence selected in the article."""

    statement: str | None = None
    """What is claimed (claims)."""
    claimant: str | None = None
    """Who claims it: an actor id of the article or ``"outlet"`` (claims)."""
    text: str | None = None
    """What the article says is uncertain (caveats)."""
    caveat_kind: CaveatKind | None = None
    """The kind of caveat (caveats)."""
    evidence: list[Evidence] = Field(min_length=1)
    """The selected spans: ``result.source_text[start:end] == text``."""


class ReviewItem(_Model):
    """What the editor did to one item (the latest action on it)."""

    item: str
    """The item's ref (``claim:c1``, ``caveat:2``, ``claim:new-1``...)."""
    kind: ReviewKind
    status: ReviewStatus
    changes: list[ReviewChange] = Field(default_factory=list)
    """The fields changed; not empty exactly when the status is ``corrected``."""
    added: ReviewAdded | None = None
    """The added item; present exactly when the status is ``added``."""
    note: str | None = None
    """The editor's free-text note."""
    reviewer: str | None = None
    """Who acted, if a name was entered."""
    at: AwareDatetime
    """When (ISO-8601, UTC)."""

    @model_validator(mode="after")
    def _check_consistency(self) -> ReviewItem:
        ref_kind, key = parse_item_ref(self.item)
        if ref_kind is not self.kind:
            raise ValueError(f"item {self.item!r} is a {ref_kind.value} ref but kind is {self.kind.value!r}")
        _require_utc(self.at, "at")
        new = _NEW.match(key) is not None
        if new and self.kind not in ADDABLE_KINDS:
            raise ValueError(f"item {self.item!r}: only claims and caveats can be added")
        if new != (self.status is ReviewStatus.ADDED):
            raise ValueError(f"item {self.item!r}: status 'added' goes with a new-<n> ref and only with one")
        if (self.status is ReviewStatus.CORRECTED) != bool(self.changes):
            raise ValueError(f"item {self.item!r}: status 'corrected' goes with non-empty changes and only with it")
        if (self.status is ReviewStatus.ADDED) != (self.added is not None):
            raise ValueError(f"item {self.item!r}: an 'added' block goes with status 'added' and only with it")
        self._check_changes()
        if self.added is not None:
            self._check_added(self.added)
        return self

    def _check_changes(self) -> None:
        allowed = EDITABLE_FIELDS[self.kind]
        seen: set[str] = set()
        for change in self.changes:
            if change.field not in allowed:
                raise ValueError(
                    f"item {self.item!r}: field {change.field!r} cannot be edited on a {self.kind.value}"
                    f" (editable: {', '.join(allowed)})"
                )
            if change.field in seen:
                raise ValueError(f"item {self.item!r}: field {change.field!r} is changed twice")
            seen.add(change.field)
            if change.before == change.after:
                raise ValueError(f"item {self.item!r}: the change of {change.field!r} leaves it as it was")
            if change.field not in NULLABLE_FIELDS and not (change.after or "").strip():
                raise ValueError(f"item {self.item!r}: the new {change.field!r} is empty")

    def _check_added(self, added: ReviewAdded) -> None:
        if self.kind is ReviewKind.CLAIM:
            needed = {"statement": added.statement, "claimant": added.claimant}
            foreign = {"text": added.text, "caveat_kind": added.caveat_kind}
        else:
            needed = {"text": added.text, "caveat_kind": added.caveat_kind}
            foreign = {"statement": added.statement, "claimant": added.claimant}
        for name, value in needed.items():
            if value is None or not str(value).strip():
                raise ValueError(f"item {self.item!r}: an added {self.kind.value} needs added.{name}")
        for name, value in foreign.items():
            if value is not None:
                raise ValueError(f"item {self.item!r}: an added {self.kind.value} has no added.{name}")


class Review(_Model):
    """The editor's review of one result."""

    article_sha256: str = Field(pattern=r"^[0-9a-f]{64}$")
    """Lowercase hex SHA-256 of ``result.source_text`` encoded as UTF-8."""
    reviewer: str | None = None
    """The reviewer's name, if entered."""
    updated_at: AwareDatetime
    """When the review was last changed (ISO-8601, UTC)."""
    items: list[ReviewItem] = Field(default_factory=list)
    """One entry per item acted on, in the order first acted on."""

    @model_validator(mode="after")
    def _check_items(self) -> Review:
        _require_utc(self.updated_at, "updated_at")
        seen: set[str] = set()
        for entry in self.items:
            if entry.item in seen:
                raise ValueError(f"item {entry.item!r} appears twice (one entry per item)")
            seen.add(entry.item)
            if entry.at > self.updated_at:
                raise ValueError(f"item {entry.item!r} is dated after the review's updated_at")
        return self

    def entry(self, ref: str) -> ReviewItem | None:
        """The entry for this ref, or ``None``."""
        return next((e for e in self.items if e.item == ref), None)


class ReviewedResult(_Model):
    """A ``NAME.reviewed.json`` file: a result and the editor's review of it."""

    format: Literal["summarizer.reviewed/1"]
    """Always :data:`REVIEWED_FORMAT`."""
    result: SummaryResult
    """The result as ``summarizer summarize --format json`` exports it, ``source_text`` filled."""
    review: Review

    @model_validator(mode="after")
    def _check_source_text(self) -> ReviewedResult:
        if self.result.source_text is None:
            raise ValueError("result.source_text must hold the article text the evidence offsets index")
        return self

    @property
    def source_text(self) -> str:
        """The article text every span indexes."""
        assert self.result.source_text is not None  # the validator guarantees it
        return self.result.source_text


def article_sha256(text: str) -> str:
    """Lowercase hex SHA-256 of the text encoded as UTF-8 (the review's ``article_sha256``)."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


ReviewedTarget = Actor | Claim | Attribution | Dispute | Caveat


def resolve_item(summary: Summary, ref: str) -> ReviewedTarget | None:
    """The item of the summary a ref names, or ``None`` (also for ``new-<n>`` refs)."""
    kind, key = parse_item_ref(ref)
    if kind is ReviewKind.ACTOR:
        return summary.actor(key)
    if kind is ReviewKind.CLAIM:
        return next((c for c in summary.claims if c.id == key), None)
    if kind is ReviewKind.ATTRIBUTION:
        return next((a for a in summary.attributions if a.id == key), None)
    if _POSITION.match(key) is None:
        return None
    items: list[Dispute] | list[Caveat] = summary.disputes if kind is ReviewKind.DISPUTE else summary.caveats
    index = int(key) - 1
    return items[index] if index < len(items) else None


def check_reviewed(reviewed: ReviewedResult) -> list[str]:
    """Every way the review does not match its article; empty when it matches.

    Checks that ``article_sha256`` is the hash of ``result.source_text``, that every ref names
    an item of the result (or is a ``new-<n>`` claim or caveat), that every change's
    ``before`` is the item's value in the result, that every evidence span (of the result and
    of added items) indexes the text exactly, and that every speaker is an actor id of the
    result or ``"outlet"``.
    """
    text = reviewed.source_text
    summary = reviewed.result.summary
    problems: list[str] = []
    digest = article_sha256(text)
    if digest != reviewed.review.article_sha256:
        problems.append(
            f"review.article_sha256 is {reviewed.review.article_sha256[:12]}... but result.source_text "
            f"hashes to {digest[:12]}...: the review is of another article"
        )
    for span in summary.all_evidence():
        if problem := _span_problem(text, span, "result"):
            problems.append(problem)
    speakers = {a.id for a in summary.actors} | {OUTLET}
    for entry in reviewed.review.items:
        problems.extend(_entry_problems(entry, summary, text, speakers))
    return problems


def _span_problem(text: str, span: Evidence, where: str) -> str | None:
    if span.end > len(text):
        return f"{where}: span {span.start}-{span.end} runs past the end of the text ({len(text)} characters)"
    if text[span.start : span.end] != span.text:
        return f"{where}: span {span.start}-{span.end} does not index {_short(span.text)} in the text"
    return None


def _entry_problems(entry: ReviewItem, summary: Summary, text: str, speakers: set[str]) -> list[str]:
    where = f"review item {entry.item}"
    if entry.added is not None:
        problems = [p for e in entry.added.evidence if (p := _span_problem(text, e, where))]
        if entry.added.claimant is not None and entry.added.claimant not in speakers:
            problems.append(f"{where}: claimant {entry.added.claimant!r} is not an actor id of the result or 'outlet'")
        return problems
    target = resolve_item(summary, entry.item)
    if target is None:
        return [f"{where}: the result has no such {entry.kind.value}"]
    problems = []
    for change in entry.changes:
        current = getattr(target, change.field)
        if change.before != current:
            problems.append(
                f"{where}: the change says {change.field} was {_short(change.before)}"
                f" but the result has {_short(current)}"
            )
        if change.field == SPEAKER_FIELDS.get(entry.kind) and change.after is not None and change.after not in speakers:
            problems.append(
                f"{where}: new {change.field} {change.after!r} is not an actor id of the result or 'outlet'"
            )
    return problems


def _short(value: str | None, limit: int = 40) -> str:
    if value is None:
        return "null"
    return repr(value if len(value) <= limit else value[: limit - 3] + "...")


def parse_reviewed(data: str | bytes | Mapping[str, Any]) -> ReviewedResult:
    """Parse a reviewed file (its JSON text, or the decoded object) without checking it
    against its article; :class:`InputError` naming the first bad field."""
    if isinstance(data, (str, bytes)):
        try:
            data = json.loads(data)
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise InputError(f"not a reviewed file: not valid JSON ({exc})") from None
    if not isinstance(data, Mapping):
        raise InputError("not a reviewed file: the JSON is not an object")
    if data.get("format") != REVIEWED_FORMAT:
        raise InputError(f"not a reviewed file: format is {data.get('format')!r}, expected {REVIEWED_FORMAT!r}")
    try:
        return ReviewedResult.model_validate(data)
    except ValidationError as exc:
        raise InputError(f"reviewed file does not match the schema: {_first_error(exc)}") from None


def load_reviewed(data: str | bytes | Mapping[str, Any]) -> ReviewedResult:
    """Parse a reviewed file and check it against its article.

    Raises :class:`InputError` with one line saying what is wrong: not JSON, the field that
    breaks the schema, or the first way the review does not match its article.
    """
    reviewed = parse_reviewed(data)
    problems = check_reviewed(reviewed)
    if problems:
        more = f" (and {len(problems) - 1} more)" if len(problems) > 1 else ""
        raise InputError(f"reviewed file does not match its article: {problems[0]}{more}")
    return reviewed


def _first_error(exc: ValidationError) -> str:
    error = exc.errors(include_url=False)[0]
    location = ".".join(str(part) for part in error["loc"])
    message = str(error["msg"]).removeprefix("Value error, ")
    return f"{location}: {message}" if location else message


def reviewed_json_schema() -> dict[str, Any]:
    """The JSON Schema of a reviewed file (:class:`ReviewedResult`)."""
    return ReviewedResult.model_json_schema()
