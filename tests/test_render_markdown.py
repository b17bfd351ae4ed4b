"""The Markdown brief: a pure function of a SummaryResult.

The snapshot test renders the recorded reference-article summary. After re-recording the
cassette (or changing the brief on purpose), regenerate the snapshot with::

    SUMMARIZER_UPDATE_SNAPSHOTS=1 .venv/bin/python -m pytest tests/test_render_markdown.py
"""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest
from markdown_it import MarkdownIt

from summarizer import Attribution, Evidence
from summarizer.render import render_markdown
from summarizer.render._common import QUOTE_LIMIT, evidence_quote, in_quotes
from summarizer.render.markdown import CAVEATS_TITLE, escape, escape_line
from tests.support.reference import reference_result
from tests.support.samples import HOSTILE, bridge_article, bridge_result, empty_result

SNAPSHOT = Path(__file__).parent / "snapshots" / "reference_brief.md"
UPDATE = os.environ.get("SUMMARIZER_UPDATE_SNAPSHOTS") == "1"
PINNED_LATENCY_S = 87.5  # wall-clock time is not in the cassette: pinned so the snapshot is stable


def to_html(markdown: str) -> str:
    return MarkdownIt("commonmark").enable("table").render(markdown)


def headings(markdown: str, level: int) -> list[str]:
    return re.findall(rf"^{'#' * level} (.+)$", markdown, flags=re.MULTILINE)


@pytest.fixture
def sample():
    text = bridge_article()
    return bridge_result(text)


def test_reference_brief_matches_snapshot():
    result = reference_result().model_copy(update={"latency_s": PINNED_LATENCY_S})
    brief = render_markdown(result)
    if UPDATE:
        SNAPSHOT.parent.mkdir(exist_ok=True)
        SNAPSHOT.write_text(brief, encoding="utf-8")
        pytest.skip(f"wrote {SNAPSHOT}")
    assert SNAPSHOT.exists(), f"no snapshot: SUMMARIZER_UPDATE_SNAPSHOTS=1 pytest {Path(__file__).name}"
    assert brief == SNAPSHOT.read_text(encoding="utf-8"), (
        "the brief differs from the snapshot: if that is intended, "
        f"SUMMARIZER_UPDATE_SNAPSHOTS=1 pytest {Path(__file__).name}"
    )


def test_reference_brief_quotes_the_article():
    result = reference_result()
    brief = render_markdown(result)
    assert brief.startswith(f"# {result.summary.headline}\n")
    for claim in result.summary.claims:
        assert evidence_quote(claim.evidence)[:40] in brief


def test_sections_come_in_editorial_order(sample):
    brief = render_markdown(sample)
    assert headings(brief, 1) == [escape(sample.summary.headline)]
    assert headings(brief, 2) == ["Actors", "Claims", "Disputes", CAVEATS_TITLE, "Warnings"]
    assert brief.rstrip().splitlines()[-1].startswith("_Model: test-model")


def test_claims_are_grouped_by_claimant_in_order_of_first_claim(sample):
    brief = render_markdown(sample)
    claims = brief.split("## Claims", 1)[1].split("## Disputes", 1)[0]
    assert headings(claims, 3) == ["Jane Doe", "John Roe", "The outlet", escape("<b>Evil</b> | Corp")]
    jane = claims.split("### Jane Doe", 1)[1].split("### John Roe", 1)[0]
    assert "The bridge repairs cannot wait. _(direct quote)_" in jane
    assert "Repairs must start soon. _(paraphrase)_" in jane
    assert "\u201cWe cannot let the bridge fall into the river,\u201d" in jane


def test_unattributed_claims_get_their_own_group(sample):
    claims = [c.model_copy(update={"claimant": "unattributed"}) if c.id == "c2" else c for c in sample.summary.claims]
    result = sample.model_copy(update={"summary": sample.summary.model_copy(update={"claims": claims})})
    assert "### Unattributed" in render_markdown(result)


def test_unattributed_claims_on_an_unnamed_source_are_headed_by_it(sample):
    claim = sample.summary.claims[0]
    first = claim.evidence[0]
    source = Evidence(start=first.start, end=first.start + 8, text=first.text[:8])
    unnamed = Attribution(id="a9", kind="indirect", source=[source], cue=claim.evidence, content=claim.evidence)
    claims = [c.model_copy(update={"claimant": "unattributed", "attributions": ["a9"]}) if c.id == "c1" else c
              for c in sample.summary.claims]
    summary = sample.summary.model_copy(update={"claims": claims, "attributions": [unnamed]})
    claims_section = render_markdown(sample.model_copy(update={"summary": summary})).split("## Claims", 1)[1]
    assert f"### \u201c{escape(source.text)}\u201d (not resolved to a named actor)" in claims_section.split("## Disputes", 1)[0]
    assert "### Unattributed" not in claims_section.split("## Disputes", 1)[0]


def test_a_quotation_keeps_its_own_quote_marks_once():
    assert in_quotes("\u201cWe will win,\u201d") == "\u201cWe will win,\u201d"
    assert in_quotes('"We will win"') == "\u201cWe will win\u201d"
    assert in_quotes("the estimate was inflated") == "\u201cthe estimate was inflated\u201d"


def test_disputes_show_each_side(sample):
    brief = render_markdown(sample)
    disputes = brief.split("## Disputes", 1)[1].split(f"## {CAVEATS_TITLE}", 1)[0]
    assert "### Whether the repair budget is justified" in disputes
    assert "- **Jane Doe:** The repairs are urgent." in disputes
    assert "- **John Roe:** The estimate is inflated." in disputes


def test_caveats_and_warnings_are_listed(sample):
    brief = render_markdown(sample)
    assert "- **Unverified:** The auditor has not reviewed the contract." in brief
    assert "- `dropped_claim`: a claim was dropped:" in brief


def test_footer_accounts_for_the_run(sample):
    footer = render_markdown(sample).rstrip().splitlines()[-1]
    for fact in ("test-model", "summarize-v1+test", "1,545", "1,200 prompt", "2 requests", "1 re-ask", "12.3 s"):
        assert fact in footer


def test_hostile_text_cannot_inject_markup(sample):
    html = to_html(render_markdown(sample))
    for forbidden in ("<script", "<img", "<a ", "<b>", "<h1>#", "<ul>\n<li>not a list"):
        assert forbidden not in html
    assert html.count("<h1>") == 1
    assert "&lt;script&gt;" in html
    assert "[link](http://evil.test)" in html


def test_table_cells_keep_their_pipes_escaped(sample):
    html = to_html(render_markdown(sample))
    rows = re.findall(r"<tr>(.*?)</tr>", html, flags=re.DOTALL)
    assert len(rows) == 1 + len(sample.summary.actors)
    for row in rows:
        assert len(re.findall(r"<t[hd]>", row)) == 4
    assert "Council member | finance" in html


def test_summary_cannot_open_a_block():
    assert escape_line("# Not a heading") == "\\# Not a heading"
    assert escape_line("1. not a list") == "1\\. not a list"
    assert escape_line("- not a list") == "\\- not a list"
    assert escape_line("> not a quote") == "\\> not a quote"
    assert escape("two\n\nparagraphs") == "two paragraphs"


def test_long_evidence_is_shortened_at_a_word_boundary():
    words = " ".join(f"word{i}" for i in range(100))
    quote = evidence_quote([Evidence(text=words, start=0, end=len(words))])
    assert len(quote) <= QUOTE_LIMIT
    assert quote.endswith("\u2026")
    assert quote[:-1].split()[-1] in words.split()  # a whole word before the ellipsis
    short = "Short quote."
    assert evidence_quote([Evidence(text=short, start=0, end=len(short))]) == short


def test_several_evidence_spans_are_joined_with_an_ellipsis():
    first, second = "First span.", "Second span."
    quote = evidence_quote([Evidence(text=first, start=0, end=11), Evidence(text=second, start=20, end=32)])
    assert quote == "First span. \u2026 Second span."


def test_empty_sections_say_so():
    brief = render_markdown(empty_result())
    assert "_The summary names no actors._" in brief
    assert "_The summary records no claims._" in brief
    assert "_The summary records no disputes._" in brief
    assert f"## {CAVEATS_TITLE}\n\n_The summary records no caveats" in brief
    assert "## Warnings" not in brief


def test_rendering_is_pure(sample):
    assert render_markdown(sample) == render_markdown(sample)
    assert HOSTILE not in render_markdown(sample)
