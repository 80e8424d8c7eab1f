"""What a learner meets in the first minutes, on real widgets: the empty tab area, the Samples menu's height,
the command pictures on the dark palette, whole problem messages, the Console's stdin field at 1280 px."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtGui import QColor, QIcon, QTextDocument
from PySide6.QtWidgets import QApplication

from playground.ui.console import IDLE_PLACEHOLDER, INPUT_TIP, WAITING_PLACEHOLDER, ConsolePanel
from playground.ui.editor.problems import ProblemsPanel
from playground.workbench.checking import Diagnostic

SMALL_SCREEN = (1280, 720)
SAMPLES = Path(__file__).resolve().parents[2] / "samples"


def test_the_empty_tab_area_says_where_to_start(qtbot, make_window):
    window = make_window()
    window.show()
    hint = window.start_hint.label
    assert hint.isVisible() and hint.parent() is window.tabs
    document = QTextDocument()
    document.setHtml(hint.text())
    text = document.toPlainText()
    assert "Samples > fib.wat" in text and "File > Open… (Ctrl+O)" in text and "Help > Getting Started" in text
    assert hint.geometry().intersects(window.tabs.rect()) and hint.width() > window.tabs.width() // 2

    buffer = window.editor.files.new_file()
    assert not hint.isVisible()
    window.close_tab()
    assert window.tabs.count() == 0 and hint.isVisible()
    assert buffer not in window.buffers.values()


def test_the_samples_menu_fits_a_720_pixel_screen(make_window):
    window = make_window()
    menu = window.editor.samples_menu
    assert menu.sizeHint().height() < SMALL_SCREEN[1] - 60  # the menu bar and the window's frame above it
    titles = [a.text() for a in menu.actions() if a.menu() is not None]
    assert titles == ["&WGSL compute shaders", "&C programs (WASI)"]
    assert any(a.text().startswith("fib.wat — ") for a in menu.actions())  # Getting Started's Samples > fib.wat
    c_entries = [a.text() for a in menu.actions()[-1].menu().actions()]
    assert "rot13.c — Read standard input and write it back in ROT13." in c_entries  # the source, in a C tab


def _ink(icon: QIcon, mode: QIcon.Mode) -> QColor:
    """The colour of the most opaque pixel of the icon's picture."""
    image = icon.pixmap(16, 16, mode).toImage()
    pixels = (image.pixelColor(x, y) for x in range(image.width()) for y in range(image.height()))
    return max(pixels, key=lambda c: c.alpha())


def test_the_command_bar_pictures_are_drawn_in_the_palette_s_text_colour(make_window):
    window = make_window()
    bar = window.debugger.command_bar
    window.set_dark(False)
    assert _ink(bar.actions()[0].icon(), QIcon.Mode.Normal).lightness() < 100  # dark on the light palette

    window.set_dark(True)
    QApplication.processEvents()
    run = window.commands.action("run")
    assert _ink(run.icon(), QIcon.Mode.Normal).lightness() > 160  # was black on #1f2229
    assert 60 < _ink(run.icon(), QIcon.Mode.Disabled).lightness() < _ink(run.icon(), QIcon.Mode.Normal).lightness()
    window.set_dark(False)


def test_a_problem_message_wraps_instead_of_being_cut(qtbot):
    panel = ProblemsPanel()
    qtbot.addWidget(panel)
    panel.resize(430, 200)  # the Problems dock of a 1280 px window
    panel.show()
    long = "unknown operator xi64.lt_u; did you mean i64.lt_u or i64.lt_s? (line 5, column 10 of fib.wat)"
    panel.set_problems([Diagnostic(None, "short"), Diagnostic(None, long)])
    qtbot.waitUntil(lambda: panel.visualItemRect(panel.topLevelItem(1)).height() > 0)
    one_line = panel.visualItemRect(panel.topLevelItem(0)).height()
    assert panel.visualItemRect(panel.topLevelItem(1)).height() >= 2 * one_line - 4

    panel.resize(900, 200)  # wide enough for one line: the row shrinks back
    qtbot.waitUntil(lambda: panel.visualItemRect(panel.topLevelItem(1)).height() == one_line)


def test_the_stdin_field_s_grey_text_reads_whole_in_a_1280_pixel_window(qtbot):
    console = ConsolePanel()
    qtbot.addWidget(console)
    console.resize(430, 200)  # the Console dock beside Memory at 1280x720
    console.show_input(True)
    console.show()
    field = console.input
    room = field.contentsRect().width() - 8  # QLineEdit's horizontal text margins
    for text in (IDLE_PLACEHOLDER, WAITING_PLACEHOLDER):
        assert field.fontMetrics().horizontalAdvance(text) <= room, text
    assert field.placeholderText() == IDLE_PLACEHOLDER and "Ctrl+D" in field.toolTip() == INPUT_TIP
    console.set_waiting("rot13.wasm waits for input: type a line below")
    assert field.placeholderText() == WAITING_PLACEHOLDER and "rot13.wasm waits" in field.toolTip()
    console.set_waiting("")
    assert field.placeholderText() == IDLE_PLACEHOLDER and field.toolTip() == INPUT_TIP


def test_a_wgsl_tab_s_console_leaves_the_runner_the_height_at_1280x720(qtbot, make_window, monkeypatch):
    from playground.ui.gpu.runner_view import WgslRunnerView
    from playground.ui.layouts import SIDE_CONSOLE_HEIGHT

    monkeypatch.setattr(WgslRunnerView, "probe_adapter", lambda self: None)
    window = make_window()
    window.resize(*SMALL_SCREEN)
    window.show()
    qtbot.waitExposed(window)
    window.open_file(SAMPLES / "saxpy.wgsl")
    qtbot.wait(10)
    console, runner = window.docks["console"], window.gpu.runner_dock
    assert console.isVisible() and abs(console.height() - SIDE_CONSOLE_HEIGHT) <= 30  # was 260 of 720
    assert runner.height() > SMALL_SCREEN[1] // 2 + 40  # the buffers' table under the bindings gets rows to show


def _contrast(a: QColor, b: QColor) -> float:
    """The WCAG contrast ratio of two colours."""
    def luminance(c: QColor) -> float:
        parts = [v / 255 for v in (c.red(), c.green(), c.blue())]
        lin = [p / 12.92 if p <= 0.03928 else ((p + 0.055) / 1.055) ** 2.4 for p in parts]
        return 0.2126 * lin[0] + 0.7152 * lin[1] + 0.0722 * lin[2]
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def test_the_console_s_colours_read_on_the_dark_palette(make_window):
    from PySide6.QtGui import QPalette, QTextCursor

    window = make_window()
    window.set_dark(True)
    QApplication.processEvents()  # the palette reaches the widgets
    console = window.console
    console.clear()
    for kind in ("info", "error", "result", "input"):
        console.write(f"a line of kind {kind}", kind)
    base = console.view.palette().color(QPalette.ColorRole.Base)
    block = console.view.document().firstBlock()
    while block.isValid() and block.text():
        cursor = QTextCursor(block)
        cursor.movePosition(QTextCursor.MoveOperation.EndOfBlock)
        colour = cursor.charFormat().foreground().color()
        assert _contrast(colour, base) >= 4.5, (block.text(), colour.name())
        block = block.next()
    window.set_dark(False)


def test_the_export_picker_says_why_it_is_empty(qtbot, make_window, monkeypatch):
    from playground.ui.gpu.runner_view import WgslRunnerView

    monkeypatch.setattr(WgslRunnerView, "probe_adapter", lambda self: None)
    window = make_window()
    picker = window.debugger.run_bar.picker
    assert picker.currentText() == "(no tab open)"
    window.open_file(SAMPLES / "saxpy.wgsl")
    assert picker.currentText() == "(a shader: Run dispatches it)" and not picker.isEnabled()
    assert "Dispatch the WGSL shader" in window.commands.action("run").toolTip()  # what the picker points at
    assert not window.debugger.run_bar.broken
