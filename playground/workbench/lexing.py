"""Lexing the editor's text one line at a time, resuming where the previous line left off (pygments, no Qt).

An editor colours one line (block) at a time, so the lexer must be able to
resume mid-file: a block comment `(; ... ;)` opened on one line colours the
next ones. Pygments' RegexLexer keeps that as its state stack but does not
hand it out, so `lex_line` runs the lexer's own compiled rules (`_tokens`)
with the same stack discipline and returns the stack at the end of the line.
"""

from __future__ import annotations

from pygments.lexer import RegexLexer
from pygments.token import Error, _TokenType


def lex_line(lexer: RegexLexer, text: str, stack: tuple[str, ...] = ("root",)):
    """Tokens `(start, tokentype, value)` of one line, and the state stack after it.

    Follows RegexLexer.get_tokens_unprocessed rule for rule; an unmatched
    character becomes an Error token, as there. The line is lexed with its
    line break, as in a whole file: some lexers' rules need it (pygments'
    WGSL `//` comment ends with the break; without it the comment's words
    were coloured as keywords). Tokens are cut back to the line's own text.
    """
    end = len(text)
    tokens, states = _lex(lexer, text + "\n", stack)
    clipped = []
    for start, tokentype, value in tokens:
        if start >= end:
            break
        clipped.append((start, tokentype, value[: end - start]))
    return clipped, states


def _lex(lexer: RegexLexer, text: str, stack: tuple[str, ...]):
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


def lexer_for(language: str) -> RegexLexer | None:
    """The pygments lexer of an editor language: "wat" (also disassembly), "wgsl" or "c"."""
    if language == "wat":
        from pygments.lexers import WatLexer

        return WatLexer()
    if language == "wgsl":
        from pygments.lexers import WgslLexer

        return WgslLexer()
    if language == "c":
        from pygments.lexers import CLexer

        return CLexer()
    return None
