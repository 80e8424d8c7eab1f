"""One dock layout per kind of tab: Wasm tabs show the debugger's panels, WGSL tabs give their room to the WGSL runner.

The operand stack, call stack, locals, labels, globals, memory and bytecode
panels say nothing about a compute shader, so while a WGSL tab is current they
are hidden and the runner takes the right side. Each kind keeps its own
`QMainWindow.saveState()`: what the user moves, resizes, shows or hides under a
WGSL tab is there again the next time a WGSL tab is current, and the Wasm
layout comes back as it was left. Both are kept in the settings between runs.
"""

from __future__ import annotations

from PySide6.QtCore import QByteArray, Qt, QTimer

WASM_ONLY = ("stack", "callstack", "locals", "labels", "globals", "memory", "bytecode")
LAYOUT_VERSION = 1
SETTING = {"wasm": "window/state", "wgsl": "window/state_wgsl"}


def layout_kind(buffer) -> str:
    """"wgsl" for a WGSL buffer, "wasm" for WAT and .wasm buffers."""
    return "wgsl" if buffer is not None and buffer.language == "wgsl" else "wasm"


class LanguageLayouts:
    """Owned by the MainWindow: switches between the Wasm and the WGSL dock layouts."""

    def __init__(self, window) -> None:
        self.window = window
        self.current = "wasm"
        self.states: dict[str, QByteArray] = {}
        self.known: dict[str, set[str]] = {}  # the docks each saved state knows about

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
        if kind == "wgsl":
            self.window.gpu.ensure_runner()  # restoreState places only docks that exist
        state = self.states.get(kind)
        self._settle_new_docks(kind)  # first: a dock left in the area would hold the state's sizes apart
        if state is None or not self.window.restoreState(state, LAYOUT_VERSION):
            self.defaults(kind)
        QTimer.singleShot(0, self.window, self.window.hide_stale_tab_bars)
        return True

    def _remember(self, kind: str) -> None:
        self.states[kind] = self.window.saveState(LAYOUT_VERSION)
        self.known[kind] = {dock.objectName() for dock in self._all_docks()}

    def defaults(self, kind: str) -> None:
        """The first time: WGSL hides the Wasm-only panels and gives the runner half the window's width."""
        docks = self.window.docks
        runner = self.window.gpu.runner_dock
        if kind == "wgsl":
            for name in WASM_ONLY:
                docks[name].hide()
            if runner is not None:
                runner.show()
                runner.raise_()
                self.window.resizeDocks([runner], [max(520, self.window.width() // 2)], Qt.Orientation.Horizontal)
        else:
            for name in WASM_ONLY:
                docks[name].show()
            if runner is not None:
                runner.hide()

    def _settle_new_docks(self, kind: str) -> None:
        """Docks made after `kind`'s state was saved keep their place; the runner only belongs to WGSL."""
        runner = self.window.gpu.runner_dock
        known = self.known.get(kind)
        if runner is not None and self.states.get(kind) is not None and known is not None and runner.objectName() not in known:
            runner.setVisible(kind == "wgsl")

    def _all_docks(self):
        from PySide6.QtWidgets import QDockWidget

        return self.window.findChildren(QDockWidget)

