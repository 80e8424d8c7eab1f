"""Relaxed SIMD (3.0): the one deterministic behaviour this engine picks for each instruction.

The relaxed instructions let an engine return any of a few results (the
hardware's). A learner's program must give the same answer on every run and
every machine, so each one here is fixed to the choice of the specification's
deterministic profile, which is also a non-relaxed instruction where one exists:

  i8x16.relaxed_swizzle          as i8x16.swizzle: an index of 16 or more gives 0
  i32x4.relaxed_trunc_*          as i32x4.trunc_sat_*: NaN gives 0, out of range saturates
  f32x4/f64x2.relaxed_madd       fused: a * b + c rounded once (nmadd: -(a * b) + c)
  i*.relaxed_laneselect          as v128.bitselect: bit by bit, not by each lane's top bit
  f32x4/f64x2.relaxed_min/max    as f32x4.min/max: NaN propagates, -0 below +0
  i16x8.relaxed_q15mulr_s        as i16x8.q15mulr_sat_s: -1.0 * -1.0 saturates
  relaxed_dot_i8x16_i7x16_*      the second operand's bytes as signed, like the first;
                                 i16 pair sums wrap (as i32x4.dot_i16x8_s), the _add
                                 form sums four products in 32 bits, wrapping
"""

from __future__ import annotations

from fractions import Fraction
from typing import Callable

from playground.wasm.exec.numeric import floats as fl
from playground.wasm.exec.numeric.simd_lanes import F32X4, F64X2, I8X16, I16X8, I32X4, Shape

# (significand bits with the hidden one, smallest normal exponent, largest exponent) per float width
_FLOAT_FORMATS = {32: (24, -126, 127), 64: (53, -1022, 1023)}


def _round_exact(q: Fraction, width: int) -> float:
    """`q` rounded once, to nearest even, to the float of `width` bits (may be infinite)."""
    precision, emin, emax = _FLOAT_FORMATS[width]
    magnitude = abs(q)
    exponent = magnitude.numerator.bit_length() - magnitude.denominator.bit_length()
    if Fraction(2) ** exponent > magnitude:
        exponent -= 1
    quantum = max(exponent, emin) - (precision - 1)  # the weight of the last significand bit
    steps = round(magnitude / Fraction(2) ** quantum)  # Fraction rounds half to even
    if steps.bit_length() + quantum > emax + 1:  # at least 2 ** (emax + 1): past the largest finite value
        return float("inf") if q > 0 else float("-inf")
    result = float(steps) * 2.0**quantum  # exact: fewer than `precision` bits, quantum within range
    return result if q > 0 else -result


def fused_multiply_add(a: int, b: int, c: int, width: int) -> int:
    """a * b + c rounded once (IEEE 754 fusedMultiplyAdd) on bit patterns of `width` bits.

    A NaN or infinite operand gives what mul then add gives (the same value: no
    rounding happens there, and the NaN rules of floats.py apply).
    """
    mul, add = (fl.f32_mul, fl.f32_add) if width == 32 else (fl.f64_mul, fl.f64_add)
    to_float = fl.f32_from_bits if width == 32 else fl.f64_from_bits
    to_bits = fl.f32_to_bits if width == 32 else fl.f64_to_bits
    x, y, z = to_float(a), to_float(b), to_float(c)
    if not all(abs(v) < float("inf") for v in (x, y, z)):  # also catches NaN
        return add(mul(a, b), c)
    exact = Fraction(x) * Fraction(y) + Fraction(z)
    if exact == 0:  # the sign of a zero follows IEEE 754: -0 only for (-0) + (-0)
        return to_bits(x * y + z if z == 0 and x * y == 0 else 0.0)
    return to_bits(_round_exact(exact, width))


def _madd(s: Shape, negate: bool) -> Callable[[int, int, int], int]:
    width, sign = s.bits, 1 << (s.bits - 1)
    split, join = s.split_u, s.join_u

    def madd(a: int, b: int, c: int) -> int:
        xs = [x ^ sign for x in split(a)] if negate else split(a)
        return join([fused_multiply_add(x, y, z, width) for x, y, z in zip(xs, split(b), split(c))])

    return madd


def i16x8_relaxed_dot_i8x16_i7x16_s(a: int, b: int) -> int:
    x, y = I8X16.split_s(a), I8X16.split_s(b)
    return I16X8.join_u([(x[i] * y[i] + x[i + 1] * y[i + 1]) & 0xFFFF for i in range(0, 16, 2)])


def i32x4_relaxed_dot_i8x16_i7x16_add_s(a: int, b: int, c: int) -> int:
    x, y, acc = I8X16.split_s(a), I8X16.split_s(b), I32X4.split_u(c)
    sums = [sum(x[j] * y[j] for j in range(4 * i, 4 * i + 4)) for i in range(4)]
    return I32X4.join_u([(total + extra) & 0xFFFF_FFFF for total, extra in zip(sums, acc)])


def relaxed_ops(simd: dict[str, Callable]) -> dict[str, Callable]:
    """The relaxed instructions by name, built on `simd` (the non-relaxed operators they equal)."""
    ops: dict[str, Callable] = {
        "i8x16.relaxed_swizzle": simd["i8x16.swizzle"],
        "i16x8.relaxed_q15mulr_s": simd["i16x8.q15mulr_sat_s"],
        "i16x8.relaxed_dot_i8x16_i7x16_s": i16x8_relaxed_dot_i8x16_i7x16_s,
        "i32x4.relaxed_dot_i8x16_i7x16_add_s": i32x4_relaxed_dot_i8x16_i7x16_add_s,
    }
    for suffix in ("f32x4_s", "f32x4_u", "f64x2_s_zero", "f64x2_u_zero"):
        ops[f"i32x4.relaxed_trunc_{suffix}"] = simd[f"i32x4.trunc_sat_{suffix}"]
    for shape in ("i8x16", "i16x8", "i32x4", "i64x2"):
        ops[f"{shape}.relaxed_laneselect"] = simd["v128.bitselect"]
    for s in (F32X4, F64X2):
        ops[f"{s.name}.relaxed_madd"] = _madd(s, negate=False)
        ops[f"{s.name}.relaxed_nmadd"] = _madd(s, negate=True)
        ops[f"{s.name}.relaxed_min"] = simd[f"{s.name}.min"]
        ops[f"{s.name}.relaxed_max"] = simd[f"{s.name}.max"]
    return ops
