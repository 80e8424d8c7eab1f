"""Integer literals of the text format (spec 6.3.1) and the value conventions of `Instr.imm`.

`iN` constants accept -2**(N-1) .. 2**N-1 and are stored as SIGNED Python ints
(`i32.const 0xffffffff` is -1), as instructions.py documents.
"""

from __future__ import annotations

import re

from playground.wasm.bits import to_signed
from playground.wasm.text.floats import LiteralError

_INT = re.compile(r"([+-]?)(?:0x([0-9a-fA-F](?:_?[0-9a-fA-F])*)|(\d(?:_?\d)*))")


# No iN fits in more decimal digits than this; Python refuses int() of over 4300
# digits (a guard against quadratic conversion), so longer runs are only counted.
_MAX_DIGITS = 40
_TOO_BIG = 1 << 200  # out of range for every caller, which then says so


def _decimal(digits: str) -> int:
    digits = digits.lstrip("0")
    return int(digits or "0") if len(digits) <= _MAX_DIGITS else _TOO_BIG


def _int_value(text: str) -> int:
    if text.isascii() and text.isdigit():  # the common case: plain decimal digits
        return int(text) if len(text) <= _MAX_DIGITS else _decimal(text)
    m = _INT.fullmatch(text)
    if not m:
        raise LiteralError("unknown operator")
    sign, hexa, dec = m.groups()
    value = int(hexa.replace("_", ""), 16) if hexa is not None else _decimal(dec.replace("_", ""))
    return -value if sign == "-" else value


def parse_uint(text: str, bits: int = 32, message: str = "i32 constant out of range") -> int:
    """An unsigned literal `uN` (no sign allowed) in 0 .. 2**bits-1."""
    if text[:1] in "+-":
        raise LiteralError("unexpected token")
    value = _int_value(text)
    if value >> bits:
        raise LiteralError(message)
    return value


def parse_int(text: str, bits: int) -> int:
    """An `iN` literal, stored signed: the range is -2**(N-1) .. 2**N-1 (spec 6.3.1)."""
    value = _int_value(text)
    if value < -(1 << (bits - 1)) or value >= 1 << bits:
        raise LiteralError("constant out of range")
    return to_signed(value, bits)


def is_int_literal(text: str) -> bool:
    """True when `text` has integer syntax (signed or not), whatever its size."""
    return bool(_INT.fullmatch(text))
