"""The one value vocabulary: bits <-> Python <-> text, read as the text format reads its literals."""

from __future__ import annotations

import math

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from playground.wasm import bits, values
from playground.wasm.text.floats import F32, F64, parse_float
from playground.wasm.types import ValType
from playground.wasm.values import ValueTextError, format_value, parse_value

I32, I64, F32T, F64T, V128 = ValType.I32, ValType.I64, ValType.F32, ValType.F64, ValType.V128


def test_the_vocabulary_re_exports_the_one_definition_of_each_conversion():
    from playground.wasm.exec.numeric import floats
    from playground.wasm.runtime import values as runtime_values

    for name in ("f32_from_bits", "f32_to_bits", "f64_from_bits", "f64_to_bits", "to_signed", "to_unsigned"):
        assert getattr(values, name) is getattr(bits, name)
    for name in ("f32_from_bits", "f32_to_bits", "f64_from_bits", "f64_to_bits", "demote_nan"):
        assert getattr(floats, name) is getattr(bits, name)
    for gone in ("f32_bits", "f32_value", "f64_bits", "f64_value", "signed"):
        assert not hasattr(runtime_values, gone)


def test_signed_and_unsigned_wrap():
    assert bits.to_signed(0xFFFFFFFF, 32) == -1
    assert bits.to_signed(0x7FFFFFFF, 32) == 0x7FFFFFFF
    assert bits.to_signed(0x1_FFFF_FFFF, 32) == -1  # wrapped to 32 bits first
    assert bits.to_unsigned(-1, 64) == 0xFFFF_FFFF_FFFF_FFFF


def test_f32_to_bits_overflows_to_infinity_and_keeps_nan_signs():
    assert bits.f32_to_bits(1e39) == 0x7F800000 and bits.f32_to_bits(-1e39) == 0xFF800000
    assert bits.f32_to_bits(-math.nan) == 0xFFC00000
    assert bits.f32_from_bits(0x3FC00000) == 1.5 and bits.f64_to_bits(1.5) == 0x3FF8000000000000


@pytest.mark.parametrize(
    "text, valtype, raw",
    [
        ("42", I32, 42),
        ("-1", I32, 0xFFFFFFFF),
        ("0xffffffff", I32, 0xFFFFFFFF),
        ("-0x80000000", I32, 0x80000000),
        ("1_000_000", I32, 1_000_000),
        ("  7 ", I32, 7),
        ("+5", I64, 5),
        ("-1", I64, 0xFFFF_FFFF_FFFF_FFFF),
        ("0x1p3", F64T, 0x4020000000000000),  # 8.0
        ("0x1.8p1", F32T, 0x40400000),  # 3.0
        ("1.5", F32T, 0x3FC00000),
        ("-0", F64T, 0x8000000000000000),
        (".5", F32T, 0x3F000000),
        ("-.5", F32T, 0xBF000000),
        ("inf", F32T, 0x7F800000),
        ("-inf", F64T, 0xFFF0000000000000),
        ("nan", F32T, 0x7FC00000),
        ("-nan", F64T, 0xFFF8000000000000),
        ("nan:0x200000", F32T, 0x7FA00000),  # a signalling NaN's payload kept exactly
        ("-nan:0x1", F64T, 0xFFF0000000000001),
        ("1e-50", F32T, 0),  # underflows to zero, as the WAT literal does
        # Rounded once, directly to f32: through a double this would tie and round to 1.0 (0x3f800000).
        ("1.00000005960464477539062500000001", F32T, 0x3F800001),
        ("null", ValType.FUNCREF, None),
        ("null", ValType.EXTERNREF, None),
    ],
)
def test_parse_value(text, valtype, raw):
    assert parse_value(text, valtype) == raw


def test_decimal_floats_round_exactly_as_the_wat_literal_does():
    for text in ("1.00000005960464477539062500000001", "0.1", "3.4028235677973366e38", "1.401298464324817e-45"):
        assert parse_value(text, F32T) == parse_float(text, F32)
        assert parse_value(text, F64T) == parse_float(text, F64)


@pytest.mark.parametrize(
    "text, valtype, words",
    [
        ("x", I32, "cannot read 'x' as i32: expected an integer"),
        ("4294967296", I32, "cannot read '4294967296' as i32: out of range"),
        ("-2147483649", I32, "out of range"),
        ("1.5", I32, "expected an integer"),
        ("0b101", I32, "expected an integer"),  # the text format's syntax, not Python's
        ("abc", F64T, "cannot read 'abc' as f64: expected a number"),
        ("1e39", F32T, "cannot read '1e39' as f32: out of range"),
        ("nan:0x0", F32T, "a NaN payload is 0x1 .. 0x7fffff"),
        ("nan:0x800000", F32T, "a NaN payload is 0x1 .. 0x7fffff"),
        ("", I32, "missing i32 value"),
        ("1", ValType.FUNCREF, "only null"),
        ("i32x4 1 2", V128, "i32x4 takes 4 lanes, got 2"),
        ("q8x16 1", V128, "expected a 128-bit integer or lanes"),
    ],
)
def test_parse_value_errors_say_what_and_why(text, valtype, words):
    with pytest.raises(ValueTextError, match=words.replace("(", r"\(").replace(".", r"\.")):
        parse_value(text, valtype)


def test_v128_reads_one_integer_or_lanes_and_reads_back_its_own_printing():
    assert parse_value("0x0102", V128) == 0x0102
    assert parse_value("-1", V128) == (1 << 128) - 1
    assert parse_value("i32x4 1 2 3 -1", V128) == 0xFFFFFFFF_00000003_00000002_00000001
    assert parse_value("i8x16 1 0 0 0 0 0 0 0 0 0 0 0 0 0 0 255", V128) == 0xFF << 120 | 1
    assert parse_value("f32x4 1 0 0 -inf", V128) == 0xFF800000 << 96 | 0x3F800000
    assert parse_value("f64x2 0x1p3 nan", V128) == 0x7FF8000000000000 << 64 | 0x4020000000000000
    value = parse_value("i16x8 1 2 3 4 5 6 7 -8", V128)
    assert parse_value(format_value(V128, value), V128) == value


def test_format_value_prints_the_shortest_text():
    assert format_value(I32, 0xFFFFFFFB) == "-5" and format_value(I32, 0xFFFFFFFB, hex=True) == "0xfffffffb"
    assert format_value(F64T, 0x4020000000000000) == "8"
    assert format_value(F32T, 0x3DCCCCCD) == "0.1"  # the f32's own shortest digits, not the double's
    assert format_value(F32T, 0x80000000) == "-0"
    assert format_value(F32T, 0x7FA00000) == "nan:0x200000" and format_value(F64T, 0xFFF0000000000000) == "-inf"
    assert format_value(ValType.FUNCREF, None) == "null"


_f32_bits = st.integers(0, 0xFFFFFFFF)
_f64_bits = st.integers(0, 0xFFFF_FFFF_FFFF_FFFF)


@settings(max_examples=300, deadline=None)
@given(_f32_bits, _f64_bits, st.integers(-(1 << 63), (1 << 64) - 1))
def test_every_printed_value_reads_back_to_the_same_bits(f32, f64, i64):
    assert parse_value(format_value(F32T, f32), F32T) == f32
    assert parse_value(format_value(F64T, f64), F64T) == f64
    raw = i64 & ((1 << 64) - 1)
    assert parse_value(format_value(I64, raw), I64) == raw
    assert parse_value(format_value(I64, raw, hex=True), I64) == raw
