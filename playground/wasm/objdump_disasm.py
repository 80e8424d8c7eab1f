"""The `-d` part of objdump: every function body, one instruction a line with its offset and bytes.

    000099 func[1] <s>:
     00009a: 20 00                      | local.get 0 <p>

Instruction text is the playground's one WAT spelling (`text.format.format_instr`);
indices are numbers followed by wasm-objdump's `<name>` notes. Names come
from the `name` section, else from exports and imports, as wasm-objdump
finds them.
"""

from __future__ import annotations

from playground.wasm.binary.leb128 import read_unsigned
from playground.wasm.model import Instr, Module
from playground.wasm.text.format import format_instr, indentation  # shared with the disassembler and the GUI
from playground.wasm.text.print import name_text
from playground.wasm.types import ExternKind, ValType

BYTES_PER_LINE = 9  # wasm-objdump's hex column holds nine bytes


class NameLookup:
    """Names for indices, as wasm-objdump finds them."""

    def __init__(self, module: Module) -> None:
        n = module.names
        self.module = module
        self._maps = {
            "func": dict(n.funcs),
            "global": dict(n.globals),
            "table": dict(n.tables),
            "memory": dict(n.memories),
            "elem": dict(n.elems),
            "data": dict(n.datas),
            "type": dict(n.types),
        }
        exported: dict[str, dict[int, str]] = {"func": {}, "global": {}}
        for export in module.exports:  # the last export of an index names it, as in wasm-objdump
            if export.kind in (ExternKind.FUNC, ExternKind.GLOBAL):
                exported[export.kind.text][export.index] = export.name
        for kind, mapping in exported.items():
            for index, name in mapping.items():
                self._maps[kind].setdefault(index, name)
        counters = dict.fromkeys(ExternKind, 0)
        for imp in module.imports:
            index = counters[imp.kind]
            counters[imp.kind] += 1
            if imp.kind in (ExternKind.FUNC, ExternKind.GLOBAL):
                self._maps[imp.kind.text].setdefault(index, f"{imp.module}.{imp.name}")  # escaped as one name when shown
        self._locals = n.locals

    def suffix(self, kind: str, index: int | None) -> str:
        """` <name>` for an index of that kind, or an empty string."""
        name = self._maps.get(kind, {}).get(index)
        return f" <{name_text(name)}>" if name else ""

    def local_suffix(self, funcidx: int, index: int) -> str:
        name = self._locals.get(funcidx, {}).get(index)
        return f" <{name_text(name)}>" if name else ""


# --- disassembly ----------------------------------------------------------------


def _byte_lines(offset: int, raw: bytes, text: str) -> list[str]:
    lines = []
    for i in range(0, max(len(raw), 1), BYTES_PER_LINE):
        chunk = raw[i : i + BYTES_PER_LINE]
        hex_column = "".join(f"{b:02x} " for b in chunk)
        lines.append(f" {offset + i:06x}: {hex_column:<27}| {text if i == 0 else ''}")
    return lines


def _annotation(instr: Instr, funcidx: int, names: NameLookup) -> str:
    kind = instr.op.imm
    if kind == "func":
        return names.suffix("func", instr.imm[0])
    if kind == "global":
        return names.suffix("global", instr.imm[0])
    if kind == "local":
        return names.local_suffix(funcidx, instr.imm[0])
    return ""


_OPENERS = frozenset(("block", "loop", "if", "else", "try_table"))
_CLOSERS = frozenset(("else", "end"))


def disassemble_function(module: Module, funcidx: int, data: bytes, names: NameLookup) -> list[str]:
    """The lines of one defined function (funcidx counts imports first)."""
    func = module.funcs[funcidx - module.num_imported_funcs]
    _size, pos = read_unsigned(data, func.offset, 32)
    lines = [f"{pos:06x} func[{funcidx}]{names.suffix('func', funcidx)}:"]
    entries, pos = read_unsigned(data, pos, 32)
    # The module may be invalid (objdump shows any well-formed binary): a bad type index counts no params.
    local_index = len(module.types[func.typeidx].params) if func.typeidx < len(module.types) else 0
    for _ in range(entries):
        start = pos
        count, pos = read_unsigned(data, pos, 32)
        valtype = ValType.from_code(data[pos])
        pos += 1
        span = "" if count == 0 else f"{local_index}" if count == 1 else f"{local_index}..{local_index + count - 1}"
        lines += _byte_lines(start, data[start:pos], f"local[{span}] type={valtype}")
        local_index += count
    depth = 0
    for instr in func.body:
        name = instr.op.name
        if name in _CLOSERS:
            depth = max(depth - 1, 0)
        text = indentation(depth) + format_instr(instr) + _annotation(instr, funcidx, names)
        raw = data[instr.offset : instr.offset + instr.length]
        lines += _byte_lines(instr.offset, raw, text)
        if name in _OPENERS:
            depth += 1
    return lines


def disassemble_code(module: Module, data: bytes, names: NameLookup) -> list[str]:
    """Every defined function's disassembly, in index order."""
    lines = []
    base = module.num_imported_funcs
    for i in range(len(module.funcs)):
        lines += disassemble_function(module, base + i, data, names)
    return lines
