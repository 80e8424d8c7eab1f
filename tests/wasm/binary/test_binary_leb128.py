"""LEB128 with the binary format's limits (spec 5.2.2)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from playground.wasm.binary.leb128 import (
    encode_signed,
    encode_unsigned,
    read_s32,
    read_s33,
    read_s64,
    read_signed,
    read_u32,
    read_unsigned,
)
from playground.wasm.errors import MalformedError


@given(st.integers(0, 2**32 - 1))
def test_u32_round_trip(value):
    data = encode_unsigned(value)
    assert read_u32(data, 0) == (value, len(data))
    assert len(data) == max(1, (value.bit_length() + 6) // 7)


@given(st.integers(0, 2**64 - 1))
def test_u64_round_trip(value):
    data = encode_unsigned(value)
    assert read_unsigned(data, 0, 64) == (value, len(data))


@given(st.integers(-(2**31), 2**31 - 1))
def test_s32_round_trip(value):
    data = encode_signed(value)
    assert read_s32(data, 0) == (value, len(data))


@given(st.integers(-(2**63), 2**63 - 1))
def test_s64_round_trip(value):
    data = encode_signed(value)
    assert read_s64(data, 0) == (value, len(data))
    assert len(data) <= 10


@given(st.integers(-(2**32), 2**32 - 1))
def test_s33_round_trip(value):
    data = encode_signed(value)
    assert read_s33(data, 0) == (value, len(data))


@given(st.integers(-(2**63), 2**63 - 1))
def test_signed_encoding_is_minimal(value):
    data = encode_signed(value)
    if len(data) > 1:
        # Dropping the last byte must lose information: the encoding is the shortest.
        shorter = bytes(data[:-2]) + bytes([data[-2] & 0x7F])
        assert read_signed(shorter, 0, 64)[0] != value


@given(st.integers(0, 2**32 - 1), st.integers(1, 3))
def test_padded_unsigned_within_five_bytes_is_accepted(value, extra):
    """Non-minimal encodings are well-formed as long as they fit in ceil(32/7) bytes."""
    minimal = encode_unsigned(value)
    pad = min(extra, 5 - len(minimal))
    if pad <= 0:
        return
    data = bytes(b | 0x80 for b in minimal) + b"\x80" * (pad - 1) + b"\x00"
    assert read_u32(data, 0) == (value, len(data))


@given(st.integers(-(2**31), 2**31 - 1))
def test_padded_signed_within_five_bytes_is_accepted(value):
    minimal = encode_signed(value)
    if len(minimal) >= 5:
        return
    fill = 0x7F if value < 0 else 0x00
    data = bytes(b | 0x80 for b in minimal) + bytes([fill | 0x80] * (4 - len(minimal))) + bytes([fill])
    assert len(data) == 5
    assert read_s32(data, 0) == (value, 5)


@pytest.mark.parametrize(
    "data, bits, message",
    [
        (b"\x80\x80\x80\x80\x80\x00", 32, "integer representation too long"),
        (b"\x80\x80\x80\x80\x10", 32, "integer too large"),  # bit 32 set
        (b"\xff\xff\xff\xff\x1f", 32, "integer too large"),
        (b"\x80\x80\x80\x80\x80\x80\x80\x80\x80\x80\x00", 64, "integer representation too long"),
        (b"\x80\x80\x80\x80\x80\x80\x80\x80\x80\x02", 64, "integer too large"),
        (b"\x02", 1, "integer too large"),  # the limits flag is a u1
        (b"\x81\x00", 1, "integer representation too long"),
    ],
)
def test_unsigned_limits(data, bits, message):
    with pytest.raises(MalformedError) as info:
        read_unsigned(data, 0, bits)
    assert info.value.message == message


@pytest.mark.parametrize(
    "data, bits, message",
    [
        (b"\xff\xff\xff\xff\xff\x00", 32, "integer representation too long"),
        (b"\x80\x80\x80\x80\x70", 32, "integer too large"),  # unused bits are not a sign extension
        (b"\xff\xff\xff\xff\x0f", 32, "integer too large"),  # positive value with bit 31 set
        (b"\x80\x80\x80\x80\x10", 33, "integer too large"),
        (b"\x80\x80\x80\x80\x80\x80\x80\x80\x80\x01", 64, "integer too large"),
        (b"\xff\xff\xff\xff\xff\xff\xff\xff\xff\x7e", 64, "integer too large"),
    ],
)
def test_signed_limits(data, bits, message):
    with pytest.raises(MalformedError) as info:
        read_signed(data, 0, bits)
    assert info.value.message == message


def test_signed_edges():
    assert read_s32(b"\xff\xff\xff\xff\x07", 0) == (2**31 - 1, 5)
    assert read_s32(b"\x80\x80\x80\x80\x78", 0) == (-(2**31), 5)
    assert read_s64(b"\xff\xff\xff\xff\xff\xff\xff\xff\xff\x00", 0) == (2**63 - 1, 10)
    assert read_s64(b"\x80\x80\x80\x80\x80\x80\x80\x80\x80\x7f", 0) == (-(2**63), 10)
    assert read_s33(b"\xff\xff\xff\xff\x0f", 0) == (2**32 - 1, 5)


def test_end_of_input_is_reported_at_the_end():
    with pytest.raises(MalformedError) as info:
        read_unsigned(b"\x80\x80", 0, 32)
    assert info.value.message.startswith("unexpected end")
    assert info.value.offset == 2


def test_error_offset_points_at_the_bad_byte():
    with pytest.raises(MalformedError) as info:
        read_unsigned(b"\x00\x00\x80\x80\x80\x80\x10", 2, 32)
    assert info.value.offset == 6
