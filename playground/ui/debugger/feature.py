"""The debugger feature: the run bar, the debug session of the current WAT or .wasm tab, and its panels.

`install(window, controller)` docks the operand stack, call stack, locals,
labels, globals, memory and bytecode panels (shown under Wasm tabs only),
adds the run bar and the Run menu (commands.py), and registers itself as what
Run means on WAT and .wasm tabs. The session runs behind a `DebugController`
(the workbench's SessionController by default) whose news arrives through a
SessionBridge; the SessionPresenter (presenter.py) renders each stop.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QLabel

from playground.debug.snapshot import Snapshot
from playground.debug.states import SessionState
from playground.errors import PlaygroundError
from playground.ui.debugger.bytecode_view import BytecodeView
from playground.ui.debugger.callstack import CallStackPanel
from playground.ui.debugger.commands import NOTHING_TO_RUN, RUN_TIP, declare_commands
from playground.ui.debugger.memory_view import MemoryView
from playground.ui.debugger.presenter import SessionPresenter
from playground.ui.debugger.run_bar import RunBar
from playground.ui.debugger.session_bridge import SessionBridge
from playground.ui.debugger.stack_panel import StackPanel
from playground.ui.debugger.state_panels import GlobalsPanel, LabelsPanel, LocalsPanel
from playground.workbench.buffers import RUNNABLE, program_of
from playground.workbench.controller import DebugController
from playground.workbench.instr_map import InstrRef
from playground.workbench.program import exports_of
from playground.workbench.session_commands import Debug, Run, RunRequest, SetBreakpoints
from playground.workbench.session_controller import SessionController

RIGHT, BOTTOM = Qt.DockWidgetArea.RightDockWidgetArea, Qt.DockWidgetArea.BottomDockWidgetArea
STACK_WIDTH = 380


class DebuggerFeature:
    """Owned by the MainWindow as `window.debugger`; see the module docstring.

    `session_state` is the state of the last stop (or RUNNING while a motion
    runs); `session_buffer` the tab the session runs.
    """

    def __init__(self, window, controller: DebugController | None = None) -> None:
        self.window = window
        self.controller: DebugController = controller or SessionController()
        self.session_state = SessionState.READY
        self.session_buffer = None
        self.last_snapshot: Snapshot | None = None

        self.stack_panel = StackPanel()
        self.callstack = CallStackPanel()
        self.locals_panel = LocalsPanel()
        self.labels_panel = LabelsPanel()
        self.globals_panel = GlobalsPanel()
        self.memory = MemoryView()
        self.bytecode = BytecodeView()
        dock = window.add_dock
        dock("stack", "Operand stack", self.stack_panel, RIGHT, only_in="wasm")
        dock("callstack", "Call stack", self.callstack, RIGHT, only_in="wasm")
        dock("locals", "Locals", self.locals_panel, RIGHT, only_in="wasm")
        dock("memory", "Memory", self.memory, BOTTOM, only_in="wasm")
        dock("labels", "Labels", self.labels_panel, RIGHT, tab_behind="callstack", only_in="wasm")
        dock("globals", "Globals", self.globals_panel, RIGHT, tab_behind="locals", only_in="wasm")
        dock("bytecode", "Bytecode", self.bytecode, BOTTOM, tab_behind="memory", only_in="wasm")
        window.resizeDocks([window.docks["stack"]], [STACK_WIDTH], Qt.Orientation.Horizontal)
        self.run_bar = window.add_toolbar(RunBar(window))
        self.session_label = QLabel("Ready")
        window.statusBar().addPermanentWidget(self.session_label)

        self.bridge = SessionBridge(window)
        self.bridge.snapshotReady.connect(self.show_snapshot)
        self.bridge.outputReady.connect(window.console.write)
        self.controller.set_listener(self.bridge)
        self.presenter = SessionPresenter(self)
        self._wire_panels()
        declare_commands(self)
        for language in RUNNABLE:
            window.runners[language] = self
        window.bufferAdded.connect(self._wire_buffer)
        window.bufferClosed.connect(self._buffer_closed)
        window.currentBufferChanged.connect(self._show_buffer_products)
        window.bufferChecked.connect(lambda buffer: self._show_buffer_products(buffer) if buffer is window.current_buffer() else None)
        window.closing.connect(self._window_closing)

    def _wire_panels(self) -> None:
        status = self.window.statusBar()
        self.stack_panel.hexChanged.connect(self._hex_changed)
        self.callstack.frameSelected.connect(self.presenter.frame_selected)
        self.callstack.locationSelected.connect(self.show_location)
        self.memory.message.connect(lambda text: status.showMessage(text, 8000))
        self.bytecode.message.connect(lambda text: status.showMessage(text, 8000))
        self.bytecode.instructionSelected.connect(self._bytecode_instruction_selected)

    def _window_closing(self) -> None:
        self.presenter.timer.stop()
        self.controller.shutdown()

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
        if self.run_bar.current_export() is None:
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
        return RunRequest(program, sig.name, tuple(self.run_bar.arguments()), buffer.editor.breakpoints)

    def start_session(self, debug: bool) -> None:
        """Run or Debug the run bar's export of the current buffer."""
        request = self.run_request()
        if self.session_buffer is not None:
            self.session_buffer.editor.set_annotations([])
            self.session_buffer.editor.highlight_span(None)
        self.session_buffer = self.window.current_buffer()
        self.window.console.write(f"{'debug' if debug else 'run'} {request.export}({', '.join(request.args)})", "info")
        self.controller.send(Debug(request) if debug else Run(request))

    def show_snapshot(self, snapshot: Snapshot) -> None:
        """Render one stop in every view, the status bar and the editor (presenter.py)."""
        self.presenter.show_snapshot(snapshot)

    def show_location(self, location) -> None:
        """Mark an instruction's exact span in the session's editor."""
        self.presenter.show_location(location)

    def session_lines(self, lines) -> frozenset[int]:
        """Editor lines as the running session numbers them: its text may be older than the editor's."""
        mapped = (self.presenter.session_line(line) for line in lines)
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
        if self.session_buffer is buffer:
            self.session_buffer = None

    def _breakpoints_changed(self, buffer) -> None:
        if buffer is self.session_buffer or self.session_buffer is None:
            self.controller.send(SetBreakpoints(self.session_lines(buffer.editor.breakpoints)))

    def _show_buffer_products(self, buffer) -> None:
        """The exports and the bytecode of the current buffer."""
        result = buffer.result if buffer else None
        if buffer is None:
            self.run_bar.set_exports([])
            self.bytecode.set_binary(None, None)
            return
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

    def _hex_changed(self, on: bool) -> None:
        self.locals_panel.set_hex(on)
        self.globals_panel.set_hex(on)


def install(window, controller: DebugController | None = None) -> DebuggerFeature:
    """Add the debugger to `window`: its panels, the run bar, the Run menu; Run on WAT and .wasm tabs."""
    return DebuggerFeature(window, controller)
