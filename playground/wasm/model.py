"""The module model: plain data classes for a WebAssembly module and its parts (spec 2.5).

Function bodies are FLAT lists of `Instr`, as in the binary format: `block`,
`loop`, `if`, `else` and `end` are instructions of their own, and every body
and constant expression ends with its `end`. Executors and the validator
derive structure (jump targets, labels) from the flat list; the debugger
steps through it one instruction at a time.

Every instruction remembers where it came from: `span` (text) or
`offset`/`length` (binary). Those fields, like names and other encoding
hints, do not take part in equality, so `decode(encode(m)) == m`.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass, field
from typing import Callable, Union

from playground.wasm.errors import SourceSpan
from playground.wasm.instructions import OpInfo
from playground.wasm.types import ExternKind, FuncType, GlobalType, MemType, TableType, ValType


@dataclass(slots=True)
class Instr:
    """One instruction: its table entry, its immediates (format in instructions.py), and its origin."""

    op: OpInfo
    imm: tuple = ()
    span: SourceSpan | None = field(default=None, compare=False, repr=False)
    offset: int | None = field(default=None, compare=False, repr=False)  # byte offset in the binary
    length: int | None = field(default=None, compare=False, repr=False)  # bytes in the binary
    label: str | None = field(default=None, compare=False, repr=False)  # `$name` of a block/loop/if

    @property
    def name(self) -> str:
        return self.op.name


Expr = list  # a constant expression or body: list[Instr] ending with `end`

_DECODING = threading.Lock()  # held while a lazy function decodes its body


@dataclass
class Func:
    """A function defined by the module (spec 2.5.3); `typeidx` indexes `Module.types`.

    A decoded binary's functions are made by `Func.lazy`: their `locals` and
    `body` are decoded on first use (validation, a run, a printer), so tools
    that need only the section headers never build millions of instructions.
    """

    typeidx: int
    locals: list[ValType] = field(default_factory=list)  # declared locals, after the parameters
    body: list[Instr] = field(default_factory=list)
    span: SourceSpan | None = field(default=None, compare=False, repr=False)
    offset: int | None = field(default=None, compare=False, repr=False)  # of the body's size field
    id: str | None = field(default=None, compare=False, repr=False)  # `$name` from text

    @classmethod
    def lazy(cls, typeidx: int, decode: Callable[[], tuple[list[ValType], list[Instr]]], *, offset: int) -> Func:
        """A function whose `decode()` gives its (locals, body) when either is first read."""
        func = cls(typeidx, offset=offset)
        del func.locals, func.body
        func._decode = decode
        return func

    @property
    def decoded(self) -> bool:
        """Whether `locals` and `body` exist yet (always, but for a `lazy` function not read so far)."""
        return "_decode" not in self.__dict__

    def __getattr__(self, name: str):
        # Reached only for an attribute the instance lacks: the locals and
        # body of a lazy function, before their first use. A decoding error
        # (MalformedError) leaves `_decode` in place, so it is raised again.
        if name not in ("locals", "body") or "_decode" not in self.__dict__:
            raise AttributeError(f"{type(self).__name__!r} object has no attribute {name!r}")
        with _DECODING:  # one body for every thread that reads it first at the same time
            decode = self.__dict__.get("_decode")
            if decode is not None:
                self.locals, self.body = decode()
                del self._decode
        return self.__dict__[name]


@dataclass
class Global:
    type: GlobalType
    init: list[Instr]
    span: SourceSpan | None = field(default=None, compare=False, repr=False)
    id: str | None = field(default=None, compare=False, repr=False)


@dataclass
class Tag:
    """An exception tag (3.0, spec 2.5.x): `typeidx` names a function type whose params are the payload."""

    typeidx: int
    span: SourceSpan | None = field(default=None, compare=False, repr=False)
    id: str | None = field(default=None, compare=False, repr=False)


ImportDesc = Union[int, TableType, MemType, GlobalType]  # int: a type index for functions and tags


@dataclass
class Import:
    module: str
    name: str
    kind: ExternKind
    desc: ImportDesc
    span: SourceSpan | None = field(default=None, compare=False, repr=False)
    id: str | None = field(default=None, compare=False, repr=False)


@dataclass
class Export:
    name: str
    kind: ExternKind
    index: int
    span: SourceSpan | None = field(default=None, compare=False, repr=False)


@dataclass
class Elem:
    """An element segment (spec 2.5.7). `init` holds one constant expression per element.

    `mode` is "active" (with `table` and `offset`), "passive" or "declarative".
    `flags` remembers which of the eight binary encodings it came from, so the
    encoder can write the same bytes back. `indices`: it was written as a list of
    function indices (text `func $f ...`, binary flags without bit 2), which in 3.0
    has type `(ref func)` whatever `type` says (validate_context.segment_type).
    """

    type: ValType
    init: list[list[Instr]]
    mode: str = "active"
    table: int = 0
    offset: list[Instr] | None = None
    flags: int | None = field(default=None, compare=False, repr=False)
    indices: bool = field(default=False, compare=False, repr=False)
    span: SourceSpan | None = field(default=None, compare=False, repr=False)
    id: str | None = field(default=None, compare=False, repr=False)


@dataclass
class Data:
    """A data segment (spec 2.5.8): "active" (with `memory` and `offset`) or "passive"."""

    init: bytes
    mode: str = "active"
    memory: int = 0
    offset: list[Instr] | None = None
    flags: int | None = field(default=None, compare=False, repr=False)
    span: SourceSpan | None = field(default=None, compare=False, repr=False)
    id: str | None = field(default=None, compare=False, repr=False)


@dataclass
class CustomSection:
    """A custom section kept byte for byte; `after` is the id of the section it followed (0: first)."""

    name: str
    data: bytes
    after: int = 0


@dataclass
class Names:
    """Debug names: from the `name` custom section of a binary, or the `$ids` of text."""

    module: str | None = None
    funcs: dict[int, str] = field(default_factory=dict)
    locals: dict[int, dict[int, str]] = field(default_factory=dict)  # funcidx -> localidx -> name
    labels: dict[int, dict[int, str]] = field(default_factory=dict)
    types: dict[int, str] = field(default_factory=dict)
    tables: dict[int, str] = field(default_factory=dict)
    memories: dict[int, str] = field(default_factory=dict)
    globals: dict[int, str] = field(default_factory=dict)
    elems: dict[int, str] = field(default_factory=dict)
    datas: dict[int, str] = field(default_factory=dict)
    tags: dict[int, str] = field(default_factory=dict)
    fields: dict[int, dict[int, str]] = field(default_factory=dict)  # 3.0 GC: typeidx -> struct fieldidx -> name
    # Why parts of a binary's name section were skipped (it never rejects a module, spec 7.4): one line each.
    problems: list[str] = field(default_factory=list, compare=False)

    def field_name(self, typeidx: int, fieldidx: int) -> str | None:
        """The name of one struct field, or None."""
        return self.fields.get(typeidx, {}).get(fieldidx)


@dataclass
class Module:
    """A WebAssembly module (spec 2.5). Index spaces count imports first, then definitions."""

    types: list[FuncType] = field(default_factory=list)
    imports: list[Import] = field(default_factory=list)
    funcs: list[Func] = field(default_factory=list)
    tables: list[TableType] = field(default_factory=list)
    mems: list[MemType] = field(default_factory=list)
    globals: list[Global] = field(default_factory=list)
    exports: list[Export] = field(default_factory=list)
    start: int | None = None
    elems: list[Elem] = field(default_factory=list)
    datas: list[Data] = field(default_factory=list)
    # 3.0: a defined table's initial value, by its position in `tables`: `(table 1 (ref func) (ref.func 0))`
    table_inits: dict[int, list[Instr]] = field(default_factory=dict)
    tags: list[Tag] = field(default_factory=list)  # 3.0: exception tags (the tag section, 13)
    # Encoding details and debug information: not part of equality.
    datacount: int | None = field(default=None, compare=False, repr=False)  # a data count section, if any
    customs: list[CustomSection] = field(default_factory=list, compare=False, repr=False)
    names: Names = field(default_factory=Names, compare=False, repr=False)
    id: str | None = field(default=None, compare=False, repr=False)  # `(module $name ...)`
    # 3.0 text annotations `(@id ...)`, read and skipped by the lexer: (id, SourceSpan) each; not encoded
    annotations: list = field(default_factory=list, compare=False, repr=False)

    # --- index spaces (spec 2.5.1) -------------------------------------------------

    def imports_of(self, kind: ExternKind) -> list[Import]:
        return [imp for imp in self.imports if imp.kind is kind]

    def func_type_indices(self) -> list[int]:
        """The type index of every function in the function index space."""
        return [imp.desc for imp in self.imports if imp.kind is ExternKind.FUNC] + [f.typeidx for f in self.funcs]

    def func_types(self) -> list[FuncType]:
        """The type of every function in the function index space, imports first."""
        return [self.types[i] for i in self.func_type_indices()]

    def table_types(self) -> list[TableType]:
        return [imp.desc for imp in self.imports if imp.kind is ExternKind.TABLE] + list(self.tables)

    def mem_types(self) -> list[MemType]:
        return [imp.desc for imp in self.imports if imp.kind is ExternKind.MEMORY] + list(self.mems)

    def global_types(self) -> list[GlobalType]:
        return [imp.desc for imp in self.imports if imp.kind is ExternKind.GLOBAL] + [g.type for g in self.globals]

    def tag_type_indices(self) -> list[int]:
        """The type index of every tag in the tag index space (3.0), imports first."""
        return [imp.desc for imp in self.imports if imp.kind is ExternKind.TAG] + [t.typeidx for t in self.tags]

    @property
    def num_imported_funcs(self) -> int:
        return sum(1 for imp in self.imports if imp.kind is ExternKind.FUNC)

    def func_names(self) -> list[str]:
        """`func_name` of every function of the index space, in one pass over the exports.

        Instantiation names every function: asking `func_name` for each scanned
        every export each time, quadratic in a module with tens of thousands of exports.
        """
        exported: dict[int, str] = {}
        for export in self.exports:
            if export.kind is ExternKind.FUNC:
                exported.setdefault(export.index, export.name)  # the first export of an index names it
        debug = self.names.funcs
        names = []
        for funcidx in range(self.num_imported_funcs + len(self.funcs)):
            name = debug.get(funcidx)
            names.append(name if name else exported.get(funcidx, f"func[{funcidx}]"))
        return names

    def func_name(self, funcidx: int) -> str:
        """A name for people: the debug name, else an export name, else `func[N]`."""
        name = self.names.funcs.get(funcidx)
        if name:
            return name
        for export in self.exports:
            if export.kind is ExternKind.FUNC and export.index == funcidx:
                return export.name
        return f"func[{funcidx}]"
