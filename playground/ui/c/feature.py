"""The C feature: C tabs that compile with zig and debug by C line, the linked C ⇄ Wasm view, the C variables.

`install(window)` adds:
- File > New C File, and Run > Compile C (Ctrl+B, also on the C ⇄ Wasm
  panel's bar): the tab's text compiles in a worker (compile_worker.py),
  the status bar says so (the first compile builds zig's C library, about
  30 s, and says that too); compiler errors become squiggles with their
  message on hover and rows in Problems. A .c file opened compiles at once
  when the toolchain is there; without it the .wasm built beside it (the
  samples') is used when it was built from that very file, and the status
  bar says so; else the window says how to install the toolchain.
- The C ⇄ Wasm panel (linked_view.py): the WAT of the C functions beside
  their bytes, each C line and its instructions in one colour (the C editor
  tints its lines to match). Hovering or selecting a C line outlines its
  instructions and their bytes (also in the Bytecode panel), and the reverse.
- Run and Debug on a C tab whose text changed since its last compile
  compile it first (the same worker, progress and Problems) and start
  when that succeeds; a compile error starts nothing. While a session runs
  an older compile than the editor's text, a note on the editor says its
  lines and breakpoints are the compiled version's (source_note.py).
- Debugging: the debugger runs a C tab's last compile with its DWARF (the
  session's source map), so gutter breakpoints are C lines and Step Into,
  Over and Back go by C line while the current instruction is marked in
  the linked view; Run > Step Instruction (Alt+F11), Step Instruction Over
  (Alt+F10) and Step Instruction Back (Alt+Shift+F11) still go one Wasm
  instruction. The C variables panel, tabbed with Locals, shows the C
  variables of the frame a stop marks (main's, when it waits in libc's
  getchar: the frame gdb's `up` reaches) or of the row clicked in the call
  stack, which names C functions with file:line and greys the frames
  without C source (libc's); "Who wrote
  this?" on a byte also names the C line. "Show in memory" on a C variable
  (its context menu, or a double-click) selects its bytes, or a pointer's
  target, in the Memory view.

A C tab has a dock layout of its own (layouts.py, kind "c"): the debugger's
panels and the C docks, arranged for C the first time (layout.py); the C
docks belong to it and show only while a C tab is current.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QEvent, QObject, Qt, QTimer
from PySide6.QtGui import QColor
from PySide6.QtWidgets import QToolBar, QVBoxLayout, QWidget

from playground.debug.states import SessionState
from playground.toolchain import available, describe, missing_message
from playground.ui.c.compile_worker import CompileWorker
from playground.ui.c.layout import arrange
from playground.ui.c.linked_view import LinkedView, line_colour
from playground.ui.c.source_note import SourceChangedNote
from playground.ui.c.variables_panel import CVariablesPanel
from playground.workbench.c_build import NEW_C, CBuild, build_dir_for, prebuilt_build
from playground.workbench.c_links import LinkedListing
from playground.workbench.checking import CheckResult, Diagnostic
from playground.workbench.instr_map import InstrMap, InstrRef
from playground.workbench.session_commands import StepInstruction, StepInstructionBack
from playground.workbench.status_text import describe_state
from playground.workbench.stop_place import describe_c_stop

RIGHT = Qt.DockWidgetArea.RightDockWidgetArea


def missing() -> str:
    """Why C does not compile here and what this installation can do (toolchain/zig.py says it; a sentence here)."""
    text = missing_message()
    return text[:1].upper() + text[1:]


class CFeature(QObject):
    """Owned by the MainWindow as `window.c`; see the module docstring."""

    def __init__(self, window) -> None:
        super().__init__(window)
        self.window = window
        self.builds: dict[object, CBuild] = {}  # each C tab's last compile
        self.listings: dict[object, LinkedListing] = {}
        self.compiled_texts: dict[object, str] = {}  # the text of each C tab's last good build (the one it debugs)
        self.session_texts: dict[object, str] = {}  # the text compiled into the binary each tab's session runs
        self.waiting: dict[object, object] = {}  # a C tab's Run or Debug, waiting for the compile of its edits
        self.notes: dict[object, SourceChangedNote] = {}  # each C tab's "the source changed" note
        self._needed: dict[object, bool] = {}  # whether each tab needed a compile before running, when last asked
        self.hovers: dict[object, QObject] = {}  # each C tab's mouse-over-line filter
        self.auto_compile = True  # a C tab compiles when it opens (tests that bring their own build turn it off)
        self.worker = CompileWorker(self)
        queued = Qt.ConnectionType.QueuedConnection  # the worker's thread emits: run the handlers on the UI thread
        self.worker.note.connect(self._compile_note, queued)
        self.worker.finished.connect(self.show_build, queued)
        self.worker.failed.connect(self._compile_failed, queued)

        self.linked = LinkedView()
        self.bar = QToolBar("C")
        panel = QWidget()
        layout = QVBoxLayout(panel)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(self.bar)
        layout.addWidget(self.linked)
        self.variables = CVariablesPanel()
        # made as tabs (they cannot grow the window when they show), placed by layout.py the first time
        self.linked_dock = window.add_dock("c_linked", "C ⇄ Wasm", panel, RIGHT, tab_behind="stack", only_in="c", panel=False)
        self.variables_dock = window.add_dock("c_variables", "C variables", self.variables, RIGHT, tab_behind="locals",
                                              only_in="c", panel=False)
        window.layouts.arrange_defaults("c", lambda: arrange(window, self.variables_dock, self.linked_dock))
        self._declare_commands()
        self.variables.showInMemory.connect(self.show_in_memory)
        self.linked.lineHovered.connect(self._linked_line_hovered)
        self.linked.lineSelected.connect(self._linked_line_selected)
        self.linked.instructionSelected.connect(self._linked_instruction_selected)
        window.bufferAdded.connect(self._wire)
        window.bufferClosed.connect(self._closed)
        window.currentBufferChanged.connect(self._current_changed)
        window.debugger.bridge.sessionSnapshot.connect(self._stopped)
        window.debugger.callstack.currentRowChanged.connect(self._frame_clicked)
        self.stop_depth = 0  # the Call stack row the last stop chose (stop_place.py's depth)
        window.debugger.memory.whoWroteFound.connect(self._who_wrote)
        self.closed = False  # the window closed: late compile answers are dropped
        window.closing.connect(self._window_closing)
        window.debugger.start_hooks["c"] = self  # Run and Debug compile a C tab's edits first (pending, prepare)
        self.linked_dock.hide()  # (the window opens on the Wasm layout)
        self.variables_dock.hide()

    # --- commands ---------------------------------------------------------------------------------
    def _declare_commands(self) -> None:
        reg, d = self.window.commands, self.window.debugger

        def paused_c() -> bool:
            return self.current_c() is not None and d.session_state == SessionState.PAUSED

        def can_go_back() -> bool:
            return paused_c() and d.last_snapshot is not None and d.last_snapshot.step > 0

        reg.add_command("new_c", "&File", "New &C File", self.new_file,
                        tip="A new C program: compile it (Ctrl+B), then debug it by C line")
        compile_action = reg.add_command(
            "compile_c", "&Run", "Com&pile C", self.compile, shortcut="Ctrl+B", tester=lambda: self.current_c() is not None,
            tip=self._compile_tip,
            disabled_tip="open or create a C file (File > New C File) to compile it", separator_before=True)
        self.bar.addAction(compile_action)
        self.bar.addSeparator()
        for id, caption, record, key in (
            ("step_instruction", "Step &Instruction", StepInstruction(), "Alt+F11"),
            ("step_instruction_over", "Step Instruction O&ver", StepInstruction(over=True), "Alt+F10"),
            ("step_instruction_back", "Step Instruction Bac&k", StepInstructionBack(), "Alt+Shift+F11"),
        ):
            tester = can_go_back if record.backwards else paused_c
            action = reg.add_command(id, "&Run", caption, lambda r=record: d.send(r), shortcut=key, tester=tester,
                                     tip=f"One Wasm instruction ({key}); Step Into/Over/Back go by C line in a C tab",
                                     disabled_tip="while a C program is paused")
            self.bar.addAction(action)

    def _compile_tip(self) -> str:
        """Which zig compiles, or why none can; asked only while a C tab is current, so that opening the
        window does not search for zig (subprocess runs, ~0.2 s) before anyone meets C."""
        if self.current_c() is None:
            return "Compile this C file to WebAssembly, -O0 -g"
        return f"Compile this C file to WebAssembly, -O0 -g, with {describe()}" if available() else missing()

    def current_c(self):
        """The current tab's Buffer when it is a C tab, else None."""
        buffer = self.window.current_buffer()
        return buffer if buffer is not None and buffer.language == "c" else None

    def new_file(self):
        """File > New C File: a small program to compile and step through."""
        return self.window.editor.files.new_file(NEW_C, "c")

    def compile(self, buffer=None) -> bool:
        """Compile a C tab (the current one by default) in the worker; False when the toolchain is missing."""
        buffer = buffer or self.current_c()
        if buffer is None:
            return False
        status = self.window.statusBar()
        if not available():
            self.window.console.write(missing(), "error")
            status.showMessage(missing(), 15000)
            if self.listings.get(buffer) is None:  # (a prebuilt binary's listing stays)
                self.linked.set_listing(None, missing())
            return False
        name = buffer.path.name if buffer.path else buffer.title
        source = buffer.path or buffer.sample  # (a sample's tab has no path of its own: its shipped file's folder)
        include = source.parent if source else None
        self.worker.start(buffer, buffer.editor.toPlainText(), name, build_dir_for(self.window.data_dir, buffer.buffer_id), include)
        status.showMessage(f"compiling {name}…", 60000)
        self.window.commands.update()
        return True

    def _window_closing(self) -> None:
        self.closed = True
        self.worker.wait(5)

    # --- the worker's answers (on the UI thread; none once the window closed) ---------------------------
    def _compile_note(self, buffer, text: str) -> None:
        if self.closed:
            return
        self.window.console.write(text, "info")
        self.window.statusBar().showMessage(f"{text}: the window stays usable meanwhile", 120000)

    def _compile_failed(self, buffer, message: str) -> None:
        if self.closed:
            return
        self.window.console.write(message, "error")
        self.window.statusBar().showMessage(message, 15000)
        if self.waiting.pop(buffer, None) is not None:
            self.window.console.write("not started: the compile did not finish", "error")

    def show_build(self, buffer, build: CBuild) -> None:
        """A compile of `buffer` finished: its problems, its binary for the debugger, its linked listing."""
        if self.closed or buffer not in self.window.buffers.values():
            return  # the window or the tab closed meanwhile
        self.builds[buffer] = build
        for note in build.notes:
            self.window.console.write(note, "info")
        problems = [str_of(d) for d in build.diagnostics]
        if problems:
            self.window.console.write("\n".join(problems), "error" if build.errors else "info")
        self.window.statusBar().showMessage(build.summary(), 10000)
        if build.ok:
            buffer.binary = build.binary
            self.compiled_texts[buffer] = build.text
            self.listings[buffer] = LinkedListing.build(build.module, build.binary, build.source_map) if build.source_map else None
            buffer.instr_map = InstrMap(binary_module=build.module, source_map=build.source_map)
            result = CheckResult(tuple(build.diagnostics), validated=True, module=build.module, binary=build.binary,
                                 binary_module=build.module)
        else:
            result = CheckResult(tuple(build.diagnostics))  # the last good binary still debugs; Run says to fix first
        buffer.result = result
        buffer.editor.set_diagnostics(build.diagnostics)
        errors = bool(build.errors)
        appeared, buffer.had_errors = errors and not buffer.had_errors, errors
        self.window.bufferChecked.emit(buffer)
        if buffer is self.window.current_buffer():
            self._show(buffer)
            if appeared:
                self.window.editor.show_first_problem()
        self._edited(buffer)  # (Run and Debug may no longer need a compile)
        for line in sorted(buffer.editor.breakpoints):
            self._place_breakpoint(buffer, line, just_set=False)  # set before this compile: now it is known where
        self.window.commands.update()
        self._start_waiting(buffer, build)

    # --- breakpoints go where they stop ---------------------------------------------------------------
    def _place_breakpoint(self, buffer, line: int, *, just_set: bool = True) -> None:
        """A C line's breakpoint moves to the line it will stop on, as gdb moves one, and the window says so:
        a line without code (a closing `}`) takes the next line with code; one `just_set` where nothing can
        stop is said to be so. Only while the editor shows the text of the last compile (its line table tells)."""
        build, editor = self.builds.get(buffer), buffer.editor
        if build is None or build.source_map is None or self.compiled_texts.get(buffer) != editor.toPlainText():
            return
        found = build.source_map.line_targets(line)
        if found is None and just_set:
            text = f"breakpoint on line {line}: no line from there on has code, so it will not stop"
        elif found is not None and found.moved:
            text = f"breakpoint moved from line {line} to line {found.line}: line {line} {found.why}"
            editor.toggle_breakpoint(line)  # off; the session hears of both changes (the debugger's wiring)
            if found.line not in editor.breakpoints:
                editor.toggle_breakpoint(found.line)
        else:
            return
        self.window.console.write(text, "info")
        self.window.statusBar().showMessage(text, 10000)

    # --- Run and Debug compile the edits first (the debugger's start hook) ------------------------------
    def pending(self, buffer) -> bool:
        """Whether Run and Debug compile `buffer` first: the toolchain is there and its text is not the last compile's."""
        build = self.builds.get(buffer)
        return available() and (build is None or build.text != buffer.editor.toPlainText())

    def prepare(self, buffer, start) -> bool:
        """Run or Debug on a C tab: compile its edits first and `start()` after (True), or note what will run (False)."""
        if not self.pending(buffer):
            self.waiting.pop(buffer, None)
            self.session_texts[buffer] = self.compiled_texts.get(buffer, buffer.editor.toPlainText())
            return False  # (its first stop shows the note if the text differs: a prebuilt binary's, say)
        self.waiting[buffer] = start
        if self.worker.wanted_text(buffer) != buffer.editor.toPlainText():
            self.compile(buffer)
        name = buffer.path.name if buffer.path else buffer.title
        self.window.statusBar().showMessage(f"compiling {name} first: it starts when the compile succeeds", 60000)
        return True

    def _start_waiting(self, buffer, build: CBuild) -> None:
        """A compile finished: start the Run or Debug that waited for it, unless it failed or a newer one follows."""
        if buffer not in self.waiting:
            return
        newer = self.worker.wanted_text(buffer)
        if newer is not None and newer != build.text:
            return  # the text changed again and compiles meanwhile: wait for that one
        start = self.waiting.pop(buffer)
        if not build.ok:
            self.window.console.write("not started: fix the errors (see Problems) and press Run or Debug again", "error")
            if buffer is self.window.current_buffer():
                self.window.editor.show_first_problem()
        elif buffer is self.window.current_buffer():
            start()
        else:
            self.window.console.write(f"{build.summary()}: not started, as another tab is in front now", "info")

    # --- the "source changed" note ------------------------------------------------------------------
    def source_changed(self, buffer) -> bool:
        """Whether `buffer`'s session runs a compile of another text than the editor's."""
        session = self.window.debugger.sessions.get(buffer)
        compiled = self.session_texts.get(buffer)
        return (session is not None and session.has_session and compiled is not None
                and compiled != buffer.editor.toPlainText())

    def _update_note(self, buffer) -> None:
        note = self.notes.get(buffer)
        if note is None:
            return
        changed = self.source_changed(buffer)
        if changed and note.isHidden() and buffer is self.window.current_buffer():
            self.window.statusBar().showMessage(
                "source changed since this session started: Debug (Ctrl+D) compiles your edits and starts again", 15000)
        note.show_note(changed)

    def _edited(self, buffer) -> None:
        """A C tab's text changed (or was compiled): the note, and Run/Debug's state when a compile became (un)needed."""
        self._update_note(buffer)
        needed = self.pending(buffer)
        if self._needed.get(buffer) != needed:
            self._needed[buffer] = needed
            self.window.commands.update()

    # --- tabs ----------------------------------------------------------------------------------------------
    def _wire(self, buffer) -> None:
        if buffer.language != "c":
            return
        editor = buffer.editor
        editor.textChanged.connect(lambda b=buffer: self._edited(b))
        self.notes[buffer] = SourceChangedNote(editor)
        editor.cursorOffsetChanged.connect(lambda _o, b=buffer: self._cursor_moved(b))
        editor.breakpointToggled.connect(lambda line, on, b=buffer: self._place_breakpoint(b, line) if on else None)
        hover = self.hovers[buffer] = _LineHover(editor, lambda line, b=buffer: self._source_line_hovered(b, line))
        editor.viewport().installEventFilter(hover)
        if not self.auto_compile:
            return
        if available():
            self.compile(buffer)
        elif not self.use_prebuilt(buffer):
            self.window.console.write(missing(), "info")

    def use_prebuilt(self, buffer) -> bool:
        """Without the toolchain: show the .wasm beside the tab's file as its build, when it was built from it."""
        source = buffer.path or buffer.sample  # a sample's tab: the .wasm shipped beside the sample
        build = prebuilt_build(source, buffer.editor.toPlainText()) if source is not None else None
        if build is None:
            return False
        self.show_build(buffer, build)
        self.window.console.write(build.summary(), "info")
        # after the tab shows (its opening says "Opened ..." in the status bar first)
        QTimer.singleShot(0, self, lambda: self.window.statusBar().showMessage(build.summary(), 20000))
        return True

    def _closed(self, buffer) -> None:
        self.builds.pop(buffer, None)
        self.listings.pop(buffer, None)
        self.hovers.pop(buffer, None)
        for held in (self.compiled_texts, self.session_texts, self.waiting, self.notes, self._needed):
            held.pop(buffer, None)

    def _current_changed(self, buffer) -> None:
        if buffer is not None and buffer.language == "c":
            self._show(buffer)

    def _show(self, buffer) -> None:
        """Everything the C views show for the current C tab: problems, colours, the linked listing, the variables."""
        build = self.builds.get(buffer)
        self.window.editor.problems.set_problems(list(build.diagnostics) if build else [])
        listing = self.listings.get(buffer)
        note = "" if listing is not None else (missing() if not available() else
                                               "compiling…" if self.worker.busy(buffer) else "")
        self.linked.set_dark(self.window.dark)
        self.linked.set_listing(listing, note)
        self.tint(buffer)
        session = self.window.debugger.sessions.get(buffer)
        snapshot = session.last_snapshot if session is not None else None
        self._render_stop(buffer, snapshot)

    def tint(self, buffer) -> None:
        """The C editor's lines in their colour groups (the linked view's rows share them)."""
        listing = self.listings.get(buffer)
        colours: dict[int, QColor] = {}
        if listing is not None:
            for line, group in listing.groups().items():
                colours[line] = line_colour(group, self.window.dark)
        buffer.editor.set_line_tints(colours)

    # --- linking both ways -------------------------------------------------------------------------------
    def _source_line_hovered(self, buffer, line: int | None) -> None:
        if buffer is self.current_c():
            self._point_at_line(buffer, line)

    def _cursor_moved(self, buffer) -> None:
        if buffer is self.current_c():
            self._point_at_line(buffer, buffer.editor.textCursor().blockNumber() + 1)

    def _point_at_line(self, buffer, line: int | None) -> None:
        """Outline a C line's instructions in the linked view and its bytes in the Bytecode panel."""
        self.linked.show_line(line)
        listing = self.listings.get(buffer)
        ranges = listing.byte_ranges(line) if listing is not None else []
        if ranges:
            start, end = ranges[0][0], ranges[-1][0] + ranges[-1][1]
            self.window.debugger.bytecode.highlight_bytes(start, end - start)

    def _linked_line_hovered(self, line: int | None) -> None:
        buffer = self.current_c()
        if buffer is not None:
            self.linked.show_line(line)
            buffer.editor.gutter.update()

    def _linked_line_selected(self, line: int) -> None:
        buffer = self.current_c()
        if buffer is None:
            return
        block = buffer.editor.document().findBlockByNumber(line - 1)
        if block.isValid():
            cursor = buffer.editor.textCursor()
            cursor.setPosition(block.position())
            buffer.editor.setTextCursor(cursor)
            buffer.editor.ensure_visible(block.position())

    def _linked_instruction_selected(self, ref: InstrRef) -> None:
        buffer = self.current_c()
        where = buffer.instr_map.bytes_of(ref) if buffer is not None else None
        if where is not None:
            self.window.debugger.bytecode.highlight_bytes(*where)

    # --- the debugger's stops -----------------------------------------------------------------------------
    def _stopped(self, buffer, snapshot) -> None:
        if buffer in self.notes:
            self._update_note(buffer)  # (a session that ended takes its note along)
        if buffer is self.current_c():
            self._render_stop(buffer, snapshot)

    def _render_stop(self, buffer, snapshot) -> None:
        # the frame the C editor marks (stop_place.py: in libc, the call in the program that is still running);
        # the Call stack selects it and the C variables show it, as gdb's `up` to the first frame with source
        place = self.window.debugger.presenter.stop_place(buffer, snapshot)
        self.stop_depth = place.depth
        state = getattr(snapshot, "c", None)
        self._name_c_frames(state)
        rows = self.window.debugger.callstack
        if place.depth < rows.count():
            # quietly: the editor already marks this frame, and the Wasm panels (Locals, Bytecode) keep the
            # instruction the machine stopped at (libc's, when stepping by instruction there); a click shows all
            rows.blockSignals(True)
            rows.setCurrentRow(place.depth)
            rows.blockSignals(False)
        self._show_frame(state, place.depth, place.location)
        text = describe_c_stop(state, place.depth)
        if text is not None and snapshot.state == SessionState.PAUSED:
            self.window.debugger.session_label.setText(describe_state(snapshot, paused=f"{text} ({snapshot.location})"))

    def _frame_clicked(self, row: int) -> None:
        """A row clicked in the Call stack of a C tab: that frame's C variables, its instruction in the linked view."""
        snapshot = self.window.debugger.last_snapshot
        location = self.window.debugger.callstack.location(row)
        if self.current_c() is None or snapshot is None or location is None:
            return
        self._show_frame(getattr(snapshot, "c", None), row, location, clicked=row != self.stop_depth)

    def _show_frame(self, state, level: int, location, *, clicked: bool = False) -> None:
        self.linked.mark_current(InstrRef(location.func_index, location.instr_index) if location is not None else None)
        self.variables.show_state(state, level, clicked=clicked)

    def _name_c_frames(self, state) -> None:
        """The call stack's rows (the debugger's, one per Wasm frame) say C: `insertion_sort  sort.c:13`; a frame
        without C source (libc's) is greyed."""
        rows = self.window.debugger.callstack
        if state is None or len(state.frames) < rows.count():
            return
        for i, frame in enumerate(state.frames[: rows.count()]):  # both innermost first
            item = rows.item(i)
            item.setToolTip(f"{frame.text}\n{item.text().strip()}  (as Wasm)")
            item.setText(frame.short)
            if frame.line is None:
                item.setForeground(rows.palette().placeholderText())

    def show_in_memory(self, address: int, size: int, what: str) -> None:
        """Select `size` bytes at `address` in the Memory view and bring it to the front."""
        memory = self.window.debugger.memory
        self.window.docks["memory"].show()
        self.window.docks["memory"].raise_()
        memory.select_address(address, size)
        self.window.statusBar().showMessage(f"{what}: {size} byte{'s' if size != 1 else ''} at {address:#x}, selected in Memory", 8000)

    def _who_wrote(self, _step: int, location) -> None:
        """Name the C line of the instruction that wrote the byte (the presenter names the instruction)."""
        buffer = self.current_c()
        if buffer is None or location is None or location.span is None or location.kind != "instr":
            return
        line = location.span.line
        text = buffer.editor.document().findBlockByNumber(line - 1).text().strip()
        name = Path(location.file).name if location.file else buffer.title
        self.window.console.write(f"  written by C line {name}:{line}: {text}", "info")


def str_of(diagnostic: Diagnostic) -> str:
    """A compiler diagnostic as the console shows it: `line:col: error: message`."""
    where = f"{diagnostic.span.line}:{diagnostic.span.col}: " if diagnostic.span is not None else ""
    return f"{where}{diagnostic.severity}: {diagnostic.message}"


class _LineHover(QObject):
    """Tells which line of an editor the mouse is over (None when it leaves)."""

    def __init__(self, editor, on_line) -> None:
        super().__init__(editor)
        self.editor = editor
        self.on_line = on_line
        self.line: int | None = None

    def eventFilter(self, _watched, event) -> bool:  # noqa: N802
        kind = event.type()
        if kind == QEvent.Type.MouseMove:
            line = self.editor.cursorForPosition(event.position().toPoint()).blockNumber() + 1
        elif kind == QEvent.Type.Leave:
            line = None
        else:
            return False
        if line != self.line:
            self.line = line
            self.on_line(line)
        return False


def install(window) -> CFeature:
    """Add the C feature to `window` (after the editor and the debugger, whose panels it joins)."""
    return CFeature(window)
