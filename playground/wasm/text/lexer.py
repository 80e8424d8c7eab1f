"""The lexer of the WebAssembly text format (spec 6.3): text to a stream of tokens.

Tokens are kept in parallel lists (`kinds`, `texts`, `starts`, `ends`) for
speed; `TokenStream.token(i)` gives a `Token` with its `SourceSpan` when a
whole object is wanted. Numbers, keywords and ids are told apart by their
first character (spec 6.3.1: a keyword starts with a lowercase letter, an id
with `$`); whether a number token is a valid literal is checked where its
value is read, because only the grammar knows if it is an u32, an i64 or an
f32. `inf` and `nan...` are keyword-shaped and read as floats by the parser.

As in the reference interpreter, a run of characters that are not separated
by whitespace, parentheses or comments is ONE token: `0drop`, `$l"a"` are
"reserved" tokens, reported as "unknown operator".

Annotations (3.0, `(@id ...)`, spec 6.3.5) are read like comments: checked
(a non-empty id, closed strings and parentheses, no illegal characters) and
left out of the tokens; `TokenStream.annotations` keeps each one's id and
place, so the module can say it has them (features, tools).
"""

from __future__ import annotations

import bisect
import re
from dataclasses import dataclass
from itertools import accumulate

from playground.wasm.errors import ParseError, SourceSpan

LPAR = "("
RPAR = ")"
KEYWORD = "keyword"
ID = "id"
STRING = "string"
NUM = "num"
RESERVED = "reserved"

# Every character belongs to exactly one piece, so piece offsets are running sums
# of their lengths. Strings glued to other characters form one (reserved) run.
_PIECES = re.compile(
    r"""[ \t\n\r]+|;;[^\n\r]*|\(;|[()]|(?:[^\s()";]|"(?:[^"\\]|\\.)*")+|.""",
    re.S,
)
_IDCHARS = r"0-9A-Za-z!#$%&'*+\-./:<=>?@\\^_`|~"
_ID = re.compile(rf"\$[{_IDCHARS}]+")
_KEYWORD = re.compile(rf"[a-z][{_IDCHARS}]*")
_STRING = re.compile(r'"(?:[^"\\]|\\.)*"', re.S)
_STRING_PART = re.compile(r'\\(?:u\{([0-9a-fA-F](?:_?[0-9a-fA-F])*)\}|([0-9a-fA-F]{2})|(.))|([^\\]+)', re.S)
_ESCAPES = {"t": "\t", "n": "\n", "r": "\r", '"': '"', "'": "'", "\\": "\\"}
_BAD_STRING_CHAR = re.compile(r"[\x00-\x1f\x7f]")


@dataclass(frozen=True)
class Token:
    """One token for people and tools: its kind (LPAR, KEYWORD, ...), text and span."""

    kind: str
    text: str
    span: SourceSpan


class LazySpan(SourceSpan):
    """A SourceSpan whose line and column numbers are computed from its offsets when first read.

    It is a SourceSpan in every way (fields, equality, hash, str); only the
    work of finding lines is put off.
    """

    def __init__(self, line, col, end_line, end_col, start=0, end=0, file=None) -> None:  # noqa: D107
        self.__dict__.update(start=start, end=end, file=file, _lc=(line, col, end_line, end_col))

    @classmethod
    def of(cls, stream: "TokenStream", start: int, end: int) -> "LazySpan":
        """A span of stream's source whose lines are found on first use."""
        span = _new(cls)
        d = span.__dict__
        d["start"] = start
        d["end"] = end
        d["file"] = stream.file
        d["_stream"] = stream
        return span

    def _key(self) -> tuple:
        return (self.line, self.col, self.end_line, self.end_col, self.start, self.end, self.file)

    def __eq__(self, other) -> bool:
        if isinstance(other, SourceSpan):
            return self._key() == (other.line, other.col, other.end_line, other.end_col, other.start, other.end, other.file)
        return NotImplemented

    def __hash__(self) -> int:
        return hash(self._key())

    def _resolve(self) -> None:
        d = self.__dict__
        stream = d.pop("_stream", None)
        if stream is not None:
            d["_lc"] = stream.line_col(d["start"]) + stream.line_col(d["end"])

    @property
    def line(self) -> int:  # type: ignore[override]
        self._resolve()
        return self.__dict__["_lc"][0]

    @property
    def col(self) -> int:  # type: ignore[override]
        self._resolve()
        return self.__dict__["_lc"][1]

    @property
    def end_line(self) -> int:  # type: ignore[override]
        self._resolve()
        return self.__dict__["_lc"][2]

    @property
    def end_col(self) -> int:  # type: ignore[override]
        self._resolve()
        return self.__dict__["_lc"][3]

    def __reduce__(self):
        return (SourceSpan, (self.line, self.col, self.end_line, self.end_col, self.start, self.end, self.file))


_new = object.__new__
_lazy = LazySpan.of.__func__


class TokenStream:
    """The tokens of one source text, with what the parser needs to move fast.

    `match[i]` is, for an LPAR at index i, the index of its RPAR; `stray` is
    the first RPAR that closes nothing (the parser reports it where it meets it).
    """

    __slots__ = ("source", "file", "kinds", "texts", "starts", "ends", "match", "stray", "annotations", "_lines")

    def __init__(self, source: str, file: str | None) -> None:
        self.source = source
        self.file = file
        self.kinds: list[str] = []
        self.texts: list[str] = []
        self.starts: list[int] = []
        self.ends: list[int] = []
        self.match: dict[int, int] = {}
        self.stray: int | None = None  # the index of the first `)` that closes nothing
        self.annotations: list[tuple[str, int, int]] = []  # (id, start, end) of each `(@id ...)`, outermost ones
        self._lines: list[int] | None = None

    def __len__(self) -> int:
        return len(self.kinds)

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column of a character offset."""
        lines = self._lines
        if lines is None:
            lines = self._lines = [0] + [m.end() for m in re.finditer("\n", self.source)]
        index = bisect.bisect_right(lines, offset) - 1
        return index + 1, offset - lines[index] + 1

    def span_at(self, start: int, end: int) -> SourceSpan:
        """The span of the characters start..end."""
        line, col = self.line_col(start)
        end_line, end_col = self.line_col(end)
        return SourceSpan(line, col, end_line, end_col, start, end, self.file)

    def span(self, i: int, j: int | None = None) -> SourceSpan:
        """The span of token i, or of tokens i..j inclusive; at the end of input past the last one.

        Lines and columns are worked out when first read (`LazySpan`): a big
        module makes one span per instruction and most are never looked at.
        """
        n = len(self.kinds)
        if i >= n:
            end = len(self.source)
            return self.span_at(end, end)
        if j is None or j == i:
            return _lazy(LazySpan, self, self.starts[i], self.ends[i])
        return _lazy(LazySpan, self, self.starts[i], self.ends[j if j < n else n - 1])

    def token(self, i: int) -> Token:
        return Token(self.kinds[i], self.texts[i], self.span(i))

    def tokens(self) -> list[Token]:
        """Every token as a `Token` (slower; for tools and tests)."""
        return [self.token(i) for i in range(len(self.kinds))]


def _block_comment_end(text: str, pos: int, stream: TokenStream) -> int:
    """The offset just past the (possibly nested) block comment starting at pos (spec 6.3.4)."""
    depth, i = 1, pos + 2
    while depth:
        close = text.find(";)", i)
        if close < 0:
            raise ParseError("unclosed comment", span=stream.span_at(pos, pos + 2))
        opening = text.find("(;", i, close)
        if opening >= 0:
            depth, i = depth + 1, opening + 2
        else:
            depth, i = depth - 1, close + 2
    return i


_ANNOTATION_ID = re.compile(rf"[{_IDCHARS}]+")
_ILLEGAL = re.compile(r"[^\x20-\x7e\t\n\r]")


def _annotation_end(text: str, pos: int, stream: TokenStream) -> int:
    """The offset just past the annotation `(@id ...)` at pos, recorded in `stream.annotations` (3.0)."""
    start = pos + 2
    if text.startswith('"', start):
        string = _STRING.match(text, start)
        if string is None:
            raise ParseError("unclosed string", span=stream.span_at(start, len(text)))
        try:
            name = decode_name(string.group())
        except ValueError as exc:
            raise ParseError(str(exc), span=stream.span_at(start, string.end())) from None
        end_of_id = string.end()
    else:
        found = _ANNOTATION_ID.match(text, start)
        name, end_of_id = (found.group(), found.end()) if found else ("", start)
    if not name:
        raise ParseError("empty annotation id", span=stream.span_at(pos, end_of_id + 1))
    depth, i = 1, end_of_id
    for piece in _PIECES.finditer(text, end_of_id):
        if piece.start() < i:
            continue  # inside a block comment skipped below
        c, i = piece.group()[0], piece.end()
        if piece.group() == "(;":
            i = _block_comment_end(text, piece.start(), stream)
        elif c == "(":
            depth += 1
        elif c == ")":
            depth -= 1
            if not depth:
                stream.annotations.append((name, pos, i))
                return i
        elif c == '"' and not _STRING.match(piece.group()):
            raise ParseError("unclosed string", span=stream.span_at(piece.start(), len(text)))
        elif c not in " \t\n\r" and _ILLEGAL.search(_STRING.sub("", piece.group())):
            raise ParseError("illegal character", span=stream.span_at(piece.start(), piece.end()))  # ASCII only, but in strings
    raise ParseError("unclosed annotation", span=stream.span_at(pos, pos + 2))


def _quoted_id(piece: str, start: int, stream: TokenStream) -> str:
    """The name of a quoted identifier `$"..."` (3.0): a non-empty UTF-8 string; `$"fh"` and `$fh` are one id."""
    try:
        name = decode_name(piece[1:])
    except ValueError as exc:
        raise ParseError(str(exc), span=stream.span_at(start, start + len(piece))) from None
    if not name:
        raise ParseError("empty identifier", span=stream.span_at(start, start + len(piece)))
    return name


def tokenize(text: str, *, file: str | None = None) -> TokenStream:
    """Split WAT or WAST text into tokens; raises ParseError for characters no token can hold."""
    stream = TokenStream(text, file)
    kinds, texts, starts, ends = stream.kinds, stream.texts, stream.starts, stream.ends
    kinds_append, texts_append, starts_append = kinds.append, texts.append, starts.append
    ends_append = ends.append
    open_stack: list[int] = []
    match = stream.match
    pos = 0
    n = len(text)
    findall = _PIECES.findall
    while pos < n:
        pieces = findall(text, pos)
        offsets = accumulate(map(len, pieces), initial=pos)
        restart = None
        for piece, start in zip(pieces, offsets):
            c = piece[0]
            if c in " \n\t\r":
                continue
            if c == "(":
                if piece == "(;":
                    restart = _block_comment_end(text, start, stream)
                    break
                if text.startswith("@", start + 1):  # 3.0: an annotation, read like a comment
                    restart = _annotation_end(text, start, stream)
                    break
                open_stack.append(len(kinds))
                kind = LPAR
            elif c == ")":
                if open_stack:
                    match[open_stack.pop()] = len(kinds)
                elif stream.stray is None:
                    stream.stray = len(kinds)  # reported by the parser when it gets there, in text order
                kind = RPAR
            elif c == ";":
                if piece[:2] == ";;":
                    continue
                raise ParseError("unexpected character ';'", span=stream.span_at(start, start + 1))
            elif c == "$":
                if piece == "$":
                    raise ParseError("empty identifier", span=stream.span_at(start, start + 1))
                if piece[1] == '"' and _STRING.fullmatch(piece, 1):  # 3.0: `$"any name"` is the id `$any name`
                    kinds_append(ID)
                    texts_append("$" + _quoted_id(piece, start, stream))
                    starts_append(start)
                    ends_append(start + len(piece))
                    continue
                kind = ID if _ID.fullmatch(piece) else RESERVED
            elif "a" <= c <= "z":
                kind = KEYWORD if '"' not in piece else RESERVED
            elif c == '"':
                if _STRING.fullmatch(piece):
                    kind = STRING
                elif len(piece) == 1:
                    raise ParseError("unclosed string", span=stream.span_at(start, n))
                else:
                    kind = RESERVED
            elif c in "0123456789+-":
                kind = NUM if '"' not in piece else RESERVED
            else:
                if c.isspace() or not c.isprintable():
                    raise ParseError(f"malformed text: unexpected character {c!r}", span=stream.span_at(start, start + 1))
                kind = RESERVED
            kinds_append(kind)
            texts_append(piece)
            starts_append(start)
            ends_append(start + len(piece))
        pos = restart if restart is not None else n
    if open_stack:
        raise ParseError("unexpected end of input: unclosed '('", span=stream.span(open_stack[-1]))
    return stream


def decode_string(token_text: str) -> bytes:
    """The bytes a string token denotes (spec 6.3.3), escapes resolved; ValueError when malformed."""
    body = token_text[1:-1]
    if "\\" not in body:
        if _BAD_STRING_CHAR.search(body):
            raise ValueError("illegal control character in string")
        return body.encode("utf-8", "surrogateescape")
    out = bytearray()
    for m in _STRING_PART.finditer(body):
        plain = m.group(4)
        if plain is not None:
            if _BAD_STRING_CHAR.search(plain):
                raise ValueError("illegal control character in string")
            out += plain.encode("utf-8", "surrogateescape")
        elif m.group(2) is not None:
            out.append(int(m.group(2), 16))
        elif m.group(1) is not None:
            code = int(m.group(1).replace("_", ""), 16)
            if code >= 0x110000 or 0xD800 <= code < 0xE000:
                raise ValueError("malformed UTF-8 encoding")
            out += chr(code).encode("utf-8")
        else:
            char = _ESCAPES.get(m.group(3))
            if char is None:
                raise ValueError("illegal escape")
            out += char.encode()
    return bytes(out)


def decode_name(token_text: str) -> str:
    """A string token that must be valid UTF-8 (a name, spec 6.3.3); ValueError otherwise."""
    data = decode_string(token_text)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        raise ValueError("malformed UTF-8 encoding") from None
