"""Long articles: chunking on sentence boundaries, and a long article end to end."""

from __future__ import annotations

import itertools
import math
from pathlib import Path

import pytest

from summarizer import ConfigurationError, Options, Summarizer
from summarizer.local.model import DEFAULT_MODEL, cache_dir
from summarizer.text.chunks import (
    SENTENCE_OVERHEAD_TOKENS,
    article_budget,
    estimate_tokens,
    gguf_token_counter,
    plan_chunks,
    split_document,
)
from summarizer.text.document import prepare
from tests.support.fake_server import FakeOpenAIServer
from tests.test_batch_helpers import answer, person, request_sentences

PARAGRAPHS = 60


def long_article() -> str:
    """60 distinct paragraphs, each naming its own person; one recurring source."""
    out = []
    for i in range(PARAGRAPHS):
        name = person(i)
        out.append(
            f"Paragraph {i} of the inquiry concerns depot {i}. "
            f"{name} said that depot {i} had received {100 + i} crates in week {i % 7 + 1}. "
            f"Records for depot {i} are kept in the archive at site {i * 3}."
        )
    out.insert(1, "The figures could not be independently verified. Harbor Authority said the audit was late.")
    out.append("Harbor Authority said the audit was late.")
    return "\n\n".join(out)


def cost(text: str) -> int:
    return estimate_tokens(text) + SENTENCE_OVERHEAD_TOKENS


def test_chunks_cover_every_sentence_once_in_order_within_the_budget():
    doc = prepare(long_article(), max_chars=500_000)
    chunks = plan_chunks(doc.sentences, 400, estimate_tokens)

    assert len(chunks) > 3
    assert [s.number for chunk in chunks for s in chunk] == [s.number for s in doc.sentences]
    assert all(sum(cost(s.text) for s in chunk) <= 400 for chunk in chunks)


def test_chunks_end_at_paragraph_boundaries_when_that_keeps_them_half_full():
    doc = prepare(long_article(), max_chars=500_000)
    chunks = plan_chunks(doc.sentences, 400, estimate_tokens)

    for before, after in itertools.pairwise(chunks):
        assert before[-1].paragraph != after[0].paragraph


def test_a_short_article_is_one_document_and_chunks_are_renumbered():
    doc = prepare(long_article(), max_chars=500_000)

    assert split_document(doc, 100_000, estimate_tokens) == [doc]
    parts = split_document(doc, 400, estimate_tokens)
    assert len(parts) > 3
    for part in parts:
        assert [s.number for s in part.sentences] == list(range(1, len(part.sentences) + 1))
        assert all(doc.original[s.start : s.end] == s.text for s in part.sentences)


def test_a_context_too_small_for_the_instructions_is_a_clear_error():
    with pytest.raises(ConfigurationError, match="raise context_tokens or lower max_output_tokens"):
        article_budget(2048, 2000)


_GGUF = cache_dir() / "models" / DEFAULT_MODEL.filename


@pytest.mark.skipif(not _GGUF.is_file(), reason="the embedded model has not been assembled on this machine")
def test_the_model_tokenizer_counts_and_the_estimate_is_conservative():
    count = gguf_token_counter(Path(_GGUF))
    text = long_article()

    tokens = count(text)
    assert len(text) / 8 < tokens < len(text) / 2
    assert estimate_tokens(text) >= tokens
    print(f"\nGGUF tokens {tokens}, estimate {estimate_tokens(text)}, chars {len(text)}")


def test_a_long_article_is_summarised_in_chunks_and_merged_with_exact_offsets():
    text = long_article()
    # the model-only path: tests.test_batch_helpers.answer writes its wire
    options = Options(context_tokens=4096, max_output_tokens=512, structured_output="json_schema", analysis="off")
    with FakeOpenAIServer(answer) as server:
        result = Summarizer(client=server.client(), model="fake-model", options=options).summarize(text)
        bodies = [r.body for r in server.received]

    assert len(bodies) >= 3, "the article should not fit one prompt"
    for body in bodies:  # every prompt fits the context with room for the answer
        prompt = "\n".join(m["content"] for m in body["messages"])
        assert math.ceil(len(prompt) / 3) + options.max_output_tokens <= options.context_tokens
        assert min(request_sentences(body)) == 1  # sentence numbers restart in every chunk

    summary = result.summary
    evidence = [e for c in summary.claims for e in c.evidence] + [e for c in summary.caveats for e in c.evidence]
    assert evidence
    assert all(text[e.start : e.end] == e.text for e in evidence)
    names = {a.name for a in summary.actors}
    assert person(PARAGRAPHS - 1) in names  # the last chunk's people are not lost
    last_claim = next(c for c in summary.claims if f"depot {PARAGRAPHS - 1} had received" in c.statement)
    assert text[last_claim.evidence[0].start :].startswith(f"{person(PARAGRAPHS - 1)} said")
    assert [a.name for a in summary.actors].count("Harbor Authority") == 1  # named in two chunks, merged
    harbor = next(a for a in summary.actors if a.name == "Harbor Authority")
    audit = [c for c in summary.claims if c.claimant == harbor.id]
    assert len(audit) == 1
    assert len(audit[0].evidence) == 2
    assert [c.kind.value for c in summary.caveats] == ["unverified"]
    assert result.attempts.requests == len(bodies)
    assert result.usage.prompt_tokens == 200 * len(bodies)
    assert result.warnings[0].code == "chunked"
    assert len({a.id for a in summary.actors}) == len(summary.actors)
