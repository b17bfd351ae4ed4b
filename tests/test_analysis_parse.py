"""The parse: paragraphs parsed in one batch and joined, and the fast token attributes.

Texts are written for the tests.
"""

from __future__ import annotations

import numpy as np
import pytest

from summarizer.analysis import analyze, analyze_documents
from summarizer.analysis.nlp import pipeline
from summarizer.analysis.parse import parse_document, parse_documents
from summarizer.analysis.parsed import joined_text
from summarizer.analysis.token_attrs import NAME, TokenAttributes
from summarizer.text.document import Document, prepare

ARTICLE = (
    "Mayor Jane Doe said on Tuesday that the bridge would reopen in May\n\n"
    "the council, which met in Riverton, disagreed. \u201cWe ain't ready,\u201d said Tom Reyes.\n\n"
    "Y'all know nothin' about it, the mayor's aide told reporters.   Dr. Eva Lund, a surgeon, "
    "said the clinic won't close.\n\n"
    "Officials said they'd check the cables."
)

SENTENCES = [
    ARTICLE,
    "She ain't going. Y'all did it, didn't you? Nothin' was left.\n\n\n  It's the U.S.-based firm's 3rd try.",
    "The ministers were running; the children's toys were better than ours. He has been tested.",
    "Gonna see 'em at 5 p.m. -- or won't we? I'd've known. Whoa!!  \t Okay.",
]


def _document(text: str) -> Document:
    return prepare(text, max_chars=100_000)


def test_the_joined_doc_is_the_joined_text() -> None:
    document = _document(ARTICLE)
    doc = parse_documents([document])[0]
    assert doc.text == joined_text(document)[0]


def test_every_paragraph_starts_a_sentence_and_keeps_its_parse() -> None:
    parsed = parse_document(_document(ARTICLE))
    doc = parsed.doc
    starts = {s.start_char for s in doc.sents}
    for start in parsed.paragraph_starts:
        assert start in starts  # "...reopen in May / the council..." is two sentences, as pysbd numbers them
    for tok in doc:
        if not tok.is_space:
            assert parsed.paragraph_at(tok.idx) == parsed.paragraph_at(tok.head.idx), tok.text
    for ent in doc.ents:
        assert parsed.paragraph_at(ent.start_char) == parsed.paragraph_at(ent.end_char - 1)


def test_the_one_doc_parse_would_join_the_paragraphs() -> None:
    """Why paragraphs are parsed apart: over the joined text, the parser runs the first two
    paragraphs together into one sentence."""
    joined, starts = joined_text(_document(ARTICLE))
    whole = pipeline()(joined)
    assert starts[1] not in {s.start_char for s in whole.sents}


def test_batches_give_what_one_article_alone_gives() -> None:
    texts = [ARTICLE, "Le maire a dit que le pont serait rouvert en mai.", SENTENCES[1]]
    alone = [analyze(t) for t in texts]
    together = list(analyze_documents([_document(t) for t in texts], batch_size=2))
    assert [a.model_dump() for a in together] == [a.model_dump() for a in alone]


def test_the_pipeline_uses_the_fast_token_attributes() -> None:
    nlp = pipeline()
    assert NAME in nlp.pipe_names
    assert {"attribute_ruler", "lemmatizer"} <= set(nlp.disabled)


@pytest.mark.parametrize("text", SENTENCES)
def test_token_attributes_equal_spacys_ruler_and_lemmatizer(text: str) -> None:
    from spacy.attrs import DEP, LEMMA, MORPH, POS, TAG

    nlp = pipeline()
    doc = nlp.make_doc(text)
    for name in ("tok2vec", "tagger", "parser"):
        doc = nlp.get_pipe(name)(doc)
    theirs, ours = doc.copy(), doc.copy()
    nlp.get_pipe("lemmatizer")(nlp.get_pipe("attribute_ruler")(theirs))
    nlp.get_pipe(NAME)(ours)
    columns = [TAG, POS, MORPH, LEMMA, DEP]
    assert np.array_equal(theirs.to_array(columns), ours.to_array(columns)), [
        (a.text, a.tag_, b.tag_, a.pos_, b.pos_, str(a.morph), str(b.morph), a.lemma_, b.lemma_)
        for a, b in zip(theirs, ours, strict=True)
        if (a.tag_, a.pos_, str(a.morph), a.lemma_) != (b.tag_, b.pos_, str(b.morph), b.lemma_)
    ]


def test_the_regex_rules_of_the_ruler_apply() -> None:
    """en_core_web_sm's three REGEX rules: "ai" of "ain't", "y'" of "y'all", "nothin'"."""
    doc = pipeline()("She ain't going. Did y'all see it? There was nothin' left.")
    lemmas = {t.lower_: t.lemma_ for t in doc}
    assert (lemmas["ai"], lemmas["y'"], lemmas["nothin'"]) == ("be", "you", "nothing")


def test_a_rule_it_cannot_reproduce_keeps_spacys_components() -> None:
    class Ruler:
        def __init__(self) -> None:
            self.patterns = [{"patterns": [[{"LOWER": {"FUZZY": "tset"}}]], "attrs": {"LEMMA": "test"}, "index": 0}]
            self.attrs = [{73: 1}]
            self.indices = [0]

    from spacy import attrs

    from summarizer.analysis import token_attrs

    assert token_attrs._rules(Ruler(), pipeline().vocab, attrs) is None
    assert isinstance(pipeline().get_pipe(NAME), TokenAttributes)
