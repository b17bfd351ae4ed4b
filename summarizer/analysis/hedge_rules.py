"""The hedge rules: each looks at one token of the parse and returns its cue, or ``None``.

A rule is keyed by the token's lemma (or lower-case form) so the article is read once.
Negation is read from the dependency tree, not the string: "could not independently
confirm", "has not been able to confirm", "was unable to verify", "has yet to confirm"
are one pattern. A cue is the marking words, from the first auxiliary or negation to
the word that carries the meaning ("could not confirm", "did not say how").
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from summarizer.analysis.actor_words import PERSON_NOUNS, words
from summarizer.core.schema import CaveatKind

if TYPE_CHECKING:
    from spacy.tokens import Token

Cue = tuple[CaveatKind, int, int]
"""A proposed caveat kind and the cue's token span (end exclusive)."""
Rule = Callable[["Token"], "Cue | None"]

_VERIFY = words("confirm verify corroborate authenticate substantiate")
_NEGATIVE_HEADS = words("unable fail impossible")
_CHAIN_DEPS = words("xcomp acomp")
_UNVERIFIED_WORDS = words("unconfirmed unverified uncorroborated unsubstantiated unproven unproved")
_HEDGE_ADVERBS = words("purportedly allegedly reportedly apparently supposedly ostensibly seemingly")
_HEDGE_ADJECTIVES = words("purported alleged apparent supposed")
_COMMENT_VERBS = words("comment elaborate discuss respond answer say speak confirm deny address specify detail explain")
_RESPONSE_VERBS = words("respond reply comment")
_RETURNED = words("call message email request inquiry query phone")
_FOR_COMMENT = words("comment response reaction")
_ASKING = words("ask contact approach email call reach")
_CLEAR = words("clear certain sure evident obvious apparent")
_UNCLEAR = words("unclear uncertain unknown")
_WH = words("how why when where whether what who whom which if")
_TELLING = words("say tell explain specify disclose reveal detail elaborate indicate clarify")
_TELLING_ALONE = words("explain specify disclose elaborate clarify")
_UNNAMED = words("anonymous unnamed unidentified")
_SOURCE_NOUNS = PERSON_NOUNS | words("source sources people officials person")
_SINGLE = words("single sole lone")
_CONFLICTING = words("conflicting contradictory differing competing contradicting varying inconsistent contrasting")
_ACCOUNTS = words(
    """report account claim statement version information narrative story figure estimate number assessment
    testimony signal message description"""
)
_PLACES = words("territory region island border area land zone province city waters")
_EVIDENCE = words("evidence proof")
_SAYING = words(
    """say show confirm indicate suggest depict feature contain reveal admit acknowledge blame refer describe
    claim tell call accuse threaten deny"""
)
_EVIDENCE_OBJECTS = words("video audio recording photo photograph image document letter message post footage clip")
_HAVING = words("have offer give issue provide make")


def _neg_top(tok: Token) -> Token | None:
    """The token that carries the negation over ``tok``: itself ("could not confirm"), a head up
    an xcomp/acomp chain ("has not been able to confirm"), or a negative head ("unable to")."""
    node = tok
    for _ in range(4):
        if any(c.dep_ == "neg" for c in node.children) or node.lemma_.lower() in _NEGATIVE_HEADS:
            return node
        if node.lemma_ == "have" and any(c.lower_ == "yet" for c in node.children):
            return node  # "has yet to confirm"
        if node.dep_ not in _CHAIN_DEPS or node.head.i == node.i:
            return None
        node = node.head
    return None


def _verb_start(top: Token, limit: int) -> int:
    """The first auxiliary or negation of ``top`` before ``limit`` ("could" of "could not be verified")."""
    before = [c.i for c in top.children if c.dep_ in ("aux", "auxpass", "neg") and c.i < limit]
    return min([top.i, *before])


def _negated(tok: Token, kind: CaveatKind) -> Cue | None:
    top = _neg_top(tok)
    return None if top is None else (kind, _verb_start(top, tok.i), tok.i + 1)


# -- unverified -----------------------------------------------------------------------------------


def not_verified(tok: Token) -> Cue | None:
    """ "could not independently confirm", "has not been verified", "was unable to corroborate"."""
    if tok.pos_ not in ("VERB", "AUX"):
        return None
    return _negated(tok, CaveatKind.UNVERIFIED)


def unverified_word(tok: Token) -> Cue | None:
    """ "unconfirmed", "unverified"."""
    return CaveatKind.UNVERIFIED, tok.i, tok.i + 1


def hedge_adverb(tok: Token) -> Cue | None:
    """ "allegedly", "reportedly", "purportedly", "apparently"; "alleged", "apparent" before a noun."""
    lower = tok.lower_
    if lower in _HEDGE_ADVERBS and tok.pos_ == "ADV":
        return CaveatKind.UNVERIFIED, tok.i, tok.i + 1
    if lower in _HEDGE_ADJECTIVES and tok.dep_ == "amod":
        return CaveatKind.UNVERIFIED, tok.i, tok.i + 1
    return None


def appears_to(tok: Token) -> Cue | None:
    """ "appears to say", "seemed to show", "the video appears to be": the outlet does not vouch
    for what a source or a piece of evidence says (not "the language seemed to reverberate")."""
    for child in tok.rights:
        if child.dep_ == "xcomp" and child.pos_ in ("VERB", "AUX"):
            marker = next((c for c in child.lefts if c.lower_ == "to"), None)
            lemma = child.lemma_.lower()
            about_evidence = lemma == "be" and any(
                c.dep_ == "nsubj" and c.lemma_.lower() in _EVIDENCE_OBJECTS for c in tok.lefts
            )
            if marker is not None and (lemma in _SAYING or about_evidence):
                return CaveatKind.UNVERIFIED, tok.i, marker.i + 1
    return None


def without_evidence(tok: Token) -> Cue | None:
    """ "without evidence", "without offering proof", "no evidence"."""
    det = next((c for c in tok.lefts if c.dep_ == "det" and c.lower_ == "no"), None)
    if det is not None:
        return CaveatKind.UNVERIFIED, det.i, tok.i + 1
    head = tok.head
    if tok.dep_ == "dobj" and head.dep_ == "pcomp" and head.head.lower_ == "without":
        head = head.head
    elif not (tok.dep_ == "pobj" and head.lower_ == "without"):
        return None
    return CaveatKind.UNVERIFIED, head.i, tok.i + 1


# -- no comment ------------------------------------------------------------------------------------


def declined_to(tok: Token) -> Cue | None:
    """ "declined to comment", "refused to elaborate"; "declined to be identified" is anonymity."""
    for child in tok.rights:
        if child.dep_ != "xcomp":
            continue
        lemma = child.lemma_.lower()
        if lemma in ("identify", "name") and any(c.dep_ == "auxpass" for c in child.children):
            return CaveatKind.ANONYMOUS_SOURCE, tok.i, child.i + 1
        if lemma in _COMMENT_VERBS:
            return CaveatKind.NO_COMMENT, _verb_start(tok, tok.i), child.i + 1
    return None


def no_response(tok: Token) -> Cue | None:
    """ "did not (immediately) respond", "did not return calls", "could not be reached"."""
    lemma = tok.lemma_.lower()
    if tok.pos_ != "VERB":
        return None
    if lemma == "reach" and not any(c.dep_ == "auxpass" for c in tok.children):
        return None
    if lemma != "return":
        return _negated(tok, CaveatKind.NO_COMMENT)
    returned = next((c for c in tok.rights if c.dep_ == "dobj" and c.lemma_.lower() in _RETURNED), None)
    top = _neg_top(tok)
    if returned is None or top is None:
        return None
    return CaveatKind.NO_COMMENT, _verb_start(top, tok.i), returned.i + 1


def asked_for_comment(tok: Token) -> Cue | None:
    """ "has been asked for comment", "was contacted for comment", "asked to comment"."""
    if tok.pos_ != "VERB":
        return None
    for child in tok.rights:
        if child.dep_ == "prep" and child.lower_ == "for":
            target = next((c for c in child.children if c.dep_ == "pobj"), None)
            if target is not None and target.lemma_.lower() in _FOR_COMMENT:
                return CaveatKind.NO_COMMENT, _verb_start(tok, tok.i), target.i + 1
        if child.dep_ in ("xcomp", "ccomp") and child.lemma_.lower() == "comment":
            return CaveatKind.NO_COMMENT, _verb_start(tok, tok.i), child.i + 1
    return None


def no_comment(tok: Token) -> Cue | None:
    """ "had no immediate comment", "offered no response"."""
    det = next((c for c in tok.lefts if c.dep_ == "det" and c.lower_ == "no"), None)
    if det is None:
        return None
    if tok.lemma_.lower() != "comment" and tok.head.lemma_.lower() not in _HAVING:
        return None  # "the attack received no public response" is no one declining to comment
    return CaveatKind.NO_COMMENT, det.i, tok.i + 1


# -- unclear ---------------------------------------------------------------------------------------


def not_clear(tok: Token) -> Cue | None:
    """ "it is not clear (whether)", "it was not immediately known", "not clear how"."""
    if tok.pos_ == "ADJ" and tok.dep_ not in ("acomp", "ROOT"):
        return None
    if tok.lemma_.lower() == "know" and not any(c.dep_ == "auxpass" for c in tok.children):
        return None
    holder = tok.head if tok.dep_ == "acomp" else tok
    if not any(c.dep_ == "neg" for c in holder.children):
        return None
    if not (_expletive(holder) or any(_wh_clause(c) for t in (holder, tok) for c in t.rights)):
        return None  # "he is not known for restraint", "the rules are not clear" say something of a subject
    return CaveatKind.UNCLEAR, _copula_start(holder, tok), tok.i + 1


def _expletive(holder: Token) -> bool:
    return any(c.dep_ in ("nsubj", "nsubjpass", "expl") and c.lower_ == "it" for c in holder.lefts)


def _wh_clause(tok: Token) -> bool:
    return tok.dep_ in ("ccomp", "xcomp", "advcl", "csubj", "prep") and tok.left_edge.lower_ in _WH


def unclear_word(tok: Token) -> Cue | None:
    """ "it was unclear", "remains unclear", "an unknown number"."""
    if tok.dep_ == "acomp":
        return CaveatKind.UNCLEAR, _copula_start(tok.head, tok), tok.i + 1
    if tok.lower_ == "uncertain" and tok.dep_ != "ROOT":
        return None
    return CaveatKind.UNCLEAR, tok.i, tok.i + 1


def _copula_start(holder: Token, tok: Token) -> int:
    """Where "it is not clear" starts: the expletive "it", else the copula's auxiliaries."""
    start = _verb_start(holder, tok.i)
    subject = next((c for c in holder.lefts if c.dep_ in ("nsubj", "nsubjpass", "expl")), None)
    if subject is not None and subject.lower_ == "it" and subject.i == start - 1:
        return subject.i
    return start


def did_not_say(tok: Token) -> Cue | None:
    """ "did not say how", "did not explain why", "did not specify"."""
    top = _neg_top(tok)
    if top is None or tok.pos_ != "VERB":
        return None
    for child in tok.rights:
        if child.dep_ in ("ccomp", "xcomp", "dobj", "advcl") and child.left_edge.lower_ in _WH and _finite(child):
            return CaveatKind.UNCLEAR, _verb_start(top, tok.i), child.left_edge.i + 1
    objects = any(c.dep_ in ("dobj", "ccomp", "xcomp") for c in tok.children)
    if tok.lemma_.lower() in _TELLING_ALONE and not objects and tok.tag_ != "VBG":
        return CaveatKind.UNCLEAR, _verb_start(top, tok.i), tok.i + 1  # "did not specify", not "not disclosing X"
    return None


def _finite(clause: Token) -> bool:
    """A clause with its own subject ("how he obtained it"), not an infinitive ("what to say")."""
    return any(c.dep_ in ("nsubj", "nsubjpass", "expl") for c in clause.children) or clause.pos_ != "VERB"


def remains_to_be_seen(tok: Token) -> Cue | None:
    """ "it remains to be seen"."""
    for child in tok.rights:
        if child.dep_ == "xcomp" and child.lemma_ == "see" and any(c.dep_ == "auxpass" for c in child.children):
            return CaveatKind.UNCLEAR, tok.i, child.i + 1
    return None


# -- anonymous and single sources ------------------------------------------------------------------


def anonymity(tok: Token) -> Cue | None:
    """ "speaking on (the) condition of anonymity", "requested anonymity"."""
    of, condition = tok.head, tok.head.head
    if tok.dep_ == "pobj" and of.lower_ == "of" and condition.lemma_ == "condition" and condition.head.lower_ == "on":
        on = condition.head
        start = on.head.i if on.head.lemma_ in ("speak", "talk", "comment") and on.head.i == on.i - 1 else on.i
        return CaveatKind.ANONYMOUS_SOURCE, start, tok.i + 1
    if tok.dep_ == "dobj" and tok.head.pos_ == "VERB":
        return CaveatKind.ANONYMOUS_SOURCE, tok.head.i, tok.i + 1
    return CaveatKind.ANONYMOUS_SOURCE, tok.i, tok.i + 1


def unnamed_source(tok: Token) -> Cue | None:
    """ "anonymous sources", "an unnamed official"."""
    head = tok.head
    if tok.dep_ == "amod" and head.lemma_.lower() in _SOURCE_NOUNS and head.i > tok.i:
        return CaveatKind.ANONYMOUS_SOURCE, tok.i, head.i + 1
    return None


def familiar_with(tok: Token) -> Cue | None:
    """ "(according to) a person familiar with", "people familiar with the talks"."""
    prep = next((c for c in tok.rights if c.dep_ == "prep" and c.lower_ == "with"), None)
    noun = tok.head
    if prep is None or noun.lemma_.lower() not in _SOURCE_NOUNS or noun.i > tok.i:
        return None
    start = noun.left_edge.i
    if noun.dep_ == "pobj" and noun.head.lower_ == "to" and noun.head.head.lower_ == "according":
        start = noun.head.head.i
    return CaveatKind.ANONYMOUS_SOURCE, start, prep.i + 1


def not_named(tok: Token) -> Cue | None:
    """ "asked not to be named", "not authorized to speak publicly"."""
    if tok.lemma_ == "authorize":
        top = _neg_top(tok)
        speak = next((c for c in tok.rights if c.dep_ == "xcomp"), None)
        if top is None or speak is None:
            return None
        return CaveatKind.ANONYMOUS_SOURCE, _verb_start(top, tok.i), speak.i + 1
    if not any(c.dep_ == "auxpass" for c in tok.children) or not any(c.lower_ == "to" for c in tok.lefts):
        return None  # "not to be named", not "was not named in the indictment"
    neg = next((c for c in tok.children if c.dep_ == "neg"), None)
    if neg is None:
        return None
    start = tok.head.i if tok.dep_ == "xcomp" and tok.head.i < neg.i else neg.i
    return CaveatKind.ANONYMOUS_SOURCE, start, tok.i + 1


def single_source(tok: Token) -> Cue | None:
    """ "a single source", "one source"."""
    if tok.lemma_.lower() not in ("source", "person", "official", "witness", "account"):
        return None
    mod = next((c for c in tok.lefts if c.dep_ == "amod" and c.lower_ in _SINGLE), None)
    if mod is None and tok.lower_ == "source":
        mod = next((c for c in tok.lefts if c.dep_ == "nummod" and c.lower_ == "one"), None)
    return None if mod is None else (CaveatKind.SINGLE_SOURCE, mod.i, tok.i + 1)


# -- conflicting accounts --------------------------------------------------------------------------


def disputed(tok: Token) -> Cue | None:
    """ "disputed", "was disputed by", "contradicted", "a contested claim"; not "the disputed territory"."""
    if tok.dep_ == "amod" and tok.head.lemma_.lower() in _PLACES:
        return None
    verb = tok.pos_ == "VERB" and tok.lemma_.lower() in ("dispute", "contradict")
    adjective = tok.lower_ in ("disputed", "contested") and (tok.pos_ == "ADJ" or tok.dep_ in ("amod", "acomp"))
    if not (verb or adjective):
        return None
    passive = [c.i for c in tok.lefts if c.dep_ == "auxpass"]
    return CaveatKind.CONFLICTING_ACCOUNTS, min([tok.i, *passive]), tok.i + 1


def conflicting(tok: Token) -> Cue | None:
    """ "conflicting reports", "contradictory accounts"."""
    head = tok.head
    if tok.dep_ == "amod" and head.lemma_.lower() in _ACCOUNTS and head.i > tok.i:
        return CaveatKind.CONFLICTING_ACCOUNTS, tok.i, head.i + 1
    return None


def _by_words(rule: Rule, keys: frozenset[str]) -> dict[str, list[Rule]]:
    return {k: [rule] for k in keys}


def rule_table() -> dict[str, list[Rule]]:
    """Lemma or lower-case word -> the rules to try on a token that has it, in order."""
    table: dict[str, list[Rule]] = {}
    entries: list[tuple[Rule, frozenset[str]]] = [
        (not_verified, _VERIFY),
        (unverified_word, _UNVERIFIED_WORDS),
        (hedge_adverb, _HEDGE_ADVERBS | _HEDGE_ADJECTIVES),
        (appears_to, words("appear seem")),
        (without_evidence, _EVIDENCE),
        (declined_to, words("decline refuse")),
        (no_response, _RESPONSE_VERBS | words("return reach")),
        (asked_for_comment, _ASKING),
        (no_comment, _FOR_COMMENT),
        (not_clear, _CLEAR | words("know")),
        (unclear_word, _UNCLEAR),
        (did_not_say, _TELLING),
        (remains_to_be_seen, words("remain")),
        (anonymity, words("anonymity")),
        (unnamed_source, _UNNAMED),
        (familiar_with, words("familiar")),
        (not_named, words("name identify authorize")),
        (single_source, words("source person official witness account")),
        (disputed, words("dispute disputed contradict contested")),
        (conflicting, _CONFLICTING),
    ]
    for rule, keys in entries:
        for key, rules in _by_words(rule, keys).items():
            table.setdefault(key, []).extend(rules)
    return table
