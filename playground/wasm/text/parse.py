"""`parse_module`: WebAssembly text (WAT) to a `Module` (spec 6).

The text may be `(module ...)` or a bare sequence of fields. Errors are
`ParseError`s whose `message` is the spec's wording and whose span points at
the offending token; `str(error)` reads `file:line:col: message`.
"""

from __future__ import annotations

import gc

from playground.wasm.features import DEFAULT as DEFAULT_FEATURES
from playground.wasm.features import Features
from playground.wasm.model import Module
from playground.wasm.text.lexer import tokenize
from playground.wasm.text.parse_module import parse_fields_tokens


def parse_module(text: str, *, file: str | None = None, features: Features = DEFAULT_FEATURES) -> Module:
    """Parse a WAT module; raises ParseError (a MalformedError) on malformed text.

    `features` matter where 2.0 text was malformed and 3.0 text is invalid: without
    memory64 a limit or an offset past 32 bits is malformed, as in 2.0."""
    # Parsing makes millions of small acyclic objects; the cycle collector would
    # rescan them over and over (a third of the time on big modules).
    enabled = gc.isenabled()
    gc.disable()
    try:
        return parse_fields_tokens(tokenize(text, file=file), memory64="memory64" in features)
    finally:
        if enabled:
            gc.enable()
