"""summarizer: grounded, structured summaries of news articles for editors.

Every actor is named in the article and every piece of evidence is an exact span of the
text you passed. One import covers the common case::

    from summarizer import summarize
    result = summarize(article_text)
"""

from summarizer.batch import BatchItem, ResultCache, asummarize_many, summarize_many
from summarizer.core.errors import (
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
from summarizer.core.schema import (
    Actor,
    Attempts,
    Caveat,
    Claim,
    Dispute,
    Evidence,
    Position,
    Summary,
    SummaryResult,
    SummaryWarning,
    Usage,
    result_json_schema,
)
from summarizer.pipeline import Summarizer, summarize

__version__ = "0.1.0"

__all__ = [
    "APIConnectionError",
    "APIError",
    "APITimeoutError",
    "Actor",
    "Attempts",
    "AuthenticationError",
    "BackendError",
    "BadRequestError",
    "BatchItem",
    "Caveat",
    "Claim",
    "ConfigurationError",
    "Dispute",
    "Evidence",
    "GroundingError",
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
    "ServerError",
    "StructuredOutputUnsupportedError",
    "Summarizer",
    "SummarizerError",
    "Summary",
    "SummaryResult",
    "SummaryWarning",
    "Usage",
    "__version__",
    "asummarize_many",
    "result_json_schema",
    "summarize",
    "summarize_many",
]
