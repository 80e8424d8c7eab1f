"""Whether Qt can open a window here, and what to tell the user when it cannot."""

from __future__ import annotations

import os
import sys

NO_DISPLAY_HELP = (
    "no display available: the playground needs a screen to open its window.\n"
    "  - on a desktop, run it from a graphical session (X11 or Wayland);\n"
    "  - on a server, start it under a virtual screen: xvfb-run wasm-playground\n"
    "    (Debian/Ubuntu: apt-get install xvfb);\n"
    "  - the command-line tools work without one: wasm-playground --help"
)


def display_problem() -> str | None:
    """A message explaining why no window can open, or None when one can."""
    if os.environ.get("QT_QPA_PLATFORM"):
        return None  # the user chose a platform plugin (offscreen, xcb, wayland, ...)
    if not sys.platform.startswith("linux"):
        return None  # Windows and macOS always have a window system
    if os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY"):
        return None
    return NO_DISPLAY_HELP
