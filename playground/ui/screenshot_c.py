"""A picture of the C tab mid-debug: samples/c/sort.c compiled, stopped at a C-line breakpoint, at 1280x800.

    xvfb-run -a python -m playground.ui.screenshot_c out.png [--dark] [--size 1920x1080]

The window compiles the sample for real (the `c` extra), sets a breakpoint
in the gutter on the line that moves a value up the array, debugs `_start`
and continues to the third hit: the C line and its instruction are marked
together, the linked view shows the C functions' WAT and bytes in the
lines' colours, the C variables panel shows the variables with the
`values` pointer opened, and the Memory view shows what it points to
(the half-sorted array).
"""

from __future__ import annotations

import argparse
import sys
import tempfile
import time
from pathlib import Path

from playground.resources import sample_path
from playground.ui.screenshot import _settle

BREAK_AT = "values[j + 1] = values[j];"
HITS = 3
SIZE = (1280, 800)


def _until(app, done, timeout: float, what: str) -> None:
    deadline = time.monotonic() + timeout
    while not done():
        if time.monotonic() > deadline:
            raise RuntimeError(f"timed out waiting for {what}")
        app.processEvents()
        time.sleep(0.01)


def render(target: Path, *, dark: bool | None = None, size=SIZE) -> Path:
    """Build the window, debug sort.c to the third hit of its breakpoint, save a PNG at `target`."""
    from PySide6.QtCore import QSettings

    from playground.ui.app import create_application
    from playground.ui.main_window import MainWindow

    app = create_application()
    scratch = Path(tempfile.mkdtemp(prefix="wasm-playground-c-shot-"))  # its own settings: the user's stay as they are
    window = MainWindow(settings=QSettings(str(scratch / "settings.ini"), QSettings.Format.IniFormat),
                        data_dir=scratch, restore="never", welcome=False)
    window.set_dark(window.dark if dark is None else dark)
    window.resize(*size)
    window.show()
    buffer = window.open_file(sample_path("c/sort.c"))
    _until(app, lambda: buffer in window.c.builds, 240, "the compile")
    window.console.clear()
    text = buffer.editor.toPlainText()
    line = text[: text.index(BREAK_AT)].count("\n") + 1
    buffer.editor.toggle_breakpoint(line)
    stops: list = []
    window.debugger.bridge.snapshotReady.connect(stops.append)
    window.debugger.run_bar.select_export("_start")
    for count, command in enumerate(["debug"] + ["continue"] * (HITS - 1), start=1):
        if not window.commands.trigger(command):
            raise RuntimeError(f"{command} is disabled (state {window.debugger.session_state})")
        _until(app, lambda: len(stops) >= count and not window.debugger.controller.busy, 60, command)
    values = window.c.variables.find("values")
    values.setExpanded(True)
    window.c.variables.show_in_memory(values)  # (raises the Memory dock)
    _settle(app, 0.5)
    target.parent.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(target))
    window.editor.files.ask_unsaved = lambda titles: "discard"  # (nothing was edited; never ask)
    window.close()
    return target


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="python -m playground.ui.screenshot_c", description=__doc__.splitlines()[0])
    parser.add_argument("target", nargs="?", default="c-tab.png", type=Path)
    parser.add_argument("--dark", action="store_true", help="the dark palette")
    parser.add_argument("--size", default="x".join(map(str, SIZE)), metavar="WxH", help="the window's size (default %(default)s)")
    options = parser.parse_args(argv)
    try:
        size = tuple(int(part) for part in options.size.lower().split("x"))
    except ValueError:
        size = ()
    if len(size) != 2 or min(size) < 200:
        parser.error(f"--size: expected WIDTHxHEIGHT in pixels, such as 1920x1080, not {options.size!r}")
    print(render(options.target, dark=True if options.dark else None, size=size))
    return 0


if __name__ == "__main__":
    sys.exit(main())
