"""The import graph of `playground/`: no cycles, and imports point down the layers of the README.

The graph is read with `ast`, so it sees every import statement, those inside
functions and under `if TYPE_CHECKING:` included: a lazy import still says
that one module needs another, and a cycle hidden in a function is still a
cycle. `from package import name` counts as importing the submodule
`package.name` when that is a module, else the package itself.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PACKAGE = ROOT / "playground"

# Top to bottom: a module may import its own top-level package and any package below it.
# The command line sits on top because `wasm-playground gui` opens the window.
LAYERS = (
    ("__main__",),
    ("cli",),
    ("commands",),
    ("ui",),
    ("workbench",),
    ("bench",),
    ("demos",),
    ("toolchain",),
    ("debug",),
    ("hosts",),
    ("gpu",),
    ("wasm",),
    ("resources", "errors"),
)
RANK = {name: rank for rank, names in enumerate(LAYERS) for name in names}


def module_name(path: Path) -> str:
    parts = path.relative_to(ROOT).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def all_modules() -> dict[str, Path]:
    return {module_name(p): p for p in PACKAGE.rglob("*.py")}


def _resolve_relative(module: str, is_package: bool, level: int, target: str | None) -> str:
    base = module.split(".")
    if not is_package:
        base = base[:-1]
    base = base[: len(base) - (level - 1)] if level > 1 else base
    return ".".join(base + ([target] if target else []))


def imports_of(module: str, path: Path, modules: dict[str, Path]) -> set[str]:
    """The playground modules `module` imports, anywhere in its body."""
    tree = ast.parse(path.read_text(), filename=str(path))
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if alias.name.split(".")[0] == "playground":
                    found.add(alias.name)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                source = _resolve_relative(module, path.name == "__init__.py", node.level, node.module)
            else:
                source = node.module or ""
            if source.split(".")[0] != "playground":
                continue
            for alias in node.names:
                sub = f"{source}.{alias.name}"
                found.add(sub if sub in modules else source)
    return {name for name in found if name in modules and name != module}


def import_graph() -> dict[str, set[str]]:
    modules = all_modules()
    return {name: imports_of(name, path, modules) for name, path in modules.items()}


def layer_of(module: str) -> str:
    parts = module.split(".")
    return parts[1] if len(parts) > 1 else ""


def find_cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components with more than one module (Tarjan), each sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    cycles: list[list[str]] = []
    counter = [0]

    def visit(node: str) -> None:
        # iterative would be longer; the graph is a few hundred modules deep at most
        index[node] = low[node] = counter[0]
        counter[0] += 1
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            component = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                component.append(top)
                if top == node:
                    break
            if len(component) > 1:
                cycles.append(sorted(component))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return cycles


def upward_imports(graph: dict[str, set[str]]) -> list[str]:
    wrong = []
    for module, targets in sorted(graph.items()):
        here = layer_of(module)
        for target in sorted(targets):
            there = layer_of(target)
            if here == there or not here or target == "playground":  # the root holds only the version
                continue
            if here not in RANK or there not in RANK:
                wrong.append(f"{module} -> {target}: a package missing from LAYERS")
            elif RANK[there] < RANK[here]:
                wrong.append(f"{module} -> {target}: {there}/ sits above {here}/")
    return wrong


def test_every_top_level_package_has_a_layer():
    names = {layer_of(m) for m in all_modules() if layer_of(m)}
    assert names <= set(RANK), f"add these to LAYERS (and the README): {sorted(names - set(RANK))}"


def test_no_import_cycles():
    cycles = find_cycles(import_graph())
    assert not cycles, "import cycles:\n" + "\n".join(" <-> ".join(c) for c in cycles)


def test_imports_point_down_the_layers():
    wrong = upward_imports(import_graph())
    assert not wrong, "imports that point up:\n" + "\n".join(wrong)


def package_graph(graph: dict[str, set[str]], depth: int) -> dict[str, set[str]]:
    """The graph between packages `depth` levels down (2: wasm.exec, wasm.runtime, debug, ...)."""

    def package(module: str) -> str:
        return ".".join(module.split(".")[: depth + 1])

    packages: dict[str, set[str]] = {}
    for module, targets in graph.items():
        packages.setdefault(package(module), set()).update(package(t) for t in targets if package(t) != package(module))
    return packages


def test_no_cycles_between_subpackages():
    """wasm.runtime and wasm.exec, say, must not need each other, even through different files."""
    cycles = find_cycles(package_graph(import_graph(), 2))
    assert not cycles, "cycles between packages:\n" + "\n".join(" <-> ".join(c) for c in cycles)


def test_the_engine_imports_no_qt_and_no_wgpu():
    for name, path in all_modules().items():
        if layer_of(name) in ("wasm", "gpu", "workbench", "debug", "hosts", "bench", "demos"):
            tree = ast.parse(path.read_text())
            roots = {a.name.split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names}
            roots |= {(n.module or "").split(".")[0] for n in ast.walk(tree) if isinstance(n, ast.ImportFrom)}
            assert "PySide6" not in roots and "pyqtgraph" not in roots, f"{name} imports Qt"
            if layer_of(name) == "wasm":
                assert "wgpu" not in roots, f"{name} imports wgpu"


# The checks themselves must be able to fail: a made-up graph with a cycle and an upward arrow.
def test_the_checks_catch_a_cycle_and_an_upward_import():
    graph = {
        "playground.wasm.a": {"playground.wasm.b"},
        "playground.wasm.b": {"playground.wasm.a"},
        "playground.gpu.c": {"playground.ui.d"},
        "playground.ui.d": set(),
    }
    assert find_cycles(graph) == [["playground.wasm.a", "playground.wasm.b"]]
    assert upward_imports(graph) == ["playground.gpu.c -> playground.ui.d: ui/ sits above gpu/"]


def test_function_level_and_relative_imports_are_seen(tmp_path):
    modules = {"playground.wasm.x": Path(), "playground.wasm.y": Path(), "playground.wasm": Path()}
    source = tmp_path / "x.py"
    source.write_text("def f():\n    from . import y\n    import playground.wasm\n")
    assert imports_of("playground.wasm.x", source, modules) == {"playground.wasm.y", "playground.wasm"}


if __name__ == "__main__":  # pragma: no cover - a quick look while refactoring
    graph = import_graph()
    print("\n".join(" <-> ".join(c) for c in find_cycles(graph)))
    print("\n".join(upward_imports(graph)))
    pytest.main([__file__])
