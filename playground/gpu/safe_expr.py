"""Evaluate a small numpy expression from the user without `eval`: `np.sin(i * 0.1) * 2`.

The text is parsed with `ast` and walked node by node; only these are allowed:
number literals, the names `n` (the buffer length), `i` (np.arange(n)), `pi`, `e`,
arithmetic (+ - * / // % **, unary -), tuples/lists of allowed values, and calls of
whitelisted numpy functions written as `sin(x)`, `np.sin(x)` or `numpy.sin(x)`.
No attribute access other than `np.<whitelisted>`, no keywords except a few
harmless ones, no comprehensions, no subscripts. Array-creating calls are bounded
so `zeros(10**12)` is refused instead of exhausting memory.
"""

from __future__ import annotations

import ast
import math
import operator
from typing import Any, Callable

import numpy as np

from playground.gpu.errors import BufferSpecError

MAX_ELEMENTS = 1 << 26  # 64 Mi elements (256 MiB of f32): more than any demo buffer needs

_FUNCTIONS: dict[str, Callable[..., Any]] = {
    name: getattr(np, name)
    for name in (
        "sin", "cos", "tan", "arcsin", "arccos", "arctan", "sinh", "cosh", "tanh", "exp", "log",
        "log2", "log10", "sqrt", "abs", "floor", "ceil", "round", "sign", "minimum", "maximum",
        "clip", "where", "mod", "arange", "linspace", "zeros", "ones", "full", "repeat", "tile",
        "concatenate", "flip", "cumsum", "sum", "float32", "int32", "uint32",
    )
}
_SIZED = {"arange", "linspace", "zeros", "ones", "full", "repeat", "tile"}  # may allocate a lot
_KEYWORDS = {"endpoint", "axis"}
_BINARY: dict[type, Callable[[Any, Any], Any]] = {
    ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul, ast.Div: operator.truediv,
    ast.FloorDiv: operator.floordiv, ast.Mod: operator.mod, ast.Pow: operator.pow,
}
_UNARY: dict[type, Callable[[Any], Any]] = {ast.USub: operator.neg, ast.UAdd: operator.pos}


def _size_of(value: Any) -> int:
    if isinstance(value, np.ndarray):
        return int(value.size)
    if isinstance(value, (int, float, np.number)):
        return abs(int(value)) if isinstance(value, (int, np.integer)) else abs(int(float(value)))
    if isinstance(value, (tuple, list)):
        return math.prod(_size_of(v) for v in value) if value else 0
    return 0


class _Evaluator:
    def __init__(self, text: str, names: dict[str, Any]):
        self.text = text
        self.names = names

    def fail(self, what: str) -> BufferSpecError:
        return BufferSpecError(f"expression {self.text!r}: {what}")

    def eval(self, node: ast.AST) -> Any:
        if isinstance(node, ast.Expression):
            return self.eval(node.body)
        if isinstance(node, ast.Constant) and type(node.value) in (int, float):
            return node.value
        if isinstance(node, ast.Name):
            if node.id in self.names:
                return self.names[node.id]
            raise self.fail(f"unknown name {node.id!r} (allowed: {', '.join(sorted(self.names))})")
        if isinstance(node, ast.UnaryOp) and type(node.op) in _UNARY:
            return _UNARY[type(node.op)](self.eval(node.operand))
        if isinstance(node, ast.BinOp) and type(node.op) in _BINARY:
            left, right = self.eval(node.left), self.eval(node.right)
            if isinstance(node.op, ast.Pow) and not isinstance(right, np.ndarray) and abs(right) > 64:
                raise self.fail("exponents above 64 are not allowed")  # 10**10**10 would hang
            # Lists take numpy's element-wise meaning: [1] * 10**9 is not a billion-element list.
            left = np.asarray(left) if isinstance(left, list) else left
            right = np.asarray(right) if isinstance(right, list) else right
            with np.errstate(all="ignore"):
                try:
                    return _BINARY[type(node.op)](left, right)
                except ZeroDivisionError:
                    raise self.fail("division by zero") from None
        if isinstance(node, (ast.Tuple, ast.List)):
            return [self.eval(e) for e in node.elts]
        if isinstance(node, ast.Call):
            return self.call(node)
        raise self.fail(f"{type(node).__name__} is not allowed here")

    def function(self, node: ast.AST) -> tuple[str, Callable[..., Any]]:
        name = None
        if isinstance(node, ast.Name):
            name = node.id
        elif isinstance(node, ast.Attribute) and isinstance(node.value, ast.Name) \
                and node.value.id in ("np", "numpy"):
            name = node.attr
        if name is None or name not in _FUNCTIONS:
            shown = ast.unparse(node) if hasattr(ast, "unparse") else "?"
            raise self.fail(f"{shown!r} is not an allowed function (allowed: {', '.join(sorted(_FUNCTIONS))})")
        return name, _FUNCTIONS[name]

    def call(self, node: ast.Call) -> Any:
        name, fn = self.function(node.func)
        args = [self.eval(a) for a in node.args]
        kwargs = {}
        for kw in node.keywords:
            if kw.arg not in _KEYWORDS:
                raise self.fail(f"keyword argument {kw.arg!r} is not allowed")
            kwargs[kw.arg] = self.eval(kw.value)
        if name in _SIZED:
            self.check_size(name, args)
        try:
            with np.errstate(all="ignore"):
                return fn(*args, **kwargs)
        except (TypeError, ValueError) as exc:
            raise self.fail(f"{name}(): {exc}") from None

    def check_size(self, name: str, args: list[Any]) -> None:
        if name == "arange":
            nums = [float(a) for a in args if not isinstance(a, (list, np.ndarray))]
            start, stop, step = (0.0, nums[0], 1.0) if len(nums) == 1 else (nums + [1.0])[:3] if nums else (0, 0, 1)
            size = abs((stop - start) / step) if step else math.inf
        elif name == "linspace":
            size = float(args[2]) if len(args) > 2 else 50
        elif name in ("repeat", "tile"):
            size = _size_of(args[0]) * _size_of(args[1]) if len(args) > 1 else 0
        else:  # zeros, ones, full: the shape is the first argument
            size = _size_of(args[0]) if args else 0
        if not size <= MAX_ELEMENTS:
            raise self.fail(f"{name}() would create more than {MAX_ELEMENTS} elements")


def evaluate(text: str, n: int) -> np.ndarray:
    """The value of `text` as a numpy array, with `n` the buffer length and `i` = arange(n)."""
    if len(text) > 2000:
        raise BufferSpecError("expression is too long (2000 characters at most)")
    try:
        tree = ast.parse(text.strip(), mode="eval")
    except SyntaxError as exc:
        raise BufferSpecError(f"expression {text!r} is not valid: {exc.msg}") from None
    names = {"n": n, "i": np.arange(n), "pi": math.pi, "e": math.e}
    return np.asarray(_Evaluator(text, names).eval(tree))
