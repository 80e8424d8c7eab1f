"""Decode the WebAssembly binary format into a `Module` (spec 5.5).

`decode_module(data)` checks the magic and version, reads the sections in
their required order (custom sections anywhere), and raises `MalformedError`
with the spec's wording and the byte offset of the problem.

Like the reference interpreter, reading is not confined to a section's
declared size: a section is decoded from its start and its size is checked
afterwards ("section size mismatch"). That decides which message a broken
binary gets, and the spec tests expect those messages.

Function bodies are checked here but built on first use (`Func.lazy`): the
check reads every instruction and builds nothing, so a module is malformed
or not when `decode_module` returns, with the reference interpreter's
message, and only the bodies someone reads take memory. `check_bodies=False`
skips bodies by their declared size, for tools that show section headers.
"""

from __future__ import annotations

import gc
from array import array
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import partial

from playground.wasm.binary.decode_expr import (
    check_expr,
    decode_expr,
    opcode_tables,
    read_len,
    read_type_at,
)
from playground.wasm.binary.elem_items import ElemItems
from playground.wasm.binary.leb128 import UNEXPECTED_END, read_unsigned
from playground.wasm.binary.names import decode_names
from playground.wasm.errors import MalformedError
from playground.wasm.features import DEFAULT as DEFAULT_FEATURES
from playground.wasm.features import Features
from playground.wasm.model import CustomSection, Data, Elem, Export, Func, Global, Import, Instr, Module, Tag
from playground.wasm.types import (
    ArrayType, ExternKind, FieldType, FuncType, GlobalType, Limits, MemType, StructType, TableType, ValType,
)

MAGIC = b"\x00asm"
_PACKED_BY_CODE = {0x78: "i8", 0x77: "i16"}  # a struct field's or array element's packed type (GC)
VERSION = b"\x01\x00\x00\x00"

# Section ids (spec 5.5.2) and the order in which they must appear.
CUSTOM, TYPE, IMPORT, FUNCTION, TABLE, MEMORY, GLOBAL, EXPORT, START, ELEMENT, CODE, DATA, DATACOUNT = range(13)
TAG = 13  # 3.0, exception handling: between the memory and the global section
SECTION_ORDER = (TYPE, IMPORT, FUNCTION, TABLE, MEMORY, TAG, GLOBAL, EXPORT, START, ELEMENT, DATACOUNT, CODE, DATA)
SECTION_NAMES = {
    CUSTOM: "Custom", TYPE: "Type", IMPORT: "Import", FUNCTION: "Function", TABLE: "Table",
    MEMORY: "Memory", GLOBAL: "Global", EXPORT: "Export", START: "Start", ELEMENT: "Elem",
    CODE: "Code", DATA: "Data", DATACOUNT: "DataCount", TAG: "Tag",
}
_RANK = {sid: i for i, sid in enumerate(SECTION_ORDER)}
_MAX_LOCALS = 1 << 32  # spec 5.5.13: the number of locals must be below 2^32
# An implementation limit (spec appendix A.1 allows them), the JS API's: a body
# declaring more locals than this is refused rather than expanded in memory.
MAX_FUNCTION_LOCALS = 50_000
# Another, also the JS API's: the bytes of one function body. A body of that
# size is about five million instructions and a gigabyte or two once built
# and prepared; a bigger one is refused with this message, not run out of memory.
MAX_FUNCTION_SIZE = 7_654_321
# And the JS API's counts: each function, import, export, global and data segment
# becomes Python objects of a few hundred bytes, so 12 million four-byte functions
# (48 MB) took more memory than the machine had; past these a module is refused.
MAX_FUNCTIONS = (1_000_000, "functions")
MAX_IMPORTS = (100_000, "imports")
MAX_EXPORTS = (100_000, "exports")
MAX_GLOBALS = (1_000_000, "globals")
MAX_DATA_SEGMENTS = (100_000, "data segments")
# Element segments: wasmparser's count (wasmtime's parser), and, over all of them, the
# JS API's 10,000,000 entries of a table initialisation. An entry is kept as its
# offset (elem_items.ElemItems, 4 bytes), so the entries cost at most 40 MB.
MAX_ELEM_SEGMENTS = (100_000, "element segments")
MAX_ELEM_ENTRIES = (10_000_000, "element entries")


def decode_module(
    data: bytes, *, file: str | None = None, check_bodies: bool = True, features: Features = DEFAULT_FEATURES
) -> Module:
    """Decode a binary module; raises `MalformedError` (with `file` and a byte offset) when malformed.

    Function bodies are decoded when first read. With `check_bodies` (the
    default) every body is checked now, so no later read can fail; without
    it bodies are only skipped, and a malformed one raises when it is read.
    `features` (wasm/features.py) decodes as an engine of that profile would: under
    2.0 a tag section, a tag import and a 3.0 instruction's opcode are malformed.
    """
    data = bytes(data)
    with _errors_name(file), _no_cycle_collection():
        try:
            return _ModuleDecoder(data, file, check_bodies, features).module()
        except IndexError:
            raise MalformedError(UNEXPECTED_END, offset=len(data)) from None


@contextmanager
def _errors_name(file: str | None):
    """A MalformedError raised inside names `file` (when it names none yet)."""
    try:
        yield
    except MalformedError as exc:
        if file is not None and exc.file is None:
            exc.file = file
        raise


@contextmanager
def _no_cycle_collection():
    # Decoding allocates millions of small acyclic objects; the cyclic garbage
    # collector would scan them again and again for nothing (2.5x slower), so
    # it pauses meanwhile. Reference counting still frees everything.
    collecting = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if collecting:
            gc.enable()


@dataclass
class _BodySource:
    """What the lazy bodies of one module share: its bytes, its file, and whether it lacks a data count section."""

    data: bytes
    file: str | None
    checked: bool
    no_data_count: bool = False
    tables: tuple | None = None  # decode_expr.opcode_tables: the opcodes of the features on
    # Where each checked function is: its local declarations (equal ones shared) and, three numbers a
    # function in one array, the offsets of its size, of its body and of its end: 20 bytes, not 250.
    entries: list = field(default_factory=list)
    places: array = field(default_factory=lambda: array("Q"))
    built: dict | None = None  # function number -> its (locals, body), built and not yet taken


def _take_body(source: _BodySource, index: int) -> tuple[list, list]:
    """The (locals, body) of function `index` of a checked module: the first read builds them all.

    One pass with the collector paused: built one by one, with the collector
    running between reads, the bodies' millions of objects were scanned again
    and again (2.2x slower; RATIONALE "Compact, lazily decoded bodies").
    """
    if source.built is None:
        places = source.places
        with _no_cycle_collection():
            source.built = {
                i: _decode_body(source, entries, *places[3 * i : 3 * i + 3])
                for i, entries in enumerate(source.entries)
            }
        source.entries, source.places = [], array("Q")
    return source.built.pop(index)


def _decode_body(source: _BodySource, entries: tuple, start: int, at: int, end: int) -> tuple[list, list]:
    """The (locals, body) of a lazy function: its local declarations, and its body from `at` up to `end`."""
    data = source.data
    with _errors_name(source.file), _no_cycle_collection():
        if not source.checked:
            _check_body_size(start, end)
        try:
            body, stop, uses_data = decode_expr(data, at, source.tables)
        except IndexError:
            raise MalformedError(UNEXPECTED_END, offset=len(data)) from None
        if stop != end:
            raise MalformedError("section size mismatch", offset=start)
        if uses_data and source.no_data_count:
            raise MalformedError("data count section required", offset=len(data))
    return [t for n, t in entries for _ in range(n)], body


def _check_body_size(start: int, end: int) -> None:
    if end - start > MAX_FUNCTION_SIZE:
        raise MalformedError(
            f"function body too large: {end - start:,} bytes exceeds this implementation's limit of "
            f"{MAX_FUNCTION_SIZE:,}",
            offset=start,
        )


def _refuse_past(n: int, limit: tuple[int, str], at: int) -> None:
    """`too many functions: N exceeds this implementation's limit of M` when `n` is past `limit`, (most, what)."""
    most, what = limit
    if n > most:
        raise MalformedError(f"too many {what}: {n:,} exceeds this implementation's limit of {most:,}", offset=at)


class _ModuleDecoder:
    """One pass over the bytes; `pos` is always an offset in the whole file."""

    def __init__(self, data: bytes, file: str | None, check_bodies: bool, features: Features = DEFAULT_FEATURES) -> None:
        self.data = data
        self.pos = 0
        self.uses_data_count = False
        self.check_bodies = check_bodies
        self.bodies = _BodySource(data, file, check_bodies, tables=opcode_tables(features.enabled))
        self.local_decls: dict[tuple, tuple] = {}  # each distinct list of local declarations, kept once
        self.elem_entries = 0  # of all element segments so far, against MAX_ELEM_ENTRIES
        self.exceptions = "exceptions" in features  # 3.0: the tag section, tag imports and exports
        self.memory64 = "memory64" in features  # 3.0: 64-bit limits (memories and tables)

    # --- values (spec 5.2) -------------------------------------------------------

    def byte(self) -> int:
        b = self.data[self.pos]
        self.pos += 1
        return b

    def u32(self) -> int:
        value, self.pos = read_unsigned(self.data, self.pos, 32)
        return value

    def length(self) -> int:
        value, self.pos = read_len(self.data, self.pos)
        return value

    def name(self) -> str:
        start = self.pos
        n = self.length()
        raw = self.data[self.pos : self.pos + n]
        if len(raw) < n:
            raise MalformedError(UNEXPECTED_END, offset=len(self.data))
        self.pos += n
        try:
            return raw.decode("utf-8")  # strict: rejects overlongs, surrogates, > U+10FFFF
        except UnicodeDecodeError:
            raise MalformedError("malformed UTF-8 encoding", offset=start) from None

    def valtype(self) -> ValType:
        t, self.pos = read_type_at(self.data, self.pos)
        return t

    def reftype(self) -> ValType:
        t, self.pos = read_type_at(self.data, self.pos, ref_only=True)
        return t

    def vec(self, item, limit: tuple[int, str] | None = None) -> list:
        """A vector of `item()`s; `limit`, (most, what), refuses a longer one before reading it."""
        at = self.pos
        n = self.length()
        if limit is not None:
            _refuse_past(n, limit, at)
        return [item() for _ in range(n)]

    # --- types (spec 5.3) --------------------------------------------------------

    def rec_group(self) -> list:
        """One entry of the type section (3.0): `0x4e vec(subtype)` or a lone subtype."""
        if self.data[self.pos] != 0x4E:
            return [self.subtype()]
        self.pos += 1
        group = self.vec(self.subtype)
        return [replace(t, rec_pos=i, rec_size=len(group)) for i, t in enumerate(group)]

    def subtype(self):
        """`0x50 vec(typeidx) comptype` (open), `0x4f ...` (final) or a bare comptype (final, no supers)."""
        b = self.data[self.pos]
        if b not in (0x50, 0x4F):
            return self.comptype()
        self.pos += 1
        supers = tuple(self.vec(self.u32))
        return replace(self.comptype(), final=b == 0x4F, supers=supers)

    def comptype(self):
        b = self.data[self.pos]
        if b == 0x5F:
            self.pos += 1
            return StructType(tuple(self.vec(self.fieldtype)))
        if b == 0x5E:
            self.pos += 1
            return ArrayType(self.fieldtype())
        return self.functype()

    def fieldtype(self) -> FieldType:
        b = self.data[self.pos]
        if b in _PACKED_BY_CODE:
            self.pos += 1
            storage = _PACKED_BY_CODE[b]
        else:
            storage = self.valtype()
        return FieldType(storage, self.mutability())

    def mutability(self) -> bool:
        """The byte after a global's or a field's type: 0 constant, 1 mutable."""
        mut = self.data[self.pos]
        if mut > 1:
            raise MalformedError("malformed mutability", offset=self.pos)
        self.pos += 1
        return bool(mut)

    def functype(self) -> FuncType:
        b = self.data[self.pos]
        if b != 0x60:
            # A type code is a one-byte s7: a continuation bit makes it too long.
            message = "integer representation too long" if b & 0x80 else "malformed function type"
            raise MalformedError(message, offset=self.pos)
        self.pos += 1
        params = tuple(self.vec(self.valtype))
        results = tuple(self.vec(self.valtype))
        return FuncType(params, results)

    def limits(self) -> Limits:
        if self.memory64:  # 3.0: one flags byte, bit 0 a maximum, bit 2 an i64 address type; sizes u64 then
            at = self.pos
            flag = self.byte()
            if flag not in (0, 1, 4, 5):
                raise MalformedError("malformed limits flags", offset=at)
            read = self.u64 if flag & 4 else self.u32
            minimum = read()
            return Limits(minimum, read() if flag & 1 else None, bool(flag & 4))
        # 2.0: the flag is read as a 1-bit LEB128, as the reference interpreter does:
        # 0x02 is "integer too large", 0x81 0x00 "integer representation too long".
        flag, self.pos = read_unsigned(self.data, self.pos, 1)
        minimum = self.u32()
        return Limits(minimum, self.u32() if flag else None)

    def u64(self) -> int:
        value, self.pos = read_unsigned(self.data, self.pos, 64)
        return value

    def tabletype(self) -> TableType:
        elem = self.reftype()
        return TableType(self.limits(), elem)

    def memtype(self) -> MemType:
        return MemType(self.limits())

    def globaltype(self) -> GlobalType:
        t = self.valtype()
        return GlobalType(t, self.mutability())

    def table_section(self, m: Module) -> None:
        """Table types; (3.0) `0x40 0x00 tabletype expr` is a table with an initial value."""
        m.tables = []
        for _ in range(self.length()):
            if self.data[self.pos] == 0x40:
                if self.data[self.pos + 1] != 0:
                    raise MalformedError("malformed table", offset=self.pos + 1)
                self.pos += 2
                m.tables.append(self.tabletype())
                m.table_inits[len(m.tables) - 1] = self.expr()
            else:
                m.tables.append(self.tabletype())

    def expr(self) -> list[Instr]:
        body, self.pos, uses_data = decode_expr(self.data, self.pos, self.bodies.tables)
        self.uses_data_count |= uses_data
        return body

    # --- sections (spec 5.5) -----------------------------------------------------

    def module(self) -> Module:
        data = self.data
        if len(data) < 4:
            raise MalformedError("unexpected end", offset=len(data))
        if data[:4] != MAGIC:
            raise MalformedError("magic header not detected", offset=0)
        if len(data) < 8:
            raise MalformedError("unexpected end", offset=len(data))
        if data[4:8] != VERSION:
            raise MalformedError("unknown binary version", offset=4)
        self.pos = 8

        m = Module()
        func_types: list[int] = []
        codes: list[Func] = []
        seen_names = False
        last_id = CUSTOM
        last_rank = -1
        while self.pos < len(data):
            section_start = self.pos
            sid = data[self.pos]
            if sid > TAG or (sid == TAG and not self.exceptions):
                raise MalformedError("malformed section id", offset=self.pos)
            if sid != CUSTOM:
                rank = _RANK[sid]
                if rank <= last_rank:  # out of order, or a second section with this id
                    raise MalformedError("unexpected content after last section", offset=section_start)
                last_rank, last_id = rank, sid
            self.pos += 1
            size = self.length()
            start = self.pos

            if sid == CUSTOM:
                custom = self.custom(start, size, last_id)
                m.customs.append(custom)
                if custom.name == "name" and not seen_names:
                    seen_names = True
                    m.names = decode_names(custom.data)
            elif sid == TYPE:
                m.types = [t for group in self.vec(self.rec_group) for t in group]
            elif sid == IMPORT:
                m.imports = self.vec(self.import_, MAX_IMPORTS)
            elif sid == FUNCTION:
                func_types = self.vec(self.u32, MAX_FUNCTIONS)
            elif sid == TABLE:
                self.table_section(m)
            elif sid == MEMORY:
                m.mems = self.vec(self.memtype)
            elif sid == TAG:
                m.tags = self.vec(self.tag)
            elif sid == GLOBAL:
                m.globals = self.vec(self.global_, MAX_GLOBALS)
            elif sid == EXPORT:
                m.exports = self.vec(self.export, MAX_EXPORTS)
            elif sid == START:
                m.start = self.u32()
            elif sid == ELEMENT:
                m.elems = self.vec(self.elem, MAX_ELEM_SEGMENTS)
            elif sid == DATACOUNT:
                m.datacount = self.u32()
            elif sid == CODE:
                codes = self.vec(self.code, MAX_FUNCTIONS)
            elif sid == DATA:
                m.datas = self.vec(self.data_segment, MAX_DATA_SEGMENTS)
            if self.pos != start + size:
                raise MalformedError("section size mismatch", offset=start)

        # Checks that need the whole module, in the reference interpreter's order.
        if len(func_types) != len(codes):
            raise MalformedError("function and code section have inconsistent lengths", offset=len(data))
        if m.datacount is not None and m.datacount != len(m.datas):
            raise MalformedError("data count and data section have inconsistent lengths", offset=len(data))
        if m.datacount is None and self.uses_data_count:
            raise MalformedError("data count section required", offset=len(data))
        self.bodies.no_data_count = m.datacount is None
        for func, typeidx in zip(codes, func_types):
            func.typeidx = typeidx
        m.funcs = codes
        return m

    def custom(self, start: int, size: int, after: int) -> CustomSection:
        name = self.name()
        rest = size - (self.pos - start)
        if rest < 0:
            raise MalformedError(UNEXPECTED_END, offset=self.pos)
        payload = self.data[self.pos : self.pos + rest]
        self.pos += rest
        return CustomSection(name, payload, after)

    def import_(self) -> Import:
        module = self.name()
        name = self.name()
        kind_pos = self.pos
        kind = self.byte()
        if kind == 0:
            return Import(module, name, ExternKind.FUNC, self.u32())
        if kind == 1:
            return Import(module, name, ExternKind.TABLE, self.tabletype())
        if kind == 2:
            return Import(module, name, ExternKind.MEMORY, self.memtype())
        if kind == 3:
            return Import(module, name, ExternKind.GLOBAL, self.globaltype())
        if kind == 4 and self.exceptions:
            return Import(module, name, ExternKind.TAG, self.tagtype())
        raise MalformedError("malformed import kind", offset=kind_pos)

    def tagtype(self) -> int:
        """`0x00 typeidx` (3.0): the attribute byte (0: an exception) and the tag's function type."""
        if self.byte() != 0:
            raise MalformedError("malformed tag attribute", offset=self.pos - 1)
        return self.u32()

    def tag(self) -> Tag:
        return Tag(self.tagtype())

    def global_(self) -> Global:
        t = self.globaltype()
        return Global(t, self.expr())

    def export(self) -> Export:
        name = self.name()
        kind_pos = self.pos
        kind = self.byte()
        if kind > 4 or (kind == 4 and not self.exceptions):
            raise MalformedError("malformed export kind", offset=kind_pos)
        return Export(name, ExternKind(kind), self.u32())

    def code(self) -> Func:
        size_pos = self.pos
        size = self.length()
        start = self.pos
        entries = []
        total = 0
        for _ in range(self.length()):
            n = self.u32()
            entries.append((n, self.valtype()))
            total += n
        if total >= _MAX_LOCALS:
            raise MalformedError("too many locals", offset=start)
        if total > MAX_FUNCTION_LOCALS:
            raise MalformedError(
                f"too many locals: {total} exceeds this implementation's limit of {MAX_FUNCTION_LOCALS}", offset=start
            )
        at, end = self.pos, start + size
        if self.check_bodies:
            _check_body_size(start, end)
            self.pos, uses_data = check_expr(self.data, at, self.bodies.tables)
            self.uses_data_count |= uses_data
            if self.pos != end:
                raise MalformedError("section size mismatch", offset=start)
            bodies = self.bodies
            entries = tuple(entries)
            bodies.entries.append(self.local_decls.setdefault(entries, entries))
            bodies.places.extend((start, at, end))
            return Func.lazy(0, partial(_take_body, bodies, len(bodies.entries) - 1), offset=size_pos)
        if at > end:
            raise MalformedError("section size mismatch", offset=start)
        self.pos = end
        return Func.lazy(0, partial(_decode_body, self.bodies, tuple(entries), start, at, end), offset=size_pos)

    def elem(self) -> Elem:
        flags_pos = self.pos
        flags = self.u32()
        if flags > 7:
            raise MalformedError("malformed elements segment kind", offset=flags_pos)
        mode = "passive" if flags & 1 and not flags & 2 else "declarative" if flags & 1 else "active"
        table, offset = 0, None
        if mode == "active":
            if flags & 2:
                table = self.u32()
            offset = self.expr()
        if flags & 4:  # expressions
            elem_type = self.reftype() if flags & 3 else ValType.FUNCREF
        else:  # function indices
            if flags & 3:
                kind_pos = self.pos
                if self.byte() != 0x00:
                    raise MalformedError("malformed element kind", offset=kind_pos)
            elem_type = ValType.FUNCREF
        init = self.elem_items(indices=not flags & 4)
        return Elem(elem_type, init, mode, table, offset, flags=flags, indices=not flags & 4)

    def elem_items(self, indices: bool) -> ElemItems:
        """A segment's vector of function indices or of constant expressions: each checked, only its offset kept."""
        at = self.pos
        n = self.length()
        self.elem_entries += n
        _refuse_past(self.elem_entries, MAX_ELEM_ENTRIES, at)
        starts = array("I" if len(self.data) <= 0xFFFF_FFFF else "Q")
        for _ in range(n):
            starts.append(self.pos)
            if indices:
                self.u32()
            else:
                self.pos, uses_data = check_expr(self.data, self.pos, self.bodies.tables)
                self.uses_data_count |= uses_data
        return ElemItems(self.data, starts, indices, self.bodies.tables)

    def data_segment(self) -> Data:
        flags_pos = self.pos
        flags = self.u32()
        if flags > 2:
            raise MalformedError("malformed data segment kind", offset=flags_pos)
        if flags == 1:
            return Data(self.bytes_(), "passive", flags=flags)
        memory = self.u32() if flags == 2 else 0
        offset = self.expr()
        return Data(self.bytes_(), "active", memory, offset, flags=flags)

    def bytes_(self) -> bytes:
        n = self.length()
        raw = self.data[self.pos : self.pos + n]
        if len(raw) < n:
            raise MalformedError(UNEXPECTED_END, offset=len(self.data))
        self.pos += n
        return raw
