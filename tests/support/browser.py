"""The headless Chromium the browser tests drive (skipped without it, a failure under CI=true)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import pytest

try:
    from playwright.sync_api import sync_playwright
except ImportError:  # chromium() skips (or fails in CI) with the reason
    sync_playwright = None

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parents[2] / "test-artifacts"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--no-first-run",
    "--disable-sync",
    "--disable-quic",
]
LAPTOP = {"width": 1366, "height": 768}


def unavailable(reason: str) -> None:
    """Skip the test, or fail it when ``CI`` is set (CI must run the browser tests)."""
    if os.environ.get("CI"):
        pytest.fail(f"{reason} (CI is set, so this is a failure): run scripts/ensure_chromium.sh")
    pytest.skip(f"{reason}: run scripts/ensure_chromium.sh to install it")


@contextmanager
def chromium(profile: Path, **options: Any) -> Iterator[Any]:
    """A headless, offline Chromium context with a fresh profile in ``profile``."""
    if not CHROMIUM.exists():
        unavailable(f"{CHROMIUM} is not installed")
    if sync_playwright is None:
        unavailable("the playwright package is not installed (pip install playwright)")
    with sync_playwright() as playwright:
        context = playwright.chromium.launch_persistent_context(
            str(profile),
            executable_path=str(CHROMIUM),
            headless=True,
            args=CHROMIUM_ARGS,
            viewport=LAPTOP,
            offline=True,
            **options,
        )
        try:
            yield context
        finally:
            context.close()
