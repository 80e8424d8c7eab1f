"""The line above the C variables says which frame they are and why that one (workbench/c_state.frame_heading)."""

from __future__ import annotations

from playground.workbench.c_state import CFrameLine, CState, frame_heading

LIBC = CFrameLine("__wasi_fd_read", None, None, "", problem="__wasi_fd_read has no C debug information")
GETCHAR = CFrameLine("getchar", None, None, "", problem="getchar has no C debug information")
MAIN = CFrameLine("main", "/src/rot13.c", 7, "main () at rot13.c:7")


def test_the_innermost_frame_is_named_with_its_place():
    assert frame_heading(CState((MAIN,), "main", "/src/rot13.c", 7), 0) == "in main at rot13.c:7"


def test_a_caller_the_stop_chose_says_the_frames_above_have_no_debug_information():
    state = CState((LIBC, GETCHAR, MAIN), "__wasi_fd_read")
    assert frame_heading(state, 2) == "in main at rot13.c:7 (frame #2; the 2 frames above it have no debug information)"
    assert frame_heading(CState((GETCHAR, MAIN)), 1) == "in main at rot13.c:7 (frame #1; the frame above it has no debug information)"


def test_a_caller_below_a_function_of_a_header_names_where_the_program_is():
    twice = CFrameLine("twice", "/src/util.h", 2, "twice (v=21) at util.h:2")
    main = CFrameLine("main", "/src/main.c", 4, "main () at main.c:4")
    assert frame_heading(CState((twice, main), "twice"), 1) == "in main at main.c:4 (frame #1, below twice at util.h:2)"


def test_a_frame_clicked_says_so_and_a_frame_without_debug_information_says_why_it_shows_nothing():
    state = CState((LIBC, GETCHAR, MAIN), "__wasi_fd_read")
    assert frame_heading(state, 2, clicked=True) == "in main at rot13.c:7 (frame #2, chosen in the Call stack)"
    assert frame_heading(state, 0) == "__wasi_fd_read has no C debug information"
    assert frame_heading(CState(), 0) == "The program is not running."
    assert frame_heading(CState(problem="the C view could not be read"), 0) == "the C view could not be read"
