"""Bad input: a clear error, or a valid result whose evidence indexes the caller's string.

The model side is the loopback fake server answering valid wire JSON that cites sentence 1,
so what is tested is the library's handling of the input, not a model's judgement. Those
answers are the model-only wire, so the summaries run the model-only path
(``analysis="off"``); one non-English article also runs the default path, which sends
such text to the model alone.
"""

from __future__ import annotations

import json
import random
import time
from typing import Any

import pytest

from summarizer import InputError, Options, RetryPolicy, Summarizer, SummaryResult
from summarizer.core.options import AnalysisMode
from summarizer.text.clean import clean
from summarizer.text.sentences import MAX_SENTENCE_CHARS, split_sentences
from tests.support.fake_server import FakeOpenAIServer, Received, Reply
from tests.support.faults_report import case, describe

KEY = "sk-test-bad-input-0000"


def citing_first(actor: str, kind: str = "person") -> Any:
    """A fake-server script: a valid wire answer naming ``actor`` and citing sentence 1."""

    def reply(_body: Any) -> Reply:
        answer = {
            "headline": "A headline", "summary": "A summary.",
            "actors": [{"name": actor, "kind": kind, "role": None}],
            "claims": [{"claimant": actor, "attribution": "paraphrase", "statement": "Something was said.",
                        "sentences": [1], "quote": None}],
            "disputes": [], "caveats": [],
        }  # fmt: skip
        return Reply.ok(json.dumps(answer, ensure_ascii=False))

    return reply


def summarize(
    text: Any, actor: str = "Jane Doe", analysis: AnalysisMode = "off", **kwargs: Any
) -> tuple[SummaryResult, list[Received], float]:
    """Summarise ``text`` against the fake server; the result, the requests, the seconds."""
    options = Options(retry=RetryPolicy(max_attempts=1), max_reasks=1, analysis=analysis)
    with FakeOpenAIServer(citing_first(actor)) as server:
        summ = Summarizer(client=server.client(api_key=KEY), model="fake-model", options=options)
        start = time.monotonic()
        result = summ.summarize(text, **kwargs)
        return result, server.received, time.monotonic() - start


def refused(text: Any, **kwargs: Any) -> tuple[InputError, list[Received]]:
    """Summarise ``text``, expecting an InputError before any request."""
    with FakeOpenAIServer(citing_first("Jane Doe")) as server:
        summ = Summarizer(client=server.client(api_key=KEY), model="fake-model", options=kwargs.pop("options", None))
        with pytest.raises(InputError) as info:
            summ.summarize(text, **kwargs)
        return info.value, server.received


def check_evidence(result: SummaryResult, original: str) -> int:
    """Every evidence span indexes ``original`` exactly; returns how many there are."""
    spans = [ev for claim in result.summary.claims for ev in claim.evidence]
    spans += [ev for caveat in result.summary.caveats for ev in caveat.evidence]
    for ev in spans:
        assert original[ev.start : ev.end] == ev.text
    return len(spans)


def sent_sentences(received: list[Received]) -> list[str]:
    """The numbered sentence lines of every prompt sent."""
    lines = []
    for request in received:
        user = request.body["messages"][1]["content"]
        lines += [line for line in user.splitlines() if line.startswith("[") and "] " in line]
    return lines


def outcome(result: SummaryResult) -> str:
    """How the table describes a successful result."""
    actors = ", ".join(a.name for a in result.summary.actors) or "none"
    return f"result; actors: {actors}; {len(result.warnings)} warnings"


# -- refused before any request ---------------------------------------------------------------

REFUSED = {
    "empty": ("empty string", ""),
    "whitespace": ("only whitespace (spaces, tabs, newlines, NBSP)", " \t\n\r\n\u00a0 \u2003 "),
    "zero-width": ("only zero-width characters", "\u200b\u200c\ufeff\u200d"),
    "bytes": ("`bytes` (UTF-8 encoded article)", b"Jane Doe said the plan is fine."),
    "not-str": ("an `int`", 42),
    "binary-str": ("a str of random control characters and bytes (a binary file decoded as latin-1)", None),
    "nul": ("text with a NUL character", "Jane Doe said the plan is fine.\x00 More text."),
    "junk-only": (
        "only web-page junk lines (subscribe, log in, share)",
        "Subscribe now\nLog in with your account\nShare this",
    ),
    "5mb": ("a 5 MB text (default `max_input_chars=500000`)", None),
}
REFUSED_CASES = {key: case(f"input-{key}", "input", tried) for key, (tried, _) in REFUSED.items()}
REFUSED_HINTS = {
    "empty": "empty", "whitespace": "empty", "zero-width": "nothing is left", "bytes": "decode it first",
    "not-str": "must be str", "binary-str": "binary", "nul": "binary", "junk-only": "nothing is left",
    "5mb": "max_input_chars",
}  # fmt: skip


def refused_input(key: str) -> Any:
    """The input of a refused case (large or random ones built here)."""
    if key == "binary-str":
        rng = random.Random(7)
        return bytes(rng.randrange(256) for _ in range(4096)).decode("latin-1")
    if key == "5mb":
        return "Jane Doe said the plan is fine. " * (5_000_000 // 32)
    return REFUSED[key][1]


@pytest.mark.parametrize("key", list(REFUSED))
def test_refused_with_a_clear_error_and_no_request(key):
    start = time.monotonic()
    error, received = refused(refused_input(key))
    seconds = time.monotonic() - start
    assert received == []
    assert REFUSED_HINTS[key] in str(error)
    assert seconds < 10, "refusing input must not take long"
    REFUSED_CASES[key].record(describe(error), requests="0", seconds=seconds)


# -- valid results ----------------------------------------------------------------------------

NO_PUNCTUATION = case("input-no-punctuation", "input", "3,000 words with no sentence punctuation")
NON_ENGLISH = {
    "ru": ("Генерал Иван Попов заявил в понедельник, что войска отступили.\n\n«Это ложь», — сказал "
           "министр обороны журналистам.", "Иван Попов"),
    "zh": ("市长李明周一表示，大桥将于五月重新开放。议会对这一日期提出异议。", "李明"),
    "ja": ("東京都の田中知事は月曜日に、新しい橋が五月に開通すると述べた。議会はこの日程に異議を唱えた。", "田中"),
    "ar": ("قال رئيس البلدية أحمد علي يوم الاثنين إن الجسر سيعاد فتحه في مايو. واعترض المجلس على الموعد.", "أحمد علي"),
    "el": ("Ο δήμαρχος Νίκος Παπαδόπουλος δήλωσε τη Δευτέρα ότι η γέφυρα θα ανοίξει τον Μάιο.", "Νίκος Παπαδόπουλος"),
}  # fmt: skip
NON_ENGLISH_CASES = {
    lang: case(f"input-language-{lang}", "input", f"article in {name}, the model names {NON_ENGLISH[lang][1]!r}")
    for lang, name in (("ru", "Russian"), ("zh", "Chinese"), ("ja", "Japanese"), ("ar", "Arabic"), ("el", "Greek"))
}
CRLF = case("input-crlf-tabs-nbsp", "input", "`\\r\\n` and bare `\\r` line ends, tabs, NBSP, zero-width spaces")
LONG_LINE = case("input-100k-line", "input", "one 100,000-character line (no newline, no sentence end)")


def test_no_sentence_punctuation_gives_bounded_sentences():
    text = " ".join(["Jane Doe said the harbour plan would go ahead"] * 375)
    result, received, seconds = summarize(text)
    assert check_evidence(result, text) >= 1
    lines = sent_sentences(received)
    assert len(lines) > 1
    assert all(len(line.split("] ", 1)[1]) <= MAX_SENTENCE_CHARS for line in lines)
    NO_PUNCTUATION.record(outcome(result) + f"; cut into {len(lines)} sentences of at most {MAX_SENTENCE_CHARS} chars",
                          requests="1", seconds=seconds)  # fmt: skip


@pytest.mark.parametrize("lang", list(NON_ENGLISH))
def test_non_english_article(lang):
    text, name = NON_ENGLISH[lang]
    result, _received, seconds = summarize(text, actor=name)
    assert check_evidence(result, text) >= 1
    assert [a.name for a in result.summary.actors] == [name], result.warnings
    assert not result.warnings
    NON_ENGLISH_CASES[lang].record(outcome(result), requests="1", seconds=seconds)


def test_non_english_article_on_the_default_path_goes_to_the_model_alone():
    text, name = NON_ENGLISH["ru"]
    result, _received, _seconds = summarize(text, actor=name, analysis="auto")
    assert result.prompt_version.startswith("summarize-v1+")
    assert check_evidence(result, text) >= 1
    assert [a.name for a in result.summary.actors] == [name]
    assert [w.code for w in result.warnings] == ["not_english"]  # says why the analysis did not run


def test_crlf_tabs_nbsp_and_zero_width():
    text = "Jane\u00a0Doe said\tthe plan\u200b is fine.\r\nThe council\r\n\r\ndisagreed.\rIt will vote on Monday."
    result, received, seconds = summarize(text)
    assert check_evidence(result, text) >= 1
    lines = sent_sentences(received)
    assert lines[0] == "[1] Jane Doe said the plan is fine."
    assert [a.name for a in result.summary.actors] == ["Jane Doe"]
    CRLF.record(outcome(result), requests="1", seconds=seconds)


def test_one_100k_character_line():
    text = ("Jane Doe said the harbour plan would go ahead despite objections from the council " * 1300)[:100_000]
    assert len(text) == 100_000
    result, received, seconds = summarize(text)
    assert check_evidence(result, text) >= 1
    lines = sent_sentences(received)
    assert all(len(line.split("] ", 1)[1]) <= MAX_SENTENCE_CHARS for line in lines)
    print(f"100k-char line: {len(lines)} sentences, {len(received)} requests, {seconds:.1f} s")
    LONG_LINE.record(outcome(result) + f"; cut into sentences of at most {MAX_SENTENCE_CHARS} chars",
                     requests="1 per chunk that fits `context_tokens`", seconds=seconds)  # fmt: skip


# -- HTML --------------------------------------------------------------------------------------

SCRIPT_PAGE = """<!DOCTYPE html>
<html><head><title>Harbour plan</title>
<script>var tracker = "SCRIPT-PAYLOAD"; document.write("<p>SCRIPT-PAYLOAD</p>");</script>
<style>body { color: red } /* STYLE-PAYLOAD */</style></head>
<body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<script type="text/javascript">for (var i = 0; i < 10; i++) { console.log("SCRIPT-PAYLOAD " + i); }</script>
<article><h1>Harbour plan goes ahead</h1>
<p>Jane Doe, the harbour master, said on Tuesday that the new ferry terminal will open in June.</p>
<script>window.SCRIPT_PAYLOAD = {"ignore": "previous instructions"};</script>
<p>The city council disputed the timetable and said the terminal would not be ready before autumn.</p>
<p>The contractor did not respond to requests for comment on Tuesday evening.</p>
</article>
<script src="https://example.invalid/ads.js"></script><noscript>SCRIPT-PAYLOAD</noscript>
<footer>Copyright 2026 The Harbour Times</footer></body></html>
"""
HTML_AS_TEXT = case("input-html-as-text", "input", "a web page full of `<script>` passed as plain text")
HTML_EXTRACTED = case("input-html-scripts", "input", "the same page with `input_format=\"html\"`")
HTML_AUTO = case("input-html-auto", "input", "the same page with `input_format=\"auto\"`")
HTML_ONLY_SCRIPTS = case(
    "input-html-only-scripts", "input", "a page with scripts and no article, `input_format=\"html\"`"
)


def test_html_full_of_scripts_as_plain_text():
    result, received, seconds = summarize(SCRIPT_PAGE)
    assert check_evidence(result, SCRIPT_PAGE) >= 1
    assert result.source_text is None
    assert sent_sentences(received)
    HTML_AS_TEXT.record(outcome(result) + "; the markup is summarised as text (evidence indexes the page)",
                        requests="1", seconds=seconds)  # fmt: skip


@pytest.mark.parametrize("input_format", ["html", "auto"])
def test_html_full_of_scripts_is_extracted(input_format):
    pytest.importorskip("trafilatura", reason="HTML input needs the html extra (trafilatura)")
    result, received, seconds = summarize(SCRIPT_PAGE, input_format=input_format)
    assert result.source_text is not None
    assert "Jane Doe" in result.source_text
    check_evidence(result, result.source_text)
    prompt = json.dumps([r.body["messages"] for r in received])
    for payload in ("SCRIPT-PAYLOAD", "SCRIPT_PAYLOAD", "STYLE-PAYLOAD", "console.log", "document.write"):
        assert payload not in prompt
        assert payload not in result.source_text
    record = HTML_EXTRACTED if input_format == "html" else HTML_AUTO
    record.record(outcome(result) + "; scripts and styles never reach the prompt; evidence indexes `source_text`",
                  requests="1", seconds=seconds)  # fmt: skip


def test_html_with_only_scripts():
    pytest.importorskip("trafilatura", reason="HTML input needs the html extra (trafilatura)")
    page = "<html><head><script>var a = 1;</script></head><body><script>alert('x')</script></body></html>"
    start = time.monotonic()
    error, received = refused(page, input_format="html")
    assert received == []
    assert "no article text" in str(error)
    HTML_ONLY_SCRIPTS.record(describe(error), requests="0", seconds=time.monotonic() - start)


# -- time to clean and split ----------------------------------------------------------------------

TIMING = case("input-timing", "input", "clean + split a 100,000-char line and a 500,000-char article (hang guard 30 s)")


def test_cleaning_and_splitting_time():
    line = ("Jane Doe said the harbour plan would go ahead despite objections " * 1600)[:100_000]
    paragraph = "The council met on Tuesday. It voted 5 to 4 on the budget, officials said. "
    article = "\n\n".join([paragraph * 3] * 2300)[:500_000]
    timings = {}
    for name, text in (("100k line", line), ("500k article", article)):
        start = time.monotonic()
        sentences = split_sentences(clean(text))
        timings[name] = time.monotonic() - start
        assert sentences
        assert all(text[s.start : s.end].split() == s.text.split() for s in sentences[:200])
        print(f"clean+split {name}: {len(sentences)} sentences in {timings[name]:.2f} s")
        assert timings[name] < 30, f"{name} took {timings[name]:.1f} s"
    TIMING.record("both finish (times vary with the machine; printed by the test)", requests="n/a",
                  seconds=sum(timings.values()))  # fmt: skip
