"""Glue between the window and the engine, without Qt: load a program, list its exports, read arguments.

Programs are parsed and decoded by the program loader (playground/wasm/loader.py)
and arguments read by the value vocabulary (playground/wasm/values.py), as on
the command line: the run bar reads `0x1p3`, `nan:0x200000` and `-inf` as
`wasm-playground run --invoke` does.
"""

from __future__ import annotations

from dataclasses import dataclass

from playground.debug.snapshot import ValueView
from playground.errors import PlaygroundError
from playground.workbench.controller import Program
from playground.wasm.binary.encode import encode_module
from playground.wasm.loader import Source, parse_source
from playground.wasm.model import Module
from playground.wasm.text.format import type_text
from playground.wasm.types import ExternKind, ValType
from playground.wasm.values import ValueTextError, format_value, parse_value


class ArgumentError(PlaygroundError):
    """An argument typed in the run bar that does not read as its parameter's type."""


@dataclass(frozen=True)
class ExportSig:
    """An exported function as the run bar shows it: name, parameter names and types, results."""

    name: str
    funcidx: int
    params: tuple[ValType, ...]
    param_names: tuple[str, ...]
    results: tuple[ValType, ...]
    param_texts: tuple[str, ...] = ()  # the types as text, by name where the module names them: (ref null $node)
    result_texts: tuple[str, ...] = ()

    def __str__(self) -> str:
        params = " ".join(self.param_texts or map(str, self.params))
        results = " ".join(self.result_texts or map(str, self.results))
        return f"{self.name} [{params}] -> [{results}]"


def parse_text(text: str, file: str | None = None) -> Module:
    """Parse WAT (an editor's text) through the program loader."""
    return parse_source(Source.of_text(text, file))


def decode_binary(data: bytes, file: str | None = None) -> Module:
    """Decode a .wasm binary through the program loader."""
    return parse_source(Source.of_binary(data, file))


def encode(module: Module) -> bytes:
    """The binary of a module."""
    return encode_module(module)


def load_module(program: Program) -> Module:
    """The module of a program: parsed from text or decoded from bytes."""
    if program.binary is not None:
        return parse_source(Source.of_binary(program.binary, program.file))
    return parse_source(Source.of_text(program.text or "", program.file))


def exports_of(module: Module) -> list[ExportSig]:
    """The exported functions with their signatures, in export order.

    Parameters are named as the source names them (`$n`), or `p0`, `p1`... when unnamed
    (a binary without a name section).
    """
    types = module.func_types()
    sigs = []
    for export in module.exports:
        if export.kind is not ExternKind.FUNC or export.index >= len(types):
            continue
        functype = types[export.index]
        local_names = module.names.locals.get(export.index, {})
        names = tuple(f"${local_names[i]}" if i in local_names else f"p{i}" for i in range(len(functype.params)))
        sigs.append(ExportSig(export.name, export.index, tuple(functype.params), names, tuple(functype.results),
                              tuple(type_text(t, module.names) for t in functype.params),
                              tuple(type_text(t, module.names) for t in functype.results)))
    return sigs


def parse_arg(text: str, valtype: ValType):
    """A run-bar argument as the raw value of `valtype` (playground.wasm.values.parse_value's rules).

    Raw, so that a NaN's payload survives: start the session with `raw=True`.
    """
    try:
        return parse_value(text, valtype)
    except ValueTextError as exc:
        raise ArgumentError(str(exc)) from None


def value_view(valtype: ValType, raw) -> ValueView:
    """A ValueView of a raw runtime value (unsigned ints, float bit patterns), formatted once."""
    return ValueView(
        type=str(valtype),
        raw=raw,
        text=format_value(valtype, raw),
        hex=format_value(valtype, raw, hex=True) if valtype.is_num or valtype is ValType.V128 else format_value(valtype, raw),
    )
