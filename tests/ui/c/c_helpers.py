"""The C program the window's C tests debug, and a helper to open it as a tab with a build made once per module."""

from __future__ import annotations

PROGRAM = """#include <stdio.h>

struct point {
    int x;
    int y;
};

int sum(int *values, int count) {
    int total = 0;
    for (int i = 0; i < count; i++) {
        total += values[i];
    }
    return total;
}

int main(void) {
    struct point pt = {3, 4};
    int values[4] = {5, 6, 7, 8};
    int n = 4;
    int s = sum(values, n);
    printf("%d %d %d\\n", pt.x, pt.y, s);
    return 0;
}
"""
COMPILE_MS = 180_000  # the first compile of a fresh machine builds zig's C library
ADD_LINE = 11  # total += values[i];
CALL_LINE = 20  # int s = sum(values, n);
PRINT_LINE = 21
SUM_FIRST_LINE = 9  # int total = 0;


def line_of(text: str, words: str) -> int:
    """The 1-based line of `text` that holds `words` (so the constants above stay honest)."""
    return next(i for i, line in enumerate(text.splitlines(), 1) if words in line)


def open_built(window, build, title: str = "points_sum.c"):
    """A C tab holding PROGRAM with `build` (made once per module) shown as its compile."""
    window.c.auto_compile = False
    buffer = window.editor.files.make_buffer(PROGRAM, title=title, language="c")
    window.add_buffer(buffer)
    window.c.show_build(buffer, build)
    return buffer


def stopped_at(qtbot, window, build, line: int):
    """The C tab of PROGRAM debugged (`_start`) to a gutter breakpoint on `line`; returns the buffer."""
    from debug_helpers import click_gutter, debug

    buffer = open_built(window, build)
    click_gutter(qtbot, buffer.editor, line)
    debug(qtbot, window, "_start", [])
    return buffer
