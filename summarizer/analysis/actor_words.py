"""The word lists actor rules read: titles, role nouns, kinds of organisation, gendered words.

Kept apart from the rules so the lists can grow without touching them. Every entry is
lower case; a rule compares ``token.lower_`` with its trailing ``.`` removed.
"""

from __future__ import annotations

from collections.abc import Iterable

from summarizer.core.schema import ActorKind


def words(text: str, sep: str | None = None) -> frozenset[str]:
    """The entries of a word list written as text (separated by whitespace, or by ``sep``, trimmed)."""
    return frozenset(w.strip() for w in text.split(sep) if w.strip())


ACRONYM_SKIP = words("of the and for on in at to &")
"""Small words an acronym leaves out ("Bank of England" -> "BE")."""


def acronym(name_words: Iterable[str]) -> str:
    """The initials of a name's lower-case words, small words left out ("russia today" -> "rt")."""
    return "".join(w[0] for w in name_words if w not in ACRONYM_SKIP)


TITLE_ABBREVIATIONS: dict[str, str] = {
    "maj": "major", "gen": "general", "lt": "lieutenant", "col": "colonel", "capt": "captain",
    "cpt": "captain", "sgt": "sergeant", "adm": "admiral", "cmdr": "commander", "gov": "governor",
    "sen": "senator", "rep": "representative", "dr": "doctor", "prof": "professor", "pres": "president",
    "supt": "superintendent", "insp": "inspector", "rev": "reverend", "amb": "ambassador", "atty": "attorney",
    "mr": "mr", "mrs": "mrs", "ms": "ms", "miss": "miss", "mx": "mx", "sir": "sir", "dame": "dame",
}  # fmt: skip
"""Abbreviated titles, with the word a description would use ("Gen." -> "the general")."""

ROLE_NOUNS = words(
    """
    president vice prime minister secretary senator representative congressman congresswoman governor mayor
    general colonel major lieutenant captain sergeant admiral commander chief director spokesman spokeswoman
    spokesperson chairman chairwoman chair ceo founder leader head speaker lawmaker legislator deputy ambassador
    attorney judge justice prosecutor sheriff officer official adviser advisor aide reporter correspondent editor
    analyst candidate nominee king queen prince princess pope premier chancellor mp councilman councilwoman
    councillor councilor commissioner superintendent inspector professor economist executive manager strategist
    pastor rabbi bishop cardinal coach owner lawyer treasurer comptroller auditor dean provost activist politician
    businessman businesswoman member envoy negotiator diplomat chairperson administrator marshal general-secretary
    president-elect strongman warlord commissar governor-general
    """
)
"""Nouns that name a person's office or trade: they make a title ("Defense Minister") or a
description ("the minister")."""

TITLE_NOUNS = words(
    """
    president senator general governor minister secretary judge justice chief mayor king queen prince princess
    pope commander colonel captain lieutenant sergeant admiral ambassador prime vice deputy former acting
    representative sheriff professor doctor chancellor premier speaker chairman chairwoman
    """
)
"""Capitalised words that open a title even inside a person entity ("President Joe Biden")."""

TITLE_MODIFIERS = words("former acting then interim deputy vice assistant associate senior top retired")
"""Lower-case words that may open a title before a name ("former President ...")."""

RANK_WORDS = words("vice deputy assistant associate")
"""Words that make an office another office: "the presidential nominee" is not the "vice
presidential nominee", "the secretary" not the "deputy secretary"."""

NAME_SUFFIXES = words("jr sr ii iii iv")

MALE_WORDS = words(
    "mr sir king prince lord spokesman chairman congressman councilman businessman father husband son brother"
)
FEMALE_WORDS = words(
    """mrs ms miss madam dame queen princess lady spokeswoman chairwoman congresswoman councilwoman businesswoman
    mother wife daughter sister"""
)

ROLE_SYNONYMS: dict[str, str] = {
    "spokeswoman": "spokesperson", "spokesman": "spokesperson", "congressman": "lawmaker",
    "congresswoman": "lawmaker", "legislator": "lawmaker", "mp": "lawmaker", "parliamentarian": "lawmaker",
    "advisor": "adviser", "councilor": "councillor", "chairwoman": "chair", "chairman": "chair",
    "chairperson": "chair", "gen": "general", "sen": "senator",
}  # fmt: skip
"""Role words that a description may say differently ("the spokesman" of "a spokesperson")."""

MEDIA_NAMES = words(
    """
    nbc cbs abc cnn msnbc fox npr pbs bbc reuters ap afp bloomberg politico axios tass interfax ria novosti
    ria-novosti itar-tass xinhua kyodo yonhap dpa ansa efe upi c-span al-jazeera breitbart buzzfeed huffpost vox
    newsweek slate salon vice cnbc telemundo univision wsj
    """
)
"""Outlets known by one word (or as the first word of their name: "NBC News")."""

MEDIA_PHRASES = words(
    """associated press|agence france-presse|al jazeera|new york times|washington post|wall street journal|
    financial times|usa today|los angeles times|sky news|daily beast|der spiegel|le monde|kyiv independent|
    moscow times|novaya gazeta|propublica""",
    sep="|",
)
"""Outlets' names, found inside a longer name too ("The New York Times Magazine")."""

MEDIA_EXACT = words(
    "economist|guardian|atlantic|new yorker|hill|times|telegraph|daily telegraph|intercept|meduza|daily mail", sep="|"
)
"""Outlets whose whole name (without "the") must match: "Hill" alone is one, "Capitol Hill" is not."""

MEDIA_LAST_WORDS = words(
    """news times post journal herald tribune gazette telegraph chronicle magazine press radio television tv
    broadcasting newspaper daily weekly review observer inquirer examiner courier dispatch bulletin monitor
    wire"""
)
"""A name ending in one of these is an outlet ("Fox News", "The Baltimore Sun" is not caught)."""

PLATFORMS = words("telegram twitter x facebook instagram youtube tiktok whatsapp vk vkontakte signal")
"""Where things are posted: an actor only where it acts, never media."""

GOVERNMENT_WORDS = words(
    """
    ministry department agency parliament congress senate kremlin pentagon government administration cabinet
    duma rada knesset bundestag assembly commission bureau council court army navy military police fbi cia
    nsa dhs doj epa irs fda cdc nato un gendarmerie command forces guard prosecutor prosecutors office
    """
)
"""Words that make an organisation's name a government body."""

GOVERNMENT_PHRASES = words(
    "white house|kremlin|pentagon|downing street|state department|justice department|foreign office", sep="|"
)

DESCRIPTION_KINDS: dict[str, frozenset[ActorKind]] = {
    "company": frozenset({ActorKind.ORGANIZATION}),
    "firm": frozenset({ActorKind.ORGANIZATION}),
    "corporation": frozenset({ActorKind.ORGANIZATION}),
    "group": frozenset({ActorKind.ORGANIZATION, ActorKind.GROUP}),
    "organization": frozenset({ActorKind.ORGANIZATION}),
    "organisation": frozenset({ActorKind.ORGANIZATION}),
    "government": frozenset({ActorKind.GOVERNMENT}),
    "administration": frozenset({ActorKind.GOVERNMENT}),
    "network": frozenset({ActorKind.MEDIA}),
    "newspaper": frozenset({ActorKind.MEDIA}),
    "paper": frozenset({ActorKind.MEDIA}),
    "outlet": frozenset({ActorKind.MEDIA}),
    "broadcaster": frozenset({ActorKind.MEDIA}),
    "publication": frozenset({ActorKind.MEDIA}),
}
"""Descriptions of an organisation by its kind ("the company")."""

ORG_DESCRIPTION_NOUNS = words(
    """
    ministry department agency council committee party army court commission bank university bureau office
    parliament senate congress campaign union association foundation institute authority service navy police
    """
)
"""Descriptions of an organisation by a word of its name ("the ministry" of "Defense Ministry")."""

STATEMENT_NOUNS = words(
    """
    statement claim position denial response announcement decision demand proposal offer accusation warning
    threat plan policy view assessment account version report comment remark reply refusal bid move attempt
    call insistence stance argument allegation charge message order request ruling verdict explanation
    """
)
"""What a place's possessive makes it an actor of ("Russia's statement")."""

PERSON_NOUNS = ROLE_NOUNS | words(
    """
    person man woman people official soldier fighter resident witness victim citizen voter worker expert source
    critic supporter opponent boy girl child mother father wife husband son daughter friend neighbor neighbour
    """
)
"""Nouns that name people: a pronoun bound to one of them refers to no listed actor."""

PLACE_NOUNS = words("city town village county state province country nation republic kingdom")
"""What "the city of X" calls a place: the phrase is the place's name ("The city of Phoenix said")."""

MALE_GIVEN_NAMES = words(
    """
    aaron adam alan albert alexander andrew anthony arthur barack benjamin bernard bernie bill billy bob bobby
    brian bruce carl charles charlie christopher daniel david dennis dick don donald douglas edward eric eugene
    frank fred frederick gary george gerald gregory harold harry henry howard jack jacob james jeb jeff jeffrey
    jerry jim jimmy joe john johnny jonathan joseph joshua keith kenneth kevin larry lawrence louis mark martin
    matthew michael mike mitch mitt newt nicholas patrick paul peter philip ralph raymond richard robert roger
    ronald roy russell samuel scott sean stephen steve steven ted thomas tim timothy tom tony walter wayne william
    """
)
"""Common English given names borne by men (names borne by both, "Leslie", "Jordan", are in neither list)."""

FEMALE_GIVEN_NAMES = words(
    """
    abigail alice alicia amanda amy angela ann anna anne barbara betty beverly brenda carolyn catherine cheryl
    christina christine cynthia deborah debra denise diana diane donna doris dorothy elizabeth emily emma evelyn
    frances gloria hannah heather helen hillary ivanka janet janice jennifer jessica joan joyce judith judy julia
    julie karen katherine kathleen kathryn laura lauren linda lisa lori louise margaret maria marie marilyn martha
    mary megan melania melissa michelle nancy nicole olivia pamela rachel rebecca rose ruth sandra sara sarah
    sharon shirley stephanie susan teresa theresa victoria
    """
)
"""Common English given names borne by women."""
