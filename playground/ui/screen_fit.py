"""The window always fits its screen: a starting size from the screen, a clamp after each change, a scroll box for big views.

Opening Compare, the image filters and the dispatch stepper as docks took a
1400x900 window to 1713x1585 on a 1600x1000 screen: Qt makes a window's
minimum size the sum of its docks' minimum sizes and grows the window to it,
past the screen, where the status bar and the Pause and Stop buttons went
out of reach. So views that need more room than a small screen has go into
`scroll_box` (a scroll area's minimum size is small: the view scrolls
instead of pushing the window), demos open as tabs of the central area, and
`fit_window` puts the window back inside the screen's available area
whenever something may have grown it.
"""

from __future__ import annotations

from PySide6.QtCore import QRect, QSize
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QFrame, QScrollArea, QWidget

DEFAULT_SIZE = QSize(1400, 900)
SCREEN_SHARE = 0.92  # a first window takes at most this share of the screen's free area
FRAME_GUESS = QSize(0, 32)  # the title bar a window manager adds, before the window has a frame to measure


def available_geometry(widget: QWidget) -> QRect:
    """The available area (without panels and docks of the desktop) of the screen `widget` is on."""
    screen = widget.screen() or QGuiApplication.primaryScreen()
    return screen.availableGeometry() if screen is not None else QRect(0, 0, DEFAULT_SIZE.width(), DEFAULT_SIZE.height())


def frame_margins(window: QWidget) -> QSize:
    """What the window manager's frame adds to the window's size (a guess before it was shown)."""
    handle = window.windowHandle()
    if window.isVisible() and handle is not None:
        margins = handle.frameMargins()  # none without a window manager (Xvfb)
        return QSize(margins.left() + margins.right(), margins.top() + margins.bottom())
    return FRAME_GUESS


def starting_size(window: QWidget) -> QSize:
    """The default size, no larger than SCREEN_SHARE of the screen's available area."""
    area, extra = available_geometry(window), frame_margins(window)
    return QSize(
        min(DEFAULT_SIZE.width(), int(area.width() * SCREEN_SHARE) - extra.width()),
        min(DEFAULT_SIZE.height(), int(area.height() * SCREEN_SHARE) - extra.height()),
    )


def fits(window: QWidget) -> bool:
    """True when the window's frame lies inside the available area and its minimum size fits in it."""
    area, extra = available_geometry(window), frame_margins(window)
    frame = QRect(window.geometry().topLeft(), window.size() + extra)
    if window.isVisible():
        frame = window.frameGeometry()
    minimum = window.minimumSizeHint().expandedTo(window.minimumSize()) + extra
    return area.contains(frame) and minimum.width() <= area.width() and minimum.height() <= area.height()


def fit_window(window: QWidget) -> bool:
    """Shrink and move `window` so its frame lies inside the screen's available area; True when it changed."""
    if window.isMaximized() or window.isFullScreen():
        return False
    area, extra = available_geometry(window), frame_margins(window)
    size = window.size()
    width = min(size.width(), area.width() - extra.width())
    height = min(size.height(), area.height() - extra.height())
    changed = False
    if (width, height) != (size.width(), size.height()):
        window.resize(width, height)
        changed = True
    frame = window.frameGeometry() if window.isVisible() else QRect(window.pos(), window.size() + extra)
    x = min(max(frame.x(), area.left()), area.right() + 1 - frame.width())
    y = min(max(frame.y(), area.top()), area.bottom() + 1 - frame.height())
    if (x, y) != (frame.x(), frame.y()):
        window.move(max(x, area.left()), max(y, area.top()))
        changed = True
    return changed


def scroll_box(view: QWidget) -> QScrollArea:
    """`view` in a frameless scroll area that lets it shrink to nothing and scrolls what does not fit.

    The view keeps its object name on the box (`scroll_<name>`), and `box.widget()` is the view.
    """
    box = QScrollArea()
    box.setWidgetResizable(True)
    box.setFrameShape(QFrame.Shape.NoFrame)
    box.setWidget(view)
    if view.objectName():
        box.setObjectName(f"scroll_{view.objectName()}")
    return box
