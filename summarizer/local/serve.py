"""The embedded server's entry point: llama-cpp-python's server, with the fast grammar sampler.

``python -m summarizer.local.serve ARGS`` takes the arguments of ``python -m
llama_cpp.server``. :class:`~summarizer.local.server.LocalServer` starts it; set
``SUMMARIZER_STOCK_SAMPLER=1`` to keep llama-cpp-python's own sampler chain (the picks are
the same, only slower; the switch is there in case a llama-cpp-python release changes
what :mod:`summarizer.local.sampler` relies on).
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import cast


def main() -> None:
    """Install :mod:`summarizer.local.sampler` (unless switched off), then run the server."""
    if os.environ.get("SUMMARIZER_STOCK_SAMPLER", "").strip() not in ("", "0"):
        print("summarizer: llama-cpp-python's own sampler (SUMMARIZER_STOCK_SAMPLER is set)", file=sys.stderr)
    else:
        from summarizer.local import sampler

        installed = sampler.install()
        print(
            "summarizer: greedy grammar sampler "
            + ("installed" if installed else "not installed (this llama-cpp-python differs); its own sampler runs"),
            file=sys.stderr,
            flush=True,
        )
    from llama_cpp.server.__main__ import main as serve

    cast(Callable[[], None], serve)()  # llama-cpp-python's main() has no annotations


if __name__ == "__main__":
    main()
