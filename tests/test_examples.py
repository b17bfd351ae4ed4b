"""The example scripts run as written (those that need no live model)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]



def test_review_page_example_writes_the_page_from_the_recorded_summary(tmp_path):
    out = tmp_path / "review.html"
    run = subprocess.run(
        [sys.executable, "examples/review_page.py", "--replay", "--out", str(out)],
        cwd=ROOT, capture_output=True, text=True, timeout=120, check=False,
    )  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith(f"wrote {out} (claims: ")
    page = out.read_text(encoding="utf-8")
    assert page.startswith("<!DOCTYPE html>")
    assert "<mark " in page  # evidence spans are highlighted in the article
    assert 'data-items="' in page
    assert "Ivan Popov" in page


@pytest.mark.parametrize("script", ["summarize_article.py", "any_endpoint.py", "batch_folder.py"])
def test_example_scripts_explain_themselves(script):
    run = subprocess.run([sys.executable, f"examples/{script}", "--help"], cwd=ROOT, capture_output=True, text=True,
                         timeout=60, check=False)  # fmt: skip
    assert run.returncode == 0, run.stderr
    assert run.stdout.startswith("usage:")
