"""Render the window with a program loaded and a hand-built stop, and save a PNG (docs/screenshot.png).

    xvfb-run -a python -m playground.ui.screenshot docs/screenshot.png

The snapshot is made by hand (the debugger is not built yet): it shows what
the views draw for a stop inside a recursive `fib`.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

from playground.debug.snapshot import FrameView, GlobalView, LabelView, LocalView, Location, MemorySource, Snapshot
from playground.ui.program import value_view
from playground.wasm.errors import SourceSpan
from playground.wasm.types import ValType

FIB_WAT = """;; Fibonacci, recursive: fib(n) = fib(n-1) + fib(n-2)
(module
  (memory (export "memory") 1)
  (global $calls (mut i32) (i32.const 0))

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
        state="paused",
        frames=(outer, middle, inner),
        stack=(i32(1), i32(0)),
        pushed=1,
        popped=(i32(2),),
        globals=(GlobalView(0, "$calls", True, i32(5)),),
        memory_pages=1,
        changed_memory=((16, 20),),
        type_stack=("i32", "i32"),
        message="step into",
        reason="step",
    )


def demo_memory() -> MemorySource:
    data = bytearray(65536)
    data[16:20] = (5).to_bytes(4, "little")
    data[32:52] = b"Hello, WebAssembly!\x00"
    for i in range(8):
        data[64 + 4 * i : 68 + 4 * i] = (i * i).to_bytes(4, "little")
    return MemorySource(data)


def render(target: Path, *, size=(1500, 920), settle_s: float = 1.5, dark: bool | None = None) -> Path:
    """Build the window, load the program, show the demo stop, save a PNG at `target`."""
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from playground.ui.app import create_application
    from playground.ui.main_window import MainWindow

    app = create_application()
    scratch = Path(tempfile.mkdtemp(prefix="wasm-playground-shot-"))
    settings = QSettings(str(scratch / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings=settings, data_dir=scratch, restore="never")
    if dark is not None:
        window.set_dark(dark)
    window.console.clear()
    text = FIB_WAT  # the demo stop's spans are computed for this text
    buffer = window.files.make_buffer(text, title="fib.wat", language="wat")
    window.add_buffer(buffer)
    buffer.editor.set_breakpoints({15})
    window.resize(*size)
    window.show()
    deadline = time.monotonic() + settle_s
    while time.monotonic() < deadline:
        app.processEvents()
        time.sleep(0.02)
    window.session_buffer = buffer
    window.memory.set_source(demo_memory())
    snapshot = demo_snapshot(text)
    window.show_snapshot(snapshot)
    window.memory.select_address(16, 4)
    window.run_bar.set_arguments(["3"])
    window.console.write("run fib(3)", "info")
    window.console.write("fib(3) = 2", "result")
    window.console.write("debug fib(3): paused at $fib+28 (hand-built snapshot: the debugger is not built yet)", "info")
    for _ in range(20):
        app.processEvents()
        time.sleep(0.02)
    target.parent.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(target))
    window.hide()
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
