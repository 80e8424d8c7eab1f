"""Edit while paused (undone by stepping back), host calls recorded and replayed, sessions exported and replayed."""

from __future__ import annotations

import json

import pytest

from playground.debug.breakpoints import at_line
from playground.debug.replay import ReplayError, load_session, replay_session, save_session
from playground.debug.session import DebugSession, SessionError
from playground.debug.watchpoints import watch_memory
from playground.wasm.runtime import host_func

LOOP = """(module
  (memory 1)
  (global $total (mut i32) (i32.const 0))
  (func (export "sum") (param $n i32) (result i32)
    (local $i i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (global.set $total (i32.add (global.get $total) (local.get $i)))
        (i32.store (i32.shl (local.get $i) (i32.const 2)) (global.get $total))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (global.get $total)))
"""

HOST = """(module
  (import "env" "next" (func $next (result i32)))
  (import "env" "fill" (func $fill (param i32 i32)))
  (memory (export "memory") 1)
  (func (export "main") (result i32)
    (call $fill (i32.const 64) (i32.const 8))
    (i32.add (call $next) (i32.add (call $next) (i32.load (i32.const 64))))))
"""


def test_edit_a_local_and_continue_then_step_back_undoes_it():
    s = DebugSession.from_text(LOOP)
    s.start("sum", [4])
    s.add_breakpoint(at_line(8))
    s.continue_()
    s.continue_()
    assert s.evaluate("$i") == 1
    before = s.state_digest()
    edit_step = s.step
    snap = s.set_local("$i", 3)
    assert snap.frames[-1].locals[1].value.text == "3" and s.step == edit_step
    snap = s.continue_()
    assert s.evaluate("$i") == 4
    s.clear_breakpoints()
    assert s.continue_().results[0].text == str(0 + 3)  # 0 then 3: the edit skipped 1 and 2
    s.goto_step(edit_step - 1)
    assert s.evaluate("$i") == 1  # before the edit
    s.step_into()
    assert s.evaluate("$i") == 3  # running onto the edit's step applies it again
    assert s.state_digest() != before


def test_stepping_back_over_an_edit_restores_the_old_values():
    s = DebugSession.from_text(LOOP)
    s.start("sum", [3])
    for _ in range(12):
        s.step_into()
    pre = s.state_digest()
    s.write_memory(0, b"\xff\xff")
    s.set_global("$total", 100)
    s.set_stack(0, 7) if s.thread.frame.stack else None
    assert s.read_memory(0, 2) == b"\xff\xff" and s.evaluate("$total") == 100
    after_edit = s.state_digest()
    s.step_into()
    s.step_back()
    assert s.state_digest() == after_edit  # back to the edited state
    s.step_back()
    s.step_into()
    assert s.state_digest() == after_edit  # forward over the edit's step re-applies it
    s.goto_step(11)
    assert s.read_memory(0, 2) != b"\xff\xff" and s.evaluate("$total") != 100
    s.goto_step(12)
    assert s.state_digest() == after_edit
    assert pre != after_edit
    write = s.who_wrote(0)
    assert write.how == "edit" and write.step == 12


def test_edits_check_their_values():
    s = DebugSession.from_text(LOOP)
    s.start("sum", [3])
    with pytest.raises(SessionError):
        s.set_local("$nope", 1)
    with pytest.raises(SessionError):
        s.set_local("$i", "banana")
    with pytest.raises(SessionError):
        s.write_memory(65535, b"\0\0")


def _hosts(log):
    counter = iter(range(10, 100))

    @host_func(results=["i32"])
    def next_():
        value = next(counter)
        log.append(value)
        return value

    @host_func(params=["i32", "i32"], caller=True)
    def fill(caller, address, n):
        caller.memory.write(address, bytes(range(1, n + 1)))

    return {"env": {"next": next_, "fill": fill}}


def test_host_calls_are_recorded_and_not_repeated_when_stepping_back():
    log = []
    s = DebugSession.from_text(HOST, imports=_hosts(log))
    s.start("main")
    end = s.continue_()
    assert end.results[0].text == str(10 + 11 + int.from_bytes(bytes([1, 2, 3, 4]), "little"))
    assert log == [10, 11]
    s.goto_step(0)
    assert s.read_memory(64, 8) == bytes(8)  # the host's write is undone
    again = s.continue_()
    assert again.results == end.results and log == [10, 11]  # answered from the journal
    write = s.who_wrote(64)
    assert write.how == "host" and write.location.instr_text.startswith("call")


def test_export_and_replay_reach_the_same_state(tmp_path):
    log = []
    s = DebugSession.from_text(HOST, imports=_hosts(log))
    s.start("main")
    s.step_into()
    s.step_into()
    s.step_into()  # the fill call
    s.write_memory(65, b"\x09")
    s.add_watchpoint(watch_memory(64, 4))
    s.step_into()
    s.step_into()
    path = tmp_path / "session.json"
    save_session(s, path)
    data = json.loads(path.read_text())
    assert data["host_calls"][0]["writes"] and data["edits"][0]["kind"] == "memory"
    replayed = load_session(path)  # no host functions needed
    assert replayed.step == s.step and replayed.state_digest() == s.state_digest()
    assert replayed.read_memory(64, 4) == bytes([1, 9, 3, 4])
    assert replayed.continue_().results == s.continue_().results
    data["digest"] = "0" * 64
    with pytest.raises(ReplayError):
        replay_session(data)


def test_replay_of_a_binary_module(tmp_path):
    from playground.wasm.binary.encode import encode_module
    from playground.wasm.text.parse import parse_module

    s = DebugSession.from_binary(encode_module(parse_module(LOOP)))
    s.start("sum", [5])
    s.add_breakpoint(at_line(s.program.line_map and min(s.program.line_map)))
    for _ in range(40):
        s.step_into()
    s.set_global(0, 1000)
    s.step_over()
    replayed = replay_session(s.export())
    assert replayed.state_digest() == s.state_digest() and replayed.program.is_binary
