"""The parser's base: a cursor over a `TokenStream`, literal readers, and the types grammar (spec 6.4).

Every error is a `ParseError` located at the offending token; its message is
the specification's wording where the spec tests name one ("unexpected
token", "unknown operator", "constant out of range", "inline function type").
"""

from __future__ import annotations

import difflib
from dataclasses import replace
from typing import NoReturn

from playground.wasm.errors import ParseError
from playground.wasm.instructions import BY_NAME
from playground.wasm.model import Module
from playground.wasm.text.floats import LiteralError
from playground.wasm.text.lexer import ID, KEYWORD, LPAR, NUM, RPAR, STRING, TokenStream, decode_name, decode_string
from playground.wasm.text.literals import parse_uint
from playground.wasm.types import (
    HEAP_BY_TEXT, PACKED_BITS, SHORTHAND_REFTYPES, ArrayType, FieldType, FuncType, GlobalType, Limits, MemType,
    StructType, TableType, ValType, ref_type,
)

# the reference types by their short names: funcref, externref and (3.0) anyref, eqref, i31ref, ...
REFTYPES = {name: ref_type(True, heap) for name, heap in SHORTHAND_REFTYPES.items()}
VALTYPES = {t.value: t for t in ValType} | REFTYPES

# The index spaces (spec 6.6.1) and the word the errors use for each.
SPACE_WORDS = {
    "type": "type",
    "func": "function",
    "table": "table",
    "memory": "memory",
    "global": "global",
    "elem": "elem segment",
    "data": "data segment",
    "tag": "tag",
    "local": "local",
    "label": "label",
}


_KEYWORDS = frozenset(
    """module type func param result local import export table memory global elem data start item offset
    declare mut then else end funcref externref func extern i32 i64 f32 f64 v128 i8x16 i16x8 i32x4 i64x2
    f32x4 f64x2 inf nan binary quote register invoke get assert_return assert_trap assert_exhaustion
    assert_malformed assert_invalid assert_unlinkable assert_uninstantiable""".split()
)


def is_known_keyword(text: str) -> bool:
    """True for the keywords of the text format (spec 6.3.1), operators included."""
    return (
        text in _KEYWORDS
        or text in BY_NAME
        or text.startswith(("offset=", "align=", "nan:"))
    )


def did_you_mean(word: str, candidates) -> str:
    """`; did you mean i32.add?` for a near miss among `candidates`, else an empty string.

    The suffix follows the spec's wording, so messages still start with it.
    """
    close = difflib.get_close_matches(word, list(candidates), n=2, cutoff=0.75)
    return f"; did you mean {' or '.join(close)}?" if close else ""


def shown(text: str, limit: int = 24) -> str:
    """A token as an error message quotes it: whole when short, cut with '...' when long."""
    return repr(text if len(text) <= limit else text[: limit - 3] + "...")


class Cursor:
    """Reads tokens from `pos`; owns the module being built and its symbolic identifiers.

    `memory64` (3.0, on unless the parse asks for 2.0): `i64` memory and table types, and
    limits and memory offsets read as u64, so a too large one is invalid, not malformed."""

    memory64 = True

    def __init__(self, ts: TokenStream, pos: int = 0) -> None:
        self.ts = ts
        self.kinds = ts.kinds
        self.texts = ts.texts
        self.pos = pos
        self.module = Module()
        # identifiers per index space: "$name" -> index
        self.ids: dict[str, dict[str, int]] = {space: {} for space in ("type", "func", "table", "memory", "global", "elem", "data", "tag")}
        self.type_index: dict[FuncType, int] = {}  # the smallest index of each function type
        self.field_ids: dict[int, dict[str, int]] = {}  # struct field names, by type index (GC)

    # --- errors and simple tokens --------------------------------------------------

    def fail(self, message: str, at: int | None = None) -> NoReturn:
        raise ParseError(message, span=self.ts.span(self.pos if at is None else at))

    def unexpected(self, at: int | None = None) -> NoReturn:
        i = self.pos if at is None else at
        if i >= len(self.kinds):
            self.fail("unexpected end of input", i)
        kind = self.kinds[i]
        text = self.texts[i]
        if kind == "reserved":
            self.fail(f"unknown operator {shown(text)}", i)  # as the reference lexer
        if kind == KEYWORD and not is_known_keyword(text):
            self.fail(f"unknown operator {text}{did_you_mean(text, _KEYWORDS | BY_NAME.keys())}", i)
        self.fail(f"unexpected token {shown(text)}", i)

    def kind(self, offset: int = 0) -> str | None:
        i = self.pos + offset
        return self.kinds[i] if i < len(self.kinds) else None

    def at_field(self, keyword: str, offset: int = 0) -> bool:
        """True when the tokens at pos are `( keyword`."""
        i = self.pos + offset
        return i + 1 < len(self.kinds) and self.kinds[i] == LPAR and self.texts[i + 1] == keyword and self.kinds[i + 1] == KEYWORD

    def expect_lpar(self) -> None:
        if self.kind() != LPAR:
            self.unexpected()
        self.pos += 1

    def expect_rpar(self) -> None:
        if self.kind() != RPAR:
            self.unexpected()
        self.pos += 1

    def expect_keyword(self, keyword: str) -> None:
        if self.kind() != KEYWORD or self.texts[self.pos] != keyword:
            self.unexpected()
        self.pos += 1

    def open_field(self, keyword: str) -> None:
        """Consume `( keyword`."""
        self.expect_lpar()
        self.expect_keyword(keyword)

    def opt_id(self) -> str | None:
        if self.kind() == ID:
            self.pos += 1
            return self.texts[self.pos - 1]
        return None

    # --- literals --------------------------------------------------------------------

    def u32(self, message: str = "i32 constant out of range", bits: int = 32) -> int:
        if self.kind() != NUM:
            self.unexpected()
        try:
            value = parse_uint(self.texts[self.pos], bits, message)
        except LiteralError as exc:
            self.fail(str(exc))
        self.pos += 1
        return value

    def size(self) -> int:
        """A limit or an offset: a u64 with memory64 (the validator bounds it), else a u32."""
        return self.u32("i64 constant out of range", 64) if self.memory64 else self.u32()

    def string(self) -> bytes:
        if self.kind() != STRING:
            self.unexpected()
        try:
            data = decode_string(self.texts[self.pos])
        except ValueError as exc:
            self.fail(str(exc))
        self.pos += 1
        return data

    def name(self) -> str:
        """A string that must be valid UTF-8 (import, export and module names)."""
        if self.kind() != STRING:
            self.unexpected()
        try:
            text = decode_name(self.texts[self.pos])
        except ValueError as exc:
            self.fail(str(exc))
        self.pos += 1
        return text

    def strings(self) -> bytes:
        """A `datastring`: any number of strings, concatenated."""
        parts = []
        while self.kind() == STRING:
            parts.append(self.string())
        return b"".join(parts)

    # --- indices -----------------------------------------------------------------------

    def at_index(self) -> bool:
        kind = self.kind()
        return kind == NUM or kind == ID

    def index(self, space: str) -> int:
        """A numeric index or an identifier of `space`, resolved (spec 6.6.1)."""
        kind = self.kind()
        if kind == NUM:
            return self.u32()
        if kind == ID:
            found = self.ids[space].get(self.texts[self.pos])
            if found is None:
                self.fail(f"unknown {SPACE_WORDS[space]} {self.texts[self.pos]}")
            self.pos += 1
            return found
        self.unexpected()

    def bind(self, space: str, ident: str | None, index: int, at: int) -> None:
        """Record `ident` for `index`; a second definition is "duplicate <space>"."""
        if ident is None:
            return
        table = self.ids[space]
        if ident in table:
            self.fail(f"duplicate {space}", at)
        table[ident] = index

    # --- types (spec 6.4) ---------------------------------------------------------------

    def valtype(self) -> ValType:
        if self.kind() == KEYWORD:
            t = VALTYPES.get(self.texts[self.pos])
            if t is not None:
                self.pos += 1
                return t
        elif self.at_field("ref"):
            return self.ref_form()
        self.unexpected()

    def at_reftype(self) -> bool:
        """At a reference type: a short name (`funcref`) or `(ref ...)`."""
        return (self.kind() == KEYWORD and self.texts[self.pos] in REFTYPES) or self.at_field("ref")

    def reftype(self) -> ValType:
        if self.kind() == KEYWORD:
            t = REFTYPES.get(self.texts[self.pos])
            if t is not None:
                self.pos += 1
                return t
        elif self.at_field("ref"):
            return self.ref_form()
        self.unexpected()

    def ref_form(self):
        """`(ref null? heaptype)` (3.0): FUNCREF/EXTERNREF for the 2.0 types, else a RefType."""
        self.pos += 2
        nullable = self.kind() == KEYWORD and self.texts[self.pos] == "null"
        if nullable:
            self.pos += 1
        heap = self.heap()
        self.expect_rpar()
        return ref_type(nullable, heap)

    def heap(self):
        """A heap type: an abstract one (`func`, `any`, `struct`, ...) as a HeapKind, or a type index."""
        if self.kind() == KEYWORD:
            h = HEAP_BY_TEXT.get(self.texts[self.pos])
            if h is not None:
                self.pos += 1
                return h
            self.unexpected()
        return self.index("type")

    def heaptype(self) -> ValType:
        """The heap type of `ref.null ht`, as the nullable reference type it makes."""
        return ref_type(True, self.heap())

    def storagetype(self):
        """A field's type: a value type or a packed `i8`/`i16` (GC)."""
        if self.kind() == KEYWORD and self.texts[self.pos] in PACKED_BITS:
            self.pos += 1
            return self.texts[self.pos - 1]
        return self.valtype()

    def fieldtype(self) -> FieldType:
        return FieldType(*self.maybe_mutable(self.storagetype))

    def maybe_mutable(self, read) -> tuple:
        """`(mut x)` or `x` (a global's or a field's type), x read by `read`: (x, whether mutable)."""
        if self.at_field("mut"):
            self.pos += 2
            x = read()
            self.expect_rpar()
            return x, True
        return read(), False

    def struct_fields(self, typeidx: int) -> StructType:
        """`(struct (field $f? fieldtype)* ...)`'s fields; names go to `field_ids[typeidx]`."""
        fields: list[FieldType] = []
        names = self.field_ids.setdefault(typeidx, {})
        while self.at_field("field"):
            self.pos += 2
            if self.kind() == ID:
                name_at = self.pos
                name = self.opt_id()
                if name in names:
                    self.fail("duplicate field", name_at)
                names[name] = len(fields)
                fields.append(self.fieldtype())
            else:
                while self.kind() != RPAR:
                    fields.append(self.fieldtype())
            self.expect_rpar()
        return StructType(tuple(fields))

    def comptype(self, typeidx: int):
        """`(func ...)`, `(struct ...)` or `(array fieldtype)` of a type definition."""
        if self.at_field("struct"):
            self.pos += 2
            t = self.struct_fields(typeidx)
            self.expect_rpar()
            return t
        if self.at_field("array"):
            self.pos += 2
            t = ArrayType(self.fieldtype())
            self.expect_rpar()
            return t
        return self.functype_field()

    def subtype(self, typeidx: int):
        """`(sub final? typeidx* comptype)` or a bare comptype (final, no supertypes)."""
        if not self.at_field("sub"):
            return self.comptype(typeidx)
        self.pos += 2
        final = self.kind() == KEYWORD and self.texts[self.pos] == "final"
        if final:
            self.pos += 1
        supers = []
        while self.kind() in (NUM, ID):
            supers.append(self.index("type"))
        comp = self.comptype(typeidx)
        self.expect_rpar()
        return replace(comp, final=final, supers=tuple(supers))

    def params(self, allow_names: bool = True) -> tuple[list[ValType], list[str | None]]:
        """`(param $x t)` and `(param t*)` clauses; their names (None where unnamed)."""
        types: list[ValType] = []
        names: list[str | None] = []
        while self.at_field("param"):
            self.pos += 2
            if self.kind() == ID:
                if not allow_names:
                    self.unexpected()
                ident = self.opt_id()
                types.append(self.valtype())
                names.append(ident)
            else:
                while self.kind() != RPAR:
                    types.append(self.valtype())
                    names.append(None)
            self.expect_rpar()
        return types, names

    def results(self) -> list[ValType]:
        types: list[ValType] = []
        while self.at_field("result"):
            self.pos += 2
            while self.kind() != RPAR:
                types.append(self.valtype())
            self.expect_rpar()
        return types

    def functype_field(self) -> FuncType:
        """`(func (param ...)* (result ...)*)` of a type definition."""
        self.open_field("func")
        self.opt_id()
        params, _ = self.params()
        results = self.results()
        self.expect_rpar()
        return FuncType(tuple(params), tuple(results))

    def type_for(self, functype: FuncType) -> int:
        """The smallest type index of `functype`, appending an implicit type if none (spec 6.6.3)."""
        found = self.type_index.get(functype)
        if found is None:
            found = len(self.module.types)
            self.module.types.append(functype)
            self.type_index[functype] = found
        return found

    def typeuse(self, allow_names: bool = True) -> tuple[int, list[str | None]]:
        """A type use `(type x)? (param ...)* (result ...)*` (spec 6.6.3): a type index and the param names."""
        explicit = None
        at = self.pos
        if self.at_field("type"):
            self.pos += 2
            explicit = self.index("type")
            self.expect_rpar()
        inline_at = self.pos
        params, names = self.params(allow_names)
        results = self.results()
        if self.at_field("param"):
            self.unexpected(self.pos + 1)  # parameters come before results
        if explicit is None:
            return self.type_for(FuncType(tuple(params), tuple(results))), names
        types = self.module.types
        if explicit < len(types) and isinstance(types[explicit], FuncType):
            declared = types[explicit]
            if self.pos != inline_at:
                if (declared.params, declared.results) != (tuple(params), tuple(results)):
                    self.fail("inline function type", at)
            else:
                names = [None] * len(declared.params)
        elif self.pos != inline_at:
            self.fail("unknown type", at)  # an inline type cannot be checked against a missing one
        return explicit, names

    def address_type(self) -> bool:
        """An optional `i32` or `i64` before limits (3.0, memory64 and table64); True for i64."""
        if self.memory64 and self.kind() == KEYWORD and self.texts[self.pos] in ("i32", "i64"):
            self.pos += 1
            return self.texts[self.pos - 1] == "i64"
        return False

    def limits(self, is64: bool = False) -> Limits:
        low = self.size()
        high = self.size() if self.kind() == NUM else None
        return Limits(low, high, is64)

    def tabletype(self) -> TableType:
        limits = self.limits(self.address_type())
        return TableType(limits, self.reftype())

    def memtype(self) -> MemType:
        return MemType(self.limits(self.address_type()))

    def globaltype(self) -> GlobalType:
        return GlobalType(*self.maybe_mutable(self.valtype))
