"""The debugger feature in the window: a stop rendered in every panel, Run from the run bar, typed arguments."""

from __future__ import annotations

from playground.ui.screenshot import FIB_WAT, demo_memory, demo_snapshot

ADD_WAT = """(module
  (func $add (export "add") (param $a i32) (param $b i32) (result i32)
    local.get $a
    local.get $b
    i32.add))
"""


def test_snapshot_renders_everywhere(make_window):
    window = make_window()
    buffer = window.editor.files.make_buffer(FIB_WAT, title="fib.wat", language="wat")
    window.add_buffer(buffer)
    window.debugger.memory.set_source(demo_memory())
    window.debugger.show_snapshot(demo_snapshot(FIB_WAT))
    assert window.debugger.session_label.text().startswith("Paused at $fib+28 · step ")
    assert buffer.editor.highlighted_text() == "i32.add"
    assert window.debugger.stack_panel.rows()[0] == ("pushed", "i32", "0")
    assert window.debugger.callstack.count() == 3
    assert window.debugger.locals_panel.texts() == [["$n (param)", "i32", "1"]]
    assert window.debugger.globals_panel.texts() == [["$calls", "mut i32", "5"]]
    assert window.debugger.memory.model.is_changed(16) and not window.debugger.memory.model.is_changed(20)
    window.debugger.stack_panel.set_hex(True)
    assert window.debugger.locals_panel.texts()[0][2] == "0x00000001"


def test_run_to_completion(qtbot, make_window):
    window = make_window()
    buffer = window.editor.files.new_file(ADD_WAT)
    qtbot.waitUntil(lambda: window.debugger.run_bar.current_export() is not None, timeout=5000)
    window.debugger.run_bar.set_arguments(["40", "2"])
    assert window.commands.trigger("run")
    qtbot.waitUntil(lambda: window.debugger.session_state == "finished", timeout=10000)
    assert window.debugger.session_label.text().startswith("Finished: 42 · step ")
    assert "add(40, 2) = 42" in window.console.text()
    window.debugger.run_bar.set_arguments(["x", "2"])
    window.commands.trigger("run")
    qtbot.waitUntil(lambda: "cannot read 'x' as i32: expected an integer" in window.console.text(), timeout=10000)
    assert buffer.editor.toPlainText() == ADD_WAT


def test_typed_arguments_survive_a_typo_and_fields_are_named(qtbot, make_window):
    from PySide6.QtWidgets import QLabel

    window = make_window()
    window.show()
    qtbot.waitExposed(window)
    buffer = window.editor.files.new_file(ADD_WAT)
    qtbot.waitUntil(lambda: window.debugger.run_bar.current_export() is not None, timeout=5000)
    labels = [w.text() for w in window.debugger.run_bar.args_box.findChildren(QLabel)]
    assert labels[:2] == ["$a", "$b"]  # named as the source names them, not p0, p1
    window.debugger.run_bar.set_arguments(["2", "40"])
    buffer.editor.setPlainText(ADD_WAT.replace("i32.add", "i32.addd"))  # a typo on the way
    qtbot.waitUntil(lambda: window.debugger.run_bar.current_export() is None, timeout=5000)
    picker = window.debugger.run_bar.picker
    assert picker.currentText() == "(fix the problems to run)"
    needed = picker.fontMetrics().horizontalAdvance(picker.currentText())
    qtbot.waitUntil(lambda: picker.width() >= needed, timeout=3000)  # readable, not "(fix the problems to ru" (after the bar's layout)
    assert not window.commands.action("run").isEnabled()
    assert "the code has problems: fix them (see Problems) to run" in window.commands.action("run").toolTip()
    assert window.docks["problems"].isVisible() and not window.docks["problems"].visibleRegion().isEmpty()  # in front
    assert window.editor.problems.currentItem() is window.editor.problems.topLevelItem(0)
    assert "i32.addd" in window.editor.problems.topLevelItem(0).text(2)
    buffer.editor.setPlainText(ADD_WAT)
    qtbot.waitUntil(lambda: window.debugger.run_bar.current_export() is not None, timeout=5000)
    assert window.debugger.run_bar.arguments() == ["2", "40"]


def test_a_bad_argument_names_its_parameter(qtbot, make_window):
    window = make_window()
    window.editor.files.new_file(ADD_WAT)
    qtbot.waitUntil(lambda: window.debugger.run_bar.current_export() is not None, timeout=5000)
    window.debugger.run_bar.set_arguments(["2", "forty"])
    with qtbot.waitSignal(window.debugger.bridge.snapshotReady, timeout=5000):
        assert window.commands.trigger("run")
    assert "$b: cannot read 'forty' as i32: expected an integer" in window.console.text()


def test_a_type_error_says_what_was_expected_and_found(qtbot, make_window):
    """Issue 12, bug 6: "type mismatch (at local.set)" said neither what was expected nor what was found."""
    window = make_window()
    window.show()
    window.editor.files.new_file(ADD_WAT.replace("local.get $b\n", "local.get $b\n    i64.const 1\n    drop\n    i64.const 2\n"))
    qtbot.waitUntil(lambda: window.editor.problems.problem_count() > 0, timeout=5000)
    message = window.editor.problems.topLevelItem(0).text(2)
    assert "type mismatch: expected i32 but found i64" in message and "i32.add" in message
