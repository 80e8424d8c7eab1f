"""wasm-playground: learn, debug and demonstrate WebAssembly and GPU compute."""

__version__ = "0.1.0"
