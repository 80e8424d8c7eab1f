"""The small part of C that `p` reads: names, members, elements, `*`, `&`, and integer arithmetic.

    p total          p pt.x          p pp->y          p arr[i + 1]
    p *ptr           p &pt           p ptr[1]         p -n
    i == 3           n >= 2          (conditions: b loop.c:12 if i == 3)

`parse_c(text)` gives a tree of tuples; `CEvaluator` (cview.py) walks it.
Anything else (casts, calls, assignments) is a `CExprError` naming what
was not understood, so the prompt can fall back to Wasm expressions.
"""

from __future__ import annotations

import re

from playground.errors import PlaygroundError


COMPARISONS = ("==", "!=", "<", "<=", ">", ">=")


class CExprError(PlaygroundError):
    """Text that is not an expression `p` understands."""


_TOKEN = re.compile(r"\s*(?:(?P<num>0[xX][0-9a-fA-F]+|\d+)|(?P<name>[A-Za-z_]\w*)|(?P<op>->|==|!=|<=|>=|[<>.\[\]*&()+\-]))")


def _tokens(text: str) -> list[tuple[str, str]]:
    out, pos = [], 0
    text = text.rstrip()
    while pos < len(text):
        match = _TOKEN.match(text, pos)
        if match is None:
            raise CExprError(f"cannot read {text[pos:].strip()!r} in a C expression")
        kind = match.lastgroup
        out.append((kind, match[kind]))
        pos = match.end()
    return out


def parse_c(text: str):
    """The expression tree: ("name", n) ("num", v) ("member", e, n) ("arrow", e, n) ("index", e, i)
    ("deref", e) ("addr", e) ("neg", e) ("add", a, b) ("sub", a, b) ("compare", op, a, b)."""
    tokens = _tokens(text)
    if not tokens:
        raise CExprError("an empty expression")
    parser = _Parser(tokens)
    tree = parser.comparison()
    if parser.pos != len(tokens):
        raise CExprError(f"unexpected {tokens[parser.pos][1]!r}")
    return tree


class _Parser:
    def __init__(self, tokens) -> None:
        self.tokens = tokens
        self.pos = 0

    def peek(self) -> str | None:
        return self.tokens[self.pos][1] if self.pos < len(self.tokens) else None

    def take(self, expected: str | None = None) -> tuple[str, str]:
        if self.pos >= len(self.tokens):
            raise CExprError("the expression ends too soon")
        token = self.tokens[self.pos]
        if expected is not None and token[1] != expected:
            raise CExprError(f"expected {expected!r}, found {token[1]!r}")
        self.pos += 1
        return token

    def comparison(self):
        tree = self.additive()
        if self.peek() in COMPARISONS:
            op = self.take()[1]
            tree = ("compare", op, tree, self.additive())
        return tree

    def additive(self):
        tree = self.unary()
        while self.peek() in ("+", "-"):
            op = self.take()[1]
            tree = ("add" if op == "+" else "sub", tree, self.unary())
        return tree

    def unary(self):
        op = self.peek()
        if op in ("*", "&", "-"):
            self.take()
            return ({"*": "deref", "&": "addr", "-": "neg"}[op], self.unary())
        return self.postfix()

    def postfix(self):
        tree = self.primary()
        while True:
            op = self.peek()
            if op in (".", "->"):
                self.take()
                kind, name = self.take()
                if kind != "name":
                    raise CExprError(f"a member name after {op!r}, found {name!r}")
                tree = ("member" if op == "." else "arrow", tree, name)
            elif op == "[":
                self.take()
                index = self.additive()
                self.take("]")
                tree = ("index", tree, index)
            else:
                return tree

    def primary(self):
        kind, text = self.take()
        if kind == "num":
            return ("num", int(text, 0))
        if kind == "name":
            return ("name", text)
        if text == "(":
            tree = self.additive()
            self.take(")")
            return tree
        raise CExprError(f"unexpected {text!r}")
