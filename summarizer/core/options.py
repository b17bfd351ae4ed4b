"""Options: one validated, frozen object. Unknown options are an error."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal, Self

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from summarizer.core.errors import ConfigurationError
from summarizer.llm.modes import StructuredOutput

StructuredOutputMode = StructuredOutput
"""How the model is held to the wire schema: the enumeration defined, with one record per
mode, in :mod:`summarizer.llm.modes` (a module of pure data; the one place a mode is added).
``Options`` accepts its members or their values: ``auto``, ``json_schema``,
``llama_json_object``, ``json_object``."""

AnalysisMode = Literal["auto", "off"]
"""Whether the deterministic analysis runs before the model:

- ``auto``: English articles are analysed (actors, attributions, hedges) and the model
  judges and summarises those candidates; other text goes to the model alone.
- ``off``: the model alone finds actors, claims and caveats (the model-only prompt).
"""

ANALYSIS_HELP = (
    "auto (default): find attributions and hedges first and let the model judge them (English); off: the model alone"
)
"""The command-line help of ``--analysis`` (``summarizer summarize`` and ``summarizer batch``)."""

GroundingPolicy = Literal["drop", "strict"]
"""What happens when items still break grounding rules after the last re-ask:
``drop`` returns the result without them and a warning per drop; ``strict`` raises
:class:`~summarizer.core.errors.GroundingError`."""


class _Frozen(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, use_attribute_docstrings=True)

    def __init__(self, **data: Any) -> None:
        try:
            super().__init__(**data)
        except ValidationError as e:
            raise _invalid(type(self), e) from None

    @classmethod
    def model_validate(cls, obj: Any, **kwargs: Any) -> Self:
        """Validate ``obj``; a bad value is a :class:`ConfigurationError`, as in the constructor."""
        if isinstance(obj, Mapping) and not kwargs:
            return cls(**obj)
        try:
            return super().model_validate(obj, **kwargs)
        except ValidationError as e:
            raise _invalid(cls, e) from None

    def model_copy(self, *, update: Mapping[str, Any] | None = None, deep: bool = False) -> Self:
        """A copy with ``update`` applied and validated (pydantic's own copy would skip validation)."""
        if not update:
            return super().model_copy(deep=deep)
        return type(self)(**{**self.model_dump(), **update})


def _invalid(cls: type, error: ValidationError) -> ConfigurationError:
    problems = "; ".join(f"{'.'.join(map(str, err['loc'])) or 'options'}: {err['msg']}" for err in error.errors())
    return ConfigurationError(f"invalid {cls.__name__}: {problems}")


class RetryPolicy(_Frozen):
    """Transport retries (rate limits, 5xx, timeouts, dropped connections).

    Waits grow exponentially with jitter; a ``Retry-After`` header is honoured, capped
    at ``max_retry_after_s``. Other 4xx answers are never retried.
    """

    max_attempts: int = Field(default=4, ge=1, le=20)
    """Requests at most per model call, the first included."""
    max_total_s: float = Field(default=300.0, gt=0)
    """Give up once this many seconds have passed since the first request."""
    initial_wait_s: float = Field(default=1.0, ge=0)
    """First back-off wait; doubled each retry, plus jitter."""
    max_wait_s: float = Field(default=30.0, ge=0)
    """Longest single back-off wait."""
    jitter_s: float = Field(default=1.0, ge=0)
    """Random extra wait of up to this many seconds."""
    max_retry_after_s: float = Field(default=60.0, ge=0)
    """Longest wait granted to a server's ``Retry-After``."""


class Options(_Frozen):
    """Everything that tunes a summary. Frozen; unknown fields are rejected.

    Example:
        >>> Options(temperature=0.2, max_reasks=1)
        Options(temperature=0.2, ...)
    """

    temperature: float = Field(default=0.0, ge=0.0, le=2.0)
    max_output_tokens: int = Field(default=2048, ge=64, le=32768)
    """Upper bound on tokens the model may write per request (a full answer for a 7 KB
    article from the embedded 1.5B model was measured above 1,200)."""
    max_reasks: int = Field(default=2, ge=0, le=10)
    """Re-asks with the list of what was wrong, after the first answer."""
    retry: RetryPolicy = Field(default_factory=RetryPolicy)
    structured_output: StructuredOutput = StructuredOutput.AUTO
    """``auto`` (modes by endpoint, falling back on rejection), ``json_schema``,
    ``llama_json_object`` or ``json_object``: see :class:`~summarizer.llm.modes.StructuredOutput`."""
    analysis: AnalysisMode = "auto"
    """``auto``: the model judges the analysis' candidates (English); ``off``: the model alone."""
    grounding: GroundingPolicy = "drop"
    timeout_s: float = Field(default=600.0, gt=0)
    """Seconds to wait for one response (a small local model needs minutes)."""
    seed: int | None = 0
    """Sampling seed sent to the endpoint (``None`` to omit)."""
    max_input_chars: int = Field(default=500_000, ge=1000)
    """Longer input is refused with an error rather than silently cut."""
    context_tokens: int = Field(default=8192, ge=1024)
    """The model's context window; longer articles are split into chunks that fit."""
