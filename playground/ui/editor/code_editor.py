"""The code editor: WAT / WGSL / read-only disassembly, with gutter, spans, diagnostics, hover and completion.

The learner overlay (`set_annotations`) shows the value of each evaluated
folded sub-expression as grey text after its line, with a dotted underline
and a tooltip on the expression (eval_overlay.py computes them).

Positions: the engine's `SourceSpan.start/end` count Python characters (code
points); Qt counts UTF-16 code units. `_to_qt`/`_from_qt` convert, with a
fast path for ASCII text (nearly all WAT).
"""

from __future__ import annotations

from typing import Iterable

from PySide6.QtCore import QEvent, QRect, QStringListModel, Qt, Signal
from PySide6.QtGui import QColor, QFont, QFontDatabase, QKeyEvent, QPainter, QPen, QTextCharFormat, QTextCursor, QTextFormat
from PySide6.QtWidgets import QCompleter, QPlainTextEdit, QTextEdit, QToolTip

from playground.ui.editor.gutter import Gutter
from playground.ui.editor.highlighter import PygmentsHighlighter
from playground.wasm.errors import SourceSpan
from playground.workbench.checking import Diagnostic
from playground.workbench.lexing import lexer_for
from playground.workbench.wat_words import WORD_CHARS, completion_words, instruction_help, word_around

SEVERITY_COLORS = {"error": "#e51400", "warning": "#d99800", "info": "#1e88e5"}
CURRENT_LINE = {False: "#fff8c5", True: "#3b3a24"}  # light, dark: the current line's background
CURRENT_SPAN = {False: "#ffd54f", True: "#7a5c00"}  # the current instruction's characters
CURRENT_FRAME = {False: "#c77c00", True: "#ffc940"}  # the frame around a tinted current line
TINTED_SPAN_ALPHA = 150  # over a line tint, the span lets the tint show through


class CodeEditor(QPlainTextEdit):
    """One buffer. `language` is "wat", "wgsl" or "wasm" (read-only disassembly, coloured as WAT)."""

    breakpointToggled = Signal(int, bool)  # 1-based line, whether it is now set
    filesDropped = Signal(list)  # local paths dropped on the editor
    cursorOffsetChanged = Signal(int)  # the cursor's character offset (Python index)
    breakpointsMoved = Signal(frozenset)  # an edit moved breakpoints to these 1-based lines

    def __init__(self, text: str = "", *, language: str = "wat", read_only: bool = False, parent=None) -> None:
        super().__init__(parent)
        self.language = language
        font = QFontDatabase.systemFont(QFontDatabase.SystemFont.FixedFont)
        font.setPointSizeF(max(font.pointSizeF(), 10.5))
        self.setFont(font)
        self.setLineWrapMode(QPlainTextEdit.LineWrapMode.NoWrap)
        self.setTabStopDistance(self.fontMetrics().horizontalAdvance(" ") * 2)
        self.setMouseTracking(True)
        self._breakpoint_marks: list[QTextCursor] = []
        self._breakpoint_lines: frozenset[int] = frozenset()
        self._diagnostics: list[Diagnostic] = []
        self._diagnostic_ranges: list[tuple[int, int, Diagnostic]] = []  # Qt positions
        self._selections: dict[str, list] = {"tint": [], "line": [], "span": [], "diag": [], "eval": []}
        self._annotations: list[tuple[int, int, str]] = []  # Qt [start, end), shown text
        self._tinted: set[int] = set()  # 1-based lines with a tint (set_line_tints)
        self.current_line: int | None = None
        self.current_span: SourceSpan | None = None
        self.dark = False
        lexer = lexer_for("wat" if language == "wasm" else language)
        self.highlighter = PygmentsHighlighter(self.document(), lexer) if lexer else None
        self.gutter = Gutter(self)
        self.blockCountChanged.connect(self._update_gutter_width)
        self.updateRequest.connect(self._update_gutter)
        self.cursorPositionChanged.connect(lambda: self.cursorOffsetChanged.emit(self.cursor_offset()))
        self._update_gutter_width()
        self.setPlainText(text)
        self.document().contentsChange.connect(self._contents_changed)
        self.setReadOnly(read_only or language == "wasm")
        self.completer = None
        if language == "wat" and not self.isReadOnly():
            self._build_completer()

    # --- appearance ---------------------------------------------------------------

    def set_dark(self, dark: bool) -> None:
        """Follow the window's light or dark palette."""
        self.dark = dark
        if self.highlighter:
            self.highlighter.set_dark(dark)
        self.highlight_span(self.current_span)

    def _update_gutter_width(self, *_args) -> None:
        self.setViewportMargins(self.gutter.width_hint(), 0, 0, 0)

    def _update_gutter(self, rect: QRect, dy: int) -> None:
        if dy:
            self.gutter.scroll(0, dy)
        else:
            self.gutter.update(0, rect.y(), self.gutter.width(), rect.height())

    def resizeEvent(self, event) -> None:  # noqa: N802
        super().resizeEvent(event)
        contents = self.contentsRect()
        self.gutter.setGeometry(QRect(contents.left(), contents.top(), self.gutter.width_hint(), contents.height()))

    # --- positions ---------------------------------------------------------------

    def _to_qt(self, offset: int) -> int:
        text = self.toPlainText()
        if text.isascii():
            return min(offset, len(text))
        head = text[:offset]
        return len(head) + sum(1 for ch in head if ord(ch) > 0xFFFF)

    def _from_qt(self, position: int) -> int:
        text = self.toPlainText()
        if text.isascii():
            return position
        units = 0
        for index, ch in enumerate(text):
            if units >= position:
                return index
            units += 2 if ord(ch) > 0xFFFF else 1
        return len(text)

    def cursor_offset(self) -> int:
        """The text cursor's position as a Python character offset (comparable with SourceSpan.start)."""
        return self._from_qt(self.textCursor().position())

    def span_range(self, span: SourceSpan) -> tuple[int, int]:
        """The span as Qt positions [start, end); falls back to line/column when offsets are absent."""
        if span.end > span.start or span.start > 0:
            start, end = self._to_qt(span.start), self._to_qt(span.end)
        else:
            start = self._line_col_position(span.line, span.col)
            end = self._line_col_position(span.end_line, span.end_col)
        return start, max(start, end)

    def _line_col_position(self, line: int, col: int) -> int:
        block = self.document().findBlockByNumber(max(0, line - 1))
        if not block.isValid():
            return max(0, self.document().characterCount() - 1)
        return block.position() + min(max(0, col - 1), max(0, block.length() - 1))

    def _cursor_for(self, start: int, end: int) -> QTextCursor:
        cursor = QTextCursor(self.document())
        last = max(0, self.document().characterCount() - 1)
        cursor.setPosition(min(start, last))
        cursor.setPosition(min(end, last), QTextCursor.MoveMode.KeepAnchor)
        return cursor

    # --- breakpoints --------------------------------------------------------------

    # A breakpoint is a QTextCursor at the start of its line: Qt moves cursors with
    # every edit, so a breakpoint stays on its text when lines are inserted or
    # deleted above it (Enter at the line's start moves it down with the text).

    @property
    def breakpoints(self) -> frozenset[int]:
        """The 1-based lines that carry a breakpoint."""
        return frozenset(mark.blockNumber() + 1 for mark in self._breakpoint_marks)

    def toggle_breakpoint(self, line: int) -> bool:
        """Set or clear the breakpoint on `line`; emits breakpointToggled. Returns whether it is now set."""
        now_set = line not in self.breakpoints
        if now_set:
            self._breakpoint_marks.append(self._line_mark(line))
        else:
            self._breakpoint_marks = [m for m in self._breakpoint_marks if m.blockNumber() + 1 != line]
        self._breakpoint_lines = self.breakpoints
        self.gutter.update()
        self.breakpointToggled.emit(line, now_set)
        return now_set

    def set_breakpoints(self, lines: Iterable[int]) -> None:
        self._breakpoint_marks = [self._line_mark(line) for line in sorted(set(lines))]
        self._breakpoint_lines = self.breakpoints
        self.gutter.update()

    def setPlainText(self, text: str) -> None:  # noqa: N802 - Qt's name
        """Replace the whole text; breakpoints keep their line numbers (a new text has no old lines to follow)."""
        lines = self.breakpoints
        self._breakpoint_marks = []
        super().setPlainText(text)
        if lines:
            self.set_breakpoints(line for line in lines if line <= self.blockCount())
            if self.breakpoints != lines:
                self.breakpointsMoved.emit(self.breakpoints)

    def _line_mark(self, line: int) -> QTextCursor:
        block = self.document().findBlockByNumber(max(0, line - 1))
        if not block.isValid():
            block = self.document().lastBlock()
        return QTextCursor(block)

    def _contents_changed(self, _position: int, _removed: int, _added: int) -> None:
        """After an edit: drop marks that merged onto one line, and say when breakpoints moved."""
        seen: set[int] = set()
        kept = []
        for mark in self._breakpoint_marks:
            mark.movePosition(QTextCursor.MoveOperation.StartOfBlock)  # a mark inside a joined line goes to its start
            line = mark.blockNumber() + 1
            if line not in seen:
                seen.add(line)
                kept.append(mark)
        self._breakpoint_marks = kept
        lines = frozenset(seen)
        if lines != self._breakpoint_lines:
            self._breakpoint_lines = lines
            self.gutter.update()
            self.breakpointsMoved.emit(lines)

    # --- the current instruction --------------------------------------------------

    def highlight_span(self, span: SourceSpan | None, *, reveal: bool = False) -> None:
        """Mark the current instruction: its exact characters strongly, its line lightly. None clears.

        `reveal`: scroll to it too (a stop, a frame chosen); a mark redrawn (an
        edit moved it, a new tint or palette) leaves the view where the user has it.
        A tinted line (a C line's colour group) keeps its tint: the current
        line gets a frame instead of a background (paintEvent), and its span
        a see-through mark, so the line still shares its instructions' colour.
        """
        self.current_span = span
        self._selections["line"] = []
        self._selections["span"] = []
        self.current_line = None
        if span is not None:
            start, end = self.span_range(span)
            self.current_line = self.document().findBlock(start).blockNumber() + 1
            tinted = self.current_line in self._tinted
            span_colour = QColor(CURRENT_SPAN[self.dark])
            if tinted:
                span_colour.setAlpha(TINTED_SPAN_ALPHA)
            else:
                line_selection = QTextEdit.ExtraSelection()
                line_selection.format.setBackground(QColor(CURRENT_LINE[self.dark]))
                line_selection.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
                line_selection.cursor = self._cursor_for(start, start)
                self._selections["line"] = [line_selection]
            span_selection = QTextEdit.ExtraSelection()
            span_selection.format.setBackground(span_colour)
            span_selection.format.setFontWeight(QFont.Weight.Bold)
            span_selection.cursor = self._cursor_for(start, end)
            self._selections["span"] = [span_selection]
            if reveal:
                self.ensure_visible(start)
        self._apply_selections()
        self.gutter.update()
        self.viewport().update()

    def current_line_framed(self) -> bool:
        """Whether the current line is marked by a frame (it has a tint) rather than a background."""
        return self.current_line is not None and self.current_line in self._tinted

    def highlighted_text(self) -> str:
        """The characters marked as the current instruction ('' when none)."""
        spans = self._selections["span"]
        return spans[0].cursor.selectedText() if spans else ""

    def ensure_visible(self, position: int) -> None:
        """Scroll so the line of Qt position `position` shows with a line to spare above and two below, else centre it.

        The spare lines keep it whole when a side scroll bar appears under it (a longer line, an annotation).
        Only the scroll bars move: the text cursor stays where the user left it (putting it there and
        back, as this once did, made Qt scroll back to the text cursor: a stop stayed off-screen).
        A tab behind the current one scrolls too: the tab widget keeps every tab at its size.
        """
        cursor = QTextCursor(self.document())
        cursor.setPosition(min(max(0, position), self.document().characterCount() - 1))
        rect = self.cursorRect(cursor)
        line = max(1, rect.height())
        area = self.viewport().rect()
        if rect.top() < area.top() + line or rect.bottom() > area.bottom() - 2 * line:
            block = cursor.block()
            row = block.layout().lineForTextPosition(cursor.positionInBlock()) if block.layout() else None
            first = block.firstLineNumber() + (row.lineNumber() if row is not None and row.isValid() else 0)
            self.verticalScrollBar().setValue(first - area.height() // line // 2)  # (the bar counts lines)
            rect = self.cursorRect(cursor)
        if rect.left() < area.left() or rect.right() > area.right():
            bar = self.horizontalScrollBar()
            x = bar.value() + rect.left()  # from the line's start
            bar.setValue(0 if x < area.width() * 3 // 4 else x - area.width() // 4)

    def select_span(self, span: SourceSpan) -> None:
        """Put the text cursor on the span (selecting it) and show it: for Problems and bytecode clicks."""
        start, end = self.span_range(span)
        self.setTextCursor(self._cursor_for(start, end))
        self.centerCursor()
        self.setFocus()

    # --- diagnostics --------------------------------------------------------------

    @property
    def diagnostics(self) -> list[Diagnostic]:
        return list(self._diagnostics)

    def set_diagnostics(self, diagnostics: Iterable) -> None:
        """Underline each problem with a wavy line; `diagnostics` holds Diagnostic or (span, message, severity)."""
        items = [d if isinstance(d, Diagnostic) else Diagnostic(*d) for d in diagnostics]
        self._diagnostics = items
        self._diagnostic_ranges = []
        selections = []
        for diagnostic in items:
            if diagnostic.span is None:
                continue
            start, end = self._diagnostic_range(diagnostic.span)
            selection = QTextEdit.ExtraSelection()
            selection.format.setUnderlineStyle(QTextCharFormat.UnderlineStyle.WaveUnderline)
            selection.format.setUnderlineColor(QColor(SEVERITY_COLORS.get(diagnostic.severity, "#e51400")))
            selection.cursor = self._cursor_for(start, end)
            selections.append(selection)
            self._diagnostic_ranges.append((start, end, diagnostic))
        self._selections["diag"] = selections
        self._apply_selections()

    def _diagnostic_range(self, span: SourceSpan) -> tuple[int, int]:
        """A visible range for a span: an empty span widens to the word (or character) at it."""
        start, end = self.span_range(span)
        if end > start:
            return start, end
        text = self.toPlainText()
        index = self._from_qt(start)
        stop = index
        while stop < len(text) and text[stop] in WORD_CHARS:
            stop += 1
        if stop == index:
            if index < len(text) and text[index] != "\n":
                stop = index + 1
            elif index > 0:
                return self._to_qt(index - 1), start
        return start, self._to_qt(stop)

    def diagnostic_at(self, position: int) -> Diagnostic | None:
        """The diagnostic under Qt position `position`, if any."""
        for start, end, diagnostic in self._diagnostic_ranges:
            if start <= position < max(end, start + 1):
                return diagnostic
        return None

    def _apply_selections(self) -> None:
        s = self._selections
        ordered = s["tint"] + s["line"] + s["eval"] + s["span"] + s["diag"]
        self.setExtraSelections(ordered)

    def set_line_tints(self, colours: dict) -> None:
        """Tint whole lines (1-based line -> QColor) under every other mark: a C line's colour group (ui/c/). {} clears."""
        selections = []
        for line, colour in sorted(colours.items()):
            block = self.document().findBlockByNumber(line - 1)
            if not block.isValid():
                continue
            selection = QTextEdit.ExtraSelection()
            selection.format.setBackground(colour)
            selection.format.setProperty(QTextFormat.Property.FullWidthSelection, True)
            selection.cursor = QTextCursor(block)
            selections.append(selection)
        self._selections["tint"] = selections
        self._tinted = {line for line in colours if 0 < line <= self.document().blockCount()}
        self.highlight_span(self.current_span)  # (a current line's mark depends on its tint)

    # --- the learner overlay: values of evaluated sub-expressions -------------------

    def set_annotations(self, annotations: Iterable) -> None:
        """Show values in place: items with `.start`, `.end` (Python offsets) and `.text` (the value). [] clears."""
        text = self.toPlainText()
        shown = []
        for a in annotations:
            head = text[a.start + 1 : a.end].split(None, 1)
            label = f"{head[0] if head else '?'} ⇒ {a.text}"
            shown.append((self._to_qt(a.start), self._to_qt(a.end), label))
        self._annotations = shown
        selections = []
        for start, end, _label in shown:
            selection = QTextEdit.ExtraSelection()
            selection.format.setUnderlineStyle(QTextCharFormat.UnderlineStyle.DotLine)
            selection.format.setUnderlineColor(QColor("#8e8e8e"))
            selection.cursor = self._cursor_for(start, end)
            selections.append(selection)
        self._selections["eval"] = selections
        self._apply_selections()
        self.viewport().update()

    def annotation_texts(self) -> list[str]:
        """The overlay's labels (`i32.add ⇒ 6`), in text order; for tests."""
        return [label for _s, _e, label in sorted(self._annotations)]

    def annotation_at(self, position: int) -> str | None:
        """The innermost evaluated expression at Qt position `position`, as `i32.add ⇒ 6`."""
        best = None
        for start, end, label in self._annotations:
            if start <= position < end and (best is None or end - start < best[1] - best[0]):
                best = (start, end, label)
        return best[2] if best else None

    def paintEvent(self, event) -> None:  # noqa: N802
        super().paintEvent(event)
        if self.current_line_framed():
            self._paint_current_frame()
        if not self._annotations:
            return
        by_line: dict[int, list[tuple[int, str]]] = {}
        document = self.document()
        for start, end, label in self._annotations:
            block = document.findBlock(max(start, end - 1))
            by_line.setdefault(block.blockNumber(), []).append((start, label))
        painter = QPainter(self.viewport())
        font = QFont(self.font())
        font.setItalic(True)
        painter.setFont(font)
        painter.setPen(QColor("#9e9e9e" if self.dark else "#7a7a7a"))
        metrics = self.fontMetrics()
        offset = self.contentOffset()
        margin = self.document().documentMargin()
        for number, items in by_line.items():
            block = document.findBlockByNumber(number)
            if not block.isVisible():
                continue
            geometry = self.blockBoundingGeometry(block).translated(offset)
            if geometry.bottom() < event.rect().top() or geometry.top() > event.rect().bottom():
                continue
            x = offset.x() + margin + metrics.horizontalAdvance(block.text().expandtabs(2)) + metrics.horizontalAdvance("    ")
            text = "   ".join(label for _start, label in sorted(items))
            painter.drawText(int(x), int(geometry.top() + metrics.ascent() + (geometry.height() - metrics.height()) / 2), text)
        painter.end()

    def _paint_current_frame(self) -> None:
        """A frame around the current line and a bar at its left: the tint inside stays visible."""
        block = self.document().findBlockByNumber(self.current_line - 1)
        if not block.isValid() or not block.isVisible():
            return
        box = self.blockBoundingGeometry(block).translated(self.contentOffset())
        box.setLeft(0)
        box.setRight(self.viewport().width())
        colour = QColor(CURRENT_FRAME[self.dark])
        painter = QPainter(self.viewport())
        painter.setPen(QPen(colour, 2))
        painter.drawRect(box.adjusted(1, 1, -1, -1))
        painter.fillRect(box.adjusted(0, 0, 4 - box.width(), 0), colour)
        painter.end()

    # --- hover --------------------------------------------------------------------

    def word_at(self, position: int) -> str:
        """The instruction-like word ([A-Za-z0-9_.]) around Qt position `position`."""
        block = self.document().findBlock(position)
        text = block.text()
        start, end = word_around(text, position - block.position())
        return text[start:end]

    def tooltip_at(self, position: int) -> str | None:
        """What hovering at Qt position `position` shows: a diagnostic, an evaluated value, or an instruction's description."""
        diagnostic = self.diagnostic_at(position)
        if diagnostic is not None:
            return f"{diagnostic.severity}: {diagnostic.message}"
        annotation = self.annotation_at(position)
        if annotation is not None:
            return annotation
        if self.language in ("wat", "wasm"):
            return instruction_help(self.word_at(position))
        return None

    def viewportEvent(self, event) -> bool:  # noqa: N802
        if event.type() == QEvent.Type.ToolTip:
            position = self.cursorForPosition(event.pos()).position()
            text = self.tooltip_at(position)
            if text:
                QToolTip.showText(event.globalPos(), text, self.viewport())
            else:
                QToolTip.hideText()
            return True
        return super().viewportEvent(event)

    # --- completion ---------------------------------------------------------------

    def _build_completer(self) -> None:
        completer = QCompleter(QStringListModel(completion_words(), self), self)
        completer.setWidget(self)
        completer.setCaseSensitivity(Qt.CaseSensitivity.CaseSensitive)
        completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
        completer.setModelSorting(QCompleter.ModelSorting.CaseSensitivelySortedModel)
        completer.activated.connect(self.insert_completion)
        self.completer = completer

    def prefix_at_cursor(self) -> str:
        """The partial word just before the cursor."""
        cursor = self.textCursor()
        text = cursor.block().text()[: cursor.positionInBlock()]
        return text[word_around(text, len(text))[0] :]

    def insert_completion(self, word: str) -> None:
        """Replace the partial word before the cursor with `word`."""
        cursor = self.textCursor()
        prefix = self.prefix_at_cursor()
        cursor.movePosition(QTextCursor.MoveOperation.Left, QTextCursor.MoveMode.KeepAnchor, len(prefix))
        cursor.insertText(word)
        self.setTextCursor(cursor)

    def show_completions(self, prefix: str | None = None) -> int:
        """Open the completion popup for `prefix` (default: the word at the cursor); returns how many match."""
        if self.completer is None:
            return 0
        prefix = self.prefix_at_cursor() if prefix is None else prefix
        self.completer.setCompletionPrefix(prefix)
        count = self.completer.completionCount()
        if count == 0:
            self.completer.popup().hide()
            return 0
        self.completer.popup().setCurrentIndex(self.completer.completionModel().index(0, 0))
        rect = self.cursorRect()
        rect.setWidth(self.completer.popup().sizeHintForColumn(0) + self.completer.popup().verticalScrollBar().sizeHint().width())
        self.completer.complete(rect)
        return count

    def keyPressEvent(self, event: QKeyEvent) -> None:  # noqa: N802
        popup = self.completer.popup() if self.completer else None
        if popup is not None and popup.isVisible() and event.key() in (
            Qt.Key.Key_Enter,
            Qt.Key.Key_Return,
            Qt.Key.Key_Escape,
            Qt.Key.Key_Tab,
            Qt.Key.Key_Backtab,
        ):
            event.ignore()  # the completer's popup takes these
            return
        explicit = event.key() == Qt.Key.Key_Space and event.modifiers() & Qt.KeyboardModifier.ControlModifier
        if not explicit:
            super().keyPressEvent(event)
        if self.completer is None:
            return
        typed = event.text()
        prefix = self.prefix_at_cursor()
        if explicit or (typed and typed[-1] in WORD_CHARS and len(prefix) >= 2):
            self.show_completions(prefix)
        elif popup is not None:
            popup.hide()

    # --- drag and drop of files ----------------------------------------------------

    def dragEnterEvent(self, event) -> None:  # noqa: N802
        if event.mimeData().hasUrls():
            event.acceptProposedAction()
        else:
            super().dragEnterEvent(event)

    def dragMoveEvent(self, event) -> None:  # noqa: N802
        if event.mimeData().hasUrls():
            event.acceptProposedAction()
        else:
            super().dragMoveEvent(event)

    def dropEvent(self, event) -> None:  # noqa: N802
        paths = [url.toLocalFile() for url in event.mimeData().urls() if url.isLocalFile()]
        if paths:
            event.acceptProposedAction()
            self.filesDropped.emit(paths)
        else:
            super().dropEvent(event)
