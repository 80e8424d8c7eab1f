"""The engine registry (wasm/engines.py): names, lazy factories, errors that list the choices."""

from __future__ import annotations

import pytest

from playground.wasm import engines
from playground.wasm.engines import (
    DEFAULT_ENGINE,
    UnknownEngineError,
    engine_names,
    get_engine,
    new_executor,
    register_engine,
    unregister_engine,
)
from playground.wasm.exec.interface import ExecSettings
from playground.wasm.runtime import Store, instantiate
from playground.wasm.text.parse import parse_module

WAT = '(module (func (export "add") (param i32 i32) (result i32) (i32.add (local.get 0) (local.get 1))))'


def test_the_step_engine_is_registered_and_the_default():
    assert DEFAULT_ENGINE == "step" and engine_names()[0] == "step"
    from playground.wasm.exec.step.executor import StepExecutor

    assert get_engine("step") is StepExecutor
    executor = new_executor("step", ExecSettings(max_call_depth=7))
    assert isinstance(executor, StepExecutor) and executor.settings.max_call_depth == 7


def test_an_unknown_name_lists_the_choices():
    with pytest.raises(UnknownEngineError) as info:
        get_engine("warp")
    assert str(info.value) == f"unknown engine 'warp': choose one of {', '.join(engine_names())}"


def test_a_store_without_executor_gets_the_default_engine():
    assert type(Store().executor) is get_engine(DEFAULT_ENGINE)


def test_registered_factories_and_lazy_names():
    made = []

    def factory(settings=None, **options):
        made.append((settings, options))
        return get_engine("step")(settings)

    register_engine("test-counting", factory)
    register_engine("test-lazy", "playground.wasm.exec.step.executor:StepExecutor")
    try:
        assert set(engine_names()) >= {"step", "test-counting", "test-lazy"}
        inst = instantiate(parse_module(WAT), store=Store(executor=new_executor("test-counting", None, tag=1)))
        assert inst.exports.add(2, 3) == 5 and made == [(None, {"tag": 1})]
        assert isinstance(engines._ENGINES["test-lazy"], str)  # not imported until asked for
        assert get_engine("test-lazy") is get_engine("step")
    finally:
        unregister_engine("test-counting")
        unregister_engine("test-lazy")
    assert "test-counting" not in engine_names()
    with pytest.raises(ValueError):
        unregister_engine(DEFAULT_ENGINE)
