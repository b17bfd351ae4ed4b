"""The embedded server's entry point: llama-cpp-python's server, with the fast grammar sampler.

``python -m summarizer.local.serve ARGS`` takes the arguments of ``python -m
llama_cpp.server``. :class:`~summarizer.local.server.LocalServer` starts it; set
``SUMMARIZER_STOCK_SAMPLER=1`` to keep llama-cpp-python's own sampler chain (the picks are
the same, only slower; the switch is there in case a llama-cpp-python release changes
what :mod:`summarizer.local.sampler` relies on). When
:data:`summarizer.local.server.PREFIX_ENV` names a prefix, the model's context is warmed with it
(:func:`summarizer.local.prefix.warm`) before the server answers.
"""

from __future__ import annotations

import os
import sys
from collections.abc import Callable
from typing import Any, cast


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
    _warm_on_load()
    from llama_cpp.server.__main__ import main as serve

    cast(Callable[[], None], serve)()  # llama-cpp-python's main() has no annotations


def _warm_on_load() -> None:
    """Make the server's model loader warm every model it loads with the prefix of the environment."""
    from llama_cpp.server.model import LlamaProxy

    from summarizer.local import prefix
    from summarizer.local.server import PREFIX_ENV

    if not os.environ.get(PREFIX_ENV, "").strip():
        return
    load = LlamaProxy.load_llama_from_model_settings

    def load_and_warm(settings: Any) -> Any:
        llama: Any = load(settings)
        try:
            outcome = prefix.warm_from_environment(llama, settings.model)
        except Exception as exc:  # a speed-up only: the server answers without it
            llama.reset()
            outcome = f"failed ({type(exc).__name__}: {exc}); every request evaluates it"
        print(f"summarizer: instructions prefix: {outcome}", file=sys.stderr, flush=True)
        return llama

    LlamaProxy.load_llama_from_model_settings = staticmethod(load_and_warm)  # type: ignore[method-assign]


if __name__ == "__main__":
    main()
