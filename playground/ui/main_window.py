"""The playground's main window."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QMainWindow, QMessageBox, QPlainTextEdit, QTabWidget


class MainWindow(QMainWindow):
    """Editor tabs in the middle; the debugger panels dock around them (built by the GUI issue)."""

    def __init__(self) -> None:
        super().__init__()
        self.setWindowTitle("wasm-playground")
        self.resize(1200, 800)
        self.tabs = QTabWidget()
        self.tabs.setTabsClosable(True)
        self.tabs.setDocumentMode(True)
        self.setCentralWidget(self.tabs)
        self.statusBar().showMessage("Ready")

    def open_file(self, path: str | Path) -> None:
        """Open a text file in a new editor tab; a file that cannot be read gets a clear message."""
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            QMessageBox.warning(self, "Cannot open file", f"{path}: {exc}")
            return
        editor = QPlainTextEdit(text)
        self.tabs.addTab(editor, path.name)
        self.tabs.setCurrentWidget(editor)
