"""Actors of the model-only path: names checked against the article, references resolved.

- every actor name occurs in the article (normalised). A leading title the article does
  not write with it ("Maj. Gen.") is dropped; any other name the article does not use is
  a violation suggesting the names it does use, never corrected to one of them;
- a person listed twice, once by a shorter name ("Popov" and "Ivan Popov"), is one actor
  under the fuller name;
- every reference (claimant, position actor) resolves to a listed, grounded actor
  (:class:`Resolver`). A reference that is not listed but is named in the article needs no
  re-ask, because the article itself settles it: it is added as an actor, with a warning.
"""

from __future__ import annotations

import re

from summarizer.core.schema import Actor, SummaryWarning, WarningCode, item_ref
from summarizer.grounding.evidence import Article
from summarizer.grounding.rules import Violation
from summarizer.prompting.wire import WireSummary
from summarizer.text.normalize import normalize, occurs_as_words, slug_id

_TITLES = re.compile(
    r"^((maj|gen|lt|col|capt|sgt|adm|gov|sen|rep|dr|mr|mrs|ms|prof|pres|president|senator|"
    r"general|major|minister|judge|justice|secretary|chief|officer|mp)\.?\s+)+",
    re.IGNORECASE,
)
_ORG_WORDS = re.compile(
    r"\b(ministry|council|department|agency|party|army|news|police|court|bank|group|company|corp|inc|"
    r"university|committee|office|government|parliament|congress|senate|union|association|times|post)\b",
    re.IGNORECASE,
)


def ground_actors(wire: WireSummary, article: Article, out: list[Violation]) -> tuple[list[Actor], set[str]]:
    """The listed actors the article names, and the normalised names rejected (each reported to ``out``)."""
    actors: list[Actor] = []
    seen: dict[str, Actor] = {}
    rejected: set[str] = set()
    for i, item in enumerate(wire.actors):
        name = " ".join(item.name.split())
        key = normalize(name)
        if key in seen:
            continue  # the same actor listed twice: keep the first
        if not occurs_as_words(name, article.normalized):
            bare = _TITLES.sub("", name)
            if bare != name and occurs_as_words(bare, article.normalized):
                name, key = bare, normalize(bare)
            else:
                rejected.add(key)
                out.append(Violation(("actors", i), _name_problem(name, article)))
                continue
        if any(_shortens(key, item.kind, a.name, a.kind) for a in actors):
            continue  # "Popov" when "Ivan Popov" is listed: the same person
        # "Ivan Popov" after "Popov": keep the fuller name
        actors = [a for a in actors if not _shortens(normalize(a.name), a.kind, name, item.kind)]
        actor = Actor(
            id=slug_id(name, {a.id for a in actors}),
            name=name,
            kind=item.kind,
            role=" ".join(item.role.split()) if item.role and item.role.strip() else None,
            aliases=_aliases(name, item.kind, article),
        )
        seen[key] = actor
        actors.append(actor)
    return actors, rejected


def _shortens(short_key: str, short_kind: str, long_name: str, long_kind: str) -> bool:
    """Whether a person's name ends with ``short_key``'s words ("Popov" of "Ivan Popov")."""
    if short_kind != "person" or long_kind != "person":
        return False
    short, full = short_key.split(), normalize(long_name).split()
    return len(short) < len(full) and full[-len(short) :] == short


def _name_problem(name: str, article: Article) -> str:
    message = f"the name {name!r} does not occur in the article"
    suggestions = _similar_names(name, article)
    if suggestions:
        message += f"; the article names {', '.join(repr(s) for s in suggestions)}"
    return message + ": write names exactly as the article does"


def _similar_names(name: str, article: Article) -> list[str]:
    """Capitalised names in the article sharing the last word of ``name``."""
    last = name.rsplit(maxsplit=1)[-1] if name.split() else ""
    if len(last) < 3:
        return []
    text = " ".join(s.text for s in article.sentences.values())
    pattern = rf"((?:[A-Z][\w'’-]+\s+){{0,3}}(?i:{re.escape(last)}))\b"
    found = {m.group(1) for m in re.finditer(pattern, text)}
    return sorted(found, key=len, reverse=True)[:3]


def _aliases(name: str, kind: str, article: Article) -> list[str]:
    """Shorter names the article also uses: a person's surname, an organisation minus 'the'."""
    words = name.split()
    candidates = []
    if kind == "person" and len(words) >= 2:
        candidates.append(words[-1])
    if words and words[0].lower() == "the" and len(words) >= 2:
        candidates.append(" ".join(words[1:]))
    return [c for c in candidates if len(c) >= 3 and occurs_as_words(c, article.normalized)]


class Resolver:
    """Resolves a name the model wrote to a grounded actor id; adopts names the article uses."""

    def __init__(self, actors: list[Actor], article: Article) -> None:
        self.actors = list(actors)
        self.article = article
        self.repairs: list[SummaryWarning] = []
        self.exact: dict[str, str] = {}
        for actor in actors:
            self._index(actor)

    def _index(self, actor: Actor) -> None:
        for label in (actor.name, actor.id, *actor.aliases):
            self.exact.setdefault(normalize(label), actor.id)

    def labels(self, actor_id: str) -> tuple[str, ...]:
        """The name and aliases of actor ``actor_id`` (none for "outlet" and "unattributed")."""
        actor = next((a for a in self.actors if a.id == actor_id), None)
        return (actor.name, *actor.aliases) if actor is not None else ()

    def resolve(self, reference: str, *, adopt: bool = True) -> str | None:
        """The id of the one actor ``reference`` names, or ``None`` (with ``adopt``, after adding it)."""
        key = normalize(_TITLES.sub("", reference.strip()))
        if not key:
            return None
        if key in self.exact:
            return self.exact[key]
        matches = {a.id for a in self.actors if occurs_as_words(key, normalize(a.name)) or occurs_as_words(a.name, key)}
        if len(matches) == 1:
            return matches.pop()
        return self._adopt(reference) if adopt and not matches else None

    def _adopt(self, reference: str) -> str | None:
        """Add an unlisted actor the article itself names (its fullest form there)."""
        bare = _TITLES.sub("", " ".join(reference.split()))
        if not bare[:1].isupper() or not occurs_as_words(bare, self.article.normalized):
            return None
        name = next((n for n in _similar_names(bare, self.article) if occurs_as_words(bare, normalize(n))), bare)
        kind = "organization" if _ORG_WORDS.search(name) else "person" if 2 <= len(name.split()) <= 4 else "other"
        actor = Actor(
            id=slug_id(name, {a.id for a in self.actors}),
            name=name,
            kind=kind,
            aliases=_aliases(name, kind, self.article),
        )
        self.actors.append(actor)
        self._index(actor)
        self.repairs.append(
            SummaryWarning(
                code=WarningCode.ADDED_ACTOR,
                message=f"{name!r} was referred to but not listed; added from the article",
                item=item_ref("actor", actor.id),
            )
        )
        return actor.id


def reference_problem(
    path: tuple[str, int], field_name: str, reference: str, rejected: set[str], out: list[Violation]
) -> None:
    """Report a reference that resolved to no actor: a re-ask, unless its name was already rejected."""
    if normalize(reference) in rejected:
        out.append(Violation(path, f"{field_name} {reference!r} is not a grounded actor", reask=False))
    else:
        out.append(
            Violation(path, f"{field_name} {reference!r} is not the name of one of the actors; use a listed name")
        )
