"""The words around a cue: the clause that frames it, a quotation next to it, what a colon
after it introduces, and a name the parser left without a link to it.

News writing sets a cue off from its content by punctuation as often as by syntax
("..., she said.", "As one aide put it, ...", "He added: ..."); these helpers read that
punctuation where the parse is unreliable.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from summarizer.analysis.attr_context import Context
from summarizer.analysis.attr_spans import TokenRange, subject_of, subtree_range

if TYPE_CHECKING:
    from spacy.tokens import Token

PERSONAL_PRONOUNS = frozenset({"he", "she", "they", "we", "i"})
"""Pronouns that are a source when the parser left them unattached before a cue."""
QUOTE_REACH = 6
"""How many tokens (source and punctuation) may stand between a cue and its adjacent quotation."""
SENTENCE_ENDS = frozenset({".", "?", "!"})
"""A quotation after a sentence end is not "next to" the cue before it."""
FRAME_ADJUNCTS = frozenset({"prep", "npadvmod", "advmod", "advcl", "agent", "punct", "cc", "conj", "prt"})
"""Children of a postposed cue verb that may follow it ("..., she said on Tuesday in a statement")."""


def frame(
    ctx: Context, head: Token, cue: TokenRange, source: TokenRange, *, lead: int | None = None
) -> list[TokenRange] | None:
    """The content around a cue set off by commas after it or inside it: ``"...," she said.``,
    ``Acts of protest, he said, are...``, ``As one aide put it, ...`` (the rest of the sentence,
    around the cue and source).

    ``head`` is the cue's head word; what hangs on it after the cue as an adjunct ("on
    Tuesday", "in a statement") stays out of the content. ``lead`` is a word that opens the
    frame and belongs to no part ("as")."""
    doc = ctx.doc
    left, right = min(cue[0], source[0]), max(cue[1], source[1])
    if lead is not None:
        left = min(left, lead)
    gap = range(cue[1], source[0]) if source[0] >= cue[1] else range(source[1], cue[0])
    if any(not doc[i].is_punct for i in gap):
        return None  # source and cue are not next to each other
    start, end = ctx.sentence_bounds(left)
    for i in range(left - 1, start, -1):
        if doc[i].text in {":", ";"} and ctx.quoted[i] < 0:
            start = i + 1  # "...: In December, the two learned" frames only what follows the colon
            break
    subtree = {t.i for c in head.children if c.i >= right and c.dep_ in FRAME_ADJUNCTS for t in c.subtree}
    if left == start and lead is not None:  # "As many experts have pointed out, ..."
        after = right
        while after < end and after in subtree:
            after += 1
        if after + 1 < end and doc[after].text == ",":
            return [(after + 1, end)]
        return None
    sep = doc[left - 1] if left > start else None
    if sep is None or left - start < 2 or not (sep.text == "," or (ctx.quoted[sep.i] >= 0 and sep.is_punct)):
        return None
    after = right
    while after < end and (after in subtree or (doc[after].is_punct and doc[after].text != ",")):
        after += 1
    if not any(doc[k].pos_ in {"VERB", "AUX"} or ctx.quoted[k] >= 0 for k in range(start, left)):
        return None  # "On Thursday, however, Trump spoke": no clause before the cue
    if after >= end or all(doc[k].is_punct or k in subtree for k in range(after, end)):
        return [(start, left)]
    if doc[after].text == "," and after + 1 < end and after + 1 not in subtree:
        return [(start, left), (after + 1, end)]
    return None


def after_colon(ctx: Context, cue: TokenRange) -> TokenRange | None:
    """What a colon after the cue introduces, to the end of the paragraph ("He added: It is
    typical of her."), or the next paragraph when the colon ends this one."""
    doc = ctx.doc
    if cue[1] >= len(doc) or doc[cue[1]].text != ":":
        return None
    start = cue[1] + 1
    end = ctx.paragraph_tokens(cue[1])[1]
    while end > start and doc[end - 1].is_space:
        end -= 1
    if end > start:
        return start, end
    while start < len(doc) and doc[start].is_space:
        start += 1
    return ctx.paragraph_tokens(start) if start < len(doc) else None


def name_before(ctx: Context, cue: TokenRange) -> TokenRange | None:
    """The name right before a cue the parser left without a subject ("In a March meeting with
    the board Trump said that..."): the run of proper nouns or a personal pronoun before it."""
    doc = ctx.doc
    i = cue[0] - 1
    if i < 0 or ctx.quoted[i] >= 0 or ctx.paragraph[i] != ctx.paragraph[cue[0]]:
        return None
    if doc[i].lower_ in PERSONAL_PRONOUNS:
        return i, i + 1
    start = i
    while start >= 0 and doc[start].pos_ == "PROPN" and ctx.paragraph[start] == ctx.paragraph[cue[0]]:
        start -= 1
    return (start + 1, cue[0]) if start < i else None


CLAUSE_OPENERS = frozenset({"CCONJ", "PUNCT"})
"""What may stand before a clause-initial name: a conjunction ("But Trump claims") or punctuation."""
NAME_TAGS = frozenset({"PROPN", "NOUN", "VERB", "ADJ", "X"})
"""What the small pipeline tags a misread name as; a capitalised determiner, preposition or
adverb ("The", "In", "Still") opening the sentence is not part of a name."""
NAME_RUN = 4
"""At most this many capitalised words make the clause-initial name of :func:`capitalised_before`."""


def capitalised_before(ctx: Context, cue: TokenRange) -> TokenRange | None:
    """The capitalised words that open the clause of a cue and end right before it, when
    the parser tagged the cue's third-person form as a noun or left it without a subject
    ("Trump charges that ...", "But Trump claims that ...", "Trump openly admires ...": the
    small pipeline reads "Trump" there as a common noun or a verb). The clause opens at the
    sentence's start or after a conjunction or a punctuation mark; a determiner or any other
    word before the capitalised run ("the Trump claims") leaves it a noun phrase."""
    doc = ctx.doc
    i = cue[0] - 1
    lo = ctx.sentence_bounds(cue[0])[0]
    start = i
    while start >= lo and i - start < NAME_RUN and ctx.quoted[start] < 0 and _capitalised_word(doc[start]):
        start -= 1
    if start == i:
        return None
    if start >= lo and doc[start].pos_ not in CLAUSE_OPENERS:
        return None
    if start >= lo and doc[start].is_punct and ctx.quoted[start] >= 0:
        return None
    return start + 1, cue[0]


def _capitalised_word(token: Token) -> bool:
    return bool(token.is_alpha and token.is_title and token.pos_ in NAME_TAGS)


def orphan_subject(ctx: Context, verb: Token, cue: TokenRange) -> TokenRange | None:
    """The subject the parser hung on a word of the previous paragraph: the first noun of the
    cue's paragraph whose head lies outside it ("WASHINGTON -- President Obama, ..., said")."""
    if verb.dep_ not in {"ROOT", "parataxis", "ccomp", "conj"} and verb.head.i != verb.i:
        return None
    start, _ = ctx.paragraph_tokens(cue[0])
    for i in range(start, cue[0]):
        tok = ctx.tokens[i]
        if ctx.paragraph[tok.head.i] != ctx.paragraph[i] and tok.pos_ in {"PROPN", "NOUN", "PRON"}:
            lo, hi = ctx.clip(subtree_range(tok), cue[0])
            hi = min(hi, cue[0])
            while hi > lo and ctx.tokens[hi - 1].is_punct:
                hi -= 1
            span = ctx.after_dateline((lo, hi))
            return span if span[1] > span[0] else None
    return None


def adjacent_quote(ctx: Context, verb: Token, cue: TokenRange) -> TokenRange | None:
    """A quotation right before or after the cue and its source: ``"...," she added.``,
    ``She added: "..."`` (after a colon, the quotation may open the next paragraph)."""
    doc = ctx.doc
    subject = subject_of(verb)
    own = set(range(*subtree_range(subject))) if subject is not None and subject.head.i == verb.i else set()
    i, skipped, colon = cue[1], 0, False
    while i < len(doc) and ctx.quoted[i] < 0:
        tok = doc[i]
        if not ((tok.is_punct and tok.text not in SENTENCE_ENDS) or i in own or (colon and tok.is_space)):
            break
        colon = colon or tok.text == ":"
        skipped += i not in own
        i += 1
    if i < len(doc) and ctx.quoted[i] >= 0 and skipped <= QUOTE_REACH:
        return ctx.quote_tokens(i)
    i, skipped = cue[0] - 1, 0
    while i >= 0 and ctx.quoted[i] < 0 and (doc[i].is_punct or i in own):
        skipped += i not in own
        i -= 1
    if i >= 0 and ctx.quoted[i] >= 0 and skipped <= QUOTE_REACH:
        return ctx.quote_tokens(i)
    return None
