"""The translating engine, registered as "fast" (wasm/engines.py): each function becomes Python source once.

executor.py   FastExecutor (the Executor interface), call depth and Python's recursion limit
context.py    the namespace of one instance's generated functions; lazy translation per function
translate.py  one function body -> one Python function (with control.py, ops_calls.py, ops_numeric.py, ops_memory.py)
entries.py    the translation-time operand stack: expressions not yet written anywhere
faults.py     the generated functions' one exception handler: traps located as the step engine locates them
segments.py   counting mode's text: one charge per straight-line segment, cut after what can fail or write
meter.py      counting, fuel and the deadline at run time (the charge, its check, a cut segment's pieces)
support.py    the helpers and constants generated code may name
"""
