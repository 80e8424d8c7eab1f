"""One debugger step in the window, with every panel refreshed, over a 16 MiB memory (offscreen).

    python benchmarks/bench_ui_step.py                 # 200 steps
    python benchmarks/bench_ui_step.py --steps 500 --pages 256

A loop writes linear memory (a 16 MiB, 256-page memory) on every round. The
window is shown offscreen with the program loaded; each sample is one Step
Into through the window's command (the worker runs the step), until its stop
has been rendered in the operand stack, call stack, locals, labels, globals,
memory view (re-read, written bytes tinted), editor highlight and learner
overlay, and the window has repainted. It prints the median and p90 in ms,
and beside them the same step in the session alone (no window), which is
the floor the window adds to. Goal: median under 15 ms.
"""

from __future__ import annotations

import argparse
import os
import statistics
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))  # run from a checkout without installing
os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

WAT = """(module
  (memory (export "memory") {pages})
  (global $rounds (mut i32) (i32.const 0))
  (func (export "fill") (param $n i32) (result i32)
    (local $i i32)
    (block $done
      (loop $next
        (br_if $done (i32.ge_u (local.get $i) (local.get $n)))
        (i32.store (i32.mul (local.get $i) (i32.const 4)) (i32.add (local.get $i) (i32.const 1000)))
        (global.set $rounds (i32.add (global.get $rounds) (i32.const 1)))
        (local.set $i (i32.add (local.get $i) (i32.const 1)))
        (br $next)))
    (local.get $i)))
"""


def _percentile(values: list[float], fraction: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(fraction * (len(ordered) - 1))))]


def bench_session(text: str, steps: int) -> list[float]:
    from playground.debug.session import DebugSession

    session = DebugSession.from_text(text)
    session.start("fill", [1 << 30])
    times = []
    for _ in range(steps):
        t = time.perf_counter()
        session.step_into()
        times.append((time.perf_counter() - t) * 1000)
    return times


def bench_window(text: str, steps: int) -> list[float]:
    from PySide6.QtCore import QEventLoop, QSettings
    from PySide6.QtWidgets import QApplication

    from playground.ui.app import create_application
    from playground.ui.main_window import MainWindow

    app = create_application()
    scratch = Path(tempfile.mkdtemp(prefix="bench-ui-step-"))
    window = MainWindow(settings=QSettings(str(scratch / "s.ini"), QSettings.Format.IniFormat), data_dir=scratch, restore="never",
                        welcome=False)
    window.resize(1400, 900)
    buffer = window.editor.files.make_buffer(text, title="fill.wat", language="wat")
    window.add_buffer(buffer)
    window.show()
    deadline = time.monotonic() + 10
    while window.debugger.run_bar.current_export() is None and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)
    window.debugger.run_bar.set_arguments([str(1 << 30)])
    stops = []
    window.debugger.bridge.snapshotReady.connect(stops.append)

    def wait_for(count: int) -> None:
        # Block in the event loop as the real window does (the GIL is free for the worker meanwhile).
        while len(stops) < count:
            app.processEvents(QEventLoop.ProcessEventsFlag.WaitForMoreEvents)
        while window.debugger.controller.busy:
            time.sleep(0.0001)

    window.commands.trigger("debug")
    wait_for(1)
    times = []
    for i in range(steps):
        t = time.perf_counter()
        window.commands.trigger("step_into")
        wait_for(i + 2)
        window.repaint()  # paint every visible view now, not later
        app.processEvents()
        times.append((time.perf_counter() - t) * 1000)
    window.editor.files.ask_unsaved = lambda titles: "discard"
    window.close()
    QApplication.processEvents()
    return times


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--steps", type=int, default=200)
    parser.add_argument("--pages", type=int, default=256, help="memory size in 64 KiB pages (256 = 16 MiB)")
    args = parser.parse_args(argv)
    text = WAT.format(pages=args.pages)
    floor = bench_session(text, args.steps)
    window = bench_window(text, args.steps)
    warm = window[5:] or window
    print(f"memory: {args.pages} pages = {args.pages * 65536 / (1 << 20):g} MiB, {args.steps} steps")
    print(f"session step alone      median {statistics.median(floor):7.3f} ms   p90 {_percentile(floor, 0.9):7.3f} ms")
    print(f"step + every panel      median {statistics.median(warm):7.3f} ms   p90 {_percentile(warm, 0.9):7.3f} ms"
          f"   (goal: median < 15 ms)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
