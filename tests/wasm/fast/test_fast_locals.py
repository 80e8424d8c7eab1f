"""Declared locals keep their `= 0` at the top of a generated function unless every read follows a write
(assigned.py): each case below reads a local that some path has not written, and must see its zero."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
import differential  # noqa: E402

from playground.wasm.exec.fast.translate import translate  # noqa: E402
from playground.wasm.runtime import instantiate  # noqa: E402

READ_UNWRITTEN = {  # (the local read, body): local 1 (an i32) or 2 (an f64) may still be zero when read
    "one_arm_of_an_if": "(if (local.get 0) (then (local.set 1 (i32.const 7)))) (local.get 1)",
    "before_a_branch_out": "(block $b (br_if $b (local.get 0)) (local.set 1 (i32.const 7))) (local.get 1)",
    "in_the_else_arm": "(if (result i32) (local.get 0) (then (local.tee 1 (i32.const 7))) (else (local.get 1)))",
    "before_the_write_in_a_loop": """(loop $l (local.set 2 (f64.add (local.get 2) (f64.const 1.5)))
        (br_if $l (i32.gt_s (local.tee 0 (i32.sub (local.get 0) (i32.const 1))) (i32.const 0))))
        (i32.trunc_f64_s (local.get 2))""",
    "read_then_written": "(local.get 1) (local.set 1 (i32.const 7))",
    "written_in_a_loop_read_after": "(loop $l (local.set 1 (i32.const 9)) (br_if $l (i32.const 0))) (local.get 1)",
}
WRITTEN_FIRST = {  # (body) every read follows a write on every path: no initialisation
    "straight_line": "(local.set 1 (i32.add (local.get 0) (i32.const 1))) (i32.mul (local.get 1) (local.get 1))",
    "inside_a_loop": """(local.set 2 (f64.const 0)) (loop $l (local.set 1 (i32.sub (local.get 0) (i32.const 1)))
        (local.set 0 (local.get 1)) (br_if $l (i32.gt_s (local.get 1) (i32.const 0)))) (i32.trunc_f64_s (local.get 2))""",
    "both_arms_after_the_write": """(local.set 1 (local.get 0))
        (if (result i32) (local.get 0) (then (local.get 1)) (else (i32.add (local.get 1) (i32.const 1))))""",
}


def function(name: str, body: str) -> str:
    return f'(func (export "{name}") (param i32) (result i32) (local i32 f64) {body})'


MODULE = differential.load(f"(module {' '.join(function(n, b) for n, b in {**READ_UNWRITTEN, **WRITTEN_FIRST}.items())})")


def head_of(name: str) -> str:
    source = translate(instantiate(MODULE).extern_exports[name]).source
    return source[: source.index(" try:")]


@pytest.mark.parametrize("name", [*READ_UNWRITTEN, *WRITTEN_FIRST])
def test_both_engines_agree(name):
    step, fast = differential.compare(MODULE, [(name, [n]) for n in (0, 1, 3)])
    assert step == fast
    assert fast[0].error is None


@pytest.mark.parametrize("name", READ_UNWRITTEN)
def test_a_local_read_before_some_write_keeps_its_zero(name):
    head = head_of(name)
    assert " l1 = 0\n" in head or " l2 = 0.0\n" in head


@pytest.mark.parametrize("name", WRITTEN_FIRST)
def test_a_local_written_before_every_read_is_not_initialised(name):
    head = head_of(name)
    assert " l1 = " not in head and " l2 = " not in head


def test_the_debuggers_form_initialises_every_local():
    """A probe hands every local over (translate.py, frame_values), so each must exist from the start."""
    func = instantiate(MODULE).extern_exports["straight_line"]
    head = translate(func, counting=True, where=0, probes=frozenset({0})).source.split(" try:")[0]
    assert " l1 = 0\n" in head and " l2 = 0.0\n" in head
