"""The learner overlay: the value of each folded sub-expression, shown in place after it ran. No Qt.

As Thonny shows evaluation in place: once `(i32.add (local.get $a) (i32.const 1))`
has run, the editor shows its value beside it. The mapping comes from the
text alone. An instruction written folded starts right after a `(`; its
expression runs to the matching `)`. A folded instruction whose expression
encloses other instructions is the *root* of a sub-expression; in the flat
body it runs after its operands, so the value it pushes (`Snapshot.stack[-1]`
after it ran, when it pushed one) is the value of the whole expression.

Annotations live while the current frame stays the same function at the
same depth. When an instruction inside an annotated expression runs again
(a loop's next round), that expression's value and every value inside it
are stale, and go.
"""

from __future__ import annotations

from bisect import bisect_left
from dataclasses import dataclass

from playground.debug.states import SessionState, StopReason
from playground.wasm.errors import ParseError
from playground.wasm.text.lexer import tokenize


@dataclass(frozen=True)
class Annotation:
    """One shown value: the expression's [start, end) character range, its root instruction, the value."""

    start: int
    end: int
    func_index: int
    instr_index: int
    text: str  # the value, formatted
    type: str
    step: int


def matching_parens(text: str) -> dict[int, int]:
    """{index of `(`: index of its `)`} over WAT text, as the WAT lexer pairs them (strings and comments skipped).

    The text is a program's that parsed; text the lexer refuses has no pairs.
    """
    try:
        stream = tokenize(text)
    except ParseError:
        return {}
    starts = stream.starts
    return {starts[open_token]: starts[close_token] for open_token, close_token in stream.match.items()}


def folded_roots(text: str, spans: dict[tuple[int, int], object]) -> dict[tuple[int, int], tuple[int, int]]:
    """{(funcidx, instr index): (start, end)} for every folded instruction whose expression encloses others.

    `spans` maps instructions to their `SourceSpan` (debug.source.Program.spans).
    """
    parens = matching_parens(text)
    starts = sorted(span.start for span in spans.values() if span is not None)
    roots = {}
    for key, span in spans.items():
        if span is None:
            continue
        open_at = span.start - 1
        while open_at >= 0 and text[open_at] in " \t\r\n":
            open_at -= 1
        if open_at < 0 or text[open_at] != "(" or open_at not in parens:
            continue
        end = parens[open_at] + 1
        i = bisect_left(starts, span.end)  # the first instruction after the keyword
        if i < len(starts) and starts[i] < end:
            roots[key] = (open_at, end)
    return roots


class EvaluationOverlay:
    """Feeds on consecutive stops; `annotations` is what the editor shows."""

    def __init__(self, text: str = "", spans: dict | None = None) -> None:
        self.roots = folded_roots(text, spans or {}) if text else {}
        self.spans = dict(spans or {})
        self.annotations: dict[tuple[int, int], Annotation] = {}
        self._frame: tuple[int, int] | None = None  # (depth, funcidx) the annotations belong to

    def clear(self) -> None:
        self.annotations.clear()
        self._frame = None

    def observe(self, before, after) -> bool:
        """Take in the move from snapshot `before` to snapshot `after`; True when the annotations changed.

        Only a forward step that stays in the same frame adds a value; anything
        else (a call, a return, a jump back in time, a continue) starts afresh.
        """
        had = bool(self.annotations)
        if after is None or not after.frames or after.state not in (SessionState.PAUSED, SessionState.TRAPPED):
            self.clear()
            return had
        frame = (len(after.frames), after.location.func_index)
        stepped = (
            before is not None
            and bool(before.frames)
            and after.reason == StopReason.STEP
            and after.step > before.step
            and (len(before.frames), before.location.func_index) == frame == self._frame
        )
        self._frame = frame
        if not stepped:
            self.annotations.clear()
            return had
        ran = before.location
        key = (ran.func_index, ran.instr_index)
        changed = False
        span = self.spans.get(key)
        if span is not None:
            for other in [k for k, a in self.annotations.items() if k != key and a.start <= span.start < a.end]:
                stale = self.annotations.pop(other, None)
                if stale is None:
                    continue
                changed = True
                for inner in [k for k, a in self.annotations.items() if stale.start <= a.start and a.end <= stale.end]:
                    del self.annotations[inner]
        root = self.roots.get(key)
        if root is not None and after.pushed >= 1 and after.stack:
            value = after.stack[-1]
            self.annotations[key] = Annotation(root[0], root[1], key[0], key[1], value.text, value.type, after.step)
            changed = True
        return changed

    def shown(self) -> list[Annotation]:
        """The annotations in text order."""
        return sorted(self.annotations.values(), key=lambda a: (a.start, -a.end))
