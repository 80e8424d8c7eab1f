"""What Run (Ctrl+R) means on a tab: each feature registers a runner for the languages it runs.

The debugger runs WAT and .wasm tabs (the chosen export, to completion); the
GPU feature runs WGSL tabs (one dispatch in the WGSL runner). The Run command
asks `MainWindow.runners[buffer.language]`, so neither feature needs the other.
"""

from __future__ import annotations

from typing import Protocol


class LanguageRunner(Protocol):
    """Runs the current tab of one language."""

    def run_tip(self) -> str:
        """The Run command's tip on such a tab."""

    def can_run(self) -> tuple[bool, str]:
        """Whether Run works on the current tab now, and why not (a tip) when it does not."""

    def run(self) -> None:
        """Run the current tab (PlaygroundError when it cannot)."""
