"""The host imports every front end gets (`run`, `debug`, the window): the default registry and its stand-ins."""

from __future__ import annotations

from playground import cli
from playground.hosts import DEFAULT_REGISTRY, host_imports
from playground.resources import sample_path
from playground.wasm.runtime import Global, HostFunc, Memory, Table, instantiate
from playground.wasm.text.parse import parse_module


def _module(name: str):
    return parse_module(sample_path(name).read_text(encoding="utf-8"))


def test_function_imports_print_their_calls_and_strings():
    lines = []
    output = lambda text, kind="out": lines.append((text, kind))  # noqa: E731
    module = _module("add_ext.wat")
    instantiate(module, host_imports(module, output)).exports.add_and_log(40, 2)
    module = _module("strings.wat")
    instantiate(module, host_imports(module, output)).exports.main()
    assert lines == [("imports.log_func(42)", "out"), ("Hello, WebAssembly!", "out")]


def test_imported_memories_are_fresh_ones_of_the_declared_type():
    module = _module("memory.wat")
    imports = host_imports(module, lambda *a: None)
    memory = imports["env"]["memory"]
    assert isinstance(memory, Memory) and memory.size == 1
    assert instantiate(module, imports).exports.sum(0, 10) == 0


def test_every_kind_of_import_gets_a_stand_in_of_its_type():
    module = parse_module(
        """(module
          (import "env" "f" (func (param i32 f64) (result i64)))
          (import "env" "m" (memory 2))
          (import "env" "t" (table 3 funcref))
          (import "env" "g" (global (mut f32)))
          (func (export "call") (result i64) (call 0 (i32.const -1) (f64.const 0x1p3))))"""
    )
    lines = []
    imports = host_imports(module, lambda text, kind="out": lines.append(text))
    env = imports["env"]
    assert isinstance(env["f"], HostFunc) and isinstance(env["t"], Table) and isinstance(env["g"], Global)
    assert env["m"].size == 2 and len(env["t"].elements) == 3
    assert instantiate(module, imports).exports.call() == 0  # results are zeros
    assert lines == ["env.f(-1, 8)"]  # arguments printed by the value vocabulary


def test_run_prints_host_output_then_results(capsys):
    assert cli.main(["run", str(sample_path("add_ext.wat")), "--invoke", "add_and_log", "40", "2"]) == 0
    assert capsys.readouterr().out == "imports.log_func(42)\n"


def test_gpu_is_registered_by_default():
    assert "gpu" in DEFAULT_REGISTRY.names()


def test_gpu_imports_are_the_real_host_module_and_calls_are_noted(capsys):
    module = _module("gpu_matmul.wat")
    notes = []
    imports = host_imports(module, lambda text, kind="out": notes.append((text, kind)), gpu_backend="cpu")
    instantiate(module, imports).exports.main(4, 4, 4)
    assert len(notes) == 1 and notes[0][0].startswith("gpu.matmul 4x4x4") and notes[0][1] == "info"


def test_the_adapter_names_the_module_as_gpu_hostmod_does():
    from playground.gpu.hostmod import MODULE_NAME
    from playground.hosts import gpu

    assert gpu.MODULE_NAME == MODULE_NAME


def test_a_gpu_module_that_cannot_start_falls_back_to_printing():
    module = _module("gpu_matmul.wat")
    notes = []
    imports = host_imports(module, lambda text, kind="out": notes.append((text, kind)), gpu_backend="no-such-backend")
    assert notes == [(
        "the gpu host module is not available (KernelInputError: unknown backend 'no-such-backend'; "
        "expected one of auto, gpu, cpu); gpu.* calls only print", "info")]
    instantiate(module, imports).exports.main(2, 2, 2)
    assert notes[-1] == ("gpu.matmul(0, 16, 32, 2, 2, 2)", "out")  # the stand-in prints the call instead
