"""Float lane operators of SIMD, and the conversions between lane shapes.

Each lane follows exactly the scalar rules of floats.py and conversions.py
(NaN propagation included), so a lane of f32x4.add is bit for bit f32.add.
"""

from __future__ import annotations

import operator
import struct
from typing import Callable

from playground.wasm.exec.numeric import conversions as cv
from playground.wasm.exec.numeric import floats as fl
from playground.wasm.exec.numeric.simd_lanes import F32X4, F64X2, I32X4, Shape


def float_ops(s: Shape) -> dict[str, Callable]:
    """The lane-wise operators of f32x4 or f64x2, keyed by full instruction name."""
    split, join, m = s.split_u, s.join_u, s.mask
    p = s.name
    scalar = "f32" if s is F32X4 else "f64"
    floats = struct.Struct(f"<{s.count}{'f' if s is F32X4 else 'd'}")
    unpack, pack, from_bytes = floats.unpack, floats.pack, int.from_bytes
    sign = s.ones << (s.bits - 1)  # every lane's sign bit
    not_sign = sign ^ ((1 << 128) - 1)

    def values(v: int) -> tuple[float, ...]:
        """The lanes as Python floats (exact; NaN payloads not kept, so only for tests and choices)."""
        return unpack(v.to_bytes(16, "little"))

    def unary(f: Callable) -> Callable:
        return lambda a: join(map(f, split(a)))

    def binary(f: Callable, py_op: Callable | None = None) -> Callable:
        if py_op is None:
            return lambda a, b: join(map(f, split(a), split(b)))

        def op(a: int, b: int) -> int:
            # Fast path: all lanes at once through Python floats, exactly what the
            # scalar operator computes whenever no lane is NaN, divides by zero or
            # (f32) overflows; otherwise lane by lane through the scalar operator.
            try:
                results = list(map(py_op, values(a), values(b)))
                total = sum(results)  # NaN when a lane is NaN (or inf - inf: then just the slow path)
                if total == total:
                    return from_bytes(pack(*results), "little")
            except (ZeroDivisionError, OverflowError):
                pass
            return join(map(f, split(a), split(b)))

        return op

    def cmp(test: Callable) -> Callable:
        return lambda a, b: join([m if t else 0 for t in map(test, values(a), values(b))])

    def pmin(a: int, b: int) -> int:
        """Pseudo-minimum: b < a ? b : a, lane by lane (NaN operands pass through unchanged)."""
        lt = map(operator.lt, values(b), values(a))
        return join([y if t else x for t, x, y in zip(lt, split(a), split(b))])

    def pmax(a: int, b: int) -> int:
        """Pseudo-maximum: a < b ? b : a, lane by lane."""
        lt = map(operator.lt, values(a), values(b))
        return join([y if t else x for t, x, y in zip(lt, split(a), split(b))])

    ops: dict[str, Callable] = {
        f"{p}.abs": lambda a: a & not_sign,
        f"{p}.neg": lambda a: a ^ sign,
        f"{p}.pmin": pmin,
        f"{p}.pmax": pmax,
        f"{p}.eq": cmp(operator.eq),
        f"{p}.ne": cmp(operator.ne),
        f"{p}.lt": cmp(operator.lt),
        f"{p}.gt": cmp(operator.gt),
        f"{p}.le": cmp(operator.le),
        f"{p}.ge": cmp(operator.ge),
    }
    for name in "sqrt ceil floor trunc nearest".split():
        ops[f"{p}.{name}"] = unary(getattr(fl, f"{scalar}_{name}"))
    for name, py_op in (("add", operator.add), ("sub", operator.sub), ("mul", operator.mul), ("div", operator.truediv)):
        ops[f"{p}.{name}"] = binary(getattr(fl, f"{scalar}_{name}"), py_op)
    for name in ("min", "max"):
        ops[f"{p}.{name}"] = binary(getattr(fl, f"{scalar}_{name}"))
    return ops


def conversion_ops() -> dict[str, Callable]:
    """Conversions between float and integer lanes, by instruction name."""
    f32s, f64s, i32s = F32X4.split_u, F64X2.split_u, I32X4.split_u
    j32, j64 = I32X4.join_u, F64X2.join_u

    def lanewise(split: Callable, join: Callable, f: Callable) -> Callable:
        return lambda a: join(map(f, split(a)))

    def zero_high(f: Callable) -> Callable:
        # Two f64 lanes become the two low 32-bit lanes; the high lanes are 0.
        return lambda a: j32([f(x) for x in f64s(a)] + [0, 0])

    def low_to_f64(f: Callable) -> Callable:
        return lambda a: j64([f(x) for x in i32s(a)[:2]])

    return {
        "i32x4.trunc_sat_f32x4_s": lanewise(f32s, j32, cv.i32_trunc_sat_f32_s),
        "i32x4.trunc_sat_f32x4_u": lanewise(f32s, j32, cv.i32_trunc_sat_f32_u),
        "f32x4.convert_i32x4_s": lanewise(i32s, j32, cv.f32_convert_i32_s),
        "f32x4.convert_i32x4_u": lanewise(i32s, j32, cv.f32_convert_i32_u),
        "i32x4.trunc_sat_f64x2_s_zero": zero_high(cv.i32_trunc_sat_f64_s),
        "i32x4.trunc_sat_f64x2_u_zero": zero_high(cv.i32_trunc_sat_f64_u),
        "f32x4.demote_f64x2_zero": zero_high(cv.f32_demote_f64),
        "f64x2.promote_low_f32x4": lambda a: j64([cv.f64_promote_f32(x) for x in f32s(a)[:2]]),
        "f64x2.convert_low_i32x4_s": low_to_f64(cv.f64_convert_i32_s),
        "f64x2.convert_low_i32x4_u": low_to_f64(cv.f64_convert_i32_u),
    }
