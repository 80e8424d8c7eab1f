"""One module's names for its defined types and struct fields, as every front end prints them.

The one rule: a type the module names (`(type $node ...)` in the text, the name
section's type names, subsection 4, in a binary) reads `$node`; an unnamed one
reads by its index, `type 3` as a word (`struct type 3 {...}`) and `3` inside a
type (`(ref null 3)`, as the text format writes it). A name that is no valid
identifier counts as none (`format.is_valid_id`). Struct fields likewise take
the name section's field names (subsection 10): `$next`.

At run time a GC object knows its canonical type (deftypes.DefType), shared by
every module that defines the same type, so the name is looked up through the
instance's `defs`: the first index of this module whose type it is. A canonical
type this module does not define (an object from another module) keeps the name
it was made with, its index in the module that first defined it (`$0`).
"""

from __future__ import annotations

from collections.abc import Sequence

from playground.wasm.deftypes import DefType
from playground.wasm.model import Names
from playground.wasm.text.format import is_valid_id, type_text


class TypeNames:
    """`$node` or `type 3` for a module's defined types; `TypeNames.of(instance)` for a running one."""

    def __init__(self, names: Names | None = None, defs: Sequence[DefType] = ()) -> None:
        self.names = names if names is not None else Names()
        self._index: dict[int, int] = {}  # id(DefType) -> its first index in the module
        for index, d in enumerate(defs):
            self._index.setdefault(id(d), index)

    @classmethod
    def of(cls, instance) -> TypeNames:
        """The names of an instantiated module (a ModuleInstance: its module's names, its canonical types)."""
        return cls(instance.module.names, getattr(instance, "defs", ()))

    def index(self, heap) -> int | None:
        """The module's index of a defined type (a DefType or an index); None for another module's type."""
        if isinstance(heap, DefType):
            return self._index.get(id(heap))
        return heap if isinstance(heap, int) else None

    def _name(self, index: int) -> str | None:
        name = self.names.types.get(index)
        return name if name and is_valid_id(name) else None

    def heap_text(self, heap) -> str:
        """A heap type inside a type: `$node`, `3`, `any`."""
        index = self.index(heap)
        if index is None:
            return str(heap)
        name = self._name(index)
        return f"${name}" if name else str(index)

    def label(self, heap) -> str:
        """A defined type as a word: `$node`, `type 3`."""
        index = self.index(heap)
        if index is None:
            return str(heap)
        name = self._name(index)
        return f"${name}" if name else f"type {index}"

    def field_name(self, heap, fieldidx: int) -> str | None:
        """A struct field's name without the `$` (`next`), or None when the module names none."""
        index = self.index(heap)
        name = self.names.field_name(index, fieldidx) if index is not None else None
        return name if name and is_valid_id(name) else None

    def type_text(self, t) -> str:
        """A value, field or storage type with these names: `(ref null $node)`, `(mut i8)`."""
        return type_text(t, heap=self.heap_text)


NO_NAMES = TypeNames()
"""For text made without a module at hand: every canonical type by the name it was made with."""
