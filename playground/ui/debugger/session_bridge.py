"""SessionListeners whose calls, from any thread, arrive on the UI thread as Qt signals, tagged with their tab.

Each tab's controller gets its own listener (`listener_for(session)`); all of
them feed one bridge, which tells the window which tab's session stopped.

The worker never hands a Python object to a queued signal: PySide6 (6.11,
with Python threads) can deliver a queued `object` argument after it was
freed, which showed as wrong values and crashes. The news goes into a
thread-safe mailbox instead, and an argument-less queued signal wakes the UI
thread, which emits the signals itself, in order.

A worker may outlive the window (a program still waiting for input, a run
still ending): the listeners hold the mailbox, a plain Python object, not
the bridge, and the mailbox closes when the window closes or the bridge is
destroyed, whichever comes first. Posting and closing share one lock, so
once `close` returned no worker can be half way through waking a deleted
bridge ("Signal source has been deleted" on stderr).
"""

from __future__ import annotations

import threading
from collections import deque
from typing import Callable

from PySide6.QtCore import QObject, Qt, Signal

from playground.debug.snapshot import Snapshot


class _Mailbox:
    """The news the workers post, until it closes; `wake()` tells the UI thread (called under the lock)."""

    def __init__(self, wake: Callable[[], None]) -> None:
        self.news: deque = deque()
        self._wake = wake
        self._lock = threading.Lock()
        self.open = True

    def post(self, item: tuple) -> None:
        with self._lock:
            if not self.open:
                return
            self.news.append(item)
            self._wake()

    def close(self, *_destroyed) -> None:
        with self._lock:
            self.open = False
            self.news.clear()


class _TabListener:
    """The listener one tab's controller calls: it tags the news with the tab's session."""

    def __init__(self, mailbox: _Mailbox, key: object) -> None:
        self._mailbox, self._key = mailbox, key

    def snapshot(self, snapshot: Snapshot) -> None:
        self._mailbox.post(("snapshot", self._key, snapshot))

    def output(self, text: str, kind: str = "out") -> None:
        self._mailbox.post(("output", self._key, text, kind))


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
        self._mailbox = _Mailbox(self._wake.emit)
        self._wake.connect(self.deliver, Qt.ConnectionType.QueuedConnection)
        self.destroyed.connect(self._mailbox.close)  # a window deleted without closing (a lesson's quit)

    def close(self) -> None:
        """The window closes: news on the way (a stopped worker's last stop and words) and later news are dropped."""
        self._mailbox.close()

    def listener_for(self, key: object) -> _TabListener:
        """A SessionListener for one tab's controller; its news carry `key`."""
        return _TabListener(self._mailbox, key)

    @property
    def pending(self) -> bool:
        """True while news wait to be delivered on the UI thread."""
        return bool(self._mailbox.news)

    def deliver(self) -> None:
        """On the UI thread: emit everything that arrived, oldest first."""
        news = self._mailbox.news
        while news:
            item = news.popleft()
            if item[0] == "snapshot":
                self.sessionSnapshot.emit(item[1], item[2])
                self.snapshotReady.emit(item[2])
            else:
                self.outputReady.emit(item[2], item[3])
