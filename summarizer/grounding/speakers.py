"""Attribution: who speaks is settled by the article's syntax first, by the model second.

On the judging path the analysis found each attribution's source span. Where that span
*names* an actor ("..., Turchak said"), the syntax settles the speaker and a model that
says otherwise is corrected, with a warning. Where it does not ("he said" with two
candidates, "the official"), the model may name the speaker, if that actor is mentioned
near and fits the words the article uses — "he" a person, "it" no person, a description
only an actor it names or whose stated role has its head noun ("the network" for an actor
introduced as "the network", not for the bank named in the sentence before). That is kept
with a warning so an editor checks it (:func:`apply_speakers`).

On the model-only path there is no analysis, and the article cannot settle who speaks, so
the checks only warn (:func:`attribution_notes`): a claim whose claimant is not named in
or near its evidence, or whose words are also given to another claimant (small models
misattribute quotes).
"""

from __future__ import annotations

from summarizer.core.schema import Actor, ActorKind, Attribution, Claim, SummaryWarning, WarningCode, item_ref
from summarizer.grounding.evidence import Article
from summarizer.grounding.rules import Violation
from summarizer.prompting.candidates import WireSpeaker, settled_by_syntax
from summarizer.text.normalize import normalize, occurs_as_words

NEAR_SENTENCES = 2
"""A speaker the model names must be mentioned in the attribution's sentence or this many before it."""
_PERSONAL = frozenset({"he", "she", "him", "her", "his"})
_IMPERSONAL = frozenset({"it", "its"})
_ANY = frozenset({"they", "them", "their", "we", "i", "you", "who", "whom", "whose", "which", "that", "this"})
_FOR = ("for", "of", "from", "at")
_DETERMINERS = frozenset({"the", "a", "an", "this", "that", "these", "those"})


def apply_speakers(
    fixes: list[WireSpeaker],
    attributions: list[Attribution],
    actors: list[Actor],
    *,
    article: Article,
    out: list[Violation],
    notes: list[SummaryWarning],
) -> list[Attribution]:
    """``attributions`` with the model's speaker fixes applied where the article allows them.

    A fix is kept only for a source the syntax leaves open ("he", "the official") and only
    for an actor mentioned near the attribution; otherwise the article's own reading stands.
    """
    by_id = {a.id: a for a in attributions}
    by_name = {normalize(a.name): a for a in actors}
    actor_ids = {a.id: a for a in actors}
    changed: dict[str, str] = {}
    for i, fix in enumerate(fixes):
        attribution = by_id.get(fix.attribution)
        actor = by_name.get(normalize(fix.speaker))
        if attribution is None:
            out.append(Violation(("speakers", i), f"{fix.attribution!r} is not one of the listed attribution ids"))
            continue
        if actor is None:
            out.append(Violation(("speakers", i), f"{fix.speaker!r} is not one of the listed names"))
            continue
        if actor.id == attribution.source_actor or fix.attribution in changed:
            continue
        note = _speaker_note(attribution, actor, actor_ids, article)
        notes.append(note)
        if note.code is WarningCode.SPEAKER_FROM_MODEL:
            changed[fix.attribution] = actor.id
    return [a.model_copy(update={"source_actor": changed[a.id]}) if a.id in changed else a for a in attributions]


def _speaker_note(attribution: Attribution, actor: Actor, actors: dict[str, Actor], article: Article) -> SummaryWarning:
    """Why a model's speaker is refused (``corrected_speaker``, ``rejected_speaker``) or taken."""
    ref = item_ref("attribution", attribution.id)  # the attribution stands, whoever is its speaker
    if settled_by_syntax(attribution, actors):
        named = actors[attribution.source_actor or ""].name
        return SummaryWarning(
            code=WarningCode.CORRECTED_SPEAKER,
            message=f"{attribution.id}: the model gave it to {actor.name!r}, but the article names "
            f"{named!r} as its source; kept {named!r}",
            item=ref,
        )
    written = " ".join(e.text for e in attribution.source)
    if not written or not _mentioned_near(actor, attribution, article):
        return SummaryWarning(
            code=WarningCode.REJECTED_SPEAKER,
            message=f"{attribution.id}: the model gave it to {actor.name!r}, who is not named near it "
            f"(the article writes {written or 'no source'!r}); left as the article has it",
            item=ref,
        )
    if not fits(actor, written):
        return SummaryWarning(
            code=WarningCode.REJECTED_SPEAKER,
            message=f"{attribution.id}: the model gave it to {actor.name!r}, but the article writes {written!r}, "
            f"which does not fit {actor.name!r}; left as the article has it",
            item=ref,
        )
    was = actors[attribution.source_actor].name if attribution.source_actor in actors else "no one"
    return SummaryWarning(
        code=WarningCode.SPEAKER_FROM_MODEL,
        message=f"{attribution.id}: the article writes {written!r} (resolved to {was}); the model says "
        f"{actor.name!r}; check who said it",
        item=ref,
    )


def fits(actor: Actor, written: str) -> bool:
    """Whether the words the article uses for a source can refer to ``actor``.

    A personal pronoun fits a person, "it" anything but a person, "they" or a relative
    pronoun anyone. A description fits an actor it is ("the city") or speaks for ("a
    spokesman for the city", not "the city's engineer"), or one whose stated role has the
    description's head noun ("the network" for an actor the article introduced as "the
    network").
    """
    phrase = normalize(written)
    words = phrase.split()
    if len(words) == 1 and words[0] in _PERSONAL:
        return actor.kind is ActorKind.PERSON
    if len(words) == 1 and words[0] in _IMPERSONAL:
        return actor.kind is not ActorKind.PERSON
    if len(words) == 1 and words[0] in _ANY:
        return True
    head = _head_noun(written)
    for label in (normalize(x) for x in (actor.name, *actor.aliases) if x):
        # the actor itself ("the city"), or someone speaking for it ("a spokesman for the city"),
        # not someone of its own ("the city's engineer")
        speaks_for = any(f" {p} {label}" in f" {phrase}" for p in _FOR)
        if occurs_as_words(label, phrase) and (head in label.split() or speaks_for):
            return True
    return bool(head) and head in {_head_noun(part) for part in _role_parts(actor.role or "")}


def _head_noun(phrase: str) -> str:
    """The last word of a noun phrase's first comma-separated part ("the bank's chief, …" → chief)."""
    first = normalize(phrase).split(",")[0]
    words = [w.strip(".'’\"") for w in first.split() if w not in _DETERMINERS]
    return words[-1].removesuffix("'s") if words else ""


def _role_parts(role: str) -> list[str]:
    """A stated role's conjoined parts, each up to its "of"/"for"/"at" ("a senator and deputy speaker of …")."""
    parts = []
    for conjoined in normalize(role).replace(" and ", ",").split(","):
        part = conjoined
        for cut in (" of ", " for ", " at ", " in ", " with "):
            part = part.split(cut)[0]
        parts.append(part)
    return parts


def _mentioned_near(actor: Actor, attribution: Attribution, article: Article) -> bool:
    spans = [*attribution.source, *attribution.cue, *attribution.content]
    first, last = min(e.start for e in spans), max(e.end for e in spans)
    numbers = [n for n, s in article.sentences.items() if s.start <= first < s.end] or [min(article.sentences)]
    window = article.sentences.get(numbers[0] - NEAR_SENTENCES) or article.sentences[min(article.sentences)]
    return any(window.start <= m.start and m.end <= last for m in actor.mentions)


# Where a claim's claimant must be named: from this many characters before its evidence to the
# end of the sentence its evidence ends in. A quote's speaker is named in the quote's own last
# sentence ("..., Popov said.") or in the one or two before it, not in the next paragraph.
_NAMED_BEFORE = 400


def attribution_notes(claims: list[Claim], actors: list[Actor], article: Article) -> list[SummaryWarning]:
    """The model-only path's warnings for attributions the article does not visibly support (claims are kept)."""
    by_id = {a.id: a for a in actors}
    notes: list[SummaryWarning] = []
    for i, claim in enumerate(claims):
        actor = by_id.get(claim.claimant)
        if actor is None or not claim.evidence:
            continue  # the outlet's own claims and unattributed ones name no one
        start = min(e.start for e in claim.evidence)
        end = max(e.end for e in claim.evidence)
        until = next((x.end for x in article.sentences.values() if x.start <= end <= x.end), end)
        near = normalize(article.original[max(0, start - _NAMED_BEFORE) : until])
        if not any(occurs_as_words(label, near) for label in (actor.name, *actor.aliases)):
            notes.append(
                SummaryWarning(
                    code=WarningCode.UNSUPPORTED_ATTRIBUTION,
                    message=f"{claim.id}: {actor.name!r} is not named in or near its evidence; check who said it",
                    item=item_ref("claim", claim.id),
                )
            )
        spans = {(e.start, e.end) for e in claim.evidence}
        other = next(
            (c for c in claims[:i] if c.claimant != claim.claimant and {(e.start, e.end) for e in c.evidence} == spans),
            None,
        )
        if other is not None:
            first = by_id[other.claimant].name if other.claimant in by_id else other.claimant
            notes.append(
                SummaryWarning(
                    code=WarningCode.CONFLICTING_ATTRIBUTION,
                    message=f"{claim.id} gives the words of {other.id} ({first!r}) to {actor.name!r}; "
                    "at most one of them is right",
                    item=item_ref("claim", claim.id),
                )
            )
    return notes
