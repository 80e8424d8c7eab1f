"""Stepping by C line (debug/line_step.py) forwards and backwards, C breakpoints, conditions and values.

The program is tests/toolchain/c_programs.py's LOOP, compiled once with the
real toolchain; the line numbers are its lines. The backward motions are
checked against the forward ones: going back must land exactly where
going forward stopped.
"""

from __future__ import annotations

import pytest

from playground.debug.breakpoints import at_line
from playground.debug.dwarf.cview import CCondition, CView
from playground.debug.session import DebugSession
from playground.debug.source import load_program
from playground.debug.sourcemaps.dwarf import dwarf_source_map
from playground.debug.states import SessionState
from playground.debug.watchpoints import watch_memory
from playground.hosts import host_imports
from playground.hosts.wasi import WasiConfig, WasiHost
from toolchain.c_programs import LOOP, LOOP_OUTPUT, compile_once


@pytest.fixture(scope="module")
def loop_path(tmp_path_factory):
    return compile_once(tmp_path_factory, "loop", LOOP)


def c_session(path):
    program = load_program(path)
    host = WasiHost(WasiConfig(args=[path.name]))
    session = DebugSession(program, source_map=dwarf_source_map(program),
                           imports=host_imports(program.module, lambda text, kind="out": None, wasi_host=host))
    session.start("_start")
    return session, host


def where(session) -> tuple[str, int | None]:
    """(C function, line) of the current stop."""
    frame = CView(session).frames()[0]
    return frame.name, frame.line


def stop_at_line(session, line: int):
    bp = session.add_breakpoint(at_line(line, file=session.source_map.main_file))
    session.continue_()
    session.remove_breakpoint(bp)


def test_a_breakpoint_on_a_c_line_shows_the_c_frames_and_values(loop_path):
    session, _ = c_session(loop_path)
    session.add_breakpoint(at_line(12, file="loop.c"))
    snap = session.continue_()
    assert snap.reason == "breakpoint" and where(session) == ("sum_squares", 12)
    view = CView(session)
    assert [(f.name, f.line) for f in view.frames()] == [("sum_squares", 12), ("main", 22), ("_start", None)]
    assert [(v.name, view.format(value)) for v, value in view.variables()] == [("i", "1"), ("n", "4"), ("total", "0")]
    assert view.describe(view.frames()[1]) == "main () at loop.c:22"
    assert view.print("p", 1) == "p = {x = 3, y = 4}"
    assert view.print("arr", 1) == "arr = {1, 2, 3}"
    assert view.print("*ptr", 1) == "*ptr = 2" and view.print("ptr[1]", 1) == "ptr[1] = 3"
    assert view.print("c", 1) == "c = 65 'A'"
    assert view.print("&arr[1]", 1) == view.print("ptr", 1).replace("ptr", "&arr[1]", 1)
    assert view.type_of("ptr", 1) == "int *" and view.type_of("p", 1) == "struct point"


def test_next_walks_main_line_by_line_over_calls(loop_path):
    session, host = c_session(loop_path)
    stop_at_line(session, 18)
    lines = []
    while session.state == SessionState.PAUSED and session.thread.frames and where(session)[0] == "main":
        lines.append(where(session)[1])
        session.next_line()
    assert lines == [18, 19, 20, 21, 22, 23, 24]
    assert session.state == SessionState.FINISHED and bytes(host.stdout).decode() == LOOP_OUTPUT


def test_step_enters_functions_with_lines_after_their_prologue_and_returns_mid_line(loop_path):
    session, _ = c_session(loop_path)
    stop_at_line(session, 22)
    session.step_line()
    assert where(session) == ("sum_squares", 10)
    assert CView(session).print("n") == "n = 4"
    session.next_line()
    session.next_line()
    assert where(session) == ("sum_squares", 12)
    session.step_line()
    assert where(session) == ("square", 6) and CView(session).print("v") == "v = 1"
    session.next_line()  # off the end of square: back in sum_squares, in the middle of line 12
    assert where(session) == ("sum_squares", 12)
    loc = session.last.location
    assert not session.source_map.is_statement(loc.func_index, loc.instr_index)
    session.next_line()
    assert where(session) == ("sum_squares", 11)


def test_next_stops_at_a_breakpoint_inside_the_call_it_steps_over(loop_path):
    session, _ = c_session(loop_path)
    stop_at_line(session, 22)
    session.add_breakpoint(at_line(6, file="loop.c"))
    snap = session.next_line()
    assert snap.reason == "breakpoint" and where(session) == ("square", 6)


def forward_stops(session, motion) -> list[tuple[int, str, int]]:
    stops = []
    while session.state == SessionState.PAUSED and session.thread.frames and where(session)[0] != "_start":
        stops.append((session.step, *where(session)))
        motion()
    return stops


def is_line_start(session, step: int) -> bool:
    session.goto_step(step)
    loc = session.last.location
    return session.source_map.is_statement(loc.func_index, loc.instr_index)


def test_reverse_step_retraces_every_line_start_of_step(loop_path):
    session, _ = c_session(loop_path)
    stop_at_line(session, 18)
    stops = forward_stops(session, session.step_line)
    assert [line for _, name, line in stops if name == "square"] == [6, 6, 6, 6]
    starts = [stop for stop in stops if is_line_start(session, stop[0])]
    assert len(starts) < len(stops)  # the returns to a caller, mid-line, are not line starts
    session.goto_step(stops[-1][0])
    back = [(session.step, *where(session))]
    while True:
        snap = session.step_back_line()
        if not session.thread.frames or where(session)[0] == "_start":
            break
        back.append((snap.step, *where(session)))
    assert back == starts[::-1]


def test_reverse_next_retraces_next_in_main_and_goes_to_the_start_of_the_current_line(loop_path):
    session, _ = c_session(loop_path)
    stop_at_line(session, 18)
    stops = forward_stops(session, session.next_line)
    assert [line for _, _, line in stops] == [18, 19, 20, 21, 22, 23, 24]
    session.goto_step(stops[-1][0])
    back = []
    for _ in range(len(stops) - 1):
        session.back_next_line()
        back.append((session.step, *where(session)))
    assert back == stops[-2::-1]
    # from the middle of line 22 (back from sum_squares), rn goes to the start of line 22
    session.goto_step(stops[4][0])
    session.step_line()
    while where(session)[0] != "main":
        session.step_out()
    assert where(session) == ("main", 22) and session.step > stops[4][0]
    session.back_next_line()
    assert session.step == stops[4][0]


def test_from_the_end_reverse_next_comes_back_to_the_last_line(loop_path):
    session, _ = c_session(loop_path)
    session.continue_()
    assert session.state == SessionState.FINISHED  # main returned 0: _start returns without proc_exit
    session.back_next_line()
    assert where(session) == ("main", 24)


def test_a_c_condition_stops_only_when_it_holds(loop_path):
    session, _ = c_session(loop_path)
    view = CView(session)
    bp = at_line(12, file="loop.c")
    bp.condition = CCondition("i == 3", view)
    session.add_breakpoint(bp)
    session.continue_()
    assert where(session) == ("sum_squares", 12) and view.print("i") == "i = 3" and view.print("total") == "total = 5"


def test_watching_a_c_variable_stops_each_time_it_changes(loop_path):
    session, _ = c_session(loop_path)
    stop_at_line(session, 10)
    view = CView(session)
    total = view.evaluate("total")
    assert total.type.name == "int" and total.address is not None
    session.add_watchpoint(watch_memory(total.address, 4))
    seen = []
    for _ in range(4):  # `int total = 0` writes the 0 already there: no change, no stop
        snap = session.continue_()
        assert snap.reason == "watchpoint" and where(session)[0] == "sum_squares"
        seen.append(view.print("total"))
    assert seen == ["total = 1", "total = 5", "total = 14", "total = 30"]
    session.reverse_continue()
    assert view.print("total") == "total = 14"


@pytest.mark.parametrize("sample", ["sort", "strings", "saxpy"])
def test_static_successors_hold_every_jump_the_engine_makes(sample):
    """line_step._successors (where a line may start, found statically) against every transition of a run."""
    from pathlib import Path

    from playground.debug.line_step import _successors

    path = Path(__file__).resolve().parents[2] / "samples" / "c" / f"{sample}.wasm"
    session, _ = c_session(path)
    module = session.module
    successors = {}
    seen = []

    def hook(func, pc, depth_before):
        frames = session.thread.frames
        if frames and len(frames) == depth_before and frames[-1].func is func:
            seen.append((func.funcidx, pc, frames[-1].pc))

    session.runner.on_step = hook
    session.continue_()
    session.runner.on_step = None
    assert len(seen) > 1000 and session.state == SessionState.FINISHED
    for funcidx, pc, nxt in set(seen):
        if funcidx not in successors:
            successors[funcidx] = _successors(module.funcs[funcidx - module.num_imported_funcs].body)
        assert nxt in successors[funcidx][pc], (funcidx, pc, nxt)
