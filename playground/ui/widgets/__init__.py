"""Widgets more than one feature of the window shows (the hex table of memory, binaries and GPU buffers)."""
