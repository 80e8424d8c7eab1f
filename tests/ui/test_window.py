"""The window's core: its docks and menus, the command registry, the palette, the layout, the crash hook.

The features have their own folders: editor/, debugger/, gpu/, demos/.
"""

from __future__ import annotations

import sys

import pytest


def test_window_opens(make_window):
    window = make_window()
    window.show()
    assert window.windowTitle() == "wasm-playground"
    assert window.isVisible()
    assert set(window.docks) >= {"stack", "callstack", "locals", "globals", "labels", "console", "problems", "memory", "bytecode"}


def test_command_registry_shortcuts(make_window):
    window = make_window()
    reg = window.commands
    assert reg.shortcut("continue") == "F5"
    assert reg.shortcut("step_over") == "F10"
    assert reg.shortcut("step_into") == "F11"
    assert reg.shortcut("step_out") == "Shift+F11"
    assert reg.find_by_shortcut("F10").id == "step_over"
    for command_id in ("run", "debug", "continue", "step_over", "step_into", "step_out", "step_back", "stop"):
        assert reg.action(command_id) in window.debugger.command_bar.actions()
    with pytest.raises(ValueError):
        reg.add_command("run", "&Run", "Run again", lambda: None)
    assert not reg.action("step_over").isEnabled()  # no session yet
    assert "debugger" in reg.action("step_over").toolTip()
    assert reg.shortcut("step_back") == "Ctrl+Shift+F11" and reg.shortcut("step_back_over") == "Ctrl+Shift+F10"


def test_excepthook_keeps_buffers_and_shows_a_dialog(make_window, monkeypatch):
    from PySide6.QtWidgets import QMessageBox

    from playground.ui.app import install_excepthook

    window = make_window()
    buffer = window.editor.files.new_file("(module) ;; precious\n")
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
    assert [e.text for e in window.editor.files.autosave.pending()] == [buffer.editor.toPlainText()]
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


def test_the_view_menu_switches_the_palette_and_remembers_it(make_window, settings):
    from PySide6.QtGui import QPalette
    from PySide6.QtWidgets import QApplication

    window = make_window()
    buffer = window.editor.files.new_file()
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


def test_menus_in_order(make_window):
    window = make_window()
    titles = [action.text() for action in window.menuBar().actions()]
    assert titles == ["&File", "&Edit", "&Samples", "&Run", "&View", "&GPU", "&Demos", "&Help"]
    assert {"gpu_runner", "gpu_dispatch", "demo_compare", "demo_image", "demo_digits"} <= set(window.commands.commands)


def test_the_registry_places_menus_by_their_order_and_reports_failing_handlers(qtbot):
    from PySide6.QtWidgets import QMainWindow

    from playground.errors import PlaygroundError
    from playground.ui.command_registry import CommandRegistry

    window = QMainWindow()
    qtbot.addWidget(window)
    errors = []
    reg = CommandRegistry(window, menu_order=("&File", "&Run", "&Help"), on_error=errors.append)
    reg.menu("&Help")
    reg.menu("&Run")  # mentioned after Help, placed before it
    reg.menu("&Extra")  # not in the order: before the last ordered menu
    reg.menu("&File")
    assert [a.text() for a in window.menuBar().actions()] == ["&File", "&Run", "&Extra", "&Help"]

    def fail():
        raise PlaygroundError("nothing to do")

    state = {"on": False}
    reg.add_command("fail", "&Run", "&Fail", fail, tester=lambda: True)
    reg.add_command("later", "&Run", "&Later", lambda: None, tester=lambda: state["on"])
    assert not reg.action("later").isEnabled()
    state["on"] = True
    assert reg.trigger("fail")  # it ran, failed, and every predicate was asked again
    assert [str(e) for e in errors] == ["nothing to do"] and reg.action("later").isEnabled()


def test_views_of_each_feature_are_listed_in_the_view_menu_and_reset_brings_them_back(make_window):
    window = make_window()
    window.show()
    toggles = {a.text() for a in window.commands.menu("&View").actions()}
    assert {"Console", "Problems", "Operand stack", "Memory", "Bytecode", "Run"} <= toggles
    window.docks["problems"].hide()
    window.debugger.run_bar.hide()
    assert window.commands.trigger("reset_layout")
    assert window.docks["problems"].isVisible() and window.debugger.run_bar.isVisible()
