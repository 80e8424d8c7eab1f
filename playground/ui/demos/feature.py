"""The demos feature: the "Demos" menu opens the Compare charts, the image filters and the digit classifier, each as a dock.

Each demo is imported and built on first use (they pull in numpy, pyqtgraph
and the GPU layer), so the window starts without them and a demo that cannot
load says why in the console instead of breaking the window.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QDockWidget

from playground.errors import PlaygroundError

@dataclass(frozen=True)
class Demo:
    """One entry of the Demos menu: its widget is `module.widget`, built on first use."""

    command_id: str
    caption: str
    module: str
    widget: str
    title: str  # the dock's
    tip: str
    starts: bool = False  # the widget has a first picture to show: `start_demo()` once it is docked


DEMOS = (
    Demo("demo_compare", "&Compare Backends", "playground.ui.demos.compare_view", "CompareView", "Compare",
         "GPU, SIMD, numpy and the interpreter side by side, in charts"),
    Demo("demo_image", "&Image Filters", "playground.ui.demos.image_demo", "ImageDemo", "Image filters",
         "Convolve an image with each backend and compare", starts=True),
    Demo("demo_digits", "&Digit Classifier", "playground.ui.demos.digits_demo", "DigitsDemo", "Digits",
         "Draw a digit; a small network classifies it in Wasm, on the GPU and in numpy", starts=True),
)


class DemosFeature:
    """Owned by the MainWindow as `window.demos`: one dock per demo, made when first opened."""

    def __init__(self, window) -> None:
        self.window = window
        self.docks: dict[str, QDockWidget] = {}
        self._declare_commands()

    def _declare_commands(self) -> None:
        reg = self.window.commands
        for demo in DEMOS:
            reg.add_command(demo.command_id, "&Demos", demo.caption,
                            lambda d=demo: self.open(d.command_id, d.module, d.widget, d.title, starts=d.starts), tip=demo.tip)

    def open(self, command_id: str, module: str, cls: str, title: str, *, starts: bool = False) -> QDockWidget | None:
        """Show a demo's dock, building `module.cls` the first time (and calling its `start_demo()` when it `starts`)."""
        dock = self.docks.get(command_id)
        if dock is None:
            try:
                widget = getattr(import_module(module), cls)()
            except Exception as exc:  # noqa: BLE001 - a demo that cannot load must not take the window down
                self.window.report_error(PlaygroundError(f"the {title} demo cannot start: {type(exc).__name__}: {exc}"))
                return None
            dock = self._place(command_id, title, widget)
            self.docks[command_id] = dock
            if starts:
                widget.start_demo()
        dock.show()
        dock.raise_()
        return dock

    def _place(self, command_id: str, title: str, widget) -> QDockWidget:
        """Demos share one place, tabbed: beside the other demos, else over the memory panel, at half height.

        A demo split off beside the console and the memory viewer got a third of
        a short strip, too small for its pictures and charts.
        """
        window = self.window
        docked = [d for d in self.docks.values() if d.isVisible() and not d.isFloating()]
        memory = window.docks.get("memory")
        if not docked and memory is not None and memory.isVisible() and not memory.isFloating():
            docked = [memory]
        dock = window.add_dock(command_id, title, widget, Qt.DockWidgetArea.BottomDockWidgetArea, panel=False)
        if docked:
            window.tabifyDockWidget(docked[0], dock)
        dock.show()
        dock.raise_()
        if dock.height() < window.height() * 0.45:
            window.resizeDocks([dock], [int(window.height() * 0.5)], Qt.Orientation.Vertical)
        return dock


def install(window) -> DemosFeature:
    """Add the Demos menu to `window`; each demo is built when first opened."""
    return DemosFeature(window)
