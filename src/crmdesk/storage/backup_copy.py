"""Copying a live database into a backup, verifying a backup, swapping files.

The file side of backups (the container format is in
:mod:`crmdesk.storage.backup_format`; the rules - who, when, how many, what is
recorded - are in the backup service, ``core/services/backups.py``):

* :func:`write_backup` packs a consistent snapshot of the database (one read
  transaction while the program keeps working: the database file itself when
  that is proved safe, else a copy made with SQLite's online backup API; see
  :mod:`crmdesk.storage.backup_snapshot`) into the backup folder under a
  temporary name, flushes it to disk and renames it: the folder holds
  complete backups or none.  On request it then reads the new file back and
  checks it (:func:`_read_back`).
* :func:`verify_backup` checks the file's checksum (and, when encrypted, its
  authentication), unpacks the database, compares its SHA-256 with the
  manifest, opens it and runs ``PRAGMA integrity_check``, checks the schema
  version and the row counts; the result is recorded beside the backup
  (``NAME.crmbak.verified``).
* :func:`swap_in` replaces a database file by a checked one with one atomic
  rename, keeping a safety copy (``NAME.before-restore-TIME.crmdb``).

The row counts cover the tables the caller names (the domain's tables): this
module knows SQLite files, not the models.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import socket
import sqlite3
import struct
import tempfile
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from crmdesk import __version__
from crmdesk.errors import DatabaseFileError, DatabaseInUseError, KnownError
from crmdesk.i18n import QT_TRANSLATE_NOOP
from crmdesk.jobs import Cancelled, Job
from crmdesk.storage import file_lock, migrations
from crmdesk.storage.backends import APPLICATION_ID
from crmdesk.storage.backup_format import (
    FOOTER,
    SUFFIX,
    BackupDamagedError,
    BackupError,
    Manifest,
    RestoreRefusedError,
    check_cancel,
    damaged,
    pack,
    read_layout,
    report,
    unpack,
    unreadable,
)
from crmdesk.storage.backup_snapshot import (
    Snapshot,
    interruptible,
    live_customers,
    table_counts,
    take_snapshot,
)
from crmdesk.storage.database import Database, check_file
from crmdesk.storage.files import atomic_write, commit

log = logging.getLogger(__name__)

VERIFIED_SUFFIX = ".verified"
# What a sidecar's verification was: the full one (verify_backup) or the check
# right after the backup (_read_back).
FULL = "full"
READ_BACK = "read-back"
# Work files older than this are leftovers of a killed backup and are removed.
STALE_WORK_SECONDS = 6 * 3600

# ---------------------------------------------------------------------------
# Files
# ---------------------------------------------------------------------------

# Files are written through crmdesk.storage.files (temp file, fsync, rename); the
# names here mark the work files of backups and restores for clean_leftovers.
LEFTOVER_MARK = ".crmdesk-tmp"


def temp_path(folder: Path, name: str, kind: str) -> Path:
    """A unique temporary name (dot-file; ``.crmdesk-tmp`` marks leftovers to clean)."""
    return folder / f".{name}.{secrets.token_hex(4)}{kind}{LEFTOVER_MARK}"


def remove_sidecars(db_file: Path) -> None:
    for suffix in ("-wal", "-shm", "-journal"):
        Path(f"{db_file}{suffix}").unlink(missing_ok=True)


def remove_with_sidecars(db_file: Path) -> None:
    db_file.unlink(missing_ok=True)
    remove_sidecars(db_file)


def clean_leftovers(folder: Path) -> None:
    """Remove temporary files of backups or restores killed long ago."""
    try:
        candidates = list(folder.glob(f".*{LEFTOVER_MARK}*"))
    except OSError:
        return
    now = time.time()
    for path in candidates:
        try:
            if now - path.stat().st_mtime > STALE_WORK_SECONDS:
                path.unlink()
                log.info("removed leftover %s", path)
        except OSError:
            pass


def folder_error(folder: Path, exc: OSError) -> BackupError:
    return BackupError(QT_TRANSLATE_NOOP(
        "Backup", "Cannot write the backup to {folder}: {reason}. Check that the drive (USB "
                  "stick, network share) is connected and has room, or choose another folder."),
        folder=str(folder), reason=exc.strerror or str(exc))



# ---------------------------------------------------------------------------
# Checking a database file (the copy inside a backup)
# ---------------------------------------------------------------------------

def check_database(backup: Path, db_file: Path, manifest: Manifest, *, tables: Iterable[str],
                   job: Job | None) -> None:
    """Open the unpacked copy: integrity, crmdesk file, schema version, row counts."""
    report(job, "check", 0, 1)
    check_cancel(job)
    try:
        conn = sqlite3.connect(db_file, isolation_level=None)
    except sqlite3.Error as exc:
        raise damaged(backup, QT_TRANSLATE_NOOP(
            "Backup", "the database inside cannot be opened: {detail}"), detail=str(exc)) from exc
    try:
        with interruptible(conn, job):
            problems = [r[0] for r in conn.execute("PRAGMA integrity_check(5)")]
            if problems != ["ok"]:
                raise damaged(backup, QT_TRANSLATE_NOOP(
                    "Backup", "the database inside fails its integrity check: {detail}"),
                    detail="; ".join(problems))
            if conn.execute("PRAGMA application_id").fetchone()[0] != APPLICATION_ID:
                raise damaged(backup, QT_TRANSLATE_NOOP(
                    "Backup", "the file inside is not a crmdesk database"))
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            schema = str(row[0]) if row else ""
            if schema != manifest.schema:
                raise damaged(backup, QT_TRANSLATE_NOOP(
                    "Backup", "the database inside differs from its manifest"))
            if schema not in migrations.known_revisions():
                raise BackupError(QT_TRANSLATE_NOOP(
                    "Backup", "{name} was made by a newer crmdesk (schema {schema}). Install "
                              "the latest crmdesk to restore it."),
                    name=backup.name, schema=schema)
            counts = table_counts(conn, tables)
            # older backups counted the recycle bin among their customers
            customers_seen = (live_customers(conn), counts.get("customers", 0))
            if counts != manifest.counts or manifest.users != counts.get("users", 0) \
                    or manifest.customers not in customers_seen:
                raise damaged(backup, QT_TRANSLATE_NOOP(
                    "Backup", "the database inside differs from its manifest"))
    except sqlite3.DatabaseError as exc:
        raise damaged(backup, QT_TRANSLATE_NOOP(
            "Backup", "the database inside cannot be read: {detail}"), detail=str(exc)) from exc
    finally:
        conn.close()
    report(job, "check", 1, 1)



# ---------------------------------------------------------------------------
# Verification
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class VerifyReport:
    path: Path
    manifest: Manifest
    size: int
    seconds: float


def sidecar(path: Path) -> Path:
    return path.with_name(path.name + VERIFIED_SUFFIX)


def _write_sidecar(path: Path, ok: bool, problem: str = "", *, check: str = FULL) -> None:
    try:
        with path.open("rb") as fh:
            fh.seek(-FOOTER.size, os.SEEK_END)
            file_sha = FOOTER.unpack(fh.read(FOOTER.size))[2].hex()
    except (OSError, struct.error):
        file_sha = ""
    data = {"ok": ok, "verified_at": datetime.now(UTC).isoformat(), "file_sha256": file_sha,
            "problem": problem, "app_version": __version__, "check": check}
    try:
        atomic_write(sidecar(path), json.dumps(data, ensure_ascii=False).encode("utf-8"),
                     suffix=".tmp" + LEFTOVER_MARK)
    except OSError as exc:
        log.warning("cannot record the verification of %s: %s", path, exc)


def _read_sidecar(path: Path, file_sha: bytes) -> bool | None:
    """True/False: verified good/bad (for this very file); None: not verified."""
    try:
        data = json.loads(sidecar(path).read_text("utf-8"))
        if data.get("file_sha256") != file_sha.hex():
            return None
        return bool(data["ok"])
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        return None


def verify_backup(path: Path, password: str | None = None, *, tables: Iterable[str],
                  job: Job | None = None,
                  keep_as: Path | None = None) -> VerifyReport:
    """Check a backup completely; raise a :class:`BackupError` naming the problem.

    The database inside is unpacked to a temporary file (or to *keep_as*, which
    is written only if everything passes) and checked there; the result is
    recorded beside the backup (``NAME.crmbak.verified``) for backup lists.
    """
    started = time.perf_counter()
    path = Path(path)
    folder = keep_as.parent if keep_as is not None else Path(tempfile.gettempdir())
    tmp = temp_path(folder, path.name, ".unpack")
    try:
        try:
            with tmp.open("wb") as out:
                manifest = unpack(path, out, password=password, job=job)
        except OSError as exc:
            raise BackupError(QT_TRANSLATE_NOOP(
                "Backup", "Cannot unpack the backup into {folder}: {reason}. Make room there "
                          "and try again."), folder=str(folder),
                reason=exc.strerror or str(exc)) from exc
        check_database(path, tmp, manifest, tables=tables, job=job)
        remove_sidecars(tmp)
        if keep_as is not None:
            commit(tmp, keep_as)
    except BackupDamagedError as exc:
        _write_sidecar(path, False, exc.message)
        raise
    finally:
        remove_with_sidecars(tmp)
    _write_sidecar(path, True)
    return VerifyReport(path, manifest, path.stat().st_size, time.perf_counter() - started)



# ---------------------------------------------------------------------------
# Making a backup
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Written:
    """A backup file just written (complete and renamed into place)."""

    path: Path
    manifest: Manifest
    file_sha256: str
    size: int
    checked: bool = False  # read back and checked (write_backup's *check*)


def backup_name(folder: Path, db_name: str, when: datetime) -> Path:
    stem = Path(db_name).stem
    base = f"{stem}-{when.astimezone():%Y%m%d-%H%M%S}"
    candidate = folder / f"{base}{SUFFIX}"
    n = 2
    while candidate.exists():
        candidate = folder / f"{base}-{n}{SUFFIX}"
        n += 1
    return candidate


def work_folder(db_path: Path) -> Path:
    folder = db_path.resolve().parent
    if os.access(folder, os.W_OK):
        return folder
    return Path(tempfile.gettempdir())


def write_backup(db: Database, folder: Path, *, tables: Iterable[str], database_id: str | None,
                 made_by: str, reason: str, password: str | None,
                 job: Job | None, check: bool = False,
                 audit_head: dict[str, Any] | None = None, name: str | None = None) -> Written:
    """Copy the open database *db* into a new backup file in *folder*.

    One read transaction gives a consistent snapshot (see
    :mod:`crmdesk.storage.backup_snapshot`); its bytes are compressed (and
    encrypted) into a temporary file in *folder*, flushed to disk and renamed.
    The partly written backup (and the work file, if one was needed) is
    removed whatever happens; the backup appears under its final name only
    when complete and on disk.  With *check*, the new file is read back and
    checked as :func:`_read_back` says (``Written.checked``); cancelling that
    check keeps the backup, unchecked.  *name* is the database's name in the
    manifest and the backup's name (default: the file's; a server's copy passes
    the server database's).
    """
    assert db.path is not None
    name = name or db.path.name
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise folder_error(folder, exc) from exc
    work_dir = work_folder(db.path)
    clean_leftovers(work_dir)
    clean_leftovers(folder)
    work = temp_path(work_dir, db.path.name, ".work")
    created_at = datetime.now(UTC)
    final = backup_name(folder, name, created_at)
    tmp = temp_path(folder, final.name, ".part")
    checked = False
    try:
        with take_snapshot(db, work, tables=tables, job=job) as snap:
            fields: dict[str, Any] = {
                "created_at": created_at, "app_version": __version__, "schema": snap.schema,
                "database_name": name, "database_id": database_id,
                "made_by": made_by, "reason": reason,
                "host": socket.gethostname(), "page_size": snap.page_size,
                "counts": snap.counts, "customers": snap.customers, "users": snap.users,
            }
            if audit_head is not None:
                fields["audit_head"] = audit_head
            if check:
                snap.start_check(job)  # on the other core, while the backup is packed
            try:
                with tmp.open("wb") as out:
                    manifest, file_sha = pack(snap.chunks(job), snap.size, out, fields,
                                              password=password, job=job, name=db.path)
                # on the disk, then out of the memory: the read-back reads the drive
                # (and the database's pages stay cached for the check)
                commit(tmp, final, forget=True)
            except OSError as exc:
                raise folder_error(folder, exc) from exc
            if check:
                checked = _read_back(final, password, manifest, file_sha, snap, job)
    finally:
        remove_with_sidecars(work)
        tmp.unlink(missing_ok=True)
    return Written(final, manifest, file_sha, final.stat().st_size, checked)


def _read_back(path: Path, password: str | None, manifest: Manifest, file_sha: str,
               snap: Snapshot, job: Job | None) -> bool:
    """The check after a backup (what it proves is in the README, "Backups").

    Reads the new file back from the backup folder and checks all of it as
    :func:`verify_backup` does (every part present, in order, decompressing,
    authenticated when encrypted; the file's checksum; the SHA-256 of the
    database inside against the manifest), without writing the database out;
    and waits for ``PRAGMA quick_check`` of the snapshot whose bytes were packed
    (run meanwhile on another thread).  Returns False when cancelled (the backup
    stays, unchecked); raises a :class:`BackupDamagedError` when a check fails.
    """
    try:
        try:
            read = unpack(path, None, password=password, job=job)
            if read.content_sha256 != manifest.content_sha256 \
                    or _footer_sha(path) != file_sha:
                raise damaged(path, QT_TRANSLATE_NOOP(
                    "Backup", "the database inside differs from its manifest"))
            report(job, "check", 0, 1)
            check_cancel(job)
            problems = snap.finish_check()
            if problems:
                raise damaged(path, QT_TRANSLATE_NOOP(
                    "Backup", "the database inside fails its integrity check: {detail}"),
                    detail="; ".join(problems))
            report(job, "check", 1, 1)
        except OSError as exc:
            raise unreadable(path, exc) from exc
    except Cancelled:
        log.info("the check of %s was cancelled; the backup is kept unchecked", path)
        return False
    except BackupDamagedError as exc:
        _write_sidecar(path, False, exc.message, check=READ_BACK)
        raise
    _write_sidecar(path, True, check=READ_BACK)
    return True


def _footer_sha(path: Path) -> str:
    with path.open("rb") as fh:
        fh.seek(-FOOTER.size, os.SEEK_END)
        return bytes(FOOTER.unpack(fh.read(FOOTER.size))[2]).hex()


# ---------------------------------------------------------------------------
# Listing
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class BackupEntry:
    """One file in a backup folder."""

    path: Path
    size: int
    manifest: Manifest | None  # None: unreadable (see problem)
    problem: str
    verified: bool | None  # True verified good, False found damaged, None not verified

    @property
    def created_at(self) -> datetime:
        if self.manifest is not None:
            return self.manifest.created_at
        return datetime.fromtimestamp(self.path.stat().st_mtime, UTC)


def scan_folder(folder: Path, *, database_id: str | None = None,
                database_name: str | None = None) -> list[BackupEntry]:
    """The backups in *folder*, newest first (only those of the database with
    *database_id*, or else named *database_name*, when given).

    Reads each file's manifest and footer only, so it is fast even on a slow
    USB stick; ``verified`` comes from the last verification of that very file.
    """
    entries = []
    try:
        paths = sorted(Path(folder).glob(f"*{SUFFIX}"))
    except OSError:
        return []
    for path in paths:
        try:
            size = path.stat().st_size
            with path.open("rb") as fh:
                layout = read_layout(path, fh)
            manifest: Manifest | None = layout.manifest
            problem = ""
            verified = _read_sidecar(path, layout.file_sha)
        except (OSError, BackupError) as exc:
            manifest, verified = None, False
            problem = exc.message if isinstance(exc, KnownError) else str(exc)
            size = path.stat().st_size if path.exists() else 0
        if manifest is not None and not _belongs(manifest, database_id, database_name):
            continue
        if manifest is None and database_name and not path.name.startswith(
                Path(database_name).stem + "-"):
            continue
        entries.append(BackupEntry(path, size, manifest, problem, verified))
    entries.sort(key=lambda e: e.created_at, reverse=True)
    return entries


def _belongs(manifest: Manifest, db_id: str | None, name: str | None) -> bool:
    if db_id is not None and manifest.database_id is not None:
        return manifest.database_id == db_id
    return name is None or manifest.database_name == name


def remove_backup(path: Path) -> None:
    """Delete a backup file and the record of its verification (raises OSError)."""
    path.unlink()
    sidecar(path).unlink(missing_ok=True)


# ---------------------------------------------------------------------------
# Replacing a database file
# ---------------------------------------------------------------------------

def in_use_refusal(target: Path, exc: DatabaseInUseError | None) -> RestoreRefusedError:
    holder = getattr(exc, "holder", None)
    if isinstance(holder, file_lock.Holder) and holder.pid:
        return RestoreRefusedError(QT_TRANSLATE_NOOP(
            "Backup", "{name} is open in crmdesk for {who}. Close it there, then restore "
                      "again; nothing was changed."), name=target.name, who=holder.who)
    return RestoreRefusedError(QT_TRANSLATE_NOOP(
        "Backup", "{name} is open in another crmdesk window or program. Close it there, then "
                  "restore again; nothing was changed."), name=target.name)


def safety_copy_path(target: Path, when: datetime | None = None) -> Path:
    """Where a restore keeps the current file: ``NAME.before-restore-TIME.crmdb`` beside it."""
    stamp = (when or datetime.now()).astimezone().strftime("%Y%m%d-%H%M%S")
    copy = target.with_name(f"{target.stem}.before-restore-{stamp}{target.suffix}")
    n = 2
    while copy.exists():
        copy = target.with_name(f"{target.stem}.before-restore-{stamp}-{n}{target.suffix}")
        n += 1
    return copy


def _safety_copy(target: Path) -> Path:
    """Copy the current file (made complete first) beside itself; returns the copy."""
    try:
        conn = sqlite3.connect(target, timeout=5, isolation_level=None)
        try:
            conn.execute("PRAGMA wal_checkpoint(TRUNCATE)").fetchall()
        finally:
            conn.close()
    except sqlite3.Error as exc:  # damaged: copy its files as they are
        log.warning("checkpoint of %s before restore failed: %s", target, exc)
    copy = safety_copy_path(target)
    for suffix in ("", "-wal"):
        source = Path(f"{target}{suffix}")
        if suffix and (not source.exists() or source.stat().st_size == 0):
            continue
        dest = Path(f"{copy}{suffix}")
        tmp = temp_path(target.parent, dest.name, ".copy")
        try:
            with source.open("rb") as src, tmp.open("wb") as out:
                while block := src.read(8 << 20):
                    out.write(block)
            commit(tmp, dest)
        finally:
            tmp.unlink(missing_ok=True)
    return copy


def swap_in(new_file: Path, target: Path, job: Job | None) -> Path | None:
    """Replace *target* by *new_file* (same folder), keeping a safety copy.

    The caller holds the exclusive lock (:func:`exclusive`).  The old WAL goes
    before the rename (an old WAL beside a new file would be replayed into it);
    the rename is atomic, so a crash leaves the old file or the new one.
    """
    report(job, "swap", 0, 1)
    safety = _safety_copy(target) if target.exists() else None
    remove_sidecars(target)
    remove_sidecars(new_file)
    commit(new_file, target)
    report(job, "swap", 1, 1)
    return safety


@contextmanager
def exclusive(target: Path) -> Iterator[None]:
    """Hold *target*'s exclusive lock (refused with a :class:`RestoreRefusedError`)."""
    try:
        hold = file_lock.acquire(target, file_lock.EXCLUSIVE)
    except DatabaseInUseError as exc:
        raise in_use_refusal(target, exc) from exc
    with hold:
        yield


def refuse_if_open(target: Path) -> None:
    """Refuse to replace *target* while this or another process has it open."""
    if file_lock.held_here(target):
        raise RestoreRefusedError(QT_TRANSLATE_NOOP(
            "Backup", "{name} is open in this window: restore it from the window's menu, "
                      "or close it first."), name=target.name)
    if target.exists():
        busy = _probe(target)
        if busy is not None:
            raise in_use_refusal(target, busy)


def used_elsewhere(target: Path) -> bool:
    """Does another process have *target* open (a restore would be refused)?"""
    return file_lock.used_elsewhere(target)


def healthy(target: Path) -> bool:
    """Can *target* be opened as a crmdesk database (so that someone can log in)?"""
    try:
        check_file(target)
    except DatabaseInUseError:
        return True
    except DatabaseFileError:
        return False
    return True


def _probe(target: Path) -> DatabaseInUseError | None:
    try:
        file_lock.acquire(target, file_lock.EXCLUSIVE).release()
    except DatabaseInUseError as exc:
        return exc
    return None


def restore_work_file(target: Path) -> Path:
    """A temporary name beside *target* for the database a restore unpacks."""
    try:
        target.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise folder_error(target.parent, exc) from exc
    clean_leftovers(target.parent)
    return temp_path(target.parent, target.name, ".restore")
