"""Span helpers for the attribution rules: token ranges, trimming, the cue's verb group, the source.

Token ranges are half-open ``(start, end)`` token indexes of the ``Doc``; the rules turn them
into character spans only at the end, where the quotation marks are settled.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from summarizer.analysis.attr_quotes import Quotes
from summarizer.analysis.cues import CUE_VERBS, NOT_SOURCE, REPORTING_PARTICLES
from summarizer.analysis.parsed import CharSpan

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

TokenRange = tuple[int, int]
"""A half-open ``[start, end)`` range of token indexes."""

EDGE_PUNCT = frozenset(",;:—–―-.()[]")
"""Punctuation trimmed from the edges of a content or source span outside quotation marks."""
SUBJECTS = frozenset({"nsubj", "nsubjpass", "csubj"})
OBJECT_CONTROL = frozenset({"for", "of"})
"""Prepositions whose participle is done by the verb's named object, when it has one
("praised Lee for saying", "accused her of lying"), not by its subject."""
GROUP_LEFT = frozenset({"aux", "auxpass", "neg"})


def subtree_range(token: Token) -> TokenRange:
    """The token range of ``token``'s subtree."""
    return int(token.left_edge.i), int(token.right_edge.i) + 1


def minus(outer: TokenRange, inner: TokenRange) -> list[TokenRange]:
    """``outer`` without ``inner``: zero, one or two ranges."""
    out: list[TokenRange] = []
    if inner[0] > outer[0]:
        out.append((outer[0], min(inner[0], outer[1])))
    if inner[1] < outer[1]:
        out.append((max(inner[1], outer[0]), outer[1]))
    return [r for r in out if r[1] > r[0]]


def char_range(doc: Doc, span: TokenRange) -> CharSpan:
    """The characters of a token range."""
    last = doc[span[1] - 1]
    return int(doc[span[0]].idx), int(last.idx) + len(last.text)


def clean_content(text: str, spans: list[CharSpan], quotes: Quotes, parts: tuple[CharSpan, ...] = ()) -> list[CharSpan]:
    """Content spans widened to the quotation marks they cut and trimmed of edge punctuation
    outside quotes (the content keeps its quote marks and what is inside them). A span is
    never widened over the relation's other ``parts`` (a quoted "WALLACE: ..." keeps its
    speaker and colon out)."""
    out: list[CharSpan] = []
    for span in sorted(spans):
        start, end = span
        floor = max((e for _, e in parts if e <= start), default=0)
        ceiling = min((s for s, _ in parts if s >= end), default=len(text))
        for q in quotes.overlapping(start, end):
            quote = quotes.quotes[q]
            if quote.start < start < quote.end:
                start = max(quote.start, floor)
            if quote.start < end < quote.end:
                end = min(quote.end, ceiling)
        start, end = _trim(text, start, end, quotes)
        if end > start:
            if out and start <= out[-1][1]:
                out[-1] = (out[-1][0], max(end, out[-1][1]))
            else:
                out.append((start, end))
    return out


def _trim(text: str, start: int, end: int, quotes: Quotes) -> CharSpan:
    while start < end and (text[start].isspace() or (text[start] in EDGE_PUNCT and quotes.at(start) < 0)):
        start += 1
    while end > start and (text[end - 1].isspace() or (text[end - 1] in EDGE_PUNCT and quotes.at(end - 1) < 0)):
        end -= 1
    return start, end


def verb_group(verb: Token, avoid: set[int]) -> TokenRange:
    """The cue's verb group: the verb, its auxiliaries, negation, the adverbs among them and its
    particle ("has not yet said", "pointed out"), as one contiguous range avoiding ``avoid``."""
    lo = hi = int(verb.i)
    for child in verb.children:
        i = int(child.i)
        if child.dep_ in GROUP_LEFT and i < verb.i:
            lo = min(lo, i)
        elif child.dep_ == "prt" and child.lower_ in REPORTING_PARTICLES and i == hi + 1:
            hi = i
    if lo < verb.i:
        # adverbs between the first auxiliary and the verb join the group; nothing else may
        for i in range(lo, int(verb.i)):
            if i in avoid or verb.doc[i].dep_ not in {"aux", "auxpass", "neg", "advmod"}:
                lo = i + 1
    elif verb.i > 0:
        prev = verb.doc[verb.i - 1]
        if prev.dep_ == "advmod" and prev.head.i == verb.i and prev.i not in avoid and prev.pos_ == "ADV":
            lo = int(prev.i)
    return lo, hi + 1


def source_range(subject: Token, cue: TokenRange) -> TokenRange | None:
    """The source span of a subject token: its subtree, kept on the subject's side of the cue,
    with a parenthetical's closing comma ("Jane Doe, the mayor, said")."""
    if subject.lower_ in NOT_SOURCE and subject.dep_ in {"expl", "nsubjpass"}:
        return None
    if subject.dep_ == "expl":
        return None
    start, end = subtree_range(subject)
    if start < cue[1] and cue[0] < end:  # the subtree swallowed the cue: keep the subject's side
        if subject.i < cue[0]:
            end = cue[0]
        else:
            start = cue[1]
    doc = subject.doc
    for child in subject.children:  # "Jane Doe, who watched the ceremony, said": the clause is not the source
        trailing = child.dep_ == "relcl" and child.i > subject.i and int(child.right_edge.i) + 1 >= end - 1
        if trailing and any(t.lemma_.lower() in CUE_VERBS and t.pos_ == "VERB" for t in child.subtree):
            end = int(child.left_edge.i)
    while start < end - 1 and doc[start].is_punct:
        start += 1
    while end - 1 > start and doc[end - 1].is_punct and doc[end - 1].text in EDGE_PUNCT:
        if doc[end - 1].text in ")]" and any(doc[i].text in "([" for i in range(start, end - 1)):
            break  # "Rep. Jane Doe (D-Md.)" keeps its parenthesis
        end -= 1
    if (
        end < len(doc)
        and doc[end].text == ","
        and end + 1 == cue[0]
        and any(doc[i].text == "," for i in range(start, end))
    ):
        end += 1
    return start, end


def subject_of(verb: Token) -> Token | None:
    """The subject of ``verb``, or of the verb it is coordinated with or subordinated to
    ("X urged ... and criticized", "X spoke, promising to ...", "X began by thanking ...", "X
    stopped short of calling ..."); after "for" or "of", a named object of that verb instead
    ("held Lund in contempt for refusing to ...", see :data:`OBJECT_CONTROL`)."""
    current = verb
    for _ in range(5):
        subjects = [c for c in current.children if c.dep_ in SUBJECTS or c.dep_ == "expl"]
        if subjects:  # the nearest: a quotation before "X said" is sometimes parsed as a second subject
            return min(subjects, key=lambda c: abs(int(c.i) - int(current.i)))
        head = current.head
        if head.i == current.i:
            return None
        if current.dep_ == "pcomp" and head.pos_ == "ADP":
            held = head.head
            if held.pos_ in {"VERB", "AUX"}:
                if head.lower_ in OBJECT_CONTROL and _nonfinite(current):
                    controller = [
                        c for c in held.children if c.dep_ == "dobj" and c.i < head.i and c.pos_ in {"PROPN", "PRON"}
                    ]
                    if controller:
                        return controller[0]  # "held Pagliano in contempt for refusing to", "accused her of lying"
                current = held  # "began by marveling at", "criticized for refusing to"
                continue
            if (
                _nonfinite(current)
                and held.dep_ in {"advmod", "acomp"}
                and held.pos_ in {"ADV", "ADJ"}
                and held.head.pos_ in {"VERB", "AUX"}
            ):
                current = held.head  # "stopped short of calling", "came close to admitting"
                continue
        noun = head.head if current.dep_ == "pcomp" and head.pos_ == "ADP" else head
        if current.dep_ in {"acl", "pcomp"} and noun.pos_ in {"NOUN", "PROPN"} and _nonfinite(current):
            owner = _noun_owner(noun)  # "issued a statement calling for", "his theme of questioning"
            if owner is not None:
                return owner
            return None
        if current.dep_ == "xcomp" and head.pos_ == "ADJ" and head.dep_ == "acomp":
            current = head.head  # "has not been able to confirm"
            continue
        if current.dep_ in {"conj", "xcomp"} or (current.dep_ == "advcl" and _nonfinite(current)):
            if head.pos_ not in {"VERB", "AUX"}:
                return None
            if current.dep_ == "xcomp":  # "pressed Stumpf to admit": the object is who admits
                controller = [c for c in head.children if c.dep_ == "dobj" and c.i < current.i]
                if controller:
                    return controller[0]
            current = head
            continue
        return None
    return None


def _noun_owner(noun: Token) -> Token | None:
    """Who a statement-like noun belongs to: its possessor, the subject of the verb it is the
    object of ("she issued a statement"), or the noun itself when it is a subject ("a
    statement announcing the pick")."""
    for child in noun.children:
        if child.dep_ == "poss":
            return child
    if noun.dep_ in SUBJECTS:
        return noun
    if noun.dep_ == "dobj" and noun.head.pos_ in {"VERB", "AUX"}:
        return subject_of(noun.head)
    return None


def _nonfinite(verb: Token) -> bool:
    """A participle or infinitive ("..., saying", "... to defend"), which borrows its subject."""
    return verb.tag_ == "VBG" or any(c.dep_ == "aux" and c.lower_ == "to" for c in verb.children)
