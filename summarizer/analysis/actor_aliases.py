"""Aliases an article states: "Voxa Radio, also known as VR", "VR, short for Voxa Radio",
"NVB, the network formerly known as Nordvision Broadcasting", "VR (formerly Voxa Radio)".

Where an organisation's name (or the apposition after it) is followed by such an alias,
the alias is the same actor: an alias that is another actor's name joins the two, one the
recogniser missed (a capitalised name) becomes a mention. People are left alone ("known
as" before a nickname is no second name), and so is an alias in quotation marks. A noun
with such an alias ("the state-financed network, also known as VR,") refers to the
alias's actor (:meth:`~summarizer.analysis.coref.Coreference.actor_of`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from summarizer.analysis.actor_mentions import Mention, NamedActor
from summarizer.core.schema import ActorKind

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

ALIAS_LABEL = "ALIAS"
_QUOTES = frozenset("\"'\u201c\u201d\u2018\u2019")


def alias_heads(tok: Token) -> list[Token]:
    """The head words of the aliases stated right after ``tok``: "known as Y", "short for Y",
    "(formerly Y)"."""
    out: list[Token] = []
    for child in tok.rights:
        lemma = child.lemma_.lower()
        if (child.dep_ == "acl" and lemma == "know") or (child.dep_ == "amod" and lemma == "short"):
            word = "as" if lemma == "know" else "for"
            out += [g for p in child.rights if p.dep_ == "prep" and p.lower_ == word for g in p.children
                    if g.dep_ == "pobj"]  # fmt: skip
        elif child.dep_ == "appos" and any(c.lower_ == "formerly" and c.dep_ == "advmod" for c in child.lefts):
            out.append(child)
    return [t for t in out if t.pos_ == "PROPN" and not _quoted(t)]


def alias_span(head: Token) -> tuple[int, int]:
    """The token span of the alias whose head word is ``head``: its proper compounds and the
    capitalised words that follow it ("Russia Today", though the parser split it)."""
    doc = head.doc
    start = min([head.i, *(c.i for c in head.lefts if c.dep_ == "compound" and c.pos_ == "PROPN")])
    end = head.i + 1
    while end < len(doc) and doc[end].is_alpha and doc[end].text[:1].isupper() and doc[end].pos_ == "PROPN":
        end += 1
    return start, end


def add_aliases(doc: Doc, actors: list[NamedActor]) -> None:
    """Join each organisation with the aliases the article states for it (see the module docstring)."""
    at: dict[int, NamedActor] = {}
    for actor in actors:
        for m in actor.mentions:
            at.update(dict.fromkeys(range(m.start, m.end), actor))
    for actor in list(actors):
        if actor.kind == ActorKind.PERSON:
            continue
        for m in list(actor.mentions):
            root = doc[m.start : m.end].root
            nouns = [root, *(c for c in root.rights if c.dep_ == "appos" and c.pos_ == "NOUN")]
            heads = [h for noun in nouns for h in alias_heads(noun)]
            if root.head.i < root.i and root.head.pos_ == "PROPN" and root in alias_heads(root.head):
                heads.append(root.head)  # "VR (formerly Voxa Radio)": the name written first is the alias
            for head in heads:
                start, end = alias_span(head)
                owners = {at.get(i) for i in range(start, end)}
                if len(owners) > 1:
                    continue  # partly another name
                other = owners.pop()
                if other is actor:
                    continue
                if other is not None:
                    if other.kind != ActorKind.PERSON and other.mentions:
                        actor.mentions += other.mentions
                        if actor.kind == ActorKind.ORGANIZATION:
                            actor.kind = other.kind  # a network or a ministry: the more telling kind
                        at.update({i: actor for o in other.mentions for i in range(o.start, o.end)})
                        other.mentions = []
                    continue
                form = doc[start:end].text
                actor.mentions.append(Mention(start, end, form, ALIAS_LABEL, actor.kind))
                at.update(dict.fromkeys(range(start, end), actor))
    actors[:] = [a for a in actors if a.mentions]


def _quoted(tok: Token) -> bool:
    doc = tok.doc
    before = doc[tok.left_edge.i - 1] if tok.left_edge.i > 0 else None
    return before is not None and before.text in _QUOTES
