"""Benchmarks and the evaluation command (not part of the installed package)."""
