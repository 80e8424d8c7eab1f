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

Nothing is traced per instruction when going forwards: the control flow of
a function is static, so `line_breaks` finds, once per function, the
instructions where a line always starts when reached, and those after
which one may start (a loop's exit test, say); a run with breakpoints on
those, and one instruction from the second kind, finds every line start.
A loop on one line holds none of them, so `next` over it costs what `c`
costs.

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
are looked at newest first: windows entirely deeper than the frame are
skipped (`rn`), windows where a quick run with the line breakpoints stops
nowhere are passed over, and the rest are replayed with a per-instruction
hook that applies the rule to every step.
"""

from __future__ import annotations

import weakref
from contextlib import contextmanager

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


# --- where a line may start: static, per function ---------------------------------------------------
_STATIC: "weakref.WeakKeyDictionary" = weakref.WeakKeyDictionary()


def _successors(body) -> list[tuple[int, ...]]:
    """For each instruction of a flat body, the indices that may run next in the same frame.

    Structured control makes them static; these are the step engine's own
    jumps (exec/step/code.py `Block.target`, handlers_control.py): a branch to
    a loop goes to the instruction after `loop`, to a block or `if` past its
    `end`; a false `if` goes past its `else` (or `end`), and the `else` reached
    from the then-arm past the `end`. A call continues at the next instruction
    when it returns; a return leaves the frame.
    """
    ends: dict[int, int] = {}
    elses: dict[int, int] = {}
    open_: list[int] = []
    for index, instr in enumerate(body):
        name = instr.op.name
        if name in ("block", "loop", "if"):
            open_.append(index)
        elif name == "else" and open_:
            elses[open_[-1]] = index
        elif name == "end" and open_:
            ends[open_.pop()] = index
    size = len(body)
    labels: list[int] = []
    out: list[tuple[int, ...]] = []

    def target(depth: int) -> tuple[int, ...]:
        if depth >= len(labels):
            return ()  # the function's own label: a return
        start = labels[-1 - depth]
        return (start + 1,) if body[start].op.name == "loop" else (ends.get(start, size - 1) + 1,)

    for index, instr in enumerate(body):
        name = instr.op.name
        nexts: tuple[int, ...] = (index + 1,)
        if name in ("block", "loop", "if"):
            if name == "if":
                other = elses.get(index, ends.get(index, size - 1))
                nexts = (index + 1, other + 1)
            labels.append(index)
        elif name == "else" and labels:
            nexts = (ends.get(labels[-1], size - 1) + 1,)
        elif name == "end":
            if not labels:
                nexts = ()  # the body's end: a return
            else:
                labels.pop()
        elif name == "br":
            nexts = target(instr.imm[0])
        elif name == "br_if":
            nexts = (index + 1, *target(instr.imm[0]))
        elif name == "br_table":
            nexts = tuple(dict.fromkeys(t for depth in (*instr.imm[0], instr.imm[1]) for t in target(depth)))
        elif name in ("return", "unreachable") or name.startswith("return_call"):
            nexts = ()
        out.append(tuple(x for x in nexts if 0 <= x < size))
    return out


def line_breaks(session, funcidx: int) -> tuple[frozenset[int], frozenset[int]]:
    """Where to stop a run so that no line start of a function is missed: (starts, sources).

    `starts`: instructions that start a line whenever they are reached
    (every instruction that can run before them is on another line, or they
    are the function's start); `sources`: instructions after which a line
    may start or not, depending on where they go (one step from them says).
    A loop on one line holds neither, so `n` over it runs at full speed.
    """
    smap = session.source_map
    cache = _STATIC.setdefault(smap, {})
    found = cache.get(funcidx)
    if found is not None:
        return found
    lines = _Lines(session)
    defined = funcidx - session.module.num_imported_funcs
    body = session.module.funcs[defined].body if 0 <= defined < len(session.module.funcs) else []
    start = smap.function_start(funcidx)
    before: dict[int, list[int]] = {}
    for index, nexts in enumerate(_successors(body)):
        for x in nexts:
            before.setdefault(x, []).append(index)
    starts, sources = set(), set()
    for x in range(start, len(body)):
        if not smap.is_statement(funcidx, x):
            continue
        line = lines.line(funcidx, x)
        preds = before.get(x, [])
        differing = [p for p in preds if lines.line(funcidx, p) != line]
        if x == start or (preds and len(differing) == len(preds)):
            starts.add(x)
        else:
            sources.update(differing)
    found = cache[funcidx] = (frozenset(starts), frozenset(sources))
    return found


def _breaks_for(session, funcidxs) -> tuple[set, set]:
    """(starts, sources) as (funcidx, index) locations over several functions."""
    starts, sources = set(), set()
    for funcidx in funcidxs:
        at, via = line_breaks(session, funcidx)
        starts.update((funcidx, i) for i in at)
        sources.update((funcidx, i) for i in via)
    return starts, sources


def _functions_with_lines(session) -> list[int]:
    smap = session.source_map
    base = session.module.num_imported_funcs
    return [base + i for i in range(len(session.module.funcs)) if smap.has_lines(base + i)]


@contextmanager
def _temporary_breaks(session, locations: set):
    """Extra breakpoint locations for the session's runs inside the block (patched once, not per run)."""
    saved = session._temporary
    session._temporary = set(locations) | saved
    session._sync_breaks()
    try:
        yield
    finally:
        session._temporary = saved
        session._sync_breaks()


# --- forwards --------------------------------------------------------------------------------------
def forward(session, *, over: bool) -> RunStop:
    """Run to the next line start (see the module docstring); the runner's reason (LIMIT when a line was reached).

    The run is the session's own (its limits, breakpoints and watchpoints),
    with temporary breakpoints where lines start (`line_breaks`): in the
    stepped frame's function for `next`, in every function with lines for
    `step`. At a line's start it stops; at a source, one instruction is run
    and the rule decides. Calls made from a source run to their return.
    """
    thread = session.thread
    lines = _Lines(session)
    if not thread.frames:
        return RunStop.DONE
    functions = [lines.func_index(thread.frames[-1].func)] if over else _functions_with_lines(session)
    starts, sources = _breaks_for(session, functions)
    with _temporary_breaks(session, starts | sources):
        return _forward(session, lines, starts, sources, over)


def _forward(session, lines, starts, sources, over) -> RunStop:
    thread, recorder = session.thread, session.recorder
    home = len(thread.frames)  # the depth of the frame being stepped (lowered when it returns into code without lines)
    from_stop = True
    while True:
        reason = session._run(stop_depth=home, from_stop=from_stop)
        from_stop = True
        if reason == RunStop.DEPTH:  # the stepped frame returned
            if lines.has_lines(lines.func_index(thread.frames[-1].func)):
                return RunStop.LIMIT  # in the caller, mid-line, as gdb shows it
            home = len(thread.frames)
            from_stop = False
            continue
        if reason != RunStop.BREAK:
            return reason
        key = _here(thread, lines)
        if _user_breakpoint_stops(session, key):
            return RunStop.BREAK
        depth = len(thread.frames)
        if over and depth > home:
            continue  # the stepped function, called again deeper (recursion): not this frame
        if key in starts:
            return RunStop.LIMIT
        if key not in sources:
            continue
        # one instruction from a source: did a line start?
        reason = recorder.forward(1)
        if reason != RunStop.LIMIT:
            return reason
        after = len(thread.frames)
        if after > depth:  # it called: `step` goes in (the callee's start is a stop), `next` runs it to its return
            if not over and lines.has_lines(lines.func_index(thread.frames[-1].func)):
                from_stop = False
                continue
            reason = _finish_call(session, lines, after, over)
            if reason != RunStop.DEPTH:
                return reason
        elif after < depth:  # it returned
            if depth == home:
                if not thread.frames:
                    return RunStop.DONE
                if lines.has_lines(lines.func_index(thread.frames[-1].func)):
                    return RunStop.LIMIT
                home = after
            from_stop = False
            continue
        frame = thread.frames[-1]
        funcidx = lines.func_index(frame.func)
        if funcidx == key[0] and lines.starts_line(funcidx, frame.pc, key):
            return RunStop.LIMIT
        from_stop = False  # here nobody stopped: a breakpoint here must stop the next run


def _finish_call(session, lines, depth: int, over: bool) -> RunStop:
    """Run the call just entered (at `depth`) to its return: DEPTH, or why it stopped first.

    Stops on the way at the line-break locations are passed over, except a
    user's breakpoint, and (for `step`) a line start in a function with lines
    that the call reached (a callback from code without lines).
    """
    thread = session.thread
    while True:
        reason = session._run(stop_depth=depth, from_stop=False)
        if reason != RunStop.BREAK:
            return reason
        key = _here(thread, lines)
        if _user_breakpoint_stops(session, key):
            return RunStop.BREAK
        if not over and key[1] == session.source_map.function_start(key[0]) and lines.has_lines(key[0]):
            return RunStop.LIMIT
        reason = session.recorder.forward(1)  # past the location, then on
        if reason != RunStop.LIMIT:
            return reason
        if len(thread.frames) < depth:
            return RunStop.DEPTH


def _here(thread, lines) -> tuple[int, int]:
    """(function index, pc) of the top frame: the key of a line-break location."""
    frame = thread.frames[-1]
    return lines.func_index(frame.func), frame.pc


def _user_breakpoint_stops(session, key) -> bool:
    """Whether a breakpoint of the user's at `key` stops here (its condition and hit count; the hit counted)."""
    stop = False
    for bp in list(session.breakpoints.at(*key)):
        if bp.should_stop(session.context, session.step):
            stop = True
    return stop


# --- backwards -------------------------------------------------------------------------------------
def previous_line_start(session, *, into_calls: bool) -> tuple[int | None, str]:
    """The step of the previous line start (see the module docstring) as `(step or None, note)`.

    Windows are looked at newest first. One that cannot change the frame
    being stepped back through (it never goes shallower) and where a run
    with the line breakpoints (`line_breaks`) stops nowhere holds no line
    start: it is passed over after that quick run. The others are replayed
    with a per-instruction hook that applies the rule to every step.
    """
    thread, recorder = session.thread, session.recorder
    lines = _Lines(session)
    tracker = _Tracker(session, lines)
    now = session.step
    if now == 0:
        return None, "at the start of the recorded history"
    level = len(thread.frames) or 1  # L: the frame being stepped back through (lowered on leaving it backwards)
    if not thread.frames or not lines.has_lines(lines.func_index(thread.frames[-1].func)):
        into_calls = True  # from the end, or from code without lines: back to the last line that ran
    if into_calls:
        functions = _functions_with_lines(session)
    else:
        functions = [f for f in dict.fromkeys(lines.func_index(frame.func) for frame in thread.frames) if lines.has_lines(f)]
    starts, sources = _breaks_for(session, functions)
    checkpoints = list(recorder.checkpoints)
    windows = []
    for i, cp in enumerate(checkpoints):
        if cp.step >= now:
            break
        end = checkpoints[i + 1].step if i + 1 < len(checkpoints) else now
        windows.append((i, cp, min(end, now - 1)))  # the last step to look at: up to the next window's first
    for i, cp, last in reversed(windows):
        if not into_calls and cp.lowest > level:
            continue  # every step here is deeper than the frame: nothing to find, L unchanged
        if cp.lowest >= level and not _may_start_a_line(session, lines, cp, last, starts | sources):
            continue
        with recorder.quiet():
            depths, marks, has = _replay_window(session, tracker, lines, checkpoints, i, cp, last)
        for offset in range(len(depths) - 1, -1, -1):
            depth = depths[offset]
            if depth < level:
                level = depth
            if not marks[offset]:
                continue
            if depth == level or (into_calls and depth > level and has[offset]):
                return cp.step + offset, ""
    return None, "at the start of the recorded history"


def _may_start_a_line(session, lines, cp, last: int, locations: set) -> bool:
    """Whether a line may start at a step of [cp.step, last]: a quick run with the line breakpoints says no.

    The window's first step is counted in when its instruction begins a
    statement (what ran before it belongs to the window before).
    """
    thread, recorder = session.thread, session.recorder
    with recorder.quiet(breaks=True), _temporary_breaks(session, locations):
        recorder.rewind(cp)
        frame = thread.frames[-1] if thread.frames else None
        if frame is None:
            return False
        if session.source_map.is_statement(lines.func_index(frame.func), frame.pc):
            return True
        reason = recorder.forward(last - cp.step + 1, from_stop=False)
        return reason == RunStop.BREAK


def _replay_window(session, tracker, lines, checkpoints, i, cp, last):
    """Replay [cp.step, last]: per step its depth, whether it starts a line, and whether its function has lines.

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
        recorder.forward(last - thread.instructions)
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
