"""No lost work: the window killed with SIGKILL while editing gives the edits back on the next start.

The real program runs in a subprocess (`python -m playground gui FILE`, the
offscreen platform, its own XDG folders so the autosave lands in a private
QStandardPaths AppDataLocation). A small driver types into the editor with
QTest once the window shows, the test waits for the autosave file and kills
the process with SIGKILL: no close event, no atexit. The next start asks
"Restore unsaved work?" (the driver answers Yes and prints the tabs as JSON):
the typed text is back, tied to its file, marked modified; the file on disk
is untouched.
"""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parents[2]
TYPED = ";; typed just before the crash"

EDIT = r"""
import sys
from PySide6.QtCore import QTimer
from PySide6.QtGui import QTextCursor
from PySide6.QtTest import QTest
from playground.ui.main_window import MainWindow

shown = MainWindow.show

def show(window):
    shown(window)
    def type_in():
        editor = window.current_buffer().editor
        editor.moveCursor(QTextCursor.MoveOperation.End)
        QTest.keyClicks(editor, sys.argv[2])
        print("TYPED", window.data_dir, flush=True)
    QTimer.singleShot(500, type_in)

MainWindow.show = show
from playground.cli import main
sys.exit(main(["gui", sys.argv[1]]))
"""

RESTORE = r"""
import json, sys
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox
from playground.ui.main_window import MainWindow

asked = []
def question(parent, title, text, *args, **kwargs):
    asked.append(title + ": " + text)
    return QMessageBox.StandardButton.Yes
QMessageBox.question = question

shown = MainWindow.show

def show(window):
    shown(window)
    def report():
        tabs = [{"title": b.title, "path": str(b.path) if b.path else None, "text": b.editor.toPlainText(),
                 "modified": b.modified} for b in window.buffers.values()]
        print("STATE " + json.dumps({"asked": asked, "tabs": tabs}), flush=True)
        window.editor.files.ask_unsaved = lambda titles: "discard"
        QApplication.instance().quit()
    QTimer.singleShot(1500, report)

MainWindow.show = show
from playground.cli import main
sys.exit(main(["gui"]))
"""


def _env(tmp_path: Path) -> dict:
    env = {k: v for k, v in os.environ.items() if k not in ("DISPLAY", "WAYLAND_DISPLAY")}
    env.update(QT_QPA_PLATFORM="offscreen", XDG_DATA_HOME=str(tmp_path / "data"),
               XDG_CONFIG_HOME=str(tmp_path / "config"), XDG_RUNTIME_DIR=str(tmp_path / "run"))
    (tmp_path / "run").mkdir(mode=0o700)
    return env


def test_kill_9_while_editing_loses_no_buffer(tmp_path):
    source = tmp_path / "hello.wat"
    original = '(module\n  (func (export "f") (result i32) (i32.const 42)))\n'
    source.write_text(original)
    env = _env(tmp_path)

    editing = subprocess.Popen([sys.executable, "-c", EDIT, str(source), TYPED], cwd=REPO_ROOT, env=env,
                               stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    try:
        line = editing.stdout.readline()
        assert line.startswith("TYPED"), line + editing.stderr.read()
        autosave = Path(line.split(" ", 1)[1].strip()) / "autosave"
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline and not any(TYPED in p.read_text() for p in autosave.glob("*.json")):
            time.sleep(0.1)  # the idle autosave writes within a second of the last keystroke
        os.kill(editing.pid, signal.SIGKILL)
        editing.wait(10)
    finally:
        if editing.poll() is None:
            editing.kill()
    assert editing.returncode == -signal.SIGKILL
    assert source.read_text() == original  # nothing was saved over the file

    restored = subprocess.run([sys.executable, "-c", RESTORE], cwd=REPO_ROOT, env=env, capture_output=True,
                              text=True, timeout=120)
    state_lines = [line for line in restored.stdout.splitlines() if line.startswith("STATE ")]
    assert state_lines, restored.stdout + restored.stderr
    state = json.loads(state_lines[0][len("STATE "):])
    assert len(state["asked"]) == 1 and state["asked"][0].startswith("Restore unsaved work?: ")
    assert "hello.wat" in state["asked"][0]
    [tab] = [t for t in state["tabs"] if t["title"] == "hello.wat"]
    assert tab["text"] == original + TYPED
    assert tab["path"] == str(source.resolve()) and tab["modified"]
    assert "Traceback" not in restored.stderr


def test_the_autosave_follows_typing_within_a_second(qtbot, tmp_path):
    """Not only every 5 seconds: a pause in typing writes the copy, so a crash loses at most the last moment."""
    from PySide6.QtCore import QSettings

    from playground.ui.editor.files import AUTOSAVE_IDLE_MS
    from playground.ui.main_window import MainWindow

    window = MainWindow(settings=QSettings(str(tmp_path / "s.ini"), QSettings.Format.IniFormat),
                        data_dir=tmp_path / "data", restore="never", welcome=False)
    qtbot.addWidget(window)
    files = window.editor.files
    files.autosave_timer.setInterval(3_600_000)  # the periodic save is out of the picture
    files.autosave_timer.start()
    buffer = files.new_file("(module)\n")
    qtbot.keyClicks(buffer.editor, ";; x")
    assert files.idle_timer.isActive() and files.autosave.pending() == []
    qtbot.waitUntil(lambda: [e.text for e in files.autosave.pending()] == [buffer.editor.toPlainText()],
                    timeout=AUTOSAVE_IDLE_MS + 2000)
    files.autosave_timer.stop()
    window.editor.files.ask_unsaved = lambda titles: "discard"
