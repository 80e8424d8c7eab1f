"""Number literals: integer ranges, exact float rounding, exact printing."""

from __future__ import annotations

import math
import struct

import pytest
from hypothesis import given, strategies as st

from playground.wasm.text.floats import F32, F64, LiteralError, format_float, format_hex_float, parse_float
from playground.wasm.text.literals import parse_int, parse_uint


@pytest.mark.parametrize(
    "text,bits,value",
    [
        ("0", 32, 0), ("-1", 32, -1), ("0xffffffff", 32, -1), ("4294967295", 32, -1), ("-0x80000000", 32, -2**31),
        ("1_000", 32, 1000), ("0x1_0", 32, 16), ("+7", 32, 7), ("0xffffffffffffffff", 64, -1), ("-9223372036854775808", 64, -2**63),
    ],
)
def test_int_ranges_stored_signed(text, bits, value):
    assert parse_int(text, bits) == value


@pytest.mark.parametrize("text", ["0x1_0000_0000", "4294967296", "-2147483649"])
def test_int_out_of_range(text):
    with pytest.raises(LiteralError, match="constant out of range"):
        parse_int(text, 32)


@pytest.mark.parametrize("text", ["1__0", "_1", "1_", "0x_1", "0x", "1a", "--1"])
def test_int_syntax(text):
    with pytest.raises(LiteralError):
        parse_int(text, 32)


def test_uint_has_no_sign():
    assert parse_uint("0xffff_ffff") == 2**32 - 1
    with pytest.raises(LiteralError):
        parse_uint("+1")
    with pytest.raises(LiteralError, match="i32 constant out of range"):
        parse_uint("0x1_0000_0000")


@pytest.mark.parametrize(
    "text,bits",
    [
        ("0.1", 0x3DCCCCCD), ("-0", 0x80000000), ("inf", 0x7F800000), ("-inf", 0xFF800000), ("nan", 0x7FC00000),
        ("nan:0x1", 0x7F800001), ("-nan:0x7fffff", 0xFFFFFFFF), ("0x1p-149", 1), ("0x1p-150", 0), ("0x1.8p-149", 2),
        ("3.4028235e38", 0x7F7FFFFF), ("0x1.fffffefffffffffp127", 0x7F7FFFFF), ("1e-46", 0),
        # a decimal exactly between two f32 values after rounding to f64 first: must round to even once
        ("1.00000005960464477539062500000000000001", 0x3F800001),
        ("1.000000059604644775390625", 0x3F800000),
    ],
)
def test_f32_rounding(text, bits):
    assert parse_float(text, F32) == bits


@pytest.mark.parametrize("text", ["0x1p128", "1e39", "0x1.ffffffp127", "nan:0x0", "nan:0x800000"])
def test_f32_out_of_range(text):
    with pytest.raises(LiteralError, match="constant out of range"):
        parse_float(text, F32)


@pytest.mark.parametrize(
    "text,bits",
    [("0.1", 0x3FB999999999999A), ("0x1p-1074", 1), ("nan:0xfffffffffffff", 0x7FFFFFFFFFFFFFFF), ("1_0.5e1_0", None)],
)
def test_f64(text, bits):
    expected = bits if bits is not None else struct.unpack("<Q", struct.pack("<d", 10.5e10))[0]
    assert parse_float(text, F64) == expected


def test_f64_overflow():
    with pytest.raises(LiteralError, match="constant out of range"):
        parse_float("1e309", F64)
    with pytest.raises(LiteralError, match="constant out of range"):
        parse_float("0x1p1024", F64)


@given(st.integers(0, 2**32 - 1))
def test_f32_print_parse_round_trip(bits):
    assert parse_float(format_float(bits, F32), F32) == bits


@given(st.integers(0, 2**64 - 1))
def test_f64_print_parse_round_trip(bits):
    assert parse_float(format_float(bits, F64), F64) == bits


@given(st.floats(width=32, allow_nan=False, allow_infinity=False))
def test_f32_hex_print_is_exact(value):
    bits = struct.unpack("<I", struct.pack("<f", value))[0]
    assert parse_float(format_hex_float(bits, F32), F32) == bits


def test_f32_prints_shortest():
    assert format_float(parse_float("0.1", F32), F32) == "0.1"
    assert format_float(parse_float("-nan:0x200000", F32), F32) == "-nan:0x200000"
    assert not math.isnan(float(format_float(parse_float("1e10", F32), F32)))
