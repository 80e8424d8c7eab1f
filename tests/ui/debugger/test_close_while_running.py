"""Closing a tab or the window while its program runs or waits for input: the worker ends first and stderr stays clean.

A worker that posted its last words to a deleted window printed PySide's
"Signal source has been deleted" traceback (session_bridge.py). Real widgets;
a worker thread's uncaught exception is printed on stderr here, as Python
does outside pytest, so `capfd` sees it.
"""

from __future__ import annotations

import sys
import threading
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, QEvent

sys.path.insert(0, str(Path(__file__).resolve().parent))

from debug_helpers import SAMPLES, TIMEOUT_MS, open_text  # noqa: E402

from playground.workbench.session_commands import Stop  # noqa: E402
from tests.workbench.wasi_programs import FIRST_LINE_THEN_SPIN  # noqa: E402


@pytest.fixture(autouse=True)
def thread_errors_on_stderr(monkeypatch):
    """A worker thread's uncaught exception is printed on stderr (pytest would turn it into a warning)."""
    monkeypatch.setattr(threading, "excepthook", threading.__excepthook__)


def waiting_for_input(qtbot, window):
    """rot13.wasm run in a tab, its read waiting for a line to be typed; returns the tab's controller."""
    buffer = window.open_file(SAMPLES / "c" / "rot13.wasm")
    qtbot.waitUntil(lambda: window.debugger.run_bar.current_export() is not None, timeout=TIMEOUT_MS)
    assert window.commands.trigger("run")
    qtbot.waitUntil(lambda: window.console.waiting, timeout=TIMEOUT_MS)
    return window.debugger.sessions[buffer].controller


def spinning(qtbot, window):
    """A WASI program that prints a line, then loops for ever; returns the tab's controller."""
    buffer = open_text(qtbot, window, FIRST_LINE_THEN_SPIN, "spin.wat")
    assert window.commands.trigger("run")
    qtbot.waitUntil(lambda: "first line" in window.console.text(), timeout=TIMEOUT_MS)
    assert window.debugger.busy
    return window.debugger.sessions[buffer].controller


def settle(qtbot) -> None:
    """Let any late news reach the event loop (and any late thread print its traceback)."""
    qtbot.wait(100)
    QCoreApplication.processEvents()


@pytest.mark.parametrize("start", [waiting_for_input, spinning], ids=["waiting-for-input", "running"])
def test_closing_the_tab_ends_its_worker_before_the_tab_goes(qtbot, make_window, capfd, start):
    window = make_window()
    window.show()
    controller = start(qtbot, window)
    assert window.close_tab(0)
    assert not controller._worker.is_alive()  # ended, not still ending
    settle(qtbot)
    assert capfd.readouterr().err == ""


@pytest.mark.parametrize("start", [waiting_for_input, spinning], ids=["waiting-for-input", "running"])
def test_closing_or_quitting_the_window_ends_its_workers_first(qtbot, make_window, capfd, start):
    window = make_window()
    window.show()
    controller = start(qtbot, window)
    assert window.commands.trigger("quit")  # File > Quit closes the window
    assert not window.isVisible() and not controller._worker.is_alive()
    settle(qtbot)
    assert capfd.readouterr().err == "" and "stopped after" not in window.console.text()


def test_a_window_deleted_without_closing_takes_no_late_news(qtbot, settings, tmp_path, capfd):
    """A lesson's quit ends the event loop without closing the window: its worker still waits for input
    when the window is deleted, and what it says when it ends reaches no deleted bridge."""
    from playground.ui.main_window import MainWindow

    window = MainWindow(settings=settings, data_dir=tmp_path / "data", restore="never", welcome=False)
    window.show()
    controller = waiting_for_input(qtbot, window)
    window.editor.files.autosave_timer.stop()
    window.deleteLater()
    QCoreApplication.sendPostedEvents(None, QEvent.Type.DeferredDelete)
    controller.send(Stop())  # the worker wakes up and says "stopped after ..."
    assert controller.wait(TIMEOUT_MS / 1000)
    controller.shutdown()
    settle(qtbot)
    assert capfd.readouterr().err == ""
