"""One dock layout per kind of tab: Wasm tabs show the debugger's panels, WGSL tabs give their room to the WGSL runner,
C tabs show the debugger's panels arranged for C with the C ones, demo pages get the whole window.

Features say which of their docks belong to one kind only (`add_dock(...,
only_in="wasm")`): the operand stack, call stack, locals, labels, globals,
memory and bytecode panels say nothing about a compute shader, so while a
WGSL tab is current they are hidden and the runner takes the right side.
Each kind keeps its own `QMainWindow.saveState()`: what the user moves,
resizes, shows or hides under a WGSL tab is there again the next time a WGSL
tab is current, and the Wasm layout comes back as it was left. All are kept
in the settings between runs. A demo page (Compare, the image filters, the
dispatch stepper) starts with every dock hidden: a demo needs the room, and
on a small screen there is none to share; View shows any dock again there.

A C tab's layout ("c") shows the Wasm kind's docks too (`ALSO_SHOWS`): C is
debugged as Wasm, with the C docks added. Its defaults are arranged by the
C feature (`arrange_defaults`, ui/c/layout.py): the panels a C learner
watches come first and get the room.

A restored layout that squashes a kind's main dock (the WGSL runner narrower
than half its default width) is not kept: the kind's defaults replace it.
(The C layout has no such main dock: its columns share the room.)
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import QByteArray, Qt, QTimer
from PySide6.QtWidgets import QDockWidget

LAYOUT_VERSION = 1
KINDS = ("wasm", "wgsl", "demo", "c")
SETTING = {"wasm": "window/state", "wgsl": "window/state_wgsl", "demo": "window/state_demo", "c": "window/state_c"}
ALSO_SHOWS = {"c": ("wasm",)}  # a kind's layout also shows the docks of these kinds
MAIN_DOCK_MIN_WIDTH = 520  # the first dock of a kind's own gets half the window, at least this
SQUASHED_WIDTH = MAIN_DOCK_MIN_WIDTH // 2
SIDE_CONSOLE_HEIGHT = 150  # the Console under a kind's main dock: its results (the WGSL runner's buffers) get the height  # a restored main dock narrower than this is reset


def layout_kind(buffer) -> str:
    """"wgsl" for a WGSL buffer, "c" for a C one, "wasm" for WAT and .wasm buffers (and for no buffer)."""
    language = buffer.language if buffer is not None else None
    return language if language in ("wgsl", "c") else "wasm"


def shown_under(owner: str, kind: str) -> bool:
    """Whether a dock that belongs to `owner` shows in `kind`'s layout."""
    return owner == kind or owner in ALSO_SHOWS.get(kind, ())


class LanguageLayouts:
    """Owned by the MainWindow: switches between the Wasm and the WGSL dock layouts."""

    def __init__(self, window) -> None:
        self.window = window
        self.current = "wasm"
        self.states: dict[str, QByteArray] = {}
        self.known: dict[str, set[str]] = {}  # the docks each saved state knows about
        self.only_in: dict[QDockWidget, str] = {}  # docks that belong to one kind of tab
        self._prepare: dict[str, list[Callable[[], None]]] = {kind: [] for kind in KINDS}
        self._arrange: dict[str, Callable[[], None]] = {}  # how a kind's default layout places its docks
        self.restored = False  # the Wasm layout of the last run was applied at start

    def belongs_to(self, dock: QDockWidget, kind: str) -> None:
        """`dock` shows only under tabs of `kind`."""
        self.only_in[dock] = kind

    def before_showing(self, kind: str, prepare: Callable[[], None]) -> None:
        """Call `prepare` before `kind`'s layout is restored (restoreState places only docks that exist)."""
        self._prepare[kind].append(prepare)

    def arrange_defaults(self, kind: str, arrange: Callable[[], None]) -> None:
        """`arrange` places the docks when `kind`'s default layout is made (after their visibility is set)."""
        self._arrange[kind] = arrange

    def docks_of(self, kind: str) -> list[QDockWidget]:
        return [dock for dock, owner in self.only_in.items() if owner == kind]

    # --- between runs --------------------------------------------------------------------------
    def restore(self) -> None:
        """At start: the Wasm layout of the last run (the window opens on it); the WGSL one kept for later."""
        settings = self.window.settings
        state = settings.value(SETTING["wasm"])
        if state is not None:
            self.restored = bool(self.window.restoreState(state, LAYOUT_VERSION))
        for kind in KINDS[1:]:
            saved = settings.value(SETTING[kind])
            if saved is not None:
                self.states[kind] = QByteArray(saved)
                self.known[kind] = set()  # unknown: the docks it names were not made yet

    def forget(self) -> None:
        """Drop the saved layouts (they did not fit the screen): every kind starts from its defaults."""
        self.states.clear()
        self.known.clear()
        self.restored = False
        for kind in KINDS:
            self.window.settings.remove(SETTING[kind])

    def save(self) -> None:
        """Write both layouts to the settings (the current one as it is now)."""
        self._remember(self.current)
        for kind, state in self.states.items():
            self.window.settings.setValue(SETTING[kind], state)

    # --- switching -----------------------------------------------------------------------------
    def switch(self, kind: str) -> bool:
        """Make `kind`'s layout current (one of KINDS); returns whether anything changed."""
        if kind == self.current:
            return False
        self._remember(self.current)
        self.current = kind
        for prepare in self._prepare[kind]:
            prepare()
        state = self.states.get(kind)
        self._settle_new_docks(kind)  # first: a dock left in the area would hold the state's sizes apart
        if state is None or not self.window.restoreState(state, LAYOUT_VERSION) or self._squashed(kind):
            self.defaults(kind)
        QTimer.singleShot(0, self.window, self.window.hide_stale_tab_bars)
        QTimer.singleShot(0, self.window, self.window.fit_to_screen)
        return True

    def _squashed(self, kind: str) -> bool:
        """True when the kind's main dock is shown narrower than SQUASHED_WIDTH (a layout saved on a wider window)."""
        own = self.docks_of(kind)
        if not own or kind == "wasm" or kind in self._arrange or not self.window.isVisible():  # (a main dock of its own)
            return False
        main = own[0]
        return main.isVisible() and not main.isFloating() and main.width() < SQUASHED_WIDTH

    def _remember(self, kind: str) -> None:
        self.states[kind] = self.window.saveState(LAYOUT_VERSION)
        self.known[kind] = {dock.objectName() for dock in self.window.findChildren(QDockWidget)}

    def defaults(self, kind: str) -> None:
        """The first time: the other kinds' docks hide, this kind's show, and its first one gets half the width.

        A demo page hides the standing panels (console, problems) too.
        """
        own = self.docks_of(kind)
        for dock, owner in self.only_in.items():
            dock.setVisible(shown_under(owner, kind))
        if kind in self._arrange:
            self._arrange[kind]()
        if kind == "demo":
            for dock in self.window.docks.values():
                dock.hide()
        if own and kind not in ("wasm", *self._arrange):
            own[0].raise_()
            self.window.resizeDocks([own[0]], [max(MAIN_DOCK_MIN_WIDTH, self.window.width() // 2)], Qt.Orientation.Horizontal)
            console = self.window.docks.get("console")
            if console is not None and console.isVisible():  # (a 1280x720 window left the runner's buffers 90 px)
                self.window.resizeDocks([console], [SIDE_CONSOLE_HEIGHT], Qt.Orientation.Vertical)

    def _settle_new_docks(self, kind: str) -> None:
        """Docks made after `kind`'s state was saved keep their place; a dock of one kind shows only under it."""
        known = self.known.get(kind)
        if self.states.get(kind) is None or known is None:
            return
        for dock, owner in self.only_in.items():
            if dock.objectName() not in known:
                dock.setVisible(shown_under(owner, kind))
