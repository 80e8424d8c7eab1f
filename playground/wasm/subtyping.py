"""Subtyping (3.0, spec 3.3 "Matching"): which value, heap and defined types match which.

Types here are canonical (deftypes.py): a concrete heap type is a `DefType`, so two types
from different modules compare by identity. The abstract heap types form three small
hierarchies with a bottom each (any > eq > i31|struct|array > none, func > nofunc,
extern > noextern, exn > noexn); a defined type sits below the abstract kind of its
composite type (func, struct or array) and above the bottom of that hierarchy, and below
its declared supertypes. A declared supertype is checked once, where the type is defined
(`check_declarations`); afterwards `d1 <= d2` is a walk up d1's chain of supertypes.
"""

from __future__ import annotations

from playground.wasm.deftypes import DefType
from playground.wasm.errors import InvalidError
from playground.wasm.types import (
    ArrayType, FieldType, FuncType, HeapKind, RefType, StructType, heap_of, is_nullable,
)

_ANY, _EQ, _I31, _STRUCT, _ARRAY, _NONE = (HeapKind.ANY, HeapKind.EQ, HeapKind.I31, HeapKind.STRUCT,
                                          HeapKind.ARRAY, HeapKind.NONE)
# the abstract supertypes of each abstract heap type, itself included
_ABOVE = {
    _ANY: {_ANY}, _EQ: {_EQ, _ANY}, _I31: {_I31, _EQ, _ANY}, _STRUCT: {_STRUCT, _EQ, _ANY},
    _ARRAY: {_ARRAY, _EQ, _ANY}, _NONE: {_NONE, _I31, _STRUCT, _ARRAY, _EQ, _ANY},
    HeapKind.FUNC: {HeapKind.FUNC}, HeapKind.NOFUNC: {HeapKind.NOFUNC, HeapKind.FUNC},
    HeapKind.EXTERN: {HeapKind.EXTERN}, HeapKind.NOEXTERN: {HeapKind.NOEXTERN, HeapKind.EXTERN},
    HeapKind.EXN: {HeapKind.EXN}, HeapKind.NOEXN: {HeapKind.NOEXN, HeapKind.EXN},
}  # fmt: skip
_TOP = {h: HeapKind.ANY for h in (_ANY, _EQ, _I31, _STRUCT, _ARRAY, _NONE)}
_TOP.update({HeapKind.FUNC: HeapKind.FUNC, HeapKind.NOFUNC: HeapKind.FUNC, HeapKind.EXTERN: HeapKind.EXTERN,
             HeapKind.NOEXTERN: HeapKind.EXTERN, HeapKind.EXN: HeapKind.EXN, HeapKind.NOEXN: HeapKind.EXN})
_BOTTOM = {HeapKind.ANY: _NONE, HeapKind.FUNC: HeapKind.NOFUNC, HeapKind.EXTERN: HeapKind.NOEXTERN,
           HeapKind.EXN: HeapKind.NOEXN}  # fmt: skip


def top_heap(h) -> HeapKind:
    """The top of the hierarchy `h` belongs to: any, func, extern or exn."""
    return _TOP[h.kind if isinstance(h, DefType) else h]


def bottom_heap(h) -> HeapKind:
    """The bottom of the hierarchy `h` belongs to: none, nofunc, noextern or noexn."""
    return _BOTTOM[top_heap(h)]


def heap_matches(h1, h2) -> bool:
    """h1 <= h2 for canonical heap types (HeapKind or DefType)."""
    if h1 is h2:
        return True
    if isinstance(h1, DefType):
        if isinstance(h2, DefType):
            d = h1.super
            while d is not None:
                if d is h2:
                    return True
                d = d.super
            return False
        return h2 in _ABOVE[h1.kind]
    if isinstance(h2, DefType):
        return h1 is bottom_heap(h2)  # none <= every struct and array type, nofunc <= every func type
    return h2 in _ABOVE[h1]


def matches(t1, t2) -> bool:
    """The value type t1 matches t2 (t1 <= t2): equal numbers and vectors, or references whose
    heap types match and whose nullability does not widen."""
    if t1 is t2 or t1 == t2:
        return True
    if not (t1.is_ref and t2.is_ref):
        return False
    if is_nullable(t1) and not is_nullable(t2):
        return False
    return heap_matches(heap_of(t1), heap_of(t2))


def _field_matches(f1: FieldType, f2: FieldType) -> bool:
    """A field may only narrow when immutable (spec 3.0: mutable fields are invariant)."""
    if f1.mutable != f2.mutable:
        return False
    s1, s2 = f1.storage, f2.storage
    if isinstance(s1, str) or isinstance(s2, str):  # packed
        return s1 == s2
    return matches(s1, s2) and (not f1.mutable or matches(s2, s1))


def composite_matches(c1, c2) -> bool:
    """Structural subtyping of unrolled composite types (what a declared supertype must allow)."""
    if isinstance(c1, FuncType) and isinstance(c2, FuncType):
        return (len(c1.params) == len(c2.params) and len(c1.results) == len(c2.results)
                and all(matches(b, a) for a, b in zip(c1.params, c2.params))
                and all(matches(a, b) for a, b in zip(c1.results, c2.results)))
    if isinstance(c1, StructType) and isinstance(c2, StructType):
        return len(c1.fields) >= len(c2.fields) and all(_field_matches(a, b) for a, b in zip(c1.fields, c2.fields))
    if isinstance(c1, ArrayType) and isinstance(c2, ArrayType):
        return _field_matches(c1.element, c2.element)
    return False


def check_declarations(canon: list[DefType], span=None) -> None:
    """Spec 3.0, 3.2.11: each declared supertype is not final and its type allows this one."""
    for index, d in enumerate(canon):
        declared = d.unrolled.supers
        if len(declared) > 1:
            raise InvalidError("multiple supertypes", span=span)
        for sup in declared:
            if not isinstance(sup, DefType) or sup.unrolled.final:
                raise InvalidError(f"sub type {index} does not match super type", span=span)
            if not composite_matches(d.unrolled, sup.unrolled):
                raise InvalidError(f"sub type {index} does not match super type", span=span)


def is_defaultable(t) -> bool:
    """Has a default value (spec 3.0: numbers, vectors and nullable references); locals of other
    types must be set before they are read."""
    return not isinstance(t, RefType) or t.nullable

