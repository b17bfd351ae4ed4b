"""References: pronouns and descriptions resolved to an actor only when the text settles it.

A pronoun ("he", "her", "its", "they") or a definite description ("the senator", "the
ministry", "the company") refers to an actor when:

1. it is bound: the nearest clause above it with a subject has a compatible actor as
   that subject ("Popov appears to say he was removed", "Popov expressed his gratitude");
   a compatible subject that is no actor ("the general said he ...") settles that it is
   no listed actor, and a coordinated one ("Shoigu and Gerasimov ... his") is skipped;
2. otherwise exactly one compatible actor is named (or referred to) before it in its
   paragraph — or, when none is and the paragraph's own (unquoted) words begin in its
   sentence, in the last sentence of the previous paragraph ("... Popov said. / "We
   were hit," he said.");
3. for a description whose head word is one of an actor's office words or a word of an
   organisation's name ("the senator", "the ministry"): otherwise exactly one such actor
   is named anywhere before it.

Compatible means: "he"/"she" a person of that gender or of unknown gender (gender comes
from titles, gendered role words, and pronouns resolved in a first pass); "it" an
organisation, government or outlet; "they" also a group; a description a person whose
office words include it, or an organisation of that name word or kind, its proper
modifiers ("the Russian senator") among the actor's role words, and for a person the same
rank words ("vice", "deputy": "the presidential nominee" is not the vice presidential one). Two compatible
candidates: unresolved. Pronouns inside a direct quote are no mentions (the speaker's
context, not the outlet's) and resolve, when asked, only by rule 1; object pronouns and
expletive "it" are left alone.
"""

from __future__ import annotations

from bisect import bisect_left, bisect_right, insort
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING

from summarizer.analysis.actor_aliases import alias_heads, alias_span
from summarizer.analysis.actor_bodies import owned_start
from summarizer.analysis.actor_mentions import Mention, NamedActor, majority
from summarizer.analysis.actor_roles import role_text_words
from summarizer.analysis.actor_words import (
    DESCRIPTION_KINDS,
    FEMALE_WORDS,
    MALE_WORDS,
    ORG_DESCRIPTION_NOUNS,
    PERSON_NOUNS,
    PLACE_NOUNS,
    RANK_WORDS,
    ROLE_NOUNS,
    ROLE_SYNONYMS,
    acronym,
    words,
)
from summarizer.analysis.hedge_scope import QuoteRegions
from summarizer.core.schema import ActorKind

if TYPE_CHECKING:
    from spacy.tokens import Doc, Token

    from summarizer.analysis.parsed import Parsed

_PRONOUNS: dict[str, str] = {
    "he": "m", "his": "m", "him": "m", "she": "f", "her": "f", "hers": "f",
    "it": "n", "its": "n", "they": "p", "their": "p", "them": "p",
}  # fmt: skip
_REFERRING_DEPS = frozenset({"nsubj", "nsubjpass", "poss"})
_SUBJECT_DEPS = frozenset({"nsubj", "nsubjpass"})
_TOPIC_DEPS = frozenset({"nsubj", "nsubjpass", "poss"})
_CLAUSE_HEADS = frozenset({"VERB", "AUX", "ADJ"})
_CLAUSES = frozenset({"ccomp", "xcomp", "advcl", "relcl", "acl", "conj", "parataxis", "csubj", "pcomp"})
_COPULAS = words("be seem appear remain become look sound")
_RELATIVES = words("who whom whose which that")
_VOICES = words("spokesman spokeswoman spokesperson")
_ORG_VOICES = words("board management leadership")
_DOCUMENTS = words(
    """report poll survey study analysis memo memorandum ad advertisement video statement letter brief filing
    release tweet post editorial column article speech website tally average database transcript data datum"""
)
"""What an author's words are in: "a Bloomberg poll", "X's statement", "a report by X" speak for X."""
_AUTHORED_BY = words("investigation inquiry review audit complaint lawsuit suit research")
"""Documents whose modifier may be their subject ("the Clinton investigation"): only "by X" is the author."""
_PUBLISHING = words("release issue publish file conduct produce prepare write compile")
"""Verbs whose agent is a document's author ("an analysis released by X")."""
_AUTHORING = _PUBLISHING | words("deliver give send post sign")
"""Verbs whose subject, in a relative clause on a document, is its author ("a speech X delivered")."""
_FRAMES = words("interview")
"""Occasions of speech that frame a clause only as "in an interview, X said": X speaks."""
_ORGANISATIONS = frozenset({ActorKind.ORGANIZATION, ActorKind.GOVERNMENT, ActorKind.MEDIA})
_DESCRIPTION_NOUNS = ROLE_NOUNS | ORG_DESCRIPTION_NOUNS | frozenset(DESCRIPTION_KINDS)
_MAX_CLIMB = 12
_UNBOUND = -1

Compatible = Callable[[int], bool]


@dataclass(frozen=True)
class Reference:
    """A pronoun or description resolved to an actor (token span, end exclusive)."""

    actor: int
    start: int
    end: int


class Coreference:
    """Resolves the references of one parsed article against its named actors."""

    def __init__(self, parsed: Parsed, actors: list[NamedActor], quotes: QuoteRegions) -> None:
        self.doc: Doc = parsed.doc
        self.actors = actors
        self.quotes = quotes
        self.owner: dict[int, int] = {}
        names: list[tuple[int, int]] = []
        quoted: list[tuple[int, int]] = []
        for index, actor in enumerate(actors):
            for m in actor.mentions:
                self.owner.update(dict.fromkeys(range(owned_start(m), m.end), index))
                root = self.doc[m.start : m.end].root.i
                (quoted if quotes.inside(self.doc[m.start].idx) else names).append((root, index))
        self._names = sorted(names)
        self._all_names = sorted(names + quoted)
        self._role_text = [role_text_words(self.doc, a) for a in actors]
        self._name_words = [a.name_words for a in actors]
        self._known_words = set().union(*self._name_words, *(a.role_words for a in actors))
        self._forms: dict[str, int | None] = {}
        """Lower-case name forms -> their one actor (``None`` when two actors have the form)."""
        for index, actor in enumerate(actors):
            for form in {" ".join(m.words) for m in actor.mentions}:
                self._forms[form] = index if self._forms.get(form, index) == index else None
        self._org_roles = frozenset(w for a in actors if a.kind != ActorKind.PERSON for w in a.role_words)
        """The head nouns of organisations' stated roles ("a state-financed network"): descriptions too."""
        self._known_words |= {w for w, synonym in ROLE_SYNONYMS.items() if synonym in self._known_words}
        self._first_named: dict[int, int] = {}
        for i, index in self._names:
            self._first_named.setdefault(index, i)
        self.references: dict[int, Reference] = {}
        self._occurrences: list[tuple[int, int]] = list(self._names)
        self._tokens: list[Token] = []
        self._unresolved: list[tuple[int, str]] = []
        """Referring pronouns left unresolved so far, in order: a later one of their class is too."""
        self._paragraphs = [start for start, _ in paragraph_tokens(parsed)]
        self._sentences = [s.start for s in self.doc.sents]

    # -- the whole article ------------------------------------------------------------------

    def run(self) -> dict[int, Reference]:
        """Resolve every reference outside quotes; a first pass learns genders from "he"/"she"."""
        self._tokens = self._candidates()
        self._pass()
        votes: dict[int, list[str | None]] = {}
        for ref_token, ref in self.references.items():
            cls = _PRONOUNS.get(self.doc[ref_token].lower_)
            if cls in ("m", "f"):
                votes.setdefault(ref.actor, []).append(cls)
        learned = False
        for index, genders in votes.items():
            gender = majority(genders)
            if self.actors[index].gender is None and gender is not None:
                self.actors[index].gender = gender
                learned = True
        if learned:  # a second pass only when a gender is new: it may now tell two candidates apart
            self.references = {}
            self._pass()
        return self.references

    def _candidates(self) -> list[Token]:
        """Pronouns and description nouns outside quotes and names (found from the token arrays)."""
        strings = self.doc.vocab.strings
        keys = {strings.add(w) for w in _PRONOUNS} | {strings.add(w) for w in _DESCRIPTION_NOUNS | self._org_roles}
        lowers, lemmas = self.doc.to_array("LOWER").tolist(), self.doc.to_array("LEMMA").tolist()
        out: list[Token] = []
        for i, (lower, lemma) in enumerate(zip(lowers, lemmas, strict=True)):
            if (lower in keys or lemma in keys) and i not in self.owner:
                tok = self.doc[i]
                if not self.quotes.inside(tok.idx) and self._referring(tok):
                    out.append(tok)
        return out

    def _pass(self) -> None:
        self._occurrences = list(self._names)
        self._unresolved = []
        for tok in self._tokens:
            start = self._description_start(tok) if tok.pos_ == "NOUN" else tok.i
            if tok.lemma_.lower() not in ROLE_NOUNS and any(i in self.owner for i in range(start, tok.i)):
                continue  # "the Wagner private military group": the name is the mention (a person's
                # office is not: "the GOP nominee" is someone the GOP nominated)
            actor = self.resolve_token(tok)
            if actor is not None:
                self.references[tok.i] = Reference(actor, start, tok.i + 1)
                insort(self._occurrences, (tok.i, actor))
            elif tok.lower_ in _PRONOUNS:
                self._unresolved.append((tok.i, _PRONOUNS[tok.lower_]))

    # -- one token ------------------------------------------------------------------------------

    def actor_of(self, tok: Token) -> int | None:
        """The actor a token names or was resolved to: a name, a reference, "a senator, X," or "X, who"."""
        if tok.i in self.owner:
            return self.owner[tok.i]
        if tok.i in self.references:
            return self.references[tok.i].actor
        named = {self.owner[c.i] for c in tok.rights if c.dep_ == "appos" and c.i in self.owner}
        if len(named) == 1:
            return named.pop()
        aliased = {self._alias_actor(h) for h in alias_heads(tok)} - {None}
        if len(aliased) == 1:
            return aliased.pop()  # "the state-financed network, also known as VR,"
        if tok.lower_ in _RELATIVES and tok.head.dep_ == "relcl" and tok.head.head.i != tok.i:
            return self._antecedent(tok.head.head)
        return None

    def _alias_actor(self, head: Token) -> int | None:
        """The actor an alias names: its own mention, or an actor with that name or with its
        initials as name ("also known as Russia Today" of "RT")."""
        start, end = alias_span(head)
        owned = {self.owner.get(i) for i in range(start, end)}
        if len(owned) == 1 and None not in owned:
            return owned.pop()
        words = [t.lower_ for t in self.doc[start:end]]
        for key in (" ".join(words), acronym(words)):
            if key in self._forms:
                return self._forms[key]
        return None

    def _antecedent(self, noun: Token) -> int | None:
        """The actor of the noun a relative clause attaches to ("RT, which said", "the bank, which",
        "Baer, a former aide who said"): the noun resolved as any source head, or the name it is in
        apposition to."""
        actor = self.resolve_token(noun)
        if actor is None and noun.dep_ == "appos" and noun.head.i < noun.i:
            actor = self.resolve_token(noun.head)
        return actor

    def speaker_of(self, tok: Token) -> int | None:
        """:meth:`resolve_token`, or the one a spokesperson, a board, a place's name or a document
        speaks for: "a spokeswoman for X", "X's spokesman", "a Pentagon spokesman", "the board of
        X" / "X's board" (X an organisation), "the city of X" (X a place), "a Bloomberg poll",
        "X's statement", "a new report by X", "an analysis released by X", "an investigation by
        X", "a speech X delivered" (the subject of a relative clause of authoring), "data from X"
        (a document may be plural: "transcripts released by X"). A document
        with no author of its own that frames a clause ("In a statement, X said", "in an
        interview, X said") is by the clause's subject. X must be one actor, resolved as any
        source head; a relative ("Scott's wife") is no one's voice, and a document "of" X ("a
        study of X") is about X, not by X."""
        known = self.resolve_token(tok)
        lemma = tok.lemma_.lower()
        if known is not None or not (tok.tag_ == "NN" or (tok.tag_ == "NNS" and lemma in _DOCUMENTS)):
            return known
        if lemma in _DOCUMENTS or lemma in _AUTHORED_BY or lemma in _FRAMES:
            hosts = _authors(tok) + ([] if lemma in _AUTHORED_BY else _modifiers(tok))
            if lemma in _FRAMES and hosts:
                return None  # "a CNN interview": who asked, not who spoke
            hosts = hosts or _framed_subject(tok)
        elif lemma in _VOICES or lemma in _ORG_VOICES:
            hosts = _modifiers(tok) + _objects(tok, ("for", "of"))
        elif lemma in PLACE_NOUNS:
            hosts = _objects(tok, ("of",))
        else:
            return None
        if any(_plural_of_names(h) for h in hosts):
            return None  # "a spokesman for Smith and Jones"
        found = {a for a in map(self.resolve_token, hosts) if a is not None}
        if len(found) != 1:
            return None
        actor = found.pop()
        if lemma in _ORG_VOICES and self.actors[actor].kind not in _ORGANISATIONS:
            return None  # "Smith's board" is no body of a person
        if lemma in PLACE_NOUNS and self.actors[actor].kind != ActorKind.GOVERNMENT:
            return None  # "the city of X": X a place that acts
        return actor

    def resolve_token(self, tok: Token) -> int | None:
        """The actor a pronoun or description refers to, or ``None`` when the text does not settle it."""
        known = self.actor_of(tok)
        if known is not None:
            return known
        lower = tok.lower_
        if lower in _PRONOUNS:
            return self._pronoun(tok, _PRONOUNS[lower])
        if tok.pos_ == "NOUN" and self._description(tok):
            return self._resolve_description(tok)
        return None

    def _referring(self, tok: Token) -> bool:
        lower = tok.lower_
        if lower in _PRONOUNS:
            if tok.dep_ not in _REFERRING_DEPS or (lower == "her" and tok.tag_ != "PRP$" and tok.dep_ != "poss"):
                return False
            return lower != "it" or (
                tok.dep_ == "nsubj" and tok.head.pos_ == "VERB" and tok.head.lemma_ not in _COPULAS
            )
        return tok.pos_ == "NOUN" and self._description(tok)

    # -- pronouns ---------------------------------------------------------------------------------

    def _pronoun(self, tok: Token, cls: str) -> int | None:
        bound = self._bound(tok, cls, self._pronoun_fits(cls, bound=True))
        if bound != _UNBOUND:
            return bound
        if self.quotes.inside(tok.idx):
            return None  # inside a quote only its own clause settles it: the speaker's context is not ours
        start, found = self._window(tok, self._pronoun_fits(cls, bound=False))
        if any(c == cls for i, c in self._unresolved if start <= i < tok.i):
            return None  # an earlier "he" the text left open: this one is no clearer
        return self._only(found)

    def _pronoun_fits(self, cls: str, *, bound: bool) -> Compatible:
        """ "he"/"she": a person not of the other gender; "it": an organisation; "they": a group, or
        an organisation only as the subject it is bound to ("the ministry said they ...")."""
        actors = self.actors

        def fits(index: int) -> bool:
            actor = actors[index]
            if cls in ("m", "f"):
                return actor.kind == ActorKind.PERSON and actor.gender in (None, cls)
            if cls == "p" and not bound:
                return actor.kind == ActorKind.GROUP
            return actor.kind in _ORGANISATIONS or (cls == "p" and actor.kind == ActorKind.GROUP)

        return fits

    def _bound(self, tok: Token, cls: str, compatible: Compatible) -> int | None:
        """The subject of the nearest clause above ``tok`` that can be its antecedent."""
        node, embedded = tok, False
        for _ in range(_MAX_CLIMB):
            if node.head.i == node.i:
                break
            embedded = embedded or node.dep_ in _CLAUSES
            node = node.head
            if node.pos_ not in _CLAUSE_HEADS:
                continue  # only a verb or an adjective has a subject
            for child in node.children:
                if child.dep_ not in _SUBJECT_DEPS or child.left_edge.i <= tok.i <= child.right_edge.i:
                    continue
                if _plural_of_names(child):
                    if cls == "p":
                        return None
                    continue  # "Shoigu and Gerasimov did not supply his troops": not a singular antecedent
                actor = self.actor_of(child)
                if actor is not None and compatible(actor):
                    return None if embedded and self._rival(tok, cls, actor) else actor
                if actor is None and _blocks(child, cls):
                    return None
        return _UNBOUND

    def _rival(self, tok: Token, cls: str, subject: int) -> bool:
        """Across a clause ("Sanders said she ..."), a subject of unknown gender is no antecedent
        when another actor nearby is known to be of the pronoun's gender."""
        if cls not in ("m", "f") or self.actors[subject].gender is not None:
            return False
        near = self._window(tok, lambda a: a != subject and self.actors[a].gender == cls)[1]
        return bool(near)

    # -- descriptions -----------------------------------------------------------------------------

    def _description(self, tok: Token) -> bool:
        """ "the senator", "the Russian ministry": a definite singular office or organisation noun,
        or an organisation's stated role noun ("the network"), also with a named possessor
        ("Kalmar's main network", see :meth:`_possessed`)."""
        lemma = tok.lemma_.lower()
        if tok.tag_ != "NN" or tok.ent_type_ or (lemma not in _DESCRIPTION_NOUNS and lemma not in self._org_roles):
            return False
        if tok.dep_ in ("appos", "attr", "compound") or tok.head.ent_type_ == "PERSON":
            return False
        return any(c.dep_ == "det" and c.lower_ == "the" for c in tok.lefts) or (
            lemma in self._org_roles and self._possessor(tok) is not None
        )

    @staticmethod
    def _possessor(tok: Token) -> Token | None:
        """The proper-name possessor of a noun ("Kalmar" of "Kalmar's main network"), if any."""
        return next((c for c in tok.lefts if c.dep_ == "poss" and c.pos_ == "PROPN"), None)

    def _description_start(self, tok: Token) -> int:
        return min([tok.i, *(c.left_edge.i if c.dep_ == "poss" else c.i for c in tok.lefts
                             if c.dep_ in ("det", "amod", "compound", "nmod", "poss"))])  # fmt: skip

    def _resolve_description(self, tok: Token) -> int | None:
        lemma = tok.lemma_.lower()
        if lemma not in self._known_words and lemma not in DESCRIPTION_KINDS:
            return None  # no actor has this office or name word ("the campaign" of no campaign)
        by_word = self._description_fits(tok, by_kind=False)
        found = self._window(tok, by_word)[1]
        if not found and lemma in DESCRIPTION_KINDS:
            found = self._window(tok, self._description_fits(tok, by_kind=True))[1]
        if found:
            return self._only(found)
        before = {a for a, first in self._first_named.items() if first < tok.i and by_word(a)}
        if lemma in DESCRIPTION_KINDS and lemma in self._org_roles:
            by_kind = self._description_fits(tok, by_kind=True)  # "the network": no other network named before
            if any(first < tok.i and by_kind(a) and a not in before for a, first in self._first_named.items()):
                return None
        return self._only(before)

    def _description_fits(self, tok: Token, *, by_kind: bool) -> Compatible:
        lemma = tok.lemma_.lower()
        word = ROLE_SYNONYMS.get(lemma, lemma)
        gender = "m" if lemma in MALE_WORDS else "f" if lemma in FEMALE_WORDS else None
        modifiers = _proper_modifiers(tok)
        ranks = {t.lower_ for t in self.doc[tok.left_edge.i : tok.i]} & RANK_WORDS
        possessor = self._possessor(tok)
        actors = self.actors

        def fits(index: int) -> bool:
            actor = actors[index]
            if not modifiers <= self._role_text[index] | self._name_words[index]:
                return False
            if possessor is not None:  # "Kalmar's main network": only by an organisation's stated role
                if by_kind or actor.kind == ActorKind.PERSON or lemma not in actor.role_words:
                    return False
                return possessor.i not in self.owner or bool(
                    {possessor.lower_, possessor.lower_ + "'s", possessor.lower_ + "\u2019s"} & self._role_text[index]
                )
            if actor.kind == ActorKind.PERSON and self._role_text[index] & RANK_WORDS != ranks:
                return False  # "the presidential nominee" is not the vice presidential nominee
            if actor.kind == ActorKind.PERSON:
                return (
                    not by_kind
                    and lemma in ROLE_NOUNS
                    and (word in actor.role_words or lemma in actor.role_words)
                    and (gender is None or actor.gender in (None, gender))
                )
            if by_kind:
                return lemma in DESCRIPTION_KINDS and actor.kind in DESCRIPTION_KINDS[lemma]
            return (lemma in self._name_words[index] and lemma in ORG_DESCRIPTION_NOUNS) or lemma in actor.role_words

        return fits

    # -- candidates ---------------------------------------------------------------------------------

    def _pool(self, tok: Token) -> list[tuple[int, int]]:
        """Names and references a token can look back to (quoted names only from inside a quote)."""
        if self.quotes.inside(tok.idx):
            return sorted(self._all_names + [(i, r.actor) for i, r in self.references.items()])
        return self._occurrences

    def _window(self, tok: Token, compatible: Compatible) -> tuple[int, set[int]]:
        """Where the window starts, and the compatible actors in it: those before ``tok`` in its
        paragraph, or, when its paragraph names none before it and begins in its sentence, the
        subjects and possessors of the previous paragraph's last sentence."""
        pool = self._pool(tok)
        paragraph = bisect_right(self._paragraphs, tok.i) - 1
        start = self._paragraphs[paragraph]
        found = _between(pool, start, tok.i, compatible)
        if found or paragraph == 0 or not self._opens_paragraph(tok, start):
            return start, found
        last_sentence = self._sentences[bisect_right(self._sentences, start - 1) - 1]
        topics = [(i, a) for i, a in pool if last_sentence <= i < start and self.doc[i].dep_ in _TOPIC_DEPS]
        return last_sentence, _between(topics, last_sentence, start, compatible)

    def _opens_paragraph(self, tok: Token, start: int) -> bool:
        """Whether the outlet's own words in ``tok``'s paragraph begin in ``tok``'s sentence
        (text before it in the paragraph is quoted or in that sentence: "“...,” he said")."""
        sentence = self._sentences[bisect_right(self._sentences, tok.i) - 1]
        for t in self.doc[start : tok.i]:
            if not (t.is_punct or t.is_space or self.quotes.inside(t.idx)):
                return t.i >= sentence
        return True

    @staticmethod
    def _only(found: set[int]) -> int | None:
        return next(iter(found)) if len(found) == 1 else None


def vote_genders(doc: Doc, mentions: list[Mention], quotes: QuoteRegions) -> None:
    """Set ``voted`` on each person mention that a "he"/"she" outside quotes is bound to (as in
    rule 1: "Clinton said she would ..."), before mentions are merged, so a surname two people
    share can go to the one of that gender."""
    at: dict[int, int] = {}
    for index, m in enumerate(mentions):
        if m.kind == ActorKind.PERSON:
            at.update(dict.fromkeys(range(m.start, m.end), index))
    strings = doc.vocab.strings
    gendered = {strings.add(w): c for w, c in _PRONOUNS.items() if c in ("m", "f")}
    votes: dict[int, list[str | None]] = {}
    for i, lower in enumerate(doc.to_array("LOWER").tolist()):
        if lower in gendered:
            tok = doc[i]
            if tok.dep_ in _REFERRING_DEPS and not quotes.inside(tok.idx):
                bound = _bound_mention(tok, gendered[lower], at)
                if bound is not None:
                    votes.setdefault(bound, []).append(gendered[lower])
    for index, genders in votes.items():
        mentions[index].voted = majority(genders)


def _bound_mention(tok: Token, cls: str, at: dict[int, int]) -> int | None:
    """The person mention that is the subject of ``tok``'s own clause ("Popov expressed his ..."):
    across a clause ("Sanders said she ...") the pronoun may be someone else's, so it casts no vote."""
    node = tok
    for _ in range(_MAX_CLIMB):
        if node.head.i == node.i or node.dep_ in _CLAUSES:
            return None
        node = node.head
        if node.pos_ not in _CLAUSE_HEADS:
            continue
        for child in node.children:
            if child.dep_ not in _SUBJECT_DEPS or child.left_edge.i <= tok.i <= child.right_edge.i:
                continue
            if _plural_of_names(child):
                continue
            if child.i in at:
                return at[child.i]
            if _blocks(child, cls):
                return None
    return None


def _modifiers(noun: Token) -> list[Token]:
    """A noun's possessor and compound modifiers ("X's", "the X ..."), and the proper nouns the
    parser made nominal modifiers of it or of a proper compound ("the X/Y poll": X modifies Y)."""
    out = [c for c in noun.children if c.dep_ in ("poss", "compound") or (c.dep_ == "nmod" and c.pos_ == "PROPN")]
    out += [g for c in out if c.pos_ == "PROPN" for g in c.children if g.dep_ == "nmod" and g.pos_ == "PROPN"]
    return out


def _framed_subject(document: Token) -> list[Token]:
    """The subject of the clause a document frames as "in a statement(, issued ...), X said"."""
    prep = document.head
    if document.dep_ != "pobj" or prep.lower_ != "in" or prep.dep_ != "prep" or prep.head.pos_ not in ("VERB", "AUX"):
        return []
    return [c for c in prep.head.children if c.dep_ in _SUBJECT_DEPS and c.i > prep.i]


def _objects(noun: Token, preps: tuple[str, ...]) -> list[Token]:
    """The objects of a noun's prepositions ``preps`` ("for X", "of X")."""
    return [g for c in noun.rights if c.dep_ == "prep" and c.lower_ in preps for g in c.children if g.dep_ == "pobj"]


def _authors(document: Token) -> list[Token]:
    """A document's "by X" / "from X", the agent of a participle of publishing ("released by X"),
    and the subject of a relative clause of authoring ("a speech X delivered", "the letter that X sent")."""
    out = _objects(document, ("by", "from"))
    for acl in document.rights:
        if acl.dep_ == "acl" and acl.tag_ == "VBN" and acl.lemma_.lower() in _PUBLISHING:
            out += [g for a in acl.children if a.dep_ == "agent" for g in a.children if g.dep_ == "pobj"]
        elif acl.dep_ == "relcl" and acl.lemma_.lower() in _AUTHORING:
            out += [c for c in acl.children if c.dep_ == "nsubj" and c.lower_ not in _RELATIVES]
    return out


def _between(pool: list[tuple[int, int]], start: int, end: int, compatible: Compatible) -> set[int]:
    lo, hi = bisect_left(pool, (start, -1)), bisect_left(pool, (end, -1))
    return {a for _, a in pool[lo:hi] if compatible(a)}


def _plural_of_names(subject: Token) -> bool:
    """Coordinated ("Shoigu and Gerasimov") or with several appositions ("the brass, namely X and Y")."""
    return any(c.dep_ == "conj" for c in subject.children) or sum(c.dep_ == "appos" for c in subject.children) > 1


def _blocks(subject: Token, cls: str) -> bool:
    """A subject that is no actor but could be the pronoun's antecedent ("the general said he")."""
    if subject.pos_ == "PRON":
        return _PRONOUNS.get(subject.lower_) == cls
    if subject.pos_ not in ("NOUN", "PROPN"):
        return False
    plural = subject.tag_ in ("NNS", "NNPS")
    person = subject.lemma_.lower() in PERSON_NOUNS or subject.ent_type_ == "PERSON"
    if cls in ("m", "f"):
        return person and not plural
    if cls == "n":
        return not person and not plural
    return plural


def _proper_modifiers(tok: Token) -> set[str]:
    """Lower-case proper modifiers of a description ("russian" of "the Russian senator")."""
    return {
        c.lower_ for c in tok.lefts if c.dep_ in ("amod", "compound", "nmod") and (c.ent_type_ or c.pos_ == "PROPN")
    }


def paragraph_tokens(parsed: Parsed) -> list[tuple[int, int]]:
    """The token span of each paragraph."""
    starts = parsed.doc.to_array("IDX").tolist()
    firsts = [bisect_left(starts, start) for start in parsed.paragraph_starts]
    return list(zip(firsts, [*firsts[1:], len(starts)], strict=True))
