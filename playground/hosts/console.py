"""Where host modules write: the `Output` callback, and the command line's console."""

from __future__ import annotations

import sys
from typing import Callable

Output = Callable[[str, str], None]
"""`output(text, kind)`: kind "out" is the program's output, "info" and "error" are notes (the window's console kinds)."""


def print_output(text: str, kind: str = "out") -> None:
    """The command line's console: program output on stdout, notes ("info", "error") on stderr."""
    print(text, file=sys.stdout if kind == "out" else sys.stderr, flush=True)
