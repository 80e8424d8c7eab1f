"""The validation context C of spec 3.1.1, built once per module.

Index spaces list imports first, then the module's own definitions. Two
views exist, as in spec 3.4.10: the full context that function bodies see,
and the restricted one (`C'`) for constant expressions, whose `globals`
hold only the imported globals.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from playground.wasm.model import Module
from playground.wasm.types import FuncType, GlobalType, MemType, TableType, ValType


@dataclass(frozen=True)
class Context:
    """Spec 3.1.1: what an instruction may refer to. `datas` is only a count: data segments have no type."""

    types: tuple[FuncType, ...]
    funcs: tuple[FuncType, ...]
    tables: tuple[TableType, ...]
    mems: tuple[MemType, ...]
    globals: tuple[GlobalType, ...]
    elems: tuple[ValType, ...]
    datas: int
    refs: frozenset[int] = field(default_factory=frozenset)

    @classmethod
    def of_module(cls, module: Module, refs: frozenset[int] = frozenset()) -> "Context":
        """The full context of `module`; callers have checked that function type indices exist."""
        return cls(
            types=tuple(module.types),
            funcs=tuple(module.types[i] for i in module.func_type_indices()),
            tables=tuple(module.table_types()),
            mems=tuple(module.mem_types()),
            globals=tuple(module.global_types()),
            elems=tuple(e.type for e in module.elems),
            datas=len(module.datas),
            refs=refs,
        )

    def for_constants(self, num_imported_globals: int) -> "Context":
        """C' of spec 3.4.10: constant expressions see only the imported globals."""
        return replace(self, globals=self.globals[:num_imported_globals])
