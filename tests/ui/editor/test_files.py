"""The editor feature's files: open, samples, live checking, autosave and its restore, closing with unsaved work."""

from __future__ import annotations

import pytest
from PySide6.QtCore import QSettings
from PySide6.QtTest import QTest

from playground.workbench.samples import sample_entries

COMPILE_MS = 180_000  # the first compile of a fresh machine builds zig's C library

ADD_WAT = """(module
  (func $add (export "add") (param $a i32) (param $b i32) (result i32)
    local.get $a
    local.get $b
    i32.add))
"""


def test_open_file_adds_a_tab(make_window, tmp_path):
    source = tmp_path / "hello.wat"
    source.write_text("(module)\n")
    window = make_window()
    buffer = window.open_file(source)
    assert window.tabs.count() == 1
    assert window.tabs.tabText(0) == "hello.wat"
    assert buffer.language == "wat"
    assert window.open_file(source) is buffer  # opening again switches to it
    assert window.editor.files.recent_files()[0] == source.resolve()


def test_open_missing_file_reports_in_console(make_window, tmp_path):
    window = make_window()
    assert window.open_file(tmp_path / "missing.wat") is None
    assert "cannot open" in window.console.text()


def test_live_check_underlines_a_typo(qtbot, make_window):
    window = make_window()
    buffer = window.editor.files.new_file(ADD_WAT.replace("i32.add", "i32.addd"))
    qtbot.waitUntil(lambda: window.editor.problems.problem_count() == 1, timeout=5000)
    diagnostic = buffer.editor.diagnostics[0]
    assert "i32.addd" in diagnostic.message or "unknown operator" in diagnostic.message
    assert diagnostic.span.line == 5
    buffer.editor.moveCursor(buffer.editor.textCursor().MoveOperation.Start)
    window.editor.problems._clicked(window.editor.problems.topLevelItem(0))
    assert buffer.editor.textCursor().blockNumber() == 4  # the Problems click jumped to the line
    buffer.editor.setPlainText(ADD_WAT)  # fixed: the problem goes away after the debounce
    qtbot.waitUntil(lambda: window.editor.problems.problem_count() == 0, timeout=5000)
    assert [s.name for s in window.debugger.run_bar.exports] == ["add"]


def sample_actions(menu) -> list:
    """The Samples menu's entries, its submenus' (WGSL, C) included, in menu order."""
    found = []
    for action in menu.actions():
        if action.menu() is not None:
            found += sample_actions(action.menu())
        elif action.data():
            found.append(action)
    return found


def test_samples_menu_lists_the_samples(make_window):
    window = make_window()
    entries = sample_entries()
    actions = {a.data(): a for a in sample_actions(window.editor.samples_menu)}
    assert sorted(actions) == sorted(str(e.path) for e in entries)
    for entry in entries:
        text = actions[str(entry.path)].text()
        assert text.startswith(entry.name)
        if entry.description:  # a C sample's "C: " goes: its submenu says so
            assert entry.description.removeprefix("C: ")[1:] in text


def choose_c_sample(qtbot, window, name: str):
    """Samples > C programs > `name`, as a user picks it; returns the tab it opened."""
    [action] = [a for a in sample_actions(window.editor.samples_menu) if a.data().endswith(f"/c/{name}")]
    action.trigger()
    buffer = window.current_buffer()
    assert buffer.language == "c" and buffer.title == name and buffer.path is None  # Save asks where
    assert buffer.editor.toPlainText() == buffer.sample.read_text(encoding="utf-8")  # the source, not its disassembly
    return buffer


def run_to_the_end(qtbot, window, printed: str) -> None:
    qtbot.waitUntil(lambda: window.debugger.run_bar.current_export() is not None, timeout=COMPILE_MS)
    assert window.commands.trigger("run")
    qtbot.waitUntil(lambda: window.debugger.session_state == "finished", timeout=COMPILE_MS)
    assert printed in window.console.text()


def test_a_c_sample_opens_its_source_in_a_c_tab_that_compiles_and_runs(qtbot, make_window):
    from playground.toolchain import available

    if not available():
        pytest.skip("the C toolchain (wasm-playground[c]) is not installed")
    window = make_window()
    buffer = choose_c_sample(qtbot, window, "hello.c")
    qtbot.waitUntil(lambda: buffer in window.c.builds, timeout=COMPILE_MS)  # compiled in the tab, with zig
    build = window.c.builds[buffer]
    assert build.ok and not build.prebuilt and build.source_map is not None  # debugged by C line
    run_to_the_end(qtbot, window, "Hello, WebAssembly from C!")


@pytest.fixture
def no_toolchain(monkeypatch):
    import playground.toolchain as toolchain
    from playground.ui.c import feature

    for module in (feature, toolchain):
        monkeypatch.setattr(module, "available", lambda: False)


def test_without_the_toolchain_a_c_sample_runs_the_wasm_shipped_beside_it(qtbot, make_window, no_toolchain):
    window = make_window()
    buffer = choose_c_sample(qtbot, window, "sort.c")  # built with its line table (// Build: -O0 -g)
    build = window.c.builds[buffer]
    assert build.prebuilt and build.wasm_path == buffer.sample.with_suffix(".wasm")
    run_to_the_end(qtbot, window, "3 7 8 11 19 25 30 42")


def test_without_the_toolchain_a_c_sample_without_line_table_opens_its_wasm(qtbot, make_window, no_toolchain):
    """hello.wasm is built -g0: a C tab could neither compile hello.c nor run its .wasm by C line; the .wasm opens."""
    window = make_window()
    [action] = [a for a in sample_actions(window.editor.samples_menu) if a.data().endswith("/c/hello.c")]
    action.trigger()
    buffer = window.current_buffer()
    assert buffer.language == "wasm" and buffer.title == "hello.wasm"
    assert "the C toolchain that compiles it in a C tab is not installed" in window.statusBar().currentMessage()
    run_to_the_end(qtbot, window, "Hello, WebAssembly from C!")


def test_opening_a_sample_keeps_the_shipped_file(make_window, tmp_path):
    from playground.workbench.samples import SampleEntry

    sample = tmp_path / "s.wat"
    sample.write_text(";; demo\n(module)\n")
    window = make_window()
    buffer = window.editor.files.open_sample(SampleEntry(sample, "demo"))
    assert buffer.path is None and buffer.title == "s.wat"  # Save asks where


def test_opening_the_same_sample_twice_switches_to_its_tab_until_it_is_edited(make_window):
    window = make_window()
    window.editor.files.new_file()
    actions = {a.data(): a for a in sample_actions(window.editor.samples_menu)}
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
    [restored] = window.editor.files.restore([AutosavedBuffer("id1", "hello.wat", spelled, "wat", "(module) ;; edited\n", 0.0)])
    assert window.open_file(source) is restored and window.tabs.count() == 1


def test_autosave_and_restore(qtbot, tmp_path, settings):
    from playground.ui.main_window import MainWindow

    data = tmp_path / "data"
    first = MainWindow(settings=settings, data_dir=data, restore="never")
    qtbot.addWidget(first)
    first.editor.files.ask_unsaved = lambda titles: "discard"
    buffer = first.editor.files.new_file("(module) ;; unsaved work\n")
    buffer.editor.insertPlainText(";; more\n")
    assert first.editor.files.autosave_now() == 1
    first.editor.files.autosave_timer.stop()  # ... and the process dies here, without closing
    second = MainWindow(settings=QSettings(str(tmp_path / "s2.ini"), QSettings.Format.IniFormat), data_dir=data, restore="always")
    qtbot.addWidget(second)
    second.editor.files.ask_unsaved = lambda titles: "discard"
    second.editor.files.autosave_timer.stop()
    restored = list(second.buffers.values())
    assert len(restored) == 1
    assert restored[0].editor.toPlainText() == buffer.editor.toPlainText()
    assert restored[0].modified
    second.editor.files.ask_save_path = lambda suggested, caption: str(tmp_path / "kept.wat")
    assert second.editor.files.save(restored[0])
    assert (tmp_path / "kept.wat").read_text() == buffer.editor.toPlainText()
    assert second.editor.files.autosave.pending() == []  # saved: nothing left to offer


def test_close_with_unsaved_changes_asks(make_window):
    window = make_window()
    window.show()
    buffer = window.editor.files.new_file()
    buffer.editor.insertPlainText("x")
    asked = []
    window.editor.files.ask_unsaved = lambda titles: asked.append(titles) or "cancel"
    assert not window.close()
    assert window.isVisible() and asked == [[buffer.title]]
    window.editor.files.ask_unsaved = lambda titles: "discard"
    assert window.close()


def test_a_normal_close_leaves_no_crash_copy_behind(make_window):
    window = make_window()
    window.show()
    buffer = window.editor.files.new_file()
    buffer.editor.insertPlainText(";; x\n")
    assert window.editor.files.autosave_now() == 1
    buffer.editor.undo()  # back to the text as it was: nothing unsaved, so closing asks nothing
    assert not buffer.modified
    assert window.close()
    assert window.editor.files.autosave.pending() == []  # the next start does not claim a crash


def test_a_closed_window_applies_no_late_check(make_window, qtbot):
    """A check still running when the window closes is dropped, not applied to a window that is gone."""
    window = make_window()
    buffer = window.editor.files.new_file("(module)\n")
    qtbot.waitUntil(lambda: buffer.result is not None)
    late = []
    window.bufferChecked.connect(late.append)
    buffer.checker.check_now("(module (func))\n")  # in flight on the thread pool ...
    window.close()  # ... when the window closes
    qtbot.wait(300)
    assert late == []


def test_a_window_closed_at_once_asks_no_restore_question(make_window, tmp_path):
    """The restore question comes up after the start; a window closed before it asks nothing, and keeps the copies."""
    from playground.workbench.autosave import AutosaveStore

    AutosaveStore(tmp_path / "data" / "autosave").save("id1", title="a.wat", path=None, language="wat", text="(module)")
    window = make_window(restore="ask")
    asked = []
    window.editor.files._ask_restore = asked.append
    window.close()
    QTest.qWait(50)
    assert asked == [] and [e.title for e in window.editor.files.autosave.pending()] == ["a.wat"]
