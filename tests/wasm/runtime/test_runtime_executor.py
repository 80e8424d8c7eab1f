"""The steppable executor: results, traps, exhaustion, fuel, stepping and snapshots (hand-built modules)."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
from runtime_build_helpers import I32, body, fib_module, loop_module, module_with  # noqa: E402

from playground.wasm.errors import ExhaustionError, Trap
from playground.wasm.engines import engine_names, new_executor
from playground.wasm.exec.interface import ExecSettings
from playground.wasm.exec.step.control import Break, RunControl, RunStop, ThreadState
from playground.wasm.exec.step.executor import StepExecutor
from playground.wasm.exec.step.machine import Thread
from playground.wasm.runtime import Store, instantiate
from playground.wasm.types import FuncType


def test_fib_and_loop_results():
    assert instantiate(fib_module()).exports.fib(15) == 610
    assert instantiate(loop_module()).exports.sum(100) == 4950


@pytest.mark.parametrize("engine", engine_names())
def test_every_engine_runs_through_the_executor_interface(engine):
    """What the interface promises, checked by use: invoke with raw values, limits from settings, exhaustion."""
    instance = instantiate(fib_module())
    fib = instance.exports.fib.func
    executor = new_executor(engine, ExecSettings(max_call_depth=50))
    assert executor.settings.max_call_depth == 50
    assert executor.invoke(fib, [15]) == [610]
    with pytest.raises(ExhaustionError):
        executor.invoke(fib, [60])  # 60 frames deep before the first return: past the limit of 50


def test_signed_results_and_arguments():
    ft = FuncType((I32, I32), (I32,))
    m = module_with([(ft, [], body(("local.get", 0), ("local.get", 1), "i32.sub"))], {"sub": 0})
    sub = instantiate(m).exports.sub
    assert sub(10, 15) == -5
    assert sub.raw(10, 15) == [0xFFFFFFFB]
    with pytest.raises(ValueError):
        sub(2**32, 0)


def test_unreachable_traps_with_location():
    m = module_with([(FuncType(), [], body("nop", "unreachable"))], {"boom": 0})
    with pytest.raises(Trap) as info:
        instantiate(m).exports.boom()
    assert info.value.message == "unreachable"
    assert info.value.instr_index == 1


def test_runaway_recursion_is_exhaustion_quickly():
    m = module_with([(FuncType(), [], body(("call", 0)))], {"runaway": 0})
    store = Store(executor=StepExecutor(ExecSettings(max_call_depth=500)))
    with pytest.raises(ExhaustionError) as info:
        instantiate(m, store=store).exports.runaway()
    assert info.value.message == "call stack exhausted"


def test_deep_recursion_within_the_limit_uses_no_python_recursion():
    # fib's depth is small; a counting-down recursion 5000 deep would overflow Python's stack if recursive
    ft = FuncType((I32,), (I32,))
    code = body(
        ("local.get", 0), "i32.eqz",
        ("if", I32), ("i32.const", 0), "else",
        ("local.get", 0), ("i32.const", 1), "i32.sub", ("call", 0), ("i32.const", 1), "i32.add",
        "end",
    )
    inst = instantiate(module_with([(ft, [], code)], {"depth": 0}))
    assert inst.exports.depth(5000) == 5000


def test_fuel_stops_and_resumes():
    inst = instantiate(loop_module())
    func = inst.extern_exports["sum"]
    thread = Thread()
    thread.start(func, [50])
    statuses = []
    while not thread.done:
        statuses.append(thread.run(budget=100))
    assert statuses[:-1] == [ThreadState.PAUSED] * (len(statuses) - 1)
    assert thread.status is ThreadState.DONE and thread.results == [1225]
    assert thread.instructions > 100


def test_fuel_setting_raises_exhaustion():
    store = Store(executor=StepExecutor(ExecSettings(fuel=1000)))
    inst = instantiate(loop_module(), store=store)
    assert inst.exports.sum(10) == 45
    with pytest.raises(ExhaustionError):
        inst.exports.sum(1000)


def test_step_by_step_state():
    inst = instantiate(fib_module())
    thread = Thread()
    thread.start(inst.extern_exports["fib"], [3])
    frame = thread.frame
    assert frame.pc == 0 and frame.locals == [3] and frame.stack == []
    thread.step()  # local.get 0
    assert thread.frame.stack == [3] and thread.frame.pc == 1
    thread.step()  # i32.const 2
    thread.step()  # i32.lt_s
    assert thread.frame.stack == [0]
    thread.step()  # if -> else arm
    assert thread.frame.instr.op.name == "local.get" and thread.frame.pc == 6
    assert [b.kind for b in thread.frame.labels()] == ["func", "if"]
    for _ in range(4):  # local.get, i32.const, i32.sub, call
        thread.step()
    assert len(thread.frames) == 2 and thread.frame.locals == [2] and thread.frame.pc == 0
    steps = 0
    while thread.step() not in (ThreadState.DONE, ThreadState.TRAPPED):
        steps += 1
    assert thread.results == [2]


def test_snapshot_and_restore_replays_identically():
    inst = instantiate(fib_module())
    thread = Thread()
    thread.start(inst.extern_exports["fib"], [6])
    for _ in range(40):
        thread.step()
    snap = thread.snapshot()
    depth, pc = len(thread.frames), thread.frame.pc
    thread.run()
    assert thread.results == [8]
    thread.restore(snap)
    assert len(thread.frames) == depth and thread.frame.pc == pc
    thread.run()
    assert thread.results == [8]


def test_trapped_thread_keeps_its_frames():
    ft = FuncType((I32,), (I32,))
    m = module_with(
        [(ft, [], body(("i32.const", 1), ("local.get", 0), "i32.div_u")), (FuncType((), (I32,)), [], body(("i32.const", 0), ("call", 0)))],
        {"div": 0, "main": 1},
    )
    inst = instantiate(m)
    thread = Thread()
    thread.start(inst.extern_exports["main"], [])
    assert thread.run() is ThreadState.TRAPPED
    assert thread.error.message == "integer divide by zero"
    assert [f.func.name for f in thread.frames] == ["main", "div"]
    assert thread.frame.instr.op.name == "i32.div_u"


def test_multi_value_block_branch_cuts_the_stack():
    # (block (result i32 i32) (i32.const 9) (i32.const 1) (i32.const 2) (br 0)) i32.add  -> 3
    ft = FuncType((), (I32,))
    m = module_with([(ft, [], body(("i32.const", 7), "drop", ("block", 1), ("i32.const", 9), ("i32.const", 1), ("i32.const", 2), ("br", 0), "end", "i32.add"))], {"f": 0})
    m.types.append(FuncType((), (I32, I32)))
    assert instantiate(m).exports.f() == 3


def test_exhaustion_points_at_the_call():
    m = module_with([(FuncType(), [], body("nop", ("call", 0)))], {"runaway": 0})
    inst = instantiate(m)
    thread = Thread(max_call_depth=50)
    thread.start(inst.extern_exports["runaway"], [])
    assert thread.run() is ThreadState.TRAPPED
    assert thread.error.message == "call stack exhausted"
    assert len(thread.frames) == 50 and thread.frame.instr.op.name == "call"


def test_run_traced_sees_every_instruction():
    inst = instantiate(loop_module())
    thread = Thread()
    thread.start(inst.extern_exports["sum"], [3])
    seen, before = [], []
    reason, n = thread.run_traced(
        lambda func, pc, depth: seen.append((func.code.body[pc].op.name, depth)), before=lambda f: before.append(f.pc)
    )
    assert reason is RunStop.DONE and thread.status is ThreadState.DONE and thread.results == [3]
    assert len(seen) == len(before) == n == thread.instructions
    assert seen[0] == ("block", 1) and seen[-1] == ("end", 1)


def test_traced_plain_and_stepped_runs_agree():
    """The counting loop, the traced loop and single steps end in the same state with the same count."""
    func = instantiate(fib_module()).extern_exports["fib"]
    ends = []
    for drive in ("run", "traced", "step"):
        thread = Thread()
        thread.start(func, [7])
        if drive == "run":
            thread.run(1 << 40)
        elif drive == "traced":
            thread.run_traced(lambda *_: None)
        else:
            while not thread.done:
                thread.step()
        ends.append((thread.status, thread.results, thread.instructions))
    assert ends[0] == ends[1] == ends[2] and ends[0][:2] == (ThreadState.DONE, [13])


class _Recording(RunControl):
    """A control that notes what the machine tells it, and may stop the run."""

    def __init__(self, stop_depth: int = 0, stop_at_count: int | None = None) -> None:
        self.stop_depth, self.stop_at_count = stop_depth, stop_at_count
        self.entered_funcs, self.ends = [], []

    def started(self, now, stop_after, pause):
        self.now, self.stop_after = now, stop_after

    def entered(self, frame):
        self.entered_funcs.append(frame.func.name)
        if self.stop_at_count is not None and self.now() >= self.stop_at_count:
            self.stop_after()

    def ended(self, instructions, lowest):
        self.ends.append((instructions, lowest))


def test_controlled_run_reports_calls_depth_and_its_count():
    func = instantiate(fib_module()).extern_exports["fib"]
    thread = Thread()
    thread.start(func, [4])
    control = _Recording()
    reason, n = thread.run_controlled(1 << 40, control)
    assert reason is RunStop.DONE and thread.results == [3]
    assert control.entered_funcs.count("fib") == 2 * 8  # 8 calls below the first, each entered and returned from
    assert control.ends == [(n, 1)]

    thread.start(func, [4])
    for _ in range(4):  # local.get, i32.const, i32.lt_s, if
        thread.step()
    while len(thread.frames) < 2:  # into the first recursive call
        thread.step()
    reason, _ = thread.run_controlled(1 << 40, _Recording(stop_depth=2))
    assert reason is RunStop.DEPTH and len(thread.frames) == 1 and thread.status is ThreadState.PAUSED


def test_stop_after_ends_the_run_once_the_instruction_completes():
    func = instantiate(fib_module()).extern_exports["fib"]
    thread = Thread()
    thread.start(func, [6])
    reason, n = thread.run_controlled(1 << 40, _Recording(stop_at_count=10))
    assert reason is RunStop.LIMIT and thread.status is ThreadState.PAUSED and 10 <= n < 20
    thread.run()
    assert thread.results == [8]


def test_a_handler_raising_break_stops_before_its_instruction():
    func = instantiate(loop_module()).extern_exports["sum"]
    thread = Thread()
    thread.start(func, [3])
    handlers = thread.frame.code.handlers
    original, stop = handlers[2], Break()

    def breakpoint_(st, lo):
        raise stop

    handlers[2] = breakpoint_
    try:
        reason, n = thread.run_controlled(1000)
        assert (reason, n, thread.frame.pc, thread.status) == (RunStop.BREAK, 2, 2, ThreadState.PAUSED)
    finally:
        handlers[2] = original
    thread.run()
    assert thread.results == [3]


def test_a_trapping_call_is_not_counted():
    m = module_with([(FuncType(), [], body("nop", ("call", 0)))], {"runaway": 0})
    thread = Thread(max_call_depth=3)
    thread.start(instantiate(m).extern_exports["runaway"], [])
    reason, n = thread.run_controlled(1000)
    assert reason is RunStop.TRAPPED and thread.frame.instr.op.name == "call"
    assert n == thread.instructions == 3 * 2 - 1  # nop call nop call nop; the third call fails


def test_spec_runner_takes_the_executor_as_a_parameter():
    from playground.wasm.spectest import run_wast_text

    made = []

    def factory():
        made.append(StepExecutor(ExecSettings(max_call_depth=100)))
        return made[-1]

    script = '(module (func $r (export "r") (call $r)))\n(assert_exhaustion (invoke "r") "call stack exhausted")\n'
    result = run_wast_text(script, "x.wast", executor_factory=factory)
    assert result.passed == 1 and result.failed == 0 and len(made) == 1
