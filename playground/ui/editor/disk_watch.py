"""Files changed on disk while open are noticed (QFileSystemWatcher).

A buffer without unsaved edits is offered a reload (`ask_reload`, a question
that tests answer); a buffer with unsaved edits keeps them, and the console
and the status bar say that the file changed underneath (saving would
overwrite the other program's change). A deleted file is reported the same
way. The window's own saves are not changes: the disk then holds exactly
the buffer's text, which is checked before anything is said. Once the window
closes nothing is watched, and a look still pending is dropped: a closed
window asks no question and writes no notice.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QFileSystemWatcher, QTimer
from PySide6.QtWidgets import QMessageBox


class DiskWatch:
    """Watches the files of a window's buffers; see the module docstring."""

    def __init__(self, window) -> None:
        self.window = window
        self.watcher = QFileSystemWatcher(window)
        self.watcher.fileChanged.connect(self._changed)
        self.notices: list[str] = []  # what was said, newest last (tests read it)
        self.stopped = False
        window.bufferAdded.connect(self.watch)
        window.bufferClosed.connect(self._forget)
        window.closing.connect(self.stop)

    def stop(self) -> None:
        """The window closes: watch nothing more, and drop the looks still pending."""
        self.stopped = True
        if self.watcher.files():
            self.watcher.removePaths(self.watcher.files())

    def watch(self, buffer) -> None:
        """Watch a buffer's file (again: saves by rename drop a watch)."""
        if not self.stopped and buffer.path is not None and buffer.language != "wasm" and buffer.path.exists():
            self.watcher.addPath(str(buffer.path))

    def _forget(self, buffer) -> None:
        if buffer.path is not None and not any(b.path == buffer.path for b in self.window.buffers.values()):
            self.watcher.removePath(str(buffer.path))

    def _changed(self, path: str) -> None:
        # Editors write in steps (truncate, then write): look once the writing has settled.
        QTimer.singleShot(100, self.window, lambda: self.check(Path(path)))

    def check(self, path: Path) -> str | None:
        """Compare the file with its buffer and act; what was done ("reloaded", "kept", "conflict", ...)."""
        buffer = next((b for b in self.window.buffers.values() if b.path == path), None)
        if buffer is None or self.stopped:
            return None
        try:
            text = path.read_text(encoding="utf-8")
        except FileNotFoundError:
            return self._notice(f"{path} was deleted on disk; the tab keeps its text (Save writes it again)", "deleted")
        except (OSError, UnicodeDecodeError) as exc:
            return self._notice(f"{path} changed on disk and cannot be read: {exc}", "unreadable")
        self.watch(buffer)
        if text == buffer.editor.toPlainText():
            return "same"
        if buffer.modified:
            return self._notice(f"{path.name} changed on disk while this tab has unsaved edits; the edits are kept. "
                                "Save writes them over the other change; close the tab without saving to take the "
                                "file's version.", "conflict")
        if not self.ask_reload(buffer):
            return self._notice(f"{path.name} changed on disk; the tab keeps the older text", "kept")
        buffer.editor.setPlainText(text)
        buffer.editor.document().setModified(False)
        self.window.statusBar().showMessage(f"Reloaded {path.name}: it changed on disk", 8000)
        return "reloaded"

    def ask_reload(self, buffer) -> bool:
        """Whether to load the file's new text into an unmodified tab."""
        answer = QMessageBox.question(self.window, "File changed on disk",
                                      f"{buffer.path} changed on disk. Reload it?")
        return answer == QMessageBox.StandardButton.Yes

    def _notice(self, text: str, outcome: str) -> str:
        self.notices.append(text)
        self.window.console.write(text, "error")
        self.window.statusBar().showMessage(text, 15000)
        return outcome
