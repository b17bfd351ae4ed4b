"""The pipeline: text -> sentences -> analysis -> prompt -> model call -> parsed -> grounded result.

:class:`Summarizer` wires the stages together. The re-ask loop is a small state machine
(:class:`_Run`) that never does I/O itself, so the sync and async paths share all logic.
"""

from __future__ import annotations

import logging
import time
from typing import TYPE_CHECKING, Any

from summarizer.analysis import analyze_document, analyze_documents
from summarizer.analysis.batcher import AnalysisBatcher
from summarizer.core.errors import (
    APITimeoutError,
    BadRequestError,
    ConfigurationError,
    GroundingError,
    InvalidOutputError,
    OutputTruncatedError,
    RefusalError,
    SummarizerError,
)
from summarizer.core.options import Options
from summarizer.core.schema import Analysis, SummaryResult, SummaryWarning, WarningCode
from summarizer.grounding.ground import ground
from summarizer.grounding.judged import ground_judgment
from summarizer.grounding.merge import merge_results
from summarizer.grounding.parse import WireParseError, parse_wire
from summarizer.grounding.rules import Grounded
from summarizer.llm.client import Endpoint
from summarizer.llm.endpoint import ResolvedEndpoint, resolve_endpoint
from summarizer.llm.types import CallStats, ChatRequest, Completion
from summarizer.progress import Reporter
from summarizer.prompting.candidates import Candidates, WireJudgment
from summarizer.prompting.templates import (
    Prompt,
    build_judging_prompt,
    build_prompt,
    judging_instructions,
    load_prompts,
    reask_message,
)
from summarizer.text.chunks import article_budget, split_document, token_counter
from summarizer.text.document import Document, InputFormat, prepare
from summarizer.text.names import candidate_names

_log = logging.getLogger("summarizer")

if TYPE_CHECKING:
    from summarizer.cache import ResultCache
    from summarizer.local.server import LocalServer


class Summarizer:
    """Summarise news articles into grounded, structured summaries.

    Args:
        client: an ``openai.OpenAI`` or ``openai.AsyncOpenAI`` client (Azure, proxies,
            custom timeouts...). Without one, ``OPENAI_API_KEY`` / ``OPENAI_BASE_URL``
            are used; with neither set, the embedded local model is started.
        model: the model name; defaults to ``$SUMMARIZER_MODEL`` (required for remote
            endpoints, ignored by the embedded model).
        options: an :class:`Options` or a dict of its fields.
        endpoint: an endpoint already chosen with
            :func:`~summarizer.llm.endpoint.resolve_endpoint` (what the command line and
            batches pass), instead of ``client`` and ``model``.
        cache: a :class:`~summarizer.cache.ResultCache`; a summary already in it is
            returned as stored, without a request. Off by default.

    Articles whose prompt would not fit ``Options.context_tokens`` are summarised in
    chunks of whole sentences and merged (see :mod:`summarizer.grounding.merge`).

    Example:
        >>> result = Summarizer().summarize(article_text)
        >>> result.summary.headline
    """

    def __init__(
        self,
        client: Any = None,
        model: str | None = None,
        options: Options | dict[str, Any] | None = None,
        *,
        cache: ResultCache | None = None,
        endpoint: ResolvedEndpoint | None = None,
    ) -> None:
        self.options = _coerce_options(options)
        self.cache = cache
        self._reporter = Reporter()
        self._batcher = AnalysisBatcher(analyze_documents)
        if endpoint is not None and (client is not None or model is not None):
            raise ConfigurationError("pass either endpoint=... or client=/model=, not both")
        self._resolved = endpoint if endpoint is not None else resolve_endpoint(client, model=model)
        self._model = self._resolved.model
        self._server_context: int | None = None
        self._server: LocalServer | None = None
        self._endpoint: Endpoint | None = (
            None if self._resolved.embedded else self._resolved.connect(progress=self._reporter)
        )

    def __enter__(self) -> Summarizer:
        return self

    def __exit__(self, *_exc: object) -> None:
        self.close()

    async def __aenter__(self) -> Summarizer:
        return self

    async def __aexit__(self, *_exc: object) -> None:
        await self.aclose()
        self.close()

    def close(self) -> None:
        """Close the HTTP clients this summarizer created (yours are left open)."""
        if self._endpoint is not None:
            self._endpoint.close()

    async def aclose(self) -> None:
        """Close the async HTTP client made for the running event loop."""
        if self._endpoint is not None:
            await self._endpoint.aclose()

    @property
    def embedded(self) -> bool:
        """Whether this summarizer uses the embedded local model (which answers one request at a time)."""
        return self._resolved.embedded

    @property
    def endpoint(self) -> ResolvedEndpoint:
        """Where requests go, as :func:`~summarizer.llm.endpoint.resolve_endpoint` decided."""
        return self._resolved

    @property
    def model(self) -> str | None:
        """The model name requests are sent with (known once the endpoint is ready)."""
        return self._model

    def start(self) -> LocalServer | None:
        """Start the embedded model now instead of at the first summary that needs it, and
        return its server (``None`` for any other endpoint: there is nothing to start).

        Its server loads the cached state of the prompt's fixed instructions before it
        answers (computing and saving it on the first run): see :mod:`summarizer.local.prefix`.
        """
        if not self.embedded:
            return None
        self._ready_endpoint()
        return self._server

    def summarize(self, text: str, *, input_format: InputFormat = "text") -> SummaryResult:
        """Summarise one article.

        With plain text, evidence offsets index ``text`` exactly. With HTML
        (``input_format="html"``, or ``"auto"`` to detect), the article is extracted first
        and ``result.source_text`` holds the text the offsets index.
        """
        doc = prepare(text, max_chars=self.options.max_input_chars, input_format=input_format)
        if (cached := self._cached(doc)) is not None:  # before the embedded server: a hit needs no model
            return cached
        endpoint = self._ready_endpoint()
        started = time.monotonic()
        analysis = self._analyze(doc)
        parts = self._parts(doc, endpoint, analysis)
        results = [self._summarize_part(endpoint, part, analysis) for part in parts]
        return self._finish(doc, results, started, analysis)

    async def asummarize(self, text: str, *, input_format: InputFormat = "text") -> SummaryResult:
        """Async :meth:`summarize` (uses the async client where there is one)."""
        doc = prepare(text, max_chars=self.options.max_input_chars, input_format=input_format)
        if (cached := self._cached(doc)) is not None:  # before the embedded server: a hit needs no model
            return cached
        endpoint = self._ready_endpoint()
        started = time.monotonic()
        analysis = await self._aanalyze(doc)  # CPU work: off the event loop, batched with concurrent calls
        parts = self._parts(doc, endpoint, analysis)
        results = [await self._asummarize_part(endpoint, part, analysis) for part in parts]
        return self._finish(doc, results, started, analysis)

    def _summarize_part(self, endpoint: Endpoint, doc: Document, analysis: Analysis) -> SummaryResult:
        run = _Run(doc, self._require_model(), self.options, analysis)
        while True:
            try:
                completion = endpoint.complete(run.request(), run.stats)
                if (result := run.accept(completion)) is not None:
                    return result
            except _SALVAGEABLE as e:
                return run.salvage(e)

    async def _asummarize_part(self, endpoint: Endpoint, doc: Document, analysis: Analysis) -> SummaryResult:
        run = _Run(doc, self._require_model(), self.options, analysis)
        while True:
            try:
                completion = await endpoint.acomplete(run.request(), run.stats)
                if (result := run.accept(completion)) is not None:
                    return result
            except _SALVAGEABLE as e:
                return run.salvage(e)

    def _analyze(self, doc: Document) -> Analysis:
        if self.options.analysis == "off":
            return Analysis(language="off")
        return analyze_document(doc)

    async def _aanalyze(self, doc: Document) -> Analysis:
        if self.options.analysis == "off":
            return Analysis(language="off")
        return await self._batcher.analyze(doc)

    def _cached(self, doc: Document) -> SummaryResult | None:
        if self.cache is None:
            return None
        if self._endpoint is None:  # the embedded model, not started yet: its name is known all the same
            from summarizer.local.server import embedded_alias

            return self.cache.get(doc, embedded_alias(), self.options)
        return self.cache.get(doc, self._require_model(), self.options)

    def _parts(self, doc: Document, endpoint: Endpoint, analysis: Analysis) -> list[Document]:
        """``[doc]``, or its chunks when its prompt would not fit the model's context."""
        count = token_counter(local=endpoint.embedded)
        if analysis.analysed:
            # the candidates go into the user message and, with the schema in the prompt, their ids
            full = build_judging_prompt(Candidates.of(analysis, doc.sentences))
            article = "\n".join(f"[{s.number}] {s.text}" for s in doc.sentences)
            prompt_text = "\n".join([*(m["content"] for m in full.messages), full.schema_instructions])
            reserved = self.options.max_output_tokens + count(prompt_text) - count(article)
        else:
            empty = build_prompt([])
            instructions = "\n".join([*(m["content"] for m in empty.messages), empty.schema_instructions])
            # the article's names go into the user message and, with the schema in the prompt, its enums
            names = "; ".join(candidate_names(s.text for s in doc.sentences))
            reserved = self.options.max_output_tokens + count(instructions) + 2 * count(names)
        context = min(self.options.context_tokens, self._server_context or self.options.context_tokens)
        budget = article_budget(context, reserved)
        return split_document(doc, budget, count)

    def _finish(self, doc: Document, results: list[SummaryResult], started: float, analysis: Analysis) -> SummaryResult:
        result = results[0] if len(results) == 1 else merge_results(results, latency_s=time.monotonic() - started)
        result = _with_analysis(result, analysis)
        if self.cache is not None:
            self.cache.put(doc, self._require_model(), self.options, result)
        return result

    def _ready_endpoint(self) -> Endpoint:
        if self._endpoint is not None and self._server is not None and not self._server.running:
            self._endpoint.close()  # the embedded server died (killed from outside): start a new one
            self._endpoint = None
        if self._endpoint is None:
            from summarizer.local.server import default_server

            server = default_server(
                on_status=self._reporter.status, on_bytes=self._reporter.bytes, prefix=[judging_instructions()]
            )
            self._endpoint = self._resolved.connect(progress=self._reporter, server_url=server.base_url)
            self._model = server.alias
            self._server_context = server.n_ctx  # SUMMARIZER_N_CTX may have made it smaller
            self._server = server
        return self._endpoint

    def _require_model(self) -> str:
        assert self._model is not None
        return self._model


def summarize(text: str, *, input_format: InputFormat = "text", **kwargs: Any) -> SummaryResult:
    """Summarise one article with a one-off :class:`Summarizer` (``kwargs`` go to it:
    ``client``, ``model``, ``options``, ``cache``); its HTTP clients are closed after."""
    with Summarizer(**kwargs) as summarizer:
        return summarizer.summarize(text, input_format=input_format)


def _with_analysis(result: SummaryResult, analysis: Analysis) -> SummaryResult:
    """The result with the complete attribution index (model fixes kept) and the analysis' warnings."""
    if not analysis.analysed:
        return result.model_copy(update={"warnings": [*analysis.warnings, *result.warnings]})
    fixed = {a.id: a for a in result.summary.attributions}
    complete = [fixed.get(a.id, a) for a in analysis.attributions]
    # every speaker of the complete index is one of the result's actors (a relation the prompt
    # did not show may be the only one an actor speaks in)
    kept = {a.id for a in result.summary.actors}
    speakers = {a.source_actor for a in complete}
    actors = [a for a in analysis.actors if a.id in kept or a.id in speakers]
    listed = {a.id for a in actors}
    actors += [a for a in result.summary.actors if a.id not in listed]
    summary = result.summary.model_copy(update={"attributions": complete, "actors": actors})
    return result.model_copy(update={"summary": summary, "warnings": [*analysis.warnings, *result.warnings]})


def _coerce_options(options: Options | dict[str, Any] | None) -> Options:
    if options is None:
        return Options()
    if isinstance(options, Options):
        return options
    if isinstance(options, dict):
        return Options(**options)
    raise ConfigurationError(f"options must be an Options or a dict, got {type(options).__name__}")


_SALVAGEABLE = (OutputTruncatedError, RefusalError, BadRequestError, APITimeoutError)
"""Failures of a re-ask after which the best earlier answer is still worth returning (a
re-ask carries the previous answer, so it can overflow the context or the output limit)."""


class _Run:
    """One summary's conversation: first request, re-asks, and the final verdict."""

    def __init__(self, doc: Document, model: str, options: Options, analysis: Analysis) -> None:
        self.doc = doc
        self.model = model
        self.options = options
        self.stats = CallStats()
        self.candidates = Candidates.of(analysis, doc.sentences) if analysis.analysed else None
        self.prompt: Prompt = (
            build_prompt(doc.sentences) if self.candidates is None else build_judging_prompt(self.candidates)
        )
        self.messages = list(self.prompt.messages)
        self.best: tuple[Grounded, str] | None = None
        self.last_problems: list[str] = []
        self.started = time.monotonic()
        self.served_model = model

    def label(self) -> str:
        n = self.stats.reasks
        return "summarising with the model" if n == 0 else f"re-asking the model ({n}/{self.options.max_reasks})"

    def request(self) -> ChatRequest:
        return ChatRequest(
            model=self.model,
            messages=self.messages,
            schema=self.prompt.schema,
            schema_instructions=self.prompt.schema_instructions,
            options=self.options,
            label=self.label(),
        )

    def accept(self, completion: Completion) -> SummaryResult | None:
        """Judge one answer: a result, ``None`` after queueing a re-ask, or an error."""
        self.served_model = completion.model or self.model
        context: dict[str, Any] = {
            "raw_output": completion.text,
            "usage": self.stats.usage,
            "attempts": self.stats.attempts(),
        }
        if completion.refusal:
            raise RefusalError(f"the model refused: {completion.refusal[:300]}", **context)
        if completion.finish_reason == "content_filter":
            raise RefusalError("the endpoint's content filter stopped the answer", **context)
        if completion.finish_reason == "length":
            raise OutputTruncatedError(
                f"the answer was cut off at the output-token limit ({self.options.max_output_tokens}): "
                "raise Options.max_output_tokens",
                **context,
            )
        try:
            grounded = self._ground(completion.text)
        except WireParseError as e:
            return self._retry_or_fail(e.problems, completion.text, None)
        if self.best is None or len(grounded.violations) < len(self.best[0].violations):
            self.best = (grounded, completion.text)
        if grounded.problems:
            return self._retry_or_fail(grounded.problems, completion.text, grounded)
        return self._finish(grounded)

    def _ground(self, text: str) -> Grounded:
        if self.candidates is None:  # the model-only path (text the analysis cannot read)
            return ground(parse_wire(text), self.doc.original, self.doc.sentences)
        return ground_judgment(parse_wire(text, WireJudgment), self.candidates, self.doc.original)

    def salvage(self, error: SummarizerError) -> SummaryResult:
        """After a failed re-ask, the best earlier answer (``grounding="drop"``); else ``error``."""
        if self.stats.reasks == 0 or self.best is None or self.options.grounding != "drop":
            raise error
        reason = " ".join(str(error).split())[:200]
        warning = SummaryWarning(
            code=WarningCode.REASK_FAILED,
            message=f"re-ask {self.stats.reasks} failed ({type(error).__name__}: {reason}); "
            "the best earlier answer is returned",
        )
        result = self._finish(self.best[0])
        return result.model_copy(update={"warnings": [*result.warnings, warning]})

    def _retry_or_fail(self, problems: list[str], raw: str, grounded: Grounded | None) -> SummaryResult | None:
        self.last_problems = problems
        _log.debug("answer %d broke %d rules: %s", self.stats.reasks + 1, len(problems), "; ".join(problems))
        if self.stats.reasks < self.options.max_reasks:
            self.stats.reasks += 1
            # Only the latest answer and what was wrong with it: the prompt does not grow with
            # every re-ask (a small model reads earlier wrong answers as examples), and the
            # system + article prefix stays the same for the server's prompt cache.
            self.messages = [
                *self.prompt.messages,
                {"role": "assistant", "content": raw},
                {
                    "role": "user",
                    "content": reask_message(problems[:12], len(self.doc.sentences), load_prompts(self.prompt.name)),
                },
            ]
            return None
        context: dict[str, Any] = {"raw_output": raw, "usage": self.stats.usage, "attempts": self.stats.attempts()}
        if self.best is None:
            raise InvalidOutputError(
                f"the model's answer did not fit the schema after {self.stats.reasks} re-asks: "
                f"{'; '.join(problems[:5])}",
                errors=problems,
                **context,
            )
        best, best_raw = self.best
        if self.options.grounding == "strict":
            raise GroundingError(
                f"the answer still broke {len(best.violations)} grounding rules after {self.stats.reasks} re-asks",
                violations=[str(v) for v in best.violations],
                **{**context, "raw_output": best_raw},
            )
        return self._finish(best)

    def _finish(self, grounded: Grounded) -> SummaryResult:
        return SummaryResult(
            summary=grounded.summary,
            model=self.served_model,
            prompt_version=self.prompt.version,
            usage=self.stats.usage,
            attempts=self.stats.attempts(),
            latency_s=round(time.monotonic() - self.started, 3),
            warnings=grounded.warnings(),
            source_text=self.doc.original if self.doc.from_html else None,
        )
