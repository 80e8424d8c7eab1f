"""The one place that turns runtime values into text for people (CLI, debugger, GUI).

Runtime representation (see exec/): i32/i64 are unsigned ints, f32/f64 are raw
IEEE 754 bit patterns, v128 is a 128-bit unsigned int (lane 0 in the low
bits), references are None (null) or objects.
"""

from __future__ import annotations

import struct

from playground.wasm.types import ValType

_BITS = {ValType.I32: 32, ValType.I64: 64, ValType.F32: 32, ValType.F64: 64, ValType.V128: 128}


def to_signed(value: int, bits: int) -> int:
    """Read an unsigned `bits`-wide int as two's complement."""
    return value - (1 << bits) if value >> (bits - 1) else value


def f32_from_bits(bits: int) -> float:
    return struct.unpack("<f", struct.pack("<I", bits & 0xFFFFFFFF))[0]


def f64_from_bits(bits: int) -> float:
    return struct.unpack("<d", struct.pack("<Q", bits & 0xFFFFFFFFFFFFFFFF))[0]


def _shortest_f32(x: float) -> str:
    """The shortest decimal that reads back as the same f32."""
    for precision in range(1, 10):
        text = f"{x:.{precision}g}"
        if struct.unpack("<f", struct.pack("<f", float(text)))[0] == x:
            return text
    return repr(x)


def _format_float(bits: int, width: int) -> str:
    exponent_bits, mantissa_bits = (8, 23) if width == 32 else (11, 52)
    sign = "-" if bits >> (width - 1) else ""
    exponent = (bits >> mantissa_bits) & ((1 << exponent_bits) - 1)
    mantissa = bits & ((1 << mantissa_bits) - 1)
    if exponent == (1 << exponent_bits) - 1:
        if mantissa == 0:
            return f"{sign}inf"
        canonical = 1 << (mantissa_bits - 1)
        return f"{sign}nan" if mantissa == canonical else f"{sign}nan:0x{mantissa:x}"
    value = f32_from_bits(bits) if width == 32 else f64_from_bits(bits)
    if value == 0:
        return f"{sign}0"
    if width == 32:
        return _shortest_f32(value)
    text = repr(value)
    return text[:-2] if text.endswith(".0") else text


def format_value(valtype: ValType, value, *, hex: bool = False) -> str:
    """A value as people read it: `-5`, `0xfffffffb`, `1.5`, `nan:0x200000`, `null`, `func 3`."""
    if valtype in (ValType.I32, ValType.I64):
        bits = _BITS[valtype]
        return f"0x{value:0{bits // 4}x}" if hex else str(to_signed(value, bits))
    if valtype in (ValType.F32, ValType.F64):
        bits = _BITS[valtype]
        return f"0x{value:0{bits // 4}x}" if hex else _format_float(value, bits)
    if valtype is ValType.V128:
        if hex:
            return "0x" + value.to_bytes(16, "little")[::-1].hex()
        lanes = [(value >> (32 * i)) & 0xFFFFFFFF for i in range(4)]
        return "i32x4 " + " ".join(f"0x{lane:08x}" for lane in lanes)
    if value is None:
        return "null"
    describe = getattr(value, "describe", None)
    return describe() if callable(describe) else str(value)


def format_result_line(valtype: ValType, value) -> str:
    """One result as `wasm-playground run` prints it (as `wasmtime run --invoke` does)."""
    return format_value(valtype, value)

