"""The translator's operand stack: each slot is a Python expression not yet written anywhere.

An `Entry` is the text of a pure expression that cannot fail (anything
that can trap is written to a variable on its own line first), the
variables it reads (`deps`: wasm locals `l<i>`, stack slots `s<h>`), its
value type, and for comparisons the bare condition (`cond`), so
`br_if (i32.lt_s a b)` becomes `if a < b:` without an int in between.

f32 and f64 values are Python floats in generated code (support.py says
how an f32 NaN is held). An expression of float arithmetic may produce a
NaN whose payload is the hardware's, not the specification's (`inexact`);
`exact` is the same expression over bit patterns through the numeric
semantics, which the translator evaluates instead whenever the float
result is a NaN (translate.py, `write`). Every variable holds an exact
value.

Integer arithmetic that only the low bits of its operands decide (+ - *
and or xor shl) also keeps `raw`: the expression without its final mask,
congruent to the value modulo 2**N, and `bits`, a bound on its size; the
next such operator builds on `raw`, so a chain of additions masks once.
`text` is always the exact (masked) value, so every other reader is safe.
An integer entry may also know `fits`: a bound on the bit length of its
exact value smaller than its type's width (`x & 255` fits in 8 bits, a
comparison in 1, `x >> 16` of an i32 in 16, an 8-bit load in 8), so an
operator whose result provably fits needs no mask at all (ops_numeric.py).

Only text we format ourselves goes into entries: variable names built
from indices, ints formatted by `int.__str__`, floats by `float.__repr__`
(finite values only; the others are names from support.py).
"""

from __future__ import annotations

import math
from dataclasses import KW_ONLY, dataclass

from playground.wasm.types import ValType

F32, F64 = ValType.F32, ValType.F64
FLOATS = (F32, F64)
TO_BITS = {F32: "BF", F64: "B"}  # the support.py names converting a held float to its bits
FROM_BITS = {F32: "DF", F64: "D"}  # and back
MAX_DEPTH = 24  # deeper expressions are written to a variable (Python's parser nests 200 at most)


@dataclass(slots=True, eq=False)
class Entry:
    """One operand-stack slot during translation; see the module docstring."""

    text: str
    type: ValType
    deps: frozenset = frozenset()
    _: KW_ONLY
    cond: str | None = None
    simple: bool = False
    inexact: bool = False
    exact: str | None = None
    depth: int = 0
    raw: str | None = None
    bits: int = 0
    fits: int | None = None

    @property
    def condition(self) -> str:
        """The entry as a Python truth value (an i32 is true when non-zero)."""
        return self.cond if self.cond is not None else self.text

    def __repr__(self) -> str:
        return f"<Entry {self.text} {self.type}>"


def variable(name: str, type: ValType, fits: int | None = None) -> Entry:
    """An entry that is a variable's current value (`fits`: what the translator knows of its bit length)."""
    exact = f"{TO_BITS[type]}({name})" if type in TO_BITS else None
    return Entry(name, type, frozenset((name,)), simple=True, exact=exact, fits=fits)


def integer(value: int, type: ValType) -> Entry:
    """An integer (or v128, or f32 bit pattern) constant."""
    return Entry(str(value), type, simple=True)


def float_constant(bits: int, value: float, type: ValType) -> Entry:
    """An f32 or f64 constant given by its bits and held value; finite values as float literals, others by name."""
    if math.isfinite(value):
        text = repr(value)
        if value < 0 or text.startswith("-"):
            text = f"({text})"
    elif value == math.inf:
        text = "INF"
    elif value == -math.inf:
        text = "NINF"
    else:
        text = f"{FROM_BITS[type]}({bits})"  # a NaN, its payload given by its bits
    return Entry(text, type, simple=text[0] != "D", exact=str(bits))


def fits_in(e: Entry, width: int) -> int:
    """A bound on the bit length of an integer entry's exact value (`width` when nothing better is known)."""
    if e.fits is not None:
        return e.fits
    if e.text.isdigit():
        return int(e.text).bit_length()
    return width


def depth_of(*entries: Entry) -> int:
    """The nesting depth of an expression built from `entries`."""
    return 1 + max((e.depth for e in entries), default=0)
