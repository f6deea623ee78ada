"""Backups of a database server, in the same ``.crmbak`` format as a file's.

A server has no file to pack, so its backup (:func:`write`, called by
``backups.create_backup`` for a database opened by URL) is made in two steps:

1. every table is copied, in one snapshot of the server (``REPEATABLE READ``),
   into a fresh ``.crmdb`` under a temporary name in the backup folder, by the
   copy of ``crmdesk migrate`` (``migration.copy_everything``: every table of
   ``Base.metadata`` and the designed record types' tables, rows as stored:
   audit entries with their hashes and signatures, ciphertexts, keys, counters),
   with the row counts compared;
2. that file is packed, read back and checked exactly as a file's backup
   (``backup_copy.write_backup``), under the server database's name.

So the backup of a server restores to a file (``crmdesk restore BACKUP --to
FILE``) and the backup of a file to a server.

Restoring to a server (:func:`restore_to_server`, ``crmdesk restore BACKUP --to
URL``) verifies the backup completely into a temporary file first, as every
restore does; on a server that holds data it then logs the administrator in and
keeps a backup of the server as it is (reason ``before-restore``, beside the
backup restored); and only then, in **one transaction** on the server, empties
every table (``TRUNCATE``), drops the designed record types' tables, copies the
backup's rows in, compares the row counts, appends the "Restored" audit entry
and verifies the audit chain.  Any failure or a cancel rolls everything back:
the server is left as it was.  A server database that is empty or holds an
unfinished setup (``servers.UNFINISHED``) has nobody to log in and nothing to keep:
its schema is made (or set up anew in place) in that same one transaction
(``create_database(url, setup=...)``, as ``crmdesk migrate``), so a failed
restore leaves it empty (or unfinished) as it was, never a schema without users.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

from sqlalchemy import text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session

from crmdesk.core.models import Base
from crmdesk.core.permissions import Actor, require
from crmdesk.core.services import audit
from crmdesk.core.services.migration import copy_everything
from crmdesk.i18n import QT_TRANSLATE_NOOP, render
from crmdesk.jobs import Job, job_or_new
from crmdesk.storage import backup_copy, servers
from crmdesk.storage.backup_copy import Written
from crmdesk.storage.backup_format import (
    BackupError,
    Manifest,
    RestoreRefusedError,
    check_cancel,
)
from crmdesk.storage.database import (
    Database,
    create_database,
    open_database,
    remove_database_files,
    sqlite_path_of,
)
from crmdesk.storage.servers import ServerAddress


def is_server(target: str | Path) -> bool:
    """Does *target* name a database server (a URL that is not an SQLite file)?"""
    if not isinstance(target, str) or "://" not in target:
        return False
    try:
        return sqlite_path_of(target) is None
    except (ArgumentError, ValueError):  # not a URL after all: taken as a file name
        return False


def server_name(db: Database) -> str:
    """The name a server's backups carry: the server database's name (``shop`` makes
    ``shop-20250101-120000.crmbak``)."""
    return str(db.url.database or db.url.host or "server")


# ---------------------------------------------------------------------------
# Backing up a server
# ---------------------------------------------------------------------------

def write(db: Database, folder: Path, *, tables: list[str], database_id: str | None,
          made_by: str, reason: str, password: str | None, job: Job | None,
          check: bool) -> Written:
    """Copy the server *db* into a new, checked backup file in *folder*."""
    try:
        folder.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise backup_copy.folder_error(folder, exc) from exc
    name = server_name(db)
    work = backup_copy.temp_path(folder, f"{name}.crmdb", ".server")
    try:
        try:
            copy = create_database(work)
        except OSError as exc:
            raise backup_copy.folder_error(folder, exc) from exc
        try:
            stage = render("Backup", QT_TRANSLATE_NOOP("Backup", "Copying the server's data"))
            with db.session() as src, copy.transaction() as dst:
                if db.backend.name == "postgresql":  # every table read at the same moment
                    src.connection(execution_options={"isolation_level": "REPEATABLE READ"})
                copy_everything(src, dst, job_or_new(job), stage, postgres=False)
                head = audit.head(dst)
            return backup_copy.write_backup(
                copy, folder, tables=tables, database_id=database_id, made_by=made_by,
                reason=reason, password=password, job=job, check=check, name=name,
                audit_head={"id": head.id, "hash": head.hash} if head.id else None)
        finally:
            copy.close()
    finally:
        remove_database_files(work)
        Path(f"{work}.lock").unlink(missing_ok=True)


# ---------------------------------------------------------------------------
# Restoring to a server
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class ServerRestoreResult:
    target: str  # the server's URL, without its password
    manifest: Manifest
    safety_copy: Path | None  # the backup of the server made before (None: it was empty)
    seconds: float
    #: table -> rows now on the server
    counts: dict[str, int]


def _server_state(url: str) -> str:
    """What the server database holds (``servers.probe``); another program's tables are
    refused."""
    state = servers.probe(url)  # a clear error when it cannot be reached
    if state == servers.OTHER:
        address = ServerAddress.from_url(url)
        raise RestoreRefusedError(QT_TRANSLATE_NOOP(
            "Backup", "The database {name} holds another program's tables, not crmdesk's: give "
                      "the URL of a crmdesk database or of a new, empty one. Nothing was "
                      "changed."), name=address.label if address else "")
    return state


def _has_users(db: Database) -> bool:
    with db.session() as s:
        return bool(s.execute(text("SELECT count(*) FROM users")).scalar_one())


def restore_needs_login(url: str) -> bool:
    """Does replacing the server database at *url* need an administrator's login?  Yes
    when it holds users; an empty database (or one with no crmdesk schema) does not."""
    if servers.probe(url) != servers.CRMDESK:
        return False
    db = open_database(url)
    try:
        return _has_users(db)
    finally:
        db.close()


def restore_to_server(backup: Path, url: str, *, password: str | None = None,
                      actor: Actor | None = None, login: Callable[[], Actor] | None = None,
                      job: Job | None = None) -> ServerRestoreResult:
    """Replace every row of the server database at *url* by the database in *backup*.

    As :func:`crmdesk.core.services.backups.restore_backup` for a file: the backup
    is verified completely before anything is touched; a server that holds users
    needs an *actor* with ``backup.restore`` or a *login* function (called only once
    the backup passed verification).  See the module's docstring for the rest.
    """
    from crmdesk.core.services import backups

    started = time.perf_counter()
    backup = Path(backup)
    work_dir = Path(tempfile.mkdtemp(prefix="crmdesk-restore-"))
    try:
        unpacked = work_dir / "restore.crmdb"
        manifest = backups.verify_backup(backup, password, job=job, keep_as=unpacked).manifest
        check_cancel(job)
        if _server_state(url) != servers.CRMDESK:  # empty, or an unfinished setup
            with _said_in_words(url):
                counts, target = _restore_to_new(unpacked, url, actor, backup, manifest,
                                                 job_or_new(job))
            return ServerRestoreResult(target, manifest, None, time.perf_counter() - started,
                                       counts)
        server = open_database(url)
        try:
            safety = None
            if actor is None and _has_users(server):
                if login is None:
                    raise RestoreRefusedError(QT_TRANSLATE_NOOP(
                        "Backup", "Log in as an administrator of {name} to replace it with a "
                                  "backup."), name=server.display_name)
                actor = login()
            if actor is not None:
                require(actor, "backup.restore")
                if _has_users(server):  # what the server holds now is kept first
                    safety = backups.create_backup(
                        server, actor, folder=backup.resolve().parent, reason="before-restore",
                        rotate=False, job=job).path
            check_cancel(job)
            source = open_database(unpacked)  # an older backup is upgraded here first
            try:
                counts = _replace(source, server, actor, backup, manifest, safety,
                                  job_or_new(job))
            finally:
                source.close()
            target = server.display_name
        finally:
            server.close()
    finally:
        shutil.rmtree(work_dir, ignore_errors=True)
    return ServerRestoreResult(target, manifest, safety, time.perf_counter() - started,
                               counts)


def _empty(session: Session) -> None:
    """Every crmdesk table of the server emptied, the designed types' tables dropped
    (in the caller's transaction: a rollback brings them all back)."""
    designed = [str(r[0]) for r in session.execute(text(
        "SELECT tablename FROM pg_tables WHERE schemaname = current_schema() "
        "AND tablename LIKE 'rt\\_%'"))]
    for name in designed:
        session.execute(text(f'DROP TABLE "{name}" CASCADE'))
    names = ", ".join(f'"{t.name}"' for t in Base.metadata.sorted_tables)
    # TRUNCATE fires no row triggers: the audit log's append-only trigger stays
    session.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))


@contextmanager
def _said_in_words(url: str) -> Iterator[None]:
    """A database error (the server going away, a row it refuses) as one clear line:
    the cause, and that the server was left as it was (the one transaction rolled
    back); never the password."""
    from crmdesk.core.services.migration import _database_errors, _reason

    try:
        yield
    except _database_errors() as exc:
        parsed = make_url(url)
        raise BackupError(QT_TRANSLATE_NOOP(
            "Backup", "The restore to {name} failed: {reason} Nothing was kept: the server "
                      "database was left as it was."),
            name=parsed.render_as_string(hide_password=True),
            reason=_reason(exc, parsed.password)) from exc


def _restore_to_new(unpacked: Path, url: str, actor: Actor | None, backup: Path,
                    manifest: Manifest, job: Job) -> tuple[dict[str, int], str]:
    """Restore into a server database that is empty or holds an unfinished setup: the
    schema made (or the unfinished one set up anew in place) and the backup's rows
    copied **in one transaction** (``create_database``'s *setup*), so a failure or a
    cancel leaves it exactly as it was.  Nobody to log in: no safety copy."""
    if actor is not None:
        require(actor, "backup.restore")
    source = open_database(unpacked)  # an older backup is upgraded here first
    try:
        made: list[dict[str, int]] = []
        server = create_database(url, setup=lambda dst: made.append(
            _fill(source, dst, actor, backup, manifest, None, job)))
        try:
            target = server.display_name
        finally:
            server.close()
    finally:
        source.close()
    return made[0], target


#: seconds the restore waits for others' reads of the server to end before it says so
RESTORE_LOCK_WAIT_S = 15


def _replace(source: Database, server: Database, actor: Actor | None, backup: Path,
             manifest: Manifest, safety: Path | None, job: Job) -> dict[str, int]:
    with _said_in_use(server), _said_in_words(server.url.render_as_string(
            hide_password=False)), server.transaction() as dst:
        # emptying the tables waits for every open read on them: a bounded wait
        dst.execute(text(f"SET LOCAL lock_timeout = '{RESTORE_LOCK_WAIT_S}s'"))
        return _fill(source, dst, actor, backup, manifest, safety, job)


def _others_connected(server: Database) -> int:
    """How many other connections the server database has now (0 when unknown)."""
    try:
        with server.session() as s:
            return int(s.execute(text(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() "
                "AND pid <> pg_backend_pid()")).scalar_one())
    except Exception:  # noqa: BLE001 - only a figure for the message
        return 0


@contextmanager
def _said_in_use(server: Database) -> Iterator[None]:
    """The restore waited in vain for others' reads (lock_not_available): one line
    that says why and what to do, instead of the driver's TRUNCATE statement."""
    try:
        yield
    except BackupError as exc:
        cause = exc.__cause__
        state = getattr(getattr(cause, "orig", cause), "sqlstate", None)
        if state == "42501":  # insufficient_privilege: not the database's owner
            raise RestoreRefusedError(QT_TRANSLATE_NOOP(
                "Backup", "The server user {user} may not empty the tables of {name}: run "
                          "the restore with the URL of the database's owner. Nothing was "
                          "changed."), user=server.url.username or "",
                name=_label(server)) from exc
        if state != "55P03":
            raise
        raise RestoreRefusedError(QT_TRANSLATE_NOOP(
            "Backup", "{name} is in use ({count} other connections are reading it): ask "
                      "everyone to close crmdesk, then restore again. Nothing was changed."),
            name=_label(server), count=_others_connected(server)) from exc


def _label(server: Database) -> str:
    """``user@host/database``, as the window's lists show a server."""
    address = ServerAddress.from_url(server.url)
    return address.label if address is not None else server.display_name


def _fill(source: Database, dst: Session, actor: Actor | None, backup: Path,
          manifest: Manifest, safety: Path | None, job: Job) -> dict[str, int]:
    """Empty the server in *dst* and copy *source* in, in the caller's transaction: the
    "Restored" audit entry appended and the chain verified before it commits."""
    stage = render("Backup", QT_TRANSLATE_NOOP("Backup", "Restoring to the server"))
    with source.session() as src:
        _empty(dst)
        counts = copy_everything(src, dst, job, stage, postgres=True)
        job.check()
        from crmdesk.core.services.backups import record_restore

        record_restore(dst, actor, backup, manifest, safety, QT_TRANSLATE_NOOP(
            "Audit", "; the server's data before was backed up to {file}"))
        verified = audit.verify_chain(dst)
        if not verified.ok:
            raise BackupError(QT_TRANSLATE_NOOP(
                "Backup", "The audit chain of {name} does not verify ({reason}): the server "
                          "was left as it was."), name=backup.name, reason=verified.reason)
    return counts
