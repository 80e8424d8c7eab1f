"""Value types, function types, limits and the other types of spec 2.3."""

from __future__ import annotations

from dataclasses import dataclass
from enum import Enum


class ValType(Enum):
    """A value type (spec 2.3.4). The value is the text-format name; `code` is the binary byte."""

    I32 = "i32"
    I64 = "i64"
    F32 = "f32"
    F64 = "f64"
    V128 = "v128"
    FUNCREF = "funcref"
    EXTERNREF = "externref"

    @property
    def code(self) -> int:
        """The byte that encodes this type in the binary format."""
        return _VALTYPE_CODES[self]

    @property
    def is_ref(self) -> bool:
        return self in (ValType.FUNCREF, ValType.EXTERNREF)

    @property
    def is_num(self) -> bool:
        return self in (ValType.I32, ValType.I64, ValType.F32, ValType.F64)

    @classmethod
    def from_code(cls, code: int) -> "ValType | None":
        """The type a byte encodes, or None when the byte is no value type."""
        return _VALTYPE_BY_CODE.get(code)

    @classmethod
    def from_text(cls, text: str) -> "ValType | None":
        """The type a text-format name denotes, or None."""
        return _VALTYPE_BY_TEXT.get(text)

    def __str__(self) -> str:
        return self.value


_VALTYPE_CODES = {
    ValType.I32: 0x7F,
    ValType.I64: 0x7E,
    ValType.F32: 0x7D,
    ValType.F64: 0x7C,
    ValType.V128: 0x7B,
    ValType.FUNCREF: 0x70,
    ValType.EXTERNREF: 0x6F,
}
_VALTYPE_BY_CODE = {code: t for t, code in _VALTYPE_CODES.items()}
_VALTYPE_BY_TEXT = {t.value: t for t in ValType}


class HeapKind(Enum):
    """An abstract heap type (spec 2.3.4 of 3.0): the value is the text name; `code` the binary byte.

    The hierarchies, top first: any > eq > (i31, struct, array) > none; func > nofunc;
    extern > noextern; exn > noexn (subtyping.py)."""

    FUNC = "func"
    NOFUNC = "nofunc"
    EXTERN = "extern"
    NOEXTERN = "noextern"
    ANY = "any"
    EQ = "eq"
    I31 = "i31"
    STRUCT = "struct"
    ARRAY = "array"
    NONE = "none"
    EXN = "exn"
    NOEXN = "noexn"

    @property
    def code(self) -> int:
        return _HEAP_CODES[self]

    def __str__(self) -> str:
        return self.value


_HEAP_CODES = {
    HeapKind.NOEXN: 0x74, HeapKind.NOFUNC: 0x73, HeapKind.NOEXTERN: 0x72, HeapKind.NONE: 0x71,
    HeapKind.FUNC: 0x70, HeapKind.EXTERN: 0x6F, HeapKind.ANY: 0x6E, HeapKind.EQ: 0x6D, HeapKind.I31: 0x6C,
    HeapKind.STRUCT: 0x6B, HeapKind.ARRAY: 0x6A, HeapKind.EXN: 0x69,
}  # fmt: skip
HEAP_BY_CODE = {code: h for h, code in _HEAP_CODES.items()}
HEAP_BY_TEXT = {h.value: h for h in HeapKind}


@dataclass(frozen=True)
class RefType:
    """`(ref null? heaptype)` (3.0, typed function references and GC): any reference type other than
    the two 2.0 ones, which stay `ValType.FUNCREF` and `ValType.EXTERNREF` (`ref_type` keeps it so).

    `heap` is a HeapKind, a type index of the module (an int), or, once canonicalised for a store
    (deftypes.py), the `DefType` itself."""

    nullable: bool
    heap: object  # HeapKind | int | DefType

    is_ref = True
    is_num = False

    @property
    def value(self) -> str:
        """The text form, as `ValType.value` is (`(ref null 3)`, `anyref`)."""
        return str(self)

    @property
    def code(self) -> int:
        """The first byte of the binary encoding: 0x63 `ref null ht`, 0x64 `ref ht` (the heap type follows)."""
        return 0x63 if self.nullable else 0x64

    def __str__(self) -> str:
        if self.nullable and isinstance(self.heap, HeapKind):
            return f"{_SHORTHAND_TEXT.get(self.heap, self.heap.value)}ref"
        return f"(ref {'null ' if self.nullable else ''}{self.heap})"


_SHORTHAND_TEXT = {HeapKind.NOEXTERN: "nullextern", HeapKind.NOFUNC: "nullfunc", HeapKind.NONE: "null",
                   HeapKind.NOEXN: "nullexn"}  # fmt: skip
# `anyref` ... `nullexnref`: the nullable abstract reference types by their short text names
SHORTHAND_REFTYPES = {f"{_SHORTHAND_TEXT.get(h, h.value)}ref": h for h in HeapKind}


def ref_type(nullable: bool, heap) -> "ValType | RefType":
    """The reference type `(ref null? heap)`; the 2.0 types funcref and externref as their ValType."""
    if nullable and heap is HeapKind.FUNC:
        return ValType.FUNCREF
    if nullable and heap is HeapKind.EXTERN:
        return ValType.EXTERNREF
    return RefType(nullable, heap)


def heap_of(t) -> object:
    """The heap type of a reference type (FUNCREF and EXTERNREF included)."""
    if t is ValType.FUNCREF:
        return HeapKind.FUNC
    if t is ValType.EXTERNREF:
        return HeapKind.EXTERN
    return t.heap


def is_nullable(t) -> bool:
    return t.nullable if isinstance(t, RefType) else True


@dataclass(frozen=True)
class FieldType:
    """A struct field or array element (GC): a value type or a packed `i8`/`i16`, mutable or not."""

    storage: object  # ValType | RefType | "i8" | "i16"
    mutable: bool = False

    @property
    def unpacked(self):
        """The value type on the stack: i32 for the packed types."""
        return ValType.I32 if self.storage in PACKED_BITS else self.storage

    def __str__(self) -> str:
        return f"(mut {self.storage})" if self.mutable else str(self.storage)


PACKED_BITS = {"i8": 8, "i16": 16}


@dataclass(frozen=True)
class StructType:
    """`(struct (field ...)*)` (GC). `final`, `supers`, `rec_pos` and `rec_size` as in FuncType."""

    fields: tuple[FieldType, ...] = ()
    final: bool = True
    supers: tuple = ()
    rec_pos: int = 0
    rec_size: int = 1

    def __str__(self) -> str:
        return "(struct" + "".join(f" (field {f})" for f in self.fields) + ")"


@dataclass(frozen=True)
class ArrayType:
    """`(array fieldtype)` (GC). `final`, `supers`, `rec_pos` and `rec_size` as in FuncType."""

    element: FieldType
    final: bool = True
    supers: tuple = ()
    rec_pos: int = 0
    rec_size: int = 1

    def __str__(self) -> str:
        return f"(array {self.element})"


class ExternKind(Enum):
    """What an import or export names (spec 2.5.10); the value is the binary byte."""

    FUNC = 0
    TABLE = 1
    MEMORY = 2
    GLOBAL = 3
    TAG = 4  # 3.0, exception handling

    @property
    def text(self) -> str:
        return ("func", "table", "memory", "global", "tag")[self.value]


@dataclass(frozen=True)
class FuncType:
    """`[params] -> [results]` (spec 2.3.6).

    With GC (3.0) a type definition is a sub type in a recursive group: `final` is False for
    `(sub $super? ...)` without `final`, `supers` holds the declared supertype indices, and a
    type is number `rec_pos` of a `(rec ...)` group of `rec_size` types (0 of 1 when alone).
    The defaults are the plain 2.0 type, so 2.0 types compare equal as before."""

    params: tuple[ValType, ...] = ()
    results: tuple[ValType, ...] = ()
    final: bool = True
    supers: tuple = ()
    rec_pos: int = 0
    rec_size: int = 1

    def __str__(self) -> str:
        return f"[{' '.join(map(str, self.params))}] -> [{' '.join(map(str, self.results))}]"


@dataclass(frozen=True)
class Limits:
    """A minimum and an optional maximum, in pages for memories and elements for tables."""

    min: int
    max: int | None = None
    is64: bool = False  # 3.0, memory64 and table64: addresses (indices) are i64, not i32

    def __str__(self) -> str:
        return f"{self.min}" if self.max is None else f"{self.min} {self.max}"

    @property
    def address(self) -> "ValType":
        """The type of the addresses into what these limits bound: i64 (3.0) or i32."""
        return ValType.I64 if self.is64 else ValType.I32


@dataclass(frozen=True)
class TableType:
    limits: Limits
    elem: ValType = ValType.FUNCREF


@dataclass(frozen=True)
class MemType:
    limits: Limits


@dataclass(frozen=True)
class GlobalType:
    valtype: ValType
    mutable: bool = False

    def __str__(self) -> str:
        return f"(mut {self.valtype})" if self.mutable else str(self.valtype)


PAGE_SIZE = 65536
MAX_PAGES = 65536  # 4 GiB of 32-bit address space (spec 2.3.8: limits valid within 2**16)
MAX_PAGES_64 = 2**48  # a 64-bit memory (3.0): 2**64 bytes
