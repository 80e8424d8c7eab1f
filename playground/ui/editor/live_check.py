"""Check WAT as the user types: debounced, in a worker thread, newest text wins."""

from __future__ import annotations

from PySide6.QtCore import QObject, QRunnable, QThreadPool, QTimer, Signal

from playground.workbench.checking import CheckResult, check_wat, with_binary

DEBOUNCE_MS = 400


class _Relay(QObject):
    """Carries a worker's result back to the UI thread (a queued signal)."""

    done = Signal(int, object)


class _CheckTask(QRunnable):
    def __init__(self, generation: int, text: str, file: str | None, relay: _Relay) -> None:
        super().__init__()
        self.generation, self.text, self.file, self.relay = generation, text, file, relay

    def run(self) -> None:
        try:
            result = with_binary(check_wat(self.text, self.file))
        except Exception as exc:  # noqa: BLE001 - never let a checker bug reach Qt's thread pool
            from playground.workbench.checking import Diagnostic

            result = CheckResult((Diagnostic(None, f"internal error while checking: {exc}", "warning"),))
        self.relay.done.emit(self.generation, result)


class LiveChecker(QObject):
    """Call `schedule(text)` on every edit; `checked(CheckResult)` fires for the latest text only."""

    checked = Signal(object)

    def __init__(self, file: str | None = None, parent=None, *, delay_ms: int = DEBOUNCE_MS) -> None:
        super().__init__(parent)
        self.file = file
        self._text = ""
        self._generation = 0
        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.setInterval(delay_ms)
        self._timer.timeout.connect(self._start)
        self._relay = _Relay()
        self._relay.done.connect(self._finished)
        self.pool = QThreadPool.globalInstance()

    def schedule(self, text: str) -> None:
        """Check `text` once the user pauses for the debounce delay."""
        self._text = text
        self._generation += 1
        self._timer.start()

    def check_now(self, text: str) -> None:
        self._text = text
        self._generation += 1
        self._timer.stop()
        self._start()

    def stop(self) -> None:
        """The buffer is closing: no pending check starts and a check still running is ignored when it ends."""
        self._generation += 1
        self._timer.stop()

    def _start(self) -> None:
        self.pool.start(_CheckTask(self._generation, self._text, self.file, self._relay))

    def _finished(self, generation: int, result: CheckResult) -> None:
        if generation == self._generation:  # older texts' results are stale
            self.checked.emit(result)
