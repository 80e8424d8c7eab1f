"""The standalone application: packaging/build.sh builds it, and the built binary works with no Python beside it.

The build is the one a user makes (build/standalone/, reused while its inputs
are unchanged, so only the first run after a change pays for PyInstaller).
The binary runs from another folder with an environment that names no
Python, no virtual environment and no checkout: `--version`, `samples`, a
sample run from the command line, `--selftest` in a real X display
(xvfb-run, the xcb plugin) and offscreen, and C: `cc` with a zig the user
installed (PLAYGROUND_ZIG naming the ziglang wheel's zig executable; the
application carries no zig) compiles and runs hello.c and debugs a program
by C line, and without any zig says how to get one, with no pip in it.
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from playground import __version__
from playground.toolchain import ZIG_VERSION

REPO_ROOT = Path(__file__).resolve().parents[2]
APP_DIR = REPO_ROOT / "build" / "standalone" / "dist" / "wasm-playground"
APP = APP_DIR / "wasm-playground"
BUILD_TIMEOUT_S = 1200

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def app(tmp_path_factory) -> Path:
    result = subprocess.run(
        ["sh", str(REPO_ROOT / "packaging" / "build.sh")],
        capture_output=True, text=True, cwd=REPO_ROOT, timeout=BUILD_TIMEOUT_S,
    )
    assert result.returncode == 0, f"build.sh failed:\n{result.stdout[-3000:]}\n{result.stderr[-3000:]}"
    assert APP.is_file()
    return APP


def bare_env(home: Path, **extra: str) -> dict[str, str]:
    """No PYTHONPATH, no virtual environment, no checkout on any path: what a user's desktop gives."""
    env = {"PATH": "/usr/bin:/bin", "HOME": str(home), "LANG": "C.UTF-8", "XDG_RUNTIME_DIR": str(home)}
    env.update(extra)
    return env


def run_app(args, cwd: Path, env: dict[str, str], timeout: float = 180) -> subprocess.CompletedProcess:
    return subprocess.run([str(APP), *args], capture_output=True, text=True, cwd=cwd, env=env, timeout=timeout)


def test_the_bundle_carries_the_qt_platforms_and_wgpus_native_library(app):
    internal = APP_DIR / "_internal"
    platforms = {p.name for p in internal.glob("PySide6/Qt/plugins/platforms/*.so")}
    assert {"libqoffscreen.so", "libqxcb.so"} <= platforms
    import PySide6

    if (Path(PySide6.__file__).parent / "Qt" / "plugins" / "platforms" / "libqwayland.so").exists():
        assert "libqwayland.so" in platforms
    assert list(internal.glob("wgpu/resources/libwgpu_native*.so"))
    assert (internal / "playground" / "samples" / "lessons").is_dir()
    assert list((internal / "playground" / "samples" / "c").glob("*.wasm"))
    assert list((internal / "playground" / "shaders").glob("*.wgsl"))
    assert not list(internal.glob("**/ziglang")) and not list(internal.glob("**/_pytest"))  # left out
    assert (APP_DIR / "install-desktop.sh").resolve().is_file()


def test_version_samples_and_a_sample_run(app, tmp_path):
    env = bare_env(tmp_path)
    version = run_app(["--version"], tmp_path, env)
    assert version.returncode == 0 and version.stdout.strip() == f"wasm-playground {__version__}"

    listing = run_app(["samples"], tmp_path, env)
    assert listing.returncode == 0, listing.stderr
    assert str(APP_DIR) in listing.stdout and "lessons/01_fib_breakpoints.txt" in listing.stdout
    assert "c/hello.c" in listing.stdout and "saxpy.wgsl" in listing.stdout

    copied = run_app(["samples", "copy", "mine"], tmp_path, env)
    assert copied.returncode == 0, copied.stderr
    run = run_app(["run", "mine/fib.wat", "--invoke", "fib", "10"], tmp_path, env)
    assert run.returncode == 0 and run.stdout.strip() == "55", run.stdout + run.stderr
    hello = run_app(["run", "mine/c/hello.wasm"], tmp_path, env)
    assert hello.returncode == 0 and "hello" in hello.stdout.lower(), hello.stdout + hello.stderr


@pytest.mark.skipif(shutil.which("xvfb-run") is None, reason="xvfb-run is not installed (apt-get install xvfb)")
def test_selftest_in_an_x_display(app, tmp_path):
    env = bare_env(tmp_path, QT_QPA_PLATFORM="xcb")
    result = subprocess.run(
        ["xvfb-run", "-a", str(APP), "--selftest"],
        capture_output=True, text=True, cwd=tmp_path, env=env, timeout=300,
    )
    lines = result.stdout.splitlines()
    assert result.returncode == 0, result.stdout + result.stderr[-2000:]
    assert "ok   window: xcb platform" in result.stdout
    assert sum(line.startswith("ok ") for line in lines) == 6 and lines[-1] == "selftest: 6 of 6 checks passed"


def test_selftest_offscreen(app, tmp_path):
    result = run_app(["--selftest"], tmp_path, bare_env(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr[-2000:]
    assert "ok   window: offscreen platform" in result.stdout


def test_its_install_desktop_starts_this_build_with_the_rendered_icons(app, tmp_path):
    data = tmp_path / "share"
    result = subprocess.run(
        ["sh", str(APP_DIR / "install-desktop.sh")],
        capture_output=True, text=True, cwd=tmp_path, env=bare_env(tmp_path, XDG_DATA_HOME=str(data)), timeout=60,
    )
    assert result.returncode == 0, result.stderr
    entry = (data / "applications" / "wasm-playground.desktop").read_text(encoding="utf-8")
    assert f'Exec="{APP}" %F' in entry.splitlines()
    assert len(list(data.glob("icons/hicolor/*x*/apps/wasm-playground.png"))) >= 5


def test_cc_uses_the_zig_the_user_names_and_without_one_says_how_to_install_it(app, tmp_path):
    ziglang = pytest.importorskip("ziglang", reason="needs the ziglang wheel's zig executable (the c extra)")
    from playground.toolchain.zig import zig_env

    wheel_zig = Path(ziglang.__file__).parent / "zig"
    assert run_app(["samples", "copy", "mine"], tmp_path, bare_env(tmp_path)).returncode == 0
    (tmp_path / "no-zig").mkdir()
    missing = run_app(["cc", "mine/c/hello.c"], tmp_path, bare_env(tmp_path, PATH=str(tmp_path / "no-zig")))
    assert missing.returncode == 3 and missing.stdout == ""
    assert missing.stderr.splitlines() == [
        "error: compiling C needs the zig toolchain, which was not found (PLAYGROUND_ZIG is unset, no zig on "
        "PATH): install zig from https://ziglang.org/download/ and put it on PATH, or set PLAYGROUND_ZIG"]

    # zig's global cache is the user's (its C library built once, by the toolchain tests or an earlier run)
    env = bare_env(tmp_path, PLAYGROUND_ZIG=str(wheel_zig), ZIG_GLOBAL_CACHE_DIR=zig_env()["global_cache_dir"])
    version = run_app(["cc", "--version"], tmp_path, env)
    assert version.returncode == 0 and version.stdout == f"zig {ZIG_VERSION} (PLAYGROUND_ZIG: {wheel_zig})\n"
    compiled = run_app(["cc", "mine/c/hello.c", "-o", "hello.wasm"], tmp_path, env, timeout=600)
    assert compiled.returncode == 0, compiled.stderr
    hello = run_app(["run", "hello.wasm"], tmp_path, env)
    assert hello.stdout == "Hello, WebAssembly from C!\n12 squared is 144\n", hello.stdout + hello.stderr

    # -O0 -g: cc keeps the program's own DWARF (pyelftools, bundled), and the debugger steps it by C line
    compiled = run_app(["cc", "mine/c/points.c", "-o", "points.wasm"], tmp_path, env, timeout=600)
    assert compiled.returncode == 0 and "debug information for mine/c/points.c" in compiled.stdout, compiled.stderr
    script = "b points.c:13\nc\np *p\nbt\nq\n"
    debug = subprocess.run([str(APP), "debug", "points.wasm"], input=script,
                           capture_output=True, text=True, cwd=tmp_path, env=env, timeout=180)
    assert debug.returncode == 0, debug.stdout + debug.stderr
    assert "13\t    p->y += dy;" in debug.stdout and "*p = {x = 6, y = 0}" in debug.stdout, debug.stdout
    assert " #1  main () at mine/c/points.c:26" in debug.stdout, debug.stdout
