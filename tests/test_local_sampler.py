"""The embedded server's greedy grammar sampler picks what llama-cpp-python's own chain picks.

These load the real GGUF into this process (a few seconds), so they are ``live`` and skip
when llama-cpp-python is not installed. On a shared machine run them under the model lock:
``flock /tmp/summarizer-model.lock .venv/bin/python -m pytest tests/test_local_sampler.py``.
"""

from __future__ import annotations

import importlib.util
import json
from typing import Any

import pytest

pytestmark = [
    pytest.mark.live,
    pytest.mark.skipif(
        importlib.util.find_spec("llama_cpp") is None,
        reason="llama-cpp-python is not installed (pip install 'summarizer[local]')",
    ),
]

# A schema the model would not answer by itself: the key, the enum and the number are
# forced, so the grammar refuses the model's best token at some steps.
SCHEMA = {
    "type": "object",
    "properties": {
        "zq_code": {"type": "string", "enum": ["plum-7", "violet-3"]},
        "count": {"type": "integer"},
        "note": {"type": "string", "maxLength": 60},
    },
    "required": ["zq_code", "count", "note"],
}
MESSAGES = [
    {"role": "system", "content": "Answer in JSON."},
    {"role": "user", "content": "Write the word plum five times, then name the longest river of Europe."},
]


def answer(llm: Any, *, temperature: float = 0.0, max_tokens: int = 96) -> tuple[str, Any]:
    """One completion from an empty context (no prompt reuse), and the sampler it used."""
    llm.reset()
    response = llm.create_chat_completion(
        messages=MESSAGES,
        response_format={"type": "json_object", "schema": SCHEMA},
        temperature=temperature,
        # Stronger than the server's default 1.1, so that a sampler that skipped the
        # penalties would pick other tokens here.
        repeat_penalty=1.5,
        presence_penalty=0.5,
        max_tokens=max_tokens,
        seed=0,
    )
    return response["choices"][0]["message"]["content"], llm._sampler


def test_same_tokens_as_llama_cpp_pythons_chain(llm: Any) -> None:
    from summarizer.local import sampler

    sampler.uninstall()
    stock, stock_sampler = answer(llm)
    assert not isinstance(stock_sampler, sampler.GreedyGrammarSampler)
    assert sampler.install()
    try:
        fast, fast_sampler = answer(llm)
    finally:
        sampler.uninstall()
    assert isinstance(fast_sampler, sampler.GreedyGrammarSampler)
    assert fast == stock
    # The forced key and enum made the grammar refuse the best token, so the fallback ran
    # and still picked what the chain picks; most steps needed no full filter.
    assert fast_sampler.full_filters > 0
    assert fast_sampler.full_filters < fast_sampler.steps
    assert json.loads(fast)["zq_code"] in ("plum-7", "violet-3")


def test_other_sampling_keeps_the_chain(llm: Any) -> None:
    from summarizer.local import sampler

    assert sampler.install()
    try:
        _text, used = answer(llm, temperature=0.7, max_tokens=8)
    finally:
        sampler.uninstall()
    assert not isinstance(used, sampler.GreedyGrammarSampler)


def test_a_different_llama_cpp_python_keeps_its_own_sampler(monkeypatch: pytest.MonkeyPatch) -> None:
    from llama_cpp import llama as llama_module

    from summarizer.local import sampler

    def other_init_sampler(self: Any, top_k: int = 40, grammar: Any = None, backend: str = "cpu") -> None:
        return None

    sampler.uninstall()
    monkeypatch.setattr(llama_module.Llama, "_init_sampler", other_init_sampler)
    assert not sampler.compatible()
    assert not sampler.install()
    assert llama_module.Llama._init_sampler is other_init_sampler
