"""Name mentions: the spans where the article names an actor, and which of them name the same one.

spaCy's entities are the starting point. Each is trimmed to the name itself (a leading
"the", a title, a possessive "'s" and brackets are left out: the title is kept for the
role), given a kind, and kept only if it can be an actor: a person or organisation
always; a place, a nationality or a platform only where it acts (subject of a verb, the
agent of a passive, "according to" it, or the possessor of a statement). Entities in a
headline, in quotation marks, in a dateline ("WASHINGTON (AP) \u2014"), or one word the
article also writes in lower case are no names.

Mentions are then merged into :class:`NamedActor` groups: the same name; a surname (or
a shorter form of a name) with the full name it shortens; an organisation's shorter name
with the one longer name it ends ("Defense Ministry" / "Russia Defense Ministry") or
begins before a corporate or industry word ("Wagner" / "Wagner Group", "Peabody" /
"Peabody Energy"); an acronym with the one name it abbreviates. A surname several people
share goes to one of them only where gender, order or the paragraph settles it (see
:func:`_merge_persons`), an organisation's short name that fits two longer ones stays its
own. Finally every further occurrence of a known name that the entity recogniser missed
("Gurulev, a member of ...") is added.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from summarizer.analysis.actor_words import (
    FEMALE_GIVEN_NAMES,
    FEMALE_WORDS,
    GOVERNMENT_PHRASES,
    GOVERNMENT_WORDS,
    MALE_GIVEN_NAMES,
    MALE_WORDS,
    MEDIA_EXACT,
    MEDIA_LAST_WORDS,
    MEDIA_NAMES,
    MEDIA_PHRASES,
    NAME_SUFFIXES,
    PLACE_NOUNS,
    PLATFORMS,
    ROLE_NOUNS,
    STATEMENT_NOUNS,
    TITLE_ABBREVIATIONS,
    TITLE_MODIFIERS,
    TITLE_NOUNS,
    acronym,
    words,
)
from summarizer.core.schema import ActorKind

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

_LABELS = frozenset({"PERSON", "ORG", "GPE", "NORP", "FAC"})
_ACTING_ONLY = frozenset({"GPE", "NORP"})
_ORGANISATIONS = frozenset({ActorKind.ORGANIZATION, ActorKind.GOVERNMENT, ActorKind.MEDIA})
_POSSESSIVE = frozenset({"'s", "\u2019s", "'", "\u2019"})
_QUOTE_MARKS = frozenset("\"'\u201c\u201d\u2018\u2019\u00ab\u00bb")
_BRACKETS = frozenset("()[]")
_CORPORATE_TAILS = words("group inc inc. corp corp. corporation co co. company ltd ltd. llc plc")
_INDUSTRY_TAILS = words("energy coal oil petroleum motors airlines pharmaceuticals holdings industries")
"""Last words of a company's name its first word alone also names ("Peabody" of "Peabody Energy")."""
_TITLE_GLUE = frozenset({"of", "-", "."})
_NAMED = frozenset({"PERSON", "ORG", "GPE", "FAC", "LOC", "NORP"})
_NOT_NAME_POS = frozenset({"VERB", "AUX", "ADV", "ADP", "DET", "PRON", "SCONJ", "CCONJ", "PART", "NUM"})

_Shortens = Callable[[tuple[str, ...], tuple[str, ...]], bool]


@dataclass
class Mention:
    """One span of the parse that names an actor (token offsets, end exclusive)."""

    start: int
    end: int
    form: str
    """The name as written, trimmed."""
    label: str
    kind: ActorKind
    title: tuple[int, int] | None = None
    """Token span of a title written before the name ("Maj. Gen."), if any."""
    office: frozenset[str] = frozenset()
    """The title's office words, abbreviations spelt out ("Maj. Gen." -> major, general)."""
    linked: int | None = None
    """Index of a mention this one must join (a bracketed acronym after its name)."""

    voted: str | None = None
    """The gender of the "he"/"she" bound to this mention ("Clinton said she ..."), by majority."""
    words: tuple[str, ...] = field(init=False, repr=False)
    """The lower-case words of :attr:`form`."""

    def __post_init__(self) -> None:
        self.words = tuple(self.form.lower().split())

    @property
    def gender(self) -> str | None:
        """From the title or apposition ("Mrs.", "the first lady"), else from bound pronouns."""
        return gender_of(set(self.office)) or self.voted


@dataclass(eq=False)
class NamedActor:
    """Mentions merged into one actor, before ids are given."""

    kind: ActorKind
    mentions: list[Mention] = field(default_factory=list)
    role: str | None = None
    role_words: set[str] = field(default_factory=set)
    """Office words from its titles and appositions ("senator", "general"), for descriptions."""
    gender: str | None = None
    """``"m"`` or ``"f"`` when a title, role word or resolved pronoun says so."""

    @property
    def first(self) -> int:
        """Token offset of the first mention."""
        return min(m.start for m in self.mentions)

    @property
    def forms(self) -> list[str]:
        """Distinct name forms, in order of first occurrence."""
        seen: dict[str, str] = {}
        for m in sorted(self.mentions, key=lambda m: m.start):
            seen.setdefault(" ".join(m.words), m.form)
        return list(seen.values())

    @property
    def name(self) -> str:
        """The fullest form: most words, then most characters, then first written."""
        forms = self.forms
        return max(forms, key=lambda f: (len(f.split()), len(f), -forms.index(f)))

    @property
    def name_gender(self) -> str | None:
        """The gender its full names' common given names tell ("Margaret Vance"), by majority."""
        return majority([given_name_gender(m.words) for m in self.mentions])

    @property
    def name_words(self) -> set[str]:
        """Every lower-case word of every form."""
        return {w for m in self.mentions for w in m.words}


# -- mentions from entities ---------------------------------------------------------------------


def entity_mentions(doc: Doc, headlines: list[tuple[int, int]]) -> list[Mention]:
    """Every trimmed entity mention that can be an actor, in order.

    Left out besides those that cannot act: entities in ``headlines`` (token spans of
    paragraphs in title case), nicknames in quotation marks, entities with a quotation
    mark inside ("Obama Sees 'Personal Insult"), a single word the article also writes
    in lower case ("Turnout" / "turnout"), and datelines (:func:`_dateline`).
    """
    mentions: list[Mention] = []
    dropped: set[int] = set()
    lower = _lower_case_words(doc)
    for ent in doc.ents:
        if ent.label_ not in _LABELS or any(a <= ent.start < b for a, b in headlines):
            continue
        if _nickname(doc, ent) or (ent.root.head.i in dropped and ent.root.dep_ == "conj"):
            dropped.add(ent.root.i)
            continue
        if any(t.text in _QUOTE_MARKS for t in ent) or _dateline(doc, ent):
            continue
        first_part = len(mentions)
        for start, end in _parts(ent):
            mention = _mention(doc, ent.label_, start, end)
            if mention is not None and not (len(mention.words) == 1 and mention.words[0] in lower
                                            and not _outlet_named(doc, mention)):  # fmt: skip
                if len(mentions) > first_part:
                    mention.linked = first_part
                mentions.append(mention)
    return _without_titles(mentions)


_DASHES = frozenset({"-", "--", "\u2013", "\u2014", "\u2015"})
_DATELINE_TOKENS = 16


def _dateline(doc: Doc, ent: Span) -> bool:
    """Whether ``ent`` is part of a dateline: a place in capitals that opens a paragraph,
    then at most a state, a date and an agency, then a dash ("WASHINGTON \u2014 ...",
    "HEMPSTEAD, N.Y., Sept. 26 (UPI) \u2014 ..."). It says where the story was filed, not who
    acts. A heading in capitals ("CONGRESS HAS INVESTIGATED HIM \u2014 ...") is not one."""
    start = ent.start  # back to the paragraph's first token (spaCy makes every line break a token)
    while start > 0 and "\n" not in doc[start - 1].text:
        start -= 1
        if ent.start - start > _DATELINE_TOKENS:
            return False
    first = doc[start]
    if not (first.text.isupper() and first.text.isalpha()):
        return False
    brackets, in_name = 0, True
    for tok in doc[start + 1 : start + _DATELINE_TOKENS]:
        if tok.text in _DASHES:
            return brackets == 0 and ent.end <= tok.i
        in_name = in_name and tok.pos_ == "PROPN" and tok.text.isupper()  # "MIDWAY ATOLL"
        brackets += (tok.text == "(") - (tok.text == ")")
        if "\n" in tok.text or tok.text == ":" or not (in_name or brackets or tok.is_punct or _dateline_word(tok.text)):
            return False
    return False


def _dateline_word(word: str) -> bool:
    """A word of a dateline after the place: a number, an abbreviation ("N.Y.", "Sept."), or a
    capitalised word that is not all capitals ("Ohio", "September")."""
    return word[:1].isdigit() or "." in word or (word[:1].isupper() and not word.isupper())


def _outlet_named(doc: Doc, mention: Mention) -> bool:
    """ "the Times", "The Guardian": an outlet's one-word name after "the" is a name even where the
    article also writes the word in lower case ("three times")."""
    return mention.form.lower() in MEDIA_EXACT and mention.start > 0 and doc[mention.start - 1].lower_ == "the"


def _lower_case_words(doc: Doc) -> set[str]:
    """The words the article writes in lower case (only the ones that also start with a capital elsewhere)."""
    orth, low = doc.to_array("ORTH").tolist(), doc.to_array("LOWER").tolist()
    capitalised = {lw for o, lw in zip(orth, low, strict=True) if o != lw}
    strings = doc.vocab.strings
    return {strings[o] for o, lw in zip(orth, low, strict=True) if o == lw and lw in capitalised}


def headline_spans(texts: list[str], paragraph_tokens: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """The token spans of the paragraphs (``texts``) that read as headlines: four or more words
    longer than three letters, every one capitalised ("Obama Sees 'Personal Insult' if ...")."""
    spans: list[tuple[int, int]] = []
    for text, span in zip(texts, paragraph_tokens, strict=True):
        long_words = [w for w in text.split() if len(w) > 3 and w[:1].isalpha()]
        if len(long_words) >= 4 and all(w[0].isupper() for w in long_words):
            spans.append(span)
    return spans


def _without_titles(mentions: list[Mention]) -> list[Mention]:
    """Leave out organisations that are part of a person's title ("Defense" of "Defense Minister X")."""
    in_titles = {i for m in mentions if m.title is not None for i in range(*m.title)}
    kept = [m for m in mentions if m.kind == ActorKind.PERSON or not in_titles.intersection(range(m.start, m.end))]
    if len(kept) == len(mentions):
        return mentions
    for m in kept:  # links are indices into the list
        m.linked = None if m.linked is None or mentions[m.linked] not in kept else kept.index(mentions[m.linked])
    return kept


def _parts(ent: Span) -> list[tuple[int, int]]:
    """The token runs of an entity between brackets ("Federal Bureau of Investigation (FBI")."""
    parts: list[tuple[int, int]] = []
    start = ent.start
    for tok in ent:
        if tok.text in _BRACKETS:
            if tok.i > start:
                parts.append((start, tok.i))
            start = tok.i + 1
    if ent.end > start:
        parts.append((start, ent.end))
    return parts


def _mention(doc: Doc, label: str, start: int, end: int) -> Mention | None:
    start, end = _trim(doc, start, end)
    title_start = start
    if label == "PERSON":
        while start < end - 1 and (_title_word(doc[start]) or doc[start].pos_ in _NOT_NAME_POS):
            start += 1  # "President Joe Biden"; "Injecting Clinton" (a sentence's first word)
        start, end = _trim(doc, start, end)
    if start >= end or not any(t.text[:1].isupper() for t in doc[start:end]):
        return None
    span = doc[start:end]
    form = span.text
    kind = _kind(label, form)
    if kind is None:
        return None
    if (label in _ACTING_ONLY or form.lower() in PLATFORMS) and not _acting(span.root):
        return None
    if label == "NORP" and span.root.pos_ not in ("PROPN", "NOUN"):
        return None
    return _with_title(doc, Mention(start=start, end=end, form=form, label=label, kind=kind), title_start)


def _with_title(doc: Doc, mention: Mention, title_start: int) -> Mention:
    """Attach the title written before a person's name, if there is one."""
    if mention.kind == ActorKind.PERSON:
        mention.title = _title(doc, title_start, mention.start)
        if mention.title is not None:
            mention.office = frozenset(title_words(doc, mention.title))
    return mention


def _trim(doc: Doc, start: int, end: int) -> tuple[int, int]:
    """Leave out a leading "the", quotation marks and punctuation, and a trailing possessive."""
    while start < end and (doc[start].lower_ == "the" or doc[start].is_punct or doc[start].text in _QUOTE_MARKS):
        start += 1
    while end > start and (doc[end - 1].text in _POSSESSIVE or doc[end - 1].is_punct or doc[end - 1].is_space):
        end -= 1
    return start, end


def _nickname(doc: Doc, ent: Span) -> bool:
    """An organisation or person written in quotation marks ("Spartak," a call sign) is not an actor."""
    if ent.label_ not in ("ORG", "PERSON") or ent.start == 0:
        return False
    after = [t.text for t in doc[ent.end : ent.end + 2]]
    return doc[ent.start - 1].text in ("\u201c", '"') and any(a in ("\u201d", '"') for a in after)


def _kind(label: str, form: str) -> ActorKind | None:
    if form.lower() in PLATFORMS:
        return ActorKind.ORGANIZATION
    if label == "PERSON":
        return ActorKind.PERSON
    if label == "GPE":
        return ActorKind.GOVERNMENT
    if label == "NORP":
        return ActorKind.GROUP
    lower = form.lower()
    if label == "FAC":
        return ActorKind.GOVERNMENT if lower in GOVERNMENT_PHRASES else None
    return organisation_kind(lower)


def organisation_kind(lower: str) -> ActorKind:
    """Media, government or another organisation, from an organisation's lower-case name."""
    words = lower.replace("-", " ").split()
    if not words:
        return ActorKind.ORGANIZATION
    if lower in PLATFORMS:
        return ActorKind.ORGANIZATION
    if (
        words[0] in MEDIA_NAMES
        or lower in MEDIA_EXACT
        or any(p in lower for p in MEDIA_PHRASES)
        or (len(words) > 1 and words[-1] in MEDIA_LAST_WORDS)
    ):
        return ActorKind.MEDIA
    if any(w in GOVERNMENT_WORDS for w in words) or any(p in lower for p in GOVERNMENT_PHRASES):
        return ActorKind.GOVERNMENT
    return ActorKind.ORGANIZATION


def _acting(root: Token) -> bool:
    """Whether a place or group acts here: it says or does something, rather than being where."""
    dep, head = root.dep_, root.head
    if dep == "nsubj":
        return head.pos_ in ("VERB", "AUX")
    if dep == "pobj":
        if head.lower_ == "of" and head.head.lemma_.lower() in PLACE_NOUNS and head.head.i < head.i:
            return _acting(head.head)  # "The city of Phoenix said"
        return (head.dep_ == "agent") or (head.lower_ == "to" and head.head.lower_ == "according")
    if dep == "poss":
        return head.lemma_.lower() in STATEMENT_NOUNS
    if dep == "conj" and head.i != root.i:
        return _acting(head)
    return False


# -- titles ----------------------------------------------------------------------------------------


def _title_word(tok: Token) -> bool:
    """A word of a title that may sit inside a person entity ("President", "Gen.", "Mr")."""
    bare = tok.lower_.rstrip(".")
    if bare in TITLE_ABBREVIATIONS:
        return True
    return (tok.text[:1].isupper() and bare in TITLE_NOUNS) or tok.text == "."


def _title(doc: Doc, inner_start: int, name_start: int) -> tuple[int, int] | None:
    """The title before a name: "Maj. Gen.", "Defense Minister", "former President", "Chief of Staff"."""
    start = inner_start
    sent_start = doc[name_start].sent.start
    while start > sent_start and _extends_title(doc[start - 1]):
        if doc[start - 1].lower_ == "of" and not doc[start - 2].text[:1].isupper():
            break  # "Chief of Staff", not "the chairman of Mrs. Clinton"
        start -= 1
    while start < name_start and doc[start].lower_ in _TITLE_GLUE:
        start += 1
    if start >= name_start or not any(_office(t) for t in doc[start:name_start]):
        return None
    return start, name_start


def _extends_title(tok: Token) -> bool:
    if tok.ent_type_ and tok.ent_type_ not in ("ORG", "GPE", "NORP"):
        return False
    bare = tok.lower_.rstrip(".")
    if bare in TITLE_ABBREVIATIONS or bare in ROLE_NOUNS or bare in TITLE_MODIFIERS or tok.lower_ in _TITLE_GLUE:
        return True
    return tok.text[:1].isupper() and tok.is_alpha and tok.dep_ in ("compound", "amod", "nmod", "pobj")


def _office(tok: Token) -> bool:
    bare = tok.lower_.rstrip(".")
    return bare in TITLE_ABBREVIATIONS or bare in ROLE_NOUNS


def title_words(doc: Doc, title: tuple[int, int]) -> set[str]:
    """The office words of a title, abbreviations spelt out ("Maj. Gen." -> major, general)."""
    words: set[str] = set()
    for tok in doc[title[0] : title[1]]:
        bare = tok.lower_.rstrip(".")
        if bare in TITLE_ABBREVIATIONS:
            words.add(TITLE_ABBREVIATIONS[bare])
        elif bare in ROLE_NOUNS:
            words.add(bare)
    return words


def given_name_gender(words: tuple[str, ...]) -> str | None:
    """``"m"``/``"f"`` when a name of two or more words begins with a common given name of one gender."""
    if len(words) < 2:
        return None
    first = words[0].rstrip(".")
    return "m" if first in MALE_GIVEN_NAMES else "f" if first in FEMALE_GIVEN_NAMES else None


def gender_of(words: set[str]) -> str | None:
    """``"m"``/``"f"`` when the words say so unambiguously."""
    male, female = bool(words & MALE_WORDS), bool(words & FEMALE_WORDS)
    if male == female:
        return None
    return "m" if male else "f"


# -- merging ---------------------------------------------------------------------------------------


def merge(mentions: list[Mention], paragraphs: list[int] | None = None) -> list[NamedActor]:
    """Group mentions that name the same actor (see the module docstring), in order of first mention.

    ``paragraphs`` (the first token of each paragraph) lets a surname several people share go,
    mention by mention, to the one whose full name is in its paragraph or the one before.
    """
    _surnames_as_persons(mentions)
    groups: dict[tuple[bool, tuple[str, ...], str | None], NamedActor] = {}  # (person?, words, gender)
    owner: list[NamedActor] = []
    for m in mentions:
        if m.linked is not None:
            group = owner[m.linked]
        else:
            person = m.kind == ActorKind.PERSON
            gender = m.gender if person and len(m.words) == 1 else None  # "Mr. Clinton" / "Mrs. Clinton"
            group = groups.setdefault((person, m.words, gender), NamedActor(kind=m.kind))
        group.mentions.append(m)
        owner.append(group)
    actors = list(dict.fromkeys(owner))
    for actor in actors:
        actor.gender = majority([m.gender for m in actor.mentions])
    actors = _merge_persons(actors, paragraphs or [0])
    actors = _merge_organisations(actors)
    for actor in actors:
        actor.kind = _group_kind(actor)
    return sorted(actors, key=lambda a: a.first)


def majority(genders: list[str | None]) -> str | None:
    """The gender most of the known ones say, if clearly most (twice as many, plus one)."""
    male, female = genders.count("m"), genders.count("f")
    if max(male, female) < 2 * min(male, female) + 1:
        return None
    return "m" if male > female else "f"


def _surnames_as_persons(mentions: list[Mention]) -> None:
    """A one-word organisation or place that is a person's (sur)name ("Lynch said", tagged ORG) is that person."""
    surnames = {m.words[-1] for m in mentions if m.kind == ActorKind.PERSON}
    for m in mentions:
        if m.label in ("ORG", "GPE", "NORP") and len(m.words) == 1 and m.words[0] in surnames:
            m.kind = ActorKind.PERSON


def _merge_persons(actors: list[NamedActor], paragraphs: list[int]) -> list[NamedActor]:
    """Fold each shorter name into the one full name it shortens ("Popov" into "Ivan Popov").

    When several people have the surname, the text settles it by gender ("Mrs. Clinton",
    "Clinton said she": the one person known to be of it, else the one person not known to be
    of the other, a common given name telling too: "Bill Clinton" is a man), or by order: only
    one of them was named before the surname first appears (the surname then keeps meaning
    that person); failing both, each mention goes to the one person whose full name is in
    its paragraph or the one before ("Jeh Johnson says ... / Johnson tells MSNBC"). A
    mention none of these settle is left out: it is no actor of its own and no one's.
    """
    pool = [a for a in actors if a.kind == ActorKind.PERSON]
    index = _by_edge_words(pool)
    for short in sorted(pool, key=lambda a: -max(len(m.words) for m in a.mentions)):  # longest first: chains
        hosts = [h for h in _hosts(short, index, _shortens_person) if _compatible(short, h)]
        if len(hosts) > 1 and short.gender is not None:
            known = [h for h in hosts if h.gender == short.gender]  # "Mrs. Clinton": only a known woman
            if len(known) != 1:  # else the one not of the other gender by title, pronoun or given name
                known = [h for h in hosts if short.gender == (h.gender or h.name_gender or short.gender)]
            hosts = known
            if not hosts:  # of a gender none of them can be
                short.mentions = []
                continue
        if len(hosts) > 1:  # still several (gender, if any, did not settle it): order, then the paragraph
            hosts = [h for h in hosts if h.first < short.first] or hosts
        if len(hosts) == 1:
            _fold(short, hosts[0])
        elif hosts:
            _share_out(short, hosts, paragraphs)
    return _join_same_names([a for a in actors if a.mentions])


def _share_out(short: NamedActor, hosts: list[NamedActor], paragraphs: list[int]) -> None:
    """Give each mention of a shared surname to the one host named in its paragraph or the one before."""
    for mention in short.mentions:
        paragraph = max(0, bisect_right(paragraphs, mention.start) - 2)
        since = paragraphs[paragraph]
        near = [h for h in hosts if any(since <= m.start < mention.start and len(m.words) > 1 for m in h.mentions)]
        if len(near) == 1:
            near[0].mentions.append(mention)
    short.mentions = []


def _join_same_names(actors: list[NamedActor]) -> list[NamedActor]:
    """Join what is left of one name kept apart by gender ("Trump", "Mr. Trump") unless genders clash."""
    by_words: dict[tuple[str, ...], list[NamedActor]] = {}
    for actor in actors:
        if actor.kind == ActorKind.PERSON:
            by_words.setdefault(actor.mentions[0].words, []).append(actor)
    for same in by_words.values():
        if len(same) > 1 and len({a.gender for a in same} - {None}) <= 1:
            for other in same[1:]:
                _fold(other, same[0])
    return [a for a in actors if a.mentions]


def _merge_organisations(actors: list[NamedActor]) -> list[NamedActor]:
    """Fold each organisation's shorter name or acronym into the one longer name it shortens."""
    pool = [a for a in actors if a.kind != ActorKind.PERSON and _mergeable(a)]
    index = _by_edge_words(pool)
    for short in sorted(pool, key=lambda a: -max(len(m.words) for m in a.mentions)):
        hosts = _hosts(short, index, _shortens_organisation)
        if len(hosts) == 1:
            _fold(short, hosts[0])
    return [a for a in actors if a.mentions]


def _hosts(short: NamedActor, index: dict[str, list[NamedActor]], shortens: _Shortens) -> list[NamedActor]:
    """The other groups with a form that ``short``'s longest form shortens."""
    if not short.mentions:
        return []
    longest = max((m.words for m in short.mentions), key=len)
    near = index.get(longest[0], []) + index.get(longest[-1], []) + index.get("^" + longest[0].replace(".", ""), [])
    return list(
        dict.fromkeys(
            a for a in near if a is not short and a.mentions and any(shortens(longest, m.words) for m in a.mentions)
        )
    )


def _fold(short: NamedActor, host: NamedActor) -> None:
    host.mentions += short.mentions
    host.gender = host.gender or short.gender
    short.mentions = []


def _by_edge_words(pool: list[NamedActor]) -> dict[str, list[NamedActor]]:
    """First word, last word and ``^acronym`` -> the groups with a form that has it: every form a
    shorter one can shorten shares its first or last word, or is the acronym's expansion."""
    index: dict[str, list[NamedActor]] = {}
    for actor in pool:
        keys: set[str] = set()
        for m in actor.mentions:
            core = [w for w in m.words if w.rstrip(".") not in NAME_SUFFIXES] or list(m.words)
            keys |= {core[0], core[-1], "^" + acronym(m.words)}
        for key in keys:
            index.setdefault(key, []).append(actor)
    return index


def _mergeable(actor: NamedActor) -> bool:
    return actor.kind == ActorKind.PERSON or (
        actor.kind in _ORGANISATIONS and any(m.label in ("ORG", "FAC") for m in actor.mentions)
    )


def _shortens_person(short: tuple[str, ...], full: tuple[str, ...]) -> bool:
    """ "popov" of "ivan popov"; "ivan popov" of "ivan ivanovich popov"; same last name, fewer words."""
    full_core = tuple(w for w in full if w.rstrip(".") not in NAME_SUFFIXES)
    short_core = tuple(w for w in short if w.rstrip(".") not in NAME_SUFFIXES)
    if not short_core or len(short_core) >= len(full_core) or short_core[-1] != full_core[-1]:
        return False
    rest = iter(full_core)
    return all(w in rest for w in short_core)


def _shortens_organisation(short: tuple[str, ...], full: tuple[str, ...]) -> bool:
    """The same organisation's name with fewer words: its end ("defense ministry" of "russia defense
    ministry"), its start before a corporate or industry word ("wagner" of "wagner group", "peabody"
    of "peabody energy"), or its acronym."""
    if len(short) == 1 and _acronym(short[0], full):
        return True
    if len(short) >= len(full):
        return False
    if full[-len(short) :] == short:
        return True
    return full[: len(short)] == short and all(w in _CORPORATE_TAILS | _INDUSTRY_TAILS for w in full[len(short) :])


def _acronym(word: str, full: tuple[str, ...]) -> bool:
    letters = acronym(full)
    return len(letters) >= 2 and word.replace(".", "") == letters


def _compatible(short: NamedActor, host: NamedActor) -> bool:
    """Gendered titles must not disagree ("Mr. Popov" is not "Mrs. Maria Popov")."""
    return short.gender is None or host.gender is None or short.gender == host.gender


def _group_kind(actor: NamedActor) -> ActorKind:
    kinds = {m.kind for m in actor.mentions}
    for kind in (ActorKind.PERSON, ActorKind.MEDIA, ActorKind.GOVERNMENT, ActorKind.ORGANIZATION):
        if kind in kinds:
            return kind
    return ActorKind.GROUP


# -- names the recogniser missed -------------------------------------------------------------------


def add_missed(doc: Doc, actors: list[NamedActor]) -> None:
    """Add every further occurrence of a person's or organisation's known name (or a person's
    surname, or a company's first word before an industry word, "Peabody" of "Peabody Energy",
    when only one actor has it) that no mention covers yet; also a speaker's label of
    a transcript, where the name is written in capitals before a colon ("PENCE: Well, ...")."""
    covered = {i for a in actors for m in a.mentions for i in range(m.start, m.end)}
    names = _known_names(actors)
    strings = doc.vocab.strings
    firsts = {strings.add(word): [(w, a, w) for w, a in entries] for word, entries in names.items()}
    for word, entries in names.items():
        if word.upper() != word:
            labels = [(tuple(w.upper() for w in written), a, written) for written, a in entries]
            firsts.setdefault(strings.add(word.upper()), []).extend(labels)
    for i, orth in enumerate(doc.to_array("ORTH").tolist()):
        if orth not in firsts or i in covered:
            continue
        for written, actor, name in firsts[orth]:
            end = i + len(written)
            if written != name and not (end < len(doc) and doc[end].text == ":"):
                continue  # a name in capitals only as a transcript's label
            if end <= len(doc) and all(doc[i + k].text == w for k, w in enumerate(written)):
                if any(j in covered for j in range(i, end)) or _inside_longer_name(doc, i, end):
                    break
                mention = Mention(i, end, doc[i:end].text, "NAME", actor.kind)
                actor.mentions.append(_with_title(doc, mention, i))
                covered.update(range(i, end))
                break


def _known_names(actors: list[NamedActor]) -> dict[str, list[tuple[tuple[str, ...], NamedActor]]]:
    """First word -> (the name's words as written, its actor), longest names first."""
    known = [a for a in actors if a.kind == ActorKind.PERSON or _mergeable(a)]
    entries: dict[tuple[str, ...], NamedActor | None] = {}
    for actor in known:
        for m in actor.mentions:
            entries.setdefault(tuple(m.form.split()), actor)
    surnames: dict[tuple[str, ...], NamedActor | None] = {}
    for actor in known:
        for m in actor.mentions:
            written = tuple(m.form.split())
            if actor.kind == ActorKind.PERSON and len(written) > 1 and (written[-1],) not in entries:
                surname = (written[-1],)
                if surnames.setdefault(surname, actor) is not actor:
                    surnames[surname] = None  # two people share it: never guessed
    for actor in known:
        for m in actor.mentions if actor.kind != ActorKind.PERSON else []:
            written = tuple(m.form.split())
            if len(written) != 2 or written[1].lower() not in _INDUSTRY_TAILS or (written[0],) in entries:
                continue
            if surnames.setdefault((written[0],), actor) is not actor:
                surnames[(written[0],)] = None  # "Ford" of a person and of "Ford Motors": never guessed
    entries.update(surnames)
    names: dict[str, list[tuple[tuple[str, ...], NamedActor]]] = {}
    for written, owner in sorted(entries.items(), key=lambda e: -len(e[0])):
        if owner is not None:
            names.setdefault(written[0], []).append((written, owner))
    return names


def _inside_longer_name(doc: Doc, start: int, end: int) -> bool:
    """A known surname that is part of another name ("Popov Street", "Maria Popov") is not a mention."""
    before = doc[start - 1] if start > 0 else None
    after = doc[end] if end < len(doc) else None
    return any(t is not None and t.pos_ == "PROPN" and t.ent_type_ in _NAMED for t in (before, after))
