"""Shared helpers for the batch, chunking and distributed tests (no tests here).

``answer`` is a stand-in model for the loopback fake server: it reads the numbered
sentences of the request it receives and writes valid wire JSON that names the people of
those sentences and cites their own sentence numbers, the way a real model would.
"""

from __future__ import annotations

import json
import re
from typing import Any

from tests.support.fake_server import Reply

SENTENCE = re.compile(r"^\[(\d+)\] (.*)$", re.MULTILINE)
SAID = re.compile(r"\b([A-Z][a-z]+ [A-Z][a-z]+|[A-Z][a-z]+) said (?:that )?(.+?)\.$")
FIRST = ["Maria", "Tomas", "Aiko", "Jonas", "Leila", "Pavel", "Nora", "Omar", "Greta", "Hugo", "Ines", "Karim"]
LAST = ["Kowalski", "Brandt", "Okafor", "Lindqvist", "Moreau", "Sato", "Haddad", "Novak", "Ferreira", "Quinn"]


def person(i: int) -> str:
    """A distinct two-word name for every ``i`` below 120."""
    return f"{FIRST[i % len(FIRST)]} {LAST[(i // len(FIRST)) % len(LAST)]}"


def request_sentences(body: dict[str, Any]) -> dict[int, str]:
    """The numbered sentences of the article in a chat request body."""
    user = next(m["content"] for m in body["messages"] if m["role"] == "user")
    return {int(n): text for n, text in SENTENCE.findall(user)}


def wire_for(sentences: dict[int, str]) -> dict[str, Any]:
    """Valid wire JSON for these sentences: every "X said Y." becomes an actor and a claim."""
    said = [(n, m.group(1), m.group(2)) for n, text in sentences.items() if (m := SAID.search(text))]
    names: list[str] = []
    for _, name, _ in said:
        if name not in names:
            names.append(name)
    keep = _ends(names)  # the wire allows 8: the first four and the last four
    claims = _ends([
        {"claimant": name, "attribution": "reported", "statement": statement, "sentences": [n], "quote": None}
        for n, name, statement in said
        if name in keep
    ])  # fmt: skip
    caveats = [
        {"kind": "unverified", "text": "The article says this could not be verified.", "sentences": [n]}
        for n, text in sentences.items()
        if "could not be independently verified" in text
    ][:4]
    first = sentences[min(sentences)]
    return {
        "headline": first[:80],
        "summary": f"The article reports what {len(keep)} people said.",
        "actors": [{"name": name, "kind": "person", "role": None} for name in keep],
        "claims": claims,
        "disputes": [],
        "caveats": caveats,
    }


def _ends(items: list[Any]) -> list[Any]:
    return items if len(items) <= 8 else items[:4] + items[-4:]


def answer(body: dict[str, Any], *, delay_s: float = 0.0) -> Reply:
    """A chat completion answering this request with :func:`wire_for`."""
    content = json.dumps(wire_for(request_sentences(body)))
    return Reply.ok(content, delay_s=delay_s, prompt_tokens=200, completion_tokens=80)


def article(i: int, paragraphs: int = 3) -> str:
    """A short distinct article: item ``i``, each paragraph naming one person."""
    out = []
    for p in range(paragraphs):
        name = person(i * paragraphs + p)
        out.append(
            f"In report number {i}, {name} said the council had approved plan {i}-{p}. "
            f"The vote took place on day {p + 1} of the session."
        )
    return "\n\n".join(out)


def article_id(body: dict[str, Any]) -> int:
    """Which :func:`article` a request is about."""
    match = re.search(r"In report number (\d+),", "\n".join(request_sentences(body).values()))
    assert match, "not a request for a test article"
    return int(match.group(1))
