"""Standard input and output for the guest.

Input comes from bytes given up front, a binary stream (a pipe, a file) or
a callable `read(n) -> bytes` (a console where the user types; b"" is the
end of input). Output goes to a callback per stream as soon as the guest
writes it (unbuffered, so stdout and stderr interleave as written), or,
without a callback, into a buffer the caller reads afterwards. A limit on
the bytes written stops a runaway program with a trap instead of filling
the terminal.
"""

from __future__ import annotations

import threading
from typing import Callable

from playground.wasm.errors import Trap
from playground.wasm.limits import LimitError


class InputSource:
    """What descriptor 0 reads."""

    def __init__(self, source) -> None:
        if source is None:
            source = b""
        if isinstance(source, str):
            source = source.encode()
        self._data = bytes(source) if isinstance(source, (bytes, bytearray, memoryview)) else None
        self._pos = 0
        self._stream = source if self._data is None else None

    def read(self, n: int) -> bytes:
        """Up to `n` bytes (fewer when that much is not there yet); b"" at the end."""
        if n <= 0:
            return b""
        if self._data is not None:
            chunk = self._data[self._pos : self._pos + n]
            self._pos += len(chunk)
            return chunk
        stream = self._stream
        if callable(stream) and not hasattr(stream, "read"):
            return bytes(stream(n) or b"")
        reader = getattr(stream, "read1", None) or stream.read
        return bytes(reader(n) or b"")


class InputCancelled(Trap):
    """The program was stopped while it waited for typed input (`TypedInput.cancel`)."""


class InputPaused(Trap):
    """The program was paused while it waited for typed input (`TypedInput.pause`): the read did not happen.

    A trap, so that every engine unwinds the call as it does a fault; the
    debugger (debug/session.py) turns it back into a pause before the calling
    instruction, and the host journal does not record it, so the next run
    makes the read again.
    """


class TypedInput:
    """Standard input that a person types while the program runs (the window's Console).

    `read` (on the program's thread) returns what was typed and not yet read;
    when nothing is, it waits until `feed` brings a line, `end` the end of
    input (then b"", as a closed pipe), or `cancel` stops the program (it
    raises `InputCancelled`, a trap, so the run ends at once). `pause` (the
    debugger's Pause) makes a waiting read, and every read with nothing to
    return until `resume`, raise `InputPaused` instead of waiting. `on_wait(True)`
    is called when a read starts waiting and `on_wait(False)` when it stops,
    so that a window can say that the program waits for its user. All
    methods but `read` may be called from any thread.
    """

    def __init__(self, on_wait: Callable[[bool], None] | None = None) -> None:
        self.on_wait = on_wait
        self._pending = bytearray()
        self._ended = False
        self._cancelled = False
        self._paused = False
        self._changed = threading.Condition()
        self.waiting = False

    def feed(self, data: bytes) -> None:
        """Add bytes to read (typed ahead, they wait for the program's next read)."""
        with self._changed:
            self._pending += data
            self._changed.notify_all()

    def end(self) -> None:
        """The end of input: reads return what is left, then b"" (Ctrl+D in a terminal)."""
        with self._changed:
            self._ended = True
            self._changed.notify_all()

    def cancel(self) -> None:
        """Stop waiting for good: a waiting read, and every later one, raises `InputCancelled`."""
        with self._changed:
            self._cancelled = True
            self._changed.notify_all()

    def pause(self) -> None:
        """Stop a waiting read without reading: it raises `InputPaused`, as does every read with nothing
        to return until `resume` (the debugger's Pause: the program stops before its read)."""
        with self._changed:
            self._paused = True
            self._changed.notify_all()

    def resume(self) -> None:
        """Reads wait for input again (the next run or step after a pause)."""
        with self._changed:
            self._paused = False

    def read(self, n: int) -> bytes:
        """Up to `n` bytes of what was typed, waiting for some when none is there; b"" after `end`."""
        with self._changed:
            if not self._has_answer() and not self._paused:
                self._set_waiting(True)
                try:
                    self._changed.wait_for(lambda: self._has_answer() or self._paused)
                finally:
                    self._set_waiting(False)
            if self._cancelled:
                raise InputCancelled("the program was stopped while it waited for input")
            if not self._has_answer():
                raise InputPaused("the program was paused while it waited for input")
            chunk = bytes(self._pending[:n])
            del self._pending[:n]
            return chunk

    @property
    def needs_input(self) -> bool:
        """Whether a read waits with nothing typed left for it (the program stands still until a line comes)."""
        with self._changed:
            return self.waiting and not self._has_answer() and not self._paused

    def _has_answer(self) -> bool:
        return bool(self._pending) or self._ended or self._cancelled

    def _set_waiting(self, on: bool) -> None:
        if not on:
            self.waiting = False
        if self.on_wait is not None:
            self.on_wait(on)  # before `waiting` is set: a prompt shown by it is out when a watcher sees the wait
        if on:
            self.waiting = True


class OutputSink:
    """Where descriptors 1 and 2 write: callbacks or buffers, under one byte limit."""

    def __init__(
        self,
        stdout: Callable[[bytes], None] | None,
        stderr: Callable[[bytes], None] | None,
        limit: int | None,
    ) -> None:
        self.captured = {"stdout": bytearray(), "stderr": bytearray()}
        self.callbacks = {"stdout": stdout, "stderr": stderr}
        self.limit = limit
        self.written = 0

    def write(self, stream: str, data: bytes) -> int:
        """Deliver `data`; past the limit, deliver what fits and trap."""
        over = self.limit is not None and self.written + len(data) > self.limit
        if over:
            data = data[: max(0, self.limit - self.written)]
        self.written += len(data)
        if data:
            callback = self.callbacks[stream]
            if callback is None:
                self.captured[stream] += data
            else:
                callback(bytes(data))
        if over:
            raise LimitError("max_output_bytes", self.limit, "written by the program to stdout and stderr")
        return len(data)


def write_through(stream) -> Callable[[bytes], None]:
    """An output callback for a binary stream (`sys.stdout.buffer`): each chunk written and flushed at once."""

    def write(data: bytes) -> None:
        stream.write(data)
        stream.flush()

    return write


class LineWriter:
    """An output callback for a line-oriented console (`output(text, kind)`, one call per line).

    Bytes are decoded as UTF-8 incrementally (a character split across two
    writes stays whole); complete lines go out at once, without their
    newline; `flush()` sends what is left (WasiHost.close calls it).
    """

    def __init__(self, output: Callable[[str, str], None], kind: str) -> None:
        import codecs

        self.output = output
        self.kind = kind
        self._decoder = codecs.getincrementaldecoder("utf-8")("replace")
        self._pending = ""

    def __call__(self, data: bytes) -> None:
        text = self._pending + self._decoder.decode(data)
        *lines, self._pending = text.split("\n")
        for line in lines:
            self.output(line, self.kind)

    def flush(self) -> None:
        text = self._pending + self._decoder.decode(b"", final=True)
        self._pending = ""
        if text:
            self.output(text, self.kind)
