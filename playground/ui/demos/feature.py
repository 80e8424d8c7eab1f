"""The demos feature: the "Demos" menu opens the Compare charts, the image filters and the digit classifier, each as a page.

A page is a tab of the central area, beside the editor tabs, in a scroll
box (MainWindow.add_page): a demo gets the window's room under its own dock
layout, and however much room it would like it never grows the window past
the screen (as docks did: three demos took a 1400x900 window to 1713x1585).

Each demo is imported and built on first use (they pull in numpy, pyqtgraph
and the GPU layer), so the window starts without them and a demo that cannot
load says why in the console instead of breaking the window.
"""

from __future__ import annotations

from dataclasses import dataclass
from importlib import import_module

from PySide6.QtWidgets import QWidget

from playground.errors import PlaygroundError


@dataclass(frozen=True)
class Demo:
    """One entry of the Demos menu: its widget is `module.widget`, built on first use."""

    command_id: str
    caption: str
    module: str
    widget: str
    title: str  # the tab's
    tip: str
    starts: bool = False  # the widget has a first picture to show: `start_demo()` once it is shown
    name: str = ""  # what a lesson script's `demo NAME` calls it


DEMOS = (
    Demo("demo_compare", "&Compare Backends", "playground.ui.demos.compare_view", "CompareView", "Compare",
         "GPU, SIMD, numpy and the interpreter side by side, in charts", name="compare"),
    Demo("demo_image", "&Image Filters", "playground.ui.demos.image_demo", "ImageDemo", "Image filters",
         "Convolve an image with each backend and compare", starts=True, name="image"),
    Demo("demo_digits", "&Digit Classifier", "playground.ui.demos.digits_demo", "DigitsDemo", "Digits",
         "Draw a digit; a small network classifies it in Wasm, on the GPU and in numpy", starts=True,
         name="digits"),
)


class DemosFeature:
    """Owned by the MainWindow as `window.demos`: one page per demo, made when first opened (again after its tab closed)."""

    def __init__(self, window) -> None:
        self.window = window
        self.pages: dict[str, QWidget] = {}  # command id -> the demo's view
        self._declare_commands()
        window.pageClosed.connect(self._page_closed)

    def _declare_commands(self) -> None:
        reg = self.window.commands
        for demo in DEMOS:
            reg.add_command(demo.command_id, "&Demos", demo.caption,
                            lambda d=demo: self.open(d.command_id, d.module, d.widget, d.title, starts=d.starts), tip=demo.tip)

    def open_named(self, name: str) -> QWidget | None:
        """Open the demo a lesson script calls `name` ("compare", "image", "digits")."""
        demo = next((d for d in DEMOS if d.name == name), None)
        if demo is None:
            raise PlaygroundError(f"no demo called {name!r}: {', '.join(d.name for d in DEMOS)}")
        return self.open(demo.command_id, demo.module, demo.widget, demo.title, starts=demo.starts)

    def open(self, command_id: str, module: str, cls: str, title: str, *, starts: bool = False) -> QWidget | None:
        """Show a demo's page, building `module.cls` the first time (and calling its `start_demo()` when it `starts`)."""
        view = self.pages.get(command_id)
        if view is not None:
            self.window.show_page(view)
            return view
        try:
            view = getattr(import_module(module), cls)()
        except Exception as exc:  # noqa: BLE001 - a demo that cannot load must not take the window down
            self.window.report_error(PlaygroundError(f"the {title} demo cannot start: {type(exc).__name__}: {exc}"))
            return None
        self.pages[command_id] = view
        self.window.add_page(view, title)
        if starts:
            view.start_demo()
        return view

    def _page_closed(self, view: QWidget) -> None:
        for command_id, shown in list(self.pages.items()):
            if shown is view:
                del self.pages[command_id]


def install(window) -> DemosFeature:
    """Add the Demos menu to `window`; each demo is built when first opened."""
    return DemosFeature(window)
