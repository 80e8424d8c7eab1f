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


class ExternKind(Enum):
    """What an import or export names (spec 2.5.10); the value is the binary byte."""

    FUNC = 0
    TABLE = 1
    MEMORY = 2
    GLOBAL = 3

    @property
    def text(self) -> str:
        return ("func", "table", "memory", "global")[self.value]


@dataclass(frozen=True)
class FuncType:
    """`[params] -> [results]` (spec 2.3.6)."""

    params: tuple[ValType, ...] = ()
    results: tuple[ValType, ...] = ()

    def __str__(self) -> str:
        return f"[{' '.join(map(str, self.params))}] -> [{' '.join(map(str, self.results))}]"


@dataclass(frozen=True)
class Limits:
    """A minimum and an optional maximum, in pages for memories and elements for tables."""

    min: int
    max: int | None = None

    def __str__(self) -> str:
        return f"{self.min}" if self.max is None else f"{self.min} {self.max}"


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
