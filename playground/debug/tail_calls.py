"""How the debugger tells about tail calls (3.0): the words for a frame that stands where others stood.

`return_call`, `return_call_indirect` and `return_call_ref` return from the
current function by calling another: the callee's frame *replaces* the
caller's instead of going on top of it (the step engine's `Machine.tail_call`;
`Frame.tail_calls`, copied into `FrameView.tail_calls`, counts the frames a
frame replaced). A tail-recursive loop therefore runs in one frame, however
deep its recursion. The call stack panel and the prompt's `bt` use these
words, so both say the same thing.
"""

from __future__ import annotations

TAIL_CALL_OPS = ("return_call", "return_call_indirect", "return_call_ref")

TAIL_CALL_EXPLAINED = (
    "A tail call (return_call, return_call_indirect, return_call_ref) returns from a function by calling "
    "another: the callee's frame replaces the caller's instead of going on top of it, so the call stack "
    "does not grow. A tail-recursive function runs in one frame however deep its recursion."
)


def is_tail_call(instr_text: str) -> bool:
    """Whether an instruction's text (`Location.instr_text`) is a tail call."""
    return instr_text.split(" ", 1)[0] in TAIL_CALL_OPS


def tail_call_mark(replaced: int) -> str:
    """`↻ tail call, replaced 3 frames` for a frame that replaced others; empty for one that did not."""
    if replaced <= 0:
        return ""
    return f"↻ tail call, replaced {replaced:,} frame{'s' if replaced != 1 else ''}"


def tail_call_tip(replaced: int, next_instr: str | None = None) -> str:
    """A tooltip for a frame: what its replaced frames mean, and what a tail call about to run will do."""
    parts = []
    if replaced > 0:
        parts.append(
            f"This frame stands where {replaced + 1:,} frames would stand without tail calls: "
            f"{replaced:,} earlier frame{'s were' if replaced != 1 else ' was'} replaced in this place."
        )
    if next_instr is not None and is_tail_call(next_instr):
        parts.append(f"The next instruction, {next_instr}, replaces this frame with the callee's.")
    if not parts:
        return ""
    return " ".join(parts) + "\n\n" + TAIL_CALL_EXPLAINED
