"""C values read from a paused program, and printed the way gdb prints them.

A `CValue` is a type plus the value's bytes (little-endian, as Wasm stores
them) and, when it lives in linear memory, its address (so `&x`, `p.x`,
`a[2]` and `*p` find their parts). `format_value` writes it as gdb does:

    int          42                       char          65 'A'
    _Bool        true                     double        0.10000000000000001
    pointer      (int *) 0x10a0           char *        0x10a0 "hello"
    struct       {x = 3, y = 4}           array         {1, 2, 3}
    char [6]     "hello"                  many equal    {0 <repeats 16 times>}
    no location  <optimized out>

Inside a struct or an array a pointer drops its `(type)` prefix, as in gdb.
Long arrays and strings stop after `PRINT_MAX` elements with `...`.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass
from typing import Callable

from playground.debug.dwarf.expr import Place
from playground.debug.dwarf.types import (
    ATE_BOOLEAN, ATE_FLOAT, ATE_SIGNED, ATE_SIGNED_CHAR, ATE_UTF, POINTER_SIZE, CType, type_name,
)
from playground.errors import PlaygroundError

PRINT_MAX = 200  # gdb's `print elements`
REPEAT_THRESHOLD = 10  # gdb's `print repeats`: a run of more than this prints as `<repeats N times>`


class CValueError(PlaygroundError):
    """A value that cannot be read or computed (outside memory, not a struct, ...)."""


@dataclass(frozen=True)
class CValue:
    """A typed value: its bytes, or None with `reason` when it cannot be had; `address` when in memory."""

    type: CType
    data: bytes | None
    address: int | None = None
    reason: str = ""

    @property
    def available(self) -> bool:
        return self.data is not None

    def as_int(self) -> int:
        """The value as a Python int (signed when its type is), for indexing and arithmetic."""
        if self.data is None:
            raise CValueError(f"the value is <{self.reason or 'optimized out'}>")
        t = self.type.strip()
        signed = t.kind == "base" and t.encoding in (ATE_SIGNED, ATE_SIGNED_CHAR)
        if t.kind == "base" and t.encoding == ATE_FLOAT:
            raise CValueError("a floating-point value where an integer is needed")
        return int.from_bytes(self.data[:8], "little", signed=signed)


Reader = Callable[[int, int], bytes]  # (address, size) -> bytes; raises CValueError outside memory


def value_at(place: Place, ctype: CType, read: Reader) -> CValue:
    """The value of type `ctype` at `place` (expr.py): read from memory, or taken from a value or local."""
    size = ctype.byte_size
    if not place.available:
        return CValue(ctype, None, reason=place.reason or "optimized out")
    if place.kind == "memory":
        return object_at(place.address, ctype, read)
    value = place.value
    if place.kind == "local" and ctype.strip().kind in ("struct", "union", "array"):
        # a struct passed by value arrives as a pointer to a copy, held in the Wasm local (LLDB reads it there)
        return object_at(int(value) & 0xFFFFFFFF, ctype, read)
    if isinstance(value, bytes):
        return CValue(ctype, value[:size].ljust(size, b"\0"))
    return CValue(ctype, (int(value) & ((1 << (8 * size)) - 1)).to_bytes(size, "little") if size else b"")


def object_at(address: int, ctype: CType, read: Reader) -> CValue:
    """The object of type `ctype` in linear memory at `address`."""
    size = ctype.byte_size
    try:
        return CValue(ctype, read(address, size), address)
    except CValueError as exc:
        return CValue(ctype, None, address, reason=str(exc))


# --- formatting ------------------------------------------------------------------------------------
class Formatter:
    """Writes values as gdb does; `read` gives memory (for strings), `function_name` names a table slot."""

    def __init__(self, read: Reader, function_name: Callable[[int], str | None] = lambda slot: None) -> None:
        self.read = read
        self.function_name = function_name

    def format(self, value: CValue, *, top: bool = True) -> str:
        """The value's text; `top`: printed on its own (pointers show their type), not inside an aggregate."""
        if value.data is None:
            return f"<{value.reason or 'optimized out'}>"
        t = value.type.strip()
        kind = t.kind
        if kind == "base":
            return self._base(t, value.data)
        if kind == "enum":
            number = int.from_bytes(value.data, "little", signed=True)
            return next((name for v, name in t.members if v == number), str(number))
        if kind == "pointer":
            return self._pointer(value, t, top)
        if kind in ("struct", "union"):
            return self._struct(value, t)
        if kind == "array":
            return self._array(value, t)
        if kind == "function":
            return "{" + type_name(value.type) + "}" + (f" {value.address:#x}" if value.address is not None else "")
        return "<void>" if kind == "void" else value.data.hex()

    def _base(self, t: CType, data: bytes) -> str:
        encoding, size = t.encoding, t.size
        if encoding == ATE_BOOLEAN:
            number = int.from_bytes(data, "little")
            return "true" if number == 1 else "false" if number == 0 else str(number)
        if encoding == ATE_FLOAT:
            return _float(data)
        signed = encoding in (ATE_SIGNED, ATE_SIGNED_CHAR)
        number = int.from_bytes(data, "little", signed=signed)
        if size == 1 and encoding in (ATE_SIGNED_CHAR, 0x8):
            return f"{number} {_char_literal(number & 0xFF)}"
        if encoding == ATE_UTF:
            return f"{number} U'{chr(number)}'" if 0 <= number < 0x110000 and chr(number).isprintable() else str(number)
        return str(number)

    def _pointer(self, value: CValue, t: CType, top: bool) -> str:
        address = int.from_bytes(value.data, "little")
        target = (t.target or t).strip()
        prefix = f"({type_name(value.type)}) " if top else ""
        if target.kind == "function":
            name = self.function_name(address)
            return f"{prefix}{address:#x}" + (f" <{name}>" if name else "")
        if target.kind == "base" and target.size == 1 and t.target.is_char() and address:
            return f"{address:#x} {self._c_string(address)}"
        return f"{prefix}{address:#x}"

    def _c_string(self, address: int) -> str:
        out = bytearray()
        try:
            while len(out) < PRINT_MAX:
                byte = self.read(address + len(out), 1)[0]
                if byte == 0:
                    return _string_literal(bytes(out))
                out.append(byte)
        except CValueError:
            if not out:
                return f"<error: Cannot access memory at address {address:#x}>"
            return _string_literal(bytes(out)) + "..."
        return _string_literal(bytes(out)) + "..."

    def _struct(self, value: CValue, t: CType) -> str:
        parts = []
        for member in t.members:
            part = member_value(value, member)
            text = self.format(part, top=False)
            parts.append(f"{member.name} = {text}" if member.name else text)
        return "{" + ", ".join(parts) + "}"

    def _array(self, value: CValue, t: CType) -> str:
        element_type = t.target
        count = t.counts[0] if t.counts else None
        if count is None:
            return "0x%x" % value.address if value.address is not None else "{...}"
        if len(t.counts) > 1:  # int m[2][3]: an array of arrays
            element_type = CType("array", target=t.target, counts=t.counts[1:])
        size = element_type.byte_size
        if element_type.is_char() and len(t.counts) == 1:
            return _char_array(value.data[:count])
        shown = min(count, PRINT_MAX)
        texts = [self.format(CValue(element_type, value.data[i * size : (i + 1) * size],
                                    None if value.address is None else value.address + i * size), top=False)
                 for i in range(shown)]
        body = ", ".join(_runs(texts, lambda text, n: f"{text} <repeats {n} times>"))
        return "{" + body + ("..." if count > shown else "") + "}"


def member_value(value: CValue, member) -> CValue:
    """One member of a struct or union value (a bit field's bits shifted down)."""
    size = member.type.byte_size
    address = None if value.address is None else value.address + member.offset
    data = value.data[member.offset : member.offset + size] if value.data is not None else None
    if data is not None and member.bit_size:
        span = (member.bit_offset + member.bit_size + 7) // 8
        raw = int.from_bytes(value.data[member.offset : member.offset + span], "little")
        bits = (raw >> member.bit_offset) & ((1 << member.bit_size) - 1)
        t = member.type.strip()
        if t.kind == "base" and t.encoding in (ATE_SIGNED, ATE_SIGNED_CHAR) and bits >> (member.bit_size - 1):
            bits -= 1 << member.bit_size
        data = (bits & ((1 << (8 * size)) - 1)).to_bytes(size, "little")
    return CValue(member.type, data, address, value.reason)


def _runs(texts: list[str], repeated) -> list[str]:
    """`texts` with each run of more than REPEAT_THRESHOLD equal items written once by `repeated(text, n)`."""
    out, i = [], 0
    while i < len(texts):
        j = i
        while j < len(texts) and texts[j] == texts[i]:
            j += 1
        if j - i > REPEAT_THRESHOLD:
            out.append(repeated(texts[i], j - i))
        else:
            out.extend(texts[i:j])
        i = j
    return out


def _char_array(data: bytes) -> str:
    """A char array as gdb prints it: quoted text, long runs as `'x' <repeats N times>`, one final NUL dropped."""
    shown = data[:PRINT_MAX]
    if len(shown) == len(data) and shown.endswith(b"\0"):
        shown = shown[:-1]  # gdb leaves out the terminating NUL of an array that holds all of its string
    if not shown:
        return '""'
    pieces, text, i = [], bytearray(), 0
    while i < len(shown):
        j = i
        while j < len(shown) and shown[j] == shown[i]:
            j += 1
        if j - i > REPEAT_THRESHOLD:
            if text:
                pieces.append(_string_literal(bytes(text)))
                text = bytearray()
            pieces.append(f"{_char_literal(shown[i])} <repeats {j - i} times>")
        else:
            text += shown[i:j]
        i = j
    if text:
        pieces.append(_string_literal(bytes(text)))
    return ", ".join(pieces) + ("..." if len(data) > PRINT_MAX else "")


_ESCAPES = {7: "\\a", 8: "\\b", 9: "\\t", 10: "\\n", 11: "\\v", 12: "\\f", 13: "\\r", 0x5C: "\\\\"}


def _escaped(byte: int, quote: str) -> str:
    if byte in _ESCAPES:
        return _ESCAPES[byte]
    if chr(byte) == quote:
        return "\\" + quote
    if 32 <= byte < 127:
        return chr(byte)
    return f"\\{byte:03o}"


def _char_literal(byte: int) -> str:
    return "'" + _escaped(byte, "'") + "'"


def _string_literal(data: bytes) -> str:
    return '"' + "".join(_escaped(b, '"') for b in data) + '"'


def _float(data: bytes) -> str:
    if len(data) == 4:
        number, digits, bits, mantissa = struct.unpack("<f", data)[0], 9, int.from_bytes(data, "little"), 23
    elif len(data) == 8:
        number, digits, bits, mantissa = struct.unpack("<d", data)[0], 17, int.from_bytes(data, "little"), 52
    else:
        return "0x" + data[::-1].hex()  # long double (a 128-bit soft float in wasm32)
    if number != number:
        sign = "-" if bits >> (len(data) * 8 - 1) else ""
        return f"{sign}nan(0x{bits & ((1 << mantissa) - 1):x})"
    if number in (float("inf"), float("-inf")):
        return "inf" if number > 0 else "-inf"
    return f"{number:.{digits}g}"


def pointer_type(target: CType) -> CType:
    """`target *`: the type of `&x`."""
    return CType("pointer", size=POINTER_SIZE, target=target)
