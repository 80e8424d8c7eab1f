"""A real X display (Xvfb) shows the main window paused mid-debug, and its screenshot is a real picture.

The screenshot goes to a temporary folder; set PLAYGROUND_UPDATE_SCREENSHOT=1
to refresh docs/screenshot.png (the README's picture) from this same run.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]


@pytest.mark.skipif(shutil.which("xvfb-run") is None, reason="xvfb-run is not installed (Debian package xvfb)")
def test_screenshot_of_the_window_mid_debug_under_xvfb(tmp_path):
    target = tmp_path / "screenshot.png"
    env = {k: v for k, v in os.environ.items() if k not in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY")}
    env["QT_QPA_PLATFORM"] = "xcb"  # a real X11 window on the virtual display, not the offscreen plugin
    result = subprocess.run(
        ["xvfb-run", "-a", "-s", "-screen 0 1600x1000x24", sys.executable, "-m", "playground.ui.screenshot", str(target)],
        capture_output=True,
        text=True,
        env=env,
        cwd=REPO_ROOT,
        timeout=180,
    )
    assert result.returncode == 0, result.stdout + result.stderr

    from PySide6.QtGui import QImage

    image = QImage(str(target))
    assert not image.isNull() and image.width() >= 1200 and image.height() >= 700
    # A real picture has many colours: text, highlights, the breakpoint dot.
    colours = {image.pixel(x, y) for x in range(0, image.width(), 7) for y in range(0, image.height(), 7)}
    assert len(colours) > 50
    if os.environ.get("PLAYGROUND_UPDATE_SCREENSHOT"):
        shutil.copyfile(target, REPO_ROOT / "docs" / "screenshot.png")
