"""Reverse execution is exact: N steps forward then M back equals N-M steps forward (property test)."""

from __future__ import annotations

from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from playground.debug.session import DebugSession
from playground.debug.statehash import state_digest
from playground.wasm.exec.step.machine import Thread
from playground.wasm.runtime import instantiate

HEADER = """(module
  (type $t (func (param i32) (result i32)))
  (memory 1 4)
  (global $g (mut i32) (i32.const 7))
  (global $h (mut i64) (i64.const -1))
  (table 2 4 funcref)
  (elem (i32.const 1) $helper)
  (data $d "\\01\\02\\03\\04\\05\\06\\07\\08")
  (func $helper (type $t)
    (i32.store (i32.const 100) (local.get 0))
    (global.set $g (i32.add (global.get $g) (local.get 0)))
    (i32.add (local.get 0) (i32.const 1)))
  (func (export "main") (param $x i32) (result i32) (local $i0 i32) (local $i1 i32) (local $i2 i32)
"""
FOOTER = "    (i32.add (local.get $x) (global.get $g))))"

addr = st.integers(0, 300)
small = st.integers(0, 255)


def leaf():
    return st.one_of(
        st.builds(lambda a, k: f"(i32.store (i32.and (i32.add (local.get $x) (i32.const {a})) (i32.const 0x3fc)) (i32.add (local.get $x) (i32.const {k})))", addr, small),
        st.builds(lambda a, k: f"(i64.store8 offset=3 (i32.const {a}) (i64.const {k}))", addr, small),
        st.builds(lambda a, v, n: f"(memory.fill (i32.const {a}) (i32.const {v}) (i32.const {n}))", addr, small, st.integers(0, 40)),
        st.builds(lambda a, b, n: f"(memory.copy (i32.const {a}) (i32.const {b}) (i32.const {n}))", addr, addr, st.integers(0, 40)),
        st.builds(lambda a: f"(memory.init $d (i32.const {a}) (i32.const 2) (i32.const 4))", addr),
        st.just("(data.drop $d)"),
        st.just("(global.set $g (i32.mul (global.get $g) (local.get $x)))"),
        st.just("(global.set $h (i64.extend_i32_u (local.get $x)))"),
        st.just("(local.set $x (i32.add (local.get $x) (i32.const 3)))"),
        st.just("(drop (memory.grow (i32.const 1)))"),
        st.just("(local.set $x (call $helper (local.get $x)))"),
        st.just("(local.set $x (call_indirect (type $t) (local.get $x) (i32.const 1)))"),
        st.just("(table.set (i32.const 0) (ref.func $helper))"),
        st.just("(drop (table.grow (ref.null func) (i32.const 1)))"),
        st.just("(i32.store (i32.const 65530) (local.get $x))"),  # traps once: 4 bytes past 65530 fit only after a grow
        st.just("(local.set $x (i32.div_u (i32.const 1000) (i32.and (local.get $x) (i32.const 15))))"),  # may trap
    )


def block(depth: int):
    if depth >= 2:
        return st.lists(leaf(), min_size=2, max_size=5).map(" ".join)
    counter = f"$i{depth}"
    loop = st.tuples(st.integers(1, 9), block(depth + 1)).map(
        lambda t: f"(local.set {counter} (i32.const 0)) (block (loop (br_if 1 (i32.ge_u (local.get {counter}) (i32.const {t[0]}))) {t[1]} "
        f"(local.set {counter} (i32.add (local.get {counter}) (i32.const 1))) (br 0)))"
    )
    return st.lists(st.one_of(leaf(), loop), min_size=2, max_size=6 - depth).map(" ".join)


programs = block(0).map(lambda body: HEADER + "    " + body + "\n" + FOOTER)


def plain_digest(text: str, arg: int, steps: int) -> str:
    from playground.wasm.text.parse import parse_module

    module = parse_module(text)
    inst = instantiate(module)
    thread = Thread()
    thread.start(inst.exports.main.func, [arg])
    if steps:
        thread.run(steps)
    return state_digest(thread, inst)


@settings(max_examples=120, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(programs, st.integers(1, 9), st.integers(0, 400), st.integers(0, 400), st.booleans(), st.integers(3, 40))
def test_n_forward_m_back_equals_n_minus_m_forward(text, arg, n, m, by_goto, interval):
    session = DebugSession.from_text(text, interval=interval)
    session.start("main", [arg])
    for _ in range(n):
        if session.state in ("finished", "trapped"):
            break
        session.step_into()
    reached = session.step
    trapped = session.state == "trapped"
    event(f"reached {reached // 50 * 50}+ steps, {session.state}")
    m = min(m, reached)
    if by_goto:
        session.goto_step(reached - m)
        expected = reached - m
    else:
        for _ in range(m):
            session.step_back()
        expected = reached - m + 1 if trapped and m else reached - m  # the first step back leaves the trap
    assert session.step == expected
    if trapped and m == 0:
        assert session.state_digest() == plain_digest(text, arg, reached + 1)  # the trapped state itself
    else:
        assert session.state_digest() == plain_digest(text, arg, expected)
    # forward again: the same state as at the first visit
    session.goto_step(reached)
    assert session.step == reached


motions = st.lists(
    st.one_of(
        st.sampled_from(["into", "over", "out", "back", "back_over", "continue", "reverse_continue"]),
        st.integers(0, 300),  # goto
    ),
    min_size=1,
    max_size=12,
)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(programs, st.integers(1, 9), motions, st.integers(3, 40), st.integers(0, 40))
def test_any_sequence_of_motions_leaves_the_exact_state_of_a_plain_run(text, arg, moves, interval, break_at):
    from playground.debug.breakpoints import BreakpointError, at_instruction
    from playground.debug.watchpoints import watch_global, watch_memory

    session = DebugSession.from_text(text, interval=interval)
    session.start("main", [arg])
    try:
        session.add_breakpoint(at_instruction("main", break_at))
    except BreakpointError:
        pass
    if break_at % 2:  # watched writes stop motions too, forwards and backwards
        session.add_watchpoint(watch_memory(100, 4))
        session.add_watchpoint(watch_global("$g"))
    for move in moves:
        if isinstance(move, int):
            session.goto_step(move)
        else:
            getattr(session, {"into": "step_into", "over": "step_over", "out": "step_out", "back": "step_back",
                              "back_over": "step_back_over", "continue": "continue_",
                              "reverse_continue": "reverse_continue"}[move])()
        target = session.step + (1 if session.state == "trapped" else 0)
        assert session.state_digest() == plain_digest(text, arg, target), move
