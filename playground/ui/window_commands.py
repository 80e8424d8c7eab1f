"""Every command of the main window, declared once (id, menu, caption, shortcut, handler, enabled-predicate)."""

from __future__ import annotations

from typing import Callable

from PySide6.QtGui import QKeySequence

NEEDS_DEBUGGER = "needs the debugger, which is not built yet"


def declare_commands(window) -> None:
    """Fill the menus and the run bar of `window` (a MainWindow)."""
    reg = window.commands
    files = window.files
    controller = window.controller
    bar = window.run_bar

    def guarded(handler: Callable[[], object]) -> Callable[[], None]:
        def run() -> None:
            try:
                handler()
            except Exception as exc:  # noqa: BLE001 - every failure becomes a message, never a traceback
                window.report_error(exc)
            window.commands.update()

        return run

    def has_buffer() -> bool:
        return window.current_buffer() is not None

    def editable() -> bool:
        buffer = window.current_buffer()
        return buffer is not None and buffer.language != "wasm"

    def is_wat() -> bool:
        buffer = window.current_buffer()
        return buffer is not None and buffer.language == "wat"

    def can_start() -> bool:
        buffer = window.current_buffer()
        return buffer is not None and buffer.runnable and window.session_state not in ("running",) and bar.current_export() is not None

    def paused() -> bool:
        return controller.supports_stepping and window.session_state == "paused"

    def active() -> bool:
        return window.session_state in ("running", "paused")

    # File
    reg.add_command("new", "&File", "&New", guarded(files.new_file), shortcut=QKeySequence.StandardKey.New)
    reg.add_command("open", "&File", "&Open…", guarded(files.open_dialog), shortcut=QKeySequence.StandardKey.Open)
    recent = reg.menu("&File").addMenu("Open &Recent")
    recent.aboutToShow.connect(lambda: files.fill_recent_menu(recent))
    window.recent_menu = recent
    reg.add_command("save", "&File", "&Save", guarded(files.save), shortcut=QKeySequence.StandardKey.Save, tester=editable, separator_before=True)
    reg.add_command("save_as", "&File", "Save &As…", guarded(files.save_as), shortcut="Ctrl+Shift+S", tester=editable)
    reg.add_command(
        "assemble", "&File", "Assemble to .&wasm…", guarded(files.assemble), shortcut="Ctrl+B", tester=is_wat,
        tip="Assemble the WAT buffer to a binary .wasm file",
    )
    reg.add_command("close_tab", "&File", "&Close Tab", guarded(files.close_tab), shortcut="Ctrl+W", tester=has_buffer, separator_before=True)
    reg.add_command("quit", "&File", "&Quit", window.close, shortcut=QKeySequence.StandardKey.Quit)

    # Edit
    def toggle_breakpoint() -> None:
        buffer = window.current_buffer()
        if buffer is not None:
            buffer.editor.toggle_breakpoint(buffer.editor.textCursor().blockNumber() + 1)

    reg.add_command("toggle_breakpoint", "&Edit", "Toggle &Breakpoint", guarded(toggle_breakpoint), shortcut="F9", tester=has_buffer)
    reg.add_command("complete", "&Edit", "&Complete Instruction", guarded(lambda: _complete(window)), tester=is_wat, tip="Ctrl+Space in the editor")

    def go_to_address() -> None:
        window.docks["memory"].show()
        window.docks["memory"].raise_()
        window.memory.goto.setFocus()
        window.memory.goto.selectAll()

    reg.add_command("goto_address", "&Edit", "&Go to Address…", guarded(go_to_address), shortcut="Ctrl+G")

    # Samples
    samples = reg.menu("&Samples")
    window.samples_menu = samples
    files.fill_samples_menu(samples)

    # Run: the run bar shows these too
    reg.add_command("run", "&Run", "&Run", guarded(lambda: window.start_session(debug=False)), shortcut="Ctrl+R", tester=can_start, toolbar=bar, tip="Run the export to completion")
    reg.add_command("debug", "&Run", "&Debug", guarded(lambda: window.start_session(debug=True)), shortcut="Ctrl+D", tester=can_start, toolbar=bar, tip="Start the export paused at its first instruction")
    reg.add_command("continue", "&Run", "&Continue", guarded(controller.continue_), shortcut="F5", tester=paused, toolbar=bar, tip="Run to the next breakpoint", disabled_tip=NEEDS_DEBUGGER, separator_before=True)
    reg.add_command("step_over", "&Run", "Step &Over", guarded(controller.step_over), shortcut="F10", tester=paused, toolbar=bar, tip="Run one instruction; calls run to their end", disabled_tip=NEEDS_DEBUGGER)
    reg.add_command("step_into", "&Run", "Step &Into", guarded(controller.step_into), shortcut="F11", tester=paused, toolbar=bar, tip="Run one instruction, entering calls", disabled_tip=NEEDS_DEBUGGER)
    reg.add_command("step_out", "&Run", "Step O&ut", guarded(controller.step_out), shortcut="Shift+F11", tester=paused, toolbar=bar, tip="Run until the current function returns", disabled_tip=NEEDS_DEBUGGER)
    reg.add_command("step_back", "&Run", "Step &Back", guarded(controller.step_back), shortcut="Ctrl+Shift+F10", tester=paused, toolbar=bar, tip="Undo the last step", disabled_tip=NEEDS_DEBUGGER)
    reg.add_command("stop", "&Run", "&Stop", guarded(controller.stop), shortcut="Shift+F5", tester=active, toolbar=bar, tip="End the session", separator_before=True)

    # View
    reg.add_command("reset_layout", "&View", "&Reset Layout", guarded(window.reset_layout))

    # Help
    reg.add_command("about", "&Help", "&About", guarded(lambda: _about(window)))


def _complete(window) -> None:
    buffer = window.current_buffer()
    if buffer is not None:
        buffer.editor.setFocus()
        buffer.editor.show_completions()


def _about(window) -> None:
    from PySide6.QtWidgets import QMessageBox

    from playground import __version__

    QMessageBox.about(
        window,
        "About wasm-playground",
        f"wasm-playground {__version__}\nLearn, debug and demonstrate WebAssembly and GPU compute.",
    )
