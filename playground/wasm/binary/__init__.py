"""The WebAssembly binary format: LEB128, the decoder, the encoder and the name section.

`decode_module(data, file=...)` and `encode_module(module, names=...)` are the two entry points.
"""

from playground.wasm.binary.decode import decode_module
from playground.wasm.binary.encode import encode_module

__all__ = ["decode_module", "encode_module"]
