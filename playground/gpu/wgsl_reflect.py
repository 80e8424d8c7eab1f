"""Read a compute shader's interface from its WGSL text: bindings, their types, entry points.

naga validates the shader; this module only has to understand valid WGSL well
enough to know what buffers to make. It splits the module into top-level
declarations (by brace depth, after blanking comments), then reads `const`,
`override`, `alias`, `struct`, module-scope `var` and `@compute fn` items.

    @group(0) @binding(1) var<storage, read_write> out: array<Particle>;

becomes Binding(group=0, binding=1, name="out", space="storage", access="read_write",
type=array<Particle>), with Particle laid out by `wgsl_types`.
"""

from __future__ import annotations

import ast
import re
from dataclasses import dataclass

from playground.gpu import wgsl_types as T
from playground.gpu.errors import ShaderError


@dataclass(frozen=True)
class Binding:
    """One resource a shader binds: where, what, and how it may be accessed."""

    group: int
    binding: int
    name: str
    space: str  # "storage", "uniform", or "handle" (textures, samplers)
    access: str  # "read", "read_write" ("read" for uniforms)
    type_text: str
    type: T.WgslType | None  # None for textures and samplers
    line: int

    @property
    def writable(self) -> bool:
        """A read_write storage buffer: the shader's outputs."""
        return self.space == "storage" and self.access == "read_write"

    @property
    def is_buffer(self) -> bool:
        return self.space in ("storage", "uniform")


@dataclass(frozen=True)
class EntryPoint:
    """A `@compute` function and its `@workgroup_size`."""

    name: str
    workgroup_size: tuple[int, int, int]
    line: int


@dataclass(frozen=True)
class ShaderInfo:
    """Everything `reflect` found: bindings sorted by (group, binding), compute entry points, structs."""

    bindings: tuple[Binding, ...]
    entry_points: tuple[EntryPoint, ...]
    structs: dict[str, T.WgslType]

    def binding(self, name: str) -> Binding:
        """The binding declared as `name` (KeyError if none)."""
        for b in self.bindings:
            if b.name == name:
                return b
        raise KeyError(name)

    def entry_point(self, name: str | None = None) -> EntryPoint:
        """The named compute entry point, or the only/first one when name is None."""
        for e in self.entry_points:
            if name is None or e.name == name:
                return e
        raise KeyError(name or "<any compute entry point>")


# -- lexical helpers ---------------------------------------------------------

def _blank_comments(src: str) -> str:
    """Replace comments with spaces, keeping newlines so offsets still give line numbers."""
    out, i, n = [], 0, len(src)
    while i < n:
        if src.startswith("//", i):
            j = src.find("\n", i)
            j = n if j < 0 else j
            out.append(" " * (j - i))
            i = j
        elif src.startswith("/*", i):  # WGSL block comments nest
            depth, j = 1, i + 2
            while j < n and depth:
                if src.startswith("/*", j):
                    depth, j = depth + 1, j + 2
                elif src.startswith("*/", j):
                    depth, j = depth - 1, j + 2
                else:
                    j += 1
            out.append("".join(c if c == "\n" else " " for c in src[i:j]))
            i = j
        else:
            out.append(src[i])
            i += 1
    return "".join(out)


def _top_level_items(src: str) -> list[tuple[int, str]]:
    """(offset, text) of each module-scope declaration: ends at `;` or a closing `}` at depth 0."""
    items, depth, start = [], 0, 0
    for i, c in enumerate(src):
        if c == "{":
            depth += 1
        elif c == "}":
            depth -= 1
            if depth == 0:
                items.append((start, src[start:i + 1]))
                start = i + 1
        elif c == ";" and depth == 0:
            items.append((start, src[start:i + 1]))
            start = i + 1
    return [(off + len(text) - len(text.lstrip()), text.strip()) for off, text in items if text.strip(" ;\n\t\r")]


def _split_top(text: str, sep: str = ",") -> list[str]:
    """Split at `sep` outside <>, () and []: `f32, array<u32, 4>` -> ["f32", "array<u32, 4>"]."""
    parts, depth, cur = [], 0, []
    for c in text:
        if c in "<([":
            depth += 1
        elif c in ">)]":
            depth -= 1
        if c == sep and depth == 0:
            parts.append("".join(cur))
            cur = []
        else:
            cur.append(c)
    parts.append("".join(cur))
    return [p.strip() for p in parts if p.strip()]


_ATTR = re.compile(r"@\s*(\w+)\s*(?:\(([^()]*(?:\([^()]*\)[^()]*)*)\))?")
_INT_LITERAL = re.compile(r"\b(0[xX][0-9a-fA-F]+|\d+)[iu]?\b")


class _Reflector:
    def __init__(self, source: str, source_name: str):
        self.source = source
        self.source_name = source_name
        self.consts: dict[str, int] = {}
        self.aliases: dict[str, str] = {}
        self.struct_text: dict[str, tuple[str, int]] = {}
        self.structs: dict[str, T.WgslType] = {}

    def line_of(self, offset: int) -> int:
        return self.source.count("\n", 0, offset) + 1

    def fail(self, message: str, offset: int) -> ShaderError:
        return ShaderError(message, line=self.line_of(offset), column=1, source_name=self.source_name)

    # -- integer constant expressions (array counts, workgroup sizes, binding numbers)
    def int_expr(self, text: str, offset: int) -> int:
        py = _INT_LITERAL.sub(lambda m: str(int(m.group(1), 0)), text.strip())
        try:
            return self._eval(ast.parse(py, mode="eval").body)
        except (SyntaxError, KeyError, ValueError, ZeroDivisionError):
            raise self.fail(f"cannot evaluate the constant expression {text.strip()!r}", offset) from None

    def _eval(self, node: ast.AST) -> int:
        if isinstance(node, ast.Constant) and isinstance(node.value, int):
            return node.value
        if isinstance(node, ast.Name):
            return self.consts[node.id]
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return -self._eval(node.operand)
        if isinstance(node, ast.BinOp):
            a, b = self._eval(node.left), self._eval(node.right)
            ops = {ast.Add: lambda: a + b, ast.Sub: lambda: a - b, ast.Mult: lambda: a * b,
                   ast.Div: lambda: a // b, ast.FloorDiv: lambda: a // b, ast.Mod: lambda: a % b,
                   ast.LShift: lambda: a << b, ast.RShift: lambda: a >> b}
            if type(node.op) in ops:
                return ops[type(node.op)]()
        raise ValueError("not an integer expression")

    # -- types -----------------------------------------------------------------
    def parse_type(self, text: str, offset: int) -> T.WgslType:
        text = text.strip()
        m = re.fullmatch(r"(\w+)\s*(?:<(.*)>)?", text, re.S)
        if not m:
            raise self.fail(f"cannot read the type {text!r}", offset)
        base, args = m.group(1), _split_top(m.group(2) or "")
        if base in self.aliases:
            return self.parse_type(self.aliases[base], offset)
        known = T.predeclared(base)
        if known is not None and not args:
            return known
        if base == "atomic" and len(args) == 1:
            return self.parse_type(args[0], offset)  # atomic<u32> is laid out as u32
        if re.fullmatch(r"vec[234]", base) and len(args) == 1 and args[0] in T.SCALARS:
            return T.vector(int(base[3]), args[0])
        if re.fullmatch(r"mat[234]x[234]", base) and len(args) == 1 and args[0] in T.SCALARS:
            return T.matrix(int(base[3]), int(base[5]), args[0])
        if base == "array" and len(args) in (1, 2):
            count = self.int_expr(args[1], offset) if len(args) == 2 else None
            return T.array(self.parse_type(args[0], offset), count)
        if base in self.struct_text and not args:
            return self.struct(base)
        raise self.fail(f"the type {text!r} cannot be laid out in a buffer", offset)

    def struct(self, name: str) -> T.WgslType:
        if name not in self.structs:
            body, offset = self.struct_text[name]
            fields = []
            for member in _split_top(body):
                attrs = dict((a, v) for a, v in _ATTR.findall(member))
                decl = _ATTR.sub("", member).strip()
                member_name, _, type_text = decl.partition(":")
                align = self.int_expr(attrs["align"], offset) if "align" in attrs else None
                size = self.int_expr(attrs["size"], offset) if "size" in attrs else None
                fields.append((member_name.strip(), self.parse_type(type_text, offset), align, size))
            self.structs[name] = T.struct(name, fields)
        return self.structs[name]

    # -- the module ------------------------------------------------------------
    def run(self) -> ShaderInfo:
        src = _blank_comments(self.source)
        items = _top_level_items(src)
        vars_, fns = [], []
        for offset, text in items:  # first pass: names other declarations refer to
            decl = _ATTR.sub("", text).strip()
            if m := re.match(r"(?:const|override)\s+(\w+)\s*(?::\s*\w+\s*)?(?:=\s*(.+?))?\s*;$", decl, re.S):
                if m.group(2) is not None:
                    try:
                        self.consts[m.group(1)] = self.int_expr(m.group(2), offset)
                    except ShaderError:
                        pass  # a float or vector constant: never used as a size
            elif m := re.match(r"alias\s+(\w+)\s*=\s*(.+?)\s*;$", decl, re.S):
                self.aliases[m.group(1)] = m.group(2)
            elif m := re.match(r"struct\s+(\w+)\s*\{(.*)\}$", text, re.S):  # members keep their @align
                self.struct_text[m.group(1)] = (m.group(2), offset)
            elif re.match(r"var\b", decl):
                vars_.append((offset, text))
            elif re.match(r"fn\b", decl):
                fns.append((offset, text))
        bindings = [b for b in (self.binding(o, t) for o, t in vars_) if b is not None]
        entries = [e for e in (self.entry(o, t) for o, t in fns) if e is not None]
        for name in self.struct_text:
            try:
                self.struct(name)
            except ShaderError:
                pass  # a struct only used in functions may hold types buffers cannot
        return ShaderInfo(tuple(sorted(bindings, key=lambda b: (b.group, b.binding))),
                          tuple(entries), dict(self.structs))

    def binding(self, offset: int, text: str) -> Binding | None:
        attrs = dict((a, v) for a, v in _ATTR.findall(text[: text.index("var")]))
        if "group" not in attrs or "binding" not in attrs:
            return None  # var<workgroup>, var<private>: not resources
        m = re.match(r"var\s*(?:<([^>]*)>)?\s*(\w+)\s*:\s*(.+?)\s*;$", _ATTR.sub("", text).strip(), re.S)
        if not m:
            raise self.fail("cannot read this resource declaration", offset)
        qualifiers = [q.strip() for q in (m.group(1) or "").split(",") if q.strip()]
        name, type_text = m.group(2), m.group(3)
        space = qualifiers[0] if qualifiers else "handle"
        access = qualifiers[1] if len(qualifiers) > 1 else "read"
        wtype = self.parse_type(type_text, offset) if space in ("storage", "uniform") else None
        return Binding(self.int_expr(attrs["group"], offset), self.int_expr(attrs["binding"], offset),
                       name, space, access, type_text, wtype, self.line_of(offset))

    def entry(self, offset: int, text: str) -> EntryPoint | None:
        attrs = dict((a, v) for a, v in _ATTR.findall(text[: text.index("fn")]))
        if "compute" not in attrs:
            return None
        name = re.match(r"fn\s+(\w+)", _ATTR.sub("", text[: text.index("(", text.index("fn"))] + "(").strip())
        sizes = [self.int_expr(s, offset) for s in _split_top(attrs.get("workgroup_size", "1"))]
        sizes += [1] * (3 - len(sizes))
        return EntryPoint(name.group(1) if name else "main", (sizes[0], sizes[1], sizes[2]), self.line_of(offset))


def reflect(source: str, source_name: str = "shader.wgsl") -> ShaderInfo:
    """The bindings and compute entry points of a WGSL module.

    Raises ShaderError (with the declaration's line) for a binding whose type
    cannot be laid out in a buffer or a size expression it cannot evaluate.
    """
    return _Reflector(source, source_name).run()
