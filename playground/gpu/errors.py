"""Errors of the GPU backend, each one a `PlaygroundError` a user can read in one line.

`ShaderError` carries the line and column that naga reports, so the editor can
turn it into a diagnostic and the CLI can print `file:line:col: message`.
"""

from __future__ import annotations

import re

from playground.errors import PlaygroundError


class GpuError(PlaygroundError):
    """Something in the GPU backend went wrong in a way the user can act on."""


class NoAdapterError(GpuError):
    """No usable GPU adapter (or wgpu itself is missing), or the CPU fallback was forced."""

    exit_code = 3


class DeviceLostError(NoAdapterError):
    """The GPU stopped working during a run (device lost, a dispatch rejected, a shipped shader unbuildable).

    Kernels with a numpy twin never raise it: they finish on the CPU (ops.py).
    Work without one (a user's WGSL) raises it, naming the shader.
    """


class KernelInputError(GpuError):
    """Arrays handed to a kernel have shapes or sizes the kernel cannot take."""


class BufferSpecError(GpuError):
    """A `NAME=SPEC` buffer description for the WGSL runner is malformed or does not fit."""


class ShaderError(GpuError):
    """A WGSL shader that naga (wgpu's shader compiler) refused.

    `line` and `column` are 1-based, as naga prints them, or None when the
    message carries no location (e.g. a pipeline layout mismatch).
    """

    def __init__(self, message: str, *, line: int | None = None, column: int | None = None,
                 source_name: str = "shader.wgsl", details: str = ""):
        self.message = message
        self.line = line
        self.column = column
        self.source_name = source_name
        self.details = details  # naga's full text, with its code frame, for a tooltip
        super().__init__(self._format())

    def _format(self) -> str:
        where = self.source_name
        if self.line is not None:
            where += f":{self.line}"
            if self.column is not None:
                where += f":{self.column}"
        return f"{where}: {self.message}"


def is_wgpu_error(exc: BaseException) -> bool:
    """Whether `exc` is one of wgpu's own errors (GPUValidationError, GPUOutOfMemoryError, GPUPipelineError, ...).

    Matched by class name so that this module does not import wgpu (it may be
    absent) and keeps working across wgpu versions.
    """
    return any(cls.__name__.startswith("GPU") and cls.__name__.endswith("Error") for cls in type(exc).__mro__)


def is_device_loss(exc: BaseException) -> bool:
    """Whether a wgpu error says the device itself is gone ("Parent device is lost", an internal error)."""
    if not is_wgpu_error(exc):
        return False
    text = str(exc).lower()
    return type(exc).__name__ == "GPUInternalError" or "device is lost" in text or "device lost" in text


def _specific_line(text: str, fallback: str) -> str:
    """The most specific line of a wgpu report: not its "Validation Error" / "Caused by:" boilerplate."""
    lines = [ln.strip() for ln in text.splitlines() if ln.strip()]
    boring = ("Validation Error", "Caused by:", "In wgpu")
    useful = [ln for ln in lines if not ln.startswith(boring) and not ln.startswith(("│", "┌", "="))]
    return useful[-1] if useful else (lines[-1] if lines else fallback)


def failure_reason(exc: BaseException) -> str:
    """A GPU failure in a few words for "GPU device lost (reason)": wgpu's specific line and the call it came from."""
    if isinstance(exc, ShaderError):
        return f"a shader failed to build: {exc}"
    if isinstance(exc, GpuError):
        return str(exc)
    if is_wgpu_error(exc):
        text = str(exc)
        call = re.search(r"In (wgpu\w+)", text)
        line = _specific_line(text, type(exc).__name__)
        return f"{type(exc).__name__}: {line}" + (f" (in {call.group(1)})" if call else "")
    return f"{type(exc).__name__}: {exc}"


# naga frames its diagnostics like codespan: "  ┌─ wgsl:5:22". Older versions print "wgsl:5:22"
# without the box character, so the box is optional.
_LOCATION = re.compile(r"(?:┌─\s*)?wgsl:(\d+):(\d+)")
# The headline is the line naming the error, e.g. "Shader '' parsing error: expected expression".
_HEADLINE = re.compile(r"^\s*Shader\s+'[^']*'\s+(?:parsing|validation)\s+error:\s*(.+)$", re.M)


def shader_error_from_wgpu(text: str, source_name: str = "shader.wgsl") -> ShaderError:
    """Turn the text of a wgpu/naga validation error into a `ShaderError` with its location."""
    location = _LOCATION.search(text)
    line = int(location.group(1)) if location else None
    column = int(location.group(2)) if location else None
    headline = _HEADLINE.search(text)
    if headline:
        message = headline.group(1).strip()
    else:
        # Not a naga parse/validation report (e.g. "Error matching ShaderStages"): keep the
        # most specific non-boilerplate line.
        message = _specific_line(text, "shader rejected")
    return ShaderError(message, line=line, column=column, source_name=source_name, details=text.strip())
