"""The validation context C of spec 3.1.1, built once per module.

Index spaces list imports first, then the module's own definitions. Two
views exist, as in spec 3.4.10: the full context that function bodies see,
and the restricted one (`C'`) for constant expressions, whose `globals`
hold only the imported globals.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace

from playground.wasm.deftypes import DefType, canonical_valtype, canonicalise
from playground.wasm.model import Module
from playground.wasm.subtyping import check_declarations
from playground.wasm.types import FuncType, GlobalType, HeapKind, MemType, RefType, TableType, ValType

_NON_NULL_FUNC = RefType(False, HeapKind.FUNC)


def segment_type(elem):
    """An element segment's type. 3.0: a list of function indices (`elem (i32.const 0) $f $g`,
    `elem func $f`, binary flags without bit 2) has type `(ref func)`; the model keeps funcref for
    it, as the binary formats name it, and says which form it was (`Elem.indices`)."""
    return _NON_NULL_FUNC if elem.indices else elem.type


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
    tags: tuple[FuncType, ...] = ()  # 3.0: each tag's function type (its params are the payload)
    defs: tuple[DefType, ...] = ()  # the canonical defined types, by type index (deftypes.py)
    func_typeidx: tuple[int, ...] = ()  # each function's type index (for ref.func's type)

    @classmethod
    def of_module(cls, module: Module, refs: frozenset[int] = frozenset()) -> "Context":
        """The full context of `module`; callers have checked that function type indices exist.

        Types are canonical (3.0): a reference to type index x holds the DefType of x, so types
        compare by identity and subtyping.py can match them; `types[x]` is DefType x unrolled."""
        defs = tuple(canonicalise(module.types))
        check_declarations(list(defs))
        canon = list(defs)

        def vt(t):
            return canonical_valtype(t, canon)

        types = tuple(d.unrolled for d in defs)
        return cls(
            types=types,
            funcs=tuple(types[i] for i in module.func_type_indices()),
            tables=tuple(replace(t, elem=vt(t.elem)) for t in module.table_types()),
            mems=tuple(module.mem_types()),
            globals=tuple(replace(g, valtype=vt(g.valtype)) for g in module.global_types()),
            elems=tuple(vt(segment_type(e)) for e in module.elems),
            datas=len(module.datas),
            refs=refs,
            tags=tuple(types[i] for i in module.tag_type_indices()),
            defs=defs,
            func_typeidx=tuple(module.func_type_indices()),
        )

    def valtype(self, t):
        """A value type of the module (a local's, a block's) with its type indices canonical."""
        return canonical_valtype(t, self.defs)

    def for_constants(self, num_imported_globals: int) -> "Context":
        """C' of spec 3.4.10: constant expressions see only the imported globals."""
        return replace(self, globals=self.globals[:num_imported_globals])
