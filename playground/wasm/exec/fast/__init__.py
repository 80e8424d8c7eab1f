"""The translating engine (issue: fast engine). Not built yet: it will register itself as
"fast" in the engine registry (wasm/engines.py) beside the steppable engine."""
