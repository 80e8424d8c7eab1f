"""A SessionListener whose calls, from any thread, arrive on the UI thread as Qt signals."""

from __future__ import annotations

from PySide6.QtCore import QObject, Signal

from playground.debug.snapshot import Snapshot


class SessionBridge(QObject):
    """Give it to a DebugController; connect `snapshotReady` and `outputReady` to the views."""

    snapshotReady = Signal(object)
    outputReady = Signal(str, str)

    def snapshot(self, snapshot: Snapshot) -> None:
        self.snapshotReady.emit(snapshot)

    def output(self, text: str, kind: str = "out") -> None:
        self.outputReady.emit(text, kind)
