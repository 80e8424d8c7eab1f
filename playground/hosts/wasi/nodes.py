"""What the WASI calls need of a file system, whichever backs it (memfs.py in memory, hostfs.py on disk).

A *node* is a directory, a file or a symbolic link:

- every node: `filetype` (abi.Filetype), `key` (equal for the same file: hard links,
  two lookups of one host file), `stat() -> Stat`, `set_times(atim, mtim)` (None: unchanged).
- a directory also: `lookup(name) -> node | None` (never follows a symlink), `entries()`
  (sorted (name, node) pairs, without "." and ".."), `mkdir(name)`, `create_file(name)`,
  `symlink(name, target)`, `link(name, node)`, `unlink(name)`, `rmdir(name)`,
  `rename(name, dst_dir, dst_name)`.
- a file also: `open(read, write, truncate) -> handle`.
- a symbolic link also: `target` (its contents, a path string).

A *handle* is an open file: `read_at(n, offset)`, `write_at(data, offset)`, `size()`,
`set_size(n)`, `sync()`, `stat()`, `set_times(atim, mtim)`, `close()`.

Names handed to a directory are single components: no "/", never "", "." or "..", no
NUL (resolve.py guarantees it). Failures raise `Fail(errno)` or `OSError` (mapped by
errors.errno_from_os). Path resolution, and so the sandbox, lives in resolve.py, above
both backends: a backend never sees a path with more than one component.
"""

from __future__ import annotations

from dataclasses import dataclass

from playground.hosts.wasi.abi import Filetype


@dataclass(frozen=True)
class Stat:
    """The fields of a `filestat`."""

    dev: int
    ino: int
    filetype: Filetype
    nlink: int
    size: int
    atim: int
    mtim: int
    ctim: int
