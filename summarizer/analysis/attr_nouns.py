"""Cues that are not verbs: "according to X", and nouns of saying, believing and intending
("X's claim that...", "a call for...", "the senator's concerns about...")."""

from __future__ import annotations

from typing import TYPE_CHECKING

from summarizer.analysis.attr_context import Candidate, Context
from summarizer.analysis.attr_frames import capitalised_before, frame
from summarizer.analysis.attr_spans import TokenRange, minus, source_range, subject_of, subtree_range, verb_group
from summarizer.analysis.cues import (
    ATTITUDE_ADJECTIVES,
    CUE_VERBS,
    IN_SOURCE_NOUNS,
    LIGHT_VERBS,
    NOUN_CONTENT_PREPS,
    NOUN_CUES,
    STANCE_NOUNS,
)

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
    return _prepositional(ctx, token, (int(token.i), int(to.i) + 1), pobj)


def in_source(ctx: Context, token: Token) -> Candidate | None:
    """``In the latest poll, ...``, ``... in his view``: the object of "in" is the source when it
    is a poll, a report or a view, and the clause is not already a cue verb's."""
    if token.lower_ != "in" or token.dep_ != "prep" or token.head.pos_ not in {"VERB", "AUX"}:
        return None
    pobj = next((c for c in token.children if c.dep_ == "pobj"), None)
    if pobj is None or pobj.lemma_.lower() not in IN_SOURCE_NOUNS or token.head.lemma_.lower() in CUE_VERBS:
        return None
    return _prepositional(ctx, token, (int(token.i), int(token.i) + 1), pobj)


def _prepositional(ctx: Context, token: Token, cue: TokenRange, pobj: Token) -> Candidate | None:
    """A relation whose cue is a preposition and whose source is its object; the content is
    the clause the phrase modifies, on either side of it."""
    doc = ctx.doc
    source = (int(pobj.left_edge.i), int(pobj.right_edge.i) + 1)
    phrase = (cue[0], source[1])
    start, end = ctx.sentence_bounds(int(token.i))
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
    """A cue noun with its content ("claims that...", "calls for...") and a source: its
    possessor, a ``by``/``from`` phrase, or the subject of the verb that makes it a cue
    ("expressed concern about", "is a staunch opponent of")."""
    lemma = noun.lemma_.lower()
    if noun.pos_ != "NOUN" or (lemma not in NOUN_CUES and lemma not in STANCE_NOUNS):
        return None
    content, cue_end = _noun_content(noun)
    if not content:
        return None
    cue_start = int(noun.i)
    for i in range(int(noun.i) - 1, int(noun.left_edge.i) - 1, -1):
        tok = ctx.doc[i]
        if tok.dep_ in {"amod", "advmod"} and tok.head.i == noun.i:
            cue_start = i
        else:
            break
    source = _noun_source(noun)
    verb = noun.head
    if source is None and noun.dep_ in {"dobj", "attr"} and verb.i < noun.i:
        light = verb.lemma_.lower() in LIGHT_VERBS if noun.dep_ == "dobj" else verb.lemma_ == "be"
        if lemma in STANCE_NOUNS and noun.dep_ != "attr":
            return None
        subject = subject_of(verb) if light else None
        if subject is not None:
            avoid = set(range(*subtree_range(subject)))
            group = verb_group(verb, avoid)
            if not avoid & set(range(group[0], cue_start)):
                cue_start = group[0]
                source = source_range(subject, (cue_start, cue_end))
    if lemma in STANCE_NOUNS and noun.dep_ != "attr":
        return None
    holderless = ctx.doc[content[0][0]].lower_ == "that" and cue_end == noun.i + 1
    if source is None and holderless and noun.tag_ == "NNS" and cue_start == noun.i and lemma in CUE_VERBS:
        source = capitalised_before(ctx, (cue_start, cue_end))  # "Trump charges that": a verb read as a noun
    if source is None and not holderless and not (lemma in SPEECH_ACT_NOUNS and cue_end > noun.i + 1):
        return None  # without a holder, only "the claim that ..." and "reports of ..." attribute
    return Candidate(cue=(cue_start, cue_end), content=content, source=source, head=int(noun.i))


SPEECH_ACT_NOUNS = frozenset(
    {"report", "allegation", "accusation", "claim", "criticism", "call", "demand", "complaint", "warning", "promise"}
)
"""Nouns of a speech act that attribute without a holder: "initial reports of the explosion"."""


def _noun_content(noun: Token) -> tuple[list[TokenRange], int]:
    """The content of a cue noun (a that-clause, an infinitive, a prepositional object) and the
    end of its cue (after the preposition)."""
    for child in noun.children:
        if child.i < noun.i:
            continue
        if child.dep_ in {"acl", "ccomp", "relcl"} and child.left_edge.lower_ in {"that", "to"}:
            if child.dep_ == "relcl" and child.left_edge.lower_ == "that" and _has_gap(child):
                continue
            return [subtree_range(child)], int(noun.i) + 1
        if child.dep_ == "prep" and child.lower_ in NOUN_CONTENT_PREPS and child.i == noun.i + 1:
            pobj = next((c for c in child.children if c.dep_ in {"pobj", "pcomp"}), None)
            if pobj is not None and pobj.ent_type_ not in {"DATE", "TIME"}:  # not "remarks on Saturday"
                return [subtree_range(pobj)], int(child.i) + 1
    return [], int(noun.i) + 1


def adjective_cue(ctx: Context, adj: Token) -> Candidate | None:
    """A stance adjective after a copula with its content: "was sure that...", "is critical of..."."""
    if adj.pos_ != "ADJ" or adj.lemma_.lower() not in ATTITUDE_ADJECTIVES or adj.dep_ not in {"acomp", "oprd"}:
        return None
    verb = adj.head
    content: list[TokenRange] = []
    cue_end = int(adj.i) + 1
    for child in adj.children:
        if child.i < adj.i:
            continue
        if child.dep_ in {"ccomp", "xcomp"} or (child.dep_ == "advcl" and child.left_edge.lower_ == "that"):
            content = [subtree_range(child)]
            break
        if child.dep_ == "prep" and child.lower_ in ADJECTIVE_PREPS and child.i == adj.i + 1:
            pobj = next((c for c in child.children if c.dep_ in {"pobj", "pcomp"}), None)
            if pobj is not None:
                content = [subtree_range(pobj)]
                cue_end = int(child.i) + 1
                break
    subject = subject_of(verb)
    if not content or subject is None:
        return None
    avoid = set(range(*subtree_range(subject)))
    group = verb_group(verb, avoid)
    cue = (group[0] if group[1] <= adj.i else int(adj.i), cue_end)
    source = source_range(subject, cue)
    if source is None:
        return None
    return Candidate(cue=cue, content=content, source=source, head=int(adj.i))


ADJECTIVE_PREPS = frozenset({"of", "about", "that", "with", "to", "over", "on", "toward", "towards", "at"})


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
