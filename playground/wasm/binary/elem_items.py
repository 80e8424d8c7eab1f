"""The items of a decoded element segment, four bytes each until someone reads them.

A segment listing a million function indices was a million lists of two
`Instr`s (about 300 bytes an item, 300 MB), made when the module was decoded
whether anyone looked at them or not. `ElemItems` keeps only where each item
starts in the module's bytes (an `array('I')`, as wasmtime keeps a segment's
function indices in one boxed slice) and builds an item's constant expression
each time it is read, as `Func.lazy` does for function bodies. Readers use it
as the list it replaces: `len`, indexing, iteration, `==`.

Items were checked when the module was decoded, so reading one cannot fail.
"""

from __future__ import annotations

from array import array
from collections.abc import Sequence

from playground.wasm.binary.decode_expr import decode_expr
from playground.wasm.binary.leb128 import read_unsigned
from playground.wasm.instructions import BY_CODE
from playground.wasm.model import Instr

_REF_FUNC, _END = BY_CODE[0xD2], BY_CODE[0x0B]


class ElemItems(Sequence):
    """One segment's items: function indices (`indices`) or constant expressions, at the offsets in `starts`."""

    __slots__ = ("data", "starts", "indices", "tables")

    def __init__(self, data: bytes, starts: array, indices: bool, tables: tuple | None) -> None:
        self.data = data
        self.starts = starts
        self.indices = indices
        self.tables = tables  # decode_expr.opcode_tables of the module's features

    def __len__(self) -> int:
        return len(self.starts)

    def __getitem__(self, i):
        if isinstance(i, slice):
            return [self._read(start) for start in self.starts[i]]
        return self._read(self.starts[i])

    def __iter__(self):
        read = self._read
        for start in self.starts:
            yield read(start)

    def __eq__(self, other) -> bool:
        if not isinstance(other, (list, ElemItems)):
            return NotImplemented
        return len(self) == len(other) and all(a == b for a, b in zip(self, other))

    __hash__ = None  # a list's stand-in: unhashable too

    def __repr__(self) -> str:
        return f"ElemItems({len(self)} {'function indices' if self.indices else 'expressions'})"

    def _read(self, start: int) -> list[Instr]:
        if self.indices:
            x, end = read_unsigned(self.data, start, 32)
            return [Instr(_REF_FUNC, (x,), None, start, end - start), Instr(_END, ())]
        return decode_expr(self.data, start, self.tables)[0]
