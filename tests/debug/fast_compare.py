"""Running the same debugger motions in a step-only session and a fast one, and what each stop is made of.

A stop is the reason, message, step number, frames (functions, pcs, stacks,
locals) and the digest of the whole state (debug/statehash.py). The tests of
Continue at full speed (test_debug_fast_*.py) compare lists of stops.
"""

from __future__ import annotations

import random

from playground.debug.breakpoints import at_instruction
from playground.debug.session import DebugSession
from playground.debug.states import SessionState
from playground.wasm.runtime.exceptions import ExnRef
from playground.wasm.runtime.functions import FuncInstance
from playground.wasm.runtime.gc_objects import HeapObject

ENDED = (SessionState.FINISHED, SessionState.TRAPPED, SessionState.EXITED)


def plain(value):
    """A raw value as two sessions can compare it: a GC object by where it was allocated (`alloc`: the
    function, pc and step, the same on both engines; None for one a constant expression made), a
    function by its index, an exception by its tag's name and payload."""
    if isinstance(value, HeapObject):
        return (value.what, value.alloc)
    if isinstance(value, FuncInstance):
        return ("func", value.funcidx)
    if isinstance(value, ExnRef):
        return ("exn", value.tag.name, tuple(map(plain, value.payload)))
    return value


def stop_of(session, snap) -> tuple:
    frames = tuple((f.func.funcidx, f.pc, tuple(map(plain, f.stack)), tuple(map(plain, f.locals)))
                   for f in session.thread.frames)
    return (str(snap.reason), snap.message, session.step, frames, session.state_digest())


def started(text: str, name: str, args=(), **options):
    """A session of `text`, started at `name`; `options` go to DebugSession (engine, limits)."""
    session = DebugSession.from_text(text, **options)
    session.start(name, list(args))
    return session


def both(make, motions) -> tuple[list, list]:
    """Run `motions(session)` (a list of stops) on a step session and a fast one."""
    out = []
    for engine in ("step", "fast"):
        session = make(engine)
        assert session.engine == engine
        out.append(motions(session))
    return out[0], out[1]


def continue_all(session, limit: int = 30) -> list:
    stops = []
    for _ in range(limit):
        snap = session.continue_()
        stops.append(stop_of(session, snap))
        if session.state in ENDED:
            break
    return stops


def breakpoint_places(session) -> list[tuple[int, int]]:
    """Every (funcidx, pc) of the session's own functions: where random breakpoints are drawn from."""
    return [(i, pc) for i, f in enumerate(session.instance.funcs) if not f.is_host for pc in range(len(f.code.body))]


def through_breakpoints(session, places, limit: int, then: int = 2) -> list:
    """Continue up to `limit` times with breakpoints at `places`, then up to `then` times without them."""
    for funcidx, pc in places:
        session.add_breakpoint(at_instruction(funcidx, pc))
    stops = continue_all(session, limit)
    session.clear_breakpoints()
    return stops + continue_all(session, then)


def back_and_forth(session, rnd: random.Random) -> list:
    """Steps back and jumps to earlier steps: each stop."""
    stops = [stop_of(session, session.step_back())]
    end = session.step
    for _ in range(3):
        n = rnd.randrange(max(0, end - 4000), max(end, 1))
        stops.append(stop_of(session, session.goto_step(n)))
    stops.append(stop_of(session, session.goto_step(end)))
    return stops
