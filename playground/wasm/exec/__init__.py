"""Execution: value semantics (numeric.py, simd.py) and the executors."""
