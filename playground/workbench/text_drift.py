"""Where the debugged text's lines are now, after the user edited the buffer during a session. No Qt.

A session runs the text it started with; its spans and line numbers point
into that text. When the learner edits the buffer while paused, the editor
shows a different text: `TextDrift` matches the two texts line by line
(difflib) so that an unchanged line is found again wherever it moved, and a
changed line maps to nothing rather than to the wrong place.
"""

from __future__ import annotations

import bisect
import difflib
from dataclasses import replace

from playground.wasm.errors import SourceSpan


def _line_starts(text: str) -> list[int]:
    starts = [0]
    for line in text.splitlines(keepends=True):
        starts.append(starts[-1] + len(line))
    return starts


class TextDrift:
    """Maps lines and spans between `old` (the session's text) and `new` (the editor's text)."""

    def __init__(self, old: str, new: str) -> None:
        self.old, self.new = old, new
        self._old_starts, self._new_starts = _line_starts(old), _line_starts(new)
        self._to_new: dict[int, int] = {}
        matcher = difflib.SequenceMatcher(None, old.splitlines(), new.splitlines(), autojunk=False)
        for block in matcher.get_matching_blocks():
            for k in range(block.size):
                self._to_new[block.a + k + 1] = block.b + k + 1
        self._to_old = {b: a for a, b in self._to_new.items()}

    @property
    def drifted(self) -> bool:
        return self.old != self.new

    def new_line(self, old_line: int) -> int | None:
        """Where a line of the session's text is now; None when it was changed or deleted."""
        return self._to_new.get(old_line)

    def old_line(self, new_line: int) -> int | None:
        """The session's line for a line of the editor's text; None for a new or changed line."""
        return self._to_old.get(new_line)

    def span(self, span: SourceSpan | None) -> SourceSpan | None:
        """A span of the session's text in the editor's text; None when its lines were changed."""
        if span is None:
            return None
        first, last = self.new_line(span.line), self.new_line(span.end_line)
        if first is None or last is None:
            return None
        start = self._offset(span.start, span.line, first)
        end = self._offset(span.end, span.end_line, last)
        return replace(span, line=first, end_line=last, start=start, end=end)

    def offsets(self, start: int, end: int) -> tuple[int, int] | None:
        """A [start, end) character range of the session's text in the editor's text, or None."""
        first, last = self._line_of(start), self._line_of(max(start, end - 1))
        new_first, new_last = self.new_line(first), self.new_line(last)
        if new_first is None or new_last is None:
            return None
        return self._offset(start, first, new_first), self._offset(end, last, new_last)

    def _line_of(self, offset: int) -> int:
        return max(1, bisect.bisect_right(self._old_starts, offset))

    def _offset(self, offset: int, old_line: int, new_line: int) -> int:
        column = offset - self._old_starts[old_line - 1]
        return self._new_starts[new_line - 1] + column
