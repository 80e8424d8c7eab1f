"""Light and dark palettes that follow the system's colour scheme (Qt 6 styleHints().colorScheme())."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QColor, QGuiApplication, QPalette


def system_is_dark() -> bool:
    """True when the desktop asks for a dark scheme; False when it asks for light or says nothing."""
    return QGuiApplication.styleHints().colorScheme() == Qt.ColorScheme.Dark


def dark_palette() -> QPalette:
    palette = QPalette()
    roles = {
        QPalette.ColorRole.Window: "#1f2229",
        QPalette.ColorRole.WindowText: "#d8dce6",
        QPalette.ColorRole.Base: "#16181d",
        QPalette.ColorRole.AlternateBase: "#20232b",
        QPalette.ColorRole.ToolTipBase: "#2b2f3a",
        QPalette.ColorRole.ToolTipText: "#e6e9f0",
        QPalette.ColorRole.PlaceholderText: "#6b7280",
        QPalette.ColorRole.Text: "#d8dce6",
        QPalette.ColorRole.Button: "#272b34",
        QPalette.ColorRole.ButtonText: "#d8dce6",
        QPalette.ColorRole.BrightText: "#ff6b6b",
        QPalette.ColorRole.Highlight: "#3d6bd6",
        QPalette.ColorRole.HighlightedText: "#ffffff",
        QPalette.ColorRole.Link: "#7aa2f7",
    }
    for role, color in roles.items():
        palette.setColor(role, QColor(color))
    for role in (QPalette.ColorRole.Text, QPalette.ColorRole.WindowText, QPalette.ColorRole.ButtonText):
        palette.setColor(QPalette.ColorGroup.Disabled, role, QColor("#6b7280"))
    return palette


def apply_theme(app, dark: bool | None = None) -> bool:
    """Fusion style with a light or dark palette (None: follow the system). Returns whether it is dark."""
    dark = system_is_dark() if dark is None else dark
    app.setStyle("Fusion")
    app.setPalette(dark_palette() if dark else app.style().standardPalette())
    return dark
