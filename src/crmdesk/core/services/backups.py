"""Backups as a service: who may back up and restore, when, where, how many are kept.

For a one-PC business the backup is the whole disaster plan.  The bytes are
handled by storage (:mod:`crmdesk.storage.backup_format`: the ``.crmbak``
container; :mod:`crmdesk.storage.backup_copy`: the online copy, verification
and the atomic swap); this module holds the rules, and the window and the
command line call only it:

* **Making a backup** (:func:`create_backup`): ``backup.run`` for a backup by
  hand, every logged-in user for *scheduled* ones; the folder from the
  ``backup.dir`` setting; by default read back and verified; audited and
  recorded (setting ``backup.state``) for :func:`backup_status`; old backups
  rotated per the ``backup.keep_*`` settings (:func:`prune_backups`).
* **Schedules**: :func:`backup_due` tells a scheduler whether a backup is due
  (every N hours while open, daily), :func:`backup_on_close` whether to back up
  on closing, :func:`backup_status` the age of the last good backup.
* **Restoring** (``backup.restore``): :func:`prepare_restore` verifies into a
  temporary file beside the open database, :func:`restore_into_open` swaps it
  in and opens the file again, :func:`restore_backup` replaces a file no
  program has open (the command line).  A refused backup leaves the current
  file exactly as it was; every restore is audited in the restored file.

Long calls take a :class:`crmdesk.jobs.Job` (*job*): progress is reported under
each stage's label, and cancelling it raises :class:`crmdesk.jobs.Cancelled` and
leaves nothing behind.  They take the :class:`Database` and open their own
transactions.  Results are small dataclasses.
"""

from __future__ import annotations

import json
import logging
import os
import secrets
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from crmdesk.core import audit_messages
from crmdesk.core.models import AuditEntry, Base, Setting
from crmdesk.core.permissions import Actor, require
from crmdesk.core.presentation import size_text
from crmdesk.core.services import audit, settings
from crmdesk.core.settings import BY_KEY
from crmdesk.errors import KnownError
from crmdesk.i18n import QT_TRANSLATE_NOOP, render
from crmdesk.jobs import Cancelled, Job
from crmdesk.storage import backup_copy
from crmdesk.storage.backup_copy import BackupEntry, VerifyReport, safety_copy_path
from crmdesk.storage.backup_format import (
    BackupDamagedError,
    BackupError,
    Manifest,
    NotABackupError,
    PasswordRequiredError,
    RestoreRefusedError,
    WrongPasswordError,
    check_cancel,
    read_manifest,
    stage_label,
)
from crmdesk.storage.database import Database, open_database

__all__ = [
    "BackupDamagedError", "BackupEntry", "BackupError", "BackupInfo",
    "BackupStatus", "Keep", "Manifest", "NotABackupError", "PasswordRequiredError",
    "PreparedRestore", "RestoreRefusedError", "RestoreResult", "VerifyReport",
    "WrongPasswordError", "backup_due", "backup_folder", "backup_on_close", "backup_status",
    "backups_to_keep", "create_backup", "database_id", "default_backup_folder", "describe",
    "list_backups", "prepare_restore", "prune_backups", "read_manifest", "restore_backup",
    "restore_into_open", "restore_needs_login", "safety_copy_path", "size_text", "stage_label",
    "used_elsewhere", "verify_backup",
]

log = logging.getLogger(__name__)

STATE_KEY = "backup.state"
DATABASE_ID_KEY = "database.id"

# Why a backup was made (manifest "reason").
REASONS = ("manual", "interval", "daily", "close", "cli", "before-restore")

# Audited actions that change no business data: they do not make a backup due.
READ_ONLY_ACTIONS = ("login", "login_failed", "lockout", "reveal", "export", "backup")


def _no_server_backups() -> BackupError:
    return BackupError(QT_TRANSLATE_NOOP(
        "Backup", "A server database is restored from the command line: crmdesk restore "
                  "BACKUP --to URL --user NAME."))


def _no_server_folder() -> BackupError:
    return BackupError(QT_TRANSLATE_NOOP(
        "Backup", "A server database has no folder beside it: give the backup folder "
                  "(crmdesk backup URL --to DIR) or set backup.dir."))


def _tables() -> list[str]:
    """The domain's tables: those a backup counts and a verification checks."""
    return [table.name for table in Base.metadata.sorted_tables]


# ---------------------------------------------------------------------------
# State kept in the database (declared in crmdesk.core.settings, scope "state")
# ---------------------------------------------------------------------------

def _read_state(session: Session, key: str) -> Any:
    assert BY_KEY[key].scope == "state", key
    row = session.get(Setting, key)
    if row is None:
        return BY_KEY[key].default
    try:
        return json.loads(row.value)
    except ValueError:
        return BY_KEY[key].default


def _write_state(session: Session, key: str, value: Any) -> None:
    assert BY_KEY[key].scope == "state", key
    text = json.dumps(value, ensure_ascii=False)
    row = session.get(Setting, key)
    if row is None:
        session.add(Setting(key=key, value=text))
    else:
        row.value = text
    session.flush()


def database_id(db: Database) -> str | None:
    """The random id that tells this database's backups apart (made on first use)."""
    with db.session() as s:
        found = _read_state(s, DATABASE_ID_KEY)
    if isinstance(found, str):
        return found
    if db.read_only:
        return None
    with db.transaction() as s:
        found = _read_state(s, DATABASE_ID_KEY)
        if not isinstance(found, str):
            found = secrets.token_hex(16)
            _write_state(s, DATABASE_ID_KEY, found)
    return found


def _state(session: Session) -> dict[str, Any]:
    """The recorded backup state: {"last", "last_good", "failed"}, each a dict or absent."""
    state = _read_state(session, STATE_KEY)
    if not isinstance(state, dict):
        return {}
    return {k: v for k, v in state.items() if isinstance(v, dict)}


def _changed_since(session: Session, entry: dict[str, Any] | None) -> bool:
    """Did anyone change data after the backup recorded in *entry* (None: never)?"""
    if entry is None:
        return True
    since = int(entry.get("audit_head", 0))
    found = session.execute(select(AuditEntry.id).where(
        AuditEntry.id > since, AuditEntry.action.not_in(READ_ONLY_ACTIONS)).limit(1)).first()
    return found is not None


# ---------------------------------------------------------------------------
# Folders
# ---------------------------------------------------------------------------

def default_backup_folder(db: Database) -> Path | None:
    """Where backups go when ``backup.dir`` is empty: ``backups`` beside the database."""
    return db.path.resolve().parent / "backups" if db.path is not None else None


def backup_folder(db: Database) -> Path:
    """The configured backup folder (``backup.dir``), or ``backups`` beside the database."""
    with db.session() as s:
        configured = str(settings.get(s, "backup.dir") or "").strip()
    if configured:
        return Path(os.path.expandvars(configured)).expanduser()
    default = default_backup_folder(db)
    if default is None:
        raise _no_server_folder()
    return default


# ---------------------------------------------------------------------------
# Making a backup
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class BackupInfo:
    """A backup just made."""

    path: Path
    manifest: Manifest
    size: int
    seconds: float
    verified: bool
    removed: list[Path] = field(default_factory=list)  # old backups removed by rotation


def verify_backup(path: Path, password: str | None = None, *,
                  job: Job | None = None,
                  keep_as: Path | None = None) -> VerifyReport:
    """Check a backup completely; raise a :class:`BackupError` naming the problem.

    The database inside is unpacked to a temporary file (or to *keep_as*, which
    is written only if everything passes) and checked there: checksum,
    authentication, integrity, schema version, row counts.  The result is
    recorded beside the backup for backup lists.  Anyone may verify a file.
    """
    return backup_copy.verify_backup(Path(path), password, tables=_tables(), job=job,
                                     keep_as=keep_as)


def create_backup(db: Database, actor: Actor | None, *, folder: Path | None = None,
                  password: str | None = None, reason: str = "manual",
                  scheduled: bool = False, verify: bool = True, rotate: bool | None = None,
                  job: Job | None = None) -> BackupInfo:
    """Back up the open database *db* into *folder* (default: the configured one).

    A manual backup needs the ``backup.run`` permission; *scheduled* backups
    (made by the program per the settings) are allowed for every logged-in
    user.  *password* encrypts the backup.  *verify* reads the new file back
    and checks it (all of the file; the database inside with ``PRAGMA
    quick_check``: see ``backup_copy._read_back``; :func:`verify_backup` runs
    the full check).  *rotate* (default: for scheduled backups and
    the configured folder) removes old backups per the ``backup.keep_*``
    settings.  The result is audited and recorded for :func:`backup_status`.
    """
    if actor is not None and not scheduled:
        require(actor, "backup.run")
    if reason not in REASONS:
        raise ValueError(reason)
    db.refuse_if_damaged()  # a damaged copy must not rotate the good backups away
    if password is not None and not password:
        raise BackupError(QT_TRANSLATE_NOOP(
            "Backup", "The backup password is empty: enter a password, or make the backup "
                      "without encryption."))
    try:
        configured: Path | None = backup_folder(db)
    except BackupError:  # a server with no backup.dir: only with a folder given
        if folder is None:
            raise
        configured = None
    target_folder = Path(folder).expanduser() if folder is not None else configured
    assert target_folder is not None
    if rotate is None:
        rotate = scheduled or (configured is not None
                               and target_folder.resolve() == configured.resolve())
    started = time.perf_counter()
    try:
        info = _create(db, actor, target_folder, password=password, reason=reason,
                       verify=verify, job=job, started=started)
    except Cancelled:
        raise
    except KnownError as exc:
        _record_failure(db, exc.message)
        raise
    if rotate:
        info = BackupInfo(info.path, info.manifest, info.size, info.seconds, info.verified,
                          prune_backups(target_folder, db, keep=Keep.from_db(db)))
    return info


def _create(db: Database, actor: Actor | None, folder: Path, *, password: str | None,
            reason: str, verify: bool, job: Job | None, started: float) -> BackupInfo:
    if db.path is None:  # a server: copied into a file first (server_backups.py)
        from crmdesk.core.services import server_backups

        written = server_backups.write(
            db, folder, tables=_tables(), database_id=database_id(db),
            made_by=actor.username if actor else "system", reason=reason, password=password,
            job=job, check=verify)
    else:
        with db.session() as s:  # read before the copy: the copy holds at least this entry
            head = audit.head(s)
        written = backup_copy.write_backup(
            db, folder, tables=_tables(), database_id=database_id(db),
            made_by=actor.username if actor else "system", reason=reason,
            password=password, job=job,
            audit_head={"id": head.id, "hash": head.hash} if head.id else None, check=verify)
    verified = written.checked
    _record_success(db, actor, written.path, written.manifest, written.file_sha256,
                    written.size, verified)
    log.info("backup %s (%d bytes, %s, verified=%s) in %.1f s", written.path, written.size,
             reason, verified, time.perf_counter() - started)
    return BackupInfo(written.path, written.manifest, written.size,
                      time.perf_counter() - started, verified)


def _record_success(db: Database, actor: Actor | None, path: Path, manifest: Manifest,
                    file_sha: str, size: int, verified: bool) -> None:
    if db.read_only:
        return
    entry: dict[str, Any] = {
        "at": manifest.created_at.isoformat(), "path": str(path), "file_sha256": file_sha,
        "size": size, "verified": verified, "reason": manifest.reason}
    with db.transaction() as s:
        record = audit.record(
            s, actor, "backup", entity="database",
            message=QT_TRANSLATE_NOOP("Audit",
                                      "Backup {file} ({reason}, {size}{encrypted}{verified})"),
            params={"file": path.name, "reason": audit_messages.reason(manifest.reason),
                    "size": audit_messages.size(size),
                    "encrypted": audit_messages.fragment(QT_TRANSLATE_NOOP("Audit", ", encrypted"))
                    if manifest.encrypted else "",
                    "verified": audit_messages.fragment(QT_TRANSLATE_NOOP("Audit", ", checked"))
                    if verified else ""},
            after={"path": str(path), "customers": manifest.customers,
                   "content_sha256": manifest.content_sha256})
        state = _read_state(s, STATE_KEY)
        state = state if isinstance(state, dict) else {}
        entry["audit_head"] = record.id
        state["last"] = entry
        if verified:
            state["last_good"] = entry
        state["failed"] = None
        _write_state(s, STATE_KEY, state)


def _record_failure(db: Database, message: str) -> None:
    if db.read_only or db.closed:
        return
    try:
        with db.transaction() as s:
            state = _read_state(s, STATE_KEY)
            state = state if isinstance(state, dict) else {}
            state["failed"] = {"at": datetime.now(UTC).isoformat(), "message": message}
            _write_state(s, STATE_KEY, state)
    except Exception:  # noqa: BLE001 - the original error matters more
        log.exception("cannot record the failed backup")


# ---------------------------------------------------------------------------
# Status and schedules
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class BackupStatus:
    """What the status bar says about backups."""

    last_at: datetime | None  # last backup written (verified or not)
    last_good_at: datetime | None  # last verified backup
    last_good_path: Path | None
    changed_since_good: bool  # the database changed after the last good backup
    failed_at: datetime | None  # the last attempt failed (after last_at)
    failure: str
    warn_after_hours: int
    now: datetime

    @property
    def age_hours(self) -> float | None:
        if self.last_good_at is None:
            return None
        return (self.now - self.last_good_at).total_seconds() / 3600

    @property
    def warn(self) -> bool:
        """True when the data is not protected: changes newer than the allowed age."""
        if self.failed_at is not None:
            return True
        if not self.changed_since_good:
            return False
        age = self.age_hours
        return age is None or age > self.warn_after_hours

    @property
    def message(self) -> str:
        """A short translated line for the status bar."""
        if self.failed_at is not None:
            return render("Backup", QT_TRANSLATE_NOOP(
                "Backup", "The last backup failed ({at}): {reason}"),
                at=_local(self.failed_at), reason=self.failure)
        if self.last_good_at is None:
            return render("Backup", QT_TRANSLATE_NOOP("Backup", "No backup yet"))
        age = self.age_hours or 0.0
        if age < 1:
            text = QT_TRANSLATE_NOOP("Backup", "Last backup: {minutes} min ago")
            return render("Backup", text, minutes=int(age * 60))
        if age < 48:
            return render("Backup", QT_TRANSLATE_NOOP("Backup", "Last backup: {hours} h ago"),
                          hours=int(age))
        return render("Backup", QT_TRANSLATE_NOOP("Backup", "Last backup: {days} days ago"),
                      days=int(age // 24))


def _local(at: datetime) -> str:
    return at.astimezone().strftime("%Y-%m-%d %H:%M")


def _parse_time(value: Any) -> datetime | None:
    try:
        parsed = datetime.fromisoformat(str(value))
    except (TypeError, ValueError):
        return None
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def backup_status(db: Database, now: datetime | None = None) -> BackupStatus:
    """The age of the last good backup and whether to warn (cheap: two small reads)."""
    now = now or datetime.now(UTC)
    with db.session() as s:
        state = _state(s)
        last, good, failed = state.get("last"), state.get("last_good"), state.get("failed")
        changed = _changed_since(s, good)
        warn_after = int(settings.get(s, "backup.warn_after_hours"))
    last_at = _parse_time(last["at"]) if last else None
    failed_at = _parse_time(failed.get("at")) if failed else None
    if failed_at is not None and last_at is not None and failed_at < last_at:
        failed_at = None
    return BackupStatus(
        last_at=last_at, last_good_at=_parse_time(good["at"]) if good else None,
        last_good_path=Path(str(good["path"])) if good else None,
        changed_since_good=changed,
        failed_at=failed_at, failure=str(failed.get("message", "")) if failed else "",
        warn_after_hours=warn_after, now=now)


def backup_due(db: Database, now: datetime | None = None) -> str | None:
    """Is an automatic backup due now?  Returns the reason ("interval", "daily") or None.

    Due when the database changed since the last backup and either
    ``backup.every_hours`` have passed since it, or ``backup.daily`` is on and
    there is none from today.  Never for a file opened read-only.
    """
    if db.read_only or db.path is None:
        return None
    now = now or datetime.now(UTC)
    with db.session() as s:
        last = _state(s).get("last")
        changed = _changed_since(s, last)
        every = int(settings.get(s, "backup.every_hours"))
        daily = bool(settings.get(s, "backup.daily"))
    if not changed:
        return None  # nothing changed since the last backup
    last_at = _parse_time(last["at"]) if last else None
    if every and (last_at is None or now - last_at >= timedelta(hours=every)):
        return "interval"
    if daily and (last_at is None or last_at.astimezone().date() < now.astimezone().date()):
        return "daily"
    return None


def backup_on_close(db: Database) -> bool:
    """Should the program back up as it closes this file (``backup.on_close``, and changes)?"""
    if db.read_only or db.path is None:
        return False
    with db.session() as s:
        if not bool(settings.get(s, "backup.on_close")):
            return False
        return _changed_since(s, _state(s).get("last"))


# ---------------------------------------------------------------------------
# Listing and rotation
# ---------------------------------------------------------------------------

def list_backups(folder: Path, db: Database | None = None, *,
                 database_name: str | None = None) -> list[BackupEntry]:
    """The backups in *folder*, newest first (only those of *db* when given).

    Reads each file's manifest and footer only, so it is fast even on a slow
    USB stick; ``verified`` comes from the last verification of that very file.
    """
    db_id = database_id(db) if db is not None and not db.read_only else None
    if db is not None and db.path is not None:
        database_name = db.path.name
    return backup_copy.scan_folder(folder, database_id=db_id, database_name=database_name)


@dataclass(frozen=True)
class Keep:
    """How many backups rotation keeps."""

    last: int = 10
    daily: int = 7
    weekly: int = 4
    monthly: int = 12

    @classmethod
    def from_db(cls, db: Database) -> Keep:
        with db.session() as s:
            return cls(*(int(settings.get(s, f"backup.keep_{k}"))
                         for k in ("last", "daily", "weekly", "monthly")))


def backups_to_keep(entries: list[BackupEntry], keep: Keep) -> set[Path]:
    """The backups rotation keeps: the newest *last*, plus the newest of each of the
    newest *daily* days, *weekly* ISO weeks and *monthly* months; and always the
    newest verified one and every file it cannot read."""
    good = sorted((e for e in entries if e.manifest is not None),
                  key=lambda e: e.created_at, reverse=True)
    kept = {e.path for e in good[: keep.last]}
    kept |= {e.path for e in entries if e.manifest is None}

    def newest_per(period: Callable[[date], object], count: int) -> None:
        seen: list[object] = []
        for e in good:
            key = period(e.created_at.astimezone().date())
            if key in seen:
                continue
            if len(seen) >= count:
                break
            seen.append(key)
            kept.add(e.path)

    newest_per(lambda d: d, keep.daily)
    newest_per(lambda d: d.isocalendar()[:2], keep.weekly)
    newest_per(lambda d: (d.year, d.month), keep.monthly)
    verified = next((e for e in good if e.verified), None)
    if verified is not None:
        kept.add(verified.path)
    return kept


def prune_backups(folder: Path, db: Database, *, keep: Keep) -> list[Path]:
    """Delete this database's old backups in *folder* per *keep*; returns those removed."""
    entries = list_backups(folder, db)
    kept = backups_to_keep(entries, keep)
    removed = []
    for e in entries:
        if e.path in kept:
            continue
        try:
            backup_copy.remove_backup(e.path)
            removed.append(e.path)
        except OSError as exc:
            log.warning("cannot remove old backup %s: %s", e.path, exc)
    return removed


# ---------------------------------------------------------------------------
# Restoring
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class RestoreResult:
    target: Path
    manifest: Manifest
    safety_copy: Path | None  # the previous file, kept
    seconds: float


def record_restore(session: Session, actor: Actor | None, backup: Path, manifest: Manifest,
                   safety: Path | None, safety_note: str) -> None:
    """The one audit entry of a restore, to a file or to a server (``server_backups``):
    *safety_note* says where the data replaced was kept (a ``{file}`` fragment)."""
    audit.record(session, None, "restore_db", entity="database", signed_by=actor,
                 username=actor.username if actor else "system",
                 message=QT_TRANSLATE_NOOP("Audit", "Restored {file} made {made}{safety}"),
                 params={"file": backup.name,
                         "made": manifest.created_at.isoformat(timespec="seconds"),
                         "safety": audit_messages.fragment(safety_note, file=safety.name)
                         if safety else ""},
                 after={"backup": str(backup), "content_sha256": manifest.content_sha256,
                        "safety_copy": str(safety) if safety else None})


def _audit_restore(db: Database, actor: Actor | None, backup: Path, manifest: Manifest,
                   safety: Path | None) -> None:
    with db.transaction() as s:
        record_restore(s, actor, backup, manifest, safety, QT_TRANSLATE_NOOP(
            "Audit", "; the previous file was kept as {file}"))


def _audit_restored_file(target: Path, actor: Actor | None, backup: Path, manifest: Manifest,
                         safety: Path | None) -> None:
    db = open_database(target, shared=True)
    try:
        _audit_restore(db, actor, backup, manifest, safety)
    finally:
        db.close()


def _prepare(backup: Path, target: Path, password: str | None,
             job: Job | None) -> tuple[Path, Manifest]:
    """Verify *backup* into a temporary file beside *target*."""
    tmp = backup_copy.restore_work_file(target)
    report = verify_backup(backup, password, job=job, keep_as=tmp)
    return tmp, report.manifest


@dataclass(frozen=True)
class PreparedRestore:
    """A backup verified into a temporary file beside the database it is to replace.

    Made by :func:`prepare_restore` (e.g. at a restore wizard's "check" step) and
    handed to :func:`restore_into_open`, which then swaps it in without
    unpacking and checking the backup a second time.  :meth:`discard` removes
    the file when the restore does not go ahead.
    """

    backup: Path
    target: Path
    file: Path
    manifest: Manifest

    def discard(self) -> None:
        backup_copy.remove_with_sidecars(self.file)


def prepare_restore(db: Database, backup: Path, actor: Actor, *, password: str | None = None,
                    job: Job | None = None) -> PreparedRestore:
    """Verify *backup* completely for a restore over the open *db*; changes nothing.

    Raises the :class:`BackupError` that names the problem (damaged, truncated,
    altered, wrong password ...); on success the checked database waits in a
    temporary file beside *db* for :func:`restore_into_open`.
    """
    require(actor, "backup.restore")
    if db.path is None:
        raise _no_server_backups()
    target = db.path.resolve()
    tmp, manifest = _prepare(Path(backup), target, password, job)
    return PreparedRestore(Path(backup), target, tmp, manifest)


def restore_needs_login(target: Path) -> bool:
    """Does replacing *target* need an administrator's login?  Yes when it exists and can
    be opened; a damaged file that nobody can log in to may be replaced without."""
    target = Path(target).expanduser()
    return target.exists() and backup_copy.healthy(target)


def used_elsewhere(target: Path) -> bool:
    """Does another process have *target* open (a restore over it would be refused)?"""
    return backup_copy.used_elsewhere(target)


def restore_backup(backup: Path, target: Path, *, password: str | None = None,
                   actor: Actor | None = None, login: Callable[[], Actor] | None = None,
                   job: Job | None = None) -> RestoreResult:
    """Replace the database file *target* by the database in *backup*.

    Replacing an existing file needs an *actor* with ``backup.restore``, or a
    *login* function returning one: it is called only once the backup passed
    verification (logging in writes to the file, and a refused backup must
    leave the file exactly as it was).  A damaged file that nobody can log in
    to may be replaced without.  The backup is verified completely before
    anything is touched; a file open in any process (this one included: use
    :func:`restore_into_open`) is refused.
    """
    started = time.perf_counter()
    backup, target = Path(backup), Path(target).expanduser()
    needs_login = actor is None and restore_needs_login(target)
    if actor is not None:
        require(actor, "backup.restore")
    elif needs_login and login is None:
        raise RestoreRefusedError(QT_TRANSLATE_NOOP(
            "Backup", "Log in as an administrator of {name} to replace it with a backup."),
            name=target.name)
    backup_copy.refuse_if_open(target)
    tmp, manifest = _prepare(backup, target, password, job)
    try:
        check_cancel(job)
        if needs_login and login is not None:
            actor = login()
            require(actor, "backup.restore")
        with backup_copy.exclusive(target):
            safety = backup_copy.swap_in(tmp, target, job)
    finally:
        backup_copy.remove_with_sidecars(tmp)
    _audit_restored_file(target, actor, backup, manifest, safety)
    return RestoreResult(target, manifest, safety, time.perf_counter() - started)


def restore_into_open(db: Database, backup: Path, actor: Actor, *,
                      password: str | None = None, job: Job | None = None,
                      prepared: PreparedRestore | None = None) -> tuple[Database, RestoreResult]:
    """Restore *backup* over the file this program has open as *db*.

    Verifies first (while *db* stays usable), unless *prepared* (from
    :func:`prepare_restore` for this backup and file) holds the checked
    database already; refuses when another process has the file open; then
    closes *db*, swaps the file and opens it again.  Returns the new
    :class:`Database` (use it instead of *db*, which is closed) and the
    result.  On failure after closing, the old file is opened again and
    returned through the exception's ``database`` attribute.
    """
    require(actor, "backup.restore")
    if db.path is None:
        raise _no_server_backups()
    started = time.perf_counter()
    target = db.path.resolve()
    read_only, shared = db.read_only, db.shared
    if prepared is not None:
        if (prepared.target != target or Path(prepared.backup) != Path(backup)
                or not prepared.file.exists()
                or prepared.file.stat().st_size != prepared.manifest.content_size):
            prepared.discard()
            raise ValueError("the prepared restore is not for this backup and database")
        tmp, manifest = prepared.file, prepared.manifest
    else:
        tmp, manifest = _prepare(Path(backup), target, password, job)
    try:
        check_cancel(job)
        with backup_copy.exclusive(target):
            db.close()
            try:
                safety = backup_copy.swap_in(tmp, target, job)
            except BaseException as exc:
                reopened = open_database(target, read_only=read_only, shared=shared)
                exc.database = reopened  # type: ignore[attr-defined]
                raise
    finally:
        backup_copy.remove_with_sidecars(tmp)
    reopened = open_database(target, read_only=read_only, shared=shared)
    try:
        if read_only:
            _audit_restored_file(target, actor, Path(backup), manifest, safety)
        else:
            _audit_restore(reopened, actor, Path(backup), manifest, safety)
    except BaseException:
        reopened.close()
        raise
    return reopened, RestoreResult(target, manifest, safety, time.perf_counter() - started)


# ---------------------------------------------------------------------------
# For lists (the window and the command line)
# ---------------------------------------------------------------------------

def describe(entry: BackupEntry) -> dict[str, Any]:
    """One backup as plain values for lists (the CLI and the restore wizard)."""
    m = entry.manifest
    return {
        "path": entry.path, "name": entry.path.name, "size": entry.size,
        "created": _local(m.created_at) if m else "",
        "customers": m.customers if m else None, "users": m.users if m else None,
        "encrypted": m.encrypted if m else None, "reason": m.reason if m else "",
        "verified": entry.verified, "problem": entry.problem,
    }
