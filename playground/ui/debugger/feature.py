"""The debugger feature: the run bar, one debug session per WAT or .wasm tab, and the panels that show the current tab's.

`install(window, make_controller)` docks the operand stack, call stack,
locals, labels, globals, memory and bytecode panels (shown under Wasm tabs
only), adds the run bar and the Run menu (commands.py), and registers itself
as what Run means on WAT and .wasm tabs.

Each tab owns a `TabSession` (workbench/tab_session.py): its controller (the
workbench's SessionController by default, made on the tab's first Run or
Debug), its breakpoints (the editor's), its chosen export and arguments, its
last stop and its status text. The panels always show the current tab's
session; switching tabs switches what they show. The news of every tab's
controller arrive through one SessionBridge, tagged with the tab; the
SessionPresenter (presenter.py) records each stop in its tab and renders it
when that tab is the current one.
"""

from __future__ import annotations

from typing import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from playground.debug.snapshot import Snapshot
from playground.debug.states import SessionState
from playground.errors import PlaygroundError
from playground.ui.debugger.bytecode_view import BytecodeView
from playground.ui.debugger.callstack import CallStackPanel
from playground.ui.debugger.commands import NOTHING_TO_RUN, RUN_TIP, declare_commands
from playground.ui.debugger.exception_view import ExceptionPanel
from playground.ui.debugger.heap_view import HeapPanel
from playground.ui.debugger.memory_view import MemoryView
from playground.ui.debugger.presenter import SessionPresenter
from playground.ui.debugger.relevant_dock import RelevantDock
from playground.ui.debugger.run_bar import CommandBar, RunBar, fit_bars
from playground.ui.debugger.session_bridge import SessionBridge
from playground.ui.debugger.stack_panel import StackPanel
from playground.ui.debugger.state_panels import GlobalsPanel, LabelsPanel, LocalsPanel
from playground.ui.debugger.wasi_support import WasiSupport
from playground.workbench.buffers import RUNNABLE, program_of
from playground.workbench.controller import DebugController, IdleController
from playground.workbench.instr_map import InstrRef
from playground.workbench.panel_relevance import checked_module, has_exceptions, has_heap
from playground.workbench.program import exports_of
from playground.workbench.session_commands import Debug, Run, RunRequest, SessionCommand, SetBreakpoints
from playground.workbench.session_controller import SessionController
from playground.workbench.tab_session import RunChoice, TabSession

RIGHT, BOTTOM = Qt.DockWidgetArea.RightDockWidgetArea, Qt.DockWidgetArea.BottomDockWidgetArea
STACK_WIDTH = 380
BROKEN = "fix the problems to run"  # the run bar's picker when the code has errors
NO_EXPORTS_IN = {None: "no tab open", "wgsl": "a shader: Run dispatches it"}  # the picker on a tab with no exports to pick


class DebuggerFeature:
    """Owned by the MainWindow as `window.debugger`; see the module docstring.

    `sessions` maps each runnable tab's Buffer to its TabSession. `active` is
    the current tab's (None on a WGSL tab, a demo or no tab); `controller`,
    `session_state` and `last_snapshot` are the active session's.
    """

    def __init__(self, window, make_controller: Callable[[], DebugController] | None = None) -> None:
        self.window = window
        self.make_controller = make_controller or SessionController
        self.sessions: dict[object, TabSession] = {}
        self._idle = IdleController()
        self._scratch_choice = RunChoice()  # the run bar's state when no runnable tab is current
        self._shown_buffer = None  # the buffer whose session the panels and the run bar show

        self.stack_panel = StackPanel()
        self.callstack = CallStackPanel()
        self.locals_panel = LocalsPanel()
        self.labels_panel = LabelsPanel()
        self.globals_panel = GlobalsPanel()
        self.memory = MemoryView()
        self.bytecode = BytecodeView()
        self.exception_panel = ExceptionPanel()
        self.heap_panel = HeapPanel()
        dock = window.add_dock
        dock("stack", "Operand stack", self.stack_panel, RIGHT, only_in="wasm")
        dock("callstack", "Call stack", self.callstack, RIGHT, only_in="wasm")
        dock("locals", "Locals", self.locals_panel, RIGHT, only_in="wasm")
        dock("memory", "Memory", self.memory, BOTTOM, only_in="wasm")
        dock("labels", "Labels", self.labels_panel, RIGHT, tab_behind="callstack", only_in="wasm")
        dock("globals", "Globals", self.globals_panel, RIGHT, tab_behind="locals", only_in="wasm")
        dock("exception", "Exception", self.exception_panel, RIGHT, tab_behind="callstack", only_in="wasm")
        dock("bytecode", "Bytecode", self.bytecode, BOTTOM, tab_behind="memory", only_in="wasm")
        dock("heap", "Heap", self.heap_panel, BOTTOM, tab_behind="memory", only_in="wasm")
        window.resizeDocks([window.docks["stack"]], [STACK_WIDTH], Qt.Orientation.Horizontal)
        self.relevant_docks = (RelevantDock(window, window.docks["heap"], has_heap),  # only for modules that use them
                               RelevantDock(window, window.docks["exception"], has_exceptions))
        self.run_bar = window.add_toolbar(RunBar(window))
        self.command_bar = window.add_toolbar(CommandBar(window))
        self._bars_width = 0  # the window width the bars were last fitted to
        self.session_label = QLabel("Ready")
        window.statusBar().addPermanentWidget(self.session_label)

        self.bridge = SessionBridge(window)
        self.presenter = SessionPresenter(self)
        self.bridge.sessionSnapshot.connect(self._session_stopped)
        self.bridge.outputReady.connect(window.console.write)
        self._wire_panels()
        declare_commands(self)
        self.command_bar.set_icons()
        self.run_bar.set_exports([], NO_EXPORTS_IN[None], broken=False)  # the window opens with no tab
        self.run_bar.refit.connect(lambda: self.fit_toolbars())
        for language in RUNNABLE:
            window.runners[language] = self
        # a feature that readies its tabs before they run, by language: `pending(buffer)` says it has work to do
        # (Run and Debug stay enabled for it), `prepare(buffer, start)` does it and answers True when it will
        # call `start()` itself; False: the session starts now, as it is (ui/c/ compiles a C tab's edits first)
        self.start_hooks: dict[str, object] = {}
        window.bufferAdded.connect(self._wire_buffer)
        window.bufferClosed.connect(self._buffer_closed)
        window.currentBufferChanged.connect(self._current_buffer_changed)
        window.bufferChecked.connect(lambda buffer: self._show_buffer_products(buffer) if buffer is window.current_buffer() else None)
        window.closing.connect(self._window_closing)
        self.wasi = WasiSupport(self)  # a WASI program's run-bar fields and typed input (after the run bar's wiring)

    def _wire_panels(self) -> None:
        status = self.window.statusBar()
        self.stack_panel.hexChanged.connect(self._hex_changed)
        self.callstack.frameSelected.connect(self.presenter.frame_selected)
        self.callstack.locationSelected.connect(self.show_location)
        self.memory.message.connect(lambda text: status.showMessage(text, 8000))
        self.memory.memoryChosen.connect(self._memory_chosen)
        self.exception_panel.locationSelected.connect(self.show_location)
        self.exception_panel.appeared.connect(lambda: self.window.docks["exception"].raise_())
        self.heap_panel.locationSelected.connect(self.show_location)
        self.heap_panel.appeared.connect(lambda: self.window.docks["heap"].raise_())
        for panel in (self.stack_panel, self.locals_panel, self.globals_panel):
            panel.referenceClicked.connect(self.show_heap_object)
        self.bytecode.message.connect(lambda text: status.showMessage(text, 8000))
        self.bytecode.instructionSelected.connect(self._bytecode_instruction_selected)

    def _window_closing(self) -> None:
        self.presenter.timer.stop()
        for session in self.sessions.values():
            session.shutdown()
        self.bridge.close()  # their workers' last news reach no closed window

    # --- the tabs' sessions ---------------------------------------------------------------------
    def session_of(self, buffer) -> TabSession | None:
        """The TabSession of a runnable tab (made on first use), or None for other tabs."""
        if buffer is None or not buffer.runnable or buffer not in self.window.buffers.values():
            return None
        session = self.sessions.get(buffer)
        if session is None:
            session = TabSession(lambda b=buffer: self._new_controller(b))
            self.sessions[buffer] = session
        return session

    def _new_controller(self, buffer) -> DebugController:
        controller = self.make_controller()
        controller.set_listener(self.bridge.listener_for(buffer))
        return controller

    def buffer_of(self, session: TabSession):
        return next((b for b, s in self.sessions.items() if s is session), None)

    @property
    def active(self) -> TabSession | None:
        """The current tab's session (None when the current tab runs nothing)."""
        return self.session_of(self.window.current_buffer())

    @property
    def active_buffer(self):
        """The current tab's Buffer when it is a runnable one."""
        buffer = self.window.current_buffer()
        return buffer if buffer is not None and buffer.runnable else None

    @property
    def controller(self) -> DebugController:
        """The current tab's controller (an idle one when the tab runs nothing)."""
        session = self.active
        return session.controller if session is not None else self._idle

    @property
    def session_state(self) -> SessionState:
        session = self.active
        return session.state if session is not None else SessionState.READY

    @property
    def last_snapshot(self) -> Snapshot | None:
        session = self.active
        return session.last_snapshot if session is not None else None

    @property
    def busy(self) -> bool:
        """True while any tab's session has a command queued or running, or news wait for the UI thread."""
        return self.bridge.pending or any(session.busy for session in self.sessions.values())

    def send(self, record: SessionCommand) -> None:
        """Send a command record to the current tab's session."""
        session = self.active
        if session is None:
            raise PlaygroundError("open a WAT or .wasm tab to run or debug")
        session.controller.send(record)

    def _session_stopped(self, buffer, snapshot: Snapshot) -> None:
        session = self.sessions.get(buffer)
        if session is not None:  # (news of a closed tab are dropped)
            self.presenter.stopped(buffer, session, snapshot)

    # --- Run on a WAT or .wasm tab (a LanguageRunner) ------------------------------------------
    def run_tip(self) -> str:
        return RUN_TIP

    def can_run(self) -> tuple[bool, str]:
        """Whether Run and Debug can start a session on the current tab, and why not."""
        buffer = self.window.current_buffer()
        if buffer is None or buffer.language not in RUNNABLE:
            return False, NOTHING_TO_RUN
        if self.session_state == SessionState.RUNNING:
            return False, "the code is running: Pause (F6) or Stop (Shift+F5) first"
        hook = self.start_hooks.get(buffer.language)
        if self.run_bar.current_export() is None and not (hook is not None and hook.pending(buffer)):
            if self.run_bar.broken:
                return False, "the code has problems: fix them (see Problems) to run"
            return False, "the module exports no function to run"
        return True, ""

    def run(self) -> None:
        self.start_session(debug=False)

    # --- the session ------------------------------------------------------------------------
    def run_request(self) -> RunRequest:
        """What the run bar asks for, from the current buffer; PlaygroundError when nothing can run."""
        buffer = self.window.current_buffer()
        if buffer is None or not buffer.runnable:
            raise PlaygroundError("open a WAT or .wasm file to run")
        sig = self.run_bar.current_export()
        if sig is None:
            raise PlaygroundError("the module exports no function to run")
        file = str(buffer.path) if buffer.path else buffer.title
        program = program_of(buffer.language, buffer.editor.toPlainText(), buffer.binary, file)
        return RunRequest(program, sig.name, tuple(self.run_bar.arguments()), frozenset(buffer.editor.breakpoints),
                          wasi=self.run_bar.wasi_inputs())

    def start_session(self, debug: bool) -> None:
        """Run or Debug the run bar's export of the current buffer, in that tab's own session."""
        buffer = self.window.current_buffer()
        hook = self.start_hooks.get(buffer.language) if buffer is not None else None
        if hook is not None and hook.prepare(buffer, lambda: self.start_session(debug)):
            return  # it calls back once the tab is ready (a C tab compiles its edits first)
        request = self.run_request()
        buffer.editor.set_annotations([])
        buffer.editor.highlight_span(None)
        self.window.console.write(f"{'debug' if debug else 'run'} {request.export}({', '.join(request.args)})", "info")
        self.session_of(buffer).controller.send(Debug(request) if debug else Run(request))

    def show_snapshot(self, snapshot: Snapshot) -> None:
        """Render a stop of the current tab's session in every view (presenter.py)."""
        session = self.active
        if session is not None:
            self.presenter.stopped(self.window.current_buffer(), session, snapshot)

    def show_location(self, location) -> None:
        """Mark an instruction's exact span in the current tab's editor."""
        self.presenter.show_location(location)

    def session_lines(self, lines, buffer=None) -> frozenset[int]:
        """Editor lines as the tab's running session numbers them: its text may be older than the editor's."""
        buffer = buffer or self.window.current_buffer()
        mapped = (self.presenter.session_line(line, buffer) for line in lines)
        return frozenset(line for line in mapped if line is not None)

    def go_to_address(self) -> None:
        """Edit > Go to Address: the memory panel's address box, ready to type."""
        dock = self.window.docks["memory"]
        dock.show()
        dock.raise_()
        self.memory.goto.setFocus()
        self.memory.goto.selectAll()

    # --- buffers ------------------------------------------------------------------------------
    def _wire_buffer(self, buffer) -> None:
        editor = buffer.editor
        editor.cursorOffsetChanged.connect(lambda offset, b=buffer: self._cursor_moved(b, offset))
        editor.breakpointToggled.connect(lambda _line, _on, b=buffer: self._breakpoints_changed(b))
        editor.breakpointsMoved.connect(lambda _lines, b=buffer: self._breakpoints_changed(b))
        editor.textChanged.connect(lambda b=buffer: self.presenter.buffer_edited(b))

    def _buffer_closed(self, buffer) -> None:
        session = self.sessions.pop(buffer, None)
        if session is not None:
            session.shutdown()
        if self._shown_buffer is buffer:
            self._shown_buffer = None

    def _breakpoints_changed(self, buffer) -> None:
        """A tab's breakpoints go to that tab's session (a session not started yet gets them with its Debug)."""
        session = self.sessions.get(buffer)
        if session is not None and session.started:
            session.controller.send(SetBreakpoints(self.session_lines(buffer.editor.breakpoints, buffer)))

    def _current_buffer_changed(self, buffer) -> None:
        """Another tab is current: the run bar, the panels and the status bar show its session."""
        self._show_buffer_products(buffer)
        self.presenter.render(self.session_of(buffer))
        self.window.statusBar().clearMessage()  # another tab's words do not describe this one

    def _show_buffer_products(self, buffer) -> None:
        """The exports (with the tab's own choice) and the bytecode of the current buffer."""
        if buffer is not self._shown_buffer:
            session = self.session_of(buffer)
            self.run_bar.bind(session.choice if session is not None else self._scratch_choice)
            self._shown_buffer = buffer
        result = buffer.result if buffer else None
        language = buffer.language if buffer is not None else None
        if language in NO_EXPORTS_IN:
            self.run_bar.set_exports([], NO_EXPORTS_IN[language], broken=False)
            self.bytecode.set_binary(None, None)
            return
        module = checked_module(buffer)  # a WAT buffer's own module names the parameters, not its assembled binary
        broken = module is None and result is not None and any(d.severity == "error" for d in result.diagnostics)
        self.run_bar.set_exports(exports_of(module) if module is not None else [], BROKEN if broken else None)
        if buffer.language == "wasm":
            self.bytecode.set_binary(buffer.binary, result.binary_module if result else None)
        elif result is not None:
            errors = sum(d.severity == "error" for d in result.diagnostics)
            self.bytecode.set_binary(result.binary, result.binary_module, result.module, result.binary_note,
                                     errors=errors, language=buffer.language)
        else:
            self.bytecode.set_binary(None, None)

    # --- editor <-> bytecode ----------------------------------------------------------------
    def _cursor_moved(self, buffer, offset: int) -> None:
        if buffer is not self.window.current_buffer():
            return
        if buffer.language == "wasm":  # a disassembly line holds one instruction: anywhere on it is that one
            ref = buffer.instr_map.at_line(buffer.editor.textCursor().blockNumber() + 1)
        else:
            ref = buffer.instr_map.at_text(offset)
        self.bytecode.highlight_instruction(ref)

    def _bytecode_instruction_selected(self, ref: InstrRef) -> None:
        buffer = self.window.current_buffer()
        if buffer is None:
            return
        span = buffer.instr_map.span_of(ref)  # WAT: the instruction's text; a disassembly: its line
        if span is not None:
            buffer.editor.blockSignals(True)  # the selection came from the bytes: don't bounce back
            buffer.editor.select_span(span)
            buffer.editor.blockSignals(False)
            buffer.editor.gutter.update()

    def fit_toolbars(self, width: int | None = None) -> str:
        """Lay the run bar and the command bar out for the window's width (run_bar.fit_bars)."""
        if width is not None:
            self._bars_width = width
        if not self._bars_width:
            return ""
        return fit_bars(self.window, self.run_bar, self.command_bar, self._bars_width)

    def _memory_chosen(self, index: int) -> None:
        """The memory view's chooser (3.0: several memories): the current tab shows that memory from now on."""
        session = self.active
        if session is None:
            return
        session.memory_index = index
        self.memory.set_source(session.memory_source())
        self.memory.set_snapshot(session.last_snapshot)
        self.presenter.set_editable(session.state == SessionState.PAUSED)

    def show_heap_object(self, number: int) -> None:
        """A `→ struct#12` clicked in the stack, locals or globals: that object in the Heap panel, brought forward."""
        dock = self.window.docks["heap"]
        dock.show()
        dock.raise_()
        if not self.heap_panel.select(number):
            self.window.statusBar().showMessage(f"#{number} is not among the objects the Heap panel lists", 8000)

    def _hex_changed(self, on: bool) -> None:
        self.locals_panel.set_hex(on)
        self.globals_panel.set_hex(on)


def install(window, make_controller: Callable[[], DebugController] | None = None) -> DebuggerFeature:
    """Add the debugger to `window`: its panels, the run bar, the Run menu; Run on WAT and .wasm tabs."""
    return DebuggerFeature(window, make_controller)
