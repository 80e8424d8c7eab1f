"""`wasm-playground --selftest` (or `selftest`): prove that this installation works, one line per check.

It opens the real window (offscreen unless QT_QPA_PLATFORM names another
platform), opens a shipped sample, runs it, steps it forwards and back, and
runs one GPU kernel on the adapter or, without one, on the numpy fallback.
Each check prints `ok` or `FAIL` with what it saw; the exit status is 0 only
when every check passed. It is how the standalone build is tested (no
Python beside it) and works the same from a checkout or a pip install.

The window is driven through the lesson runner (ui/lesson.py), the same
path a lesson script takes: the window's own commands, then a wait until
the session has stopped and been shown.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path
from typing import Callable

NAME = "selftest"
HELP = "check this installation: open the window offscreen, run and step a sample, run a GPU kernel (also --selftest)"

SAMPLE, EXPORT, ARGUMENT, EXPECTED = "fib.wat", "fib_iter", "10", "fib_iter(10) = 55"
WAIT_S = 60.0  # the longest one window command may take


class CheckFailed(Exception):
    """One check saw something other than what it expected."""


def configure(parser: argparse.ArgumentParser) -> None:
    pass


def main(args: argparse.Namespace) -> int:
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    return Selftest().run()


class Selftest:
    def __init__(self, out=None) -> None:
        self.out = out or sys.stdout
        self.app = self.window = self.runner = None
        self.scratch = Path(tempfile.mkdtemp(prefix="wasm-playground-selftest-"))

    def run(self) -> int:
        checks: list[tuple[str, Callable[[], str]]] = [
            ("resources", self.check_resources),
            ("window", self.check_window),
            ("open a sample", self.check_open),
            ("run it", self.check_run),
            ("step forwards and back", self.check_steps),
            ("GPU kernel", self.check_gpu),
        ]
        failed = 0
        try:
            for name, check in checks:
                try:
                    seen = check()
                except Exception as exc:  # noqa: BLE001 - a check fails with what went wrong, the next one still runs
                    failed += 1
                    print(f"FAIL {name}: {type(exc).__name__ + ': ' if not isinstance(exc, CheckFailed) else ''}{exc}",
                          file=self.out, flush=True)
                else:
                    print(f"ok   {name}: {seen}", file=self.out, flush=True)
        finally:
            self.close()
        total = len(checks)
        print(f"selftest: {total - failed} of {total} checks passed", file=self.out, flush=True)
        return 0 if failed == 0 else 1

    # --- the checks ---------------------------------------------------------------------------
    def check_resources(self) -> str:
        from playground.resources import list_resources, resource_dir

        samples, shaders = list_resources("samples"), list_resources("shaders")
        lessons = sorted((resource_dir("samples") / "lessons").glob("*.txt"))
        built_c = sorted((resource_dir("samples") / "c").glob("*.wasm"))
        if not (samples and shaders and lessons and built_c):
            raise CheckFailed(f"missing: samples {len(samples)}, shaders {len(shaders)}, lessons {len(lessons)}, "
                              f"built C samples {len(built_c)}")
        return (f"{len(samples)} samples, {len(lessons)} lessons, {len(built_c)} built C samples, "
                f"{len(shaders)} shaders in {resource_dir('samples').parent}")

    def check_window(self) -> str:
        from PySide6.QtCore import QSettings
        from PySide6.QtGui import QGuiApplication

        from playground.ui.app import create_application

        self.app = create_application()
        from playground.ui.lesson import LessonRunner
        from playground.ui.main_window import MainWindow

        # settings and autosaves of its own: a selftest leaves the user's layout and files alone
        settings = QSettings(str(self.scratch / "settings.ini"), QSettings.Format.IniFormat)
        self.window = MainWindow(settings=settings, data_dir=self.scratch, restore="never", welcome=False)
        self.window.show()
        self.runner = LessonRunner(self.window, [], err=self.out)
        self._settle(lambda: self.window.isVisible())
        size = self.window.size()
        return f"{QGuiApplication.platformName()} platform, {size.width()}x{size.height()}"

    def check_open(self) -> str:
        self._needs_window()
        self._do(f"open {SAMPLE}")
        buffer = self.window.current_buffer()
        exports = [sig.name for sig in self.window.debugger.run_bar.exports]
        if buffer is None or buffer.title != SAMPLE or EXPORT not in exports:
            raise CheckFailed(f"the tab is {buffer.title if buffer else None!r} with exports {exports}")
        return f"{SAMPLE}, exports {', '.join(exports)}"

    def check_run(self) -> str:
        self._needs_window()
        self._do(f"export {EXPORT}")
        self._do(f"args {ARGUMENT}")
        self._do("run")
        console = self.window.console.text()
        if EXPECTED not in console:
            raise CheckFailed(f"the console does not say {EXPECTED!r}: {console.strip()[-200:]!r}")
        return EXPECTED

    def check_steps(self) -> str:
        from playground.ui.lesson import lesson_state

        self._needs_window()
        self._do("debug")
        seen = [self._where(lesson_state(self.window))]
        for _ in range(3):
            self._do("step-into")
            seen.append(self._where(lesson_state(self.window)))
        self._do("step-back")
        back = self._where(lesson_state(self.window))
        if len(set(seen)) < 2 or back != seen[-2]:
            raise CheckFailed(f"forwards {seen}, then back to {back} instead of {seen[-2]}")
        self._do("stop")
        return f"{' -> '.join(seen)}, back to {back}"

    def check_gpu(self) -> str:
        import numpy as np

        from playground import gpu

        rng = np.random.default_rng(7)
        a = rng.random((64, 64), dtype=np.float32)
        b = rng.random((64, 64), dtype=np.float32)
        result = gpu.matmul(a, b, variant="tiled")  # backend "auto": the adapter, else numpy
        if not np.allclose(result.array, a @ b, rtol=1e-4, atol=1e-4):
            raise CheckFailed(f"matmul on {result.backend} differs from numpy")
        if result.backend == "gpu":
            report = gpu.adapter_report()
            return f"64x64 matmul (tiled) on the adapter: {report.name} ({report.backend})"
        return "64x64 matmul on the CPU fallback (numpy): no GPU adapter here"

    # --- driving the window -------------------------------------------------------------------
    def _needs_window(self) -> None:
        if self.window is None:
            raise CheckFailed("no window (the window check failed)")

    @staticmethod
    def _where(state: dict) -> str:
        return f"line {state['line']} [{' '.join(state['stack'])}]"

    def _do(self, line: str) -> None:
        """One lesson command through the window's own commands, then wait until it has finished."""
        from playground.workbench.lesson_script import parse_line

        command = parse_line(line)
        self._settle(self.runner.execute(command), what=line)

    def _settle(self, until: Callable[[], bool] | None, what: str = "the window") -> None:
        deadline = time.monotonic() + WAIT_S
        while until is not None and not until():
            if time.monotonic() > deadline:
                raise CheckFailed(f"{what} did not finish within {WAIT_S:g} s")
            self.app.processEvents()
            time.sleep(0.005)
        self.app.processEvents()

    def close(self) -> None:
        if self.window is not None:
            self.window.editor.files.ask_unsaved = lambda titles: "discard"
            self.window.close()
            self.app.processEvents()
        shutil.rmtree(self.scratch, ignore_errors=True)
