"""A dock whose tab shows only while the current tab's module has something for it: the Heap and Exception panels.

Most modules define no GC types and no tags (every C tab, most WAT): a Heap or
Exception tab there would only say that it has nothing to show. So the dock
shows while the user wants it and the current tab's module is one it has
something for (workbench/panel_relevance.py), and hides otherwise; it comes
back when such a tab is current again, or when the code gains a struct type or
a tag as it is typed (each check of the current tab asks again).

The user's word wins. View > Heap (the dock's toggle action) and the dock's
close button set whether the user wants it, kept in the settings; View > Reset
Layout wants it again. Opened from View under a tab without GC, it shows there
(saying it has nothing) until another tab is current. While a tab's code does
not parse, the tab keeps the answer of its last good check: typing does not
make the tab flicker.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QEvent, QObject, QTimer
from PySide6.QtWidgets import QDockWidget

from playground.workbench.panel_relevance import checked_module


class RelevantDock(QObject):
    """Shows `dock` while wanted and `relevant(module)` holds for the current tab's module; see the module docstring."""

    def __init__(self, window, dock: QDockWidget, relevant: Callable[[object], bool]) -> None:
        super().__init__(dock)
        self.window = window
        self.dock = dock
        self.relevant_to = relevant
        self._known: dict[object, bool] = {}  # buffer -> the answer of its last check that made a module
        self._key = f"view/{dock.objectName()}_wanted"
        self.wanted = str(window.settings.value(self._key, "true")).lower() == "true"
        dock.toggleViewAction().triggered.connect(self._chosen)
        dock.installEventFilter(self)
        window.layoutReset.connect(self._reset)
        window.currentBufferChanged.connect(lambda _buffer: self.update())
        window.bufferChecked.connect(lambda buffer: self.update() if buffer is window.current_buffer() else None)
        window.bufferClosed.connect(lambda buffer: self._known.pop(buffer, None))
        QTimer.singleShot(0, self, self.update)  # once the window has restored its last layout

    def relevant(self) -> bool:
        """Whether the current tab's module has something for the dock."""
        buffer = self.window.current_buffer()
        if buffer is None:
            return False
        module = checked_module(buffer)
        if module is not None:
            self._known[buffer] = self.relevant_to(module)
        return self._known.get(buffer, False)

    def update(self) -> None:
        """Show or hide the dock for the current tab."""
        shown = self.wanted and self.relevant()
        if self.dock.isHidden() == shown:
            self.dock.setVisible(shown)

    def _chosen(self, wanted: bool) -> None:
        """The user opened or closed the dock (View menu, close button, Reset Layout)."""
        self.wanted = wanted
        self.window.settings.setValue(self._key, wanted)
        if not wanted and not self.dock.isHidden():
            self.dock.hide()

    def _reset(self) -> None:
        """View > Reset Layout (after the window showed every panel): wanted again, shown where it has something."""
        self._chosen(True)
        self.update()

    def eventFilter(self, watched, event) -> bool:  # noqa: N802
        if watched is self.dock and event.type() == QEvent.Type.Close:  # its close button: the user's choice
            self._chosen(False)
        return False
