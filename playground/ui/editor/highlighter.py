"""Syntax highlighting through pygments' lexers (WatLexer, WgslLexer), one line at a time.

QSyntaxHighlighter asks for one block (line) at a time; `workbench.lexing.lex_line`
lexes one line from the state stack the previous line ended with. Each
distinct stack gets a small integer, stored as the block's state.
"""

from __future__ import annotations

from pygments.lexer import RegexLexer
from pygments.token import Comment, Error, Keyword, Name, Number, Operator, String, Token
from PySide6.QtGui import QColor, QFont, QSyntaxHighlighter, QTextCharFormat, QTextDocument

from playground.workbench.lexing import lex_line

# Colours per token type, for light and dark palettes: (light, dark, bold, italic).
_STYLE = {
    Keyword: ("#0033b3", "#7aa2f7", True, False),
    Keyword.Type: ("#00627a", "#2ac3de", False, False),
    Name.Builtin: ("#871094", "#bb9af7", False, False),
    Name.Variable: ("#a65e00", "#e0af68", False, False),
    Name.Function: ("#00627a", "#7dcfff", False, False),
    Comment: ("#8c8c8c", "#737aa2", False, True),
    Number: ("#1750eb", "#ff9e64", False, False),
    String: ("#067d17", "#9ece6a", False, False),
    String.Escape: ("#0037a6", "#73daca", True, False),
    Operator: ("#5f5f5f", "#89ddff", False, False),
    Error: ("#c00000", "#f7768e", False, False),
}


def _format_for(tokentype, dark: bool) -> QTextCharFormat | None:
    while tokentype is not Token:
        style = _STYLE.get(tokentype)
        if style is not None:
            light_color, dark_color, bold, italic = style
            fmt = QTextCharFormat()
            fmt.setForeground(QColor(dark_color if dark else light_color))
            if bold:
                fmt.setFontWeight(QFont.Weight.Bold)
            fmt.setFontItalic(italic)
            return fmt
        tokentype = tokentype.parent
    return None


class PygmentsHighlighter(QSyntaxHighlighter):
    """Colours a QTextDocument with a pygments RegexLexer; `dark` picks the palette."""

    def __init__(self, document: QTextDocument, lexer: RegexLexer, *, dark: bool = False) -> None:
        super().__init__(document)
        self.lexer = lexer
        self.dark = dark
        self._stacks: list[tuple[str, ...]] = [("root",)]
        self._stack_ids: dict[tuple[str, ...], int] = {("root",): 0}
        self._formats: dict[object, QTextCharFormat | None] = {}

    def set_dark(self, dark: bool) -> None:
        """Switch palettes and recolour."""
        if dark != self.dark:
            self.dark = dark
            self._formats.clear()
            self.rehighlight()

    def format_for(self, tokentype) -> QTextCharFormat | None:
        """The character format of a token type (cached), or None for plain text."""
        if tokentype not in self._formats:
            self._formats[tokentype] = _format_for(tokentype, self.dark)
        return self._formats[tokentype]

    def highlightBlock(self, text: str) -> None:  # noqa: N802 - Qt's name
        previous = self.previousBlockState()
        stack = self._stacks[previous] if 0 <= previous < len(self._stacks) else ("root",)
        tokens, stack = lex_line(self.lexer, text, stack)
        for start, tokentype, value in tokens:
            fmt = self.format_for(tokentype)
            if fmt is not None and value:
                self.setFormat(_utf16(text, start), _utf16_len(value), fmt)
        if stack not in self._stack_ids:
            self._stack_ids[stack] = len(self._stacks)
            self._stacks.append(stack)
        self.setCurrentBlockState(self._stack_ids[stack])


def _utf16_len(text: str) -> int:
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def _utf16(text: str, index: int) -> int:
    """Qt counts UTF-16 code units; Python counts code points."""
    return index if text.isascii() else _utf16_len(text[:index])
