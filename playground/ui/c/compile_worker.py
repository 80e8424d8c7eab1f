"""Compiling a C tab off the UI thread: the window never waits for zig (the first compile takes about 30 s).

`CompileWorker.start(buffer, text, ...)` runs workbench/c_build.build_c in a
Python thread and answers through Qt signals, which Qt delivers on the UI
thread: `note` (a slow step is starting: zig builds its C library),
`finished` (the CBuild) or `failed` (a message: the toolchain is missing, zig
could not run). One compile per tab at a time; a tab's later request waits
for the running one and then compiles the newest text.
"""

from __future__ import annotations

import threading
from pathlib import Path

from PySide6.QtCore import QObject, Signal

from playground.errors import PlaygroundError
from playground.workbench.c_build import CBuild, build_c


class CompileWorker(QObject):
    """See the module docstring."""

    note = Signal(object, str)  # buffer, text
    finished = Signal(object, object)  # buffer, CBuild
    failed = Signal(object, str)  # buffer, message

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self._threads: dict[object, threading.Thread] = {}
        self._again: dict[object, tuple] = {}  # a request made while that tab compiled
        self._running: dict[object, tuple] = {}  # each tab's job being compiled now
        self._lock = threading.Lock()

    def busy(self, buffer=None) -> bool:
        """Whether a compile runs (of `buffer`, or of any tab)."""
        with self._lock:
            if buffer is None:
                return bool(self._threads)
            return buffer in self._threads

    def wanted_text(self, buffer) -> str | None:
        """The text of `buffer`'s newest compile under way (queued or running); None when none is."""
        with self._lock:
            if buffer not in self._threads:
                return None
            job = self._again.get(buffer) or self._running[buffer]
            return job[0]

    def start(self, buffer, text: str, name: str, build_dir: Path, include_dir: Path | None) -> bool:
        """Compile `text` for `buffer`; False when one of its compiles runs already (this one follows it)."""
        job = (text, name, build_dir, include_dir)
        with self._lock:
            if buffer in self._threads:
                self._again[buffer] = job
                return False
            thread = threading.Thread(target=self._run, args=(buffer, job), name="c-compile", daemon=True)
            self._threads[buffer] = thread
            self._running[buffer] = job
        thread.start()
        return True

    def wait(self, timeout: float | None = None) -> bool:
        """Block until no compile runs (tests; the window closing). True when none does."""
        with self._lock:
            threads = list(self._threads.values())
        for thread in threads:
            thread.join(timeout)
        return not self.busy()

    def _run(self, buffer, job) -> None:
        while job is not None:
            text, name, build_dir, include_dir = job
            try:
                build: CBuild = build_c(text, name, build_dir, include_dir=include_dir,
                                        on_note=lambda words: self.note.emit(buffer, words))
            except PlaygroundError as exc:
                self.failed.emit(buffer, str(exc))
            except Exception as exc:  # noqa: BLE001 - a bug reaches the console, never kills the window
                self.failed.emit(buffer, f"internal error: {type(exc).__name__}: {exc}")
            else:
                self.finished.emit(buffer, build)
            with self._lock:
                job = self._again.pop(buffer, None)
                if job is None:
                    del self._threads[buffer]
                    del self._running[buffer]
                else:
                    self._running[buffer] = job
