"""SessionListeners whose calls, from any thread, arrive on the UI thread as Qt signals, tagged with their tab.

Each tab's controller gets its own listener (`listener_for(session)`); all of
them feed one bridge, which tells the window which tab's session stopped.

The worker never hands a Python object to a queued signal: PySide6 (6.11,
with Python threads) can deliver a queued `object` argument after it was
freed, which showed as wrong values and crashes. The news goes into a
thread-safe deque instead, and an argument-less queued signal wakes the UI
thread, which emits the signals itself, in order.
"""

from __future__ import annotations

from collections import deque

from PySide6.QtCore import QObject, Qt, Signal

from playground.debug.snapshot import Snapshot


class _TabListener:
    """The listener one tab's controller calls: it tags the news with the tab's session."""

    def __init__(self, bridge: "SessionBridge", key: object) -> None:
        self._bridge, self._key = bridge, key

    def snapshot(self, snapshot: Snapshot) -> None:
        self._bridge._post(("snapshot", self._key, snapshot))

    def output(self, text: str, kind: str = "out") -> None:
        self._bridge._post(("output", self._key, text, kind))


class SessionBridge(QObject):
    """Connect `sessionSnapshot(key, snapshot)` to the views; `snapshotReady(snapshot)` follows each one.

    `snapshotReady` fires after the listeners of `sessionSnapshot` ran, so
    whoever waits for it sees the stop already recorded (tests, lesson scripts).
    """

    sessionSnapshot = Signal(object, object)
    snapshotReady = Signal(object)
    outputReady = Signal(str, str)
    _wake = Signal()

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._news: deque = deque()
        self._closed = False
        self._wake.connect(self.deliver, Qt.ConnectionType.QueuedConnection)

    def close(self) -> None:
        """The window closes: news on the way (a stopped worker's last stop and words) and later news are dropped."""
        self._closed = True
        self._news.clear()

    def listener_for(self, key: object) -> _TabListener:
        """A SessionListener for one tab's controller; its news carry `key`."""
        return _TabListener(self, key)

    def _post(self, item: tuple) -> None:
        if self._closed:
            return
        self._news.append(item)
        self._wake.emit()

    @property
    def pending(self) -> bool:
        """True while news wait to be delivered on the UI thread."""
        return bool(self._news)

    def deliver(self) -> None:
        """On the UI thread: emit everything that arrived, oldest first."""
        news = self._news
        while news:
            item = news.popleft()
            if item[0] == "snapshot":
                self.sessionSnapshot.emit(item[1], item[2])
                self.snapshotReady.emit(item[2])
            else:
                self.outputReady.emit(item[2], item[3])
