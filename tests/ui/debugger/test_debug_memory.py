"""The window as a debugger: memory highlights, who-wrote jumps, edits undone by stepping back, traps, Stop and Pause."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from debug_helpers import call, command, debug, open_sample, open_text  # noqa: E402

COUNTER_WAT = """(module
  (memory (export "memory") 1)
  (global $calls (mut i32) (i32.const 0))
  (func $bump (export "bump") (param $by i32) (result i32)
    (i32.store (i32.const 16) (i32.add (i32.load (i32.const 16)) (local.get $by)))
    (global.set $calls (i32.add (global.get $calls) (i32.const 1)))
    (i32.load (i32.const 16))))
"""

SPIN_WAT = """(module
  (func (export "spin") (param $n i32) (result i32) (local $i i32)
    (block $done
      (loop $again
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $again)))
    (local.get $i)))
"""


def step_until(qtbot, window, text: str, limit: int = 50):
    for _ in range(limit):
        if window.debugger.active_buffer.editor.highlighted_text().startswith(text):
            return window.debugger.last_snapshot
        command(qtbot, window, "step_into")
    raise AssertionError(f"never reached {text}")


def test_store_highlights_changed_bytes_and_who_wrote_jumps_back(qtbot, make_window):
    window = make_window()
    window.show()
    open_text(qtbot, window, COUNTER_WAT, "counter.wat")
    debug(qtbot, window, "bump", ["7"])
    step_until(qtbot, window, "i32.store")
    snap = command(qtbot, window, "step_into")
    assert snap.changed_memory == ((16, 20),)
    model = window.debugger.memory.model
    assert all(model.is_changed(a) for a in range(16, 20)) and not model.is_changed(20)
    assert bytes(model.data_bytes[16:20]) == (7).to_bytes(4, "little")
    assert model.data(model.index_of(16)) == "07"
    store_step = snap.step - 1

    command(qtbot, window, "step_into")  # global.get: nothing written, the tint goes
    assert not model.is_changed(16)

    asked = []
    window.debugger.presenter.ask_jump = lambda step, location: asked.append((step, location.instr_text)) or True
    window.debugger.memory.select_address(17)
    window.debugger.memory.update_who_wrote_action()
    assert window.debugger.memory.who_wrote_action.isEnabled()
    with qtbot.waitSignal(window.debugger.bridge.snapshotReady, timeout=5000):
        window.debugger.memory.who_wrote_selected()
    qtbot.waitUntil(lambda: not window.debugger.controller.busy, timeout=5000)
    assert asked == [(store_step, "i32.store")]
    assert f"last written at step {store_step}" in window.console.text()
    assert window.debugger.last_snapshot.step == store_step  # just before the store ran
    assert window.debugger.active_buffer.editor.highlighted_text() == "i32.store"
    assert bytes(model.data_bytes[16:20]) == bytes(4)  # the write is undone too


def test_who_wrote_a_data_segment_byte_names_the_segment_and_offers_its_source_not_a_jump(qtbot, make_window):
    window = make_window()
    window.show()
    buffer = open_sample(qtbot, window, "strings.wat")
    debug(qtbot, window, "main", [])
    jumps, offers = [], []
    window.debugger.presenter.ask_jump = lambda step, location: jumps.append(step) or True
    window.debugger.presenter.ask_show_segment = lambda location: offers.append(location) or True
    messages = []
    window.debugger.memory.message.connect(messages.append)
    window.debugger.memory.select_address(20)  # the "o" of "Hello", from (data (i32.const 16) "Hello, WebAssembly!")
    window.debugger.memory.who_wrote_selected()
    assert jumps == []  # instantiation is not a step to travel back to
    assert [location.kind for location in offers] == ["data"]
    console = window.console.text()
    assert "data segment 0 (written at instantiation)" in console
    assert "step 0" not in console and "data[0]" not in console
    assert messages[-1] == "0x14: data segment 0 (written at instantiation)"
    assert buffer.editor.textCursor().selectedText() == '(data (i32.const 16) "Hello, WebAssembly!")'
    assert window.debugger.last_snapshot.step == 0 and not window.debugger.controller.busy  # nothing moved in time


def test_memory_fill_highlights_its_range(qtbot, make_window):
    window = make_window()
    window.show()
    open_sample(qtbot, window, "bulk_memory.wat")
    debug(qtbot, window, "fill", ["32", "0xab", "8"])
    step_until(qtbot, window, "memory.fill")
    command(qtbot, window, "step_into")
    model = window.debugger.memory.model
    assert [a for a in range(24, 48) if model.is_changed(a)] == list(range(32, 40))
    assert bytes(model.data_bytes[32:40]) == b"\xab" * 8
    command(qtbot, window, "step_back")  # going back over the fill un-writes it and tints what changed
    assert bytes(model.data_bytes[32:40]) == bytes(8) and model.is_changed(32)


def test_edits_while_paused_are_undone_by_stepping_back(qtbot, make_window):
    window = make_window()
    window.show()
    open_text(qtbot, window, COUNTER_WAT, "counter.wat")
    debug(qtbot, window, "bump", ["7"])
    command(qtbot, window, "step_into")  # i32.const 16 is on the stack
    assert window.debugger.locals_panel.editable and window.debugger.stack_panel.editable and window.debugger.memory.model.editable

    call(qtbot, window, window.debugger.locals_panel.edit_row, 0, "40")
    assert window.debugger.locals_panel.texts()[0][2] == "40"
    call(qtbot, window, window.debugger.stack_panel.edit_value, 0, "0x20")
    assert window.debugger.stack_panel.rows()[0][2] == "32"
    call(qtbot, window, window.debugger.globals_panel.edit_row, 0, "5")
    assert window.debugger.globals_panel.texts()[0][2] == "5"
    model = window.debugger.memory.model
    call(qtbot, window, model.setData, model.index_of(32), "7f")
    assert model.data_bytes[32] == 0x7F and model.is_changed(32)

    command(qtbot, window, "step_back")  # before the edits: all of them undone
    assert window.debugger.locals_panel.texts()[0][2] == "7"
    assert window.debugger.globals_panel.texts()[0][2] == "0"
    assert model.data_bytes[32] == 0

    bad = window.console.text()
    command(qtbot, window, "step_into")
    window.debugger.locals_panel.edit_row(0, "not a number")
    qtbot.waitUntil(lambda: "cannot read 'not a number' as i32" in window.console.text(), timeout=5000)
    assert window.console.text() != bad


def test_trap_shows_in_console_and_status_and_editor(qtbot, make_window):
    window = make_window()
    window.show()
    buffer = open_sample(qtbot, window, "trap.wat")
    window.debugger.run_bar.select_export("div")
    window.debugger.run_bar.set_arguments(["1", "0"])
    snap = command(qtbot, window, "run")
    assert snap.state == "trapped"
    assert window.debugger.session_label.text() == f"Trapped at $div+2 · step {snap.step}"  # where; the left says why
    assert window.statusBar().currentMessage() == "Trap: integer divide by zero"
    assert "trap: integer divide by zero at $div+2" in window.console.text()
    assert buffer.editor.highlighted_text() == "i32.div_s" and buffer.editor.current_line == 7
    snap = command(qtbot, window, "step_back")  # from a trap: just before the faulting instruction
    assert snap.state == "paused" and [row[2] for row in window.debugger.stack_panel.rows()] == ["0", "1"]


def test_stop_ends_a_long_loop_and_the_window_keeps_painting(qtbot, make_window):
    window = make_window()
    window.show()
    open_text(qtbot, window, SPIN_WAT, "spin.wat")
    window.debugger.run_bar.set_arguments(["1000000000"])
    assert window.commands.trigger("run")
    qtbot.waitUntil(lambda: window.debugger.session_label.text().startswith("Running…"), timeout=5000)
    first = window.debugger.controller.progress()[1]
    qtbot.waitUntil(lambda: window.debugger.controller.progress()[1] > first, timeout=5000)
    assert window.debugger.session_state == "running"
    assert window.commands.action("stop").isEnabled() and window.commands.action("pause").isEnabled()
    assert not window.commands.action("step_into").isEnabled()
    with qtbot.waitSignal(window.debugger.bridge.snapshotReady, timeout=5000):
        assert window.commands.trigger("stop")
    qtbot.waitUntil(lambda: not window.debugger.controller.busy, timeout=5000)
    assert window.debugger.session_state == "ready" and window.debugger.session_label.text().startswith("Stopped at step")
    assert "stopped after" in window.console.text()
    assert not window.debugger.controller.has_session


def test_pause_a_long_run_then_inspect_and_continue_with_a_breakpoint(qtbot, make_window):
    window = make_window()
    window.show()
    buffer = open_text(qtbot, window, SPIN_WAT, "spin.wat")
    window.debugger.run_bar.set_arguments(["1000000000"])
    assert window.commands.trigger("debug") is True
    qtbot.waitUntil(lambda: window.debugger.session_state == "paused", timeout=5000)
    assert window.commands.trigger("continue")
    qtbot.waitUntil(lambda: window.debugger.session_state == "running", timeout=5000)
    with qtbot.waitSignal(window.debugger.bridge.snapshotReady, timeout=5000):
        assert window.commands.trigger("pause")
    qtbot.waitUntil(lambda: not window.debugger.controller.busy, timeout=5000)
    snap = window.debugger.last_snapshot
    assert snap.state == "paused" and snap.reason == "paused" and snap.step > 1000
    assert int(window.debugger.locals_panel.texts()[1][2]) > 100  # $i counted up
    buffer.editor.toggle_breakpoint(6)  # (local.set $i ...) while paused
    snap = command(qtbot, window, "continue")
    assert snap.reason == "breakpoint" and buffer.editor.current_line == 6


def test_the_running_count_after_continue_shows_the_session_total_and_the_count_since_continue(qtbot, make_window):
    import re

    window = make_window()
    window.show()
    open_text(qtbot, window, SPIN_WAT, "spin.wat")
    debug(qtbot, window, "spin", ["1000000000"])
    assert window.commands.trigger("continue")
    qtbot.waitUntil(lambda: window.debugger.session_state == "running", timeout=5000)
    paused = call(qtbot, window, window.commands.trigger, "pause")
    assert paused.reason == "paused" and paused.step > 1000
    assert window.commands.trigger("continue")
    qtbot.waitUntil(lambda: "since Continue" in window.debugger.session_label.text(), timeout=5000)
    text = window.debugger.session_label.text()
    found = re.fullmatch(r"Running… ([\d,]+) instructions \(\+([\d,]+) since Continue, [\d.]+ s\)", text)
    assert found, text
    total, since = (int(group.replace(",", "")) for group in found.groups())
    assert since > 0 and total - since == paused.step  # the total counts from the start, the delta from the pause
    assert window.statusBar().currentMessage() != "Paused: you pressed Pause"  # the last stop's words are gone
    call(qtbot, window, window.commands.trigger, "stop")
