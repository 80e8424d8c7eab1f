"""Find instructions by text position or byte offset, and translate between the two. No Qt.

A WAT buffer gives a module whose instructions have text spans; encoding it
and decoding the bytes gives the same module with byte offsets. Both have
the same flat bodies, so (function index, instruction index) names one
instruction in either.
"""

from __future__ import annotations

from bisect import bisect_right
from dataclasses import dataclass

from playground.wasm.errors import SourceSpan
from playground.wasm.model import Instr, Module


@dataclass(frozen=True)
class InstrRef:
    """An instruction by place: function index (imports counted) and index in its flat body."""

    funcidx: int
    index: int


def _instructions(module: Module):
    base = module.num_imported_funcs
    for defined, func in enumerate(module.funcs):
        for index, instr in enumerate(func.body):
            yield InstrRef(base + defined, index), instr


class InstrMap:
    """Lookups over a text module (spans) and/or a binary module (offsets)."""

    def __init__(self, text_module: Module | None = None, binary_module: Module | None = None) -> None:
        self.text_module = text_module
        self.binary_module = binary_module
        self._spans: list[tuple[int, int, InstrRef]] = []
        if text_module is not None:
            self._spans = sorted(
                (instr.span.start, instr.span.end, ref)
                for ref, instr in _instructions(text_module)
                if instr.span is not None and instr.span.end > instr.span.start
            )
        self._offsets: list[int] = []
        self._by_offset: list[tuple[int, int, InstrRef]] = []
        if binary_module is not None:
            located = sorted(
                (instr.offset, instr.length or 1, ref)
                for ref, instr in _instructions(binary_module)
                if instr.offset is not None
            )
            self._by_offset = located
            self._offsets = [offset for offset, _, _ in located]

    def instr(self, ref: InstrRef, module: Module | None) -> Instr | None:
        if module is None:
            return None
        defined = ref.funcidx - module.num_imported_funcs
        if not 0 <= defined < len(module.funcs) or not 0 <= ref.index < len(module.funcs[defined].body):
            return None
        return module.funcs[defined].body[ref.index]

    def at_text(self, offset: int) -> InstrRef | None:
        """The innermost instruction whose span contains character `offset`."""
        best = None
        for start, end, ref in self._spans:
            if start > offset:
                break
            if offset < end and (best is None or end - start < best[1] - best[0]):
                best = (start, end, ref)
        return best[2] if best else None

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

    def span_of(self, ref: InstrRef) -> SourceSpan | None:
        instr = self.instr(ref, self.text_module)
        return instr.span if instr is not None else None
