"""Instruction traces (wasm-interp --trace style), host-call and trap events, the ring buffer, `run --trace`."""

from __future__ import annotations

import io
import subprocess
import sys
from pathlib import Path

from playground.debug.session import DebugSession
from playground.debug.trace import Tracer, trace_invoke
from playground.wasm.runtime import host_func, instantiate
from playground.wasm.text.parse import parse_module

ROOT = Path(__file__).resolve().parents[2]

HOST = """(module
  (import "env" "twice" (func $twice (param i32) (result i32)))
  (func (export "f") (param $x i32) (result i32)
    (i32.div_u (call $twice (local.get $x)) (i32.sub (local.get $x) (i32.const 3)))))
"""


def test_session_trace_lists_instructions_stacks_host_calls_and_the_trap():
    twice = host_func(lambda x: 2 * x, params=["i32"], results=["i32"])
    s = DebugSession.from_text(HOST, imports={"env": {"twice": twice}})
    out = io.StringIO()
    s.set_tracer(Tracer(out))
    s.start("f", [3])
    snap = s.continue_()
    assert snap.state == "trapped"
    lines = out.getvalue().splitlines()
    assert lines[0] == "#0. f+0 :4: local.get $x  -> [i32:3]"
    assert lines[1] == "#0. host env.twice(3) -> [6]"
    assert lines[2] == "#0. f+1 :4: call $twice  -> [i32:6]"
    assert lines[-1] == "#0. trap: integer divide by zero at f+5"
    s.set_tracer(None)
    s.goto_step(0)
    s.continue_()
    assert len(out.getvalue().splitlines()) == len(lines)  # tracing is off


def test_ring_buffer_keeps_the_newest_events():
    s = DebugSession.from_text('(module (func (export "f") (loop $l (br_if $l (i32.const 0)))))')
    tracer = Tracer(limit=2)
    s.set_tracer(tracer)
    s.start("f")
    s.continue_()
    assert [(e.index, e.text) for e in tracer.events] == [(3, "end"), (4, "end")]


def test_trace_invoke_and_run_trace_command(tmp_path):
    module = parse_module((ROOT / "samples" / "fib.wat").read_text())
    inst = instantiate(module)
    tracer = Tracer(limit=None)
    assert trace_invoke(module, inst.exports.fib.func, [2], tracer) == [1]
    assert tracer.events[0].line() == "#0. fib+0 :5: local.get $n  -> [i64:2]"
    assert any(e.depth == 1 for e in tracer.events)
    trace = tmp_path / "trace.txt"
    run = subprocess.run(
        [sys.executable, "-m", "playground", "run", str(ROOT / "samples" / "fib.wat"), "--invoke", "fib", "2", "--trace", str(trace)],
        capture_output=True, text=True, cwd=ROOT, timeout=60,
    )
    assert run.returncode == 0 and run.stdout.strip() == "1"
    assert trace.read_text().splitlines() == tracer.lines()
