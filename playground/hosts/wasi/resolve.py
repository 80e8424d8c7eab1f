"""Path resolution inside a sandbox: where the guest can never get out of its directory.

Every directory descriptor is its own root, as in wasmtime (cap-std): a path
is resolved one component at a time from the descriptor's directory, keeping
the stack of directories walked; `..` pops that stack and popping the root
is an escape. Symbolic links are read and spliced into the remaining path
here, never by the OS, so a link is checked like any other path: an absolute
target, or one climbing above the root, is an escape too. Escapes fail with
EPERM, as wasmtime answers (checked in the tests against it). After 40
links the lookup fails with ELOOP, as Linux does.
"""

from __future__ import annotations

from dataclasses import dataclass

from playground.hosts.wasi.abi import Errno, Filetype
from playground.hosts.wasi.errors import Fail

MAX_SYMLINKS = 40
ESCAPE = Errno.PERM


@dataclass
class Resolved:
    """Where a path led.

    `parent` and `name` are the directory holding the final component and its
    name; `node` is what is there (None: nothing yet, e.g. a file to create).
    When the path ends in "." or ".." (or is "." itself), `name` is None and
    `node` is that directory. `trailing_slash`: the path ended in "/", so its
    final component must be a directory.
    """

    parent: object
    name: str | None
    node: object
    trailing_slash: bool = False

    @property
    def is_dir(self) -> bool:
        return self.node is not None and self.node.filetype is Filetype.DIRECTORY


def check_path(path: str) -> None:
    """The failures that do not depend on the tree: NUL, empty, absolute."""
    if "\0" in path:
        raise Fail(Errno.INVAL)
    if path == "":
        raise Fail(Errno.NOENT)
    if path.startswith("/"):
        raise Fail(ESCAPE)


def resolve(root, path: str, *, follow: bool) -> Resolved:
    """Resolve `path` from directory node `root`; `follow`: a final symlink is followed too.

    Intermediate symlinks are always followed. A trailing slash follows a
    final symlink as well (POSIX). Raises Fail(ENOENT, ENOTDIR, ELOOP, EPERM).
    """
    check_path(path)
    trailing = path.endswith("/")
    pending = list(reversed(path.rstrip("/").split("/")))
    stack = [root]
    links = 0
    while pending:
        comp = pending.pop()
        last = not pending
        if comp in ("", "."):
            if last:
                return Resolved(None, None, stack[-1], trailing)
            continue
        if comp == "..":
            if len(stack) == 1:
                raise Fail(ESCAPE)
            stack.pop()
            if last:
                return Resolved(None, None, stack[-1], trailing)
            continue
        directory = stack[-1]
        node = directory.lookup(comp)
        if node is None:
            if last:
                return Resolved(directory, comp, None, trailing)
            raise Fail(Errno.NOENT)
        if node.filetype is Filetype.SYMBOLIC_LINK and (not last or follow or trailing):
            links += 1
            if links > MAX_SYMLINKS:
                raise Fail(Errno.LOOP)
            target = node.target
            if target.startswith("/"):
                raise Fail(ESCAPE)
            if target == "":
                raise Fail(Errno.NOENT)
            if "\0" in target:
                raise Fail(Errno.INVAL)
            parts = target.split("/")
            if last and trailing:
                parts.append("")  # the slash after the link applies to its target
            pending.extend(reversed(parts))
            continue
        if last:
            if trailing and node.filetype is not Filetype.DIRECTORY:
                raise Fail(Errno.NOTDIR)
            return Resolved(directory, comp, node, trailing)
        if node.filetype is not Filetype.DIRECTORY:
            raise Fail(Errno.NOTDIR)
        stack.append(node)
    return Resolved(None, None, stack[-1], trailing)  # not reached: the last component always returns above
