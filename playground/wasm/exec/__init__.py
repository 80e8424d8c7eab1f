"""Execution: numeric/ (value semantics every engine shares), step/ (the steppable engine),
fast/ (the translating engine's room), interface.py (the Executor protocol and the engine registry)."""
