"""Who else has a ``.crmdb`` file open: a lock file beside the database.

SQLite itself keeps the file consistent when two processes write to it, and
record versions stop a silently lost update; this module is about telling
people.  A second crmdesk window that opens a file already open for editing
elsewhere gets :class:`~crmdesk.errors.DatabaseInUseError` (the GUI turns
it into "open read-only / cancel"), and a restore refuses to swap a file that
any other process has open.

Mechanism
---------
``NAME.crmdb.lock`` beside the database.  Its first bytes hold JSON about the
process that has the file open for editing (pid, host, OS user, crmdesk user,
since), used only for messages.  Who holds the file is decided by operating
system byte-range locks on single bytes far past that text (at ``LOCK_BASE``):

* byte ``LOCK_BASE`` is the **writer** slot: a window that opens the file for
  editing holds it, so a second such window is told who has it;
* bytes ``LOCK_BASE + 1 .. + READER_SLOTS`` are **reader** slots: a window
  that opens the file read-only, or a short task (a scheduled backup, a
  command-line tool) that works alongside a window, holds one of them;
* a restore takes **every** slot, so it fails while anyone has the file open.

Why OS locks and not a pid file with a heartbeat: the operating system drops
the locks of a process the moment it dies (also on ``kill -9`` or a power cut
on a network share's client), so a stale lock file left by a crash needs no
guessing about pids, clocks or refresh intervals: the next open simply gets
the lock and overwrites the stale text.  Byte-range locks work on local disks
and on Windows (SMB) and NFS shares.  On Linux they are open-file-description
locks (``F_OFD_SETLK``), which also conflict between two opens inside one
process; on Windows ``msvcrt.locking`` (per handle); elsewhere POSIX
``lockf``.  Inside one process all opens of a file share one lock-file handle
(reference counted), so the same program may open a file several times.

The lock file is removed when the last user closes the file (after taking
every slot, so nobody is using it); an opener checks after locking that the
path still names the file it locked, and retries otherwise.
"""

from __future__ import annotations

import errno
import getpass
import json
import logging
import os
import random
import socket
import sys
import threading
import time
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from crmdesk.errors import DatabaseFileError, DatabaseInUseError
from crmdesk.i18n import QT_TRANSLATE_NOOP

log = logging.getLogger(__name__)

LOCK_SUFFIX = ".lock"
# Offset of the lock bytes: far past the JSON text, which others must be able to read
# (Windows byte-range locks are mandatory: a locked byte cannot be read).
LOCK_BASE = 1 << 30
WRITER_SLOT = 0
READER_SLOTS = 64
ALL_SLOTS = range(READER_SLOTS + 1)
# How long an opener retries when a slot is busy (covers a window that is just closing).
RETRY_SECONDS = 0.3

WRITER, READER, EXCLUSIVE = "writer", "reader", "exclusive"


# ---------------------------------------------------------------------------
# One-byte locks, per platform
# ---------------------------------------------------------------------------

# errno values meaning "someone else holds that byte"; other errors mean the file
# system cannot lock at all, and the file is then opened without detection.
_BUSY = {errno.EACCES, errno.EAGAIN, getattr(errno, "EDEADLOCK", errno.EDEADLK), errno.EDEADLK}
_unsupported_logged = False


def _busy(exc: OSError) -> bool:
    global _unsupported_logged
    if exc.errno in _BUSY:
        return True
    if not _unsupported_logged:
        _unsupported_logged = True
        log.warning("this file system cannot lock files (%s): another window on the same file "
                    "will not be detected", exc)
    return False


if sys.platform == "win32":  # pragma: no cover - exercised on Windows only
    import msvcrt

    def _try_lock(fd: int, slot: int) -> bool:
        os.lseek(fd, LOCK_BASE + slot, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_NBLCK, 1)
        except OSError as exc:
            return not _busy(exc)
        return True

    def _unlock(fd: int, slot: int) -> None:
        os.lseek(fd, LOCK_BASE + slot, os.SEEK_SET)
        try:
            msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
        except OSError:
            pass

else:
    import fcntl
    import struct

    _OFD = getattr(fcntl, "F_OFD_SETLK", None) if sys.platform.startswith("linux") else None

    def _flock(kind: int, slot: int) -> bytes:
        # struct flock {short l_type; short l_whence; off_t l_start; off_t l_len; pid_t l_pid;}
        return struct.pack("@hhqqi4x", kind, os.SEEK_SET, LOCK_BASE + slot, 1, 0)

    def _try_lock(fd: int, slot: int) -> bool:
        try:
            if _OFD is not None:
                fcntl.fcntl(fd, _OFD, _flock(fcntl.F_WRLCK, slot))
            else:
                fcntl.lockf(fd, fcntl.LOCK_EX | fcntl.LOCK_NB, 1, LOCK_BASE + slot)
        except OSError as exc:
            return not _busy(exc)
        return True

    def _unlock(fd: int, slot: int) -> None:
        try:
            if _OFD is not None:
                fcntl.fcntl(fd, _OFD, _flock(fcntl.F_UNLCK, slot))
            else:
                fcntl.lockf(fd, fcntl.LOCK_UN, 1, LOCK_BASE + slot)
        except OSError:
            pass


# ---------------------------------------------------------------------------
# Who holds a file
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Holder:
    """The process that has a file open for editing (from the lock file's text)."""

    pid: int
    host: str
    os_user: str
    app_user: str
    since: datetime

    @property
    def who(self) -> str:
        """"wang (PC-01, since 09:12)" — for messages."""
        user = self.app_user or self.os_user
        local = self.since.astimezone()
        stamp = local.strftime("%H:%M") if local.date() == datetime.now().date() \
            else local.strftime("%Y-%m-%d %H:%M")
        return f"{user} ({self.host}, {stamp})"


def lock_path(db_path: Path) -> Path:
    return db_path.with_name(db_path.name + LOCK_SUFFIX)


def _key(db_path: Path) -> str:
    return os.path.normcase(os.path.realpath(db_path))


def _read_holder(fd: int) -> Holder | None:
    try:
        os.lseek(fd, 0, os.SEEK_SET)
        raw = os.read(fd, 4096)
        data = json.loads(raw.decode("utf-8")) if raw.strip(b"\x00 \n") else None
        if not isinstance(data, dict):
            return None
        return Holder(pid=int(data["pid"]), host=str(data["host"]), os_user=str(data["os_user"]),
                      app_user=str(data.get("app_user", "")),
                      since=datetime.fromisoformat(str(data["since"])))
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _os_user() -> str:
    try:
        return getpass.getuser()
    except (OSError, KeyError, ImportError):
        return ""


class _Entry:
    """This process's handle on one lock file and what it holds there."""

    def __init__(self, key: str, path: Path, fd: int) -> None:
        self.key = key
        self.path = path
        self.fd = fd
        self.counts = {WRITER: 0, READER: 0, EXCLUSIVE: 0}
        self.slots: set[int] = set()
        self.app_user = ""
        self.since = datetime.now(UTC)

    def wanted_slots(self) -> set[int]:
        if self.counts[EXCLUSIVE]:
            return set(ALL_SLOTS)
        wanted = set()
        if self.counts[WRITER]:
            wanted.add(WRITER_SLOT)
        if self.counts[READER]:
            reader = next((s for s in self.slots if s != WRITER_SLOT), None)
            if reader is not None:
                wanted.add(reader)
        return wanted

    def write_info(self) -> None:
        info = {"pid": os.getpid(), "host": socket.gethostname(), "os_user": _os_user(),
                "app_user": self.app_user, "since": self.since.isoformat()}
        data = json.dumps(info, ensure_ascii=False).encode("utf-8")
        try:
            os.lseek(self.fd, 0, os.SEEK_SET)
            os.write(self.fd, data)
            os.ftruncate(self.fd, len(data))
        except OSError as exc:  # the text is only for messages
            log.warning("cannot write %s: %s", self.path, exc)

    def clear_info(self) -> None:
        try:
            os.ftruncate(self.fd, 0)
        except OSError:
            pass


_entries: dict[str, _Entry] = {}
_guard = threading.RLock()


def _open_entry(db_path: Path) -> _Entry:
    """This process's entry for *db_path*, opening the lock file if needed."""
    key = _key(db_path)
    entry = _entries.get(key)
    if entry is not None:
        return entry
    path = lock_path(Path(os.path.realpath(db_path)))
    fd = os.open(path, os.O_RDWR | os.O_CREAT | getattr(os, "O_BINARY", 0), 0o666)
    entry = _Entry(key, path, fd)
    _entries[key] = entry
    return entry


def _still_linked(entry: _Entry) -> bool:
    """False when the lock file was removed (or replaced) after we opened it."""
    try:
        return os.path.samestat(os.fstat(entry.fd), os.stat(entry.path))
    except OSError:
        return False


def _drop_entry(entry: _Entry, *, remove: bool) -> None:
    _entries.pop(entry.key, None)
    for slot in list(entry.slots):
        if not remove:
            _unlock(entry.fd, slot)
    entry.slots.clear()
    if remove:
        try:
            os.unlink(entry.path)
        except OSError:
            pass  # Windows: someone else has it open; harmless
    os.close(entry.fd)


def _release_unwanted(entry: _Entry) -> None:
    for slot in entry.slots - entry.wanted_slots():
        _unlock(entry.fd, slot)
        entry.slots.discard(slot)
    if not any(entry.counts.values()):
        # Last user in this process: remove the lock file if nobody else has one.
        everyone = all(_try_lock(entry.fd, slot) for slot in ALL_SLOTS)
        entry.slots.update(ALL_SLOTS)
        if everyone:
            entry.clear_info()
        _drop_entry(entry, remove=everyone)


def _take(entry: _Entry, mode: str) -> bool:
    """Lock what *mode* needs on *entry*; False when another process holds it."""
    if mode == WRITER:
        if WRITER_SLOT in entry.slots:
            return True
        if _try_lock(entry.fd, WRITER_SLOT):
            entry.slots.add(WRITER_SLOT)
            return True
        return False
    if mode == READER:
        if any(s != WRITER_SLOT for s in entry.slots):
            return True
        start = random.randrange(READER_SLOTS)
        for i in range(READER_SLOTS):
            slot = 1 + (start + i) % READER_SLOTS
            if _try_lock(entry.fd, slot):
                entry.slots.add(slot)
                return True
        log.warning("all %d reader slots of %s are taken; opening without one",
                    READER_SLOTS, entry.path)
        return True
    got: list[int] = []
    for slot in ALL_SLOTS:
        if slot in entry.slots:
            continue
        if not _try_lock(entry.fd, slot):
            for s in got:
                _unlock(entry.fd, s)
            return False
        got.append(slot)
    entry.slots.update(got)
    return True


class FileLock:
    """One hold on a database file; :meth:`release` (or ``with``) gives it back."""

    def __init__(self, entry: _Entry, mode: str) -> None:
        self._entry: _Entry | None = entry
        self.mode = mode
        self.path = entry.path

    @property
    def held(self) -> bool:
        return self._entry is not None

    def set_app_user(self, username: str) -> None:
        """Name the crmdesk user in the lock file (after login), for others' messages."""
        with _guard:
            entry = self._entry
            if entry is not None and WRITER_SLOT in entry.slots:
                entry.app_user = username
                entry.write_info()

    def release(self) -> None:
        with _guard:
            entry, self._entry = self._entry, None
            if entry is None:
                return
            entry.counts[self.mode] -= 1
            if self.mode == WRITER and entry.counts[WRITER] == 0:
                entry.clear_info()
            _release_unwanted(entry)

    def __enter__(self) -> FileLock:
        return self

    def __exit__(self, *exc: object) -> None:
        self.release()


def _in_use_error(db_path: Path, holder: Holder | None) -> DatabaseInUseError:
    if holder is not None:
        return DatabaseInUseError(
            QT_TRANSLATE_NOOP("Errors", "{name} is open in crmdesk for {who}. Open it read-only, "
                                        "or close it there first."),
            name=db_path.name, who=holder.who, holder=holder)
    return DatabaseInUseError(
        QT_TRANSLATE_NOOP("Errors", "{name} is open in another crmdesk window. Open it "
                                    "read-only, or close it there first."),
        name=db_path.name, holder=None)


def acquire(db_path: Path, mode: str) -> FileLock:
    """Hold *db_path* as ``writer``, ``reader`` or ``exclusive``.

    Raises :class:`DatabaseInUseError` when another process holds what the mode
    needs (a writer: the writer slot; exclusive: any slot), and
    ``DatabaseFileError`` when the lock file cannot be created (a read-only
    folder).  Readers are never refused.
    """
    if mode not in (WRITER, READER, EXCLUSIVE):
        raise ValueError(mode)
    try:
        return _acquire(db_path, mode)
    except OSError as exc:
        raise DatabaseFileError(
            QT_TRANSLATE_NOOP("Errors", "Cannot create {path}: {reason}. crmdesk needs to write "
                                        "in the database's folder; open the file read-only, or "
                                        "copy it to a folder you may change."),
            path=str(lock_path(db_path)), reason=exc.strerror or str(exc)) from exc


def acquire_optional(db_path: Path, mode: str) -> FileLock | None:
    """Like :func:`acquire`, but None (and a log line) when the folder is read-only."""
    try:
        return _acquire(db_path, mode)
    except OSError as exc:
        log.warning("no lock file for %s (%s): opening without one", db_path, exc)
        return None


def _acquire(db_path: Path, mode: str) -> FileLock:
    deadline = time.monotonic() + RETRY_SECONDS
    while True:
        with _guard:
            entry = _open_entry(db_path)
            had_anything = any(entry.counts.values())
            if _take(entry, mode):
                if not had_anything and not _still_linked(entry):
                    # Someone removed the lock file between our open and our lock: retry.
                    _drop_entry(entry, remove=False)
                    continue
                entry.counts[mode] += 1
                if mode == WRITER and entry.counts[WRITER] == 1:
                    entry.since = datetime.now(UTC)
                    entry.write_info()
                return FileLock(entry, mode)
            linked = _still_linked(entry)
            holder = _read_holder(entry.fd) if linked else None
            if not had_anything:
                _drop_entry(entry, remove=False)
            if not linked:
                continue
        if time.monotonic() >= deadline:
            raise _in_use_error(db_path, holder)
        time.sleep(0.05)


def holder(db_path: Path) -> Holder | None:
    """Who has *db_path* open for editing in another process (None: nobody)."""
    with _guard:
        entry = _entries.get(_key(db_path))
        if entry is not None:
            if WRITER_SLOT in entry.slots:
                return None  # this process is the writer
            fd, own = entry.fd, False
        else:
            try:
                fd = os.open(lock_path(Path(os.path.realpath(db_path))),
                             os.O_RDWR | getattr(os, "O_BINARY", 0))
            except FileNotFoundError:
                return None
            own = True
        try:
            if _try_lock(fd, WRITER_SLOT):
                _unlock(fd, WRITER_SLOT)
                return None
            return _read_holder(fd) or Holder(0, "", "", "", datetime.now(UTC))
        finally:
            if own:
                os.close(fd)


def held_here(db_path: Path) -> bool:
    """True when this process has *db_path* open (any mode)."""
    with _guard:
        entry = _entries.get(_key(db_path))
        return entry is not None and any(entry.counts.values())


def used_elsewhere(db_path: Path) -> bool:
    """True when another process has *db_path* open (for editing, reading or a task)."""
    try:
        with acquire(db_path, EXCLUSIVE):
            return False
    except DatabaseInUseError:
        return True
