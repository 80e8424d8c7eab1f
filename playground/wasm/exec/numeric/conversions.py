"""Conversions between integers and floats, on raw bit patterns (spec 4.3.4).

Integers are unsigned canonical ints (i32: 0 <= v < 2**32, i64: < 2**64);
floats are bit patterns, as in floats.py.

- trunc traps: "invalid conversion to integer" for NaN, "integer overflow"
  when the truncated value does not fit (infinities included).
- trunc_sat saturates instead, and NaN gives 0.
- convert rounds to nearest even, once: an i64 going to f32 is rounded
  directly from the exact integer, never through f64 (that could round twice).
- demote rounds to nearest even; promote is exact; both quiet a NaN and keep
  its sign and (top of the) payload.
"""

from __future__ import annotations

from typing import NamedTuple

from playground.wasm.errors import Trap
from playground.wasm.exec.numeric.floats import (
    F32_ABS,
    F32_INF,
    F32_SIGN,
    F64_ABS,
    F64_INF,
    demote_nan,
    f32_from_bits,
    f32_to_bits,
    f64_from_bits,
    f64_to_bits,
    promote_nan,
)

_INVALID = "invalid conversion to integer"
_OVERFLOW = "integer overflow"

_M32 = 0xFFFF_FFFF
_M64 = 0xFFFF_FFFF_FFFF_FFFF


# --- truncation (spec 4.3.4 trunc, trunc_sat) -------------------------------


class _IntegerRange(NamedTuple):
    """Where a truncated float lands in one integer type (iN signed or unsigned)."""

    # Exclusive float bounds, exactly representable: x truncates into i32 when
    # -2**31 - 1 < x < 2**31, into u32 when -1 < x < 2**32, and so on. For i64
    # the lower bound -2**63 itself is allowed and -2**63 - 1 is not a double,
    # so the exclusive bound is the next double below, -2**63 - 2**11.
    above: float
    below: float
    smallest: int  # what trunc_sat clamps to
    largest: int
    mask: int


_I32_S = _IntegerRange(-2147483649.0, 2147483648.0, -0x8000_0000, 0x7FFF_FFFF, _M32)
_I32_U = _IntegerRange(-1.0, 4294967296.0, 0, _M32, _M32)
_I64_S = _IntegerRange(-9223372036854777856.0, 9223372036854775808.0, -(1 << 63), (1 << 63) - 1, _M64)
_I64_U = _IntegerRange(-1.0, 18446744073709551616.0, 0, _M64, _M64)


def _truncations(from_bits, target: _IntegerRange):
    """(iN.trunc_fM_sx, iN.trunc_sat_fM_sx) of the float read by `from_bits`.

    trunc traps on NaN and outside the target's range; trunc_sat gives 0 for
    NaN and clamps to the range instead.
    """
    above, below, smallest, largest, mask = target

    def trunc(a: int) -> int:
        x = from_bits(a)
        if x != x:
            raise Trap(_INVALID)
        if not above < x < below:
            raise Trap(_OVERFLOW)
        return int(x) & mask

    def trunc_sat(a: int) -> int:
        x = from_bits(a)
        if x != x:
            return 0
        if x <= smallest:
            return smallest & mask
        if x >= largest:
            return largest
        return int(x) & mask

    return trunc, trunc_sat


i32_trunc_f32_s, i32_trunc_sat_f32_s = _truncations(f32_from_bits, _I32_S)
i32_trunc_f32_u, i32_trunc_sat_f32_u = _truncations(f32_from_bits, _I32_U)
i32_trunc_f64_s, i32_trunc_sat_f64_s = _truncations(f64_from_bits, _I32_S)
i32_trunc_f64_u, i32_trunc_sat_f64_u = _truncations(f64_from_bits, _I32_U)
i64_trunc_f32_s, i64_trunc_sat_f32_s = _truncations(f32_from_bits, _I64_S)
i64_trunc_f32_u, i64_trunc_sat_f32_u = _truncations(f32_from_bits, _I64_U)
i64_trunc_f64_s, i64_trunc_sat_f64_s = _truncations(f64_from_bits, _I64_S)
i64_trunc_f64_u, i64_trunc_sat_f64_u = _truncations(f64_from_bits, _I64_U)


# --- integer to float -------------------------------------------------------


def int_to_f32_bits(n: int) -> int:
    """The f32 nearest to the integer n (ties to even), rounded once from the exact value."""
    magnitude = -n if n < 0 else n
    length = magnitude.bit_length()
    if length > 24:
        # Keep 24 significant bits, rounding the dropped ones to nearest even.
        shift = length - 24
        q = magnitude >> shift
        rest = magnitude - (q << shift)
        half = 1 << (shift - 1)
        if rest > half or (rest == half and q & 1):
            q += 1
        magnitude = q << shift  # at most 25 significant bits, so exact in f64 below
    bits = f32_to_bits(float(magnitude))
    return bits | F32_SIGN if n < 0 else bits


def _signed32(a: int) -> int:
    return a - 0x1_0000_0000 if a & 0x8000_0000 else a


def _signed64(a: int) -> int:
    return a - 0x1_0000_0000_0000_0000 if a & 0x8000_0000_0000_0000 else a


def f32_convert_i32_s(a: int) -> int:
    # float() of an i32 is exact, so a single rounding to f32 follows.
    return f32_to_bits(float(_signed32(a)))


def f32_convert_i32_u(a: int) -> int:
    return f32_to_bits(float(a))


def f32_convert_i64_s(a: int) -> int:
    return int_to_f32_bits(_signed64(a))


def f32_convert_i64_u(a: int) -> int:
    return int_to_f32_bits(a)


def f64_convert_i32_s(a: int) -> int:
    return f64_to_bits(float(_signed32(a)))


def f64_convert_i32_u(a: int) -> int:
    return f64_to_bits(float(a))


def f64_convert_i64_s(a: int) -> int:
    # Python's int -> float conversion rounds to nearest even, once.
    return f64_to_bits(float(_signed64(a)))


def f64_convert_i64_u(a: int) -> int:
    return f64_to_bits(float(a))


# --- float to float ---------------------------------------------------------


def f32_demote_f64(a: int) -> int:
    if a & F64_ABS > F64_INF:
        return demote_nan(a)
    return f32_to_bits(f64_from_bits(a))


def f64_promote_f32(a: int) -> int:
    if a & F32_ABS > F32_INF:
        return promote_nan(a)
    return f64_to_bits(f32_from_bits(a))
