"""An in-memory file system for preopened directories that map to nothing on disk.

The default sandbox for a playground: the guest can create, write, read,
rename and delete files, and nothing it does touches the host. Inode
numbers count up from 1 and timestamps come from the host's clock object
(the fake one by default), so a run is reproducible. A shared byte budget
bounds what all in-memory files together may hold (ENOSPC past it).
"""

from __future__ import annotations

from typing import Callable

from playground.hosts.wasi.abi import Errno, Filetype
from playground.hosts.wasi.errors import Fail
from playground.hosts.wasi.nodes import Stat

MEM_DEV = 1
MAX_FILE_BYTES = 1 << 32  # EFBIG past it, whatever the budget: a bytearray must stay allocatable


class MemFS:
    """Shared state of one in-memory tree: the inode counter, the clock and the byte budget."""

    def __init__(self, now: Callable[[], int], max_bytes: int | None = 64 << 20) -> None:
        self.now = now
        self.max_bytes = max_bytes
        self.used_bytes = 0
        self._next_ino = 0

    def ino(self) -> int:
        self._next_ino += 1
        return self._next_ino

    def reserve(self, delta: int) -> None:
        """Account for `delta` more bytes of file contents; ENOSPC past the budget."""
        if delta > 0 and self.max_bytes is not None and self.used_bytes + delta > self.max_bytes:
            raise Fail(Errno.NOSPC)
        self.used_bytes += delta

    def root(self) -> "MemDir":
        return MemDir(self)


class MemNode:
    filetype = Filetype.UNKNOWN

    def __init__(self, fs: MemFS) -> None:
        self.fs = fs
        self.ino = fs.ino()
        now = fs.now()
        self.atim = self.mtim = self.ctim = now
        self.nlink = 1

    @property
    def key(self):
        return ("mem", id(self.fs), self.ino)

    def size(self) -> int:
        return 0

    def stat(self) -> Stat:
        return Stat(MEM_DEV, self.ino, self.filetype, self.nlink, self.size(), self.atim, self.mtim, self.ctim)

    def set_times(self, atim: int | None, mtim: int | None) -> None:
        if atim is not None:
            self.atim = atim
        if mtim is not None:
            self.mtim = mtim
        self.ctim = self.fs.now()

    def touch(self) -> None:
        self.mtim = self.ctim = self.fs.now()


class MemSymlink(MemNode):
    filetype = Filetype.SYMBOLIC_LINK

    def __init__(self, fs: MemFS, target: str) -> None:
        super().__init__(fs)
        self.target = target

    def size(self) -> int:
        return len(self.target.encode())


class MemFile(MemNode):
    filetype = Filetype.REGULAR_FILE

    def __init__(self, fs: MemFS, data: bytes = b"") -> None:
        super().__init__(fs)
        fs.reserve(len(data))
        self.data = bytearray(data)

    def size(self) -> int:
        return len(self.data)

    def open(self, read: bool, write: bool, truncate: bool) -> "MemHandle":
        if truncate:
            self.resize(0)
        return MemHandle(self)

    def resize(self, n: int) -> None:
        if n > MAX_FILE_BYTES:
            raise Fail(Errno.FBIG)
        delta = n - len(self.data)
        self.fs.reserve(delta)
        if delta > 0:
            self.data.extend(bytes(delta))
        else:
            del self.data[n:]
        self.touch()


class MemHandle:
    """An open in-memory file: reads and writes go to the node's bytes (shared by every handle)."""

    def __init__(self, node: MemFile) -> None:
        self.node = node

    def read_at(self, n: int, offset: int) -> bytes:
        return bytes(self.node.data[offset : offset + n])

    def write_at(self, data: bytes, offset: int) -> int:
        node = self.node
        end = offset + len(data)
        if end > len(node.data):
            node.resize(end)
        node.data[offset:end] = data
        node.touch()
        return len(data)

    def size(self) -> int:
        return len(self.node.data)

    def set_size(self, n: int) -> None:
        self.node.resize(n)

    def sync(self) -> None:
        pass

    def stat(self) -> Stat:
        return self.node.stat()

    def set_times(self, atim: int | None, mtim: int | None) -> None:
        self.node.set_times(atim, mtim)

    def close(self) -> None:
        pass


class MemDir(MemNode):
    filetype = Filetype.DIRECTORY

    def __init__(self, fs: MemFS) -> None:
        super().__init__(fs)
        self.children: dict[str, MemNode] = {}

    @property
    def nlink(self) -> int:  # "." and the entry in the parent, plus each subdirectory's ".."
        return 2 + sum(isinstance(c, MemDir) for c in self.children.values())

    @nlink.setter
    def nlink(self, value: int) -> None:
        pass

    def size(self) -> int:
        return 0

    def lookup(self, name: str) -> MemNode | None:
        return self.children.get(name)

    def entries(self) -> list[tuple[str, MemNode]]:
        return sorted(self.children.items())

    def _add(self, name: str, node: MemNode) -> MemNode:
        if name in self.children:
            raise Fail(Errno.EXIST)
        self.children[name] = node
        self.touch()
        return node

    def mkdir(self, name: str) -> MemNode:
        return self._add(name, MemDir(self.fs))

    def create_file(self, name: str, data: bytes = b"") -> MemFile:
        return self._add(name, MemFile(self.fs, data))

    def symlink(self, name: str, target: str) -> MemNode:
        return self._add(name, MemSymlink(self.fs, target))

    def link(self, name: str, node) -> None:
        if not isinstance(node, MemNode) or node.fs is not self.fs:
            raise Fail(Errno.XDEV)
        if isinstance(node, MemDir):
            raise Fail(Errno.PERM)  # POSIX: no hard links to directories
        self._add(name, node)
        node.nlink += 1
        node.ctim = self.fs.now()

    def unlink(self, name: str) -> None:
        node = self.children.get(name)
        if node is None:
            raise Fail(Errno.NOENT)
        if isinstance(node, MemDir):
            raise Fail(Errno.ISDIR)
        self._drop(name, node)

    def rmdir(self, name: str) -> None:
        node = self.children.get(name)
        if node is None:
            raise Fail(Errno.NOENT)
        if not isinstance(node, MemDir):
            raise Fail(Errno.NOTDIR)
        if node.children:
            raise Fail(Errno.NOTEMPTY)
        del self.children[name]
        self.touch()

    def _drop(self, name: str, node: MemNode) -> None:
        del self.children[name]
        node.nlink -= 1
        if node.nlink == 0 and isinstance(node, MemFile):
            # the bytes stay readable through open handles (as POSIX keeps unlinked open files);
            # the budget forgets them, which only ever errs on the generous side
            self.fs.used_bytes -= len(node.data)
        self.touch()

    def contains(self, other: "MemDir") -> bool:
        """Whether `other` is this directory or lies beneath it."""
        if other is self:
            return True
        return any(isinstance(c, MemDir) and c.contains(other) for c in self.children.values())

    def rename(self, name: str, dst_dir, dst_name: str) -> None:
        """POSIX `rename`: replaces a file, or an empty directory with a directory."""
        if not isinstance(dst_dir, MemDir) or dst_dir.fs is not self.fs:
            raise Fail(Errno.XDEV)
        node = self.children.get(name)
        if node is None:
            raise Fail(Errno.NOENT)
        existing = dst_dir.children.get(dst_name)
        if existing is node:
            return
        if isinstance(node, MemDir) and node.contains(dst_dir):
            raise Fail(Errno.INVAL)  # a directory cannot move beneath itself
        if existing is not None:
            if isinstance(node, MemDir) and not isinstance(existing, MemDir):
                raise Fail(Errno.NOTDIR)
            if not isinstance(node, MemDir) and isinstance(existing, MemDir):
                raise Fail(Errno.ISDIR)
            if isinstance(existing, MemDir) and existing.children:
                raise Fail(Errno.NOTEMPTY)
            if isinstance(existing, MemDir):
                del dst_dir.children[dst_name]
            else:
                dst_dir._drop(dst_name, existing)
        del self.children[name]
        dst_dir.children[dst_name] = node
        node.ctim = self.fs.now()
        self.touch()
        dst_dir.touch()


def populate(root: MemDir, files: dict[str, bytes | str]) -> None:
    """Fill an in-memory directory: `{"notes.txt": b"...", "sub/data.bin": b"..."}` (parents are made)."""
    for path, content in files.items():
        parts = [p for p in path.split("/") if p not in ("", ".")]
        if not parts or ".." in parts:
            raise ValueError(f"bad in-memory file name {path!r}")
        d = root
        for part in parts[:-1]:
            child = d.lookup(part)
            if child is None:
                child = d.mkdir(part)
            if not isinstance(child, MemDir):
                raise ValueError(f"{path!r}: {part!r} is not a directory")
            d = child
        data = content.encode() if isinstance(content, str) else bytes(content)
        d.create_file(parts[-1], data)
