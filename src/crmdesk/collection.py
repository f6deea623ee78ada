"""Pauses of Python's cyclic garbage collector, one home for every layer.

Work that makes millions of small objects which live until it ends (an import's
rows, the demo's batches) pauses the cycle collector, which would otherwise scan
them again and again for nothing (a third of an import's time, half of the demo's
unpickling).  Reference counting still frees what is dropped.

Pauses are counted across threads: the collector comes back when the last one ends,
and only if it was on before the first began (the window keeps it off for good and
collects on its GUI thread, ``crmdesk.ui.collector``, which skips while a pause is
held).  Two threads that each saved and restored the collector's state themselves
could turn it back on under the other.
"""

from __future__ import annotations

import gc
import threading
from collections.abc import Iterator
from contextlib import contextmanager

_lock = threading.Lock()
_pauses = 0
_was_enabled = False


@contextmanager
def paused() -> Iterator[None]:
    """No cyclic garbage collection inside (in any thread) until every pause ends."""
    global _pauses, _was_enabled
    with _lock:
        if _pauses == 0:
            _was_enabled = gc.isenabled()
            gc.disable()
        _pauses += 1
    try:
        yield
    finally:
        with _lock:
            _pauses -= 1
            if _pauses == 0 and _was_enabled:
                gc.enable()


def turn_off() -> None:
    """Automatic collection off for good (the window collects on its GUI thread): also
    when a pause is held now, whose end would otherwise turn it back on."""
    global _was_enabled
    with _lock:
        gc.disable()
        _was_enabled = False


def is_paused() -> bool:
    """Whether some work holds a pause now."""
    return _pauses > 0
