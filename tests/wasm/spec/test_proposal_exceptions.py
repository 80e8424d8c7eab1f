"""Exception handling (3.0): tags, throw, throw_ref and try_table through text, binary, validator and step engine."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from playground.wasm.binary.decode import decode_module
from playground.wasm.binary.encode import encode_module
from playground.wasm.errors import LinkError, MalformedError, UncaughtException
from playground.wasm.exec.step.executor import StepExecutor
from playground.wasm.features import WASM_2, FeatureError
from playground.wasm.runtime import Store, host_func, instantiate
from playground.wasm.text.parse import parse_module
from playground.wasm.text.print import print_module
from playground.wasm.validate import validate_module

sys.path.insert(0, str(Path(__file__).resolve().parent))
from proposal_helpers import assert_refused, sample_module, valid_module  # noqa: E402


def _sample():
    return sample_module("exceptions.wat")


def test_the_sample_catches_across_calls():
    exports = instantiate(_sample()).exports
    assert exports.average(10, 3) == 3
    assert exports.average(10, 0) == -1  # thrown two calls deep, caught in average
    assert exports.tally(9, 0) == -2 and exports.tally(-5, 1) == -2 and exports.tally(8, 2) == 4
    assert exports.failures.value == 2
    with pytest.raises(UncaughtException) as caught:
        exports.average(-4, 2)  # $negative: average catches only $division_by_zero
    assert str(caught.value).endswith("uncaught exception: tag negative (-4)")
    assert caught.value.payload == ((-4) & 0xFFFF_FFFF,) and caught.value.func_name == "mean"


def test_stepping_follows_the_throw_to_its_handler():
    module = _sample()
    inst = instantiate(module, store=Store(executor=StepExecutor()))
    average = inst.exports.average.__wasm_extern__
    thread = StepExecutor().thread(average, [10, 0])
    while not thread.done and thread.frame.instr.name != "throw":
        thread.step()
    assert [f.func.name for f in thread.frames] == ["average", "mean", "checked_div"]
    before = thread.instructions
    thread.step()  # the throw: two frames go, average's stack holds the payload at the catch's label
    frame = thread.frame
    assert len(thread.frames) == 1 and thread.instructions == before + 1
    assert frame.stack == [10] and frame.instr.name == "drop"
    thread.run()
    assert thread.results == [0xFFFF_FFFF]


RETHROW = """(module
  (tag $e (param i32))
  (func $inner (param i32) (throw $e (local.get 0)))
  (func (export "rethrow") (param i32) (result i32)
    (block $h (result i32)
      (try_table (catch $e $h)
        (block $all (result exnref)
          (try_table (catch_all_ref $all) (call $inner (local.get 0)))
          (unreachable))
        (throw_ref))
      (unreachable)))
  (func (export "null") (throw_ref (ref.null exn))))"""


def test_throw_ref_throws_the_same_exception_again():
    exports = instantiate(valid_module(RETHROW)).exports
    assert exports.rethrow(7) == 7
    with pytest.raises(Exception, match="null exception reference"):
        exports.null()


def test_an_exception_crosses_a_host_function():
    module = valid_module("""(module
      (import "host" "call_back" (func $host))
      (tag $e (export "e") (param i64))
      (func (export "throws") (throw $e (i64.const 42)))
      (func (export "outer") (result i64)
        (block $h (result i64) (try_table (catch $e $h) (call $host)) (i64.const 0))))""")
    holder = {}
    inst = instantiate(module, {"host": {"call_back": host_func(lambda: holder["throws"]())}})
    holder["throws"] = inst.exports.throws
    assert inst.exports.outer() == 42


def test_tags_link_by_identity_and_exact_type():
    exporter = instantiate(valid_module('(module (tag (export "e") (param i32)) (func (export "go") (throw 0 (i32.const 5))))'))
    importer = valid_module("""(module (import "m" "e" (tag $e (param i32))) (import "m" "go" (func $go))
      (func (export "catch") (result i32) (block $h (result i32) (try_table (catch $e $h) (call $go)) (i32.const 0))))""")
    assert instantiate(importer, {"m": exporter.exports}).exports.catch() == 5
    other = valid_module('(module (import "m" "e" (tag (param i64))))')
    with pytest.raises(LinkError, match="incompatible import type"):
        instantiate(other, {"m": exporter.exports})


def test_text_and_binary_round_trips():
    module = valid_module("""(module (tag $a) (tag $b (param f32))
      (func (result f32)
        (block $l (result f32)
          (block $n (try_table (result f32) (catch $b $l) (catch_all $n) (f32.const 1)) (br $l))
          (f32.const 0))))""")
    assert parse_module(print_module(module).text) == module
    assert decode_module(encode_module(module)) == module
    assert "try_table (result f32) (catch $b 1) (catch_all 0)" in print_module(module).text


def test_the_switch_and_the_2_0_binary_format():
    module = _sample()
    with pytest.raises(FeatureError, match=r"instruction throw \(needs the exceptions feature"):
        validate_module(module, features=WASM_2)
    with pytest.raises(FeatureError, match=r"^tags \(needs the exceptions feature"):
        validate_module(parse_module("(module (tag))"), features=WASM_2)
    data = encode_module(parse_module("(module (tag))"))
    assert decode_module(data).tags
    with pytest.raises(MalformedError, match="malformed section id"):
        decode_module(data, features=WASM_2)
    header, types, funcs = b"\0asm\1\0\0\0", b"\x01\x04\x01\x60\x00\x00", b"\x03\x02\x01\x00"
    throwing = header + types + funcs + b"\x0a\x06\x01\x04\x00\x08\x00\x0b"  # a body `throw 0`
    with pytest.raises(MalformedError, match="illegal opcode 0x08"):
        decode_module(throwing, features=WASM_2)


INVALID = {
    "(module (func (throw 0)))": "unknown tag 0",
    "(module (tag (param i32)) (func (throw 0)))": "type mismatch",
    "(module (tag) (func (try_table (catch_ref 0 0))))": "type mismatch",
    "(module (func (throw_ref)))": "type mismatch",
    "(module (type (func (result i32))) (tag (type 0)))": "non-empty tag result type",
}


def test_invalid_modules():
    for source, message in INVALID.items():
        assert_refused(source, message)
