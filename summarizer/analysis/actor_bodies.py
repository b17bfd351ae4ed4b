"""Bodies: a person's campaign, team or administration, named after that person.

"The Obama administration", "the Trump campaign", "Clinton's team": a singular noun of
such a body with a person's name as its compound modifier or possessor is an actor of its
own (the campaign is not the candidate), named as written from the name to the noun
("Obama administration", "Clinton's campaign"), of kind government (administration,
government) or organisation (campaign, team, camp). The same body written several ways
("the Trump campaign", "Donald Trump's campaign", "the Trump camp": the same name's last
word and noun) is one actor. Left alone: a body that is itself a modifier ("a former Obama
administration official", "Trump campaign manager X"), an indefinite one ("a Trump
administration would ..."), one the recogniser already names ("the Trump Organization"),
and a person related to the named one ("Clinton's opponent", "Scott's wife"): those are
other people.

A body mention owns only its head noun: the name inside it stays the person's mention.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from summarizer.analysis.actor_mentions import Mention, NamedActor
from summarizer.core.schema import ActorKind

if TYPE_CHECKING:
    from spacy.tokens import Doc

BODY_LABEL = "BODY"
"""The ``label`` of a body's mention (its span runs from the name to the head noun)."""

BODY_KINDS: dict[str, ActorKind] = {
    "administration": ActorKind.GOVERNMENT,
    "government": ActorKind.GOVERNMENT,
    "campaign": ActorKind.ORGANIZATION,
    "team": ActorKind.ORGANIZATION,
    "camp": ActorKind.ORGANIZATION,
}

_SAME_BODY = {"camp": "campaign"}
"""Body nouns that name the same body: "the Clinton camp" is the Clinton campaign."""


def add_bodies(doc: Doc, actors: list[NamedActor]) -> None:
    """Append to ``actors`` the bodies named after a person (see the module docstring)."""
    covered = {i for a in actors for m in a.mentions for i in range(m.start, m.end)}
    bodies: dict[tuple[str, str], NamedActor] = {}
    for actor in list(actors):
        if actor.kind != ActorKind.PERSON:
            continue
        for m in sorted(actor.mentions, key=lambda m: m.start):
            root = doc[m.start : m.end].root
            head = root.head
            lemma = head.lemma_.lower()
            if root.dep_ not in ("compound", "poss") or head.i <= root.i or lemma not in BODY_KINDS:
                continue
            if head.tag_ != "NN" or head.dep_ == "compound" or head.i in covered:
                continue  # "the Trump campaigns", "Trump campaign manager X", "the Trump Organization"
            if any(c.dep_ == "det" and c.lower_ != "the" for c in head.children):
                continue  # "a Trump administration would ...": no body that exists
            if any(t.i in covered for t in doc[m.end : head.i] if not t.is_punct):
                continue  # another name between: "the Obama Justice Department's team"
            form = doc[m.start : head.i + 1].text  # as written: "Obama administration", "Clinton's campaign"
            mention = Mention(m.start, head.i + 1, form, BODY_LABEL, BODY_KINDS[lemma])
            key = (m.words[-1], _SAME_BODY.get(lemma, lemma))  # "the Trump campaign" however "Trump" was merged
            body = bodies.setdefault(key, NamedActor(kind=BODY_KINDS[lemma]))
            body.mentions.append(mention)
    actors.extend(bodies.values())


def owned_start(mention: Mention) -> int:
    """The first token a mention owns: a body's only its head noun, the name in it stays the person's."""
    return mention.end - 1 if mention.label == BODY_LABEL else mention.start
