"""Start the Qt application and the main window; keep uncaught errors from reaching the user as tracebacks."""

from __future__ import annotations

import logging
import sys
import threading
import traceback
from pathlib import Path
from typing import Sequence

from playground.errors import PlaygroundError

log = logging.getLogger("playground.ui")


class NoDisplayError(PlaygroundError):
    """Qt cannot open a window on this machine."""


def create_application(argv: Sequence[str] = ()):
    """The QApplication, created once (tests reuse pytest-qt's), high-DPI friendly, themed after the system."""
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QIcon
    from PySide6.QtWidgets import QApplication

    from playground.ui.theme import apply_theme

    app = QApplication.instance()
    if app is None:
        # Fractional scale factors (150 %) as the system asks, not rounded to whole numbers.
        QGuiApplication.setHighDpiScaleFactorRoundingPolicy(Qt.HighDpiScaleFactorRoundingPolicy.PassThrough)
        app = QApplication(["wasm-playground", *argv])
        # The one place these names are set: QSettings() (~/.config/wasm-playground/) and
        # QStandardPaths' AppDataLocation (autosaves, the error log) are derived from them.
        app.setApplicationName("wasm-playground")
        app.setOrganizationName("wasm-playground")
        app.setApplicationDisplayName("wasm-playground")
        # Ties the windows to packaging/wasm-playground.desktop (Wayland's app id, X11's WM_CLASS)
        # and takes the icon install-desktop.sh put in the icon theme, when it is installed.
        app.setDesktopFileName("wasm-playground")
        app.setWindowIcon(QIcon.fromTheme("wasm-playground"))
        apply_theme(app)
    return app


def _log_file(window) -> Path:
    if window is not None:
        directory = Path(window.data_dir)
    else:
        from playground.ui.main_window import default_data_dir

        directory = default_data_dir()
    directory.mkdir(parents=True, exist_ok=True)
    return directory / "errors.log"


def install_excepthook(window) -> None:
    """Uncaught exceptions (UI thread or workers) are logged, shown in a dialog, and unsaved buffers kept."""

    def report(exc_type, exc, tb) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc, tb)
            return
        text = "".join(traceback.format_exception(exc_type, exc, tb))
        where = None
        try:
            where = _log_file(window)
            with where.open("a", encoding="utf-8") as handle:
                handle.write(text + "\n")
        except OSError:
            pass
        log.error("uncaught exception\n%s", text)
        try:
            window.editor.files.autosave_now()
            from PySide6.QtCore import QThread, QTimer
            from PySide6.QtWidgets import QApplication, QMessageBox

            message = (
                f"Something went wrong inside wasm-playground:\n\n{exc_type.__name__}: {exc}\n\n"
                "Your unsaved buffers were saved to the autosave folder."
                + (f"\nDetails are in {where}." if where else "")
            )
            app = QApplication.instance()
            if app is not None and QThread.currentThread() is app.thread():
                QMessageBox.critical(window, "Internal error", message)
            else:
                QTimer.singleShot(0, window, lambda: QMessageBox.critical(window, "Internal error", message))
        except Exception:  # noqa: BLE001 - the hook itself must never raise
            sys.__excepthook__(exc_type, exc, tb)

    sys.excepthook = report
    threading.excepthook = lambda args: report(args.exc_type, args.exc_value, args.exc_traceback)


def run_gui(files: Sequence[str] = (), *, script: str | Path | None = None, pause: float = 0.0) -> int:
    """Open the main window with `files` loaded and run the event loop.

    With `script`, a lesson script (workbench/lesson_script.py) drives the
    window: it is read and checked first (LessonError names a bad line before
    any window opens), the window starts from the default layout with
    settings of its own (a lesson looks the same on every machine and leaves
    the user's saved layout alone), and `pause` seconds pass after each
    command.
    """
    from playground.workbench.display import display_problem

    commands = None
    if script is not None:
        from playground.workbench.lesson_script import read_lesson

        commands = read_lesson(script)
    problem = display_problem()
    if problem:
        raise NoDisplayError(problem)
    app = create_application()
    from playground.ui.main_window import MainWindow

    if commands is None:
        window = MainWindow()
    else:
        import tempfile

        from PySide6.QtCore import QSettings

        scratch = Path(tempfile.mkdtemp(prefix="wasm-playground-lesson-"))
        settings = QSettings(str(scratch / "settings.ini"), QSettings.Format.IniFormat)
        window = MainWindow(settings=settings, data_dir=scratch, restore="never", welcome=False)
    install_excepthook(window)
    for path in files:
        if not Path(path).exists():
            window.report_error(PlaygroundError(f"no such file: {path}"))
            continue
        window.open_file(path)
    if not files and not window.buffers and commands is None:
        window.editor.files.new_file()
    window.show()
    if commands is not None:
        from playground.ui.lesson import LessonRunner

        runner = LessonRunner(window, commands, script=Path(script), pause=pause)
        runner.exitRequested.connect(app.exit)
        runner.start()
    return app.exec()


if __name__ == "__main__":
    sys.exit(run_gui(sys.argv[1:]))
