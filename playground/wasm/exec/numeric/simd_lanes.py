"""Split a v128 into lanes and join lanes back (spec 4.3.1, lanes_t / lanes_t^-1).

A v128 is an unsigned int below 2**128 with lane 0 in the low bits, i.e. the
16 bytes little-endian. Splitting goes through `int.to_bytes` and a
precompiled `struct`, which is the fastest exact route in CPython.
"""

from __future__ import annotations

import struct
from typing import Callable, Iterable

V128_MASK = (1 << 128) - 1


class Shape:
    """A lane shape such as i8x16: lane width in bits, lane count, and fast split/join functions."""

    def __init__(self, name: str, bits: int) -> None:
        self.name = name
        self.bits = bits
        self.count = 128 // bits
        self.mask = (1 << bits) - 1
        self.sign = 1 << (bits - 1)
        self.min_s = -self.sign
        self.max_s = self.sign - 1
        letter = {8: "B", 16: "H", 32: "I", 64: "Q"}[bits]
        unsigned = struct.Struct(f"<{self.count}{letter}")
        signed = struct.Struct(f"<{self.count}{letter.lower()}")
        # Bound methods and closures: no attribute look-ups on the hot path.
        unpack_u, pack_u = unsigned.unpack, unsigned.pack
        unpack_s, pack_s = signed.unpack, signed.pack
        from_bytes = int.from_bytes
        self.split_u: Callable[[int], tuple[int, ...]] = lambda v: unpack_u(v.to_bytes(16, "little"))
        self.split_s: Callable[[int], tuple[int, ...]] = lambda v: unpack_s(v.to_bytes(16, "little"))
        self.join_u: Callable[[Iterable[int]], int] = lambda lanes: from_bytes(pack_u(*lanes), "little")
        self.join_s: Callable[[Iterable[int]], int] = lambda lanes: from_bytes(pack_s(*lanes), "little")
        # The value with every lane equal to 1: multiplying a lane value by it splats the value.
        self.ones = sum(1 << (bits * i) for i in range(self.count))
        # Every lane's top bit, and every lane's other bits (for SWAR add/sub).
        self.high = self.ones << (bits - 1)
        self.low = V128_MASK ^ self.high

    def __repr__(self) -> str:
        return f"<shape {self.name}>"


I8X16 = Shape("i8x16", 8)
I16X8 = Shape("i16x8", 16)
I32X4 = Shape("i32x4", 32)
I64X2 = Shape("i64x2", 64)
F32X4 = Shape("f32x4", 32)
F64X2 = Shape("f64x2", 64)

SHAPES: dict[str, Shape] = {s.name: s for s in (I8X16, I16X8, I32X4, I64X2, F32X4, F64X2)}


def v128_to_bytes(v: int) -> bytes:
    """The 16 bytes of a v128 as stored in memory (little-endian)."""
    return v.to_bytes(16, "little")


def v128_from_bytes(data: bytes) -> int:
    """The v128 stored in 16 bytes of memory."""
    return int.from_bytes(data, "little")


def lanes(v: int, shape: str, signed: bool = False) -> tuple[int, ...]:
    """The lanes of a v128 in `shape` ("i8x16", ..., "f64x2"; float lanes as bit patterns)."""
    s = SHAPES[shape]
    return s.split_s(v) if signed else s.split_u(v)


def from_lanes(values: Iterable[int], shape: str) -> int:
    """The v128 made of lane values (any int, wrapped to the lane width)."""
    s = SHAPES[shape]
    return s.join_u(x & s.mask for x in values)
