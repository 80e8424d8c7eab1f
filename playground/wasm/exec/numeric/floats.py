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
from typing import Callable, NamedTuple

from playground.wasm.bits import (  # noqa: F401  (re-exported: the numeric semantics' own names)
    demote_nan,
    f32_from_bits,
    f32_to_bits,
    f64_from_bits,
    f64_to_bits,
)
from playground.wasm.bits import pack_f32 as _pack_f  # the packers under short names for the hot code below
from playground.wasm.bits import unpack_u32 as _unpack_u32

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


# --- conversions between bits and Python floats -----------------------------
# Defined once in wasm/bits.py (below the text format and the runtime too); re-exported here.


def _b32(value: float) -> int:
    # f32_to_bits for a non-NaN value: the hot path of every f32 operator.
    try:
        return _unpack_u32(_pack_f(value))[0]
    except OverflowError:
        # struct refuses values that round past the largest f32; IEEE 754 says infinity.
        return F32_INF if value > 0 else F32_SIGN | F32_INF


class _Format(NamedTuple):
    """One float width: its bit masks and the struct packers between bits and Python floats.

    Every operator below is written once over a `_Format` and built for both
    widths; the packers are captured as locals, so the hot code makes no more
    calls than a hand-written copy per width would.
    """

    sign: int
    magnitude: int  # every bit but the sign
    inf: int
    quiet: int  # the payload's top bit
    canonical_nan: int
    integral_from: float  # values at least this large in magnitude are integers
    to_bits: Callable[[float], int]  # the bits of a non-NaN float, rounded to this width
    from_bits: Callable[[int], float]
    # Both operands of a binary operator in one call each way: fewer calls is the speed here.
    unpack_pair: Callable[[bytes], tuple[float, float]]
    pack_pair: Callable[[int, int], bytes]


_F32 = _Format(F32_SIGN, F32_ABS, F32_INF, F32_QUIET, F32_CANONICAL_NAN, 8388608.0,  # 2**23
               _b32, f32_from_bits, struct.Struct("<ff").unpack, struct.Struct("<II").pack)
_F64 = _Format(F64_SIGN, F64_ABS, F64_INF, F64_QUIET, F64_CANONICAL_NAN, 4503599627370496.0,  # 2**52
               f64_to_bits, f64_from_bits, struct.Struct("<dd").unpack, struct.Struct("<QQ").pack)
_FORMATS = {32: _F32, 64: _F64}


# --- NaNs -------------------------------------------------------------------


def is_nan(bits: int, width: int) -> bool:
    """True when the bit pattern of width 32 or 64 is a NaN."""
    fmt = _FORMATS[width]
    return bits & fmt.magnitude > fmt.inf


def is_canonical_nan(bits: int, width: int) -> bool:
    """True for a canonical NaN of either sign: only the payload's top bit set (spec 4.3.3)."""
    fmt = _FORMATS[width]
    return bits & fmt.magnitude == fmt.canonical_nan


def is_arithmetic_nan(bits: int, width: int) -> bool:
    """True for an arithmetic NaN: a NaN whose payload's top (quiet) bit is set (spec 4.3.3)."""
    canonical = _FORMATS[width].canonical_nan
    return bits & canonical == canonical


def promote_nan(bits: int) -> int:
    """f64.promote_f32 of an f32 NaN: same sign and payload, quieted (canonical stays canonical)."""
    return (bits & F32_SIGN) << 32 | F64_CANONICAL_NAN | (bits & 0x3F_FFFF) << 29


def _nan_result(fmt: _Format):
    """The NaN result of a binary operator: the first NaN operand quieted, else the canonical NaN."""
    magnitude, inf, quiet, canonical = fmt.magnitude, fmt.inf, fmt.quiet, fmt.canonical_nan

    def nan_result(a: int, b: int) -> int:
        if a & magnitude > inf:
            return a | quiet
        if b & magnitude > inf:
            return b | quiet
        return canonical

    return nan_result


# --- the operators, each written once for both widths (spec 4.3.3) ----------


def _sign_operators(fmt: _Format):
    """abs, neg and copysign: pure bit operations on the sign, NaNs included."""
    sign, magnitude = fmt.sign, fmt.magnitude

    def abs_(a: int) -> int:
        return a & magnitude

    def neg(a: int) -> int:
        return a ^ sign

    def copysign(a: int, b: int) -> int:
        return a & magnitude | b & sign

    return abs_, neg, copysign


def _arithmetic(operation, fmt: _Format):
    """add, sub or mul: Python's float operator, rounded to the width; a NaN result propagates."""
    unpack_pair, pack_pair, to_bits, nan_result = fmt.unpack_pair, fmt.pack_pair, fmt.to_bits, _nan_result(fmt)

    def arithmetic(a: int, b: int) -> int:
        x, y = unpack_pair(pack_pair(a, b))
        r = operation(x, y)
        return to_bits(r) if r == r else nan_result(a, b)

    return arithmetic


def _division(fmt: _Format):
    """div: as `_arithmetic`, and x / 0 (which Python refuses) is a signed infinity, or NaN for 0 / 0."""
    unpack_pair, pack_pair, to_bits, nan_result = fmt.unpack_pair, fmt.pack_pair, fmt.to_bits, _nan_result(fmt)
    sign, magnitude, inf = fmt.sign, fmt.magnitude, fmt.inf

    def div(a: int, b: int) -> int:
        x, y = unpack_pair(pack_pair(a, b))
        if y == 0.0:
            if a & magnitude > inf or a & magnitude == 0:  # NaN / 0 propagates; 0 / 0 is a new NaN
                return nan_result(a, b)
            return (a ^ b) & sign | inf
        r = x / y
        return to_bits(r) if r == r else nan_result(a, b)

    return div


def _square_root(fmt: _Format):
    """sqrt: a NaN is quieted, a negative operand gives the canonical NaN."""
    magnitude, inf, quiet, canonical = fmt.magnitude, fmt.inf, fmt.quiet, fmt.canonical_nan
    from_bits, to_bits = fmt.from_bits, fmt.to_bits

    def sqrt(a: int) -> int:
        if a & magnitude > inf:
            return a | quiet
        x = from_bits(a)
        if x < 0.0:
            return canonical
        return to_bits(math.sqrt(x))

    return sqrt


def _extremum(fmt: _Format, smaller: bool):
    """min (`smaller`) or max (spec 4.3.3 fmin, fmax): NaN if either operand is NaN.

    Equal values have equal bits, except -0 and +0: OR of a tie gives -0 (min),
    AND gives +0 (max). Otherwise, with NaN and ties gone, `x < y` decides both.
    """
    unpack_pair, pack_pair, nan_result = fmt.unpack_pair, fmt.pack_pair, _nan_result(fmt)

    def extremum(a: int, b: int) -> int:
        x, y = unpack_pair(pack_pair(a, b))
        if x != x or y != y:
            return nan_result(a, b)
        if x == y:
            return a | b if smaller else a & b
        return a if (x < y) is smaller else b

    return extremum


def _rounding(to_integer, fmt: _Format):
    """ceil, floor, trunc or nearest.

    A NaN is quieted; infinities and values already integral (|x| >= 2**23 for
    f32, 2**52 for f64) are returned as they are; a zero result keeps the
    operand's sign (ceil(-0.5) is -0).
    """
    magnitude, inf, quiet, sign, limit = fmt.magnitude, fmt.inf, fmt.quiet, fmt.sign, fmt.integral_from
    from_bits, to_bits = fmt.from_bits, fmt.to_bits

    def rounded(a: int) -> int:
        if a & magnitude > inf:
            return a | quiet
        x = from_bits(a)
        if not -limit < x < limit:
            return a
        r = to_integer(x)
        return to_bits(r) if r else a & sign

    return rounded


def _comparison(holds, fmt: _Format):
    """eq, ne, lt, gt, le or ge: 1 or 0, false for any NaN except `ne`."""
    unpack_pair, pack_pair = fmt.unpack_pair, fmt.pack_pair

    def compare(a: int, b: int) -> int:
        return 1 if holds(*unpack_pair(pack_pair(a, b))) else 0

    return compare


_ARITHMETIC = (operator.add, operator.sub, operator.mul)
# round(x) rounds half to even, which is exactly `nearest`.
_TO_INTEGER = (math.ceil, math.floor, math.trunc, round)
_COMPARE = (operator.eq, operator.ne, operator.lt, operator.gt, operator.le, operator.ge)

f32_abs, f32_neg, f32_copysign = _sign_operators(_F32)
f64_abs, f64_neg, f64_copysign = _sign_operators(_F64)
f32_add, f32_sub, f32_mul = (_arithmetic(op, _F32) for op in _ARITHMETIC)
f64_add, f64_sub, f64_mul = (_arithmetic(op, _F64) for op in _ARITHMETIC)
f32_div, f64_div = _division(_F32), _division(_F64)
f32_sqrt, f64_sqrt = _square_root(_F32), _square_root(_F64)
f32_min, f64_min = _extremum(_F32, smaller=True), _extremum(_F64, smaller=True)
f32_max, f64_max = _extremum(_F32, smaller=False), _extremum(_F64, smaller=False)
f32_ceil, f32_floor, f32_trunc, f32_nearest = (_rounding(f, _F32) for f in _TO_INTEGER)
f64_ceil, f64_floor, f64_trunc, f64_nearest = (_rounding(f, _F64) for f in _TO_INTEGER)
f32_eq, f32_ne, f32_lt, f32_gt, f32_le, f32_ge = (_comparison(f, _F32) for f in _COMPARE)
f64_eq, f64_ne, f64_lt, f64_gt, f64_le, f64_ge = (_comparison(f, _F64) for f in _COMPARE)
