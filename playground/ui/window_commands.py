"""Every command of the main window, declared once (id, menu, caption, shortcut, handler, enabled-predicate)."""

from __future__ import annotations

from typing import Callable

from PySide6.QtGui import QKeySequence

from playground.errors import PlaygroundError
from playground.workbench.session_commands import (
    Continue,
    Pause,
    ReverseContinue,
    RunToLine,
    StepBack,
    StepBackOver,
    StepInto,
    StepOut,
    StepOver,
    Stop,
)

NEEDS_DEBUGGER = "needs a paused debugger session (start one with Debug, Ctrl+D)"


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

    def on_wgsl() -> bool:
        buffer = window.current_buffer()
        return buffer is not None and buffer.language == "wgsl"

    # Run knows the tab's language: a WGSL tab dispatches its shader in the WGSL runner,
    # a WAT or .wasm tab runs the chosen export. One command, so Ctrl+R means "run this".
    def run() -> None:
        if on_wgsl():
            window.gpu.run_current()
        else:
            window.start_session(debug=False)

    def can_run() -> bool:
        return window.gpu.can_run()[0] if on_wgsl() else can_start()

    def run_tip() -> str:
        return "Dispatch the WGSL shader once in the WGSL Runner" if on_wgsl() else "Run the export to completion"

    def run_disabled_tip() -> str:
        if on_wgsl():
            return window.gpu.can_run()[1]
        buffer = window.current_buffer()
        if buffer is None:
            return "open a WAT, WGSL or .wasm file to run"
        if window.session_state == "running":
            return "the code is running: Pause (F6) or Stop (Shift+F5) first"
        return "the module exports no function to run" if bar.current_export() is None else ""

    def paused() -> bool:
        return window.session_state == "paused"

    def can_go_back() -> bool:
        """Backwards works from a pause, and also after the end or a trap while the session is kept."""
        return controller.has_session and window.session_state in ("paused", "finished", "trapped")

    def running() -> bool:
        return window.session_state == "running"

    def active() -> bool:
        return window.session_state in ("running", "paused") or controller.has_session

    def send(record) -> Callable[[], None]:
        return lambda: controller.send(record)

    def run_to_cursor() -> None:
        buffer = window.current_buffer()
        if buffer is not None:
            line = window.session_view.session_line(buffer.editor.textCursor().blockNumber() + 1)
            if line is None:
                raise PlaygroundError("this line is new since the session started: press Debug to run your edits")
            controller.send(RunToLine(line))

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
    needs = NEEDS_DEBUGGER
    reg.add_command("run", "&Run", "&Run", guarded(run), shortcut="Ctrl+R", tester=can_run, toolbar=bar, tip=run_tip, disabled_tip=run_disabled_tip)
    reg.add_command("debug", "&Run", "&Debug", guarded(lambda: window.start_session(debug=True)), shortcut="Ctrl+D", tester=can_start, toolbar=bar, tip="Start the export paused at its first instruction")
    reg.add_command("continue", "&Run", "&Continue", guarded(send(Continue())), shortcut="F5", tester=paused, toolbar=bar, tip="Run to the next breakpoint", disabled_tip=needs, separator_before=True)
    reg.add_command("step_over", "&Run", "Step &Over", guarded(send(StepOver())), shortcut="F10", tester=paused, toolbar=bar, tip="Run one instruction; calls run to their end", disabled_tip=needs)
    reg.add_command("step_into", "&Run", "Step &Into", guarded(send(StepInto())), shortcut="F11", tester=paused, toolbar=bar, tip="Run one instruction, entering calls", disabled_tip=needs)
    reg.add_command("step_out", "&Run", "Step O&ut", guarded(send(StepOut())), shortcut="Shift+F11", tester=paused, toolbar=bar, tip="Run until the current function returns", disabled_tip=needs)
    reg.add_command("run_to_cursor", "&Run", "Run to &Cursor", guarded(run_to_cursor), shortcut="Ctrl+F10", tester=paused, tip="Run until the line of the text cursor", disabled_tip=needs)
    reg.add_command("step_back", "&Run", "Step &Back", guarded(send(StepBack())), shortcut="Ctrl+Shift+F11", tester=can_go_back, toolbar=bar, tip="Go back one instruction (exactly: memory and globals too)", disabled_tip=needs, separator_before=True)
    reg.add_command("step_back_over", "&Run", "Step Back O&ver", guarded(send(StepBackOver())), shortcut="Ctrl+Shift+F10", tester=can_go_back, toolbar=bar, tip="Go back one instruction of this function, over calls", disabled_tip=needs)
    reg.add_command("reverse_continue", "&Run", "&Reverse Continue", guarded(send(ReverseContinue())), shortcut="Ctrl+Shift+F5", tester=can_go_back, toolbar=bar, tip="Go back to the previous breakpoint hit (or the start)", disabled_tip=needs)
    reg.add_command("pause", "&Run", "&Pause", guarded(send(Pause())), shortcut="F6", tester=running, toolbar=bar, tip="Pause the running code where it is", separator_before=True)
    reg.add_command("stop", "&Run", "&Stop", guarded(send(Stop())), shortcut="Shift+F5", tester=active, toolbar=bar, tip="End the session")

    # View
    reg.add_command("reset_layout", "&View", "&Reset Layout", guarded(window.reset_layout))

    # GPU (window_gpu.py) and Demos (window_demos.py) fill theirs; made here so Help stays last
    reg.menu("&GPU")
    reg.menu("&Demos")

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
