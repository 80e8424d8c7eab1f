"""Mutators and checkers shared by the bounded fuzz tests and `campaign.py`.

A checker runs one input through a stage of the engine and lets only that
stage's domain errors through silently (MalformedError/ParseError, InvalidError,
LinkError, Trap, ExhaustionError); anything else propagates, so a test fails
with the real exception and a campaign records it. Every check runs under a
wall-clock guard (`deadline`): a hang becomes `Hang`, never a stuck test.
"""

from __future__ import annotations

import random
import re
import signal
from contextlib import contextmanager
from pathlib import Path

from playground.wasm.binary.decode import decode_module
from playground.wasm.binary.encode import encode_module
from playground.wasm.binary.leb128 import encode_unsigned, read_unsigned
from playground.wasm.errors import (
    ExhaustionError,
    InvalidError,
    LinkError,
    MalformedError,
    ParseError,
    Trap,
)
from playground.wasm.exec.interface import ExecSettings
from playground.wasm.exec.step.executor import StepExecutor
from playground.wasm.runtime import Global, HostFunc, Memory, MemorySettings, Store, Table, instantiate
from playground.wasm.text.parse import parse_module
from playground.wasm.text.wast import parse_wast
from playground.wasm.types import ExternKind, ValType
from playground.wasm.validate import validate_module

REPO = Path(__file__).resolve().parents[3]
SAMPLES = REPO / "samples"

FUEL = 20_000  # instructions per exported call
MAX_CALL_DEPTH = 2_000
MEMORY_CAP = MemorySettings(max_pages=32)  # 2 MiB: grows past it return -1


class Hang(Exception):
    """A check ran past its deadline."""


@contextmanager
def deadline(seconds: float):
    """Raise `Hang` in the main thread when the block runs longer than `seconds`."""

    def expire(signum, frame):
        raise Hang(f"still running after {seconds} s")

    old = signal.signal(signal.SIGALRM, expire)
    signal.setitimer(signal.ITIMER_REAL, seconds)
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, old)


# --- seeds ------------------------------------------------------------------------------------

def sample_binaries() -> list[bytes]:
    """Every samples/*.wat, assembled with our own encoder."""
    return [encode_module(parse_module(p.read_text(), file=p.name)) for p in sorted(SAMPLES.glob("*.wat"))]


def sample_texts() -> list[str]:
    return [p.read_text() for p in sorted(SAMPLES.glob("*.wat"))]


# --- binary mutations -------------------------------------------------------------------------

def sections(data: bytes) -> list[tuple[int, int, int]]:
    """(id offset, size offset, payload end) of each section that reads cleanly."""
    out, pos = [], 8
    while pos < len(data):
        try:
            size, start = read_unsigned(data, pos + 1, 32)
        except MalformedError:
            break
        out.append((pos, pos + 1, start + size))
        pos = start + size
    return out


def _leb_starts(data: bytes) -> list[int]:
    """Offsets that could begin a LEB128 (after a byte without the continuation bit)."""
    return [i for i in range(8, len(data)) if data[i - 1] < 0x80]


def mutate_binary(data: bytes, rnd: random.Random) -> bytes:
    """One or a few random edits of the kinds that break decoders."""
    buf = bytearray(data)
    for _ in range(rnd.choice((1, 1, 1, 2, 3))):
        if len(buf) <= 8:
            buf += bytes([rnd.randrange(256)])
            continue
        i = rnd.randrange(8, len(buf))
        kind = rnd.randrange(10)
        if kind == 0:  # bit flip
            buf[i] ^= 1 << rnd.randrange(8)
        elif kind == 1:  # random byte
            buf[i] = rnd.randrange(256)
        elif kind == 2:  # interesting byte
            buf[i] = rnd.choice((0x00, 0x01, 0x7F, 0x80, 0xFF, 0x40, 0x60, 0x0B, 0x0F, 0x10, 0xFC, 0xFD, 0x70, 0x6F))
        elif kind == 3:  # insertion
            buf[i:i] = bytes(rnd.randrange(256) for _ in range(rnd.randrange(1, 5)))
        elif kind == 4:  # deletion
            del buf[i : i + rnd.randrange(1, 5)]
        elif kind == 5:  # truncation
            del buf[i:]
        elif kind == 6:  # LEB128 stretching: same value, more bytes (maybe too many)
            starts = _leb_starts(buf)
            j = rnd.choice(starts) if starts else i
            try:
                value, end = read_unsigned(bytes(buf), j, 64)
            except MalformedError:
                continue
            enc = bytearray(encode_unsigned(value))
            enc[-1] |= 0x80
            enc += b"\x80" * rnd.randrange(0, 6) + b"\x00"
            buf[j:end] = enc
        elif kind == 7:  # huge LEB128 (a count or size of 2**32-1, or past 32 bits)
            starts = _leb_starts(buf)
            j = rnd.choice(starts) if starts else i
            try:
                _, end = read_unsigned(bytes(buf), j, 64)
            except MalformedError:
                end = j + 1
            buf[j:end] = rnd.choice((b"\xff\xff\xff\xff\x0f", b"\xff\xff\xff\xff\x7f", b"\x80\x80\x80\x80\x10",
                                     b"\xfe\xff\xff\xff\x07", b"\xff\xff\x03"))
        elif kind == 8:  # a section's size lies
            secs = sections(bytes(buf))
            if not secs:
                continue
            _, size_at, end = rnd.choice(secs)
            _, start = read_unsigned(bytes(buf), size_at, 32)
            size = max(0, end - start + rnd.choice((-3, -1, 1, 2, 100, 1 << 20)))
            buf[size_at:start] = encode_unsigned(size)
        else:  # splice: duplicate or drop a whole section
            secs = sections(bytes(buf))
            if not secs:
                continue
            at, _, end = rnd.choice(secs)
            chunk = bytes(buf[at:end])
            if rnd.random() < 0.5:
                del buf[at:end]
            else:
                k = rnd.choice([s[0] for s in secs] + [len(buf)])
                buf[k:k] = chunk
    return bytes(buf)


# --- text mutations ---------------------------------------------------------------------------

_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|\(;|;\)|;;|[()]|[^\s()";]+|\s+|.', re.S)
_ODD_TEXT = (
    "(", ")", "((", "))", '"', '"\\', '"\\u{110000}"', '"\\u{ffffffffffffffff}"', "(;", ";)", ";;", "$", "$x",
    "0x", "1e99999", "0x1p99999", "nan:0x", "nan:0x0", "nan:0xfffffffffffffffff", "-0x8000000000000001",
    "18446744073709551616", "99999999999999999999999999999", "1_", "_1", "0x_1", "inf", "-nan",
    "\u00e9", "\ud7ff", "\U0001f600", "\x00", "\x7f", "\u202e", "\t", "\r", "offset=4294967296",
    "align=3", "align=0", "i32x4", "v128.const i8x16", "(type 4294967295)", "(memory 65537)",
    "(local.get 4294967296)", "(br 99999)", "(block (result i32 i32 i32))", "\\", "\"\\'\"",
)


def mutate_text(text: str, rnd: random.Random) -> str:
    """Token-level edits: delete, duplicate, swap, insert odd tokens, unbalance parentheses."""
    tokens = _TOKEN.findall(text) or [text]
    for _ in range(rnd.choice((1, 1, 2, 3))):
        if not tokens:
            tokens = ["("]
        i = rnd.randrange(len(tokens))
        kind = rnd.randrange(8)
        if kind == 0:
            del tokens[i]
        elif kind == 1:
            tokens.insert(i, tokens[i])
        elif kind == 2:
            j = rnd.randrange(len(tokens))
            tokens[i], tokens[j] = tokens[j], tokens[i]
        elif kind == 3:
            tokens.insert(i, " " + rnd.choice(_ODD_TEXT) + " ")
        elif kind == 4:
            tokens.insert(i, chr(rnd.choice((rnd.randrange(32, 0x80), rnd.randrange(0x80, 0xD800),
                                             rnd.randrange(0xE000, 0x110000)))))
        elif kind == 5:
            tokens[i] = rnd.choice(("(", ")", "(block " * 600, "block " * 600, "(i32.eqz " * 600))
        elif kind == 6:
            del tokens[i:]
        else:  # replace a number with a huge or strange one
            nums = [k for k, t in enumerate(tokens) if t[:1].isdigit() or t[:1] == "-"]
            k = rnd.choice(nums) if nums else i
            tokens[k] = rnd.choice(("4294967296", "-2147483649", "0xffffffffffffffffff", "1e400", "0x1p-99999",
                                    "340282356779733661637539395458142568448", "9" * 5000,
                                    "0." + "0" * 5000 + "1", "1e" + "9" * 5000))
    return "".join(tokens)


# --- checks -----------------------------------------------------------------------------------

def check_decode(data: bytes, seconds: float = 5.0):
    """`decode_module`, allowing only a located MalformedError; the Module or None."""
    with deadline(seconds):
        try:
            return decode_module(data)
        except MalformedError as exc:
            if exc.offset is None:
                raise AssertionError(f"MalformedError without an offset: {exc}") from exc
            return None


def check_validate(module, seconds: float = 5.0) -> bool:
    """`validate_module`, allowing only InvalidError; whether it validated."""
    with deadline(seconds):
        try:
            validate_module(module)
            return True
        except InvalidError:
            return False


def stub_imports(module) -> dict:
    """Something of the right type for every import: zero-returning functions, fresh objects."""
    imports: dict[str, dict] = {}
    for imp in module.imports:
        if imp.kind is ExternKind.FUNC:
            ft = module.types[imp.desc]
            zeros = [None if t.is_ref else 0 for t in ft.results]
            value = HostFunc(lambda *args, _z=zeros: _z[0] if len(_z) == 1 else (tuple(_z) if _z else None),
                             ft, raw=True)
        elif imp.kind is ExternKind.MEMORY:
            value = Memory.from_type(imp.desc, settings=MEMORY_CAP)
        elif imp.kind is ExternKind.TABLE:
            value = Table.from_type(imp.desc)
        else:
            value = Global(imp.desc)
        imports.setdefault(imp.module, {})[imp.name] = value
    return imports


def random_arg(t: ValType, rnd: random.Random):
    """A raw argument of type `t`: edge values more often than not."""
    if t is ValType.I32:
        return rnd.choice((0, 1, 0xFFFFFFFF, 0x80000000, 0x7FFFFFFF, 65536, rnd.getrandbits(32)))
    if t is ValType.I64:
        return rnd.choice((0, 1, (1 << 64) - 1, 1 << 63, rnd.getrandbits(64)))
    if t is ValType.F32:
        return rnd.choice((0, 0x80000000, 0x7FC00000, 0x7F800000, 0x3F800000, rnd.getrandbits(32)))
    if t is ValType.F64:
        return rnd.choice((0, 1 << 63, 0x7FF8000000000000, 0x3FF0000000000000, rnd.getrandbits(64)))
    if t is ValType.V128:
        return rnd.getrandbits(128)
    return None  # null references


def check_run(module, rnd: random.Random, seconds: float = 10.0, calls: int = 3) -> list[str]:
    """Instantiate a validated module and call its exported functions with random arguments.

    Allows LinkError, Trap and ExhaustionError; returns what each call did, for the record.
    """
    outcomes = []
    executor = StepExecutor(ExecSettings(max_call_depth=MAX_CALL_DEPTH, fuel=FUEL))
    store = Store(executor=executor, memory_settings=MEMORY_CAP)
    with deadline(seconds):
        try:
            inst = instantiate(module, stub_imports(module), store=store)
        except (LinkError, Trap, ExhaustionError) as exc:
            return [f"instantiate: {exc.kind}: {exc.message}"]
        funcs = [e.name for e in module.exports if e.kind is ExternKind.FUNC]
        for name in funcs:
            func = inst.extern_exports[name]
            for _ in range(calls):
                args = [random_arg(t, rnd) for t in func.type.params]
                try:
                    executor.invoke(func, args)
                    outcomes.append(f"{name}: ok")
                except (Trap, ExhaustionError) as exc:
                    outcomes.append(f"{name}: {exc.kind}: {exc.message}")
    return outcomes


def check_binary(data: bytes, rnd: random.Random) -> str:
    """Decode, validate and (when valid) run one binary; the furthest stage reached."""
    module = check_decode(data)
    if module is None:
        return "malformed"
    if not check_validate(module):
        return "invalid"
    check_run(module, rnd)
    return "ran"


def check_parse_module(text: str, seconds: float = 5.0):
    """`parse_module`, allowing only a ParseError with a span; the Module or None."""
    with deadline(seconds):
        try:
            return parse_module(text)
        except ParseError as exc:
            if exc.span is None:
                raise AssertionError(f"ParseError without a span: {exc}") from exc
            return None


def check_parse_wast(text: str, seconds: float = 5.0):
    """`parse_wast`, allowing only a ParseError with a span; the commands or None."""
    with deadline(seconds):
        try:
            return parse_wast(text)
        except ParseError as exc:
            if exc.span is None:
                raise AssertionError(f"ParseError without a span: {exc}") from exc
            return None


def check_text(text: str, rnd: random.Random) -> str:
    """Parse WAT text, then validate, encode, decode and run what parses."""
    module = check_parse_module(text)
    if module is None:
        return "parse error"
    if not check_validate(module):
        return "invalid"
    with deadline(5.0):
        data = encode_module(module)
    if check_decode(data) is None:
        raise AssertionError("a module we encoded does not decode")
    check_run(module, rnd)
    return "ran"
