"""What the status bar and the console say about a session: its state, a long motion's progress, who wrote a byte."""

from __future__ import annotations

from playground.debug.snapshot import FrameView, Location, Snapshot
from playground.wasm.types import ValType
from playground.workbench.controller import Progress
from playground.workbench.program import value_view
from playground.workbench.status_text import describe_event, describe_state, describe_writer, from_data_segment, progress_text


def test_states_in_words():
    assert describe_state(Snapshot(0, "ready")) == "Ready"
    assert describe_state(Snapshot(0, "running")) == "Running…"
    assert describe_state(Snapshot(5, "trapped", message="trap: integer divide by zero")) == "Trapped · step 5"
    assert describe_state(Snapshot(0, "finished", results=(value_view(ValType.I32, 8),))) == "Finished: 8 · step 0"
    assert describe_state(Snapshot(40, "finished")) == "Finished · step 40"
    assert describe_state(Snapshot(900, "exited", message="the program exited with status 3")) == "Exited with status 3 · step 900"
    assert describe_state(Snapshot(1234, "ready", reason="stopped")) == "Stopped at step 1,234"
    paused = Snapshot(3, "paused", frames=(), reason="step")
    assert describe_state(paused) == "Ready"  # no location: nothing to point at
    at = Location(0, "fib", 12, "i32.add")
    assert describe_state(Snapshot(3, "paused", frames=(FrameView(at, (), ()),), reason="step")) == f"Paused at {at} · step 3"
    c_words = f"Paused in main at points.c:12 ({at})"
    assert describe_state(Snapshot(3, "paused", frames=(FrameView(at, (), ()),)), paused=c_words) == c_words + " · step 3"


def test_the_two_sides_of_the_status_bar_never_say_the_same_thing():
    """The right says where the session is (state, place, step); the left what happened and why, for each stop kind."""
    at = Location(0, "fib", 6, "local.get $n")
    frames = (FrameView(at, (), ()),)
    kinds = {
        "breakpoint": (Snapshot(4, "paused", frames=frames, reason="breakpoint", message=f"breakpoint at {at}"),
                       "Breakpoint hit", f"Paused at {at} · step 4"),
        "going back": (Snapshot(4, "paused", frames=frames, reason="breakpoint",
                                message=f"breakpoint at {at} (back from step 1,200)"),
                       "Breakpoint hit going back from step 1,200", f"Paused at {at} · step 4"),
        "step": (Snapshot(5, "paused", frames=frames, reason="step"), "", f"Paused at {at} · step 5"),
        "start": (Snapshot(0, "paused", frames=frames, reason="start", message="stopped at the entry of fib"),
                  "Debugging: paused before the first instruction", f"Paused at {at} · step 0"),
        "pause": (Snapshot(26_000, "paused", frames=frames, reason="paused", message="paused at step 26,000"),
                  "Paused: you pressed Pause", f"Paused at {at} · step 26,000"),
        "limit": (Snapshot(9, "paused", frames=frames, reason="limit", message="fuel limit reached: Continue goes on"),
                  "Fuel limit reached: Continue goes on", f"Paused at {at} · step 9"),
        "trap": (Snapshot(2, "trapped", frames=frames, reason="trap",
                          message=f"trap: integer divide by zero at {at} (trap.wat:7:6)"),
                 "Trap: integer divide by zero", f"Trapped at {at} · step 2"),
        "finished": (Snapshot(161, "finished", results=(value_view(ValType.I32, 5),), reason="finished",
                              message="returned 5"), "The call returned", "Finished: 5 · step 161"),
        "exited": (Snapshot(900, "exited", reason="exited", message="the program exited with status 3"),
                   "The program ended itself (proc_exit)", "Exited with status 3 · step 900"),
        "stopped": (Snapshot(5, "ready", reason="stopped", message="stopped at step 5"),
                    "Session ended: you pressed Stop", "Stopped at step 5"),
    }
    for kind, (snapshot, left, right) in kinds.items():
        assert (describe_event(snapshot), describe_state(snapshot)) == (left, right), kind
        assert str(at) not in left and f"step {snapshot.step:,}" not in left, kind


def test_progress_counts_what_this_motion_ran_and_says_when_it_goes_back():
    assert progress_text(Progress(2.04, 1_500_000)) == "Running… 1,500,000 instructions (2.0 s)"
    assert progress_text(Progress(0.5, 3000, 1000, "Continue")) == "Running… 3,000 instructions (+2,000 since Continue, 0.5 s)"
    assert progress_text(Progress(0.5, 3000, 1000, "")) == "Running… 3,000 instructions (+2,000 since the pause, 0.5 s)"
    assert progress_text(Progress(1.25, 420, 5000, "Step Back", True)) == "Going back… at step 420 (1.2 s)"


def test_who_wrote_a_byte_in_words():
    store = Location(0, "f", 5, "i32.store")
    assert describe_writer(12, store) == f"last written at step 12 by i32.store at {store}"
    assert describe_writer(3, None) == "last written at step 3 (a host call or an edit)"
    segment = Location(0, "", 1, "data", kind="data")
    assert from_data_segment(segment) and not from_data_segment(store) and not from_data_segment(None)
    assert describe_writer(0, segment) == "data segment 1 (written at instantiation)"
