"""The playground's main window: editor tabs in the middle, the debugger's panels docked around them.

The window holds no engine logic. Buffers are checked by LiveChecker (a
worker), runs go through a DebugController (the debugger's SessionController
by default) whose snapshots arrive through a SessionBridge, the
SessionPresenter (window_session.py) renders each stop in every view,
GpuDocks (window_gpu.py) adds the WGSL runner and the dispatch stepper, and
DemoDocks (window_demos.py) the Demos menu.
"""

from __future__ import annotations

import logging
from pathlib import Path

from PySide6.QtCore import QSettings, QStandardPaths, Qt, QTimer
from PySide6.QtGui import QCloseEvent, QGuiApplication
from PySide6.QtWidgets import QDockWidget, QLabel, QMainWindow, QTabBar, QTabWidget, QWidget

from playground.debug.snapshot import Snapshot
from playground.errors import PlaygroundError
from playground.workbench.autosave import AutosaveStore
from playground.ui.buffers import Buffer
from playground.ui.bytecode_view import BytecodeView
from playground.ui.callstack import CallStackPanel
from playground.workbench.checking import CheckResult, Diagnostic
from playground.ui.command_registry import CommandRegistry
from playground.ui.console import ConsolePanel
from playground.workbench.controller import DebugController
from playground.workbench.session_commands import Debug, Program, Run, RunRequest, SetBreakpoints
from playground.workbench.instr_map import InstrMap, InstrRef
from playground.ui.memory_view import MemoryView
from playground.ui.problems import ProblemsPanel
from playground.workbench.program import exports_of
from playground.ui.run_bar import RunBar
from playground.ui.session_bridge import SessionBridge
from playground.ui.stack_panel import StackPanel
from playground.ui.state_panels import GlobalsPanel, LabelsPanel, LocalsPanel
from playground.ui.theme import system_is_dark
from playground.ui.window_commands import declare_commands
from playground.ui.window_demos import DemoDocks
from playground.ui.window_files import FileActions
from playground.ui.window_gpu import GpuDocks
from playground.ui.window_layouts import LanguageLayouts, layout_kind
from playground.ui.window_session import SessionPresenter
from playground.wasm.errors import SourceSpan

log = logging.getLogger("playground.ui")


def default_controller() -> DebugController:
    """The debugger's SessionController, running sessions in a worker thread."""
    from playground.workbench.session_controller import SessionController

    return SessionController()


def default_data_dir() -> Path:
    """The per-user folder for autosaves and logs (QStandardPaths.AppDataLocation)."""
    location = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.AppDataLocation)
    return Path(location or Path.home() / ".wasm-playground")


class MainWindow(QMainWindow):
    """The whole playground. `controller` defaults to the debugger (`default_controller()`)."""

    def __init__(
        self,
        controller: DebugController | None = None,
        *,
        settings: QSettings | None = None,
        data_dir: str | Path | None = None,
        restore: str = "ask",
    ) -> None:
        super().__init__()
        self.setWindowTitle("wasm-playground")
        self.resize(1400, 900)
        self.setAcceptDrops(True)
        self.settings = settings or QSettings()
        self.data_dir = Path(data_dir) if data_dir is not None else default_data_dir()
        self.autosave = AutosaveStore(self.data_dir / "autosave")
        self.buffers: dict[QWidget, Buffer] = {}
        self.session_state = "ready"
        self.session_buffer: Buffer | None = None
        self.last_snapshot: Snapshot | None = None
        self.dark = system_is_dark()

        self.tabs = QTabWidget()
        self.tabs.setTabsClosable(True)
        self.tabs.setDocumentMode(True)
        self.tabs.setMovable(True)
        self.tabs.currentChanged.connect(self._current_tab_changed)
        self.setCentralWidget(self.tabs)

        self._build_panels()
        self.bridge = SessionBridge(self)
        self.bridge.snapshotReady.connect(self.show_snapshot)
        self.bridge.outputReady.connect(self.console.write)
        self.controller: DebugController = controller or default_controller()
        self.controller.set_listener(self.bridge)

        self.run_bar = RunBar(self)
        self.addToolBar(self.run_bar)
        self.commands = CommandRegistry(self)
        self.files = FileActions(self)
        self.tabs.tabCloseRequested.connect(lambda index: self.files.close_tab(index))
        declare_commands(self)
        self.gpu = GpuDocks(self)
        self.gpu.declare_commands()
        self.demos = DemoDocks(self)
        self.demos.declare_commands()
        self._build_view_menu()
        self.session_view = SessionPresenter(self)
        self.layouts = LanguageLayouts(self)

        self.session_label = QLabel("Ready")
        self.statusBar().addPermanentWidget(self.session_label)
        self.statusBar().showMessage("Ready", 3000)
        self._restore_layout()
        self.autosave_timer = QTimer(self)
        self.autosave_timer.setInterval(5000)
        self.autosave_timer.timeout.connect(self.files.autosave_now)
        self.autosave_timer.start()
        self.files.offer_restore(restore)
        self.commands.update()
        chosen = self.settings.value("view/dark")
        if chosen is not None:  # the user's choice from the View menu outlasts the system's scheme
            self.set_dark(str(chosen).lower() == "true")
        hints = QGuiApplication.styleHints()
        if hasattr(hints, "colorSchemeChanged"):
            hints.colorSchemeChanged.connect(self._system_scheme_changed)

    def _system_scheme_changed(self, _scheme) -> None:
        if self.settings.value("view/dark") is None:
            self.set_dark(system_is_dark())

    def set_dark(self, dark: bool) -> None:
        """Switch the application palette and the editors' colours."""
        from PySide6.QtWidgets import QApplication

        from playground.ui.theme import apply_theme

        self.dark = apply_theme(QApplication.instance(), dark)
        for buffer in self.buffers.values():
            buffer.editor.set_dark(self.dark)
        if hasattr(self, "commands") and "dark_palette" in self.commands.commands:
            self.commands.action("dark_palette").setChecked(self.dark)

    def toggle_dark(self) -> None:
        """View > Dark Palette: switch, and remember the choice for the next start."""
        self.set_dark(not self.dark)
        self.settings.setValue("view/dark", self.dark)

    # --- layout -------------------------------------------------------------------

    def _dock(self, title: str, name: str, widget: QWidget, area) -> QDockWidget:
        dock = QDockWidget(title, self)
        dock.setObjectName(name)
        dock.setWidget(widget)
        self.addDockWidget(area, dock)
        return dock

    def _build_panels(self) -> None:
        right, bottom = Qt.DockWidgetArea.RightDockWidgetArea, Qt.DockWidgetArea.BottomDockWidgetArea
        self.stack_panel = StackPanel()
        self.callstack = CallStackPanel()
        self.locals_panel = LocalsPanel()
        self.labels_panel = LabelsPanel()
        self.globals_panel = GlobalsPanel()
        self.console = ConsolePanel()
        self.problems = ProblemsPanel()
        self.memory = MemoryView()
        self.bytecode = BytecodeView()
        self.docks = {
            "stack": self._dock("Operand stack", "dock_stack", self.stack_panel, right),
            "callstack": self._dock("Call stack", "dock_callstack", self.callstack, right),
            "locals": self._dock("Locals", "dock_locals", self.locals_panel, right),
            "console": self._dock("Console", "dock_console", self.console, bottom),
            "memory": self._dock("Memory", "dock_memory", self.memory, bottom),
        }
        self.docks["labels"] = self._dock("Labels", "dock_labels", self.labels_panel, right)
        self.docks["globals"] = self._dock("Globals", "dock_globals", self.globals_panel, right)
        self.docks["problems"] = self._dock("Problems", "dock_problems", self.problems, bottom)
        self.docks["bytecode"] = self._dock("Bytecode", "dock_bytecode", self.bytecode, bottom)
        self.tabifyDockWidget(self.docks["callstack"], self.docks["labels"])
        self.tabifyDockWidget(self.docks["locals"], self.docks["globals"])
        self.tabifyDockWidget(self.docks["console"], self.docks["problems"])
        self.tabifyDockWidget(self.docks["memory"], self.docks["bytecode"])
        self.docks["callstack"].raise_()
        self.docks["locals"].raise_()
        self.docks["console"].raise_()
        self.docks["memory"].raise_()
        self.resizeDocks([self.docks["stack"]], [380], Qt.Orientation.Horizontal)
        self.resizeDocks([self.docks["console"]], [260], Qt.Orientation.Vertical)

        self.stack_panel.hexChanged.connect(self._hex_changed)
        self.callstack.frameSelected.connect(lambda frame: self.session_view.frame_selected(frame))
        self.callstack.locationSelected.connect(lambda location: self.show_location(location))
        self.problems.jump.connect(self._jump_to_problem)
        self.memory.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.bytecode.message.connect(lambda text: self.statusBar().showMessage(text, 8000))
        self.bytecode.instructionSelected.connect(self._bytecode_instruction_selected)

    def _build_view_menu(self) -> None:
        menu = self.commands.menu("&View")
        for dock in self.docks.values():
            menu.addAction(dock.toggleViewAction())
        menu.addSeparator()
        menu.addAction(self.run_bar.toggleViewAction())
        menu.addSeparator()
        self._view_extra = menu.addSeparator()
        dark = self.commands.add_command("dark_palette", "&View", "&Dark Palette", self.toggle_dark, tip="Switch between the light and the dark palette")
        dark.setCheckable(True)
        dark.setChecked(self.dark)

    def view_menu_add(self, dock: QDockWidget) -> None:
        """List a dock made later (GPU views) in the View menu."""
        self.commands.menu("&View").insertAction(self._view_extra, dock.toggleViewAction())
    def _restore_layout(self) -> None:
        geometry = self.settings.value("window/geometry")
        if geometry is not None:
            self.restoreGeometry(geometry)
        self.layouts.restore()

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

    def reset_layout(self) -> None:
        for dock in self.docks.values():
            dock.setFloating(False)
            dock.show()
        self.run_bar.show()
        if self.layouts.current == "wgsl":
            self.layouts.defaults("wgsl")
        QTimer.singleShot(0, self, self.hide_stale_tab_bars)

    # --- buffers --------------------------------------------------------------------

    def current_buffer(self) -> Buffer | None:
        return self.buffers.get(self.tabs.currentWidget())

    def add_buffer(self, buffer: Buffer) -> Buffer:
        """Show a buffer in a new tab and wire its editor."""
        editor = buffer.editor
        editor.set_dark(self.dark)
        self.buffers[editor] = buffer
        editor.document().modificationChanged.connect(lambda _m, b=buffer: self._update_tab_title(b))
        editor.filesDropped.connect(lambda paths: [self.files.open_file(p) for p in paths])
        editor.cursorOffsetChanged.connect(lambda offset, b=buffer: self._cursor_moved(b, offset))
        editor.breakpointToggled.connect(lambda _line, _on, b=buffer: self._breakpoints_changed(b))
        editor.breakpointsMoved.connect(lambda _lines, b=buffer: self._breakpoints_changed(b))
        editor.textChanged.connect(lambda b=buffer: self.session_view.buffer_edited(b))
        if buffer.checker is not None:
            buffer.checker.checked.connect(lambda result, b=buffer: self.apply_check(b, result))
            editor.textChanged.connect(lambda b=buffer: b.checker.schedule(b.editor.toPlainText()))
            buffer.checker.check_now(editor.toPlainText())
        index = self.tabs.addTab(editor, buffer.display_title())
        self.tabs.setTabToolTip(index, str(buffer.path) if buffer.path else buffer.title)
        self.tabs.setCurrentIndex(index)
        return buffer

    def open_file(self, path: str | Path) -> Buffer | None:
        """Open a .wat, .wgsl or .wasm file in a new tab (a clear message when it cannot be read)."""
        return self.files.open_file(path)

    def _update_tab_title(self, buffer: Buffer) -> None:
        index = self.tabs.indexOf(buffer.editor)
        if index >= 0:
            self.tabs.setTabText(index, buffer.display_title())
        self.commands.update()

    def _current_tab_changed(self, _index: int) -> None:
        buffer = self.current_buffer()
        self._show_buffer_products(buffer)
        if hasattr(self, "layouts") and buffer is not None:
            self.layouts.switch(layout_kind(buffer))  # before the runner first shows: the Wasm layout is kept without it
        if hasattr(self, "gpu"):
            self.gpu.current_tab_changed(buffer)
        if hasattr(self, "commands"):
            self.commands.update()

    def _show_buffer_products(self, buffer: Buffer | None) -> None:
        """Problems, exports and bytecode of the current buffer."""
        result = buffer.result if buffer else None
        if buffer is None:
            self.problems.set_problems([])
            self.run_bar.set_exports([])
            self.bytecode.set_binary(None, None)
            return
        if buffer.language == "wat":
            self.problems.set_problems(list(result.diagnostics) if result else [])
        # A WAT buffer's own module names the parameters; its assembled binary has no name section.
        if result is None:
            module = None
        elif buffer.language == "wasm":
            module = result.binary_module or result.module
        else:
            module = result.module or result.binary_module
        broken = module is None and result is not None and any(d.severity == "error" for d in result.diagnostics)
        self.run_bar.set_exports(exports_of(module) if module is not None else [], "(fix the problems to run)" if broken else None)
        if buffer.language == "wasm":
            self.bytecode.set_binary(buffer.binary, result.binary_module if result else None)
        elif result is not None:
            self.bytecode.set_binary(result.binary, result.binary_module, result.module, result.binary_note)
        else:
            self.bytecode.set_binary(None, None)

    # --- live checking ----------------------------------------------------------------

    def apply_check(self, buffer: Buffer, result: CheckResult) -> None:
        """A check of `buffer` finished: underline its problems, refresh exports and bytecode."""
        buffer.result = result
        buffer.instr_map = InstrMap(result.module, result.binary_module)
        buffer.editor.set_diagnostics(result.diagnostics)
        if buffer is self.current_buffer():
            self._show_buffer_products(buffer)
        self.commands.update()

    def _jump_to_problem(self, diagnostic: Diagnostic) -> None:
        buffer = self.current_buffer()
        if buffer is not None and diagnostic.span is not None:
            buffer.editor.select_span(diagnostic.span)

    # --- editor <-> bytecode ----------------------------------------------------------------

    def _cursor_moved(self, buffer: Buffer, offset: int) -> None:
        if buffer is not self.current_buffer():
            return
        if buffer.language == "wasm":
            line = buffer.editor.textCursor().blockNumber() + 1
            found = next((key for key, at in buffer.line_map.items() if at == line), None)
            ref = InstrRef(*found) if found else None
        else:
            ref = buffer.instr_map.at_text(offset)
        self.bytecode.highlight_instruction(ref)

    def _bytecode_instruction_selected(self, ref: InstrRef) -> None:
        buffer = self.current_buffer()
        if buffer is None:
            return
        if buffer.language == "wasm":
            line = buffer.line_map.get((ref.funcidx, ref.index))
            span = self._line_span(buffer, line) if line else None
        else:
            span = buffer.instr_map.span_of(ref)
        if span is not None:
            buffer.editor.blockSignals(True)  # the selection came from the bytes: don't bounce back
            buffer.editor.select_span(span)
            buffer.editor.blockSignals(False)
            buffer.editor.gutter.update()

    @staticmethod
    def _line_span(buffer: Buffer, line: int) -> SourceSpan:
        """The text of one disassembly line, without its indentation."""
        text = buffer.editor.document().findBlockByNumber(line - 1).text()
        indent = len(text) - len(text.lstrip())
        return SourceSpan(line, indent + 1, line, len(text) + 1)

    # --- the session ----------------------------------------------------------------------

    def run_request(self) -> RunRequest:
        """What the run bar asks for, from the current buffer; PlaygroundError when nothing can run."""
        buffer = self.current_buffer()
        if buffer is None or not buffer.runnable:
            raise PlaygroundError("open a WAT or .wasm file to run")
        sig = self.run_bar.current_export()
        if sig is None:
            raise PlaygroundError("the module exports no function to run")
        if buffer.language == "wasm":
            program = Program(binary=buffer.binary, file=str(buffer.path) if buffer.path else buffer.title)
        else:
            program = Program(text=buffer.editor.toPlainText(), file=str(buffer.path) if buffer.path else buffer.title)
        return RunRequest(program, sig.name, tuple(self.run_bar.arguments()), buffer.editor.breakpoints)

    def start_session(self, debug: bool) -> None:
        request = self.run_request()
        if self.session_buffer is not None:
            self.session_buffer.editor.set_annotations([])
            self.session_buffer.editor.highlight_span(None)
        self.session_buffer = self.current_buffer()
        self.console.write(f"{'debug' if debug else 'run'} {request.export}({', '.join(request.args)})", "info")
        self.controller.send(Debug(request) if debug else Run(request))

    def _breakpoints_changed(self, buffer: Buffer) -> None:
        if buffer is self.session_buffer or self.session_buffer is None:
            self.controller.send(SetBreakpoints(self.session_lines(buffer.editor.breakpoints)))

    def session_lines(self, lines) -> frozenset[int]:
        """Editor lines as the running session numbers them: its text may be older than the editor's."""
        mapped = (self.session_view.session_line(line) for line in lines)
        return frozenset(line for line in mapped if line is not None)

    def show_snapshot(self, snapshot: Snapshot) -> None:
        """Render one stop in every view, the status bar and the editor (window_session.py)."""
        self.session_view.show_snapshot(snapshot)

    def show_location(self, location) -> None:
        """Mark an instruction's exact span in the session's editor."""
        self.session_view.show_location(location)

    @staticmethod
    def describe_state(snapshot: Snapshot) -> str:
        """The status bar's session text: Ready, Running…, Paused at $fib+12, Trapped: ..., Finished: 8."""
        if snapshot.state == "paused" and snapshot.location is not None:
            return f"Paused at {snapshot.location}"
        if snapshot.state == "running":
            return "Running…"
        if snapshot.reason == "stopped":
            return f"Stopped at step {snapshot.step:,}"
        if snapshot.state == "trapped":
            return f"Trapped: {snapshot.message.removeprefix('trap: ')}" if snapshot.message else "Trapped"
        if snapshot.state == "finished":
            shown = ", ".join(v.text for v in snapshot.results)
            return f"Finished: {shown}" if shown else "Finished"
        return "Ready"

    def _hex_changed(self, on: bool) -> None:
        self.locals_panel.set_hex(on)
        self.globals_panel.set_hex(on)

    def report_error(self, exc: BaseException) -> None:
        """Show an error from a command: user errors plainly, bugs as an internal error (logged)."""
        if isinstance(exc, PlaygroundError):
            text = str(exc)
        else:
            log.error("internal error", exc_info=exc)
            text = f"internal error: {type(exc).__name__}: {exc}"
        self.console.write(text, "error")
        self.statusBar().showMessage(text, 10000)
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
        if not self.files.confirm_close_all():
            event.ignore()
            return
        for buffer in self.buffers.values():  # a normal close: no crash copy is left to offer next time
            self.autosave.discard(buffer.buffer_id)
        self.save_layout()
        self.autosave_timer.stop()
        self.session_view.timer.stop()
        self.controller.shutdown()
        event.accept()
