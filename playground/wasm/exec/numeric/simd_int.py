"""Integer lane operators of SIMD (spec 4.3.2 applied lane-wise, 4.4.3 vector instructions).

`int_ops(shape)` builds the generic operators of one integer shape; the
operators that change shape (narrow, extend, extmul, extadd_pairwise, dot,
q15mulr) follow. simd.py keeps the names the instruction table has.
"""

from __future__ import annotations

import operator
from typing import Callable

from playground.wasm.exec.numeric.simd_lanes import I8X16, I16X8, I32X4, I64X2, V128_MASK, Shape


def _clamp(x: int, low: int, high: int) -> int:
    return low if x < low else high if x > high else x


def int_ops(s: Shape) -> dict[str, Callable]:
    """The lane-wise operators of an integer shape, keyed by full instruction name."""
    su, ss, ju, js = s.split_u, s.split_s, s.join_u, s.join_s
    m, bits, low, high, ones = s.mask, s.bits, s.low, s.high, s.ones
    min_s, max_s = s.min_s, s.max_s
    shift_mask = bits - 1

    def add(a: int, b: int) -> int:
        # SWAR: add the low bits of every lane, then fix each top bit without carrying out.
        return ((a & low) + (b & low)) ^ ((a ^ b) & high)

    def sub(a: int, b: int) -> int:
        # SWAR: borrow into a forced top bit, then restore each top bit.
        return ((a | high) - (b & low)) ^ ((a ^ b ^ high) & high)

    def mul(a: int, b: int) -> int:
        return ju([(x * y) & m for x, y in zip(su(a), su(b))])

    def neg(a: int) -> int:
        return sub(0, a)

    def abs_(a: int) -> int:
        return ju([(-x if x < 0 else x) & m for x in ss(a)])

    # SWAR shifts: shift the whole vector, then clear the bits that crossed into a neighbour lane.
    keep_shl = [ones * ((m << k) & m) for k in range(bits)]
    keep_shr = [ones * (m >> k) for k in range(bits)]
    fill_shr = [(m << (bits - k)) & m for k in range(bits)]

    def shl(a: int, k: int) -> int:
        k &= shift_mask
        return (a << k) & keep_shl[k]

    def shr_s(a: int, k: int) -> int:
        # shr_u, then fill the top k bits of each negative lane: (its sign bit as 1) * (k top bits).
        k &= shift_mask
        return ((a >> k) & keep_shr[k]) | (((a & high) >> shift_mask) * fill_shr[k])

    def shr_u(a: int, k: int) -> int:
        k &= shift_mask
        return (a >> k) & keep_shr[k]

    def cmp(split: Callable, test: Callable) -> Callable:
        return lambda a, b: ju([m if t else 0 for t in map(test, split(a), split(b))])

    def all_true(a: int) -> int:
        return 1 if all(su(a)) else 0

    def bitmask(a: int) -> int:
        result = 0
        for i, x in enumerate(ss(a)):
            if x < 0:
                result |= 1 << i
        return result

    p = s.name
    ops: dict[str, Callable] = {
        f"{p}.add": add,
        f"{p}.sub": sub,
        f"{p}.mul": mul,
        f"{p}.neg": neg,
        f"{p}.abs": abs_,
        f"{p}.shl": shl,
        f"{p}.shr_s": shr_s,
        f"{p}.shr_u": shr_u,
        f"{p}.all_true": all_true,
        f"{p}.bitmask": bitmask,
        f"{p}.eq": cmp(su, operator.eq),
        f"{p}.ne": cmp(su, operator.ne),
        f"{p}.lt_s": cmp(ss, operator.lt),
        f"{p}.lt_u": cmp(su, operator.lt),
        f"{p}.gt_s": cmp(ss, operator.gt),
        f"{p}.gt_u": cmp(su, operator.gt),
        f"{p}.le_s": cmp(ss, operator.le),
        f"{p}.le_u": cmp(su, operator.le),
        f"{p}.ge_s": cmp(ss, operator.ge),
        f"{p}.ge_u": cmp(su, operator.ge),
        f"{p}.min_s": lambda a, b: js(map(min, ss(a), ss(b))),
        f"{p}.min_u": lambda a, b: ju(map(min, su(a), su(b))),
        f"{p}.max_s": lambda a, b: js(map(max, ss(a), ss(b))),
        f"{p}.max_u": lambda a, b: ju(map(max, su(a), su(b))),
        f"{p}.add_sat_s": lambda a, b: js([_clamp(x + y, min_s, max_s) for x, y in zip(ss(a), ss(b))]),
        f"{p}.add_sat_u": lambda a, b: ju([min(x + y, m) for x, y in zip(su(a), su(b))]),
        f"{p}.sub_sat_s": lambda a, b: js([_clamp(x - y, min_s, max_s) for x, y in zip(ss(a), ss(b))]),
        f"{p}.sub_sat_u": lambda a, b: ju([max(x - y, 0) for x, y in zip(su(a), su(b))]),
        f"{p}.avgr_u": lambda a, b: ju([(x + y + 1) >> 1 for x, y in zip(su(a), su(b))]),
    }
    return ops


def i8x16_popcnt(a: int) -> int:
    return I8X16.join_u([x.bit_count() for x in I8X16.split_u(a)])


def v128_any_true(a: int) -> int:
    return 1 if a else 0


# --- shape-changing operators --------------------------------------------------


def _narrow(wide: Shape, narrow: Shape, signed: bool) -> Callable:
    """narrow: the lanes of a then b, each saturated into the narrow lane (spec: sat_s / sat_u of signed lanes)."""
    split = wide.split_s
    join = narrow.join_s if signed else narrow.join_u
    low, high = (narrow.min_s, narrow.max_s) if signed else (0, narrow.mask)
    return lambda a, b: join([_clamp(x, low, high) for x in split(a) + split(b)])


def _extend(narrow: Shape, wide: Shape, half: int, signed: bool) -> Callable:
    """extend_low / extend_high: half the lanes, widened."""
    split = narrow.split_s if signed else narrow.split_u
    join = wide.join_s if signed else wide.join_u
    start, stop = half * wide.count, (half + 1) * wide.count
    return lambda a: join(split(a)[start:stop])


def _extmul(narrow: Shape, wide: Shape, half: int, signed: bool) -> Callable:
    """extmul: widen half the lanes of both operands, then multiply (the product always fits)."""
    split = narrow.split_s if signed else narrow.split_u
    join, mask = wide.join_u, wide.mask
    start, stop = half * wide.count, (half + 1) * wide.count
    return lambda a, b: join([(x * y) & mask for x, y in zip(split(a)[start:stop], split(b)[start:stop])])


def _extadd_pairwise(narrow: Shape, wide: Shape, signed: bool) -> Callable:
    split = narrow.split_s if signed else narrow.split_u
    join = wide.join_s if signed else wide.join_u

    def op(a: int) -> int:
        x = split(a)
        return join([x[i] + x[i + 1] for i in range(0, narrow.count, 2)])

    return op


def i32x4_dot_i16x8_s(a: int, b: int) -> int:
    """Multiply signed i16 lanes, add adjacent pairs into i32 lanes (wrapping: only -2**15 * -2**15 * 2 overflows)."""
    x, y = I16X8.split_s(a), I16X8.split_s(b)
    return I32X4.join_u([(x[i] * y[i] + x[i + 1] * y[i + 1]) & 0xFFFF_FFFF for i in range(0, 8, 2)])


def i16x8_q15mulr_sat_s(a: int, b: int) -> int:
    """Q15 rounding multiply: sat_s((x * y + 2**14) >> 15)."""
    return I16X8.join_s([_clamp((x * y + 0x4000) >> 15, -0x8000, 0x7FFF) for x, y in zip(I16X8.split_s(a), I16X8.split_s(b))])


def shape_changing_ops() -> dict[str, Callable]:
    """narrow, extend, extmul, extadd_pairwise, dot and q15mulr, by instruction name."""
    ops: dict[str, Callable] = {
        "i8x16.popcnt": i8x16_popcnt,
        "v128.any_true": v128_any_true,
        "i32x4.dot_i16x8_s": i32x4_dot_i16x8_s,
        "i16x8.q15mulr_sat_s": i16x8_q15mulr_sat_s,
        "i8x16.narrow_i16x8_s": _narrow(I16X8, I8X16, True),
        "i8x16.narrow_i16x8_u": _narrow(I16X8, I8X16, False),
        "i16x8.narrow_i32x4_s": _narrow(I32X4, I16X8, True),
        "i16x8.narrow_i32x4_u": _narrow(I32X4, I16X8, False),
        "i16x8.extadd_pairwise_i8x16_s": _extadd_pairwise(I8X16, I16X8, True),
        "i16x8.extadd_pairwise_i8x16_u": _extadd_pairwise(I8X16, I16X8, False),
        "i32x4.extadd_pairwise_i16x8_s": _extadd_pairwise(I16X8, I32X4, True),
        "i32x4.extadd_pairwise_i16x8_u": _extadd_pairwise(I16X8, I32X4, False),
    }
    for narrow, wide in ((I8X16, I16X8), (I16X8, I32X4), (I32X4, I64X2)):
        for half, which in ((0, "low"), (1, "high")):
            for signed, sign in ((True, "s"), (False, "u")):
                ops[f"{wide.name}.extend_{which}_{narrow.name}_{sign}"] = _extend(narrow, wide, half, signed)
                ops[f"{wide.name}.extmul_{which}_{narrow.name}_{sign}"] = _extmul(narrow, wide, half, signed)
    return ops


def bitwise_ops() -> dict[str, Callable]:
    """The v128 bitwise operators, on the whole 128-bit int."""
    return {
        "v128.not": lambda a: a ^ V128_MASK,
        "v128.and": lambda a, b: a & b,
        "v128.andnot": lambda a, b: a & (b ^ V128_MASK),
        "v128.or": lambda a, b: a | b,
        "v128.xor": lambda a, b: a ^ b,
        "v128.bitselect": lambda a, b, c: (a & c) | (b & (c ^ V128_MASK)),
    }
