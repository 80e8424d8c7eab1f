"""A file changed on disk while open is noticed: a clean tab is offered a reload, a tab with edits keeps them and says so."""

from __future__ import annotations

import pytest

from ui.conftest import make_window, settings  # noqa: F401 - the window tests' fixtures (tests/ui/conftest.py)


@pytest.fixture
def window(make_window):
    return make_window()


def test_a_clean_tab_reloads_after_a_yes(window, qtbot, tmp_path):
    path = tmp_path / "a.wat"
    buffer = opened(window, path)
    asked = []
    window.editor.files.disk.ask_reload = lambda b: asked.append(b) or True
    path.write_text("(module (func))\n")  # another program writes the file
    qtbot.waitUntil(lambda: buffer.editor.toPlainText() == "(module (func))\n", timeout=10_000)
    assert asked == [buffer] and not buffer.modified
    assert window.statusBar().currentMessage() == "Reloaded a.wat: it changed on disk"
    path.write_text("(module (memory 1))\n")  # still watched after the first change
    qtbot.waitUntil(lambda: buffer.editor.toPlainText() == "(module (memory 1))\n", timeout=10_000)


def opened(window, path):
    """A file of "(module)" opened in the window."""
    path.write_text("(module)\n")
    return window.open_file(path)


def test_a_no_keeps_the_older_text(window, tmp_path):
    path = tmp_path / "b.wat"
    buffer = opened(window, path)
    window.editor.files.disk.ask_reload = lambda b: False
    path.write_text("(module (func))\n")
    assert window.editor.files.disk.check(path.resolve()) == "kept"
    assert buffer.editor.toPlainText() == "(module)\n"


def test_a_tab_with_unsaved_edits_keeps_them_and_says_the_file_changed(window, qtbot, tmp_path):
    path = tmp_path / "c.wat"
    buffer = opened(window, path)
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
    buffer = opened(window, path)
    window.editor.files.disk.ask_reload = lambda b: pytest.fail("our own save is not a change")
    qtbot.keyClicks(buffer.editor, ";; saved")
    assert window.editor.files.save(buffer)
    assert window.editor.files.disk.check(path.resolve()) == "same"
    qtbot.wait(300)
    assert window.editor.files.disk.notices == []
    path.unlink()
    assert window.editor.files.disk.check(path.resolve()) == "deleted"
    assert "d.wat was deleted on disk" in window.editor.files.disk.notices[-1]


def test_a_closed_window_asks_nothing(window, qtbot, tmp_path):
    """A change seen just before the window closed, and one after, ask no question of the closed window."""
    path = tmp_path / "e.wat"
    buffer = opened(window, path)
    asked = []
    window.editor.files.disk.ask_reload = lambda b: asked.append(b) or True
    path.write_text("(module (func))\n")
    qtbot.wait(20)  # the watcher has heard it: its look at the file is 100 ms away ...
    assert window.close()  # ... when the window closes
    path.write_text("(module (memory 1))\n")
    qtbot.wait(600)
    assert asked == [] and window.editor.files.disk.notices == []
    assert buffer.editor.toPlainText() == "(module)\n"
