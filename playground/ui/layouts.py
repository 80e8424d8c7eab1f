"""One dock layout per kind of tab: Wasm tabs show the debugger's panels, WGSL tabs give their room to the WGSL runner.

Features say which of their docks belong to one kind only (`add_dock(...,
only_in="wasm")`): the operand stack, call stack, locals, labels, globals,
memory and bytecode panels say nothing about a compute shader, so while a
WGSL tab is current they are hidden and the runner takes the right side.
Each kind keeps its own `QMainWindow.saveState()`: what the user moves,
resizes, shows or hides under a WGSL tab is there again the next time a WGSL
tab is current, and the Wasm layout comes back as it was left. Both are kept
in the settings between runs.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QByteArray, Qt, QTimer
from PySide6.QtWidgets import QDockWidget

LAYOUT_VERSION = 1
KINDS = ("wasm", "wgsl")
SETTING = {"wasm": "window/state", "wgsl": "window/state_wgsl"}
MAIN_DOCK_MIN_WIDTH = 520  # the first dock of a kind's own gets half the window, at least this


def layout_kind(buffer) -> str:
    """"wgsl" for a WGSL buffer, "wasm" for WAT and .wasm buffers (and for no buffer)."""
    return "wgsl" if buffer is not None and buffer.language == "wgsl" else "wasm"


class LanguageLayouts:
    """Owned by the MainWindow: switches between the Wasm and the WGSL dock layouts."""

    def __init__(self, window) -> None:
        self.window = window
        self.current = "wasm"
        self.states: dict[str, QByteArray] = {}
        self.known: dict[str, set[str]] = {}  # the docks each saved state knows about
        self.only_in: dict[QDockWidget, str] = {}  # docks that belong to one kind of tab
        self._prepare: dict[str, list[Callable[[], None]]] = {kind: [] for kind in KINDS}

    def belongs_to(self, dock: QDockWidget, kind: str) -> None:
        """`dock` shows only under tabs of `kind`."""
        self.only_in[dock] = kind

    def before_showing(self, kind: str, prepare: Callable[[], None]) -> None:
        """Call `prepare` before `kind`'s layout is restored (restoreState places only docks that exist)."""
        self._prepare[kind].append(prepare)

    def docks_of(self, kind: str) -> list[QDockWidget]:
        return [dock for dock, owner in self.only_in.items() if owner == kind]

    # --- between runs --------------------------------------------------------------------------
    def restore(self) -> None:
        """At start: the Wasm layout of the last run (the window opens on it); the WGSL one kept for later."""
        settings = self.window.settings
        state = settings.value(SETTING["wasm"])
        if state is not None:
            self.window.restoreState(state, LAYOUT_VERSION)
        wgsl = settings.value(SETTING["wgsl"])
        if wgsl is not None:
            self.states["wgsl"] = QByteArray(wgsl)
            self.known["wgsl"] = set()  # unknown: the docks it names were not made yet

    def save(self) -> None:
        """Write both layouts to the settings (the current one as it is now)."""
        self._remember(self.current)
        for kind, state in self.states.items():
            self.window.settings.setValue(SETTING[kind], state)

    # --- switching -----------------------------------------------------------------------------
    def switch(self, kind: str) -> bool:
        """Make `kind`'s layout current ("wasm" or "wgsl"); returns whether anything changed."""
        if kind == self.current:
            return False
        self._remember(self.current)
        self.current = kind
        for prepare in self._prepare[kind]:
            prepare()
        state = self.states.get(kind)
        self._settle_new_docks(kind)  # first: a dock left in the area would hold the state's sizes apart
        if state is None or not self.window.restoreState(state, LAYOUT_VERSION):
            self.defaults(kind)
        QTimer.singleShot(0, self.window, self.window.hide_stale_tab_bars)
        return True

    def _remember(self, kind: str) -> None:
        self.states[kind] = self.window.saveState(LAYOUT_VERSION)
        self.known[kind] = {dock.objectName() for dock in self.window.findChildren(QDockWidget)}

    def defaults(self, kind: str) -> None:
        """The first time: the other kinds' docks hide, this kind's show, and its first one gets half the width."""
        own = self.docks_of(kind)
        for dock, owner in self.only_in.items():
            dock.setVisible(owner == kind)
        if own and kind != "wasm":
            own[0].raise_()
            self.window.resizeDocks([own[0]], [max(MAIN_DOCK_MIN_WIDTH, self.window.width() // 2)], Qt.Orientation.Horizontal)

    def _settle_new_docks(self, kind: str) -> None:
        """Docks made after `kind`'s state was saved keep their place; a dock of one kind shows only under it."""
        known = self.known.get(kind)
        if self.states.get(kind) is None or known is None:
            return
        for dock, owner in self.only_in.items():
            if dock.objectName() not in known:
                dock.setVisible(owner == kind)
