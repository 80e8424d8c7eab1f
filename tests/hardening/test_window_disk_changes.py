"""A file changed on disk while open is noticed: a clean tab is offered a reload, a tab with edits keeps them and says so."""

from __future__ import annotations

import pytest


@pytest.fixture
def window(qtbot, tmp_path):
    from PySide6.QtCore import QSettings

    from playground.ui.main_window import MainWindow

    window = MainWindow(settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat),
                        data_dir=tmp_path / "data", restore="never", welcome=False)
    qtbot.addWidget(window)
    window.editor.files.ask_unsaved = lambda titles: "discard"
    yield window
    window.editor.files.autosave_timer.stop()


def test_a_clean_tab_reloads_after_a_yes(window, qtbot, tmp_path):
    path = tmp_path / "a.wat"
    path.write_text("(module)\n")
    buffer = window.open_file(path)
    asked = []
    window.editor.files.disk.ask_reload = lambda b: asked.append(b) or True
    path.write_text("(module (func))\n")  # another program writes the file
    qtbot.waitUntil(lambda: buffer.editor.toPlainText() == "(module (func))\n", timeout=10_000)
    assert asked == [buffer] and not buffer.modified
    assert window.statusBar().currentMessage() == "Reloaded a.wat: it changed on disk"
    path.write_text("(module (memory 1))\n")  # still watched after the first change
    qtbot.waitUntil(lambda: buffer.editor.toPlainText() == "(module (memory 1))\n", timeout=10_000)


def test_a_no_keeps_the_older_text(window, tmp_path):
    path = tmp_path / "b.wat"
    path.write_text("(module)\n")
    buffer = window.open_file(path)
    window.editor.files.disk.ask_reload = lambda b: False
    path.write_text("(module (func))\n")
    assert window.editor.files.disk.check(path.resolve()) == "kept"
    assert buffer.editor.toPlainText() == "(module)\n"


def test_a_tab_with_unsaved_edits_keeps_them_and_says_the_file_changed(window, qtbot, tmp_path):
    path = tmp_path / "c.wat"
    path.write_text("(module)\n")
    buffer = window.open_file(path)
    window.editor.files.disk.ask_reload = lambda b: pytest.fail("a modified tab must not be reloaded")
    qtbot.keyClicks(buffer.editor, ";; mine")
    path.write_text("(module (func))\n")
    qtbot.waitUntil(lambda: bool(window.editor.files.disk.notices), timeout=10_000)
    [notice] = window.editor.files.disk.notices
    assert notice.startswith("c.wat changed on disk while this tab has unsaved edits; the edits are kept.")
    assert buffer.modified and ";; mine" in buffer.editor.toPlainText()
    assert notice in window.console.view.toPlainText()


def test_our_own_save_is_not_a_change_and_a_deletion_is_reported(window, qtbot, tmp_path):
    path = tmp_path / "d.wat"
    path.write_text("(module)\n")
    buffer = window.open_file(path)
    window.editor.files.disk.ask_reload = lambda b: pytest.fail("our own save is not a change")
    qtbot.keyClicks(buffer.editor, ";; saved")
    assert window.editor.files.save(buffer)
    assert window.editor.files.disk.check(path.resolve()) == "same"
    qtbot.wait(300)
    assert window.editor.files.disk.notices == []
    path.unlink()
    assert window.editor.files.disk.check(path.resolve()) == "deleted"
    assert "d.wat was deleted on disk" in window.editor.files.disk.notices[-1]
