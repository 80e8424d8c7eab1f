"""Helpers for the window's debugger tests: open a sample, click the gutter, run a command and wait for its stop."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QPoint, Qt

SAMPLES = Path(__file__).resolve().parents[3] / "samples"
TIMEOUT_MS = 10000


def open_text(qtbot, window, text: str, title: str = "test.wat"):
    """A WAT buffer with `text`, checked (its exports known)."""
    buffer = window.editor.files.make_buffer(text, title=title, language="wat")
    window.add_buffer(buffer)
    qtbot.waitUntil(lambda: window.debugger.run_bar.current_export() is not None, timeout=TIMEOUT_MS)
    return buffer


def open_sample(qtbot, window, name: str):
    return open_text(qtbot, window, (SAMPLES / name).read_text(encoding="utf-8"), name)


def click_gutter(qtbot, editor, line: int) -> None:
    """A real mouse click in the breakpoint column of `line`."""
    block = editor.document().findBlockByNumber(line - 1)
    geometry = editor.blockBoundingGeometry(block).translated(editor.contentOffset())
    qtbot.mouseClick(editor.gutter, Qt.MouseButton.LeftButton, pos=QPoint(4, int(geometry.center().y())))


def command(qtbot, window, name: str, *, timeout: int = TIMEOUT_MS):
    """Trigger a window command and wait for the stop it causes; returns the new snapshot."""
    with qtbot.waitSignal(window.debugger.bridge.snapshotReady, timeout=timeout):
        assert window.commands.trigger(name), f"{name} is disabled (state {window.debugger.session_state})"
    qtbot.waitUntil(lambda: not window.debugger.controller.busy, timeout=timeout)
    return window.debugger.last_snapshot


def call(qtbot, window, fn, *args, timeout: int = TIMEOUT_MS):
    """Call a controller method (or any callable) and wait for the stop it causes."""
    with qtbot.waitSignal(window.debugger.bridge.snapshotReady, timeout=timeout):
        fn(*args)
    qtbot.waitUntil(lambda: not window.debugger.controller.busy, timeout=timeout)
    return window.debugger.last_snapshot


def debug(qtbot, window, export: str, args: list[str]):
    """Pick the export, type its arguments, press Debug; returns the first stop."""
    assert window.debugger.run_bar.select_export(export)
    window.debugger.run_bar.set_arguments(args)
    return command(qtbot, window, "debug")
