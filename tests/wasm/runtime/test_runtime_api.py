"""The embedding API: imports (host functions, memories, tables, globals, other instances), exports, views."""

from __future__ import annotations

import pytest

from playground.wasm.errors import LinkError, Trap
from playground.wasm.runtime import ExternRef, Global, Memory, Table, host_func, instantiate
from playground.wasm.text.parse import parse_module
from playground.wasm.types import ValType
from playground.wasm.validate import validate_module


def load(text: str):
    module = parse_module(text)
    validate_module(module)
    return module


def test_add_with_signed_ints():
    inst = instantiate(load('(module (func (export "add") (param i32 i32) (result i32) local.get 0 local.get 1 i32.add))'))
    assert inst.exports.add(10, -5) == 5
    assert inst.exports.add(-1, -1) == -2


def test_floats_in_and_out():
    inst = instantiate(load('(module (func (export "half") (param f64) (result f64 f32) local.get 0 f64.const 0.5 f64.mul f32.const 1.5))'))
    assert inst.exports.half(3) == (1.5, 1.5)


def test_host_function_import_and_log():
    seen = []
    log = host_func(seen.append, params=["i32"])
    inst = instantiate(
        load('(module (import "imports" "log_func" (func $log (param i32))) (func (export "go") i32.const -7 call $log))'),
        {"imports": {"log_func": log}},
    )
    inst.exports.go()
    assert seen == [-7]


def test_plain_callable_takes_the_import_type():
    inst = instantiate(
        load('(module (import "m" "twice" (func $t (param i64) (result i64))) (func (export "f") (result i64) i64.const 21 call $t))'),
        {"m": {"twice": lambda x: 2 * x}},
    )
    assert inst.exports.f() == 42


def test_decorator_with_caller_memory():
    @host_func(params=["i32", "i32"], caller=True)
    def print_str(caller, ptr, length):
        out.append(caller.memory.read(ptr, length).decode())

    out: list = []
    wat = """(module (import "env" "print" (func $p (param i32 i32))) (memory (export "memory") 1)
      (data (i32.const 8) "Hello, WebAssembly!")
      (func (export "main") i32.const 8 i32.const 19 call $p))"""
    instantiate(load(wat), {"env": {"print": print_str}}).exports.main()
    assert out == ["Hello, WebAssembly!"]


def test_host_trap_propagates():
    def boom():
        raise Trap("host says no")

    inst = instantiate(
        load('(module (import "m" "boom" (func $b)) (func (export "f") call $b))'), {"m": {"boom": host_func(boom)}}
    )
    with pytest.raises(Trap, match="host says no"):
        inst.exports.f()


def test_reentrancy_host_calls_back_into_wasm():
    wat = """(module (import "m" "back" (func $back (param i32) (result i32)))
      (func $dec (export "dec") (param i32) (result i32) local.get 0 i32.const 1 i32.sub)
      (func (export "f") (param i32) (result i32) local.get 0 call $back))"""
    holder = {}
    inst = instantiate(load(wat), {"m": {"back": host_func(lambda x: holder["dec"](x) * 10, params=["i32"], results=["i32"])}})
    holder["dec"] = inst.exports.dec
    assert inst.exports.f(5) == 40


def test_imported_memory_and_numpy_view():
    memory = Memory(initial=1, maximum=10)
    wat = """(module (import "env" "memory" (memory 1))
      (func (export "sum") (param $ptr i32) (param $len i32) (result i32) (local $s i32)
        (block (loop (br_if 1 (i32.eqz (local.get $len)))
          (local.set $s (i32.add (local.get $s) (i32.load (local.get $ptr))))
          (local.set $ptr (i32.add (local.get $ptr) (i32.const 4)))
          (local.set $len (i32.sub (local.get $len) (i32.const 1))) (br 0)))
        (local.get $s)))"""
    inst = instantiate(load(wat), {"env": {"memory": memory}})
    view = memory.view("int32", 0, 4)
    view[:] = [1, 2, 3, -10]
    assert inst.exports.sum(0, 4) == -4
    del view


def test_memory_grow_limits_and_cap():
    memory = Memory(1, 3)
    assert memory.grow(1) == 1 and memory.size == 2
    assert memory.grow(2) == -1 and memory.size == 2
    view = memory.view("uint8")
    assert memory.grow(1) == 2 and memory.size == 3  # a live view does not block growing
    assert len(view) == 2 * 65536
    from playground.wasm.runtime import MemorySettings

    capped = Memory(1, None, settings=MemorySettings(max_pages=2))
    assert capped.grow(1) == 1 and capped.grow(1) == -1


def test_memory_grow_instruction_returns_minus_one():
    inst = instantiate(load('(module (memory 1 2) (func (export "g") (param i32) (result i32) local.get 0 memory.grow))'))
    assert inst.exports.g(1) == 1
    assert inst.exports.g(1) == -1


def test_unknown_and_incompatible_imports():
    m = load('(module (import "env" "f" (func (param i32))))')
    with pytest.raises(LinkError, match="unknown import"):
        instantiate(m, {})
    with pytest.raises(LinkError, match="incompatible import type"):
        instantiate(m, {"env": {"f": host_func(print, params=["i64"])}})
    mem = load('(module (import "env" "m" (memory 2 5)))')
    with pytest.raises(LinkError, match="incompatible import type"):
        instantiate(mem, {"env": {"m": Memory(1, 5)}})
    with pytest.raises(LinkError, match="incompatible import type"):
        instantiate(mem, {"env": {"m": Memory(2)}})  # no maximum where one is required
    instantiate(mem, {"env": {"m": Memory(3, 4)}})


def test_globals_tables_and_other_instances():
    a = instantiate(load("""(module (global (export "g") (mut i32) (i32.const 5))
        (table (export "t") 2 funcref) (func $f (export "f") (result i32) i32.const 9) (elem (i32.const 1) $f))"""))
    b = instantiate(
        load("""(module (import "a" "g" (global $g (mut i32))) (import "a" "t" (table 2 funcref))
        (type $r (func (result i32)))
        (func (export "bump") global.get $g i32.const 1 i32.add global.set $g)
        (func (export "call") (param i32) (result i32) local.get 0 call_indirect (type $r)))"""),
        {"a": a},
    )
    b.exports.bump()
    assert a.exports.g.get() == 6
    assert b.exports.call(1) == 9
    with pytest.raises(Trap, match="uninitialized element"):
        b.exports.call(0)
    with pytest.raises(Trap, match="undefined element"):
        b.exports.call(2)
    g = Global.of("f32", 1.5, mutable=True)
    assert g.get() == 1.5
    t = Table(ValType.EXTERNREF, 1, 3)
    assert t.grow(2, ExternRef("x")) == 1 and t.get(2) == ExternRef("x") and t.grow(1) == -1


def test_segments_apply_in_order_and_partial_writes_stay():
    memory = Memory(1)
    wat = """(module (import "env" "memory" (memory 1))
      (data (i32.const 0) "ab") (data (i32.const 65535) "cd"))"""
    with pytest.raises(Trap, match="out of bounds memory access"):
        instantiate(load(wat), {"env": {"memory": memory}})
    assert memory.read(0, 2) == b"ab"


def test_start_function_runs():
    seen = []
    wat = '(module (import "m" "log" (func $log (param i32))) (func $s i32.const 3 call $log) (start $s))'
    instantiate(load(wat), {"m": {"log": seen.append}})
    assert seen == [3]


def test_externref_round_trip():
    inst = instantiate(load('(module (func (export "id") (param externref) (result externref) local.get 0))'))
    obj = object()
    assert inst.exports.id(obj) is obj
    assert inst.exports.id(None) is None


def test_recording_ops_table_sees_every_write():
    from playground.wasm.runtime.mutations import StateOps
    from playground.wasm.exec.step.executor import StepExecutor
    from playground.wasm.runtime import Store

    class Recorder(StateOps):
        inline = False

        def __init__(self):
            self.log = []

        def store(self, mem, address, payload):
            self.log.append(("store", address, bytes(mem.data[address : address + len(payload)])))
            super().store(mem, address, payload)

        def global_set(self, glob, value):
            self.log.append(("global", glob.value))
            super().global_set(glob, value)

    rec = Recorder()
    wat = """(module (memory 1) (global $g (mut i32) (i32.const 1))
      (func (export "f") i32.const 4 i32.const 258 i32.store16 i32.const 7 global.set $g))"""
    inst = instantiate(load(wat), store=Store(executor=StepExecutor(ops=rec)))
    inst.exports.f()
    assert rec.log == [("store", 4, b"\0\0"), ("global", 1)]
    assert inst.module.mems and inst.mems[0].read(4, 2) == b"\x02\x01"
