"""Help: Getting Started opens by itself the first time only; Keyboard Shortcuts lists the registry's keys (issue 12, bug 11)."""

from __future__ import annotations

from PySide6.QtGui import QKeySequence


def test_the_help_menu_has_more_than_about(make_window):
    window = make_window()
    titles = [a.text().replace("&", "") for a in window.commands.menu("&Help").actions() if a.text()]
    assert titles == ["Getting Started", "Keyboard Shortcuts", "About"]


def test_keyboard_shortcuts_come_from_the_registry(make_window):
    window = make_window()
    page = window.help.shortcuts()
    text = page.browser.toPlainText()
    for command_id in ("continue", "step_over", "step_into", "step_out", "step_back", "debug", "run", "stop"):
        command = window.commands.commands[command_id]
        keys = command.action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        assert keys and keys in text and command.caption.replace("&", "") in text, command_id
    assert text.index("Run") < text.index("Help")  # grouped by menu, in the menu bar's order
    assert not page.isModal() and page.isVisible()


def test_getting_started_opens_by_itself_the_first_time_only(qtbot, make_window, settings):
    first = make_window(welcome=True)
    first.show()
    qtbot.waitUntil(lambda: "start" in first.help.pages and first.help.pages["start"].isVisible(), timeout=3000)
    page = first.help.pages["start"]
    assert "Getting started" in page.browser.toPlainText() and "breakpoint" in page.browser.toPlainText()
    area = first.available_geometry()
    assert page.width() <= area.width() and page.height() <= area.height()
    second = make_window(welcome=True, settings=settings)
    second.show()
    qtbot.wait(50)
    assert "start" not in second.help.pages  # seen once: not again
    assert second.commands.trigger("getting_started") and second.help.pages["start"].isVisible()
