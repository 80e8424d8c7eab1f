"""SIMD operators against numpy lane arithmetic and against the scalar operators lane by lane."""

from __future__ import annotations

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from playground.wasm.exec.numeric.operators import NUMERIC
from playground.wasm.exec.numeric.simd import (
    SIMD,
    SIMD_LOAD_SIZES,
    SIMD_LOAD_TRANSFORMS,
    from_lanes,
    lanes,
    load_lane,
    store_lane,
    v128_from_bytes,
    v128_to_bytes,
)

_ALL = (1 << 128) - 1
v128 = st.one_of(
    st.integers(0, _ALL),
    st.sampled_from([0, _ALL, 0x80808080_80808080_80808080_80808080, 0x7F7F7F7F_7F7F7F7F_7F7F7F7F_7F7F7F7F,
                     0x80008000_80008000_80008000_80008000, 0x80000000_7FFFFFFF_00000001_FFFFFFFF]),
    st.lists(st.sampled_from([0, 1, 0x7F, 0x80, 0xFF, 0xFE, 0x81]), min_size=16, max_size=16).map(lambda b: int.from_bytes(bytes(b), "little")),
)

# No deadline: the machine is shared, and a slow example is not a wrong one.
_SETTINGS = settings(max_examples=40, deadline=None)


def _arr(v: int, dtype: str) -> np.ndarray:
    return np.frombuffer(v.to_bytes(16, "little"), dtype=dtype).copy()


def _v(array: np.ndarray) -> int:
    return int.from_bytes(np.ascontiguousarray(array).tobytes(), "little")


_INT = {"i8x16": 8, "i16x8": 16, "i32x4": 32, "i64x2": 64}


def _wide(bits: int) -> str:
    return "int64" if bits < 64 else "object"  # object arrays hold Python ints: no overflow at all


def _ref_int_binary(name: str, bits: int, a: int, b: int) -> int:
    u, s = f"uint{bits}", f"int{bits}"
    ua, ub, sa, sb = _arr(a, u), _arr(b, u), _arr(a, s), _arr(b, s)
    wa, wb = sa.astype(_wide(bits)), sb.astype(_wide(bits))
    xa, xb = ua.astype(_wide(bits)), ub.astype(_wide(bits))
    lo, hi = -(1 << (bits - 1)), (1 << (bits - 1)) - 1
    mask = lambda cond: np.where(cond, np.array(-1, s), np.array(0, s)).astype(s)  # noqa: E731
    with np.errstate(all="ignore"):
        table = {
            "add": lambda: ua + ub,
            "sub": lambda: ua - ub,
            "mul": lambda: ua * ub,
            "eq": lambda: mask(ua == ub),
            "ne": lambda: mask(ua != ub),
            "lt_s": lambda: mask(sa < sb),
            "lt_u": lambda: mask(ua < ub),
            "gt_s": lambda: mask(sa > sb),
            "gt_u": lambda: mask(ua > ub),
            "le_s": lambda: mask(sa <= sb),
            "le_u": lambda: mask(ua <= ub),
            "ge_s": lambda: mask(sa >= sb),
            "ge_u": lambda: mask(ua >= ub),
            "min_s": lambda: np.minimum(sa, sb),
            "min_u": lambda: np.minimum(ua, ub),
            "max_s": lambda: np.maximum(sa, sb),
            "max_u": lambda: np.maximum(ua, ub),
            "add_sat_s": lambda: np.clip(wa + wb, lo, hi).astype(s),
            "add_sat_u": lambda: np.clip(xa + xb, 0, 2 * hi + 1).astype(u),
            "sub_sat_s": lambda: np.clip(wa - wb, lo, hi).astype(s),
            "sub_sat_u": lambda: np.clip(xa - xb, 0, 2 * hi + 1).astype(u),
            "avgr_u": lambda: ((xa + xb + 1) // 2).astype(u),
        }
        return _v(table[name]())


_INT_BINARY = [(f"{shape}.{op}", bits, op) for shape, bits in _INT.items()
               for op in "add sub mul eq ne lt_s lt_u gt_s gt_u le_s le_u ge_s ge_u min_s min_u max_s max_u add_sat_s add_sat_u sub_sat_s sub_sat_u avgr_u".split()
               if f"{shape}.{op}" in SIMD]


@pytest.mark.parametrize("name,bits,op", _INT_BINARY, ids=[n for n, _, _ in _INT_BINARY])
@_SETTINGS
@given(a=v128, b=v128)
def test_int_binary(name: str, bits: int, op: str, a: int, b: int) -> None:
    assert SIMD[name](a, b) == _ref_int_binary(op, bits, a, b)


@pytest.mark.parametrize("shape", list(_INT))
@_SETTINGS
@given(a=v128, k=st.one_of(st.integers(0, 0xFFFF_FFFF), st.integers(0, 70)))
def test_int_unary_and_shifts(shape: str, a: int, k: int) -> None:
    bits = _INT[shape]
    u, s = f"uint{bits}", f"int{bits}"
    with np.errstate(all="ignore"):
        assert SIMD[f"{shape}.neg"](a) == _v(-_arr(a, s))
        assert SIMD[f"{shape}.abs"](a) == _v(np.abs(_arr(a, s)))  # abs(min) wraps to min, as in Wasm
        n = k % bits
        assert SIMD[f"{shape}.shl"](a, k) == _v(_arr(a, u) << np.array(n, u))
        assert SIMD[f"{shape}.shr_u"](a, k) == _v(_arr(a, u) >> np.array(n, u))
        assert SIMD[f"{shape}.shr_s"](a, k) == _v(_arr(a, s) >> np.array(n, s))
    assert SIMD[f"{shape}.all_true"](a) == int(bool(np.all(_arr(a, u))))
    assert SIMD[f"{shape}.bitmask"](a) == sum(1 << i for i, x in enumerate(_arr(a, s)) if x < 0)


@_SETTINGS
@given(a=v128, b=v128, c=v128)
def test_bitwise(a: int, b: int, c: int) -> None:
    x, y, z = _arr(a, "uint8"), _arr(b, "uint8"), _arr(c, "uint8")
    assert SIMD["v128.not"](a) == _v(~x)
    assert SIMD["v128.and"](a, b) == _v(x & y)
    assert SIMD["v128.andnot"](a, b) == _v(x & ~y)
    assert SIMD["v128.or"](a, b) == _v(x | y)
    assert SIMD["v128.xor"](a, b) == _v(x ^ y)
    assert SIMD["v128.bitselect"](a, b, c) == _v((x & z) | (y & ~z))
    assert SIMD["v128.any_true"](a) == int(a != 0)
    assert SIMD["i8x16.popcnt"](a) == _v(np.unpackbits(x).reshape(16, 8).sum(axis=1).astype("uint8"))


_PAIRS = [("i8x16", "i16x8", 8), ("i16x8", "i32x4", 16), ("i32x4", "i64x2", 32)]


@pytest.mark.parametrize("narrow,wide,bits", _PAIRS)
@_SETTINGS
@given(a=v128, b=v128)
def test_widening(narrow: str, wide: str, bits: int, a: int, b: int) -> None:
    half = 128 // bits // 2
    for sign, dtype in (("s", f"int{bits}"), ("u", f"uint{bits}")):
        x, y = _arr(a, dtype).astype("object"), _arr(b, dtype).astype("object")
        m = (1 << (2 * bits)) - 1
        for which, part in (("low", slice(0, half)), ("high", slice(half, None))):
            extend = [int(v) & m for v in x[part]]
            assert SIMD[f"{wide}.extend_{which}_{narrow}_{sign}"](a) == from_lanes(extend, wide)
            extmul = [int(p * q) & m for p, q in zip(x[part], y[part])]
            assert SIMD[f"{wide}.extmul_{which}_{narrow}_{sign}"](a, b) == from_lanes(extmul, wide)
        if bits < 32:
            pairs = [int(x[i] + x[i + 1]) for i in range(0, 2 * half, 2)]
            assert SIMD[f"{wide}.extadd_pairwise_{narrow}_{sign}"](a) == from_lanes(pairs, wide)


@pytest.mark.parametrize("narrow,wide,bits", _PAIRS[:2])
@_SETTINGS
@given(a=v128, b=v128)
def test_narrow(narrow: str, wide: str, bits: int, a: int, b: int) -> None:
    both = np.concatenate([_arr(a, f"int{2 * bits}"), _arr(b, f"int{2 * bits}")]).astype("int64")
    signed = np.clip(both, -(1 << (bits - 1)), (1 << (bits - 1)) - 1).astype(f"int{bits}")
    unsigned = np.clip(both, 0, (1 << bits) - 1).astype(f"uint{bits}")
    assert SIMD[f"{narrow}.narrow_{wide}_s"](a, b) == _v(signed)
    assert SIMD[f"{narrow}.narrow_{wide}_u"](a, b) == _v(unsigned)


@_SETTINGS
@given(a=v128, b=v128)
def test_dot_and_q15(a: int, b: int) -> None:
    x, y = _arr(a, "int16").astype("int64"), _arr(b, "int16").astype("int64")
    products = x * y
    dot = (products[0::2] + products[1::2]).astype("uint32")  # wraps like i32 (only 2**31 can overflow)
    assert SIMD["i32x4.dot_i16x8_s"](a, b) == _v(dot)
    q15 = np.clip((products + 0x4000) >> 15, -0x8000, 0x7FFF).astype("int16")
    assert SIMD["i16x8.q15mulr_sat_s"](a, b) == _v(q15)


# --- lanes, shuffles, loads -----------------------------------------------------


@_SETTINGS
@given(a=v128, b=v128, idx=st.lists(st.integers(0, 31), min_size=16, max_size=16))
def test_shuffle_and_swizzle(a: int, b: int, idx: list[int]) -> None:
    both = np.concatenate([_arr(a, "uint8"), _arr(b, "uint8")])
    assert SIMD["i8x16.shuffle"](tuple(idx), a, b) == _v(both[idx])
    selector = _arr(b, "uint8")
    data = _arr(a, "uint8")
    expected = np.array([data[i] if i < 16 else 0 for i in selector], "uint8")
    assert SIMD["i8x16.swizzle"](a, b) == _v(expected)


_LANE_SHAPES = {"i8x16": 8, "i16x8": 16, "i32x4": 32, "i64x2": 64, "f32x4": 32, "f64x2": 64}


@pytest.mark.parametrize("shape", list(_LANE_SHAPES))
@_SETTINGS
@given(a=v128, x=st.integers(0, (1 << 64) - 1), data=st.data())
def test_splat_extract_replace(shape: str, a: int, x: int, data: st.DataObject) -> None:
    bits = _LANE_SHAPES[shape]
    count = 128 // bits
    x &= (1 << 32) - 1 if bits <= 32 else (1 << 64) - 1  # the scalar operand: i32 for narrow lanes
    lane = data.draw(st.integers(0, count - 1))
    m = (1 << bits) - 1
    assert lanes(SIMD[f"{shape}.splat"](x), shape) == (x & m,) * count
    replaced = SIMD[f"{shape}.replace_lane"](lane, a, x)
    expected = list(lanes(a, shape))
    expected[lane] = x & m
    assert lanes(replaced, shape) == tuple(expected)
    if bits < 32:
        assert SIMD[f"{shape}.extract_lane_u"](lane, a) == lanes(a, shape)[lane]
        signed = lanes(a, shape, signed=True)[lane]
        assert SIMD[f"{shape}.extract_lane_s"](lane, a) == signed & 0xFFFF_FFFF
    else:
        assert SIMD[f"{shape}.extract_lane"](lane, a) == lanes(a, shape)[lane]


@_SETTINGS
@given(data=st.binary(min_size=16, max_size=16))
def test_load_transforms(data: bytes) -> None:
    widen = {"8x8": ("int8", "int16"), "16x4": ("int16", "int32"), "32x2": ("int32", "int64")}
    for name, (small, big) in widen.items():
        part = data[:8]
        assert SIMD_LOAD_TRANSFORMS[f"v128.load{name}_s"](part) == _v(np.frombuffer(part, small).astype(big))
        unsigned = np.frombuffer(part, "u" + small).astype("u" + big)
        assert SIMD_LOAD_TRANSFORMS[f"v128.load{name}_u"](part) == _v(unsigned)
    for n in (8, 16, 32, 64):
        part = data[: n // 8]
        assert SIMD_LOAD_TRANSFORMS[f"v128.load{n}_splat"](part) == _v(np.tile(np.frombuffer(part, "uint8"), 128 // n))
    assert SIMD_LOAD_TRANSFORMS["v128.load32_zero"](data[:4]) == int.from_bytes(data[:4], "little")
    assert SIMD_LOAD_TRANSFORMS["v128.load64_zero"](data[:8]) == int.from_bytes(data[:8], "little")
    assert SIMD_LOAD_TRANSFORMS["v128.load"](data) == v128_from_bytes(data)
    assert v128_to_bytes(v128_from_bytes(data)) == data
    assert SIMD_LOAD_SIZES["v128.load8x8_s"] == 8 and SIMD_LOAD_SIZES["v128.load8_splat"] == 1


@_SETTINGS
@given(a=v128, data=st.data())
def test_lane_load_and_store(a: int, data: st.DataObject) -> None:
    bits = data.draw(st.sampled_from([8, 16, 32, 64]))
    lane = data.draw(st.integers(0, 128 // bits - 1))
    raw = data.draw(st.binary(min_size=bits // 8, max_size=bits // 8))
    expected = bytearray(v128_to_bytes(a))
    expected[lane * bits // 8 : (lane + 1) * bits // 8] = raw
    loaded = load_lane(bits, lane, a, raw)
    assert v128_to_bytes(loaded) == bytes(expected)
    assert store_lane(bits, lane, loaded) == raw


# --- float lanes follow the scalar operators exactly ---------------------------------


def _float_lanes() -> st.SearchStrategy[int]:
    special = [0, 0x8000_0000, 0x7F80_0000, 0xFF80_0000, 0x7FC0_0000, 0xFFC0_0000, 0x7FA0_0000, 0x3F80_0000,
               0x3F00_0000, 0xBFC0_0000, 0x4F00_0000, 0xCF00_0001, 0x0000_0001]
    lane = st.one_of(st.sampled_from(special), st.integers(0, 0xFFFF_FFFF))
    return st.lists(lane, min_size=4, max_size=4).map(lambda xs: from_lanes(xs, "i32x4"))


floats_v = st.one_of(_float_lanes(), v128)


@pytest.mark.parametrize("width", [32, 64])
@pytest.mark.parametrize("op", "add sub mul div min max eq ne lt gt le ge".split())
@_SETTINGS
@given(a=floats_v, b=floats_v)
def test_float_binary_lanewise(width: int, op: str, a: int, b: int) -> None:
    shape = "f32x4" if width == 32 else "f64x2"
    scalar = NUMERIC[f"f{width}.{op}"]
    expected = [scalar(x, y) for x, y in zip(lanes(a, shape), lanes(b, shape))]
    if op in ("eq", "ne", "lt", "gt", "le", "ge"):
        expected = [(1 << width) - 1 if r else 0 for r in expected]
    assert SIMD[f"{shape}.{op}"](a, b) == from_lanes(expected, shape)


@pytest.mark.parametrize("width", [32, 64])
@pytest.mark.parametrize("op", "abs neg sqrt ceil floor trunc nearest".split())
@_SETTINGS
@given(a=floats_v)
def test_float_unary_lanewise(width: int, op: str, a: int) -> None:
    shape = "f32x4" if width == 32 else "f64x2"
    expected = [NUMERIC[f"f{width}.{op}"](x) for x in lanes(a, shape)]
    assert SIMD[f"{shape}.{op}"](a) == from_lanes(expected, shape)


@pytest.mark.parametrize("width", [32, 64])
@_SETTINGS
@given(a=floats_v, b=floats_v)
def test_pmin_pmax(width: int, a: int, b: int) -> None:
    shape, ftype = ("f32x4", "float32") if width == 32 else ("f64x2", "float64")
    x, y = _arr(a, ftype), _arr(b, ftype)
    with np.errstate(all="ignore"):
        assert SIMD[f"{shape}.pmin"](a, b) == _v(np.where(y < x, y, x))
        assert SIMD[f"{shape}.pmax"](a, b) == _v(np.where(x < y, y, x))


@_SETTINGS
@given(a=floats_v)
def test_conversions_lanewise(a: int) -> None:
    i32 = lanes(a, "i32x4")
    f64 = lanes(a, "f64x2")
    assert SIMD["i32x4.trunc_sat_f32x4_s"](a) == from_lanes([NUMERIC["i32.trunc_sat_f32_s"](x) for x in i32], "i32x4")
    assert SIMD["i32x4.trunc_sat_f32x4_u"](a) == from_lanes([NUMERIC["i32.trunc_sat_f32_u"](x) for x in i32], "i32x4")
    assert SIMD["f32x4.convert_i32x4_s"](a) == from_lanes([NUMERIC["f32.convert_i32_s"](x) for x in i32], "i32x4")
    assert SIMD["f32x4.convert_i32x4_u"](a) == from_lanes([NUMERIC["f32.convert_i32_u"](x) for x in i32], "i32x4")
    zero = [NUMERIC["i32.trunc_sat_f64_s"](x) for x in f64] + [0, 0]
    assert SIMD["i32x4.trunc_sat_f64x2_s_zero"](a) == from_lanes(zero, "i32x4")
    zero = [NUMERIC["i32.trunc_sat_f64_u"](x) for x in f64] + [0, 0]
    assert SIMD["i32x4.trunc_sat_f64x2_u_zero"](a) == from_lanes(zero, "i32x4")
    demoted = [NUMERIC["f32.demote_f64"](x) for x in f64] + [0, 0]
    assert SIMD["f32x4.demote_f64x2_zero"](a) == from_lanes(demoted, "i32x4")
    promoted = [NUMERIC["f64.promote_f32"](x) for x in i32[:2]]
    assert SIMD["f64x2.promote_low_f32x4"](a) == from_lanes(promoted, "f64x2")
    assert SIMD["f64x2.convert_low_i32x4_s"](a) == from_lanes([NUMERIC["f64.convert_i32_s"](x) for x in i32[:2]], "f64x2")
    assert SIMD["f64x2.convert_low_i32x4_u"](a) == from_lanes([NUMERIC["f64.convert_i32_u"](x) for x in i32[:2]], "f64x2")
    # and against numpy for the exact integer conversions
    assert SIMD["f32x4.convert_i32x4_s"](a) == _v(_arr(a, "int32").astype("float32"))
    assert SIMD["f64x2.convert_low_i32x4_u"](a) == _v(_arr(a, "uint32")[:2].astype("float64"))
