"""A small, safe expression language over the paused program's state.

Used by conditional breakpoints (`$i >= 10 && top == 0`) and by "go to
address" (`$ptr + 16`). It is parsed once into a tree and evaluated by a tiny
interpreter: user text never reaches Python's `eval`.

Grammar (C-like precedence, lowest first):
    expr    := or
    or      := and ('||' and)*
    and     := cmp ('&&' cmp)*
    cmp     := bitor (('==' | '!=' | '<' | '<=' | '>' | '>=') bitor)?
    bitor   := bitand (('|' | '^') bitand)*
    bitand  := shift ('&' shift)*
    shift   := sum (('<<' | '>>') sum)*
    sum     := term (('+' | '-') term)*
    term    := unary (('*' | '/' | '%') unary)*
    unary   := ('-' | '!' | '~') unary | atom
    atom    := NUMBER | 'inf' | 'nan' | '$'NAME | 'local' '[' N ']' | 'global' '[' N ']'
             | 'top' | 'stack' '[' N ']' | '(' expr ')'
Numbers are decimal, hex (`0x1f`) or floats as WAT writes them (`1.5`, `2e3`,
`0x1p3`, `inf`, `nan`). `$name` is a local of the
current frame, or else a global. Names here use letters, digits, `_` and `.`
only, so `$ptr+16` means `$ptr + 16`; a WAT name with other characters is
reached by index (`local[2]`). `top` is the top of the operand stack and
`stack[1]` the value below it. Integer values are read as signed.
"""

from __future__ import annotations

import operator
import re
from dataclasses import dataclass
from typing import Callable, Protocol

from playground.errors import PlaygroundError
from playground.wasm.types import ValType
from playground.wasm.values import ValueTextError, f64_from_bits, parse_value


class ExpressionError(PlaygroundError):
    """A syntax error, or a name that the current state does not have; `column` is 1-based."""

    def __init__(self, message: str, column: int | None = None):
        self.column = column
        super().__init__(f"column {column}: {message}" if column else message)


class EvaluationContext(Protocol):
    """What an expression can read. The debugger implements it over a paused state."""

    def local(self, key: int | str) -> int | float: ...

    def global_(self, key: int | str) -> int | float: ...

    def stack(self, depth: int) -> int | float: ...


_TOKEN = re.compile(
    r"\s*(?:(?P<num>0x[0-9a-fA-F_]+(?:\.[0-9a-fA-F_]*)?[pP][-+]?\d+|0[xX][0-9a-fA-F_]+"
    r"|\d[\d_]*\.\d*(?:[eE][-+]?\d+)?|\d[\d_]*(?:[eE][-+]?\d+)?)"
    r"|(?P<id>\$[A-Za-z0-9_.]+)"
    r"|(?P<word>[A-Za-z_]+)"
    r"|(?P<op>\|\||&&|==|!=|<=|>=|<<|>>|[-+*/%<>!~&|^()\[\]]))"
)

_BINARY = {
    "||": None,  # short-circuit, handled in _evaluate
    "&&": None,
    "==": operator.eq,
    "!=": operator.ne,
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "|": operator.or_,
    "^": operator.xor,
    "&": operator.and_,
    "<<": operator.lshift,
    ">>": operator.rshift,
    "+": operator.add,
    "-": operator.sub,
    "*": operator.mul,
    "/": None,  # integer or float division, handled in _divide
    "%": None,
}
_LEVELS = [("||",), ("&&",), ("==", "!=", "<", "<=", ">", ">="), ("|", "^"), ("&",), ("<<", ">>"), ("+", "-"), ("*", "/", "%")]


@dataclass(frozen=True)
class _Token:
    kind: str
    text: str
    column: int


def _tokenize(text: str) -> list[_Token]:
    tokens, position = [], 0
    while position < len(text):
        if text[position:].strip() == "":
            break
        match = _TOKEN.match(text, position)
        if not match or match.end() == position:
            column = position + len(text[position:]) - len(text[position:].lstrip()) + 1
            raise ExpressionError(f"unexpected character {text[column - 1]!r}", column)
        kind = match.lastgroup
        tokens.append(_Token(kind, match.group(kind), match.start(kind) + 1))
        position = match.end()
    tokens.append(_Token("end", "", len(text) + 1))
    return tokens


class _Parser:
    def __init__(self, text: str):
        self.tokens = _tokenize(text)
        self.index = 0

    def peek(self) -> _Token:
        return self.tokens[self.index]

    def take(self) -> _Token:
        token = self.tokens[self.index]
        self.index += 1
        return token

    def expect(self, text: str) -> None:
        token = self.take()
        if token.text != text:
            raise ExpressionError(f"expected {text!r}, found {token.text or 'the end'!r}", token.column)

    def parse(self):
        tree = self.level(0)
        token = self.peek()
        if token.kind != "end":
            raise ExpressionError(f"unexpected {token.text!r}", token.column)
        return tree

    def level(self, depth: int):
        if depth == len(_LEVELS):
            return self.unary()
        left = self.level(depth + 1)
        while self.peek().kind == "op" and self.peek().text in _LEVELS[depth]:
            op = self.take().text
            left = ("binary", op, left, self.level(depth + 1))
            if depth == 2:  # comparisons do not chain
                break
        return left

    def unary(self):
        token = self.peek()
        if token.kind == "op" and token.text in ("-", "!", "~"):
            self.take()
            return ("unary", token.text, self.unary())
        return self.atom()

    def index_suffix(self) -> int:
        self.expect("[")
        token = self.take()
        if token.kind != "num" or not token.text.isdigit():
            raise ExpressionError("expected an index", token.column)
        self.expect("]")
        return int(token.text)

    def atom(self):
        token = self.take()
        if token.kind == "num":
            return ("const", _number(token))
        if token.kind == "id":
            return ("name", token.text[1:], token.column)
        if token.kind == "word":
            if token.text in ("inf", "nan"):
                return ("const", _float(token))
            if token.text == "top":
                return ("stack", 0, token.column)
            if token.text == "stack":
                return ("stack", self.index_suffix(), token.column)
            if token.text == "local":
                return ("local", self.index_suffix(), token.column)
            if token.text == "global":
                return ("global", self.index_suffix(), token.column)
            raise ExpressionError(f"unknown word {token.text!r} (use $name, local[N], global[N], top or stack[N])", token.column)
        if token.text == "(":
            tree = self.level(0)
            self.expect(")")
            return tree
        raise ExpressionError(f"unexpected {token.text or 'end of expression'!r}", token.column)


def _number(token: _Token) -> int | float:
    text = token.text.replace("_", "")
    is_hex = text.lower().startswith("0x")
    if any(c in text for c in ("pP" if is_hex else ".eE")):
        return _float(token)  # a float as WAT reads it, hex floats included
    return int(text, 16) if is_hex else int(text)


def _float(token: _Token) -> float:
    """A float constant (`1.5`, `0x1p3`, `inf`, `nan`) as the value vocabulary reads an f64."""
    try:
        return f64_from_bits(parse_value(token.text, ValType.F64))
    except ValueTextError as exc:
        raise ExpressionError(str(exc), token.column) from None


def _divide(op: str, left, right):
    if right == 0:
        raise ExpressionError("division by zero")
    if isinstance(left, float) or isinstance(right, float):
        return left / right if op == "/" else left % right
    quotient = abs(left) // abs(right) * (1 if (left >= 0) == (right >= 0) else -1)  # truncate, as Wasm does
    return quotient if op == "/" else left - quotient * right


def _evaluate(tree, context: EvaluationContext):
    kind = tree[0]
    if kind == "const":
        return tree[1]
    if kind == "name":
        name, column = tree[1], tree[2]
        for reader in (context.local, context.global_):
            try:
                return reader(name)
            except KeyError:
                continue
        raise ExpressionError(f"no local or global named ${name}", column)
    if kind in ("local", "global", "stack"):
        reader = {"local": context.local, "global": context.global_, "stack": context.stack}[kind]
        try:
            return reader(tree[1])
        except (KeyError, IndexError):
            what = "stack value" if kind == "stack" else kind
            raise ExpressionError(f"no {what} {tree[1]}", tree[2]) from None
    if kind == "unary":
        value = _evaluate(tree[2], context)
        return {"-": operator.neg, "!": lambda v: int(not v), "~": operator.invert}[tree[1]](value)
    op, left_tree, right_tree = tree[1], tree[2], tree[3]
    left = _evaluate(left_tree, context)
    if op == "||":
        return 1 if left else int(bool(_evaluate(right_tree, context)))
    if op == "&&":
        return int(bool(_evaluate(right_tree, context))) if left else 0
    right = _evaluate(right_tree, context)
    if op in ("/", "%"):
        return _divide(op, left, right)
    if op in ("&", "|", "^", "<<", ">>") and (isinstance(left, float) or isinstance(right, float)):
        raise ExpressionError(f"{op!r} needs integers")
    result = _BINARY[op](left, right)
    return int(result) if isinstance(result, bool) else result


@dataclass(frozen=True)
class Expression:
    """A parsed expression; `evaluate(context)` reads the state through `context`."""

    text: str
    tree: tuple

    def evaluate(self, context: EvaluationContext) -> int | float:
        return _evaluate(self.tree, context)

    def is_true(self, context: EvaluationContext) -> bool:
        return bool(self.evaluate(context))


def parse_expression(text: str) -> Expression:
    """Parse `text` once; raises ExpressionError with the column of the problem."""
    if not text.strip():
        raise ExpressionError("empty expression")
    return Expression(text, _Parser(text).parse())


@dataclass
class DictContext:
    """An EvaluationContext over plain dicts and a list (top of stack last): for tests and simple callers."""

    locals: dict
    globals: dict
    operand_stack: list

    def local(self, key):
        return self.locals[key]

    def global_(self, key):
        return self.globals[key]

    def stack(self, depth: int):
        if depth >= len(self.operand_stack):
            raise IndexError(depth)
        return self.operand_stack[-1 - depth]


Evaluator = Callable[[EvaluationContext], int | float]
