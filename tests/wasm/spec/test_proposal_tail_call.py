"""Tail calls (3.0): return_call and return_call_indirect replace the frame; the sample; the feature switch."""

from __future__ import annotations

import pytest

from playground.resources import sample_path
from playground.wasm.errors import InvalidError
from playground.wasm.exec.step.executor import StepExecutor
from playground.wasm.features import WASM_2, EngineFeatureError, Features
from playground.wasm.runtime import Store, instantiate
from playground.wasm.text.parse import parse_module
from playground.wasm.validate import validate_module

INDIRECT = """(module
  (type $t (func (param i32) (result i32)))
  (table funcref (elem $down $wrong))
  (func $down (type $t) (if (result i32) (i32.eqz (local.get 0)) (then (i32.const 42))
    (else (return_call_indirect (type $t) (i32.sub (local.get 0) (i32.const 1)) (i32.const 0)))))
  (func $wrong (param i64) (result i32) (i32.const 0))
  (func (export "down") (param i32) (result i32) (return_call_indirect (type $t) (local.get 0) (i32.const 0)))
  (func (export "bad") (result i32) (return_call_indirect (type $t) (i32.const 0) (i32.const 1))))"""


def _sample():
    module = parse_module(sample_path("tail_factorial.wat").read_text(encoding="utf-8"))
    validate_module(module)
    return module


def test_the_sample_factorial_and_a_million_tail_calls():
    exports = instantiate(_sample()).exports
    assert exports.fac(20) == 2432902008176640000
    assert exports.count(1_000_000) == 0  # ordinary calls stop at the call-depth limit long before


def test_the_frame_is_replaced_and_counted():
    inst = instantiate(_sample(), store=Store(executor=StepExecutor()))
    thread = StepExecutor().thread(inst.funcs[0], [5])
    depths, tails = set(), 0
    while not thread.done:
        thread.step()
        depths.add(len(thread.frames))
        if thread.frames:
            tails = max(tails, thread.frames[-1].tail_calls)
    assert depths <= {0, 1} and tails == 6  # fac -> fac_acc(5) ... fac_acc(0): six replaced frames
    assert thread.results == [120]


def test_return_call_indirect_checks_the_type_like_call_indirect():
    module = parse_module(INDIRECT)
    validate_module(module)
    exports = instantiate(module).exports
    assert exports.down(100_000) == 42
    with pytest.raises(Exception, match="indirect call type mismatch"):
        exports.bad()


@pytest.mark.parametrize("body", ["(return_call $f)", "(return_call_indirect (result i64) (i32.const 0))"])
def test_a_tail_call_must_return_the_callers_results(body):
    module = parse_module(f"(module (table 1 funcref) (func $f (result i64) (i64.const 1)) (func (result i32) {body}))")
    with pytest.raises(InvalidError, match="type mismatch"):
        validate_module(module)


def test_the_switch_and_the_engines_that_lack_it():
    module = _sample()
    with pytest.raises(InvalidError, match=r"instruction return_call \(needs the tail-call feature"):
        validate_module(module, features=WASM_2)
    validate_module(module, features=Features.parse("2.0,+tail-call"))

    class TwoPointOhEngine:  # an engine that names no 3.0 proposal it runs
        name = "toy"

    with pytest.raises(EngineFeatureError, match=r"the toy engine does not support return_call \(tail-call\) yet; use --engine step"):
        instantiate(module, store=Store(executor=TwoPointOhEngine()))


def test_binary_round_trip():
    from playground.wasm.binary.decode import decode_module
    from playground.wasm.binary.encode import encode_module

    module = _sample()
    assert decode_module(encode_module(module)) == module
