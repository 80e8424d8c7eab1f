"""The debugger: sessions over the steppable interpreter, breakpoints, reverse stepping, traces. No Qt."""
