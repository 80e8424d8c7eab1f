"""The debugger's commands, declared once each: the Run menu (also on the run bar) and Edit > Go to Address.

Every motion sends its typed record (workbench.session_commands) to the
current tab's controller; the predicates ask the current tab's session.
Run is the one command for every language: it asks the runner the current
tab's language registered (`window.runners`), so Ctrl+R dispatches a WGSL
shader on a WGSL tab and runs the export on a WAT tab.
"""

from __future__ import annotations

from typing import Callable

from playground.debug.states import SessionState
from playground.errors import PlaygroundError
from playground.workbench.session_commands import (
    Continue,
    Pause,
    ReverseContinue,
    RunToLine,
    SessionCommand,
    StepBack,
    StepBackOver,
    StepInto,
    StepOut,
    StepOver,
    Stop,
)

NEEDS_DEBUGGER = "needs a paused debugger session (start one with Debug, Ctrl+D)"
NOTHING_TO_RUN = "open a WAT, WGSL or .wasm file to run"
RUN_TIP = "Run the export to completion"


def declare_commands(debugger) -> None:
    """Declare the debugger's commands in `debugger.window`'s registry; the motions go on the command bar too."""
    window = debugger.window
    reg = window.commands
    bar = debugger.command_bar

    def state() -> SessionState:
        return debugger.session_state  # the current tab's session's

    def has_session() -> bool:
        session = debugger.active
        return session is not None and session.has_session

    def paused() -> bool:
        return state() == SessionState.PAUSED

    def can_go_back() -> bool:
        """Backwards works from a pause, and also after the end or a trap while the session is kept."""
        return has_session() and state() in (SessionState.PAUSED, SessionState.FINISHED, SessionState.EXITED, SessionState.TRAPPED)

    def running() -> bool:
        return state() == SessionState.RUNNING

    def active() -> bool:
        return state() in (SessionState.RUNNING, SessionState.PAUSED) or has_session()

    def send(record: SessionCommand) -> Callable[[], None]:
        return lambda: debugger.send(record)  # to the current tab's session

    def runner():
        buffer = window.current_buffer()
        return window.runners.get(buffer.language) if buffer is not None else None

    def run() -> None:
        found = runner()
        if found is None:
            raise PlaygroundError(NOTHING_TO_RUN)
        found.run()

    def run_to_cursor() -> None:
        buffer = window.current_buffer()
        if buffer is not None:
            line = debugger.presenter.session_line(buffer.editor.textCursor().blockNumber() + 1)
            if line is None:
                raise PlaygroundError("this line is new since the session started: press Debug to run your edits")
            debugger.send(RunToLine(line))

    reg.add_command("goto_address", "&Edit", "&Go to Address…", debugger.go_to_address, shortcut="Ctrl+G")

    needs = NEEDS_DEBUGGER
    reg.add_command(
        "run", "&Run", "&Run", run, shortcut="Ctrl+R", toolbar=bar,
        tester=lambda: runner() is not None and runner().can_run()[0],
        tip=lambda: runner().run_tip() if runner() is not None else RUN_TIP,
        disabled_tip=lambda: runner().can_run()[1] if runner() is not None else NOTHING_TO_RUN,
    )
    reg.add_command("debug", "&Run", "&Debug", lambda: debugger.start_session(debug=True), shortcut="Ctrl+D",
                    tester=lambda: debugger.can_run()[0], toolbar=bar, tip="Start the export paused at its first instruction")
    reg.add_command("continue", "&Run", "&Continue", send(Continue()), shortcut="F5", tester=paused, toolbar=bar,
                    tip="Run to the next breakpoint", disabled_tip=needs, separator_before=True)
    reg.add_command("step_over", "&Run", "Step &Over", send(StepOver()), shortcut="F10", tester=paused, toolbar=bar,
                    tip="Run one instruction; calls run to their end", disabled_tip=needs)
    reg.add_command("step_into", "&Run", "Step &Into", send(StepInto()), shortcut="F11", tester=paused, toolbar=bar,
                    tip="Run one instruction, entering calls", disabled_tip=needs)
    reg.add_command("step_out", "&Run", "Step O&ut", send(StepOut()), shortcut="Shift+F11", tester=paused, toolbar=bar,
                    tip="Run until the current function returns", disabled_tip=needs)
    reg.add_command("run_to_cursor", "&Run", "Run to &Cursor", run_to_cursor, shortcut="Ctrl+F10", tester=paused,
                    tip="Run until the line of the text cursor", disabled_tip=needs)
    reg.add_command("step_back", "&Run", "Step &Back", send(StepBack()), shortcut="Ctrl+Shift+F11", tester=can_go_back,
                    toolbar=bar, tip="Go back one instruction (exactly: memory and globals too)", disabled_tip=needs,
                    separator_before=True)
    reg.add_command("step_back_over", "&Run", "Step Back O&ver", send(StepBackOver()), shortcut="Ctrl+Shift+F10",
                    tester=can_go_back, toolbar=bar, tip="Go back one instruction of this function, over calls",
                    disabled_tip=needs)
    reg.add_command("reverse_continue", "&Run", "&Reverse Continue", send(ReverseContinue()), shortcut="Ctrl+Shift+F5",
                    tester=can_go_back, toolbar=bar, tip="Go back to the previous breakpoint hit (or the start)",
                    disabled_tip=needs)
    reg.add_command("pause", "&Run", "&Pause", send(Pause()), shortcut="F6", tester=running, toolbar=bar,
                    tip="Pause the running code where it is", separator_before=True)
    reg.add_command("stop", "&Run", "&Stop", send(Stop()), shortcut="Shift+F5", tester=active, toolbar=bar,
                    tip="End the session")
