"""Actors: mentions merged, kinds, roles, and which actor a source refers to.

Every text here is written for the test (invented people and places), one rule per test.
"""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from summarizer.analysis import analyze
from summarizer.analysis.actors import ActorIndex, find_actors
from summarizer.analysis.parse import parse_document
from summarizer.analysis.parsed import Parsed
from summarizer.core.schema import Actor, ActorKind
from summarizer.text.document import prepare
from summarizer.text.normalize import slug_id


def parse(text: str) -> Parsed:
    document = prepare(text, max_chars=100_000)
    return parse_document(document)


class Article:
    """A parsed test text, its actors, and look-ups by name and by source words."""

    def __init__(self, text: str) -> None:
        self.parsed = parse(text)
        self.index: ActorIndex = find_actors(self.parsed)

    @property
    def actors(self) -> list[Actor]:
        return self.index.actors

    def named(self, name: str) -> Actor:
        found = [a for a in self.actors if a.name == name]
        assert len(found) == 1, f"{name!r} not among {[a.name for a in self.actors]}"
        return found[0]

    def names(self) -> list[str]:
        return [a.name for a in self.actors]

    def resolve(self, words: str, occurrence: int = 0) -> str | None:
        """The actor id of the ``occurrence``-th (0-based) place ``words`` are written."""
        text, start = self.parsed.text, -1
        for _ in range(occurrence + 1):
            start = text.index(words, start + 1)
        return self.index.resolve([(start, start + len(words))])


def mention_texts(actor: Actor) -> list[str]:
    return [m.text for m in actor.mentions]


# -- ids --------------------------------------------------------------------------------------------


def test_slug_id_is_the_names_slug_and_unique() -> None:
    assert slug_id("Maj. Gen. Tomas Varga", set()) == "maj-gen-tomas-varga"
    assert slug_id("Tomas Varga", {"tomas-varga"}) == "tomas-varga-2"
    assert slug_id("Tomas Varga", {"tomas-varga", "tomas-varga-2"}) == "tomas-varga-3"
    assert slug_id("Outlet", set()) == "outlet-actor"  # never a reserved claimant id
    assert slug_id("!!!", set()) == "actor"
    assert len(slug_id("x" * 100, set())) == 40


def test_ids_are_slugs_of_the_name_unique_and_in_order_of_first_mention() -> None:
    article = Article(
        "Lena Brandt, a harbor pilot, met Karl Weber in Oslo. Reuters reported the meeting. "
        "Brandt said the crane was unsafe."
    )
    assert article.names()[:3] == ["Lena Brandt", "Karl Weber", "Reuters"]
    assert [a.id for a in article.actors][:3] == ["lena-brandt", "karl-weber", "reuters"]
    assert len({a.id for a in article.actors}) == len(article.actors)


# -- merging ----------------------------------------------------------------------------------------


def test_a_surname_merges_with_the_full_name_and_titles_are_stripped() -> None:
    article = Article("Maj. Gen. Tomas Varga inspected the harbor on Monday. Varga said the cranes were old.")
    varga = article.named("Tomas Varga")
    assert varga.kind == ActorKind.PERSON
    assert varga.aliases == ["Varga"]
    assert mention_texts(varga) == ["Tomas Varga", "Varga"]
    assert article.resolve("Varga", 1) == varga.id


def test_titles_are_not_part_of_the_name() -> None:
    article = Article("President Maria Lindqvist met Sen. Paul Okoro and Mr. Karl Weber in the capital on Tuesday.")
    assert article.names() == ["Maria Lindqvist", "Paul Okoro", "Karl Weber"]
    assert [a.role for a in article.actors] == ["President", "Sen.", "Mr."]


def test_a_possessive_and_a_leading_the_are_dropped() -> None:
    article = Article(
        "Paul Okoro runs the Harbor Authority. Okoro's deputy said the Harbor Authority's plan would fail."
    )
    okoro = article.named("Paul Okoro")
    assert mention_texts(okoro) == ["Paul Okoro", "Okoro"]
    authority = article.named("Harbor Authority")
    assert mention_texts(authority) == ["Harbor Authority", "Harbor Authority"]


def test_a_surname_two_people_share_is_no_ones() -> None:
    article = Article("Anna Varga and Peter Varga run the yard. Varga said the cranes were old.")
    assert article.names() == ["Anna Varga", "Peter Varga"]
    assert article.resolve("Varga", 2) is None


def test_a_shared_surname_goes_to_the_one_of_its_gender() -> None:
    article = Article(
        "Ms. Anna Varga and her brother, Mr. Peter Varga, run the yard. Mr. Varga said the cranes were old."
    )
    assert article.resolve("Varga", 2) == article.named("Peter Varga").id


def test_a_shared_surname_goes_to_the_one_named_before_it() -> None:
    article = Article(
        "Tomas Varga has run the yard since 1990. Varga said the cranes were old.\n\n"
        "His daughter, Eva Varga, joined the yard last year. Varga said she would stay."
    )
    tomas = article.named("Tomas Varga")
    assert article.resolve("Varga", 1) == tomas.id
    assert article.resolve("Varga", 3) == tomas.id
    assert article.named("Eva Varga").aliases == []


def test_a_shared_surname_goes_to_the_one_named_in_its_paragraph_or_the_one_before() -> None:
    article = Article(
        "Anna Varga runs the yard.\n\nHer brother, Peter Varga, runs the dock.\n\n"
        "Peter Varga said the cranes were old. Varga added that repairs would wait."
    )
    assert article.resolve("Varga", 3) == article.named("Peter Varga").id


def test_a_gendered_surname_goes_only_to_a_person_known_of_that_gender() -> None:
    known = Article("Ms. Anna Varga runs the yard, and Peter Varga runs the dock. Ms. Varga said the cranes were old.")
    assert known.resolve("Varga", 2) == known.named("Anna Varga").id
    unknown = Article("Robin Varga runs the yard, and Jordan Varga runs the dock. Ms. Varga said the cranes were old.")
    assert unknown.resolve("Varga", 2) is None  # given names of either gender tell nothing
    named = Article("Anna Varga runs the yard, and Peter Varga runs the dock. Ms. Varga said the cranes were old.")
    assert named.resolve("Varga", 2) == named.named("Anna Varga").id  # Peter is a man's name


def test_a_common_given_name_tells_a_shared_surnames_gender() -> None:
    article = Article(
        "Robert Vance and Margaret Vance opened the harbor museum on Monday.\n\n"
        "Mrs. Vance said the museum would stay open. Vance said she was proud of the staff."
    )
    assert article.named("Margaret Vance").aliases == ["Vance"]
    assert article.resolve("Mrs. Vance") == "margaret-vance"
    assert article.resolve("Vance", 3) == "margaret-vance"


def test_a_given_name_of_both_genders_tells_nothing() -> None:
    article = Article("Leslie Vance and Jordan Vance opened the harbor museum.\n\nMrs. Vance said it would stay open.")
    assert article.resolve("Mrs. Vance") is None


def test_a_capitalised_word_also_written_in_lower_case_is_no_name() -> None:
    assert Article("Turnout was low on Monday. The turnout in May was higher.").names() == []


def test_they_is_a_group_not_an_organisation_by_proximity() -> None:
    assert Article("Democrats said they would vote against the plan.").resolve("they") == "democrats"
    article = Article("The Harbor Union and Karl Weber met on Monday. They said the talks would go on.")
    assert article.resolve("They") is None


def test_organisation_names_where_one_ends_the_other_are_one_actor() -> None:
    article = Article(
        "The Transport Ministry ordered an inspection. The Northland Transport Ministry said the port would stay open."
    )
    ministry = article.named("Northland Transport Ministry")
    assert ministry.kind == ActorKind.GOVERNMENT
    assert ministry.aliases == ["Transport Ministry"]
    assert article.resolve("The Transport Ministry") == ministry.id


def test_a_companys_first_word_before_an_industry_word_names_it() -> None:
    article = Article("The mine was sold by Kestrel Energy in May. In a statement, Kestrel said the mine was safe.")
    assert article.names() == ["Kestrel Energy"]
    assert article.resolve("Kestrel", 1) == "kestrel-energy"


def test_an_acronym_in_brackets_is_the_same_organisation() -> None:
    article = Article("The Federal Harbor Agency (FHA) closed the pier. The FHA said repairs would take weeks.")
    agency = article.named("Federal Harbor Agency")
    assert agency.aliases == ["FHA"]
    assert article.resolve("The FHA") == agency.id


def test_a_short_organisation_name_two_longer_ones_end_with_stays_apart() -> None:
    article = Article("The Harbor Council and the City Council met on Monday. The Council said the vote would wait.")
    assert {"Harbor Council", "City Council"} <= set(article.names())
    assert all(a.aliases == [] for a in article.actors)


# -- kinds --------------------------------------------------------------------------------------------


def test_outlets_are_media_ministries_government_companies_organisations() -> None:
    article = Article(
        "Reuters reported the closure, and NBC News and The Washington Post confirmed it. "
        "The Transport Ministry and the White House declined to comment. "
        "Harbor Logistics Inc. said the video was posted on Telegram."
    )
    kinds = {a.name: a.kind for a in article.actors}
    assert kinds["Reuters"] == kinds["NBC News"] == kinds["Washington Post"] == ActorKind.MEDIA
    assert kinds["Transport Ministry"] == kinds["White House"] == ActorKind.GOVERNMENT
    assert kinds["Harbor Logistics Inc."] == ActorKind.ORGANIZATION
    assert "Telegram" not in kinds  # a platform things are posted to acts here in nothing


def test_a_place_is_an_actor_only_where_it_acts() -> None:
    article = Article("Norway said it would send two ships. The ships sailed from Norway on Monday.")
    norway = article.named("Norway")
    assert norway.kind == ActorKind.GOVERNMENT
    assert mention_texts(norway) == ["Norway", "it"]
    assert Article("The ships sailed from Norway to Denmark on Monday.").names() == []


def test_a_place_acts_as_the_source_of_according_to_and_as_possessor_of_a_statement() -> None:
    assert "Norway" in Article("The pier is closed, according to Norway.").names()
    assert "Denmark" in Article("Denmark's statement came on Monday.").names()
    assert "Denmark" not in Article("Denmark's ships came on Monday.").names()


def test_a_nationality_is_a_group_only_where_it_acts() -> None:
    article = Article("Democrats said the plan was too costly. Russian troops left the port.")
    assert article.names() == ["Democrats"]
    assert article.actors[0].kind == ActorKind.GROUP


@pytest.mark.parametrize(
    "dateline",
    [
        "OSLOVIK \u2014",
        "PORT MARVEN, N.D. \u2015",
        "NORTH ARDEN, Va., Sept. 26 (UPI) \u2014",
        "OSLOVIK --",
    ],
)
def test_a_dateline_is_no_actor(dateline: str) -> None:
    article = Article(f"Pier talks end.\n\n{dateline} The Arden Port Authority said the pier would close on Monday.")
    assert article.names() == ["Arden Port Authority"]


def test_a_name_in_capitals_before_a_colon_is_no_dateline() -> None:
    article = Article("Pier talks end.\n\nDANA WELK: The pier will close -- on Monday.")
    assert article.names() == ["DANA WELK"]


# -- roles --------------------------------------------------------------------------------------------


def test_the_role_is_the_apposition_without_its_relative_clause() -> None:
    article = Article(
        "Andrea Kovacs, a city councillor and chair of the transport committee, which meets weekly, "
        "said the pier was unsafe."
    )
    assert article.named("Andrea Kovacs").role == "a city councillor and chair of the transport committee"


def test_the_role_of_an_apposition_before_the_name() -> None:
    article = Article("A harbor pilot, Lena Brandt, said the crane was unsafe.")
    assert article.named("Lena Brandt").role == "A harbor pilot"
    assert article.resolve("A harbor pilot, Lena Brandt") == "lena-brandt"


def test_the_role_from_a_title() -> None:
    article = Article("Defense Minister Karl Weber said the navy would help. Chief of Staff Eva Lund agreed.")
    assert article.named("Karl Weber").role == "Defense Minister"
    assert article.named("Eva Lund").role == "Chief of Staff"
    assert "Defense" not in article.names()  # a title's organisation word is not an actor


# -- pronouns -----------------------------------------------------------------------------------------


def test_a_pronoun_resolves_to_the_one_compatible_actor_of_its_paragraph() -> None:
    article = Article("Lena Brandt said the crane was unsafe. She added that repairs would take weeks.")
    assert article.resolve("She") == "lena-brandt"
    assert mention_texts(article.named("Lena Brandt")) == ["Lena Brandt", "She"]


def test_a_pronoun_bound_to_the_subject_of_its_clause() -> None:
    article = Article("Karl Weber met Lena Brandt on Monday, and Brandt said she would resign.")
    assert article.resolve("she") == "lena-brandt"


def test_a_pronoun_with_two_candidates_stays_unresolved() -> None:
    article = Article("Lena Brandt met Karl Weber on Monday. He said the crane was unsafe.")
    assert article.resolve("He") is None
    assert all("He" not in mention_texts(a) for a in article.actors)


def test_gender_from_titles_leaves_one_candidate() -> None:
    article = Article("Mr. Karl Weber met Ms. Lena Brandt on Monday. She said the crane was unsafe.")
    assert article.resolve("She") == "lena-brandt"


def test_an_organisation_is_it_not_he() -> None:
    article = Article("Harbor Logistics Inc. hired Karl Weber in May. It said the cranes were safe.")
    assert article.resolve("It") == "harbor-logistics-inc"


def test_a_pronoun_is_not_resolved_across_paragraphs() -> None:
    article = Article("Lena Brandt inspected the crane.\n\nThe harbor was quiet on Monday. Later she said it was old.")
    assert article.resolve("she") is None


def test_a_paragraph_opening_with_a_quote_looks_back_one_sentence() -> None:
    article = Article("Lena Brandt inspected the crane.\n\n\u201cIt is old,\u201d she said.")
    assert article.resolve("she") == "lena-brandt"
    farther = Article("Lena Brandt inspected the crane. The harbor was quiet.\n\n\u201cIt is old,\u201d she said.")
    assert farther.resolve("she") is None


def test_a_pronoun_inside_a_quote_is_no_mention() -> None:
    article = Article("\u201cKarl Weber knows his cranes,\u201d Lena Brandt said.")
    assert mention_texts(article.named("Karl Weber")) == ["Karl Weber"]


# -- descriptions -------------------------------------------------------------------------------------


def test_the_senator_is_the_one_senator() -> None:
    article = Article(
        "Paul Okoro, a senator from the northern district, visited the port.\n\n"
        "Karl Weber met him there.\n\nThe senator said the crane was unsafe."
    )
    assert article.resolve("The senator") == "paul-okoro"
    assert "The senator" in mention_texts(article.named("Paul Okoro"))


def test_the_general_from_a_title_and_the_ministry_from_a_name() -> None:
    general = Article("Maj. Gen. Tomas Varga visited the port.\n\nThe general said the crane was unsafe.")
    assert general.resolve("The general") == "tomas-varga"
    ministry = Article("The Transport Ministry ordered an inspection.\n\nThe ministry said the pier would reopen.")
    assert ministry.resolve("The ministry") == "transport-ministry"


def test_the_company_within_its_paragraph() -> None:
    article = Article("Harbor Logistics Inc. runs the cranes. The company said it would repair them.")
    assert article.resolve("The company") == "harbor-logistics-inc"


def test_a_description_two_actors_fit_stays_unresolved() -> None:
    article = Article(
        "Paul Okoro, a senator, and Eva Lund, a senator from the south, visited the port. "
        "The senator said the crane was unsafe."
    )
    assert article.resolve("The senator") is None


def test_a_description_without_the_rank_is_not_the_deputy() -> None:
    deputy = Article("Deputy Minister Ola Berg visited the port.\n\nThe minister said the crane was unsafe.")
    assert deputy.resolve("The minister") is None  # a deputy minister is not "the minister"
    same_rank = Article("Deputy Minister Ola Berg visited the port.\n\nThe deputy minister said the crane was unsafe.")
    assert same_rank.resolve("The deputy minister") == "ola-berg"
    minister = Article("Minister Ola Berg visited the port.\n\nThe minister said the crane was unsafe.")
    assert minister.resolve("The minister") == "ola-berg"


def test_the_words_before_a_name_count_as_its_role_for_a_description() -> None:
    text = (
        "Republican presidential nominee Dana Welk spoke in Ohio. "
        "Democratic vice presidential nominee Tom Harlan spoke in Iowa.\n\n"
        "The Republican nominee said the poll was wrong. The Democratic nominee said it was right."
    )
    article = Article(text)
    assert article.resolve("The Republican nominee") == "dana-welk"
    assert article.resolve("The Democratic nominee") is None  # Harlan is the vice presidential nominee


def test_a_named_organisation_before_an_office_is_no_mention_of_the_organisation() -> None:
    article = Article(
        "The Unity Party said it would win. Unity Party nominee Dana Welk spoke in Ohio. "
        "Tom Harlan, a Green Party candidate, spoke in Iowa.\n\nThe Unity Party nominee said the poll was wrong."
    )
    assert article.resolve("The Unity Party nominee") == "dana-welk"
    assert "The Unity Party nominee" in mention_texts(article.named("Dana Welk"))


def test_a_relative_pronoun_is_the_noun_its_clause_attaches_to() -> None:
    named = Article("Voxa Radio, which said the report was false, is owned by the state.")
    assert named.resolve("which") == "voxa-radio"
    apposition = Article("The complaint came from Kenneth Morrow, a former aide who said the plan was illegal.")
    assert apposition.resolve("who") == "kenneth-morrow"
    described = Article(
        "Harbor Logistics Inc. runs the cranes. The company, which said it would repair them, hired Karl Weber."
    )
    assert described.resolve("which") == "harbor-logistics-inc"
    generic = Article("Dana Welk met officials who said the plan was illegal.")
    assert generic.resolve("who") is None


def test_a_persons_campaign_or_administration_is_an_actor_of_its_own() -> None:
    article = Article(
        "Dana Welk, a candidate for governor, spoke in Ohio on Monday. "
        "The Welk campaign said the poll was wrong. Welk's campaign added that it was confident.\n\n"
        "The Harlan administration said on Tuesday that it would appeal. Governor Tom Harlan was away."
    )
    campaign = article.named("Welk's campaign")
    assert campaign.kind == ActorKind.ORGANIZATION
    assert article.resolve("The Welk campaign") == article.resolve("Welk's campaign") == campaign.id
    assert article.resolve("it") == campaign.id  # "Welk's campaign added that it ..."
    assert article.resolve("it", 1) == article.named("Harlan administration").id
    administration = article.named("Harlan administration")
    assert administration.kind == ActorKind.GOVERNMENT
    assert article.resolve("The Harlan administration") == administration.id
    assert mention_texts(article.named("Dana Welk")) == ["Dana Welk", "Welk", "Welk"]  # the name stays hers
    camp = Article("Dana Welk spoke in Ohio. The Welk campaign said the poll was wrong. The Welk camp agreed.")
    assert camp.resolve("The Welk camp", 1) == camp.resolve("The Welk campaign") is not None  # 0: in "campaign"


def test_a_relative_of_a_person_or_a_body_as_modifier_is_no_body() -> None:
    article = Article(
        "Dana Welk spoke in Ohio. Welk's wife said the poll was wrong. "
        "A former Welk administration official agreed. A Welk administration would cut taxes, Harlan said."
    )
    assert article.resolve("Welk's wife") is None
    assert article.resolve("A former Welk administration official") is None
    assert all("administration" not in n and "wife" not in n for n in article.names())


def test_a_spokesperson_or_a_board_speaks_for_the_one_it_names() -> None:
    article = Article(
        "Dana Welk and Harbor Logistics Inc. spoke in Ohio on Monday. "
        "A spokeswoman for Dana Welk said the poll was wrong. "
        "A Harbor Logistics Inc. spokesman said the cranes were safe. "
        "The board of Harbor Logistics Inc. said the chief would resign. "
        "Welk's board said nothing. Welk's lawyer said the case was closed. "
        "The management of Harbor Logistics Inc. said the cranes would be replaced."
    )
    assert article.resolve("A spokeswoman for Dana Welk") == "dana-welk"
    assert article.resolve("A Harbor Logistics Inc. spokesman") == "harbor-logistics-inc"
    assert article.resolve("The board of Harbor Logistics Inc.") == "harbor-logistics-inc"
    assert article.resolve("Welk's board") is None  # a person has no board
    assert article.resolve("Welk's lawyer") is None  # another person, not Welk's voice
    assert article.resolve("The management of Harbor Logistics Inc.") == "harbor-logistics-inc"


def test_an_alias_the_article_states_is_the_same_actor() -> None:
    known_as = Article("Voxa Radio, also known as VR, grew fast. VR said on Monday that its audience had doubled.")
    assert known_as.resolve("VR", 1) == "voxa-radio"
    formerly = Article(
        "NVB, the state-financed network formerly known as Nordvision Broadcasting, said its audience had doubled. "
        "Nordvision Broadcasting said it would expand."
    )
    assert formerly.resolve("NVB") == formerly.resolve("Nordvision Broadcasting", 1) == "nordvision-broadcasting"
    assert formerly.names() == ["Nordvision Broadcasting"]
    nickname = Article("Ivan Popov, known as Spartak, said the unit had retreated.")
    assert nickname.named("Ivan Popov").aliases == []  # a person's nickname is no second name


def test_a_description_with_an_alias_is_the_aliased_actor() -> None:
    article = Article(
        "Nordvision Broadcasting grew fast. Voxa Radio grew too.\n\n"
        "The state-financed network, also known as Nordvision Broadcasting, said its audience had doubled."
    )
    assert article.resolve("The state-financed network, also known as Nordvision Broadcasting,") == (
        "nordvision-broadcasting"
    )
    initials = Article(
        "The state-financed network, also known as Nordvision Broadcasting, said its audience had doubled, "
        "though critics call NB a mouthpiece. Voxa Radio grew too."
    )
    network = initials.resolve("The state-financed network, also known as Nordvision Broadcasting,")
    assert network is not None and network == initials.resolve("NB")
    spelt_out = Article(  # the parser does not take "Russia Today" for a name: its initials are an actor's
        "RT said on Monday that it would appeal.\n\n"
        "The channel, also known as Russia Today, argued that the ruling limited its reach."
    )
    assert spelt_out.resolve("The channel, also known as Russia Today,") == "rt"


def test_an_organisations_stated_role_is_a_description_of_it() -> None:
    lender = Article(
        "Harbor Logistics Inc., a lender based in Oslo, grew fast.\n\n"
        "Tomas Varga met reporters. The lender said on Monday that its profit had doubled."
    )
    assert lender.resolve("The lender") == "harbor-logistics-inc"
    possessed = Article(
        "Nordvision Broadcasting, a state-financed network, grew fast.\n\n"
        "Norway's main satellite network said on Monday that its audience had doubled."
    )
    assert possessed.resolve("Norway's main satellite network") == "nordvision-broadcasting"
    two = Article(
        "Nordvision Broadcasting, a state-financed network, grew fast. The Daily Courier grew too.\n\n"
        "Harbor Logistics Inc. hired a firm. The network said on Monday that its audience had doubled."
    )
    assert two.resolve("The network") is None  # another outlet was named before: no guess


def test_a_document_speaks_for_its_one_named_author() -> None:
    article = Article(
        "Dana Welk and Harbor Logistics Inc. spoke in Ohio on Monday. "
        "A Harbor Logistics Inc. report found that the cranes were safe. "
        "Welk's statement said the poll was wrong. A new study by Harbor Logistics Inc. found rust. "
        "A study of Dana Welk found that voters liked her. "
        "A poll by Harbor Logistics Inc. and Dana Welk showed a tie."
    )
    assert article.resolve("A Harbor Logistics Inc. report") == "harbor-logistics-inc"
    assert article.resolve("Welk's statement") == "dana-welk"
    assert article.resolve("A new study by Harbor Logistics Inc.") == "harbor-logistics-inc"
    assert article.resolve("A study of Dana Welk") is None  # about her, not by her
    assert article.resolve("A poll by Harbor Logistics Inc. and Dana Welk") is None  # two authors


def test_a_document_of_a_relative_clause_of_authoring_speaks_for_its_subject() -> None:
    article = Article(
        "Dana Welk spoke in Ohio on Monday. The port will close, according to a speech Mr. Welk delivered in May. "
        "The letter that Dana Welk sent on Monday said the port was old. "
        "The letter that Dana Welk read on Monday said the port was new."
    )
    assert article.resolve("a speech Mr. Welk delivered in May") == "dana-welk"
    assert article.resolve("The letter that Dana Welk sent on Monday") == "dana-welk"
    assert article.resolve("The letter that Dana Welk read on Monday") is None  # reading is no authoring


def test_a_joint_poll_named_by_a_proper_modifier_speaks_for_its_named_author() -> None:
    article = Article("Bloomberg said on Monday that the port was old. The Bloomberg/Norvik poll showed Welk ahead.")
    assert article.resolve("The Bloomberg/Norvik poll") == "bloomberg"


def test_a_document_framing_a_clause_is_by_the_clauses_subject() -> None:
    article = Article(
        "Dana Welk and Tom Harlan spoke in Ohio on Monday.\n\n"
        "In a statement issued on Tuesday, Dana Welk said the port would close.\n\n"
        "In a televised interview, Tom Harlan said the port was safe.\n\n"
        "In a Daily Ledger interview, Tom Harlan said the port was old.\n\n"
        "In a report, officials said the port was old."
    )
    assert article.resolve("a statement issued on Tuesday") == "dana-welk"
    assert article.resolve("a televised interview") == "tom-harlan"
    assert article.resolve("a Daily Ledger interview") is None  # who asked, not who spoke
    assert article.resolve("a report") is None  # officials: no one named


def test_a_document_released_or_an_investigation_by_an_author_speaks_for_it() -> None:
    article = Article(
        "Dana Welk and Harbor Logistics Inc. spoke in Ohio on Monday. "
        "An analysis released by Harbor Logistics Inc. found rust. An investigation by Dana Welk found fraud. "
        "The Welk investigation found nothing."
    )
    assert article.resolve("An analysis released by Harbor Logistics Inc.") == "harbor-logistics-inc"
    assert article.resolve("An investigation by Dana Welk") == "dana-welk"
    assert article.resolve("The Welk investigation") is None  # perhaps an investigation of Welk


def test_plural_documents_and_data_speak_for_their_author() -> None:
    article = Article(
        "Harbor Logistics Inc. and Dana Welk spoke in Ohio on Monday. "
        "Data from Harbor Logistics Inc. show that the port lost money. "
        "Transcripts released by Harbor Logistics Inc. show that the port was old. "
        "Studies of Dana Welk show that she was right."
    )
    assert article.resolve("Data from Harbor Logistics Inc.") == "harbor-logistics-inc"
    assert article.resolve("Transcripts released by Harbor Logistics Inc.") == "harbor-logistics-inc"
    assert article.resolve("Studies of Dana Welk") is None  # about her, not by her


def test_the_city_of_a_place_is_the_place() -> None:
    article = Article("The city of Springfield said it would sue the state.")
    assert article.resolve("The city of Springfield") == "springfield"
    assert article.named("Springfield").kind == ActorKind.GOVERNMENT


def test_an_outlets_one_word_name_after_the_is_a_name_though_written_in_lower_case() -> None:
    article = Article("The New York Times reported the loss. He was asked three times. The Times wrote that it grew.")
    assert article.resolve("The Times") == "new-york-times"


def test_a_transcript_label_in_capitals_is_the_speaker() -> None:
    article = Article(
        "Host Mara Quinn asked Governor Tobias Renner about the bridge.\n\n"
        "QUINN: Will it open this year?\n\nRENNER: It will open in May."
    )
    assert article.resolve("QUINN") == "mara-quinn"
    assert article.resolve("RENNER") == "tobias-renner"
    assert "RENNER" in mention_texts(article.named("Tobias Renner"))


def test_a_name_in_capitals_is_a_mention_only_before_a_colon() -> None:
    article = Article("Governor Tobias Renner spoke.\n\nVOTERS IN RENNER COUNTY went to the polls.")
    assert "RENNER" not in mention_texts(article.named("Tobias Renner"))


def test_generic_and_joined_sources_are_unresolved() -> None:
    article = Article(
        "Officials said the pier was unsafe. A source said it was old. Critics said the plan failed. "
        "Lena Brandt and Karl Weber said the crane was unsafe."
    )
    for words in ("Officials", "A source", "Critics", "Lena Brandt and Karl Weber"):
        assert article.resolve(words) is None, words
    assert article.resolve("Lena Brandt") == "lena-brandt"


def test_a_name_and_its_unnamed_company_is_the_named_speaker() -> None:
    article = Article(
        "Lena Brandt and other dock workers said the crane was unsafe. "
        "Karl Weber and his aides said the pier would close. "
        "Lena Brandt and the harbor pilots said the tide was high."
    )
    assert article.resolve("Lena Brandt and other dock workers") == "lena-brandt"
    assert article.resolve("Karl Weber and his aides") == "karl-weber"
    assert article.resolve("Lena Brandt and the harbor pilots") is None


def test_an_apposition_parsed_as_a_conjunct_adds_no_speaker() -> None:
    source = "Even Germany, Poland's only ally and its economic lifeline to the west,"
    article = Article(source + " said it was opposed to the dam.")
    assert article.resolve(source) == "germany"


def test_a_clause_joined_to_a_name_adds_no_speaker() -> None:
    source = "Mara Quinn, the director of the Harbor Trust and also featured in the film,"
    article = Article(source + " told the Daily Post that the port was unsafe.")
    assert article.resolve(source) == "mara-quinn"


def test_an_index_built_by_hand_resolves_nothing() -> None:
    assert ActorIndex().resolve([(0, 4)]) is None


# -- offsets --------------------------------------------------------------------------------------------

SENTENCES = [
    "Maj. Gen. Tomas Varga inspected the harbor on Monday.",
    "Varga\u2019s deputy said the cranes were old.",
    "Lena Brandt, a harbor pilot, said she could not confirm the report.",
    "\u201cIt is old,\u201d she said.",
    "The Transport Ministry declined to comment.",
    "Reuters reported that the ministry had not responded.",
    "It is not clear when the pier will reopen.",
    "Norway said it would send two ships, according to a person familiar with the plan.",
    "Ms. \u00c9lodie M\u00fcller, the ministry's spokeswoman, said the claim was disputed.",
]
SPACES = [" ", "  ", "\u00a0", "\t", " \u200b"]
BREAKS = ["\n\n", "\r\n\r\n", "\n \n", "\n\n\n"]


@st.composite
def articles(draw: st.DrawFn) -> str:
    paragraphs = draw(st.lists(st.lists(st.sampled_from(SENTENCES), min_size=1, max_size=3), min_size=1, max_size=4))
    pieces = [draw(st.sampled_from(SPACES)).join(p) for p in paragraphs]
    text = "".join(p + draw(st.sampled_from(BREAKS)) for p in pieces)
    return draw(st.sampled_from(["", "  ", "\n"])) + text


@settings(deadline=None, max_examples=25, suppress_health_check=[HealthCheck.too_slow])
@given(articles())
def test_every_mention_indexes_the_original(text: str) -> None:
    analysis = analyze(text)
    for actor in analysis.actors:
        assert actor.mentions
        for mention in actor.mentions:
            assert text[mention.start : mention.end] == mention.text
        for alias in actor.aliases:
            assert alias in text


@pytest.mark.parametrize("text", SENTENCES)
def test_mentions_of_each_test_sentence_index_it(text: str) -> None:
    for actor in analyze(text).actors:
        assert all(text[m.start : m.end] == m.text for m in actor.mentions)


def test_a_gendered_surname_gender_cannot_settle_goes_to_the_one_named_before_it() -> None:
    article = Article(
        "The board named Jordan Pryce chief executive on Monday.\n\n"
        "Mr. Pryce said the bank would change.\n\n"
        "Casey Pryce, who leads the union, was not consulted."
    )
    assert article.resolve("Pryce", 1) == article.named("Jordan Pryce").id  # Jordan and Casey tell no gender
