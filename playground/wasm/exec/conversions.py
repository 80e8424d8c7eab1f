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

from playground.wasm.errors import Trap
from playground.wasm.exec.floats import (
    F32_ABS,
    F32_INF,
    F32_SIGN,
    F64_ABS,
    F64_INF,
    _b32,
    _b64,
    _f32,
    _f64,
    demote_nan,
    promote_nan,
)

_INVALID = "invalid conversion to integer"
_OVERFLOW = "integer overflow"

_M32 = 0xFFFF_FFFF
_M64 = 0xFFFF_FFFF_FFFF_FFFF
_TWO31 = 2147483648.0
_TWO32 = 4294967296.0
_TWO63 = 9223372036854775808.0
_TWO64 = 18446744073709551616.0


# --- trapping truncation ----------------------------------------------------
# The bounds are exclusive and exactly representable: a value truncates into
# i32 when -2**31 - 1 < x < 2**31, into u32 when -1 < x < 2**32, and so on.
# For i64 the lower bound -2**63 itself is allowed, and -2**63 - 1 is not a
# double, so that test is `>=`.


def _trunc(x: float, low: float, high: float, mask: int) -> int:
    if x != x:
        raise Trap(_INVALID)
    if not low < x < high:
        raise Trap(_OVERFLOW)
    return int(x) & mask


def i32_trunc_f32_s(a: int) -> int:
    return _trunc(_f32(a), -2147483649.0, _TWO31, _M32)


def i32_trunc_f32_u(a: int) -> int:
    return _trunc(_f32(a), -1.0, _TWO32, _M32)


def i32_trunc_f64_s(a: int) -> int:
    return _trunc(_f64(a), -2147483649.0, _TWO31, _M32)


def i32_trunc_f64_u(a: int) -> int:
    return _trunc(_f64(a), -1.0, _TWO32, _M32)


def _trunc_i64_s(x: float) -> int:
    if x != x:
        raise Trap(_INVALID)
    if not -_TWO63 <= x < _TWO63:
        raise Trap(_OVERFLOW)
    return int(x) & _M64


def i64_trunc_f32_s(a: int) -> int:
    return _trunc_i64_s(_f32(a))


def i64_trunc_f32_u(a: int) -> int:
    return _trunc(_f32(a), -1.0, _TWO64, _M64)


def i64_trunc_f64_s(a: int) -> int:
    return _trunc_i64_s(_f64(a))


def i64_trunc_f64_u(a: int) -> int:
    return _trunc(_f64(a), -1.0, _TWO64, _M64)


# --- saturating truncation (spec 4.3.4 trunc_sat) ---------------------------


def _sat(x: float, low: int, high: int, mask: int) -> int:
    if x != x:
        return 0
    if x <= low:
        return low & mask
    if x >= high:
        return high
    return int(x) & mask


def i32_trunc_sat_f32_s(a: int) -> int:
    return _sat(_f32(a), -0x8000_0000, 0x7FFF_FFFF, _M32)


def i32_trunc_sat_f32_u(a: int) -> int:
    return _sat(_f32(a), 0, _M32, _M32)


def i32_trunc_sat_f64_s(a: int) -> int:
    return _sat(_f64(a), -0x8000_0000, 0x7FFF_FFFF, _M32)


def i32_trunc_sat_f64_u(a: int) -> int:
    return _sat(_f64(a), 0, _M32, _M32)


def i64_trunc_sat_f32_s(a: int) -> int:
    return _sat(_f32(a), -0x8000_0000_0000_0000, 0x7FFF_FFFF_FFFF_FFFF, _M64)


def i64_trunc_sat_f32_u(a: int) -> int:
    return _sat(_f32(a), 0, _M64, _M64)


def i64_trunc_sat_f64_s(a: int) -> int:
    return _sat(_f64(a), -0x8000_0000_0000_0000, 0x7FFF_FFFF_FFFF_FFFF, _M64)


def i64_trunc_sat_f64_u(a: int) -> int:
    return _sat(_f64(a), 0, _M64, _M64)


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
    bits = _b32(float(magnitude))
    return bits | F32_SIGN if n < 0 else bits


def _signed32(a: int) -> int:
    return a - 0x1_0000_0000 if a & 0x8000_0000 else a


def _signed64(a: int) -> int:
    return a - 0x1_0000_0000_0000_0000 if a & 0x8000_0000_0000_0000 else a


def f32_convert_i32_s(a: int) -> int:
    # float() of an i32 is exact, so a single rounding to f32 follows.
    return _b32(float(_signed32(a)))


def f32_convert_i32_u(a: int) -> int:
    return _b32(float(a))


def f32_convert_i64_s(a: int) -> int:
    return int_to_f32_bits(_signed64(a))


def f32_convert_i64_u(a: int) -> int:
    return int_to_f32_bits(a)


def f64_convert_i32_s(a: int) -> int:
    return _b64(float(_signed32(a)))


def f64_convert_i32_u(a: int) -> int:
    return _b64(float(a))


def f64_convert_i64_s(a: int) -> int:
    # Python's int -> float conversion rounds to nearest even, once.
    return _b64(float(_signed64(a)))


def f64_convert_i64_u(a: int) -> int:
    return _b64(float(a))


# --- float to float ---------------------------------------------------------


def f32_demote_f64(a: int) -> int:
    if a & F64_ABS > F64_INF:
        return demote_nan(a)
    return _b32(_f64(a))


def f64_promote_f32(a: int) -> int:
    if a & F32_ABS > F32_INF:
        return promote_nan(a)
    return _b64(_f32(a))
