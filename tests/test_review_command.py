"""`summarizer review FILE.reviewed.json` and `summarizer schema --reviewed`."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest

from summarizer import ReviewStatus, load_reviewed, reviewed_json_schema
from summarizer.cli import main
from summarizer.core.reviewed import REVIEWED_FORMAT, article_sha256
from summarizer.render.review import STATUS_TITLES, render_review_markdown, review_report
from tests.support.reference import reference_result, reference_text
from tests.support.reviewed import AT, entry, reviewed_data, span
from tests.support.samples import HOSTILE


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def write(tmp_path: Path, data: Any, name: str = "bridge.reviewed.json") -> Path:
    path = tmp_path / name
    path.write_text(data if isinstance(data, str) else json.dumps(data), encoding="utf-8")
    return path


def one_line_error(err: str) -> str:
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("summarizer: error: ")
    return lines[0]


# --- schema --reviewed ---------------------------------------------------------------------------


def test_schema_reviewed_prints_the_reviewed_file_schema(capsys):
    code, out, _ = run(capsys, "schema", "--reviewed")
    assert code == 0
    schema = json.loads(out)
    assert schema == reviewed_json_schema()
    assert schema["properties"]["format"]["const"] == REVIEWED_FORMAT


def test_review_explains_itself(capsys):
    with pytest.raises(SystemExit) as info:
        main(["review", "--help"])
    assert info.value.code == 0
    out = capsys.readouterr().out
    assert "usage: summarizer review" in out and "--format" in out and "exit codes:" in out


# --- the report on a good file -----------------------------------------------------------------------


def test_markdown_report_says_what_the_editor_changed(capsys, tmp_path):
    code, out, err = run(capsys, "review", str(write(tmp_path, reviewed_data())))
    assert code == 0, err
    assert err == ""
    assert "Reviewed by **Ed Itor**; last changed 2026-12-01 12:00 UTC." in out
    assert "**6 reviewed** (11 items in the summary): 2 corrected, 1 marked wrong, 1 added, 2 confirmed." in out
    sections = [line for line in out.splitlines() if line.startswith("## ")]
    assert sections == ["## Corrected (2)", "## Marked wrong (1)", "## Added (1)", "## Confirmed (2)"]
    assert "- **Claim c2**: was John Roe: The repair estimate is inflated by at least a third." in out
    assert "  - Now: Jane Doe: The repair estimate is inflated by a third or more." in out
    assert "  - claimant: John Roe → Jane Doe" in out
    assert "  - Note: speaker swapped" in out
    assert "  - source\\_actor: John Roe → no named actor" in out
    assert "- **Caveat new-1 (added)**: Unclear: When work would begin is unclear." in out
    assert "  - Evidence: “it is unclear when work would begin”" in out
    assert "- **Actor jane-doe**: Jane Doe (Mayor)" in out
    assert "  - By Second Editor, 2026-12-01 12:00 UTC" in out  # another reviewer than the file's
    assert "Note: a protester's sign, not a claim" in out


def test_markdown_report_escapes_article_and_model_text(capsys, tmp_path):
    _, out, _ = run(capsys, "review", str(write(tmp_path, reviewed_data())))
    assert HOSTILE not in out
    assert "<script>" not in out and "\\<script\\>" in out


def test_json_report_holds_every_entry_with_labels(capsys, tmp_path):
    code, out, _ = run(capsys, "review", str(write(tmp_path, reviewed_data())), "--format", "json")
    assert code == 0
    report = json.loads(out)
    assert report["reviewer"] == "Ed Itor"
    assert report["counts"] == {"confirmed": 2, "wrong": 1, "corrected": 2, "added": 1}
    assert report["items_in_result"] == 11 and report["reviewed"] == 6
    refs = [i["item"] for i in report["items"]]
    assert refs == ["actor:jane-doe", "claim:c5", "claim:c2", "attribution:a1", "caveat:1", "caveat:new-1"]
    c2 = report["items"][2]
    assert c2["changes"][1] == {
        "field": "claimant", "before": "john-roe", "after": "jane-doe",
        "before_label": "John Roe", "after_label": "Jane Doe",
    }  # fmt: skip
    assert c2["now"] == "Jane Doe: The repair estimate is inflated by a third or more."
    wrong = report["items"][1]
    assert wrong["status"] == "wrong" and wrong["now"] is None and wrong["was"].endswith(HOSTILE)
    added = report["items"][5]
    assert added["was"] is None
    text = reviewed_data()["result"]["source_text"]
    ev = added["evidence"][0]
    assert text[ev["start"] : ev["end"]] == ev["text"]


def test_reads_standard_input(capsys, monkeypatch):
    raw = json.dumps(reviewed_data()).encode()
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(raw), encoding="utf-8"))
    code, out, _ = run(capsys, "review", "-", "--format", "json")
    assert code == 0
    assert json.loads(out)["reviewed"] == 6


def test_an_empty_review_says_so(capsys, tmp_path):
    _, out, _ = run(capsys, "review", str(write(tmp_path, reviewed_data(items=[]))))
    assert "**0 reviewed**" in out
    assert "The editor has not acted on any item yet." in out
    assert "## " not in out


def test_every_status_has_a_section_title():
    assert set(STATUS_TITLES) == set(ReviewStatus)


# --- bad files: exit 2 and one line saying why ---------------------------------------------------------


def bad(data: dict[str, Any], path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    target = data
    for key in path[:-1]:
        target = target[key]
    target[path[-1]] = value
    return data


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ("{ not json", "not a reviewed file: not valid JSON"),
        (bad(reviewed_data(), ("format",), "summarizer.reviewed/0"), "format is 'summarizer.reviewed/0'"),
        (
            bad(reviewed_data(), ("review", "items", 2, "status"), "confirmed"),
            "does not match the schema: review.items.2: item 'claim:c2': status 'corrected' goes with non-empty",
        ),
        (
            bad(reviewed_data(), ("review", "items", 0, "reviewer"), 42),
            "does not match the schema: review.items.0.reviewer",
        ),
        (
            bad(reviewed_data(), ("review", "article_sha256"), article_sha256("other")),
            "does not match its article: review.article_sha256",
        ),
        (
            bad(reviewed_data(), ("review", "items", 5, "added", "evidence", 0, "start"), 0),
            "does not match the schema: review.items.5.added.evidence.0",  # start moved, end kept: length differs
        ),
        (
            bad(reviewed_data(), ("review", "items", 5, "added", "evidence", 0),
                {**span(reviewed_data()["result"]["source_text"], "it is unclear when work would begin"), "start": 0,
                 "end": 35}),
            "does not match its article: review item caveat:new-1: span 0-35 does not index",
        ),
        (
            reviewed_data(items=[entry("claim:c42", "wrong")]),
            "does not match its article: review item claim:c42: the result has no such claim",
        ),
    ],
)  # fmt: skip
def test_a_bad_file_exits_2_with_one_line_why(capsys, tmp_path, data, expected):
    code, out, err = run(capsys, "review", str(write(tmp_path, data)))
    assert code == 2
    assert out == ""
    assert expected in one_line_error(err)


def test_a_missing_file_exits_2(capsys, tmp_path):
    code, _, err = run(capsys, "review", str(tmp_path / "nothing.reviewed.json"))
    assert code == 2
    assert "cannot read" in one_line_error(err)


def test_a_result_without_a_review_is_not_a_reviewed_file(capsys, tmp_path):
    result = reviewed_data()["result"]  # what `summarize --format json` writes
    code, _, err = run(capsys, "review", str(write(tmp_path, result)))
    assert code == 2
    assert "not a reviewed file: format is None" in one_line_error(err)


# --- a real result -------------------------------------------------------------------------------------


@pytest.mark.cassette
def test_a_review_of_the_recorded_reference_summary(capsys, tmp_path):
    result = reference_result()
    text = reference_text()
    summary = result.summary
    first, second = summary.claims[0], summary.claims[1]
    other = next(a.id for a in summary.actors if a.id != second.claimant)
    items = [
        entry(f"claim:{first.id}", "confirmed"),
        entry(
            f"claim:{second.id}",
            "corrected",
            changes=[{"field": "claimant", "before": second.claimant, "after": other}],
        ),
        entry(
            "caveat:new-1",
            "added",
            added={
                "text": "Unconfirmed.",
                "caveat_kind": "unverified",
                "evidence": [span(text, "independently confirm")],
            },
        ),
    ]
    data = {
        "format": REVIEWED_FORMAT,
        "result": {**json.loads(result.model_dump_json()), "source_text": text},
        "review": {"article_sha256": article_sha256(text), "reviewer": None, "updated_at": AT, "items": items},
    }
    reviewed = load_reviewed(json.dumps(data))
    assert render_review_markdown(review_report(reviewed)).count("\n- **") == 3
    code, out, _ = run(capsys, "review", str(write(tmp_path, data, "popov.reviewed.json")), "-f", "json")
    assert code == 0
    report = json.loads(out)
    assert report["counts"] == {"confirmed": 1, "wrong": 0, "corrected": 1, "added": 1}
    assert report["items"][1]["changes"][0]["after_label"] == summary.actor(other).name  # type: ignore[union-attr]
