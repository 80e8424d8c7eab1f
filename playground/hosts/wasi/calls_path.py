"""Calls that take a path relative to a directory descriptor: open, stat, create, remove, link, rename.

Every path goes through resolve.py, which keeps it inside the directory
(EPERM for `..` above it, absolute paths and links that lead out). A
read-only preopen (and everything opened beneath it) refuses any change
with EPERM, checked before the path is even looked at, as wasmtime does.
"""

from __future__ import annotations

from playground.hosts.wasi import fdtable
from playground.hosts.wasi.abi import Errno, Fdflags, Filetype, Lookupflags, Oflags, Rights
from playground.hosts.wasi.calls import flags_arg, wasi_call
from playground.hosts.wasi.calls_fd import new_times, write_filestat
from playground.hosts.wasi.errors import Fail
from playground.hosts.wasi.resolve import ESCAPE, resolve


def _dir(host, fd: int) -> fdtable.Dir:
    return host.fds.dir(fd)


def _writable(desc: fdtable.Dir) -> None:
    if desc.read_only:
        raise Fail(Errno.PERM)


def _follow(flags: int) -> bool:
    return bool(flags_arg(flags, Lookupflags) & Lookupflags.SYMLINK_FOLLOW)


@wasi_call("path_open", "iiiiiIIii")
def path_open(host, mem, fd, dirflags, path, path_len, oflags, rights_base, rights_inheriting, fdflags, fd_ptr):
    """Open a file or directory beneath a directory descriptor; the new descriptor's number at `fd_ptr`.

    FD_READ and FD_WRITE in `rights_base` choose the access; other rights are not enforced.
    """
    follow = _follow(dirflags)
    oflags = flags_arg(oflags, Oflags)
    flags_arg(rights_base, Rights)
    flags_arg(rights_inheriting, Rights)
    fdflags = flags_arg(fdflags, Fdflags)
    name = mem.read_string(path, path_len)
    desc = host.fds.of_kind(fd, fdtable.Dir, {fdtable.File: Errno.NOTDIR})
    read = bool(rights_base & Rights.FD_READ)
    write = bool(rights_base & Rights.FD_WRITE)
    create, truncate = bool(oflags & Oflags.CREAT), bool(oflags & Oflags.TRUNC)
    if create and oflags & Oflags.DIRECTORY:
        raise Fail(Errno.INVAL)
    if desc.read_only and (create or truncate or write):
        raise Fail(Errno.PERM)
    found = resolve(desc.node, name, follow=follow)
    node = found.node
    if node is None:
        if not create:
            raise Fail(Errno.NOENT)
        if found.trailing_slash:
            raise Fail(Errno.ISDIR)
        node = found.parent.create_file(found.name)
    elif create and oflags & Oflags.EXCL:
        raise Fail(Errno.EXIST)
    if node.filetype is Filetype.SYMBOLIC_LINK:
        raise Fail(Errno.LOOP)  # a final link that was not to be followed (O_NOFOLLOW)
    if node.filetype is Filetype.DIRECTORY:
        if write or truncate:
            raise Fail(Errno.ISDIR)
        new = fdtable.Dir(node, read_only=desc.read_only)
    else:
        if oflags & Oflags.DIRECTORY:
            raise Fail(Errno.NOTDIR)
        handle = node.open(read, write, truncate)
        new = fdtable.File(
            node,
            handle,
            readable=read,
            writable=write,
            read_only=desc.read_only,
            append=bool(fdflags & Fdflags.APPEND),
            nonblock=bool(fdflags & Fdflags.NONBLOCK),
        )
    try:
        number = host.fds.push(new)
    except Fail:
        fdtable.close(new)
        raise
    mem.set_u32(fd_ptr, number)


def _to_change(host, mem, fd: int, path: int, path_len: int):
    """The path a changing call works on, beneath a writable directory, its final link not followed."""
    desc = _dir(host, fd)
    name = mem.read_string(path, path_len)
    _writable(desc)
    return resolve(desc.node, name, follow=False)


@wasi_call("path_create_directory", "iii")
def path_create_directory(host, mem, fd, path, path_len):
    found = _to_change(host, mem, fd, path, path_len)
    if found.name is None or found.node is not None:
        raise Fail(Errno.EXIST)
    found.parent.mkdir(found.name)


@wasi_call("path_remove_directory", "iii")
def path_remove_directory(host, mem, fd, path, path_len):
    found = _to_change(host, mem, fd, path, path_len)
    if found.name is None:
        raise Fail(Errno.INVAL)  # rmdir(".") is EINVAL in POSIX
    if found.node is None:
        raise Fail(Errno.NOENT)
    if found.node.filetype is not Filetype.DIRECTORY:
        raise Fail(Errno.NOTDIR)
    found.parent.rmdir(found.name)


@wasi_call("path_unlink_file", "iii")
def path_unlink_file(host, mem, fd, path, path_len):
    found = _to_change(host, mem, fd, path, path_len)
    if found.name is None or found.is_dir:
        raise Fail(Errno.ISDIR)
    if found.node is None:
        raise Fail(Errno.NOENT)
    found.parent.unlink(found.name)


def _existing(desc: fdtable.Dir, name: str, follow: bool):
    found = resolve(desc.node, name, follow=follow)
    if found.node is None:
        raise Fail(Errno.NOENT)
    return found


@wasi_call("path_filestat_get", "iiiii")
def path_filestat_get(host, mem, fd, flags, path, path_len, filestat_ptr):
    follow = _follow(flags)
    desc = _dir(host, fd)
    name = mem.read_string(path, path_len)
    write_filestat(mem, filestat_ptr, _existing(desc, name, follow).node.stat())


@wasi_call("path_filestat_set_times", "iiiiIIi")
def path_filestat_set_times(host, mem, fd, flags, path, path_len, atim, mtim, fst_flags):
    follow = _follow(flags)
    times = new_times(host, atim, mtim, fst_flags)
    desc = _dir(host, fd)
    name = mem.read_string(path, path_len)
    _writable(desc)
    _existing(desc, name, follow).node.set_times(*times)


def _new_entry(desc: fdtable.Dir, name: str):
    """Where a new link goes: EEXIST when something (or the directory itself, ".") is there."""
    found = resolve(desc.node, name, follow=False)
    if found.name is None or found.node is not None:
        raise Fail(Errno.EXIST)
    return found


@wasi_call("path_link", "iiiiiii")
def path_link(host, mem, old_fd, old_flags, old_path, old_len, new_fd, new_path, new_len):
    """A hard link to a file (directories: EPERM); following a final link is not offered (EINVAL, as wasmtime)."""
    follow = _follow(old_flags)
    old_desc, new_desc = _dir(host, old_fd), _dir(host, new_fd)
    old_name, new_name = mem.read_string(old_path, old_len), mem.read_string(new_path, new_len)
    _writable(new_desc)
    if follow:
        raise Fail(Errno.INVAL)
    source = _existing(old_desc, old_name, False)
    if source.is_dir:
        raise Fail(Errno.PERM)
    target = _new_entry(new_desc, new_name)
    target.parent.link(target.name, source.node)


@wasi_call("path_rename", "iiiiii")
def path_rename(host, mem, fd, old_path, old_len, new_fd, new_path, new_len):
    """POSIX rename: replaces a file, or an empty directory by a directory."""
    old_desc, new_desc = _dir(host, fd), _dir(host, new_fd)
    old_name, new_name = mem.read_string(old_path, old_len), mem.read_string(new_path, new_len)
    _writable(old_desc)
    _writable(new_desc)
    source = resolve(old_desc.node, old_name, follow=False)
    if source.name is None:
        raise Fail(Errno.BUSY)
    if source.node is None:
        raise Fail(Errno.NOENT)
    target = resolve(new_desc.node, new_name, follow=False)
    if target.name is None:
        raise Fail(Errno.BUSY)
    if target.trailing_slash and not source.is_dir:
        raise Fail(Errno.NOTDIR)
    source.parent.rename(source.name, target.parent, target.name)


@wasi_call("path_symlink", "iiiii")
def path_symlink(host, mem, old_path, old_len, fd, new_path, new_len):
    """A symbolic link holding `old_path`; an absolute target is refused (EPERM), as wasmtime does."""
    desc = _dir(host, fd)
    contents = mem.read_string(old_path, old_len)
    name = mem.read_string(new_path, new_len)
    _writable(desc)
    if contents.startswith("/"):
        raise Fail(ESCAPE)
    if "\0" in contents:
        raise Fail(Errno.INVAL)
    target = _new_entry(desc, name)
    target.parent.symlink(target.name, contents)


@wasi_call("path_readlink", "iiiiii")
def path_readlink(host, mem, fd, path, path_len, buf, buf_len, bufused_ptr):
    """A link's contents, cut to the buffer (no error when it does not fit, as wasmtime).

    A link holding an absolute path (planted from outside) is not shown: EPERM, as wasmtime.
    """
    desc = _dir(host, fd)
    name = mem.read_string(path, path_len)
    found = _existing(desc, name, False)
    if found.node.filetype is not Filetype.SYMBOLIC_LINK:
        raise Fail(Errno.INVAL)
    target = found.node.target
    if target.startswith("/"):
        raise Fail(ESCAPE)
    contents = target.encode()[:buf_len]
    mem.write(buf, contents)
    mem.set_u32(bufused_ptr, len(contents))
