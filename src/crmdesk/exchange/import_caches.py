"""What an import leaves in the process: the per-text caches it fills, let go when it ends.

Checking and indexing a hundred thousand rows fills caches keyed by the texts seen:
pinyin and tokens of names and companies (:mod:`crmdesk.core.search`), folded names
and company cores (:mod:`crmdesk.core.matching`), phone number blocks and e-mail
domains (:mod:`crmdesk.core.validation`): a few hundred megabytes after a big file,
which would stay in the window's process for nothing (a user imports a file once).
:func:`released` empties them when an import, or its check, ends however it ends
(and, on Linux, hands the freed memory back with glibc's ``malloc_trim``: about 90 MB
less left in the process after a 100,000-row import); the window's own searches fill
them again as they go.  (The values an import cleans
once per distinct value, :class:`crmdesk.core.validation.ValueMemo`, belong to the
import and go with it.)
"""

from __future__ import annotations

import ctypes
import sys
from collections.abc import Iterator
from contextlib import contextmanager

from crmdesk.core import matching, search, validation


def release() -> None:
    """Empty the caches an import fills (see the module docstring), and hand the memory
    they held back to the system where the C library allows it."""
    search.clear_text_caches()
    matching.clear_caches()
    validation.clear_caches()
    _trim_heap()


def _trim_heap() -> None:
    """glibc keeps the memory freed by a big import for the process: ``malloc_trim``
    returns what it can (tens of megabytes after a hundred thousand rows).  Elsewhere,
    nothing to do."""
    if not sys.platform.startswith("linux"):
        return
    try:
        ctypes.CDLL("libc.so.6").malloc_trim(0)
    except (OSError, AttributeError):  # another C library (musl): it has no such call
        pass


def cached_entries() -> dict[str, int]:
    """How many entries each of those caches holds (for tests and diagnostics)."""
    sizes = {f"search.{f.__name__}": f.cache_info().currsize for f in (
        search.pinyin_keys, search._word_syllables, search._text_part, search._key_part,
        search._run_tokens)}
    sizes |= {f"matching.{f.__name__}": f.cache_info().currsize
              for f in (matching.name_tokens, matching.company_core)}
    sizes["validation._CN_BLOCKS"] = len(validation._CN_BLOCKS)
    sizes["validation._EMAIL_DOMAINS"] = len(validation._EMAIL_DOMAINS)
    return sizes


@contextmanager
def released() -> Iterator[None]:
    """Run the block (an import or its check), then :func:`release`."""
    try:
        yield
    finally:
        release()
