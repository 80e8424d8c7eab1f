"""The WebAssembly engine: model, binary and text formats, validation, runtime, executors.

Pure Python: imports no Qt, no wgpu, and nothing from the other playground packages
except the shared error base in `playground.errors`.
"""
