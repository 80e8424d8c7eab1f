"""The C toolchain: C and C++ to WebAssembly with zig (the optional `c` extra). No Qt.

    zig.py          finding the `ziglang` package, running zig, its libc cache (ToolchainMissing: how to install)
    compile.py      CompileOptions -> zig arguments; compile_c -> CompileResult (output, diagnostics, timing)
    diagnostics.py  clang's and the linker's messages as located `Diagnostic` values
    dwarf_trim.py   keep only the DWARF of the compiled files (drops libc's 850 KB of debug information)

`wasm-playground cc` (commands/cc.py), the window's Compile and the samples'
build script (samples/c/build.py) all compile through `compile_c`.
"""

from playground.toolchain.compile import CompileOptions, CompileResult, CompileUsageError, compile_c, zig_arguments
from playground.toolchain.diagnostics import Diagnostic
from playground.toolchain.zig import INSTALL_HINT, ZIG_VERSION, ToolchainFailure, ToolchainMissing, available, zig_version

__all__ = [
    "CompileOptions", "CompileResult", "CompileUsageError", "Diagnostic", "INSTALL_HINT", "ToolchainFailure",
    "ToolchainMissing", "ZIG_VERSION", "available", "compile_c", "zig_arguments", "zig_version",
]
