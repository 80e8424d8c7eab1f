"""Float literals of the text format: exact parsing to IEEE 754 bit patterns, and exact printing.

Parsing follows spec 6.3.2: a literal denotes an exact rational value that is
rounded to the nearest representable value, ties to even; a value that would
round to infinity is malformed ("constant out of range"). NaNs keep their
payload (`nan:0x...`), `nan` alone is the canonical NaN.

Python's `float()` and `float.fromhex()` round correctly to binary64; binary32
results go through them and fall back to exact integer arithmetic only when a
double rounding could be wrong (the double lies exactly on an f32 tie).
"""

from __future__ import annotations

import math
import re

from playground.wasm.bits import f32_from_bits, f32_to_bits, f64_from_bits, f64_to_bits


class FloatFormat:
    """The parameters of binary32 or binary64."""

    def __init__(self, bits: int, mant: int, exp: int) -> None:
        self.bits = bits
        self.mant = mant  # stored mantissa bits
        self.exp = exp  # exponent bits
        self.bias = (1 << (exp - 1)) - 1
        self.sign_bit = 1 << (bits - 1)
        self.exp_mask = ((1 << exp) - 1) << mant
        self.mant_mask = (1 << mant) - 1
        self.canonical_nan = self.exp_mask | (1 << (mant - 1))


F32 = FloatFormat(32, 23, 8)
F64 = FloatFormat(64, 52, 11)


class LiteralError(ValueError):
    """A literal that is malformed; `args[0]` is the spec's wording."""


_DEC = re.compile(r"(\d(?:_?\d)*)(?:\.((?:\d(?:_?\d)*)?))?(?:[eE]([+-]?\d(?:_?\d)*))?")
_HEX = re.compile(
    r"0x([0-9a-fA-F](?:_?[0-9a-fA-F])*)(?:\.((?:[0-9a-fA-F](?:_?[0-9a-fA-F])*)?))?(?:[pP]([+-]?\d(?:_?\d)*))?"
)
_NAN_PAYLOAD = re.compile(r"nan:0x([0-9a-fA-F](?:_?[0-9a-fA-F])*)")


def round_rational(num: int, den: int, fmt: FloatFormat) -> int:
    """The bits of the positive rational num/den rounded to nearest, ties to even.

    Raises LiteralError("constant out of range") when it rounds to infinity.
    """
    if num == 0:
        return 0
    e = num.bit_length() - den.bit_length()
    # make 2**e <= num/den < 2**(e+1)
    if (num << -e if e < 0 else num) < (den << e if e > 0 else den):
        e -= 1
    emin = 1 - fmt.bias
    scale = (max(e, emin)) - fmt.mant  # the value of the last mantissa bit is 2**scale
    if scale >= 0:
        q, r = divmod(num, den << scale)
        half = den << scale
    else:
        q, r = divmod(num << -scale, den)
        half = den
    twice = 2 * r
    if twice > half or (twice == half and q & 1):
        q += 1
    if e < emin:  # subnormal (q may carry into the smallest normal: the bits still come out right)
        return q
    if q >> (fmt.mant + 1):
        q >>= 1
        e += 1
    biased = e + fmt.bias
    if biased >= (1 << fmt.exp) - 1:
        raise LiteralError("constant out of range")
    return (biased << fmt.mant) | (q & fmt.mant_mask)


# Exact decimal reading keeps this many significant digits plus a sticky one
# (binary64 ties have at most 767); Python also refuses int() of over 4300 digits.
_KEPT_DIGITS = 800


def _exponent(exp: str | None) -> int:
    """The exponent's value, clamped far beyond any float's range (it may have thousands of digits)."""
    if not exp:
        return 0
    digits = exp.replace("_", "").lstrip("+-").lstrip("0")  # empty for a zero exponent (`e0`, `p-00`)
    value = int(digits or "0") if len(digits) <= 9 else 10**9
    return -value if exp.startswith("-") else value


def _exact_value(text: str) -> tuple[int, int]:
    """num, den of an unsigned decimal or hex float literal (without sign)."""
    m = _HEX.fullmatch(text)
    if m:
        whole, frac, exp = m.group(1).replace("_", ""), (m.group(2) or "").replace("_", ""), m.group(3)
        num = int(whole + frac, 16)
        e2 = -4 * len(frac) + _exponent(exp)
        if num == 0:
            return 0, 1
        if e2 > 20000:
            return 1 << 20000, 1  # certainly overflows
        if e2 < -20000 - num.bit_length():
            return 1, 1 << 30000  # certainly rounds to zero
        return (num << e2, 1) if e2 >= 0 else (num, 1 << -e2)
    m = _DEC.fullmatch(text)
    if not m:
        raise LiteralError("unknown operator")
    whole, frac, exp = m.group(1).replace("_", ""), (m.group(2) or "").replace("_", ""), m.group(3)
    digits = (whole + frac).lstrip("0")
    e10 = -len(frac) + _exponent(exp)
    if len(digits) > _KEPT_DIGITS:
        # Digits this far down only matter as "something nonzero follows" (a sticky
        # digit): no f32/f64 tie has more significant digits than are kept.
        rest = digits[_KEPT_DIGITS:]
        e10 += len(rest)
        digits = digits[:_KEPT_DIGITS]
        if rest.strip("0"):
            digits += "1"
            e10 -= 1
    num = int(digits or "0")
    if num == 0:
        return 0, 1
    digits = len(str(num))
    if e10 + digits > 400:
        return 1 << 20000, 1
    if e10 + digits < -400:
        return 1, 1 << 30000
    return (num * 10**e10, 1) if e10 >= 0 else (num, 10**-e10)


def _f32_from_double(d: float) -> int | None:
    """The f32 bits of the finite `d` when rounding the double again cannot go wrong, else None."""
    bits = f32_to_bits(d)
    if bits & F32.exp_mask == F32.exp_mask:  # rounded past the largest f32: the exact path says so
        return None
    y = f32_from_bits(bits)
    if y == d:
        return bits
    z = 2 * d - y  # the other f32 neighbour when d is exactly a tie
    if f32_from_bits(f32_to_bits(z)) == z:  # (an overflowing z reads back as inf, never equal)
        return None
    return bits


def parse_float(text: str, fmt: FloatFormat) -> int:
    """The bit pattern of a float literal (spec 6.3.2) for f32 or f64.

    Raises LiteralError("constant out of range") on overflow or a bad NaN
    payload, LiteralError("unknown operator") when `text` is no float literal.
    """
    sign = 0
    body = text
    if body[:1] in "+-" and body:
        sign = fmt.sign_bit if body[0] == "-" else 0
        body = body[1:]
    if body == "inf":
        return sign | fmt.exp_mask
    if body == "nan":
        return sign | fmt.canonical_nan
    if body.startswith("nan:"):
        m = _NAN_PAYLOAD.fullmatch(body)
        if not m:
            raise LiteralError("unknown operator")
        payload = int(m.group(1).replace("_", ""), 16)
        if payload == 0 or payload > fmt.mant_mask:
            raise LiteralError("constant out of range")
        return sign | fmt.exp_mask | payload
    if not body or not body[0].isdigit():
        raise LiteralError("unknown operator")
    hexa = body.startswith("0x")
    if not (_HEX if hexa else _DEC).fullmatch(body):
        raise LiteralError("unknown operator")
    clean = body.replace("_", "")
    try:
        d = float.fromhex(clean) if hexa else float(clean)
    except OverflowError:
        raise LiteralError("constant out of range") from None
    except ValueError:
        d = None
    if d is not None and not math.isinf(d):
        if fmt is F64:
            return sign | f64_to_bits(d)
        bits = _f32_from_double(d)
        if bits is not None:
            return sign | bits
    elif d is not None and fmt is F64:
        raise LiteralError("constant out of range")
    num, den = _exact_value(body)
    return sign | round_rational(num, den, fmt)


# --- printing ---------------------------------------------------------------------


def bits_to_float(bits: int, fmt: FloatFormat) -> float:
    """The Python float of a bit pattern (f32 values widen exactly)."""
    return f32_from_bits(bits) if fmt is F32 else f64_from_bits(bits)


def format_float(bits: int, fmt: FloatFormat) -> str:
    """Text that parses back to exactly `bits`: `nan`, `nan:0x..`, `inf`, or a short decimal.

    Finite values print as the shortest decimal that rounds back to the same
    bits in their own format (so f32 `0.1` prints as `0.1`, not the double's digits).
    """
    sign = "-" if bits & fmt.sign_bit else ""
    magnitude = bits & ~fmt.sign_bit
    if magnitude & fmt.exp_mask == fmt.exp_mask:
        payload = magnitude & fmt.mant_mask
        if payload == 0:
            return sign + "inf"
        if payload == fmt.canonical_nan & fmt.mant_mask:
            return sign + "nan"
        return f"{sign}nan:0x{payload:x}"
    value = bits_to_float(magnitude, fmt)
    if fmt is F64:
        return sign + _plain(repr(value))
    # the shortest decimal that rounds back to this f32
    for digits in range(1, 10):
        text = f"{value:.{digits}g}"
        read = _f32_from_double(float(text))  # the literal's own rounding, fast path first
        if read is None:
            try:
                read = parse_float(text, F32)
            except LiteralError:  # rounded up past the largest finite value
                continue
        if read == magnitude:
            return sign + _plain(text)
    return sign + _plain(repr(value))  # unreachable: 9 digits always round-trip


def _plain(text: str) -> str:
    """Python's float text made into WAT float syntax (digits before any `.`, `e`)."""
    if "e" in text:
        mant, _, exp = text.partition("e")
        return f"{mant}e{exp}"
    return text


def format_hex_float(bits: int, fmt: FloatFormat) -> str:
    """The exact hex form `0x1.8p+3` of a finite value (for displays that want the bits plain)."""
    sign = "-" if bits & fmt.sign_bit else ""
    magnitude = bits & ~fmt.sign_bit
    exp = magnitude >> fmt.mant
    mant = magnitude & fmt.mant_mask
    if exp == (1 << fmt.exp) - 1:
        return format_float(bits, fmt)
    if exp == 0 and mant == 0:
        return sign + "0x0p+0"
    width = (fmt.mant + 3) // 4
    shift = width * 4 - fmt.mant
    digits = f"{mant << shift:0{width}x}".rstrip("0")
    lead, e = (1, exp - fmt.bias) if exp else (0, 1 - fmt.bias)
    frac = f".{digits}" if digits else ""
    return f"{sign}0x{lead}{frac}p{e:+d}"
