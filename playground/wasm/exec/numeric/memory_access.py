"""How each scalar load and store reads and writes memory: its little-endian struct format and mask.

Shared by every engine (the step handlers and the fast engine's generated code), so the
widths and sign extensions of the 23 scalar memory instructions are written once.
"""

from __future__ import annotations

M32 = 0xFFFFFFFF
M64 = 0xFFFFFFFFFFFFFFFF

# name: (struct format, result mask or None when the format is unsigned already)
LOADS = {
    "i32.load": ("<I", None),
    "i64.load": ("<Q", None),
    "f32.load": ("<I", None),
    "f64.load": ("<Q", None),
    "i32.load8_s": ("<b", M32),
    "i32.load8_u": ("<B", None),
    "i32.load16_s": ("<h", M32),
    "i32.load16_u": ("<H", None),
    "i64.load8_s": ("<b", M64),
    "i64.load8_u": ("<B", None),
    "i64.load16_s": ("<h", M64),
    "i64.load16_u": ("<H", None),
    "i64.load32_s": ("<i", M64),
    "i64.load32_u": ("<I", None),
}

# name: (struct format, value mask)
STORES = {
    "i32.store": ("<I", M32),
    "i64.store": ("<Q", M64),
    "f32.store": ("<I", M32),
    "f64.store": ("<Q", M64),
    "i32.store8": ("<B", 0xFF),
    "i32.store16": ("<H", 0xFFFF),
    "i64.store8": ("<B", 0xFF),
    "i64.store16": ("<H", 0xFFFF),
    "i64.store32": ("<I", M32),
}
