"""The cue-verb rule: "X said that...", "..., X said.", "X wants to...", "X criticized Y".

A verb of :data:`~summarizer.analysis.cues.CUE_VERBS` is a cue when a content can be found
for it: the clause around it when it is set off by commas ("..., she said." / "Acts of
protest, he said, are..."), else its clausal, infinitive, object or prepositional complement,
else a quotation right next to it. The source is its subject, the ``by`` agent of a passive,
or the subject of the verb it is coordinated with or subordinated to (the named object of
that verb for a participle after "for" or "of": "blasted Lund for failing to make clear").
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from summarizer.analysis.attr_context import Candidate, Context
from summarizer.analysis.attr_frames import (
    adjacent_quote,
    after_colon,
    capitalised_before,
    frame,
    name_before,
    orphan_subject,
)
from summarizer.analysis.attr_spans import TokenRange, minus, source_range, subject_of, subtree_range, verb_group
from summarizer.analysis.cues import (
    ADDRESSEE_NOUNS,
    CLAUSE_ONLY,
    CUE_VERBS,
    MEDIUM_NOUNS,
    NAMING,
    PASSIVE_NOT_CUES,
    PHRASAL_ONLY,
    PREP_CUES,
    QUOTE_ONLY,
    RAISING,
    RECIPIENT,
)

if TYPE_CHECKING:
    from spacy.tokens import Token

CLAUSAL = frozenset({"ccomp", "xcomp"})
FRAME_BLOCKERS = frozenset({"ccomp", "xcomp", "dobj", "oprd", "dative"})
"""Complements after a cue verb that make it not a parenthetical or postposed cue."""
NO_OBJECT_CONTENT = CLAUSE_ONLY | PHRASAL_ONLY | RECIPIENT
"""Cue verbs whose direct object alone is not a content."""


def verb_cue(ctx: Context, verb: Token) -> Candidate | None:
    """The relation whose cue is ``verb``, if it is a cue verb with a content."""
    lemma = cue_lemma(verb)
    if verb.pos_ != "VERB" or verb.dep_ in {"amod", "compound"}:
        return None
    if lemma not in CUE_VERBS and not _that_clause(verb):
        return None
    subject = subject_of(verb)
    if subject is not None and ctx.paragraph[subject.i] != ctx.paragraph[verb.i]:
        subject = None
    passive = any(c.dep_ == "auxpass" for c in verb.children)
    if (passive and lemma in PASSIVE_NOT_CUES) or (subject is None and _imperative(verb)):
        return None
    avoid: set[int] = set()
    if subject is not None and not passive:
        avoid.update(range(*subtree_range(subject)))
    cue = _raised(verb, verb_group(verb, avoid), avoid)
    source_token = subject if not passive else None
    marks = [c for c in verb.children if c.dep_ == "mark"]  # "that he wants": not a frame; "as X said": one
    lead = int(marks[0].i) if marks and marks[0].lower_ == "as" and marks[0].i < cue[0] else None
    if lead is not None:
        cue = _as_it(verb, cue)
    framable = (  # not "someone who said", not "as it stands"
        verb.dep_ not in {"relcl", "acl"} and (not marks or lead is not None) and lemma not in PHRASAL_ONLY
    )
    if source_token is not None and framable and not _has_right_complement(verb, cue):
        source = source_range(source_token, cue)
        framed = frame(ctx, verb, cue, source, lead=lead) if source is not None else None
        if framed and (lemma not in QUOTE_ONLY or any(ctx.quoted[r[1] - 1] >= 0 for r in framed)):
            return Candidate(cue=colon_cue(ctx, cue), content=framed, source=source, head=int(verb.i))
    if lemma in QUOTE_ONLY:
        content, cue = _prep_complement(verb, lemma, cue, None)
        quote = adjacent_quote(ctx, verb, cue) if not content else None
        content = [quote] if quote else content
    else:
        content, cue = _complement(ctx, verb, lemma, cue)
    agent = next((c for c in verb.children if c.dep_ == "agent"), None)
    if agent is not None:
        pobj = next((c for c in agent.children if c.dep_ == "pobj"), None)
        if pobj is not None and agent.i == cue[1]:
            cue = (cue[0], int(agent.i) + 1)
            source_token = pobj
    if passive and subject is not None and subject.dep_ == "nsubjpass" and subject.lower_ not in {"it", "there"}:
        if not content and source_token is None:
            return None
        content = [subtree_range(subject), *content]
    if not content:
        return None
    source = source_range(source_token, cue) if source_token is not None else None
    if source is None and not passive:
        source = name_before(ctx, cue) or orphan_subject(ctx, verb, cue)
        if source is None and verb.tag_ == "VBZ":
            source = capitalised_before(ctx, cue)
    if verb.tag_ == "VB" and not passive and _hypothetical_or_purpose(verb, cue):
        return None
    if source is not None and borrowed_it(ctx, source_token, verb):
        return None  # "it is worth noting that", "it goes without saying": the writer's own aside
    if source is None and not passive and verb.tag_ == "VB":
        return None  # an infinitive nobody holds ("it is hard to imagine"), or an order to the reader
    borrowed = source_token is not None and source_token.head.i != verb.i
    return Candidate(cue=colon_cue(ctx, cue), content=content, source=source, head=int(verb.i), borrowed=borrowed)


def _that_clause(verb: Token) -> bool:
    """Whether a verb outside the lexicon takes a that-clause ("reveals that", "concluded that")."""
    for child in verb.children:
        if child.dep_ == "ccomp" and child.i > verb.i and child.left_edge.lower_ == "that":
            mark = next((c for c in child.children if c.dep_ == "mark"), None)
            if mark is not None and mark.lower_ == "that":
                return True
    return False


def cue_lemma(verb: Token) -> str:
    """The verb's lemma, mended where the lemmatizer drops a final e ("hopes" -> "hop")."""
    lemma = str(verb.lemma_).lower()
    if lemma not in CUE_VERBS and lemma + "e" in CUE_VERBS and verb.lower_.startswith(lemma + "e"):
        return lemma + "e"
    return lemma


def colon_cue(ctx: Context, cue: TokenRange) -> TokenRange:
    """The cue with the colon that introduces its quotation ("she said:")."""
    if cue[1] < len(ctx.doc) and ctx.doc[cue[1]].text == ":":
        return cue[0], cue[1] + 1
    return cue


def _has_right_complement(verb: Token, cue: TokenRange) -> bool:
    """Whether the verb has a clause, object or prepositional content after its cue."""
    preps = PREP_CUES.get(cue_lemma(verb), frozenset())
    return any(
        c.i >= cue[1] and (c.dep_ in FRAME_BLOCKERS or (c.dep_ in {"prep", "prt"} and c.lower_ in preps))
        for c in verb.children
    )


def _complement(ctx: Context, verb: Token, lemma: str, cue: TokenRange) -> tuple[list[TokenRange], TokenRange]:
    """The content of a cue verb, and its cue widened by a preposition that belongs to it."""
    children = [c for c in verb.children if ctx.paragraph[c.i] == ctx.paragraph[verb.i]]
    clauses = [c for c in children if (c.dep_ in CLAUSAL and c.i >= cue[1]) or _left_clause(ctx, verb, c, cue)]
    dobj = next((c for c in children if c.dep_ == "dobj"), None)
    if not clauses:
        clauses = [c for c in children if c.i >= cue[1] and _misparsed_clause(c, lemma)]
    if not clauses:
        clauses = _medium_clauses(children)
    if lemma in PHRASAL_ONLY:
        clauses = [c for c in clauses if c.dep_ == "ccomp"]
    if clauses:
        ranges = [_without_time(verb, subtree_range(c)) for c in clauses]
        xcomp = next((c for c in clauses if c.dep_ == "xcomp"), None)
        if dobj is not None and xcomp is not None and lemma in RECIPIENT and dobj.pos_ != "PRON" and dobj.i < xcomp.i:
            ranges = [(subtree_range(dobj)[0], subtree_range(xcomp)[1])]
        return ranges, cue
    if verb.dep_ == "parataxis" and verb.head.i != verb.i:
        return minus(subtree_range(verb.head), subtree_range(verb)), cue
    named = [c for c in children if c.i >= cue[1] and c.dep_ in {"dobj", "oprd", "attr"}]
    if lemma in NAMING and (len(named) > 1 or (named and named[0].dep_ == "oprd")):
        return [(subtree_range(named[0])[0], subtree_range(named[-1])[1])], cue
    content, wider = _prep_complement(verb, lemma, cue, dobj)
    if content:
        return content, wider
    if dobj is not None and dobj.i > verb.i:
        obj = subtree_range(dobj)
        if lemma not in NO_OBJECT_CONTENT or (lemma in NAMING and any(ctx.quoted[i] >= 0 for i in range(*obj))):
            return [obj], cue
        if lemma in RECIPIENT and lemma not in CLAUSE_ONLY and not _addressee(dobj):
            return [obj], cue
    quote = adjacent_quote(ctx, verb, cue)
    if quote is None:
        quote = after_colon(ctx, cue)
    return ([quote] if quote else []), cue


def _prep_complement(
    verb: Token, lemma: str, cue: TokenRange, dobj: Token | None
) -> tuple[list[TokenRange], TokenRange]:
    """A content introduced by a preposition or particle of the cue ("called for X", "spoke of X",
    "described X as Y"), with the cue widened to that preposition when it follows the verb."""
    preps = PREP_CUES.get(lemma, frozenset())
    for child in verb.children:
        if child.dep_ not in {"prep", "prt"} or child.lower_ not in preps or child.i < cue[1]:
            continue
        objects = (c for c in child.children if c.dep_ in {"pobj", "pcomp"})
        target = dobj if child.dep_ == "prt" else next(objects, None)
        if target is None:
            continue
        if child.lower_ == "as" and dobj is not None and dobj.i < child.i:
            return [(subtree_range(dobj)[0], subtree_range(target)[1])], cue  # "described X as Y"
        if child.i - cue[1] <= 3:
            return [subtree_range(target)], (cue[0], int(child.i) + 1)
    return [], cue


def _addressee(token: Token) -> bool:
    """Whether an object names who is addressed ("told reporters", "urged him") rather than what."""
    return token.pos_ in {"PRON", "PROPN"} or token.lemma_.lower() in ADDRESSEE_NOUNS


def _raised(verb: Token, cue: TokenRange, avoid: set[int]) -> TokenRange:
    """The cue widened to the verb that raises it: "appeared to suggest", "seems to think"."""
    head = verb.head
    if verb.dep_ == "xcomp" and head.lemma_.lower() in RAISING and head.i < verb.i:
        group = verb_group(head, avoid)
        between = range(group[1], cue[0])
        if all(verb.doc[i].lower_ == "to" or verb.doc[i].dep_ == "advmod" for i in between):
            return group[0], cue[1]
    return cue


def _without_time(verb: Token, span: TokenRange) -> TokenRange:
    """A clause without the day the parser moved into it from the cue ("said Thursday the ...")."""
    doc = verb.doc
    start = span[0]
    while start < span[1] - 1 and doc[start].ent_type_ in {"DATE", "TIME"} and doc[start].lower_ != "that":
        start += 1
    return (start, span[1]) if start > span[0] and doc[span[0]].i == verb.i + 1 else span


def _left_clause(ctx: Context, verb: Token, clause: Token, cue: TokenRange) -> bool:
    """A clause before the cue is its content only when set off from it ("..., she said",
    "“...” she said"), not when the parser inverted a sentence ("X continues to insist
    ..., that he wants")."""
    if clause.dep_ != "ccomp" or clause.i >= cue[0]:
        return False
    subject = next((c for c in verb.children if c.dep_ in {"nsubj", "nsubjpass"}), None)
    left = min(cue[0], int(subject.left_edge.i)) if subject is not None else cue[0]
    if left == 0:
        return False
    sep = ctx.tokens[left - 1]
    return sep.text in {",", ":", "--", "—"} or (sep.is_punct and ctx.quoted[left - 1] >= 0)


def _medium_clauses(children: list[Token]) -> list[Token]:
    """A that-clause the parser hung on the medium ("said in a statement that...")."""
    for child in children:
        if child.dep_ != "prep":
            continue
        for pobj in child.children:
            if pobj.dep_ == "pobj" and pobj.lemma_.lower() in MEDIUM_NOUNS:
                return [
                    c for c in pobj.children if c.dep_ in {"acl", "relcl", "ccomp"} and c.left_edge.lower_ == "that"
                ]
    return []


def _hypothetical_or_purpose(verb: Token, cue: TokenRange) -> bool:
    """A base verb that is no attribution: under "let"/"help"/"make" or coordinated with a
    hypothetical ("Let's say", "could borrow more or consider"), or an infinitive of purpose
    with its preposition ("came to talk about")."""
    auxes = {c.lower_ for c in verb.children if c.dep_ in {"aux", "neg"}}
    if not auxes and verb.dep_ != "ROOT":
        return True
    prep_cue = any(verb.doc[i].pos_ == "ADP" for i in range(cue[0], cue[1]))
    return "to" in auxes and verb.dep_ == "advcl" and prep_cue


def borrowed_it(ctx: Context, subject: Token | None, verb: Token) -> bool:
    """Whether a non-finite cue borrows a dummy "it" ("it is hard to imagine", "it's worth noting")."""
    return subject is not None and subject.lower_ == "it" and subject.head.i != verb.i and verb.tag_ in {"VB", "VBG"}


def _as_it(verb: Token, cue: TokenRange) -> TokenRange:
    """ "as she put it": the cue keeps its "it"."""
    nxt = verb.doc[cue[1]] if cue[1] < len(verb.doc) else None
    if nxt is not None and nxt.lower_ == "it" and nxt.head.i == verb.i:
        return cue[0], cue[1] + 1
    return cue


def _imperative(verb: Token) -> bool:
    """An order to the reader ("Imagine...", "Don't forget that..."): no source, no attribution."""
    return (
        verb.tag_ == "VB"
        and verb.dep_ == "ROOT"
        and not any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
    )


def _misparsed_clause(child: Token, lemma: str) -> bool:
    """A clause the parser attached as an adverbial that is the cue's complement: "said after
    the convention he would not...", "told his supporters to go..."."""
    if child.dep_ != "advcl":
        return False
    marks = [c for c in child.children if c.dep_ == "mark"]
    if lemma in RECIPIENT and child.left_edge.lower_ == "to":
        return True
    has_subject = any(c.dep_ in {"nsubj", "nsubjpass"} for c in child.children)
    return has_subject and (not marks or marks[0].lower_ in {"that", "whether", "if"})
