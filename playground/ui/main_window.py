"""The playground's main window: editor tabs (and demo pages) in the middle, the features' docks around them.

The window itself is the small core every feature builds on: the tabs of
buffers and pages, the command registry and its menus, the console, the
dock and layout bookkeeping, the palette, and keeping itself on the screen.
Each feature folder adds itself with one `install(window)`, declaring its
commands and its docks, as Thonny's plugins do: `editor/` (files, the code
editor, live checking, problems), `debugger/` (the run bar, each tab's
session and the panels), `gpu/` (the WGSL runner and the dispatch stepper),
`demos/` (Compare, image filters, digits), and help.py. Features hear about
buffers through the window's signals and never import each other.

A page is a tab that is not a buffer: a demo or the dispatch stepper. It
sits in a scroll box (screen_fit.py), so however much room it would like it
never grows the window past the screen, and it has a dock layout of its own
("demo": the debugger's panels and the console make way for it).
"""

from __future__ import annotations

import logging
from pathlib import Path
from typing import Callable

from PySide6.QtCore import QSettings, QStandardPaths, Qt, QTimer, Signal
from PySide6.QtGui import QCloseEvent, QGuiApplication
from PySide6.QtWidgets import QApplication, QDockWidget, QMainWindow, QTabBar, QTabWidget, QToolBar, QWidget

from playground.errors import PlaygroundError
from playground.ui import c, debugger, demos, editor, gpu, help
from playground.ui.command_registry import CommandRegistry
from playground.ui.console import ConsolePanel
from playground.ui.editor.buffer import Buffer
from playground.ui.layouts import LanguageLayouts, layout_kind
from playground.ui.runners import LanguageRunner
from playground.ui.screen_fit import available_geometry, fit_window, fits, scroll_box, starting_size
from playground.ui.settings import feature as settings_feature
from playground.ui.start_hint import StartHint
from playground.ui.theme import apply_theme, system_is_dark
from playground.workbench.controller import DebugController

log = logging.getLogger("playground.ui")

# The main menus, left to right, whichever feature mentions one first.
MENU_ORDER = ("&File", "&Edit", "&Samples", "&Run", "&View", "&GPU", "&Demos", "&Help")
BOTTOM = Qt.DockWidgetArea.BottomDockWidgetArea
CONSOLE_HEIGHT = 260


def default_data_dir() -> Path:
    """The per-user folder for autosaves and logs (QStandardPaths.AppDataLocation)."""
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(location or Path.home() / ".wasm-playground")


class MainWindow(QMainWindow):
    """The whole playground. `make_controller` makes each tab's debug controller (default: SessionController).

    Features: `editor` (files, checking, problems), `debugger`, `gpu`, `demos`.
    """

    bufferAdded = Signal(object)  # a Buffer, wired by the features before its tab shows
    bufferClosed = Signal(object)  # a Buffer whose tab was closed
    bufferChecked = Signal(object)  # a Buffer whose CheckResult (problems, module, binary) is new
    currentBufferChanged = Signal(object)  # the current Buffer, or None
    pageClosed = Signal(object)  # a page (a tab that is not a buffer) whose tab was closed
    closing = Signal()  # the window closes (the user agreed): stop workers and timers
    layoutReset = Signal()  # View > Reset Layout showed every standing panel

    def __init__(
        self,
        make_controller: Callable[[], DebugController] | None = None,
        *,
        settings: QSettings | None = None,
        data_dir: str | Path | None = None,
        restore: str = "ask",
        welcome: bool = True,
    ) -> None:
        super().__init__()
        self.setWindowTitle("wasm-playground")
        self.resize(starting_size(self))
        self.setAcceptDrops(True)
        self.settings = settings or QSettings()
        self.data_dir = Path(data_dir) if data_dir is not None else default_data_dir()
        self.dark = system_is_dark()
        self.buffers: dict[QWidget, Buffer] = {}
        self.pages: dict[QWidget, str] = {}  # tabs that are not buffers (in their scroll box), by layout kind
        self.docks: dict[str, QDockWidget] = {}  # the standing panels, by name; Reset Layout shows them all
        self.toolbars: list[QToolBar] = []
        self.runners: dict[str, LanguageRunner] = {}  # what Run means on a tab, by its language
        self.layout_was_reset = False  # the saved layout did not fit the screen at start

        self.tabs = QTabWidget()
        self.tabs.setTabsClosable(True)
        self.tabs.setDocumentMode(True)
        self.tabs.setMovable(True)
        self.setCentralWidget(self.tabs)
        self.commands = CommandRegistry(self, menu_order=MENU_ORDER, on_error=self.report_error)
        self.layouts = LanguageLayouts(self)
        view = self.commands.menu("&View")
        self._docks_end = view.addSeparator()  # dock toggles go before it, toolbar toggles after
        self._toolbars_end = view.addSeparator()
        self.console = ConsolePanel()
        self.add_dock("console", "Console", self.console, BOTTOM)

        self.editor = editor.install(self)
        self.debugger = debugger.install(self, make_controller)
        self.c = c.install(self)  # C tabs: compile, the linked C ⇄ Wasm view, C variables (joins the debugger's docks)
        self.gpu = gpu.install(self)
        self.demos = demos.install(self)
        self.help = help.install(self, welcome=welcome)
        self.run_settings = settings_feature.install(self)  # Edit > Settings: the runs' limits and engine
        self._declare_commands()
        self.start_hint = StartHint(self.tabs, self.commands)  # the empty tab area says where to start
        self.resizeDocks([self.docks["console"]], [CONSOLE_HEIGHT], Qt.Orientation.Vertical)

        self.tabs.currentChanged.connect(self._current_tab_changed)
        self.tabs.tabCloseRequested.connect(self.close_tab)
        self.statusBar().showMessage("Ready", 3000)
        self._restore_layout()
        self.editor.files.start_autosave(restore)
        self.commands.update()
        chosen = self.settings.value("view/dark")
        if chosen is not None:  # the user's choice from the View menu outlasts the system's scheme
            self.set_dark(str(chosen).lower() == "true")
        QGuiApplication.styleHints().colorSchemeChanged.connect(self._system_scheme_changed)

    def _declare_commands(self) -> None:
        reg = self.commands
        reg.add_command("reset_layout", "&View", "&Reset Layout", self.reset_layout)
        dark = reg.add_command("dark_palette", "&View", "&Dark Palette", self.toggle_dark,
                               tip="Switch between the light and the dark palette")
        dark.setCheckable(True)
        dark.setChecked(self.dark)

    # --- docks and toolbars ---------------------------------------------------------------

    def add_dock(
        self,
        name: str,
        title: str,
        widget: QWidget,
        area: Qt.DockWidgetArea,
        *,
        tab_behind: str | None = None,
        only_in: str | None = None,
        panel: bool = True,
        scroll: bool = False,
    ) -> QDockWidget:
        """Dock `widget` (object name `dock_<name>`, listed in the View menu).

        `tab_behind`: tabbed with that dock, which stays in front. `only_in`: shown only
        under tabs of that layout kind ("wasm", "wgsl"). `panel`: one of the standing
        panels (in `docks`, shown again by Reset Layout); docks made on demand pass False.
        `scroll`: the widget goes in a scroll box, for views whose minimum size is
        large (the dock would otherwise grow the window past a small screen).
        """
        dock = QDockWidget(title, self)
        dock.setObjectName(f"dock_{name}")
        dock.setWidget(scroll_box(widget) if scroll else widget)
        dock.visibilityChanged.connect(lambda visible: visible and QTimer.singleShot(0, self, self.fit_to_screen))
        self.addDockWidget(area, dock)
        if tab_behind is not None:
            self.tabifyDockWidget(self.docks[tab_behind], dock)
            self.docks[tab_behind].raise_()
        if only_in is not None:
            self.layouts.belongs_to(dock, only_in)
        if panel:
            self.docks[name] = dock
        self.commands.menu("&View").insertAction(self._docks_end, dock.toggleViewAction())
        return dock

    def add_toolbar(self, toolbar: QToolBar) -> QToolBar:
        """Add a toolbar (listed in the View menu, shown again by Reset Layout)."""
        self.addToolBar(toolbar)
        self.toolbars.append(toolbar)
        self.commands.menu("&View").insertAction(self._toolbars_end, toolbar.toggleViewAction())
        return toolbar

    def _restore_layout(self) -> None:
        """The last run's geometry and layouts, unless they no longer fit this screen: then the defaults."""
        default_geometry, default_state = self.saveGeometry(), self.saveState()
        geometry = self.settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        self.layouts.restore()
        if (geometry is not None or self.layouts.restored) and not fits(self):
            self.restoreGeometry(default_geometry)
            self.restoreState(default_state)
            self.resize(starting_size(self))
            self.layouts.forget()
            self.layout_was_reset = True
            self.console.write("The layout saved last time does not fit this screen: the default layout is back.", "info")

    def fit_to_screen(self) -> bool:
        """Put the window back inside its screen's available area (after a dock or a page opened); True when it moved."""
        return fit_window(self)

    def available_geometry(self):
        """The available area of the screen the window is on."""
        return available_geometry(self)

    def save_layout(self) -> None:
        """Remember the window's geometry and its dock layouts, one per kind of tab (QSettings)."""
        self.settings.setValue("window/geometry", self.saveGeometry())
        self.layouts.save()
        self.settings.sync()

    def hide_stale_tab_bars(self) -> int:
        """Hide dock tab bars that Qt left over from layouts computed before the window showed.

        Qt (6.11, 6.12) keeps such a bar visible at its old place, where it peeks
        out between the docks. A live bar sits right under the dock it switches.
        Returns how many were hidden.
        """
        hidden = 0
        for bar in self.findChildren(QTabBar, options=Qt.FindChildOption.FindDirectChildrenOnly):
            if not bar.isVisible():
                continue
            titles = {bar.tabText(i) for i in range(bar.count())}
            live = False
            for dock in self.docks.values():
                if dock.windowTitle() in titles and dock.isVisible() and not dock.isFloating():
                    g = dock.geometry()
                    live = live or (abs(bar.x() - g.x()) <= 3 and abs(bar.y() - (g.y() + g.height())) <= 6)
            if not live:
                bar.hide()
                hidden += 1
        return hidden

    def showEvent(self, event) -> None:  # noqa: N802
        super().showEvent(event)
        QTimer.singleShot(0, self, self.hide_stale_tab_bars)
        QTimer.singleShot(0, self, self.fit_to_screen)

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        self.debugger.fit_toolbars(self.width())

    def reset_layout(self) -> None:
        """View > Reset Layout: every standing panel and toolbar back, docked; a WGSL tab's own layout again."""
        for dock in self.docks.values():
            dock.setFloating(False)
            dock.show()
        for toolbar in self.toolbars:
            toolbar.show()
        if self.layouts.current != "wasm":
            self.layouts.defaults(self.layouts.current)
        self.layoutReset.emit()
        QTimer.singleShot(0, self, self.hide_stale_tab_bars)

    # --- palette ---------------------------------------------------------------------------

    def _system_scheme_changed(self, _scheme) -> None:
        if self.settings.value("view/dark") is None:
            self.set_dark(system_is_dark())

    def set_dark(self, dark: bool) -> None:
        """Switch the application palette and the editors' colours."""
        self.dark = apply_theme(QApplication.instance(), dark)
        for buffer in self.buffers.values():
            buffer.editor.set_dark(self.dark)
        self.commands.action("dark_palette").setChecked(self.dark)

    def toggle_dark(self) -> None:
        """View > Dark Palette: switch, and remember the choice for the next start."""
        self.set_dark(not self.dark)
        self.settings.setValue("view/dark", self.dark)

    # --- buffers --------------------------------------------------------------------------------

    def current_buffer(self) -> Buffer | None:
        return self.buffers.get(self.tabs.currentWidget())

    def current_page(self) -> QWidget | None:
        """The view of the current tab when it is a page (a demo, the dispatch stepper), else None."""
        box = self.tabs.currentWidget()
        return box.widget() if box in self.pages else None

    def add_page(self, view: QWidget, title: str, *, kind: str = "demo", tip: str = "") -> QWidget:
        """Show `view` as a tab of the central area, in a scroll box; returns the box (the tab's widget)."""
        box = scroll_box(view)
        self.pages[box] = kind
        index = self.tabs.addTab(box, title)
        if tip:
            self.tabs.setTabToolTip(index, tip)
        self.tabs.setCurrentIndex(index)
        QTimer.singleShot(0, self, self.fit_to_screen)
        return box

    def show_page(self, view: QWidget) -> bool:
        """Make the tab holding `view` current; False when it is not a page of this window."""
        for box in self.pages:
            if box.widget() is view:
                self.tabs.setCurrentWidget(box)
                return True
        return False

    def close_tab(self, index: int | None = None) -> bool:
        """Close a tab (the current one by default): a buffer asks about unsaved changes first. Returns whether it closed."""
        index = self.tabs.currentIndex() if index is None else index
        box = self.tabs.widget(index)
        if box not in self.pages:
            return self.editor.files.close_tab(index)
        view = box.widget()
        view.close()  # its closeEvent waits for its worker
        self.tabs.removeTab(index)
        del self.pages[box]
        self.pageClosed.emit(view)
        box.deleteLater()
        return True

    def add_buffer(self, buffer: Buffer) -> Buffer:
        """Show a buffer in a new tab; the features wire its editor first (`bufferAdded`)."""
        editor = buffer.editor
        editor.set_dark(self.dark)
        self.buffers[editor] = buffer
        editor.document().modificationChanged.connect(lambda _m, b=buffer: self.update_tab_title(b))
        self.bufferAdded.emit(buffer)
        index = self.tabs.addTab(editor, buffer.display_title())
        self.tabs.setTabToolTip(index, str(buffer.path) if buffer.path else buffer.title)
        self.tabs.setCurrentIndex(index)
        return buffer

    def remove_buffer(self, buffer: Buffer) -> None:
        """Take a buffer's tab away (the editor feature asked about unsaved changes first)."""
        self.tabs.removeTab(self.tabs.indexOf(buffer.editor))
        del self.buffers[buffer.editor]
        if buffer.checker is not None:
            buffer.checker.stop()
        self.bufferClosed.emit(buffer)
        buffer.editor.deleteLater()

    def open_file(self, path: str | Path) -> Buffer | None:
        """Open a .wat, .wgsl or .wasm file in a new tab (a clear message when it cannot be read)."""
        return self.editor.files.open_file(path)

    def update_tab_title(self, buffer: Buffer) -> None:
        """The tab's title follows the buffer's name and its unsaved mark."""
        index = self.tabs.indexOf(buffer.editor)
        if index >= 0:
            self.tabs.setTabText(index, buffer.display_title())
        self.commands.update()

    def _current_tab_changed(self, _index: int) -> None:
        buffer = self.current_buffer()
        page_kind = self.pages.get(self.tabs.currentWidget())
        if buffer is not None or page_kind is not None:
            # before the features show it: the runner follows its tab
            self.layouts.switch(page_kind or layout_kind(buffer))
        self.currentBufferChanged.emit(buffer)
        self.commands.update()

    # --- messages -------------------------------------------------------------------------

    def report_error(self, exc: BaseException) -> None:
        """Show an error from a command: user errors plainly, bugs as an internal error (logged)."""
        if isinstance(exc, PlaygroundError):
            text = str(exc)
        else:
            log.error("internal error", exc_info=exc)
            text = f"internal error: {type(exc).__name__}: {exc}"
        self.console.write(text, "error")
        self.statusBar().showMessage(text, 10000)
        self.docks["console"].show()  # (a demo page's layout hides it)
        self.docks["console"].raise_()

    # --- window events ---------------------------------------------------------------------

    def dragEnterEvent(self, event) -> None:  # noqa: N802
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event) -> None:  # noqa: N802
        for url in event.mimeData().urls():
            if url.isLocalFile():
                self.open_file(url.toLocalFile())
        event.acceptProposedAction()

    def closeEvent(self, event: QCloseEvent) -> None:  # noqa: N802
        if not self.editor.files.confirm_close_all():
            event.ignore()
            return
        self.save_layout()
        for box in list(self.pages):
            box.widget().close()  # a page's closeEvent waits for its worker: no thread may outlive the window
        for buffer in self.buffers.values():
            if buffer.checker is not None:
                buffer.checker.stop()  # a closed window applies no late check results
        self.closing.emit()
        event.accept()
