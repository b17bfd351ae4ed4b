"""The append-only results file: repair, resume index, final compaction, locking."""

from __future__ import annotations

import json

import pytest

from summarizer import ConfigurationError
from summarizer.batch.items import BatchItem, ItemError
from summarizer.batch.output import ResultsFile


def error_item(item_id: str, sha: str = "h") -> BatchItem:
    return BatchItem(item_id, sha, error=ItemError("ServerError", "boom", None))


def write(results: ResultsFile, item: BatchItem) -> None:
    results.append(item.id, item.content_sha256, item.ok, item.to_line())


def ok_line(item_id: str, sha: str = "h") -> bytes:
    return json.dumps({"id": item_id, "content_sha256": sha, "status": "ok", "result": {}}).encode() + b"\n"


def test_a_partial_last_line_is_cut_off_and_complete_lines_kept(tmp_path):
    path = tmp_path / "out.jsonl"
    path.write_bytes(ok_line("a") + ok_line("b") + b'{"id": "c", "content_sha2')

    with ResultsFile(path) as results:
        assert results.truncated_bytes == len(b'{"id": "c", "content_sha2')
        assert results.is_done("a", "h")
        assert results.is_done("b", "h")
        assert not results.is_done("c", "h")

    assert path.read_bytes() == ok_line("a") + ok_line("b")


def test_done_means_ok_with_the_same_content_and_the_last_line_wins(tmp_path):
    path = tmp_path / "out.jsonl"
    path.write_bytes(ok_line("a", "old") + error_item("b").to_line() + ok_line("c") + error_item("c").to_line())

    with ResultsFile(path) as results:
        assert not results.is_done("a", "new")  # the article changed: summarise again
        assert results.is_done("a", "old")
        assert not results.is_done("b", "h")  # failed: retried
        assert not results.is_done("c", "h")  # a later error line supersedes the ok one


def test_finish_leaves_one_line_per_input_in_input_order(tmp_path):
    path = tmp_path / "out.jsonl"
    path.write_bytes(ok_line("gone") + error_item("b").to_line() + b"garbage\n" + ok_line("a"))

    with ResultsFile(path) as results:
        assert results.bad_lines == 1
        write(results, BatchItem("b", "h", error=ItemError("RateLimitError", "429", None)))
        write(results, error_item("c"))
        assert results.finish(["a", "b", "c"])

    lines = [json.loads(line) for line in path.read_bytes().splitlines()]
    assert [(x["id"], x["status"]) for x in lines] == [("a", "ok"), ("b", "error"), ("c", "error")]
    assert lines[1]["error"]["kind"] == "RateLimitError"
    assert not list(tmp_path.glob(".*.tmp"))


def test_finish_does_not_rewrite_a_file_that_is_already_right(tmp_path):
    path = tmp_path / "out.jsonl"
    with ResultsFile(path) as results:
        write(results, error_item("b"))
        write(results, error_item("a"))
        inode = path.stat().st_ino
        assert not results.finish(["a", "b"])
    assert path.stat().st_ino == inode


def test_a_second_writer_is_refused(tmp_path):
    path = tmp_path / "out.jsonl"
    with ResultsFile(path), pytest.raises(ConfigurationError, match="another run is writing"):
        ResultsFile(path).open()


def test_lines_are_single_complete_lines(tmp_path):
    with ResultsFile(tmp_path / "out.jsonl") as results, pytest.raises(ValueError, match="exactly one"):
        results.append("x", "h", ok=False, line=b'{"a":\n1}\n')
