"""The subcommands of `wasm-playground`, one module each, in the order `--help` lists them.

A command module defines `NAME`, `HELP`, `configure(parser)` and
`main(args) -> int`, and imports heavy packages only inside `main`.
"""

COMMAND_MODULES = (
    "gui",
    "run",
    "debug",
    "cc",
    "wat2wasm",
    "wasm2wat",
    "objdump",
    "wast",
    "gpu",
    "bench",
    "samples",
    "selftest",
)
