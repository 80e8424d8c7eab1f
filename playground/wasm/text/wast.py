"""WAST scripts (the spec test format, spec interpreter/README): commands and result patterns.

`parse_wast(text)` returns a list of commands, each a small dataclass with
its `line` (and `span`) for reporting:

  ModuleCommand       `(module $id? ...)`: `kind` "text" (parsed now: `module`),
                      "binary" (`binary`: the bytes) or "quote" (`quote`: the text,
                      parsed by the runner so that a malformed module is an
                      assertion's result, not a failure of the script)
  Register            `(register "name" $id?)`
  Invoke, Get         actions; also commands on their own
  AssertReturn        an action and the `Result` patterns its results must match
  AssertTrap          an action or a module (then it traps while instantiating)
  AssertExhaustion    an action
  AssertMalformed, AssertInvalid, AssertUnlinkable, AssertUninstantiable
                      a ModuleCommand and the expected message

Values (action arguments, `Const` patterns) use the representation of
`Instr.imm` (instructions.py): i32/i64 as SIGNED ints (the runner converts
as it needs), f32/f64 as raw bit patterns, v128 as a 128-bit unsigned int
with lane 0 in the low bits; `RefNull(type)`, `RefExtern(n)` for references.

Result patterns (what `AssertReturn.expected` holds):

  Const(type, value)          equal bit for bit (floats compare as bits)
  NanPattern(type, kind)      f32/f64 NaN; kind "canonical" (payload exactly
                              the canonical one, either sign) or "arithmetic"
                              (top payload bit set, either sign)
  V128Pattern(shape, lanes)   a v128 compared lane by lane; `lanes` holds ints
                              (lane bits, unsigned) or NanPatterns; used only when
                              some lane is a NaN pattern (else a plain Const)
  RefNull(type)               a null: `type` the ValType of funcref or externref, the
                              heap type's name for a 3.0 one ("any", "none", "exn", "$t"),
                              or None for a bare `(ref.null)`; any null matches
  RefExtern(value)            the host reference `ref.extern N` (None: any non-null extern)
  RefFunc(index)              any non-null function reference (index None) or that one
  RefHost(value)              `ref.host N`: a host reference in an `anyref` position (3.0)
  RefKind(kind)               any non-null reference of a kind: "i31", "struct", "array",
                              "eq" (i31, struct or array), "any" (every internal reference)
  Either(options)             `(either r1 r2 ...)`: any one of the patterns (relaxed SIMD)

3.0 script forms: `(module definition $id? ...)` validates a module and keeps
it (`ModuleCommand.definition`) without instantiating; `(module instance $id
$def?)` instantiates a kept one (`ModuleInstance`); `(assert_exception
action)` expects an uncaught WebAssembly exception (`AssertException`).
"""

from __future__ import annotations

import gc
from dataclasses import dataclass, field
from typing import Union

from playground.wasm.errors import ParseError, SourceSpan
from playground.wasm.model import Module
from playground.wasm.text.cursor import Cursor
from playground.wasm.text.floats import F32, F64, LiteralError, parse_float
from playground.wasm.text.lexer import ID, KEYWORD, LPAR, NUM, STRING, TokenStream, tokenize
from playground.wasm.text.literals import parse_int
from playground.wasm.text.parse_instr import SHAPES
from playground.wasm.text.parse_module import parse_fields_tokens, parse_module_tokens
from playground.wasm.types import ValType

# --- values and patterns ---------------------------------------------------------------


@dataclass(frozen=True)
class Const:
    """A value of a number or vector type (representation as in `Instr.imm`)."""

    type: ValType
    value: int


@dataclass(frozen=True)
class NanPattern:
    """`nan:canonical` or `nan:arithmetic` of f32 or f64 (spec 4.3.3)."""

    type: ValType
    kind: str  # "canonical" | "arithmetic"


@dataclass(frozen=True)
class V128Pattern:
    """A v128 result checked lane by lane; lanes are ints (unsigned lane bits) or NanPatterns."""

    shape: str  # "f32x4" or "f64x2" (or an integer shape)
    lanes: tuple


@dataclass(frozen=True)
class RefNull:
    type: ValType  # FUNCREF or EXTERNREF


@dataclass(frozen=True)
class RefExtern:
    value: int | None  # None in a pattern: any non-null extern reference


@dataclass(frozen=True)
class RefFunc:
    index: int | None = None  # None: any non-null function reference


@dataclass(frozen=True)
class RefHost:
    value: int


@dataclass(frozen=True)
class RefKind:
    kind: str  # "i31" | "struct" | "array" | "eq" | "any"


@dataclass(frozen=True)
class Either:
    options: tuple


Value = Union[Const, RefNull, RefExtern, RefHost]
Result = Union[Const, NanPattern, V128Pattern, RefNull, RefExtern, RefFunc, RefHost, RefKind, Either]

# --- commands --------------------------------------------------------------------------------


@dataclass
class ModuleCommand:
    line: int
    kind: str  # "text" | "binary" | "quote"
    name: str | None = None  # `$id`
    module: Module | None = None  # kind "text"
    binary: bytes | None = None  # kind "binary"
    quote: str | None = None  # kind "quote": the module text, parsed by the runner
    text: str | None = None  # kind "text": the module's own source text
    definition: bool = False  # `(module definition ...)`: validated and kept, not instantiated
    span: SourceSpan | None = field(default=None, repr=False, compare=False)


@dataclass
class ModuleInstance:
    """`(module instance $id? $definition?)`: instantiate a module kept by `(module definition ...)`."""

    line: int
    name: str | None
    definition: str | None  # None: the last definition
    span: SourceSpan | None = field(default=None, repr=False, compare=False)


@dataclass
class Register:
    line: int
    as_name: str
    module: str | None = None
    span: SourceSpan | None = field(default=None, repr=False, compare=False)


@dataclass
class Invoke:
    line: int
    module: str | None
    name: str
    args: list
    span: SourceSpan | None = field(default=None, repr=False, compare=False)


@dataclass
class Get:
    line: int
    module: str | None
    name: str
    span: SourceSpan | None = field(default=None, repr=False, compare=False)


Action = Union[Invoke, Get]


@dataclass
class AssertReturn:
    line: int
    action: Action
    expected: list
    span: SourceSpan | None = field(default=None, repr=False, compare=False)


@dataclass
class AssertTrap:
    """A trap from an action, or (when `module` is set) while instantiating a module."""

    line: int
    action: Action | None
    message: str
    module: ModuleCommand | None = None
    span: SourceSpan | None = field(default=None, repr=False, compare=False)


@dataclass
class AssertExhaustion:
    line: int
    action: Action
    message: str
    span: SourceSpan | None = field(default=None, repr=False, compare=False)


@dataclass
class AssertException:
    """An action that ends in an uncaught WebAssembly exception (3.0)."""

    line: int
    action: Action
    span: SourceSpan | None = field(default=None, repr=False, compare=False)


@dataclass
class AssertModule:
    """The shared shape of the assertions about a module."""

    line: int
    module: ModuleCommand
    message: str
    span: SourceSpan | None = field(default=None, repr=False, compare=False)


class AssertMalformed(AssertModule):
    pass


class AssertInvalid(AssertModule):
    pass


class AssertUnlinkable(AssertModule):
    pass


class AssertUninstantiable(AssertModule):
    pass


@dataclass
class Unparsed:
    """A command the parser could not read (only with `parse_wast(..., recover=True)`).

    The runner reports it as one failed command and goes on with the next, so
    one construct the parser does not know costs one result, not the script.
    """

    line: int
    message: str
    module: bool = False  # it was a module command: the runner forgets the current module
    name: str | None = None  # the module's `$id`, when it had one
    span: SourceSpan | None = field(default=None, repr=False, compare=False)


Command = Union[ModuleCommand, Register, Invoke, Get, AssertReturn, AssertTrap, AssertExhaustion, AssertModule]

_MODULE_ASSERTIONS = {
    "assert_malformed": AssertMalformed,
    "assert_invalid": AssertInvalid,
    "assert_unlinkable": AssertUnlinkable,
    "assert_uninstantiable": AssertUninstantiable,
}
_FIELDS = frozenset("type import func table memory global export start elem data".split())
_REF_KINDS = frozenset(("ref.i31", "ref.struct", "ref.array", "ref.eq", "ref.any"))
_HEAP_TYPES_3 = frozenset("any eq i31 struct array none nofunc noextern exn noexn".split())
_NUM_TYPES = {"i32.const": ValType.I32, "i64.const": ValType.I64, "f32.const": ValType.F32, "f64.const": ValType.F64}


class _WastParser(Cursor):
    recover = False

    def script(self) -> list:
        commands = []
        n = len(self.kinds)
        if n >= 2 and self.kinds[1] == KEYWORD and self.texts[1] in _FIELDS:
            # a script that is one module written as bare fields (spec interpreter: inline module)
            module = parse_fields_tokens(self.ts)
            return [ModuleCommand(1, "text", module=module, text=self.ts.source, span=self.ts.span(0, n - 1))]
        while self.pos < n:
            commands.append(self.recovering_command() if self.recover else self.command())
        return commands

    def recovering_command(self):
        """One command, or an `Unparsed` for it when it does not parse (the parser skips to its `)`)."""
        at, line = self.pos, self.line()
        try:
            return self.command()
        except ParseError as exc:
            close = self.ts.match.get(at)
            if close is None:  # not a parenthesised command: nothing to skip to
                raise
            self.pos = close + 1
            is_module = self.texts[at + 1] == "module"
            name = self.texts[at + 2] if is_module and self.kinds[at + 2] == ID else None
            return Unparsed(line, exc.message, is_module, name, self.ts.span(at, close))

    def line(self) -> int:
        return self.ts.line_col(self.ts.starts[self.pos])[0]

    def command(self):
        if self.kind() != LPAR or self.kind(1) != KEYWORD:
            self.unexpected()
        keyword = self.texts[self.pos + 1]
        if keyword == "module":
            if self.kind(2) == KEYWORD and self.texts[self.pos + 2] == "instance":
                return self.module_instance()
            return self.module_command()
        if keyword in ("invoke", "get"):
            return self.action()
        if keyword == "register":
            at, line = self.pos, self.line()
            self.pos += 2
            as_name = self.name()
            module = self.opt_id()
            self.expect_rpar()
            return Register(line, as_name, module, self.ts.span(at, self.pos - 1))
        if keyword == "assert_return":
            at, line = self.pos, self.line()
            self.pos += 2
            action = self.action()
            expected = []
            while self.kind() == LPAR:
                expected.append(self.result())
            self.expect_rpar()
            return AssertReturn(line, action, expected, self.ts.span(at, self.pos - 1))
        if keyword == "assert_exception":
            at, line = self.pos, self.line()
            self.pos += 2
            return AssertException(line, self.action(), self.closed_span(at))
        if keyword in ("assert_trap", "assert_exhaustion"):
            at, line = self.pos, self.line()
            self.pos += 2
            if self.at_field("module"):
                module = self.module_command()
                message = self.message()
                self.expect_rpar()
                return AssertTrap(line, None, message, module, self.ts.span(at, self.pos - 1))
            action = self.action()
            message = self.message()
            self.expect_rpar()
            cls = AssertTrap if keyword == "assert_trap" else AssertExhaustion
            return cls(line, action, message, span=self.ts.span(at, self.pos - 1))
        cls = _MODULE_ASSERTIONS.get(keyword)
        if cls is not None:
            at, line = self.pos, self.line()
            self.pos += 2
            module = self.module_command()
            message = self.message()
            self.expect_rpar()
            return cls(line, module, message, self.ts.span(at, self.pos - 1))
        self.fail(f"unknown command {keyword}", self.pos + 1)

    def message(self) -> str:
        return self.string().decode("utf-8", "replace")

    def closed_span(self, at: int) -> SourceSpan:
        """Read the `)` that closes the form opened at token `at`; the form's span."""
        self.expect_rpar()
        return self.ts.span(at, self.pos - 1)

    def module_instance(self) -> ModuleInstance:
        at, line = self.pos, self.line()
        self.pos += 3  # `(`, `module`, `instance`
        name, definition = self.opt_id(), self.opt_id()
        return ModuleInstance(line, name, definition, self.closed_span(at))

    def module_command(self) -> ModuleCommand:
        at, line = self.pos, self.line()
        close = self.ts.match.get(at)
        if not self.at_field("module"):
            self.unexpected()
        definition = self.kinds[at + 2] == KEYWORD and self.texts[at + 2] == "definition"
        first = at + 3 if definition else at + 2  # where `$id` may stand
        name = self.texts[first] if self.kinds[first] == ID else None
        after_name = first + 1 if name else first
        mode = self.texts[after_name] if self.kinds[after_name] == KEYWORD else None
        span = self.ts.span(at, close)
        if mode in ("binary", "quote"):
            self.pos = after_name + 1
            parts = []
            while self.kind() == STRING:
                parts.append(self.string())
            self.expect_rpar()
            data = b"".join(parts)
            if mode == "binary":
                return ModuleCommand(line, "binary", name, binary=data, definition=definition, span=span)
            quote = data.decode("utf-8", "surrogateescape")
            return ModuleCommand(line, "quote", name, quote=quote, definition=definition, span=span)
        module, self.pos = parse_module_tokens(self.ts, at, skip=1 if definition else 0)
        text = self.ts.source[self.ts.starts[at] : self.ts.ends[close]]
        return ModuleCommand(line, "text", name, module=module, text=text, definition=definition, span=span)

    def action(self):
        at, line = self.pos, self.line()
        if self.at_field("invoke"):
            self.pos += 2
            module = self.opt_id()
            name = self.name()
            args = []
            while self.kind() == LPAR:
                args.append(self.const_value())
            self.expect_rpar()
            return Invoke(line, module, name, args, self.ts.span(at, self.pos - 1))
        if self.at_field("get"):
            self.pos += 2
            module = self.opt_id()
            name = self.name()
            self.expect_rpar()
            return Get(line, module, name, self.ts.span(at, self.pos - 1))
        self.unexpected()

    # --- values ------------------------------------------------------------------------

    def const_value(self):
        result = self.result(patterns=False)
        return result

    def result(self, patterns: bool = True):
        """`(t.const v)`, `(ref.null t)`, `(ref.extern n)`, `(ref.host n)`; with `patterns` also
        NaN patterns, `(ref.func)`, `(ref.i31)` and the other kinds, and `(either ...)`."""
        self.expect_lpar()
        if self.kind() != KEYWORD:
            self.unexpected()
        head = self.texts[self.pos]
        self.pos += 1
        if head in _NUM_TYPES:
            valtype = _NUM_TYPES[head]
            value = self.scalar(valtype, patterns)
        elif head == "v128.const":
            value = self.vector(patterns)
        elif head == "ref.null":
            value = RefNull(self.null_type())
        elif head == "ref.extern":
            value = RefExtern(self.u32() if self.kind() == NUM else None)
        elif head == "ref.host":
            value = RefHost(self.u32())
        elif head == "ref.func" and patterns:
            value = RefFunc(self.u32() if self.kind() == NUM else None)
        elif head in _REF_KINDS and patterns:
            value = RefKind(head[4:])
        elif head == "either" and patterns:
            options = []
            while self.kind() == LPAR:
                options.append(self.result())
            value = Either(tuple(options))
        else:
            self.fail(f"unknown operator {head}", self.pos - 1)
        self.expect_rpar()
        return value

    def null_type(self):
        """The heap type of `ref.null`: a ValType for func/extern, else its name; None when absent."""
        if self.kind() == ID:
            self.pos += 1
            return self.texts[self.pos - 1]
        if self.kind() != KEYWORD:
            return None
        if self.texts[self.pos] in _HEAP_TYPES_3:
            self.pos += 1
            return self.texts[self.pos - 1]
        return self.heaptype()

    def scalar(self, valtype: ValType, patterns: bool):
        text = self.texts[self.pos] if self.kind() in (NUM, KEYWORD) else None
        if text is None:
            self.unexpected()
        if patterns and valtype in (ValType.F32, ValType.F64) and text in ("nan:canonical", "nan:arithmetic"):
            self.pos += 1
            return NanPattern(valtype, text[4:])
        try:
            if valtype is ValType.I32:
                value = parse_int(text, 32)
            elif valtype is ValType.I64:
                value = parse_int(text, 64)
            else:
                value = parse_float(text, F32 if valtype is ValType.F32 else F64)
        except LiteralError as exc:
            self.fail(str(exc))
        self.pos += 1
        return Const(valtype, value)

    def vector(self, patterns: bool):
        if self.kind() != KEYWORD or self.texts[self.pos] not in SHAPES:
            self.unexpected()
        shape = self.texts[self.pos]
        count, width, fmt = SHAPES[shape]
        self.pos += 1
        lanes = []
        lane_type = ValType.F32 if fmt is F32 else ValType.F64
        for _ in range(count):
            text = self.texts[self.pos] if self.kind() in (NUM, KEYWORD) else None
            if text is None:
                self.fail("wrong number of lane literals")
            if fmt is not None and patterns and text in ("nan:canonical", "nan:arithmetic"):
                lanes.append(NanPattern(lane_type, text[4:]))
                self.pos += 1
                continue
            try:
                lane = parse_float(text, fmt) if fmt is not None else parse_int(text, width)
            except LiteralError as exc:
                self.fail(str(exc))
            lanes.append(lane & ((1 << width) - 1))
            self.pos += 1
        if any(isinstance(lane, NanPattern) for lane in lanes):
            return V128Pattern(shape, tuple(lanes))
        value = 0
        for i, lane in enumerate(lanes):
            value |= lane << (i * width)
        return Const(ValType.V128, value)


def parse_wast(text: str, *, file: str | None = None, recover: bool = False) -> list:
    """Parse a WAST script into its commands; raises ParseError when the script is malformed.

    With `recover`, a command that does not parse becomes an `Unparsed` command
    instead (a script whose parentheses do not balance still raises).
    """
    enabled = gc.isenabled()
    gc.disable()  # many small acyclic objects: see parse.parse_module
    try:
        parser = _WastParser(tokenize(text, file=file))
        parser.recover = recover
        return parser.script()
    finally:
        if enabled:
            gc.enable()


def parse_wast_tokens(ts: TokenStream) -> list:
    """Like `parse_wast`, from a token stream already made."""
    return _WastParser(ts).script()


__all__ = [
    "parse_wast",
    "Const",
    "NanPattern",
    "V128Pattern",
    "RefNull",
    "RefExtern",
    "RefFunc",
    "RefHost",
    "RefKind",
    "Either",
    "ModuleCommand",
    "ModuleInstance",
    "AssertException",
    "Register",
    "Invoke",
    "Get",
    "AssertReturn",
    "AssertTrap",
    "AssertExhaustion",
    "AssertModule",
    "AssertMalformed",
    "AssertInvalid",
    "AssertUnlinkable",
    "AssertUninstantiable",
    "Unparsed",
]
