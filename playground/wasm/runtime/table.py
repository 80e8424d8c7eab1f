"""Table instances (spec 4.2.7): a growable vector of references.

Elements are the executor's reference values: `None` is null, a function
reference is the `FuncInstance`/`HostFunc` object itself, an external
reference is an `ExternRef`.
"""

from __future__ import annotations

from playground.wasm.errors import ExhaustionError, LinkError
from playground.wasm.limits import DEFAULT_LIMITS, LimitError
from playground.wasm.types import Limits, TableType, ValType

MAX_TABLE_SIZE = 2**32 - 1  # spec 2.3.9: table limits range over u32
DEFAULT_TABLE_CAP = DEFAULT_LIMITS.max_table_entries  # growing past it gives -1, as a real engine under memory pressure


def table_cap(limits) -> int:
    """The most entries a table may hold under a run's `Limits` (no limit: the spec's u32 range)."""
    return MAX_TABLE_SIZE if limits.max_table_entries is None else limits.max_table_entries


class Table:
    """A table of references: `Table(ValType.FUNCREF, initial=10, maximum=20)`."""

    __slots__ = ("elem", "elements", "maximum", "cap", "is64", "__weakref__")

    def __init__(
        self,
        elem: ValType = ValType.FUNCREF,
        initial: int = 0,
        maximum: int | None = None,
        init=None,
        *,
        cap: int = DEFAULT_TABLE_CAP,
        is64: bool = False,
    ) -> None:
        self.is64 = is64  # 3.0, table64: i64 indices
        if not elem.is_ref:
            raise LinkError(f"a table holds references, not {elem}")
        if initial < 0 or (maximum is not None and maximum < initial):
            raise LinkError(f"invalid table limits: initial {initial}, maximum {maximum}")
        if initial > cap:  # a valid `(table 4294967295 funcref)` must not ask Python for a 32 GiB list
            raise LimitError("max_table_entries", cap, f"a table of {initial:,} entries was asked for")
        self.elem = elem
        try:
            self.elements: list = [init] * initial
        except MemoryError:
            raise ExhaustionError(f"out of memory: a table of {initial} entries") from None
        self.maximum = maximum
        self.cap = cap

    @classmethod
    def from_type(cls, tabletype: TableType, init=None, *, cap: int = DEFAULT_TABLE_CAP) -> "Table":
        return cls(tabletype.elem, tabletype.limits.min, tabletype.limits.max, init, cap=cap, is64=tabletype.limits.is64)

    @property
    def size(self) -> int:
        return len(self.elements)

    @property
    def type(self) -> TableType:
        return TableType(Limits(len(self.elements), self.maximum, self.is64), self.elem)

    def grow(self, delta: int, init=None) -> int:
        """Grow by `delta` entries set to `init`; the old size, or -1 past the maximum (spec 4.5.3.8)."""
        old = len(self.elements)
        new = old + delta
        limit = (2**64 - 1 if self.is64 else MAX_TABLE_SIZE) if self.maximum is None else self.maximum
        if delta < 0 or new > limit or new > self.cap:
            return -1
        try:
            self.elements.extend([init] * delta)
        except MemoryError:
            return -1
        return old

    def get(self, index: int):
        """The reference at `index`; IndexError when out of bounds."""
        if not 0 <= index < len(self.elements):
            raise IndexError(f"table index {index} out of bounds")
        return self.elements[index]

    def set(self, index: int, value) -> None:
        """Store a reference at `index`; IndexError when out of bounds."""
        if not 0 <= index < len(self.elements):
            raise IndexError(f"table index {index} out of bounds")
        self.elements[index] = value

    def __repr__(self) -> str:
        return f"<Table {self.elem} {len(self.elements)}, max {self.maximum}>"
