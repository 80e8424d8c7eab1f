"""The main window: files, live checking, samples, autosave, commands, sessions, bytecode."""

from __future__ import annotations

import sys

import pytest
from PySide6.QtCore import QSettings

from playground.workbench.samples import describe_sample, sample_entries
from playground.ui.screenshot import FIB_WAT, demo_memory, demo_snapshot

ADD_WAT = """(module
  (func $add (export "add") (param $a i32) (param $b i32) (result i32)
    local.get $a
    local.get $b
    i32.add))
"""

def parser_available() -> bool:
    try:
        import playground.wasm.text.parse  # noqa: F401
    except ImportError:
        return False
    return True


needs_parser = pytest.mark.skipif(not parser_available(), reason="the WAT parser (playground.wasm.text.parse) is not built yet")


def _binary_engine_available() -> bool:
    try:
        import playground.wasm.binary.decode  # noqa: F401
        import playground.wasm.binary.encode  # noqa: F401
    except ImportError:
        return False
    return True


needs_binary = pytest.mark.skipif(not _binary_engine_available(), reason="the binary encoder/decoder is not built yet")


def wait_checked(qtbot, window, buffer):
    qtbot.waitUntil(lambda: buffer.result is not None, timeout=5000)


def test_window_opens(make_window):
    window = make_window()
    window.show()
    assert window.windowTitle() == "wasm-playground"
    assert window.isVisible()
    assert set(window.docks) >= {"stack", "callstack", "locals", "globals", "labels", "console", "problems", "memory", "bytecode"}


def test_open_file_adds_a_tab(make_window, tmp_path):
    source = tmp_path / "hello.wat"
    source.write_text("(module)\n")
    window = make_window()
    buffer = window.open_file(source)
    assert window.tabs.count() == 1
    assert window.tabs.tabText(0) == "hello.wat"
    assert buffer.language == "wat"
    assert window.open_file(source) is buffer  # opening again switches to it
    assert window.files.recent_files()[0] == source.resolve()


def test_open_missing_file_reports_in_console(make_window, tmp_path):
    window = make_window()
    assert window.open_file(tmp_path / "missing.wat") is None
    assert "cannot open" in window.console.text()


@needs_parser
def test_live_check_underlines_a_typo(qtbot, make_window):
    window = make_window()
    buffer = window.files.new_file(ADD_WAT.replace("i32.add", "i32.addd"))
    qtbot.waitUntil(lambda: window.problems.problem_count() == 1, timeout=5000)
    diagnostic = buffer.editor.diagnostics[0]
    assert "i32.addd" in diagnostic.message or "unknown operator" in diagnostic.message
    assert diagnostic.span.line == 5
    buffer.editor.moveCursor(buffer.editor.textCursor().MoveOperation.Start)
    window.problems._clicked(window.problems.topLevelItem(0))
    assert buffer.editor.textCursor().blockNumber() == 4  # the Problems click jumped to the line
    buffer.editor.setPlainText(ADD_WAT)  # fixed: the problem goes away after the debounce
    qtbot.waitUntil(lambda: window.problems.problem_count() == 0, timeout=5000)
    assert [s.name for s in window.run_bar.exports] == ["add"]


def test_samples_menu_lists_the_samples(make_window):
    window = make_window()
    entries = sample_entries()
    actions = [a for a in window.samples_menu.actions() if a.data()]
    assert len(actions) == len(entries)
    for action, entry in zip(actions, entries):
        assert action.text().startswith(entry.name)
        if entry.description:
            assert entry.description in action.text()


def test_sample_descriptions(tmp_path):
    wat = tmp_path / "a.wat"
    wat.write_text(";; Adds two numbers\n(module)\n")
    wgsl = tmp_path / "b.wgsl"
    wgsl.write_text("// Doubles a buffer\n")
    plain = tmp_path / "c.wat"
    plain.write_text("(module)\n")
    assert describe_sample(wat) == "Adds two numbers"
    assert describe_sample(wgsl) == "Doubles a buffer"
    assert describe_sample(plain) == ""


def test_sample_descriptions_are_whole_sentences(tmp_path):
    wrapped = tmp_path / "w.wat"
    wrapped.write_text(";; A filter on a\n;; grayscale image, in two versions:\n;;   f(x)  one at a time\n(module)\n")
    assert describe_sample(wrapped) == "A filter on a grayscale image, in two versions"  # not cut after "on a"
    long = tmp_path / "l.wgsl"
    long.write_text("// " + " ".join(["word"] * 60) + ".\n")
    short = describe_sample(long, limit=40)
    assert short.endswith("…") and len(short) <= 40 and short[:-1].split() == ["word"] * len(short[:-1].split())


def test_opening_a_sample_keeps_the_shipped_file(make_window, tmp_path):
    from playground.workbench.samples import SampleEntry

    sample = tmp_path / "s.wat"
    sample.write_text(";; demo\n(module)\n")
    window = make_window()
    buffer = window.files.open_sample(SampleEntry(sample, "demo"))
    assert buffer.path is None and buffer.title == "s.wat"  # Save asks where


def test_opening_the_same_sample_twice_switches_to_its_tab_until_it_is_edited(make_window):
    window = make_window()
    window.files.new_file()
    actions = {a.data(): a for a in window.samples_menu.actions() if a.data()}
    fib = next(path for path in actions if path.endswith("fib.wat"))
    actions[fib].trigger()
    first = window.current_buffer()
    window.tabs.setCurrentIndex(0)
    actions[fib].trigger()  # the menu again: the same tab comes forward
    assert window.tabs.count() == 2 and window.current_buffer() is first
    first.editor.insertPlainText(";; mine\n")
    actions[fib].trigger()  # an edited copy stays; the sample opens afresh beside it
    assert window.tabs.count() == 3 and window.current_buffer() is not first
    assert not window.current_buffer().modified


def test_a_restored_file_is_the_tab_that_opening_the_file_finds(make_window, tmp_path):
    from playground.workbench.autosave import AutosavedBuffer

    source = tmp_path / "hello.wat"
    source.write_text("(module)\n")
    window = make_window()
    spelled = str(tmp_path / "sub" / ".." / "hello.wat")  # the path as it was recorded, not resolved
    (tmp_path / "sub").mkdir()
    [restored] = window.files.restore([AutosavedBuffer("id1", "hello.wat", spelled, "wat", "(module) ;; edited\n", 0.0)])
    assert window.open_file(source) is restored and window.tabs.count() == 1


def test_autosave_and_restore(qtbot, tmp_path, settings):
    from playground.ui.main_window import MainWindow

    data = tmp_path / "data"
    first = MainWindow(settings=settings, data_dir=data, restore="never")
    qtbot.addWidget(first)
    first.files.ask_unsaved = lambda titles: "discard"
    buffer = first.files.new_file("(module) ;; unsaved work\n")
    buffer.editor.insertPlainText(";; more\n")
    assert first.files.autosave_now() == 1
    first.autosave_timer.stop()  # ... and the process dies here, without closing
    second = MainWindow(settings=QSettings(str(tmp_path / "s2.ini"), QSettings.Format.IniFormat), data_dir=data, restore="always")
    qtbot.addWidget(second)
    second.files.ask_unsaved = lambda titles: "discard"
    second.autosave_timer.stop()
    restored = list(second.buffers.values())
    assert len(restored) == 1
    assert restored[0].editor.toPlainText() == buffer.editor.toPlainText()
    assert restored[0].modified
    second.files.ask_save_path = lambda suggested, caption: str(tmp_path / "kept.wat")
    assert second.files.save(restored[0])
    assert (tmp_path / "kept.wat").read_text() == buffer.editor.toPlainText()
    assert second.autosave.pending() == []  # saved: nothing left to offer


def test_close_with_unsaved_changes_asks(make_window):
    window = make_window()
    window.show()
    buffer = window.files.new_file()
    buffer.editor.insertPlainText("x")
    asked = []
    window.files.ask_unsaved = lambda titles: asked.append(titles) or "cancel"
    assert not window.close()
    assert window.isVisible() and asked == [[buffer.title]]
    window.files.ask_unsaved = lambda titles: "discard"
    assert window.close()


def test_command_registry_shortcuts(make_window):
    window = make_window()
    reg = window.commands
    assert reg.shortcut("continue") == "F5"
    assert reg.shortcut("step_over") == "F10"
    assert reg.shortcut("step_into") == "F11"
    assert reg.shortcut("step_out") == "Shift+F11"
    assert reg.find_by_shortcut("F10").id == "step_over"
    for command_id in ("run", "debug", "continue", "step_over", "step_into", "step_out", "step_back", "stop"):
        assert reg.action(command_id) in window.run_bar.actions()
    with pytest.raises(ValueError):
        reg.add_command("run", "&Run", "Run again", lambda: None)
    assert not reg.action("step_over").isEnabled()  # no session yet
    assert "debugger" in reg.action("step_over").toolTip()
    assert reg.shortcut("step_back") == "Ctrl+Shift+F11" and reg.shortcut("step_back_over") == "Ctrl+Shift+F10"


def test_snapshot_renders_everywhere(make_window):
    window = make_window()
    buffer = window.files.make_buffer(FIB_WAT, title="fib.wat", language="wat")
    window.add_buffer(buffer)
    window.session_buffer = buffer
    window.memory.set_source(demo_memory())
    window.show_snapshot(demo_snapshot(FIB_WAT))
    assert window.session_label.text() == "Paused at $fib+28"
    assert buffer.editor.highlighted_text() == "i32.add"
    assert window.stack_panel.rows()[0] == ("pushed", "i32", "0")
    assert window.callstack.count() == 3
    assert window.locals_panel.texts() == [["$n (param)", "i32", "1"]]
    assert window.globals_panel.texts() == [["$calls", "mut i32", "5"]]
    assert window.memory.model.is_changed(16) and not window.memory.model.is_changed(20)
    window.stack_panel.set_hex(True)
    assert window.locals_panel.texts()[0][2] == "0x00000001"


def test_status_texts():
    from playground.debug.snapshot import Snapshot
    from playground.ui.main_window import MainWindow
    from playground.workbench.program import value_view
    from playground.wasm.types import ValType

    assert MainWindow.describe_state(Snapshot(0, "ready")) == "Ready"
    assert MainWindow.describe_state(Snapshot(0, "running")) == "Running…"
    assert MainWindow.describe_state(Snapshot(0, "trapped", message="trap: integer divide by zero")) == "Trapped: integer divide by zero"
    finished = Snapshot(0, "finished", results=(value_view(ValType.I32, 8),))
    assert MainWindow.describe_state(finished) == "Finished: 8"


def _runtime_available() -> bool:
    try:
        import playground.wasm.runtime  # noqa: F401
    except ImportError:
        return False
    return parser_available()


@pytest.mark.skipif(not _runtime_available(), reason="the interpreter (playground.wasm.runtime) is not built yet")
def test_run_to_completion(qtbot, make_window):
    window = make_window()
    buffer = window.files.new_file(ADD_WAT)
    qtbot.waitUntil(lambda: window.run_bar.current_export() is not None, timeout=5000)
    window.run_bar.set_arguments(["40", "2"])
    assert window.commands.trigger("run")
    qtbot.waitUntil(lambda: window.session_state == "finished", timeout=10000)
    assert window.session_label.text() == "Finished: 42"
    assert "add(40, 2) = 42" in window.console.text()
    window.run_bar.set_arguments(["x", "2"])
    window.commands.trigger("run")
    qtbot.waitUntil(lambda: "'x' is not an integer" in window.console.text(), timeout=10000)
    assert buffer.editor.toPlainText() == ADD_WAT


@needs_parser
@needs_binary
def test_bytecode_follows_the_editor_and_back(qtbot, make_window, tmp_path):
    window = make_window()
    buffer = window.files.new_file(ADD_WAT)
    qtbot.waitUntil(lambda: buffer.result is not None and buffer.result.binary is not None, timeout=5000)
    titles = window.bytecode.section_titles()
    assert titles[0].startswith("Type") and any(t.startswith("Code") for t in titles)
    cursor = buffer.editor.textCursor()
    cursor.setPosition(ADD_WAT.index("i32.add") + 2)
    buffer.editor.setTextCursor(cursor)
    offset, length = window.bytecode.model._marked[0], window.bytecode.model._marked[1] - window.bytecode.model._marked[0]
    assert buffer.result.binary[offset] == 0x6A and length == 1  # i32.add's opcode
    local_get = buffer.result.binary.index(bytes([0x20, 0x01]))  # local.get $b
    ref = window.bytecode.select_offset(local_get + 1)
    assert ref is not None
    assert buffer.editor.textCursor().selectedText() == "local.get $b"
    assembled = tmp_path / "add.wasm"
    assembled.write_bytes(buffer.result.binary)
    wasm = window.open_file(assembled)
    assert wasm.language == "wasm" and wasm.editor.isReadOnly()
    assert window.bytecode.data == assembled.read_bytes()
    if wasm.line_map:  # the disassembler is there: lines and bytes follow each other
        window.bytecode.select_offset(local_get + 1)
        assert wasm.editor.textCursor().selectedText().startswith("local.get")
        line = wasm.line_map[(0, 2)]  # i32.add
        cursor = wasm.editor.textCursor()
        cursor.setPosition(wasm.editor.document().findBlockByNumber(line - 1).position())
        wasm.editor.setTextCursor(cursor)
        marked = window.bytecode.model._marked
        assert wasm.binary[marked[0]] == 0x6A


def test_excepthook_keeps_buffers_and_shows_a_dialog(make_window, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from playground.ui.app import install_excepthook

    window = make_window()
    buffer = window.files.new_file("(module) ;; precious\n")
    buffer.editor.insertPlainText(";; edit\n")
    shown = []
    monkeypatch.setattr(QMessageBox, "critical", lambda *args: shown.append(args[2]))
    saved_hook, saved_thread_hook = sys.excepthook, __import__("threading").excepthook
    try:
        install_excepthook(window)
        try:
            raise RuntimeError("boom")
        except RuntimeError:
            sys.excepthook(*sys.exc_info())
    finally:
        sys.excepthook = saved_hook
        __import__("threading").excepthook = saved_thread_hook
    assert shown and "boom" in shown[0]
    assert [e.text for e in window.autosave.pending()] == [buffer.editor.toPlainText()]
    assert "RuntimeError: boom" in (window.data_dir / "errors.log").read_text()


def test_layout_is_remembered(qtbot, make_window, settings):
    first = make_window()
    first.show()
    first.docks["globals"].hide()
    assert first.close()
    second = make_window(settings=settings)
    second.show()
    assert not second.docks["globals"].isVisible()
    assert second.docks["stack"].isVisible()


@needs_parser
@needs_binary
def test_annotated_mode_explains_every_byte(qtbot, make_window):
    window = make_window()
    buffer = window.files.new_file(ADD_WAT)
    qtbot.waitUntil(lambda: buffer.result is not None and buffer.result.binary is not None, timeout=5000)
    window.bytecode.annotated_button.setChecked(True)
    assert window.bytecode.pages.currentWidget() is window.bytecode.annotated
    rows = window.bytecode.annotated_rows()
    assert rows[0] == (0, "WASM_BINARY_MAGIC") and (0, 'section "code" (10)') in rows
    assert (2, "i32.add") in rows and (3, "local index 1") in rows


@needs_parser
def test_typed_arguments_survive_a_typo_and_fields_are_named(qtbot, make_window):
    from PySide6.QtWidgets import QLabel

    window = make_window()
    buffer = window.files.new_file(ADD_WAT)
    qtbot.waitUntil(lambda: window.run_bar.current_export() is not None, timeout=5000)
    labels = [w.text() for w in window.run_bar.args_box.findChildren(QLabel)]
    assert labels[:2] == ["$a", "$b"]  # named as the source names them, not p0, p1
    window.run_bar.set_arguments(["2", "40"])
    buffer.editor.setPlainText(ADD_WAT.replace("i32.add", "i32.addd"))  # a typo on the way
    qtbot.waitUntil(lambda: window.run_bar.current_export() is None, timeout=5000)
    assert window.run_bar.picker.currentText() == "(fix the problems to run)"
    assert not window.commands.action("run").isEnabled()
    buffer.editor.setPlainText(ADD_WAT)
    qtbot.waitUntil(lambda: window.run_bar.current_export() is not None, timeout=5000)
    assert window.run_bar.arguments() == ["2", "40"]


@needs_parser
def test_a_bad_argument_names_its_parameter(qtbot, make_window):
    window = make_window()
    window.files.new_file(ADD_WAT)
    qtbot.waitUntil(lambda: window.run_bar.current_export() is not None, timeout=5000)
    window.run_bar.set_arguments(["2", "forty"])
    with qtbot.waitSignal(window.bridge.snapshotReady, timeout=5000):
        assert window.commands.trigger("run")
    assert "$b: 'forty' is not an integer" in window.console.text()


def test_a_normal_close_leaves_no_crash_copy_behind(make_window):
    window = make_window()
    window.show()
    buffer = window.files.new_file()
    buffer.editor.insertPlainText(";; x\n")
    assert window.files.autosave_now() == 1
    buffer.editor.undo()  # back to the text as it was: nothing unsaved, so closing asks nothing
    assert not buffer.modified
    assert window.close()
    assert window.autosave.pending() == []  # the next start does not claim a crash


def test_the_view_menu_switches_the_palette_and_remembers_it(make_window, settings):
    from PySide6.QtGui import QPalette
    from PySide6.QtWidgets import QApplication

    window = make_window()
    buffer = window.files.new_file()
    light = window.dark
    try:
        assert window.commands.trigger("dark_palette")
        assert window.dark is not light and buffer.editor.dark is window.dark
        assert window.commands.action("dark_palette").isChecked() is window.dark
        background = QApplication.instance().palette().color(QPalette.ColorRole.Window)
        assert (background.lightness() < 100) is window.dark
        again = make_window(settings=settings)  # the next start keeps the choice
        assert again.dark is window.dark
    finally:
        window.set_dark(light)
