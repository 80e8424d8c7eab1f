"""WebAssembly 3.0 on the fast engine: tail calls, extended constants, and clear refusals of the rest.

Tail calls (`return_call`, `return_call_indirect`): results, traps (located
at the tail call when the callee never started), instruction counts and fuel
are compared with the step engine's; a tail recursion 200,000 deep runs past
Python's recursion limit (a trampoline, not nested Python calls); the
debugger's Continue stops in a function reached by tail calls with the step
engine's frames; the 3.0 suite's tail-call scripts pass. What the engine
cannot run (a proposal it does not name, an instruction without a
translation) is refused with one message, never a crash. Relaxed SIMD,
multiple memories and 64-bit memories and tables are compared with the
step engine (results, traps, counts, memory).
"""

from __future__ import annotations

import struct
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent))
import differential  # noqa: E402

from playground.debug.breakpoints import at_instruction  # noqa: E402
from playground.debug.session import DebugSession  # noqa: E402
from playground.resources import sample_path  # noqa: E402
from playground.wasm.errors import Trap, WasmError  # noqa: E402
from playground.wasm.exec.fast.executor import FastExecutor  # noqa: E402
from playground.wasm.exec.fast.translate import NotTranslated, Translator  # noqa: E402
from playground.wasm.exec.interface import ExecSettings  # noqa: E402
from playground.wasm.runtime import Store, host_func, instantiate  # noqa: E402

TAILS = r"""
(module
  (import "env" "twice" (func $twice (param i32) (result i32)))
  (import "env" "boom" (func $boom (param i32) (result i32)))
  (type $ii (func (param i32) (result i32)))
  (type $v (func))
  (memory (export "mem") 1)
  (table 6 funcref)
  (elem (i32.const 0) $even $odd $twice $boom $nothing)
  (func $nothing (type $v))
  (func $even (type $ii)
    (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 1))
      (else (return_call_indirect (type $ii) (i32.sub (local.get 0) (i32.const 1)) (i32.const 1)))))
  (func $odd (type $ii)
    (i32.store (i32.const 0) (local.get 0))
    (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 0))
      (else (return_call $even (i32.sub (local.get 0) (i32.const 1))))))
  (func (export "even") (param i32) (result i32) (return_call $even (local.get 0)))
  (func (export "via_table") (param i32 i32) (result i32)
    (return_call_indirect (type $ii) (local.get 1) (local.get 0)))
  (func (export "host") (param i32) (result i32) (return_call $twice (local.get 0)))
  (func (export "host_traps") (param i32) (result i32) (return_call $boom (local.get 0)))
  (func $sum (param i64 i64) (result i64)
    (if (result i64) (i64.eqz (local.get 0)) (then (local.get 1))
      (else (return_call $sum (i64.sub (local.get 0) (i64.const 1)) (i64.add (local.get 0) (local.get 1))))))
  (func (export "sum") (param i64) (result i64)
    (i64.add (i64.const 1000) (call $sum (local.get 0) (i64.const 0))))
  (func (export "divide") (param i32) (result i32)
    (return_call $quot (i32.const 100) (local.get 0)))
  (func $quot (param i32 i32) (result i32) (i32.div_u (local.get 0) (local.get 1)))
  (func (export "floats") (param f64) (result f64 f32)
    (return_call $pair (f64.mul (local.get 0) (f64.const 0.5)) (f32.const nan:0x200001)))
  (func $pair (param f64 f32) (result f64 f32) (local.get 0) (local.get 1))
)
"""

CALLS = [
    ("even", [10]), ("even", [7]), ("even", [0]),
    ("via_table", [0, 4]), ("via_table", [1, 5]), ("via_table", [2, 21]),
    ("via_table", [3, 1]), ("via_table", [4, 1]), ("via_table", [5, 1]), ("via_table", [9, 1]),
    ("host", [21]), ("host_traps", [3]),
    ("sum", [100]), ("divide", [7]), ("divide", [0]),
    ("floats", [0x4010_0000_0000_0000]),
]


def imports():
    def boom(x):
        raise WasmError(f"host refused {x}")

    return {"env": {"twice": host_func(lambda x: 2 * x, params=["i32"], results=["i32"]),
                    "boom": host_func(boom, params=["i32"], results=["i32"])}}


@pytest.mark.parametrize("settings", [None, ExecSettings(count=True), ExecSettings(fuel=40)], ids=["plain", "counting", "fuel"])
def test_tail_calls_agree_with_the_step_engine(settings):
    step, fast = differential.compare(differential.load(TAILS), CALLS, settings, imports)
    for s, f, call in zip(step, fast, CALLS):
        assert f == s, call
    assert {s.error[1] for s in step if s.error} >= {"integer divide by zero", "undefined element",
                                                     "uninitialized element 5", "indirect call type mismatch",
                                                     "host refused 3"}


def test_tail_recursion_does_not_grow_pythons_stack():
    """200,000 tail calls with Python's recursion limit far below that (and the Wasm depth at 100)."""
    module = differential.load(sample_path("tail_factorial.wat").read_text())
    executor = FastExecutor(ExecSettings(max_call_depth=100))
    inst = instantiate(module, store=Store(executor=executor))
    assert sys.getrecursionlimit() < 200_000
    assert inst.exports["count"].raw(200_000) == [0]
    assert inst.exports["fac"].raw(20) == [2432902008176640000]


def test_fuel_runs_out_inside_a_tail_recursion_as_on_the_step_engine():
    module = differential.load(sample_path("tail_factorial.wat").read_text())
    for fuel in (1, 2, 7, 1000, 1001, 1002):
        step, fast = differential.compare(module, [("count", [10_000])], ExecSettings(fuel=fuel))
        assert fast == step, fuel


def test_the_debugger_stops_in_a_function_reached_by_tail_calls():
    """A breakpoint in fac_acc after 5 tail calls: the fast Continue hands over the step engine's frame."""
    text = sample_path("tail_factorial.wat").read_text()
    stops = []
    for engine in ("step", "fast"):
        session = DebugSession.from_text(text, engine=engine)
        session.start("fac", [10])
        body = session.instance.funcs[1].code.body
        pc = next(i for i, ins in enumerate(body) if ins.op.name == "i64.mul")
        session.add_breakpoint(at_instruction(1, pc))
        got = []
        for _ in range(3):
            snap = session.continue_()
            frames = [(f.func.funcidx, f.pc, tuple(f.stack), tuple(f.locals), f.tail_calls) for f in session.thread.frames]
            got.append((str(snap.reason), session.step, frames, session.state_digest()))
        got.append(session.step_back().message)
        stops.append(got)
    assert stops[1] == stops[0]
    assert stops[0][2][2][-1][-1] == 3  # the third stop's frame replaced three frames


def test_an_instruction_the_engine_does_not_translate_is_refused_with_one_message(monkeypatch):
    table = dict(Translator.dispatch)
    del table["i32.add"]
    monkeypatch.setattr(Translator, "dispatch", table)
    module = differential.load('(module (func (export "f") (result i32) (i32.add (i32.const 1) (i32.const 2))))')
    inst = instantiate(module, store=Store(executor=FastExecutor()))
    with pytest.raises(WasmError, match=r"^the fast engine does not support i32\.add yet; use --engine step$"):
        inst.exports["f"].raw()


def test_a_proposal_the_engine_does_not_run_refuses_the_module(monkeypatch):
    """The engine names the 3.0 proposals it runs; a module using another is refused at instantiation."""
    monkeypatch.setattr(FastExecutor, "supported_features", frozenset())
    module = differential.load(sample_path("tail_factorial.wat").read_text())
    with pytest.raises(WasmError, match=r"the fast engine does not support return_call \(tail-call\) yet; use --engine step"):
        instantiate(module, store=Store(executor=FastExecutor()))


EXTENDED_CONST = """(module
  (global $wide i64 (i64.mul (i64.const 0x1_0000_0000) (i64.const 3)))
  (global $g (mut i32) (i32.sub (i32.const 0) (i32.const 1)))
  (memory 1)
  (data (i32.add (i32.const 40) (i32.const 2)) "hi")
  (func (export "f") (result i64 i32 i32)
    (global.set $g (i32.add (global.get $g) (i32.const 2)))
    (global.get $wide) (global.get $g) (i32.load16_u (i32.const 42))))"""


def test_extended_constant_expressions_run_on_the_fast_engine():
    step, fast = differential.compare(differential.load(EXTENDED_CONST), [("f", []), ("f", [])])
    assert fast == step
    assert fast[1].results == (3 << 32, 3, ord("h") | ord("i") << 8)


@pytest.mark.parametrize("name", ["return_call.wast", "return_call_indirect.wast"])
def test_the_3_0_tail_call_scripts_pass_on_the_fast_engine(name):
    _script_passes(name, 40)


def _script_passes(name: str, at_least: int) -> None:
    """The 3.0 suite's script `name` passes on the fast engine, more than `at_least` commands of it."""
    import suite

    from playground.wasm.spectest import run_wast_file

    path = suite.suite_3_dir() / name
    if not path.exists():
        pytest.skip(suite.suite_missing_reason(suite.SUITE_3) or f"{name} is not in the 3.0 suite")
    result = run_wast_file(path, engine="fast")
    assert result.failed == 0 and result.passed > at_least, [o for o in result.outcomes if not o.passed][:3]


RELAXED_SIMD = """(module
  (func (export "madd") (param v128 v128 v128) (result v128)
    (f32x4.relaxed_madd (local.get 0) (local.get 1) (local.get 2)))
  (func (export "nmadd") (param v128 v128 v128) (result v128)
    (f64x2.relaxed_nmadd (local.get 0) (local.get 1) (local.get 2)))
  (func (export "swizzle") (param v128 v128) (result v128) (i8x16.relaxed_swizzle (local.get 0) (local.get 1)))
  (func (export "trunc") (param v128) (result v128) (i32x4.relaxed_trunc_f32x4_s (local.get 0)))
  (func (export "select") (param v128 v128 v128) (result v128)
    (i16x8.relaxed_laneselect (local.get 0) (local.get 1) (local.get 2)))
  (func (export "min") (param v128 v128) (result v128) (f32x4.relaxed_min (local.get 0) (local.get 1)))
  (func (export "q15") (param v128 v128) (result v128) (i16x8.relaxed_q15mulr_s (local.get 0) (local.get 1)))
  (func (export "dot") (param v128 v128 v128) (result v128)
    (i32x4.relaxed_dot_i8x16_i7x16_add_s (local.get 0) (local.get 1) (local.get 2))))"""

_V = [0x7FC00001_BF800000_3F800000_7F800000, 0x80000000_00000001_40490FDB_C2C80000, 0x0F0E0D0C_1F1E1D1C_FF801070_00112233]


@pytest.mark.parametrize("settings", [None, ExecSettings(count=True)], ids=["plain", "counting"])
def test_relaxed_simd_gives_the_step_engines_one_deterministic_answer(settings):
    calls = [("madd", _V), ("nmadd", _V), ("swizzle", _V[:2]), ("swizzle", [_V[2], _V[2]]), ("trunc", _V[:1]),
             ("select", _V), ("min", _V[:2]), ("q15", [(1 << 128) - 1 ^ 0x7FFF_7FFF, 0x8000_8000_8000]),
             ("dot", _V)]
    step, fast = differential.compare(differential.load(RELAXED_SIMD), calls, settings)
    assert fast == step
    assert all(o.error is None for o in fast)


TWO_MEMORIES = """(module
  (memory $a 1)
  (memory $b (export "b") 1 3)
  (data $seg "abcdefgh")
  (data (memory $b) (i32.const 100) "xyz")
  (func $write_b (param i32 i32) (i64.store16 $b offset=2 (local.get 0) (i64.extend_i32_u (local.get 1))))
  (func (export "shuffle") (param i32) (result i32 i32 i32 i64)
    (i32.store $a (i32.const 0) (local.get 0))
    (call $write_b (i32.const 10) (i32.load $a (i32.const 0)))
    (memory.init $b $seg (i32.const 20) (i32.const 2) (i32.const 4))
    (memory.copy $b $a (i32.const 30) (i32.const 0) (i32.const 4))
    (memory.copy $a $b (i32.const 40) (i32.const 98) (i32.const 6))
    (memory.fill $b (i32.const 50) (i32.const 7) (i32.const 3))
    (memory.copy $b $b (i32.const 51) (i32.const 20) (i32.const 4))
    (v128.store $b (i32.const 60) (v128.load $a (i32.const 40)))
    (i32.load8_u $b (i32.const 21))
    (i32.load $a (i32.const 42))
    (i32.add (memory.grow $b (i32.const 1)) (i32.mul (memory.size $b) (i32.const 100)))
    (i64.load $b (i32.const 60)))
  (func (export "size_a") (result i32) (memory.size $a))
  (func (export "copy_past_the_end") (memory.copy $a $b (i32.const 0) (i32.const 196606) (i32.const 4)))
  (func (export "store_past_the_end") (param i32) (i32.store8 $b (local.get 0) (i32.const 1))))"""


@pytest.mark.parametrize("settings", [None, ExecSettings(count=True)], ids=["plain", "counting"])
def test_two_memories_each_get_their_own_loads_stores_and_bulk_operations(settings):
    calls = [("shuffle", [0x01020304]), ("size_a", []), ("shuffle", [7]), ("copy_past_the_end", []),
             ("store_past_the_end", [196607]), ("store_past_the_end", [196608])]
    step, fast = differential.compare(differential.load(TWO_MEMORIES), calls, settings)
    assert fast == step
    assert fast[0].results[0] == ord("d") and fast[0].results[2] == 1 + 2 * 100 and fast[1].results == (1,)
    assert fast[3].error[1] == "out of bounds memory access" and fast[5].error[1] == "out of bounds memory access"


MEMORY64 = """(module
  (memory $m i64 1 2)
  (table $t i64 2 funcref)
  (elem (table $t) (i64.const 1) func $seven)
  (func $seven (result i32) (i32.const 7))
  (func (export "store_load") (param i64 i64) (result i64)
    (i64.store offset=4 (local.get 0) (local.get 1)) (i64.load offset=4 (local.get 0)))
  (func (export "load8") (param i64) (result i32) (i32.load8_u (local.get 0)))
  (func (export "grow") (param i64) (result i64) (memory.grow (local.get 0)))
  (func (export "size") (result i64) (memory.size))
  (func (export "fill") (param i64 i64) (memory.fill (local.get 0) (i32.const 9) (local.get 1)))
  (func (export "call") (param i64) (result i32) (call_indirect $t (result i32) (local.get 0)))
  (func (export "table_grow") (param i64) (result i64) (table.grow $t (ref.null func) (local.get 0)))
  (func (export "table_size") (result i64) (table.size $t)))"""


@pytest.mark.parametrize("settings", [None, ExecSettings(count=True)], ids=["plain", "counting"])
def test_64_bit_memories_and_tables_check_bounds_on_unsigned_64_bit_addresses(settings):
    top = (1 << 64) - 1
    calls = [("store_load", [8, 0x1122334455667788]), ("store_load", [65524, 5]), ("store_load", [65525, 5]),
             ("store_load", [top - 3, 5]), ("load8", [top]), ("load8", [1 << 63]), ("size", []), ("grow", [1]),
             ("grow", [1]), ("grow", [top]), ("size", []), ("fill", [131070, 2]), ("fill", [top, 2]),
             ("call", [1]), ("call", [0]), ("call", [1 << 40]), ("table_grow", [3]), ("table_grow", [top]),
             ("table_size", [])]
    step, fast = differential.compare(differential.load(MEMORY64), calls, settings)
    assert fast == step
    results = [o.results for o in fast]
    assert results[0] == (0x1122334455667788,) and results[1] == (5,) and results[7] == (1,) and results[9] == (top,)
    assert [o.error[1] for o in fast if o.error] == ["out of bounds memory access"] * 5 + [
        "uninitialized element 0", "undefined element"]
    assert results[17] == (top,) and results[18] == (5,)


def test_the_debugger_stops_and_continues_in_a_fast_run_with_two_memories():
    """The debugger's form logs a store to memory 1 itself: who wrote it, and stepping back undoes it."""
    text = """(module (memory 1) (memory 1)
      (func $inner (param i32) (result i32) (i32.store 1 (i32.const 8) (local.get 0)) (i32.load 1 (i32.const 8)))
      (func (export "main") (result i32)
        (i32.store 1 (i32.const 8) (i32.const 3)) (i32.add (call $inner (i32.const 5)) (i32.const 1))))"""
    session = DebugSession.from_text(text, engine="fast")
    session.start("main", [])
    session.add_breakpoint(at_instruction(0, 3))
    assert str(session.continue_().reason) == "breakpoint" and session.thread.frame.func.funcidx == 0
    assert session.read_memory(8, 4, memory=1) == (5).to_bytes(4, "little")
    assert session.read_memory(8, 4, memory=0) == bytes(4)
    assert session.who_wrote(8, memory=1).location.instr_text == "i32.store 1"
    session.step_back()
    assert session.read_memory(8, 4, memory=1) == (3).to_bytes(4, "little")
    session.reverse_continue()
    assert session.read_memory(8, 4, memory=1) == bytes(4)
    session.continue_()
    session.continue_()
    assert session.thread.results == [6]


# --- exception handling (3.0) -----------------------------------------------------------------

EXCEPTIONS = r"""
(module
  (import "env" "host_throws" (func $host_throws (param i32)))
  (tag $e (export "e") (param i32 f64))
  (tag $f (param i64))
  (tag $none)
  (memory (export "mem") 1)
  (func $thrower (param i32)
    (i32.store (i32.const 0) (local.get 0))
    (if (i32.eq (local.get 0) (i32.const 1)) (then (throw $e (i32.const 7) (f64.const -0x1.8p1))))
    (if (i32.eq (local.get 0) (i32.const 2)) (then (throw $f (i64.const -5))))
    (if (i32.eq (local.get 0) (i32.const 3)) (then (throw $none)))
    (if (i32.eq (local.get 0) (i32.const 4)) (then (unreachable)))
    (if (i32.eq (local.get 0) (i32.const 5)) (then (call $host_throws (local.get 0)))))
  (func $deeper (param i32) (result i32)
    (call $thrower (local.get 0))
    (i32.add (local.get 0) (i32.const 100)))
  ;; catch across two calls, the payload converted; catch_all for the rest
  (func (export "across") (param i32) (result i32 f64)
    (local $n i32)
    (block $all
      (block $caught_e (result i32 f64)
        (try_table (catch $e $caught_e) (catch_all $all)
          (local.set $n (call $deeper (local.get 0))))
        (return (local.get $n) (f64.const 0)))
      (return))
    (i32.const -1) (f64.const 0))
  ;; catch_ref keeps the exception; throw_ref throws the very same one to the caller's catch
  (func $keep (param i32) (result i32)
    (block $got (result exnref)
      (try_table (catch_ref $none $got)
        (call $thrower (local.get 0)))
      (return (i32.const 0)))
    (i32.store (i32.const 8) (i32.const 99))
    (throw_ref))
  (func (export "rethrown") (param i32) (result i64)
    (block $none_again
      (block $f_again (result i64)
        (try_table (catch $f $f_again) (catch $none $none_again)
          (drop (call $keep (local.get 0))))
        (return (i64.const 1)))
      (return (i64.mul (i64.const 10))))
    (i64.const -7))
  (func (export "null_ref") (throw_ref (ref.null exn)))
  (func (export "uncaught") (param i32) (call $thrower (local.get 0)))
  ;; catch_all_ref in a loop: a branch to the try_table's own label and a catch in the same function
  (func (export "count") (param i32) (result i32)
    (local $i i32)
    (loop $next
      (block $h (result exnref)
        (try_table (catch_all_ref $h)
          (if (i32.lt_u (local.get $i) (local.get 0)) (then (throw $none))))
        (return (local.get $i)))
      (drop)
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $next))
    (unreachable)))
"""


def _exception_imports():
    def host_throws(n):
        raise Trap(f"host refuses {n}")

    return {"env": {"host_throws": host_func(host_throws, params=["i32"])}}


EXCEPTION_CALLS = [
    ("across", [0]), ("across", [1]), ("across", [2]), ("across", [3]),
    ("across", [4]), ("across", [5]),  # traps pass every try_table
    ("rethrown", [0]), ("rethrown", [2]), ("rethrown", [3]), ("rethrown", [1]),
    ("null_ref", []), ("uncaught", [1]), ("uncaught", [2]), ("uncaught", [4]),
    ("count", [0]), ("count", [5]),
]


@pytest.mark.parametrize("counting", [False, True], ids=["plain", "counting"])
def test_exceptions_match_the_step_engine(counting):
    """Catch across calls, catch_ref + throw_ref, catch_all(_ref), uncaught messages and traps: fast == step."""
    settings = ExecSettings(count=True) if counting else None
    step, fast = differential.compare(differential.load(EXCEPTIONS), EXCEPTION_CALLS, settings, _exception_imports)
    for call, s, f in zip(EXCEPTION_CALLS, step, fast):
        assert f == s, f"{call}: step {s.describe()} fast {f.describe()}"
    results = [o.results for o in fast]
    minus = (1 << 64) - 1
    assert results[:4] == [(100, 0), (7, differential_bits(-3.0)), (0xFFFFFFFF, 0), (0xFFFFFFFF, 0)]
    assert results[6:9] == [(1,), (-50 & minus,), (-7 & minus,)]
    assert fast[8].memory[8] == 99  # written between catch_ref and throw_ref
    assert [o.error[:2] for o in fast[4:6]] == [("Trap", "unreachable"), ("Trap", "host refuses 5")]
    assert fast[9].error[:2] == ("UncaughtException", "uncaught exception: tag e (7, -3.0)")
    assert fast[10].error[:2] == ("Trap", "null exception reference")
    assert fast[12].error[:2] == ("UncaughtException", "uncaught exception: tag f (-5)")
    assert results[14:] == [(0,), (5,)]


def differential_bits(x: float) -> int:
    return struct.unpack("<Q", struct.pack("<d", x))[0]


def test_the_exceptions_sample_matches_the_step_engine():
    calls = [("average", [10, 2]), ("average", [10, 0]), ("average", [-4, 2]), ("tally", [9, 3]),
             ("tally", [1, 0]), ("tally", [-1, 1])]
    module = differential.load(sample_path("exceptions.wat").read_text())
    for settings in (ExecSettings(count=True), ExecSettings(fuel=7)):
        step, fast = differential.compare(module, calls, settings)
        assert fast == step
    step, fast = differential.compare(module, calls)
    assert fast == step
    assert [o.results for o in fast[:3]] == [(5,), (0xFFFFFFFF,), None]
    assert fast[2].error[0] == "UncaughtException"


def test_the_debuggers_form_translates_exception_handling_and_notes_allocations():
    """The debugger's form (`where`) translates throw_ref and try_table, and an allocation there notes where
    (`obj.alloc`, as the recording ops' `allocated` does); the plain forms do not note it. A recording table outside the debugger's
    form still leaves them to the step engine (NotTranslated: nobody would note the allocating step)."""
    module = differential.load(EXCEPTIONS)
    inst = instantiate(module, _exception_imports(), store=Store())
    rethrown = next(f for f in inst.funcs if not f.is_host and any(i.op.name == "throw_ref" for i in f.code.body))
    assert "RETHROW(" in Translator(rethrown, counting=True, where=0).translate().source
    with pytest.raises(NotTranslated):
        Translator(rethrown, inline_ops=False).translate()
    gc = instantiate(differential.load(sample_path("gc_list.wat").read_text()), {}, store=Store())
    build = gc.funcs[0]
    assert ".alloc = (0, " in Translator(build, counting=True, inline_ops=False, where=0).translate().source
    assert ".alloc" not in Translator(build, counting=True).translate().source


def _nested_try_tables(depth: int) -> str:
    inner = "(if (local.get 0) (then (throw $t (local.get 0)))) (br 0 (i32.const 5))"
    for _ in range(depth):
        inner = f"(try_table (result i32) (catch $t 0) {inner})"  # to the enclosing try_table (the block: 1000 more)
    return f"""(module (tag $t (param i32))
      (func (export "f") (param i32) (result i32)
        (block (result i32) {inner} (return)) (i32.const 1000) (i32.add)))"""


@pytest.mark.parametrize("depth", [1, 3, 25])
def test_branches_to_a_try_table_and_deep_nesting_match_the_step_engine(depth):
    """A branch to the try_table's own label; 25 nested try_tables are too deep for Python (the step engine runs them)."""
    calls = [("f", [0]), ("f", [7])]
    step, fast = differential.compare(differential.load(_nested_try_tables(depth)), calls)
    assert fast == step
    assert [o.results for o in fast] == [(5,), (1007,) if depth == 1 else (7,)]


FUNC_REFS = r"""
(module
  (import "env" "twice" (func $twice (param i32) (result i32)))
  (type $ii (func (param i32) (result i32)))
  (global $g (mut (ref null $ii)) (ref.null $ii))
  (table $t 2 (ref null $ii))
  (elem declare func $inc $twice)
  (func $inc (type $ii) (i32.add (local.get 0) (i32.const 1)))
  (func $countdown (type $ii)
    (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 42))
      (else (return_call_ref $ii (i32.sub (local.get 0) (i32.const 1)) (ref.func $countdown)))))
  (elem declare func $countdown)
  (func (export "call") (param i32 i32) (result i32)
    (call_ref $ii (local.get 1)
      (select (result (ref null $ii)) (ref.func $inc) (ref.null $ii) (local.get 0))))
  (func (export "host") (param i32) (result i32) (return_call_ref $ii (local.get 0) (ref.func $twice)))
  (func (export "deep") (param i32) (result i32) (return_call_ref $ii (local.get 0) (ref.func $countdown)))
  (func (export "non_null") (param i32) (result i32)
    (local $f (ref $ii))
    (global.set $g (if (result (ref null $ii)) (local.get 0) (then (ref.func $inc)) (else (ref.null $ii))))
    (local.set $f (ref.as_non_null (global.get $g)))
    (call_ref $ii (i32.const 10) (local.get $f)))
  (func (export "on_null") (param i32) (result i32)
    (table.set $t (i32.const 1) (if (result (ref null $ii)) (local.get 0) (then (ref.func $inc)) (else (ref.null $ii))))
    (block $null
      (return (call_ref $ii (i32.const 5) (br_on_null $null (table.get $t (i32.const 1))))))
    (i32.const -1))
  (func (export "on_non_null") (param i32) (result i32)
    (i32.const 7)
    (block $some (result (ref $ii))
      (br_on_non_null $some (if (result (ref null $ii)) (local.get 0) (then (ref.func $twice)) (else (ref.null $ii))))
      (return (i32.const -2)))
    (call_ref $ii)))
"""

FUNC_REF_CALLS = [
    ("call", [1, 4]), ("call", [0, 4]), ("host", [21]), ("deep", [300]),
    ("non_null", [1]), ("non_null", [0]), ("on_null", [1]), ("on_null", [0]),
    ("on_non_null", [1]), ("on_non_null", [0]),
]


@pytest.mark.parametrize("settings", [None, ExecSettings(count=True)], ids=["plain", "counting"])
def test_typed_function_references_match_the_step_engine(settings):
    """call_ref, return_call_ref (host and tail recursion), ref.as_non_null, br_on_null, br_on_non_null."""
    step, fast = differential.compare(differential.load(FUNC_REFS), FUNC_REF_CALLS, settings, imports)
    for call, s, f in zip(FUNC_REF_CALLS, step, fast):
        assert f == s, f"{call}: step {s.describe()} fast {f.describe()}"
    assert [o.results for o in fast if not o.error] == [(5,), (42,), (42,), (11,), (6,), (-1 & 0xFFFFFFFF,),
                                                         (14,), (-2 & 0xFFFFFFFF,)]
    assert [o.error[1] for o in fast if o.error] == ["null function reference", "null reference"]


@pytest.mark.parametrize("name", ["call_ref.wast", "return_call_ref.wast", "ref_as_non_null.wast", "br_on_null.wast",
                                  "br_on_non_null.wast", "local_init.wast"])
def test_the_3_0_function_reference_scripts_pass_on_the_fast_engine(name):
    _script_passes(name, 3)


GC = r"""
(module
  (type $pt (struct (field $x (mut f64)) (field $tag (mut i8)) (field $n i32)))
  (type $bytes (array (mut i8)))
  (type $nums (array (mut f32)))
  (type $sub (sub (struct (field i32))))
  (type $subsub (sub $sub (struct (field i32) (field i64))))
  (data $d "\01\02\ff\04")
  (elem $e funcref (ref.func $id))
  (func $id)
  (func (export "point") (param f64 i32) (result f64 i32 i32 i32)
    (local $p (ref null $pt))
    (local.set $p (struct.new $pt (local.get 0) (local.get 1) (i32.const 9)))
    (struct.set $pt $x (local.get $p) (f64.mul (struct.get $pt $x (local.get $p)) (f64.const 2)))
    (struct.get $pt $x (local.get $p))
    (struct.get_s $pt $tag (local.get $p)) (struct.get_u $pt $tag (local.get $p)) (struct.get $pt $n (local.get $p)))
  (func (export "null_struct") (result i32) (struct.get $pt $n (ref.null $pt)))
  (func (export "bytes") (param i32 i32) (result i32 i32 i32)
    (local $a (ref $bytes))
    (local.set $a (array.new_data $bytes $d (local.get 0) (i32.const 2)))
    (array.fill $bytes (local.get $a) (i32.const 0) (i32.const 0x1ff) (local.get 1))
    (array.get_s $bytes (local.get $a) (i32.const 1)) (array.get_u $bytes (local.get $a) (i32.const 1))
    (array.len (local.get $a)))
  (func (export "copy") (param i32) (result i32 i32)
    (local $a (ref $bytes))
    (local.set $a (array.new_fixed $bytes 4 (i32.const 1) (i32.const 2) (i32.const 3) (i32.const 4)))
    (array.copy $bytes $bytes (local.get $a) (i32.const 1) (local.get $a) (i32.const 0) (local.get 0))
    (array.init_data $bytes $d (local.get $a) (i32.const 0) (i32.const 3) (i32.const 1))
    (array.get_u $bytes (local.get $a) (i32.const 0)) (array.get_u $bytes (local.get $a) (i32.const 3)))
  (func (export "floats") (param f32 i32) (result f32)
    (local $a (ref $nums))
    (local.set $a (array.new $nums (local.get 0) (i32.const 3)))
    (array.set $nums (local.get $a) (local.get 1) (f32.const nan:0x123))
    (array.get $nums (local.get $a) (i32.const 2)))
  (func (export "elems") (param i32) (result i32)
    (ref.is_null (array.get $fs (array.new_elem $fs $e (i32.const 0) (local.get 0)) (i32.const 0))))
  (type $fs (array funcref))
  (func (export "i31") (param i32) (result i32 i32 i32)
    (i31.get_s (ref.i31 (local.get 0))) (i31.get_u (ref.i31 (local.get 0)))
    (ref.eq (ref.i31 (local.get 0)) (ref.i31 (i32.const 5))))
  (func (export "casts") (param i32) (result i32 i32 i32)
    (local $r anyref)
    (local.set $r (if (result anyref) (local.get 0)
      (then (struct.new $subsub (i32.const 3) (i64.const 4))) (else (struct.new $sub (i32.const 7)))))
    (ref.test (ref $subsub) (local.get $r))
    (block $yes (result (ref $sub))
      (drop (br_on_cast $yes anyref (ref $sub) (local.get $r)))
      (return (i32.const -1) (i32.const -1) (i32.const -1)))
    (struct.get $sub 0)
    (struct.get $subsub 0 (ref.cast (ref $subsub) (local.get $r))))
  (func (export "cast_fail") (param anyref) (result i32)
    (block $no (result anyref)
      (return (i31.get_u (br_on_cast_fail $no anyref (ref i31) (local.get 0)))))
    (drop)
    (i32.const -1))
  (func (export "convert") (param externref) (result i32)
    (ref.is_null (extern.convert_any (any.convert_extern (local.get 0)))))
)
"""

GC_CALLS = [
    ("point", [0x3FF8_0000_0000_0000, 0xFFF]), ("null_struct", []),
    ("bytes", [0, 2]), ("bytes", [0, 3]), ("bytes", [3, 0]),
    ("copy", [3]), ("copy", [4]),
    ("floats", [0x3F80_0000, 1]), ("floats", [0x7FC0_0001, 2]), ("floats", [0, 3]),
    ("elems", [1]), ("elems", [2]),
    ("i31", [0x4000_0001]), ("i31", [5]),
    ("casts", [1]), ("casts", [0]),
    ("convert", [None]), ("cast_fail", [None]),
]


@pytest.mark.parametrize("settings", [None, ExecSettings(count=True), ExecSettings(fuel=60)], ids=["plain", "counting", "fuel"])
def test_gc_instructions_match_the_step_engine(settings):
    """Structs (packed and float fields), arrays (data, elem, fill, copy, init), i31, casts, conversions: fast == step."""
    step, fast = differential.compare(differential.load(GC), GC_CALLS, settings)
    for call, s, f in zip(GC_CALLS, step, fast):
        assert f == s, f"{call}: step {s.describe()} fast {f.describe()}"
    if settings is None:
        assert fast[0].results == (0x4008_0000_0000_0000, 0xFFFFFFFF, 0xFF, 9)
        assert fast[1].error[1] == "null structure reference"
        assert fast[8].results == (0x7F80_0123,)  # nan:0x123 written, its payload kept
        assert {o.error[1] for o in fast if o.error} >= {"out of bounds array access", "out of bounds memory access",
                                                         "cast failure", "out of bounds table access"}


def test_the_gc_list_sample_matches_the_step_engine():
    module = differential.load(sample_path("gc_list.wat").read_text())
    step, fast = differential.compare(module, [("demo", []), ("demo", [])], ExecSettings(count=True))
    assert fast == step and fast[0].error is None and fast[0].results
