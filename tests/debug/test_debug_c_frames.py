"""Every C frame read in its own right (real zig, -O0 -g): a caller's variables are the caller's, each level of a
recursion its own `n`, and a stop inside libc (no debug information) still shows main's variables a frame up.

At -O0 a variable is `DW_OP_fbreg OFFSET` and the frame base is a Wasm local where the function's prologue
saved the stack pointer: the local of THAT frame (debug/dwarf/cview.py), not the innermost one's. The window's
C variables (workbench/c_state.py) keep every frame's variables; the prompt's `up`, `down`, `frame N`, `p` and
`info locals` read the frame chosen (gdb's way).
"""

from __future__ import annotations

import re
from types import SimpleNamespace

import pytest

from playground import cli
from playground.debug.breakpoints import at_line, on_entry
from playground.debug.dwarf.cview import CCondition, CFrame, CView, _Access
from playground.debug.dwarf.expr import WASM_GLOBAL_U32, WASM_LOCAL, Place, evaluate
from playground.debug.session import DebugSession
from playground.debug.source import load_program
from playground.debug.sourcemaps.dwarf import dwarf_source_map
from playground.hosts import host_imports
from playground.hosts.wasi import WasiConfig, WasiHost
from playground.workbench.c_state import c_state
from playground.workbench.stop_place import stop_place
from toolchain.c_programs import compile_once

FRAMES = """\
#include <stdio.h>

long long factorial(int n) {
    long long below = n * 10;
    if (n > 1) {
        below = factorial(n - 1);
    }
    return n * below;
}

int main(void) {
    int c = getchar();
    long long f = factorial(4);
    printf("%c %lld\\n", c, f);
    return 0;
}
"""
IF_LINE, CALL_LINE, RETURN_LINE, GETCHAR_LINE, PRINTF_LINE = 5, 6, 8, 12, 14


@pytest.fixture(scope="module")
def frames_path(tmp_path_factory):
    return compile_once(tmp_path_factory, "frames", FRAMES)


def c_session(path, stdin: bytes = b"x\n"):
    program = load_program(path)
    host = WasiHost(WasiConfig(args=[path.name], stdin=stdin))
    session = DebugSession(program, source_map=dwarf_source_map(program),
                           imports=host_imports(program.module, lambda text, kind="out": None, wasi_host=host))
    session.start("_start")
    return session


def values(frame) -> dict[str, str]:
    return {node.name: node.value for node in frame.variables}


def test_each_level_of_a_recursion_shows_its_own_n(frames_path):
    session = c_session(frames_path)
    bp = at_line(IF_LINE, file="frames.c")
    bp.condition = CCondition("n == 1", CView(session))
    session.add_breakpoint(bp)
    assert session.continue_().reason == "breakpoint"
    state = c_state(session)
    assert [(f.function, f.line) for f in state.frames[:5]] == [("factorial", IF_LINE)] + [
        ("factorial", CALL_LINE)] * 3 + [("main", 13)]
    assert [values(f) for f in state.frames[:4]] == [{"n": str(n), "below": str(n * 10)} for n in (1, 2, 3, 4)]
    assert values(state.frames[4]) == {"c": "120", "f": "0"}  # main: getchar read 'x'; factorial has not returned
    assert state.variables == state.frames[0].variables
    view = CView(session)  # the prompt's way: a frame by its level
    assert view.print("n", 2) == "n = 3" and view.print("below", 3) == "below = 40" and view.print("c", 4) == "c = 120"
    assert view.describe(view.frames()[2]) == "factorial (n=3) at frames.c:6"


def test_paused_in_libc_main_s_variables_are_read_a_few_frames_up(frames_path):
    session = c_session(frames_path)
    session.add_breakpoint(on_entry("__wasi_fd_write"))  # printf, deep inside libc: eight frames without DWARF
    assert session.continue_().reason == "breakpoint"
    state = c_state(session)
    place = stop_place(session.last)
    main = state.frames[place.depth]
    assert place.depth == 8 and (main.function, main.line) == ("main", PRINTF_LINE)
    assert values(main) == {"c": "120", "f": "240"}
    assert all(f.line is None and not f.variables for f in state.frames[:place.depth])
    assert state.frames[0].problem == "__wasi_fd_write has no C debug information"


def test_paused_in_getchar_main_is_one_frame_up_from_getchar(frames_path):
    session = c_session(frames_path)
    session.add_breakpoint(on_entry("getchar"))
    assert session.continue_().reason == "breakpoint"
    state = c_state(session)
    assert [f.function for f in state.frames] == ["getchar", "main", "_start"]
    assert stop_place(session.last).depth == 1 and (state.frames[1].line, values(state.frames[1])["f"]) == (GETCHAR_LINE, "0")


def test_a_caller_whose_frame_base_is_the_stack_pointer_global_is_not_read_at_the_callee_s_place():
    """clang gives a function with no stack frame of its own the __stack_pointer global as its frame base: it is
    that function's only while it runs; a caller's variables located from it would be read where the callee's are."""
    def op(name, *args):
        return SimpleNamespace(op_name=name, args=list(args))

    fbreg = [op("DW_OP_fbreg", 8)]
    session = SimpleNamespace(source_map=SimpleNamespace(debug_info=None), instance=SimpleNamespace(globals=[SimpleNamespace(value=1000)]))
    view = CView(session)
    for kind, caller in ((WASM_GLOBAL_U32, None), (WASM_LOCAL, 2008)):
        function = SimpleNamespace(frame_base=[op("DW_OP_WASM_location", kind, 0), op("DW_OP_stack_value")])
        inner, outer = (CFrame(level, 1, 0, "f", function, None, None, SimpleNamespace(locals=[1000 * (level + 1)]))
                        for level in (0, 1))
        assert evaluate(fbreg, _Access(view, inner)) == Place("memory", address=1008)
        place = evaluate(fbreg, _Access(view, outer))
        if caller is None:
            assert place.kind == "none" and place.reason == "the frame base of a caller kept in a global is not known here"
        else:  # a local: the caller's own
            assert place == Place("memory", address=caller)


# --- the prompt ----------------------------------------------------------------------------------------------
@pytest.fixture
def prompt(frames_path, tmp_path, capsys):
    """prompt(*commands) -> the `debug` prompt's output lines on FRAMES (stdin: the test's, empty)."""
    def run(*commands: str) -> list[str]:
        script = tmp_path / "commands.txt"
        script.write_text("\n".join([*commands, "q"]) + "\n")
        assert cli.main(["debug", str(frames_path), "--commands", str(script)]) == 0
        return [re.sub(r"breakpoint #\d+", "breakpoint #N", line) for line in capsys.readouterr().out.splitlines()]

    return run


def test_the_prompt_stopped_in_libc_says_where_the_c_source_is_and_up_reads_main(prompt):
    out = prompt("b getchar", "c", "info locals", "p c", "up", "info locals", "p c + 1", "down", "p f")
    start = out.index("getchar () at $getchar+0 (no debug information)")
    assert out[start + 1:start + 3] == ["  ; next: block ($getchar+0)",
                                        "  (no debug information here: `up` shows main at frames.c:12)"]
    rest = out[start + 3:]
    assert rest[:2] == ["No symbol table info available.", 'error: no symbol "c" in current context']  # as gdb says
    assert rest[2:4] == ["#1  main () at frames.c:12", "12\t    int c = getchar();"]
    assert rest[4:6] == ["c = 0", "f = 0"] and rest[6] == "c + 1 = 1"
    assert rest[7] == "#0  getchar () at $getchar+0 (no debug information)"
    assert rest[8] == 'error: no symbol "f" in current context'


def test_the_prompt_s_up_and_frame_read_each_level_of_a_recursion(prompt):
    out = prompt("b factorial if n == 1", "c", "up 2", "p n", "p below", "info locals", "frame 3", "info args", "down",
                 "p n", "bt")
    text = "\n".join(out)
    assert "#2  factorial (n=3) at frames.c:6\n6\t        below = factorial(n - 1);\nn = 3\nbelow = 30\nbelow = 30" in text
    assert "#3  factorial (n=4) at frames.c:6" in text and "\nn = 4\n#2  factorial (n=3) at frames.c:6" in text
    assert out[-7:] == ["n = 3", " #0  factorial (n=1) at frames.c:4", " #1  factorial (n=2) at frames.c:6",
                        "*#2  factorial (n=3) at frames.c:6", " #3  factorial (n=4) at frames.c:6",
                        " #4  main () at frames.c:13", " #5  _start () at $_start+9 (no debug information)"]


def test_frames_deeper_than_the_bound_say_why_they_show_no_variables(frames_path, monkeypatch):
    from playground.workbench import c_state as module

    monkeypatch.setattr(module, "MAX_VARIABLE_FRAMES", 2)
    session = c_session(frames_path)
    session.add_breakpoint(at_line(RETURN_LINE, file="frames.c"))
    session.continue_()
    state = c_state(session)
    assert [values(f) for f in state.frames[:2]] == [{"n": "1", "below": "10"}, {"n": "2", "below": "20"}]
    assert state.frames[2].variables == () and state.frames[2].problem.startswith(
        "frame #2 is deeper than the 2 frames whose variables each stop reads")
    assert state.frames[2].text == "factorial (n=3) at frames.c:6"  # its line still says where it is


def test_the_prompt_names_the_way_to_the_source_once_per_function_reached_not_at_each_instruction(prompt):
    out = prompt("b printf", "c", "si", "si", "bt")
    hints = [line for line in out if line.startswith("  (no debug information here")]
    assert hints == [f"  (no debug information here: `up` shows main at frames.c:{PRINTF_LINE})"]
    assert out[-3:] == [" #0  printf () at $printf+2 (no debug information)", f" #1  main () at frames.c:{PRINTF_LINE}",
                        " #2  _start () at $_start+9 (no debug information)"]
