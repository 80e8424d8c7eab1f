"""packaging/install-desktop.sh: the desktop entry, icons and file types land in the user's XDG folders.

It runs the real script with XDG_DATA_HOME in a temporary folder, then checks
what a desktop reads: the entry (with desktop-file-validate where
desktop-file-utils is installed, and by parsing it always), the icons (the
SVG and PNGs rendered from it by Qt), and the MIME types (the shared-mime-info
package, and the database update-mime-database built from it).
"""

from __future__ import annotations

import configparser
import os
import shlex
import shutil
import struct
import subprocess
import sys
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
PACKAGING = REPO_ROOT / "packaging"
MIME_NS = "{http://www.freedesktop.org/standards/shared-mime-info}"
OPENED_TYPES = {"*.wat": "text/x-wat", "*.wast": "text/x-wast", "*.wasm": "application/wasm", "*.wgsl": "text/x-wgsl"}


def read_entry(path: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, delimiters=("=",))
    parser.optionxform = str  # keys are case-sensitive in desktop entries
    parser.read(path, encoding="utf-8")
    return parser


def png_size(path: Path) -> tuple[int, int]:
    data = path.read_bytes()
    assert data[:8] == b"\x89PNG\r\n\x1a\n", path
    return struct.unpack(">II", data[16:24])


def install(tmp_path: Path, program: Path) -> tuple[Path, str]:
    data = tmp_path / "share"
    env = {**os.environ, "XDG_DATA_HOME": str(data), "HOME": str(tmp_path), "PYTHON": sys.executable}
    result = subprocess.run(
        ["sh", str(PACKAGING / "install-desktop.sh"), "--exec", str(program)],
        capture_output=True, text=True, env=env, cwd=tmp_path, timeout=120,
    )
    assert result.returncode == 0, result.stderr
    return data, result.stdout


def fake_program(folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    program = folder / "wasm-playground"
    program.write_text("#!/bin/sh\nexit 0\n")
    program.chmod(0o755)
    return program


def test_the_shipped_entry_declares_the_file_types_and_the_c_action():
    entry = read_entry(PACKAGING / "wasm-playground.desktop")
    main = entry["Desktop Entry"]
    assert main["Type"] == "Application" and main["Icon"] == "wasm-playground"
    assert main["Exec"] == "wasm-playground %F"  # the installer makes the program's path absolute
    assert set(main["MimeType"].rstrip(";").split(";")) == set(OPENED_TYPES.values())
    assert main["Actions"].rstrip(";").split(";") == ["open-c"]
    assert entry["Desktop Action open-c"]["Name"] == "Open C in the playground"


def test_the_mime_package_gives_every_opened_type_a_glob():
    root = ET.parse(PACKAGING / "wasm-playground-mime.xml").getroot()
    globs = {
        glob.get("pattern"): mime.get("type")
        for mime in root.iter(f"{MIME_NS}mime-type")
        for glob in mime.iter(f"{MIME_NS}glob")
    }
    assert globs == OPENED_TYPES


def test_install_desktop_puts_entry_icons_and_types_in_xdg_data_home(tmp_path):
    program = fake_program(tmp_path / "bin")
    data, out = install(tmp_path, program)

    desktop = data / "applications" / "wasm-playground.desktop"
    main = read_entry(desktop)["Desktop Entry"]
    assert shlex.split(main["Exec"]) == [str(program), "%F"]
    assert main["TryExec"] == str(program)
    if shutil.which("desktop-file-validate"):
        check = subprocess.run(["desktop-file-validate", str(desktop)], capture_output=True, text=True)
        assert check.returncode == 0 and "error" not in check.stdout, check.stdout + check.stderr

    icons = data / "icons" / "hicolor"
    assert (icons / "scalable" / "apps" / "wasm-playground.svg").read_bytes() == (
        PACKAGING / "wasm-playground.svg"
    ).read_bytes()
    pngs = sorted(icons.glob("*x*/apps/wasm-playground.png"))
    assert len(pngs) >= 5, out
    for png in pngs:
        width, height = (int(n) for n in png.parent.parent.name.split("x"))
        assert png_size(png) == (width, height)

    assert (data / "mime" / "packages" / "wasm-playground.xml").is_file()
    if shutil.which("update-mime-database"):  # the database a file manager reads
        globs = (data / "mime" / "globs2").read_text(encoding="utf-8")
        for pattern, mime in OPENED_TYPES.items():
            assert f":{mime}:{pattern}" in globs
    assert str(desktop) in out  # it says what it installed


def test_a_program_path_with_spaces_is_quoted_in_exec(tmp_path):
    program = fake_program(tmp_path / "my apps" / "bin")
    data, _ = install(tmp_path, program)
    desktop = data / "applications" / "wasm-playground.desktop"
    entry = read_entry(desktop)
    for group in ("Desktop Entry", "Desktop Action open-c"):
        assert shlex.split(entry[group]["Exec"]) == [str(program), "%F"]
    if shutil.which("desktop-file-validate"):
        check = subprocess.run(["desktop-file-validate", str(desktop)], capture_output=True, text=True)
        assert check.returncode == 0, check.stdout


def test_without_a_program_it_says_how_to_name_one(tmp_path):
    env = {**os.environ, "XDG_DATA_HOME": str(tmp_path / "share"), "PATH": "/usr/bin:/bin"}
    result = subprocess.run(["sh", str(PACKAGING / "install-desktop.sh")], capture_output=True, text=True, env=env)
    assert result.returncode == 1
    assert "--exec" in result.stderr and not (tmp_path / "share" / "applications").exists()
