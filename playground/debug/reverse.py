"""Searches backwards in time: the previous step at a frame depth, the previous breakpoint hit.

Both look at the checkpoint windows of the recorder (recorder.py) from the
newest to the oldest, replaying one window at a time from its checkpoint
and remembering the last matching step before the current one. A window
whose least frame depth (`Checkpoint.lowest`) is deeper than asked is
skipped without replaying it, so stepping back over a long call is quick.
They return `(step or None, note)`; the session then goes to that step.
"""

from __future__ import annotations

from playground.wasm.exec.step.control import RunStop, ThreadState


def _windows(session):
    """(checkpoint, end step) pairs before the current step, newest first."""
    cps = list(session.recorder.checkpoints)
    current = session.step
    out = []
    for i, cp in enumerate(cps):
        if cp.step >= current:
            break
        end = cps[i + 1].step if i + 1 < len(cps) else current
        out.append((cp, min(end, current)))
    return out[::-1]


def previous_at_depth(session) -> tuple[int | None, str]:
    """The last step before the current one whose frame depth is at most the current depth."""
    thread, recorder = session.thread, session.recorder
    current = session.step
    if thread.status == ThreadState.TRAPPED:
        return current, ""  # the state just before the faulting instruction
    depth = max(len(thread.frames), 1)
    with recorder.quiet():
        for cp, end in _windows(session):
            if cp.lowest > depth or cp.step >= end:
                continue
            recorder.rewind(cp)
            best = None
            while thread.instructions < end:
                if len(thread.frames) <= depth:
                    best = thread.instructions
                if recorder.forward(1) != RunStop.LIMIT:
                    break
            if best is not None:
                return best, ""
    return None, "at the start of the recorded history"


def _at_breakpoint(session) -> bool:
    """Whether a forward run would stop here: some breakpoint's condition holds and its ignore count is used up."""
    frame = session.thread.frame
    if frame is None:
        return False
    key = (session.describer.func_index(frame.func), frame.pc)
    return any(bp.should_stop(session.context, session.step, count=False) for bp in session.breakpoints.at(*key))


def previous_breakpoint_hit(session, since: int = 0) -> tuple[int | None, str]:
    """The last step before the current one (and not before `since`) where a forward run would stop at a breakpoint."""
    thread, recorder = session.thread, session.recorder
    if not session.breakpoints:
        return None, "no breakpoints: back at the start of the recorded history"
    with recorder.quiet(breaks=True):
        for cp, end in _windows(session):
            if end <= since:  # every hit in this window and before is older than `since`
                break
            recorder.rewind(cp)
            hits = []
            if cp.step < end and _at_breakpoint(session):
                hits.append(cp.step)
            while thread.instructions < end:
                reason = recorder.forward(end - thread.instructions)
                if reason != RunStop.BREAK:
                    break
                if _at_breakpoint(session):
                    hits.append(thread.instructions)
            if hits and hits[-1] >= since:
                return hits[-1], "breakpoint"
    return None, "no earlier breakpoint hit: at the start of the recorded history"
