"""Attribution relations: who (source) says (cue) what (content).

The relations are those of PolNeAR/PARC: quotes and paraphrases, but also beliefs, plans,
reports, decrees and evaluations ("officials believe", "the poll found", "the court ruled",
"she criticized the plan"). The rules, each in its module:

1. **cue verbs** (:mod:`~summarizer.analysis.attr_verbs`): "X said that...", "..., X said.",
   "As X put it, ...", "X wants to...", "X called Y a liar", passives with or without an
   agent ("it was reported that..."); the words around the cue (commas, quotation marks,
   colons) are read by :mod:`~summarizer.analysis.attr_frames`.
2. **according to X**, **in X's view / in the poll**, **cue nouns** ("X's claim that...",
   "calls for...") and **stance adjectives** ("was sure that...") in
   :mod:`~summarizer.analysis.attr_nouns`.
3. **punctuation cues** (:mod:`~summarizer.analysis.attr_punct`): "NAME: text" (transcripts,
   headlines) and a quotation signed with a dash.

The lexicons are in :mod:`~summarizer.analysis.cues`, quotations in
:mod:`~summarizer.analysis.attr_quotes`. Then the univocal rule of the annotation: a
relation whose cue lies inside another's content is nested and dropped (the larger content
is the outer relation); and a quotation continues into the following quoted sentences and
paragraphs until another cue appears (:func:`_continue_quotes`).
"""

from __future__ import annotations

from summarizer.analysis.attr_context import Candidate, Context
from summarizer.analysis.attr_nouns import according_to, adjective_cue, in_source, noun_cue
from summarizer.analysis.attr_punct import punctuation_cues
from summarizer.analysis.attr_quotes import covered
from summarizer.analysis.attr_spans import TokenRange, char_range, clean_content
from summarizer.analysis.attr_verbs import verb_cue
from summarizer.analysis.found import FoundAttribution
from summarizer.analysis.parsed import CharSpan, Parsed
from summarizer.core.schema import AttributionKind

EXPRESSION_ONLY = frozenset({"comment", "comments", "a comment", "further comment", "immediate comment"})
"""Contents that only name the act of expressing ("declined to comment" has the infinitive)."""


def find_attributions(parsed: Parsed) -> list[FoundAttribution]:
    """Every attribution relation of the article, in order."""
    ctx = Context(parsed)
    candidates: list[Candidate] = []
    for token in ctx.tokens:
        if ctx.quoted[token.i] >= 0:
            continue
        pos = token.pos_
        if pos == "VERB":
            found = verb_cue(ctx, token) or according_to(ctx, token)
        elif pos == "NOUN":
            found = noun_cue(ctx, token)
        elif pos == "ADJ":
            found = adjective_cue(ctx, token)
        elif pos == "ADP":
            found = in_source(ctx, token) or according_to(ctx, token)
        else:
            found = None
        if found is not None:
            candidates.append(_clipped(ctx, found))
    # a headline "Topic: X says Y" is X's relation, not the topic's
    candidates.extend(c for c in punctuation_cues(ctx) if not any(_holds(c, o.cue) and o.source for o in candidates))
    candidates.sort(key=lambda c: c.cue)
    kept = _outermost(ctx, candidates)
    _continue_quotes(ctx, kept)
    return [f for f in (_found(ctx, c) for c in kept) if f is not None]


# -- nesting and continuation ---------------------------------------------------------------------


def _clipped(ctx: Context, c: Candidate) -> Candidate:
    """The candidate with its content and source kept to the paragraph of its cue."""
    c.content = [r for r in (ctx.after_dateline(ctx.clip(r, c.cue[0])) for r in c.content) if r[1] > r[0]]
    if c.source is not None:
        c.source = ctx.after_dateline(ctx.clip(c.source, c.cue[0]))
    return c


def _outermost(ctx: Context, candidates: list[Candidate]) -> list[Candidate]:
    """The relations not nested in another's content (the univocal rule), one per cue; the
    relation with the larger content is the outer one."""
    _detach(ctx, candidates)
    kept: list[tuple[Candidate, int, int]] = []  # with the bounds of all its parts, to skip far ones fast
    for c in sorted(candidates, key=lambda c: -sum(r[1] - r[0] for r in c.content)):
        lo = min(c.cue[0], *(r[0] for r in c.content))
        hi = max(c.cue[1], *(r[1] for r in c.content))
        near = (o for o, o_lo, o_hi in kept if o_lo < hi and lo < o_hi)
        if any(_nested(ctx, o, c) or _nested(ctx, c, o) or _meets(o.cue, c.cue) for o in near):
            continue
        kept.append((c, lo, hi))
    return sorted((c for c, _, _ in kept), key=lambda c: c.cue)


def _nested(ctx: Context, outer: Candidate, inner: Candidate) -> bool:
    """Whether ``inner`` is nested in ``outer``'s content. The evidential of a quotation
    ("“...,” X said, according to the recording") nests nothing: the editor needs X's words as X's."""
    if not _holds(outer, inner.cue):
        return False
    evidential = outer.according and outer.head >= 0 and ctx.doc[outer.head].head.i == inner.head
    return not (evidential and any(ctx.quoted[r[0]] >= 0 or ctx.quoted[r[1] - 1] >= 0 for r in inner.content))


def _holds(outer: Candidate, span: TokenRange) -> bool:
    return any(r[0] <= span[0] and span[1] <= r[1] for r in outer.content)


def _meets(a: TokenRange, b: TokenRange) -> bool:
    return a[0] < b[1] and b[0] < a[1]


def _detach(ctx: Context, candidates: list[Candidate]) -> None:
    """Cut from a content the cue verb that ends it and belongs with the cue, not the content:
    ``X said ..., adding that ...`` and ``X said ... and warned ...`` are two relations of X."""
    doc = ctx.doc
    for inner in candidates:
        if inner.head < 0 or not inner.borrowed:
            continue
        verb = doc[inner.head]
        if not (verb.dep_ == "conj" or (verb.dep_ == "advcl" and verb.tag_ == "VBG")):
            continue
        first = int(verb.left_edge.i)
        cut = first
        while cut > 0 and (doc[cut - 1].text == "," or doc[cut - 1].dep_ == "cc"):
            cut -= 1
        if cut == first:
            continue
        for outer in candidates:
            if outer is inner or outer.head < 0:
                continue
            for n, r in enumerate(outer.content):
                if r[0] < cut and first <= inner.cue[0] < r[1] and int(verb.right_edge.i) + 1 >= r[1] - 1:
                    outer.content[n] = (r[0], cut)
                    inner.source = outer.source
                    break


def _continue_quotes(ctx: Context, kept: list[Candidate]) -> None:
    """Append to each quoting relation the quoted sentences and paragraphs that follow it and
    have no cue of their own."""
    cue_chars = sorted(char_range(ctx.doc, c.cue)[0] for c in kept)
    claimed = sorted(char_range(ctx.doc, r)[0] for c in kept for r in [c.cue, *c.content])
    quotes = ctx.quotes.quotes
    for c in kept:
        spans = [char_range(ctx.doc, r) for r in c.content]
        qs = sorted({q for s in spans for q in ctx.quotes.overlapping(*s)})
        if not qs or not (covered(spans[-1], ctx.quotes, ctx.text) or _ends_quoted(ctx, spans[-1])):
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
            if any(quote.start <= x < quote.end for x in claimed):
                break  # the quotation is another relation's content ("“...,” Melanie said")
            if quote.paragraph != quotes[qs[-1]].paragraph and quote.start != ctx.paragraph_starts[quote.paragraph]:
                break
            c.extra.append((quote.start, quote.end))
            end = quote.end
            q += 1


def _ends_quoted(ctx: Context, span: CharSpan) -> bool:
    """Whether a content ends with a quotation: "...accomplished “too little,” he added."."""
    end = span[1]
    while end > span[0] and ctx.text[end - 1] in " ,.":
        end -= 1
    return end > span[0] and ctx.quotes.at(end - 1) >= 0


def _found(ctx: Context, c: Candidate) -> FoundAttribution | None:
    parts = tuple(char_range(ctx.doc, r) for r in ([c.source] if c.source else []))
    parts += (c.cue_chars or char_range(ctx.doc, c.cue),)
    spans = clean_content(ctx.text, [char_range(ctx.doc, r) for r in c.content] + c.extra, ctx.quotes, parts)
    if not spans or ctx.text[spans[-1][0] : spans[-1][1]].lower() in EXPRESSION_ONLY:
        return None  # "has been asked for comment": an act of expression, no content
    if c.according:
        kind = AttributionKind.ACCORDING_TO
    elif all(covered(s, ctx.quotes, ctx.text) for s in spans):
        kind = AttributionKind.DIRECT_QUOTE
    elif any(ctx.quotes.overlapping(*s) for s in spans):
        kind = AttributionKind.MIXED
    else:
        kind = AttributionKind.INDIRECT
    source = [char_range(ctx.doc, c.source)] if c.source else []
    cue = c.cue_chars or char_range(ctx.doc, c.cue)
    return FoundAttribution(kind=kind, cue=[cue], content=spans, source=source)
