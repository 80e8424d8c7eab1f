"""Traps, call depth, host functions and limits on the fast engine: the step engine's behaviour exactly.

Each trap is compared with the step engine's: class, message, function,
instruction index, span. The depth limit is the step engine's to the frame,
10,000 deep by default without a Python RecursionError, in the main thread
and in a worker thread, and Python's recursion limit is back afterwards.
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
import differential  # noqa: E402

from playground.wasm.engines import new_executor  # noqa: E402
from playground.wasm.errors import ExhaustionError, Trap  # noqa: E402
from playground.wasm.exec.fast.executor import FastExecutor  # noqa: E402
from playground.wasm.exec.interface import ExecSettings  # noqa: E402
from playground.wasm.limits import LimitError  # noqa: E402
from playground.wasm.runtime import Memory, Store, host_func, instantiate  # noqa: E402

TRAPS = r"""
(module
  (type $ii (func (param i32) (result i32)))
  (type $v (func))
  (memory (export "mem") 1)
  (table 4 funcref)
  (elem (i32.const 0) $id $nothing)
  (func $id (type $ii) (local.get 0))
  (func $nothing (type $v))
  (func (export "unreachable") (nop) (unreachable))
  (func (export "div_s") (param i32 i32) (result i32) (i32.div_s (local.get 0) (local.get 1)))
  (func (export "div_u") (param i32 i32) (result i32) (i32.div_u (local.get 0) (local.get 1)))
  (func (export "rem_u64") (param i64 i64) (result i64) (i64.rem_u (local.get 0) (local.get 1)))
  (func (export "rem_s") (param i32 i32) (result i32) (i32.rem_s (local.get 0) (local.get 1)))
  (func (export "load") (param i32) (result i32) (i32.add (i32.const 1) (i32.load offset=4 (local.get 0))))
  (func (export "load8") (param i32) (result i32) (i32.load8_u (local.get 0)))
  (func (export "load64") (param i32) (result i64) (i64.load (local.get 0)))
  (func (export "loadf64") (param i32) (result f64) (f64.load (local.get 0)))
  (func (export "store") (param i32) (i32.store offset=2 (local.get 0) (i32.const 7)))
  (func (export "store8") (param i32) (i32.store8 (local.get 0) (i32.const 7)))
  (func (export "storef64") (param i32) (f64.store (local.get 0) (f64.const 1.5)))
  (func (export "fill") (param i32 i32) (memory.fill (local.get 0) (i32.const 1) (local.get 1)))
  (func (export "indirect") (param i32) (result i32) (call_indirect (type $ii) (i32.const 5) (local.get 0)))
  (func (export "trunc") (param f64) (result i32) (i32.trunc_f64_s (local.get 0)))
  (func (export "trunc32") (param f32) (result i64) (i64.trunc_f32_u (local.get 0)))
  (func (export "nested") (param i32) (result i32)
    (block (result i32)
      (loop (result i32)
        (drop (br_if 1 (i32.const 3) (i32.eqz (local.get 0))))
        (i32.div_u (i32.const 10) (i32.sub (local.get 0) (i32.const 2))))))
  (func $deep (param i32) (result i32) (i32.load (local.get 0)))
  (func (export "callee_traps") (param i32) (result i32) (i32.add (i32.const 1) (call $deep (local.get 0))))
)
"""

CALLS = [
    ("unreachable", []),
    ("div_s", [1, 0]), ("div_s", [0x80000000, 0xFFFFFFFF]), ("div_s", [7, 0xFFFFFFFE]),
    ("div_u", [1, 0]), ("div_u", [7, 2]),
    ("rem_u64", [5, 0]), ("rem_s", [0x80000000, 0xFFFFFFFF]), ("rem_s", [5, 0]),
    ("load", [65532]), ("load", [65528]), ("load", [0xFFFFFFFF]), ("load8", [65536]), ("load8", [65535]),
    ("load64", [65529]), ("loadf64", [65528]), ("loadf64", [65529]),
    ("store", [65533]), ("store", [65530]), ("store8", [65536]), ("storef64", [65529]),
    ("fill", [65530, 7]), ("fill", [65530, 6]),
    ("indirect", [0]), ("indirect", [1]), ("indirect", [2]), ("indirect", [4]), ("indirect", [0xFFFFFFFF]),
    ("trunc", [0x7FF8000000000000]), ("trunc", [0x41E0000000000000]), ("trunc", [0xC1E0000000200000]),
    ("trunc32", [0xBF800000]), ("trunc32", [0x3F800000]),
    ("nested", [0]), ("nested", [2]), ("nested", [3]),
    ("callee_traps", [70000]), ("callee_traps", [8]),
]


@pytest.mark.parametrize("settings", [ExecSettings(), ExecSettings(count=True), ExecSettings(fuel=10_000)], ids=["plain", "counting", "fuel"])
def test_every_trap_is_the_step_engines(settings):
    module = differential.load(TRAPS)
    step, fast = differential.compare(module, CALLS, settings)
    errors = [o.error for o in step if o.error]
    assert len(errors) >= 25  # the calls above do trap
    for call, s, f in zip(CALLS, step, fast):
        assert s == f, call


def test_trap_location_points_at_the_instruction():
    module = differential.load(TRAPS)
    inst = instantiate(module, store=Store(executor=FastExecutor()))
    with pytest.raises(Trap) as info:
        inst.exports.callee_traps(70000)
    err = info.value
    assert err.message == "out of bounds memory access"
    assert "deep" in err.func_name  # the callee, not the exported caller
    assert inst.funcs[[f.name for f in inst.funcs].index(err.func_name)].code.body[err.instr_index].op.name == "i32.load"
    assert err.span is not None and str(err).startswith(f"{err.span.line}:")


# --- call depth -------------------------------------------------------------------------------------

DEPTH = """
(module
  (func $down (export "down") (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0))
      (then (i32.const 0))
      (else (i32.add (i32.const 1) (call $down (i32.sub (local.get 0) (i32.const 1)))))))
  (type $ii (func (param i32) (result i32)))
  (table 1 funcref) (elem (i32.const 0) $down_indirect)
  (func $down_indirect (export "down_indirect") (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0))
      (then (i32.const 0))
      (else (i32.add (i32.const 1) (call_indirect (type $ii) (i32.sub (local.get 0) (i32.const 1)) (i32.const 0))))))
  (func $forever (export "forever") (call $forever))
)
"""


@pytest.mark.parametrize("limit", [1, 2, 7, 50])
def test_the_depth_limit_is_the_step_engines_to_the_frame(limit):
    module = differential.load(DEPTH)
    calls = [(name, [n]) for name in ("down", "down_indirect") for n in (limit - 2, limit - 1, limit, limit + 1) if n >= 0]
    calls.append(("forever", []))
    step, fast = differential.compare(module, calls, ExecSettings(max_call_depth=limit))
    assert step == fast
    assert step[-1].error[1] == "call stack exhausted"


def test_ten_thousand_frames_by_default_and_the_recursion_limit_comes_back():
    before = sys.getrecursionlimit()
    inst = instantiate(differential.load(DEPTH), store=Store(executor=FastExecutor()))
    assert inst.exports.down(9_999) == 9_999  # 10,000 frames: the default limit
    assert inst.exports.down_indirect(9_999) == 9_999
    with pytest.raises(ExhaustionError) as info:
        inst.exports.down(10_000)
    assert info.value.message == "call stack exhausted" and type(info.value) is ExhaustionError
    with pytest.raises(ExhaustionError):
        inst.exports.forever()
    assert sys.getrecursionlimit() == before


def test_deep_recursion_in_a_worker_thread():
    inst = instantiate(differential.load(DEPTH), store=Store(executor=FastExecutor()))
    got = []
    worker = threading.Thread(target=lambda: got.append(inst.exports.down(9_999)))
    worker.start()
    worker.join()
    assert got == [9_999]


# --- host functions ---------------------------------------------------------------------------------

HOSTS = """
(module
  (import "env" "twice" (func $twice (param f64) (result f64)))
  (import "env" "boom" (func $boom (param i32)))
  (import "env" "again" (func $again (param i32) (result i32)))
  (import "env" "peek" (func $peek (param i32) (result i32)))
  (import "env" "pair" (func $pair (result i32 f32)))
  (memory (export "mem") 1)
  (func (export "twice") (param f64) (result f64) (f64.add (f64.const 1) (call $twice (local.get 0))))
  (func (export "boom") (param i32) (result i32) (call $boom (local.get 0)) (i32.const 5))
  (func $count (export "count") (param i32) (result i32)
    (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 100))
      (else (call $again (i32.sub (local.get 0) (i32.const 1))))))
  (func (export "peek") (param i32) (result i32) (i32.store (i32.const 8) (local.get 0)) (call $peek (i32.const 8)))
  (func (export "pair") (result f32 i32) (local f32) (call $pair) (local.set 0) (drop) (f32.const 2) (i32.const 3))
)
"""


class Oops(Exception):
    pass


def host_imports(store_holder):
    def boom(x):
        if x == 1:
            raise Trap("host says no")
        if x == 2:
            raise Oops("a host's own exception")

    def again(n):
        return store_holder["inst"].exports.count(n)

    def peek(caller, address):
        return int.from_bytes(caller.memory.data[address : address + 4], "little") + 1

    return {
        "env": {
            "twice": host_func(lambda x: 2 * x, params=["f64"], results=["f64"]),
            "boom": host_func(boom, params=["i32"]),
            "again": host_func(again, params=["i32"], results=["i32"]),
            "peek": host_func(peek, params=["i32"], results=["i32"], caller=True),
            "pair": host_func(lambda: (4, 0.5), results=["i32", "f32"]),
        }
    }


@pytest.mark.parametrize("engine", ["step", "fast"])
def test_host_functions(engine):
    holder = {}
    inst = instantiate(differential.load(HOSTS), host_imports(holder), store=Store(executor=new_executor(engine)))
    holder["inst"] = inst
    assert inst.exports.twice(2.5) == 6.0
    assert inst.exports.boom(0) == 5
    with pytest.raises(Trap) as info:
        inst.exports.boom(1)
    assert info.value.message == "host says no" and info.value.instr_index == 1  # at the call
    with pytest.raises(Oops):
        inst.exports.boom(2)
    assert inst.exports.count(30) == 100  # host -> wasm -> host ... 30 times
    assert inst.exports.peek(41) == 42
    assert inst.exports.pair() == (2.0, 3)


def test_host_traps_are_located_as_the_step_engine_locates_them():
    module = differential.load(HOSTS)
    holder = {}
    calls = [("boom", [1]), ("twice", [0x7FF4000000000001]), ("peek", [7])]
    step = differential.run(module, "step", calls, None, lambda: host_imports(holder))
    assert step[0].error is not None
    fast = differential.run(module, "fast", calls, None, lambda: host_imports(holder))
    assert step == fast


def test_memory_is_the_same_object_for_hosts_and_both_engines():
    memory = Memory(1)
    text = '(module (import "env" "m" (memory 1)) (func (export "put") (param i32 i32) (i32.store (local.get 0) (local.get 1))))'
    module = differential.load(text)
    fast = instantiate(module, {"env": {"m": memory}}, store=Store(executor=FastExecutor()))
    step = instantiate(module, {"env": {"m": memory}}, store=Store(executor=new_executor("step")))
    fast.exports.put(0, 0x01020304)
    step.exports.put(4, 0x05060708)
    assert bytes(memory.data[:8]) == bytes([4, 3, 2, 1, 8, 7, 6, 5])


# --- limits -----------------------------------------------------------------------------------------

SPIN = '(module (func (export "spin") (loop (br 0))) (func (export "sum") (param i32) (result i32) (local i32)' \
       ' (block (loop (br_if 1 (i32.eqz (local.get 0))) (local.set 1 (i32.add (local.get 1) (local.get 0)))' \
       ' (local.set 0 (i32.sub (local.get 0) (i32.const 1))) (br 0))) (local.get 1)))'


@pytest.mark.parametrize("fuel", [1, 2, 3, 10, 99, 1000])
def test_fuel_runs_out_where_the_step_engines_does(fuel):
    module = differential.load(SPIN)
    step, fast = differential.compare(module, [("sum", [50]), ("spin", [])], ExecSettings(fuel=fuel))
    assert [(o.error, o.instructions) for o in step] == [(o.error, o.instructions) for o in fast]
    assert step[1].error[0] == "LimitError"


def test_a_timeout_stops_an_endless_loop():
    inst = instantiate(differential.load(SPIN), store=Store(executor=FastExecutor(ExecSettings(timeout=0.05))))
    with pytest.raises(LimitError) as info:
        inst.exports.spin()
    assert info.value.limit == "timeout" and info.value.instr_index is not None
    assert inst.exports.sum(10) == 55  # the next call gets its own deadline


def test_counting_matches_the_step_engine_over_several_invokes():
    module = differential.load(SPIN)
    totals = []
    for engine in ("step", "fast"):
        executor = new_executor(engine, ExecSettings(count=True))
        inst = instantiate(module, store=Store(executor=executor))
        inst.exports.sum(10)
        inst.exports.sum(20)
        totals.append(executor.instructions)
    assert totals[0] == totals[1] > 0


# A straight-line run of loads and stores, one of which may trap (the store8 at the argument, the
# division by it): one charge for the whole run, cut after each instruction that can fail (segments.py).
STRAIGHT = """(module (memory (export "m") 1) (global (export "g") (mut i32) (i32.const 0))
 (func (export "run") (param i32) (result i32)
  (i32.store (i32.const 0) (i32.const 11))
  (i32.store (i32.const 4) (i32.add (i32.load (i32.const 0)) (i32.const 1)))
  (global.set 0 (i32.load (i32.const 4)))
  (i32.store8 (local.get 0) (i32.const 7))
  (i32.store16 (i32.const 8) (i32.const 13))
  (i32.add (i32.div_u (i32.load (i32.const 4)) (local.get 0)) (i32.load8_u (i32.const 8)))))"""


@pytest.mark.parametrize("arg", [16, 65536, 0], ids=["runs", "store-traps", "division-traps"])
def test_fuel_and_traps_inside_one_straight_line_run_as_on_the_step_engine(arg):
    """Every budget from 1 to past the end: the same error, count, memory and global (the pieces before the
    budget's end ran, their stores included, and a trap before it wins); and the count after a trap."""
    module = differential.load(STRAIGHT)
    end = differential.run(module, "step", [("run", [arg])], ExecSettings(count=True))[0].instructions
    for fuel in range(1, end + 2):
        step, fast = differential.compare(module, [("run", [arg])], ExecSettings(fuel=fuel))
        assert fast == step, fuel
    step, fast = differential.compare(module, [("run", [arg])], ExecSettings(count=True))
    assert fast == step and step[0].instructions == end
