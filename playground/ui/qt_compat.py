"""Work around a PySide6 6.12.0 defect on Python 3.11: each C++ call of a Python override that returns None drops a reference to None.

Every `paintEvent`, `highlightBlock`, mouse handler or `data()` that returns
None costs None one reference; after a few thousand repaints its count
reaches zero and CPython aborts with "Fatal Python error: none_dealloc".
From Python 3.12 on None is immortal and the defect is harmless; PySide6
6.11.3 does not have it. Where a probe shows the leak, `apply()` raises
None's reference count far out of reach (about 10**12 calls), which is the
immortality that 3.12 gives. Nothing is done where the probe finds no leak.
"""

from __future__ import annotations

import ctypes
import sys

_LEAK_HEADROOM = 1 << 40
_applied = False


def none_leaks_per_call() -> int:
    """How many references to None one C++ -> Python virtual call returning None loses (0 when healthy)."""
    from PySide6.QtCore import QAbstractListModel, QIdentityProxyModel, QModelIndex

    class _Probe(QAbstractListModel):
        def rowCount(self, parent=QModelIndex()):  # noqa: N802, B008
            return 1

        def data(self, index, role=0):
            return None

    probe = _Probe()
    proxy = QIdentityProxyModel()
    proxy.setSourceModel(probe)
    index = proxy.index(0, 0)
    calls = 50
    before = sys.getrefcount(None)
    for _ in range(calls):
        proxy.data(index, 0)
    lost = before - sys.getrefcount(None)
    return max(0, round(lost / calls))


def apply() -> bool:
    """Protect this process from the defect; returns True when the workaround was needed. Idempotent."""
    global _applied
    if _applied or sys.version_info >= (3, 12) or sys.implementation.name != "cpython":
        return _applied
    if none_leaks_per_call() == 0:
        return False
    refcount = ctypes.c_ssize_t.from_address(id(None))  # ob_refcnt is PyObject's first field
    before = sys.getrefcount(None)
    refcount.value += _LEAK_HEADROOM
    if sys.getrefcount(None) - before != _LEAK_HEADROOM:  # not the layout we expect: undo
        refcount.value -= _LEAK_HEADROOM
        return False
    _applied = True
    return True
