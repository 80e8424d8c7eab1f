"""Relaxed SIMD (3.0): the one deterministic choice per instruction, the fused multiply-add, the switch."""

from __future__ import annotations

import random
import struct
from fractions import Fraction

import pytest

from playground.wasm.binary.decode import decode_module
from playground.wasm.binary.encode import encode_module
from playground.wasm.exec.numeric import floats as fl
from playground.wasm.exec.numeric.simd import SIMD
from playground.wasm.exec.numeric.simd_lanes import F32X4, F64X2, I8X16, I16X8, I32X4
from playground.wasm.exec.numeric.simd_relaxed import fused_multiply_add
from playground.wasm.features import WASM_2, FeatureError
from playground.wasm.instructions import OPS
from playground.wasm.runtime import Store, instantiate
from playground.wasm.text.parse import parse_module
from playground.wasm.validate import validate_module

RELAXED = [o.name for o in OPS if o.feature == "relaxed-simd"]


def test_all_twenty_instructions_run():
    assert len(RELAXED) == 20 and all(name in SIMD for name in RELAXED)


def test_the_choices_equal_the_plain_instructions():
    rng = random.Random(7)
    for _ in range(200):
        a, b, c = (rng.getrandbits(128) for _ in range(3))
        assert SIMD["i8x16.relaxed_swizzle"](a, b) == SIMD["i8x16.swizzle"](a, b)
        assert SIMD["i32x4.relaxed_laneselect"](a, b, c) == SIMD["v128.bitselect"](a, b, c)
        assert SIMD["f32x4.relaxed_min"](a, b) == SIMD["f32x4.min"](a, b)
        assert SIMD["i32x4.relaxed_trunc_f64x2_u_zero"](a) == SIMD["i32x4.trunc_sat_f64x2_u_zero"](a)
    minus_one = I16X8.join_s([-0x8000] * 8)
    assert I16X8.split_s(SIMD["i16x8.relaxed_q15mulr_s"](minus_one, minus_one)) == (0x7FFF,) * 8  # saturates


def test_dot_products_read_both_operands_signed():
    a = I8X16.join_s([-128, -128] + [0] * 14)
    b = I8X16.join_s([-127, -127] + [0] * 14)
    assert I16X8.split_s(SIMD["i16x8.relaxed_dot_i8x16_i7x16_s"](a, b))[0] == 32512
    four = I8X16.join_s([-128] * 4 + [0] * 12), I8X16.join_s([-127] * 4 + [0] * 12)
    assert I32X4.split_s(SIMD["i32x4.relaxed_dot_i8x16_i7x16_add_s"](*four, I32X4.join_s([1, 2, 3, 4]))) == (65025, 2, 3, 4)


def test_madd_rounds_once():
    b = fl.f64_to_bits
    # 0.1 * 10 - 1 is 0 after the product's rounding, 2**-54 + ... exactly: only a fused add sees it
    assert fl.f64_from_bits(fused_multiply_add(b(0.1), b(10.0), b(-1.0), 64)) == 5.551115123125783e-17
    lanes = F64X2.join_u([b(0.1), b(2.0)]), F64X2.join_u([b(10.0), b(3.0)]), F64X2.join_u([b(-1.0), b(1.0)])
    got = [fl.f64_from_bits(x) for x in F64X2.split_u(SIMD["f64x2.relaxed_madd"](*lanes))]
    assert got == [5.551115123125783e-17, 7.0]
    got = [fl.f64_from_bits(x) for x in F64X2.split_u(SIMD["f64x2.relaxed_nmadd"](*lanes))]
    assert got == [-2.0, -5.0]


def test_f32_fused_results_are_correctly_rounded():
    rng = random.Random(3)
    f32 = struct.Struct("<f")
    for _ in range(3000):
        x, y, z = (f32.unpack(f32.pack(rng.uniform(-1, 1) * 2.0 ** rng.randint(-140, 120)))[0] for _ in range(3))
        exact = Fraction(x) * Fraction(y) + Fraction(z)
        got = fl.f32_from_bits(fused_multiply_add(fl.f32_to_bits(x), fl.f32_to_bits(y), fl.f32_to_bits(z), 32))
        bits = fl.f32_to_bits(got)
        if exact == 0 or bits & 0x7FFF_FFFF >= 0x7F7F_FFFF:  # zero or at the edge of the range: other tests
            continue
        # no f32 is nearer the exact value than the result: neither neighbour of its bit pattern
        for neighbour in (bits - 1, bits + 1):
            assert abs(Fraction(got) - exact) <= abs(Fraction(fl.f32_from_bits(neighbour)) - exact)


def test_nan_and_zero_signs():
    b = fl.f32_to_bits
    nan = fused_multiply_add(F32X4.mask & 0x7FA00000, b(1.0), b(1.0), 32)
    assert fl.is_arithmetic_nan(nan, 32)
    assert fused_multiply_add(b(-0.0), b(1.0), b(-0.0), 32) == b(-0.0)
    assert fused_multiply_add(b(1.0), b(1.0), b(-1.0), 32) == b(0.0)


SOURCE = """(module (func (export "f") (param v128 v128 v128) (result v128)
  (f32x4.relaxed_madd (local.get 0) (local.get 1) (local.get 2))))"""


def test_the_switch_binary_and_the_fast_engine():
    module = parse_module(SOURCE)
    validate_module(module)
    assert decode_module(encode_module(module)) == module
    with pytest.raises(FeatureError, match=r"instruction f32x4.relaxed_madd \(needs the relaxed-simd feature"):
        validate_module(module, features=WASM_2)
    from playground.wasm.engines import new_executor

    fast = new_executor("fast")
    if "relaxed-simd" not in fast.supported_features:
        with pytest.raises(Exception, match="does not support f32x4.relaxed_madd"):
            instantiate(module, store=Store(executor=fast))
