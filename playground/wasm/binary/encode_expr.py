"""Encode instructions (spec 5.4): the inverse of `decode_expr`, with minimal LEB128 everywhere."""

from __future__ import annotations

from playground.wasm.binary.leb128 import U_SMALL, encode_signed, encode_unsigned
from playground.wasm.bits import to_signed  # wraps: both spellings of an iN constant encode as the signed one
from playground.wasm.errors import WasmError
from playground.wasm.instructions import OPS
from playground.wasm.model import Instr
from playground.wasm.types import HeapKind, RefType, ValType, heap_of, is_nullable

_OPCODE = {op: op.opcode_bytes for op in OPS}
_GC_KINDS = frozenset(("type", "type_field", "type_n", "type_data", "type_elem", "type_type", "reftype_cast",
                       "br_on_cast"))


class EncodeError(WasmError):
    """A model that cannot be written: an immediate of the wrong shape."""


def _u(value: int) -> bytes:
    return U_SMALL[value] if 0 <= value < 256 else encode_unsigned(value)


def heaptype_bytes(heap) -> bytes:
    """A heap type (3.0): an abstract one's byte, or a type index as an s33."""
    return bytes([heap.code]) if isinstance(heap, HeapKind) else encode_signed(heap)


def valtype_bytes(t) -> bytes:
    """A value type: its byte, or (3.0) 0x63/0x64 and a heap type for `(ref null? ht)`; the nullable
    abstract types have one-byte short forms (funcref 0x70, anyref 0x6e, ...) as WABT writes them."""
    if not isinstance(t, RefType):
        return bytes([t.code])
    if t.nullable and isinstance(t.heap, HeapKind):
        return bytes([t.heap.code])
    return bytes([t.code]) + heaptype_bytes(t.heap)


def _gc_immediates(kind: str, imm: tuple, out: bytearray) -> None:
    """The 3.0 immediate kinds of instructions.py (the decoder's `_gc_imm`, inverted)."""
    if kind == "reftype_cast":
        out += heaptype_bytes(imm[0].heap if isinstance(imm[0], RefType) else heap_of(imm[0]))
    elif kind == "br_on_cast":
        label, rt1, rt2 = imm
        out.append(int(is_nullable(rt1)) | int(is_nullable(rt2)) << 1)
        out += _u(label) + heaptype_bytes(heap_of(rt1)) + heaptype_bytes(heap_of(rt2))
    else:  # type indices and counts
        for x in imm:
            out += _u(x)


def _memarg(imm: tuple, before: int, out: bytearray) -> None:
    """align and offset; a memory index other than 0 (after `before` immediates, 3.0) sets the flags' bit 6."""
    if len(imm) > before and imm[before]:
        out += _u(imm[0] | 0x40) + _u(imm[before]) + _u(imm[1])
    else:
        out += _u(imm[0]) + _u(imm[1])


def encode_instr(instr: Instr, out: bytearray) -> None:
    """Append one instruction's bytes to `out`."""
    op = instr.op
    imm = instr.imm
    out += _OPCODE[op]
    kind = op.imm
    try:
        if kind == "none":
            if imm:
                raise ValueError("no immediates expected")
            return
        if kind in ("local", "label", "func", "global", "table", "elem", "data", "tag"):
            out += _u(imm[0])
        elif kind == "i32":
            out += encode_signed(to_signed(imm[0], 32))
        elif kind == "memarg":
            _memarg(imm, 2, out)
        elif kind == "blocktype" or kind == "try_table":
            bt = imm[0]
            if bt is None:
                out.append(0x40)
            elif not isinstance(bt, int):
                out += valtype_bytes(bt)
            else:
                out += encode_signed(bt)  # s33 (spec 5.4.1)
            if kind == "try_table":  # 3.0: vec(catch), each its kind, tag (catch, catch_ref) and label
                out += _u(len(imm[1]))
                for catch in imm[1]:
                    out.append(catch.kind)
                    out += (b"" if catch.tag is None else _u(catch.tag)) + _u(catch.label)
        elif kind == "i64":
            out += encode_signed(to_signed(imm[0], 64))
        elif kind == "f32":
            out += imm[0].to_bytes(4, "little")
        elif kind == "f64":
            out += imm[0].to_bytes(8, "little")
        elif kind == "br_table":
            labels, default = imm
            out += _u(len(labels))
            for label in labels:
                out += _u(label)
            out += _u(default)
        elif kind in ("call_indirect", "table_copy", "table_init"):
            out += _u(imm[0]) + _u(imm[1])
        elif kind == "mem0":
            out += _u(imm[0]) if imm else b"\x00"  # 2.0's reserved byte is memory index 0
        elif kind == "mem0_mem0":
            out += _u(imm[0]) + _u(imm[1]) if imm else b"\x00\x00"
        elif kind == "memory_init":
            out += _u(imm[0])
            out += _u(imm[1]) if len(imm) > 1 else b"\x00"
        elif kind == "v128":
            out += imm[0].to_bytes(16, "little")
        elif kind == "lane":
            out.append(imm[0])
        elif kind == "memarg_lane":
            _memarg(imm, 3, out)
            out.append(imm[2])
        elif kind == "shuffle":
            out += bytes(imm[0])
        elif kind == "reftype":
            out += heaptype_bytes(heap_of(imm[0]))
        elif kind == "select_t":
            out += _u(len(imm[0]))
            for t in imm[0]:
                out += valtype_bytes(t)
        elif kind in _GC_KINDS:
            _gc_immediates(kind, imm, out)
        else:
            raise EncodeError(f"cannot encode immediates of kind {kind!r}")
    except (IndexError, TypeError, ValueError, AttributeError, OverflowError) as exc:
        raise EncodeError(
            f"cannot encode {op.name} with immediates {imm!r}: {exc}",
            span=instr.span,
            offset=instr.offset,
        ) from None


def encode_expr(instrs: list[Instr], out: bytearray) -> None:
    """Append a flat instruction list (which already ends with its `end`)."""
    for instr in instrs:
        encode_instr(instr, out)
