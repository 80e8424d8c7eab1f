"""Property: on straight-line code of table-described instructions, the validator agrees with a plain
stack simulation, and the recorded type stacks chain (each `after` is the next `before`)."""

from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from playground.wasm.errors import InvalidError
from playground.wasm.instructions import OPS
from playground.wasm.model import Func, Instr, Module
from playground.wasm.types import FuncType, ValType
from playground.wasm.validate import validate_module

# Instructions whose whole effect the table gives and whose immediates need no context.
_SIMPLE = [o for o in OPS if o.is_simple and o.imm in ("none", "i32", "i64", "f32", "f64", "v128")]
_IMM = {"none": (), "i32": (0,), "i64": (0,), "f32": (0,), "f64": (0,), "v128": (0,)}


def _oracle(ops, results) -> bool:
    stack: list[ValType] = []
    for o in ops:
        n = len(o.params)
        if len(stack) < n or tuple(stack[len(stack) - n :]) != o.params:
            return False
        del stack[len(stack) - n :]
        stack.extend(o.results)
    return stack == list(results)


@settings(max_examples=300, deadline=None)
@given(
    ops=st.lists(st.sampled_from(_SIMPLE), max_size=12),
    results=st.lists(st.sampled_from([ValType.I32, ValType.I64, ValType.F32, ValType.V128]), max_size=2),
)
def test_straight_line_code_matches_a_stack_simulation(ops, results):
    body = [Instr(o, _IMM[o.imm]) for o in ops] + [Instr(next(o for o in OPS if o.name == "end"))]
    module = Module(types=[FuncType((), tuple(results))], funcs=[Func(0, [], body)])
    try:
        stacks = validate_module(module, type_stacks=True).stacks[0]
    except InvalidError:
        assert not _oracle(ops, results)
        return
    assert _oracle(ops, results)
    assert stacks[0].before == ()
    assert all(a.after == b.before for a, b in zip(stacks, stacks[1:]))
    assert stacks[-1].after == tuple(results)
