"""summarizer: grounded, structured summaries of news articles for editors.

Every actor is named in the article and every piece of evidence is an exact span of the
text you passed. One import covers the common case::

    from summarizer import summarize
    result = summarize(article_text)
"""

import importlib.metadata

from summarizer.analysis import analyze
from summarizer.batch import BatchItem, asummarize_many, summarize_many
from summarizer.cache import ResultCache
from summarizer.core.errors import (
    AnalysisError,
    APIConnectionError,
    APIError,
    APITimeoutError,
    AuthenticationError,
    BackendError,
    BadRequestError,
    ConfigurationError,
    GroundingError,
    InputError,
    InvalidOutputError,
    MalformedResponseError,
    ModelIntegrityError,
    ModelOutputError,
    NotFoundError,
    OutputTruncatedError,
    RateLimitError,
    RefusalError,
    ServerError,
    StructuredOutputUnsupportedError,
    SummarizerError,
)
from summarizer.core.options import Options, RetryPolicy
from summarizer.core.reviewed import (
    REVIEWED_FORMAT,
    Review,
    ReviewAdded,
    ReviewChange,
    ReviewedResult,
    ReviewItem,
    ReviewKind,
    ReviewStatus,
    check_reviewed,
    load_reviewed,
    reviewed_json_schema,
)
from summarizer.core.schema import (
    OUTLET,
    UNATTRIBUTED,
    Actor,
    ActorKind,
    Analysis,
    Attempts,
    Attribution,
    AttributionKind,
    Caveat,
    CaveatKind,
    Claim,
    ClaimAttribution,
    Dispute,
    Evidence,
    Hedge,
    Position,
    Summary,
    SummaryResult,
    SummaryWarning,
    Usage,
    WarningCode,
    result_json_schema,
)
from summarizer.pipeline import Summarizer, summarize
from summarizer.render import render_html, render_markdown

try:
    __version__ = importlib.metadata.version("summarizer")
except importlib.metadata.PackageNotFoundError:  # pragma: no cover - run from a source tree
    __version__ = "0+unknown"

__all__ = [
    "OUTLET",
    "REVIEWED_FORMAT",
    "UNATTRIBUTED",
    "APIConnectionError",
    "APIError",
    "APITimeoutError",
    "Actor",
    "ActorKind",
    "Analysis",
    "AnalysisError",
    "Attempts",
    "Attribution",
    "AttributionKind",
    "AuthenticationError",
    "BackendError",
    "BadRequestError",
    "BatchItem",
    "Caveat",
    "CaveatKind",
    "Claim",
    "ClaimAttribution",
    "ConfigurationError",
    "Dispute",
    "Evidence",
    "GroundingError",
    "Hedge",
    "InputError",
    "InvalidOutputError",
    "MalformedResponseError",
    "ModelIntegrityError",
    "ModelOutputError",
    "NotFoundError",
    "Options",
    "OutputTruncatedError",
    "Position",
    "RateLimitError",
    "RefusalError",
    "ResultCache",
    "RetryPolicy",
    "Review",
    "ReviewAdded",
    "ReviewChange",
    "ReviewItem",
    "ReviewKind",
    "ReviewStatus",
    "ReviewedResult",
    "ServerError",
    "StructuredOutputUnsupportedError",
    "Summarizer",
    "SummarizerError",
    "Summary",
    "SummaryResult",
    "SummaryWarning",
    "Usage",
    "WarningCode",
    "__version__",
    "analyze",
    "asummarize_many",
    "check_reviewed",
    "load_reviewed",
    "render_html",
    "render_markdown",
    "result_json_schema",
    "reviewed_json_schema",
    "summarize",
    "summarize_many",
]
