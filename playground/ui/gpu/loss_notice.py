"""The window hears of a lost GPU device: the one message goes to the Console and the status bar.

The GPU layer (gpu/device.py) calls its loss listeners from whichever thread
noticed the loss (a demo's QThread, a GPU worker); `GpuLossNotice` carries the
message to the UI thread through a queued signal, writes it once, and tells
the GPU views to look at the adapter again. GPU > Use the GPU Again (declared
by the feature) calls `use_gpu_again`, which requests a fresh device.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QObject, Qt, Signal

from playground.gpu.device import manager

RETRY_HINT = "GPU > Use the GPU Again requests a fresh device"
STATUS_MS = 30000


class GpuLossNotice(QObject):
    """Listens for a device loss while its window is open; `lost(message)` fires on the UI thread."""

    lost = Signal(str)
    _relay = Signal(str)  # emitted from any thread, delivered on this object's (the UI) thread

    def __init__(self, window, on_change: Callable[[], None]) -> None:
        super().__init__(window)
        self.window = window
        self._on_change = on_change  # re-probe the GPU views, update the commands
        manager.retry_hint = RETRY_HINT
        self._relay.connect(self._show, Qt.ConnectionType.QueuedConnection)
        manager.add_loss_listener(self._heard)
        window.closing.connect(self.stop)

    def stop(self) -> None:
        """Stop listening (the window closes)."""
        manager.remove_loss_listener(self._heard)

    def _heard(self, message: str) -> None:
        try:
            self._relay.emit(message)
        except RuntimeError:  # the window is gone and Qt deleted this object: nothing to tell
            manager.remove_loss_listener(self._heard)

    def _show(self, message: str) -> None:
        window = self.window
        window.console.write(message, "error")
        window.statusBar().showMessage(message, STATUS_MS)
        console = window.docks.get("console")
        if console is not None:  # (a demo page's layout hides it)
            console.show()
            console.raise_()
        self._on_change()
        self.lost.emit(message)

    def use_gpu_again(self) -> None:
        """GPU > Use the GPU Again: forget the lost device; the next GPU work requests a fresh one."""
        manager.use_gpu_again()
        text = "Using the GPU again: the next GPU work requests a fresh device"
        self.window.console.write(text, "info")
        self.window.statusBar().showMessage(text, 8000)
        self._on_change()
