"""Reading batch inputs: folders and JSONL files, bad lines as inputs with errors."""

from __future__ import annotations

import json

import pytest

from summarizer import ConfigurationError
from summarizer.batch.inputs import count_inputs, iter_inputs, sha256_text


def test_a_folder_yields_txt_and_html_files_by_relative_path(tmp_path):
    (tmp_path / "b").mkdir()
    (tmp_path / "a.txt").write_text("Alpha text.", encoding="utf-8")
    (tmp_path / "b" / "c.HTML").write_text("<html><body><p>Gamma</p></body></html>", encoding="utf-8")
    (tmp_path / "b" / "notes.md").write_text("ignored", encoding="utf-8")
    (tmp_path / ".hidden.txt").write_text("ignored", encoding="utf-8")
    (tmp_path / "bad.txt").write_bytes(b"caf\xe9 au lait")

    items = list(iter_inputs(tmp_path))

    assert [i.id for i in items] == ["a.txt", "bad.txt", "b/c.HTML"]
    assert items[0].text == "Alpha text."
    assert items[0].content_sha256 == sha256_text("Alpha text.")
    assert items[0].input_format == "auto"
    assert items[1].text is None
    assert "not UTF-8" in (items[1].error or "")
    assert count_inputs(tmp_path) == 3


def test_jsonl_bad_lines_become_inputs_with_errors(tmp_path):
    path = tmp_path / "in.jsonl"
    lines = [
        json.dumps({"id": "one", "text": "First."}),
        "",
        "{not json",
        json.dumps(["a", "list"]),
        json.dumps({"text": "no id"}),
        json.dumps({"id": "two"}),
        json.dumps({"id": 3, "text": "Numeric id."}),
        json.dumps({"id": "one", "text": "Duplicate."}),
    ]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")

    items = list(iter_inputs(path))

    assert [i.id for i in items] == ["one", "line:3", "line:4", "line:5", "two", "3", "line:8"]
    assert [i.error is None for i in items] == [True, False, False, False, False, True, False]
    assert "not valid JSON" in (items[1].error or "")
    assert "not a JSON object" in (items[2].error or "")
    assert 'no "id"' in (items[3].error or "")
    assert 'no "text"' in (items[4].error or "")
    assert "duplicate id 'one' (first on line 1)" in (items[6].error or "")
    assert count_inputs(path) == 7


def test_a_missing_input_is_a_configuration_error(tmp_path):
    with pytest.raises(ConfigurationError, match="does not exist"):
        iter_inputs(tmp_path / "nope.jsonl")
