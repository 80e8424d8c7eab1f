"""Each tab keeps its own debugging state (issue 12, bugs 1-3 and the status part of 10).

The window used to hold one session for all its tabs: a breakpoint clicked
on one tab went to another's session, the panels showed another tab's frame
and memory, switching tabs reset the chosen export, and the status bar kept
another file's words.
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from debug_helpers import click_gutter, command, debug, open_sample  # noqa: E402
from playground.ui.debugger.memory_view import NO_MEMORY, NOTHING_PAUSED  # noqa: E402


def test_a_gutter_breakpoint_is_honoured_while_another_tab_is_paused(qtbot, make_window):
    """Bug 1: debug `init` in bulk_memory.wat, switch to fib.wat, choose fib_iter, click line 21, Debug."""
    window = make_window()
    window.show()
    bulk = open_sample(qtbot, window, "bulk_memory.wat")
    snap = debug(qtbot, window, "init", ["16"])
    assert snap.state == "paused" and snap.step == 0
    fib = open_sample(qtbot, window, "fib.wat")
    assert not window.commands.action("stop").isEnabled()  # fib.wat has no session: Stop has nothing to stop here
    assert window.debugger.run_bar.select_export("fib_iter")
    window.debugger.run_bar.set_arguments(["4"])
    click_gutter(qtbot, fib.editor, 21)
    assert fib.editor.breakpoints == {21}
    snap = command(qtbot, window, "debug")
    assert snap.reason == "breakpoint" and fib.editor.current_line == 21  # not the entry
    snap = command(qtbot, window, "continue")
    assert snap.reason == "breakpoint" and fib.editor.current_line == 21  # the next round, not the end
    snap = command(qtbot, window, "reverse_continue")
    assert snap.reason == "breakpoint" and fib.editor.current_line == 21  # not "no breakpoints"
    window.tabs.setCurrentWidget(bulk.editor)  # bulk_memory's session is where it was left
    assert window.debugger.session_state == "paused" and window.debugger.last_snapshot.step == 0
    assert window.debugger.controller.breakpoints == frozenset()  # fib's dot never reached it


def test_the_panels_show_the_current_tab_s_session(qtbot, make_window):
    """Bug 2: on fib.wat the panels showed bulk_memory's frame and its 64 KiB memory, step buttons enabled."""
    window = make_window()
    window.show()
    d = window.debugger
    bulk = open_sample(qtbot, window, "bulk_memory.wat")
    debug(qtbot, window, "init", ["16"])
    command(qtbot, window, "step_into")
    assert d.callstack.count() == 1 and d.stack_panel.rows() and d.memory.info.text().startswith("65,536 bytes")
    assert window.commands.action("step_into").isEnabled()

    fib = open_sample(qtbot, window, "fib.wat")
    assert d.callstack.count() == 0 and d.stack_panel.rows() == [] and d.locals_panel.texts() == []
    assert d.memory.info.text() == NOTHING_PAUSED and d.session_label.text() == "Ready"
    for name in ("continue", "step_into", "step_over", "step_out", "step_back", "reverse_continue", "pause", "stop"):
        assert not window.commands.action(name).isEnabled(), name
    assert window.commands.action("debug").isEnabled()

    debug(qtbot, window, "fib", ["2"])  # fib's own session, beside bulk_memory's
    assert d.locals_panel.texts() == [["$n (param)", "i64", "2"]] and d.memory.info.text() == NO_MEMORY

    window.tabs.setCurrentWidget(bulk.editor)  # back: bulk_memory's frame, stack and memory again
    assert d.callstack.count() == 1 and d.locals_panel.texts()[0][:2] == ["$dest (param)", "i32"]
    assert d.locals_panel.texts()[0][2] == "16" and d.memory.info.text().startswith("65,536 bytes")
    assert bulk.editor.current_line == 18 and window.commands.action("step_into").isEnabled()
    window.tabs.setCurrentWidget(fib.editor)
    assert d.locals_panel.texts() == [["$n (param)", "i64", "2"]] and fib.editor.current_line is not None


def test_switching_tabs_keeps_each_tab_s_export_and_arguments(qtbot, make_window):
    """Bug 3: `init` 16 came back as `fill` 0,0,0 after a visit to another tab."""
    window = make_window()
    bar = window.debugger.run_bar
    bulk = open_sample(qtbot, window, "bulk_memory.wat")
    assert bar.select_export("init")
    bar.set_arguments(["16"])
    fib = open_sample(qtbot, window, "fib.wat")
    assert bar.current_export().name == "fib" and bar.arguments() == ["0"]
    assert bar.select_export("fib_iter")
    bar.set_arguments(["7"])
    window.tabs.setCurrentWidget(bulk.editor)
    assert bar.current_export().name == "init" and bar.arguments() == ["16"]
    window.tabs.setCurrentWidget(fib.editor)
    assert bar.current_export().name == "fib_iter" and bar.arguments() == ["7"]
    assert window.debugger.run_request().args == ("7",) and window.debugger.run_request().export == "fib_iter"


def test_the_status_bar_speaks_of_the_current_tab(qtbot, make_window):
    """Bug 10: "Stopped at step 50" stayed after another file was opened."""
    window = make_window()
    window.show()
    open_sample(qtbot, window, "fib.wat")
    debug(qtbot, window, "fib", ["3"])
    command(qtbot, window, "step_into")
    command(qtbot, window, "stop")
    assert window.debugger.session_label.text() == "Stopped at step 1"
    open_sample(qtbot, window, "factorial.wat")
    assert window.debugger.session_label.text() == "Ready"
    assert "step" not in window.statusBar().currentMessage()


def test_a_background_tab_s_stop_is_recorded_in_its_tab(qtbot, make_window):
    """A tab that stops while another is current keeps its stop (and its editor its mark) for when it is shown."""
    window = make_window()
    window.show()
    fib = open_sample(qtbot, window, "fib.wat")
    click_gutter(qtbot, fib.editor, 9)
    debug(qtbot, window, "fib", ["6"])
    other = open_sample(qtbot, window, "factorial.wat")
    session = window.debugger.sessions[fib]
    with qtbot.waitSignal(window.debugger.bridge.snapshotReady, timeout=10000):
        session.controller.send(__import__("playground.workbench.session_commands", fromlist=["Continue"]).Continue())
    qtbot.waitUntil(lambda: not window.debugger.busy, timeout=10000)
    assert window.current_buffer() is other and window.debugger.callstack.count() == 0  # the panels stay factorial's
    assert session.last_snapshot.reason == "breakpoint" and len(session.last_snapshot.frames) == 2
    assert "fib.wat: Paused at" in window.statusBar().currentMessage()
    window.tabs.setCurrentWidget(fib.editor)
    assert window.debugger.callstack.count() == 2 and fib.editor.current_line == 9


def test_closing_a_tab_ends_its_session(qtbot, make_window):
    window = make_window()
    fib = open_sample(qtbot, window, "fib.wat")
    debug(qtbot, window, "fib", ["3"])
    session = window.debugger.sessions[fib]
    assert session.has_session
    window.editor.files.close_tab(window.tabs.indexOf(fib.editor))
    assert fib not in window.debugger.sessions
    qtbot.waitUntil(lambda: not session.has_session, timeout=5000)
