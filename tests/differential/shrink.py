"""Make a failing generated program small: delete and simplify S-expressions while the failure stays.

`shrink(text, calls, fails)` is greedy delta debugging over the WAT tree:
drop calls, drop whole statements of function bodies, replace an
expression by one of its operands or by a zero constant, and keep any
change after which `fails(text, calls)` is still true (a change that makes
the module invalid fails the predicate, so it is simply not kept). It
stops when no single change helps or the time budget runs out.
"""

from __future__ import annotations

import re
import time
from typing import Callable

_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|\(;.*?;\)|;;[^\n]*|[()]|[^\s()"]+', re.S)
ZEROS = ("(i32.const 0)", "(i64.const 0)", "(f32.const 0)", "(f64.const 0)", "(v128.const i64x2 0 0)", "(nop)")


def parse(text: str) -> list:
    """WAT text as nested lists of tokens (comments dropped)."""
    stack: list[list] = [[]]
    for token in _TOKEN.findall(text):
        if token.startswith(("(;", ";;")):
            continue
        if token == "(":
            stack.append([])
        elif token == ")":
            node = stack.pop()
            stack[-1].append(node)
        else:
            stack[-1].append(token)
    return stack[0]


def unparse(node) -> str:
    if isinstance(node, str):
        return node
    return "(" + " ".join(unparse(child) for child in node) + ")"


def _paths(node, path=()):
    """Paths (index tuples) of every list node inside function bodies, outermost first."""
    for i, child in enumerate(node):
        if isinstance(child, list):
            yield path + (i,)
            yield from _paths(child, path + (i,))


def _get(tree, path):
    for i in path:
        tree = tree[i]
    return tree


def _variants(tree, path):
    """Smaller trees: the node at `path` deleted, replaced by one of its operands, or by a zero."""
    parent, index = _get(tree, path[:-1]), path[-1]
    node = parent[index]
    if not node or node[0] in ("module", "type", "param", "result", "local", "memory", "table", "global",
                               "export", "import", "elem", "data", "then", "else"):
        return
    replacements = [None] + [c for c in node if isinstance(c, list)] + [parse(z)[0] for z in ZEROS]
    for new in replacements:
        copy = _deep(tree)
        target = _get(copy, path[:-1])
        if new is None:
            del target[index]
        else:
            target[index] = _deep(new)
        yield copy


def _deep(node):
    return [_deep(c) for c in node] if isinstance(node, list) else node


def shrink(text: str, calls: list, fails: Callable[[str, list], bool], seconds: float = 60.0) -> tuple[str, list]:
    """The smallest (text, calls) found that still `fails`; the input itself when nothing smaller does."""
    end = time.monotonic() + seconds
    for i in reversed(range(len(calls))):
        if len(calls) > 1 and fails(text, calls[:i] + calls[i + 1:]):
            calls = calls[:i] + calls[i + 1:]
    tree = parse(text)
    progress = True
    while progress and time.monotonic() < end:
        progress = False
        for path in list(_paths(tree)):
            if time.monotonic() >= end:
                break
            try:
                if not isinstance(_get(tree, path), list):
                    continue  # an earlier change moved things
            except (IndexError, TypeError):
                continue  # an earlier change removed it
            for candidate in _variants(tree, path):
                candidate_text = " ".join(unparse(n) for n in candidate)
                if len(candidate_text) < len(" ".join(unparse(n) for n in tree)) and fails(candidate_text, calls):
                    tree, progress = candidate, True
                    break
    return " ".join(unparse(n) for n in tree), calls
