"""The debugger feature: the run bar and the Run menu, the debug session, and its panels (stack, locals, memory, bytecode...)."""

from playground.ui.debugger.feature import install

__all__ = ["install"]
