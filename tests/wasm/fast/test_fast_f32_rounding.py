"""f32 arithmetic in a loop rounds through a scratch f32 of the call's own (ops_numeric.py, `push_rounded`):
the same bits as the step engine at ties, subnormals, the overflow to infinity and NaN payloads."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
import differential  # noqa: E402

from playground.wasm.exec.fast import support  # noqa: E402
from playground.wasm.exec.fast.translate import translate  # noqa: E402
from playground.wasm.runtime import instantiate  # noqa: E402


def looped(name: str, params: str, expr: str) -> str:
    """A function computing `expr` once inside a loop (as the loop's body), returning its bits."""
    return (
        f'(func (export "{name}") (param {params}) (result i32) (local $r f32)'
        f" (loop $l (local.set $r {expr})) (i32.reinterpret_f32 (local.get $r)))"
    )


A, B = "(f32.reinterpret_i32 (local.get 0))", "(f32.reinterpret_i32 (local.get 1))"
F32_CASES = {
    "add": f"(f32.add {A} {B})",
    "sub": f"(f32.sub {A} {B})",
    "mul": f"(f32.mul {A} {B})",
    "div": f"(f32.div {A} {B})",
    "fused": f"(f32.add (f32.mul {A} {B}) (f32.sub {A} (f32.neg {B})))",
}
DEMOTE = "(f32.demote_f64 (f64.mul (f64.reinterpret_i64 (local.get 0)) (f64.reinterpret_i64 (local.get 1))))"

TEXT = "(module {} {} {})".format(
    " ".join(looped(name, "i32 i32", expr) for name, expr in F32_CASES.items()),
    looped("demote", "i64 i64", DEMOTE),
    f'(func (export "straight") (param i32 i32) (result i32) (i32.reinterpret_f32 {F32_CASES["fused"]}))',
)
MODULE = differential.load(TEXT)

F32_EDGES = [
    0, 0x80000000, 0x00000001, 0x80000003, 0x00000003, 0x007FFFFF, 0x3F000000, 0x3F800000, 0x3F800001, 0x3EAAAAAB,
    0x40400000, 0x7F000000, 0x7F7FFFFF, 0xFF7FFFFF, 0x73000000, 0x7F800000, 0xFF800000, 0x7FC00000, 0x7FA00001,
    0xFFC12345,
]
F64_EDGES = [
    0, 0x3FF0000000000001, 0x47EFFFFFF0000000, 0x47EFFFFFE0000000, 0x36A0000000000000, 0x3690000000000000,
    0x3FF0000010000000, 0x3FF0000030000000, 0x7FF0000000000001, 0xFFF8000000000123, 0x3FE0000000000000,
    0xBFF0000000000000,
]


@pytest.mark.parametrize("name", [*F32_CASES, "straight"])
def test_f32_arithmetic_agrees_bit_for_bit(name):
    calls = [(name, [a, b]) for a in F32_EDGES for b in F32_EDGES]
    step, fast = differential.compare(MODULE, calls)
    assert step == fast


def test_demotion_agrees_bit_for_bit():
    calls = [("demote", [a, b]) for a in F64_EDGES for b in F64_EDGES]
    step, fast = differential.compare(MODULE, calls)
    assert step == fast


def test_only_a_function_rounding_in_a_loop_gets_the_scratch():
    inst = instantiate(MODULE)
    assert support.SCRATCH_ROUNDS  # IEEE hardware: a C cast rounds as RF
    assert "R32[0] = " in translate(inst.extern_exports["fused"]).source
    straight = translate(inst.extern_exports["straight"]).source
    assert "R32" not in straight and "UF1(PF1(" in straight


def test_the_scratch_rounds_as_round_f32():
    scratch = support.f32_scratch()
    for x in (0.1, 1 / 3, 2.0**-150, 3 * 2.0**-150, 2.0**128 - 2.0**103, 2.0**128 - 2.0**104, 1e39, -1e39):
        scratch[0] = x
        assert support.f32_to_bits(scratch[0]) == support.f32_to_bits(support.round_f32(x))
