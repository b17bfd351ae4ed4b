"""The HTML review page in a real headless browser (Debian's chromium, through Playwright).

chromium is installed by ``scripts/ensure_chromium.sh`` (the test set-up). Without it these
tests skip, except in CI (env ``CI`` set), where a missing browser is a failure.
A screenshot is written to ``test-artifacts/review_page.png``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from summarizer.render import render_html
from tests.support.browser import ARTIFACTS, LAPTOP, chromium
from tests.support.reference import reference_result, reference_text
from tests.support.samples import bridge_article, bridge_result

try:
    from playwright.sync_api import expect
except ImportError:  # the fixture skips (or fails in CI) with the reason
    expect = None


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A headless chromium with a fresh profile."""
    with chromium(tmp_path_factory.mktemp("chromium-profile")) as context:
        yield context


class Opened:
    """A page loaded from a file, with every console error and page error it raised."""

    def __init__(self, browser: Any, html: str, path: Path) -> None:
        path.write_text(html, encoding="utf-8")
        self.errors: list[str] = []
        self.page = browser.new_page()
        self.page.on("console", lambda msg: self.errors.append(msg.text) if msg.type == "error" else None)
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.goto(path.as_uri())
        self.page.wait_for_load_state("load")

    def segments(self, ev_id: str) -> Any:
        return self.page.locator(f'mark.ev[data-ev~="{ev_id}"]')


@pytest.fixture
def reference_page(browser: Any, tmp_path: Path) -> Iterator[Opened]:
    opened = Opened(browser, render_html(reference_result(), reference_text()), tmp_path / "reference.html")
    yield opened
    opened.page.close()


@pytest.fixture
def long_page(browser: Any, tmp_path: Path) -> Iterator[Opened]:
    """A long article whose last claims sit far below the first screen."""
    text = bridge_article(filler_paragraphs=40)
    opened = Opened(browser, render_html(bridge_result(text), text), tmp_path / "long.html")
    yield opened
    opened.page.close()


def test_reference_page_loads_cleanly_and_links_a_claim_to_its_span(reference_page: Opened) -> None:
    page = reference_page.page
    expect(page.locator("h1")).to_have_text(reference_result().summary.headline)
    claim = reference_result().summary.claims[0]
    page.click("#claim-1 > p")  # the claim's statement
    first = reference_page.segments("claim-1-ev-0").first
    expect(first).to_have_class(re.compile(r"\bev\b.*\bk-claim\b.*\bis-active\b"))  # may share a dispute too
    expect(first).to_be_in_viewport()
    expect(page.locator("#claim-1")).to_have_class("item k-claim is-active")
    ev_ids = [f"claim-1-ev-{j}" for j in range(len(claim.evidence))]
    selector = ", ".join(f'mark.ev[data-ev~="{ev_id}"]' for ev_id in ev_ids)
    expect(page.locator("mark.ev.is-active")).to_have_count(page.locator(selector).count())
    ARTIFACTS.mkdir(exist_ok=True)
    page.wait_for_timeout(600)  # let the smooth scroll settle before the picture
    page.screenshot(path=str(ARTIFACTS / "review_page.png"))
    assert (ARTIFACTS / "review_page.png").stat().st_size > 10_000
    assert reference_page.errors == []


def test_clicking_a_claim_scrolls_its_span_into_view(long_page: Opened) -> None:
    page = long_page.page
    # John Roe's sentence: split in three segments by the dispute position citing its middle
    segments = long_page.segments("claim-2-ev-0")
    expect(segments).to_have_count(3)
    assert not segments.first.evaluate("el => el.getBoundingClientRect().top < window.innerHeight")  # below the fold
    expect(page.locator("mark.ev.is-active")).to_have_count(0)

    page.click("#claim-2 > p")

    for i in range(3):
        expect(segments.nth(i)).to_have_class(re.compile(r"\bis-active\b"))
        expect(segments.nth(i)).to_be_in_viewport()
    expect(segments.first).to_have_class("ev k-claim a-1 is-active")
    expect(page.locator("mark.ev.is-active")).to_have_count(3)
    assert long_page.errors == []


def test_clicking_a_span_marks_and_shows_its_item(long_page: Opened) -> None:
    page = long_page.page
    page.click("#claim-2 > p")  # brings the span into view
    shared = long_page.segments("dispute-1-p-2-ev-0")  # the segment the claim and a dispute position share
    expect(shared).to_have_count(1)
    item, position = page.locator("#claim-2"), page.locator("#dispute-1-p-2")
    page.set_viewport_size({"width": LAPTOP["width"], "height": 480})
    page.locator(".pane.brief").evaluate("el => { el.scrollTop = el.scrollHeight; }")
    expect(item).not_to_be_in_viewport()

    shared.click()
    expect(item).to_have_class("item k-claim is-active")
    expect(item).to_be_in_viewport()
    shared.click()  # a second click goes to the next item the segment supports
    expect(position).to_have_class("item k-dispute a-1 is-active")
    expect(position).to_be_in_viewport()
    expect(item).to_have_class("item k-claim")
    assert long_page.errors == []


def test_an_evidence_quote_link_marks_only_that_span(long_page: Opened) -> None:
    page = long_page.page
    page.click('#caveat-1 a.evlink[data-ev="caveat-1-ev-0"]')
    expect(long_page.segments("caveat-1-ev-0").first).to_be_in_viewport()
    expect(page.locator("mark.ev.is-active")).to_have_count(1)
    assert long_page.errors == []


def test_the_page_prints_as_one_column(long_page: Opened) -> None:
    page = long_page.page
    page.emulate_media(media="print")
    overflow = page.locator(".pane.article").evaluate("el => getComputedStyle(el).overflowY")
    display = page.locator("main").evaluate("el => getComputedStyle(el).display")
    page.emulate_media(media="screen")
    assert (overflow, display) == ("visible", "block")
