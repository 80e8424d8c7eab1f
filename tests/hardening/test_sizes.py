"""Issue 14, item 6 (and what item 8 asks of the text path): big but valid modules cost linear work."""

from __future__ import annotations

import pytest

from playground.wasm.model import Module
from playground.wasm.runtime import instantiate
from playground.wasm.text.parse import parse_module


def test_func_names_agree_with_func_name():
    module = parse_module(
        '(module (import "env" "h" (func)) (func $named (export "x")) (func (export "") (export "again")) '
        '(func (export "a") (export "b")) (func))'
    )
    assert module.func_names() == [module.func_name(i) for i in range(5)]
    assert module.func_names() == ["func[0]", "named", "", "a", "func[4]"]


def test_instantiation_names_functions_in_one_pass(monkeypatch):
    """Naming each function by scanning every export was quadratic (25,713 exports took 73 s)."""
    count = 3000
    module = parse_module("(module " + " ".join(f'(func (export "e{i}"))' for i in range(count)) + ")")

    def one_by_one(self, funcidx):
        raise AssertionError("instantiate must not scan the exports once per function")

    monkeypatch.setattr(Module, "func_name", one_by_one)
    inst = instantiate(module)
    assert inst.funcs[count - 1].name == f"e{count - 1}"
