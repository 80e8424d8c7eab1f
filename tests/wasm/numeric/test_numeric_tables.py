"""NUMERIC and SIMD cover exactly the instruction table's operators, with matching arities."""

from __future__ import annotations

import inspect

import pytest

from playground.wasm.exec.numeric.operators import NUMERIC
from playground.wasm.exec.numeric.simd import SIMD, SIMD_LOAD_SIZES, SIMD_LOAD_TRANSFORMS
from playground.wasm.instructions import OPS, op

_NUMERIC_PREFIXES = ("i32.", "i64.", "f32.", "f64.")


def _numeric_names() -> set[str]:
    return {o.name for o in OPS if o.name.startswith(_NUMERIC_PREFIXES) and o.imm == "none"}


def _simd_names() -> set[str]:
    return {
        o.name
        for o in OPS
        if o.sub is not None and o.code == 0xFD and not o.imm.startswith("memarg") and o.name != "v128.const"
    }


def test_numeric_covers_the_table() -> None:
    assert set(NUMERIC) == _numeric_names()
    assert len(NUMERIC) == 136


def test_simd_covers_the_table() -> None:
    assert set(SIMD) == _simd_names()
    assert len(SIMD) == 213 + 20  # 2.0's vector instructions and 3.0's relaxed SIMD


@pytest.mark.parametrize("name", sorted(NUMERIC))
def test_numeric_arity(name: str) -> None:
    assert len(inspect.signature(NUMERIC[name]).parameters) == len(op(name).params)


@pytest.mark.parametrize("name", sorted(SIMD))
def test_simd_arity(name: str) -> None:
    info = op(name)
    immediates = 0 if info.imm == "none" else 1  # lane or shuffle: passed first
    assert len(inspect.signature(SIMD[name]).parameters) == len(info.params) + immediates


def test_load_transforms_cover_the_loads() -> None:
    loads = {o.name for o in OPS if o.imm == "memarg" and o.name.startswith("v128.load")}
    assert set(SIMD_LOAD_TRANSFORMS) == loads
    for name, size in SIMD_LOAD_SIZES.items():
        assert SIMD_LOAD_TRANSFORMS[name](bytes(size)) == 0
