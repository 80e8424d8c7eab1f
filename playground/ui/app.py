"""Start the Qt application and the main window."""

from __future__ import annotations

import sys
from typing import Sequence

from playground.errors import PlaygroundError


class NoDisplayError(PlaygroundError):
    """Qt cannot open a window on this machine."""


def create_application(argv: Sequence[str] = ()):
    """The QApplication, created once (tests reuse pytest-qt's)."""
    from PySide6.QtWidgets import QApplication

    app = QApplication.instance()
    if app is None:
        app = QApplication(["wasm-playground", *argv])
        app.setApplicationName("wasm-playground")
        app.setOrganizationName("wasm-playground")
    return app


def run_gui(files: Sequence[str] = ()) -> int:
    """Open the main window with `files` loaded and run the event loop."""
    from playground.ui.display import display_problem

    problem = display_problem()
    if problem:
        raise NoDisplayError(problem)
    app = create_application()
    from playground.ui.main_window import MainWindow

    window = MainWindow()
    for path in files:
        window.open_file(path)
    window.show()
    return app.exec()


if __name__ == "__main__":
    sys.exit(run_gui(sys.argv[1:]))
