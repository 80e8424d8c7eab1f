"""Decode instruction sequences: function bodies and constant expressions (spec 5.4).

The result is the model's flat list of `Instr`, ending with the `end` that
closes the expression. Every instruction records `offset` (its first opcode
byte, in the whole file) and `length` (its bytes, immediates included).

Reading is not bounded by the enclosing section, as in the reference
interpreter: an expression that runs past its declared size is reported by
the caller as "section size mismatch", one that runs past the end of the
file as "unexpected end of section or function". That makes our messages
match the spec tests' expectations exactly.

The loop is the decoder's hot path: opcodes are dispatched through tables
built once from `instructions.py`, and one-byte LEB128 values are read inline.

Bodies can be millions of instructions, so each costs as little as Python
allows (about 120 bytes, RATIONALE "Compact, lazily decoded bodies"): the
immediates that recur (small indices and constants, one-byte memargs, block
types) are shared tuples made once, not one tuple per instruction; and
`check_expr` runs the same loop without building anything, so a module can be
checked whole while its bodies are built only when someone reads them.
"""

from __future__ import annotations

from playground.wasm.binary.leb128 import UNEXPECTED_END, read_signed, read_unsigned
from playground.wasm.errors import MalformedError
from playground.wasm.instructions import BY_CODE, BY_PREFIXED, OPS, PREFIX_GC, PREFIX_MISC, PREFIX_SIMD, OpInfo
from playground.wasm.instructions import Catch
from playground.wasm.model import Instr
from playground.wasm.types import HEAP_BY_CODE, ValType, ref_type

# Immediate kinds as small ints, in rough order of frequency. Index immediates
# share one kind; `end`, `else` and `data.drop` get their own so that the hot
# loop tests each instruction against as few kinds as possible.
(
    K_NONE, K_INDEX, K_I32, K_END, K_MEMARG, K_BLOCKTYPE, K_I64, K_F32, K_F64, K_ELSE,
    K_BR_TABLE, K_PAIR, K_MEM0, K_V128, K_LANE, K_MEMARG_LANE, K_SHUFFLE, K_DATA,
    K_MEMORY_INIT, K_MEM0_MEM0, K_REFTYPE, K_SELECT_T, K_GC,
) = range(23)
KIND_IDS = {
    "none": K_NONE, "local": K_INDEX, "label": K_INDEX, "func": K_INDEX, "global": K_INDEX,
    "table": K_INDEX, "elem": K_INDEX, "data": K_DATA, "i32": K_I32, "memarg": K_MEMARG,
    "blocktype": K_BLOCKTYPE, "i64": K_I64, "f32": K_F32, "f64": K_F64, "br_table": K_BR_TABLE,
    "call_indirect": K_PAIR, "table_copy": K_PAIR, "table_init": K_PAIR, "mem0": K_MEM0,
    "v128": K_V128, "lane": K_LANE, "memarg_lane": K_MEMARG_LANE, "shuffle": K_SHUFFLE,
    "memory_init": K_MEMORY_INIT, "mem0_mem0": K_MEM0_MEM0, "reftype": K_REFTYPE, "select_t": K_SELECT_T,
    "type": K_GC, "type_field": K_GC, "type_n": K_GC, "type_data": K_GC, "type_elem": K_GC, "type_type": K_GC,
    "reftype_cast": K_GC, "br_on_cast": K_GC,
}
KIND_IDS["tag"] = K_INDEX  # 3.0, throw
KIND_IDS["try_table"] = K_BLOCKTYPE  # 3.0: a block type, then the catch clauses (`_with_catches`)
if set(KIND_IDS) != {o.imm for o in OPS}:  # pragma: no cover - a new kind in instructions.py
    raise ImportError("instructions.py has an immediate kind the binary decoder does not know")


def _kind(o: OpInfo) -> int:
    if o.name == "end":
        return K_END
    if o.name == "else":
        return K_ELSE
    return KIND_IDS[o.imm]


_SINGLE: list[tuple[OpInfo, int] | None] = [None] * 256
for _code, _op in BY_CODE.items():
    _SINGLE[_code] = (_op, _kind(_op))
_PREFIXED: dict[int, dict[int, tuple[OpInfo, int]]] = {PREFIX_GC: {}, PREFIX_MISC: {}, PREFIX_SIMD: {}}
for (_prefix, _sub), _op in BY_PREFIXED.items():
    _PREFIXED[_prefix][_sub] = (_op, _kind(_op))

_OP_IF, _OP_ELSE, _OP_END = BY_CODE[0x04], BY_CODE[0x05], BY_CODE[0x0B]
_OP_TRY_TABLE = BY_CODE[0x1F]
_IF, _ELSE = 1, 2  # markers on the control stack; other blocks push 0

VALTYPE_BY_CODE = {t.code: t for t in ValType}
REFTYPE_BY_CODE = {t.code: t for t in ValType if t.is_ref}
# 3.0: the short codes of the nullable abstract reference types (anyref 0x6e, ...), 0x63/0x64 heaptype
for _code, _heap in HEAP_BY_CODE.items():
    REFTYPE_BY_CODE.setdefault(_code, ref_type(True, _heap))
    VALTYPE_BY_CODE.setdefault(_code, REFTYPE_BY_CODE[_code])

# Shared immediates, indexed by the immediate's one encoded byte: a u32 index
# (0..127), an s32 constant (0x00..0x7f read as -64..63), a lane, a value or
# reference type, a memarg of one-byte align and offset (filled on first use).
_U8 = [(b,) for b in range(256)]
_S7 = [(b if b < 0x40 else b - 0x80,) for b in range(0x80)]
_BLOCK_EMPTY = (None,)
_VALTYPE_IMM = {code: (t,) for code, t in VALTYPE_BY_CODE.items()}
_MEMARG_SMALL: list[tuple[int, int] | None] = [None] * (32 * 128)


def illegal(opcode: int, sub: int | None = None) -> str:
    """The message for an opcode the table does not know."""
    return f"illegal opcode 0x{opcode:02x}" if sub is None else f"illegal opcode 0x{opcode:02x} {sub}"


def _bad_type(data: bytes, pos: int, message: str) -> MalformedError:
    # Type codes are one-byte s7 values: a continuation bit makes the encoding too long.
    return MalformedError("integer representation too long" if data[pos] & 0x80 else message, offset=pos)


def read_valtype(data: bytes, pos: int) -> ValType:
    t = VALTYPE_BY_CODE.get(data[pos])
    if t is None:
        raise _bad_type(data, pos, "malformed value type")
    return t


def read_reftype(data: bytes, pos: int) -> ValType:
    t = REFTYPE_BY_CODE.get(data[pos])
    if t is None:
        raise _bad_type(data, pos, "malformed reference type")
    return t


def read_heaptype(data: bytes, pos: int, message: str = "malformed heap type") -> tuple[object, int]:
    """A heap type (3.0): an s33, negative for an abstract one (its one-byte code), else a type index."""
    x, end = read_signed(data, pos, 33)
    if x >= 0:
        return x, end
    heap = HEAP_BY_CODE.get(x & 0x7F) if end == pos + 1 else None
    if heap is None:
        raise MalformedError(message, offset=pos)
    return heap, end


def read_type_at(data: bytes, pos: int, ref_only: bool = False) -> tuple[object, int]:
    """A value type (or with `ref_only` a reference type) and the position after it:
    one byte, or 0x63/0x64 and a heap type for `(ref null? ht)` (3.0)."""
    b = data[pos]
    if b == 0x63 or b == 0x64:
        heap, end = read_heaptype(data, pos + 1)
        return ref_type(b == 0x63, heap), end
    return (read_reftype if ref_only else read_valtype)(data, pos), pos + 1


def _gc_imm(kind: str, data: bytes, pos: int) -> tuple[tuple, int]:
    """The immediates of the 3.0 kinds (instructions.py): type indices, heap types, br_on_cast's flags."""
    if kind == "reftype_cast":  # the opcode says whether it is nullable; the caller fixes that
        heap, pos = read_heaptype(data, pos)
        return (heap,), pos
    if kind == "br_on_cast":
        flags = data[pos]
        if flags > 3:
            raise MalformedError("malformed br_on_cast flags", offset=pos)
        label, pos = read_unsigned(data, pos + 1, 32)
        h1, pos = read_heaptype(data, pos)
        h2, pos = read_heaptype(data, pos)
        return (label, ref_type(bool(flags & 1), h1), ref_type(bool(flags & 2), h2)), pos
    x, pos = read_unsigned(data, pos, 32)
    if kind == "type":
        return (x,), pos
    y, pos = read_unsigned(data, pos, 32)
    return (x, y), pos


def read_len(data: bytes, pos: int) -> tuple[int, int]:
    """A vector length or byte count: a u32 that cannot exceed the bytes left."""
    n, end = read_unsigned(data, pos, 32)
    if n > len(data) - pos:
        raise MalformedError("length out of bounds", offset=pos)
    return n, end


def _zero(data: bytes, pos: int) -> int:
    """A reserved zero byte (memory index 0 in 2.0); one byte, not a LEB128."""
    if data[pos] != 0:
        raise MalformedError("zero byte expected", offset=pos)
    return pos + 1


def _memarg(data: bytes, pos: int, multi: bool = True, wide: bool = True) -> tuple[int, int, int, int]:
    """memarg = flags:u32 memidx:u32? offset:u64 -> (align, offset, memory index, position after).

    3.0 (`multi`, multiple memories): flags 64..127 say a memory index follows and
    the alignment is flags - 64; 128 and more are malformed. 2.0: the alignment is
    the flags and 32 or more is malformed. The offset is a u64 with memory64
    (`wide`), a u32 in 2.0.
    """
    b = data[pos]
    if b < 0x80:
        align, p = b, pos + 1
    else:
        align, p = read_unsigned(data, pos, 32)
    memidx = 0
    if align >= (128 if multi else 32):
        raise MalformedError("malformed memop flags", offset=pos)
    if align >= 64:
        memidx, p = read_unsigned(data, p, 32)
        align -= 64
    b = data[p]
    if b < 0x80:
        return align, b, memidx, p + 1
    offset, p = read_unsigned(data, p, 64 if wide else 32)
    return align, offset, memidx, p


def _memarg_imm(data: bytes, pos: int, multi: bool, wide: bool) -> tuple[tuple, int]:
    """A memarg immediate, shared when align and offset are one byte each (most are);
    `(align, offset)` for memory 0, `(align, offset, memidx)` for another memory."""
    b = data[pos]
    if b < 0x20:
        c = data[pos + 1]
        if c < 0x80:
            key = b << 7 | c
            imm = _MEMARG_SMALL[key]
            if imm is None:
                imm = _MEMARG_SMALL[key] = (b, c)
            return imm, pos + 2
    align, offset, memidx, pos = _memarg(data, pos, multi, wide)
    return ((align, offset, memidx) if memidx else (align, offset)), pos


def _memories(data: bytes, pos: int, count: int, multi: bool) -> tuple[tuple, int]:
    """The memory indices of memory.size/grow/fill (1), memory.copy (2) and memory.init (1):
    () when all are 0. 2.0 (not `multi`) has reserved zero bytes in their place."""
    if not multi:
        for _ in range(count):
            pos = _zero(data, pos)
        return (), pos
    indices = []
    for _ in range(count):
        x, pos = read_unsigned(data, pos, 32)
        indices.append(x)
    return (() if not any(indices) else tuple(indices)), pos


def _with_catches(imm: tuple, data: bytes, pos: int) -> tuple[tuple, int]:
    """try_table's immediates (3.0): its block type `imm`, then `vec(catch)` read at `pos`."""
    n, pos = read_len(data, pos)
    catches = []
    for _ in range(n):
        kind_at, kind = pos, data[pos]
        pos += 1
        if kind > 3:
            raise MalformedError("malformed catch clause", offset=kind_at)
        tag = None
        if kind < 2:  # catch and catch_ref name a tag
            tag, pos = read_unsigned(data, pos, 32)
        label, pos = read_unsigned(data, pos, 32)
        catches.append(Catch(kind, tag, label))
    return (imm[0], tuple(catches)), pos


_TABLES_BY_FEATURES: dict[tuple, tuple] = {}
_ALL_TABLES = (_SINGLE, _PREFIXED, True, True)


def opcode_tables(enabled: frozenset) -> tuple | None:
    """What the loop decodes under the proposals `enabled` (None: all of 3.0): the opcode tables without
    the instructions of the proposals left off (their opcodes are then "illegal", as in a 2.0 decoder),
    whether memory indices follow memory instructions (multi-memory) and offsets are u64 (memory64)."""
    left_off = {o.feature for o in OPS if o.feature and o.feature not in enabled}
    multi, wide = "multi-memory" in enabled, "memory64" in enabled
    if not left_off and multi and wide:
        return None
    key = (frozenset(left_off), multi, wide)
    if key not in _TABLES_BY_FEATURES:
        single = [None if e is None or e[0].feature in left_off else e for e in _SINGLE]
        prefixed = {p: {s: e for s, e in subs.items() if e[0].feature not in left_off} for p, subs in _PREFIXED.items()}
        _TABLES_BY_FEATURES[key] = single, prefixed, multi, wide
    return _TABLES_BY_FEATURES[key]


def decode_expr(data: bytes, pos: int, tables: tuple | None = None) -> tuple[list[Instr], int, bool]:
    """Decode instructions from `pos` through the `end` that closes the expression.

    Returns the instructions, the position after the final `end`, and whether
    `memory.init` or `data.drop` occurred (they require a data count section).
    `tables` (from `opcode_tables`) leaves some proposals' instructions out.
    """
    out: list[Instr] = []
    end, uses_data = _run(data, pos, out.append, tables)
    return out, end, uses_data


def check_expr(data: bytes, pos: int, tables: tuple | None = None) -> tuple[int, bool]:
    """What `decode_expr` returns but the instructions: the same checks, nothing built."""
    return _run(data, pos, None, tables)


def _run(data: bytes, pos: int, append, tables: tuple | None) -> tuple[int, bool]:
    try:
        return _decode(data, pos, append, tables)
    except IndexError:
        raise MalformedError(UNEXPECTED_END, offset=len(data)) from None


def _decode(data: bytes, pos: int, append, tables: tuple | None = None) -> tuple[int, bool]:
    """The loop: each instruction goes to `append` as an `Instr`, or nowhere when `append` is None."""
    build = append is not None
    single, prefixes, multi, wide = tables or _ALL_TABLES
    new = Instr
    ctrl = bytearray()  # one byte per open block: deep nesting costs little
    uses_data = False
    while True:
        start = pos
        code = data[pos]
        pos += 1
        entry = single[code]
        if entry is None:
            prefixed = prefixes.get(code)
            if prefixed is None:
                raise MalformedError(illegal(code), offset=start)
            b = data[pos]
            if b < 0x80:
                sub, pos = b, pos + 1
            else:
                sub, pos = read_unsigned(data, pos, 32)
            entry = prefixed.get(sub)
            if entry is None:
                raise MalformedError(illegal(code, sub), offset=start)
        op, kind = entry

        if kind == K_NONE:
            if build:
                append(new(op, (), None, start, pos - start))
            continue
        if kind == K_INDEX:
            b = data[pos]
            if b < 0x80:
                imm, pos = _U8[b], pos + 1
            else:
                x, pos = read_unsigned(data, pos, 32)
                imm = (x,)
        elif kind == K_I32 or kind == K_I64:
            b = data[pos]
            if b < 0x80:
                imm, pos = _S7[b], pos + 1
            else:
                x, pos = read_signed(data, pos, 32 if kind == K_I32 else 64)
                imm = (x,)
        elif kind == K_END:
            if build:
                append(new(op, (), None, start, 1))
            if not ctrl:
                return pos, uses_data
            ctrl.pop()
            continue
        elif kind == K_MEMARG:
            imm, pos = _memarg_imm(data, pos, multi, wide)
        elif kind == K_BLOCKTYPE:
            b = data[pos]
            if b == 0x40:
                imm, pos = _BLOCK_EMPTY, pos + 1
            elif b == 0x63 or b == 0x64:  # (ref null? ht), 3.0
                t, pos = read_type_at(data, pos)
                imm = (t,)
            elif b & 0xC0 == 0x40:
                imm = _VALTYPE_IMM.get(b)
                if imm is None:
                    read_valtype(data, pos)  # raises the message for this byte
                pos += 1
            else:
                x, p = read_signed(data, pos, 33)
                if x < 0:
                    raise MalformedError("malformed block type", offset=pos)
                imm, pos = (x,), p
            ctrl.append(_IF if op is _OP_IF else 0)
            if op is _OP_TRY_TABLE:
                imm, pos = _with_catches(imm, data, pos)
        elif kind == K_F32:
            if pos + 4 > len(data):
                raise IndexError
            imm, pos = (int.from_bytes(data[pos : pos + 4], "little"),), pos + 4
        elif kind == K_F64:
            if pos + 8 > len(data):
                raise IndexError
            imm, pos = (int.from_bytes(data[pos : pos + 8], "little"),), pos + 8
        elif kind == K_ELSE:
            if not ctrl or ctrl[-1] != _IF:
                raise MalformedError("END opcode expected", offset=start)
            ctrl[-1] = _ELSE
            imm = ()
        elif kind == K_BR_TABLE:
            n, pos = read_len(data, pos)
            labels = []
            for _ in range(n):
                x, pos = read_unsigned(data, pos, 32)
                labels.append(x)
            default, pos = read_unsigned(data, pos, 32)
            imm = (tuple(labels), default)
        elif kind == K_PAIR:  # call_indirect, table.copy, table.init: two u32
            x, pos = read_unsigned(data, pos, 32)
            y, pos = read_unsigned(data, pos, 32)
            imm = (x, y)
        elif kind == K_MEM0:
            imm, pos = _memories(data, pos, 1, multi)
        elif kind == K_V128:
            if pos + 16 > len(data):
                raise IndexError
            imm, pos = (int.from_bytes(data[pos : pos + 16], "little"),), pos + 16
        elif kind == K_LANE:
            imm, pos = _U8[data[pos]], pos + 1
        elif kind == K_MEMARG_LANE:
            align, offset, memidx, pos = _memarg(data, pos, multi, wide)
            imm, pos = ((align, offset, data[pos], memidx) if memidx else (align, offset, data[pos])), pos + 1
        elif kind == K_SHUFFLE:
            if pos + 16 > len(data):
                raise IndexError
            imm, pos = (tuple(data[pos : pos + 16]),), pos + 16
        elif kind == K_DATA:  # data.drop
            x, pos = read_unsigned(data, pos, 32)
            imm = (x,)
            uses_data = True
        elif kind == K_MEMORY_INIT:
            x, pos = read_unsigned(data, pos, 32)
            memories, pos = _memories(data, pos, 1, multi)
            imm = (x, *memories)
            uses_data = True
        elif kind == K_MEM0_MEM0:
            imm, pos = _memories(data, pos, 2, multi)
        elif kind == K_REFTYPE:  # ref.null: a heap type (3.0), funcref/externref for func and extern
            heap, pos = read_heaptype(data, pos, "malformed reference type")
            imm = (ref_type(True, heap),)
        elif kind == K_GC:
            imm, pos = _gc_imm(op.imm, data, pos)
            if op.imm == "reftype_cast":
                imm = (ref_type(op.sub in (21, 23), imm[0]),)
            elif op.imm == "type_data":
                uses_data = True
        elif kind == K_SELECT_T:
            n, pos = read_len(data, pos)
            types = []
            for _ in range(n):
                t, pos = read_type_at(data, pos)
                types.append(t)
            imm = (tuple(types),)
        else:  # pragma: no cover - every kind is handled above
            raise MalformedError(f"unsupported immediate kind {op.imm}", offset=start)
        if build:
            append(new(op, imm, None, start, pos - start))
