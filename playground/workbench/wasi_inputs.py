"""What the window's run bar gives a WASI program: arguments, environment, folders, real or fake time and random. No Qt.

`WasiInputs` is what the user typed, kept as typed (the arguments as one
line, the environment as NAME=VALUE rows), so that a mistake is shown
where it was made and nothing is lost by saving it. `config()` checks it
and makes the `WasiConfig` (hosts/wasi/config.py) that Run and Debug use,
with the same rules as the command line's --env, --dir, --real-time and
--real-random; a mistake is one `WasiConfigError` naming the field.

`InputsBook` keeps the inputs of each file (by path) as one JSON text,
the form the window saves in its QSettings, so that reopening a program
brings back its arguments, environment and folders.
"""

from __future__ import annotations

import json
import os
import shlex
from dataclasses import asdict, dataclass, field
from pathlib import PurePath

from playground.hosts.wasi.config import Preopen, WasiConfig, parse_env_option
from playground.hosts.wasi.errors import WasiConfigError

BOOK_SIZE = 64  # files remembered; the least recently saved go first


@dataclass(frozen=True)
class Folder:
    """A host folder the program may see, as `guest` ("" means the folder's own name), perhaps read-only."""

    host: str
    guest: str = ""
    read_only: bool = False

    @property
    def guest_name(self) -> str:
        return self.guest or PurePath(self.host).name or self.host


@dataclass(frozen=True)
class WasiInputs:
    """One WASI program's run-bar inputs; the defaults give the sealed, reproducible run of `wasm-playground run`."""

    args: str = ""  # after the program's name, quoted as in a shell: one 'two words'
    env: tuple[str, ...] = ()  # NAME=VALUE rows
    folders: tuple[Folder, ...] = ()
    real_time: bool = False
    real_random: bool = False

    def argv(self, program: str) -> list[str]:
        """The program's argv: its file name, then the arguments (WasiConfigError for unbalanced quotes)."""
        try:
            return [program, *shlex.split(self.args)]
        except ValueError as exc:  # shlex: "No closing quotation", "No escaped character"
            raise WasiConfigError(f"arguments {self.args!r}: {str(exc).lower()}") from None

    def env_pairs(self) -> list[tuple[str, str]]:
        """The environment, in row order; blank rows are skipped, a row without '=' is an error naming it."""
        pairs = []
        for number, row in enumerate(self.env, 1):
            if row.strip():
                pairs.append(parse_env_option(row, f"environment row {number}:"))
        return pairs

    def preopens(self) -> list[Preopen]:
        """The folders as preopens; a folder that is gone (or never was) is an error naming it."""
        out = []
        for folder in self.folders:
            if not os.path.isdir(folder.host):
                gone = "is not a folder" if os.path.exists(folder.host) else "no longer exists"
                raise WasiConfigError(f"folder {folder.host} (seen as {folder.guest_name!r}) {gone}: "
                                      "choose it again or remove it from Folders")
            out.append(Preopen(folder.guest_name, folder.host, folder.read_only))
        return out

    def config(self, program: str, **more) -> WasiConfig:
        """The host's configuration for a run of `program` (its file name); `more` sets the streams and the like."""
        return WasiConfig(args=self.argv(program), env=self.env_pairs(), preopens=self.preopens(),
                          real_time=self.real_time, real_random=self.real_random, **more)

    # --- saving ------------------------------------------------------------------------------
    def to_dict(self) -> dict:
        return asdict(self)

    @classmethod
    def from_dict(cls, data) -> "WasiInputs":
        """Read back `to_dict`'s form; what is missing or of the wrong type takes its default."""
        if not isinstance(data, dict):
            return cls()

        def text(value) -> str:
            return value if isinstance(value, str) else ""

        folders = []
        for item in data.get("folders") or ():
            if isinstance(item, dict) and text(item.get("host")):
                folders.append(Folder(item["host"], text(item.get("guest")), item.get("read_only") is True))
        rows = data.get("env") if isinstance(data.get("env"), list) else []
        return cls(
            args=text(data.get("args")),
            env=tuple(row for row in rows if isinstance(row, str)),
            folders=tuple(folders),
            real_time=data.get("real_time") is True,
            real_random=data.get("real_random") is True,
        )


@dataclass
class InputsBook:
    """The inputs of each file, by path: `get`, `put`, and `dumps`/`loads` for the settings file."""

    entries: dict[str, WasiInputs] = field(default_factory=dict)

    def get(self, path: str) -> WasiInputs | None:
        return self.entries.get(path)

    def put(self, path: str, inputs: WasiInputs) -> None:
        """Remember `inputs` for `path` (defaults are forgotten: they need no saving)."""
        self.entries.pop(path, None)
        if inputs != WasiInputs():
            self.entries[path] = inputs
        while len(self.entries) > BOOK_SIZE:
            del self.entries[next(iter(self.entries))]

    def dumps(self) -> str:
        return json.dumps({path: inputs.to_dict() for path, inputs in self.entries.items()})

    @classmethod
    def loads(cls, text) -> "InputsBook":
        """The book saved as `text`; a damaged or foreign value gives an empty book, never an error."""
        try:
            data = json.loads(text) if isinstance(text, str) and text else {}
        except ValueError:
            data = {}
        if not isinstance(data, dict):
            data = {}
        return cls({str(path): WasiInputs.from_dict(item) for path, item in data.items()})
