"""Value semantics of the numeric instructions (spec 4.3): the `NUMERIC` table.

Representation (the contract with the executors):
- i32 / i64: Python ints, unsigned canonical (0 <= v < 2**32 / 2**64);
- f32 / f64: the raw IEEE 754 bit pattern as an unsigned int (floats.py).

`NUMERIC[name]` is a pure function of the operands in stack order (the first
pushed comes first) returning the result, or raising `Trap` with the spec's
words ("integer divide by zero", "integer overflow", "invalid conversion to
integer"). It covers every i32.* / i64.* / f32.* / f64.* instruction except
the constants, loads and stores. The hot integer operators are tiny lambdas
so that an executor may also copy them inline.
"""

from __future__ import annotations

from typing import Callable

from playground.wasm.errors import Trap
from playground.wasm.exec import conversions as cv
from playground.wasm.exec import floats as fl
from playground.wasm.exec.floats import (  # noqa: F401  (re-exported helpers)
    f32_from_bits,
    f32_to_bits,
    f64_from_bits,
    f64_to_bits,
    is_arithmetic_nan,
    is_canonical_nan,
    is_nan,
)

M32 = 0xFFFF_FFFF
M64 = 0xFFFF_FFFF_FFFF_FFFF
_S32 = 0x8000_0000
_S64 = 0x8000_0000_0000_0000

_DIV_ZERO = "integer divide by zero"
_OVERFLOW = "integer overflow"


def to_signed(value: int, bits: int) -> int:
    """The two's-complement signed reading of an unsigned `bits`-wide int."""
    return value - (1 << bits) if value >> (bits - 1) & 1 else value


def to_unsigned(value: int, bits: int) -> int:
    """The unsigned canonical form of any int, wrapped to `bits` bits."""
    return value & ((1 << bits) - 1)


# --- division (spec 4.3.2 idiv / irem) ---------------------------------------


def i32_div_s(a: int, b: int) -> int:
    if b == 0:
        raise Trap(_DIV_ZERO)
    if a == _S32 and b == M32:
        raise Trap(_OVERFLOW)  # -2**31 / -1 does not fit
    x = a - 0x1_0000_0000 if a & _S32 else a
    y = b - 0x1_0000_0000 if b & _S32 else b
    q = abs(x) // abs(y)  # truncate toward zero, unlike Python's //
    return (-q if (x < 0) != (y < 0) else q) & M32


def i32_div_u(a: int, b: int) -> int:
    if b == 0:
        raise Trap(_DIV_ZERO)
    return a // b


def i32_rem_s(a: int, b: int) -> int:
    if b == 0:
        raise Trap(_DIV_ZERO)
    x = a - 0x1_0000_0000 if a & _S32 else a
    y = b - 0x1_0000_0000 if b & _S32 else b
    r = abs(x) % abs(y)  # the remainder takes the dividend's sign
    return (-r if x < 0 else r) & M32


def i32_rem_u(a: int, b: int) -> int:
    if b == 0:
        raise Trap(_DIV_ZERO)
    return a % b


def i64_div_s(a: int, b: int) -> int:
    if b == 0:
        raise Trap(_DIV_ZERO)
    if a == _S64 and b == M64:
        raise Trap(_OVERFLOW)
    x = a - 0x1_0000_0000_0000_0000 if a & _S64 else a
    y = b - 0x1_0000_0000_0000_0000 if b & _S64 else b
    q = abs(x) // abs(y)
    return (-q if (x < 0) != (y < 0) else q) & M64


def i64_div_u(a: int, b: int) -> int:
    if b == 0:
        raise Trap(_DIV_ZERO)
    return a // b


def i64_rem_s(a: int, b: int) -> int:
    if b == 0:
        raise Trap(_DIV_ZERO)
    x = a - 0x1_0000_0000_0000_0000 if a & _S64 else a
    y = b - 0x1_0000_0000_0000_0000 if b & _S64 else b
    r = abs(x) % abs(y)
    return (-r if x < 0 else r) & M64


def i64_rem_u(a: int, b: int) -> int:
    if b == 0:
        raise Trap(_DIV_ZERO)
    return a % b


# --- bit counting and shifts -------------------------------------------------


def _ctz32(a: int) -> int:
    return (a & -a).bit_length() - 1 if a else 32


def _ctz64(a: int) -> int:
    return (a & -a).bit_length() - 1 if a else 64


def _shr_s32(a: int, b: int) -> int:
    return ((a - 0x1_0000_0000 if a & _S32 else a) >> (b & 31)) & M32


def _shr_s64(a: int, b: int) -> int:
    return ((a - 0x1_0000_0000_0000_0000 if a & _S64 else a) >> (b & 63)) & M64


def _rotl32(a: int, b: int) -> int:
    k = b & 31
    return ((a << k) | (a >> (32 - k))) & M32


def _rotr32(a: int, b: int) -> int:
    k = b & 31
    return ((a >> k) | (a << (32 - k))) & M32


def _rotl64(a: int, b: int) -> int:
    k = b & 63
    return ((a << k) | (a >> (64 - k))) & M64


def _rotr64(a: int, b: int) -> int:
    k = b & 63
    return ((a >> k) | (a << (64 - k))) & M64


# Signed comparisons flip the sign bit: that maps signed order onto unsigned order.
_INT32: dict[str, Callable] = {
    "i32.eqz": lambda a: 1 if a == 0 else 0,
    "i32.eq": lambda a, b: 1 if a == b else 0,
    "i32.ne": lambda a, b: 1 if a != b else 0,
    "i32.lt_s": lambda a, b: 1 if a ^ _S32 < b ^ _S32 else 0,
    "i32.lt_u": lambda a, b: 1 if a < b else 0,
    "i32.gt_s": lambda a, b: 1 if a ^ _S32 > b ^ _S32 else 0,
    "i32.gt_u": lambda a, b: 1 if a > b else 0,
    "i32.le_s": lambda a, b: 1 if a ^ _S32 <= b ^ _S32 else 0,
    "i32.le_u": lambda a, b: 1 if a <= b else 0,
    "i32.ge_s": lambda a, b: 1 if a ^ _S32 >= b ^ _S32 else 0,
    "i32.ge_u": lambda a, b: 1 if a >= b else 0,
    "i32.clz": lambda a: 32 - a.bit_length(),
    "i32.ctz": _ctz32,
    "i32.popcnt": lambda a: a.bit_count(),
    "i32.add": lambda a, b: (a + b) & M32,
    "i32.sub": lambda a, b: (a - b) & M32,
    "i32.mul": lambda a, b: (a * b) & M32,
    "i32.div_s": i32_div_s,
    "i32.div_u": i32_div_u,
    "i32.rem_s": i32_rem_s,
    "i32.rem_u": i32_rem_u,
    "i32.and": lambda a, b: a & b,
    "i32.or": lambda a, b: a | b,
    "i32.xor": lambda a, b: a ^ b,
    "i32.shl": lambda a, b: (a << (b & 31)) & M32,
    "i32.shr_s": _shr_s32,
    "i32.shr_u": lambda a, b: a >> (b & 31),
    "i32.rotl": _rotl32,
    "i32.rotr": _rotr32,
    "i32.extend8_s": lambda a: (a & 0xFF) - 0x100 & M32 if a & 0x80 else a & 0xFF,
    "i32.extend16_s": lambda a: (a & 0xFFFF) - 0x1_0000 & M32 if a & 0x8000 else a & 0xFFFF,
}

_INT64: dict[str, Callable] = {
    "i64.eqz": lambda a: 1 if a == 0 else 0,
    "i64.eq": lambda a, b: 1 if a == b else 0,
    "i64.ne": lambda a, b: 1 if a != b else 0,
    "i64.lt_s": lambda a, b: 1 if a ^ _S64 < b ^ _S64 else 0,
    "i64.lt_u": lambda a, b: 1 if a < b else 0,
    "i64.gt_s": lambda a, b: 1 if a ^ _S64 > b ^ _S64 else 0,
    "i64.gt_u": lambda a, b: 1 if a > b else 0,
    "i64.le_s": lambda a, b: 1 if a ^ _S64 <= b ^ _S64 else 0,
    "i64.le_u": lambda a, b: 1 if a <= b else 0,
    "i64.ge_s": lambda a, b: 1 if a ^ _S64 >= b ^ _S64 else 0,
    "i64.ge_u": lambda a, b: 1 if a >= b else 0,
    "i64.clz": lambda a: 64 - a.bit_length(),
    "i64.ctz": _ctz64,
    "i64.popcnt": lambda a: a.bit_count(),
    "i64.add": lambda a, b: (a + b) & M64,
    "i64.sub": lambda a, b: (a - b) & M64,
    "i64.mul": lambda a, b: (a * b) & M64,
    "i64.div_s": i64_div_s,
    "i64.div_u": i64_div_u,
    "i64.rem_s": i64_rem_s,
    "i64.rem_u": i64_rem_u,
    "i64.and": lambda a, b: a & b,
    "i64.or": lambda a, b: a | b,
    "i64.xor": lambda a, b: a ^ b,
    "i64.shl": lambda a, b: (a << (b & 63)) & M64,
    "i64.shr_s": _shr_s64,
    "i64.shr_u": lambda a, b: a >> (b & 63),
    "i64.rotl": _rotl64,
    "i64.rotr": _rotr64,
    "i64.extend8_s": lambda a: (a & 0xFF) - 0x100 & M64 if a & 0x80 else a & 0xFF,
    "i64.extend16_s": lambda a: (a & 0xFFFF) - 0x1_0000 & M64 if a & 0x8000 else a & 0xFFFF,
    "i64.extend32_s": lambda a: (a & M32) - 0x1_0000_0000 & M64 if a & _S32 else a & M32,
    "i32.wrap_i64": lambda a: a & M32,
    "i64.extend_i32_s": lambda a: a | 0xFFFF_FFFF_0000_0000 if a & _S32 else a,
    "i64.extend_i32_u": lambda a: a,
}


def _float_ops(prefix: str) -> dict[str, Callable]:
    names = "abs neg ceil floor trunc nearest sqrt add sub mul div min max copysign eq ne lt gt le ge"
    return {f"{prefix}.{n}": getattr(fl, f"{prefix}_{n}") for n in names.split()}


def _identity(a: int) -> int:
    return a


_CONVERSIONS: dict[str, Callable] = {
    name: getattr(cv, name.replace(".", "_"))
    for name in """
        i32.trunc_f32_s i32.trunc_f32_u i32.trunc_f64_s i32.trunc_f64_u
        i64.trunc_f32_s i64.trunc_f32_u i64.trunc_f64_s i64.trunc_f64_u
        i32.trunc_sat_f32_s i32.trunc_sat_f32_u i32.trunc_sat_f64_s i32.trunc_sat_f64_u
        i64.trunc_sat_f32_s i64.trunc_sat_f32_u i64.trunc_sat_f64_s i64.trunc_sat_f64_u
        f32.convert_i32_s f32.convert_i32_u f32.convert_i64_s f32.convert_i64_u
        f64.convert_i32_s f64.convert_i32_u f64.convert_i64_s f64.convert_i64_u
        f32.demote_f64 f64.promote_f32
    """.split()
}
# Values are bit patterns already, so reinterpretation changes nothing.
_CONVERSIONS.update(
    {
        "i32.reinterpret_f32": _identity,
        "i64.reinterpret_f64": _identity,
        "f32.reinterpret_i32": _identity,
        "f64.reinterpret_i64": _identity,
    }
)

NUMERIC: dict[str, Callable] = {**_INT32, **_INT64, **_float_ops("f32"), **_float_ops("f64"), **_CONVERSIONS}
"""Every numeric instruction that is not a constant, load or store, by its text name."""
