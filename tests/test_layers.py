"""The layers import one way: nothing under the pipeline imports from ``summarizer.batch``.

``batch/`` runs many articles *on top of* the pipeline; the pipeline and every stage below
it (text, analysis, prompting, llm, grounding, render, core, the result cache, the embedded
model) must not reach back up into it. Only the entry points (``summarizer/__init__.py``,
``__main__.py``, ``cli.py``) and ``batch/`` itself may. Imports are read with :mod:`ast`,
so an import inside a function or an ``if TYPE_CHECKING:`` block counts too.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "summarizer"
UPPER = "summarizer.batch"
ALLOWED = {"__init__.py", "__main__.py", "cli.py"}
"""Files at the package root that sit above ``batch/`` and may import it."""


def below_batch() -> list[Path]:
    """Every module of the package that sits below ``batch/``."""
    return sorted(
        p
        for p in PACKAGE.rglob("*.py")
        if p.relative_to(PACKAGE).parts[0] != "batch" and str(p.relative_to(PACKAGE)) not in ALLOWED
    )


def module_name(path: Path) -> str:
    """``summarizer/grounding/merge.py`` -> ``summarizer.grounding.merge`` (a package's ``__init__`` -> the package)."""
    parts = ("summarizer", *path.relative_to(PACKAGE).with_suffix("").parts)
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def imported_modules(source: str, module: str, *, is_package: bool = False) -> list[tuple[int, str]]:
    """``(line, dotted name)`` of every module ``source`` imports, relative imports resolved.

    ``from summarizer import batch`` yields ``summarizer.batch`` (a name imported from a
    package may be a submodule).
    """
    package = module if is_package else module.rpartition(".")[0]
    found: list[tuple[int, str]] = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - (node.level - 1)]
                base = ".".join([*anchor, *([base] if base else [])])
            found.append((node.lineno, base))
            found += [(node.lineno, f"{base}.{alias.name}") for alias in node.names]
    return found


def upward_imports(path: Path) -> list[str]:
    """``file:line imports name`` for every import of ``summarizer.batch`` in ``path``."""
    hits = imported_modules(path.read_text(encoding="utf-8"), module_name(path), is_package=path.name == "__init__.py")
    return [
        f"{path.relative_to(PACKAGE.parent)}:{line} imports {name}"
        for line, name in hits
        if name == UPPER or name.startswith(UPPER + ".")
    ]


def test_nothing_under_the_pipeline_imports_from_batch() -> None:
    files = below_batch()
    names = {str(p.relative_to(PACKAGE)) for p in files}
    # the layers the rule is about are really being read
    assert {"pipeline.py", "cache.py", "grounding/merge.py", "llm/client.py", "core/schema.py"} <= names
    assert any(n.startswith(("analysis/", "text/", "prompting/", "render/")) for n in names)
    offending = [hit for p in files for hit in upward_imports(p)]
    assert not offending, "move what is needed below batch/ instead:\n" + "\n".join(offending)


def test_the_result_cache_sits_beside_the_pipeline() -> None:
    assert (PACKAGE / "cache.py").is_file()
    assert not (PACKAGE / "batch" / "cache.py").exists()
    import summarizer
    import summarizer.batch
    import summarizer.cache

    assert summarizer.ResultCache is summarizer.cache.ResultCache is summarizer.batch.ResultCache


@pytest.mark.parametrize(
    "source",
    [
        "from summarizer.batch.cache import ResultCache",
        "import summarizer.batch",
        "from summarizer import batch",
        "from summarizer.batch import many as m",
        "from ..batch import config",
        "if TYPE_CHECKING:\n    from summarizer.batch import BatchItem",
        "def f():\n    import summarizer.batch.job\n",
    ],
)
def test_the_check_sees_every_form_of_an_upward_import(source: str) -> None:
    names = [name for _, name in imported_modules(source, "summarizer.grounding.merge")]
    assert any(n == UPPER or n.startswith(UPPER + ".") for n in names), names


def test_the_check_leaves_other_imports_alone() -> None:
    source = "from summarizer.cache import ResultCache\nfrom . import rules\nimport summarizer.batcher_like\n"
    names = [name for _, name in imported_modules(source, "summarizer.grounding.merge")]
    assert "summarizer.grounding.rules" in names
    assert not any(n == UPPER or n.startswith(UPPER + ".") for n in names)
