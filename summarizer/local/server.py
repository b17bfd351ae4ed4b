"""Start, watch and stop llama-cpp-python's OpenAI-compatible server on loopback.

The server listens on 127.0.0.1 only, on a free port, and is stopped when its owner
exits: by the context manager, on exceptions and Ctrl-C, at interpreter exit, on SIGTERM
(turned into a normal exit), and, on Linux, by the kernel if the owner dies outright.
"""

from __future__ import annotations

import atexit
import contextlib
import ctypes
import importlib.util
import json
import os
import queue
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Mapping, Sequence
from concurrent.futures import Future
from pathlib import Path
from types import FrameType
from typing import Any

from summarizer.core.errors import BackendError
from summarizer.local.model import DEFAULT_MODEL, cache_dir, resolve_gguf

HOST = "127.0.0.1"
PREFIX_ENV = "SUMMARIZER_PREFIX"
"""The environment variable through which :class:`LocalServer` hands its server process the
prefix to warm (:mod:`summarizer.local.prefix`): JSON ``{"messages": [...], "dir": "..."}``."""
_PR_SET_PDEATHSIG = 1


def embedded_alias(gguf: str | os.PathLike[str] | None = None) -> str:
    """The model name the embedded server serves ``gguf`` (or ``SUMMARIZER_GGUF``, or the default) as.

    Results and cache keys carry it, so a custom GGUF (named after its file) never passes
    for the default model. Known without starting the server.
    """
    custom = gguf or os.environ.get("SUMMARIZER_GGUF")
    return Path(custom).stem if custom else DEFAULT_MODEL.alias


def _env_int(name: str) -> int | None:
    value = os.environ.get(name, "").strip()
    if not value:
        return None
    if not value.isdigit() or int(value) < 1:
        raise BackendError(f"{name} must be a positive whole number, not {value!r}")
    return int(value)


def _prefix_cache_on() -> bool:
    return os.environ.get("SUMMARIZER_PREFIX_CACHE", "").strip() not in ("0", "false", "no", "off")


def _usable_cores() -> int:
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # pragma: no cover - not Linux
        return max(1, os.cpu_count() or 1)


class LocalServer:
    """llama-cpp-python's server for one GGUF model, owned by this process.

    Example:
        >>> with LocalServer() as server:
        ...     client = openai.OpenAI(base_url=server.base_url, api_key="unused")
    """

    def __init__(
        self,
        gguf: str | os.PathLike[str] | None = None,
        *,
        alias: str | None = None,
        port: int | None = None,
        n_ctx: int | None = None,
        n_threads: int | None = None,
        startup_timeout_s: float = 300.0,
        on_status: Callable[[str], None] | None = None,
        on_bytes: Callable[[int, int], None] | None = None,
        prefix: Sequence[Mapping[str, str]] | None = None,
    ) -> None:
        self.gguf = gguf
        self.alias = alias or embedded_alias(gguf)
        self.port = port
        self._wanted_port = port  # None: a free port at every start
        self.n_ctx = n_ctx or _env_int("SUMMARIZER_N_CTX") or 8192
        self.n_threads = n_threads or _env_int("SUMMARIZER_N_THREADS") or _usable_cores()
        self.startup_timeout_s = startup_timeout_s
        self._on_status = on_status or (lambda _msg: None)
        self._on_bytes = on_bytes
        self._process: subprocess.Popen[Any] | None = None
        self._lock = threading.Lock()
        self.log_path: Path | None = None
        self.prefix = [dict(m) for m in prefix] if prefix and _prefix_cache_on() else None
        """The messages every request starts with, whose KV cache the server loads from disk
        (or computes and saves) before it answers (:mod:`summarizer.local.prefix`); ``None``:
        none, or ``SUMMARIZER_PREFIX_CACHE=0``."""

    @property
    def base_url(self) -> str:
        """The OpenAI-compatible base URL (``http://127.0.0.1:PORT/v1``)."""
        if self._process is None or self.port is None:
            raise BackendError("the local server is not running: call start() or use it as a context manager")
        return f"http://{HOST}:{self.port}/v1"

    @property
    def pid(self) -> int | None:
        """The server's process id while it runs."""
        return self._process.pid if self._process else None

    @property
    def running(self) -> bool:
        """Whether the server process is alive (it may have been killed from outside)."""
        return self._process is not None and self._process.poll() is None

    def __enter__(self) -> LocalServer:
        return self.start()

    def __exit__(self, *_exc: object) -> None:
        self.stop()

    def start(self) -> LocalServer:
        """Start the server (if not running) and wait until it answers."""
        with self._lock:
            if self._process is not None and self._process.poll() is None:
                return self
            _require_llama_cpp()
            wanted = self._wanted_port
            if wanted is not None and not _port_free(wanted):
                raise BackendError(
                    f"port {wanted} on {HOST} is already in use: pass another port, or port=None to pick a free one"
                )
            self._on_status("preparing the model file")
            model_path = resolve_gguf(self.gguf, progress=self._on_bytes)
            fixed_port = wanted is not None
            for _try in range(1 if fixed_port else 3):
                port = wanted if wanted is not None else _free_port()
                try:
                    self._spawn(model_path, port)
                except OSError as exc:
                    raise BackendError(f"could not start the local model server: {exc}") from exc
                _register(self)
                if self._wait_ready(port):
                    self.port = port
                    return self
                log = self._log_tail()
                self._kill()
                if fixed_port or "address already in use" not in log.lower():
                    raise BackendError(f"the local model server did not start on port {port}:\n{log}")
            raise BackendError("the local model server found no free port after 3 tries")

    def stop(self) -> None:
        """Stop the server and wait for it to exit. Safe to call twice."""
        with self._lock:
            self._kill()

    # -- internals ----------------------------------------------------------------------

    def _spawn(self, model_path: Path, port: int) -> None:
        logs = cache_dir() / "logs"
        logs.mkdir(parents=True, exist_ok=True)
        self.log_path = logs / f"llama-server-{os.getpid()}-{port}.log"
        command = [
            sys.executable, "-m", "summarizer.local.serve",
            "--model", str(model_path), "--model_alias", self.alias,
            "--host", HOST, "--port", str(port),
            "--n_ctx", str(self.n_ctx), "--n_threads", str(self.n_threads),
            "--verbose", "False",
        ]  # fmt: skip
        self._on_status(f"starting the local model server ({model_path.name}, {self.n_threads} threads)")
        env = dict(os.environ)
        env.pop(PREFIX_ENV, None)
        if self.prefix:
            env[PREFIX_ENV] = json.dumps({"messages": self.prefix, "dir": str(cache_dir() / "prefix")})
        with self.log_path.open("wb") as log:
            self._process = _spawner.popen(
                command,
                env=env,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                start_new_session=True,  # Ctrl-C reaches us, not the server: we stop it
                preexec_fn=_die_with_parent if sys.platform.startswith("linux") else None,
            )

    def _wait_ready(self, port: int) -> bool:
        deadline = time.monotonic() + self.startup_timeout_s
        url = f"http://{HOST}:{port}/v1/models"
        while time.monotonic() < deadline:
            assert self._process is not None
            if self._process.poll() is not None:
                return False
            with (
                contextlib.suppress(OSError, urllib.error.URLError),
                urllib.request.urlopen(url, timeout=2) as response,
            ):
                if response.status == 200:
                    return True
            time.sleep(0.25)
        return False

    def _kill(self) -> None:
        process, self._process = self._process, None
        _unregister(self)
        if process is None or process.poll() is not None:
            return
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGTERM)
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)

    def _log_tail(self, lines: int = 15) -> str:
        try:
            assert self.log_path is not None
            return "\n".join(self.log_path.read_text(errors="replace").splitlines()[-lines:])
        except (OSError, AssertionError):
            return "(no server log)"


def _require_llama_cpp() -> None:
    if importlib.util.find_spec("llama_cpp") is None or importlib.util.find_spec("uvicorn") is None:
        raise BackendError(
            "the embedded model needs llama-cpp-python's server: pip install 'summarizer[local]' "
            "(it compiles llama.cpp, about 7 minutes on 2 cores), or set OPENAI_BASE_URL / "
            "OPENAI_API_KEY to use another endpoint"
        )


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.bind((HOST, 0))
        return int(sock.getsockname()[1])


def _port_free(port: int) -> bool:
    """Whether ``port`` can be listened on (as the server will: with ``SO_REUSEADDR``)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as sock:
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            sock.bind((HOST, port))
        except OSError:
            return False
        return True


def _die_with_parent() -> None:  # pragma: no cover - runs in the child before exec
    with contextlib.suppress(Exception):
        ctypes.CDLL(None, use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)


class _Spawner:
    """Starts server processes from one long-lived thread.

    ``PR_SET_PDEATHSIG`` fires when the *thread* that forked the child ends, not the
    process: a server started from a short-lived thread (a web request's, a thread pool's)
    would die with that thread. This thread lives as long as the process.
    """

    def __init__(self) -> None:
        self._jobs: queue.SimpleQueue[tuple[Future[subprocess.Popen[Any]], list[str], dict[str, Any]]]
        self._jobs = queue.SimpleQueue()
        self._thread: threading.Thread | None = None
        self._lock = threading.Lock()

    def popen(self, command: list[str], **kwargs: Any) -> subprocess.Popen[Any]:
        """``subprocess.Popen(command, **kwargs)``, run on the spawner thread."""
        with self._lock:
            if self._thread is None or not self._thread.is_alive():
                self._thread = threading.Thread(target=self._serve, name="summarizer-server-spawner", daemon=True)
                self._thread.start()
        done: Future[subprocess.Popen[Any]] = Future()
        self._jobs.put((done, command, kwargs))
        return done.result()

    def _serve(self) -> None:
        while True:
            done, command, kwargs = self._jobs.get()
            try:
                done.set_result(subprocess.Popen(command, **kwargs))
            except BaseException as exc:  # handed to the caller
                done.set_exception(exc)


_spawner = _Spawner()


# -- process-wide ownership: stop every server on exit and on SIGTERM -----------------------

_running: set[LocalServer] = set()
_running_lock = threading.Lock()
_hooks_installed = False


def _register(server: LocalServer) -> None:
    global _hooks_installed
    with _running_lock:
        _running.add(server)
        if not _hooks_installed:
            atexit.register(_stop_all)
            _install_sigterm_handler()
            _hooks_installed = True


def _unregister(server: LocalServer) -> None:
    with _running_lock:
        _running.discard(server)


def _stop_all() -> None:
    with _running_lock:
        servers = list(_running)
    for server in servers:
        server.stop()


def _install_sigterm_handler() -> None:
    """Turn SIGTERM into SystemExit so context managers and atexit hooks run."""
    if threading.current_thread() is not threading.main_thread():
        return
    if signal.getsignal(signal.SIGTERM) not in (signal.SIG_DFL, None):
        return  # the application has its own handler; atexit still stops the server

    def _exit(signum: int, _frame: FrameType | None) -> None:
        raise SystemExit(128 + signum)

    signal.signal(signal.SIGTERM, _exit)


_default: LocalServer | None = None
_default_lock = threading.Lock()


def default_server(
    on_status: Callable[[str], None] | None = None,
    on_bytes: Callable[[int, int], None] | None = None,
    prefix: Sequence[Mapping[str, str]] | None = None,
) -> LocalServer:
    """The process-wide embedded server, started on first use and stopped at exit (with the
    ``prefix`` of its first caller: see :class:`LocalServer`)."""
    global _default
    with _default_lock:
        if _default is None:
            _default = LocalServer(on_status=on_status, on_bytes=on_bytes, prefix=prefix)
        return _default.start()
