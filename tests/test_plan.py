"""The request loop: RequestPlan's decisions from fake outcomes, and the sync and async
shells carrying out the same plan (same requests, counts and progress) against a real
loopback server."""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import Iterator
from typing import Any

import pytest

from summarizer import Options, RetryPolicy
from summarizer.core import errors
from summarizer.core.schema import Usage
from summarizer.llm.client import Endpoint
from summarizer.llm.modes import StructuredOutput
from summarizer.llm.plan import Done, Fail, RequestPlan, Send
from summarizer.llm.types import CallStats, ChatRequest, Completion
from tests.support.fake_server import FakeOpenAIServer, Reply

JSON_SCHEMA, LLAMA, JSON_OBJECT = (
    StructuredOutput.JSON_SCHEMA,
    StructuredOutput.LLAMA_JSON_OBJECT,
    StructuredOutput.JSON_OBJECT,
)
REJECTED = errors.StructuredOutputUnsupportedError("the endpoint rejected the structured-output request", status=500)
COMPLETION = Completion(text="{}", finish_reason="stop", usage=Usage(), model="m")


class FakeClock:
    """A clock the test moves by hand."""

    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def plan_for(
    modes: list[StructuredOutput], *, fallback: bool = True, clock: FakeClock | None = None, **retry: Any
) -> tuple[RequestPlan, CallStats]:
    options = Options(timeout_s=60, retry=RetryPolicy(**({"jitter_s": 0, "initial_wait_s": 1} | retry)))
    stats = CallStats()
    plan = RequestPlan(modes, options, stats, fallback=fallback, clock=clock or FakeClock(), jitter=lambda _a, _b: 0.0)
    return plan, stats


def drive(plan: RequestPlan, outcomes: list[Completion | errors.SummarizerError], clock: FakeClock | None = None):
    """Feed ``outcomes`` to ``plan`` one request at a time; return the planned sends and the end."""
    sends: list[Send] = []
    step: Send | Done | Fail = plan.start()
    for outcome in outcomes:
        assert isinstance(step, Send), f"the plan ended early with {step}"
        sends.append(step)
        if clock is not None:
            clock.now += step.wait_s + 1.0  # the wait, then a request that takes 1 s
        step = plan.succeeded(outcome) if isinstance(outcome, Completion) else plan.failed(outcome)
    assert not isinstance(step, Send), f"the plan wants more requests: {step}"
    return sends, step


# -- the plan alone ---------------------------------------------------------------------------


def test_a_rejected_mode_falls_back_then_a_transient_fault_is_retried_in_the_new_mode():
    plan, stats = plan_for([JSON_SCHEMA, LLAMA, JSON_OBJECT])
    sends, end = drive(plan, [REJECTED, errors.ServerError("overloaded", status=503), COMPLETION])
    assert [(s.mode, s.reason) for s in sends] == [(JSON_SCHEMA, "first"), (LLAMA, "fallback"), (LLAMA, "retry")]
    assert [s.wait_s for s in sends] == [0, 0, 1.0]  # a fallback is not a retry: no back-off
    assert end == Done(COMPLETION, LLAMA)
    assert (stats.requests, stats.transport_retries) == (3, 1)
    assert sends[1].note is not None and "json_schema" in sends[1].note and "llama_json_object" in sends[1].note


def test_a_rejected_fixed_mode_or_the_last_mode_gives_up():
    plan, stats = plan_for([JSON_SCHEMA], fallback=False)
    assert drive(plan, [REJECTED])[1] == Fail(REJECTED)
    plan, stats = plan_for([LLAMA, JSON_OBJECT])
    sends, end = drive(plan, [REJECTED, REJECTED])
    assert [s.mode for s in sends] == [LLAMA, JSON_OBJECT]
    assert end == Fail(REJECTED) and stats.transport_retries == 0


def test_transient_faults_are_retried_with_growing_waits_until_max_attempts():
    plan, stats = plan_for([JSON_SCHEMA], max_attempts=4)
    last = errors.APIConnectionError("dropped")
    sends, end = drive(plan, [errors.ServerError("x", status=502), errors.APITimeoutError("slow"), last, last])
    assert [s.reason for s in sends] == ["first", "retry", "retry", "retry"]
    assert [s.wait_s for s in sends] == [0, 1.0, 2.0, 4.0]
    assert end == Fail(last)
    assert (stats.requests, stats.transport_retries) == (4, 3)


def test_retry_after_is_the_wait_and_other_4xx_are_never_retried():
    plan, _ = plan_for([JSON_SCHEMA], max_retry_after_s=10)
    sends, end = drive(plan, [errors.RateLimitError("slow down", status=429, retry_after=7), COMPLETION])
    assert sends[1].wait_s == 7 and isinstance(end, Done)
    for error in (errors.AuthenticationError("no", status=401), errors.BadRequestError("bad", status=400)):
        plan, stats = plan_for([JSON_SCHEMA, JSON_OBJECT])
        assert drive(plan, [error])[1] == Fail(error)
        assert stats.requests == 1


def test_the_total_time_bounds_retries_and_cuts_later_timeouts():
    clock = FakeClock()
    plan, stats = plan_for([JSON_SCHEMA], clock=clock, max_attempts=10, max_total_s=10, initial_wait_s=2)
    fault = errors.ServerError("x", status=500)
    sends, end = drive(plan, [fault, fault, fault], clock)
    # t=0 first (1 s); wait 2 -> t=3 retry (1 s); wait 4 -> t=8 retry (1 s); t=9 + wait 8 >= 10: give up
    assert [s.timeout for s in sends] == [60, 10 - 1 - 2, 10 - 4 - 4]
    assert end == Fail(fault) and stats.requests == 3


def test_a_plan_drives_one_call_only():
    plan, _ = plan_for([JSON_SCHEMA])
    with pytest.raises(RuntimeError, match="failed\\(\\) before start"):
        plan.failed(REJECTED)
    plan.start()
    with pytest.raises(RuntimeError, match="already called"):
        plan.start()
    with pytest.raises(ValueError, match="at least one"):
        RequestPlan([], Options(), CallStats(), fallback=True)


# -- the shells: complete and acomplete carry out the same plan ---------------------------------


class Recorder:
    """A RequestProgress that writes down what it was asked to show."""

    def __init__(self) -> None:
        self.shown: list[str] = []

    @contextlib.contextmanager
    def waiting(self, message: str) -> Iterator[None]:
        self.shown.append(f"waiting: {message}")
        yield
        self.shown.append("done")

    def note(self, message: str) -> None:
        self.shown.append(f"note: {message.split(':', maxsplit=1)[0]}")


def llama_like_then_flaky() -> list[Reply]:
    """json_schema rejected the way llama-cpp-python does, a 503, then an answer."""
    rejection = {"error": {"message": "Input should be 'text' or 'json_object'", "type": "internal_server_error"}}
    return [Reply(status=500, body=rejection), Reply.error(503, "busy", Retry_After="0"), Reply.ok('{"ok": true}')]


def request(**fields: Any) -> ChatRequest:
    options = Options(retry=RetryPolicy(max_attempts=3, initial_wait_s=0, jitter_s=0), **fields)
    return ChatRequest(
        model="m",
        messages=[{"role": "system", "content": "S"}, {"role": "user", "content": "U"}],
        schema={"type": "object"},
        schema_instructions="SCHEMA",
        options=options,
        label="asking",
    )


def mode_of(body: dict[str, Any]) -> str:
    response_format = body["response_format"]
    if response_format["type"] == "json_schema":
        return "json_schema"
    return "llama_json_object" if "schema" in response_format else "json_object"


def run_sync(server: FakeOpenAIServer, progress: Recorder, req: ChatRequest) -> tuple[Completion, CallStats]:
    endpoint = Endpoint.for_client(server.client(), progress=progress)
    stats = CallStats()
    return endpoint.complete(req, stats), stats


def run_async(server: FakeOpenAIServer, progress: Recorder, req: ChatRequest) -> tuple[Completion, CallStats]:
    async def go() -> tuple[Completion, CallStats]:
        async with server.async_client() as client:
            endpoint = Endpoint.for_client(client, progress=progress)
            stats = CallStats()
            return await endpoint.acomplete(req, stats), stats

    return asyncio.run(go())


def test_complete_and_acomplete_send_the_same_requests_and_show_the_same_progress():
    seen = {}
    for name, run in (("sync", run_sync), ("async", run_async)):
        progress = Recorder()
        with FakeOpenAIServer(llama_like_then_flaky()) as server:
            completion, stats = run(server, progress, request())
        bodies = [r.body for r in server.received]
        seen[name] = ([mode_of(b) for b in bodies], [json.dumps(b, sort_keys=True) for b in bodies], progress.shown,
                      (stats.requests, stats.transport_retries), completion.text)  # fmt: skip
    assert seen["sync"] == seen["async"]
    modes, _, shown, counts, text = seen["sync"]
    assert modes == ["json_schema", "llama_json_object", "llama_json_object"]
    assert counts == (3, 1) and text == '{"ok": true}'
    assert shown[0] == "waiting: asking" and shown[-1] == "done" and len(shown) == 4  # two notes in between
    assert shown[1].startswith("note: the endpoint rejected structured output json_schema")


def test_the_working_mode_is_remembered_by_both_shells():
    with FakeOpenAIServer([*llama_like_then_flaky(), Reply.ok("{}")]) as server:
        endpoint = Endpoint.for_client(server.client())
        endpoint.complete(request(), CallStats())
        endpoint.complete(request(), CallStats())
    assert mode_of(server.received[-1].body) == "llama_json_object"
    with FakeOpenAIServer([*llama_like_then_flaky(), Reply.ok("{}")]) as server:

        async def go() -> None:
            async with server.async_client() as client:
                endpoint = Endpoint.for_client(client)
                await endpoint.acomplete(request(), CallStats())
                await endpoint.acomplete(request(), CallStats())

        asyncio.run(go())
    assert mode_of(server.received[-1].body) == "llama_json_object"


@pytest.mark.parametrize("run", [run_sync, run_async], ids=["sync", "async"])
def test_a_fixed_mode_rejected_fails_the_same_way_in_both_shells(run):
    reply = Reply(status=400, body={"error": {"message": "response_format json_schema is not supported"}})
    progress = Recorder()
    with FakeOpenAIServer([reply, Reply.ok("{}")]) as server, pytest.raises(errors.StructuredOutputUnsupportedError):
        run(server, progress, request(structured_output="json_schema"))
    assert [mode_of(r.body) for r in server.received] == ["json_schema"]
    assert progress.shown == ["waiting: asking", "done"]


def test_one_live_display_at_a_time_and_none_under_the_batch_bar(monkeypatch):
    """Concurrent calls (async ones included) draw one spinner; a batch's bar keeps them off."""
    import io

    from rich.console import Console

    from summarizer import progress
    from summarizer.batch.bar import BatchProgress

    monkeypatch.setattr(progress, "enabled", lambda: True)
    reporter = progress.Reporter()
    shown = io.StringIO()
    reporter._console = Console(file=shown, force_terminal=True, width=120)
    with reporter.waiting("first call"):
        reporter.note("a retry")
        with reporter.waiting("second call"):  # another request in flight meanwhile
            pass
    assert "first call done in" in shown.getvalue() and "a retry" in shown.getvalue()
    assert "second call" not in shown.getvalue()
    reporter.note("no call in flight")
    assert "no call in flight" not in shown.getvalue()

    shown.truncate(0)
    with BatchProgress(1, enabled=True), reporter.waiting("under the bar"):
        reporter.note("a retry under the bar")
    assert "under the bar" not in shown.getvalue()
    with progress.terminal() as free:  # released again
        assert free


def test_only_the_grammar_mode_lets_the_model_leave_out_lists_that_may_be_empty():
    from summarizer.llm.modes import MODES, lists_may_be_left_out

    schema = {
        "type": "object",
        "properties": {
            "headline": {"type": "string"},
            "claims": {"type": "array", "minItems": 2, "items": {"type": "string"}},
            "disputes": {"type": "array", "maxItems": 1, "items": {"type": "string"}},
            "caveats": {"type": "array", "items": {"type": "string"}},
        },
        "required": ["headline", "claims", "disputes", "caveats"],
        "additionalProperties": False,
    }
    grammar = MODES[StructuredOutput.LLAMA_JSON_OBJECT].response_format(schema)["schema"]
    assert grammar["required"] == ["headline", "claims"]
    assert grammar["properties"] == schema["properties"]
    strict = MODES[StructuredOutput.JSON_SCHEMA].response_format(schema)["json_schema"]["schema"]
    assert strict["required"] == ["headline", "claims", "disputes", "caveats"]  # OpenAI's strict mode wants all
    assert schema["required"] == ["headline", "claims", "disputes", "caveats"]  # not changed in place
    assert lists_may_be_left_out({"type": "object", "properties": {"a": {"type": "string"}}, "required": ["a"]})[
        "required"
    ] == ["a"]
