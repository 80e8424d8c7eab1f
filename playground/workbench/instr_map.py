"""Find instructions by text position, line or byte offset, and translate between them. No Qt.

A WAT buffer gives a module whose instructions have text spans; encoding it
and decoding the bytes gives the same module with byte offsets. Both have
the same flat bodies, so (function index, instruction index) names one
instruction in either. The text side is a debugger source map
(playground/debug/sourcemaps/): the WAT spans of the text module, or for a
.wasm buffer the lines of its disassembly (`InstrMap.for_disassembly`), so
the editor, the bytecode view and the debugger agree on where an
instruction is.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from playground.debug.sourcemaps.base import SourceMap
from playground.debug.sourcemaps.disassembly import DisassemblySourceMap
from playground.debug.sourcemaps.wat import WatSourceMap
from playground.wasm.errors import SourceSpan
from playground.wasm.model import Instr, Module
from playground.wasm.text.print import PrintedModule


@dataclass(frozen=True)
class InstrRef:
    """An instruction by place: function index (imports counted) and index in its flat body."""

    funcidx: int
    index: int


class InstrMap:
    """Lookups over a source map (text side) and/or a binary module (byte offsets).

    `source_map` defaults to the WAT spans of `text_module` (none without one).
    """

    def __init__(self, text_module: Module | None = None, binary_module: Module | None = None, *,
                 source_map: SourceMap | None = None) -> None:
        self.text_module = text_module
        self.binary_module = binary_module
        if source_map is None and text_module is not None:
            source_map = WatSourceMap(text_module)
        self.source_map = source_map
        self._offsets: list[int] = []
        self._by_offset: list[tuple[int, int, InstrRef]] = []
        if binary_module is not None:
            base = binary_module.num_imported_funcs
            located = sorted(
                (instr.offset, instr.length or 1, InstrRef(base + defined, index))
                for defined, func in enumerate(binary_module.funcs)
                for index, instr in enumerate(func.body)
                if instr.offset is not None
            )
            self._by_offset = located
            self._offsets = [offset for offset, _, _ in located]

    @classmethod
    def for_disassembly(cls, module: Module, printed: PrintedModule | None = None) -> "InstrMap":
        """A .wasm buffer: its decoded `module`, shown as its disassembly (`printed`, printed here when None)."""
        smap = DisassemblySourceMap(printed) if printed is not None else DisassemblySourceMap.of_module(module)
        return cls(None, module, source_map=smap)

    def instr(self, ref: InstrRef, module: Module | None) -> Instr | None:
        if module is None:
            return None
        defined = ref.funcidx - module.num_imported_funcs
        if not 0 <= defined < len(module.funcs) or not 0 <= ref.index < len(module.funcs[defined].body):
            return None
        return module.funcs[defined].body[ref.index]

    # --- text side ---------------------------------------------------------------------------
    def at_text(self, offset: int) -> InstrRef | None:
        """The innermost instruction whose span contains character `offset`."""
        if self.source_map is None:
            return None
        key = self.source_map.at_offset(offset)
        return InstrRef(*key) if key is not None else None

    def at_line(self, line: int) -> InstrRef | None:
        """The first instruction starting on `line` (1-based), or None."""
        if self.source_map is None:
            return None
        key = self.source_map.first_on_line(line)
        return InstrRef(*key) if key is not None else None

    def span_of(self, ref: InstrRef) -> SourceSpan | None:
        """The instruction's span in the text (the WAT source, or its disassembly line)."""
        if self.source_map is None:
            return None
        return self.source_map.span(ref.funcidx, ref.index)

    def line_of(self, ref: InstrRef) -> int | None:
        span = self.span_of(ref)
        return span.line if span is not None else None

    # --- binary side ---------------------------------------------------------------------------
    def at_byte(self, offset: int) -> InstrRef | None:
        """The instruction whose bytes include `offset`."""
        i = bisect_right(self._offsets, offset) - 1
        if i < 0:
            return None
        start, length, ref = self._by_offset[i]
        return ref if offset < start + length else None

    def bytes_of(self, ref: InstrRef) -> tuple[int, int] | None:
        """(offset, length) of the instruction in the binary."""
        instr = self.instr(ref, self.binary_module)
        if instr is None or instr.offset is None:
            return None
        return instr.offset, instr.length or 1
