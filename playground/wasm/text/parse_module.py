"""Modules of the text format (spec 6.6): fields, their abbreviations, and index spaces.

Two passes over the fields. The first binds every symbolic identifier to its
index (identifiers may be used before their definition) and reads the
explicit type definitions; the second builds each field in textual order, so
implicit types from type uses are appended after all explicit types in
order of appearance (spec 6.6.3), exactly as WABT numbers them.

Abbreviations expanded here (spec 6.6.4 - 6.6.13): inline exports and
imports on functions, tables, memories and globals; `(table reftype (elem
...))`; `(memory (data ...))`; `(offset e)` as a single folded instruction;
element lists of function indices; `(item e)` as a single instruction.
"""

from __future__ import annotations

from dataclasses import replace

from playground.wasm.binary.decode import MAX_FUNCTION_LOCALS
from playground.wasm.instructions import op
from playground.wasm.model import Data, Elem, Export, Func, Global, Import, Instr, Module, Tag
from playground.wasm.text.cursor import REFTYPES
from playground.wasm.text.lexer import ID, KEYWORD, LPAR, RPAR, STRING, TokenStream
from playground.wasm.text.parse_instr import InstrParser, nesting_room
from playground.wasm.types import ExternKind, FuncType, Limits, MemType, PAGE_SIZE, TableType, ValType

_END = op("end")
_REF_FUNC = op("ref.func")
_I32_CONST = op("i32.const")
_I64_CONST = op("i64.const")


def _zero_offset(is64: bool, span) -> list[Instr]:
    """The offset `(i32.const 0)`, or `(i64.const 0)` for a 64-bit memory or table (3.0), of an inline segment."""
    return [Instr(_I64_CONST if is64 else _I32_CONST, (0,), span), Instr(_END, (), span)]
_KINDS = {"func": ExternKind.FUNC, "table": ExternKind.TABLE, "memory": ExternKind.MEMORY, "global": ExternKind.GLOBAL,
          "tag": ExternKind.TAG}
_DEFINITION_WORDS = {"func": "function", "table": "table", "memory": "memory", "global": "global", "tag": "tag"}
_NAME_TABLES = {
    "type": "types",
    "func": "funcs",
    "table": "tables",
    "memory": "memories",
    "global": "globals",
    "elem": "elems",
    "data": "datas",
    "tag": "tags",
}


class ModuleParser(InstrParser):
    """Parses one module from a token stream."""

    def __init__(self, ts: TokenStream, pos: int = 0) -> None:
        super().__init__(ts, pos)
        self.next_index = {space: 0 for space in ("func", "table", "memory", "global", "elem", "data", "tag")}
        self.pending_types = 0  # types named in pass 1 but not read yet

    # --- entry points ------------------------------------------------------------------

    def module_form(self, skip: int = 0) -> Module:
        """`(module $id? field*)` at pos; leaves pos after its `)`. `skip`: keywords after `module`
        to pass over (WAST's `(module definition ...)`)."""
        at = self.pos
        self.open_field("module")
        self.pos += skip
        ident = self.opt_id()
        close = self.ts.match[at]
        module = self.fields(self.pos, close)
        self.keep_annotations(module, self.ts.starts[at], self.ts.ends[close])
        module.id = ident
        if ident:
            module.names.module = ident[1:]
        self.pos = close + 1
        return module

    def keep_annotations(self, module: Module, start: int, end: int) -> None:
        """The annotations (3.0, `(@id ...)`) the lexer skipped between characters start and end."""
        ts = self.ts
        module.annotations = [(name, ts.span_at(a, b)) for name, a, b in ts.annotations if start <= a < end]

    def fields(self, first: int, last: int) -> Module:
        """The fields between token indices first and last (exclusive)."""
        self.deferred: int | None = None
        last = self.scan(first, last)
        i = first
        match = self.ts.match
        for_kw = {
            "type": None,
            "rec": None,
            "import": self.import_field,
            "func": self.func_field,
            "table": self.table_field,
            "memory": self.memory_field,
            "global": self.global_field,
            "export": self.export_field,
            "start": self.start_field,
            "elem": self.elem_field,
            "data": self.data_field,
            "tag": self.tag_field,
        }
        while i < last:
            handler = for_kw[self.texts[i + 1]]
            if handler is not None:
                self.pos = i
                handler()
            i = match[i] + 1
        if self.deferred is not None:
            self.unexpected(self.deferred)
        if self.uses_datacount:
            self.module.datacount = len(self.module.datas)
        for typeidx, ids in self.field_ids.items():  # 3.0 GC: `(field $next ...)` names, for the name section
            if ids:
                self.module.names.fields[typeidx] = {index: ident[1:] for ident, index in ids.items()}
        return self.module

    # --- pass 1: identifiers and explicit types ----------------------------------------------

    def bind(self, space: str, ident: str | None, index: int, at: int) -> None:
        super().bind(space, ident, index, at)
        if ident is not None:
            getattr(self.module.names, _NAME_TABLES[space])[index] = ident[1:]

    def scan(self, first: int, last: int) -> int:
        """Bind identifiers and read types; returns where the fields end (a stray token stops them)."""
        kinds, texts, match = self.kinds, self.texts, self.ts.match
        counts = {space: 0 for space in ("func", "table", "memory", "global", "elem", "data", "tag")}
        defined: str | None = None  # the first kind of definition seen
        type_fields: list[tuple[int, int]] = []  # (token, size) of each type definition, `rec` groups whole
        i = first
        while i < last:
            if kinds[i] != LPAR or kinds[i + 1] != KEYWORD:
                if kinds[i] == LPAR or i == first:
                    self.unexpected(i + (kinds[i] == LPAR))
                self.deferred = i  # report it after the fields before it, in text order
                return i
            keyword = texts[i + 1]
            j = i + 2
            ident = texts[j] if kinds[j] == ID else None
            if keyword == "type" or keyword == "rec":
                type_fields.append((i, self.bind_types(i, keyword)))
            elif keyword == "import":
                k = j
                if not (kinds[k] == STRING and kinds[k + 1] == STRING and kinds[k + 2] == LPAR):
                    self.unexpected(k if kinds[k] != STRING else k + 1 if kinds[k + 1] != STRING else k + 2)
                space = texts[k + 3]
                if kinds[k + 3] != KEYWORD or space not in _KINDS:
                    self.unexpected(k + 3)
                if defined:
                    self.fail(f"import after {_DEFINITION_WORDS[defined]}", i)
                self.bind(space, texts[k + 4] if kinds[k + 4] == ID else None, counts[space], k + 4)
                counts[space] += 1
            elif keyword in _KINDS:
                k = j + (1 if ident else 0)
                while kinds[k] == LPAR and texts[k + 1] == "export":
                    k = match[k] + 1
                if kinds[k] == LPAR and texts[k + 1] == "import":
                    if defined:
                        self.fail(f"import after {_DEFINITION_WORDS[defined]}", i)
                else:
                    defined = defined or keyword
                    if kinds[k] == KEYWORD and texts[k] in ("i32", "i64"):  # 3.0: `(memory i64 (data ...))`
                        k += 1
                    reftype_form = kinds[k] == LPAR and texts[k + 1] == "ref"  # `(table (ref ht) (elem ...))`
                    is_reftype = reftype_form or texts[k] in REFTYPES
                    if reftype_form:
                        k = match[k]
                    if keyword == "table" and is_reftype and kinds[k + 1] == LPAR and texts[k + 2] == "elem":
                        counts["elem"] += 1
                    elif keyword == "memory" and kinds[k] == LPAR and texts[k + 1] == "data":
                        counts["data"] += 1
                self.bind(keyword, ident, counts[keyword], j)
                counts[keyword] += 1
            elif keyword in ("elem", "data"):
                self.bind(keyword, ident, counts[keyword], j)
                counts[keyword] += 1
            elif keyword not in ("export", "start"):
                self.unexpected(i + 1)
            i = match[i] + 1
        for at, size in type_fields:  # every type name is bound now: types may refer to later ones
            self.pos = at
            self.rec_field(size) if self.texts[at + 1] == "rec" else self.type_field()
        return last

    def bind_types(self, at: int, keyword: str) -> int:
        """Bind the names of a `(type ...)` or of the types of a `(rec (type ...)*)`; how many types."""
        kinds, texts, match = self.kinds, self.texts, self.ts.match
        firsts = [at]
        if keyword == "rec":
            firsts, k = [], at + 2 + (kinds[at + 2] == ID)
            while kinds[k] == LPAR and texts[k + 1] == "type":
                firsts.append(k)
                k = match[k] + 1
        for k in firsts:
            index = len(self.module.types) + self.pending_types
            self.bind("type", texts[k + 2] if kinds[k + 2] == ID else None, index, k + 2)
            self.pending_types += 1
        return len(firsts)

    def type_field(self, rec_pos: int = 0, rec_size: int = 1) -> None:
        """`(type $id? subtype)`: one type definition (spec 6.6.2; 3.0: sub, struct and array types)."""
        self.pos += 2
        self.opt_id()
        index = len(self.module.types)
        deftype = self.subtype(index)
        self.expect_rpar()
        if rec_size != 1:
            deftype = replace(deftype, rec_pos=rec_pos, rec_size=rec_size)
        self.module.types.append(deftype)
        if isinstance(deftype, FuncType):
            self.type_index.setdefault(deftype, index)

    def rec_field(self, size: int) -> None:
        """`(rec (type ...)*)`: a recursive group (3.0, GC); its types may refer to each other."""
        self.pos += 2
        self.opt_id()
        for pos in range(size):
            self.type_field(pos, size)
        self.expect_rpar()

    # --- pass 2: fields ----------------------------------------------------------------------

    def take_index(self, space: str) -> int:
        index = self.next_index[space]
        self.next_index[space] = index + 1
        return index

    def field_span(self, at: int):
        return self.ts.span(at, self.ts.match[at])

    def field_head(self, space: str, kind: ExternKind) -> tuple[int, str | None, int, tuple[str, str] | None]:
        """The start of a func, table, memory, global or tag field: `(kw $id? (export ...)* (import ...)?`;
        its token, id, index, and (module, name) when it is an import (spec 6.6.4 - 6.6.8 abbreviations)."""
        at = self.pos
        self.pos += 2
        ident = self.opt_id()
        index = self.take_index(space)
        self.inline_exports(kind, index)
        return at, ident, index, self.inline_import()

    def inline_exports(self, kind: ExternKind, index: int) -> None:
        while self.at_field("export"):
            at = self.pos
            self.pos += 2
            name = self.name()
            self.expect_rpar()
            self.module.exports.append(Export(name, kind, index, self.field_span(at)))

    def inline_import(self) -> tuple[str, str] | None:
        if not self.at_field("import"):
            return None
        self.pos += 2
        module, name = self.name(), self.name()
        self.expect_rpar()
        return module, name

    def import_field(self) -> None:
        at = self.pos
        self.pos += 2
        module, name = self.name(), self.name()
        self.expect_lpar()
        keyword = self.texts[self.pos]
        self.pos += 1
        ident = self.opt_id()
        kind = _KINDS[keyword]
        self.take_index(keyword)
        if kind is ExternKind.FUNC:
            desc, _ = self.typeuse()
        elif kind is ExternKind.TABLE:
            desc = self.tabletype()
        elif kind is ExternKind.MEMORY:
            desc = self.memtype()
        elif kind is ExternKind.TAG:
            desc, _ = self.typeuse()
        else:
            desc = self.globaltype()
        self.expect_rpar()
        self.expect_rpar()
        self.module.imports.append(Import(module, name, kind, desc, self.field_span(at), ident))

    def func_field(self) -> None:
        at, ident, funcidx, imported = self.field_head("func", ExternKind.FUNC)
        typeidx, param_names = self.typeuse()
        if imported:
            self.expect_rpar()
            self.module.imports.append(Import(*imported, ExternKind.FUNC, typeidx, self.field_span(at), ident))
            return
        self.local_ids = {}
        local_names: dict[int, str] = {}
        for index, name in enumerate(param_names):
            if name is not None:
                self.bind_local(name, index, local_names)
        nparams = len(param_names)
        types = self.module.types
        if typeidx < len(types):
            nparams = len(types[typeidx].params)
        locals_: list[ValType] = []
        while self.at_field("local"):
            local_at = self.pos
            self.pos += 2
            if self.kind() == ID:
                name_at = self.pos
                name = self.opt_id()
                self.bind_local(name, nparams + len(locals_), local_names, name_at)
                locals_.append(self.valtype())
            else:
                while self.kind() != RPAR:
                    locals_.append(self.valtype())
            self.expect_rpar()
            if len(locals_) > MAX_FUNCTION_LOCALS:  # the binary decoder's limit: what wat2wasm writes, run reads
                self.fail(f"too many locals: {len(locals_)} exceeds this implementation's limit of "
                          f"{MAX_FUNCTION_LOCALS}", local_at)
        self.labels = []
        body: list[Instr] = []
        self.instrs(body)
        if self.kind() != RPAR:
            self.unexpected()
        body.append(Instr(_END, (), self.ts.span(self.pos)))
        self.pos += 1
        if local_names:
            self.module.names.locals[funcidx] = local_names
        self.module.funcs.append(Func(typeidx, locals_, body, span=self.field_span(at), id=ident))

    def bind_local(self, name: str, index: int, names: dict[int, str], at: int | None = None) -> None:
        if name in self.local_ids:
            self.fail("duplicate local", at)
        self.local_ids[name] = index
        names[index] = name[1:]

    def table_field(self) -> None:
        at, ident, tableidx, imported = self.field_head("table", ExternKind.TABLE)
        if imported:
            desc = self.tabletype()
            self.module.imports.append(Import(*imported, ExternKind.TABLE, desc, self.field_span(at), ident))
            self.expect_rpar()
            return
        is64 = self.address_type()
        if self.at_reftype():
            reftype = self.reftype()
            elem_at = self.pos
            self.open_field("elem")
            if self.kind() == LPAR:
                init = self.elem_exprs()
            else:
                init = self.func_index_list()
            self.expect_rpar()
            count = len(init)
            self.module.tables.append(TableType(Limits(count, count, is64), reftype))
            self.take_index("elem")
            offset = _zero_offset(is64, self.ts.span(elem_at))
            self.module.elems.append(Elem(reftype, init, "active", tableidx, offset, span=self.field_span(elem_at)))
        else:
            self.module.tables.append(TableType(self.limits(is64), self.reftype()))
            if self.kind() != RPAR:  # 3.0: `(table n (ref func) init-expr)`
                self.labels = []
                self.module.table_inits[len(self.module.tables) - 1] = self.expr()
        self.expect_rpar()

    def memory_field(self) -> None:
        at, ident, memidx, imported = self.field_head("memory", ExternKind.MEMORY)
        if imported:
            desc = self.memtype()
            self.module.imports.append(Import(*imported, ExternKind.MEMORY, desc, self.field_span(at), ident))
            self.expect_rpar()
            return
        is64 = self.address_type()
        if self.at_field("data"):
            data_at = self.pos
            self.pos += 2
            init = self.strings()
            self.expect_rpar()
            pages = (len(init) + PAGE_SIZE - 1) // PAGE_SIZE
            self.module.mems.append(MemType(Limits(pages, pages, is64)))
            self.take_index("data")
            offset = _zero_offset(is64, self.ts.span(data_at))
            self.module.datas.append(Data(init, "active", memidx, offset, span=self.field_span(data_at)))
        else:
            self.module.mems.append(MemType(self.limits(is64)))
        self.expect_rpar()

    def global_field(self) -> None:
        at, ident, globalidx, imported = self.field_head("global", ExternKind.GLOBAL)
        globaltype = self.globaltype()
        if imported:
            self.expect_rpar()
            self.module.imports.append(Import(*imported, ExternKind.GLOBAL, globaltype, self.field_span(at), ident))
            return
        self.labels = []
        init = self.expr()
        self.pos += 1
        self.module.globals.append(Global(globaltype, init, span=self.field_span(at), id=ident))

    def tag_field(self) -> None:
        """`(tag $id? (export ...)* (import ...)? typeuse)` (3.0, exception handling)."""
        at, ident, tagidx, imported = self.field_head("tag", ExternKind.TAG)
        typeidx, _ = self.typeuse()
        self.expect_rpar()
        if imported:
            self.module.imports.append(Import(*imported, ExternKind.TAG, typeidx, self.field_span(at), ident))
        else:
            self.module.tags.append(Tag(typeidx, self.field_span(at), ident))

    def export_field(self) -> None:
        at = self.pos
        self.pos += 2
        name = self.name()
        self.expect_lpar()
        keyword = self.texts[self.pos]
        if self.kind() != KEYWORD or keyword not in _KINDS:
            self.unexpected()
        self.pos += 1
        index = self.index(keyword)
        self.expect_rpar()
        self.expect_rpar()
        self.module.exports.append(Export(name, _KINDS[keyword], index, self.field_span(at)))

    def start_field(self) -> None:
        at = self.pos
        self.pos += 2
        if self.module.start is not None:
            self.fail("multiple start sections", at)
        self.module.start = self.index("func")
        self.expect_rpar()

    # --- segments (spec 6.6.12, 6.6.13) ---------------------------------------------------------

    def func_index_list(self) -> list[list[Instr]]:
        """`funcidx*` as element expressions `(ref.func x)`."""
        init = []
        while self.at_index():
            at = self.pos
            index = self.index("func")
            span = self.ts.span(at)
            init.append([Instr(_REF_FUNC, (index,), span), Instr(_END, (), span)])
        return init

    def elem_exprs(self) -> list[list[Instr]]:
        """`(item instr*)` or a single folded instruction, each."""
        init = []
        self.labels = []
        while self.kind() == LPAR:
            if self.at_field("item"):
                self.pos += 2
                init.append(self.expr())
                self.pos += 1
            else:
                out: list[Instr] = []
                self.folded(out)
                out.append(Instr(_END, (), self.ts.span(self.pos - 1)))
                init.append(out)
        return init

    def elem_list(self) -> tuple[ValType, list[list[Instr]], bool]:
        """`func funcidx*` or `reftype elemexpr*`; and whether it was the list of function indices."""
        if self.kind() == KEYWORD and self.texts[self.pos] == "func":
            self.pos += 1
            return ValType.FUNCREF, self.func_index_list(), True
        reftype = self.reftype()
        return reftype, self.elem_exprs(), False

    def offset_expr(self) -> list[Instr]:
        self.labels = []
        if self.at_field("offset"):
            self.pos += 2
            expr = self.expr()
            self.pos += 1
            return expr
        if self.kind() != LPAR:
            self.unexpected()
        out: list[Instr] = []
        self.folded(out)
        out.append(Instr(_END, (), self.ts.span(self.pos - 1)))
        return out

    def elem_field(self) -> None:
        at = self.pos
        self.pos += 2
        ident = self.opt_id()
        self.take_index("elem")
        mode, table, offset = "passive", 0, None
        if self.kind() == KEYWORD and self.texts[self.pos] == "declare":
            self.pos += 1
            mode = "declarative"
            reftype, init, indices = self.elem_list()
        elif self.kind() == LPAR and not self.at_field("ref"):
            mode = "active"
            explicit_table = self.at_field("table")
            if explicit_table:
                self.pos += 2
                table = self.index("table")
                self.expect_rpar()
            offset = self.offset_expr()
            if (self.kind() == KEYWORD and self.texts[self.pos] == "func") or self.at_reftype():
                reftype, init, indices = self.elem_list()
            else:
                reftype, init, indices = ValType.FUNCREF, self.func_index_list(), True  # the legacy form
        else:
            reftype, init, indices = self.elem_list()
        self.expect_rpar()
        self.module.elems.append(Elem(reftype, init, mode, table, offset, span=self.field_span(at), id=ident, indices=indices))

    def data_field(self) -> None:
        at = self.pos
        self.pos += 2
        ident = self.opt_id()
        self.take_index("data")
        if self.kind() == LPAR:
            memory = 0
            if self.at_field("memory"):
                self.pos += 2
                memory = self.index("memory")
                self.expect_rpar()
            offset = self.offset_expr()
            init = self.strings()
            data = Data(init, "active", memory, offset, span=self.field_span(at), id=ident)
        else:
            init = self.strings()
            data = Data(init, "passive", span=self.field_span(at), id=ident)
        self.expect_rpar()
        self.module.datas.append(data)


def parse_module_tokens(ts: TokenStream, pos: int, *, skip: int = 0) -> tuple[Module, int]:
    """Parse `(module ...)` starting at token `pos`; returns the module and the index after it.

    `skip` keywords after `module` are passed over (`(module definition ...)` in WAST)."""
    parser = ModuleParser(ts, pos)
    with nesting_room():
        module = parser.module_form(skip)
    return module, parser.pos


def parse_fields_tokens(ts: TokenStream, *, memory64: bool = True) -> Module:
    """A whole text that is `(module ...)` or just a sequence of fields (spec 6.6.14).

    `memory64=False` reads as 2.0 does: no `i64` memory or table types, u32 limits and offsets."""
    parser = ModuleParser(ts, 0)
    parser.memory64 = memory64
    n = len(ts)
    with nesting_room():
        if n >= 2 and ts.kinds[0] == LPAR and ts.texts[1] == "module" and ts.kinds[1] == KEYWORD:
            module = parser.module_form()
            if parser.pos != n:
                parser.unexpected(parser.pos)
            return module
        module = parser.fields(0, n)
        parser.keep_annotations(module, 0, len(ts.source))
        return module


__all__ = ["ModuleParser", "parse_module_tokens", "parse_fields_tokens"]
