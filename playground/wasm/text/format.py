"""One instruction in text form (spec 6.5), shared by the disassembler, objdump and the GUI.

`format_instr(instr, names, func_index)` prints the instruction's name and
immediates as the text format writes them; with `names` (a `model.Names`)
indices of functions, locals, globals, types and struct fields appear as
`$name` where the name is a valid identifier, else as numbers
(`struct.get $node $next`, `(ref null $node)`; `type_text` for types alone). Floats print exactly (the shortest
decimal that reads back to the same bits, `nan:0x..` payloads kept), so the
text always reassembles to the same instruction.
"""

from __future__ import annotations

import re

from playground.wasm.model import Instr, Names
from playground.wasm.text.floats import F32, F64, format_float
from playground.wasm.types import HeapKind, RefType, ValType, heap_of

_ID_BODY = re.compile(r"[0-9A-Za-z!#$%&'*+\-./:<=>?@\\^_`|~]+")

# imm kind -> (Names attribute) for the kinds that hold one index
_SPACES = {"func": "funcs", "global": "globals", "table": "tables", "elem": "elems", "data": "datas", "tag": "tags"}


def is_valid_id(name: str) -> bool:
    """True when `$name` is a valid text-format identifier (spec 6.3.5)."""
    return bool(_ID_BODY.fullmatch(name))


def _named(name: str | None, index: int) -> str:
    """`$name` where the name is a valid identifier, else the index."""
    return f"${name}" if name and is_valid_id(name) else str(index)


def _ref(names: Names | None, space: str, index: int) -> str:
    return _named(getattr(names, space).get(index) if names is not None else None, index)


def _local(names: Names | None, func_index: int | None, index: int) -> str:
    known = names is not None and func_index is not None
    return _named(names.locals.get(func_index, {}).get(index) if known else None, index)


def field_ref(names: Names | None, typeidx: int, fieldidx: int) -> str:
    """A struct field as an immediate: `$next`, or its index."""
    return _named(names.field_name(typeidx, fieldidx) if names is not None else None, fieldidx)


def type_text(t, names: Names | None = None, *, heap=None) -> str:
    """A value, field or storage type as text, type indices by name: `(ref null $node)`, `(mut i8)`, `i32`.

    `heap` (optional) turns any heap type into text instead of `names`: the debugger's
    canonical types (deftypes.DefType) need the instance to find their index."""
    if isinstance(t, ValType):
        return t.value
    if isinstance(t, RefType):
        if t.nullable and isinstance(t.heap, HeapKind):
            return str(t)
        heap_text = heap(t.heap) if heap is not None else _ref(names, "types", t.heap) if isinstance(t.heap, int) else str(t.heap)
        return f"(ref {'null ' if t.nullable else ''}{heap_text})"
    storage = getattr(t, "storage", None)
    if storage is not None:  # a FieldType
        text = type_text(storage, names, heap=heap)
        return f"(mut {text})" if t.mutable else text
    return str(t)


def format_blocktype(bt, names: Names | None = None) -> str:
    """The text of a block type immediate: "", "(result t)" or "(type N)"."""
    if bt is None:
        return ""
    if not isinstance(bt, int):  # a value type, (ref ...) included
        return f"(result {type_text(bt, names)})"
    return f"(type {_ref(names, 'types', bt)})"


def format_v128(value: int) -> str:
    """`i32x4 0x... 0x... 0x... 0x...`: exact, lane 0 first."""
    lanes = [(value >> (32 * i)) & 0xFFFFFFFF for i in range(4)]
    return "i32x4 " + " ".join(f"0x{lane:08x}" for lane in lanes)


def format_memarg(natural: int | None, align: int, offset: int) -> str:
    parts = []
    if offset:
        parts.append(f"offset={offset}")
    if natural is None or align != natural:
        parts.append(f"align={1 << align}")
    return " ".join(parts)


# imm kind -> its text, for the kinds whose text depends on the immediates alone
_BY_VALUE = {
    "label": lambda imm: str(imm[0]),
    "lane": lambda imm: str(imm[0]),
    "i32": lambda imm: str(imm[0]),
    "i64": lambda imm: str(imm[0]),
    "f32": lambda imm: format_float(imm[0], F32),
    "f64": lambda imm: format_float(imm[0], F64),
    "v128": lambda imm: format_v128(imm[0]),
    "br_table": lambda imm: " ".join(str(x) for x in (*imm[0], imm[1])),
    "shuffle": lambda imm: " ".join(str(x) for x in imm[0]),
}

# imm kind -> its text, for the kinds that name types (3.0: typed references and GC)
_WITH_NAMES = {
    "reftype": lambda imm, names: _heap(names, heap_of(imm[0])),
    "select_t": lambda imm, names: f"(result {' '.join(type_text(t, names) for t in imm[0])})",
    "reftype_cast": lambda imm, names: type_text(imm[0], names),
    "br_on_cast": lambda imm, names: f"{imm[0]} {type_text(imm[1], names)} {type_text(imm[2], names)}",
    "type": lambda imm, names: _ref(names, "types", imm[0]),
    "type_field": lambda imm, names: f"{_ref(names, 'types', imm[0])} {field_ref(names, imm[0], imm[1])}",
    "type_n": lambda imm, names: f"{_ref(names, 'types', imm[0])} {imm[1]}",
    "type_data": lambda imm, names: f"{_ref(names, 'types', imm[0])} {_ref(names, 'datas', imm[1])}",
    "type_elem": lambda imm, names: f"{_ref(names, 'types', imm[0])} {_ref(names, 'elems', imm[1])}",
    "type_type": lambda imm, names: f"{_ref(names, 'types', imm[0])} {_ref(names, 'types', imm[1])}",
}


def _heap(names: Names | None, heap) -> str:
    return _ref(names, "types", heap) if isinstance(heap, int) else str(heap)


def format_immediates(instr: Instr, names: Names | None = None, func_index: int | None = None) -> str:
    """The immediates of `instr` as text ("" when it has none)."""
    op, imm = instr.op, instr.imm
    kind = op.imm
    if kind == "none":
        return ""
    if kind in ("mem0", "mem0_mem0"):  # 3.0: the memory indices, when not all 0
        return " ".join(_ref(names, "memories", x) for x in imm)
    if kind == "memory_init":  # `memory.init memidx? dataidx`
        data = _ref(names, "datas", imm[0])
        return f"{_ref(names, 'memories', imm[1])} {data}" if len(imm) > 1 else data
    by_value = _BY_VALUE.get(kind)
    if by_value is not None:
        return by_value(imm)
    with_names = _WITH_NAMES.get(kind)
    if with_names is not None:
        return with_names(imm, names)
    if kind == "blocktype" or kind == "try_table":
        label = f"{instr.label} " if instr.label and is_valid_id(instr.label[1:]) else ""
        text = (label + format_blocktype(imm[0], names)).strip()
        if kind == "try_table":  # 3.0: the catch clauses, labels counted from outside the try_table
            clauses = [f"({c.name}{'' if c.tag is None else ' ' + _ref(names, 'tags', c.tag)} {c.label})" for c in imm[1]]
            text = " ".join([text, *clauses]).strip()
        return text
    if kind in _SPACES:
        return _ref(names, _SPACES[kind], imm[0])
    if kind == "table":
        return _ref(names, "tables", imm[0])
    if kind == "local":
        return _local(names, func_index, imm[0])
    if kind == "call_indirect":
        typeidx, table = imm
        prefix = f"{_ref(names, 'tables', table)} " if table else ""
        return f"{prefix}(type {_ref(names, 'types', typeidx)})"
    if kind == "table_copy":
        return f"{_ref(names, 'tables', imm[0])} {_ref(names, 'tables', imm[1])}"
    if kind == "table_init":
        return f"{_ref(names, 'tables', imm[1])} {_ref(names, 'elems', imm[0])}"
    if kind == "memarg":  # `memidx? memarg`
        memory = [_ref(names, "memories", imm[2])] if len(imm) > 2 else []
        return " ".join([*memory, format_memarg(op.align, imm[0], imm[1])]).strip()
    if kind == "memarg_lane":  # `memidx? memarg lane`
        memory = [_ref(names, "memories", imm[3])] if len(imm) > 3 else []
        return " ".join(x for x in [*memory, format_memarg(op.align, imm[0], imm[1]), str(imm[2])] if x)
    return " ".join(str(x) for x in imm)


def format_instr(instr: Instr, names: Names | None = None, func_index: int | None = None) -> str:
    """One instruction in text form, e.g. `i32.load offset=4`, `call $fib`, `f32.const 0.1`."""
    immediates = format_immediates(instr, names, func_index)
    return f"{instr.op.name} {immediates}" if immediates else instr.op.name


MAX_INDENT_LEVELS = 40  # deeper blocks print at this indentation: 100,000 nested blocks stay linear in size


def indentation(depth: int, unit: str = "  ") -> str:
    """The indentation of an instruction at block `depth`, capped at MAX_INDENT_LEVELS."""
    return unit * min(depth, MAX_INDENT_LEVELS)
