"""Instructions that came from an included header (an inline function in util.h) say so in the C ⇄ Wasm view:
the main file's lines keep their colours, the header's rows are uncoloured and read `;; from util.h:2`.

Compiles with the real toolchain (the header beside the tab's file, found through `-I`, as a tab's compile does).
"""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from c_helpers import line_of  # noqa: E402

from playground.toolchain import available  # noqa: E402

pytestmark = pytest.mark.skipif(not available(), reason="the C toolchain (wasm-playground[c]) is not installed")

HEADER = """static inline int twice(int v) {
    return v + v;
}
"""
MAIN = """#include "util.h"

int main(void) {
    int x = twice(21);
    return x - 42;
}
"""


@pytest.fixture(scope="module")
def build(tmp_path_factory):
    from playground.workbench.c_build import build_c

    folder = tmp_path_factory.mktemp("with-header")
    (folder / "util.h").write_text(HEADER)
    made = build_c(MAIN, "main.c", tmp_path_factory.mktemp("c-build"), include_dir=folder)
    assert made.ok, made.diagnostics
    return made


def test_rows_from_a_header_say_which_header_line_they_came_from(qtbot, make_window, build):
    window = make_window()
    window.c.auto_compile = False
    buffer = window.editor.files.make_buffer(MAIN, title="main.c", language="c")
    window.add_buffer(buffer)
    window.c.show_build(buffer, build)
    listing, view = window.c.listings[buffer], window.c.linked
    body = line_of(HEADER, "return v + v")
    from_header = [i for i, row in enumerate(listing.rows) if row.elsewhere == f"util.h:{body}"]
    assert from_header and any(listing.rows[i].text.strip() == "i32.add" for i in from_header)
    assert all(listing.rows[i].line is None and view.row_colour(i) is None for i in from_header)
    first = from_header[0]
    assert view.table.item(first, 2).text().endswith(f";; from util.h:{body}")
    assert "from util.h" not in view.table.item(from_header[1], 2).text()  # once a run, the tooltip on each
    assert f"(from util.h:{body}, an included file)" in view.table.item(from_header[1], 2).toolTip()
    # the tab's own lines keep their colours and say nothing of a header
    call = listing.rows_of_line(line_of(MAIN, "twice(21)"))
    assert call and all(view.row_colour(r) is not None and listing.rows[r].elsewhere is None for r in call)
