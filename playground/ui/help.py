"""The Help menu: Getting Started (shown by itself the first time), Keyboard Shortcuts, About.

The shortcuts page is made from the command registry, so it lists exactly
the keys the window binds, grouped by menu. Getting Started is a short page
for a first visit: what the window is, and five steps from a sample to a
paused program. Both open as small windows beside the main one, sized to fit
the screen, and neither blocks the window.
"""

from __future__ import annotations

from html import escape

from PySide6.QtCore import QTimer
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMessageBox, QTextBrowser, QVBoxLayout

from playground import __version__
from playground.ui.screen_fit import available_geometry

SEEN_SETTING = "help/getting_started_seen"
PAGE_SIZE = (640, 560)

GETTING_STARTED = """
<h2>Getting started</h2>
<p>wasm-playground runs WebAssembly one instruction at a time, so you can watch the
<b>operand stack</b>, the <b>locals</b> and the <b>linear memory</b> change, and
step <i>backwards</i> too. WGSL compute shaders run on the GPU beside it.</p>
<ol>
<li><b>Open a sample</b>: <i>Samples &gt; fib.wat</i>. Each editor tab keeps its own
debugging state: its session, breakpoints, chosen export and arguments.</li>
<li><b>Choose what to call</b> in the run bar: the export (<i>fib</i>) and its arguments.</li>
<li><b>Set a breakpoint</b>: click in the gutter left of a line number (or F9).</li>
<li><b>Debug</b> (Ctrl+D) stops at the breakpoint, or at the first instruction when
there is none. <b>Step Into</b> (F11), <b>Step Over</b> (F10), <b>Continue</b> (F5);
<b>Step Back</b> (Ctrl+Shift+F11) goes back in time, exactly.</li>
<li><b>Look</b>: pushed values are green in <i>Operand stack</i>, popped ones struck out;
right-click a byte in <i>Memory</i> and ask <i>Who wrote this?</i></li>
</ol>
<p><b>Run</b> (Ctrl+R) runs to the end. The <i>Demos</i> menu compares the interpreter,
wasmtime, numpy and the GPU. <i>Help &gt; Keyboard Shortcuts</i> lists every key.
A lesson can be replayed with <code>wasm-playground gui --script LESSON.txt</code>.</p>
"""


def shortcuts_html(registry) -> str:
    """Every command that has a shortcut, grouped by menu in the menu bar's order."""
    rows: dict[str, list[tuple[str, str]]] = {}
    for command in registry.commands.values():
        keys = command.action.shortcut().toString(QKeySequence.SequenceFormat.NativeText)
        if keys:
            rows.setdefault(command.menu, []).append((command.caption.replace("&", ""), keys))
    parts = ["<h2>Keyboard shortcuts</h2><table cellspacing='3'>"]  # one table: the keys line up across menus
    for menu in sorted(rows, key=registry.menu_rank):
        parts.append(f"<tr><td colspan='2'><h3>{escape(menu.replace('&', ''))}</h3></td></tr>")
        for caption, keys in rows[menu]:
            parts.append(f"<tr><td><b>{escape(keys)}</b>&nbsp;&nbsp;</td><td>{escape(caption)}</td></tr>")
    parts.append("</table>")
    parts.append("<p>Ctrl+Space in the editor completes an instruction; click in the gutter to set a breakpoint.</p>")
    return "".join(parts)


class HelpPage(QDialog):
    """A small window with one page of rich text; it does not block the main window."""

    def __init__(self, window, title: str, html: str) -> None:
        super().__init__(window)
        self.setWindowTitle(title)
        self.setModal(False)
        self.browser = QTextBrowser()
        self.browser.setOpenExternalLinks(True)
        self.browser.setHtml(html)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.browser)
        layout.addWidget(buttons)
        area = available_geometry(window)
        self.resize(min(PAGE_SIZE[0], area.width() - 40), min(PAGE_SIZE[1], area.height() - 80))


class HelpFeature:
    """Owned by the MainWindow as `window.help`."""

    def __init__(self, window, *, welcome: bool = True) -> None:
        self.window = window
        self.pages: dict[str, HelpPage] = {}
        reg = window.commands
        reg.add_command("getting_started", "&Help", "&Getting Started", self.getting_started,
                        tip="A short tour: from a sample to a paused program")
        reg.add_command("shortcuts", "&Help", "&Keyboard Shortcuts", self.shortcuts, shortcut="Ctrl+F1",
                        tip="Every key the window binds")
        reg.add_command("about", "&Help", "&About", self.about, separator_before=True)
        if welcome and not window.settings.value(SEEN_SETTING):
            QTimer.singleShot(0, window, self._first_visit)

    def _first_visit(self) -> None:
        self.window.settings.setValue(SEEN_SETTING, True)
        self.getting_started()

    def _show(self, key: str, title: str, html: str) -> HelpPage:
        page = self.pages.get(key)
        if page is None:
            page = self.pages[key] = HelpPage(self.window, title, html)
        page.show()
        page.raise_()
        return page

    def getting_started(self) -> HelpPage:
        """Help > Getting Started (also shown by itself on the first start)."""
        return self._show("start", "Getting started", GETTING_STARTED)

    def shortcuts(self) -> HelpPage:
        """Help > Keyboard Shortcuts: the registry's shortcuts, by menu."""
        return self._show("keys", "Keyboard shortcuts", shortcuts_html(self.window.commands))

    def about(self) -> None:
        """Help > About."""
        QMessageBox.about(
            self.window,
            "About wasm-playground",
            f"wasm-playground {__version__}\nLearn, debug and demonstrate WebAssembly and GPU compute.",
        )


def install(window, *, welcome: bool = True) -> HelpFeature:
    """Add the Help menu; show Getting Started after the window opens when `welcome` and it was never shown."""
    return HelpFeature(window, welcome=welcome)
