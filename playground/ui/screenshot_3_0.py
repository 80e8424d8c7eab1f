"""Screenshots of the debugger's WebAssembly 3.0 views, each from a real debug session of a sample.

    xvfb-run -a python -m playground.ui.screenshot_3_0 tail /tmp/tail.png
    xvfb-run -a python -m playground.ui.screenshot_3_0 memories /tmp/memories.png
    xvfb-run -a python -m playground.ui.screenshot_3_0 heap /tmp/heap.png

Each scene opens a sample, picks an export and its arguments, presses the
window's own commands (Debug, Step Into, ...) and saves the window. The
scenes are what a reviewer looks at: tail_factorial deep in its recursion,
a module with two memories, an exception about to be thrown, the GC
list of gc_list.wat being built in the Heap panel.
"""

from __future__ import annotations

import sys
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from playground.ui.screenshot import _settle, _wait
from playground.resources import resource_path


@dataclass(frozen=True)
class Scene:
    sample: str
    export: str
    args: tuple[str, ...]
    commands: tuple[str, ...]  # the window's command ids, pressed in order, each waited for
    dock: str  # the dock brought to the front
    after: Callable | None = field(default=None)  # window -> None, before the picture


def _second_memory(window) -> None:
    window.debugger.memory.choose_memory(1)
    window.debugger.memory.select_address(0, 4)


def _list_head(window) -> None:
    """The Heap panel on the list's first node, as a click on `$list` in the locals does."""
    head = next(local.value.ref for local in window.debugger.last_snapshot.frames[-1].locals if local.name == "$list")
    window.debugger.show_heap_object(head)


SCENES = {
    "tail": Scene("tail_factorial.wat", "fac", ("10",), ("debug",) + ("step_into",) * 37, "callstack"),
    "memories": Scene("two_memories.wat", "shout", ("19",), ("debug",) + ("step_into",) * 30, "memory", _second_memory),
    "exception": Scene("exceptions.wat", "average", ("10", "0"), ("debug",) + ("step_into",) * 16, "exception"),
    "heap": Scene("gc_list.wat", "build", ("4",), ("debug",) + ("step_into",) * 45, "heap", _list_head),
}


def render(scene: Scene, target: Path, *, size=(1500, 920), settle_s: float = 1.0) -> Path:
    from PySide6.QtCore import QSettings
    from PySide6.QtWidgets import QApplication

    from playground.ui.app import create_application
    from playground.ui.main_window import MainWindow

    app = create_application()
    scratch = Path(tempfile.mkdtemp(prefix="wasm-playground-shot-"))
    settings = QSettings(str(scratch / "settings.ini"), QSettings.Format.IniFormat)
    window = MainWindow(settings=settings, data_dir=scratch, restore="never", welcome=False)
    window.console.clear()
    text = resource_path("samples", scene.sample).read_text(encoding="utf-8")
    window.add_buffer(window.editor.files.make_buffer(text, title=scene.sample, language="wat"))
    window.resize(*size)
    window.show()
    _settle(app, settle_s)
    if not window.debugger.run_bar.select_export(scene.export):
        raise RuntimeError(f"{scene.sample} exports no {scene.export}")
    window.debugger.run_bar.set_arguments(list(scene.args))
    stops: list = []
    window.debugger.bridge.snapshotReady.connect(stops.append)
    for count, command in enumerate(scene.commands, start=1):
        if not window.commands.trigger(command):
            raise RuntimeError(f"{command} is disabled (state {window.debugger.session_state})")
        _wait(app, window, stops, count)
    if scene.after is not None:
        scene.after(window)
    window.docks[scene.dock].show()
    window.docks[scene.dock].raise_()
    _settle(app, 0.4)
    target.parent.mkdir(parents=True, exist_ok=True)
    window.grab().save(str(target))
    window.editor.files.ask_unsaved = lambda titles: "discard"
    window.close()
    for _ in range(200):  # let the sessions' workers end while the window's bridge still exists
        QApplication.processEvents()
        if not window.debugger.busy:
            break
        time.sleep(0.01)
    return target


def main(argv: list[str] | None = None) -> int:
    args = sys.argv[1:] if argv is None else argv
    if len(args) != 2 or args[0] not in SCENES:
        print(f"usage: python -m playground.ui.screenshot_3_0 {{{','.join(SCENES)}}} FILE.png", file=sys.stderr)
        return 2
    print(render(SCENES[args[0]], Path(args[1])))
    return 0


if __name__ == "__main__":
    sys.exit(main())
