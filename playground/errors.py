"""The base of every error the playground reports to a user.

Domain errors (a malformed binary, an invalid module, a trap, a missing GPU
adapter, ...) derive from `PlaygroundError`; the CLI and the GUI show their
message, with its location, and never a traceback.
"""

from __future__ import annotations


class PlaygroundError(Exception):
    """An error meant for the user: its `str()` is the whole message."""

    exit_code = 1


class NotAvailableError(PlaygroundError):
    """A feature whose engine is not built yet. Says so instead of pretending."""

    exit_code = 3

    def __init__(self, feature: str, detail: str = ""):
        message = f"{feature} is not available yet in this version of wasm-playground"
        super().__init__(f"{message}: {detail}" if detail else message)
