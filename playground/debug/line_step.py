"""Stepping by source line, forwards and backwards, with gdb's rules. No Qt.

A source map that `steps_by_line` (sourcemaps/dwarf.py) says which
instructions begin a line (`is_statement`), where each function's own code
starts after its prologue (`function_start`), and which functions have
lines at all (`has_lines`). From those, one rule decides where a line
starts in a run, forwards or backwards, so that going back lands exactly
where going forward stops:

    step t is a *line start* when the instruction at t begins a statement,
    lies at or after its function's start, and is the function's start or
    the instruction run before it in the same frame was on another line
    (a frame just entered has none before it; after a call returns, the
    one before is the call).

Forwards (`forward`), from a frame at depth d: `next` stops at the next
line start at depth d; `step` also stops at the first line start in a
callee that has lines (after its prologue, as gdb does); calls into code
without lines (libc) run at full speed to their return. Returning from the
frame stops in the caller, in the middle of the calling line, as gdb shows
`main () at loop.c:22` after the last line of a function; a caller without
lines is passed through. Breakpoints and watchpoints still stop a step.

Backwards (`previous_line_start`): the latest line start before now in the
current frame (`rn`: calls skipped; `rs`: also the last line of a call
made in between), or, at the first line of a function, the line of its
caller that made the call. From the middle of a line, that is the start of
the same line, as gdb's reverse-next does. The recorder's checkpoint windows
are replayed newest first with a per-instruction hook; windows entirely
deeper than the current frame are skipped for `rn` without replaying them.
"""

from __future__ import annotations

from playground.wasm.exec.step.control import RunStop


class _Lines:
    """The source map's line questions, per (funcidx, index), cached for one motion."""

    def __init__(self, session) -> None:
        self.smap = session.source_map
        self.func_index = session.describer.func_index
        self._line: dict = {}

    def line(self, funcidx: int, index: int):
        key = (funcidx, index)
        found = self._line.get(key, False)
        if found is False:
            place = self.smap.place(funcidx, index)
            found = self._line[key] = (place.file, place.span.line) if place is not None else None
        return found

    def starts_line(self, funcidx: int, index: int, before) -> bool:
        """The rule of the module docstring; `before` is the (funcidx, index) run before in this frame, or None."""
        smap = self.smap
        if funcidx < 0 or not smap.is_statement(funcidx, index):
            return False
        start = smap.function_start(funcidx)
        if index < start:
            return False
        if index == start or before is None:
            return True
        return self.line(*before) != self.line(funcidx, index)

    def has_lines(self, funcidx: int) -> bool:
        return funcidx >= 0 and self.smap.has_lines(funcidx)


class _Tracker:
    """Follows a run instruction by instruction: the depth and the instruction before, per frame."""

    def __init__(self, session, lines: _Lines) -> None:
        self.thread = session.thread
        self.lines = lines

    def after(self, func, pc: int, depth_before: int):
        """The new position after an instruction: ((funcidx, pc), depth, is a line start), or None at the end."""
        frames = self.thread.frames
        if not frames:
            return None
        frame = frames[-1]
        depth = len(frames)
        lines = self.lines
        funcidx = lines.func_index(frame.func)
        if depth == depth_before and frame.func is func:
            before = (funcidx, pc)
        elif depth < depth_before:  # returned: the instruction before, in this frame, was its call
            before = (funcidx, frame.pc - 1)
        else:  # a new frame (a call, or a tail call replacing this one)
            before = None
        return (funcidx, frame.pc), depth, lines.starts_line(funcidx, frame.pc, before)


# --- forwards --------------------------------------------------------------------------------------
def forward(session, *, over: bool) -> RunStop:
    """Run to the next line start (see the module docstring); the runner's reason (LIMIT when a line was reached)."""
    thread, runner = session.thread, session.runner
    lines = _Lines(session)
    tracker = _Tracker(session, lines)
    if not thread.frames:
        return RunStop.DONE
    home = [len(thread.frames)]  # the depth of the frame being stepped (it may return)
    outcome = {"line": False, "enter": None}

    def hook(func, pc, depth_before):
        if chained is not None:
            chained(func, pc, depth_before)
        found = tracker.after(func, pc, depth_before)
        if found is None:
            return
        (funcidx, index), depth, starts = found
        if depth < home[0]:
            if lines.has_lines(funcidx):
                outcome["line"] = True  # back in the caller, mid-line
                runner.stop_before_next()
                return
            home[0] = depth
            return
        if depth == home[0]:
            if starts:
                outcome["line"] = True
                runner.stop_before_next()
            return
        if over or not lines.has_lines(funcidx):
            outcome["enter"] = depth  # a call to run through at full speed
            runner.stop_before_next()
        elif starts:
            outcome["line"] = True
            runner.stop_before_next()

    chained = runner.on_step
    from_stop = True
    try:
        while True:
            outcome["line"], outcome["enter"] = False, None
            runner.on_step = hook
            reason = session._run(from_stop=from_stop)  # the session's run: limits, breakpoint conditions
            runner.on_step = chained
            from_stop = False
            if reason == RunStop.STOP and session.watch_hits:
                return reason  # a watchpoint: the session reports it
            if reason != RunStop.STOP:
                return reason
            if outcome["line"]:
                return RunStop.LIMIT
            depth = outcome["enter"]
            if depth is not None:  # through the callee untraced; the run ends when the callee returns
                reason = session._run(stop_depth=depth, from_stop=False)
                if reason != RunStop.DEPTH:
                    return reason
                # back just after the call: a line may start right there
                frame = thread.frames[-1]
                funcidx = lines.func_index(frame.func)
                if lines.starts_line(funcidx, frame.pc, (funcidx, frame.pc - 1)):
                    return RunStop.LIMIT
    finally:
        runner.on_step = chained


# --- backwards -------------------------------------------------------------------------------------
def previous_line_start(session, *, into_calls: bool) -> tuple[int | None, str]:
    """The step of the previous line start (see the module docstring) as `(step or None, note)`."""
    thread, recorder, runner = session.thread, session.recorder, session.runner
    lines = _Lines(session)
    tracker = _Tracker(session, lines)
    now = session.step
    if now == 0:
        return None, "at the start of the recorded history"
    level = len(thread.frames) or 1  # L: the frame being stepped back through (lowered on leaving it backwards)
    if not thread.frames or not lines.has_lines(lines.func_index(thread.frames[-1].func)):
        into_calls = True  # from the end, or from code without lines: back to the last line that ran
    checkpoints = list(recorder.checkpoints)
    windows = []
    for i, cp in enumerate(checkpoints):
        if cp.step >= now:
            break
        end = checkpoints[i + 1].step if i + 1 < len(checkpoints) else now
        windows.append((i, cp, min(end, now)))
    with recorder.quiet():
        for i, cp, end in reversed(windows):
            if not into_calls and cp.lowest > level:
                continue  # every step here is deeper than the frame: nothing to find, L unchanged
            depths, starts, has = _replay_window(session, tracker, lines, checkpoints, i, cp, end)
            for offset in range(len(depths) - 1, -1, -1):
                depth = depths[offset]
                if depth < level:
                    level = depth
                if not starts[offset]:
                    continue
                if depth == level or (into_calls and depth > level and has[offset]):
                    return cp.step + offset, ""
    return None, "at the start of the recorded history"


def _replay_window(session, tracker, lines, checkpoints, i, cp, end):
    """Replay [cp.step, end): per step its depth, whether it starts a line, and whether its function has lines.

    The window's first step needs the instruction run before it, so the
    replay starts from the checkpoint before (untraced up to there).
    """
    recorder, runner, thread = session.recorder, session.runner, session.thread
    depths: list[int] = []
    starts: list[bool] = []
    has: list[bool] = []

    def record(found) -> None:
        if found is not None:
            (funcidx, _), depth, start = found
            depths.append(depth)
            starts.append(start)
            has.append(lines.has_lines(funcidx))

    def hook(func, pc, depth_before) -> None:
        record(tracker.after(func, pc, depth_before))

    if i == 0:  # nothing recorded before it: its first step counts as a frame's first
        recorder.rewind(cp)
        frame = thread.frames[-1]
        funcidx = lines.func_index(frame.func)
        record(((funcidx, frame.pc), len(thread.frames), lines.starts_line(funcidx, frame.pc, None)))
    else:
        recorder.rewind(checkpoints[i - 1])
        recorder.forward(cp.step - 1 - thread.instructions)
    runner.on_step = hook
    try:
        recorder.forward(end - 1 - thread.instructions)
    finally:
        runner.on_step = None
    return depths, starts, has


class LineMotions:
    """The session's motions by source line (mixed into DebugSession, as edits.py's EditCommands is).

    Each returns the stop's Snapshot like the instruction motions; with a
    source map that does not step by line they still work, one statement
    being one mapped instruction.
    """

    @property
    def steps_by_line(self) -> bool:
        """Whether this session's source map steps by line (C through DWARF): the prompt's `s`/`n` then mean lines."""
        return bool(getattr(self.source_map, "steps_by_line", False))

    def step_line(self):
        """gdb's `step`: run to the next line start, into calls to functions that have lines."""
        return self._motion(lambda: forward(self, over=False))

    def next_line(self):
        """gdb's `next`: run to the next line start of this function (or of its caller), over calls."""
        return self._motion(lambda: forward(self, over=True))

    def step_back_line(self):
        """gdb's `reverse-step`: back to the start of the previous line, into the last line of a call made since."""
        return self._motion_back(lambda log: previous_line_start(self, into_calls=True))

    def back_next_line(self):
        """gdb's `reverse-next`: back to the start of the previous line of this function, over calls."""
        return self._motion_back(lambda log: previous_line_start(self, into_calls=False))
