"""The C feature: C tabs that compile with zig, the linked C ⇄ Wasm view, and the C variables panel (feature.py)."""

from playground.ui.c.feature import install

__all__ = ["install"]
