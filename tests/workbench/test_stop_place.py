"""Which place a tab marks for a stop (workbench/stop_place.py): the innermost frame with a line in the tab's file."""

from __future__ import annotations

from playground.debug.snapshot import FrameView, Location, Snapshot
from playground.wasm.errors import SourceSpan
from playground.workbench.c_state import CFrameLine, CState
from playground.workbench.stop_place import StopPlace, describe_c_stop, stop_place


def place(func: str, index: int, line: int | None = None, file: str | None = "main.c") -> Location:
    span = SourceSpan(line, 5, line, 9) if line is not None else None
    return Location(0, func, index, "call $f", span, file=file if line is not None else None)


def frame(location: Location, call_site: Location | None = None) -> FrameView:
    return FrameView(location, (), (), call_site)


def stop(*frames: FrameView) -> Snapshot:
    """A paused snapshot; `frames` outermost first, as Snapshot keeps them."""
    return Snapshot(step=1, state="paused", frames=frames)


def test_a_stop_on_a_line_marks_it():
    here = place("main", 3, 12)
    assert stop_place(stop(frame(place("_start", 1)), frame(here))) == StopPlace(here, 0)


def test_a_stop_without_a_line_marks_the_call_of_the_innermost_frame_with_one():
    call = place("main", 7, 20)
    after_call = place("main", 8, 21)
    snapshot = stop(frame(place("_start", 1)), frame(after_call, call), frame(place("getchar", 4), place("getchar", 3)),
                    frame(place("__stdio_read", 9)))
    assert stop_place(snapshot) == StopPlace(call, 2)  # the call instruction, not the caller's return point
    assert stop_place(snapshot, "main.c") == StopPlace(call, 2)


def test_a_line_in_another_file_counts_only_without_a_tab_file():
    call = place("main", 7, 4)
    in_header = place("twice", 2, 2, file="util.h")
    snapshot = stop(frame(place("main", 8, 5), call), frame(in_header))
    assert stop_place(snapshot, "main.c") == StopPlace(call, 1)
    assert stop_place(snapshot) == StopPlace(in_header, 0)


def test_no_frame_with_a_line_and_no_snapshot_mark_nothing():
    assert stop_place(stop(frame(place("_start", 1)), frame(place("read", 2)))) == StopPlace()
    assert stop_place(None) == StopPlace() and stop_place(Snapshot(step=0, state="finished")) == StopPlace()


def test_the_words_of_a_c_stop_name_the_marked_frame_when_it_is_deeper():
    libc = CFrameLine("__stdio_read", None, None, "__stdio_read () (no debug information)")
    main = CFrameLine("main", "/src/rot13.c", 7, "main () at rot13.c:7")
    state = CState((libc, CFrameLine("getchar", None, None, ""), main), "__stdio_read")
    assert describe_c_stop(state, 2) == "Paused in __stdio_read (no debug information), called from main at rot13.c:7"
    on_line = CState((main,), "main", "/src/rot13.c", 7)
    assert describe_c_stop(on_line, 0) == "Paused in main at rot13.c:7"
    assert describe_c_stop(CState((libc,), "__stdio_read"), 0) is None  # nothing with a line: the Wasm words stand
    assert describe_c_stop(None, 0) is None
