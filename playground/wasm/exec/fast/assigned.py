"""Which declared locals need their `l<i> = 0` at the top of a generated function.

Wasm locals start at zero (spec 4.5.3.1) and any `local.get` may observe
that. A local may skip its initialisation only when every `local.get` of
it comes after a `local.set` or `local.tee` of it on every path: a
definite-assignment pass over the structured body, kept simple and
conservative. What is written in straight-line code counts from there on;
a construct (`block`, `loop`, `if`, `try_table`) starts with what was
written before it, an `else` again with what was written before its `if`,
and after a construct's `end` only what was written before it counts (a
branch may have left it early). A loop's back edge carries at least what
its start had, so its body may rely on that.

Reads in dead code count as reads too (harmless: the local keeps its
initialisation). The debugger's form reads every local at each probe and
call (translate.py, `frame_values`), so it keeps every initialisation.
"""

from __future__ import annotations

from playground.wasm.instructions import Arity


def read_before_written(body) -> set[int]:
    """The locals some `local.get` may read before anything wrote them (those keep their initialisation)."""
    written: set[int] = set()
    saved: list[set[int]] = []
    read_first: set[int] = set()
    for ins in body:
        o = ins.op
        name = o.name
        if name == "local.get":
            if ins.imm[0] not in written:
                read_first.add(ins.imm[0])
        elif name in ("local.set", "local.tee"):
            written.add(ins.imm[0])
        elif o.arity is Arity.BLOCK:
            saved.append(set(written))
        elif name == "else":
            written = set(saved[-1])
        elif name == "end" and saved:
            written = saved.pop()
    return read_first
