"""The Bytecode panel's tree without Qt: one row per section of a binary, its functions under the code section."""

from __future__ import annotations

from playground.wasm.model import Module
from playground.wasm.objdump import scan_sections


def section_rows(data: bytes, module: Module | None) -> list[tuple[str, int, int, list[tuple[str, int, int]]]]:
    """(title, offset, size, children) per section; code sections list their function bodies.

    Uses the engine's section scanner (objdump).
    """
    rows = []
    for section in scan_sections(data):
        title = section.name if section.custom_name is None else f'Custom "{section.custom_name}"'
        if section.count is not None and section.name not in ("Start",):
            title += f" ({section.count})"
        children: list[tuple[str, int, int]] = []
        if section.name == "Code" and module is not None:
            base = module.num_imported_funcs
            for defined, func in enumerate(module.funcs):
                if func.offset is None:
                    continue
                last = func.body[-1] if func.body else None
                end = (last.offset + (last.length or 1)) if last is not None and last.offset is not None else func.offset
                name = module.func_name(base + defined)
                children.append((f"func[{base + defined}] {name}", func.offset, end - func.offset))
        rows.append((title, section.offset, section.end - section.offset, children))
    return rows
