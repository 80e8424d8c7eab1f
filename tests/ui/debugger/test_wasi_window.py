"""WASI programs in the window: the run bar's fields, the Console's standard input, Stop, replay, who wrote (real widgets)."""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QFileDialog, QLineEdit

sys.path.insert(0, str(Path(__file__).resolve().parent))

from debug_helpers import SAMPLES, TIMEOUT_MS, command, open_sample, open_text  # noqa: E402

from playground.ui.debugger.wasi_support import SETTINGS_KEY  # noqa: E402
from tests.workbench.wasi_programs import FIRST_LINE_THEN_SPIN  # noqa: E402

C_SAMPLES = SAMPLES / "c"

RANDOM_THEN_READ = """(module
  (import "wasi_snapshot_preview1" "random_get" (func $random_get (param i32 i32) (result i32)))
  (import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))
  (memory (export "memory") 1)
  (func (export "_start")
    (drop (call $random_get (i32.const 64) (i32.const 8)))
    (i32.store (i32.const 0) (i32.const 128))
    (i32.store (i32.const 4) (i32.const 16))
    (drop (call $fd_read (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 8)))))
"""


def open_program(qtbot, window, name: str):
    """Open a C sample's .wasm, checked (its exports and imports known)."""
    buffer = window.open_file(C_SAMPLES / name)
    qtbot.waitUntil(lambda: window.debugger.run_bar.current_export() is not None, timeout=TIMEOUT_MS)
    return buffer


def run_to_end(qtbot, window, name: str = "run"):
    snap = command(qtbot, window, name, timeout=30000)
    qtbot.waitUntil(lambda: not window.debugger.busy, timeout=TIMEOUT_MS)
    return snap


def type_cell(qtbot, table, text: str) -> None:
    """Type into the table's cell being edited (its open editor) and commit it with Enter."""
    row = table.currentRow()
    editor = next(e for e in table.viewport().findChildren(QLineEdit) if e.isVisible())
    qtbot.keyClicks(editor, text)
    qtbot.keyClick(editor, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: table.item(row, 0).text() == text)


def test_the_fields_and_the_input_row_show_only_for_wasi_programs(qtbot, make_window):
    window = make_window()
    window.show()
    bar, console = window.debugger.run_bar, window.console
    open_sample(qtbot, window, "fib.wat")
    assert not bar.wasi_action.isVisible() and not console.input_row.isVisible() and bar.wasi_inputs() is None
    open_program(qtbot, window, "echo_args.wasm")
    assert bar.wasi_action.isVisible() and console.input_row.isVisible() and bar.wasi_inputs() is not None
    qtbot.waitUntil(bar.wasi.isVisible)  # the bar lays itself out
    window.tabs.setCurrentIndex(0)
    assert not bar.wasi_action.isVisible() and not console.input_row.isVisible()
    qtbot.waitUntil(lambda: not bar.wasi.isVisible())  # the bar lays itself out again


def test_arguments_and_environment_typed_in_the_run_bar_reach_the_program(qtbot, make_window):
    window = make_window()
    window.show()
    open_program(qtbot, window, "echo_args.wasm")
    fields = window.debugger.run_bar.wasi
    qtbot.keyClicks(fields.args, "one 'two words'")
    qtbot.mouseClick(fields.env_button, Qt.MouseButton.LeftButton)
    assert fields.environment.isVisible()  # the table opens below its button
    for row in ("NAME=Ada", "LANG=C"):
        qtbot.mouseClick(fields.environment.add_button, Qt.MouseButton.LeftButton)
        type_cell(qtbot, fields.environment.table, row)
    assert fields.environment.rows() == ("NAME=Ada", "LANG=C") and fields.env_button.text() == "Environment (2) ▾"
    fields.environment.table.selectRow(1)
    qtbot.mouseClick(fields.environment.remove_button, Qt.MouseButton.LeftButton)
    fields.environment.hide()
    run_to_end(qtbot, window)
    text = window.console.text()
    assert '  argv[1] = "one"\n  argv[2] = "two words"\n  env: NAME=Ada\nHello, Ada!' in text
    assert "LANG" not in text


def test_a_preopened_folder_picked_in_the_run_bar_and_what_happens_when_it_is_gone(qtbot, make_window, tmp_path, monkeypatch):
    window = make_window()
    window.show()
    books = tmp_path / "books"
    books.mkdir()
    (books / "poem.txt").write_text("one two\nthree\n")
    open_program(qtbot, window, "wc.wasm")
    fields = window.debugger.run_bar.wasi
    monkeypatch.setattr(QFileDialog, "getExistingDirectory", lambda *args, **kwargs: str(books))
    qtbot.mouseClick(fields.folders_button, Qt.MouseButton.LeftButton)
    qtbot.mouseClick(fields.folders.add_button, Qt.MouseButton.LeftButton)
    table = fields.folders.table
    assert [table.item(0, c).text() for c in range(2)] == [str(books), "books"]  # seen by its own name
    table.item(0, 1).setText("data")
    table.item(0, 2).setCheckState(Qt.CheckState.Checked)
    fields.folders.hide()
    fields.args.setText("data/poem.txt")
    inputs = window.debugger.run_bar.wasi_inputs()
    assert [(f.host, f.guest, f.read_only) for f in inputs.folders] == [(str(books), "data", True)]
    run_to_end(qtbot, window)
    assert "      2       3      14 data/poem.txt" in window.console.text()

    (books / "poem.txt").unlink()
    books.rmdir()
    window.console.clear()
    run_to_end(qtbot, window)
    lines = window.console.text().splitlines()
    assert lines[1:] == [f"error: folder {books} (seen as 'data') no longer exists: choose it again or remove it from Folders"]
    assert "Traceback" not in window.console.text()


def test_an_environment_row_without_equals_is_marked_and_refused_in_one_line(qtbot, make_window):
    window = make_window()
    open_program(qtbot, window, "echo_args.wasm")
    fields = window.debugger.run_bar.wasi
    fields.environment.add_row("NAME=Ada")
    fields.environment.add_row("OOPS")
    assert fields.environment.note.text() == "row 2: expected NAME=VALUE"
    assert fields.environment.table.item(1, 0).toolTip() == "expected NAME=VALUE"
    assert "expected NAME=VALUE" in fields.env_button.toolTip()
    run_to_end(qtbot, window)
    assert window.console.text().splitlines()[1:] == ["error: environment row 2: 'OOPS': expected NAME=VALUE"]


def test_the_inputs_are_kept_per_tab_and_per_file_across_windows(qtbot, make_window, settings):
    window = make_window()
    open_program(qtbot, window, "echo_args.wasm")
    fields = window.debugger.run_bar.wasi
    fields.args.setText("a b")
    fields.environment.add_row("X=1")
    fields.real_time.setChecked(True)
    open_program(qtbot, window, "rot13.wasm")
    assert fields.args.text() == "" and fields.environment.rows() == () and not fields.real_time.isChecked()
    fields.real_random.setChecked(True)
    window.tabs.setCurrentIndex(0)
    assert fields.args.text() == "a b" and fields.environment.rows() == ("X=1",) and fields.real_time.isChecked()
    assert settings.value(SETTINGS_KEY)

    again = make_window()  # the same settings: a later start of the playground
    open_program(qtbot, again, "echo_args.wasm")
    inputs = again.debugger.run_bar.wasi_inputs()
    assert (inputs.args, inputs.env, inputs.real_time, inputs.real_random) == ("a b", ("X=1",), True, False)
    open_program(qtbot, again, "rot13.wasm")
    assert again.debugger.run_bar.wasi_inputs().real_random


def test_standard_input_typed_in_the_console_streams_back_and_ctrl_d_ends_it(qtbot, make_window):
    window = make_window()
    window.show()
    open_program(qtbot, window, "rot13.wasm")
    console = window.console
    assert window.commands.trigger("run")
    qtbot.waitUntil(lambda: console.waiting, timeout=TIMEOUT_MS)
    assert console.input_cue.text() == "⌨ waiting" and "rot13.wasm waits for input" in console.input.toolTip()
    qtbot.waitUntil(lambda: window.debugger.session_state == "running")  # the window goes on: the program waits on its worker
    qtbot.keyClicks(console.input, "Hello, World")
    qtbot.keyClick(console.input, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "Uryyb, Jbeyq" in console.text(), timeout=TIMEOUT_MS)
    assert window.debugger.busy and console.input.text() == ""  # shown while the program still reads
    assert "Hello, World\nUryyb, Jbeyq" in console.text()  # the typed line echoed, then the program's
    qtbot.keyClicks(console.input, "abc")
    qtbot.keyClick(console.input, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)  # not Debug: the end of input
    qtbot.waitUntil(lambda: window.debugger.session_state == "finished", timeout=TIMEOUT_MS)
    assert "(end of input)" in console.text() and not console.waiting
    assert window.console.text().count("run _start()") == 1 and "debug _start()" not in console.text()


def test_stop_while_the_program_waits_for_input(qtbot, make_window):
    window = make_window()
    window.show()
    open_program(qtbot, window, "rot13.wasm")
    assert window.commands.trigger("run")
    qtbot.waitUntil(lambda: window.console.waiting, timeout=TIMEOUT_MS)
    command(qtbot, window, "stop")
    qtbot.waitUntil(lambda: not window.debugger.busy, timeout=TIMEOUT_MS)
    assert window.debugger.session_state == "ready" and "stopped after" in window.console.text()
    assert not window.console.waiting
    qtbot.mouseClick(window.console.end_button, Qt.MouseButton.LeftButton)  # nothing reads now: said in words
    assert window.console.text().splitlines()[-1].startswith("no WASI program runs in this tab")


def test_pause_while_the_program_waits_for_input_stops_at_the_read_and_nothing_is_lost(qtbot, make_window):
    window = make_window()
    window.show()
    open_program(qtbot, window, "rot13.wasm")
    debugger, console = window.debugger, window.console
    assert window.commands.trigger("run")
    qtbot.waitUntil(lambda: console.waiting and debugger.session_state == "running", timeout=TIMEOUT_MS)
    snap = command(qtbot, window, "pause", timeout=3000)  # at once, not when a line is typed
    assert snap.state == "paused" and debugger.session_state == "paused" and not console.waiting
    assert snap.frames[-1].location.instr_text.startswith("call")  # stopped before the read's call
    frames = debugger.callstack.texts()
    assert len(frames) == len(snap.frames) > 2 and any("_start" in row for row in frames)  # libc calls below
    assert "Uryyb" not in console.text()

    qtbot.keyClicks(console.input, "Hello")  # typed while paused: kept for the read
    qtbot.keyClick(console.input, Qt.Key.Key_Return)
    assert window.commands.trigger("continue")
    qtbot.waitUntil(lambda: "Uryyb" in console.text(), timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: console.waiting, timeout=TIMEOUT_MS)  # the next read waits again
    qtbot.keyClick(console.input, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: debugger.session_state == "finished", timeout=TIMEOUT_MS)
    assert console.text().count("Uryyb") == 1  # the line was read once


def test_output_shows_while_a_long_running_program_still_runs(qtbot, make_window):
    window = make_window()
    window.show()
    open_text(qtbot, window, FIRST_LINE_THEN_SPIN, "spin.wat")
    assert window.debugger.run_bar.wasi_action.isVisible()  # WAT importing WASI gets the fields too
    assert window.commands.trigger("run")
    qtbot.waitUntil(lambda: "first line" in window.console.text(), timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: window.debugger.session_state == "running", timeout=TIMEOUT_MS)
    assert window.debugger.busy and "first line" in window.console.text()  # shown before the program ends
    command(qtbot, window, "stop")


def test_step_back_over_fd_read_replays_and_who_wrote_names_the_host_calls(qtbot, make_window):
    window = make_window()
    window.show()
    open_text(qtbot, window, RANDOM_THEN_READ, "read.wat")
    debugger = window.debugger
    command(qtbot, window, "debug")
    with qtbot.waitSignal(debugger.bridge.snapshotReady, timeout=TIMEOUT_MS):
        assert window.commands.trigger("continue")
        qtbot.waitUntil(lambda: window.console.waiting, timeout=TIMEOUT_MS)
        qtbot.keyClicks(window.console.input, "hello")
        qtbot.keyClick(window.console.input, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: not debugger.busy, timeout=TIMEOUT_MS)
    assert debugger.session_state == "finished"
    memory = debugger.memory
    assert bytes(memory.model.data_bytes[128:134]) == b"hello\n"
    random_byte = next(a for a in range(64, 72) if memory.model.data_bytes[a])

    jumps, messages = [], []
    debugger.presenter.ask_jump = lambda step, location: jumps.append((step, location.instr_text)) or True
    memory.message.connect(messages.append)
    memory.select_address(130)
    with qtbot.waitSignal(debugger.bridge.snapshotReady, timeout=TIMEOUT_MS):
        memory.who_wrote_selected()
    qtbot.waitUntil(lambda: not debugger.busy, timeout=TIMEOUT_MS)
    assert "wasi_snapshot_preview1.fd_read" in messages[-1] and "fd_read" in jumps[-1][1]
    assert bytes(memory.model.data_bytes[128:134]) == bytes(6)  # back before the read: its bytes undone

    memory.select_address(random_byte)
    with qtbot.waitSignal(debugger.bridge.snapshotReady, timeout=TIMEOUT_MS):
        memory.who_wrote_selected()
    qtbot.waitUntil(lambda: not debugger.busy, timeout=TIMEOUT_MS)
    assert "wasi_snapshot_preview1.random_get" in messages[-1] and "random_get" in jumps[-1][1]

    cues = []
    window.debugger.bridge.outputReady.connect(lambda text, kind: cues.append(text) if kind == "input-wait" else None)
    snap = command(qtbot, window, "continue")  # forward again over random_get and fd_read: replayed
    assert snap.state == "finished" and cues == [] and not window.console.waiting
    assert bytes(memory.model.data_bytes[128:134]) == b"hello\n"


def test_the_wasi_fields_and_every_command_stay_in_reach_at_common_widths(qtbot, make_window):
    window = make_window()
    window.show()
    qtbot.waitExposed(window)
    open_program(qtbot, window, "echo_args.wasm")
    debugger, fields = window.debugger, window.debugger.run_bar.wasi
    for width, height in ((1280, 800), (1024, 700), (800, 600)):
        debugger.fit_toolbars(width)
        window.resize(width, height)  # (no wider than the screen: then the bars fit the width it got)
        qtbot.waitUntil(lambda: debugger.command_bar.hidden_actions() == [])
        assert fields.isVisible() and fields.real_random.isVisible(), width
        right = fields.real_random.mapTo(window, fields.real_random.rect().topRight()).x()
        assert right <= window.width(), (width, right)  # the last switch shows, not behind the bar's »


def test_closing_the_window_while_the_program_waits_ends_its_worker(qtbot, make_window):
    window = make_window()
    window.show()
    buffer = open_program(qtbot, window, "rot13.wasm")
    assert window.commands.trigger("run")
    qtbot.waitUntil(lambda: window.console.waiting, timeout=TIMEOUT_MS)
    controller = window.debugger.sessions[buffer].controller
    assert window.close()
    qtbot.waitUntil(lambda: not controller.busy and not controller._worker.is_alive(), timeout=TIMEOUT_MS)


def test_while_the_program_waits_for_input_the_status_bar_says_so_and_the_console_comes_forward(qtbot, make_window):
    """Not 'Running… 154 instructions (3.3 s)': the right of the status bar says the program waits for a typed
    line, and the Console's field comes forward (from behind the Problems tab) with the keyboard."""
    from playground.workbench.status_text import WAITING_FOR_INPUT

    window = make_window()
    window.show()
    open_program(qtbot, window, "rot13.wasm")
    console, label = window.console, window.debugger.session_label
    window.docks["problems"].raise_()  # the Console's tab is behind: its field is out of sight
    qtbot.waitUntil(lambda: console.input.visibleRegion().isEmpty())
    assert window.commands.trigger("run")
    qtbot.waitUntil(lambda: label.text() == WAITING_FOR_INPUT, timeout=TIMEOUT_MS)
    assert not console.input.visibleRegion().isEmpty() and window.focusWidget() is console.input
    qtbot.keyClicks(console.input, "abc")
    qtbot.keyClick(console.input, Qt.Key.Key_Return)
    qtbot.waitUntil(lambda: "nop" in console.text(), timeout=TIMEOUT_MS)
    qtbot.waitUntil(lambda: label.text() == WAITING_FOR_INPUT, timeout=TIMEOUT_MS)  # the next read waits again
    qtbot.keyClick(console.input, Qt.Key.Key_D, Qt.KeyboardModifier.ControlModifier)
    qtbot.waitUntil(lambda: window.debugger.session_state == "finished", timeout=TIMEOUT_MS)
    assert label.text().startswith("Finished")
