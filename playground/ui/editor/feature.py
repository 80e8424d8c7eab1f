"""The editor feature: the File, Edit and Samples menus, live checking of each buffer, and the Problems panel.

`install(window)` declares the commands and the Problems dock, and wires
every buffer the window adds: its checker's results become underlines,
problems and `window.bufferChecked` (which the debugger turns into exports
and bytecode); files dropped on an editor open in new tabs.
"""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeySequence

from playground.ui.editor.buffer import Buffer
from playground.ui.editor.files import FileActions
from playground.ui.editor.problems import ProblemsPanel
from playground.workbench.checking import CheckResult, Diagnostic
from playground.workbench.instr_map import InstrMap


class EditorFeature:
    """Owned by the MainWindow as `window.editor`; `files` holds the file commands and the autosave."""

    def __init__(self, window) -> None:
        self.window = window
        self.files = FileActions(window)
        self.problems = ProblemsPanel()
        window.add_dock("problems", "Problems", self.problems, Qt.DockWidgetArea.BottomDockWidgetArea, tab_behind="console")
        self.problems.jump.connect(self._jump_to_problem)
        self._declare_commands()
        window.bufferAdded.connect(self._wire)
        window.currentBufferChanged.connect(self._show_problems)
        window.bufferChecked.connect(lambda buffer: self._show_problems(buffer) if buffer is window.current_buffer() else None)

    def _declare_commands(self) -> None:
        window, reg, files = self.window, self.window.commands, self.files

        def has_buffer() -> bool:
            return window.current_buffer() is not None

        def editable() -> bool:
            buffer = window.current_buffer()
            return buffer is not None and buffer.language != "wasm"

        def is_wat() -> bool:
            buffer = window.current_buffer()
            return buffer is not None and buffer.language == "wat"

        # File
        reg.add_command("new", "&File", "&New", files.new_file, shortcut=QKeySequence.StandardKey.New)
        reg.add_command("open", "&File", "&Open…", files.open_dialog, shortcut=QKeySequence.StandardKey.Open)
        self.recent_menu = reg.menu("&File").addMenu("Open &Recent")
        self.recent_menu.aboutToShow.connect(lambda: files.fill_recent_menu(self.recent_menu))
        reg.add_command("save", "&File", "&Save", files.save, shortcut=QKeySequence.StandardKey.Save, tester=editable, separator_before=True)
        reg.add_command("save_as", "&File", "Save &As…", files.save_as, shortcut="Ctrl+Shift+S", tester=editable)
        reg.add_command(
            "assemble", "&File", "Assemble to .&wasm…", files.assemble, shortcut="Ctrl+B", tester=is_wat,
            tip="Assemble the WAT buffer to a binary .wasm file",
        )
        reg.add_command("close_tab", "&File", "&Close Tab", window.close_tab, shortcut="Ctrl+W",
                        tester=lambda: window.tabs.currentWidget() is not None, separator_before=True)
        reg.add_command("quit", "&File", "&Quit", window.close, shortcut=QKeySequence.StandardKey.Quit)

        # Edit
        reg.add_command("toggle_breakpoint", "&Edit", "Toggle &Breakpoint", self.toggle_breakpoint, shortcut="F9", tester=has_buffer)
        reg.add_command("complete", "&Edit", "&Complete Instruction", self.complete, tester=is_wat, tip="Ctrl+Space in the editor")

        # Samples
        self.samples_menu = reg.menu("&Samples")
        files.fill_samples_menu(self.samples_menu)

    # --- commands ---------------------------------------------------------------------------
    def toggle_breakpoint(self) -> None:
        """Edit > Toggle Breakpoint (F9): on the text cursor's line."""
        buffer = self.window.current_buffer()
        if buffer is not None:
            buffer.editor.toggle_breakpoint(buffer.editor.textCursor().blockNumber() + 1)

    def complete(self) -> None:
        """Edit > Complete Instruction: the completion popup at the cursor."""
        buffer = self.window.current_buffer()
        if buffer is not None:
            buffer.editor.setFocus()
            buffer.editor.show_completions()

    # --- buffers ------------------------------------------------------------------------------
    def _wire(self, buffer: Buffer) -> None:
        editor = buffer.editor
        editor.filesDropped.connect(lambda paths: [self.files.open_file(p) for p in paths])
        if buffer.checker is not None:
            buffer.checker.checked.connect(lambda result, b=buffer: self.apply_check(b, result))
            editor.textChanged.connect(lambda b=buffer: b.checker.schedule(b.editor.toPlainText()))
            buffer.checker.check_now(editor.toPlainText())

    def apply_check(self, buffer: Buffer, result: CheckResult) -> None:
        """A check of `buffer` finished: underline its problems; the window's features refresh what depends on it.

        When errors appear in the current tab (there were none before), the
        Problems tab comes forward with the first one selected: the run bar
        says only that there are problems, the list says which.
        """
        buffer.result = result
        buffer.instr_map = InstrMap(result.module, result.binary_module)
        buffer.editor.set_diagnostics(result.diagnostics)
        errors = any(d.severity == "error" for d in result.diagnostics)
        appeared, buffer.had_errors = errors and not buffer.had_errors, errors
        self.window.bufferChecked.emit(buffer)
        if appeared and buffer is self.window.current_buffer():
            self.show_first_problem()
        self.window.commands.update()

    def show_first_problem(self) -> None:
        """Bring the Problems tab forward, its first row selected."""
        dock = self.window.docks["problems"]
        dock.show()
        dock.raise_()
        first = self.problems.topLevelItem(0)
        if first is not None:
            self.problems.setCurrentItem(first)

    def _show_problems(self, buffer: Buffer | None) -> None:
        if buffer is None:
            self.problems.set_problems([])
        elif buffer.language == "wat":
            self.problems.set_problems(list(buffer.result.diagnostics) if buffer.result else [])

    def _jump_to_problem(self, diagnostic: Diagnostic) -> None:
        buffer = self.window.current_buffer()
        if buffer is not None and diagnostic.span is not None:
            buffer.editor.select_span(diagnostic.span)


def install(window) -> EditorFeature:
    """Add the editor feature to `window`: its commands, the Problems dock, the wiring of each buffer."""
    return EditorFeature(window)
