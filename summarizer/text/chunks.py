"""Split a long article's sentences into chunks whose prompts fit the model's context.

Sentences are packed in order, never cut. A chunk prefers to end at a paragraph
boundary when that keeps it at least half full. Each chunk is a :class:`Document` over
the same original string whose sentences are renumbered from 1, so grounding a chunk's
answer against it yields evidence offsets into the whole article.

Tokens are counted with the model's own tokenizer where one is at hand (the embedded
GGUF model's vocabulary through llama-cpp-python), else estimated conservatively at
:data:`CHARS_PER_TOKEN` characters per token.
"""

from __future__ import annotations

import atexit
import math
import threading
from collections.abc import Callable
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from summarizer.core.errors import ConfigurationError
from summarizer.text.document import Document
from summarizer.text.sentences import Sentence

TokenCounter = Callable[[str], int]
"""Counts the tokens of a piece of text."""

CHARS_PER_TOKEN = 3.0
"""Characters per token assumed without a tokenizer: English runs at about 4, other
scripts lower, so 3 errs towards smaller chunks rather than an overflowing prompt."""

SENTENCE_OVERHEAD_TOKENS = 4
"""The ``[n] `` number and line break that precede each sentence in the prompt."""

MIN_ARTICLE_TOKENS = 200
"""A context that leaves fewer tokens than this for the article is a configuration error."""


def estimate_tokens(text: str) -> int:
    """A conservative token count from the length of ``text``."""
    return math.ceil(len(text) / CHARS_PER_TOKEN)


_gguf_lock = threading.Lock()


@lru_cache(maxsize=4)
def _gguf_vocab(path: str) -> object:
    import llama_cpp  # optional: the 'local' extra
    from llama_cpp._utils import suppress_stdout_stderr  # llama.cpp logs to fd 2 otherwise

    with suppress_stdout_stderr(disable=False):
        vocab = llama_cpp.Llama(model_path=path, vocab_only=True, verbose=False)
    atexit.register(vocab.close)  # before interpreter teardown, or llama_cpp's __del__ fails noisily
    return vocab


def gguf_token_counter(path: str | Path) -> TokenCounter:
    """Count tokens with a GGUF model's own vocabulary (loads only the vocabulary, ~1 s)."""
    with _gguf_lock:
        vocab = _gguf_vocab(str(path))

    def count(text: str) -> int:
        with _gguf_lock:
            tokens = vocab.tokenize(text.encode("utf-8"), add_bos=False, special=False)  # type: ignore[attr-defined]
        return len(tokens)

    return count


def token_counter(*, local: bool) -> TokenCounter:
    """The best counter available: the embedded model's tokenizer when ``local``, else an estimate."""
    if local:
        try:
            from summarizer.local.model import resolve_gguf  # only for the embedded model

            return gguf_token_counter(resolve_gguf())
        except Exception:  # no tokenizer at hand: fall back to the estimate
            return estimate_tokens
    return estimate_tokens


def article_budget(context_tokens: int, reserved_tokens: int) -> int:
    """Tokens left for the article's sentences; an error says what to change if too few."""
    margin = context_tokens // 20  # chat-template tokens and rounding
    budget = context_tokens - reserved_tokens - margin
    if budget < MIN_ARTICLE_TOKENS:
        raise ConfigurationError(
            f"Options.context_tokens={context_tokens} leaves only {budget} tokens for the article after "
            f"{reserved_tokens} tokens of instructions and output: raise context_tokens or lower max_output_tokens"
        )
    return budget


def plan_chunks(sentences: list[Sentence], budget: int, count: TokenCounter) -> list[list[Sentence]]:
    """Pack ``sentences`` in order into chunks of at most ``budget`` tokens each.

    A sentence longer than the budget on its own becomes a chunk by itself (sentences are
    never cut; the sentence splitter already bounds their length).
    """
    chunks: list[list[Sentence]] = []
    current: list[Sentence] = []
    used = 0
    for sentence in sentences:
        cost = count(sentence.text) + SENTENCE_OVERHEAD_TOKENS
        while current and used + cost > budget:
            keep = _paragraph_cut(current)
            chunks.append(current[:keep])
            current = current[keep:]
            used = sum(count(s.text) + SENTENCE_OVERHEAD_TOKENS for s in current)
        current.append(sentence)
        used += cost
    if current:
        chunks.append(current)
    return chunks


def _paragraph_cut(chunk: list[Sentence]) -> int:
    """Where to end ``chunk``: after its last whole paragraph, if that keeps half of it."""
    for i in range(len(chunk) - 1, 0, -1):
        if chunk[i].paragraph != chunk[i - 1].paragraph:
            return i if i * 2 >= len(chunk) else len(chunk)
    return len(chunk)


def renumbered(sentences: list[Sentence]) -> list[Sentence]:
    """The same sentences numbered from 1 (offsets into the original are unchanged)."""
    return [replace(s, number=i) for i, s in enumerate(sentences, start=1)]


def split_document(doc: Document, budget: int, count: TokenCounter) -> list[Document]:
    """``[doc]`` when its sentences fit ``budget``; else one document per chunk."""
    if sum(count(s.text) + SENTENCE_OVERHEAD_TOKENS for s in doc.sentences) <= budget:
        return [doc]
    return [replace(doc, sentences=renumbered(chunk)) for chunk in plan_chunks(doc.sentences, budget, count)]
