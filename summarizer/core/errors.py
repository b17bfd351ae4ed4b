"""The one exception tree of the library.

Everything the library raises on purpose derives from :class:`SummarizerError`.
Misuse (bad configuration, bad input) is kept apart from run-time failures, and every
run-time failure carries what an operator needs to debug it: HTTP status, raw model
output, attempts and token usage. No error message or ``repr`` ever holds an API key.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from summarizer.core.schema import Attempts, Usage


class SummarizerError(Exception):
    """Root of every error the library raises."""


# --- misuse: raised before any request ---------------------------------------------


class ConfigurationError(SummarizerError, ValueError):
    """The library was configured wrongly (options, model name, client, environment)."""


class InputError(SummarizerError, ValueError):
    """The article text cannot be summarised as given (empty, binary, too large...)."""


# --- the embedded local backend --------------------------------------------------------


class BackendError(SummarizerError):
    """The embedded local model or its server could not be prepared or started."""


class ModelIntegrityError(BackendError):
    """The assembled model file does not have the expected SHA-256 checksum."""


# --- the linguistic analysis (spaCy) ----------------------------------------------------


class AnalysisError(SummarizerError):
    """The English analysis pipeline (spaCy) is missing, or its files are not the pinned ones."""


# --- failures while talking to the endpoint ---------------------------------------------


class APIError(SummarizerError):
    """The model endpoint failed (after transport retries, where they apply).

    Attributes:
        status: HTTP status code, or ``None`` for connection failures and timeouts.
        attempts: how many requests were made for this call before giving up.
        retryable: whether the transport layer treats this failure as transient.
    """

    retryable: bool = False

    def __init__(
        self,
        message: str,
        *,
        status: int | None = None,
        attempts: int = 1,
        retry_after: float | None = None,
        body: str | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.attempts = attempts
        self.retry_after = retry_after
        self.body = body

    def __str__(self) -> str:
        status = f" (HTTP {self.status})" if self.status is not None else ""
        tries = f" after {self.attempts} attempts" if self.attempts > 1 else ""
        return f"{self.message}{status}{tries}"

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r}, status={self.status!r}, attempts={self.attempts})"


class AuthenticationError(APIError):
    """The endpoint rejected the API key (401) or denied access (403). Never retried."""


class NotFoundError(APIError):
    """The endpoint or model was not found (404). Never retried."""


class BadRequestError(APIError):
    """The endpoint rejected the request as malformed (400, 422, other 4xx). Never retried."""


class StructuredOutputUnsupportedError(BadRequestError):
    """The endpoint rejected the requested structured-output mode (``response_format``)."""


class RateLimitError(APIError):
    """The endpoint kept answering 429 (rate limited) until the retry budget ran out."""

    retryable = True


class ServerError(APIError):
    """The endpoint kept failing with 5xx until the retry budget ran out."""

    retryable = True


class APITimeoutError(APIError):
    """No answer within the configured timeout."""

    retryable = True


class APIConnectionError(APIError):
    """The connection could not be made or was dropped mid-response."""

    retryable = True


class MalformedResponseError(APIError):
    """The endpoint's HTTP response was not a readable chat completion (garbled body)."""

    retryable = True


# --- the model answered, but not usefully ---------------------------------------------------


class ModelOutputError(SummarizerError):
    """The model answered, but its answer cannot be turned into a summary.

    Attributes:
        raw_output: the model's text of the last attempt (may be partial or empty).
        usage: tokens summed over every attempt of this call.
        attempts: transport retries and re-asks of this call.
    """

    def __init__(
        self,
        message: str,
        *,
        raw_output: str | None = None,
        usage: Usage | None = None,
        attempts: Attempts | None = None,
    ) -> None:
        super().__init__(message)
        self.message = message
        self.raw_output = raw_output
        self.usage = usage
        self.attempts = attempts

    def __repr__(self) -> str:
        return f"{type(self).__name__}({self.message!r})"


class OutputTruncatedError(ModelOutputError):
    """The model stopped at the output-token limit (``finish_reason == "length"``)."""


class RefusalError(ModelOutputError):
    """The model refused to answer (a ``refusal`` message or a content filter)."""


class InvalidOutputError(ModelOutputError):
    """The model's output was not valid JSON for the wire schema, even after re-asks.

    Attributes:
        errors: the validation errors of the last attempt, as short strings.
    """

    def __init__(self, message: str, *, errors: list[str] | None = None, **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.errors = errors or []


class GroundingError(ModelOutputError):
    """Strict grounding policy: the output still broke grounding rules after re-asks.

    Attributes:
        violations: every rule the last attempt broke, as short strings.
    """

    def __init__(self, message: str, *, violations: list[str], **kwargs: Any) -> None:
        super().__init__(message, **kwargs)
        self.violations = violations
