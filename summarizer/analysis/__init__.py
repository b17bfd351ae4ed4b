"""Stage 2: cleaned text -> the deterministic analysis (spaCy): actors, attributions, hedges.

News writing makes who is named, who said what and what the outlet itself doubts
formulaic, and syntax settles most of it. This stage finds those candidates with exact
spans and no model; the prompt stage then asks the model to judge and summarise them.

    >>> from summarizer import analyze
    >>> analysis = analyze(article_text)
    >>> [(a.source_actor, a.content[0].text) for a in analysis.attributions]
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from summarizer.analysis.actors import ActorIndex, find_actors
from summarizer.analysis.attributions import find_attributions
from summarizer.analysis.found import FoundAttribution, FoundHedge
from summarizer.analysis.hedges import find_hedges
from summarizer.analysis.language import looks_english
from summarizer.analysis.parse import parse_documents
from summarizer.analysis.parsed import Parsed, joined_text
from summarizer.core.options import Options
from summarizer.core.schema import Analysis, Attribution, Hedge, SummaryWarning, WarningCode
from summarizer.text.document import Document, InputFormat, prepare

__all__ = ["analyze", "analyze_document", "analyze_documents"]


def analyze(text: str, *, input_format: InputFormat = "text", max_chars: int | None = None) -> Analysis:
    """Find the actors, attributions and hedges of one article, with no model.

    Offsets index ``text`` exactly (for HTML input, the extracted article, as
    ``summarize`` does). Text that does not look English gets no attributions or hedges,
    and a ``not_english`` warning.
    """
    return analyze_document(prepare_text(text, input_format=input_format, max_chars=max_chars))


def prepare_text(text: str, *, input_format: InputFormat = "text", max_chars: int | None = None) -> Document:
    """The :class:`Document` :func:`analyze` analyses: ``text`` cleaned and split, at most
    ``max_chars`` (default: ``Options().max_input_chars``) long."""
    limit = max_chars if max_chars is not None else Options().max_input_chars
    return prepare(text, max_chars=limit, input_format=input_format)


def analyze_document(document: Document) -> Analysis:
    """:func:`analyze` of an already prepared :class:`Document`."""
    return next(analyze_documents([document]))


def analyze_documents(documents: Iterable[Document], *, batch_size: int = 16) -> Iterator[Analysis]:
    """:func:`analyze_document` for many documents, ``batch_size`` at a time parsed together in
    one ``nlp.pipe`` batch of their paragraphs (:mod:`~summarizer.analysis.parse`)."""
    documents = list(documents)
    for first in range(0, len(documents), max(1, batch_size)):
        chunk = documents[first : first + max(1, batch_size)]
        english = [looks_english(d) for d in chunk]
        docs = iter(parse_documents([d for d, en in zip(chunk, english, strict=True) if en]))
        for document, en in zip(chunk, english, strict=True):
            if not en:
                yield _not_english(document)
                continue
            yield assemble(Parsed(document=document, doc=next(docs), paragraph_starts=joined_text(document)[1]))


def assemble(parsed: Parsed) -> Analysis:
    """Run every rule module on one parse and build the public :class:`Analysis`."""
    index = find_actors(parsed)
    found = find_attributions(parsed)
    attributions = [_attribution(parsed, index, f, n) for n, f in enumerate(found, start=1)]
    hedges = [_hedge(parsed, h, n) for n, h in enumerate(find_hedges(parsed), start=1)]
    return Analysis(
        language="en",
        actors=index.actors,
        attributions=[a for a in attributions if a is not None],
        hedges=[h for h in hedges if h is not None],
    )


def _attribution(parsed: Parsed, index: ActorIndex, found: FoundAttribution, number: int) -> Attribution | None:
    cue, content = parsed.evidence_of(found.cue), parsed.evidence_of(found.content)
    if not cue or not content:
        return None
    actor = found.source_actor if found.source_actor is not None else index.resolve(found.source)
    return Attribution(
        id=f"a{number}",
        kind=found.kind,
        source_actor=actor,
        source=parsed.evidence_of(found.source),
        cue=cue,
        content=content,
        sentences=parsed.sentence_numbers([*found.cue, *found.content, *found.source]),
    )


def _hedge(parsed: Parsed, found: FoundHedge, number: int) -> Hedge | None:
    cue = parsed.evidence(*found.cue)
    if not cue:
        return None
    sentence = parsed.document.sentences[parsed.sentence_number(found.cue[0]) - 1]
    sentence_ev = parsed.evidence_of([_doc_span(parsed, sentence.start, sentence.end)])
    return Hedge(
        id=f"h{number}",
        kind=found.kind,
        cue=cue[0],
        sentence=sentence_ev[0] if sentence_ev else cue[0],
        sentence_number=sentence.number,
    )


def _doc_span(parsed: Parsed, o_start: int, o_end: int) -> tuple[int, int]:
    """The :class:`Parsed` span of an original-string span that lies inside one paragraph."""
    for index, paragraph in enumerate(parsed.document.cleaned.paragraphs):
        if paragraph.offsets and paragraph.offsets[0] <= o_start <= paragraph.offsets[-1]:
            base = parsed.paragraph_starts[index]
            lo = next(i for i, o in enumerate(paragraph.offsets) if o >= o_start)
            hi = max((i for i, o in enumerate(paragraph.offsets) if o < o_end), default=lo) + 1
            return base + lo, base + hi
    return 0, 0


def _not_english(document: Document) -> Analysis:
    return Analysis(
        language="other",
        warnings=[
            SummaryWarning(
                code=WarningCode.NOT_ENGLISH,
                message="the article does not look English: attributions and hedges were not analysed "
                "(the summary comes from the model alone)",
            )
        ],
    )
