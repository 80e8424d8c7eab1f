"""The preview1 ABI in one place: errno values, enums, flags and struct layouts.

Everything here is read from the WASI repository's
`legacy/preview1/witx/typenames.witx`: enums number their cases from 0 in
the order written there, flags number their bits the same way, and records
are laid out C-style for wasm32 (each field at the next multiple of its
alignment, the record's size rounded up to its largest alignment).
The offsets below are those layouts worked out by hand; tests check them
field by field.
"""

from __future__ import annotations

import functools
import operator
import struct
from enum import IntEnum, IntFlag


class Errno(IntEnum):
    """`$errno` (witx: enum, tag u16), in witx order."""

    SUCCESS = 0
    TOOBIG = 1  # witx `$2big`
    ACCES = 2
    ADDRINUSE = 3
    ADDRNOTAVAIL = 4
    AFNOSUPPORT = 5
    AGAIN = 6
    ALREADY = 7
    BADF = 8
    BADMSG = 9
    BUSY = 10
    CANCELED = 11
    CHILD = 12
    CONNABORTED = 13
    CONNREFUSED = 14
    CONNRESET = 15
    DEADLK = 16
    DESTADDRREQ = 17
    DOM = 18
    DQUOT = 19
    EXIST = 20
    FAULT = 21
    FBIG = 22
    HOSTUNREACH = 23
    IDRM = 24
    ILSEQ = 25
    INPROGRESS = 26
    INTR = 27
    INVAL = 28
    IO = 29
    ISCONN = 30
    ISDIR = 31
    LOOP = 32
    MFILE = 33
    MLINK = 34
    MSGSIZE = 35
    MULTIHOP = 36
    NAMETOOLONG = 37
    NETDOWN = 38
    NETRESET = 39
    NETUNREACH = 40
    NFILE = 41
    NOBUFS = 42
    NODEV = 43
    NOENT = 44
    NOEXEC = 45
    NOLCK = 46
    NOLINK = 47
    NOMEM = 48
    NOMSG = 49
    NOPROTOOPT = 50
    NOSPC = 51
    NOSYS = 52
    NOTCONN = 53
    NOTDIR = 54
    NOTEMPTY = 55
    NOTRECOVERABLE = 56
    NOTSOCK = 57
    NOTSUP = 58
    NOTTY = 59
    NXIO = 60
    OVERFLOW = 61
    OWNERDEAD = 62
    PERM = 63
    PIPE = 64
    PROTO = 65
    PROTONOSUPPORT = 66
    PROTOTYPE = 67
    RANGE = 68
    ROFS = 69
    SPIPE = 70
    SRCH = 71
    STALE = 72
    TIMEDOUT = 73
    TXTBSY = 74
    XDEV = 75
    NOTCAPABLE = 76


# --- enums: case i is the i-th name in witx order -------------------------------------
Clockid = IntEnum("Clockid", "REALTIME MONOTONIC PROCESS_CPUTIME_ID THREAD_CPUTIME_ID", start=0)  # u32
Whence = IntEnum("Whence", "SET CUR END", start=0)  # u8
Filetype = IntEnum(
    "Filetype",
    "UNKNOWN BLOCK_DEVICE CHARACTER_DEVICE DIRECTORY REGULAR_FILE SOCKET_DGRAM SOCKET_STREAM SYMBOLIC_LINK",
    start=0,
)  # u8
Advice = IntEnum("Advice", "NORMAL SEQUENTIAL RANDOM WILLNEED DONTNEED NOREUSE", start=0)  # u8
Eventtype = IntEnum("Eventtype", "CLOCK FD_READ FD_WRITE", start=0)  # u8
Preopentype = IntEnum("Preopentype", "DIR", start=0)  # u8


# --- flags: bit i is the i-th name in witx order ----------------------------------------
def _witx_flags(name: str, witx_order: str, **sets: str) -> type[IntFlag]:
    """A witx `flags` type: one bit per name, `ALL` for every defined bit, and named `sets` of names.

    Beware IntFlag's `~`: it keeps only defined bits, so test for undefined
    bits with `raw & ~int(cls.ALL)` (calls.flags_arg).
    """
    names = witx_order.split()
    members = {flag: 1 << bit for bit, flag in enumerate(names)}
    members["ALL"] = (1 << len(names)) - 1
    for set_name, set_members in sets.items():  # a set may name an earlier set
        members[set_name] = functools.reduce(operator.or_, (members[m] for m in set_members.split()))
    return IntFlag(name, members)


Fdflags = _witx_flags("Fdflags", "APPEND DSYNC NONBLOCK RSYNC SYNC")  # u16
Oflags = _witx_flags("Oflags", "CREAT DIRECTORY EXCL TRUNC")  # u16
Lookupflags = _witx_flags("Lookupflags", "SYMLINK_FOLLOW")  # u32
Fstflags = _witx_flags("Fstflags", "ATIM ATIM_NOW MTIM MTIM_NOW")  # u16
Subclockflags = _witx_flags("Subclockflags", "ABSTIME")  # u16
Eventrwflags = _witx_flags("Eventrwflags", "HANGUP")  # u16
Rights = _witx_flags(  # u64
    "Rights",
    """
    FD_DATASYNC FD_READ FD_SEEK FD_FDSTAT_SET_FLAGS FD_SYNC FD_TELL FD_WRITE FD_ADVISE FD_ALLOCATE
    PATH_CREATE_DIRECTORY PATH_CREATE_FILE PATH_LINK_SOURCE PATH_LINK_TARGET PATH_OPEN FD_READDIR
    PATH_READLINK PATH_RENAME_SOURCE PATH_RENAME_TARGET PATH_FILESTAT_GET PATH_FILESTAT_SET_SIZE
    PATH_FILESTAT_SET_TIMES FD_FILESTAT_GET FD_FILESTAT_SET_SIZE FD_FILESTAT_SET_TIMES PATH_SYMLINK
    PATH_REMOVE_DIRECTORY PATH_UNLINK_FILE POLL_FD_READWRITE SOCK_SHUTDOWN SOCK_ACCEPT
    """,
    # What fd_fdstat_get reports for a preopened directory: the set wasi-libc
    # and other userlands expect (the same set wasmtime hard-codes).
    PREOPEN_BASE="""
    PATH_CREATE_DIRECTORY PATH_CREATE_FILE PATH_LINK_SOURCE PATH_LINK_TARGET PATH_OPEN FD_READDIR
    PATH_READLINK PATH_RENAME_SOURCE PATH_RENAME_TARGET PATH_SYMLINK PATH_REMOVE_DIRECTORY
    PATH_UNLINK_FILE PATH_FILESTAT_GET PATH_FILESTAT_SET_TIMES FD_FILESTAT_GET FD_FILESTAT_SET_TIMES
    """,
    PREOPEN_INHERITING="""
    PREOPEN_BASE FD_DATASYNC FD_READ FD_SEEK FD_FDSTAT_SET_FLAGS FD_SYNC FD_TELL FD_WRITE FD_ADVISE
    FD_ALLOCATE FD_FILESTAT_GET FD_FILESTAT_SET_SIZE FD_FILESTAT_SET_TIMES POLL_FD_READWRITE
    """,
)


# --- records (wasm32 layouts) ----------------------------------------------------------
class Layout:
    """A record's size, alignment and field offsets; `fields` maps name -> (offset, struct format)."""

    def __init__(self, name: str, size: int, align: int, fields: dict[str, tuple[int, str]]) -> None:
        self.name = name
        self.size = size
        self.align = align
        self.fields = fields

    def offset(self, field: str) -> int:
        return self.fields[field][0]

    def pack(self, **values: int) -> bytes:
        """The record's bytes; padding and unnamed fields are zero."""
        out = bytearray(self.size)
        for name, value in values.items():
            offset, fmt = self.fields[name]
            struct.pack_into("<" + fmt, out, offset, value)
        return bytes(out)

    def unpack(self, data: bytes) -> dict[str, int]:
        return {name: struct.unpack_from("<" + fmt, data, offset)[0] for name, (offset, fmt) in self.fields.items()}

    def __repr__(self) -> str:
        return f"<Layout {self.name} size={self.size} align={self.align}>"


# (field $buf (@witx pointer u8)) (field $buf_len $size)
IOVEC = Layout("iovec", 8, 4, {"buf": (0, "I"), "buf_len": (4, "I")})
CIOVEC = Layout("ciovec", 8, 4, {"buf": (0, "I"), "buf_len": (4, "I")})

# d_next u64, d_ino u64, d_namlen u32, d_type u8 (+3 padding)
DIRENT = Layout("dirent", 24, 8, {"d_next": (0, "Q"), "d_ino": (8, "Q"), "d_namlen": (16, "I"), "d_type": (20, "B")})

# fs_filetype u8, fs_flags u16 at 2, then two u64 rights at 8 and 16
FDSTAT = Layout("fdstat", 24, 8, {"fs_filetype": (0, "B"), "fs_flags": (2, "H"),
                                  "fs_rights_base": (8, "Q"), "fs_rights_inheriting": (16, "Q")})

# dev, ino, filetype u8 (+7 padding), nlink, size, atim, mtim, ctim
FILESTAT = Layout("filestat", 64, 8, {"dev": (0, "Q"), "ino": (8, "Q"), "filetype": (16, "B"), "nlink": (24, "Q"),
                                      "size": (32, "Q"), "atim": (40, "Q"), "mtim": (48, "Q"), "ctim": (56, "Q")})

# userdata u64, error u16 at 8, type u8 at 10, then event_fd_readwrite (nbytes u64, flags u16) at 16
EVENT = Layout("event", 32, 8, {"userdata": (0, "Q"), "error": (8, "H"), "type": (10, "B"),
                                "nbytes": (16, "Q"), "flags": (24, "H")})

# userdata u64, then the union subscription_u: its tag u8 at 8 and its contents at 16
# (the largest case, subscription_clock, has alignment 8). Clock case: id u32 at 16,
# timeout u64 at 24, precision u64 at 32, flags u16 at 40; fd case: file_descriptor u32 at 16.
SUBSCRIPTION = Layout("subscription", 48, 8, {"userdata": (0, "Q"), "tag": (8, "B"),
                                              "clock_id": (16, "I"), "timeout": (24, "Q"), "precision": (32, "Q"),
                                              "clock_flags": (40, "H"), "file_descriptor": (16, "I")})

# the union prestat: tag u8, then prestat_dir (pr_name_len u32) at 4
PRESTAT = Layout("prestat", 8, 4, {"tag": (0, "B"), "pr_name_len": (4, "I")})

LAYOUTS = (IOVEC, CIOVEC, DIRENT, FDSTAT, FILESTAT, EVENT, SUBSCRIPTION, PRESTAT)
