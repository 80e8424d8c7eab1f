"""Signed comparisons of a name with a constant or another name as unsigned comparisons (ops_numeric.py,
`signed_order`): the step engine's answers for every sign of the constant, on either side, and for every
pair of signs of two names."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
import differential  # noqa: E402

from playground.wasm.exec.fast.translate import translate  # noqa: E402
from playground.wasm.runtime import instantiate  # noqa: E402

OPS = ("lt_s", "le_s", "gt_s", "ge_s")
I32_CONSTANTS = (0, 1, 5, 0x7FFFFFFF, 0x80000000, 0x80000001, 0xFFFFFFFB, 0xFFFFFFFF)
I64_CONSTANTS = (0, 7, 0x7FFFFFFFFFFFFFFF, 0x8000000000000000, 0xFFFFFFFFFFFFFFF9)
I32_EDGES = [0, 1, 4, 5, 6, 0x7FFFFFFE, 0x7FFFFFFF, 0x80000000, 0x80000001, 0xFFFFFFFA, 0xFFFFFFFB, 0xFFFFFFFC, 0xFFFFFFFF]
I64_EDGES = [0, 6, 7, 8, 2**63 - 1, 2**63, 2**63 + 1, 2**64 - 8, 2**64 - 7, 2**64 - 6, 2**64 - 1]


def functions(t: str, constants) -> dict[str, str]:
    """name -> body: the variable on the left and on the right of each comparison with each constant."""
    out = {}
    for op in OPS:
        for k, c in enumerate(constants):
            out[f"{t}_{op}_{k}_right"] = f"({t}.{op} (local.get 0) ({t}.const {c}))"
            out[f"{t}_{op}_{k}_left"] = f"({t}.{op} ({t}.const {c}) (local.get 0))"
    return out


I32 = functions("i32", I32_CONSTANTS)
I64 = functions("i64", I64_CONSTANTS)
NAMES = {f"{t}_{op}_names": f"({t}.{op} (local.get 0) (local.get 1))" for t in ("i32", "i64") for op in OPS}
MODULE = differential.load(
    "(module {} {} {})".format(
        " ".join(f'(func (export "{n}") (param i32) (result i32) {b})' for n, b in I32.items()),
        " ".join(f'(func (export "{n}") (param i64) (result i32) {b})' for n, b in I64.items()),
        " ".join(f'(func (export "{n}") (param {n[:3]} {n[:3]}) (result i32) {b})' for n, b in NAMES.items()),
    )
)


def test_i32_comparisons_agree():
    step, fast = differential.compare(MODULE, [(n, [x]) for n in I32 for x in I32_EDGES])
    assert step == fast


def test_i64_comparisons_agree():
    step, fast = differential.compare(MODULE, [(n, [x]) for n in I64 for x in I64_EDGES])
    assert step == fast


def test_comparisons_of_two_names_agree():
    calls = [(n, [x, y]) for n in NAMES for edges in ([I32_EDGES] if n[:3] == "i32" else [I64_EDGES])
             for x in edges for y in edges]
    step, fast = differential.compare(MODULE, calls)
    assert step == fast


@pytest.mark.parametrize("name", ["i32_lt_s_2_right", "i32_ge_s_6_left", "i64_gt_s_3_right", "i32_le_s_names"])
def test_no_xor_with_the_sign_bit(name):
    source = translate(instantiate(MODULE).extern_exports[name]).source
    assert "^ 0x8" not in source
