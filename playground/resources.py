"""The one place that finds the files shipped beside the code: `samples/` and `shaders/`.

In a checkout they sit at the repository root, next to `playground/`; in an
installed wheel they are copied inside the package (`playground/samples`,
`playground/shaders`, see `pyproject.toml`). Every caller goes through
`resource_dir` / `resource_path`, so neither layout leaks anywhere else.
"""

from __future__ import annotations

from pathlib import Path

_PACKAGE_DIR = Path(__file__).resolve().parent
KINDS = ("samples", "shaders")


class ResourceNotFound(FileNotFoundError):
    """A sample or shader that is not shipped with this installation."""


def resource_dir(kind: str) -> Path:
    """The folder holding the shipped files of `kind` ("samples" or "shaders")."""
    if kind not in KINDS:
        raise ValueError(f"unknown resource kind {kind!r}; expected one of {KINDS}")
    for base in (_PACKAGE_DIR, _PACKAGE_DIR.parent):  # installed wheel first, then checkout
        candidate = base / kind
        if candidate.is_dir():
            return candidate
    raise ResourceNotFound(f"the {kind}/ folder is missing from this installation ({_PACKAGE_DIR})")


def resource_path(kind: str, name: str) -> Path:
    """The path of one shipped file, e.g. `resource_path("shaders", "matmul_naive.wgsl")`."""
    path = resource_dir(kind) / name
    if not path.is_file():
        available = ", ".join(sorted(p.name for p in resource_dir(kind).iterdir() if p.is_file()))
        raise ResourceNotFound(f"no {kind[:-1]} named {name!r}; available: {available}")
    return path


def sample_path(name: str) -> Path:
    """A file from `samples/`."""
    return resource_path("samples", name)


def shader_path(name: str) -> Path:
    """A WGSL file from `shaders/`."""
    return resource_path("shaders", name)


def read_shader(name: str) -> str:
    """The WGSL source of a shipped shader."""
    return shader_path(name).read_text(encoding="utf-8")


def list_resources(kind: str) -> list[Path]:
    """Every shipped file of `kind`, sorted by name."""
    return sorted(p for p in resource_dir(kind).iterdir() if p.is_file() and not p.name.startswith("."))
