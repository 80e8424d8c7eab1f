"""The default host imports shared by `run`, `debug` and the window."""

from __future__ import annotations

from playground import cli
from playground.debug.host_imports import stand_in_imports
from playground.resources import sample_path
from playground.wasm.runtime import Memory, instantiate
from playground.wasm.text.parse import parse_module


def _module(name: str):
    return parse_module(sample_path(name).read_text(encoding="utf-8"))


def test_function_imports_print_their_calls_and_strings():
    lines = []
    output = lambda text, kind="out": lines.append((text, kind))  # noqa: E731
    module = _module("add_ext.wat")
    instantiate(module, stand_in_imports(module, output)).exports.add_and_log(40, 2)
    module = _module("strings.wat")
    instantiate(module, stand_in_imports(module, output)).exports.main()
    assert lines == [("imports.log_func(42)", "out"), ("Hello, WebAssembly!", "out")]


def test_imported_memories_are_fresh_ones_of_the_declared_type():
    module = _module("memory.wat")
    imports = stand_in_imports(module, lambda *a: None)
    memory = imports["env"]["memory"]
    assert isinstance(memory, Memory) and memory.size == 1
    assert instantiate(module, imports).exports.sum(0, 10) == 0


def test_run_prints_host_output_then_results(capsys):
    assert cli.main(["run", str(sample_path("add_ext.wat")), "--invoke", "add_and_log", "40", "2"]) == 0
    assert capsys.readouterr().out == "imports.log_func(42)\n"


def test_gpu_imports_are_the_real_host_module_and_calls_are_noted(capsys):
    module = _module("gpu_matmul.wat")
    notes = []
    imports = stand_in_imports(module, lambda text, kind="out": notes.append((text, kind)), gpu_backend="cpu")
    instantiate(module, imports).exports.main(4, 4, 4)
    assert len(notes) == 1 and notes[0][0].startswith("gpu.matmul 4x4x4") and notes[0][1] == "info"
