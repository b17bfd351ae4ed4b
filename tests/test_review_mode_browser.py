"""Review mode of the HTML review page in a real headless browser (Debian's chromium, through Playwright).

An editor's session end to end: confirm, mark wrong, edit a statement, reassign a speaker,
add a caveat from a text selection, reload (the state is kept), export -- and the exported
``NAME.reviewed.json`` holds exactly those actions, validates as a
:class:`~summarizer.core.reviewed.ReviewedResult` and its spans index the article.

Same conditions as ``tests/test_review_page_browser.py``: without chromium (installed by
``scripts/ensure_chromium.sh``) or playwright these tests skip, except in CI (env ``CI``
set), where that is a failure. Screenshots go to ``test-artifacts/review_mode*.png``.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest

from summarizer.core.reviewed import ReviewedResult, ReviewStatus, article_sha256, check_reviewed, resolve_item
from summarizer.core.schema import SummaryResult
from summarizer.render import render_html
from tests.support.browser import ARTIFACTS, chromium
from tests.support.reference import reference_result, reference_text
from tests.support.samples import bridge_article, bridge_result

try:
    from playwright.sync_api import expect
except ImportError:  # the fixture skips (or fails in CI) with the reason
    expect = None

SELECT_TEXT = """([needle, occurrence]) => {
  // Select the occurrence-th copy of `needle` in the article the way a mouse would: a DOM
  // Range over its text nodes, found by UTF-16 index (the page's own mapping is not used).
  const root = document.getElementById("article-text");
  const walker = document.createTreeWalker(root, NodeFilter.SHOW_TEXT);
  const nodes = [];
  let text = "";
  for (let n = walker.nextNode(); n; n = walker.nextNode()) { nodes.push([n, text.length]); text += n.data; }
  let at = -1;
  for (let i = 0; i <= occurrence; i++) { at = text.indexOf(needle, at + 1); }
  if (at < 0) { throw new Error("not in the article: " + needle); }
  const point = (index, isEnd) => {
    for (const [node, start] of nodes) {
      const end = start + node.data.length;
      if (isEnd ? index <= end && index > start : index >= start && index < end) { return [node, index - start]; }
    }
    throw new Error("no text node at " + index);
  };
  const range = document.createRange();
  range.setStart(...point(at, false));
  range.setEnd(...point(at + needle.length, true));
  const selection = window.getSelection();
  selection.removeAllRanges();
  selection.addRange(range);
  return at;  // the UTF-16 index, for the test to compare with Python's code-point offset
}"""


@pytest.fixture(scope="module")
def browser(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A headless chromium with a fresh profile (its localStorage lasts the module)."""
    with chromium(tmp_path_factory.mktemp("chromium-review-profile"), accept_downloads=True) as context:
        yield context


class Reviewing:
    """A review page opened from a file in review mode, with every console and page error it raised."""

    def __init__(self, browser: Any, result: SummaryResult, text: str, path: Path) -> None:
        path.write_text(render_html(result, text), encoding="utf-8")
        self.result, self.text = result, text
        self.errors: list[str] = []
        self.page = browser.new_page()
        self.page.on("console", lambda msg: self.errors.append(msg.text) if msg.type in {"error", "warning"} else None)
        self.page.on("pageerror", lambda exc: self.errors.append(str(exc)))
        self.page.goto(path.as_uri())
        self.page.evaluate("() => localStorage.clear()")  # every test starts unreviewed
        self.page.reload()
        self.page.wait_for_load_state("load")
        self.page.click("#rv-toggle")
        expect(self.page.locator("#rv-panel")).to_be_visible()

    def item(self, ref: str) -> Any:
        """The element of the item with this ref."""
        return self.page.locator(f'[data-ref="{ref}"]:not(#rv-queue li)')

    def controls(self, ref: str) -> Any:
        return self.page.locator(f'.rv-controls[data-for="{ref}"]')

    def status(self, ref: str) -> Any:
        return self.controls(ref).locator(".rv-status")

    def select(self, needle: str, occurrence: int = 0) -> int:
        """Select text in the article; the UTF-16 index where it starts."""
        index: int = self.page.evaluate(SELECT_TEXT, [needle, occurrence])
        return index

    def export(self, tmp_path: Path) -> tuple[str, dict[str, Any]]:
        """Click Export; the downloaded file's suggested name and its JSON."""
        with self.page.expect_download() as info:
            self.page.click("#rv-export")
        download = info.value
        target = tmp_path / download.suggested_filename
        download.save_as(str(target))
        data: dict[str, Any] = json.loads(target.read_text(encoding="utf-8"))
        return download.suggested_filename, data

    def screenshot(self, name: str) -> None:
        ARTIFACTS.mkdir(exist_ok=True)
        self.page.wait_for_timeout(400)  # let smooth scrolling settle
        self.page.screenshot(path=str(ARTIFACTS / name))
        assert (ARTIFACTS / name).stat().st_size > 10_000


@pytest.fixture
def reference(browser: Any, tmp_path: Path) -> Iterator[Reviewing]:
    opened = Reviewing(browser, reference_result(), reference_text(), tmp_path / "reference.html")
    yield opened
    opened.page.close()


def _queue(page: Any) -> list[str]:
    refs: list[str] = page.locator("#rv-queue li").evaluate_all("els => els.map(el => el.dataset.ref)")
    return refs


def test_an_editor_reviews_reloads_and_exports_exactly_what_they_did(reference: Reviewing, tmp_path: Path) -> None:
    page, text, result = reference.page, reference.text, reference.result
    summary = result.summary
    flagged = [w.item for w in result.warnings if w.item is not None and resolve_item(summary, w.item)]
    queue = _queue(page)
    parts = (summary.actors, summary.claims, summary.disputes, summary.caveats, summary.attributions)
    assert len(set(queue)) == len(queue) == sum(len(part) for part in parts)  # every item, once
    assert set(queue[: len(set(flagged))]) == set(flagged)  # the library's flags first
    page.fill("#rv-reviewer", "Dana Editor")

    # n, c: the first item of the queue not yet reviewed is confirmed
    page.locator("h1").click()  # out of the reviewer field: shortcuts act again
    page.keyboard.press("n")
    first = queue[0]
    expect(reference.item(first)).to_have_attribute("data-current", "")
    page.keyboard.press("c")
    expect(reference.status(first)).to_have_text("confirmed")

    # mark a caveat wrong with w on the focused item, with a note typed (shortcuts ignored while typing)
    wrong = "caveat:5"
    reference.item(wrong).locator("p").click()
    page.keyboard.press("w")
    expect(reference.status(wrong)).to_have_text("wrong")
    note = reference.controls(wrong).locator(".rv-note")
    note.click()
    page.keyboard.type("not a caveat: the outlet's own analysis")
    note.press("Tab")
    expect(reference.status(wrong)).to_have_text("wrong")  # no "c", "w" or "n" typed into the note acted

    # edit a statement inline
    claim = summary.claims[-1]  # whichever the recorded model chose last
    edited = f"claim:{claim.id}"
    restated = "An editor's own wording of this claim."
    assert claim.statement != restated
    reference.controls(edited).get_by_role("button", name="Edit").click()
    box = reference.controls(edited).locator(".rv-editor textarea")
    expect(box).to_have_value(claim.statement)
    box.fill(restated)
    box.press("Enter")
    expect(reference.status(edited)).to_have_text("corrected")
    expect(reference.item(edited).locator(".rv-text")).to_have_text(restated)

    # reassign a speaker: "according to audio released by a Russian lawmaker" -- the lawmaker is Gurulev
    reassigned = "attribution:a1"
    assert summary.attributions[0].id == "a1" and summary.attributions[0].source_actor is None
    reference.controls(reassigned).locator("select").select_option("andrey-gurulev")
    expect(reference.status(reassigned)).to_have_text("corrected")

    # add a caveat from a selection that crosses highlighted segments and holds curly quotes
    needle = "whom he called gladiators because of his \u201cSpartak,\u201d or Spartacus, call sign"
    utf16 = reference.select(needle)
    assert utf16 == text.index(needle)  # every character before it is in the BMP
    expect(page.locator("#rv-selected")).to_contain_text("gladiators")
    page.click('#rv-select button[data-add="caveat"]')
    form = page.locator("#rv-select .rv-form")
    expect(form.locator("textarea")).to_have_value(needle)
    form.locator("textarea").fill("Why Popov calls his soldiers gladiators rests on his call sign alone.")
    form.locator("select").select_option("unclear")
    form.get_by_role("button", name="Add").click()
    expect(page.locator("#rv-added li")).to_have_count(1)
    expect(page.locator("#rv-progress")).to_contain_text(f"4 of {len(queue)} items reviewed, 1 added")
    reference.screenshot("review_mode.png")

    # reload: everything is still there
    page.reload()
    page.wait_for_load_state("load")
    expect(page.locator("#rv-panel")).to_be_visible()  # still in review mode
    expect(page.locator("#rv-reviewer")).to_have_value("Dana Editor")
    for ref, status in ((first, "confirmed"), (wrong, "wrong"), (edited, "corrected"), (reassigned, "corrected")):
        expect(reference.status(ref)).to_have_text(status)
    expect(reference.controls(wrong).locator(".rv-note")).to_have_value("not a caveat: the outlet's own analysis")
    expect(reference.controls(reassigned).locator("select")).to_have_value("andrey-gurulev")
    expect(page.locator("#rv-added li")).to_have_count(1)
    reference.screenshot("review_mode_reloaded.png")

    name, data = reference.export(tmp_path)
    assert name == "reference.reviewed.json"
    reviewed = ReviewedResult.model_validate_json(json.dumps(data))
    assert check_reviewed(reviewed) == []  # hash, refs, befores, speakers and every span match the article
    assert reviewed.result == result.model_copy(update={"source_text": text})
    assert reviewed.review.article_sha256 == article_sha256(text)
    assert reviewed.review.reviewer == "Dana Editor"
    start = text.index(needle)
    assert [
        {k: v for k, v in item.items() if k not in {"at"}} for item in data["review"]["items"]
    ] == [  # exactly what was done, in the order first done
        _entry(first, "confirmed"),
        _entry(wrong, "wrong", note="not a caveat: the outlet's own analysis"),
        _entry(edited, "corrected", [("statement", claim.statement, restated)]),
        _entry(reassigned, "corrected", [("source_actor", None, "andrey-gurulev")]),
        _entry(
            "caveat:new-1",
            "added",
            added={
                "text": "Why Popov calls his soldiers gladiators rests on his call sign alone.",
                "caveat_kind": "unclear",
                "evidence": [{"text": needle, "start": start, "end": start + len(needle)}],
            },
        ),
    ]
    for item in reviewed.review.items:
        assert item.at.utcoffset() == timedelta(0)
        assert item.at <= reviewed.review.updated_at
    added = reviewed.review.items[-1].added
    assert added is not None and text[added.evidence[0].start : added.evidence[0].end] == needle
    assert reference.errors == []


def test_offsets_after_an_astral_character_and_the_other_kinds(browser: Any, tmp_path: Path) -> None:
    """A selection after a character outside the BMP (two UTF-16 units, one Python character)
    maps to Python offsets; disputes and actors are edited; undo forgets an item."""
    text = "\U0001f309 Bridge report \u2014 \u201cday 2\u201d \U0001f4f0\n\n" + bridge_article(filler_paragraphs=2)
    result = bridge_result(text)
    opened = Reviewing(browser, result, text, tmp_path / "bridge.html")
    page = opened.page
    needle = "The city auditor has not reviewed the contract"
    utf16 = opened.select(needle)
    start = text.index(needle)
    assert utf16 == start + 2  # two astral characters before it
    page.click('#rv-select button[data-add="claim"]')
    form = page.locator("#rv-select .rv-form")
    form.get_by_role("button", name="Add").click()
    expect(form.locator(".rv-problem")).to_have_text("choose one")  # a claim needs a speaker
    form.locator("select").select_option("outlet")
    form.get_by_role("button", name="Add").click()

    opened.controls("dispute:1").get_by_role("button", name="Edit").click()
    opened.controls("dispute:1").locator("textarea").fill("Whether the repair estimate is inflated")
    opened.controls("dispute:1").get_by_role("button", name="Save").click()
    opened.item("actor:john-roe").locator("b").click()  # the actor is the current item: e edits its name
    page.keyboard.press("e")
    opened.controls("actor:john-roe").locator("textarea").fill("John Roe Jr.")
    opened.controls("actor:john-roe").locator("textarea").press("Enter")
    opened.controls("claim:c2").locator("select").select_option("jane-doe")  # speaker of a claim
    opened.controls("claim:c1").get_by_role("button", name="Wrong").click()
    opened.controls("claim:c1").get_by_role("button", name="Undo").click()  # forgotten again
    expect(opened.status("claim:c1")).to_have_text("not reviewed")
    expect(opened.status("dispute:1")).to_have_text("corrected")
    expect(opened.item("dispute:1").locator("h3")).to_have_text("Whether the repair estimate is inflated")
    opened.screenshot("review_mode_bridge.png")

    name, data = opened.export(tmp_path)
    assert name == "bridge.reviewed.json"
    reviewed = ReviewedResult.model_validate_json(json.dumps(data))
    assert check_reviewed(reviewed) == []
    items = {item.item: item for item in reviewed.review.items}
    assert list(items) == ["claim:new-1", "dispute:1", "actor:john-roe", "claim:c2"]
    added = items["claim:new-1"].added
    assert added is not None and added.claimant == "outlet" and added.statement == needle
    assert (added.evidence[0].start, added.evidence[0].end) == (start, start + len(needle))
    assert text[added.evidence[0].start : added.evidence[0].end] == needle
    assert [(c.field, c.before, c.after) for c in items["dispute:1"].changes] == [
        ("issue", result.summary.disputes[0].issue, "Whether the repair estimate is inflated")
    ]
    assert [(c.field, c.before, c.after) for c in items["actor:john-roe"].changes] == [
        ("name", "John Roe", "John Roe Jr.")
    ]
    assert [(c.field, c.before, c.after) for c in items["claim:c2"].changes] == [("claimant", "john-roe", "jane-doe")]
    assert {i.status for i in items.values()} == {ReviewStatus.ADDED, ReviewStatus.CORRECTED}
    assert reviewed.review.reviewer is None and all(i.reviewer is None for i in items.values())
    assert opened.errors == []
    opened.page.close()


def test_review_mode_stays_out_of_the_read_only_page_and_print(browser: Any, tmp_path: Path) -> None:
    text = bridge_article()
    opened = Reviewing(browser, bridge_result(text), text, tmp_path / "read.html")
    page = opened.page
    page.click("#rv-toggle")  # leave review mode
    expect(page.locator("#rv-panel")).to_be_hidden()
    expect(page.locator(".rv-controls").first).to_be_hidden()
    page.keyboard.press("n")  # shortcuts only act in review mode
    page.keyboard.press("c")
    expect(page.locator("#rv-progress")).to_contain_text("0 of")
    page.click("#rv-toggle")
    page.emulate_media(media="print")
    hidden = page.locator(".rv-controls, #rv-panel, #rv-toggle, #rv-select").evaluate_all(
        "els => els.every(el => getComputedStyle(el).display === 'none')"
    )
    page.emulate_media(media="screen")
    assert hidden
    assert opened.errors == []
    opened.page.close()


def _entry(
    ref: str,
    status: str,
    changes: list[tuple[str, str | None, str]] | None = None,
    *,
    note: str | None = None,
    added: dict[str, Any] | None = None,
) -> dict[str, Any]:
    return {
        "item": ref,
        "kind": ref.partition(":")[0],
        "status": status,
        "changes": [{"field": f, "before": b, "after": a} for f, b, a in changes or []],
        "added": added,
        "note": note,
        "reviewer": "Dana Editor",
    }
