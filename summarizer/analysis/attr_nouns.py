"""Cues that are not verbs: "according to X", and nouns of saying, believing and intending
("X's claim that...", "a call for...", "the senator's concerns about...")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from summarizer.analysis.attr_context import Candidate, Context
from summarizer.analysis.attr_spans import TokenRange, minus, subtree_range
from summarizer.analysis.attr_verbs import frame
from summarizer.analysis.cues import NOUN_CONTENT_PREPS, NOUN_CUES

if TYPE_CHECKING:
    from spacy.tokens import Token


def according_to(ctx: Context, token: Token) -> Candidate | None:
    """``according to X``: X is the source; the clause it modifies (around it) is the content."""
    doc = ctx.doc
    if token.lower_ != "according" or token.i + 1 >= len(doc) or doc[token.i + 1].lower_ != "to":
        return None
    to = doc[token.i + 1]
    pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
    if pobj is None:
        return None
    cue = (int(token.i), int(to.i) + 1)
    source = (int(pobj.left_edge.i), int(pobj.right_edge.i) + 1)
    phrase = (cue[0], source[1])
    start, end = ctx.sentence_bounds(token.sent)
    content: list[TokenRange] | None = None
    if phrase[0] == start and phrase[1] < end and doc[phrase[1]].text == ",":
        content = [(phrase[1] + 1, end)]
    else:
        content = frame(ctx, token, cue, source)
    if not content:
        head = token.head if token.head.i != token.i else None
        if head is None:
            return None
        content = minus(subtree_range(head), phrase)
    return Candidate(cue=cue, content=content, source=source, according=True, head=int(token.i))


def noun_cue(ctx: Context, noun: Token) -> Candidate | None:
    """A cue noun with its content ("claims that...", "calls for...") and a source (its
    possessor, or a ``by``/``from`` phrase)."""
    if noun.pos_ != "NOUN" or noun.lemma_.lower() not in NOUN_CUES:
        return None
    content: list[TokenRange] = []
    cue_end = int(noun.i) + 1
    for child in noun.children:
        if child.i < noun.i:
            continue
        if child.dep_ in {"acl", "ccomp", "relcl"} and child.left_edge.lower_ in {"that", "to"}:
            if child.dep_ == "relcl" and child.left_edge.lower_ == "that" and _has_gap(child):
                continue
            content = [subtree_range(child)]
            break
        if child.dep_ == "prep" and child.lower_ in NOUN_CONTENT_PREPS and child.i == noun.i + 1:
            pobj = next((c for c in child.children if c.dep_ in {"pobj", "pcomp"}), None)
            if pobj is not None:
                content = [subtree_range(pobj)]
                cue_end = int(child.i) + 1
                break
    if not content:
        return None
    source = _noun_source(noun)
    if source is None:
        return None
    cue_start = int(noun.i)
    for i in range(int(noun.i) - 1, int(noun.left_edge.i) - 1, -1):
        tok = ctx.doc[i]
        if tok.dep_ in {"amod", "advmod"} and tok.head.i == noun.i:
            cue_start = i
        else:
            break
    return Candidate(cue=(cue_start, cue_end), content=content, source=source, head=int(noun.i))


def _noun_source(noun: Token) -> TokenRange | None:
    """Who a cue noun belongs to: its possessor, or the object of its ``by``/``from``."""
    for child in noun.children:
        if child.dep_ == "poss":
            return subtree_range(child)
        if child.dep_ == "prep" and child.lower_ in {"by", "from"} and child.i > noun.i:
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                return subtree_range(pobj)
    return None


def _has_gap(clause: Token) -> bool:
    """Whether a relative clause lacks a subject or object (so "that" is a relative pronoun)."""
    deps = {c.dep_ for c in clause.children}
    return not ({"nsubj", "nsubjpass"} & deps) or clause.left_edge.dep_ in {"nsubj", "dobj", "nsubjpass"}
