"""The source map of WAT text: each instruction's span, as the parser recorded it. No Qt.

The text parser (wasm/text/parse.py) keeps a span on every instruction it
builds, implicit `end`s included (the `)` that closes a folded block), so
the table is read straight off the module. Folded code runs in another
order than it reads: `(i32.add (local.get 0) (i32.const 1))` runs the
`local.get` first, but the `i32.add` still starts on the first line; the
line rules of base.py go by where an instruction starts, not by when it runs.
"""

from __future__ import annotations

from playground.debug.sourcemaps.base import SourceMap, SourcePlace, function_instructions
from playground.wasm.model import Module

DEFAULT_FILE = "(source)"


class WatSourceMap(SourceMap):
    """A parsed module's instructions over the WAT `text` they came from (named `file`)."""

    def __init__(self, module: Module, text: str | None = None, file: str | None = None) -> None:
        name = file or DEFAULT_FILE
        places = {
            key: SourcePlace(name, instr.span)
            for key, instr in function_instructions(module)
            if instr.span is not None
        }
        super().__init__(places, {name: text})
