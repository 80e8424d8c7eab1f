"""Float operators and conversions against numpy's native float32 / float64 and exact fractions."""

from __future__ import annotations

import math
from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from playground.wasm.errors import Trap
from playground.wasm.exec.numeric import conversions as cv
from playground.wasm.exec.numeric.floats import (
    f32_from_bits,
    f32_to_bits,
    f64_from_bits,
    f64_to_bits,
    is_arithmetic_nan,
    is_canonical_nan,
    is_nan,
)
from playground.wasm.exec.numeric.operators import NUMERIC

_DT = {32: (np.float32, np.uint32), 64: (np.float64, np.uint64)}
_SPECIAL32 = [0, 0x8000_0000, 0x7F80_0000, 0xFF80_0000, 0x7FC0_0000, 0xFFC0_0000, 0x7FA0_0000, 0x7F80_0001,
              0x0000_0001, 0x8000_0001, 0x007F_FFFF, 0x0080_0000, 0x7F7F_FFFF, 0xFF7F_FFFF, 0x3F80_0000,
              0x3F00_0000, 0xBF00_0000, 0x3FC0_0000, 0x4B00_0000, 0x4AFF_FFFF, 0x4F00_0000, 0xCF00_0000]
_SPECIAL64 = [0, 1 << 63, 0x7FF0 << 48, 0xFFF0 << 48, 0x7FF8 << 48, 0xFFF8 << 48, 0x7FF4 << 48, (0x7FF0 << 48) | 1,
              1, (1 << 63) | 1, (1 << 52) - 1, 1 << 52, 0x7FEF_FFFF_FFFF_FFFF, 0x3FF0 << 48, 0x3FE0 << 48,
              0xBFE0 << 48, 0x4330 << 48, 0x43E0 << 48, 0xC3E0 << 48, 0x41E0 << 48, 0xC1E0_0000_0020_0000]

# No deadline: the machine is shared, and a slow example is not a wrong one.
_SETTINGS = settings(max_examples=100, deadline=None)


def _bits(width: int) -> st.SearchStrategy[int]:
    ftype, utype = _DT[width]
    special = _SPECIAL32 if width == 32 else _SPECIAL64
    as_bits = st.floats(width=width, allow_nan=False).map(lambda x: int(np.array([x], ftype).view(utype)[0]))
    return st.one_of(st.sampled_from(special), st.integers(0, (1 << width) - 1), as_bits)


def _np(bits: int, width: int):
    ftype, utype = _DT[width]
    return np.array([bits], utype).view(ftype)


def _to_bits(array, width: int) -> int:
    return int(np.asarray(array, _DT[width][0]).reshape(1).view(_DT[width][1])[0])


def _check_nan_rule(result: int, operands: list[int], width: int, operand_width: int | None = None) -> None:
    """spec 4.3.3: a NaN result is canonical when every NaN operand is (or there is none), else arithmetic."""
    assert is_nan(result, width)
    ow = operand_width or width
    nans = [x for x in operands if is_nan(x, ow)]
    if all(is_canonical_nan(x, ow) for x in nans):
        assert is_canonical_nan(result, width)
    else:
        assert is_arithmetic_nan(result, width)


_NP_BINARY = {"add": np.add, "sub": np.subtract, "mul": np.multiply, "div": np.divide}


@pytest.mark.parametrize("width", [32, 64])
@pytest.mark.parametrize("name", ["add", "sub", "mul", "div", "min", "max"])
@_SETTINGS
@given(data=st.data())
def test_binary_arithmetic(width: int, name: str, data: st.DataObject) -> None:
    a, b = data.draw(_bits(width)), data.draw(_bits(width))
    got = NUMERIC[f"f{width}.{name}"](a, b)
    x, y = _np(a, width), _np(b, width)
    with np.errstate(all="ignore"):
        if name in _NP_BINARY:
            ref = _NP_BINARY[name](x, y)
        else:
            ref = (np.minimum if name == "min" else np.maximum)(x, y)
    if np.isnan(ref[0]):
        _check_nan_rule(got, [a, b], width)
    elif name in ("min", "max") and x[0] == 0 and y[0] == 0:
        sign = 1 << (width - 1)
        assert got == ((a | b) if name == "min" else (a & b)) and got & ~sign == 0
    else:
        assert got == _to_bits(ref, width)


@pytest.mark.parametrize("width", [32, 64])
@pytest.mark.parametrize("name", ["sqrt", "ceil", "floor", "trunc", "nearest"])
@_SETTINGS
@given(data=st.data())
def test_unary_arithmetic(width: int, name: str, data: st.DataObject) -> None:
    a = data.draw(_bits(width))
    got = NUMERIC[f"f{width}.{name}"](a)
    fn = {"sqrt": np.sqrt, "ceil": np.ceil, "floor": np.floor, "trunc": np.trunc, "nearest": np.rint}[name]
    with np.errstate(all="ignore"):
        ref = fn(_np(a, width))
    if np.isnan(ref[0]):
        _check_nan_rule(got, [a], width)
        if is_nan(a, width):
            assert got == a | (1 << (22 if width == 32 else 51))  # the payload survives, quieted
    else:
        assert got == _to_bits(ref, width)


@pytest.mark.parametrize("width", [32, 64])
@_SETTINGS
@given(data=st.data())
def test_sign_operators_are_bitwise(width: int, data: st.DataObject) -> None:
    a, b = data.draw(_bits(width)), data.draw(_bits(width))
    sign = 1 << (width - 1)
    assert NUMERIC[f"f{width}.abs"](a) == a & ~sign
    assert NUMERIC[f"f{width}.neg"](a) == a ^ sign
    assert NUMERIC[f"f{width}.copysign"](a, b) == (a & ~sign) | (b & sign)


@pytest.mark.parametrize("width", [32, 64])
@pytest.mark.parametrize("name", ["eq", "ne", "lt", "gt", "le", "ge"])
@_SETTINGS
@given(data=st.data())
def test_comparisons(width: int, name: str, data: st.DataObject) -> None:
    a, b = data.draw(_bits(width)), data.draw(_bits(width))
    fn = {"eq": np.equal, "ne": np.not_equal, "lt": np.less, "gt": np.greater, "le": np.less_equal, "ge": np.greater_equal}
    assert NUMERIC[f"f{width}.{name}"](a, b) == int(fn[name](_np(a, width), _np(b, width))[0])


# --- conversions --------------------------------------------------------------


_INT_RANGE = {("i32", "s"): (-(1 << 31), (1 << 31) - 1), ("i32", "u"): (0, (1 << 32) - 1),
              ("i64", "s"): (-(1 << 63), (1 << 63) - 1), ("i64", "u"): (0, (1 << 64) - 1)}


@pytest.mark.parametrize("it", ["i32", "i64"])
@pytest.mark.parametrize("ft", ["f32", "f64"])
@pytest.mark.parametrize("sign", ["s", "u"])
@_SETTINGS
@given(data=st.data())
def test_trunc(it: str, ft: str, sign: str, data: st.DataObject) -> None:
    width = int(ft[1:])
    a = data.draw(_bits(width))
    low, high = _INT_RANGE[(it, sign)]
    mask = (1 << int(it[1:])) - 1
    value = f32_from_bits(a) if width == 32 else f64_from_bits(a)
    trapping, saturating = NUMERIC[f"{it}.trunc_{ft}_{sign}"], NUMERIC[f"{it}.trunc_sat_{ft}_{sign}"]
    if math.isnan(value):
        with pytest.raises(Trap, match="invalid conversion to integer"):
            trapping(a)
        assert saturating(a) == 0
        return
    exact = int(Fraction(value)) if math.isfinite(value) else (high + 1 if value > 0 else low - 1)
    if low <= exact <= high:
        assert trapping(a) == exact & mask
    else:
        with pytest.raises(Trap) as info:
            trapping(a)
        assert info.value.message == "integer overflow"
    assert saturating(a) == min(max(exact, low), high) & mask


_INT_STRATEGY = {
    "i32": st.one_of(st.integers(0, (1 << 32) - 1), st.sampled_from([0, 1, 0x7FFF_FFFF, 0x8000_0000, 0xFFFF_FFFF, 0x0100_0001])),
    "i64": st.one_of(
        st.integers(0, (1 << 64) - 1),
        st.sampled_from([0x0020_0000_2000_0001, 0x7FFF_FF40_0000_0001, 0xFFFF_FFFF_FFFF_FFFF, 0x8000_0000_0000_0001,
                         0x8000_0080_0000_0001, 0x0010_0000_0000_0001, 0xFFDF_FFFF_DFFF_FFFF]),
        st.builds(lambda hi, lo: (hi << 40) | lo, st.integers(0, (1 << 24) - 1), st.integers(0, (1 << 40) - 1)),
    ),
}


def _exact_nearest(n: int, width: int) -> int:
    """Round the integer n to the nearest float of `width` bits, ties to even, via exact fractions."""
    ftype = _DT[width][0]
    mantissa = 24 if width == 32 else 53
    m = abs(n)
    if m.bit_length() > mantissa:
        shift = m.bit_length() - mantissa
        q, r = divmod(m, 1 << shift)
        if Fraction(r, 1 << shift) > Fraction(1, 2) or (Fraction(r, 1 << shift) == Fraction(1, 2) and q % 2):
            q += 1
        m = q << shift
    return _to_bits(ftype(-m if n < 0 else m), width)


@pytest.mark.parametrize("it", ["i32", "i64"])
@pytest.mark.parametrize("ft", ["f32", "f64"])
@pytest.mark.parametrize("sign", ["s", "u"])
@_SETTINGS
@given(data=st.data())
def test_convert_rounds_once(it: str, ft: str, sign: str, data: st.DataObject) -> None:
    a = data.draw(_INT_STRATEGY[it])
    bits = int(it[1:])
    n = (a - (1 << bits) if a >> (bits - 1) else a) if sign == "s" else a
    assert NUMERIC[f"{ft}.convert_{it}_{sign}"](a) == _exact_nearest(n, int(ft[1:]))


def test_i64_to_f32_avoids_double_rounding() -> None:
    # 2**53 + 2**29 + 1 rounds to 2**53 + 2**29 in f64 (a tie for f32, which then goes to even = 2**53).
    n = (1 << 53) + (1 << 29) + 1
    assert float(np.float32(float(n))) == 2.0**53  # the wrong, double-rounded answer
    assert f32_from_bits(NUMERIC["f32.convert_i64_u"](n)) == 2.0**53 + 2.0**30


@_SETTINGS
@given(_bits(64))
def test_demote(a: int) -> None:
    got = NUMERIC["f32.demote_f64"](a)
    if is_nan(a, 64):
        _check_nan_rule(got, [a], 32, 64)
        assert got >> 31 == a >> 63
    else:
        with np.errstate(all="ignore"):
            assert got == _to_bits(_np(a, 64).astype(np.float32), 32)


@_SETTINGS
@given(_bits(32))
def test_promote(a: int) -> None:
    got = NUMERIC["f64.promote_f32"](a)
    if is_nan(a, 32):
        _check_nan_rule(got, [a], 64, 32)
        assert NUMERIC["f32.demote_f64"](got) == a | 0x40_0000  # the payload survives the round trip
    else:
        assert got == _to_bits(_np(a, 32).astype(np.float64), 64)


# --- helpers -----------------------------------------------------------------------


@_SETTINGS
@given(_bits(32))
def test_f32_bits_round_trip(a: int) -> None:
    if not is_nan(a, 32):
        assert f32_to_bits(f32_from_bits(a)) == a


@_SETTINGS
@given(_bits(64))
def test_f64_bits_round_trip(a: int) -> None:
    if not is_nan(a, 64):
        assert f64_to_bits(f64_from_bits(a)) == a


def test_f32_to_bits_rounds_and_overflows() -> None:
    assert f32_to_bits(1e39) == 0x7F80_0000
    assert f32_to_bits(-1e39) == 0xFF80_0000
    assert f32_to_bits(0.1) == 0x3DCC_CCCD
    assert f32_to_bits(float("nan")) & 0x7FC0_0000 == 0x7FC0_0000


def test_nan_classification() -> None:
    assert is_canonical_nan(0x7FC0_0000, 32) and is_canonical_nan(0xFFC0_0000, 32)
    assert not is_canonical_nan(0x7FC0_0001, 32) and is_arithmetic_nan(0x7FC0_0001, 32)
    assert not is_arithmetic_nan(0x7FA0_0000, 32) and is_nan(0x7FA0_0000, 32)
    assert not is_nan(0x7F80_0000, 32)
    assert is_canonical_nan(0x7FF8 << 48, 64) and is_arithmetic_nan(0xFFF8_0000_0000_0001, 64)
    assert not is_arithmetic_nan(0x7FF4 << 48, 64)


def test_conversions_module_names_match_numeric() -> None:
    assert NUMERIC["f32.demote_f64"] is cv.f32_demote_f64
