"""The embedded default: a small local model served by llama-cpp-python on loopback."""

from summarizer.local.model import DEFAULT_MODEL, GGUFModel, resolve_gguf
from summarizer.local.server import LocalServer, default_server

__all__ = ["DEFAULT_MODEL", "GGUFModel", "LocalServer", "default_server", "resolve_gguf"]
