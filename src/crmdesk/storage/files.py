"""Files crmdesk writes itself, written atomically.

Every file the program produces (settings, mappings, exports, error reports,
PDF reports, backups, copies of the database) is written under a temporary
name in the target's folder, flushed to disk and renamed over the target, so a
crash, a full disk or a cancelled job leaves either the old file or the new one,
never half of one. This module is the one place that knows how.
"""

from __future__ import annotations

import contextlib
import os
import tempfile
from collections.abc import Iterator
from pathlib import Path
from typing import BinaryIO


def fsync_dir(folder: Path) -> None:
    """Make a rename inside *folder* durable (a no-op where directories cannot be opened)."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def temp_path(target: Path, suffix: str = ".tmp") -> Path:
    """A new, empty temporary file beside *target* (the caller removes or renames it)."""
    target.parent.mkdir(parents=True, exist_ok=True)
    handle, name = tempfile.mkstemp(prefix=f".{target.name}.", suffix=suffix, dir=target.parent)
    os.close(handle)
    return Path(name)


def forget_cached(fd: int, offset: int = 0, length: int = 0) -> None:
    """Ask the system to drop its cached copy of bytes of the file open as *fd* (*length*
    0: to the end), where it can (Linux; elsewhere nothing).  Bytes written must be on
    the disk first (``os.fsync``).  A big file written or read once (a backup) then
    leaves the memory to the files in use, and the next read of those bytes comes from
    the drive."""
    advise = getattr(os, "posix_fadvise", None)
    if advise is not None:
        with contextlib.suppress(OSError):
            advise(fd, offset, length, os.POSIX_FADV_DONTNEED)


def commit(temp: Path, target: Path, *, sync: bool = True, forget: bool = False) -> None:
    """Flush *temp* to disk and rename it over *target*; *forget*: then drop it from the
    system's cache (see :func:`forget_cached`)."""
    if sync:
        with open(temp, "rb") as fh:
            os.fsync(fh.fileno())
            if forget:
                forget_cached(fh.fileno())
    os.replace(temp, target)
    if sync:
        fsync_dir(target.parent)


@contextlib.contextmanager
def atomic_path(target: Path, suffix: str = ".tmp") -> Iterator[Path]:
    """Yield a temporary path to write *target* through (for writers that take a path).

    On a normal exit the file is flushed and renamed over *target*; on an
    exception (a failure or a cancel) it is removed and *target* is untouched.
    """
    temp = temp_path(target, suffix)
    try:
        yield temp
        commit(temp, target)
    except BaseException:
        with contextlib.suppress(OSError):
            temp.unlink()
        raise


@contextlib.contextmanager
def atomic_file(target: Path, suffix: str = ".tmp") -> Iterator[BinaryIO]:
    """Yield a binary file object whose content replaces *target* on a normal exit."""
    with atomic_path(target, suffix) as temp, open(temp, "wb") as stream:
        yield stream
        stream.flush()


def atomic_write(target: Path, data: bytes, suffix: str = ".tmp") -> None:
    """Write *data* to *target* so that a crash leaves either the old or the new file.

    The temporary file is named ``.NAME.RANDOM`` + *suffix* beside *target*."""
    with atomic_file(target, suffix) as stream:
        stream.write(data)
