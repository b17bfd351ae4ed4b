"""The HTML review page: a pure function of a SummaryResult and the article text."""

from __future__ import annotations

import base64
import hashlib
from html.parser import HTMLParser

import pytest

from summarizer import InputError
from summarizer.render import render_html
from tests.support.reference import reference_result, reference_text
from tests.support.samples import HOSTILE, bridge_article, bridge_result, empty_result

VOID = {"meta", "br", "img", "input", "link", "hr"}


class Page(HTMLParser):
    """The parts of a rendered page the tests look at."""

    def __init__(self, html: str) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str]]] = []
        self.article = ""
        self.marks: list[tuple[dict[str, str], str]] = []  # (attributes, text) of each <mark>
        self.scripts: list[str] = []  # executed scripts
        self.data_blocks: dict[str, str] = {}  # id -> text of each <script type="application/json">
        self.styles: list[str] = []
        self._stack: list[tuple[str, dict[str, str]]] = []
        self.feed(html)
        self.close()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        attributes = {k: v or "" for k, v in attrs}
        self.tags.append((tag, attributes))
        if tag not in VOID:
            self._stack.append((tag, attributes))
        if tag == "mark":
            self.marks.append((attributes, ""))

    def handle_endtag(self, tag: str) -> None:
        assert self._stack, f"</{tag}> closes nothing"
        assert self._stack[-1][0] == tag, f"unbalanced </{tag}>"
        self._stack.pop()

    def handle_data(self, data: str) -> None:
        if not self._stack:
            return
        tag, attrs = self._stack[-1]
        if tag == "script" and attrs.get("type") == "application/json":
            self.data_blocks[attrs["id"]] = self.data_blocks.get(attrs["id"], "") + data
        elif tag == "script":
            self.scripts.append(data)
        elif tag == "style":
            self.styles.append(data)
        if any(attrs.get("id") == "article-text" for _, attrs in self._stack):
            self.article += data
            if tag == "mark":
                attrs, text = self.marks[-1]
                self.marks[-1] = (attrs, text + data)

    def ids(self) -> dict[str, dict[str, str]]:
        return {attrs["id"]: attrs for _, attrs in self.tags if "id" in attrs}

    def span_text(self, ev_id: str) -> str:
        return "".join(text for attrs, text in self.marks if ev_id in attrs.get("data-ev", "").split())


@pytest.fixture
def article():
    return bridge_article(filler_paragraphs=3)


@pytest.fixture
def sample(article):
    return bridge_result(article)


def test_the_page_shows_the_article_exactly(sample, article):
    page = Page(render_html(sample, article))
    assert page.article == article


def test_every_evidence_span_is_highlighted_and_linked(sample, article):
    page = Page(render_html(sample, article))
    ids = page.ids()
    items = [(f"claim-{i}", c.evidence) for i, c in enumerate(sample.summary.claims, start=1)]
    items += [(f"caveat-{i}", c.evidence) for i, c in enumerate(sample.summary.caveats, start=1)]
    items += [
        (f"dispute-{d}-p-{p}", pos.evidence)
        for d, dispute in enumerate(sample.summary.disputes, start=1)
        for p, pos in enumerate(dispute.positions, start=1)
    ]
    for item_id, evidence in items:
        assert item_id in ids, item_id
        ev_ids = [f"{item_id}-ev-{j}" for j in range(len(evidence))]
        assert ids[item_id]["data-ev"].split() == ev_ids
        for ev_id, ev in zip(ev_ids, evidence, strict=True):
            assert page.span_text(ev_id) == ev.text  # summary -> article
            assert ev_id in ids  # the anchor a no-JS link jumps to
            marks = [attrs for attrs, _ in page.marks if ev_id in attrs["data-ev"].split()]
            assert all(item_id in attrs["data-items"].split() for attrs in marks)  # article -> summary


def test_spans_are_highlighted_by_type(sample, article):
    page = Page(render_html(sample, article))
    kinds = {ev_id.split("-")[0]: set() for ev_id in ("claim", "dispute", "caveat")}
    for attrs, _ in page.marks:
        for ev_id in attrs["data-ev"].split():
            kinds[ev_id.split("-")[0]].add(frozenset(attrs["class"].split()))
    for kind, class_sets in kinds.items():
        assert class_sets, kind
        assert all(f"k-{kind}" in classes for classes in class_sets), kind


def test_overlapping_spans_are_split_into_segments(sample, article):
    page = Page(render_html(sample, article))
    # claim-4 (the outlet) cites the whole last sentence; caveat-1 only its first half
    overlap = [attrs for attrs, _ in page.marks if {"claim-4-ev-0", "caveat-1-ev-0"} <= set(attrs["data-ev"].split())]
    alone = [attrs for attrs, _ in page.marks if attrs["data-ev"].split() == ["claim-4-ev-0"]]
    assert len(overlap) == 1
    assert len(alone) == 1
    assert {"k-claim", "k-caveat", "multi"} <= set(overlap[0]["class"].split())
    assert page.span_text("caveat-1-ev-0") == "The city auditor has not reviewed the contract"
    # the mayor's sentence is cited by a claim and a dispute position: one segment, both items
    both = [attrs for attrs, text in page.marks if text.startswith("Mayor Jane Doe said")]
    assert len(both) == 1
    assert set(both[0]["data-items"].split()) == {"claim-3", "dispute-1-p-1"}


def test_actors_are_colour_coded(sample, article):
    page = Page(render_html(sample, article))
    jane = [attrs for attrs, _ in page.marks if attrs["data-ev"].split() == ["claim-1-ev-0"]]
    roe = [attrs for attrs, _ in page.marks if attrs["data-ev"].split() == ["claim-2-ev-0"]]
    assert "a-0" in jane[0]["class"].split()
    assert "a-1" in roe[0]["class"].split()
    actor_items = [
        attrs["class"].split() for tag, attrs in page.tags if tag == "li" and "actor" in attrs.get("class", "")
    ]
    assert [classes[1] for classes in actor_items] == ["a-0", "a-1", "a-2"]


def test_warnings_are_shown(sample, article):
    page = Page(render_html(sample, article))
    assert any(tag == "section" and "warnings" in attrs.get("class", "") for tag, attrs in page.tags)
    quiet = Page(render_html(bridge_result(article, warnings=False), article))
    assert not any("warnings" in attrs.get("class", "") for _, attrs in quiet.tags)


def test_article_and_model_text_cannot_inject_html(sample, article):
    html = render_html(sample, article)
    page = Page(html)
    assert HOSTILE not in html
    assert [tag for tag, _ in page.tags if tag in {"script", "style", "img", "iframe"}] == ["style", "script", "script"]
    assert [attrs.get("type") for tag, attrs in page.tags if tag == "script"] == ["application/json", None]
    assert "<" not in page.data_blocks["review-data"]  # neither </script> nor <!-- can end or hide it
    assert "&lt;b&gt;Evil&lt;/b&gt; | Corp" in html
    assert 'alert("x")' not in "".join(page.scripts)


def test_the_page_loads_nothing_from_outside(sample, article):
    page = Page(render_html(sample, article))
    for tag, attrs in page.tags:
        assert "src" not in attrs, tag
        assert tag != "link"
        assert attrs.get("href", "#").startswith("#"), attrs
        assert not any(name.startswith("on") for name in attrs), attrs
        assert "style" not in attrs, tag
    csp = next(attrs["content"] for tag, attrs in page.tags if attrs.get("http-equiv") == "Content-Security-Policy")
    assert "default-src 'none'" in csp
    for code in page.scripts + page.styles:  # only this page's own inline code may run
        digest = base64.b64encode(hashlib.sha256(code.encode()).digest()).decode()
        assert f"'sha256-{digest}'" in csp


def test_the_reference_summary_renders_with_every_span(article_text):
    result = reference_result()
    page = Page(render_html(result, reference_text()))
    assert page.article == article_text
    highlighted = {ev_id for attrs, _ in page.marks for ev_id in attrs["data-ev"].split()}
    summary = result.summary
    items = [e for c in summary.claims for e in c.evidence]
    items += [e for d in summary.disputes for p in d.positions for e in p.evidence]
    items += [e for c in summary.caveats for e in c.evidence]
    marked = [e for a in summary.attributions for e in (*a.content, *a.cue)]  # every attribution and its cue
    assert summary.attributions
    assert len(highlighted) == len(items) + len(marked)
    cues = {ev_id for ev_id in highlighted if ev_id.startswith("attribution-")}  # contents and cues apart
    assert len(cues) == len(marked)


def test_html_input_shows_the_extracted_text_the_offsets_index(sample, article):
    saved_page = f"<html><body><nav>Home</nav><article>{article}</article></body></html>"
    result = sample.model_copy(update={"source_text": article})
    html = render_html(result, saved_page)
    page = Page(html)
    assert page.article == article
    assert "Extracted from a saved web page" in html


def test_text_that_does_not_match_the_offsets_is_refused(sample, article):
    with pytest.raises(InputError, match="does not match the text given"):
        render_html(sample, article.upper())
    with pytest.raises(InputError, match="needs its text"):
        render_html(sample)


def test_an_empty_summary_still_renders():
    result = empty_result()
    html = render_html(result, "Little happened in town today.")
    page = Page(html)
    assert page.article == "Little happened in town today."
    assert not page.marks
    for message in ("names no actors", "records no claims", "records no disputes", "records no caveats"):
        assert message in html


def test_rendering_is_pure(sample, article):
    assert render_html(sample, article) == render_html(sample, article)
