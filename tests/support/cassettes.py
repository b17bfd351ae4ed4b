"""Strict vcrpy cassettes recorded from a real model server.

Replay (the default): ``record_mode="none"``, so an unrecorded request fails the test,
and a test that leaves an interaction unplayed fails too. Recording
(``SUMMARIZER_RECORD=1``, see ``make record-cassettes``): requests go to the embedded
local server, or to ``OPENAI_BASE_URL``/``OPENAI_API_KEY`` with ``SUMMARIZER_MODEL``.

On write, credentials are scrubbed (authorization, api-key, cookies, organisation and
project headers), compressed bodies are decoded, and JSON bodies are stored as JSON
objects so a cassette reads as plain JSON. Response bodies are re-encoded mechanically,
never edited.
"""

from __future__ import annotations

import json
import os
from pathlib import Path
from typing import Any

import vcr
from vcr.cassette import Cassette

ROOT = Path(__file__).resolve().parents[2]
CASSETTES = ROOT / "cassettes"
RECORDING = os.environ.get("SUMMARIZER_RECORD") == "1"
REPLAY_BASE_URL = "http://127.0.0.1:9/v1"  # never contacted: playback is strict
SECRET_HEADERS = ("authorization", "api-key", "openai-organization", "openai-project", "cookie", "set-cookie", "x-api-key")


class JsonBodySerializer:
    """vcrpy serializer: pretty JSON, with JSON bodies stored as objects."""

    @staticmethod
    def serialize(cassette_dict: dict[str, Any]) -> str:
        interactions = []
        for item in cassette_dict["interactions"]:
            request = dict(item["request"])
            response = dict(item["response"])
            request["body"] = _as_json(request.get("body"))
            body = response.get("body", {}).get("string")
            response["body"] = {"json": _as_json(body)} if _is_json(body) else {"string": _text(body)}
            interactions.append({"request": request, "response": response})
        return json.dumps({"interactions": interactions, "version": cassette_dict.get("version", 1)}, indent=1, ensure_ascii=False) + "\n"

    @staticmethod
    def deserialize(text: str) -> dict[str, Any]:
        data = json.loads(text)
        for item in data["interactions"]:
            request, response = item["request"], item["response"]
            if not isinstance(request.get("body"), (str, type(None))):
                request["body"] = json.dumps(request["body"])
            body = response["body"]
            response["body"] = {"string": json.dumps(body["json"]) if "json" in body else body["string"]}
        return data


def _text(body: Any) -> str:
    if body is None:
        return ""
    return body.decode("utf-8", "replace") if isinstance(body, (bytes, bytearray)) else str(body)


def _is_json(body: Any) -> bool:
    try:
        json.loads(_text(body))
    except ValueError:
        return False
    return bool(_text(body).strip())


def _as_json(body: Any) -> Any:
    return json.loads(_text(body)) if _is_json(body) else (_text(body) or None)


def _scrub_request(request: Any) -> Any:
    for name in list(request.headers):
        if name.lower() in SECRET_HEADERS:
            del request.headers[name]
    return request


def _scrub_response(response: dict[str, Any]) -> dict[str, Any]:
    headers = response.get("headers", {})
    for name in list(headers):
        if name.lower() in (*SECRET_HEADERS, "content-length", "content-encoding", "date", "server"):
            del headers[name]
    return response


def _json_body_matcher(r1: Any, r2: Any) -> None:
    def load(body: Any) -> Any:
        return json.loads(_text(body)) if _is_json(body) else _text(body)

    assert load(r1.body) == load(r2.body), "request bodies differ"


def make_vcr() -> vcr.VCR:
    """A VCR configured for this project's cassettes."""
    recorder = vcr.VCR(
        cassette_library_dir=str(CASSETTES),
        record_mode="all" if RECORDING else "none",
        match_on=("method", "path", "json_body"),
        serializer="prettyjson",
        decode_compressed_response=True,
        before_record_request=_scrub_request,
        before_record_response=_scrub_response,
    )
    recorder.register_serializer("prettyjson", JsonBodySerializer)
    recorder.register_matcher("json_body", _json_body_matcher)
    return recorder


def cassette_path(name: str) -> Path:
    """Where the cassette called ``name`` lives."""
    return CASSETTES / f"{name}.json"


def assert_all_played(cassette: Cassette) -> None:
    """Fail if the test left recorded interactions unplayed."""
    if not RECORDING:
        assert cassette.all_played, (
            f"cassette {cassette._path} has {len(cassette.data) - cassette.play_count} unplayed interactions"
        )
