"""Encode a `Module` in the binary format (spec 5.5).

Canonical choices, the same as WABT's `wat2wasm`: sections in the required
order and only when non-empty, minimal LEB128 encodings, a data count section
when the module had one or uses `memory.init`/`data.drop`, and for element and
data segments the encoding (`flags`) they were decoded from, or else the one
WABT picks. Custom sections are re-emitted after the section they followed.
"""

from __future__ import annotations

from playground.wasm.binary.decode import (
    CODE, CUSTOM, DATA, DATACOUNT, ELEMENT, EXPORT, FUNCTION, GLOBAL, IMPORT, MAGIC, MEMORY,
    SECTION_ORDER, START, TABLE, TAG, TYPE, VERSION,
)
from playground.wasm.binary.encode_expr import EncodeError, encode_expr, valtype_bytes
from playground.wasm.binary.leb128 import encode_unsigned
from playground.wasm.binary.names import encode_names
from playground.wasm.instructions import BY_CODE, BY_PREFIXED, PREFIX_GC, PREFIX_MISC
from playground.wasm.model import Data, Elem, Module
from playground.wasm.types import ArrayType, StructType
from playground.wasm.types import ExternKind, GlobalType, Limits, MemType, TableType, ValType

_REF_FUNC, _END = BY_CODE[0xD2], BY_CODE[0x0B]
_DATA_OPS = (BY_PREFIXED[(PREFIX_MISC, 8)], BY_PREFIXED[(PREFIX_MISC, 9)],  # memory.init, data.drop,
             BY_PREFIXED[(PREFIX_GC, 9)], BY_PREFIXED[(PREFIX_GC, 18)])  # array.new_data, array.init_data

u = encode_unsigned
_PACKED_CODES = {"i8": 0x78, "i16": 0x77}  # a field's packed storage type (GC)


def _name(text: str) -> bytes:
    raw = text.encode("utf-8")
    return u(len(raw)) + raw


def _vec(items, encode_item) -> bytes:
    out = bytearray(u(len(items)))
    for item in items:
        encode_item(item, out)
    return bytes(out)


def _limits(limits: Limits, out: bytearray) -> None:
    """The flags (bit 0: a maximum; bit 2, 3.0: an i64 address type), the minimum, and the maximum."""
    flags = (limits.max is not None) | limits.is64 << 2
    out.append(flags)
    out += u(limits.min)
    if limits.max is not None:
        out += u(limits.max)


def _tabletype(t: TableType, out: bytearray) -> None:
    out += valtype_bytes(t.elem)
    _limits(t.limits, out)


def _globaltype(t: GlobalType, out: bytearray) -> None:
    out += valtype_bytes(t.valtype)
    out.append(1 if t.mutable else 0)


def uses_data_count(module: Module) -> bool:
    """True when a function uses `memory.init` or `data.drop` (they need a data count section)."""
    return any(instr.op in _DATA_OPS for func in module.funcs for instr in func.body)


def _is_func_index_form(elem: Elem) -> bool:
    """Whether every item is `(ref.func x)`, so the segment fits the function-index encodings."""
    return elem.type is ValType.FUNCREF and all(
        len(item) == 2 and item[0].op is _REF_FUNC and item[1].op is _END for item in elem.init
    )


def elem_flags(elem: Elem) -> int:
    """The encoding of an element segment (spec 5.5.12): its recorded `flags` when they fit, or WABT's choice.

    Bit 0: passive or declarative; bit 1: explicit table index (active) or
    declarative; bit 2: items are expressions rather than function indices.
    """
    index_form = _is_func_index_form(elem)
    expr_bit = 0 if index_form else 4
    if elem.mode == "passive":
        chosen = 1 | expr_bit
    elif elem.mode == "declarative":
        chosen = 3 | expr_bit
    else:
        explicit = elem.table != 0 or elem.type is not ValType.FUNCREF
        chosen = (2 if explicit else 0) | expr_bit
    flags = elem.flags
    if flags is None or not 0 <= flags <= 7 or (not flags & 4 and not index_form):
        return chosen
    if elem.mode == "active":
        fits = not flags & 1 and (flags & 2 or (elem.table == 0 and elem.type is ValType.FUNCREF))
    else:
        fits = flags & 3 == chosen & 3
    return flags if fits else chosen


def data_flags(data: Data) -> int:
    """The encoding of a data segment (spec 5.5.14): its recorded `flags`, or WABT's choice."""
    if data.mode == "passive":
        return 1
    if data.flags == 2 or data.memory != 0:
        return 2
    return 0


def _elem(elem: Elem, out: bytearray) -> None:
    flags = elem_flags(elem)
    out += u(flags)
    if flags & 1 == 0:  # active
        if flags & 2:
            out += u(elem.table)
        encode_expr(elem.offset, out)
    if flags & 4:
        if flags & 3:
            out += valtype_bytes(elem.type)
        out += u(len(elem.init))
        for item in elem.init:
            encode_expr(item, out)
    else:
        if flags & 3:
            out.append(0x00)  # elemkind funcref
        out += u(len(elem.init))
        for item in elem.init:
            out += u(item[0].imm[0])


def _data(data: Data, out: bytearray) -> None:
    flags = data_flags(data)
    out += u(flags)
    if flags == 2:
        out += u(data.memory)
    if flags != 1:
        encode_expr(data.offset, out)
    out += u(len(data.init)) + data.init


def _code(func, out: bytearray) -> None:
    body = bytearray()
    # Runs of equal types are compressed into (count, type) entries.
    runs: list[list] = []
    for t in func.locals:
        if runs and runs[-1][1] == t:
            runs[-1][0] += 1
        else:
            runs.append([1, t])
    body += u(len(runs))
    for count, t in runs:
        body += u(count)
        body += valtype_bytes(t)
    encode_expr(func.body, body)
    out += u(len(body)) + body


def _import(imp, out: bytearray) -> None:
    out += _name(imp.module) + _name(imp.name)
    out.append(imp.kind.value)
    if imp.kind is ExternKind.FUNC:
        out += u(imp.desc)
    elif imp.kind is ExternKind.TABLE:
        _tabletype(imp.desc, out)
    elif imp.kind is ExternKind.MEMORY:
        _limits(imp.desc.limits if isinstance(imp.desc, MemType) else imp.desc, out)
    elif imp.kind is ExternKind.TAG:
        out.append(0)  # the attribute: an exception
        out += u(imp.desc)
    else:
        _globaltype(imp.desc, out)


def _storage(storage, mutable: bool, out: bytearray) -> None:
    out += bytes([_PACKED_CODES[storage]]) if storage in _PACKED_CODES else valtype_bytes(storage)
    out.append(int(mutable))


def _comptype(t, out: bytearray) -> None:
    """A function, struct or array type (3.0, 5.3.6), its `sub` prefix when it is not a plain final type."""
    if t.supers or not t.final:
        out.append(0x4F if t.final else 0x50)
        out += u(len(t.supers)) + b"".join(u(s) for s in t.supers)
    if isinstance(t, StructType):
        out.append(0x5F)
        out += u(len(t.fields))
        for f in t.fields:
            _storage(f.storage, f.mutable, out)
    elif isinstance(t, ArrayType):
        out.append(0x5E)
        _storage(t.element.storage, t.element.mutable, out)
    else:
        out.append(0x60)
        out += u(len(t.params)) + b"".join(valtype_bytes(p) for p in t.params)
        out += u(len(t.results)) + b"".join(valtype_bytes(r) for r in t.results)


def _type_section(types) -> bytes:
    """Recursive groups (3.0): `0x4e vec(subtype)` for a `(rec ...)`, a lone type as itself."""
    groups, i = [], 0
    while i < len(types):
        size = max(1, types[i].rec_size)
        groups.append(types[i : i + size])
        i += size

    def group(g, out):
        if len(g) > 1 or g[0].rec_size > 1:
            out.append(0x4E)
            out += u(len(g))
        for t in g:
            _comptype(t, out)

    return _vec(groups, group)


def _section_contents(module: Module, sid: int) -> bytes | None:
    """The contents of one section, or None when the module needs no such section."""
    m = module
    if sid == TYPE and m.types:
        return _type_section(m.types)
    if sid == IMPORT and m.imports:
        return _vec(m.imports, _import)
    if sid == FUNCTION and m.funcs:
        return _vec(m.funcs, lambda f, out: out.extend(u(f.typeidx)))
    if sid == TABLE and m.tables:
        def table(item, out):
            i, t = item
            init = m.table_inits.get(i)
            if init is not None:  # 3.0: a table with an initial value
                out += b"\x40\x00"
            _tabletype(t, out)
            if init is not None:
                encode_expr(init, out)
        return _vec(list(enumerate(m.tables)), table)
    if sid == MEMORY and m.mems:
        return _vec(m.mems, lambda mem, out: _limits(mem.limits, out))
    if sid == TAG and m.tags:
        return _vec(m.tags, lambda tag, out: out.extend(b"\x00" + u(tag.typeidx)))
    if sid == GLOBAL and m.globals:
        def global_(g, out):
            _globaltype(g.type, out)
            encode_expr(g.init, out)
        return _vec(m.globals, global_)
    if sid == EXPORT and m.exports:
        def export(e, out):
            out += _name(e.name)
            out.append(e.kind.value)
            out += u(e.index)
        return _vec(m.exports, export)
    if sid == START and m.start is not None:
        return u(m.start)
    if sid == ELEMENT and m.elems:
        return _vec(m.elems, _elem)
    if sid == DATACOUNT and (m.datacount is not None or uses_data_count(m)):
        return u(len(m.datas))
    if sid == CODE and m.funcs:
        return _vec(m.funcs, _code)
    if sid == DATA and m.datas:
        return _vec(m.datas, _data)
    return None


def _section(sid: int, contents: bytes, out: bytearray) -> None:
    out.append(sid)
    out += u(len(contents))
    out += contents


def encode_module(module: Module, *, names: bool = False) -> bytes:
    """The binary encoding of `module`.

    `names=True` appends a `name` section built from `module.names` when the
    module has no stored one (a decoded `name` section is re-emitted as is).
    Raises `EncodeError` when an instruction's immediates do not fit its kind.
    """
    out = bytearray(MAGIC + VERSION)
    customs: dict[int, list] = {}
    for custom in module.customs:
        after = custom.after if custom.after in SECTION_ORDER or custom.after == CUSTOM else DATA
        customs.setdefault(after, []).append(custom)

    def emit_customs(after: int) -> None:
        for custom in customs.get(after, ()):
            _section(CUSTOM, _name(custom.name) + custom.data, out)

    emit_customs(CUSTOM)
    for sid in SECTION_ORDER:
        contents = _section_contents(module, sid)
        if contents is not None:
            _section(sid, contents, out)
        emit_customs(sid)
    if names and not any(c.name == "name" for c in module.customs):
        payload = encode_names(module.names, module.num_imported_funcs + len(module.funcs))
        _section(CUSTOM, _name("name") + payload, out)
    return bytes(out)


__all__ = ["encode_module", "elem_flags", "data_flags", "uses_data_count", "EncodeError"]
