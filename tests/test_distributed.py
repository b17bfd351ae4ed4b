"""A batch on a real Dask cluster: three worker processes calling one loopback endpoint.

The model-only path (``analysis="off"``): ``answer`` writes its wire.
"""

from __future__ import annotations

import argparse
import json
import time
from collections import Counter
from pathlib import Path
from typing import Any

import distributed

from summarizer.batch import EndpointConfig, command, run_to_file
from summarizer.batch.distributed import dask_executor
from tests.support.fake_server import FakeOpenAIServer, Reply
from tests.test_batch_helpers import answer, article, article_id

INPUTS = 15


def run_cli(tmp_path: Path, server: FakeOpenAIServer, address: str) -> tuple[int, list[dict[str, Any]]]:
    """``summarizer batch FOLDER --dask ADDRESS`` on the running cluster."""
    folder, out = tmp_path / "folder", tmp_path / "cli.jsonl"
    folder.mkdir()
    for i in (20, 21, 22):
        (folder / f"{i}.txt").write_text(article(i))
    parser = argparse.ArgumentParser(prog="summarizer")
    command.register(parser.add_subparsers())
    argv = ["batch", str(folder), "--out", str(out), "--dask", address, "--base-url", server.base_url,
            "--model", "fake-model", "--no-cache", "--analysis", "off"]  # fmt: skip
    args = parser.parse_args(argv)
    code: int = args.handler(args)
    return code, [json.loads(line) for line in out.read_text().splitlines()]


def test_an_archive_batch_runs_on_a_local_dask_cluster(tmp_path):
    source, out = tmp_path / "archive.jsonl", tmp_path / "results.jsonl"
    rows = [json.dumps({"id": f"doc-{i}", "text": article(i)}) for i in range(INPUTS)]
    rows.append('{"id": "doc-broken"')
    source.write_text("\n".join(rows) + "\n")
    out.write_bytes(b'{"id": "doc-0", "content_sha256": "stale", "status": "ok", "result": {}}\n{"id": "doc-1", "con')

    def model(body: dict[str, Any]) -> Reply:
        if article_id(body) == 4:
            return Reply.error(400, "this one is rejected")
        if article_id(body) == 9:
            return Reply.error(429, "slow down", retry_after="1")
        time.sleep(0.1)
        return answer(body)

    started = time.monotonic()
    with (
        FakeOpenAIServer(model) as server,
        distributed.LocalCluster(
            n_workers=3, processes=True, threads_per_worker=1, dashboard_address=None, scheduler_port=0
        ) as cluster,
        distributed.Client(cluster) as client,
    ):
        cluster_ready = time.monotonic() - started
        workers = list(client.scheduler_info()["workers"])
        config = EndpointConfig(
            base_url=server.base_url,
            model="fake-model",
            options={"structured_output": "json_schema", "analysis": "off", "retry": {"max_attempts": 1}},
            cache_dir=str(tmp_path / "cache"),
        )
        with distributed.get_task_stream(client) as stream:
            report = run_to_file(source, out, dask_executor(client, config), show_progress=False)
        by_worker = Counter(t["worker"] for t in stream.data if "summarize_on_worker" in str(t["key"]))
        received = [(article_id(r.body), r.at) for r in server.received]
        cli_code, cli_rows = run_cli(tmp_path, server, cluster.scheduler_address)

    print(f"\ncluster up in {cluster_ready:.1f} s; batch in {report.elapsed_s:.1f} s; tasks per worker {by_worker}")
    assert len(workers) == 3
    assert sum(by_worker.values()) == INPUTS
    assert len(by_worker) >= 2, "the work should spread over the worker processes"
    assert (report.ok, report.failed, report.skipped, report.total) == (INPUTS - 2, 3, 0, INPUTS + 1)
    assert report.exit_code == 1
    assert sorted(i for i, _ in received) == list(range(INPUTS))  # each article asked exactly once
    assert cli_code == 0
    assert sorted((r["id"], r["status"]) for r in cli_rows) == [("20.txt", "ok"), ("21.txt", "ok"), ("22.txt", "ok")]
    limited_at = next(at for i, at in received if i == 9)
    during_pause = [round(at - limited_at, 2) for _, at in received if 0.3 < at - limited_at < 0.95]
    assert during_pause == [], "a worker started a new article while the cluster was paused"
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert [r["id"] for r in lines] == [f"doc-{i}" for i in range(INPUTS)] + ["line:16"]
    status = {r["id"]: r["status"] for r in lines}
    assert status["doc-4"] == "error"
    assert lines[4]["error"]["kind"] == "BadRequestError"
    assert lines[9]["error"]["kind"] == "RateLimitError"
    assert lines[-1]["error"]["kind"] == "InputError"
    assert sum(s == "ok" for s in status.values()) == INPUTS - 2
    text = article(7)
    for claim in lines[7]["result"]["summary"]["claims"]:
        for ev in claim["evidence"]:
            assert text[ev["start"] : ev["end"]] == ev["text"]
