"""Many articles at once: resumable JSONL runs, a result cache, Dask.

- :func:`summarize_many` / :func:`asummarize_many`: the library call, one
  :class:`BatchItem` per input, in order or as completed, failures per item.
- :func:`run_to_file`: a folder or JSONL file into a crash-safe, resumable results file
  (what ``summarizer batch`` runs).
- :class:`ResultCache`: content-addressed results on disk (defined in :mod:`summarizer.cache`,
  beside the pipeline; re-exported here).
- :mod:`summarizer.batch.distributed`: the same run on a Dask cluster (optional extra).
"""

from summarizer.batch.config import EndpointConfig
from summarizer.batch.inputs import BatchInput, iter_inputs
from summarizer.batch.items import BatchItem, ItemError
from summarizer.batch.job import RunReport, local_executor, run_to_file
from summarizer.batch.many import asummarize_many, run_on_batch_loop, summarize_many
from summarizer.batch.runner import RateLimitGate
from summarizer.cache import ResultCache, default_cache_dir

__all__ = [
    "BatchInput",
    "BatchItem",
    "EndpointConfig",
    "ItemError",
    "RateLimitGate",
    "ResultCache",
    "RunReport",
    "asummarize_many",
    "default_cache_dir",
    "iter_inputs",
    "local_executor",
    "run_on_batch_loop",
    "run_to_file",
    "summarize_many",
]
