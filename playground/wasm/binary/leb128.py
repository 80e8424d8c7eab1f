"""LEB128 integers with the binary format's limits (spec 5.2.2).

An encoding of an N-bit integer uses at most ceil(N / 7) bytes. In its last
possible byte the bits beyond N must be zeros (unsigned) or copies of the sign
bit (signed): otherwise the value is "integer too large". A continuation bit
on that last possible byte makes the encoding "integer representation too
long". The check order copies the reference interpreter's, so each malformed
input gets the message the spec tests expect.

Readers take `(data, pos)` and return `(value, new_pos)`; they raise
`MalformedError` located at the offending byte. Writers produce the minimal
encoding.
"""

from __future__ import annotations

from playground.wasm.errors import MalformedError

TOO_LONG = "integer representation too long"
TOO_LARGE = "integer too large"
UNEXPECTED_END = "unexpected end of section or function"


def _read(data: bytes, pos: int, bits: int, signed: bool) -> tuple[int, int]:
    """Decode a LEB128 integer of at most `bits` bits: uN, or sN when `signed` (a Python int)."""
    result = 0
    shift = 0
    remaining = bits
    try:
        while True:
            if remaining <= 0:
                raise MalformedError(TOO_LONG, offset=pos)
            byte = data[pos]
            if remaining < 7:
                # The last possible byte: its bits past the value must be zeros (uN),
                # or agree with the sign bit (sN).
                spare = (-1 << (remaining - signed)) & 0x7F
                if byte & spare and (not signed or byte & spare != spare):
                    raise MalformedError(TOO_LARGE, offset=pos)
            pos += 1
            result |= (byte & 0x7F) << shift
            shift += 7
            if byte < 0x80:
                if signed and byte & 0x40:
                    result -= 1 << shift
                return result, pos
            remaining -= 7
    except IndexError:
        raise MalformedError(UNEXPECTED_END, offset=len(data)) from None


def read_unsigned(data: bytes, pos: int, bits: int) -> tuple[int, int]:
    """Decode an unsigned LEB128 integer of at most `bits` bits (uN)."""
    return _read(data, pos, bits, False)


def read_signed(data: bytes, pos: int, bits: int) -> tuple[int, int]:
    """Decode a signed LEB128 integer of at most `bits` bits (sN), as a Python int."""
    return _read(data, pos, bits, True)


def read_u32(data: bytes, pos: int) -> tuple[int, int]:
    """u32, with a fast path for the common one-byte case."""
    byte = data[pos] if pos < len(data) else None
    if byte is not None and byte < 0x80:
        return byte, pos + 1
    return read_unsigned(data, pos, 32)


def read_s32(data: bytes, pos: int) -> tuple[int, int]:
    return read_signed(data, pos, 32)


def read_s33(data: bytes, pos: int) -> tuple[int, int]:
    """s33: the type index of a block type (spec 5.4.1)."""
    return read_signed(data, pos, 33)


def read_s64(data: bytes, pos: int) -> tuple[int, int]:
    return read_signed(data, pos, 64)


def encode_unsigned(value: int) -> bytes:
    """The minimal unsigned LEB128 encoding of a non-negative int."""
    if value < 0:
        raise ValueError(f"negative value {value} for an unsigned LEB128")
    if value < 0x80:
        return bytes((value,))
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7
        if value:
            out.append(byte | 0x80)
        else:
            out.append(byte)
            return bytes(out)


def encode_signed(value: int) -> bytes:
    """The minimal signed LEB128 encoding of an int."""
    if -0x40 <= value < 0x40:
        return bytes((value & 0x7F,))
    out = bytearray()
    while True:
        byte = value & 0x7F
        value >>= 7  # arithmetic shift: keeps the sign
        if (value == 0 and not byte & 0x40) or (value == -1 and byte & 0x40):
            out.append(byte)
            return bytes(out)
        out.append(byte | 0x80)


# Encodings of small values, the common case in code bodies.
U_SMALL = tuple(encode_unsigned(i) for i in range(256))
