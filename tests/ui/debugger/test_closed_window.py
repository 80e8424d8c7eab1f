"""A window closed while its sessions run applies none of their late news (issue 14, the CI race of 9282e5b)."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from debug_helpers import TIMEOUT_MS, open_text  # noqa: E402

SPIN = '(module (func (export "spin") (loop (br 0))))\n'


def test_a_window_closed_while_a_run_goes_on_gets_no_late_stop(qtbot, make_window):
    """Closing stops the run; the worker's last stop and its "stopped after" line are dropped, not shown."""
    window = make_window()
    open_text(qtbot, window, SPIN, "spin.wat")
    assert window.commands.trigger("run")
    qtbot.waitUntil(lambda: window.debugger.session_state == "running", timeout=TIMEOUT_MS)
    late = []
    window.debugger.bridge.sessionSnapshot.connect(lambda buffer, snapshot: late.append(snapshot))
    window.debugger.bridge.outputReady.connect(lambda text, kind: late.append(text))
    window.close()
    qtbot.waitUntil(lambda: not window.debugger.busy, timeout=TIMEOUT_MS)
    qtbot.wait(200)
    assert late == []
