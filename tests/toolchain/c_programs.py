"""C programs for the toolchain and C-debugging tests, compiled once per test session with the real toolchain.

    @pytest.fixture(scope="session")
    def loop_wasm(tmp_path_factory):
        return compile_once(tmp_path_factory, "loop", LOOP)      # skips where the c extra is missing

`LOOP` is the program whose line table the tests know line by line: the
comments `// L<n>` are not needed, the tests name lines by number, so edit
it only together with them.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from playground.toolchain import CompileOptions, available, compile_c

# line numbers matter: tests/debug/test_debug_c_lines.py names them
LOOP = """\
#include <stdio.h>

struct point { int x; int y; };

static int square(int v) {
    return v * v;
}

int sum_squares(int n) {
    int total = 0;
    for (int i = 1; i <= n; i++) {
        total += square(i);
    }
    return total;
}

int main(void) {
    struct point p = {3, 4};
    int arr[3] = {1, 2, 3};
    int *ptr = &arr[1];
    char c = 'A';
    int s = sum_squares(4);
    printf("%d %d %d %c\\n", s, p.x, *ptr, c);
    return 0;
}
"""
LOOP_CODE_LINES = [5, 6, 9, 10, 11, 12, 14, 17, 18, 19, 20, 21, 22, 23, 24]  # lines that became instructions
LOOP_OUTPUT = "30 3 2 A\n"


def require_toolchain() -> None:
    if not available():
        pytest.skip("needs the C toolchain: pip install 'wasm-playground[c]'")


def compile_once(tmp_path_factory, name: str, source: str, options: CompileOptions = CompileOptions(),
                 *, suffix: str = ".c") -> Path:
    """Write `source` as NAME.c in a fresh folder and compile it to NAME.wasm beside it (the test fails on errors)."""
    require_toolchain()
    folder = tmp_path_factory.mktemp(name)
    (folder / f"{name}{suffix}").write_text(source)
    result = compile_c([f"{name}{suffix}"], options, cwd=folder)
    assert result.ok, "\n".join(str(d) for d in result.diagnostics) or result.stderr
    return result.output
