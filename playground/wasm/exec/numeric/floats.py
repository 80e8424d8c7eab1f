"""IEEE 754 float operators on raw bit patterns (spec 4.3.3).

Values are the bit patterns as unsigned ints (f32: 32 bits, f64: 64 bits), so
NaN payloads and signalling NaNs survive exactly. Arithmetic goes through
Python floats (binary64):

- f64 operators are exactly Python's float operators (round to nearest even),
  apart from the cases where Python raises (division by zero, sqrt of a
  negative) which are handled here.
- f32 operators compute in binary64 and round once to binary32. For + - * /
  and sqrt of binary32 operands this is correctly rounded: binary64 has
  53 >= 2*24 + 2 bits, so the double rounding is innocuous (Figueroa, 1995).

NaN results (spec 4.3.3, "NaN propagation"): when an operand is a NaN the
result is the first NaN operand with its quiet bit set (what x86 and ARM do;
it is canonical when that operand was canonical, arithmetic otherwise); a
NaN produced from non-NaN operands (inf - inf, 0 / 0, sqrt(-1)) is the
positive canonical NaN. abs, neg and copysign are pure bit operations.
"""

from __future__ import annotations

import math
import operator
import struct

from playground.wasm.bits import (  # noqa: F401  (re-exported: the numeric semantics' own names)
    demote_nan,
    f32_from_bits,
    f32_to_bits,
    f64_from_bits,
    f64_to_bits,
)
from playground.wasm.bits import pack_f32 as _pack_f  # the packers under short names for the hot code below
from playground.wasm.bits import pack_f64 as _pack_d
from playground.wasm.bits import pack_u32 as _pack_u32
from playground.wasm.bits import pack_u64 as _pack_u64
from playground.wasm.bits import unpack_f32 as _unpack_f
from playground.wasm.bits import unpack_f64 as _unpack_d
from playground.wasm.bits import unpack_u32 as _unpack_u32
from playground.wasm.bits import unpack_u64 as _unpack_u64

# --- bit-pattern constants --------------------------------------------------

F32_SIGN = 0x8000_0000
F32_ABS = 0x7FFF_FFFF
F32_INF = 0x7F80_0000
F32_QUIET = 0x0040_0000
F32_CANONICAL_NAN = 0x7FC0_0000
F64_SIGN = 0x8000_0000_0000_0000
F64_ABS = 0x7FFF_FFFF_FFFF_FFFF
F64_INF = 0x7FF0_0000_0000_0000
F64_QUIET = 0x0008_0000_0000_0000
F64_CANONICAL_NAN = 0x7FF8_0000_0000_0000

# Both operands of a binary operator in one call each way: fewer calls is the speed here.
_unpack_ff, _pack_u32x2 = struct.Struct("<ff").unpack, struct.Struct("<II").pack
_unpack_dd, _pack_u64x2 = struct.Struct("<dd").unpack, struct.Struct("<QQ").pack

_TWO23 = 8388608.0  # f32 values at least this large are integers
_TWO52 = 4503599627370496.0  # likewise for f64


# --- conversions between bits and Python floats -----------------------------
# Defined once in wasm/bits.py (below the text format and the runtime too); re-exported here.

_b64 = f64_to_bits


def _b32(value: float) -> int:
    # f32_to_bits for a non-NaN value: the hot path of every f32 operator.
    try:
        return _unpack_u32(_pack_f(value))[0]
    except OverflowError:
        return _overflow_32(value)


def _overflow_32(value: float) -> int:
    # struct refuses values that round past the largest f32; IEEE 754 says infinity.
    return F32_INF if value > 0 else F32_SIGN | F32_INF


# --- NaNs -------------------------------------------------------------------


def is_nan(bits: int, width: int) -> bool:
    """True when the bit pattern of width 32 or 64 is a NaN."""
    if width == 32:
        return bits & F32_ABS > F32_INF
    return bits & F64_ABS > F64_INF


def is_canonical_nan(bits: int, width: int) -> bool:
    """True for a canonical NaN of either sign: only the payload's top bit set (spec 4.3.3)."""
    if width == 32:
        return bits & F32_ABS == F32_CANONICAL_NAN
    return bits & F64_ABS == F64_CANONICAL_NAN


def is_arithmetic_nan(bits: int, width: int) -> bool:
    """True for an arithmetic NaN: a NaN whose payload's top (quiet) bit is set (spec 4.3.3)."""
    if width == 32:
        return bits & F32_CANONICAL_NAN == F32_CANONICAL_NAN
    return bits & F64_CANONICAL_NAN == F64_CANONICAL_NAN


def nan1_32(a: int) -> int:
    """The result of a unary f32 operator whose operand is the NaN `a`: `a` quieted."""
    return a | F32_QUIET


def nan2_32(a: int, b: int) -> int:
    """The NaN result of a binary f32 operator: the first NaN operand quieted, else canonical."""
    if a & F32_ABS > F32_INF:
        return a | F32_QUIET
    if b & F32_ABS > F32_INF:
        return b | F32_QUIET
    return F32_CANONICAL_NAN


def nan1_64(a: int) -> int:
    """The result of a unary f64 operator whose operand is the NaN `a`: `a` quieted."""
    return a | F64_QUIET


def nan2_64(a: int, b: int) -> int:
    """The NaN result of a binary f64 operator: the first NaN operand quieted, else canonical."""
    if a & F64_ABS > F64_INF:
        return a | F64_QUIET
    if b & F64_ABS > F64_INF:
        return b | F64_QUIET
    return F64_CANONICAL_NAN


def promote_nan(bits: int) -> int:
    """f64.promote_f32 of an f32 NaN: same sign and payload, quieted (canonical stays canonical)."""
    return (bits & F32_SIGN) << 32 | F64_CANONICAL_NAN | (bits & 0x3F_FFFF) << 29


# --- f32 --------------------------------------------------------------------


def f32_abs(a: int) -> int:
    return a & F32_ABS


def f32_neg(a: int) -> int:
    return a ^ F32_SIGN


def f32_copysign(a: int, b: int) -> int:
    return a & F32_ABS | b & F32_SIGN


def f32_add(a: int, b: int) -> int:
    x, y = _unpack_ff(_pack_u32x2(a, b))
    r = x + y
    if r == r:
        try:
            return _unpack_u32(_pack_f(r))[0]
        except OverflowError:
            return _overflow_32(r)
    return nan2_32(a, b)


def f32_sub(a: int, b: int) -> int:
    x, y = _unpack_ff(_pack_u32x2(a, b))
    r = x - y
    if r == r:
        try:
            return _unpack_u32(_pack_f(r))[0]
        except OverflowError:
            return _overflow_32(r)
    return nan2_32(a, b)


def f32_mul(a: int, b: int) -> int:
    x, y = _unpack_ff(_pack_u32x2(a, b))
    r = x * y
    if r == r:
        try:
            return _unpack_u32(_pack_f(r))[0]
        except OverflowError:
            return _overflow_32(r)
    return nan2_32(a, b)


def f32_div(a: int, b: int) -> int:
    x, y = _unpack_ff(_pack_u32x2(a, b))
    if y == 0.0:
        return _div_by_zero_32(a, b)
    r = x / y
    return _b32(r) if r == r else nan2_32(a, b)


def _div_by_zero_32(a: int, b: int) -> int:
    if a & F32_ABS > F32_INF or a & F32_ABS == 0:  # NaN / 0 propagates; 0 / 0 is a new NaN
        return nan2_32(a, b)
    return (a ^ b) & F32_SIGN | F32_INF


def f32_sqrt(a: int) -> int:
    if a & F32_ABS > F32_INF:
        return a | F32_QUIET
    x = _unpack_f(_pack_u32(a))[0]
    if x < 0.0:
        return F32_CANONICAL_NAN
    return _b32(math.sqrt(x))


def f32_min(a: int, b: int) -> int:
    """spec 4.3.3 fmin: NaN if either is NaN; -0 is below +0."""
    x, y = _unpack_ff(_pack_u32x2(a, b))
    if x != x or y != y:
        return nan2_32(a, b)
    if x == y:
        return a | b  # equal values have equal bits, except -0/+0 where OR gives -0
    return a if x < y else b


def f32_max(a: int, b: int) -> int:
    """spec 4.3.3 fmax: NaN if either is NaN; +0 is above -0."""
    x, y = _unpack_ff(_pack_u32x2(a, b))
    if x != x or y != y:
        return nan2_32(a, b)
    if x == y:
        return a & b  # AND clears the sign of -0/+0
    return a if x > y else b


# --- f64 --------------------------------------------------------------------


def f64_abs(a: int) -> int:
    return a & F64_ABS


def f64_neg(a: int) -> int:
    return a ^ F64_SIGN


def f64_copysign(a: int, b: int) -> int:
    return a & F64_ABS | b & F64_SIGN


def f64_add(a: int, b: int) -> int:
    x, y = _unpack_dd(_pack_u64x2(a, b))
    r = x + y
    return _unpack_u64(_pack_d(r))[0] if r == r else nan2_64(a, b)


def f64_sub(a: int, b: int) -> int:
    x, y = _unpack_dd(_pack_u64x2(a, b))
    r = x - y
    return _unpack_u64(_pack_d(r))[0] if r == r else nan2_64(a, b)


def f64_mul(a: int, b: int) -> int:
    x, y = _unpack_dd(_pack_u64x2(a, b))
    r = x * y
    return _unpack_u64(_pack_d(r))[0] if r == r else nan2_64(a, b)


def f64_div(a: int, b: int) -> int:
    x, y = _unpack_dd(_pack_u64x2(a, b))
    if y == 0.0:
        if a & F64_ABS > F64_INF or a & F64_ABS == 0:
            return nan2_64(a, b)
        return (a ^ b) & F64_SIGN | F64_INF
    r = x / y
    return _b64(r) if r == r else nan2_64(a, b)


def f64_sqrt(a: int) -> int:
    if a & F64_ABS > F64_INF:
        return a | F64_QUIET
    x = _unpack_d(_pack_u64(a))[0]
    if x < 0.0:
        return F64_CANONICAL_NAN
    return _b64(math.sqrt(x))


def f64_min(a: int, b: int) -> int:
    """spec 4.3.3 fmin: NaN if either is NaN; -0 is below +0."""
    x, y = _unpack_dd(_pack_u64x2(a, b))
    if x != x or y != y:
        return nan2_64(a, b)
    if x == y:
        return a | b
    return a if x < y else b


def f64_max(a: int, b: int) -> int:
    """spec 4.3.3 fmax: NaN if either is NaN; +0 is above -0."""
    x, y = _unpack_dd(_pack_u64x2(a, b))
    if x != x or y != y:
        return nan2_64(a, b)
    if x == y:
        return a & b
    return a if x > y else b


# --- families: rounding to an integer, comparisons ---------------------------------


def _rounding(to_integer, width: int):
    """ceil, floor, trunc or nearest of one width (spec 4.3.3).

    A NaN is quieted; infinities and values already integral (|x| >= 2**23 for
    f32, 2**52 for f64) are returned as they are; a zero result keeps the
    operand's sign (ceil(-0.5) is -0).
    """
    if width == 32:
        abs_mask, inf, quiet, sign, limit = F32_ABS, F32_INF, F32_QUIET, F32_SIGN, _TWO23
        unpack, pack, to_bits = _unpack_f, _pack_u32, _b32
    else:
        abs_mask, inf, quiet, sign, limit = F64_ABS, F64_INF, F64_QUIET, F64_SIGN, _TWO52
        unpack, pack, to_bits = _unpack_d, _pack_u64, _b64

    def rounded(a: int) -> int:
        if a & abs_mask > inf:
            return a | quiet
        x = unpack(pack(a))[0]
        if not -limit < x < limit:
            return a
        r = to_integer(x)
        return to_bits(r) if r else a & sign

    return rounded


def _comparison(holds, width: int):
    """eq, ne, lt, gt, le or ge of one width: 1 or 0, false for any NaN except `ne`."""
    unpack2, pack2 = (_unpack_ff, _pack_u32x2) if width == 32 else (_unpack_dd, _pack_u64x2)

    def compare(a: int, b: int) -> int:
        x, y = unpack2(pack2(a, b))
        return 1 if holds(x, y) else 0

    return compare


# round(x) rounds half to even, which is exactly `nearest`.
_TO_INTEGER = {"ceil": math.ceil, "floor": math.floor, "trunc": math.trunc, "nearest": round}
_COMPARE = {"eq": operator.eq, "ne": operator.ne, "lt": operator.lt, "gt": operator.gt, "le": operator.le, "ge": operator.ge}

f32_ceil, f32_floor, f32_trunc, f32_nearest = (_rounding(f, 32) for f in _TO_INTEGER.values())
f64_ceil, f64_floor, f64_trunc, f64_nearest = (_rounding(f, 64) for f in _TO_INTEGER.values())
f32_eq, f32_ne, f32_lt, f32_gt, f32_le, f32_ge = (_comparison(f, 32) for f in _COMPARE.values())
f64_eq, f64_ne, f64_lt, f64_gt, f64_le, f64_ge = (_comparison(f, 64) for f in _COMPARE.values())
