"""The host-module registry: providers by import module name, stand-ins for the rest."""

from __future__ import annotations

import pytest

from playground.hosts import HostContext, HostRegistry, HostUnavailable
from playground.wasm.runtime import HostFunc, host_func, instantiate
from playground.wasm.text.parse import parse_module

GUEST = parse_module(
    """(module
      (import "calc" "twice" (func $twice (param i32) (result i32)))
      (import "calc" "missing" (func $missing (param i32)))
      (import "env" "log" (func $log (param i32)))
      (func (export "main") (param i32) (result i32)
        (call $missing (i32.const 7))
        (call $log (call $twice (local.get 0)))
        (call $twice (local.get 0))))"""
)


def _collect():
    lines = []
    return lines, lambda text, kind="out": lines.append((text, kind))


def test_a_registered_provider_serves_its_names_and_stand_ins_serve_the_rest():
    seen = []

    def provide_calc(module, context):
        seen.append((module, dict(context.options)))
        return {"twice": host_func(lambda x: 2 * x, params=["i32"], results=["i32"], name="calc.twice")}

    registry = HostRegistry()
    registry.register("calc", provide_calc)  # one call registers a host module
    lines, output = _collect()
    imports = registry.imports_for(GUEST, output, verbose=True)
    assert instantiate(GUEST, imports).exports.main(21) == 42
    assert lines == [("calc.missing(7)", "out"), ("env.log(42)", "out")]
    assert seen == [(GUEST, {"verbose": True})]  # asked once, with the guest and the front end's options


def test_a_provider_is_not_asked_when_the_guest_does_not_import_its_module():
    registry = HostRegistry()
    registry.register("other", lambda module, context: pytest.fail("asked for nothing"))
    imports = registry.imports_for(GUEST, lambda *a: None)
    assert set(imports) == {"calc", "env"}


def test_an_unavailable_host_module_says_so_and_its_imports_print():
    def provide_calc(module, context):
        raise HostUnavailable("no calculator here")

    registry = HostRegistry()
    registry.register("calc", provide_calc)
    lines, output = _collect()
    imports = registry.imports_for(GUEST, output)
    assert lines == [("the calc host module is not available (no calculator here); calc.* calls only print", "info")]
    assert instantiate(GUEST, imports).exports.main(5) == 0  # stand-ins return zeros
    assert ("calc.twice(5)", "out") in lines


def test_other_provider_errors_reach_the_user():
    def provide_calc(module, context):
        raise ValueError("a bug, not a missing machine")

    registry = HostRegistry()
    registry.register("calc", provide_calc)
    with pytest.raises(ValueError):
        registry.imports_for(GUEST, lambda *a: None)


def test_registering_twice_needs_replace():
    registry = HostRegistry()
    first = lambda module, context: {}  # noqa: E731
    second = lambda module, context: {}  # noqa: E731
    registry.register("calc", first)
    with pytest.raises(ValueError, match="registered already"):
        registry.register("calc", second)
    registry.register("calc", second, replace=True)
    assert registry.provider("calc") is second and registry.provider("env") is None
    assert registry.names() == ["calc"]


def test_the_context_carries_output_and_options():
    lines, output = _collect()
    context = HostContext(output, {"gpu_backend": "cpu"})
    context.output("hello", "info")
    assert lines == [("hello", "info")] and context.options["gpu_backend"] == "cpu"
    assert HostContext(output).options == {}


def test_a_provider_may_supply_memories_and_globals_too():
    from playground.wasm.runtime import Memory

    guest = parse_module('(module (import "host" "mem" (memory 1)) (import "host" "f" (func)))')
    shared = Memory(1)
    registry = HostRegistry()
    registry.register("host", lambda module, context: {"mem": shared})
    imports = registry.imports_for(guest, lambda *a: None)
    assert imports["host"]["mem"] is shared and isinstance(imports["host"]["f"], HostFunc)
