"""Whether a window can open here, and the help that says how to get one."""

from __future__ import annotations

import sys

from playground.workbench.display import NO_DISPLAY_HELP, display_problem


def test_no_display_on_linux_is_explained(monkeypatch):
    for name in ("QT_QPA_PLATFORM", "DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setattr(sys, "platform", "linux")
    assert display_problem() == NO_DISPLAY_HELP and "xvfb-run" in NO_DISPLAY_HELP
    monkeypatch.setenv("DISPLAY", ":0")
    assert display_problem() is None


def test_a_chosen_platform_or_another_system_is_trusted(monkeypatch):
    for name in ("DISPLAY", "WAYLAND_DISPLAY"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("QT_QPA_PLATFORM", "offscreen")
    monkeypatch.setattr(sys, "platform", "linux")
    assert display_problem() is None
    monkeypatch.delenv("QT_QPA_PLATFORM")
    monkeypatch.setattr(sys, "platform", "darwin")
    assert display_problem() is None
