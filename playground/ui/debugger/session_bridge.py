"""A SessionListener whose calls, from any thread, arrive on the UI thread as Qt signals.

The worker never hands a Python object to a queued signal: PySide6 (6.11,
with Python threads) can deliver a queued `object` argument after it was
freed, which showed as wrong values and crashes. The news goes into a
thread-safe deque instead, and an argument-less queued signal wakes the UI
thread, which emits `snapshotReady`/`outputReady` itself, in order.
"""

from __future__ import annotations

from collections import deque

from PySide6.QtCore import QObject, Qt, Signal

from playground.debug.snapshot import Snapshot


class SessionBridge(QObject):
    """Give it to a DebugController; connect `snapshotReady` and `outputReady` to the views."""

    snapshotReady = Signal(object)
    outputReady = Signal(str, str)
    _wake = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._news: deque = deque()
        self._wake.connect(self.deliver, Qt.ConnectionType.QueuedConnection)

    def snapshot(self, snapshot: Snapshot) -> None:
        self._news.append(("snapshot", snapshot))
        self._wake.emit()

    def output(self, text: str, kind: str = "out") -> None:
        self._news.append(("output", text, kind))
        self._wake.emit()

    def deliver(self) -> None:
        """On the UI thread: emit everything that arrived, oldest first."""
        news = self._news
        while news:
            item = news.popleft()
            if item[0] == "snapshot":
                self.snapshotReady.emit(item[1])
            else:
                self.outputReady.emit(item[1], item[2])
