"""Masks the fast engine leaves out (entries.py `fits`, ops_numeric.py): only where the result provably fits.

Each function below is one case. Those named `fits_*` must translate without
the width's mask (the analysis works); those named `wraps_*` are one bit
past what fits, so their mask must stay. All of them run on both engines at
the boundary values, where a mask wrongly left out gives a different
answer (a value past 2**32, or a negative one).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
import differential  # noqa: E402

from playground.wasm.exec.fast.translate import translate  # noqa: E402
from playground.wasm.runtime import instantiate  # noqa: E402

CASES = {
    # i32 results below 2**32 without a mask
    "fits_shl_of_a_byte": "(i32.add (i32.shl (i32.and (local.get 0) (i32.const 255)) (i32.const 2)) (i32.const 1049600))",
    "fits_add_of_halves": "(i32.add (i32.and (local.get 0) (i32.const 0xffff)) (i32.and (local.get 1) (i32.const 0xffff)))",
    "fits_mul_of_halves": "(i32.mul (i32.and (local.get 0) (i32.const 0xffff)) (i32.and (local.get 1) (i32.const 0xffff)))",
    "fits_shl_to_the_top": "(i32.shl (i32.and (local.get 0) (i32.const 0xff)) (i32.const 24))",
    "fits_add_of_shifted": "(i32.add (i32.shr_u (local.get 0) (i32.const 1)) (i32.shr_u (local.get 1) (i32.const 1)))",
    "fits_and_of_a_sum": "(i32.and (i32.add (local.get 0) (local.get 1)) (i32.const 255))",
    "fits_rem_plus_byte": "(i32.add (i32.rem_u (local.get 0) (i32.const 256)) (i32.and (local.get 1) (i32.const 255)))",
    "fits_compare_sum": "(i32.add (i32.lt_u (local.get 0) (local.get 1)) (i32.eqz (local.get 1)))",
    "fits_wrap_of_a_shift": "(i32.wrap_i64 (i64.shr_u (i64.extend_i32_u (local.get 0)) (i64.const 1)))",
    # one bit too many: the mask stays
    "wraps_add_31_32": "(i32.add (i32.and (local.get 0) (i32.const 0x7fffffff)) (local.get 1))",
    "wraps_mul_17_16": "(i32.mul (i32.and (local.get 0) (i32.const 0x1ffff)) (i32.and (local.get 1) (i32.const 0xffff)))",
    "wraps_shl_9_24": "(i32.shl (i32.and (local.get 0) (i32.const 0x1ff)) (i32.const 24))",
    "wraps_add_shifted_and_whole": "(i32.add (i32.shr_u (local.get 0) (i32.const 1)) (local.get 1))",
    "wraps_sub_of_bytes": "(i32.sub (i32.and (local.get 0) (i32.const 255)) (i32.and (local.get 1) (i32.const 255)))",
    "wraps_wrap_of_a_sum": "(i32.wrap_i64 (i64.add (i64.extend_i32_u (local.get 0)) (i64.extend_i32_u (local.get 1))))",
    "wraps_wrap_of_33_bits": "(i32.wrap_i64 (i64.shl (i64.extend_i32_u (local.get 0)) (i64.const 1)))",
    # signed order: the unsigned comparison only for values below 2**31
    "fits_lt_s_of_halves": "(i32.lt_s (i32.shr_u (local.get 0) (i32.const 1)) (i32.shr_u (local.get 1) (i32.const 1)))",
    "signed_lt_s_of_wholes": "(i32.lt_s (local.get 0) (i32.shr_u (local.get 1) (i32.const 1)))",
    "signed_ge_s_of_wholes": "(i32.ge_s (i32.and (local.get 0) (i32.const 0xffffffff)) (i32.const 1))",
    # rotations and shr_s keep their unmasked form for the next operator
    "chain_rotations": "(i32.add (i32.xor (i32.xor (i32.rotl (local.get 0) (i32.const 7)) (i32.rotr (local.get 0) (i32.const 13)))"
    " (i32.shr_u (local.get 0) (i32.const 3))) (local.get 1))",
    "chain_shr_s": "(i32.add (i32.shr_s (local.get 0) (i32.const 3)) (i32.rotl (local.get 1) (local.get 0)))",
    "chain_and_of_raws": "(i32.and (i32.add (local.get 0) (local.get 1)) (i32.sub (local.get 1) (local.get 0)))",
}

I64_CASES = {
    "fits_i64_mul_of_extended": "(i64.mul (i64.extend_i32_u (local.get 0)) (i64.extend_i32_u (local.get 1)))",
    "wraps_i64_mul_of_33_bits": "(i64.mul (i64.shl (i64.extend_i32_u (local.get 0)) (i64.const 1)) (i64.extend_i32_u (local.get 1)))",
    "chain_i64_rotations": "(i64.add (i64.rotl (i64.extend_i32_u (local.get 0)) (i64.const 40)) (i64.rotr (i64.extend_i32_u (local.get 1)) (i64.const 9)))",
}

STORES = {  # (store, value): the byte or word written at address 8, read back as an i64
    "fits_store8_of_top_byte": ("i32.store8", "(i32.shr_u (local.get 0) (i32.const 24))"),
    "wraps_store8_of_9_bits": ("i32.store8", "(i32.shr_u (local.get 0) (i32.const 23))"),
    "fits_store16_of_a_load8": ("i32.store16", "(i32.add (i32.load8_u (i32.const 0)) (i32.load8_u (i32.const 1)))"),
    "fits_store32_of_extended": ("i64.store32", "(i64.extend_i32_u (local.get 0))"),
    "wraps_store32_of_33_bits": ("i64.store32", "(i64.add (i64.extend_i32_u (local.get 0)) (i64.extend_i32_u (local.get 1)))"),
}

EDGES = [0, 1, 2, 255, 256, 0xFFFF, 0x1FFFF, 2**31 - 1, 2**31, 2**31 + 1, 2**32 - 2, 2**32 - 1]


def module_text() -> str:
    funcs = [f'(func (export "{name}") (param i32 i32) (result i32) {body})' for name, body in CASES.items()]
    funcs += [f'(func (export "{name}") (param i32 i32) (result i64) {body})' for name, body in I64_CASES.items()]
    funcs += [
        f'(func (export "{name}") (param i32 i32) (result i64)'
        f" (i32.store (i32.const 0) (local.get 1)) ({store} (i32.const 8) {value}) (i64.load (i32.const 8)))"
        for name, (store, value) in STORES.items()
    ]
    return f'(module (memory (export "mem") 1) {" ".join(funcs)})'


MODULE = differential.load(module_text())
NAMES = [*CASES, *I64_CASES, *STORES]


def source_of(name: str) -> str:
    inst = instantiate(MODULE)
    return translate(inst.extern_exports[name]).source


def masked(name: str) -> bool:
    """Does the case's generated code mask its result (the width's mask, or a store's)?"""
    source = source_of(name)
    if name not in STORES:
        return "0xffffffff" in source
    (write,) = [line for line in source.splitlines() if "(data, 8," in line or "data[8] =" in line]
    return write.rstrip(")").endswith(("& 255", "& 65535", "& 4294967295"))


@pytest.mark.parametrize("name", NAMES)
def test_both_engines_agree_at_the_boundaries(name):
    calls = [(name, [a, b]) for a in EDGES for b in EDGES]
    step, fast = differential.compare(MODULE, calls)
    assert step == fast


@pytest.mark.parametrize("name", [n for n in NAMES if n.startswith("fits_")])
def test_no_mask_where_the_result_fits(name):
    assert not masked(name)


@pytest.mark.parametrize("name", [n for n in NAMES if n.startswith("wraps_")])
def test_the_mask_stays_one_bit_past(name):
    assert masked(name)


def test_a_signed_comparison_is_unsigned_only_for_values_below_2_to_the_31():
    assert "0x80000000" not in source_of("fits_lt_s_of_halves")
    assert "0x80000000" in source_of("signed_lt_s_of_wholes")
    assert "0x80000000" in source_of("signed_ge_s_of_wholes")


def test_a_chain_of_rotations_masks_once():
    assert source_of("chain_rotations").count("0xffffffff") == 1
