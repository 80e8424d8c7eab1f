"""The C toolchain: C and C++ to WebAssembly with zig (the optional `c` extra). No Qt.

    which_zig.py    which zig: PLAYGROUND_ZIG, the `ziglang` package, PATH; checked once; what to do without one
    zig.py          running that zig, its libc cache; ToolchainMissing (what this installation can do)
    compile.py      CompileOptions -> zig arguments; compile_c -> CompileResult (output, diagnostics, timing)
    diagnostics.py  clang's and the linker's messages as located `Diagnostic` values
    dwarf_trim.py   keep only the DWARF of the compiled files (drops libc's 850 KB of debug information)

`wasm-playground cc` (commands/cc.py), the window's Compile and the samples'
build script (samples/c/build.py) all compile through `compile_c`.
"""

from playground.toolchain.compile import CompileOptions, CompileResult, CompileUsageError, compile_c, zig_arguments
from playground.toolchain.diagnostics import Diagnostic
from playground.toolchain.which_zig import ZIG_VERSION, install_hint
from playground.toolchain.zig import (
    ToolchainFailure, ToolchainMissing, available, describe, missing_message, version_warning, zig_version,
)

__all__ = [
    "CompileOptions", "CompileResult", "CompileUsageError", "Diagnostic", "ToolchainFailure", "ToolchainMissing",
    "ZIG_VERSION", "available", "compile_c", "describe", "install_hint", "missing_message", "version_warning",
    "zig_arguments", "zig_version",
]
