"""The window's side of a debug session: render each stop everywhere, show progress, route edits and jumps.

`SessionPresenter` holds no engine logic: it renders the `Snapshot`s the
controller sends (through the SessionBridge), polls `controller.progress()`
every 100 ms while a motion runs (the status bar counts instructions and the
window stays responsive), turns panel edits into controller edits, and
offers the who-wrote jump back in time.
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
from playground.workbench.status_text import describe_state, describe_writer, from_data_segment, progress_text
from playground.workbench.text_drift import TextDrift

PROGRESS_MS = 100
SHOW_RUNNING_AFTER_S = 0.1


class SessionPresenter(QObject):
    """Owned by the debugger feature; see the module docstring."""

    def __init__(self, debugger) -> None:
        super().__init__(debugger.window)
        self.debugger = debugger
        self.window = debugger.window
        self.previous: Snapshot | None = None
        self.overlay = EvaluationOverlay()
        self._overlay_program = None
        self.progress_shown = False
        self._drift: TextDrift | None = None
        self._told_about_edits = False
        self.timer = QTimer(self)
        self.timer.setInterval(PROGRESS_MS)
        self.timer.timeout.connect(self.poll)
        self.timer.start()
        d = debugger
        d.stack_panel.valueEdited.connect(lambda depth, text: self._edit(EditStack(depth, text)))
        d.locals_panel.valueEdited.connect(lambda key, text: self._edit(EditLocal(key, text)))
        d.globals_panel.valueEdited.connect(lambda key, text: self._edit(EditGlobal(key, text)))
        d.memory.bytesEdited.connect(lambda address, data: self._edit(WriteMemory(address, data)))
        d.memory.whoWroteFound.connect(self.who_wrote_found)

    @property
    def controller(self):
        return self.debugger.controller

    # --- stops -----------------------------------------------------------------------------
    def show_snapshot(self, snapshot: Snapshot) -> None:
        """Render one stop in every view, the status bar and the editor."""
        w, d = self.window, self.debugger
        if snapshot.state == SessionState.RUNNING:  # a notice: the panels keep showing the last stop
            d.session_state = SessionState.RUNNING
            d.session_label.setText(describe_state(snapshot))
            w.commands.update()
            return
        before, self.previous = self.previous, snapshot
        self.progress_shown = False
        d.last_snapshot = snapshot
        d.session_state = snapshot.state
        d.stack_panel.render(snapshot)
        d.callstack.render(snapshot)
        frame = snapshot.frames[-1] if snapshot.frames else None
        d.locals_panel.show_frame(frame)
        d.labels_panel.show_frame(frame)
        d.globals_panel.show_globals(snapshot.globals)
        source = self.controller.memory_source()
        if source is not None and source is not d.memory.model.source:
            d.memory.set_source(source)
        d.memory.set_snapshot(snapshot)
        self.set_editable(snapshot.state == SessionState.PAUSED)
        self._update_overlay(before, snapshot)
        if snapshot.state in (SessionState.PAUSED, SessionState.TRAPPED) and d.session_buffer is not None and d.session_buffer.editor is not w.tabs.currentWidget():
            w.tabs.setCurrentWidget(d.session_buffer.editor)
        self.show_location(snapshot.location)
        d.session_label.setText(describe_state(snapshot))
        if snapshot.message:
            w.statusBar().showMessage(snapshot.message, 10000)
        else:
            w.statusBar().clearMessage()  # a step says nothing: don't leave an older stop's words
        if snapshot.state == SessionState.TRAPPED:
            w.docks["console"].raise_()
        w.commands.update()

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
        """Mark an instruction's exact span in the session's editor (and its bytes in the bytecode view)."""
        w, d = self.window, self.debugger
        buffer = d.session_buffer or w.current_buffer()
        if buffer is None:
            return
        span = location.span if location is not None else None
        drift = self.drift() if buffer is d.session_buffer else None
        if drift is not None:
            span = drift.span(span)  # the line moved with the user's edits (None: the line itself changed)
        buffer.editor.highlight_span(span)
        if location is None or buffer is not w.current_buffer():
            return
        where = buffer.instr_map.bytes_of(InstrRef(location.func_index, location.instr_index))
        if where is None and location.offset is not None:
            where = (location.offset, 1)
        if where is not None:
            d.bytecode.highlight_bytes(*where)

    def _update_overlay(self, before: Snapshot | None, snapshot: Snapshot) -> None:
        program = self.controller.program
        if program is not self._overlay_program:
            self._overlay_program = program
            usable = program is not None and not program.is_binary
            self.overlay = EvaluationOverlay(program.text, program.spans) if usable else EvaluationOverlay()
            before = None
            self._told_about_edits = False  # a new session runs the text as it is now
        buffer = self.debugger.session_buffer
        if self.overlay.observe(before, snapshot) and buffer is not None:
            self._show_annotations(buffer)

    def _show_annotations(self, buffer) -> None:
        shown = self.overlay.shown()
        drift = self.drift()
        if drift is not None:
            moved = ((a, drift.offsets(a.start, a.end)) for a in shown)
            shown = [replace(a, start=where[0], end=where[1]) for a, where in moved if where is not None]
        buffer.editor.set_annotations(shown)

    # --- edits to the text while a session runs the old one --------------------------------------
    def drift(self) -> TextDrift | None:
        """How the session buffer's text moved away from the text the session runs; None when it did not."""
        program = self.controller.program
        buffer = self.debugger.session_buffer
        if program is None or buffer is None or program.is_binary:
            return None
        text = buffer.editor.toPlainText()
        if text == program.text:
            return None
        if self._drift is None or self._drift.old is not program.text or self._drift.new != text:
            self._drift = TextDrift(program.text, text)
        return self._drift

    def session_line(self, line: int) -> int | None:
        """A line of the session buffer as the running session numbers it (None: a new or changed line)."""
        drift = self.drift()
        return drift.old_line(line) if drift is not None else line

    def buffer_edited(self, buffer) -> None:
        """The session's text was edited: say once that the session runs the old text; keep the marks on it."""
        w, d = self.window, self.debugger
        if buffer is not d.session_buffer or not self.controller.has_session or self.drift() is None:
            return
        if not self._told_about_edits:
            self._told_about_edits = True
            text = (
                "You edited the code: this session still runs the version it started with. "
                "Press Debug (Ctrl+D) to restart with your changes."
            )
            w.console.write(text, "info")
            w.statusBar().showMessage(text, 15000)
        if d.last_snapshot is not None:
            self.show_location(d.last_snapshot.location)
            self._show_annotations(buffer)

    # --- progress of long motions ------------------------------------------------------------
    def poll(self) -> None:
        """Every 100 ms: while a motion runs, count its instructions in the status bar."""
        w, d = self.window, self.debugger
        info = self.controller.progress()
        if info is None or info[0] < SHOW_RUNNING_AFTER_S:
            if self.progress_shown and info is None:
                self.progress_shown = False
                last = d.last_snapshot
                d.session_state = last.state if last is not None else SessionState.READY
                d.session_label.setText(describe_state(last) if last is not None else "Ready")
                w.commands.update()
            return
        first = not self.progress_shown
        self.progress_shown = True
        d.session_state = SessionState.RUNNING
        d.session_label.setText(progress_text(info))
        if first:
            if w.statusBar().currentMessage().startswith("paused"):
                w.statusBar().clearMessage()  # the last stop's words do not describe a running program
            w.commands.update()

    # --- edits and jumps -----------------------------------------------------------------------
    def _edit(self, edit) -> None:
        w, d = self.window, self.debugger
        if d.session_state != SessionState.PAUSED:
            w.statusBar().showMessage("values can be changed only while a debug session is paused", 8000)
            d.show_snapshot(d.last_snapshot or Snapshot(0, SessionState.READY))  # put the shown value back
            return
        self.controller.send(edit)

    def who_wrote_found(self, step: int, location) -> None:
        """Say who wrote the byte; offer to travel back to that step, or to show the data segment that wrote it."""
        w, d = self.window, self.debugger
        address = d.memory.selected_address()  # the byte asked about (the answer arrives in the same click)
        w.console.write((f"0x{address:x}: " if address is not None else "") + describe_writer(step, location), "info")
        if from_data_segment(location):
            # Instantiation wrote it before the first instruction: there is no step to go back to.
            if self.ask_show_segment(location):
                self.show_segment(location)
            return
        if self.controller.has_session and self.ask_jump(step, location):
            self.controller.send(GotoStep(step))
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
        """Where the data segment is in the session's editor now (its text may have moved), or None."""
        span = location.span
        drift = self.drift()
        return drift.span(span) if drift is not None and span is not None else span

    def ask_show_segment(self, location) -> bool:
        """Say that a data segment wrote the byte; offer to show it when its place in the text is known (tests replace this)."""
        text = (f"This byte was written by data segment {location.instr_index} when the module was instantiated, "
                "before the first instruction ran: no step wrote it, so there is nothing to go back to.")
        if self.debugger.session_buffer is None or self.segment_span(location) is None:
            QMessageBox.information(self.window, "Who wrote this?", text)
            return False
        answer = QMessageBox.question(self.window, "Who wrote this?", text + "\nShow the segment in the source?")
        return answer == QMessageBox.StandardButton.Yes

    def show_segment(self, location) -> bool:
        """Select a data segment's text in the session's editor; False when its place is not known."""
        w, d = self.window, self.debugger
        buffer = d.session_buffer
        span = self.segment_span(location)
        if buffer is None or span is None:
            return False
        w.tabs.setCurrentWidget(buffer.editor)
        buffer.editor.select_span(span)
        return True
