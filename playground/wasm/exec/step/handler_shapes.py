"""Handler shapes that instructions of several families share.

A factory binds what varies (the value, the state operation and its first
arguments) and gets back a `handler(stack, locals) -> next_pc` of one of
these shapes, so the stack discipline of each shape is written once.
"""

from __future__ import annotations

from typing import Callable


def pushing(value, nxt: int):
    """A handler that pushes a value fixed at compile time (a constant, `ref.null`, `ref.func`)."""

    def h(st, lo):
        st.append(value)
        return nxt

    return h


def three_operands(f: Callable[[int, int, int], None], nxt: int):
    """A handler that pops three operands and calls `f` with them in push order.

    The bulk instructions (spec 4.4.6 and 4.4.7: `memory.fill/copy/init`,
    `table.fill/copy/init`) all take (destination, source or value, count).
    """

    def h(st, lo):
        n = st.pop()
        s = st.pop()
        f(st.pop(), s, n)
        return nxt

    return h


def calling(f: Callable[[], None], nxt: int):
    """A handler that leaves the stack alone and calls `f` (`data.drop`, `elem.drop`)."""

    def h(st, lo):
        f()
        return nxt

    return h
