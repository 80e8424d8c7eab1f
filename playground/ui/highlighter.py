"""Syntax highlighting through pygments' lexers (WatLexer, WgslLexer), one line at a time.

QSyntaxHighlighter asks for one block (line) at a time, so the lexer must be
able to resume mid-file: a block comment `(; ... ;)` opened on one line colours
the next ones. Pygments' RegexLexer keeps that as its state stack but does not
hand it out, so `lex_line` runs the lexer's own compiled rules (`_tokens`)
with the same stack discipline and returns the stack at the end of the line.
Each distinct stack gets a small integer, stored as the block's state.
"""

from __future__ import annotations

from pygments.lexer import RegexLexer
from pygments.token import Comment, Error, Keyword, Name, Number, Operator, String, Token, _TokenType
from PySide6.QtGui import QColor, QFont, QSyntaxHighlighter, QTextCharFormat, QTextDocument

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


def lex_line(lexer: RegexLexer, text: str, stack: tuple[str, ...] = ("root",)):
    """Tokens `(start, tokentype, value)` of one line, and the state stack after it.

    Follows RegexLexer.get_tokens_unprocessed rule for rule; an unmatched
    character becomes an Error token, as there.
    """
    tokendefs = lexer._tokens
    states = list(stack)
    rules = tokendefs[states[-1]]
    tokens = []
    pos, end = 0, len(text)
    while pos < end:
        for rexmatch, action, new_state in rules:
            match = rexmatch(text, pos)
            if not match:
                continue
            if action is not None:
                if type(action) is _TokenType:
                    tokens.append((pos, action, match.group()))
                else:
                    tokens.extend(action(lexer, match))
            advanced = match.end() != pos
            pos = match.end()
            if new_state is not None:
                _transition(states, new_state)
                rules = tokendefs[states[-1]]
            elif not advanced:
                continue  # an empty match that changes nothing: try the next rule
            break
        else:
            tokens.append((pos, Error, text[pos]))
            pos += 1
    return tokens, tuple(states)


def _transition(states: list[str], new_state) -> None:
    if isinstance(new_state, tuple):
        for state in new_state:
            if state == "#pop":
                if len(states) > 1:
                    states.pop()
            elif state == "#push":
                states.append(states[-1])
            else:
                states.append(state)
    elif isinstance(new_state, int):
        if abs(new_state) >= len(states):
            del states[1:]
        else:
            del states[new_state:]
    elif new_state == "#push":
        states.append(states[-1])


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


def lexer_for(language: str) -> RegexLexer | None:
    """The pygments lexer of an editor language: "wat" (also disassembly) or "wgsl"."""
    if language == "wat":
        from pygments.lexers import WatLexer

        return WatLexer()
    if language == "wgsl":
        from pygments.lexers import WgslLexer

        return WgslLexer()
    return None
