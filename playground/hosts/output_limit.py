"""A cap on what a guest prints through its host functions (issue 14: a printing import in a loop).

    output = OutputLimit(print_output, limits.max_output_bytes)
    imports = host_imports(module, output)

`OutputLimit` is an `Output` (console.py) that passes text on until the
program's output ("out") reaches `max_bytes`; the call that would pass the
cap prints nothing and raises `LimitError` ("output limit reached (1 MiB;
raise it with --max-output BYTES ...)"), which stops the run like any other
limit: a program that floods the console is almost always stuck in a loop,
and going on without showing anything would only burn the rest of its fuel.
Notes ("info", "error") do not count. See docs/RATIONALE.md, "Limits".
"""

from __future__ import annotations

from playground.hosts.console import Output
from playground.wasm.limits import LimitError


class OutputLimit:
    """An Output that stops the run (LimitError) once the program printed more than `max_bytes` (None: no cap)."""

    def __init__(self, output: Output, max_bytes: int | None) -> None:
        self.output = output
        self.max_bytes = max_bytes
        self.printed = 0  # bytes of program output passed on (UTF-8, a newline per call)

    def __call__(self, text: str, kind: str = "out") -> None:
        if kind == "out" and self.max_bytes is not None:
            size = len(text.encode("utf-8", "replace")) + 1
            if self.printed + size > self.max_bytes:
                raise LimitError("max_output_bytes", self.max_bytes, "printed by the program's imported functions")
            self.printed += size
        self.output(text, kind)


def limit_output(output: Output, max_bytes: int | None) -> Output:
    """`output` capped at `max_bytes` of program output; `output` itself when there is no cap."""
    return output if max_bytes is None else OutputLimit(output, max_bytes)
