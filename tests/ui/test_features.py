"""The window's feature folders stay apart: none imports another's modules (they meet in the window's core)."""

from __future__ import annotations

import ast
from pathlib import Path

UI = Path(__file__).resolve().parents[2] / "playground" / "ui"
FEATURES = ("editor", "debugger", "gpu", "demos")


def imported_modules(path: Path) -> set[str]:
    tree = ast.parse(path.read_text())
    found = set()
    for node in ast.walk(tree):  # function-level imports included
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
            found |= {f"{node.module}.{alias.name}" for alias in node.names}
    return found


def feature_of(module: str) -> str | None:
    parts = module.split(".")
    return parts[2] if len(parts) > 2 and parts[:2] == ["playground", "ui"] and parts[2] in FEATURES else None


def crossings() -> list[str]:
    wrong = []
    for feature in FEATURES:
        for path in sorted((UI / feature).rglob("*.py")):
            for module in sorted(imported_modules(path)):
                other = feature_of(module)
                if other is not None and other != feature:
                    wrong.append(f"{path.relative_to(UI)} imports {module}")
    return wrong


def test_features_do_not_import_each_other():
    assert crossings() == []


def test_the_core_does_not_import_a_feature_except_to_install_it():
    """Only the window (which installs them) and the tools that drive it name the features."""
    allowed = {"main_window.py"}
    for path in sorted(UI.glob("*.py")):
        named = {feature_of(m) for m in imported_modules(path)} - {None}
        assert not named or path.name in allowed, f"{path.name} imports {named}"


def test_every_feature_declares_itself_with_one_install(make_window):
    window = make_window()
    for feature in FEATURES:
        package = __import__(f"playground.ui.{feature}", fromlist=["install"])
        assert callable(package.install)
    assert {type(getattr(window, f)).__name__ for f in FEATURES} == {"EditorFeature", "DebuggerFeature", "GpuFeature", "DemosFeature"}


def test_the_check_sees_a_crossing(tmp_path):
    source = tmp_path / "x.py"
    source.write_text("def f():\n    from playground.ui.debugger.memory_view import MemoryView\n")
    assert feature_of(next(m for m in imported_modules(source) if m.endswith("memory_view"))) == "debugger"
