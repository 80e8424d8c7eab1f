"""Execution: numeric/ (value semantics every engine shares), step/ (the steppable engine),
fast/ (the translating engine's room), interface.py (the Executor protocol and its settings).
The engine registry is wasm/engines.py, below this package and the runtime."""
