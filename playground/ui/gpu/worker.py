"""Run GPU jobs off the UI thread, one at a time, and hand their results back on the UI thread.

Both GPU views (the WGSL runner and the dispatch stepper) talk to wgpu only
through a `GpuWorker`: `submit(fn, on_done=..., on_error=...)` runs `fn()` in
the worker's own single-thread pool (so the jobs of one view never overlap and
a stepper is only touched by one thread), then calls `on_done(result)` or
`on_error(exception)` on the UI thread through a queued signal.
"""

from __future__ import annotations

import itertools
from typing import Any, Callable

from PySide6.QtCore import QObject, QRunnable, QThreadPool, Qt, Signal, Slot

from playground.errors import PlaygroundError


def error_text(exc: BaseException) -> str:
    """What a panel shows for a failed job: a user error's own words, else the type and message."""
    if isinstance(exc, PlaygroundError):
        return str(exc)
    return f"internal error: {type(exc).__name__}: {exc}"


class _Relay(QObject):
    """Carries a job's outcome from the pool thread to the UI thread."""

    done = Signal(int, bool, object)  # job id, succeeded, result or exception


class _Job(QRunnable):
    def __init__(self, job_id: int, fn: Callable[[], Any], relay: _Relay) -> None:
        super().__init__()
        self.job_id, self.fn, self.relay = job_id, fn, relay

    def run(self) -> None:
        try:
            result, ok = self.fn(), True
        except Exception as exc:  # noqa: BLE001 - any failure goes back to the view, never into Qt's pool
            result, ok = exc, False
        self.relay.done.emit(self.job_id, ok, result)


class GpuWorker(QObject):
    """A private one-thread pool for GPU work; `busyChanged(bool)` tells views to grey out buttons."""

    busyChanged = Signal(bool)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)  # one device, one queue of jobs: results arrive in order
        self._relay = _Relay()
        self._relay.done.connect(self._finished, Qt.ConnectionType.QueuedConnection)
        self._ids = itertools.count(1)
        self._callbacks: dict[int, tuple[Callable | None, Callable | None]] = {}
        self._closed = False

    @property
    def busy(self) -> bool:
        """Whether a submitted job has not reported back yet."""
        return bool(self._callbacks)

    def submit(self, fn: Callable[[], Any], *, on_done: Callable[[Any], None] | None = None,
               on_error: Callable[[BaseException], None] | None = None) -> int:
        """Queue `fn()`; its result (or exception) comes back to `on_done` (or `on_error`) on the UI thread."""
        job_id = next(self._ids)
        was_busy = self.busy
        self._callbacks[job_id] = (on_done, on_error)
        if not was_busy:
            self.busyChanged.emit(True)
        self.pool.start(_Job(job_id, fn, self._relay))
        return job_id

    def wait(self, timeout_ms: int = 30000) -> bool:
        """Block until the pool is idle (tests); queued results still arrive via the event loop."""
        return self.pool.waitForDone(timeout_ms)

    def close(self, timeout_ms: int = 30000) -> bool:
        """The view closes: wait for the job on the GPU, and drop every result still to arrive (no callback,
        no busyChanged): a closed view is not updated. True when no job was left running."""
        self._closed = True
        self._callbacks.clear()
        return self.pool.waitForDone(timeout_ms)

    @Slot(int, bool, object)
    def _finished(self, job_id: int, ok: bool, result: object) -> None:
        if self._closed:
            return
        on_done, on_error = self._callbacks.pop(job_id, (None, None))
        try:
            if ok and on_done is not None:
                on_done(result)
            elif not ok and on_error is not None:
                on_error(result)  # type: ignore[arg-type]
        finally:
            if not self.busy:
                self.busyChanged.emit(False)
