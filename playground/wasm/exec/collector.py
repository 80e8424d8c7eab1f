"""While Wasm runs, the objects that were alive before the run stay out of the cycle collector's way.

CPython's cycle collector runs a full pass over every tracked object now
and then, triggered by allocations. A Wasm program that allocates (GC
structs and arrays, the debugger's undo entries) triggers such passes, and
each one rescans everything the process already held: the decoded module,
a debugging session's history, the window's objects. `gc.freeze()` moves
those into a permanent generation that passes skip; what the run itself
allocates is collected as usual, cycles included; `gc.unfreeze()` puts the
old objects back afterwards. Both are constant-time list splices.

The freeze is process-wide, so runs share it: the first run to start
freezes, the last to end unfreezes (a host function calling back into
Wasm, the debugger's fast calls inside its run, two sessions' workers).
The count is ours because `gc.get_freeze_count()` walks the whole frozen
list. Nothing else in the playground calls `gc.freeze`.
"""

from __future__ import annotations

import gc
import threading
from contextlib import contextmanager

_lock = threading.Lock()
_runs = 0  # runs inside a freeze now


@contextmanager
def older_objects_frozen():
    """Freeze the objects alive now for the duration of the block (shared with the runs already inside)."""
    global _runs
    with _lock:
        _runs += 1
        if _runs == 1:
            gc.freeze()
    try:
        yield
    finally:
        with _lock:
            _runs -= 1
            if _runs == 0:
                gc.unfreeze()
