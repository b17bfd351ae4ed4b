"""Roles: an actor's office or affiliation as the article states it.

The role is the first apposition to one of the actor's names ("Andrey Turchak, a Russian
senator and deputy speaker of the Russian Federation Council, said"; also "a Russian
senator, Andrey Turchak,"), relative clauses left out; failing that, the first title
written before a name ("Maj. Gen.", "Defense Minister"). The office words of every
title and apposition (spelt out: "Gen." -> general) are kept for descriptions ("the
senator", "the general"), and a gendered one ("spokeswoman", "Mr.") sets the gender.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from summarizer.analysis.actor_mentions import Mention, NamedActor, gender_of
from summarizer.analysis.actor_words import ROLE_NOUNS, ROLE_SYNONYMS
from summarizer.core.schema import ActorKind

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

_STOP_DEPS = frozenset({"relcl", "appos", "acl", "advcl", "punct", "parataxis"})
_MAX_ROLE_TOKENS = 30
_MAX_PREMODIFIERS = 6


def assign_roles(doc: Doc, actors: list[NamedActor]) -> None:
    """Set each actor's ``role``, ``role_words`` and (when they say so) ``gender``."""
    for actor in actors:
        apposition: str | None = None
        title: str | None = None
        words: set[str] = set()
        for mention in sorted(actor.mentions, key=lambda m: m.start):
            if mention.title is not None:
                title = title or doc[mention.title[0] : mention.title[1]].text
                words |= mention.office
            found = _apposition(doc, mention)
            if found is not None:
                head, start, end = found
                apposition = apposition or doc[start:end].text
                words |= _office_words(head)
        actor.role = apposition or title
        actor.role_words = words | {ROLE_SYNONYMS[w] for w in words if w in ROLE_SYNONYMS}
        actor.gender = actor.gender or gender_of(words)


def add_apposition_offices(doc: Doc, mentions: list[Mention]) -> None:
    """Add each mention's apposition office words to its ``office`` (so a gendered one, "the first
    lady", keeps "Obama" of "President Obama" from merging into "Michelle Obama")."""
    for mention in mentions:
        if mention.kind == ActorKind.PERSON:
            found = _apposition(doc, mention)
            if found is not None:
                mention.office = mention.office | _office_words(found[0])


def role_text_words(doc: Doc, actor: NamedActor) -> set[str]:
    """Every lower-case word of the actor's role and titles, and of the words that modify a name
    in its phrase ("Republican presidential nominee Jo Bloggs": the title is "nominee", but a
    description "the Republican nominee" has "Republican" too), for a description's modifiers."""
    words = {w.lower() for w in (actor.role or "").split()}
    for m in actor.mentions:
        if m.title is not None:
            words |= {t.lower_ for t in doc[m.title[0] : m.title[1]]}
        words |= {t.lower_ for t in _premodifiers(doc, m)}
    return words


def _premodifiers(doc: Doc, mention: Mention) -> list[Token]:
    """The words before a name in its own noun phrase, up to a determiner or punctuation."""
    root = doc[mention.start : mention.end].root
    out: list[Token] = []
    i = mention.start - 1
    while i >= max(root.left_edge.i, mention.start - _MAX_PREMODIFIERS):
        tok = doc[i]
        if tok.is_punct or tok.pos_ in ("DET", "ADP", "CCONJ", "PRON", "VERB", "AUX", "NUM"):
            break
        out.append(tok)
        i -= 1
    return out


def _apposition(doc: Doc, mention: Mention) -> tuple[Token, int, int] | None:
    """The apposition to a name: its head noun and its token span."""
    root = doc[mention.start : mention.end].root
    for child in root.rights:
        if child.dep_ == "appos" and _is_role_head(child):
            start = child.left_edge.i
            if start == mention.end + 1 and doc[mention.end].text == ",":
                end = _trim_end(doc, start, _right_end(child))
                if 0 < end - start <= _MAX_ROLE_TOKENS:
                    return child, start, end
            break
    head = root.head
    if root.dep_ == "appos" and head.i < mention.start and _is_role_head(head) and doc[mention.start - 1].text == ",":
        start, end = head.left_edge.i, _trim_end(doc, head.left_edge.i, mention.start - 1)
        if 0 < end - start <= _MAX_ROLE_TOKENS and not any(t.ent_type_ == "PERSON" for t in doc[start:end]):
            return head, start, end
    return None


def _is_role_head(tok: Token) -> bool:
    return tok.pos_ == "NOUN" and tok.ent_type_ != "PERSON"


def _right_end(tok: Token) -> int:
    """One past the last token of ``tok``'s phrase, stopping before a clause or a comma."""
    end = tok.i + 1
    for child in tok.rights:
        if child.dep_ in _STOP_DEPS:
            break
        end = _right_end(child)
    return end


def _trim_end(doc: Doc, start: int, end: int) -> int:
    while end > start and (doc[end - 1].is_punct or doc[end - 1].dep_ == "cc"):
        end -= 1
    return end


def _office_words(head: Token) -> set[str]:
    """The head nouns of an apposition and their noun modifiers ("senator", "deputy", "speaker")."""
    words: set[str] = set()
    for noun in _conjuncts(head):
        words.add(noun.lemma_.lower())
        words |= {c.lower_ for c in noun.lefts if c.dep_ in ("compound", "amod") and c.lower_ in ROLE_NOUNS}
    return words


def _conjuncts(head: Token) -> list[Token]:
    out = [head]
    for child in head.rights:
        if child.dep_ == "conj" and child.pos_ == "NOUN":
            out += _conjuncts(child)
    return out
