"""Translating the numeric (spec 4.4.1) and vector (4.4.3) instructions.

Nothing here restates a semantics: the integer operators that
exec/numeric/operators.py writes as one Python expression (`INT_UNARY`,
`INT_BINARY`) are pasted with the operands' expressions in place of `a`
and `b` (the same text the step engine compiles into its handlers); every
other operator is a call of its function in `NUMERIC` or `SIMD`, by its
generated name (support.py). Comparisons keep their bare condition for
`if` and `br_if`.

Masks are left out where they provably change nothing (entries.py,
`fits`): an operator of exact operands whose result fits in the width
(`(x & 255) << 2`, a sum of two 16-bit values), an `and` with one exact
operand (its other operand may stay unmasked), a signed comparison of two
values below 2**(N-1) (the unsigned one), and the operators whose template
ends in the width's mask (rotl, rotr, shr_s) keep the expression without
it as `raw`, for the next operator to build on. A signed comparison of a
name with a constant or a name is one or two unsigned comparisons (`signed_order`).

f32 and f64 values are floats here (entries.py): `+ - * /`, `neg` and
`abs` are Python's float operators, the very operations numeric/floats.py
performs for a result that is not a NaN (for f32: on the exact values,
then rounded once to f32, through struct as there, or in a loop through a
float32 scratch of the call's own: `push_rounded`); a NaN result is
recomputed by the numeric functions from the bit patterns (`Entry.exact`).
Comparisons are Python's float comparisons, as there; promotion is the
same float, demotion a rounding. The rest of the float operators and
every other conversion call the numeric function on bits (support.py's
`FX32_*`, `FX64_*`, `B`/`D`, `BF`/`DF`).

Division and remainder of integers and the trapping truncations can fail,
so each gets a line of its own; the unsigned division and remainder are
Python's `//` and `%`, whose ZeroDivisionError the fault handler turns into
the trap "integer divide by zero".
"""

from __future__ import annotations

import re

from playground.wasm.exec.fast.entries import (
    F32,
    F64,
    FROM_BITS,
    MAX_DEPTH,
    TO_BITS,
    Entry,
    depth_of,
    fits_in,
    float_constant,
    integer,
    variable,
)
from playground.wasm.exec.fast.support import f32_from_bits, from_bits, numeric_name
from playground.wasm.exec.numeric.operators import INT_BINARY, INT_UNARY
from playground.wasm.instructions import CONST_IMMEDIATES, OPS, Arity, Kind
from playground.wasm.types import ValType

_OPERAND = re.compile(r"\b([ab])\b")
_CONDITION = re.compile(r"^1 if (.*) else 0$")


class _Template:
    """An operator expression split around its operands `a` and `b`."""

    __slots__ = ("pieces", "uses")

    def __init__(self, expr: str) -> None:
        self.pieces = _OPERAND.split(expr)  # text, operand name, text, ...
        self.uses = {name: self.pieces[1::2].count(name) for name in "ab"}

    def fill(self, a: str, b: str = "") -> str:
        # a bare literal gets brackets: `5.bit_length()` would not parse
        operands = {"a": f"({a})" if a.isdigit() else a, "b": f"({b})" if b.isdigit() else b}
        return "".join(operands[p] if i % 2 else p for i, p in enumerate(self.pieces))


def _templates() -> dict[str, tuple[_Template, bool]]:
    """name -> (template, is a condition) for every integer operator written as an expression."""
    out = {}
    for name, expr in {**INT_UNARY, **INT_BINARY}.items():
        m = _CONDITION.match(expr)
        out[name] = (_Template(m.group(1)), True) if m else (_Template(expr), False)
    return out


TEMPLATES = _templates()


def _closing(text: str, start: int) -> int:
    """The index of the bracket closing the one at `start`."""
    depth = 0
    for i in range(start, len(text)):
        depth += {"(": 1, ")": -1}.get(text[i], 0)
        if not depth:
            return i
    return -1


def _without_final_mask(name: str, expr: str) -> _Template | None:
    """`(X)` of an operator written `(X) & <the width's mask>`: congruent to it, for `raw` (entries.py)."""
    mask = f" & {(1 << int(name[1:3])) - 1:#x}"
    head = expr[: -len(mask)]
    if expr.endswith(mask) and head.startswith("(") and _closing(head, 0) == len(head) - 1:
        return _Template(head)
    return None


UNMASKED = {name: t for name, expr in INT_BINARY.items() if name[0] == "i" and (t := _without_final_mask(name, expr))}
"""The binary integer operators (rotl, rotr, shr_s, and those op_low_bits builds itself) without their final mask."""

_RAISING = re.compile(r"^i(32|64)\.(div_[su]|rem_[su]|trunc_f(32|64)_[su])$")
_UNSIGNED_DIVISION = {"div_u": "//", "rem_u": "%"}
_LOW_BITS_ONLY = {"add": "+", "sub": "-", "mul": "*", "and": "&", "or": "|", "xor": "^", "shl": "<<", "wrap_i64": ""}
_FLOAT_ARITHMETIC = {"add": "+", "sub": "-", "mul": "*"}
_FLOAT_COMPARE = {"eq": "==", "ne": "!=", "lt": "<", "gt": ">", "le": "<=", "ge": ">="}
_FLOAT_HELPERS = frozenset("min max copysign sqrt ceil floor trunc nearest".split())


def unmasked(e: Entry, width: int) -> tuple[str, int]:
    """An integer entry's expression congruent to it modulo 2**width, and a bound on its bits."""
    if e.raw is not None:
        return e.raw, e.bits
    return e.text, fits_in(e, width)


_SIGNED_ORDER = frozenset(("lt_s", "gt_s", "le_s", "ge_s"))
_BIT_COUNTS = frozenset(("clz", "ctz", "popcnt"))  # at most 64: 7 bits


_MIRRORED = {"lt_s": "gt_s", "gt_s": "lt_s", "le_s": "ge_s", "ge_s": "le_s"}  # c < x is x > c


def signed_order(tail: str, a: Entry, b: Entry, width: int) -> str | None:
    """A signed comparison of names and constants as unsigned comparisons, without the template's two xors
    with 2**(N-1) (each makes a new int): with a constant, x <_s 5 is `x < 5 or x > 0x7fffffff` (a negative
    x is above 0x7fffffff) and x <_s -5 `0x7fffffff < x < (-5 as unsigned)`; of two names, x <_s y is the
    unsigned x < y when their sign bits agree (`x ^ y` below 2**(N-1)), else x > y (the negative one is
    the larger unsigned). None when an operand is neither (an expression would be read twice)."""
    if a.text.isdigit() and b.text.isdigit():
        return None
    if a.text.isdigit():
        tail, a, b = _MIRRORED[tail], b, a
    if not (a.simple and b.simple):
        return None
    x, y, top = a.text, b.text, (1 << (width - 1)) - 1
    op = _ORDER[tail]
    if not y.isdigit():
        return f"({x} {op} {y} if ({x} ^ {y}) <= {top:#x} else {x} {'>' if op[0] == '<' else '<'} {y})"
    c = int(y)
    if tail in ("lt_s", "le_s"):  # true for every negative x when c is not negative; only for some when it is
        return f"({x} {op} {c} or {x} > {top:#x})" if c <= top else f"({top:#x} < {x} {op} {c})"
    return f"({c} {_FLIPPED[op]} {x} <= {top:#x})" if c <= top else f"({x} {op} {c} or {x} <= {top:#x})"


_ORDER = {"lt_s": "<", "le_s": "<=", "gt_s": ">", "ge_s": ">="}
_FLIPPED = {">": "<", ">=": "<="}


def result_fits(tail: str, operands: list[Entry], width: int) -> int | None:
    """A bound on the bit length of a templated operator's result, where one is smaller than the width."""
    a = operands[0]
    if tail == "shr_u":
        b = operands[1]
        return max(fits_in(a, width) - int(b.text) % width, 0) if b.text.isdigit() else fits_in(a, width)
    if tail in _BIT_COUNTS:
        return 7
    if tail == "extend_i32_u":
        return fits_in(a, 32)
    return None


def rounded(text: str) -> str:
    """The f32 nearest to a float expression, as numeric/floats.py rounds (support.RF), inline when finite."""
    return f"(UF1(PF1(_r))[0] if -F32MAX < (_r := {text}) < F32MAX else RF(_r))"


_ROUNDING = frozenset(("f32.add", "f32.sub", "f32.mul", "f32.div", "f32.demote_f64"))


def rounds_in_a_loop(body) -> bool:
    """Does a `loop` of this body round to f32 (then its function gets a scratch f32 of its own: `push_rounded`)?"""
    open_ = []
    for ins in body:
        name = ins.op.name
        if ins.op.arity is Arity.BLOCK:
            open_.append(name == "loop")
        elif name == "end" and open_:
            open_.pop()
        elif name in _ROUNDING and any(open_):
            return True
    return False


class NumericOps:
    """The numeric and vector part of the Translator (translate.py)."""

    def push_expr(self, text: str, type: ValType, operands: list[Entry], **flags) -> None:
        """Push an expression built from `operands`; write it to its slot when it nests too deep."""
        deps = frozenset().union(*(e.deps for e in operands)) if operands else frozenset()
        self.push(Entry(text, type, deps, depth=depth_of(*operands), **flags))
        if self.stack[-1].depth > MAX_DEPTH:
            self.materialise(len(self.stack) - 1)

    def result_to_slot(self, text: str, type: ValType, fits: int | None = None) -> None:
        """An expression that can fail: evaluated now, on its own line, into its slot."""
        h = len(self.stack)
        target = f"s{h}"
        self.spill(target)
        self.emit(f"{target} = {text}")
        self.may_fail()
        self.push(variable(target, type, fits))

    # --- constants ----------------------------------------------------------------------------
    def op_const(self, ins) -> None:
        value, imm = ins.imm[0], ins.op.imm
        if imm == "i32":  # stored signed (model.py); the stack holds unsigned values
            self.push(integer(value & 0xFFFF_FFFF, ValType.I32))
        elif imm == "i64":
            self.push(integer(value & 0xFFFF_FFFF_FFFF_FFFF, ValType.I64))
        elif imm == "f64":
            self.push(float_constant(value, from_bits(value), F64))
        elif imm == "f32":
            self.push(float_constant(value, f32_from_bits(value), F32))
        else:  # v128
            self.push(integer(value, ins.op.results[0]))

    def push_rounded(self, text: str, type: ValType, operands: list[Entry], exact: str) -> None:
        """Push the f32 nearest to the float expression `text` (`exact`: the same over bits, for a NaN).

        In a function with a scratch f32 (`R32`, a float32 view of 4 bytes made per call: support.py),
        through it: storing a float there rounds it as RF does (checked at import), three times faster
        than struct's pack and unpack; the result goes to its slot. Otherwise inline (`rounded`).
        """
        if not self.f32_scratch:
            self.push_expr(rounded(text), type, operands, inexact=True, exact=exact)
            return
        target = f"s{len(self.stack)}"
        self.spill(target)
        self.emit(f"R32[0] = {text}")
        deps = frozenset().union(*(e.deps for e in operands))
        self.write(target, Entry("R32[0]", type, deps, inexact=True, exact=exact))
        self.push(variable(target, type))

    # --- integer operators as expressions ---------------------------------------------------------
    def op_int(self, ins) -> None:
        o = ins.op
        name = o.name
        tail = name.split(".", 1)[1]
        width = 64 if name[1:3] == "64" else 32
        if tail in _UNSIGNED_DIVISION:
            b = self.pop()
            a = self.pop()
            fits = fits_in(a, width) if tail == "div_u" else min(fits_in(a, width), fits_in(b, width))
            self.result_to_slot(f"({a.text} {_UNSIGNED_DIVISION[tail]} {b.text})", o.results[0], fits=fits)
            return
        if tail in _LOW_BITS_ONLY:
            self.op_low_bits(ins, tail)
            return
        if tail in _SIGNED_ORDER and all(fits_in(e, width) < width for e in self.stack[-2:]):
            name = name[:-1] + "u"  # both below 2**(N-1): the signed order is the unsigned one
        elif tail in _SIGNED_ORDER and (cond := signed_order(tail, *self.stack[-2:], width)) is not None:
            operands = self.pop_n(2)
            self.push_expr(f"(1 if {cond} else 0)", ValType.I32, operands, cond=cond, fits=1)
            return
        template, is_condition = TEMPLATES[name]
        n = o.pops
        if tail == "eqz" and self.stack[-1].cond is not None:
            a = self.pop()
            cond = f"(not {a.cond})"
            self.push_expr(f"(1 if {cond} else 0)", ValType.I32, [a], cond=cond, fits=1)
            return
        base = len(self.stack) - n
        for name_, h in zip("ab", range(base, base + n)):
            if template.uses[name_] > 1 and not self.stack[h].simple:
                self.materialise(h)
        operands = self.pop_n(n)
        body = template.fill(*(e.text for e in operands))
        if is_condition:
            cond = f"({body})"
            self.push_expr(f"(1 if {body} else 0)", o.results[0], operands, cond=cond, fits=1)
        elif name in UNMASKED:  # of exact operands (they stay below 2**N): at most 2N bits
            raw = f"({UNMASKED[name].fill(*(e.text for e in operands))})"
            self.push_expr(f"({body})", o.results[0], operands, raw=raw, bits=2 * width)
        else:
            self.push_expr(f"({body})", o.results[0], operands, fits=result_fits(tail, operands, width))

    def op_low_bits(self, ins, tail: str) -> None:
        """+ - * and or xor shl (wrap_i64): the unmasked expression stays available to the next one."""
        o = ins.op
        width = 32 if o.name[1:3] == "32" else 64
        mask = (1 << width) - 1
        if tail == "wrap_i64":
            a = self.pop()
            raw, bits = unmasked(a, 64)
            if a.raw is None and bits <= 32:
                self.push_expr(a.text, ValType.I32, [a], fits=bits)  # already below 2**32
            else:
                self.push_expr(f"({raw} & 0xffffffff)", ValType.I32, [a])
            return
        a, b = self.stack[-2], self.stack[-1]
        if self.exact_low_bits(tail, a, b, width):
            return
        (ra, ba), (rb, bb) = unmasked(a, width), unmasked(b, width)
        if tail == "shl":
            bits = ba + (int(b.text) % width if b.text.isdigit() else width - 1)
        elif tail == "mul":
            bits = ba + bb
        else:
            bits = max(ba, bb) + 1
        if bits > 2 * width + 16:  # keep the numbers small: start again from the masked values
            ra, rb, bits = a.text, b.text, {"shl": 2 * width - 1, "mul": 2 * width}.get(tail, width + 1)
        self.pop_n(2)
        if tail == "shl":
            raw = f"({ra} << ({rb} & {width - 1}))"
        else:
            raw = f"({ra} {_LOW_BITS_ONLY[tail]} {rb})"
        self.push_expr(f"({raw} & {mask:#x})", o.results[0], [a, b], raw=raw, bits=bits)

    def exact_low_bits(self, tail: str, a: Entry, b: Entry, width: int) -> bool:
        """The operator without a mask where its result provably fits in `width` bits (pushed); else False.

        Of two exact values: and, or, xor always; add, mul and shl by a constant when the operands'
        bounds say so. `and` with one exact operand (below 2**width, not negative) is exact too,
        whatever the other: its raw expression is used unmasked.
        """
        t = a.type
        if a.raw is not None and b.raw is not None:
            return False
        if tail == "and":
            bound = min(fits_in(e, width) for e in (a, b) if e.raw is None)
            text = f"({a.raw or a.text} & {b.raw or b.text})"
        elif a.raw is not None or b.raw is not None:
            return False
        else:
            fa, fb = fits_in(a, width), fits_in(b, width)
            if tail == "shl":
                if not b.text.isdigit():
                    return False
                k = int(b.text) % width
                bound, text = fa + k, f"({a.text} << {k})"
            else:
                bound = {"add": max(fa, fb) + 1, "mul": fa + fb, "or": max(fa, fb), "xor": max(fa, fb)}.get(tail)
                if bound is None:
                    return False
                text = f"({a.text} {_LOW_BITS_ONLY[tail]} {b.text})"
            if bound > width:
                return False
        self.pop_n(2)
        self.push_expr(text, t, [a, b], fits=bound)
        return True

    # --- f32 and f64 on floats --------------------------------------------------------------------
    def op_float(self, ins) -> None:
        o = ins.op
        t = o.results[0] if o.results else None
        width, tail = o.name[1:3], o.name.split(".", 1)[1]
        exact_fn = numeric_name(o)
        if tail in _FLOAT_COMPARE:
            b = self.pop()
            a = self.pop()
            cond = f"({a.text} {_FLOAT_COMPARE[tail]} {b.text})"
            self.push_expr(f"(1 if {cond} else 0)", ValType.I32, [a, b], cond=cond)
            return
        if tail in _FLOAT_ARITHMETIC or tail == "div":
            if tail == "div" and not self.stack[-1].simple:
                self.materialise(len(self.stack) - 1)  # read twice below
            b = self.pop()
            a = self.pop()
            if tail == "div":
                zero = "FDIV0" if width == "64" else "FDIV0F"
                text = f"({a.text} / {b.text} if {b.text} else {zero}({a.text}, {b.text}))"
            else:
                text = f"({a.text} {_FLOAT_ARITHMETIC[tail]} {b.text})"
            exact = f"{exact_fn}({a.exact}, {b.exact})"
            if width == "32":
                self.push_rounded(text, t, [a, b], exact)
            else:
                self.push_expr(text, t, [a, b], inexact=True, exact=exact)
            return
        if tail in ("neg", "abs"):
            a = self.pop()
            text = f"(-{a.text})" if tail == "neg" else f"abs({a.text})"
            self.push_expr(text, t, [a], inexact=True, exact=f"{exact_fn}({a.exact})")
            return
        if tail in _FLOAT_HELPERS:
            n = o.pops
            self.exact_top(n)
            operands = self.pop_n(n)
            text = f"FX{width}_{tail}({', '.join(e.text for e in operands)})"
            self.push_expr(text, t, operands, exact=f"{TO_BITS[t]}({text})")
            return
        if tail in ("demote_f64", "promote_f32"):
            # the same float (promote) or the f32 nearest to it (demote), but for a NaN
            a = self.pop()
            if tail == "demote_f64":
                self.push_rounded(a.text, t, [a], f"{exact_fn}({a.exact})")
            else:
                self.push_expr(a.text, t, [a], inexact=True, exact=f"{exact_fn}({a.exact})")
            return
        self.op_call_numeric(ins)

    # --- everything else: the numeric or vector function itself ---------------------------------------
    def op_call_numeric(self, ins) -> None:
        o = ins.op
        n = o.pops
        self.exact_top(n)
        operands = self.pop_n(n)
        args = [e.exact if e.type in TO_BITS else e.text for e in operands]
        if o.imm == "lane":
            args.insert(0, str(ins.imm[0]))
        elif o.imm == "shuffle":
            args.insert(0, f"({', '.join(str(int(i)) for i in ins.imm[0])},)")
        call = f"{numeric_name(o)}({', '.join(args)})"
        result = o.results[0]
        text = f"{FROM_BITS[result]}({call})" if result in FROM_BITS else call
        if _RAISING.match(o.name):
            self.result_to_slot(text, result)
        else:
            self.push_expr(text, result, operands, exact=call if result in FROM_BITS else None)

    @classmethod
    def handlers(cls) -> dict:
        table = {}
        for o in OPS:
            if o.kind not in (Kind.NUMERIC, Kind.VECTOR):
                continue
            if o.imm in CONST_IMMEDIATES:
                table[o.name] = cls.op_const
            elif o.name in TEMPLATES or o.name.split(".", 1)[1] in _UNSIGNED_DIVISION and o.name[0] == "i":
                table[o.name] = cls.op_int
            elif o.name[:4] in ("f32.", "f64.") and o.kind is Kind.NUMERIC:
                table[o.name] = cls.op_float
            else:
                table[o.name] = cls.op_call_numeric
        return table
