"""Attribution relations: who (source) says (cue) what (content).

The relations are those of PolNeAR/PARC: quotes and paraphrases, but also beliefs, plans,
reports and evaluations ("officials believe", "the poll found", "she criticized the plan").
Rules, in the order they run:

1. **verb cues** (:data:`~summarizer.analysis.cues.SPEECH`): a cue verb with a clausal,
   infinitive, noun-phrase or prepositional complement, or a quotation next to it; the
   source is its subject (or the ``by`` agent of a passive, or the subject of the verb it is
   coordinated with); a parenthetical cue ("Acts of protest, he said, are...") takes the
   clause around it.
2. **according to X**: the clause it modifies is the content.
3. **noun cues** ("his claim that", "calls for", "in Mr. Doe's view").
4. **punctuation cues**: "NAME: text" (transcripts, headlines) and a quote signed with a dash.

Then the univocal rule of the annotation: a relation whose cue lies inside another's content
is nested and dropped; and a quotation continues into the following quoted sentences and
paragraphs until another cue appears.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from summarizer.analysis.attr_quotes import Quotes, covered, find_quotes
from summarizer.analysis.attr_spans import (
    TokenRange,
    char_range,
    clean_content,
    minus,
    source_range,
    subject_of,
    subtree_range,
    verb_group,
)
from summarizer.analysis.cues import (
    CLAUSE_ONLY,
    NOUN_CONTENT_PREPS,
    NOUN_CUES,
    PHRASAL_ONLY,
    PREP_CUES,
    RECIPIENT,
    SPEECH,
)
from summarizer.analysis.found import FoundAttribution
from summarizer.analysis.parsed import CharSpan, Parsed
from summarizer.core.schema import AttributionKind

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

CLAUSAL = frozenset({"ccomp", "xcomp"})
NO_OBJECT_CONTENT = CLAUSE_ONLY | PHRASAL_ONLY | RECIPIENT
"""Cue verbs whose direct object alone is not a content."""


@dataclass
class Candidate:
    """A relation in token ranges, before nesting and quote continuation are settled."""

    cue: TokenRange
    content: list[TokenRange]
    source: TokenRange | None = None
    according: bool = False
    extra: list[CharSpan] = field(default_factory=list)
    """Character spans added to the content (quotations that continue it)."""


class _Context:
    """What every rule of one article needs: the Doc, its text, quotations, which tokens are quoted."""

    def __init__(self, parsed: Parsed) -> None:
        self.doc: Doc = parsed.doc
        self.text = parsed.text
        self.paragraph_starts = parsed.paragraph_starts
        self.quotes: Quotes = find_quotes(self.text, parsed.paragraph_starts)
        self.quoted = [self.quotes.at(int(t.idx)) for t in self.doc]


def find_attributions(parsed: Parsed) -> list[FoundAttribution]:
    """Every attribution relation of the article, in order."""
    ctx = _Context(parsed)
    candidates: list[Candidate] = []
    for token in ctx.doc:
        if ctx.quoted[token.i] >= 0:
            continue
        found = _verb_cue(ctx, token) or _according_to(ctx, token) or _noun_cue(ctx, token)
        if found is not None:
            candidates.append(found)
    kept = _outermost(candidates)
    _continue_quotes(ctx, kept)
    return [f for f in (_found(ctx, c) for c in kept) if f is not None]


# -- rule 1: cue verbs ----------------------------------------------------------------------------


def _verb_cue(ctx: _Context, verb: Token) -> Candidate | None:
    lemma = verb.lemma_.lower()
    if verb.pos_ != "VERB" or lemma not in SPEECH or verb.dep_ in {"amod", "compound"}:
        return None
    subject = subject_of(verb)
    passive = any(c.dep_ == "auxpass" for c in verb.children)
    agent = next((c for c in verb.children if c.dep_ == "agent"), None)
    avoid: set[int] = set()
    if subject is not None and not passive:
        avoid.update(range(*subtree_range(subject)))
    cue = verb_group(verb, avoid)
    content, cue = _complement(ctx, verb, lemma, cue, passive)
    source_token = subject if not passive else None
    if agent is not None:
        pobj = next((c for c in agent.children if c.dep_ == "pobj"), None)
        if pobj is not None and agent.i == cue[1]:
            cue = (cue[0], int(agent.i) + 1)
            source_token = pobj
    if passive and subject is not None and subject.dep_ == "nsubjpass" and subject.lower_ not in {"it", "there"}:
        if not content:
            return None
        content = [subtree_range(subject), *content]
    if not content:
        return None
    source = source_range(source_token, cue) if source_token is not None else None
    return Candidate(cue=cue, content=content, source=source)


def _complement(
    ctx: _Context, verb: Token, lemma: str, cue: TokenRange, passive: bool
) -> tuple[list[TokenRange], TokenRange]:
    """The content of a cue verb, and its cue widened by a preposition that belongs to it."""
    children = list(verb.children)
    clauses = [c for c in children if (c.dep_ in CLAUSAL and c.i >= cue[1]) or (c.dep_ == "ccomp" and c.i < cue[0])]
    dobj = next((c for c in children if c.dep_ == "dobj"), None)
    if clauses:
        ranges = [subtree_range(c) for c in clauses]
        xcomp = next((c for c in clauses if c.dep_ == "xcomp"), None)
        if dobj is not None and xcomp is not None and lemma in RECIPIENT and dobj.pos_ != "PRON" and dobj.i < xcomp.i:
            ranges = [(subtree_range(dobj)[0], subtree_range(xcomp)[1])]
        return ranges, cue
    if verb.dep_ == "parataxis" and verb.head.i != verb.i:
        return minus(subtree_range(verb.head), subtree_range(verb)), cue
    oprd = next((c for c in children if c.dep_ == "oprd"), None)
    if dobj is not None and oprd is not None and dobj.i > verb.i:
        return [(subtree_range(dobj)[0], subtree_range(oprd)[1])], cue
    preps = PREP_CUES.get(lemma, frozenset())
    for child in children:
        if child.dep_ in {"prep", "prt"} and child.lower_ in preps and child.i >= cue[1] and child.i - cue[1] <= 3:
            target = (
                dobj if child.dep_ == "prt" else next((c for c in child.children if c.dep_ in {"pobj", "pcomp"}), None)
            )
            if target is not None:
                return [subtree_range(target)], (cue[0], int(child.i) + 1)
    if dobj is not None and dobj.i > verb.i and lemma not in NO_OBJECT_CONTENT:
        return [subtree_range(dobj)], cue
    quote = _adjacent_quote(ctx, verb, cue)
    return ([quote] if quote else []), cue


def _adjacent_quote(ctx: _Context, verb: Token, cue: TokenRange) -> TokenRange | None:
    """A quotation right before or after the cue (and its source): ``"...," she added.``"""
    doc = ctx.doc
    i = cue[1]
    while i < len(doc) and ((doc[i].is_punct and ctx.quoted[i] < 0) or doc[i].dep_ in {"nsubj", "compound"}):
        i += 1
    if i < len(doc) and ctx.quoted[i] >= 0 and i - cue[1] <= 6:
        q = ctx.quoted[i]
        j = i
        while j < len(doc) and ctx.quoted[j] == q:
            j += 1
        return i, j
    i = cue[0] - 1
    while i >= 0 and ((doc[i].is_punct and ctx.quoted[i] < 0) or (doc[i].head.i == verb.i and doc[i].dep_ == "nsubj")):
        i -= 1
    if i >= 0 and ctx.quoted[i] >= 0 and cue[0] - i <= 6:
        q = ctx.quoted[i]
        j = i
        while j >= 0 and ctx.quoted[j] == q:
            j -= 1
        return j + 1, i + 1
    return None


# -- rule 2: according to -------------------------------------------------------------------------


def _according_to(ctx: _Context, token: Token) -> Candidate | None:
    doc = ctx.doc
    if token.lower_ != "according" or token.i + 1 >= len(doc) or doc[token.i + 1].lower_ != "to":
        return None
    to = doc[token.i + 1]
    pobj = next((c for c in to.children if c.dep_ == "pobj"), None)
    if pobj is None:
        return None
    head = token.head if token.head.i != token.i else None
    phrase = (int(token.i), max(int(pobj.right_edge.i), int(to.i)) + 1)
    if head is None:
        return None
    content = minus(subtree_range(head), phrase)
    source = (int(pobj.left_edge.i), int(pobj.right_edge.i) + 1)
    return Candidate(cue=(int(token.i), int(to.i) + 1), content=content, source=source, according=True)


# -- rule 3: cue nouns ----------------------------------------------------------------------------


def _noun_cue(ctx: _Context, noun: Token) -> Candidate | None:
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
    source = None
    for child in noun.children:
        if child.dep_ == "poss":
            source = subtree_range(child)
        elif child.dep_ == "prep" and child.lower_ in {"by", "from"} and child.i > noun.i:
            pobj = next((c for c in child.children if c.dep_ == "pobj"), None)
            if pobj is not None:
                source = subtree_range(pobj)
    if source is None:
        return None
    cue_start = int(noun.i)
    for i in range(int(noun.i) - 1, int(noun.left_edge.i) - 1, -1):
        tok = ctx.doc[i]
        if tok.dep_ in {"amod", "advmod"} and tok.head.i == noun.i:
            cue_start = i
        else:
            break
    return Candidate(cue=(cue_start, cue_end), content=content, source=source)


def _has_gap(clause: Token) -> bool:
    """Whether a relative clause lacks a subject or object (so "that" is a relative pronoun)."""
    deps = {c.dep_ for c in clause.children}
    return not ({"nsubj", "nsubjpass"} & deps) or clause.left_edge.dep_ in {"nsubj", "dobj", "nsubjpass"}


# -- nesting and continuation ---------------------------------------------------------------------


def _outermost(candidates: list[Candidate]) -> list[Candidate]:
    """The relations not nested in another's content, one per cue."""
    kept: list[Candidate] = []
    seen: set[TokenRange] = set()
    for c in candidates:
        if c.cue in seen:
            continue
        nested = any(o is not c and any(r[0] <= c.cue[0] and c.cue[1] <= r[1] for r in o.content) for o in candidates)
        if not nested:
            kept.append(c)
            seen.add(c.cue)
    return kept


def _continue_quotes(ctx: _Context, kept: list[Candidate]) -> None:
    """Append to each quoting relation the quoted sentences and paragraphs that follow it and
    have no cue of their own."""
    cue_chars = sorted(char_range(ctx.doc, c.cue)[0] for c in kept)
    claimed = sorted(char_range(ctx.doc, r)[0] for c in kept for r in [c.cue, *c.content])
    quotes = ctx.quotes.quotes
    for c in kept:
        spans = [char_range(ctx.doc, r) for r in c.content]
        qs = sorted({q for s in spans for q in ctx.quotes.overlapping(*s)})
        if not qs or not covered(spans[-1], ctx.quotes, ctx.text):
            continue
        end = max(char_range(ctx.doc, r)[1] for r in [c.cue, *c.content, *([c.source] if c.source else [])])
        q = qs[-1] + 1
        while q < len(quotes):
            quote = quotes[q]
            if quote.start < end:
                q += 1
                continue
            gap = ctx.text[end : quote.start]
            if any(ch.isalnum() for ch in gap) or any(end <= x < quote.start for x in claimed):
                break
            if any(quote.start <= x < quote.end for x in cue_chars):
                break
            if quote.paragraph != quotes[qs[-1]].paragraph and quote.start != ctx.paragraph_starts[quote.paragraph]:
                break
            c.extra.append((quote.start, quote.end))
            end = quote.end
            q += 1


def _found(ctx: _Context, c: Candidate) -> FoundAttribution | None:
    spans = clean_content(ctx.text, [char_range(ctx.doc, r) for r in c.content] + c.extra, ctx.quotes)
    if not spans:
        return None
    if c.according:
        kind = AttributionKind.ACCORDING_TO
    elif all(covered(s, ctx.quotes, ctx.text) for s in spans):
        kind = AttributionKind.DIRECT_QUOTE
    elif any(ctx.quotes.overlapping(*s) for s in spans):
        kind = AttributionKind.MIXED
    else:
        kind = AttributionKind.INDIRECT
    source = [char_range(ctx.doc, c.source)] if c.source else []
    return FoundAttribution(kind=kind, cue=[char_range(ctx.doc, c.cue)], content=spans, source=source)
