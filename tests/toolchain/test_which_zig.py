"""Which zig compiles (toolchain/which_zig.py): PLAYGROUND_ZIG, then the ziglang package, then PATH; checked; hints.

The zigs here are real: the ziglang wheel installed for the tests holds the
zig executable itself, which is named by PLAYGROUND_ZIG or linked into a
folder put on PATH. Making `ziglang` unimportable is `sys.modules["ziglang"]
= None` (importlib's own "no such module" mark), in this process through
monkeypatch and in a child process by its first line. The stand-ins that
are not zig (a folder, /bin/false, scripts) check the refusals.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from playground import cli
from playground.toolchain import which_zig, zig

ROOT = Path(__file__).resolve().parents[2]
HELLO = ROOT / "samples" / "c" / "hello.c"
HELLO_OUTPUT = "Hello, WebAssembly from C!\n12 squared is 144\n"
# runs the command line in a Python where `import ziglang` fails, as if the c extra were not installed
WITHOUT_ZIGLANG = "import sys; sys.modules['ziglang'] = None; from playground.cli import main; sys.exit(main(sys.argv[1:]))"


@pytest.fixture
def wheel_zig() -> Path:
    """The zig executable inside the installed ziglang wheel."""
    ziglang = pytest.importorskip("ziglang", reason="needs the ziglang wheel (the c extra)")
    path = Path(ziglang.__file__).parent / "zig"
    assert path.is_file(), path
    return path


@pytest.fixture(autouse=True)
def fresh_lookup(monkeypatch):
    """Each test searches anew, with no PLAYGROUND_ZIG unless it sets one; later tests search anew too."""
    monkeypatch.delenv(which_zig.ENV_VAR, raising=False)
    zig.forget()
    yield
    zig.forget()


def zig_folder(tmp_path: Path, target: Path | str) -> Path:
    """A folder holding `zig`, a link to `target`, to put on PATH."""
    folder = tmp_path / "zig-bin"
    folder.mkdir(exist_ok=True)
    (folder / "zig").symlink_to(target)
    return folder


def script(tmp_path: Path, name: str, body: str) -> Path:
    path = tmp_path / name
    path.write_text(f"#!/bin/sh\n{body}\n")
    path.chmod(0o755)
    return path


def without_ziglang(monkeypatch) -> None:
    monkeypatch.setitem(sys.modules, "ziglang", None)


def run_hello(wasm: Path, capsys) -> str:
    capsys.readouterr()
    assert cli.main(["run", str(wasm)]) == 0
    return capsys.readouterr().out


# --- the order ------------------------------------------------------------------------------------------------------
def test_PLAYGROUND_ZIG_comes_first_and_compiles_hello(wheel_zig, monkeypatch, tmp_path, capsys):
    broken = script(tmp_path, "not-zig", "exit 1")
    monkeypatch.setenv("PATH", f"{zig_folder(tmp_path, broken)}:/usr/bin:/bin")  # never asked
    monkeypatch.setenv("PLAYGROUND_ZIG", str(wheel_zig))
    assert zig.available() and zig.describe() == f"zig {which_zig.ZIG_VERSION} (PLAYGROUND_ZIG: {wheel_zig})"

    out = tmp_path / "hello.wasm"
    assert cli.main(["cc", str(HELLO), "-o", str(out)]) == 0
    assert "warning" not in capsys.readouterr().err  # the samples' release: nothing to warn about
    assert run_hello(out, capsys) == HELLO_OUTPUT


def test_the_ziglang_package_comes_before_PATH(wheel_zig, monkeypatch, tmp_path):
    monkeypatch.setenv("PATH", f"{zig_folder(tmp_path, wheel_zig)}:/usr/bin:/bin")
    found = which_zig.lookup().zig
    assert found.origin == "ziglang package" and found.command == (sys.executable, "-m", "ziglang")
    assert found.path == str(wheel_zig)


def test_a_zig_on_PATH_compiles_where_ziglang_cannot_be_imported(wheel_zig, monkeypatch, tmp_path, capsys):
    folder = zig_folder(tmp_path, wheel_zig)
    monkeypatch.setenv("PATH", f"{folder}:/usr/bin:/bin")
    without_ziglang(monkeypatch)
    with pytest.raises(SystemExit) as done:
        cli.main(["cc", "--version"])
    assert done.value.code == 0
    assert capsys.readouterr().out == f"zig {which_zig.ZIG_VERSION} (PATH: {folder / 'zig'})\n"

    # the same in a fresh process whose Python cannot import ziglang, compiling and running hello.c
    out = tmp_path / "hello.wasm"
    env = {"PATH": f"{folder}:/usr/bin:/bin", "HOME": str(Path.home())}
    compiled = subprocess.run([sys.executable, "-c", WITHOUT_ZIGLANG, "cc", str(HELLO), "-o", str(out), "-v"],
                              capture_output=True, text=True, cwd=tmp_path, env=env, timeout=600)
    assert compiled.returncode == 0, compiled.stderr
    assert f"wrote {out}" in compiled.stdout
    assert run_hello(out, capsys) == HELLO_OUTPUT


# --- what is said without one ---------------------------------------------------------------------------------------
def test_without_any_zig_a_pip_install_says_pip_install(monkeypatch, tmp_path, capsys):
    monkeypatch.setenv("PATH", str(tmp_path))  # no zig in it
    without_ziglang(monkeypatch)
    source = tmp_path / "x.c"
    source.write_text("int main(void) { return 0; }\n")
    assert not zig.available()
    assert cli.main(["cc", str(source)]) == 3
    assert capsys.readouterr().err.splitlines() == [
        "error: compiling C needs the zig toolchain, which was not found "
        "(PLAYGROUND_ZIG is unset, no ziglang package, no zig on PATH): pip install 'wasm-playground[c]'"
    ]
    assert not (tmp_path / "x.wasm").exists()


def test_the_standalone_application_says_install_zig_and_ignores_ziglang(wheel_zig, monkeypatch, tmp_path, capsys):
    monkeypatch.setattr(sys, "frozen", True, raising=False)  # what PyInstaller sets; ziglang stays importable
    monkeypatch.setenv("PATH", str(tmp_path))
    assert not zig.available()
    message = zig.missing_message()
    assert message == ("compiling C needs the zig toolchain, which was not found (PLAYGROUND_ZIG is unset, no zig on "
                       "PATH): install zig from https://ziglang.org/download/ and put it on PATH, or set PLAYGROUND_ZIG")
    assert "pip" not in message

    monkeypatch.setenv("PATH", str(zig_folder(tmp_path, wheel_zig)))  # a zig the user installed
    zig.forget()
    assert zig.describe().endswith(f"(PATH: {tmp_path / 'zig-bin' / 'zig'})")


@pytest.mark.parametrize("kind", ["missing", "folder", "not executable", "not zig"])
def test_a_PLAYGROUND_ZIG_that_names_no_zig_is_one_line_naming_it(wheel_zig, kind, monkeypatch, tmp_path, capsys):
    value = {
        "missing": tmp_path / "nothere" / "zig",
        "folder": tmp_path,
        "not executable": tmp_path / "plain",
        "not zig": Path("/bin/false"),
    }[kind]
    (tmp_path / "plain").write_text("zig\n")
    monkeypatch.setenv("PLAYGROUND_ZIG", str(value))  # while the ziglang package would work: it is not used
    source = tmp_path / "x.c"
    source.write_text("int main(void) { return 0; }\n")
    assert cli.main(["cc", str(source)]) == 3
    err = capsys.readouterr().err.splitlines()
    assert len(err) == 1 and err[0].startswith(f"error: PLAYGROUND_ZIG={value} "), err
    assert "PLAYGROUND_ZIG" in err[0].split(str(value), 1)[1]  # and what to do with it: fix or unset it


def test_another_release_is_used_with_one_warning(wheel_zig, monkeypatch, tmp_path, capsys):
    older = script(tmp_path, "zig-0.16", f'[ "$1" = version ] && {{ echo 0.16.0; exit 0; }}\nexec "{wheel_zig}" "$@"')
    monkeypatch.setenv("PLAYGROUND_ZIG", str(older))
    assert zig.available() and zig.zig_version() == "0.16.0"
    with pytest.raises(SystemExit) as done:
        cli.main(["cc", "--version"])
    assert done.value.code == 0
    captured = capsys.readouterr()
    assert captured.out == f"zig 0.16.0 (PLAYGROUND_ZIG: {older})\n"
    assert captured.err.splitlines() == [
        f"warning: zig 0.16.0 (PLAYGROUND_ZIG: {older}) is not zig {which_zig.ZIG_VERSION}, "
        "the release the prebuilt samples were built with: it compiles, but not to the same bytes"
    ]


def test_a_zig_that_cannot_compile_for_wasm_is_refused(monkeypatch, tmp_path):
    no_llvm = script(tmp_path, "zig", '[ "$1" = version ] && { echo 0.17.1; exit 0; }\n'
                                      'echo "error: this zig was built without LLVM" >&2; exit 1')
    monkeypatch.setenv("PATH", f"{tmp_path}:/usr/bin:/bin")
    without_ziglang(monkeypatch)
    assert not zig.available()
    assert zig.missing_message() == (
        f"the zig of PATH ({no_llvm}), zig 0.17.1, cannot compile C for wasm32-wasi: "
        "error: this zig was built without LLVM (set PLAYGROUND_ZIG to a zig that works)")


def test_without_pyelftools_zig_alone_is_not_enough(wheel_zig, monkeypatch):
    monkeypatch.setenv("PLAYGROUND_ZIG", str(wheel_zig))
    monkeypatch.setitem(sys.modules, "elftools", None)
    assert which_zig.lookup().zig is not None and not zig.available()
    assert zig.missing_message() == ("compiling C also needs pyelftools (cc keeps only your program's DWARF with it): "
                                     "pip install 'wasm-playground[c]'")
