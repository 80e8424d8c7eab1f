"""A digest of the whole machine state, to check that time travel and replays are exact.

Covers what an instruction can read or change: every frame (function, pc,
operand stack, locals), the thread's status and results, and the instance's
globals, memories (bytes and size), tables (elements and size) and data and
element segments (dropped or not).
"""

from __future__ import annotations

import hashlib


def _ref(value) -> str:
    if value is None:
        return "null"
    funcidx = getattr(value, "funcidx", None)
    if funcidx is not None:
        return f"func{funcidx}"
    return repr(value)


def state_digest(thread, instance) -> str:
    """A hex digest that changes whenever any part of the state does."""
    h = hashlib.sha256()
    h.update(f"{thread.status}|{thread.instructions}|{thread.results!r}\n".encode())
    for f in thread.frames:
        stack = [_ref(v) if not isinstance(v, int) else v for v in f.stack]
        locals_ = [_ref(v) if not isinstance(v, int) else v for v in f.locals]
        h.update(f"frame {f.func.name} {f.pc} {stack!r} {locals_!r}\n".encode())
    for g in instance.globals:
        v = g.value
        h.update(f"global {v if isinstance(v, int) else _ref(v)}\n".encode())
    for mem in instance.mems:
        h.update(f"memory {len(mem.data)}\n".encode())
        h.update(bytes(mem.data))
    for table in instance.tables:
        h.update(f"table {[_ref(e) for e in table.elements]!r}\n".encode())
    h.update(repr([bytes(d) for d in instance.datas]).encode())
    h.update(repr([[_ref(e) for e in seg] for seg in instance.elems]).encode())
    return h.hexdigest()
