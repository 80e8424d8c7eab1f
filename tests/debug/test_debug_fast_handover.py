"""Continue at full speed, then step (debug/handover.py): the fast engine's stops equal the step engine's.

Every test runs the same motions in a session on the step engine and one
whose continues run calls on the fast engine, and compares each stop: the
reason, message, step number, frames (functions, pcs, stacks, locals) and
the digest of the whole state (memories, globals, tables). Then both go
back in time to the same steps and compare again, so the history kept
across a hand-over is exact too.
"""

from __future__ import annotations

import random

import pytest

from debug.fast_compare import back_and_forth, both, breakpoint_places, continue_all, started, stop_of, through_breakpoints
from playground.debug.breakpoints import at_instruction, at_line
from playground.debug.session import DebugSession
from playground.debug.source import load_program
from playground.debug.sourcemaps.dwarf import dwarf_source_map
from playground.hosts import host_imports
from playground.hosts.wasi import WasiConfig, WasiHost
from playground.resources import sample_path
from playground.wasm.limits import Limits
from wasm.fast.program_gen import generate


@pytest.mark.parametrize("seed", range(12))
def test_generated_programs_stop_alike(seed):
    text, calls = generate(seed)
    rnd = random.Random(seed)
    name, args = calls[rnd.randrange(len(calls))]

    def make(engine):
        session = DebugSession.from_text(text, engine=engine, limits=Limits(fuel=200_000))
        session.start(name, args, raw=True)
        return session

    probe = make("step")
    places = breakpoint_places(probe)
    chosen = rnd.sample(places, min(6, len(places)))

    def motions(session):
        return through_breakpoints(session, chosen, 12) + back_and_forth(session, random.Random(seed))

    step, fast = both(make, motions)
    assert fast == step


RECURSE = """(module
 (memory 1)
 (func $down (export "down") (param i32) (result i32)
  (i32.store (i32.mul (i32.and (local.get 0) (i32.const 255)) (i32.const 4)) (local.get 0))
  (if (result i32) (i32.eqz (local.get 0))
   (then (i32.const 100))
   (else (i32.add (call $down (i32.sub (local.get 0) (i32.const 1))) (local.get 0))))))
"""


def test_breakpoint_deep_in_recursion():
    def make(engine):
        return started(RECURSE, "down", [3000], engine=engine)

    def motions(session):
        body = session.instance.funcs[0].code.body
        base = next(pc for pc, ins in enumerate(body) if ins.op.name == "i32.const" and ins.imm[0] == 100)
        session.add_breakpoint(at_instruction("down", base))  # the base case, 3001 frames deep
        stops = continue_all(session, 1)
        assert len(session.thread.frames) == 3001
        stops.append(stop_of(session, session.step_out()))
        stops.append(stop_of(session, session.step_back()))
        stops += continue_all(session)
        return stops + back_and_forth(session, random.Random(1))

    step, fast = both(make, motions)
    assert fast == step


def test_trap_in_a_fast_call_stops_at_the_faulting_instruction():
    text = """(module (memory 1)
     (func $inner (param i32) (result i32) (local i32)
      (loop $l (local.set 1 (i32.add (local.get 1) (local.get 0)))
               (local.set 0 (i32.sub (local.get 0) (i32.const 1))) (br_if $l (local.get 0)))
      (i32.load (i32.add (local.get 1) (i32.const 70000))))
     (func (export "main") (result i32) (i32.add (i32.const 1) (call $inner (i32.const 2000)))))"""

    def make(engine):
        return started(text, "main", engine=engine)

    step, fast = both(make, lambda s: continue_all(s) + back_and_forth(s, random.Random(2)))
    assert fast == step
    assert step[0][0] == "trap" and "out of bounds" in step[0][1]


def test_fuel_limit_stops_at_the_same_step():
    def make(engine):
        return started(RECURSE, "down", [2000], engine=engine, limits=Limits(fuel=5_003))

    step, fast = both(make, lambda s: continue_all(s, 3) + back_and_forth(s, random.Random(3)))
    assert fast == step
    assert step[0][0] == "limit" and step[0][2] == 5_003


WRITES = """(module (memory 1) (global $g (mut i32) (i32.const 0))
 (func $fill (param i32)
  (loop $l
   (i32.store8 (local.get 0) (i32.load8_u (i32.add (local.get 0) (i32.const 1))))
   (global.set $g (i32.add (global.get $g) (local.get 0)))
   (i32.store16 (i32.add (local.get 0) (i32.const 100)) (local.get 0))
   (i32.store (i32.add (local.get 0) (i32.const 200)) (i32.load (local.get 0)))
   (br_if $l (local.tee 0 (i32.sub (local.get 0) (i32.const 1))))))
 (func (export "main") (call $fill (i32.const 40)) (call $fill (i32.const 7))))
"""


def test_logged_writes_name_the_same_step_and_writer():
    """The debugger's form logs stores and global.set itself, in the middle of a segment: each entry's step
    (from the segment's charge) and writer equal the step engine's, and so do who-wrote answers."""
    def make(engine):
        return started(WRITES, "main", engine=engine)

    def motions(session):
        session.add_breakpoint(at_instruction(1, 4))  # main's last instruction: both calls ran
        stops = continue_all(session, 1)
        log = [e[:3] + tuple(bytes(x) if isinstance(x, bytearray) else x for x in e[4:]) for e in session.ops.log]  # e[3]: the target
        writers = [session.who_wrote(address) for address in (1, 7, 40, 107, 140, 207, 243)]
        return stops, log, [(w.step, str(w.location)) if w else None for w in writers]

    step, fast = both(make, motions)
    assert fast == step
    assert len(step[1]) == 4 * 47 and None not in step[2]


def test_step_out_and_over_run_calls_fast():
    def make(engine):
        return started(RECURSE, "down", [50], engine=engine)

    def motions(session):
        stops = []
        for _ in range(6):
            stops.append(stop_of(session, session.step_into()))
        stops.append(stop_of(session, session.step_over()))
        stops.append(stop_of(session, session.step_out()))
        for _ in range(12):
            stops.append(stop_of(session, session.step_over()))
        return stops + back_and_forth(session, random.Random(4))

    step, fast = both(make, motions)
    assert fast == step


def test_pause_from_a_deadline_hands_over_an_exact_state():
    text = """(module (func $spin (param i32) (loop $l (br $l)))
      (func (export "main") (call $spin (i32.const 5))))"""
    session = DebugSession.from_text(text, engine="fast", limits=Limits(timeout=0.3))
    session.start("main")
    snap = session.continue_()
    assert str(snap.reason) == "limit" and "time" in snap.message
    assert [f.func.funcidx for f in session.thread.frames] == [1, 0]
    reference = DebugSession.from_text(text, engine="step")
    reference.start("main")
    reference.goto_step(session.step)
    assert reference.state_digest() == session.state_digest()


def c_session(name: str, engine: str) -> DebugSession:
    path = sample_path(f"c/{name}.wasm")
    program = load_program(path)
    host = WasiHost(WasiConfig(args=[path.name]))
    session = DebugSession(program, source_map=dwarf_source_map(program), engine=engine,
                           imports=host_imports(program.module, lambda text, kind="out": None, wasi_host=host))
    session.start("_start")
    return session


@pytest.mark.parametrize("name, lines", [("recursion", (8, 16)), ("sort", (13, 23)), ("sum_loop", (12, 20))])
def test_c_breakpoints_stop_alike(name, lines):
    main_file = c_session(name, "step").source_map.main_file

    def motions(session):
        for line in lines:
            session.add_breakpoint(at_line(line, file=main_file))
        stops = continue_all(session, 8)
        session.clear_breakpoints()
        stops += continue_all(session, 2)
        return stops + back_and_forth(session, random.Random(5))

    step, fast = both(lambda engine: c_session(name, engine), motions)
    assert fast == step
    assert any(s[0] == "breakpoint" for s in step)
