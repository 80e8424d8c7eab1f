"""Encode instructions (spec 5.4): the inverse of `decode_expr`, with minimal LEB128 everywhere."""

from __future__ import annotations

from playground.wasm.binary.leb128 import U_SMALL, encode_signed, encode_unsigned
from playground.wasm.bits import to_signed  # wraps: both spellings of an iN constant encode as the signed one
from playground.wasm.errors import WasmError
from playground.wasm.instructions import OPS
from playground.wasm.model import Instr
from playground.wasm.types import ValType

_OPCODE = {op: op.opcode_bytes for op in OPS}


class EncodeError(WasmError):
    """A model that cannot be written: an immediate of the wrong shape."""


def _u(value: int) -> bytes:
    return U_SMALL[value] if 0 <= value < 256 else encode_unsigned(value)


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
            out += _u(imm[0]) + _u(imm[1])
        elif kind == "blocktype" or kind == "try_table":
            bt = imm[0]
            if bt is None:
                out.append(0x40)
            elif isinstance(bt, ValType):
                out.append(bt.code)
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
            out.append(0)
        elif kind == "mem0_mem0":
            out += b"\x00\x00"
        elif kind == "memory_init":
            out += _u(imm[0])
            out.append(0)
        elif kind == "v128":
            out += imm[0].to_bytes(16, "little")
        elif kind == "lane":
            out.append(imm[0])
        elif kind == "memarg_lane":
            out += _u(imm[0]) + _u(imm[1])
            out.append(imm[2])
        elif kind == "shuffle":
            out += bytes(imm[0])
        elif kind == "reftype":
            out.append(imm[0].code)
        elif kind == "select_t":
            out += _u(len(imm[0]))
            out += bytes(t.code for t in imm[0])
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
