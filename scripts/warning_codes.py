"""Write the README's list of warning codes from ``summarizer.WarningCode``.

    python scripts/warning_codes.py          # rewrite the list between the markers in README.md
    python scripts/warning_codes.py --check  # exit 1 if the README list differs from the enum

The list is one line per code, ``- `code` — meaning``, in the enum's order, between
``<!-- warning-codes:begin -->`` and ``<!-- warning-codes:end -->``.
``tests/test_warning_codes.py`` fails when the README and the enum differ.
"""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path

from summarizer.core.schema import WarningCode

README = Path(__file__).resolve().parent.parent / "README.md"
BEGIN = "<!-- warning-codes:begin -->"
END = "<!-- warning-codes:end -->"


def render() -> str:
    """The list of every warning code with its meaning, as Markdown."""
    return "\n".join(f"- `{code.value}` — {code.meaning}" for code in WarningCode)


def current(text: str) -> str:
    """The list between the markers of ``text`` (a README)."""
    start, end = _bounds(text)
    return text[start:end].strip("\n")


def replaced(text: str) -> str:
    """``text`` with the list between its markers replaced by :func:`render`."""
    start, end = _bounds(text)
    return f"{text[:start]}\n{render()}\n{text[end:]}"


def _bounds(text: str) -> tuple[int, int]:
    if text.count(BEGIN) != 1 or text.count(END) != 1 or text.index(BEGIN) > text.index(END):
        raise ValueError(f"the README needs exactly one {BEGIN} line followed by one {END} line")
    return text.index(BEGIN) + len(BEGIN), text.index(END)


def main(argv: Sequence[str] | None = None) -> int:
    """Rewrite (or, with ``--check``, compare) the README's list; the exit status says whether it was current."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="only compare; exit 1 when the README differs")
    parser.add_argument("--readme", type=Path, default=README, help="the README to read (default: %(default)s)")
    args = parser.parse_args(argv)
    text = args.readme.read_text(encoding="utf-8")
    if current(text) == render():
        return 0
    if args.check:
        print(f"{args.readme}: the warning-code list differs from WarningCode; run scripts/warning_codes.py")
        return 1
    args.readme.write_text(replaced(text), encoding="utf-8")
    print(f"{args.readme}: warning-code list rewritten ({len(WarningCode)} codes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
