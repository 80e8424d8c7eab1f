"""The window's side of the tabs' debug sessions: record each stop in its tab, render the current tab's, show progress.

`SessionPresenter` holds no engine logic. Each stop a tab's controller sends
(through the SessionBridge) is recorded in that tab's TabSession and marked
in that tab's editor; the panels, the session label and the bytecode view
render only the current tab's session (`render`), again whenever another tab
becomes current. It polls the current session's `progress()` every 100 ms
while a motion runs (the status bar counts instructions, or says that the
program waits for a typed line and brings the Console's field forward, and the
window stays responsive), turns panel edits into controller edits, and offers
the who-wrote jump back in time. The status bar's right side says where the
session is, its left what just happened (status_text.py).
"""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QObject, QTimer
from PySide6.QtWidgets import QMessageBox

from playground.debug.snapshot import Snapshot
from playground.debug.states import SessionState
from playground.workbench.eval_overlay import EvaluationOverlay
from playground.workbench.instr_map import InstrRef
from playground.workbench.session_commands import EditGlobal, EditLocal, EditStack, GotoStep, WriteMemory
from playground.workbench.status_text import (
    WAITING_FOR_INPUT,
    describe_event,
    describe_state,
    describe_writer,
    from_data_segment,
    progress_text,
)
from playground.workbench.stop_place import StopPlace, stop_place
from playground.workbench.tab_session import TabSession
from playground.workbench.text_drift import TextDrift

PROGRESS_MS = 100
SHOW_RUNNING_AFTER_S = 0.1


def tab_file(buffer) -> str | None:
    """The file of a tab's source map that its editor shows when the map has several (a C file and its headers).

    None for a map of one file (WAT, a disassembly, a C file alone): each line with a place is the tab's.
    """
    source_map = buffer.instr_map.source_map
    return source_map.main_file if source_map is not None and len(source_map.files) > 1 else None


class SessionPresenter(QObject):
    """Owned by the debugger feature; see the module docstring."""

    def __init__(self, debugger) -> None:
        super().__init__(debugger.window)
        self.debugger = debugger
        self.window = debugger.window
        self.timer = QTimer(self)
        self.timer.setInterval(PROGRESS_MS)
        self.timer.timeout.connect(self.poll)
        self.timer.start()
        self.event = ""  # the left of the status bar at the current tab's last stop (describe_event)
        self.waiting: TabSession | None = None  # the session whose program waits for typed input, as last polled
        d = debugger
        d.stack_panel.valueEdited.connect(lambda depth, text: self._edit(EditStack(depth, text)))
        d.locals_panel.valueEdited.connect(lambda key, text: self._edit(EditLocal(key, text)))
        d.globals_panel.valueEdited.connect(lambda key, text: self._edit(EditGlobal(key, text)))
        d.memory.bytesEdited.connect(lambda address, data: self._edit(WriteMemory(address, data)))
        d.memory.whoWroteFound.connect(self.who_wrote_found)

    def _is_current(self, buffer) -> bool:
        return buffer is not None and buffer is self.window.current_buffer()

    # --- stops -----------------------------------------------------------------------------
    def stopped(self, buffer, session: TabSession, snapshot: Snapshot) -> None:
        """A stop of `buffer`'s session: record it there, mark its editor, and render it when that tab is current."""
        w, d = self.window, self.debugger
        before = session.record(snapshot)
        session.label = describe_state(snapshot)
        current = self._is_current(buffer)
        if snapshot.state == SessionState.RUNNING:  # a notice: the panels keep showing the last stop
            if current:
                d.session_label.setText(session.label)
            w.commands.update()
            return
        self._update_overlay(buffer, session, before, snapshot)
        self.show_stop(buffer, session, snapshot, reveal=True)
        if current:
            self.render(session)
            self.event = describe_event(snapshot)  # the left says why; the right (the session label) where
            if self.event:
                w.statusBar().showMessage(self.event, 10000)
            else:
                w.statusBar().clearMessage()  # a step says nothing: don't leave an older stop's words
        elif snapshot.state != SessionState.READY or snapshot.message:
            w.statusBar().showMessage(f"{buffer.title}: {session.label}", 10000)  # a tab behind this one stopped
        if snapshot.state == SessionState.TRAPPED:
            w.docks["console"].raise_()
        w.commands.update()

    def render(self, session: TabSession | None) -> None:
        """Show `session`'s last stop in every panel (None, or a session never run: empty panels)."""
        d = self.debugger
        snapshot = session.last_snapshot if session is not None else None
        d.stack_panel.render(snapshot)
        d.callstack.render(snapshot)
        d.exception_panel.render(snapshot)
        d.heap_panel.render(snapshot)
        frame = snapshot.frames[-1] if snapshot is not None and snapshot.frames else None
        d.locals_panel.show_frame(frame)
        d.labels_panel.show_frame(frame)
        d.globals_panel.show_globals(snapshot.globals if snapshot is not None else ())
        source = session.memory_source() if session is not None else None
        if source is not d.memory.model.source and (source is not None or d.memory.model.source.data):
            d.memory.set_source(source)
        d.memory.set_snapshot(snapshot)
        self.set_editable(session is not None and session.state == SessionState.PAUSED)
        d.session_label.setText(session.label if session is not None else "Ready")
        if snapshot is not None and snapshot.location is not None:
            self._highlight_bytes(snapshot.location)
        # (the commands' predicates are asked by whoever called: a stop, or the window after a tab switch)

    def set_editable(self, on: bool) -> None:
        """Edits are offered only while paused."""
        d = self.debugger
        d.stack_panel.editable = on
        d.locals_panel.editable = on
        d.globals_panel.editable = on
        d.memory.set_editable(on)

    def frame_selected(self, frame) -> None:
        """A call-stack click: that frame's locals (editable only for the current frame)."""
        d = self.debugger
        d.locals_panel.show_frame(frame)
        d.labels_panel.show_frame(frame)
        snapshot = d.last_snapshot
        current = snapshot is not None and bool(snapshot.frames) and frame is snapshot.frames[-1]
        d.locals_panel.editable = current and d.session_state == SessionState.PAUSED

    def show_location(self, location) -> None:
        """Mark an instruction's exact span in the current tab's editor, scrolled to (and its bytes in the bytecode view)."""
        buffer = self.window.current_buffer()
        session = self.debugger.session_of(buffer)
        if buffer is None:
            return
        self._mark(buffer, session, location, reveal=True)
        if location is not None:
            self._highlight_bytes(location)

    def stop_place(self, buffer, snapshot: Snapshot | None) -> StopPlace:
        """The place `buffer`'s tab marks for `snapshot`: the innermost frame with a line in its text (stop_place.py)."""
        return stop_place(snapshot, tab_file(buffer))

    def show_stop(self, buffer, session: TabSession, snapshot: Snapshot | None, *, reveal: bool) -> None:
        """Mark a stop's line in `buffer`'s editor, the one way every stop is shown; `reveal`: scroll to it.

        Revealed at each stop, also in a tab behind the current one (its editor
        scrolls when it shows); not when the mark is only redrawn after an edit.
        """
        self._mark(buffer, session, self.stop_place(buffer, snapshot).location, reveal=reveal)

    def _mark(self, buffer, session: TabSession | None, location, *, reveal: bool = False) -> None:
        """Highlight `location`'s span in `buffer`'s editor, where the user's edits moved it."""
        span = location.span if location is not None else None
        drift = self.drift(buffer, session)
        if drift is not None:
            span = drift.span(span)  # the line moved with the user's edits (None: the line itself changed)
        buffer.editor.highlight_span(span, reveal=reveal)

    def _highlight_bytes(self, location) -> None:
        buffer = self.window.current_buffer()
        if buffer is None:
            return
        where = buffer.instr_map.bytes_of(InstrRef(location.func_index, location.instr_index))
        if where is None and location.offset is not None:
            where = (location.offset, 1)
        if where is not None:
            self.debugger.bytecode.highlight_bytes(*where)

    def _update_overlay(self, buffer, session: TabSession, before: Snapshot | None, snapshot: Snapshot) -> None:
        program = session.program
        if program is not session.overlay_program:
            session.overlay_program = program
            usable = program is not None and not program.is_binary
            session.overlay = EvaluationOverlay(program.text, program.spans) if usable else EvaluationOverlay()
            before = None
            session.told_about_edits = False  # a new session runs the text as it is now
        if session.overlay.observe(before, snapshot):
            self._show_annotations(buffer, session)

    def _show_annotations(self, buffer, session: TabSession) -> None:
        shown = session.overlay.shown()
        drift = self.drift(buffer, session)
        if drift is not None:
            moved = ((a, drift.offsets(a.start, a.end)) for a in shown)
            shown = [replace(a, start=where[0], end=where[1]) for a, where in moved if where is not None]
        buffer.editor.set_annotations(shown)

    # --- edits to the text while a session runs the old one --------------------------------------
    def drift(self, buffer=None, session: TabSession | None = None) -> TextDrift | None:
        """How a tab's text moved away from the text its session runs (default: the current tab); None when it did not."""
        buffer = buffer if buffer is not None else self.window.current_buffer()
        session = session if session is not None else self.debugger.sessions.get(buffer)
        if buffer is None or session is None:
            return None
        return session.drift(buffer.editor.toPlainText())

    def session_line(self, line: int, buffer=None) -> int | None:
        """A line of a tab as its running session numbers it (None: a new or changed line)."""
        drift = self.drift(buffer)
        return drift.old_line(line) if drift is not None else line

    def buffer_edited(self, buffer) -> None:
        """A tab's text was edited during its session: say once that it runs the old text; keep the marks on it."""
        w = self.window
        session = self.debugger.sessions.get(buffer)
        if session is None or not session.has_session or self.drift(buffer, session) is None:
            return
        if not session.told_about_edits:
            session.told_about_edits = True
            text = (
                "You edited the code: this session still runs the version it started with. "
                "Press Debug (Ctrl+D) to restart with your changes."
            )
            w.console.write(text, "info")
            if self._is_current(buffer):
                w.statusBar().showMessage(text, 15000)
        if session.last_snapshot is not None:
            self.show_stop(buffer, session, session.last_snapshot, reveal=False)  # (the user types where they are)
            self._show_annotations(buffer, session)

    # --- progress of long motions ------------------------------------------------------------
    def poll(self) -> None:
        """Every 100 ms: while the current tab's motion runs, count its instructions in the status bar."""
        w, d = self.window, self.debugger
        session = d.active
        if session is None:
            return
        info = session.progress()
        if info is None or info[0] < SHOW_RUNNING_AFTER_S:
            if session.progress_shown and info is None:
                session.progress_shown = False
                last = session.last_snapshot
                session.state = last.state if last is not None else SessionState.READY
                session.label = describe_state(last) if last is not None else "Ready"
                d.session_label.setText(session.label)
                w.commands.update()
            return
        first = not session.progress_shown
        session.progress_shown = True
        session.state = SessionState.RUNNING
        waiting = session.controller.waits_for_input
        session.label = WAITING_FOR_INPUT if waiting else progress_text(info)
        d.session_label.setText(session.label)
        if waiting and self.waiting is not session:  # the wait began: the Console's input field comes forward
            w.docks["console"].raise_()  # (the Problems tab may hide it)
            w.console.input.setFocus()
        self.waiting = session if waiting else None
        if first:
            if self.event and w.statusBar().currentMessage() == self.event:
                w.statusBar().clearMessage()  # the last stop's words do not describe a running program
            w.commands.update()

    # --- edits and jumps -----------------------------------------------------------------------
    def _edit(self, edit) -> None:
        w, d = self.window, self.debugger
        if d.session_state != SessionState.PAUSED:
            w.statusBar().showMessage("values can be changed only while a debug session is paused", 8000)
            self.render(d.active)  # put the shown value back
            return
        d.send(edit)

    def who_wrote_found(self, step: int, location) -> None:
        """Say who wrote the byte; offer to travel back to that step, or to show the data segment that wrote it."""
        w, d = self.window, self.debugger
        address = d.memory.selected_address()  # the byte asked about (the answer arrives in the same click)
        w.console.write((f"{d.memory.address_text(address)}: " if address is not None else "") + describe_writer(step, location), "info")
        if from_data_segment(location):
            # Instantiation wrote it before the first instruction: there is no step to go back to.
            if self.ask_show_segment(location):
                self.show_segment(location)
            return
        session = d.active
        if session is not None and session.has_session and self.ask_jump(step, location):
            d.send(GotoStep(step))
        elif location is not None:
            self.show_location(location)

    def ask_jump(self, step: int, location) -> bool:
        """Ask whether to go back in time to the write (tests replace this)."""
        answer = QMessageBox.question(
            self.window,
            "Who wrote this?",
            f"This byte was last written at step {step:,}"
            + (f" by {location.instr_text} ({location})" if location is not None else "")
            + ".\nGo back in time to just before that write?",
        )
        return answer == QMessageBox.StandardButton.Yes

    def segment_span(self, location):
        """Where the data segment is in the current tab's editor now (its text may have moved), or None."""
        span = location.span
        drift = self.drift()
        return drift.span(span) if drift is not None and span is not None else span

    def ask_show_segment(self, location) -> bool:
        """Say that a data segment wrote the byte; offer to show it when its place in the text is known (tests replace this)."""
        text = (f"This byte was written by data segment {location.instr_index} when the module was instantiated, "
                "before the first instruction ran: no step wrote it, so there is nothing to go back to.")
        if self.debugger.active_buffer is None or self.segment_span(location) is None:
            QMessageBox.information(self.window, "Who wrote this?", text)
            return False
        answer = QMessageBox.question(self.window, "Who wrote this?", text + "\nShow the segment in the source?")
        return answer == QMessageBox.StandardButton.Yes

    def show_segment(self, location) -> bool:
        """Select a data segment's text in the current tab's editor; False when its place is not known."""
        buffer = self.debugger.active_buffer
        span = self.segment_span(location)
        if buffer is None or span is None:
            return False
        buffer.editor.select_span(span)
        return True
