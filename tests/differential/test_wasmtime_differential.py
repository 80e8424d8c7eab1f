"""Generated programs on the step engine, the fast engine and wasmtime: results, traps, memory and globals agree.

Programs (tests/wasm/fast/program_gen.py, portable form) mix integer and
float arithmetic over edge values (NaNs with payloads, infinities, INT_MIN,
-0), nested control flow, loads and stores in and out of bounds, bulk
memory, memory.grow, direct and indirect calls, table.get/set/grow/fill and
SIMD. A difference is shrunk (shrink.py) and the small program is printed
with what each engine did. `make test` runs a bounded number; PLAYGROUND_FUZZ=long
runs LONG_FACTOR times more (tests/wasm/fuzz/fuzz_helpers.py).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))
sys.path.insert(0, str(HERE.parent / "wasm" / "fast"))
sys.path.insert(0, str(HERE.parent / "wasm" / "fuzz"))
import program_gen  # noqa: E402
import reference  # noqa: E402
import shrink  # noqa: E402
from fuzz_helpers import budget  # noqa: E402

from playground.errors import PlaygroundError  # noqa: E402
from playground.wasm.text.parse import parse_module  # noqa: E402
from playground.wasm.validate import validate_module  # noqa: E402

ENGINES = ("step", "fast")


def observe(text: str, calls: list) -> dict:
    module = parse_module(text)
    validate_module(module)
    runs = {engine: reference.ours(module, calls, engine) for engine in ENGINES}
    runs["wasmtime"] = reference.reference(module, calls)
    return runs


def still_differs(text: str, calls: list) -> bool:
    try:
        return reference.differences(observe(text, calls)) is not None
    except (PlaygroundError, Exception):  # noqa: BLE001 - a shrunk candidate that no longer loads does not count
        return False


def check(text: str, calls: list) -> None:
    found = reference.differences(observe(text, calls))
    if found is None:
        return
    small, small_calls = shrink.shrink(text, calls, still_differs, seconds=60)
    report = reference.differences(observe(small, small_calls)) or found
    pytest.fail(f"engines disagree.\nshrunk program:\n{small}\ncalls: {small_calls}\n{report}", pytrace=False)


PROGRAMS = settings(max_examples=budget(60), derandomize=True, deadline=None, database=None,
                    suppress_health_check=[HealthCheck.too_slow])


@PROGRAMS
@given(seed=st.integers(min_value=0, max_value=2**32))
def test_scalar_programs_agree_with_wasmtime(seed):
    check(*program_gen.generate(seed, portable=True, tables=True))


@PROGRAMS
@given(seed=st.integers(min_value=0, max_value=2**32))
def test_simd_programs_agree_with_wasmtime(seed):
    check(*program_gen.generate(seed, nfuncs=2, portable=True, simd=True))


def test_a_difference_is_shrunk_and_printed():
    """The shrinker on a planted difference: a program whose result depends on a host-visible bit we fake."""
    text, calls = program_gen.generate(7, portable=True)
    marker = "(i32.const 123456789)"
    planted = text.replace('(func (export "globals")', f'(func (export "planted") (result i32) {marker})\n  (func (export "globals")')

    def fails(candidate: str, candidate_calls: list) -> bool:
        return marker in candidate and '"planted"' in candidate and any(n == "planted" for n, _ in candidate_calls) \
            and still_loads(candidate)

    small, small_calls = shrink.shrink(planted, calls + [("planted", [])], fails, seconds=30)
    assert len(small) < len(planted) / 2
    assert small_calls == [("planted", [])]
    assert marker in small


def still_loads(text: str) -> bool:
    try:
        validate_module(parse_module(text))
        return True
    except PlaygroundError:
        return False


def test_nan_payloads_the_spec_leaves_open_are_not_differences():
    """f32.add of a NaN with a payload: wasmtime and we may return different NaNs; the portable form canonicalises."""
    text = """(module (memory (export "mem") 1)
      (global $gi32 (mut i32) (i32.const 0)) (global $gi64 (mut i64) (i64.const 0))
      (global $gf32 (mut f32) (f32.const 0)) (global $gf64 (mut f64) (f64.const 0))
      (func $canon_f32 (param $x f32) (result f32)
        (select (f32.reinterpret_i32 (i32.const 0x7fc00000)) (local.get $x) (f32.ne (local.get $x) (local.get $x))))
      (func (export "f0") (param i32) (result i32)
        (i32.reinterpret_f32 (call $canon_f32 (f32.add (f32.reinterpret_i32 (local.get 0)) (f32.const 1)))))
      (func (export "globals") (result i32 i64 i32 i64)
        (global.get $gi32) (global.get $gi64) (i32.reinterpret_f32 (global.get $gf32)) (i64.reinterpret_f64 (global.get $gf64))))"""
    runs = observe(text, [("f0", [0xFFA00001]), ("f0", [0x3F800000])])
    assert reference.differences(runs) is None
    assert runs["wasmtime"][0].results == (0x7FC00000,) and runs["step"][1].results == (0x40000000,)


def test_traps_map_to_one_vocabulary():
    text, _ = program_gen.generate(3, portable=True)
    text = text.replace('(func (export "globals")', '(func (export "div") (param i32) (result i32) '
                        '(i32.div_s (i32.const 1) (local.get 0)))\n  (func (export "globals")')
    runs = observe(text, [("div", [0]), ("div", [2])])
    assert {r[0].trap for r in runs.values()} == {"divide by zero"}
    assert reference.differences(runs) is None
