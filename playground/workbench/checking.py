"""Live checking of WAT text without Qt: parse, then validate, and turn errors into diagnostics.

Runs in a worker thread (ui/editor/live_check.py).
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from playground.errors import PlaygroundError
from playground.wasm.errors import InvalidError, SourceSpan, WasmError
from playground.wasm.model import Module
from playground.wasm.text.parse import parse_module
from playground.wasm.validate import validate_module


@dataclass(frozen=True)
class Diagnostic:
    """One problem in a buffer: where, what, and how bad ("error", "warning" or "info")."""

    span: SourceSpan | None
    message: str
    severity: str = "error"


@dataclass(frozen=True)
class CheckResult:
    diagnostics: tuple[Diagnostic, ...]
    validated: bool = False  # True only when the validator ran and passed
    module: Module | None = None  # the parsed module, when parsing succeeded
    binary: bytes | None = None  # the module assembled, for the bytecode view
    binary_module: Module | None = None  # `binary` decoded again: instructions with byte offsets
    binary_note: str = ""  # why there is no binary


def _span_of_invalid(error: InvalidError, module: Module) -> SourceSpan | None:
    """An InvalidError without a span points at an instruction: take that instruction's span."""
    if error.span is not None:
        return error.span
    if error.func_index is None:
        return None
    defined = error.func_index - module.num_imported_funcs
    if not 0 <= defined < len(module.funcs):
        return None
    func = module.funcs[defined]
    if error.instr_index is not None and 0 <= error.instr_index < len(func.body):
        return func.body[error.instr_index].span or func.span
    return func.span


def check_wat(text: str, file: str | None = None) -> CheckResult:
    """Parse and validate `text`; every engine error becomes one Diagnostic."""
    try:
        module = parse_module(text, file=file)
    except WasmError as exc:
        return CheckResult((Diagnostic(exc.span, exc.message, "error"),))
    except Exception as exc:  # noqa: BLE001 - a parser bug must not kill the editor
        return CheckResult((Diagnostic(None, f"internal error in the parser: {type(exc).__name__}: {exc}", "warning"),))
    try:
        validate_module(module)
    except InvalidError as exc:
        message = exc.message if exc.instr_name is None else f"{exc.message} (at {exc.instr_name})"
        return CheckResult((Diagnostic(_span_of_invalid(exc, module), message, "error"),), module=module)
    except WasmError as exc:
        return CheckResult((Diagnostic(exc.span, exc.message, "error"),), module=module)
    except Exception as exc:  # noqa: BLE001
        message = f"internal error in the validator: {type(exc).__name__}: {exc}"
        return CheckResult((Diagnostic(None, message, "warning"),), module=module)
    return CheckResult((), validated=True, module=module)


def with_binary(result: CheckResult) -> CheckResult:
    """Add the assembled bytes (and their decoded module) to a check that produced a module."""
    if result.module is None:
        return result
    from playground.workbench.program import decode_binary, encode

    try:
        data = encode(result.module)
        decoded = decode_binary(data)
    except PlaygroundError as exc:
        return replace(result, binary_note=str(exc))
    except Exception as exc:  # noqa: BLE001 - an encoder bug shows as a note, not a crash
        return replace(result, binary_note=f"internal error while assembling: {type(exc).__name__}: {exc}")
    return replace(result, binary=data, binary_module=decoded)
