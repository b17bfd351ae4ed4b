"""Exit statuses of the ``summarizer`` commands, and the one mapping from errors to them."""

from __future__ import annotations

from summarizer.core import errors

OK = 0
"""Success (a batch: every input has an ``ok`` line)."""
FAILURE = 1
"""Any other failure (a batch: every input is accounted for, some with ``error`` lines)."""
USAGE = 2
"""Bad usage, configuration or input: nothing was sent."""
API = 3
"""The endpoint failed or refused (network, HTTP status, key, model name)."""
MODEL_OUTPUT = 4
"""The model's answer could not become a summary."""
BACKEND = 5
"""The embedded model could not be prepared or started."""
INTERRUPTED = 130
"""Stopped by Ctrl-C."""


def for_error(error: errors.SummarizerError) -> int:
    """The exit status for a library error."""
    if isinstance(error, (errors.ConfigurationError, errors.InputError)):
        return USAGE
    if isinstance(error, errors.APIError):
        return API
    if isinstance(error, errors.ModelOutputError):
        return MODEL_OUTPUT
    if isinstance(error, errors.BackendError):
        return BACKEND
    return FAILURE
