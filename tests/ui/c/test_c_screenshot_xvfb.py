"""A real X display (Xvfb) shows the C tab of sort.c stopped at a C-line breakpoint; the picture is real.

Compiles with the real toolchain. The PNG goes to a temporary folder (look at it with
`xvfb-run -a python -m playground.ui.screenshot_c out.png`).
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from playground.toolchain import available

REPO_ROOT = Path(__file__).resolve().parents[3]


@pytest.mark.skipif(shutil.which("xvfb-run") is None, reason="xvfb-run is not installed (Debian package xvfb)")
@pytest.mark.skipif(not available(), reason="the C toolchain (wasm-playground[c]) is not installed")
def test_screenshot_of_the_c_tab_at_a_breakpoint_under_xvfb(tmp_path):
    target = tmp_path / "c-tab.png"
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}
    env["QT_QPA_PLATFORM"] = "xcb"
    result = subprocess.run(
        ["xvfb-run", "-a", "-s", "-screen 0 1600x1000x24", sys.executable, "-m", "playground.ui.screenshot_c", str(target)],
        capture_output=True, text=True, env=env, cwd=REPO_ROOT, timeout=300,
    )
    assert result.returncode == 0, result.stdout + result.stderr

    from PySide6.QtGui import QImage

    image = QImage(str(target))
    assert not image.isNull() and (image.width(), image.height()) == (1280, 800)
    colours = {image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)}
    assert len(colours) > 50  # text, the line tints, the breakpoint dot
