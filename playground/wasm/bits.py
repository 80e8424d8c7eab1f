"""Bit patterns <-> Python numbers: the primitive conversions under every value's representation.

The one definition of each: `playground.wasm.values` re-exports them for
everyone outside the engine, and the numeric semantics (exec/numeric/),
the runtime's Python boundary (runtime/values.py) and the text format's
literals (text/) import them from here. This module imports nothing from
the playground, so any of those may sit on top of it without a cycle.

Integers are stored unsigned (0 <= v < 2**N); floats as their IEEE 754 bit
patterns (so NaN payloads survive), as runtime/values.py describes.
"""

from __future__ import annotations

import struct

# The packers themselves, for code that converts in its hot loop without a call (exec/numeric/floats.py).
unpack_f32, pack_f32 = struct.Struct("<f").unpack, struct.Struct("<f").pack
unpack_u32, pack_u32 = struct.Struct("<I").unpack, struct.Struct("<I").pack
unpack_f64, pack_f64 = struct.Struct("<d").unpack, struct.Struct("<d").pack
unpack_u64, pack_u64 = struct.Struct("<Q").unpack, struct.Struct("<Q").pack

_F32_SIGN = 0x8000_0000
_F32_INF = 0x7F80_0000
_F32_CANONICAL_NAN = 0x7FC0_0000


def to_signed(value: int, bits: int) -> int:
    """The two's-complement reading of `value` wrapped to `bits` bits (0xffffffff, 32 -> -1)."""
    value &= (1 << bits) - 1
    return value - (1 << bits) if value >> (bits - 1) else value


def to_unsigned(value: int, bits: int) -> int:
    """The unsigned canonical form of any int, wrapped to `bits` bits (-1, 32 -> 0xffffffff)."""
    return value & ((1 << bits) - 1)


def f32_from_bits(bits: int) -> float:
    """The value of an f32 bit pattern as a Python float (exact; a NaN's payload is not kept)."""
    return unpack_f32(pack_u32(bits))[0]


def f64_from_bits(bits: int) -> float:
    """The value of an f64 bit pattern as a Python float (a NaN's payload may not be kept)."""
    return unpack_f64(pack_u64(bits))[0]


def f64_to_bits(value: float) -> int:
    """The bit pattern of a Python float as an f64."""
    return unpack_u64(pack_f64(value))[0]


def demote_nan(bits: int) -> int:
    """f32.demote_f64 of an f64 NaN: same sign, top payload bits kept, quieted (canonical stays canonical)."""
    return (bits >> 32) & _F32_SIGN | _F32_CANONICAL_NAN | (bits >> 29) & 0x3F_FFFF


def f32_to_bits(value: float) -> int:
    """Round a Python float to the nearest f32 (ties to even; overflow gives infinity) and return its bits.

    A NaN keeps its sign and the top bits of its payload, quieted (as `demote_nan`).
    """
    if value != value:
        return demote_nan(f64_to_bits(value))
    try:
        return unpack_u32(pack_f32(value))[0]
    except OverflowError:  # rounds past the largest finite f32: IEEE 754 says infinity
        return _F32_INF if value > 0 else _F32_SIGN | _F32_INF
