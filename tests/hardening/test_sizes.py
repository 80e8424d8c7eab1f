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

    # Patched only around the call: a window left by an earlier test on this worker may still
    # check a buffer when pytest-qt processes events at teardown, and may name functions then.
    with monkeypatch.context() as patched:
        patched.setattr(Module, "func_name", one_by_one)
        inst = instantiate(module)
    assert inst.funcs[count - 1].name == f"e{count - 1}"


# --- item 8: many locals ----------------------------------------------------------------------------------------


def _locals_module(count: int, recursive: bool = False) -> str:
    call = "(call $f (local.get 0))" if recursive else ""
    return f'(module (func $f (export "f") (param i32) (local {"i64 " * count}) {call}))'


@pytest.mark.parametrize("command", ["wat2wasm", "run"])
def test_the_text_path_enforces_the_binary_paths_locals_limit(tmp_path, capsys, command):
    from playground.cli import main
    from playground.wasm.binary.decode import MAX_FUNCTION_LOCALS

    too_many = tmp_path / "many.wat"
    too_many.write_text(_locals_module(MAX_FUNCTION_LOCALS + 1))
    argv = [command, str(too_many)] + (["-o", str(tmp_path / "m.wasm")] if command == "wat2wasm" else ["--invoke", "f", "1"])
    assert main(argv) == 1
    err = capsys.readouterr().err
    assert err.startswith(f"error: {too_many}:1:") and f"too many locals: {MAX_FUNCTION_LOCALS + 1} exceeds" in err


def test_the_locals_limit_itself_assembles_and_decodes(tmp_path, capsys):
    from playground.cli import main
    from playground.wasm.binary.decode import MAX_FUNCTION_LOCALS

    at_limit = tmp_path / "limit.wat"
    at_limit.write_text(_locals_module(MAX_FUNCTION_LOCALS))
    assert main(["wat2wasm", str(at_limit), "-o", str(tmp_path / "limit.wasm")]) == 0
    assert main(["run", str(tmp_path / "limit.wasm"), "--invoke", "f", "1"]) == 0


def test_recursion_through_big_frames_is_bounded_by_their_size():
    from playground.wasm.errors import ExhaustionError
    from playground.wasm.exec.step.code import STACK_SLOTS
    from playground.wasm.exec.step.machine import Thread

    inst = instantiate(parse_module(_locals_module(40_000, recursive=True)))
    thread = Thread()
    thread.start(inst.extern_exports["f"], [1])
    thread.run()
    assert isinstance(thread.error, ExhaustionError)
    assert thread.error.message.startswith("call stack exhausted: ")
    held = sum(len(frame.locals) for frame in thread.frames)
    assert held <= STACK_SLOTS and len(thread.frames) < 200


def test_small_frames_keep_the_full_call_depth():
    from playground.wasm.exec.step.machine import Thread

    inst = instantiate(parse_module(_locals_module(400, recursive=True)))
    thread = Thread(max_call_depth=10_000)
    thread.start(inst.extern_exports["f"], [1])
    thread.run()
    assert thread.error.message == "call stack exhausted" and len(thread.frames) == 10_000
