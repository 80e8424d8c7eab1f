"""The source map of a .wasm binary: the lines of its printed disassembly. No Qt.

A binary has no text, so the debugger shows the disassembler's text
(wasm/text/print.py), which prints one instruction per line and records the
line of each in `PrintedModule.lines`; a function's final `end` sits on its
closing `)` line. An instruction's span is its line without the indentation.
Debug names are used where the binary has a name section; without one the
text names functions and locals by index, and the map is the same.
"""

from __future__ import annotations

from playground.debug.sourcemaps.base import SourceMap, SourcePlace
from playground.wasm.errors import SourceSpan
from playground.wasm.model import Module
from playground.wasm.text.print import PrintedModule, print_module

DEFAULT_FILE = "(disassembly)"


class DisassemblySourceMap(SourceMap):
    """A decoded module's instructions over the lines of its disassembly (`printed`)."""

    def __init__(self, printed: PrintedModule, file: str | None = None) -> None:
        name = file or DEFAULT_FILE
        text = printed.text
        lines = text.splitlines()
        starts, offset = [], 0
        for line in text.splitlines(keepends=True):
            starts.append(offset)
            offset += len(line)
        places = {}
        for key, line in sorted(printed.lines.items()):
            if not 0 < line <= len(lines):
                continue
            body = lines[line - 1]
            col = len(body) - len(body.lstrip()) + 1
            start = starts[line - 1] + col - 1
            span = SourceSpan(line, col, line, len(body) + 1, start, start + len(body) - col + 1)
            places[key] = SourcePlace(name, span)
        super().__init__(places, {name: text})

    @classmethod
    def of_module(cls, module: Module, file: str | None = None) -> "DisassemblySourceMap":
        """Disassemble `module` and map its instructions to the printed lines."""
        return cls(print_module(module), file)
