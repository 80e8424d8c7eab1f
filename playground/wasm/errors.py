"""The engine's errors, each with a location, in the specification's wording.

- `MalformedError`: bytes or text that do not follow the format (spec 5, 6).
- `ParseError`: a `MalformedError` of the text format (a WAT or WAST typo).
- `InvalidError`: a well-formed module that does not validate (spec 3).
- `LinkError`: imports that do not match ("unknown import", "incompatible import type").
- `Trap`: a run-time trap ("integer divide by zero", "out of bounds memory access", ...).
- `ExhaustionError`: resources ran out ("call stack exhausted").

`message` holds the specification's words alone (what the spec test runner
compares); `str(error)` prefixes the location for people.
"""

from __future__ import annotations

from dataclasses import dataclass

from playground.errors import PlaygroundError


@dataclass(frozen=True)
class SourceSpan:
    """Where a piece of text came from: 1-based lines and columns, end exclusive, plus character offsets."""

    line: int
    col: int
    end_line: int
    end_col: int
    start: int = 0  # character offset of the first character in the source text
    end: int = 0  # character offset just past the last character
    file: str | None = None

    def __str__(self) -> str:
        prefix = f"{self.file}:" if self.file else ""
        return f"{prefix}{self.line}:{self.col}"


class WasmError(PlaygroundError):
    """An engine error: `message` in the spec's words, located by a text span or a byte offset."""

    kind = "error"

    def __init__(
        self,
        message: str,
        *,
        span: SourceSpan | None = None,
        offset: int | None = None,
        file: str | None = None,
    ) -> None:
        self.message = message
        self.span = span
        self.offset = offset
        self.file = file if file is not None else (span.file if span else None)
        super().__init__(message)

    @property
    def location(self) -> str:
        """`file:line:col`, `file: offset 0x1a`, or an empty string when unknown."""
        if self.span is not None:
            prefix = f"{self.file}:" if self.file else ""
            return f"{prefix}{self.span.line}:{self.span.col}"
        parts = []
        if self.file:
            parts.append(self.file)
        if self.offset is not None:
            parts.append(f"offset 0x{self.offset:x}")
        return ": ".join(parts)

    def __str__(self) -> str:
        location = self.location
        return f"{location}: {self.message}" if location else self.message


class MalformedError(WasmError):
    """The input does not follow the binary or text format."""

    kind = "malformed"


class ParseError(MalformedError):
    """A syntax error in WAT or WAST text."""


class InvalidError(WasmError):
    """The module is well-formed but does not validate."""

    kind = "invalid"

    def __init__(
        self,
        message: str,
        *,
        func_index: int | None = None,
        instr_index: int | None = None,
        instr_name: str | None = None,
        span: SourceSpan | None = None,
        offset: int | None = None,
        file: str | None = None,
    ) -> None:
        self.func_index = func_index
        self.instr_index = instr_index
        self.instr_name = instr_name
        super().__init__(message, span=span, offset=offset, file=file)

    def __str__(self) -> str:
        where = []
        if self.func_index is not None:
            where.append(f"in function {self.func_index}")
        if self.instr_name is not None:
            at = f" #{self.instr_index}" if self.instr_index is not None else ""
            where.append(f"at {self.instr_name}{at}")
        text = f"{self.message} ({', '.join(where)})" if where else self.message
        location = self.location
        return f"{location}: {text}" if location else text


class LinkError(WasmError):
    """Imports do not match what the module asks for."""

    kind = "unlinkable"


class Trap(WasmError):
    """A run-time trap; `message` is the spec's wording, e.g. "integer divide by zero"."""

    kind = "trap"


class ExhaustionError(WasmError):
    """A resource ran out during execution, e.g. "call stack exhausted"."""

    kind = "exhaustion"


class UncaughtException(WasmError):
    """A WebAssembly exception (`throw`, 3.0) that no handler caught before it left the run.

    `tag` is the tag instance thrown and `payload` its raw argument values; `exn` the
    exception object (runtime/exceptions.py `ExnRef`) that a try_table may still catch.
    """

    kind = "exception"

    def __init__(self, message: str, *, tag=None, payload: tuple = (), exn=None, **where) -> None:
        self.tag = tag
        self.payload = payload
        self.exn = exn
        super().__init__(message, **where)
