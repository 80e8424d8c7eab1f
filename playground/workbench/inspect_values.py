"""What the bytes at an address mean as each number type (little-endian, as Wasm memory is). No Qt."""

from __future__ import annotations

import struct

from playground.wasm.types import ValType
from playground.wasm.values import format_value

# (label, width in bytes, struct format or None for a float bit pattern via format_value)
_ROWS = (
    ("i8", 1, "<b"),
    ("u8", 1, "<B"),
    ("i16", 2, "<h"),
    ("u16", 2, "<H"),
    ("i32", 4, "<i"),
    ("u32", 4, "<I"),
    ("i64", 8, "<q"),
    ("u64", 8, "<Q"),
    ("f32", 4, None),
    ("f64", 8, None),
)


def inspect_bytes(data: bytes) -> list[tuple[str, str]]:
    """Each reading of the bytes starting at `data[0]`: `[("i8", "-1"), ..., ("f64", "...")]`.

    A type wider than the bytes available reads "—" (past the end of memory).
    Floats use the same formatting as the rest of the playground (`nan:0x...`).
    """
    rows = []
    for label, width, fmt in _ROWS:
        if len(data) < width:
            rows.append((label, "—"))
            continue
        chunk = bytes(data[:width])
        if fmt is not None:
            rows.append((label, str(struct.unpack(fmt, chunk)[0])))
        else:
            bits = int.from_bytes(chunk, "little")
            rows.append((label, format_value(ValType.F32 if width == 4 else ValType.F64, bits)))
    return rows
