"""The main window opens (offscreen) and opens files into editor tabs."""

from __future__ import annotations

from playground.ui.main_window import MainWindow


def test_main_window_opens(qtbot):
    window = MainWindow()
    qtbot.addWidget(window)
    window.show()
    assert window.windowTitle() == "wasm-playground"
    assert window.isVisible()


def test_open_file_adds_a_tab(qtbot, tmp_path):
    source = tmp_path / "hello.wat"
    source.write_text("(module)\n")
    window = MainWindow()
    qtbot.addWidget(window)
    window.open_file(source)
    assert window.tabs.count() == 1
    assert window.tabs.tabText(0) == "hello.wat"
