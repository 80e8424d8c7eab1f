"""The program being debugged: its module, the text people read, and its source map.

For WAT input the text is the source itself and the source map is the
parser's spans (sourcemaps/wat.py). For .wasm input the text is the
disassembly (`playground.wasm.text.print.print_module`) and the source map
its line map (sourcemaps/disassembly.py), so the prompt and the GUI show and
break on disassembly lines. A session may be given another source map (C
source through DWARF, later); `Program.source_map` is only the default.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from playground.debug.sourcemaps.base import InstrKey, SourceMap
from playground.debug.sourcemaps.disassembly import DisassemblySourceMap
from playground.debug.sourcemaps.wat import WatSourceMap
from playground.wasm.errors import SourceSpan
from playground.wasm.loader import MAX_SOURCE_BYTES, Source, SourceKind, parse_source, read_source, require
from playground.wasm.model import Module


@dataclass(eq=False)
class Program:
    """A validated module plus its text and source map."""

    module: Module
    text: str  # the WAT source, or the disassembly of a binary
    is_binary: bool
    file: str | None = None
    binary: bytes | None = None  # the .wasm bytes (binary input only)
    source_map: SourceMap | None = None  # built from the module when not given
    type_stacks: object = None  # validate.ValidationResult

    def __post_init__(self) -> None:
        if self.source_map is None:
            self.source_map = WatSourceMap(self.module, self.text, self.file)

    def span(self, funcidx: int, index: int) -> SourceSpan | None:
        """The span of an instruction in the source map's text."""
        return self.source_map.span(funcidx, index)

    def line_text(self, line: int) -> str:
        lines = self.text.splitlines()
        return lines[line - 1] if 1 <= line <= len(lines) else ""

    @cached_property
    def spans(self) -> dict[InstrKey, SourceSpan]:
        """(funcidx, instr index) -> span, for every mapped instruction (all files)."""
        return {key: place.span for key, place in self.source_map.items()}

    @cached_property
    def line_map(self) -> dict[int, InstrKey]:
        """Line of the main file -> the first instruction starting on it."""
        smap = self.source_map
        return {line: smap.first_on_line(line) for line in smap.lines()}


def load_program(path: str | Path, *, limit: int | None = MAX_SOURCE_BYTES) -> Program:
    """Read a .wat or .wasm file (at most `limit` bytes) into a validated Program (read and recognised by the program loader)."""
    source = require(read_source(path, limit=limit), SourceKind.WAT, SourceKind.WASM)
    if source.is_binary:
        return program_from_binary(source.data, file=source.file)
    return program_from_text(source.text, file=source.file)


def program_from_text(text: str, *, file: str | None = None) -> Program:
    return program_from_module(parse_source(Source.of_text(text, file)), text, file=file)


def program_from_module(module: Module, text: str = "", *, file: str | None = None) -> Program:
    """A Program over a parsed module whose instructions carry their own spans (in `text`)."""
    return _validated(Program(module, text, False, file))


def program_from_binary(data: bytes, *, file: str | None = None) -> Program:
    from playground.wasm.text.print import print_module

    module = parse_source(Source.of_binary(data, file))
    printed = print_module(module)
    return _validated(Program(module, printed.text, True, file, bytes(data), DisassemblySourceMap(printed)))


def _validated(program: Program) -> Program:
    from playground.wasm.validate import validate_module

    program.type_stacks = validate_module(program.module, type_stacks=True)
    return program
