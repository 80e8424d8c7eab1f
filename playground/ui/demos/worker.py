"""Run a demo's work in a QThread and hear back on the UI thread (the UI never waits on the engine).

    worker = BackgroundJob(parent=view)
    worker.start(lambda report: heavy(report), on_done=view.show_result, on_failed=view.show_error,
                 on_progress=view.show_progress)

`fn` gets a `report(value)` callable for progress; its result, its error
message or its progress values arrive on the thread that owns the
BackgroundJob (the UI thread), through queued signals. One job at a time.
"""

from __future__ import annotations

from typing import Any, Callable

from PySide6.QtCore import QObject, QThread, Signal, Slot
from PySide6.QtWidgets import QHBoxLayout, QLayout

from playground.errors import PlaygroundError


class _Job(QObject):
    done = Signal(object)
    failed = Signal(str)
    progress = Signal(object)

    def __init__(self, fn: Callable[[Callable[[Any], None]], Any]) -> None:
        super().__init__()
        self.fn = fn

    @Slot()
    def run(self) -> None:
        try:
            result = self.fn(self.progress.emit)
        except PlaygroundError as exc:
            self.failed.emit(str(exc))
        except Exception as exc:  # noqa: BLE001 - shown in the view, never a crash of the window
            self.failed.emit(f"{type(exc).__name__}: {exc}")
        else:
            self.done.emit(result)
        finally:
            self.thread().quit()  # end the thread's loop now, so `wait()` never waits on the UI thread


class BackgroundJob(QObject):
    """Runs one function at a time on its own QThread; callbacks run on this object's thread."""

    finished = Signal()  # after on_done / on_failed ran

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._thread: QThread | None = None
        self._job: _Job | None = None
        self._callbacks: dict[str, Callable | None] = {}
        self._closed = False

    @property
    def busy(self) -> bool:
        """True while a job runs."""
        return self._thread is not None

    def start(self, fn: Callable[[Callable[[Any], None]], Any], *, on_done: Callable[[Any], None] | None = None,
              on_failed: Callable[[str], None] | None = None,
              on_progress: Callable[[Any], None] | None = None) -> bool:
        """Start `fn(report)` in the background; False (and nothing started) while another job runs."""
        if self.busy:
            return False
        self._callbacks = {"done": on_done, "failed": on_failed, "progress": on_progress}
        thread = QThread()
        job = _Job(fn)
        job.moveToThread(thread)
        thread.started.connect(job.run)
        job.done.connect(self._on_done)
        job.failed.connect(self._on_failed)
        job.progress.connect(self._on_progress)
        self._thread, self._job = thread, job
        thread.start()
        return True

    def wait(self, msecs: int = 30000) -> bool:
        """Block until the running job's thread ends; True when none is left running. Its outcome, queued, still
        arrives through the event loop."""
        thread = self._thread
        return True if thread is None else thread.wait(msecs)

    def close(self, msecs: int = 30000) -> bool:
        """The view closes: wait for the running job, and drop its outcome still to arrive (no callback, no
        `finished`): a closed view is not updated. True when none is left running."""
        self._closed = True
        self._callbacks = {}
        return self.wait(msecs)

    def _finish(self) -> None:
        thread, self._thread, self._job = self._thread, None, None
        if thread is not None:
            thread.quit()
            thread.wait()
            thread.deleteLater()

    @Slot(object)
    def _on_progress(self, value: Any) -> None:
        self._call("progress", value)

    @Slot(object)
    def _on_done(self, result: Any) -> None:
        self._end("done", result)

    @Slot(str)
    def _on_failed(self, message: str) -> None:
        self._end("failed", message)

    def _call(self, name: str, value: Any) -> None:
        callback = self._callbacks.get(name)
        if callback is not None:
            callback(value)

    def _end(self, name: str, value: Any) -> None:
        """The job ended (`done` or `failed`): the thread goes, the callback runs, then `finished`."""
        self._finish()
        if not self._closed:
            self._call(name, value)
            self.finished.emit()


class WorkerView:
    """For a demo view whose background work runs on its `worker` (a BackgroundJob): `running`."""

    worker: BackgroundJob

    @property
    def running(self) -> bool:
        """True while the background work runs."""
        return self.worker.busy


def side_by_side(widget, left, right) -> None:
    """Lay `widget` out as two columns: `left` at its size, `right` taking the rest (each a widget or a layout)."""
    layout = QHBoxLayout(widget)
    for part, stretch in ((left, 0), (right, 1)):
        if isinstance(part, QLayout):
            layout.addLayout(part, stretch)
        else:
            layout.addWidget(part, stretch)
