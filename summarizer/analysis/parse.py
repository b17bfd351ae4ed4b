"""Parse articles paragraph by paragraph in one ``nlp.pipe`` batch, then join each article's
paragraphs into the one ``Doc`` the rules read.

spaCy's parser and entity recogniser move every document of a batch forward one transition
at a time, so many short documents cost fewer steps than one long one: each cleaned
paragraph is parsed as its own document (ending with the blank line that separates it from
the next), and ``Doc.from_docs`` joins them back, so ``doc.text`` is exactly
:func:`~summarizer.analysis.parsed.joined_text`. This also makes every paragraph break a
sentence start and keeps dependencies and entities inside their paragraph, as the sentences
that ``summarize`` numbers are (pysbd splits each paragraph on its own).

The token attributes (:mod:`~summarizer.analysis.token_attrs`) are set once on the joined
``Doc`` rather than per paragraph: they depend only on each token and its neighbours, and
the blank-line token between two paragraphs keeps any two-token rule from matching across.

The entity recogniser runs as a beam search one state wide (:func:`recognise_entities`)
instead of its greedy loop. Both take, at every token, the highest-scoring valid action of
the one state there is, so the entities are the same; but spaCy 3.8's greedy loop gives up
the GIL and takes it back for every validity check of every action (74 per token for
``en_core_web_sm``), which made it about 100 µs a token, two thirds of the recogniser's
time. The beam loop keeps the GIL and takes half as long.

The recogniser has its own token-to-vector layers, which read only the words. So its
model runs over the paragraphs on a helper thread while this thread runs the shared
token-to-vector layers and the tagger: both spend most of their time in matrix products,
which release the GIL, so the two overlap on a second core. The helper finishes before
the parser starts, because the parser's loop takes the GIL back for every validity check
and would wait on the other thread. The recogniser's transitions run afterwards, on the
parser's sentence starts, exactly as before (:func:`recognise_entities`). Set
:data:`OVERLAP` to ``False`` to run everything on the calling thread (the worker processes
of :mod:`~summarizer.analysis.pool` do: there, every core already has a process).
"""

from __future__ import annotations

import functools
import importlib
import os
import threading
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor, wait
from typing import TYPE_CHECKING, Any

from threadpoolctl import ThreadpoolController

from summarizer.analysis.nlp import pipeline
from summarizer.analysis.parsed import PARAGRAPH_SEPARATOR, Parsed, joined_text
from summarizer.analysis.token_attrs import NAME as TOKEN_ATTRIBUTES

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from summarizer.text.document import Document

ENTITY_RECOGNISER = "ner"
"""The pipeline's entity recogniser, run by :func:`recognise_entities` after the others."""

PARSER = "parser"
"""The pipeline's dependency parser: the recogniser's helper thread finishes before it runs."""

OVERLAP = True
"""Whether the recogniser's model runs on a helper thread while the shared layers run (see
the module's docstring); results are the same either way."""

_parse_lock = threading.Lock()  # one parse at a time: spaCy's pipeline is not documented as thread-safe


@functools.cache
def _helper() -> ThreadPoolExecutor:
    """The one helper thread, started on first use (idle, it ends when the interpreter exits)."""
    return ThreadPoolExecutor(max_workers=1, thread_name_prefix="summarizer-entities")


if hasattr(os, "register_at_fork"):  # a forked child has no helper thread: it starts its own
    os.register_at_fork(after_in_child=_helper.cache_clear)


@functools.cache
def _blas_threads() -> ThreadpoolController:
    """The BLAS / OpenMP thread pools of the process, found once (``threadpool_limits``
    looks every loaded library up again on each call: about a millisecond)."""
    return ThreadpoolController()


def paragraph_texts(document: Document) -> list[str]:
    """The cleaned paragraphs, each but the last followed by the separator that joins them."""
    paragraphs = [p.text for p in document.cleaned.paragraphs]
    return [p + PARAGRAPH_SEPARATOR if n < len(paragraphs) - 1 else p for n, p in enumerate(paragraphs)]


def parse_documents(documents: Sequence[Document]) -> list[Doc]:
    """One ``Doc`` per document, over its paragraphs joined by blank lines, parsed in one batch."""
    from spacy.tokens import Doc

    if not documents:
        return []
    nlp = pipeline()
    join: Any = Doc.from_docs  # its stub lacks ``exclude``
    texts = [paragraph_texts(d) for d in documents]
    flat = [t for paragraphs in texts for t in paragraphs]
    attributes = nlp.get_pipe(TOKEN_ATTRIBUTES) if TOKEN_ATTRIBUTES in nlp.pipe_names else None
    with _parse_lock, _blas_threads().limit(limits=1):  # BLAS threads only slow spaCy's small matrices
        parts = [nlp.make_doc(t) for t in flat]
        early = _predict_entities(nlp, parts) if OVERLAP else None
        try:
            for name, component in nlp.pipeline:
                if name in {TOKEN_ATTRIBUTES, ENTITY_RECOGNISER}:
                    continue
                if name == PARSER and early is not None:
                    wait([early])  # before the parser's loop: see the module's docstring
                parts = _run(component, parts)
        finally:
            if early is not None:
                wait([early])  # never return while the helper still reads these documents
        recognise_entities(nlp, parts, early.result() if early is not None else None)
        out: list[Doc] = []
        cursor = 0
        for paragraphs in texts:
            group, cursor = parts[cursor : cursor + len(paragraphs)], cursor + len(paragraphs)
            doc = join(group, ensure_whitespace=False, exclude=["tensor", "user_data"]) if group else nlp("")
            out.append(attributes(doc) if attributes is not None else doc)
    return out


def _run(component: Any, docs: list[Doc]) -> list[Doc]:
    """One pipeline component over one batch, as ``nlp.pipe`` runs it."""
    if hasattr(component, "pipe"):
        return list(component.pipe(docs, batch_size=max(1, len(docs))))
    return [component(doc) for doc in docs]


def _recogniser(nlp: Language, docs: list[Doc]) -> Any:
    """The pipeline's recogniser (spaCy's Parser has no stubs), or ``None`` when it has none
    or ``docs`` have no token to recognise."""
    if ENTITY_RECOGNISER not in nlp.pipe_names or not any(len(doc) for doc in docs):
        return None
    return nlp.get_pipe(ENTITY_RECOGNISER)


def _predict_entities(nlp: Language, docs: list[Doc]) -> Future[Any] | None:
    """The recogniser's model run over ``docs`` on the helper thread; ``None`` when there is
    nothing to recognise."""
    recogniser = _recogniser(nlp, docs)
    return None if recogniser is None else _helper().submit(recogniser.model.predict, docs)


def recognise_entities(nlp: Language, docs: list[Doc], predicted: Any = None) -> None:
    """Set the entities of ``docs`` as the pipeline's recogniser would, by a beam search one
    state wide (see the module's docstring); nothing when the pipeline has no recogniser.

    This is spaCy 3.8's ``beam_parse`` with ``beam_width=1``, step for step, except that the
    recogniser's model may already have run over ``docs`` (``predicted``, from
    :func:`_predict_entities`)."""
    recogniser = _recogniser(nlp, docs)
    if recogniser is None:
        return
    beams: Any = importlib.import_module("spacy.pipeline._parser_internals._beam_utils")
    recogniser._ensure_labels_are_added(docs)
    batch: Any = beams.BeamBatch(recogniser.moves, recogniser.moves.init_batch(docs), None, 1, density=0.0)
    model = predicted if predicted is not None else recogniser.model.predict(docs)
    while not batch.is_done:
        states = batch.get_unfinished_states()
        if not states:
            break
        batch.advance(model.predict(states))
    model.clear_memory()
    recogniser.set_annotations(docs, list(batch))


def parse_document(document: Document) -> Parsed:
    """One document parsed as :func:`parse_documents` parses it, ready for the rules."""
    return Parsed(document=document, doc=parse_documents([document])[0], paragraph_starts=joined_text(document)[1])
