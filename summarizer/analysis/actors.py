"""Actors: the people, organisations, governments, media and groups the article names.

:func:`find_actors` builds the :class:`ActorIndex` of one parsed article:

- name mentions come from spaCy's entities, trimmed and merged
  (:mod:`~summarizer.analysis.actor_mentions`): PERSON -> person; ORG -> media (news
  outlets), government (ministries, agencies, parliaments, the Kremlin...) or
  organisation; a place (GPE) -> government and a nationality or party (NORP) -> group,
  each only where it acts;
- roles come from appositions and titles (:mod:`~summarizer.analysis.actor_roles`);
- pronouns and descriptions are resolved where the text settles it
  (:mod:`~summarizer.analysis.coref`) and added to the mentions.

Each actor's ``name`` is its fullest form as written, ``aliases`` its other forms,
``mentions`` every name and resolved reference in order; ids are slugs of the name, in
order of first mention. :meth:`ActorIndex.resolve` maps an attribution's source spans
to the actor they name or refer to.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from summarizer.analysis.actor_aliases import add_aliases
from summarizer.analysis.actor_bodies import add_bodies
from summarizer.analysis.actor_mentions import NamedActor, add_missed, entity_mentions, headline_spans, merge
from summarizer.analysis.actor_roles import add_apposition_offices, assign_roles
from summarizer.analysis.coref import Coreference, Reference, paragraph_tokens, vote_genders
from summarizer.analysis.hedge_scope import QuoteRegions
from summarizer.analysis.parsed import CharSpan, Parsed
from summarizer.core.schema import Actor, Evidence
from summarizer.text.normalize import normalize, slug_id

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token


@dataclass
class ActorIndex:
    """The article's actors, and which of them a source span refers to."""

    actors: list[Actor] = field(default_factory=list)
    coreference: Coreference | None = field(default=None, repr=False)
    """The resolver the actors were built with (``None`` for an index built by hand)."""

    def resolve(self, source: list[CharSpan]) -> str | None:
        """The id of the actor ``source`` names or refers to, or ``None`` if the text does not settle it.

        The source's head word decides: a name or alias is its actor; a pronoun or
        description the actor it was resolved to; "a senator, Andrey Turchak" and
        "Turchak, who" the named actor. Two actors joined ("Turchak and Gurulev"), a
        generic source ("officials", "a spokesman") or an unsettled reference: ``None``.
        A conjunct that adds no second speaker is passed over (:func:`_adds_speaker`):
        "Turchak and other senators", "the network and its defenders", and an apposition
        the parser took for a conjunct ("Lunaria, Veldt's only ally and its main lender,").
        """
        if self.coreference is None or not source:
            return None
        coref = self.coreference
        tokens = _source_tokens(coref.doc, source)
        if not tokens:
            return None
        inside = {t.i for t in tokens}
        found: set[int | None] = set()
        for tok in tokens:
            if tok.head.i in inside and tok.head.i != tok.i:
                continue
            own = coref.speaker_of(tok)
            found.add(own)
            found |= {
                coref.resolve_token(c)
                for c in tok.children
                if c.dep_ == "conj" and c.i in inside and _adds_speaker(tok, c, own is not None)
            }
        if len(found) != 1 or None in found:
            return None
        index = found.pop()
        return None if index is None else self.actors[index].id


def find_actors(parsed: Parsed) -> ActorIndex:
    """Every actor of the article, mentions merged, in order of first mention."""
    doc = parsed.doc
    paragraphs = paragraph_tokens(parsed)
    quotes = QuoteRegions.of(parsed)
    headlines = headline_spans([p.text for p in parsed.document.cleaned.paragraphs], paragraphs)
    mentions = entity_mentions(doc, headlines)
    add_apposition_offices(doc, mentions)
    vote_genders(doc, mentions, quotes)
    named = merge(mentions, [start for start, _ in paragraphs])
    add_aliases(doc, named)
    add_missed(doc, named)
    named.sort(key=lambda a: a.first)
    assign_roles(doc, named)
    add_bodies(doc, named)
    named.sort(key=lambda a: a.first)
    coreference = Coreference(parsed, named, quotes)
    references = coreference.run()
    actors: list[Actor] = []
    taken: set[str] = set()
    for index, actor in enumerate(named):
        built = _actor(parsed, actor, [r for r in references.values() if r.actor == index], taken)
        taken.add(built.id)
        actors.append(built)
    return ActorIndex(actors=actors, coreference=coreference)


def _actor(parsed: Parsed, actor: NamedActor, references: list[Reference], taken: set[str]) -> Actor:
    name = actor.name
    key = normalize(name)
    aliases = [f for f in actor.forms if normalize(f) != key]
    spans = [(m.start, m.end) for m in actor.mentions] + [(r.start, r.end) for r in references]
    return Actor(
        id=slug_id(name, taken),
        name=name,
        kind=actor.kind,
        role=actor.role,
        aliases=aliases,
        mentions=_evidence(parsed, sorted(set(spans))),
    )


def _evidence(parsed: Parsed, token_spans: list[tuple[int, int]]) -> list[Evidence]:
    """Exact evidence of token spans that each lie inside one paragraph.

    The same mapping as :meth:`Parsed.evidence` for a span with no surrounding space, done
    here because that method re-reads ``doc.text`` (a join over every token) on each call.
    """
    doc, original = parsed.doc, parsed.document.original
    out: list[Evidence] = []
    for start, end in token_spans:
        first, last = doc[start], doc[end - 1]
        index = parsed.paragraph_at(first.idx)
        paragraph, base = parsed.document.cleaned.paragraphs[index], parsed.paragraph_starts[index]
        lo, hi = first.idx - base, min(last.idx + len(last.text) - base, len(paragraph.text))
        if 0 <= lo < hi:
            o_start, o_end = paragraph.span(lo, hi)
            out.append(Evidence(text=original[o_start:o_end], start=o_start, end=o_end))
    return out


_OTHERS = frozenset({"other", "fellow"})
_POSSESSIVE_PRONOUNS = frozenset({"his", "her", "its", "their"})


def _adds_speaker(head: Token, conj: Token, named: bool) -> bool:
    """Whether a conjunct of a source's head word is a second speaker the source names.

    Not when ``head`` is a name already resolved and the conjunct is a plural common noun
    that only widens it to unnamed company ("X and other critics", "X and its defenders",
    "X and his aides"); nor a conjunct that is no noun phrase ("X, the director and whose
    film ..."); nor a singular common noun with a possessor right after "X ," with no
    determiner of its own, which is an apposition the parser joined ("X, Y's only ally and
    its lifeline, said"). A singular noun with "the"/"a" is a true second item and counts.
    ``named``: whether ``head`` itself resolved to an actor.
    """
    if conj.pos_ not in ("NOUN", "PROPN", "PRON"):
        return False
    if head.pos_ != "PROPN" or not named:
        return True
    if conj.pos_ == "NOUN" and conj.tag_ == "NNS":
        return not any(
            (c.dep_ == "amod" and c.lower_ in _OTHERS) or (c.dep_ == "poss" and c.lower_ in _POSSESSIVE_PRONOUNS)
            for c in conj.lefts
        )
    if conj.pos_ == "NOUN" and conj.tag_ == "NN":
        possessed = any(c.dep_ == "poss" for c in conj.lefts)
        determined = any(c.dep_ == "det" for c in conj.lefts)
        return not (possessed and not determined and _follows_comma(head, conj))
    return True


def _follows_comma(head: Token, conj: Token) -> bool:
    """Whether the conjunct's phrase begins right after a comma that follows ``head``'s own words."""
    first = conj.left_edge.i
    doc = head.doc
    return first >= 2 and doc[first - 1].text == "," and doc[first - 2].i == head.i


def _source_tokens(doc: Doc, source: list[CharSpan]) -> list[Token]:
    """The non-space tokens that overlap the source spans, in order."""
    tokens: dict[int, Token] = {}
    for start, end in source:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None:
            tokens.update((t.i, t) for t in span if not t.is_space and not t.is_punct)
    return [tokens[i] for i in sorted(tokens)]
