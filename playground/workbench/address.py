"""Go-to-address expressions (`0x400`, `1024`, `$ptr+16`) over a snapshot's current frame. No Qt.

The parsing is the debugger's safe expression language (playground.debug.expressions):
user text is never handed to Python's eval.
"""

from __future__ import annotations

import re

from playground.debug.expressions import ExpressionError, parse_expression
from playground.debug.snapshot import Snapshot, ValueView
from playground.wasm.values import f32_from_bits, f64_from_bits


def _number(value: ValueView):
    if value.type in ("i32", "i64"):
        return int(value.raw)
    if value.type == "f32":
        return f32_from_bits(value.raw)
    if value.type == "f64":
        return f64_from_bits(value.raw)
    raise ExpressionError(f"a {value.type} value cannot be used in an address")


class SnapshotContext:
    """An EvaluationContext reading the current frame's locals, the globals and the stack of a snapshot.

    Integers read as unsigned: an address is never negative.
    """

    def __init__(self, snapshot: Snapshot | None) -> None:
        self.snapshot = snapshot

    def local(self, key):
        frames = self.snapshot.frames if self.snapshot else ()
        if not frames:
            raise ExpressionError("no current frame: locals are known only while paused")
        for local in frames[-1].locals:
            if key in (local.index, local.name, local.name.lstrip("$")):
                return _number(local.value)
        raise KeyError(key)

    def global_(self, key):
        for glob in self.snapshot.globals if self.snapshot else ():
            if key in (glob.index, glob.name, glob.name.lstrip("$")):
                return _number(glob.value)
        raise KeyError(key)

    def stack(self, depth: int):
        stack = self.snapshot.stack if self.snapshot else ()
        if depth >= len(stack):
            raise IndexError(depth)
        return _number(stack[-1 - depth])


def _evaluate(text: str, snapshot: Snapshot | None):
    try:
        return parse_expression(text).evaluate(SnapshotContext(snapshot))
    except (KeyError, IndexError) as exc:
        raise ExpressionError(f"unknown name {exc.args[0]!r} in {text!r}") from None


def evaluate_address(text: str, snapshot: Snapshot | None = None) -> int:
    """The address `text` denotes; ExpressionError (a PlaygroundError) when it names nothing or is negative."""
    try:
        value = _evaluate(text, snapshot)
    except ExpressionError:
        # WAT identifiers may contain `+` and `-`, so `$ptr+16` reads as one name;
        # people mean `$ptr + 16`: retry with the operators spaced out.
        spaced = re.sub(r"([-+*/%()])", r" \1 ", text)
        if spaced == text:
            raise
        value = _evaluate(spaced, snapshot)
    if isinstance(value, float):
        if value != value or value in (float("inf"), float("-inf")):
            raise ExpressionError(f"{text!r} is not a finite address")
        value = int(value)
    if value < 0:
        raise ExpressionError(f"{text!r} is negative ({value})")
    return value
