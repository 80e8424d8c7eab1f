"""The WebAssembly text format: lexer, WAT parser, WAST script parser, and disassembler (spec 6)."""
