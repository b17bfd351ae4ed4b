"""The HTML review page: a pure function of a SummaryResult and the article text."""

from __future__ import annotations

import base64
import hashlib
import json
from html.parser import HTMLParser

import pytest

from summarizer import InputError
from summarizer.core.reviewed import (
    ADDABLE_KINDS,
    EDITABLE_FIELDS,
    REVIEWED_FORMAT,
    SPEAKER_FIELDS,
    ReviewAdded,
    ReviewKind,
    ReviewStatus,
    article_sha256,
    item_ref_for,
    parse_item_ref,
    resolve_item,
)
from summarizer.core.schema import OUTLET, CaveatKind, SummaryResult, SummaryWarning
from summarizer.render import render_html
from summarizer.render.html import ADDED_FIELDS, STATUS_ACTIONS, embed_json
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
        self.segments: list[tuple[int, str]] = []  # (data-start, text) of each article segment
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
        if "data-start" in attributes:
            self.segments.append((int(attributes["data-start"]), ""))

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
            if "data-start" in attrs:
                start, text = self.segments[-1]
                self.segments[-1] = (start, text + data)

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


def _data(html: str) -> dict:
    return json.loads(Page(html).data_blocks["review-data"])


def test_the_data_blocks_vocabularies_are_the_python_ones(sample, article):
    vocabulary = _data(render_html(sample, article))["vocabulary"]
    assert vocabulary["format"] == REVIEWED_FORMAT
    assert vocabulary["kinds"] == [k.value for k in ReviewKind]
    assert vocabulary["statuses"] == [s.value for s in ReviewStatus]
    assert sorted(vocabulary["actions"].values()) == sorted(s.value for s in ReviewStatus)  # an action for each
    assert vocabulary["editable"] == {k.value: list(fields) for k, fields in EDITABLE_FIELDS.items()}
    assert vocabulary["speaker"] == {k.value: field for k, field in SPEAKER_FIELDS.items()}
    assert vocabulary["addable"] == [k.value for k in ADDABLE_KINDS]
    assert [k["value"] for k in vocabulary["caveat_kinds"]] == [k.value for k in CaveatKind]
    assert vocabulary["new_ref"] == {k.value: item_ref_for(k, "new-") for k in ADDABLE_KINDS}
    for kind, fields in vocabulary["added"].items():  # the added block's fields exist on ReviewAdded
        assert set(fields.values()) <= set(ReviewAdded.model_fields), kind
    assert set(STATUS_ACTIONS.values()) == set(ReviewStatus)
    assert set(ADDED_FIELDS) == set(ADDABLE_KINDS)


def test_the_script_hard_codes_no_vocabulary():
    from summarizer.render._assets import SCRIPT

    for word in (REVIEWED_FORMAT, *[f'"{s.value}"' for s in ReviewStatus], *[f'"{k.value}"' for k in ReviewKind],
                 *[f'"{f}"' for fields in EDITABLE_FIELDS.values() for f in fields],
                 *[f'"{k.value}"' for k in CaveatKind]):  # fmt: skip
        assert word not in SCRIPT, word


def test_the_data_block_describes_every_reviewable_item(sample, article):
    html = render_html(sample, article)
    data, ids = _data(html), Page(html).ids()
    summary = sample.summary
    refs = [item["ref"] for item in data["items"]]
    expected = [item_ref_for("actor", a.id) for a in summary.actors]
    expected += [item_ref_for("claim", c.id) for c in summary.claims]
    expected += [item_ref_for("dispute", d) for d in range(1, len(summary.disputes) + 1)]
    expected += [item_ref_for("caveat", c) for c in range(1, len(summary.caveats) + 1)]
    expected += [item_ref_for("attribution", a.id) for a in summary.attributions]
    assert sorted(refs) == sorted(expected)
    for item in data["items"]:
        target = resolve_item(summary, item["ref"])
        assert target is not None, item["ref"]
        assert item["kind"] == parse_item_ref(item["ref"])[0].value
        assert item["values"] == {f: getattr(target, f) for f in EDITABLE_FIELDS[ReviewKind(item["kind"])]}
        assert ids[item["element"]]["data-ref"] == item["ref"]  # the element the script puts controls on
    assert data["actors"] == [{"id": a.id, "name": a.name} for a in summary.actors] + [
        {"id": OUTLET, "name": "The outlet"}
    ]


def test_the_data_block_holds_the_result_and_the_article_hash(sample, article):
    data = _data(render_html(sample, article))
    assert data["article_sha256"] == article_sha256(article) == hashlib.sha256(article.encode()).hexdigest()
    assert SummaryResult.model_validate(data["result"]) == sample.model_copy(update={"source_text": article})


def test_flagged_items_come_first_in_the_queue(article):
    result = bridge_result(article)
    flagged = ["caveat:1", "claim:c2"]
    warning = result.warnings[0]
    warnings = [SummaryWarning(code=warning.code, message=warning.message, item=ref) for ref in flagged]
    html = render_html(result.model_copy(update={"warnings": warnings}), article)
    data = _data(html)
    queue = [item["ref"] for item in data["items"]]
    assert queue[:2] == ["claim:c2", "caveat:1"]  # flagged ones in page order, then the rest
    assert [bool(item["flags"]) for item in data["items"]] == [True, True] + [False] * (len(queue) - 2)
    assert data["items"][0]["flags"][0].startswith("dropped_claim: a claim was dropped")
    warning_items = [attrs.get("data-item") for tag, attrs in Page(html).tags if tag == "li" and "data-item" in attrs]
    assert warning_items == flagged  # the warnings list links to its items


def test_the_data_block_cannot_end_its_script_element(article):
    result = bridge_result(article)
    hostile = "</script><script>alert(1)</script><!-- & -->"
    result = result.model_copy(update={"summary": result.summary.model_copy(update={"headline": hostile})})
    html = render_html(result, article)
    page = Page(html)
    block = page.data_blocks["review-data"]
    assert "<" not in block and ">" not in block and "&" not in block
    assert json.loads(block)["result"]["summary"]["headline"] == hostile
    assert json.loads(embed_json({"x": hostile})) == {"x": hostile}
    assert len(page.scripts) == 1  # nothing else became a script


def test_every_article_segment_knows_its_offset(sample, article):
    page = Page(render_html(sample, article))
    assert page.segments[0][0] == 0
    position = 0
    for start, text in page.segments:  # contiguous, in order, each exactly its slice of the text
        assert start == position
        assert article[start : start + len(text)] == text
        position += len(text)
    assert position == len(article)


def test_offsets_count_code_points_and_carriage_returns_survive():
    text = "\U0001f309 Bridge \u2014 \u201cday 2\u201d\r\nMayor Jane Doe said the bridge repairs cannot wait.\r\n"
    text += bridge_article()
    result = bridge_result(text)
    html = render_html(result, text)
    page = Page(html)
    assert "&#13;" in html  # a browser would turn a raw CR into LF and shift every offset after it
    assert page.article == text
    for start, segment in page.segments:
        assert text[start : start + len(segment)] == segment
    claim = result.summary.claims[0].evidence[0]  # after the astral character: offsets in code points
    assert claim.start == text.index("We cannot let the bridge")
    assert any(start == claim.start for start, _ in page.segments)
