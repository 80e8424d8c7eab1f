"""What the tab area says while no tab is open: where to start, instead of a blank grey area.

A learner who closed Getting Started (or every tab) sees a few lines in the
middle of the empty tab area: open a sample, open or create a file, the
tour. The commands are named as their menus name them, with their keys
read from the command registry, so the hint and the menus cannot disagree.
The label is a child of the tab widget, laid over its empty page, and hides
as soon as a tab opens.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QLabel, QTabWidget

FIRST_SAMPLE = "fib.wat"  # the sample Getting Started walks through


class StartHint(QObject):
    """Shows `label` over `tabs` while it has no tab; `update()` after the tabs changed."""

    def __init__(self, tabs: QTabWidget, registry) -> None:
        super().__init__(tabs)
        self.tabs = tabs
        self.registry = registry
        self.label = QLabel(tabs)
        self.label.setObjectName("start_hint")
        self.label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.label.setWordWrap(True)
        self.label.setTextFormat(Qt.TextFormat.RichText)
        tabs.installEventFilter(self)
        tabs.currentChanged.connect(lambda _index: self.update())
        self.update()

    def _menu_entry(self, command_id: str) -> str:
        """'File > Open… (Ctrl+O)': the command's menu, caption and key as the menu bar shows them."""
        command = self.registry.commands[command_id]
        path = f"{command.menu} > {command.caption}".replace("&", "")
        keys = self.registry.shortcut(command_id)
        return f"<b>{escape(path)}</b>" + (f" ({escape(keys)})" if keys else "")

    def html(self) -> str:
        return (
            "<p style='font-size:large'>Nothing is open yet.</p>"
            f"<p><b>Samples &gt; {FIRST_SAMPLE}</b> opens a first program to run and step through.<br>"
            f"{self._menu_entry('open')} opens a .wat, .wasm, .wgsl or .c file; "
            f"{self._menu_entry('new')} starts an empty WAT module.<br>"
            f"{self._menu_entry('getting_started')}: five steps from a sample to a paused program.</p>"
        )

    def update(self) -> None:
        empty = self.tabs.count() == 0
        if empty:
            self.label.setText(self.html())
            self._place()
        self.label.setVisible(empty)

    def _place(self) -> None:
        area = self.tabs.rect().adjusted(24, 24, -24, -24)
        self.label.setGeometry(area)

    def eventFilter(self, watched, event) -> bool:  # noqa: N802 - Qt's name
        if watched is self.tabs and event.type() == QEvent.Type.Resize:
            self._place()
        return False
