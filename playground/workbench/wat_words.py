"""The words of WAT the editor completes and explains: instruction names, keywords, and where a word starts and ends."""

from __future__ import annotations

from playground.wasm.instructions import BY_NAME, OPS, describe

WAT_KEYWORDS = (
    "module func param result local type import export memory data table elem global mut start "
    "offset item declare funcref externref then else end block loop if i32 i64 f32 f64 v128 "
    "i8x16 i16x8 i32x4 i64x2 f32x4 f64x2"
).split()
WORD_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_.")


def completion_words() -> list[str]:
    """Instruction names from the instruction table, then the text format's keywords."""
    return sorted({op.name for op in OPS} | set(WAT_KEYWORDS))


def word_around(text: str, column: int) -> tuple[int, int]:
    """[start, end) of the instruction-like word ([A-Za-z0-9_.]) of `text` that touches `column`."""
    start = column
    while start > 0 and text[start - 1] in WORD_CHARS:
        start -= 1
    end = column
    while end < len(text) and text[end] in WORD_CHARS:
        end += 1
    return start, end


def instruction_help(word: str) -> str | None:
    """The instruction table's description of `word` (`i32.add`: its stack effect and meaning), or None."""
    opinfo = BY_NAME.get(word)
    return describe(opinfo) if opinfo is not None else None
