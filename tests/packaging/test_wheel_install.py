"""`python -m build` makes the sdist and the wheel; the wheel installs into a fresh virtual environment
and works from elsewhere.

This proves that samples/ (the lessons and the built C samples included)
and shaders/ ship in both archives, and that the installed command finds
them inside site-packages, not in a checkout. The fresh environment reuses
the test environment's third-party packages through a .pth file (so the test
needs no network, and pip resolves the dependencies and the `c` and `bench`
extras against them), but not the project itself: the only `playground` it
can import is the one from the wheel.
"""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import tarfile
import venv
import zipfile
from pathlib import Path

import pytest

from playground import __version__

REPO_ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


def _run(args, cwd, timeout=300):
    result = subprocess.run(args, capture_output=True, text=True, cwd=cwd, timeout=timeout)
    assert result.returncode == 0, f"{args} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> tuple[Path, Path]:
    out = tmp_path_factory.mktemp("dist")
    _run([sys.executable, "-m", "build", "--no-isolation", "--outdir", str(out), str(REPO_ROOT)], cwd=out)
    return next(out.glob("wasm_playground-*.whl")), next(out.glob("wasm_playground-*.tar.gz"))


@pytest.fixture(scope="module")
def installed(built, tmp_path_factory):
    wheel, _ = built
    work = tmp_path_factory.mktemp("wheel")
    env_dir = work / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    site = Path(_run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], cwd=work).strip())
    # Third-party dependencies come from the test environment; the project itself does not.
    (site / "_test_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    _run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-index", "-q", f"{wheel}[c,bench]"],
         cwd=work)
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    return env_dir, elsewhere


def test_both_archives_carry_the_samples_lessons_built_c_and_shaders(built):
    wheel, sdist = built
    assert wheel.name == f"wasm_playground-{__version__}-py3-none-any.whl"
    in_wheel = set(zipfile.ZipFile(wheel).namelist())
    top = f"wasm_playground-{__version__}/"
    in_sdist = {name.removeprefix(top) for name in tarfile.open(sdist).getnames()}
    for name in ("samples/fib.wat", "samples/lessons/01_fib_breakpoints.txt", "samples/c/hello.c",
                 "samples/c/hello.wasm", "samples/saxpy.wgsl", "shaders/matmul_tiled.wgsl"):
        assert f"playground/{name}" in in_wheel, name
        assert name in in_sdist, name
    for name in ("packaging/wasm-playground.spec", "packaging/install-desktop.sh", "pyproject.toml"):
        assert name in in_sdist, name
    assert not [n for n in in_wheel | in_sdist if "__pycache__" in n or n.startswith(("build/", ".venv/"))]


def test_the_command_prints_its_version_and_lists_subcommands_from_another_directory(installed):
    env_dir, elsewhere = installed
    command = str(env_dir / "bin" / "wasm-playground")
    assert _run([command, "--version"], cwd=elsewhere).strip() == f"wasm-playground {__version__}"
    out = _run([command, "--help"], cwd=elsewhere)
    for name in ("gui", "run", "wat2wasm", "wasm2wat", "objdump", "wast", "gpu", "bench", "samples", "--selftest"):
        assert name in out


def test_samples_lists_copies_and_runs_from_site_packages(installed):
    env_dir, elsewhere = installed
    command = str(env_dir / "bin" / "wasm-playground")
    listing = _run([command, "samples"], cwd=elsewhere)
    assert "site-packages/playground/samples" in listing.splitlines()[0]
    assert "lessons/04_traps.txt" in listing and "c/wc.c" in listing and "fib.wat" in listing
    _run([command, "samples", "copy", "mine"], cwd=elsewhere)
    assert _run([command, "run", "mine/factorial.wat", "--invoke", "fac", "5"], cwd=elsewhere).strip() == "120"


def test_samples_and_shaders_load_from_the_installed_wheel(installed):
    env_dir, elsewhere = installed
    script = (
        "import playground, playground.resources as r\n"
        "assert 'site-packages' in playground.__file__, playground.__file__\n"
        "samples = r.list_resources('samples'); shaders = r.list_resources('shaders')\n"
        "assert samples and shaders, (samples, shaders)\n"
        "for p in (samples[0], shaders[0]):\n"
        "    assert 'site-packages' in str(p) and p.read_text(encoding='utf-8').strip(), p\n"
        "print(samples[0].name, shaders[0].name)\n"
    )
    out = _run([str(env_dir / "bin" / "python"), "-c", script], cwd=elsewhere)
    assert out.strip()
