"""The analysis of the reference article (examples/popov_fired_for_truth.txt), with no model.

The article's own caveats in its last paragraphs are hedges; its people, ministry and
outlet are actors with their names, aliases, roles and kinds; and who said what goes to
the right actor.
"""

from __future__ import annotations

import pytest

from summarizer.analysis import analyze
from summarizer.analysis.actors import find_actors
from summarizer.analysis.parse import parse_document
from summarizer.core.schema import ActorKind, Analysis, Attribution, CaveatKind
from summarizer.text.document import prepare


@pytest.fixture(scope="module")
def analysis(article_text: str) -> Analysis:
    return analyze(article_text)


def _actor_id(analysis: Analysis, name: str) -> str:
    found = [a for a in analysis.actors if a.name == name]
    assert len(found) == 1, f"{name!r} not among {[a.name for a in analysis.actors]}"
    return found[0].id


# -- hedges ---------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("cue", "kind", "in_sentence"),
    [
        ("did not say how", CaveatKind.UNCLEAR, "how he obtained the recording"),
        ("has not been able to independently confirm", CaveatKind.UNVERIFIED, "the audio features Popov"),
        ("It is not clear", CaveatKind.UNCLEAR, "what incident that referred to"),
        ("has been asked for comment", CaveatKind.NO_COMMENT, "The Defense Ministry"),
    ],
)
def test_the_caveats_of_the_last_paragraphs_are_hedges(
    analysis: Analysis, article_text: str, cue: str, kind: CaveatKind, in_sentence: str
) -> None:
    found = [h for h in analysis.hedges if h.cue.text == cue]
    assert len(found) == 1, [h.cue.text for h in analysis.hedges]
    (hedge,) = found
    assert hedge.kind == kind
    assert in_sentence in hedge.sentence.text
    assert article_text[hedge.cue.start : hedge.cue.end] == cue
    assert article_text[hedge.sentence.start : hedge.sentence.end] == hedge.sentence.text


def test_no_hedge_comes_from_inside_a_quote(analysis: Analysis) -> None:
    quoted = ("I had no right to lie", "treacherously", "should stay on his conscience")
    assert not any(q in h.sentence.text for h in analysis.hedges for q in quoted)


# -- actors ---------------------------------------------------------------------------------------------


def test_the_general_is_one_actor_with_his_surname_as_alias(analysis: Analysis) -> None:
    popov = analysis.actor(_actor_id(analysis, "Ivan Popov"))
    assert popov is not None
    assert popov.id == "ivan-popov"
    assert popov.kind == ActorKind.PERSON
    assert popov.aliases == ["Popov"]
    assert popov.role == "Maj. Gen."
    assert sum(m.text == "Popov" for m in popov.mentions) >= 5


def test_the_people_the_ministry_and_the_outlet(analysis: Analysis) -> None:
    turchak = analysis.actor(_actor_id(analysis, "Andrey Turchak"))
    assert turchak is not None and turchak.role is not None and "senator" in turchak.role
    assert turchak.aliases == ["Turchak"]
    gurulev = analysis.actor(_actor_id(analysis, "Andrey Gurulev"))
    assert gurulev is not None and gurulev.aliases == ["Gurulev"]
    assert gurulev.role is not None and "politician" in gurulev.role
    prigozhin = analysis.actor(_actor_id(analysis, "Yevgeny Prigozhin"))
    assert prigozhin is not None and prigozhin.role == "the founder of the Wagner private military group"
    ministry = analysis.actor(_actor_id(analysis, "Defense Ministry"))
    assert ministry is not None and ministry.kind == ActorKind.GOVERNMENT
    nbc = analysis.actor(_actor_id(analysis, "NBC News"))
    assert nbc is not None and nbc.kind == ActorKind.MEDIA


def test_what_is_no_actor(analysis: Analysis) -> None:
    names = {a.name for a in analysis.actors}
    assert not names & {"Telegram", "Spartak", "Spartacus", "Ukraine", "Moscow", "Defense", "Zaporizhzhia"}


def test_every_mention_indexes_the_article(analysis: Analysis, article_text: str) -> None:
    for actor in analysis.actors:
        for mention in actor.mentions:
            assert article_text[mention.start : mention.end] == mention.text


def test_he_after_a_quote_is_the_general(article_text: str) -> None:
    document = prepare(article_text, max_chars=100_000)
    parsed = parse_document(document)
    index = find_actors(parsed)
    for quote in ("\u201cWe were hit from the rear", "\u201cIn your name"):
        start = parsed.text.index(quote)
        he = parsed.text.index("he said", start)
        assert index.resolve([(he, he + 2)]) == "ivan-popov", quote
    turchak = parsed.text.index("Turchak said")
    assert index.resolve([(turchak, turchak + len("Turchak"))]) == "andrey-turchak"


# -- who said what (needs the attribution rules) -------------------------------------------------------


@pytest.fixture(scope="module")
def attributions(analysis: Analysis) -> list[Attribution]:
    if not analysis.attributions:
        pytest.skip("no attributions found (summarizer/analysis/attributions.py is still a stub)")
    return analysis.attributions


def _covering(attributions: list[Attribution], start: int) -> list[Attribution]:
    """The attributions whose content includes character ``start`` of the article."""
    return [a for a in attributions if any(c.start <= start < c.end for c in a.content)]


def _start(text: str, words: str) -> int:
    return text.index(words)


@pytest.mark.parametrize(
    "quote",
    [
        "\u201cI called things by their proper name",
        "\u201cWe were hit from the rear",
        "\u201cIn your name and in the name",
    ],
)
def test_popovs_quotes_are_popovs(
    analysis: Analysis, attributions: list[Attribution], article_text: str, quote: str
) -> None:
    popov = _actor_id(analysis, "Ivan Popov")
    covering = _covering(attributions, _start(article_text, quote) + 1)
    # "..., he said, according to the audio": the evidential "according to" may also cover the
    # quote, with no actor (the audio is none); no other actor may have it
    assert popov in {a.source_actor for a in covering}, f"no attribution gives {quote!r} to Popov"
    assert {a.source_actor for a in covering} <= {popov, None}


@pytest.mark.parametrize(
    "content",
    [
        "the audio was an internal message intended for the 58th Army only",
        "\u201cThe fact that \u2018MP\u2019 Gurulev somehow got it",
    ],
)
def test_turchaks_words_are_turchaks(
    analysis: Analysis, attributions: list[Attribution], article_text: str, content: str
) -> None:
    turchak = _actor_id(analysis, "Andrey Turchak")
    covering = _covering(attributions, _start(article_text, content) + 1)
    assert turchak in {a.source_actor for a in covering}, f"no attribution gives {content!r} to Turchak"
    assert {a.source_actor for a in covering} <= {turchak, None}


def test_the_outlets_own_sentence_is_no_persons(
    analysis: Analysis, attributions: list[Attribution], article_text: str
) -> None:
    persons = {a.id for a in analysis.actors if a.kind == ActorKind.PERSON}
    start = article_text.index("Popov\u2019s apparent statement adds to speculation")
    end = article_text.index(".", start) + 1
    for attribution in attributions:
        if attribution.source_actor in persons:
            assert not any(c.start < end and start < c.end for c in attribution.content), attribution.id
