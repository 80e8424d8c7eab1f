"""The WGSL runner panel's logic without Qt: binding rows as `NAME=SPEC` fills, the dispatch grid in words, located diagnostics.

Each binding row turns into the `NAME=SPEC` text of `gpu.buffer_spec` -- the
same text `wasm-playground gpu run --buffer` takes -- so the panel can show
the equivalent command line.
"""

from __future__ import annotations

from dataclasses import dataclass

from playground.gpu.buffer_spec import element_and_count
from playground.gpu.wgsl_reflect import Binding
from playground.wasm.errors import SourceSpan


def access_of(binding: Binding) -> str:
    """`uniform`, `read` or `read_write`: how the shader may use the buffer."""
    return "uniform" if binding.space == "uniform" else binding.access


def layout_text(binding: Binding) -> str:
    """The buffer's size in WGSL layout: `4 B x n` for a runtime-sized array, the byte size otherwise."""
    assert binding.type is not None
    element, fixed = element_and_count(binding.type)
    if fixed is None:
        return f"{element.stride} B x n"
    if binding.type.kind == "array":
        return f"{binding.type.size} B ({fixed} x {element.stride} B)"
    return f"{binding.type.size} B"


def default_fill(binding: Binding) -> str:
    """Inputs count up (so results are easy to check), outputs start at zero, uniforms at one."""
    if binding.space == "uniform":
        return "ones"
    return "zeros" if binding.writable else "range"


@dataclass(frozen=True)
class Fill:
    """What the user chose for one buffer."""

    kind: str
    param: str = ""
    length: int = 256


# kind -> its SPEC text; `{seed}` is `:seed=PARAM`, or nothing when no seed was typed
_SPEC_FORMATS = {"random": "random{count}{seed}", "values": "values:{param}", "expr": "expr{count}:{param}"}


def spec_text(kind: str, param: str, length: int | None) -> str:
    """The SPEC of `NAME=SPEC` for a fill; `length` None for fixed-size types (they have their own)."""
    param = param.strip()
    count = "" if length is None else f":{length}"
    seed = f":seed={param}" if param else ""
    return _SPEC_FORMATS.get(kind, "{kind}{count}").format(kind=kind, count=count, param=param, seed=seed)


def to_editor_diagnostics(source: str, items: list[tuple[int, int, str]]) -> list[tuple[SourceSpan, str, str]]:
    """(line, column, message) from the `diagnostics` signal as `CodeEditor.set_diagnostics` takes them.

    The spans are empty; the editor widens an empty span to the word at it.
    """
    starts = [0]
    for line_text in source.splitlines(keepends=True):
        starts.append(starts[-1] + len(line_text))
    out = []
    for line, column, message in items:
        line = max(1, min(line, len(starts)))
        offset = min(starts[line - 1] + max(column, 1) - 1, len(source))
        out.append((SourceSpan(line, column, line, column, offset, offset), message, "error"))
    return out


def grid_text(workgroups: tuple[int, int, int], workgroup_size: tuple[int, int, int]) -> str:
    """`4 x 1 x 1 workgroups of @workgroup_size(64, 1, 1) = 256 invocations`."""
    invocations = 1
    for count, size in zip(workgroups, workgroup_size):
        invocations *= count * size
    size = ", ".join(map(str, workgroup_size))
    return f"of @workgroup_size({size}) = {invocations:,} invocations"
