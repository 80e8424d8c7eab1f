"""WASI programs in the debugger: stepped like any other, host calls recorded and replayed, proc_exit a clean end."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

from playground.debug.replay import replay_session
from playground.debug.session import DebugSession
from playground.debug.source import program_from_binary, program_from_text
from playground.debug.states import SessionState, StopReason
from playground.hosts import host_imports
from playground.hosts.wasi import WasiConfig, WasiHost

ROOT = Path(__file__).resolve().parents[2]
PROGRAMS = ROOT / "tests" / "hosts" / "wasi" / "programs"

# fd_read 8 bytes of stdin to 64, random_get 4 bytes to 128, echo what was read.
READ_RANDOM = """(module
  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "random_get" (func $random_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (i32.store (i32.const 0) (i32.const 64))
    (i32.store (i32.const 4) (i32.const 8))
    (drop (call $fd_read (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 16)))
    (drop (call $random_get (i32.const 128) (i32.const 4)))
    (i32.store (i32.const 4) (i32.load (i32.const 16)))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 20)))))
"""


def wasi_session(source, args=(), stdin=b""):
    """A session over a WASI program whose output the host collects (host.stdout), and the host."""
    if isinstance(source, Path):
        program, name = program_from_binary(source.read_bytes(), file=source.name), source.name
    else:
        program, name = program_from_text(source, file="prog.wat"), "prog.wat"
    host = WasiHost(WasiConfig(args=[name, *args], stdin=stdin))
    imports = host_imports(program.module, lambda text, kind="out": None, wasi_host=host)
    return DebugSession(program, imports=imports), host


def test_proc_exit_ends_the_session_cleanly_with_its_status():
    session, host = wasi_session(PROGRAMS / "exit_code.wasm", ["exit"])
    session.start("_start")
    snap = session.continue_()
    assert snap.state == SessionState.EXITED and snap.reason == StopReason.EXITED
    assert session.exit_code == 3 and snap.message == "the program exited with status 3"
    assert host.stdout == b"calling exit(3)\natexit handler ran\n"
    calls = session.host_calls()
    assert calls[-1].name == "wasi_snapshot_preview1.proc_exit" and calls[-1].exit_code == 3
    end, digest = session.step, session.state_digest()
    # a motion at the end stays there; back is a pause; forward exits again from the journal
    assert session.step_into().state == SessionState.EXITED and session.step == end
    back = session.step_back()
    assert back.state == SessionState.PAUSED and session.exit_code is None and session.step == end - 1
    again = session.continue_()
    assert again.state == SessionState.EXITED and session.step == end and session.state_digest() == digest
    assert host.stdout == b"calling exit(3)\natexit handler ran\n"  # nothing printed twice
    assert len(session.host_calls()) == len(calls)


def test_stepping_back_over_fd_write_prints_nothing_again_and_replays_exactly():
    session, host = wasi_session(PROGRAMS / "hello.wasm")
    session.start("_start")
    end = session.continue_()
    assert end.state == SessionState.FINISHED and end.reason == StopReason.FINISHED and session.exit_code is None
    assert host.stdout == b"hello, world\n2 + 40 = 42\n" and host.stderr == b"a note on stderr\n"
    records = [(r.name, r.args, r.results, r.writes) for r in session.host_calls()]
    assert any(name == "wasi_snapshot_preview1.fd_write" for name, *_ in records)
    digest, step = session.state_digest(), session.step
    session.goto_step(0)
    assert session.state == SessionState.READY
    session.continue_()
    assert (session.step, session.state_digest()) == (step, digest)
    assert host.stdout == b"hello, world\n2 + 40 = 42\n" and host.stderr == b"a note on stderr\n"
    assert [(r.name, r.args, r.results, r.writes) for r in session.host_calls()] == records


def test_who_wrote_names_the_host_call_for_fd_read_and_random_get():
    session, host = wasi_session(READ_RANDOM, stdin=b"abcdefgh")
    session.start("_start")
    session.continue_()
    assert session.read_memory(64, 8) == b"abcdefgh" and host.stdout == b"abcdefgh"
    read = session.who_wrote(66)
    assert read.how == "host" and read.host == "wasi_snapshot_preview1.fd_read"
    assert "wasi_snapshot_preview1.fd_read" in read.location.instr_text and "fd_read" in read.describe()
    rand = session.who_wrote(129)
    assert rand.how == "host" and rand.host == "wasi_snapshot_preview1.random_get" and rand.step > read.step
    assert session.who_wrote(16).host == "wasi_snapshot_preview1.fd_read"  # nread, the call's result
    # the same answers after going back and forth (the journal re-applies the recorded writes)
    session.goto_step(read.step)
    assert session.who_wrote(66) is None and session.read_memory(64, 8) == bytes(8)
    session.continue_()
    assert session.who_wrote(129).host == "wasi_snapshot_preview1.random_get"


def test_an_exited_session_saves_and_replays():
    session, _ = wasi_session(PROGRAMS / "exit_code.wasm", ["exit"])
    session.start("_start")
    session.continue_()
    data = json.loads(json.dumps(session.export()))
    assert data["state"] == "exited" and data["host_calls"][-1]["error_kind"] == "exit"
    replayed = replay_session(data)
    assert replayed.state == SessionState.EXITED and replayed.exit_code == 3
    assert replayed.state_digest() == session.state_digest()


def debug(script: str, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "playground", "debug", *args], input=script,
                          capture_output=True, text=True, cwd=ROOT, timeout=120)


def test_debug_command_runs_start_and_exits_with_the_status():
    out = debug("c\nback\nc\nq\n", str(PROGRAMS / "exit_code.wasm"), "--", "exit")
    assert out.returncode == 0, out.stderr
    lines = out.stdout.splitlines()
    assert lines[0] == "[step 0] ready: stopped at the entry of _start"
    assert out.stdout.count("calling exit(3)\natexit handler ran\n") == 1  # once, before the first stop at the end
    exits = [line for line in lines if "exited: the program exited with status 3" in line]
    assert len(exits) == 2 and "paused" in out.stdout


def test_debug_takes_stdin_env_and_arguments(tmp_path):
    (tmp_path / "in.txt").write_bytes(b"some words here\n")
    out = debug("c\nq\n", str(PROGRAMS / "stdin_count.wasm"), "--stdin", str(tmp_path / "in.txt"))
    assert "SOME WORDS HERE\n1 3 16\n" in out.stdout and "finished: returned" in out.stdout
    out = debug("c\nq\n", str(PROGRAMS / "args_env.wasm"), "--env", "GREETING=hey", "--", "x")
    assert "argv[1]=x\nenv GREETING=hey\nGREETING=hey\n" in out.stdout


def test_debug_a_reactor_function_after_initialize(tmp_path):
    wat = tmp_path / "reactor.wat"
    wat.write_text(
        '(module (import "wasi_snapshot_preview1" "random_get" (func $r (param i32 i32) (result i32)))\n'
        '  (memory (export "memory") 1) (global $g (mut i32) (i32.const 0))\n'
        '  (func (export "_initialize") (drop (call $r (i32.const 0) (i32.const 4))) (global.set $g (i32.const 40)))\n'
        '  (func (export "add") (param i32) (result i32) (i32.add (global.get $g) (local.get 0))))\n'
    )
    out = debug("c\nq\n", str(wat), "--invoke", "add", "2")
    assert "finished: returned 42" in out.stdout, out.stdout + out.stderr
    out = debug("", str(wat))
    assert out.returncode == 1 and "exports no _start" in out.stderr and "_initialize, add" in out.stderr


def test_a_trace_shows_the_exit_as_an_exit():
    from playground.debug.trace import host_text

    session, _ = wasi_session(PROGRAMS / "exit_code.wasm", ["exit"])
    session.start("_start")
    session.continue_()
    assert host_text(session.host_calls()[-1]) == "wasi_snapshot_preview1.proc_exit(3) exited with status 3"
