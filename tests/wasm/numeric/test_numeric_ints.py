"""Integer operators against independent references (string bit tricks, fractions, numpy)."""

from __future__ import annotations

from fractions import Fraction

import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from playground.wasm.bits import to_signed, to_unsigned
from playground.wasm.errors import Trap
from playground.wasm.exec.numeric.operators import NUMERIC

# No deadline: the machine is shared, and a slow example is not a wrong one.
_SETTINGS = settings(max_examples=100, deadline=None)


def _edgy(bits: int) -> st.SearchStrategy[int]:
    top = (1 << bits) - 1
    edges = [0, 1, 2, top, top - 1, 1 << (bits - 1), (1 << (bits - 1)) - 1, (1 << (bits - 1)) + 1]
    return st.one_of(st.sampled_from(edges), st.integers(0, top), st.integers(0, 255))


u32, u64 = _edgy(32), _edgy(64)
_WIDTH = {"i32": (32, u32), "i64": (64, u64)}


def _s(v: int, bits: int) -> int:
    # Reference signed reading, independent of to_signed.
    return int(np.array([v], dtype=f"uint{bits}").view(f"int{bits}")[0])


def _ref_binary(name: str, a: int, b: int, bits: int) -> int | str:
    m = (1 << bits) - 1
    sa, sb = _s(a, bits), _s(b, bits)
    k = b % bits
    ref = {
        "add": lambda: (a + b) % (m + 1),
        "sub": lambda: (a - b) % (m + 1),
        "mul": lambda: (sa * sb) % (m + 1),
        "and": lambda: a & b,
        "or": lambda: a | b,
        "xor": lambda: a ^ b,
        "shl": lambda: int(format(a, f"0{bits}b")[k:] + "0" * k, 2),
        "shr_u": lambda: int(("0" * k + format(a, f"0{bits}b"))[:bits], 2),
        "shr_s": lambda: int((format(a, f"0{bits}b")[0] * k + format(a, f"0{bits}b"))[:bits], 2),
        "rotl": lambda: int(format(a, f"0{bits}b")[k:] + format(a, f"0{bits}b")[:k], 2),
        "rotr": lambda: int(format(a, f"0{bits}b")[bits - k :] + format(a, f"0{bits}b")[: bits - k], 2),
        "eq": lambda: int(a == b),
        "ne": lambda: int(a != b),
        "lt_s": lambda: int(sa < sb),
        "lt_u": lambda: int(a < b),
        "gt_s": lambda: int(sa > sb),
        "gt_u": lambda: int(a > b),
        "le_s": lambda: int(sa <= sb),
        "le_u": lambda: int(a <= b),
        "ge_s": lambda: int(sa >= sb),
        "ge_u": lambda: int(a >= b),
    }
    if name in ref:
        return ref[name]()
    if b == 0:
        return "integer divide by zero"
    if name == "div_u":
        return int(Fraction(a, b))
    if name == "rem_u":
        return a - b * int(Fraction(a, b))
    q = int(Fraction(sa, sb))  # int() of a Fraction truncates toward zero
    if name == "div_s":
        return "integer overflow" if q > m >> 1 else q % (m + 1)
    return (sa - sb * q) % (m + 1)  # rem_s


_BINARY = "add sub mul div_s div_u rem_s rem_u and or xor shl shr_s shr_u rotl rotr eq ne lt_s lt_u gt_s gt_u le_s le_u ge_s ge_u".split()


@pytest.mark.parametrize("t", ["i32", "i64"])
@pytest.mark.parametrize("name", _BINARY)
@_SETTINGS
@given(data=st.data())
def test_binary(t: str, name: str, data: st.DataObject) -> None:
    bits, strategy = _WIDTH[t]
    a, b = data.draw(strategy), data.draw(strategy)
    expected = _ref_binary(name, a, b, bits)
    if isinstance(expected, str):
        with pytest.raises(Trap) as info:
            NUMERIC[f"{t}.{name}"](a, b)
        assert info.value.message == expected
    else:
        assert NUMERIC[f"{t}.{name}"](a, b) == expected


@pytest.mark.parametrize("t", ["i32", "i64"])
@_SETTINGS
@given(data=st.data())
def test_unary(t: str, data: st.DataObject) -> None:
    bits, strategy = _WIDTH[t]
    a = data.draw(strategy)
    text = format(a, f"0{bits}b")
    assert NUMERIC[f"{t}.clz"](a) == len(text) - len(text.lstrip("0"))
    assert NUMERIC[f"{t}.ctz"](a) == len(text) - len(text.rstrip("0"))
    assert NUMERIC[f"{t}.popcnt"](a) == text.count("1")
    assert NUMERIC[f"{t}.eqz"](a) == int(a == 0)
    for n in (8, 16, 32):
        name = f"{t}.extend{n}_s"
        if n < bits:
            low = int(np.array([a & ((1 << n) - 1)], dtype=f"uint{n}").view(f"int{n}")[0])
            assert NUMERIC[name](a) == low % (1 << bits)


@_SETTINGS
@given(u64)
def test_wrap_and_extend(a: int) -> None:
    assert NUMERIC["i32.wrap_i64"](a) == int(np.uint64(a).astype(np.uint32))
    low = a & 0xFFFF_FFFF
    assert NUMERIC["i64.extend_i32_u"](low) == low
    assert NUMERIC["i64.extend_i32_s"](low) == int(np.int64(np.uint32(low).view(np.int32)).view(np.uint64))


def test_traps_use_the_spec_words() -> None:
    cases = [
        ("i32.div_s", 0x8000_0000, 0xFFFF_FFFF, "integer overflow"),
        ("i64.div_s", 1 << 63, (1 << 64) - 1, "integer overflow"),
        ("i32.rem_u", 5, 0, "integer divide by zero"),
        ("i64.rem_s", 5, 0, "integer divide by zero"),
    ]
    for name, a, b, message in cases:
        with pytest.raises(Trap) as info:
            NUMERIC[name](a, b)
        assert info.value.message == message
    # rem_s of the overflowing division is 0, not a trap (spec 4.3.2 irem_s).
    assert NUMERIC["i32.rem_s"](0x8000_0000, 0xFFFF_FFFF) == 0
    assert NUMERIC["i64.rem_s"](1 << 63, (1 << 64) - 1) == 0


@_SETTINGS
@given(st.integers(0, (1 << 64) - 1), st.sampled_from([8, 16, 32, 64]))
def test_to_signed_round_trips(v: int, bits: int) -> None:
    v &= (1 << bits) - 1
    s = to_signed(v, bits)
    assert -(1 << (bits - 1)) <= s < 1 << (bits - 1)
    assert to_unsigned(s, bits) == v
    assert s == _s(v, bits) if bits > 8 else s == int(np.array([v], dtype=np.uint8).view(np.int8)[0])
