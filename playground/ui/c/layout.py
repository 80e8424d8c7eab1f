"""The C tab's default dock layout: what a C learner watches gets the room.

Two columns right of the editor, at the window's full dock height:

    | C editor | C variables (Locals, Globals behind) | C ⇄ Wasm |
    |          | Call stack (Labels behind)           |          |
    |          | Operand stack                        |          |
    | Console, Problems      | Memory, Bytecode                  |

The middle column is wide enough for the C variables' three columns and
for "Locals | Globals | C variables" tabs; C variables get about half of
its height (a few variables and an opened small array), the call stack
(C function and file:line) and the operand stack share the rest. The
widths grow with the window, within bounds, and shrink together on a
small one: the editor always keeps EDITOR_SHARE of the width.

layouts.py calls `arrange` once, when the C layout is first made (and on
View > Reset Layout); what the user changes afterwards is the C layout's
own saved state.
"""

from __future__ import annotations

from PySide6.QtCore import Qt

RIGHT = Qt.DockWidgetArea.RightDockWidgetArea
HORIZONTAL, VERTICAL = Qt.Orientation.Horizontal, Qt.Orientation.Vertical
MIDDLE_SHARE, MIDDLE_BOUNDS = 0.23, (290, 420)  # of the window's width, in pixels
LINKED_SHARE, LINKED_BOUNDS = 0.27, (340, 520)
HEIGHT_SHARES = (0.5, 0.25, 0.25)  # C variables, call stack, operand stack
EDITOR_SHARE = 0.45


def share(width: int, part: float, bounds: tuple[int, int]) -> int:
    """`part` of `width`, kept within `bounds`."""
    return max(bounds[0], min(bounds[1], int(width * part)))


def column_widths(width: int) -> tuple[int, int]:
    """The middle column's and the C ⇄ Wasm column's widths in a window `width` pixels wide."""
    middle, linked = share(width, MIDDLE_SHARE, MIDDLE_BOUNDS), share(width, LINKED_SHARE, LINKED_BOUNDS)
    room = int(width * (1 - EDITOR_SHARE))
    if middle + linked > room:
        middle, linked = middle * room // (middle + linked), linked * room // (middle + linked)
    return middle, linked


def arrange(window, variables, linked) -> None:
    """Place the debugger's right-hand docks and the C ones as the module docstring draws."""
    docks = window.docks
    bottom = docks["console"].height()  # the splits below would take height from the console and the memory
    callstack, stack = docks["callstack"], docks["stack"]
    for dock in (variables, linked, callstack, stack):
        dock.setFloating(False)
    window.addDockWidget(RIGHT, variables, VERTICAL)
    window.splitDockWidget(variables, linked, HORIZONTAL)
    window.splitDockWidget(variables, callstack, VERTICAL)
    window.splitDockWidget(callstack, stack, VERTICAL)
    for front, behind in ((variables, docks["locals"]), (variables, docks["globals"]), (callstack, docks["labels"]),
                          (callstack, docks["exception"])):
        behind.setFloating(False)
        window.tabifyDockWidget(front, behind)
    variables.raise_()
    callstack.raise_()
    window.resizeDocks([variables, linked], list(column_widths(window.width())), HORIZONTAL)
    # relative weights: Qt shares the column's height by them and never resizes the window for them
    window.resizeDocks([variables, callstack, stack], [int(1000 * s) for s in HEIGHT_SHARES], VERTICAL)
    window.resizeDocks([docks["console"]], [bottom], VERTICAL)
