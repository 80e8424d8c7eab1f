"""Build the wheel, install it into a fresh virtual environment, and use it from elsewhere.

This proves that samples/ and shaders/ ship inside the wheel and that the
resource locator finds them in an installed package, not only in a checkout.
The fresh environment reuses the test environment's third-party packages
through a .pth file (so the test needs no network), but not the project
itself: the only `playground` it can import is the one from the wheel.
"""

from __future__ import annotations

import subprocess
import sys
import sysconfig
import venv
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]

pytestmark = pytest.mark.slow


def _run(args, cwd, timeout=300):
    result = subprocess.run(args, capture_output=True, text=True, cwd=cwd, timeout=timeout)
    assert result.returncode == 0, f"{args} failed:\n{result.stdout}\n{result.stderr}"
    return result.stdout


@pytest.fixture(scope="module")
def installed(tmp_path_factory):
    work = tmp_path_factory.mktemp("wheel")
    _run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "-q", "-w", str(work), str(REPO_ROOT)],
        cwd=work,
    )
    wheel = next(work.glob("wasm_playground-*.whl"))
    env_dir = work / "venv"
    venv.EnvBuilder(with_pip=False).create(env_dir)
    python = env_dir / "bin" / "python"
    site = Path(_run([str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"], cwd=work).strip())
    # Third-party dependencies come from the test environment; the project itself does not.
    (site / "_test_dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    _run([sys.executable, "-m", "pip", "--python", str(python), "install", "--no-deps", "--no-index", "-q", str(wheel)], cwd=work)
    elsewhere = tmp_path_factory.mktemp("elsewhere")
    return env_dir, elsewhere


def test_console_script_lists_subcommands_from_another_directory(installed):
    env_dir, elsewhere = installed
    out = _run([str(env_dir / "bin" / "wasm-playground"), "--help"], cwd=elsewhere)
    for name in ("gui", "run", "wat2wasm", "wasm2wat", "objdump", "wast", "gpu", "bench"):
        assert name in out


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
