"""The disassembler: a `Module` to WAT text that reassembles to the same bytes, with a line map.

Instructions print plain (unfolded), one per line, indented by block depth.
Every type use names its type index explicitly, so no implicit type is ever
created when the text is read back; debug names (`Module.names`) become
`$ids` where they are valid and unique, else indices are printed.
`PrintedModule.lines` maps (funcidx, instruction index) to the line
holding that instruction, which is what the debugger's source view needs.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from playground.wasm.instructions import Arity, op
from playground.wasm.model import Elem, Instr, Module, Names
from playground.wasm.text.format import field_ref, format_instr, indentation, is_valid_id, type_text
from playground.wasm.types import ArrayType, ExternKind, FuncType, GlobalType, Limits, StructType, TableType, ValType

_END, _ELSE = op("end"), op("else")
_INDENT = "  "


@dataclass
class PrintedModule:
    """The text of a module and where each instruction landed (1-based lines)."""

    text: str
    lines: dict[tuple[int, int], int] = field(default_factory=dict)  # (funcidx, instr index) -> line
    func_lines: dict[int, int] = field(default_factory=dict)  # funcidx -> line of `(func`
    names: Names = field(default_factory=Names)  # the names actually printed as $ids

    def line_of(self, func_index: int, instr_index: int) -> int | None:
        """The line of one instruction of a defined or imported function's index space."""
        return self.lines.get((func_index, instr_index))

    def location_of_line(self, line: int) -> tuple[int, int] | None:
        """The first instruction on `line` as (funcidx, instr index), or None."""
        for key, at in self.lines.items():
            if at == line:
                return key
        return None


def _unique_valid(table: dict[int, str]) -> dict[int, str]:
    seen: set[str] = set()
    out = {}
    for index in sorted(table):
        name = table[index]
        if name and is_valid_id(name) and name not in seen:
            seen.add(name)
            out[index] = name
    return out


def printable_names(names: Names) -> Names:
    """The subset of `names` that can be written as `$ids`: valid and unique in each space."""
    return Names(
        module=names.module if names.module and is_valid_id(names.module) else None,
        funcs=_unique_valid(names.funcs),
        locals={f: _unique_valid(ls) for f, ls in names.locals.items()},
        types=_unique_valid(names.types),
        tables=_unique_valid(names.tables),
        memories=_unique_valid(names.memories),
        globals=_unique_valid(names.globals),
        elems=_unique_valid(names.elems),
        datas=_unique_valid(names.datas),
        tags=_unique_valid(names.tags),
        fields={t: _unique_valid(fs) for t, fs in names.fields.items()},
    )


def quote(data: bytes) -> str:
    """A string literal for arbitrary bytes (spec 6.3.3)."""
    out = ['"']
    for byte in data:
        if 0x20 <= byte < 0x7F and byte not in (0x22, 0x5C):
            out.append(chr(byte))
        else:
            out.append(f"\\{byte:02x}")
    out.append('"')
    return "".join(out)


def _quote_name(name: str) -> str:
    return quote(name.encode("utf-8"))


def name_text(name: str) -> str:
    """A name for one line of a listing (`run`'s exports, objdump): itself when plain, else quoted as wasm2wat quotes it.

    Plain means printable, without quotes or backslashes: a newline, a tab or a
    terminal escape in a name must not break a line or drive the terminal.
    """
    if name and name.isprintable() and '"' not in name and "\\" not in name and not name.isspace():
        return name
    return _quote_name(name)


class _Printer:
    def __init__(self, module: Module) -> None:
        self.module = module
        self.names = printable_names(module.names)
        self.out: list[str] = []
        self.printed = PrintedModule("", names=self.names)

    def line(self, text: str, depth: int = 1) -> int:
        self.out.append(indentation(depth, _INDENT) + text)
        return len(self.out)

    def ident(self, space: str, index: int) -> str:
        name = getattr(self.names, space).get(index)
        return f" ${name}" if name else ""

    def ref(self, space: str, index: int) -> str:
        name = getattr(self.names, space).get(index)
        return f"${name}" if name else str(index)

    # --- pieces -----------------------------------------------------------------------

    @staticmethod
    def limits(limits: Limits) -> str:
        """`min max?`, after `i64` for a 64-bit memory or table (3.0)."""
        text = str(limits.min) if limits.max is None else f"{limits.min} {limits.max}"
        return f"i64 {text}" if limits.is64 else text

    def type(self, t) -> str:
        return type_text(t, self.names)

    def tabletype(self, t: TableType) -> str:
        return f"{self.limits(t.limits)} {self.type(t.elem)}"

    def globaltype(self, t: GlobalType) -> str:
        return f"(mut {self.type(t.valtype)})" if t.mutable else self.type(t.valtype)

    def typeuse(self, typeidx: int, param_names: dict[int, str] | None = None) -> str:
        parts = [f"(type {self.ref('types', typeidx)})"]
        if typeidx < len(self.module.types) and isinstance(self.module.types[typeidx], FuncType):
            functype = self.module.types[typeidx]
            unnamed: list[str] = []
            for i, t in enumerate(functype.params):
                name = (param_names or {}).get(i)
                if name:
                    if unnamed:
                        parts.append(f"(param {' '.join(unnamed)})")
                        unnamed = []
                    parts.append(f"(param ${name} {self.type(t)})")
                else:
                    unnamed.append(self.type(t))
            if unnamed:
                parts.append(f"(param {' '.join(unnamed)})")
            if functype.results:
                parts.append(f"(result {' '.join(self.type(t) for t in functype.results)})")
        return " ".join(parts)

    def const_expr(self, expr: list[Instr]) -> str:
        body = [format_instr(i, self.names) for i in expr if i.op.name != "end" or i is not expr[-1]]
        if len(body) == 1:
            return f"({body[0]})"
        return f"(offset {' '.join(body)})" if body else "(offset)"

    def init_expr(self, expr: list[Instr]) -> str:
        body = [format_instr(i, self.names) for i in expr[:-1]]
        return f"({body[0]})" if len(body) == 1 else " ".join(body)

    # --- fields -----------------------------------------------------------------------

    def run(self) -> PrintedModule:
        m = self.module
        self.out.append(f"(module{' $' + self.names.module if self.names.module else ''}")
        for i, deftype in enumerate(m.types):
            text = f"(type{self.ident('types', i)} (;{i};) {self.deftype(i, deftype)})"
            if deftype.rec_size > 1:  # 3.0: a recursive group, opened before its first type
                text = ("(rec " if deftype.rec_pos == 0 else "     ") + text
                text += ")" if deftype.rec_pos == deftype.rec_size - 1 else ""
            self.line(text)
        counters = {kind: 0 for kind in ExternKind}
        for imp in m.imports:
            index = counters[imp.kind]
            counters[imp.kind] += 1
            head = f'(import {_quote_name(imp.module)} {_quote_name(imp.name)}'
            if imp.kind is ExternKind.FUNC:
                desc = f"(func{self.ident('funcs', index)} (;{index};) {self.typeuse(imp.desc)})"
            elif imp.kind is ExternKind.TABLE:
                desc = f"(table{self.ident('tables', index)} (;{index};) {self.tabletype(imp.desc)})"
            elif imp.kind is ExternKind.MEMORY:
                desc = f"(memory{self.ident('memories', index)} (;{index};) {self.limits(imp.desc.limits)})"
            elif imp.kind is ExternKind.TAG:
                desc = f"(tag{self.ident('tags', index)} (;{index};) {self.typeuse(imp.desc)})"
            else:
                desc = f"(global{self.ident('globals', index)} (;{index};) {self.globaltype(imp.desc)})"
            self.line(f"{head} {desc})")
        base = counters[ExternKind.FUNC]
        for i, func in enumerate(m.funcs):
            self.func(base + i, func)
        base = counters[ExternKind.TABLE]
        for i, table in enumerate(m.tables):
            init = m.table_inits.get(i)  # 3.0: an initial value
            init_text = f" {self.init_expr(init)}" if init is not None else ""
            self.line(f"(table{self.ident('tables', base + i)} (;{base + i};) {self.tabletype(table)}{init_text})")
        base = counters[ExternKind.MEMORY]
        for i, mem in enumerate(m.mems):
            self.line(f"(memory{self.ident('memories', base + i)} (;{base + i};) {self.limits(mem.limits)})")
        base = counters[ExternKind.TAG]
        for i, tag in enumerate(m.tags):
            self.line(f"(tag{self.ident('tags', base + i)} (;{base + i};) {self.typeuse(tag.typeidx)})")
        base = counters[ExternKind.GLOBAL]
        for i, glob in enumerate(m.globals):
            index = base + i
            self.line(f"(global{self.ident('globals', index)} (;{index};) {self.globaltype(glob.type)} {self.init_expr(glob.init)})")
        spaces = {ExternKind.FUNC: "funcs", ExternKind.TABLE: "tables", ExternKind.MEMORY: "memories", ExternKind.GLOBAL: "globals",
                  ExternKind.TAG: "tags"}
        for export in m.exports:
            self.line(f"(export {_quote_name(export.name)} ({export.kind.text} {self.ref(spaces[export.kind], export.index)}))")
        if m.start is not None:
            self.line(f"(start {self.ref('funcs', m.start)})")
        for i, elem in enumerate(m.elems):
            self.elem(i, elem)
        for i, data in enumerate(m.datas):
            head = f"(data{self.ident('datas', i)} (;{i};)"
            if data.mode == "active":
                memory = f" (memory {self.ref('memories', data.memory)})" if data.memory else ""
                head += f"{memory} {self.const_expr(data.offset or [])}"
            self.line(f"{head} {quote(data.init)})")
        self.out.append(")")
        self.printed.text = "\n".join(self.out) + "\n"
        return self.printed

    def elem(self, index: int, elem: Elem) -> None:
        head = f"(elem{self.ident('elems', index)} (;{index};)"
        if elem.mode == "declarative":
            head += " declare"
        elif elem.mode == "active":
            table = f" (table {self.ref('tables', elem.table)})" if elem.table else ""
            head += f"{table} {self.const_expr(elem.offset or [])}"
        func_form = elem.type is ValType.FUNCREF and all(
            len(item) == 2 and item[0].op.name == "ref.func" and item[1].op.name == "end" for item in elem.init
        )
        if func_form:
            items = "".join(f" {self.ref('funcs', item[0].imm[0])}" for item in elem.init)
            self.line(f"{head} func{items})")
        else:
            items = "".join(f" (item {' '.join(format_instr(i, self.names) for i in item[:-1])})" for item in elem.init)
            self.line(f"{head} {self.type(elem.type)}{items})")

    def func(self, index: int, func) -> None:
        local_names = self.names.locals.get(index, {})
        header = f"(func{self.ident('funcs', index)} (;{index};) {self.typeuse(func.typeidx, local_names)}"
        self.printed.func_lines[index] = self.line(header)
        types = self.module.types
        nparams = len(types[func.typeidx].params) if func.typeidx < len(types) and isinstance(types[func.typeidx], FuncType) else 0
        for i, t in enumerate(func.locals):
            name = local_names.get(nparams + i)
            self.line(f"(local ${name} {self.type(t)})" if name else f"(local {self.type(t)})", 2)
        depth = 2
        body = func.body
        last = len(body) - 1
        lines = self.printed.lines
        for k, instr in enumerate(body):
            o = instr.op
            if k == last and o is _END:
                lines[(index, k)] = self.line(")")
                continue
            if o.arity is Arity.STRUCTURED:  # `else` and `end` close a level
                depth -= 1
            lines[(index, k)] = self.line(format_instr(instr, self.names, index), depth)
            if o.arity is Arity.BLOCK or o is _ELSE:  # `block`, `loop`, `if` and `else` open one
                depth += 1


    def deftype(self, index: int, t) -> str:
        """`(func ...)`, `(struct ...)` or `(array ...)`, inside `(sub final? $super ...)` unless final alone;
        struct fields by their names: `(struct (field $value i32) (field $next (ref null $node)))`."""
        if isinstance(t, FuncType):
            params = f" (param {' '.join(self.type(p) for p in t.params)})" if t.params else ""
            results = f" (result {' '.join(self.type(r) for r in t.results)})" if t.results else ""
            comp = f"(func{params}{results})"
        elif isinstance(t, StructType):
            fields = self.names.fields.get(index, {})
            comp = "(struct" + "".join(
                f" (field{' ' + field_ref(self.names, index, i) if i in fields else ''} {self.type(f)})"
                for i, f in enumerate(t.fields)) + ")"
        elif isinstance(t, ArrayType):
            comp = f"(array {self.type(t.element)})"
        else:
            comp = str(t)
        if not t.supers and t.final:
            return comp
        supers = "".join(f" {self.ref('types', s)}" for s in t.supers)
        return f"(sub{' final' if t.final else ''}{supers} {comp})"


def print_module(module: Module) -> PrintedModule:
    """WAT text for `module` (reassembles to the same bytes) and its line map."""
    return _Printer(module).run()


__all__ = ["print_module", "PrintedModule", "printable_names", "quote"]
