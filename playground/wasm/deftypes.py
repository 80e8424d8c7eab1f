"""Defined types made independent of their module: iso-recursive canonicalisation (3.0, GC).

A module's type section is a list of recursive groups (`(rec ...)`, a lone type being a
group of one). Inside a module a reference type names a defined type by its index; two
modules may define the same type at different indices. The specification (3.0, 2.3.9,
"rolling" and "closing") makes defined types comparable across modules: a type index that
points into its own group becomes a relative `RecRef(i)`, one that points to an earlier
group becomes that group's canonical type. Two groups are the same when these closed
forms are equal, and a defined type is (group, position). We intern the closed groups in
one dictionary, so equal groups give the very same `DefType` objects: type equality
between modules, in call_indirect, ref.test, imports and exports, is Python's `is`.

`DefType.unrolled` is the type with every reference resolved to a DefType (RecRef
replaced by the group's own members): what the validator and the engine read.
"""

from __future__ import annotations

from dataclasses import replace

from playground.wasm.errors import InvalidError
from playground.wasm.types import ArrayType, FieldType, FuncType, HeapKind, RefType, StructType, ref_type


class RecRef(int):
    """A type index relative to its own recursive group, in a closed group (never seen outside)."""

    def __repr__(self) -> str:
        return f"rec.{int(self)}"


class DefType:
    """A canonical defined type: number `pos` of the interned group `group` (a tuple of closed types)."""

    __slots__ = ("group", "pos", "members", "name", "_unrolled")

    def __init__(self, group: tuple, pos: int, name: str) -> None:
        self.group = group
        self.pos = pos
        self.members: tuple[DefType, ...] = ()  # the group's DefTypes, set by `_intern`
        self.name = name
        self._unrolled = None

    @property
    def closed(self):
        return self.group[self.pos]

    @property
    def unrolled(self):
        """The composite type (FuncType, StructType or ArrayType) with DefTypes for its references."""
        if self._unrolled is None:
            members = self.members
            self._unrolled = map_composite(self.closed, lambda h: members[h] if isinstance(h, RecRef) else h)
        return self._unrolled

    @property
    def kind(self) -> HeapKind:
        """The abstract heap type above it: func, struct or array."""
        closed = self.closed
        return HeapKind.FUNC if isinstance(closed, FuncType) else (
            HeapKind.STRUCT if isinstance(closed, StructType) else HeapKind.ARRAY)

    @property
    def super(self) -> "DefType | None":
        """The declared supertype, or None."""
        supers = self.unrolled.supers
        return supers[0] if supers else None

    def __str__(self) -> str:
        return self.name

    __repr__ = __str__


_GROUPS: dict[tuple, tuple[DefType, ...]] = {}


def _intern(closed_group: tuple, name_of) -> tuple[DefType, ...]:
    found = _GROUPS.get(closed_group)
    if found is None:
        found = tuple(DefType(closed_group, i, name_of(i)) for i in range(len(closed_group)))
        for d in found:
            d.members = found
        _GROUPS[closed_group] = found
    return found


def map_valtype(t, heap_map):
    """A value or storage type with `heap_map` applied to the heap type of a reference type."""
    if isinstance(t, RefType):
        h = heap_map(t.heap)
        return t if h is t.heap else ref_type(t.nullable, h)
    return t  # a ValType (funcref and externref have abstract heap types) or a packed type


def map_composite(c, heap_map):
    """A FuncType, StructType or ArrayType with `heap_map` applied to every heap type and supertype."""
    supers = tuple(heap_map(s) for s in c.supers)
    if isinstance(c, FuncType):
        return replace(c, params=tuple(map_valtype(t, heap_map) for t in c.params),
                       results=tuple(map_valtype(t, heap_map) for t in c.results), supers=supers)
    if isinstance(c, StructType):
        fields = tuple(FieldType(map_valtype(f.storage, heap_map), f.mutable) for f in c.fields)
        return replace(c, fields=fields, supers=supers)
    e = c.element
    return replace(c, element=FieldType(map_valtype(e.storage, heap_map), e.mutable), supers=supers)


def canonicalise(types, span=None) -> list[DefType]:
    """The DefTypes of a module's type list (`Module.types`), group by group.

    InvalidError "unknown type N" for a reference to a type index that is neither
    earlier nor in the same group (spec 3.0, 3.2.3: a group may refer only to itself
    and to earlier groups)."""
    canon: list[DefType] = []
    i, n = 0, len(types)
    while i < n:
        size = max(1, types[i].rec_size)
        end = min(n, i + size)
        start = i

        def close(h, start=start, end=end):
            if isinstance(h, HeapKind) or isinstance(h, DefType):
                return h
            if not isinstance(h, int) or not 0 <= h < end:
                raise InvalidError(f"unknown type {h}", span=span)
            return RecRef(h - start) if h >= start else canon[h]

        closed = tuple(map_composite(types[k], close) for k in range(start, end))
        canon.extend(_intern(closed, lambda pos, start=start: f"${start + pos}"))
        i = end
    return canon


def canonical_valtype(t, canon: list[DefType]):
    """A value type of the module with its type indices replaced by their DefTypes."""
    if isinstance(t, RefType) and isinstance(t.heap, int):
        if not 0 <= t.heap < len(canon):
            raise InvalidError(f"unknown type {t.heap}")
        return RefType(t.nullable, canon[t.heap])
    return t


def single(functype: FuncType) -> DefType:
    """The DefType of a function type standing alone (a host function's type)."""
    return canonicalise([functype])[0]
