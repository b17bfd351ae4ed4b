"""The embedded llama-cpp-python server: loopback only, never outlives its owner, busy ports.

These start the real server with the real GGUF (a few seconds each to load), so they are
``live`` and skip when llama-cpp-python is not installed. On a shared machine run them
under the model lock: ``flock /tmp/summarizer-model.lock .venv/bin/python -m pytest
tests/test_local_server.py``.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import signal
import socket
import subprocess
import sys
import textwrap
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path

import pytest

from summarizer import BackendError
from tests.support.faults_report import case, describe

pytestmark = [
    pytest.mark.live,
    pytest.mark.skipif(
        importlib.util.find_spec("llama_cpp") is None,
        reason="llama-cpp-python is not installed (pip install 'summarizer[local]')",
    ),
]

ROOT = Path(__file__).resolve().parents[1]
GONE_WITHIN_S = 15.0
LOOPBACK_ONLY = case("server-loopback", "server", "start the server; read the listening sockets from `/proc/net/tcp*`")
OWNER_EXITS = {
    "exit": case("server-owner-exits", "server", "owner starts the server (no `with`, no `stop()`) and returns"),
    "raise": case("server-owner-raises", "server", "owner starts the server and dies of an uncaught exception"),
    "sigterm": case("server-owner-sigterm", "server", "owner starts the server and gets SIGTERM"),
    "sigkill": case("server-owner-sigkill", "server", "owner starts the server and gets SIGKILL"),
}
BUSY_FIXED = case("server-busy-port", "server", "`LocalServer(port=P)` while another socket listens on P")
BUSY_AUTO = case("server-busy-auto-port", "server", "automatic port, and the first free port found is taken meanwhile")

OWNER = textwrap.dedent(
    """
    import sys, time
    from summarizer.local import LocalServer

    server = LocalServer(startup_timeout_s=240).start()
    print(server.pid, server.port, flush=True)
    mode = sys.argv[1]
    if mode == "raise":
        raise RuntimeError("the owner failed")
    if mode in ("sigterm", "sigkill"):
        time.sleep(600)
    """
)


# -- sockets and processes, read from /proc --------------------------------------------------


def listeners(port: int) -> list[tuple[str, int]]:
    """``(local address, socket inode)`` of every TCP socket listening on ``port``."""
    found = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        if not os.path.exists(table):
            continue
        for line in Path(table).read_text().splitlines()[1:]:
            fields = line.split()
            address, port_hex = fields[1].rsplit(":", 1)
            if fields[3] == "0A" and int(port_hex, 16) == port:  # 0A: LISTEN
                found.append((_address(address), int(fields[9])))
    return found


def _address(hex_address: str) -> str:
    if len(hex_address) == 8:  # IPv4, little-endian
        return socket.inet_ntop(socket.AF_INET, bytes.fromhex(hex_address)[::-1])
    words = bytes.fromhex(hex_address)
    return socket.inet_ntop(socket.AF_INET6, b"".join(words[i : i + 4][::-1] for i in range(0, 16, 4)))


def socket_inodes(pid: int) -> set[int]:
    """Inodes of the sockets process ``pid`` holds open."""
    inodes = set()
    for fd in Path(f"/proc/{pid}/fd").iterdir():
        try:
            target = os.readlink(fd)
        except OSError:
            continue
        if target.startswith("socket:["):
            inodes.add(int(target[8:-1]))
    return inodes


def alive(pid: int) -> bool:
    """Whether ``pid`` runs (a zombie waiting to be reaped counts as gone)."""
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except (OSError, IndexError):
        return False
    return state not in ("Z", "X")


def wait_gone(pid: int, timeout_s: float = GONE_WITHIN_S) -> float | None:
    """Seconds until ``pid`` is gone, or ``None`` if it still runs after ``timeout_s``."""
    start = time.monotonic()
    while time.monotonic() - start < timeout_s:
        if not alive(pid):
            return time.monotonic() - start
        time.sleep(0.1)
    return None


def kill_leftover(pid: int) -> None:
    """Clean up after a failed test: kill the server process group we started."""
    if alive(pid):
        with contextlib.suppress(ProcessLookupError):
            os.killpg(pid, signal.SIGKILL)


def served_models(port: int) -> list[str]:
    """The model ids the server on ``port`` lists."""
    with urllib.request.urlopen(f"http://127.0.0.1:{port}/v1/models", timeout=10) as response:
        return [m["id"] for m in json.load(response)["data"]]


@pytest.fixture
def busy_port() -> Iterator[int]:
    """A port another socket listens on, on 127.0.0.1."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen()
        yield int(sock.getsockname()[1])


# -- tests ----------------------------------------------------------------------------------------


def test_server_binds_loopback_only():
    from summarizer.local import LocalServer

    start = time.monotonic()
    with LocalServer() as server:
        assert server.port is not None
        assert server.pid is not None
        found = listeners(server.port)
        mine = socket_inodes(server.pid)
        models = served_models(server.port)
        seconds = time.monotonic() - start
        pid, port = server.pid, server.port
    assert found, f"nothing listens on port {port}"
    assert {address for address, _ in found} == {"127.0.0.1"}, found
    assert any(inode in mine for _, inode in found), "the listening socket is not the server's"
    assert server.alias in models
    assert server.log_path is not None
    assert "greedy grammar sampler installed" in server.log_path.read_text()  # summarizer.local.serve
    assert wait_gone(pid) is not None
    assert not listeners(port)
    LOOPBACK_ONLY.record("listens on 127.0.0.1 only (no 0.0.0.0 or :: socket); gone after `with`", requests="n/a",
                         seconds=seconds)  # fmt: skip


@pytest.mark.parametrize("mode", list(OWNER_EXITS))
def test_no_server_outlives_its_owner(mode):
    start = time.monotonic()
    owner = subprocess.Popen(
        [sys.executable, "-c", OWNER, mode], cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True
    )
    server_pid = None
    try:
        assert owner.stdout is not None
        line = owner.stdout.readline()
        assert line, f"the owner printed nothing: {owner.communicate(timeout=30)[1][-2000:]}"
        server_pid, port = map(int, line.split())
        assert alive(server_pid)
        assert listeners(port)
        if mode == "sigterm":
            owner.send_signal(signal.SIGTERM)
        elif mode == "sigkill":
            owner.kill()
        _, err = owner.communicate(timeout=60)
        gone_after = wait_gone(server_pid)
        assert gone_after is not None, f"server {server_pid} still runs {GONE_WITHIN_S} s after its owner ({mode})"
        assert not listeners(port)
    finally:
        if owner.poll() is None:
            owner.kill()
            owner.wait()
        if server_pid is not None:
            kill_leftover(server_pid)
    expected_code = {"exit": 0, "raise": 1, "sigterm": 128 + signal.SIGTERM, "sigkill": -signal.SIGKILL}[mode]
    assert owner.returncode == expected_code, err[-2000:]
    if mode == "raise":
        assert "the owner failed" in err
    how = {"exit": "the atexit hook", "raise": "the atexit hook", "sigterm": "SIGTERM turned into SystemExit",
           "sigkill": "the kernel (PR_SET_PDEATHSIG)"}[mode]  # fmt: skip
    OWNER_EXITS[mode].record(f"server gone within {GONE_WITHIN_S:g} s, port free (stopped by {how}); "
                             f"owner exit code {owner.returncode}", requests="n/a",
                             seconds=time.monotonic() - start)  # fmt: skip


def test_explicit_busy_port_is_a_clear_error(busy_port):
    from summarizer.local import LocalServer

    start = time.monotonic()
    server = LocalServer(port=busy_port)
    with pytest.raises(BackendError) as info:
        server.start()
    seconds = time.monotonic() - start
    first_line = str(info.value).splitlines()[0]
    assert str(busy_port) in first_line
    assert "already in use" in first_line
    assert seconds < 2, "a busy port is found before the model is loaded"
    assert server.pid is None
    BUSY_FIXED.record(describe(info.value).replace(str(busy_port), "P").split("\n")[0], requests="n/a",
                      seconds=seconds)  # fmt: skip


def test_automatic_port_moves_on_from_a_busy_one(busy_port, monkeypatch):
    from summarizer.local import LocalServer
    from summarizer.local import server as server_module

    real_free_port = server_module._free_port
    offered = iter([busy_port])
    monkeypatch.setattr(server_module, "_free_port", lambda: next(offered, None) or real_free_port())
    start = time.monotonic()
    with LocalServer() as server:
        port, pid = server.port, server.pid
        assert port is not None
        assert port != busy_port
        assert server.alias in served_models(port)
        seconds = time.monotonic() - start
    assert pid is not None
    assert wait_gone(pid) is not None
    BUSY_AUTO.record("started on another free port", requests="n/a", seconds=seconds)


def test_a_server_started_from_a_short_lived_thread_outlives_the_thread():
    from summarizer.local import LocalServer

    server = LocalServer()
    starter = threading.Thread(target=server.start)  # e.g. a web request's thread
    starter.start()
    starter.join()
    try:
        assert server.pid is not None and server.port is not None
        time.sleep(1.0)  # PR_SET_PDEATHSIG would have fired by now if it were tied to that thread
        assert server.running
        assert server.alias in served_models(server.port)
        first_port = server.port
        server.stop()
        assert not server.running
        server.start()  # restarts on a free port, not pinned to the old one
        assert server.running and server.port is not None
        assert server.alias in served_models(server.port)
        print(f"\nports: {first_port} then {server.port}")
    finally:
        server.stop()
