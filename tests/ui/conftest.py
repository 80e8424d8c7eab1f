"""Fixtures for the window tests: private settings and data folders, a window."""

from __future__ import annotations

import pytest


@pytest.fixture
def settings(tmp_path):
    from PySide6.QtCore import QSettings

    return QSettings(str(tmp_path / "settings.ini"), QSettings.Format.IniFormat)


@pytest.fixture
def make_window(qtbot, settings, tmp_path):
    """A MainWindow factory with its own settings and data folder, closed without questions at the end."""
    from playground.ui.main_window import MainWindow

    windows = []

    def make(**kwargs):
        kwargs.setdefault("settings", settings)
        kwargs.setdefault("data_dir", tmp_path / "data")
        kwargs.setdefault("restore", "never")
        kwargs.setdefault("welcome", False)
        window = MainWindow(**kwargs)
        qtbot.addWidget(window)
        window.editor.files.ask_unsaved = lambda titles: "discard"
        windows.append(window)
        return window

    yield make
    for window in windows:
        window.editor.files.autosave_timer.stop()

