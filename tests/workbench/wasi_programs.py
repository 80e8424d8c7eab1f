"""Small WASI programs in WAT for the window's tests: write a text to stdout, then do something else."""

from __future__ import annotations

FD_READ = '(import "wasi_snapshot_preview1" "fd_read" (func $fd_read (param i32 i32 i32 i32) (result i32)))'
READ_16_AT_64 = """(i32.store (i32.const 0) (i32.const 64))
    (i32.store (i32.const 4) (i32.const 16))
    (drop (call $fd_read (i32.const 0) (i32.const 0) (i32.const 1) (i32.const 8)))"""


def write_then(text: str, then: str, imports: str = "") -> str:
    """A module whose `_start` writes `text` (ASCII, at most 40 bytes) to stdout with fd_write, then runs `then`."""
    escaped = text.replace("\n", "\\n")
    return f"""(module
  (import "wasi_snapshot_preview1" "fd_write" (func $fd_write (param i32 i32 i32 i32) (result i32)))
  {imports}
  (memory (export "memory") 1)
  (data (i32.const 16) "{escaped}")
  (func (export "_start")
    (i32.store (i32.const 0) (i32.const 16))
    (i32.store (i32.const 4) (i32.const {len(text)}))
    (drop (call $fd_write (i32.const 1) (i32.const 0) (i32.const 1) (i32.const 8)))
    {then}))
"""


PROMPT_THEN_READ = write_then("name? ", READ_16_AT_64, FD_READ)
FIRST_LINE_THEN_SPIN = write_then("first line\n", "(loop $spin (br $spin))")
