"""Mutators and checkers shared by the bounded fuzz tests and `campaign.py`.

A checker runs one input through a stage of the engine and lets only that
stage's domain errors through silently (MalformedError/ParseError, InvalidError,
LinkError, Trap, ExhaustionError, UncaughtException: a 3.0 exception no handler
caught, EngineFeatureError: an engine that does not run a 3.0 proposal yet); anything else propagates, so a test fails
with the real exception and a campaign records it. Every check runs under a
wall-clock guard (`deadline`): a hang becomes `Hang`, never a stuck test.

The stages: the decoder and the WAT/WAST parsers; the validator; the linker
(imports of the wrong kind or type); both engines (step and fast: what one
computes the other must compute too); the printers (`wasm2wat` text parses
back to the same bytes, every `objdump` report); `debug --replay` of damaged
session files. `budget(n)` scales a bounded test's case count: `n` in
`make test`, `LONG_FACTOR` times more with PLAYGROUND_FUZZ=long.
"""

from __future__ import annotations

import json
import os
import random
import re
import signal
from contextlib import contextmanager
from dataclasses import replace
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
    UncaughtException,
)
from playground.wasm.features import EngineFeatureError
from playground.wasm.engines import new_executor
from playground.wasm.exec.interface import ExecSettings
from playground.wasm.objdump import objdump
from playground.wasm.runtime import Global, HostFunc, Memory, MemorySettings, Store, Table, instantiate
from playground.wasm.text.parse import parse_module
from playground.wasm.text.print import print_module
from playground.wasm.text.wast import parse_wast
from playground.wasm.types import ExternKind, ValType
from playground.wasm.validate import validate_module

REPO = Path(__file__).resolve().parents[3]
SAMPLES = REPO / "samples"

FUEL = 20_000  # instructions per exported call
MAX_CALL_DEPTH = 2_000
MEMORY_CAP = MemorySettings(max_pages=32)  # 2 MiB: grows past it return -1


ENGINES = ("step", "fast")
LONG_FACTOR = 20


def long_mode() -> bool:
    """PLAYGROUND_FUZZ=long: the campaign-sized run of the bounded tests."""
    return os.environ.get("PLAYGROUND_FUZZ", "").strip().lower() == "long"


def budget(examples: int) -> int:
    """How many cases a bounded fuzz test runs: `examples`, or LONG_FACTOR times that in long mode."""
    return examples * LONG_FACTOR if long_mode() else examples


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


def suite_modules(folder: Path, names: tuple[str, ...] | None = None) -> tuple[list[bytes], list[str]]:
    """The modules of the spec suite's scripts in `folder` (all, or those `names`): (binaries, module texts).

    Text modules are assembled with our encoder; `(module binary ...)` ones are
    taken as they are; a script that does not parse adds nothing.
    """
    from playground.wasm.text.wast import ModuleCommand

    binaries, texts = [], []
    paths = sorted(folder.rglob("*.wast")) if names is None else [p for n in names for p in sorted(folder.rglob(n))[:1]]
    for path in paths:
        try:
            commands = parse_wast(path.read_text())
        except ParseError:
            continue
        for cmd in commands:
            if not isinstance(cmd, ModuleCommand):
                continue
            if cmd.module is not None:
                binaries.append(encode_module(cmd.module))
                if cmd.text:
                    texts.append(cmd.text)
            elif cmd.binary is not None:
                binaries.append(cmd.binary)
    return binaries, texts


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


def without_custom_sections(data: bytes) -> bytes:
    """The binary less its custom sections (names included) and its data count section: what WAT text
    can say (the text format has no data count; an assembler writes one only where instructions need it)."""
    kept = [data[at:end] for at, _, end in sections(data) if data[at] not in (0, 12)]
    return data[:8] + b"".join(kept)


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


def _stub(module, kind, desc):
    """A fresh extern of `kind` whose type is `desc`: zero-returning functions, capped memories."""
    if kind is ExternKind.FUNC:
        ft = module.types[desc] if isinstance(desc, int) else desc
        zeros = [None if t.is_ref else 0 for t in ft.results]
        return HostFunc(lambda *args, _z=zeros: _z[0] if len(_z) == 1 else (tuple(_z) if _z else None), ft, raw=True)
    if kind is ExternKind.MEMORY:
        return Memory.from_type(desc, settings=MEMORY_CAP)
    if kind is ExternKind.TABLE:
        return Table.from_type(desc)
    return Global(desc)


def stub_imports(module, rnd: random.Random | None = None) -> dict:
    """Something of the right type for every import; with `rnd`, some of them wrong or missing (the linker's cases)."""
    imports: dict[str, dict] = {}
    others = [(imp.kind, imp.desc) for imp in module.imports]
    for imp in module.imports:
        kind, desc = imp.kind, imp.desc
        if rnd is not None and rnd.random() < 0.3:
            damage = rnd.randrange(3)
            if damage == 0:
                continue  # missing: "unknown import"
            if damage == 1 and others:
                kind, desc = rnd.choice(others)  # another import's kind and type
            else:  # a function of an unrelated type, whatever was asked
                kind = ExternKind.FUNC
                desc = module.types[rnd.randrange(len(module.types))] if module.types else None
                if desc is None:
                    continue
        try:
            value = _stub(module, kind, desc)
        except ExhaustionError:
            continue  # an imported memory or table bigger than the cap: left out, the linker says so
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


def _show(value) -> str:
    """A raw value as outcomes record it: references by kind only (two engines' objects are not equal)."""
    return repr(value) if value is None or isinstance(value, int) else type(value).__name__


# What running a valid program may end in: a trap, a limit, or a 3.0 exception nobody caught.
RUN_ENDINGS = (Trap, ExhaustionError, UncaughtException)


def check_run(module, rnd: random.Random, seconds: float = 10.0, calls: int = 3, engine: str = "step") -> list[str]:
    """Instantiate a validated module on `engine` and call its exported functions with random arguments.

    Allows LinkError, RUN_ENDINGS and an engine's refusal of a 3.0 proposal; returns what each call did
    (its results or its error), for the record and for comparing engines.
    """
    outcomes = []
    executor = new_executor(engine, ExecSettings(max_call_depth=MAX_CALL_DEPTH, fuel=FUEL))
    store = Store(executor=executor, memory_settings=MEMORY_CAP)
    with deadline(seconds):
        try:
            inst = instantiate(module, stub_imports(module), store=store)
        except (LinkError, *RUN_ENDINGS) as exc:
            return [f"instantiate: {exc.kind}: {exc.message}"]
        except EngineFeatureError as exc:
            return [f"unsupported: {exc}"]
        funcs = [e.name for e in module.exports if e.kind is ExternKind.FUNC]
        for name in funcs:
            func = inst.extern_exports[name]
            for _ in range(calls):
                args = [random_arg(t, rnd) for t in func.type.params]
                try:
                    results = executor.invoke(func, args)
                    shown = ", ".join(_show(v) for v in (results or ()))
                    outcomes.append(f"{name}: ok [{shown}]")
                except RUN_ENDINGS as exc:
                    outcomes.append(f"{name}: {exc.kind}: {exc.message}")
    return outcomes


def check_engines(module, seed: int) -> list[str]:
    """Run `module` on every engine with the same arguments; they must do the same until one hits a limit."""
    runs = {engine: check_run(module, random.Random(seed), engine=engine) for engine in ENGINES}
    first, *rest = ENGINES
    for engine in rest:
        for a, b in zip(runs[first], runs[engine]):
            if "limit:" in a or "limit:" in b or b.startswith("unsupported:"):  # fuel counted elsewhere; a refusal
                break
            if a != b:
                raise AssertionError(f"engines differ: {first} {a!r}, {engine} {b!r}")
    return runs[first]


def check_link(module, rnd: random.Random, seconds: float = 5.0) -> str:
    """Instantiate with some imports missing or of the wrong kind or type: linked, or a LinkError/Trap."""
    store = Store(executor=new_executor("step", ExecSettings(max_call_depth=MAX_CALL_DEPTH, fuel=FUEL)),
                  memory_settings=MEMORY_CAP)
    with deadline(seconds):
        try:
            instantiate(module, stub_imports(module, rnd), store=store)
            return "linked"
        except LinkError:
            return "unlinkable"
        except RUN_ENDINGS:
            return "linked, start or segments failed"


def inline_block_types(module) -> None:
    """Write `block (type N)` inline where type N is [] -> [t?], as our text parser (and wabt's) encodes it."""
    for func in module.funcs:
        body = []
        for instr in func.body:
            if instr.op.imm == "blocktype" and isinstance(instr.imm[0], int) and instr.imm[0] < len(module.types):
                functype = module.types[instr.imm[0]]
                if not functype.params and len(functype.results) <= 1:
                    inline = functype.results[0] if functype.results else None
                    instr = replace(instr, imm=(inline,) + instr.imm[1:])
            body.append(instr)
        func.body = body


def check_printers(module, data: bytes | None = None, seconds: float = 10.0) -> bool:
    """`wasm2wat` and `objdump` of a decoded module: the text parses back to the same module; objdump only reports.

    "The same": equal bytes, less custom sections and the data count (which
    WAT cannot say) and with block types written inline where they can be.
    `data` is the binary the module came from (objdump reads its sections), or
    None to print our own encoding. False when a function body is malformed
    (bodies are decoded on first use): the decoder's finding, not the printers'.
    """
    with deadline(seconds):
        try:
            encoded = encode_module(module)  # decodes every body
        except MalformedError as exc:
            if exc.offset is None:
                raise AssertionError(f"MalformedError without an offset: {exc}") from exc
            return False
        data = encoded if data is None else data
        for flags in ({"headers": True}, {"details": True}, {"disassemble": True}, {"contents": True}):
            try:
                objdump(data, "fuzz.wasm", **flags)
            except MalformedError:
                raise AssertionError(f"objdump {flags} rejects a binary that decodes") from None
        text = print_module(module).text
        try:
            again = parse_module(text)
        except ParseError as exc:
            raise AssertionError(f"wasm2wat wrote text its own parser rejects: {exc}\n{text[:2000]}") from None
        normal = decode_module(encoded)
        inline_block_types(normal)
        if without_custom_sections(encode_module(again)) != without_custom_sections(encode_module(normal)):
            raise AssertionError(f"wasm2wat text does not reassemble to the same bytes:\n{text[:2000]}")
    return True


def check_binary(data: bytes, rnd: random.Random) -> str:
    """Decode, validate and (when valid) run one binary; the furthest stage reached."""
    module = check_decode(data)
    if module is None:
        return "malformed"
    if not check_printers(module, data):
        return "malformed"
    if not check_validate(module):
        return "invalid"
    if module.imports and rnd.random() < 0.3:
        return check_link(module, rnd)
    check_engines(module, rnd.randrange(1 << 30))
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
    """Parse WAT text, then validate, print, encode, decode and run (on every engine) what parses."""
    module = check_parse_module(text)
    if module is None:
        return "parse error"
    if not check_validate(module):
        return "invalid"
    check_printers(module)
    with deadline(5.0):
        data = encode_module(module)
    if check_decode(data) is None:
        raise AssertionError("a module we encoded does not decode")
    check_engines(module, rnd.randrange(1 << 30))
    return "ran"


# --- debug --replay of damaged session files ---------------------------------------------------

REPLAY_PROGRAM = """(module
  (memory (export "memory") 1)
  (global $g (mut i32) (i32.const 0))
  (func $fib (export "fib") (param $n i32) (result i32)
    (global.set $g (i32.add (global.get $g) (i32.const 1)))
    (i32.store (i32.mul (local.get $n) (i32.const 4)) (local.get $n))
    (if (result i32) (i32.lt_u (local.get $n) (i32.const 2))
      (then (local.get $n))
      (else (i32.add (call $fib (i32.sub (local.get $n) (i32.const 1)))
                     (call $fib (i32.sub (local.get $n) (i32.const 2))))))))
"""


def session_file_text() -> str:
    """A real session file: fib(6) paused mid-run, with a breakpoint, a watchpoint and an edited local."""
    from playground.debug.breakpoints import at_line
    from playground.debug.session import DebugSession
    from playground.debug.watchpoints import watch_memory

    session = DebugSession.from_text(REPLAY_PROGRAM, file="fib.wat")
    session.start("fib", [6])
    session.add_breakpoint(at_line(9))
    session.add_watchpoint(watch_memory(8, 4))
    motions = [session.continue_] * 2 + [lambda: session.set_local("$n", 3)] + [session.step_into] * 5
    for motion in motions:
        motion()
    return json.dumps(session.export(), indent=1)


def mutate_session(text: str, rnd: random.Random) -> str:
    """A damaged session file: JSON-aware edits (drop, retype, renumber a field) or text edits of the file."""
    if rnd.random() < 0.3:
        return mutate_text(text, rnd)
    data = json.loads(text)
    for _ in range(rnd.choice((1, 1, 2, 3))):
        path, node = [], data
        while isinstance(node, (dict, list)) and node and rnd.random() < 0.75:
            key = rnd.choice(list(node)) if isinstance(node, dict) else rnd.randrange(len(node))
            path.append((node, key))
            node = node[key]
        if not path:
            continue
        parent, key = path[-1]
        kind = rnd.randrange(4)
        if kind == 0 and isinstance(parent, dict):
            del parent[key]
        elif kind == 0:
            parent.pop(key)
        elif kind == 1:
            parent[key] = rnd.choice((None, True, -1, 0, 2**64, 1e308, "", "x", [], {}, [0] * 3, {"kind": "i32"}))
        elif kind == 2 and isinstance(node, int) and not isinstance(node, bool):
            parent[key] = node + rnd.choice((-1, 1, 1000, -(2**40), 2**40))
        elif isinstance(node, (dict, list)):  # nested one level deeper
            parent[key] = [json.loads(json.dumps(node))]
        else:  # the right value, the wrong type
            parent[key] = str(node)
    return json.dumps(data)


def check_replay(text: str, directory: Path, seconds: float = 10.0) -> str:
    """`debug --replay` of one session file's text: replayed, or one PlaygroundError (the CLI's one line)."""
    from playground.debug.replay import load_session
    from playground.errors import PlaygroundError
    from playground.wasm.limits import Limits

    path = directory / "session.json"
    path.write_text(text, encoding="utf-8", errors="surrogatepass")
    with deadline(seconds):
        try:
            load_session(path, limits=Limits(fuel=FUEL, max_call_depth=MAX_CALL_DEPTH, timeout=seconds / 2,
                                              max_memory_pages=MEMORY_CAP.max_pages))
            return "replayed"
        except PlaygroundError as exc:
            if not str(exc).startswith(str(path)):
                raise AssertionError(f"a replay error that does not name the file: {exc}") from exc
            return "rejected"
