"""The editor feature's file work: new, open, save, recent files, samples, assemble, autosave and its restore.

Dialogs go through small `ask_*` methods so tests can answer them.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QFileDialog, QMessageBox

from playground.errors import PlaygroundError
from playground.ui.editor.buffer import Buffer
from playground.ui.editor.code_editor import CodeEditor
from playground.ui.editor.disk_watch import DiskWatch
from playground.ui.editor.live_check import LiveChecker
from playground.toolchain import install_hint
from playground.workbench.autosave import AutosavedBuffer, AutosaveStore
from playground.workbench.buffers import NEW_WAT, disassemble, language_of, untitled_title
from playground.workbench.checking import CheckResult
from playground.workbench.samples import SampleEntry, describe_sample, opens_as_c_source, sample_entries

MAX_RECENT = 10
AUTOSAVE_MS = 5000  # every buffer, while modified
AUTOSAVE_IDLE_MS = 700  # and this long after the last keystroke, so a crash loses at most the last moment's typing
FILE_FILTER = "WebAssembly, WGSL and C (*.wat *.wast *.wasm *.wgsl *.c *.h);;All files (*)"
# The samples that get a submenu of the Samples menu: which files, its title, the description's prefix it makes redundant.
SAMPLE_SUBMENUS = (
    (lambda path: path.suffix == ".wgsl", "&WGSL compute shaders", ""),
    (lambda path: path.suffix == ".c", "&C programs (WASI)", "C: "),
)


class FileActions:
    """File commands of one MainWindow, and the autosave of its buffers."""

    def __init__(self, window) -> None:
        self.window = window
        self.untitled_count = 0
        self.closed = False  # the window closed (normally): no question comes up any more
        self.autosave = AutosaveStore(window.data_dir / "autosave")
        self.autosave_timer = QTimer(window)
        self.autosave_timer.setInterval(AUTOSAVE_MS)
        self.autosave_timer.timeout.connect(self.autosave_now)
        self.idle_timer = QTimer(window)
        self.idle_timer.setSingleShot(True)
        self.idle_timer.setInterval(AUTOSAVE_IDLE_MS)
        self.idle_timer.timeout.connect(self.autosave_now)
        self.disk = DiskWatch(window)  # files changed on disk while open
        window.closing.connect(self._window_closing)

    # --- opening ---------------------------------------------------------------------

    def make_buffer(self, text: str, *, title: str, language: str, path: Path | None = None, binary: bytes | None = None) -> Buffer:
        editor = CodeEditor(text, language=language)
        checker = LiveChecker(file=str(path) if path else title, parent=editor) if language == "wat" else None
        buffer = Buffer(editor, language, path, title, binary=binary, checker=checker)
        editor.document().setModified(False)
        editor.document().contentsChanged.connect(self._edited)
        return buffer

    def _edited(self) -> None:
        if self.autosave_timer.isActive():  # autosave is on (not before start_autosave, not after closing)
            self.idle_timer.start()

    def new_file(self, text: str = NEW_WAT, language: str = "wat") -> Buffer:
        self.untitled_count += 1
        title = untitled_title(self.untitled_count, language)
        return self.window.add_buffer(self.make_buffer(text, title=title, language=language))

    def open_dialog(self) -> None:
        path = self.ask_open_path()
        if path:
            self.open_file(path)

    def ask_open_path(self) -> str | None:
        start = str(self.recent_files()[0].parent) if self.recent_files() else ""
        path, _ = QFileDialog.getOpenFileName(self.window, "Open", start, FILE_FILTER)
        return path or None

    def open_file(self, path: str | Path) -> Buffer | None:
        """Open a file in a new tab, or switch to it when it is open already."""
        path = Path(path).expanduser().resolve()
        for buffer in self.window.buffers.values():
            if buffer.path == path:
                self.window.tabs.setCurrentWidget(buffer.editor)
                return buffer
        language = language_of(path)
        try:
            if language == "wasm":
                data = path.read_bytes()
                shown = disassemble(data, str(path))
                buffer = self.make_buffer(shown.text, title=path.name, language="wasm", path=path, binary=data)
                buffer.result = CheckResult((), module=shown.module, binary=data, binary_module=shown.module)
                buffer.instr_map = shown.instr_map
            else:
                text = path.read_text(encoding="utf-8")
                buffer = self.make_buffer(text, title=path.name, language=language, path=path)
        except (OSError, UnicodeDecodeError) as exc:
            self.window.report_error(PlaygroundError(f"cannot open {path}: {exc}"))
            return None
        except PlaygroundError as exc:
            self.window.report_error(exc)
            return None
        self.add_recent(path)
        self.window.add_buffer(buffer)
        self.window.statusBar().showMessage(f"Opened {path}", 5000)
        return buffer

    def open_sample(self, entry: SampleEntry) -> Buffer | None:
        """A sample opens as a new buffer (its Save asks where), so the shipped file stays as it is.

        Opening it again switches to that buffer while it is unchanged and unsaved;
        once edited, the sample opens afresh beside it. A C sample opens its source
        in a C tab (`buffer.sample` finds the .wasm built beside it, c/feature.py).
        """
        language = language_of(entry.path)
        if language == "wasm":
            return self.open_file(entry.path)
        if language == "c" and not opens_as_c_source(entry.path):
            return self._open_built_c_sample(entry)
        for buffer in self.window.buffers.values():
            if buffer.sample == entry.path and buffer.path is None and not buffer.modified:
                self.window.tabs.setCurrentWidget(buffer.editor)
                return buffer
        try:
            text = entry.path.read_text(encoding="utf-8")
        except OSError as exc:
            self.window.report_error(PlaygroundError(f"cannot open sample {entry.name}: {exc}"))
            return None
        buffer = self.make_buffer(text, title=entry.name, language=language)
        buffer.sample = entry.path
        return self.window.add_buffer(buffer)

    def _open_built_c_sample(self, entry: SampleEntry) -> Buffer | None:
        """Without the toolchain, a C sample whose .wasm has no line table opens as that .wasm: it runs and debugs."""
        wasm = entry.path.with_suffix(".wasm")
        buffer = self.open_file(wasm)
        if buffer is not None:
            self.window.statusBar().showMessage(
                f"{entry.name} opened as its built {wasm.name}: the C toolchain that compiles it in a C tab is not "
                f"installed ({install_hint()})", 20000)
        return buffer

    # --- saving ------------------------------------------------------------------------

    def save(self, buffer: Buffer | None = None) -> bool:
        buffer = buffer or self.window.current_buffer()
        if buffer is None or buffer.language == "wasm":
            return False
        if buffer.path is None:
            return self.save_as(buffer)
        return self._write(buffer, buffer.path)

    def save_as(self, buffer: Buffer | None = None) -> bool:
        buffer = buffer or self.window.current_buffer()
        if buffer is None or buffer.language == "wasm":
            return False
        path = self.ask_save_path(buffer.path or Path(buffer.title), "Save As")
        return self._write(buffer, Path(path)) if path else False

    def ask_save_path(self, suggested: Path, caption: str) -> str | None:
        path, _ = QFileDialog.getSaveFileName(self.window, caption, str(suggested), FILE_FILTER)
        return path or None

    def _write(self, buffer: Buffer, path: Path) -> bool:
        try:
            path.write_text(buffer.editor.toPlainText(), encoding="utf-8")
        except OSError as exc:
            self.window.report_error(PlaygroundError(f"cannot save {path}: {exc}"))
            return False
        buffer.path = path.resolve()
        buffer.title = path.name
        if buffer.checker is not None:
            buffer.checker.file = str(buffer.path)
        buffer.editor.document().setModified(False)
        self.disk.watch(buffer)
        self.autosave.discard(buffer.buffer_id)
        self.window.update_tab_title(buffer)
        self.add_recent(buffer.path)
        self.window.statusBar().showMessage(f"Saved {path}", 5000)
        return True

    def assemble(self) -> Path | None:
        """Write the current WAT buffer as a .wasm file beside it (asks where)."""
        from playground.workbench.program import encode, parse_text
        from playground.wasm.validate import validate_module

        buffer = self.window.current_buffer()
        if buffer is None or buffer.language != "wat":
            raise PlaygroundError("assemble needs a WAT buffer")
        file = str(buffer.path) if buffer.path else buffer.title
        module = parse_text(buffer.editor.toPlainText(), file)
        validate_module(module)
        data = encode(module)
        suggested = (buffer.path or Path(buffer.title)).with_suffix(".wasm")
        target = self.ask_save_path(suggested, "Assemble to .wasm")
        if not target:
            return None
        Path(target).write_bytes(data)
        self.window.console.write(f"{file}: validated and assembled to {target} ({len(data):,} bytes)", "info")
        return Path(target)

    # --- closing -------------------------------------------------------------------------

    def close_tab(self, index: int | None = None) -> bool:
        """Close a tab, asking first when it has unsaved changes. Returns whether it closed."""
        index = self.window.tabs.currentIndex() if index is None else index
        editor = self.window.tabs.widget(index)
        buffer = self.window.buffers.get(editor)
        if buffer is None:
            return False
        if buffer.modified and buffer.language != "wasm":
            answer = self.ask_unsaved([buffer.title])
            if answer == "cancel" or (answer == "save" and not self.save(buffer)):
                return False
        self.autosave.discard(buffer.buffer_id)
        self.window.remove_buffer(buffer)
        return True

    def ask_unsaved(self, titles: list[str]) -> str:
        """"save", "discard" or "cancel" for unsaved buffers."""
        box = QMessageBox(self.window)
        box.setIcon(QMessageBox.Icon.Warning)
        box.setWindowTitle("Unsaved changes")
        box.setText("Save changes to " + ", ".join(titles) + "?")
        box.setStandardButtons(
            QMessageBox.StandardButton.Save | QMessageBox.StandardButton.Discard | QMessageBox.StandardButton.Cancel
        )
        answer = box.exec()
        if answer == QMessageBox.StandardButton.Save:
            return "save"
        if answer == QMessageBox.StandardButton.Discard:
            return "discard"
        return "cancel"

    def confirm_close_all(self) -> bool:
        """Before the window closes: ask about unsaved buffers; True to go on."""
        unsaved = [b for b in self.window.buffers.values() if b.modified and b.language != "wasm"]
        if not unsaved:
            return True
        answer = self.ask_unsaved([b.title for b in unsaved])
        if answer == "cancel":
            return False
        if answer == "save" and not all(self.save(b) for b in unsaved):
            return False
        for buffer in unsaved if answer == "discard" else []:
            self.autosave.discard(buffer.buffer_id)
        return True

    # --- recent files ----------------------------------------------------------------------

    def recent_files(self) -> list[Path]:
        value = self.window.settings.value("recent_files") or []
        if isinstance(value, str):
            value = [value]
        return [Path(p) for p in value]

    def add_recent(self, path: Path) -> None:
        paths = [str(path)] + [str(p) for p in self.recent_files() if str(p) != str(path)]
        self.window.settings.setValue("recent_files", paths[:MAX_RECENT])

    def fill_recent_menu(self, menu) -> None:
        menu.clear()
        recent = self.recent_files()
        for path in recent:
            action = menu.addAction(str(path))
            action.triggered.connect(lambda _checked=False, p=path: self.open_file(p))
        if not recent:
            menu.addAction("(none yet)").setEnabled(False)
        else:
            menu.addSeparator()
            menu.addAction("Clear recent files").triggered.connect(lambda: self.window.settings.setValue("recent_files", []))

    def fill_samples_menu(self, menu) -> list[SampleEntry]:
        """One entry per sample: its name and its one-line description.

        The WAT samples are the menu itself (Getting Started's *Samples > fib.wat*);
        the WGSL and C samples each have a submenu (SAMPLE_SUBMENUS), so the menu
        fits a 720 px screen instead of scrolling.
        """
        menu.clear()
        menu.setToolTipsVisible(True)
        entries = sample_entries()
        groups: dict[str, list[SampleEntry]] = {}
        for entry in entries:
            title = next((title for test, title, _prefix in SAMPLE_SUBMENUS if test(entry.path)), "")
            groups.setdefault(title, []).append(entry)
        self._add_sample_actions(menu, groups.pop("", []), "")
        if groups:
            menu.addSeparator()
        for _test, title, prefix in SAMPLE_SUBMENUS:
            if title in groups:
                submenu = menu.addMenu(title)
                submenu.setToolTipsVisible(True)
                self._add_sample_actions(submenu, groups[title], prefix)
        if not entries:
            menu.addAction("(no samples in this installation)").setEnabled(False)
        return entries

    def _add_sample_actions(self, menu, entries: list[SampleEntry], prefix: str) -> None:
        for entry in entries:
            description = entry.description.removeprefix(prefix)
            description = description[:1].upper() + description[1:]
            action = menu.addAction(f"{entry.name} — {description}" if description else entry.name)
            action.setToolTip(describe_sample(entry.path, limit=1000) or entry.name)  # the whole sentence
            action.setData(str(entry.path))
            action.triggered.connect(lambda _checked=False, e=entry: self.open_sample(e))

    # --- autosave --------------------------------------------------------------------------

    def autosave_now(self) -> int:
        """Copy every modified buffer to the autosave folder; returns how many were written."""
        written = 0
        for buffer in self.window.buffers.values():
            if buffer.language == "wasm" or not buffer.modified:
                continue
            try:
                self.autosave.save(
                    buffer.buffer_id,
                    title=buffer.title,
                    path=str(buffer.path) if buffer.path else None,
                    language=buffer.language,
                    text=buffer.editor.toPlainText(),
                )
                written += 1
            except OSError as exc:  # a full disk must not interrupt typing
                self.window.statusBar().showMessage(f"autosave failed: {exc}", 10000)
        return written

    def start_autosave(self, restore: str) -> None:
        """Autosave every few seconds from now on; offer back what a crash left (`offer_restore`)."""
        self.autosave_timer.start()
        self.offer_restore(restore)

    def _window_closing(self) -> None:
        """A normal close: no crash copy is left to offer next time."""
        self.closed = True
        self.autosave_timer.stop()
        self.idle_timer.stop()
        for buffer in self.window.buffers.values():
            self.autosave.discard(buffer.buffer_id)

    def offer_restore(self, mode: str) -> None:
        """Offer back buffers a crash left: mode "ask" (a question after start), "always" or "never"."""
        entries = self.autosave.pending()
        if not entries or mode == "never":
            return
        if mode == "always":
            self.restore(entries)
            return
        # (a window closed before the question comes up asks nothing: the copies wait for the next start)
        QTimer.singleShot(0, self.window, lambda: self.closed or self._ask_restore(entries))

    def _ask_restore(self, entries: list[AutosavedBuffer]) -> None:
        names = ", ".join(e.title for e in entries)
        answer = QMessageBox.question(
            self.window,
            "Restore unsaved work?",
            f"wasm-playground did not close normally. Restore {len(entries)} unsaved buffer(s)?\n{names}",
        )
        if answer == QMessageBox.StandardButton.Yes:
            self.restore(entries)
        else:
            for entry in entries:
                self.autosave.discard(entry.buffer_id)

    def restore(self, entries: list[AutosavedBuffer]) -> list[Buffer]:
        """Open autosaved copies as modified buffers (tied to their files again when they had one)."""
        restored = []
        for entry in entries:
            path = Path(entry.path).expanduser().resolve() if entry.path else None  # as open_file keys its tabs
            buffer = self.make_buffer(entry.text, title=entry.title, language=entry.language, path=path)
            buffer.buffer_id = entry.buffer_id  # keep autosaving into the same copy
            buffer.editor.document().setModified(True)
            self.window.add_buffer(buffer)
            restored.append(buffer)
        if restored:
            self.window.console.write(f"restored {len(restored)} unsaved buffer(s) from {self.autosave.directory}", "info")
        return restored
