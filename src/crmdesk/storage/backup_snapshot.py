"""A consistent snapshot of a live database, for a backup.

A backup holds the database's bytes as one read transaction sees them, while
the program (and other programs) keep reading and writing.  A :class:`Snapshot`
opens that read transaction and offers the snapshot's bytes in chunks, the
values the manifest records (schema revision, row counts), and a
``PRAGMA quick_check`` of those very bytes that runs on another thread while
the backup is packed.  Two ways, one result:

* **Direct** (the usual case): the database file itself holds exactly the
  snapshot, and keeps holding it until the read transaction ends.  The bytes
  are read straight from it: no work file, no second copy of the database on
  the disk.  This is proved, not assumed: inside the transaction a second
  connection asks SQLite for the state of the write-ahead log
  (``PRAGMA wal_checkpoint(PASSIVE)``).  When every frame of the log is in the
  file, the snapshot holds no frame the file lacks and the file holds no frame
  newer than the snapshot; and SQLite copies frames into the file only up to the
  oldest snapshot still being read (and none while a reader reads the file
  alone), so the file stays as it is while the transaction lasts.  In the
  rollback-journal modes the read transaction's shared lock keeps every writer
  out of the file.  Before starting, a passive checkpoint (which never waits
  and changes no data) copies the log into the file; a read-only window only
  looks.
* **Copy** (when that cannot be proved, e.g. a writer is busy at that moment, a
  reader holds an old snapshot, or the file is on read-only media): SQLite's
  online backup API copies the snapshot into a work file beside the database,
  in steps, inside the same read transaction.

The page SQLite reserves for file locking (the one holding the byte at 1 GiB,
present in larger files) is never used for data; it reads as zeros in both ways,
as in SQLite's own backup copies, and is not read from the file (on Windows
other programs' locks cover it).
"""

from __future__ import annotations

import logging
import sqlite3
import threading
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from crmdesk.i18n import QT_TRANSLATE_NOOP
from crmdesk.jobs import Job
from crmdesk.storage import backup_format
from crmdesk.storage.backup_format import (
    BackupError,
    cancelled,
    check_cancel,
    report,
)
from crmdesk.storage.database import Database

log = logging.getLogger(__name__)

PAGES_PER_STEP = 4096
# SQLite's lock byte: the page holding it is never used for data.
PENDING_BYTE = 0x40000000
# Tries at proving the direct way before copying (each ends the read transaction,
# runs a passive checkpoint and begins again: milliseconds).
DIRECT_TRIES = 3
# Setting this to False forces the copy (tests cover both ways).
DIRECT = True


def table_counts(conn: sqlite3.Connection, tables: Iterable[str]) -> dict[str, int]:
    """Rows in each of *tables* that the file has (in the order given)."""
    existing = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    counts = {}
    for table in tables:
        if table in existing:
            counts[table] = int(conn.execute(f'SELECT count(*) FROM "{table}"').fetchone()[0])
    return counts


def live_customers(conn: sqlite3.Connection) -> int:
    """Customers not in the recycle bin (a partial index answers: ~0.1 s per million)."""
    return int(conn.execute("SELECT count(*) FROM customers WHERE deleted_at IS NULL"
                            ).fetchone()[0])


@contextmanager
def interruptible(conn: sqlite3.Connection, job: Job | None) -> Iterator[None]:
    """Let cancelling *job* interrupt a long statement on *conn* (raises Cancelled)."""
    if job is None:
        yield
        return
    conn.set_progress_handler(lambda: 1 if job.cancelled else 0, 20_000)
    try:
        yield
    except sqlite3.OperationalError:
        if job.cancelled:
            raise cancelled() from None
        raise
    finally:
        conn.set_progress_handler(None, 0)


def copy_failed(reason: str) -> BackupError:
    return BackupError(QT_TRANSLATE_NOOP(
        "Backup", "The database could not be copied: {reason}."), reason=reason)


def _uri(path: Path, read_only: bool) -> str:
    return f"{path.resolve().as_uri()}{'?mode=ro' if read_only else ''}"


class Snapshot:
    """One read transaction on a database and the file that holds its bytes.

    Use :func:`take_snapshot`.  ``path`` is the database itself (``direct``) or
    the work file; ``size`` the snapshot's bytes (pages times page size).
    """

    def __init__(self, source: sqlite3.Connection, *, tables: Iterable[str]) -> None:
        self.source = source
        self.direct = False
        self.path = Path()
        row = source.execute("SELECT version_num FROM alembic_version").fetchone()
        self.schema = str(row[0]) if row else ""
        self.page_size = int(source.execute("PRAGMA page_size").fetchone()[0])
        self.size = int(source.execute("PRAGMA page_count").fetchone()[0]) * self.page_size
        self.counts = table_counts(source, tables)
        self.customers = live_customers(source)
        self.users = self.counts.get("users", 0)
        self._check: threading.Thread | None = None
        self._check_conn: sqlite3.Connection | None = None
        self._check_result: list[str] | BaseException | None = None

    # -- the bytes ---------------------------------------------------------------------
    def chunks(self, job: Job | None) -> Iterator[bytes]:
        """The snapshot's bytes in chunks of ``backup_format.CHUNK_SIZE``."""
        try:
            yield from self._chunks(job, backup_format.CHUNK_SIZE)
        except OSError as exc:
            raise copy_failed(exc.strerror or str(exc)) from exc

    def _chunks(self, job: Job | None, chunk_size: int) -> Iterator[bytes]:
        lock_page = PENDING_BYTE if self.size > PENDING_BYTE else -1
        with self.path.open("rb") as fh:
            offset = 0
            while offset < self.size:
                check_cancel(job)
                end = min(offset + chunk_size, self.size)
                if offset <= lock_page < end:
                    fh.seek(offset)
                    before = _read_exactly(fh, lock_page - offset)
                    fh.seek(lock_page + self.page_size)
                    after = _read_exactly(fh, end - lock_page - self.page_size)
                    data = before + bytes(self.page_size) + after
                else:
                    data = _read_exactly(fh, end - offset)
                yield data
                offset = end

    # -- the check ---------------------------------------------------------------------
    def start_check(self, job: Job | None) -> None:
        """Start ``PRAGMA quick_check`` of the snapshot's bytes on another thread: in
        the very transaction whose bytes are packed (direct), or on the work file
        (nobody else has it; opened without locks or journal)."""
        if self.direct:
            conn = self.source
        else:
            conn = sqlite3.connect(f"{self.path.resolve().as_uri()}?mode=ro&immutable=1",
                                   uri=True, isolation_level=None, check_same_thread=False)
        self._check_conn = conn

        def run() -> None:
            try:
                with interruptible(conn, job):
                    problems = [str(r[0]) for r in conn.execute("PRAGMA quick_check(5)")]
                self._check_result = [] if problems == ["ok"] else problems
            except BaseException as exc:  # noqa: BLE001 - handed to finish_check
                self._check_result = exc

        self._check = threading.Thread(target=run, name="crmdesk-backup-check", daemon=True)
        self._check.start()

    def finish_check(self) -> list[str]:
        """Wait for the check: the problems it found (empty: none).  Raises Cancelled
        when the job was cancelled, or the error that stopped the check."""
        assert self._check is not None
        self._check.join()
        self._end_check()
        result = self._check_result
        if isinstance(result, BaseException):
            raise result
        return result or []

    def stop_check(self) -> None:
        """Stop a check still running (cancelled or failed backup) and wait for it."""
        if self._check is not None:
            if self._check_conn is not None:
                self._check_conn.interrupt()
            self._check.join()
            self._end_check()

    def _end_check(self) -> None:
        if self._check_conn is not None and self._check_conn is not self.source:
            self._check_conn.close()
        self._check, self._check_conn = None, None


def _read_exactly(fh: object, n: int) -> bytes:
    data: bytes = fh.read(n)  # type: ignore[attr-defined]
    if len(data) != n:
        raise OSError(f"the database file ended early ({len(data)} of {n} bytes)")
    return data


def _wal_in_file(checker: sqlite3.Connection) -> bool:
    """Is every frame of the write-ahead log in the database file?  A passive
    checkpoint first copies what it can without waiting (a read-only connection
    copies nothing: it fails when there is something to copy)."""
    try:
        row = checker.execute("PRAGMA wal_checkpoint(PASSIVE)").fetchone()
    except sqlite3.Error as exc:  # read-only media, a read-only window with frames to copy
        log.debug("no checkpoint for a direct backup: %s", exc)
        return False
    _busy, frames, copied = (int(v) for v in row)
    return frames >= 0 and frames == copied


def _prove_direct(checker: sqlite3.Connection | None, mode: str) -> bool:
    """Does the database file hold exactly the snapshot of the read transaction open
    now, and will it until that ends?  (See the module's description.)"""
    if mode in ("delete", "truncate", "persist"):
        return True  # the shared lock of the read transaction keeps writers out
    if mode != "wal" or checker is None:
        return False
    return _wal_in_file(checker)


def _begin(db: Database, path: Path, source: sqlite3.Connection, work: Path, *,
           tables: Iterable[str], job: Job | None) -> Snapshot:
    """Begin the read transaction on *source*; the direct snapshot when proved, else
    the copy into *work*."""
    source.execute("PRAGMA busy_timeout=30000")
    mode = str(source.execute("PRAGMA journal_mode").fetchone()[0]).lower()
    checker: sqlite3.Connection | None = None
    if DIRECT and mode == "wal":
        try:
            checker = sqlite3.connect(_uri(path, db.read_only), uri=True, timeout=0,
                                      isolation_level=None)
        except sqlite3.Error:
            checker = None
    try:
        tries = DIRECT_TRIES if DIRECT else 1
        with interruptible(source, job):
            for attempt in range(tries):
                if checker is not None and not db.read_only:
                    _wal_in_file(checker)  # copy the log into the file; never waits
                source.execute("BEGIN")
                source.execute("SELECT 1 FROM sqlite_master LIMIT 1").fetchall()  # begins
                if DIRECT and _prove_direct(checker, mode):
                    snap = Snapshot(source, tables=tables)
                    if path.stat().st_size >= snap.size:
                        snap.direct, snap.path = True, path
                        return snap
                if attempt + 1 < tries:
                    source.execute("COMMIT")
            snap = Snapshot(source, tables=tables)
    finally:
        if checker is not None:
            checker.close()
    log.info("backup of %s through a work file (the file alone is not the snapshot)",
             path.name)
    _copy(source, work, job)
    source.execute("COMMIT")  # the work file holds the snapshot now
    snap.path = work
    return snap


@contextmanager
def take_snapshot(db: Database, work: Path, *, tables: Iterable[str],
                  job: Job | None) -> Iterator[Snapshot]:
    """Open a read transaction on *db* and yield its :class:`Snapshot`: the database
    file itself when that is proved safe, else a copy in the work file *work*
    (removed by the caller).  The transaction lasts until the block ends."""
    assert db.path is not None
    path = db.path.resolve()
    try:
        source = sqlite3.connect(_uri(path, db.read_only), uri=True, timeout=30,
                                 isolation_level=None, check_same_thread=False)
    except sqlite3.Error as exc:
        raise copy_failed(str(exc)) from exc
    try:
        try:
            snap = _begin(db, path, source, work, tables=tables, job=job)
        except sqlite3.Error as exc:
            if job is not None and job.cancelled:
                raise cancelled() from None
            raise copy_failed(str(exc)) from exc
        except OSError as exc:
            raise copy_failed(exc.strerror or str(exc)) from exc
        try:
            yield snap
        finally:
            snap.stop_check()
    finally:
        source.close()  # ends the read transaction


def _copy(source: sqlite3.Connection, work: Path, job: Job | None) -> None:
    """Copy the snapshot of *source*'s open transaction into *work* (online backup API)."""
    dest = sqlite3.connect(work, isolation_level=None)
    try:
        dest.execute("PRAGMA journal_mode=OFF")
        dest.execute("PRAGMA synchronous=OFF")

        def step(status: int, remaining: int, total: int) -> None:
            check_cancel(job)
            report(job, "copy", total - remaining, total)

        source.backup(dest, pages=PAGES_PER_STEP, progress=step)
    finally:
        dest.close()
