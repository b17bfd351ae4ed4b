"""Faults: a real HTTP server on loopback misbehaves, the public Summarizer copes.

Every test goes through ``Summarizer(client=openai.OpenAI(base_url=server.base_url, ...))``
against :class:`tests.support.fake_server.FakeOpenAIServer`, with short retry waits, and
records what it saw in the faults report (``docs/faults.md``). The valid answers are the
model-only wire (:func:`wire`), so the summarizers run the model-only path
(``analysis="off"``); :func:`test_429_then_a_judgment_on_the_default_path` checks the
transport layer under the default (judging) path too.
"""

from __future__ import annotations

import asyncio
import email.utils
import json
import time
import traceback
from collections.abc import Callable
from typing import Any

import pytest

from summarizer import (
    APIConnectionError,
    APITimeoutError,
    AuthenticationError,
    BadRequestError,
    InvalidOutputError,
    MalformedResponseError,
    NotFoundError,
    Options,
    OutputTruncatedError,
    RateLimitError,
    RefusalError,
    RetryPolicy,
    ServerError,
    Summarizer,
    SummarizerError,
    SummaryResult,
)
from tests.support import faults_report
from tests.support.fake_server import FakeOpenAIServer, Received, Reply, chat_completion
from tests.support.faults_report import case, describe

KEY = "sk-test-SECRET-0123456789abcdef"
MODEL = "fake-model"
ARTICLE = (
    "Harbour Authority chief Maria Lindqvist said on Tuesday that the new ferry terminal "
    "will open in June. The city council disputed that timetable. \"The terminal will not be "
    "ready before autumn,\" councillor Ahmed Karimi said. The contractor did not respond to "
    "requests for comment."
)


def wire(**overrides: Any) -> str:
    """A valid wire answer for :data:`ARTICLE`, citing its first sentences."""
    data: dict[str, Any] = {
        "headline": "Ferry terminal opening date disputed",
        "summary": "The harbour authority expects a June opening; the council doubts it.",
        "actors": [
            {"name": "Maria Lindqvist", "kind": "person", "role": "Harbour Authority chief"},
            {"name": "Ahmed Karimi", "kind": "person", "role": "councillor"},
        ],
        "claims": [
            {"claimant": "Maria Lindqvist", "attribution": "paraphrase",
             "statement": "The terminal opens in June.", "sentences": [1], "quote": None},
            {"claimant": "Ahmed Karimi", "attribution": "direct_quote",
             "statement": "The terminal will not be ready before autumn.", "sentences": [3],
             "quote": "will not be ready before autumn"},
        ],
        "disputes": [],
        "caveats": [{"kind": "no_comment", "text": "The contractor did not comment.", "sentences": [4]}],
    }  # fmt: skip
    return json.dumps(data | overrides)


def fast(**overrides: Any) -> RetryPolicy:
    """A retry policy with tiny waits, so the tests stay fast."""
    return RetryPolicy(**({"initial_wait_s": 0.01, "max_wait_s": 0.05, "jitter_s": 0.0} | overrides))


def summarizer(server: FakeOpenAIServer, *, retry: RetryPolicy | None = None, **options: Any) -> Summarizer:
    """A Summarizer talking to ``server`` through a sync OpenAI client."""
    client = server.client(api_key=KEY)
    return Summarizer(client=client, model=MODEL, options=model_only(retry, **options))


def model_only(retry: RetryPolicy | None, **options: Any) -> Options:
    """Options for the model-only path, the one :func:`wire` answers (``analysis`` may be overridden)."""
    return Options(**({"analysis": "off", "retry": retry or fast()} | options))


def timed(call: Callable[[], SummaryResult]) -> tuple[SummaryResult | SummarizerError, float]:
    """Run ``call``; return its result or the library error it raised, and the seconds taken."""
    start = time.monotonic()
    try:
        outcome: SummaryResult | SummarizerError = call()
    except SummarizerError as exc:
        outcome = exc
    return outcome, time.monotonic() - start


def check_no_key(exc: BaseException) -> None:
    """The key appears nowhere an operator would see the error."""
    shown = [str(exc), repr(exc), "".join(traceback.format_exception(exc)), str(getattr(exc, "body", ""))]
    for text in shown:
        assert KEY not in text


def messages(received: Received) -> list[dict[str, str]]:
    """The chat messages of one request the server received."""
    return list(received.body["messages"])


def prompt_text(server: FakeOpenAIServer) -> str:
    """Everything sent to the server as prompt, over every request."""
    return "\n".join(m["content"] for r in server.received for m in messages(r))


def error_result(outcome: object, kind: type[SummarizerError]) -> SummarizerError:
    """``outcome`` as an error of type ``kind`` (fails the test otherwise)."""
    assert isinstance(outcome, kind), f"expected {kind.__name__}, got {outcome!r}"
    check_no_key(outcome)
    return outcome


def ok_result(outcome: object) -> SummaryResult:
    """``outcome`` as a successful, grounded result (fails the test otherwise)."""
    assert isinstance(outcome, SummaryResult), f"expected a result, got {outcome!r}"
    for claim in outcome.summary.claims:
        for ev in claim.evidence:
            assert ARTICLE[ev.start : ev.end] == ev.text
    return outcome


def requests_of(exc: SummarizerError, server: FakeOpenAIServer) -> str:
    """The requests column for an error: what the server received."""
    return str(len(server.received))


# -- 429 --------------------------------------------------------------------------------------

RETRY_AFTER = case("429-retry-after", "transport", "429 with `Retry-After: 1`, then a valid answer")
RETRY_AFTER_DATE = case(
    "429-retry-after-date", "transport", "429 with `Retry-After` as an HTTP date 2 s ahead, then a valid answer"
)
RETRY_AFTER_CAPPED = case(
    "429-retry-after-capped", "transport", "429 with `Retry-After: 30`, `max_retry_after_s=0.3`, then a valid answer"
)
RATE_LIMITED = case("429-persistent", "transport", "429 with `Retry-After: 0` on every request, `max_attempts=3`")
RETRY_AFTER_GARBLED = case(
    "429-retry-after-garbled", "transport", "429 with `Retry-After: soon`, then `nan`, `-5`, `1e999`, then a valid answer"
)


def test_429_waits_retry_after_then_succeeds():
    with FakeOpenAIServer([Reply.error(429, "slow down", Retry_After="1"),
                           Reply.ok(wire(), prompt_tokens=321, completion_tokens=123)]) as server:  # fmt: skip
        outcome, seconds = timed(lambda: summarizer(server).summarize(ARTICLE))
    result = ok_result(outcome)
    assert seconds >= 1.0
    assert server.received[1].at - server.received[0].at >= 1.0
    assert result.attempts.requests == 2
    assert result.attempts.transport_retries == 1
    assert result.attempts.reasks == 0
    assert (result.usage.prompt_tokens, result.usage.completion_tokens) == (321, 123)
    RETRY_AFTER.record("result; waited the full `Retry-After`; usage counts only the answered request",
                       requests=result.attempts, seconds=seconds)  # fmt: skip


def test_429_then_a_judgment_on_the_default_path():
    judgment = {
        "headline": "Ferry terminal opening date disputed",
        "summary": "The council doubts a June opening.",
        "claims": [],
        "speakers": [],
        "disputes": [],
        "caveats": [],
        "extra_claims": [],
        "extra_caveats": [],
    }
    script = [Reply.error(429, "slow down", Retry_After="1"), Reply.ok(json.dumps(judgment))]
    with FakeOpenAIServer(script) as server:
        outcome, seconds = timed(lambda: summarizer(server, analysis="auto").summarize(ARTICLE))
    result = ok_result(outcome)
    assert result.prompt_version.startswith("judge-v5+")
    assert seconds >= 1.0
    assert server.received[1].at - server.received[0].at >= 1.0
    assert (result.attempts.requests, result.attempts.transport_retries, result.attempts.reasks) == (2, 1, 0)
    assert server.received[1].body == server.received[0].body  # the retry resends the judging request as it was


def test_429_retry_after_http_date():
    when = email.utils.formatdate(time.time() + 2, usegmt=True)
    with FakeOpenAIServer([Reply.error(429, "slow down", Retry_After=when), Reply.ok(wire())]) as server:
        outcome, seconds = timed(lambda: summarizer(server).summarize(ARTICLE))
    result = ok_result(outcome)
    gap = server.received[1].at - server.received[0].at
    assert 0.9 <= gap <= 3.0, gap  # the date has one-second resolution
    assert result.attempts.transport_retries == 1
    RETRY_AFTER_DATE.record("result; waited until the date", requests=result.attempts, seconds=seconds)


def test_429_retry_after_is_capped():
    with FakeOpenAIServer([Reply.error(429, "slow down", Retry_After="30"), Reply.ok(wire())]) as server:
        outcome, seconds = timed(lambda: summarizer(server, retry=fast(max_retry_after_s=0.3)).summarize(ARTICLE))
    result = ok_result(outcome)
    gap = server.received[1].at - server.received[0].at
    assert 0.3 <= gap < 5.0
    assert result.attempts.transport_retries == 1
    RETRY_AFTER_CAPPED.record("result; waited `max_retry_after_s`, not 30 s", requests=result.attempts,
                              seconds=seconds)  # fmt: skip


def test_429_with_a_garbled_retry_after_falls_back_to_the_usual_back_off():
    garbled = [Reply.error(429, "slow down", Retry_After=v) for v in ("soon", "nan", "-5", "1e999")]
    with FakeOpenAIServer([*garbled, Reply.ok(wire())]) as server:
        outcome, seconds = timed(lambda: summarizer(server, retry=fast(max_attempts=5)).summarize(ARTICLE))
    result = ok_result(outcome)
    assert result.attempts.transport_retries == 4
    assert seconds < 5.0  # the policy's short back-off, not an absurd or negative wait
    RETRY_AFTER_GARBLED.record("result; the unreadable header is ignored and the policy's back-off applies",
                               requests=result.attempts, seconds=seconds)  # fmt: skip


def test_429_persistent_raises_rate_limit_error():
    with FakeOpenAIServer([Reply.error(429, "slow down", Retry_After="0")]) as server:
        outcome, seconds = timed(lambda: summarizer(server, retry=fast(max_attempts=3)).summarize(ARTICLE))
    exc = error_result(outcome, RateLimitError)
    assert isinstance(exc, RateLimitError)
    assert len(server.received) == 3
    assert exc.status == 429
    assert exc.attempts == 3
    assert exc.retry_after == 0
    assert "rate limited" in str(exc)
    RATE_LIMITED.record(describe(exc), requests=requests_of(exc, server), seconds=seconds)


# -- 5xx --------------------------------------------------------------------------------------

FLAKY_5XX = {
    status: case(f"{status}-twice", "transport", f"{status} twice, then a valid answer") for status in (500, 502, 503)
}
MIXED_5XX = case("5xx-mixed", "transport", "500, 502, 503, then a valid answer (`max_attempts=4`)")
PERSISTENT_5XX = case("5xx-persistent-attempts", "transport", "503 on every request, `max_attempts=3`")
PERSISTENT_5XX_TIME = case(
    "5xx-persistent-time", "transport",
    "500 on every request, `max_attempts=20`, 0.3 s waits, `max_total_s=1.2`",
)  # fmt: skip


@pytest.mark.parametrize("status", [500, 502, 503])
def test_5xx_a_few_times_then_success(status):
    with FakeOpenAIServer([Reply.error(status), Reply.error(status), Reply.ok(wire())]) as server:
        outcome, seconds = timed(lambda: summarizer(server).summarize(ARTICLE))
    result = ok_result(outcome)
    assert result.attempts.requests == 3
    assert result.attempts.transport_retries == 2
    assert (result.usage.prompt_tokens, result.usage.completion_tokens) == (100, 50)
    FLAKY_5XX[status].record("result", requests=result.attempts, seconds=seconds)


def test_mixed_5xx_then_success():
    script = [Reply.error(500), Reply.error(502), Reply.error(503), Reply.ok(wire())]
    with FakeOpenAIServer(script) as server:
        outcome, seconds = timed(lambda: summarizer(server, retry=fast(max_attempts=4)).summarize(ARTICLE))
    result = ok_result(outcome)
    assert result.attempts.transport_retries == 3
    MIXED_5XX.record("result", requests=result.attempts, seconds=seconds)


def test_persistent_5xx_stops_after_max_attempts():
    with FakeOpenAIServer([Reply.error(503, "overloaded")]) as server:
        outcome, seconds = timed(lambda: summarizer(server, retry=fast(max_attempts=3)).summarize(ARTICLE))
    exc = error_result(outcome, ServerError)
    assert isinstance(exc, ServerError)
    assert len(server.received) == 3
    assert (exc.status, exc.attempts) == (503, 3)
    assert "overloaded" in str(exc)
    PERSISTENT_5XX.record(describe(exc), requests=requests_of(exc, server), seconds=seconds)


def test_persistent_5xx_stops_within_max_total_s():
    policy = fast(max_attempts=20, initial_wait_s=0.3, max_wait_s=0.3, max_total_s=1.2)
    with FakeOpenAIServer([Reply.error(500, "boom")]) as server:
        outcome, seconds = timed(lambda: summarizer(server, retry=policy).summarize(ARTICLE))
    exc = error_result(outcome, ServerError)
    assert seconds < 1.2 + 0.5
    assert 2 <= len(server.received) < 20
    assert exc.attempts == len(server.received)
    PERSISTENT_5XX_TIME.record(
        "`ServerError`: the endpoint failed (boom) (HTTP 500) after N attempts",
        requests="< 20 (stopped by `max_total_s`)", seconds=seconds,
    )  # fmt: skip


# -- timeouts, dropped connections, garbled bodies ---------------------------------------------

HANG = case("hang", "transport", "server accepts and never answers; `timeout_s=1`, `max_attempts=1`")
HANG_RETRIED = case("hang-retried", "transport", "never answers; `timeout_s=0.5`, `max_attempts=3`")
HANG_BUDGET = case(
    "hang-total-budget", "transport", "never answers; `timeout_s=1`, `max_attempts=5`, `max_total_s=1.5`"
)
RESET_ONCE = case("reset-once", "transport", "connection reset mid-response once, then a valid answer")
RESET_ALWAYS = case("reset-persistent", "transport", "connection reset mid-response on every request, `max_attempts=3`")
GARBLED_ONCE = case("garbled-once", "transport", "200 with a body that is not JSON once, then a valid answer")
GARBLED_ALWAYS = case(
    "garbled-persistent", "transport", "200 with a body that is not JSON every time, `max_attempts=2`"
)
NOT_COMPLETION = case("not-a-completion", "transport", "200 with JSON that is not a chat completion (`{\"foo\": 1}`)")
EMPTY_BODY = case("empty-body", "transport", "200 with an empty body, `max_attempts=2`")


def test_server_that_never_answers_times_out():
    with FakeOpenAIServer([Reply(hang=True)]) as server:
        outcome, seconds = timed(
            lambda: summarizer(server, retry=fast(max_attempts=1), timeout_s=1).summarize(ARTICLE)
        )
    exc = error_result(outcome, APITimeoutError)
    assert 0.9 <= seconds < 3.0
    assert len(server.received) == 1
    assert "within 1 s" in str(exc)
    HANG.record(describe(exc), requests=requests_of(exc, server), seconds=seconds)


def test_timeouts_are_retried_then_reported():
    with FakeOpenAIServer([Reply(hang=True)]) as server:
        outcome, seconds = timed(
            lambda: summarizer(server, retry=fast(max_attempts=3), timeout_s=0.5).summarize(ARTICLE)
        )
    exc = error_result(outcome, APITimeoutError)
    assert len(server.received) == 3
    assert exc.attempts == 3
    assert 1.4 <= seconds < 4.0
    HANG_RETRIED.record(describe(exc), requests=requests_of(exc, server), seconds=seconds)


def test_timeouts_stop_within_max_total_s():
    policy = fast(max_attempts=5, max_total_s=1.5)
    with FakeOpenAIServer([Reply(hang=True)]) as server:
        outcome, seconds = timed(lambda: summarizer(server, retry=policy, timeout_s=1).summarize(ARTICLE))
    exc = error_result(outcome, APITimeoutError)
    # The first request waits its full timeout_s; the retry only what is left of max_total_s
    # (without that cut it would wait another full second: 2 s in all).
    assert len(server.received) == 2
    assert 1.45 <= seconds < 1.85, "a retry in flight must not outlive RetryPolicy.max_total_s"
    assert "max_total_s" in str(exc)
    HANG_BUDGET.record(describe(exc), requests=requests_of(exc, server), seconds=seconds)


def test_connection_reset_mid_response_is_retried():
    with FakeOpenAIServer([Reply(body=chat_completion(wire()), reset=True), Reply.ok(wire())]) as server:
        outcome, seconds = timed(lambda: summarizer(server).summarize(ARTICLE))
    result = ok_result(outcome)
    assert result.attempts.transport_retries == 1
    assert (result.usage.prompt_tokens, result.usage.completion_tokens) == (100, 50)
    RESET_ONCE.record("result", requests=result.attempts, seconds=seconds)


def test_persistent_connection_reset_raises_connection_error():
    with FakeOpenAIServer([Reply(body=chat_completion(wire()), reset=True)]) as server:
        outcome, seconds = timed(lambda: summarizer(server, retry=fast(max_attempts=3)).summarize(ARTICLE))
    exc = error_result(outcome, APIConnectionError)
    assert len(server.received) == 3
    assert exc.status is None
    RESET_ALWAYS.record(describe(exc), requests=requests_of(exc, server), seconds=seconds)


def test_garbled_body_once_is_retried():
    with FakeOpenAIServer([Reply(body='{"id": "chatcmpl-1", "choi'), Reply.ok(wire())]) as server:
        outcome, seconds = timed(lambda: summarizer(server).summarize(ARTICLE))
    result = ok_result(outcome)
    assert result.attempts.transport_retries == 1
    GARBLED_ONCE.record("result", requests=result.attempts, seconds=seconds)


def test_garbled_body_persistent_raises_malformed_response():
    with FakeOpenAIServer([Reply(body="<html>502 Bad Gateway</html>")]) as server:
        outcome, seconds = timed(lambda: summarizer(server, retry=fast(max_attempts=2)).summarize(ARTICLE))
    exc = error_result(outcome, MalformedResponseError)
    assert len(server.received) == 2
    GARBLED_ALWAYS.record(describe(exc), requests=requests_of(exc, server), seconds=seconds)


def test_json_that_is_not_a_chat_completion():
    with FakeOpenAIServer([Reply(body={"foo": 1})]) as server:
        outcome, seconds = timed(lambda: summarizer(server, retry=fast(max_attempts=2)).summarize(ARTICLE))
    exc = error_result(outcome, MalformedResponseError)
    assert len(server.received) == 2
    NOT_COMPLETION.record(describe(exc), requests=requests_of(exc, server), seconds=seconds)


def test_empty_body():
    with FakeOpenAIServer([Reply(body=b"")]) as server:
        outcome, seconds = timed(lambda: summarizer(server, retry=fast(max_attempts=2)).summarize(ARTICLE))
    exc = error_result(outcome, MalformedResponseError)
    assert len(server.received) == 2
    EMPTY_BODY.record(describe(exc), requests=requests_of(exc, server), seconds=seconds)


# -- the model's answer -------------------------------------------------------------------------

SCHEMA_REASK = case("schema-violation-reask", "output", "answer violates the wire schema once, then a valid answer")
SCHEMA_EXHAUSTED = case(
    "schema-violation-persistent", "output", "answer violates the wire schema every time, `max_reasks=2`"
)
NOT_JSON_ANSWER = case("answer-not-json", "output", "answer text is not JSON, then a valid answer")
TRUNCATED = case("truncated", "output", "`finish_reason: \"length\"` with half an answer")
REFUSAL = case("refusal", "output", "a `refusal` message instead of an answer")
CONTENT_FILTER = case("content-filter", "output", "`finish_reason: \"content_filter\"`")

BAD_WIRE = json.dumps({"headline": 42, "summary": "s", "actors": [], "claims": [{"claimant": "x"}]})


def test_schema_violation_is_reasked_with_the_errors():
    with FakeOpenAIServer([Reply.ok(BAD_WIRE), Reply.ok(wire())]) as server:
        outcome, seconds = timed(lambda: summarizer(server).summarize(ARTICLE))
    result = ok_result(outcome)
    assert result.attempts.reasks == 1
    assert result.attempts.transport_retries == 0
    assert (result.usage.prompt_tokens, result.usage.completion_tokens) == (200, 100)
    followup = messages(server.received[1])
    assert followup[-2] == {"role": "assistant", "content": BAD_WIRE}
    assert followup[-1]["role"] == "user"
    for problem in ("headline", "actors", "claims[0].attribution"):
        assert problem in followup[-1]["content"], problem
    SCHEMA_REASK.record("result; the re-ask listed every schema error", requests=result.attempts, seconds=seconds)


def test_schema_violation_after_max_reasks_raises_invalid_output():
    with FakeOpenAIServer([Reply.ok(BAD_WIRE)]) as server:
        outcome, seconds = timed(lambda: summarizer(server, max_reasks=2).summarize(ARTICLE))
    exc = error_result(outcome, InvalidOutputError)
    assert isinstance(exc, InvalidOutputError)
    assert exc.raw_output == BAD_WIRE
    assert any("headline" in e for e in exc.errors)
    assert exc.attempts is not None
    assert (exc.attempts.requests, exc.attempts.reasks) == (3, 2)
    assert exc.usage is not None
    assert exc.usage.completion_tokens == 150
    SCHEMA_EXHAUSTED.record(
        f"`InvalidOutputError` with `raw_output` and {len(exc.errors)} `errors`: {exc.errors[0]}; ...",
        requests=exc.attempts, seconds=seconds,
    )  # fmt: skip


def test_answer_that_is_not_json_is_reasked():
    with FakeOpenAIServer([Reply.ok("Sure! Here is the summary: the terminal opens in June."),
                           Reply.ok(wire())]) as server:  # fmt: skip
        outcome, seconds = timed(lambda: summarizer(server).summarize(ARTICLE))
    result = ok_result(outcome)
    assert result.attempts.reasks == 1
    assert "not valid JSON" in messages(server.received[1])[-1]["content"]
    NOT_JSON_ANSWER.record("result", requests=result.attempts, seconds=seconds)


def test_truncated_output_raises_output_truncated():
    partial = wire()[:80]
    with FakeOpenAIServer([Reply.ok(partial, finish_reason="length")]) as server:
        outcome, seconds = timed(lambda: summarizer(server, max_output_tokens=100).summarize(ARTICLE))
    exc = error_result(outcome, OutputTruncatedError)
    assert isinstance(exc, OutputTruncatedError)
    assert exc.raw_output == partial
    assert len(server.received) == 1
    assert "max_output_tokens" in str(exc)
    TRUNCATED.record(describe(exc) + " (`raw_output` holds the partial answer)",
                     requests=requests_of(exc, server), seconds=seconds)  # fmt: skip


REASK_TRUNCATED = case(
    "reask-truncated", "output", "an answer breaking a grounding rule, then a re-ask cut off by `finish_reason: \"length\"`"
)
REASK_OVERFLOW = case(
    "reask-context-overflow", "output", "an answer breaking a grounding rule, then 400 \"exceeds the context window\" "
    "on the re-ask"
)
UNGROUNDED_CLAIM = {"claimant": "Nobody Named", "attribution": "reported", "statement": "Something.",
                    "sentences": [2], "quote": None}  # fmt: skip


def first_answer_needs_a_reask() -> str:
    good = json.loads(wire())
    return wire(claims=[*good["claims"], UNGROUNDED_CLAIM])


@pytest.mark.parametrize(
    ("failure", "report"),
    [(Reply.ok('{"headline": "Fer', finish_reason="length"), REASK_TRUNCATED),
     (Reply.error(400, "the request (9000 tokens) exceeds the context window (8192)"), REASK_OVERFLOW)],
    ids=["truncated", "context-overflow"],
)  # fmt: skip
def test_a_failed_reask_returns_the_best_earlier_answer(failure, report):
    with FakeOpenAIServer([Reply.ok(first_answer_needs_a_reask()), failure]) as server:
        outcome, seconds = timed(lambda: summarizer(server).summarize(ARTICLE))
    result = ok_result(outcome)
    assert [c.claimant for c in result.summary.claims] == ["maria-lindqvist", "ahmed-karimi"]
    codes = [w.code for w in result.warnings]
    assert codes == ["dropped_claim", "reask_failed"]
    assert result.attempts.requests == 2
    assert result.attempts.reasks == 1
    report.record("result: the first answer, its ungrounded claim dropped; warnings `dropped_claim`, `reask_failed`",
                  requests=result.attempts, seconds=seconds)  # fmt: skip


def test_a_failed_reask_raises_under_the_strict_policy():
    script = [Reply.ok(first_answer_needs_a_reask()), Reply.ok('{"headline": "Fer', finish_reason="length")]
    with FakeOpenAIServer(script) as server:
        outcome, _ = timed(lambda: summarizer(server, grounding="strict").summarize(ARTICLE))
    error_result(outcome, OutputTruncatedError)


def test_refusal_raises_refusal_error():
    with FakeOpenAIServer([Reply.ok(None, refusal="I can't help with that.")]) as server:
        outcome, seconds = timed(lambda: summarizer(server).summarize(ARTICLE))
    exc = error_result(outcome, RefusalError)
    assert "I can't help with that." in str(exc)
    assert len(server.received) == 1
    REFUSAL.record(describe(exc), requests=requests_of(exc, server), seconds=seconds)


def test_content_filter_raises_refusal_error():
    with FakeOpenAIServer([Reply.ok("", finish_reason="content_filter")]) as server:
        outcome, seconds = timed(lambda: summarizer(server).summarize(ARTICLE))
    exc = error_result(outcome, RefusalError)
    assert len(server.received) == 1
    CONTENT_FILTER.record(describe(exc), requests=requests_of(exc, server), seconds=seconds)


# -- 4xx: never retried, the cause named, the key never shown ------------------------------------

CLIENT_ERRORS = {
    400: (BadRequestError, "rejected the request"),
    401: (AuthenticationError, "the API key was rejected"),
    403: (AuthenticationError, "access denied"),
    404: (NotFoundError, "not found"),
    422: (BadRequestError, "rejected the request"),
}
CLIENT_ERROR_CASES = {
    status: case(f"{status}", "transport", f"{status} whose error message echoes the API key")
    for status in CLIENT_ERRORS
}
ECHO_5XX = case("5xx-echoes-key", "secrets", "500 whose error body echoes the API key, `max_attempts=2`")


@pytest.mark.parametrize("status", list(CLIENT_ERRORS))
def test_client_errors_are_not_retried_and_name_the_cause(status):
    kind, cause = CLIENT_ERRORS[status]
    with FakeOpenAIServer([Reply.error(status, f"Incorrect API key provided: {KEY}"), Reply.ok(wire())]) as server:
        outcome, seconds = timed(lambda: summarizer(server).summarize(ARTICLE))
    exc = error_result(outcome, kind)
    assert type(exc) is kind
    assert len(server.received) == 1
    assert cause in str(exc)
    assert getattr(exc, "status", None) == status
    CLIENT_ERROR_CASES[status].record(describe(exc) + "; key redacted", requests=requests_of(exc, server),
                                      seconds=seconds)  # fmt: skip


def test_5xx_body_echoing_the_key_is_redacted():
    with FakeOpenAIServer([Reply.error(500, f"upstream said: bad key {KEY}")]) as server:
        outcome, seconds = timed(lambda: summarizer(server, retry=fast(max_attempts=2)).summarize(ARTICLE))
    exc = error_result(outcome, ServerError)
    assert "[redacted]" in str(exc)
    assert "[redacted]" in str(getattr(exc, "body", ""))
    ECHO_5XX.record(describe(exc), requests=requests_of(exc, server), seconds=seconds)


# -- structured-output modes ---------------------------------------------------------------------

MODE_FALLBACK = case(
    "mode-rejected", "transport",
    "`structured_output=\"auto\"`; the server rejects `json_schema` with llama-cpp-python's 500 "
    "\"Input should be 'text' or 'json_object'\"; two summaries",
)  # fmt: skip
MODE_FIXED = case(
    "mode-rejected-fixed", "transport", "`structured_output=\"json_schema\"`; the server rejects it the same way"
)

LLAMA_REJECTION = (
    "1 validation error for CreateChatCompletionRequest\nresponse_format.type\n  Input should be 'text' or "
    "'json_object' [type=literal_error, input_value='json_schema', input_type=str]"
)


def mode_of(received: Received) -> str:
    """Which structured-output mode a request used."""
    response_format = received.body.get("response_format") or {}
    if response_format.get("type") == "json_schema":
        return "json_schema"
    return "llama_json_object" if "schema" in response_format else response_format.get("type", "none")


def llama_like(body: Any) -> Reply:
    """Answers like llama-cpp-python's server: json_schema is a 500, json_object works."""
    if body.get("response_format", {}).get("type") == "json_schema":
        return Reply(status=500, body={"error": {"message": LLAMA_REJECTION, "type": "internal_server_error",
                                                 "param": None, "code": None}})  # fmt: skip
    return Reply.ok(wire())


def test_auto_mode_falls_back_and_remembers_the_working_mode():
    with FakeOpenAIServer(llama_like) as server:
        summ = summarizer(server)
        first, s1 = timed(lambda: summ.summarize(ARTICLE))
        second, s2 = timed(lambda: summ.summarize(ARTICLE))
    ok_result(first)
    ok_result(second)
    assert [mode_of(r) for r in server.received] == ["json_schema", "llama_json_object", "llama_json_object"]
    assert isinstance(first, SummaryResult)
    assert isinstance(second, SummaryResult)
    assert first.attempts.requests == 2
    assert first.attempts.transport_retries == 0  # a rejected mode is not a transient fault
    assert second.attempts.requests == 1
    MODE_FALLBACK.record(
        "result; fell back to llama-cpp-python's `json_object`+schema, and the second summary started there",
        requests=f"{first.attempts.requests}, then {second.attempts.requests}", seconds=s1 + s2,
    )  # fmt: skip


def test_fixed_mode_rejected_raises():
    with FakeOpenAIServer(llama_like) as server:
        outcome, seconds = timed(lambda: summarizer(server, structured_output="json_schema").summarize(ARTICLE))
    exc = error_result(outcome, BadRequestError)
    assert type(exc).__name__ == "StructuredOutputUnsupportedError"
    assert len(server.received) == 1
    MODE_FIXED.record(describe(exc).split(" (1 validation")[0] + " (...)", requests=requests_of(exc, server),
                      seconds=seconds)  # fmt: skip


# -- transport errors never reach a prompt -------------------------------------------------------

NO_LEAK_TO_PROMPT = case(
    "transport-errors-not-in-prompt", "transport",
    "500, a reset, 429 and a garbled body (each with a marker), a schema violation, then a valid answer",
)  # fmt: skip


def test_transport_errors_never_appear_in_a_prompt():
    script = [
        Reply.error(500, "MARKER-5XX internal explosion"),
        Reply(body=chat_completion("MARKER-RESET"), reset=True),
        Reply.error(429, "MARKER-429 too many", Retry_After="0"),
        Reply(body="MARKER-GARBLED not json"),
        Reply.ok(BAD_WIRE),
        Reply.ok(wire()),
    ]
    with FakeOpenAIServer(script) as server:
        outcome, seconds = timed(lambda: summarizer(server, retry=fast(max_attempts=5)).summarize(ARTICLE))
    result = ok_result(outcome)
    assert result.attempts.transport_retries == 4
    assert result.attempts.reasks == 1
    sent = prompt_text(server)
    for marker in ("MARKER", "explosion", "too many", "reset", "HTTP 5", "Connection"):
        assert marker not in sent, marker
    assert "headline" in messages(server.received[-1])[-1]["content"]  # the re-ask did reach the model
    NO_LEAK_TO_PROMPT.record("result; no transport error text in any request, only the schema errors",
                             requests=result.attempts, seconds=seconds)  # fmt: skip


# -- async ------------------------------------------------------------------------------------------

ASYNC_429 = case("async-429-retry-after", "transport", "`asummarize`: 429 with `Retry-After: 1`, then a valid answer")
ASYNC_5XX = case("async-5xx-persistent", "transport", "`asummarize`: 502 on every request, `max_attempts=3`")
ASYNC_HANG = case("async-hang", "transport", "`asummarize`: never answers; `timeout_s=1`, `max_attempts=1`")
ASYNC_401 = case("async-401", "transport", "`asummarize`: 401")
ASYNC_REASK = case("async-schema-violation-reask", "output", "`asummarize`: schema violation once, then valid")


def asummarize(server: FakeOpenAIServer, *, retry: RetryPolicy | None = None, **options: Any) -> SummaryResult:
    """Run ``asummarize`` with an AsyncOpenAI client against ``server``."""

    async def run() -> SummaryResult:
        async with server.async_client(api_key=KEY) as client:
            summ = Summarizer(client=client, model=MODEL, options=model_only(retry, **options))
            return await summ.asummarize(ARTICLE)

    return asyncio.run(run())


def test_async_429_waits_then_succeeds():
    with FakeOpenAIServer([Reply.error(429, "slow down", Retry_After="1"), Reply.ok(wire())]) as server:
        outcome, seconds = timed(lambda: asummarize(server))
    result = ok_result(outcome)
    assert seconds >= 1.0
    assert result.attempts.transport_retries == 1
    assert (result.usage.prompt_tokens, result.usage.completion_tokens) == (100, 50)
    ASYNC_429.record("result", requests=result.attempts, seconds=seconds)


def test_async_persistent_5xx():
    with FakeOpenAIServer([Reply.error(502, "bad gateway")]) as server:
        outcome, seconds = timed(lambda: asummarize(server, retry=fast(max_attempts=3)))
    exc = error_result(outcome, ServerError)
    assert len(server.received) == 3
    ASYNC_5XX.record(describe(exc), requests=requests_of(exc, server), seconds=seconds)


def test_async_hang_times_out():
    with FakeOpenAIServer([Reply(hang=True)]) as server:
        outcome, seconds = timed(lambda: asummarize(server, retry=fast(max_attempts=1), timeout_s=1))
    exc = error_result(outcome, APITimeoutError)
    assert 0.9 <= seconds < 3.0
    ASYNC_HANG.record(describe(exc), requests=requests_of(exc, server), seconds=seconds)


def test_async_401_not_retried():
    with FakeOpenAIServer([Reply.error(401, f"bad key {KEY}")]) as server:
        outcome, seconds = timed(lambda: asummarize(server))
    exc = error_result(outcome, AuthenticationError)
    assert len(server.received) == 1
    assert "the API key was rejected" in str(exc)
    ASYNC_401.record(describe(exc), requests=requests_of(exc, server), seconds=seconds)


def test_async_schema_violation_is_reasked():
    with FakeOpenAIServer([Reply.ok(BAD_WIRE), Reply.ok(wire())]) as server:
        outcome, seconds = timed(lambda: asummarize(server))
    result = ok_result(outcome)
    assert result.attempts.reasks == 1
    assert "headline" in messages(server.received[1])[-1]["content"]
    ASYNC_REASK.record("result", requests=result.attempts, seconds=seconds)


# -- the report cannot go stale ------------------------------------------------------------------


def test_faults_doc_has_a_row_for_every_case():
    if faults_report.UPDATING:
        pytest.skip("SUMMARIZER_UPDATE_DOCS=1: docs/faults.md is being regenerated by this run")
    cases = faults_report.all_cases()
    rows = faults_report.doc_rows()
    missing = sorted(set(cases) - set(rows))
    unknown = sorted(set(rows) - set(cases))
    assert not missing, f"docs/faults.md lacks rows for {missing}: {faults_report.UPDATE_HINT}"
    assert not unknown, f"docs/faults.md has rows for cases no test checks: {unknown}"
    for case_id, row in rows.items():
        assert row.tried == cases[case_id].tried, f"{case_id}: {faults_report.UPDATE_HINT}"
        assert row.outcome != faults_report.NOT_OBSERVED, f"{case_id} was never observed: {faults_report.UPDATE_HINT}"
