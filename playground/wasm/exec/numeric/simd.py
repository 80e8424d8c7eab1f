"""Value semantics of the vector instructions (spec 4.3, 4.4.3): the `SIMD` table.

A v128 is an unsigned int below 2**128, lane 0 in the low bits (the 16
bytes little-endian); scalar operands and results follow numeric.py (i32 /
i64 unsigned, f32 / f64 as bit patterns).

`SIMD[name]` is a pure function of the operands in stack order, for every
vector instruction except the memory ones and v128.const. Instructions with
an immediate take it FIRST:
- `extract_lane`: `f(lane, v)`; `replace_lane`: `f(lane, v, x)`;
- `i8x16.shuffle`: `f(lanes, a, b)` with `lanes` the 16 indices (0-31).

Memory: the executor reads the bytes and calls
- `SIMD_LOAD_TRANSFORMS[name](data) -> v128` for v128.load, the extending
  loads (load8x8_s ...), the splat loads and load32_zero / load64_zero;
- `load_lane(bits, lane, v, data)` / `store_lane(bits, lane, v)` for
  v128.loadN_lane / v128.storeN_lane; `v128_to_bytes` for v128.store.
"""

from __future__ import annotations

import struct
from typing import Callable

from playground.wasm.exec.numeric.simd_float import conversion_ops, float_ops
from playground.wasm.exec.numeric.simd_int import bitwise_ops, int_ops, shape_changing_ops
from playground.wasm.exec.numeric.simd_relaxed import relaxed_ops
from playground.wasm.exec.numeric.simd_lanes import (  # noqa: F401  (re-exported)
    F32X4,
    F64X2,
    I8X16,
    I16X8,
    I32X4,
    I64X2,
    SHAPES,
    V128_MASK,
    Shape,
    from_lanes,
    lanes,
    v128_from_bytes,
    v128_to_bytes,
)
from playground.wasm.instructions import BY_NAME

# --- splat, extract_lane, replace_lane ---------------------------------------


def _splat(s: Shape) -> Callable[[int], int]:
    m, ones = s.mask, s.ones
    return lambda x: (x & m) * ones


def _extract(s: Shape) -> Callable[[int, int], int]:
    bits, m = s.bits, s.mask
    return lambda lane, v: (v >> (lane * bits)) & m


def _extract_s(s: Shape) -> Callable[[int, int], int]:
    """Sign-extend the lane to an i32 (unsigned canonical)."""
    bits, m, sign, fill = s.bits, s.mask, s.sign, 0xFFFF_FFFF ^ s.mask

    def extract(lane: int, v: int) -> int:
        x = (v >> (lane * bits)) & m
        return x | fill if x & sign else x

    return extract


def _replace(s: Shape) -> Callable[[int, int, int], int]:
    bits, m = s.bits, s.mask

    def replace(lane: int, v: int, x: int) -> int:
        shift = lane * bits
        return (v & ~(m << shift)) | ((x & m) << shift)

    return replace


def _lane_ops() -> dict[str, Callable]:
    ops: dict[str, Callable] = {}
    for s in (I8X16, I16X8, I32X4, I64X2, F32X4, F64X2):
        ops[f"{s.name}.splat"] = _splat(s)
        ops[f"{s.name}.replace_lane"] = _replace(s)
        if s.bits < 32:
            ops[f"{s.name}.extract_lane_s"] = _extract_s(s)
            ops[f"{s.name}.extract_lane_u"] = _extract(s)
        else:
            ops[f"{s.name}.extract_lane"] = _extract(s)
    return ops


# --- shuffle and swizzle ------------------------------------------------------


def i8x16_shuffle(lane_indices: tuple[int, ...], a: int, b: int) -> int:
    """Pick 16 bytes from the 32 bytes of a then b by the immediate indices."""
    both = a.to_bytes(16, "little") + b.to_bytes(16, "little")
    return int.from_bytes(bytes([both[i] for i in lane_indices]), "little")


def i8x16_swizzle(a: int, s: int) -> int:
    """Pick bytes of a by the byte indices in s; an index of 16 or more gives 0."""
    data = a.to_bytes(16, "little")
    return int.from_bytes(bytes([data[i] if i < 16 else 0 for i in s.to_bytes(16, "little")]), "little")


# --- memory -------------------------------------------------------------------


def _extending_load(count: int, signed: bool, wide: Shape) -> Callable[[bytes], int]:
    letter = {8: "b", 4: "h", 2: "i"}[count]
    unpack = struct.Struct(f"<{count}{letter if signed else letter.upper()}").unpack
    join = wide.join_s if signed else wide.join_u
    return lambda data: join(unpack(data))


def _splat_load(s: Shape) -> Callable[[bytes], int]:
    ones = s.ones
    return lambda data: int.from_bytes(data, "little") * ones


SIMD_LOAD_TRANSFORMS: dict[str, Callable[[bytes], int]] = {
    "v128.load": v128_from_bytes,
    "v128.load8x8_s": _extending_load(8, True, I16X8),
    "v128.load8x8_u": _extending_load(8, False, I16X8),
    "v128.load16x4_s": _extending_load(4, True, I32X4),
    "v128.load16x4_u": _extending_load(4, False, I32X4),
    "v128.load32x2_s": _extending_load(2, True, I64X2),
    "v128.load32x2_u": _extending_load(2, False, I64X2),
    "v128.load8_splat": _splat_load(I8X16),
    "v128.load16_splat": _splat_load(I16X8),
    "v128.load32_splat": _splat_load(I32X4),
    "v128.load64_splat": _splat_load(I64X2),
    "v128.load32_zero": v128_from_bytes,
    "v128.load64_zero": v128_from_bytes,
}
"""Turn the bytes a v128 load read (as many as its memarg's natural size: 16, 8, 4, 2 or 1) into the v128."""

SIMD_LOAD_SIZES: dict[str, int] = {name: 1 << BY_NAME[name].align for name in SIMD_LOAD_TRANSFORMS}
"""How many bytes each of `SIMD_LOAD_TRANSFORMS` reads from memory."""


def load_lane(bits: int, lane: int, v: int, data: bytes) -> int:
    """v128.loadN_lane: v with lane `lane` (of width `bits`) replaced by the little-endian `data`."""
    shift = lane * bits
    return (v & ~(((1 << bits) - 1) << shift)) | (int.from_bytes(data, "little") << shift)


def store_lane(bits: int, lane: int, v: int) -> bytes:
    """v128.storeN_lane: the bytes of lane `lane` (of width `bits`), little-endian."""
    return ((v >> (lane * bits)) & ((1 << bits) - 1)).to_bytes(bits // 8, "little")


# --- the table ----------------------------------------------------------------


def _build() -> dict[str, Callable]:
    ops: dict[str, Callable] = {}
    for s in (I8X16, I16X8, I32X4, I64X2):
        ops.update(int_ops(s))
    ops.update(float_ops(F32X4))
    ops.update(float_ops(F64X2))
    ops.update(conversion_ops())
    ops.update(shape_changing_ops())
    ops.update(bitwise_ops())
    ops.update(_lane_ops())
    ops["i8x16.shuffle"] = i8x16_shuffle
    ops["i8x16.swizzle"] = i8x16_swizzle
    ops.update(relaxed_ops(ops))  # relaxed SIMD (3.0): each fixed to one of the operators above, or fused
    # The generic shape builders make a few operators the spec does not have
    # (i64x2.min_s, i32x4.add_sat_s, ...): keep only the instruction table's names.
    return {name: f for name, f in ops.items() if name in BY_NAME}


SIMD: dict[str, Callable] = _build()
"""Every vector instruction except memory access and v128.const, by its text name."""
