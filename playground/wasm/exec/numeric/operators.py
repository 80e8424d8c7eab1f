"""Value semantics of the numeric instructions (spec 4.3): the `NUMERIC` table.

Representation (the contract with the executors):
- i32 / i64: Python ints, unsigned canonical (0 <= v < 2**32 / 2**64);
- f32 / f64: the raw IEEE 754 bit pattern as an unsigned int (floats.py).

`NUMERIC[name]` is a pure function of the operands in stack order (the first
pushed comes first) returning the result, or raising `Trap` with the spec's
words ("integer divide by zero", "integer overflow", "invalid conversion to
integer"). It covers every i32.* / i64.* / f32.* / f64.* instruction except
the constants, loads and stores. The integer operators that are one Python
expression are kept as that text (`INT_UNARY`, `INT_BINARY`), so that an
executor may compile the very same expression inline.
"""

from __future__ import annotations

from typing import Callable

from playground.wasm.errors import Trap
from playground.wasm.exec.numeric import conversions as cv
from playground.wasm.exec.numeric import floats as fl
from playground.wasm.exec.numeric.floats import (  # noqa: F401  (re-exported helpers)
    f32_from_bits,
    f32_to_bits,
    f64_from_bits,
    f64_to_bits,
    is_arithmetic_nan,
    is_canonical_nan,
    is_nan,
)

M32 = 0xFFFF_FFFF
M64 = 0xFFFF_FFFF_FFFF_FFFF

_DIV_ZERO = "integer divide by zero"
_OVERFLOW = "integer overflow"


# --- operators that are one expression ---------------------------------------
# Written once for both widths as Python expressions of `a` (and `b`), with the
# width's constants filled in as literals: NUMERIC compiles each to a function,
# and the executor (handlers_numeric.py) compiles the same text into its
# handlers, so the two can never disagree.


def _int_expressions(t: str, bits: int) -> tuple[dict[str, str], dict[str, str]]:
    """(unary, binary) expressions of the `t` operators (spec 4.3.2), by text name."""
    m, s, k = f"{(1 << bits) - 1:#x}", f"{1 << (bits - 1):#x}", bits - 1
    signed_a = f"(a - {1 << bits:#x} if a & {s} else a)"
    unary = {
        "eqz": "1 if a == 0 else 0",
        "clz": f"{bits} - a.bit_length()",
        "ctz": f"(a & -a).bit_length() - 1 if a else {bits}",
        "popcnt": "a.bit_count()",
    }
    for n in (8, 16, 32):
        if n < bits:  # extendN_s sign-extends the low N bits
            low, top = f"{(1 << n) - 1:#x}", f"{1 << (n - 1):#x}"
            unary[f"extend{n}_s"] = f"(a & {low}) - {1 << n:#x} & {m} if a & {top} else a & {low}"
    binary = {
        "add": f"(a + b) & {m}",
        "sub": f"(a - b) & {m}",
        "mul": f"(a * b) & {m}",
        "and": "a & b",
        "or": "a | b",
        "xor": "a ^ b",
        "shl": f"(a << (b & {k})) & {m}",
        "shr_u": f"a >> (b & {k})",
        "shr_s": f"({signed_a} >> (b & {k})) & {m}",
        "rotl": f"((a << (b & {k})) | (a >> ({bits} - (b & {k})))) & {m}",
        "rotr": f"((a >> (b & {k})) | (a << ({bits} - (b & {k})))) & {m}",
    }
    for name, rel in (("eq", "=="), ("ne", "!=")):
        binary[name] = f"1 if a {rel} b else 0"
    for name, rel in (("lt", "<"), ("gt", ">"), ("le", "<="), ("ge", ">=")):
        binary[f"{name}_u"] = f"1 if a {rel} b else 0"
        # Flipping the sign bit maps signed order onto unsigned order.
        binary[f"{name}_s"] = f"1 if (a ^ {s}) {rel} (b ^ {s}) else 0"
    return {f"{t}.{n}": e for n, e in unary.items()}, {f"{t}.{n}": e for n, e in binary.items()}


_UNARY32, _BINARY32 = _int_expressions("i32", 32)
_UNARY64, _BINARY64 = _int_expressions("i64", 64)

INT_UNARY: dict[str, str] = {
    **_UNARY32,
    **_UNARY64,
    "i32.wrap_i64": "a & 0xffffffff",
    "i64.extend_i32_s": "a | 0xffffffff00000000 if a & 0x80000000 else a",
    "i64.extend_i32_u": "a",
}
"""The integer operators of one operand that are a Python expression of `a`, by text name."""

INT_BINARY: dict[str, str] = {**_BINARY32, **_BINARY64}
"""The integer operators of two operands that are a Python expression of `a` and `b`, by text name."""


def _compiled(params: str, expressions: dict[str, str]) -> dict[str, Callable]:
    # Our own constant source text, compiled once at import.
    return {name: eval(f"lambda {params}: {expr}", {}) for name, expr in expressions.items()}  # noqa: S307


# --- division (spec 4.3.2 idiv / irem) ---------------------------------------


def _division(t: str, bits: int) -> dict[str, Callable]:
    """div_s, div_u, rem_s and rem_u of one width: they trap, so they are functions."""
    m, s, wrap = (1 << bits) - 1, 1 << (bits - 1), 1 << bits

    def div_s(a: int, b: int) -> int:
        if b == 0:
            raise Trap(_DIV_ZERO)
        if a == s and b == m:
            raise Trap(_OVERFLOW)  # -2**(N-1) / -1 does not fit
        x = a - wrap if a & s else a
        y = b - wrap if b & s else b
        q = abs(x) // abs(y)  # truncate toward zero, unlike Python's //
        return (-q if (x < 0) != (y < 0) else q) & m

    def div_u(a: int, b: int) -> int:
        if b == 0:
            raise Trap(_DIV_ZERO)
        return a // b

    def rem_s(a: int, b: int) -> int:
        if b == 0:
            raise Trap(_DIV_ZERO)
        x = a - wrap if a & s else a
        y = b - wrap if b & s else b
        r = abs(x) % abs(y)  # the remainder takes the dividend's sign
        return (-r if x < 0 else r) & m

    def rem_u(a: int, b: int) -> int:
        if b == 0:
            raise Trap(_DIV_ZERO)
        return a % b

    return {f"{t}.div_s": div_s, f"{t}.div_u": div_u, f"{t}.rem_s": rem_s, f"{t}.rem_u": rem_u}


def _float_ops(prefix: str) -> dict[str, Callable]:
    names = "abs neg ceil floor trunc nearest sqrt add sub mul div min max copysign eq ne lt gt le ge"
    return {f"{prefix}.{n}": getattr(fl, f"{prefix}_{n}") for n in names.split()}


def _identity(a: int) -> int:
    return a


_CONVERSIONS: dict[str, Callable] = {
    name: getattr(cv, name.replace(".", "_"))
    for name in """
        i32.trunc_f32_s i32.trunc_f32_u i32.trunc_f64_s i32.trunc_f64_u
        i64.trunc_f32_s i64.trunc_f32_u i64.trunc_f64_s i64.trunc_f64_u
        i32.trunc_sat_f32_s i32.trunc_sat_f32_u i32.trunc_sat_f64_s i32.trunc_sat_f64_u
        i64.trunc_sat_f32_s i64.trunc_sat_f32_u i64.trunc_sat_f64_s i64.trunc_sat_f64_u
        f32.convert_i32_s f32.convert_i32_u f32.convert_i64_s f32.convert_i64_u
        f64.convert_i32_s f64.convert_i32_u f64.convert_i64_s f64.convert_i64_u
        f32.demote_f64 f64.promote_f32
    """.split()
}
# Values are bit patterns already, so reinterpretation changes nothing.
_CONVERSIONS.update(
    {
        "i32.reinterpret_f32": _identity,
        "i64.reinterpret_f64": _identity,
        "f32.reinterpret_i32": _identity,
        "f64.reinterpret_i64": _identity,
    }
)

NUMERIC: dict[str, Callable] = {
    **_compiled("a", INT_UNARY),
    **_compiled("a, b", INT_BINARY),
    **_division("i32", 32),
    **_division("i64", 64),
    **_float_ops("f32"),
    **_float_ops("f64"),
    **_CONVERSIONS,
}
"""Every numeric instruction that is not a constant, load or store, by its text name."""
