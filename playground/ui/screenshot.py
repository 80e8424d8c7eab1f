"""Render the window paused in a real debug session, and save a PNG (docs/screenshot.png).

    xvfb-run -a python -m playground.ui.screenshot docs/screenshot.png
    xvfb-run -a python -m playground.ui.screenshot --dark /tmp/dark.png

`render` drives the real debugger through the window's own commands (see
its docstring). `demo_snapshot` and `demo_memory` remain: a hand-built stop
for tests that check what the views draw without running anything.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from playground.debug.snapshot import FrameView, GlobalView, LabelView, LocalView, Location, MemorySource, Snapshot
from playground.debug.states import SessionState, StopReason
from playground.wasm.errors import SourceSpan
from playground.wasm.types import ValType
from playground.workbench.program import value_view

FIB_WAT = """;; Fibonacci, recursive: fib(n) = fib(n-1) + fib(n-2)
(module
  (memory (export "memory") 1)
  (global $calls (mut i32) (i32.const 0))
  (data (i32.const 32) "fib counts its calls at 0x10")

  (func $fib (export "fib") (param $n i32) (result i32)
    ;; count the calls in memory and in a global
    (i32.store (i32.const 16) (i32.add (i32.load (i32.const 16)) (i32.const 1)))
    (global.set $calls (i32.add (global.get $calls) (i32.const 1)))
    (if (result i32) (i32.lt_u (local.get $n) (i32.const 2))
      (then (local.get $n))
      (else
        (i32.add
          (call $fib (i32.sub (local.get $n) (i32.const 1)))
          (call $fib (i32.sub (local.get $n) (i32.const 2))))))))
"""


def _span(text: str, needle: str, occurrence: int = 0) -> SourceSpan:
    start = -1
    for _ in range(occurrence + 1):
        start = text.index(needle, start + 1)
    line = text.count("\n", 0, start) + 1
    col = start - (text.rfind("\n", 0, start) + 1) + 1
    return SourceSpan(line, col, line, col + len(needle), start, start + len(needle))


def demo_snapshot(text: str = FIB_WAT) -> Snapshot:
    """A stop in fib(3) -> fib(2) -> fib(1), just before the `i32.add` of the two recursive results."""
    i32 = lambda v: value_view(ValType.I32, v & 0xFFFFFFFF)  # noqa: E731
    add_span = _span(text, "i32.add", 2)
    call_span = _span(text, "call $fib", 1)

    def frame(n: int, location: Location, labels) -> FrameView:
        return FrameView(location, (LocalView(0, "$n", i32(n), True),), labels)

    labels = (
        LabelView("function", None, 1, 0, 30),
        LabelView("if", None, 1, 14, 29),
        LabelView("else", None, 1, 17, 29),
    )
    outer = frame(3, Location(0, "fib", 22, "call $fib", call_span, 0x4A), labels)
    middle = frame(2, Location(0, "fib", 22, "call $fib", call_span, 0x4A), labels)
    inner = frame(1, Location(0, "fib", 28, "i32.add", add_span, 0x54), labels)
    return Snapshot(
        step=57,
        state=SessionState.PAUSED,
        frames=(outer, middle, inner),
        stack=(i32(1), i32(0)),
        pushed=1,
        popped=(i32(2),),
        globals=(GlobalView(0, "$calls", True, i32(5)),),
        memory_pages=1,
        changed_memory=((16, 20),),
        type_stack=("i32", "i32"),
        message="step into",
        reason=StopReason.STEP,
    )


def demo_memory() -> MemorySource:
    data = bytearray(65536)
    data[16:20] = (5).to_bytes(4, "little")
    data[32:52] = b"Hello, WebAssembly!\x00"
    for i in range(8):
        data[64 + 4 * i : 68 + 4 * i] = (i * i).to_bytes(4, "little")
    return MemorySource(data)


def _settle(app, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.01)


def _wait(app, window, stops: list, count: int, timeout: float = 20.0) -> None:
    """Let the window run until the debugger's `count`-th stop has been rendered."""
    deadline = time.monotonic() + timeout
    while (len(stops) < count or window.debugger.controller.busy) and time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.005)
    if len(stops) < count:
        raise RuntimeError(f"the debugger did not stop (state {window.debugger.session_state}): {window.console.text()[-400:]}")


def render(target: Path, *, size=(1500, 920), settle_s: float = 1.0, dark: bool | None = None) -> Path:
    """Build the window, debug `fib(5)` for real to a stop four calls deep, save a PNG at `target`.

    The stop: a breakpoint on the line of the second recursive call hits in
    fib(2) (fib(5) > fib(4) > fib(3) > fib(2)); three Step Intos reach the
    `call`, and a Step Over runs fib(0): its result is the pushed value, the
    memory counter it incremented is tinted, and the learner overlay shows
    the values of the sub-expressions just evaluated.
    """
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from playground.ui.app import create_application
    from playground.ui.main_window import MainWindow

    app = create_application()
    scratch = Path(tempfile.mkdtemp(prefix="wasm-playground-shot-"))
    settings = QSettings(str(scratch / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings=settings, data_dir=scratch, restore="never", welcome=False)
    if dark is not None:
        window.set_dark(dark)
    window.console.clear()
    text = FIB_WAT
    buffer = window.editor.files.make_buffer(text, title="fib.wat", language="wat")
    window.add_buffer(buffer)
    window.resize(*size)
    window.show()
    _settle(app, settle_s)
    line = text[: text.index("(call $fib (i32.sub (local.get $n) (i32.const 2)))")].count("\n") + 1
    buffer.editor.toggle_breakpoint(line)
    window.debugger.run_bar.select_export("fib")
    window.debugger.run_bar.set_arguments(["5"])
    stops: list = []
    window.debugger.bridge.snapshotReady.connect(stops.append)
    for count, command in enumerate(["debug", "step_into", "step_into", "step_into", "step_over"], start=1):
        if not window.commands.trigger(command):
            raise RuntimeError(f"{command} is disabled (state {window.debugger.session_state})")
        _wait(app, window, stops, count)
    window.debugger.memory.select_address(32, 4)  # the string; the counter at 0x10 keeps its "written" tint
    window.docks["memory"].raise_()
    _settle(app, 0.4)
    target.parent.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(target))
    window.editor.files.ask_unsaved = lambda titles: "discard"
    window.close()
    QApplication.processEvents()
    return target


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    dark = "--dark" in args
    args = [a for a in args if a != "--dark"]
    target = Path(args[0] if args else "docs/screenshot.png")
    print(render(target, dark=True if dark else None))
    return 0


if __name__ == "__main__":
    sys.exit(main())
