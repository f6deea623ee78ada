"""Moving a whole database between a ``.crmdb`` file and a PostgreSQL server.

``crmdesk migrate SOURCE TARGET`` (an administrator of SOURCE) copies every table
into a new, empty database at TARGET, in either direction:

* the target must be new: a ``.crmdb`` name that does not exist, or a server
  database that is empty (:func:`crmdesk.storage.servers.probe`).  A server
  database holding an *unfinished setup* (the crmdesk schema with no users, no
  customers and no audit entries, left by an older crmdesk whose copy or set-up
  stopped half-way) is accepted after saying so (*notice*): it is set up anew, in
  place (``create_database`` upgrades it in the copy's transaction).  Anything
  else is refused: nothing is overwritten;
* the schema at head is made (:func:`create_database`) and the rows of every table
  of ``Base.metadata`` are copied in dependency order, **in the same transaction**
  (its *setup*), as they are: audit entries with their hashes and signatures,
  encrypted fields as their ciphertexts and blind indexes (the keys travel in their
  own tables), and the ``counters`` table, so codes continue;
* the designed record types' tables (``rt_*``) are created on the target from
  their copied definitions and filled;
* the full-text index (SQLite's FTS5 tables) is derived: rebuilt on the target
  from the copied ``search_docs``;
* on PostgreSQL each table's id sequence is moved past its largest id; the rows
  go in with ``COPY``; the secondary indexes (the trigram and token indexes of
  search above all) and the foreign keys are dropped first and built (checked) once
  at the end, then the tables are analysed (a million customers: minutes, not an
  hour of index upkeep).  All of that is transactional DDL on PostgreSQL: it costs
  the same inside the copy's transaction as before it;
* at the end, inside the same transaction, the row counts of every table are
  compared, one audit entry "Database copied" is appended (signed by the
  administrator, whose keys came along) and the audit chain is verified on the
  target.

A copy that fails or is cancelled at any stage leaves the target exactly as it was:
on a server the one transaction rolls back the tables, the schema version, the
indexes, the sequences (an unfinished setup's sequences are restarted inside the
transaction, so they roll back too) and the ``pg_trgm`` extension if it made it;
a ``.crmdb`` target is built under a temporary name beside it, renamed only at the
end, and removed on failure.  The error (:class:`MigrationError`; a cancel: ``Cancelled``)
names the stage, the cause, and says that the target was left as it was.
"""

from __future__ import annotations

import glob
import os
import secrets
import sqlite3
from collections.abc import Callable, Generator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Connection, MetaData, Table, func, insert, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, SQLAlchemyError
from sqlalchemy.orm import Session

from crmdesk.core.models import Base
from crmdesk.core.models.base import NAMING_CONVENTION
from crmdesk.core.permissions import ADMIN, Actor
from crmdesk.core.record_types import store, tables
from crmdesk.errors import KnownError, PermissionDenied
from crmdesk.i18n import QT_TRANSLATE_NOOP, render
from crmdesk.jobs import Cancelled, Job, job_or_new
from crmdesk.storage import file_lock, servers
from crmdesk.storage.database import (
    Database,
    create_database,
    damage_error,
    remove_database_files,
    sqlite_path_of,
)

#: rows read and written at a time
BATCH = 5000


class MigrationError(KnownError):
    """The copy was refused or failed; the target was left as it was."""

    context = "Migration"


@dataclass
class MigrationResult:
    target: str
    #: table -> rows copied (the same number on both sides: checked)
    counts: dict[str, int] = field(default_factory=dict)
    #: audit entries verified on the target
    audit_entries: int = 0
    #: the target held an unfinished setup, set up anew by the copy
    was_unfinished: bool = False

    @property
    def rows(self) -> int:
        return sum(self.counts.values())


def migrate(source: Database, actor: Actor, target: str, *,
            job: Job | None = None,
            notice: Callable[[str], None] | None = None) -> MigrationResult:
    """Copy the whole of *source* into a new database at *target* (a ``.crmdb``
    path or a server URL); see the module's docstring.  *notice* receives, before
    anything is written, what the user should know about the target (an unfinished
    setup taken over)."""
    if actor.role != ADMIN:
        raise PermissionDenied(QT_TRANSLATE_NOOP(
            "Errors", "Only an administrator of the source database may copy it. "
                      "Log in with --user as an administrator."))
    watched = _Watched(job_or_new(job))
    path = sqlite_path_of(target)
    if path is not None:
        return _to_file(source, actor, path.expanduser(), watched)
    return _to_server(source, actor, target, watched, notice)


class _Watched(Job):
    """The caller's job (its progress, its cancel), remembering the stage reached: a
    failure names it."""

    def __init__(self, inner: Job) -> None:
        super().__init__()
        self.inner = inner
        self.stage = ""

    def report(self, stage: str, done: int, total: int | None = None) -> None:
        if stage:
            self.stage = stage
        self.inner.report(stage, done, total)

    def check(self) -> None:
        self.inner.check()

    def cancel(self) -> None:
        self.inner.cancel()

    @property
    def cancelled(self) -> bool:
        return self.inner.cancelled

    def wait(self, timeout: float) -> bool:
        return self.inner.wait(timeout)


def _to_file(source: Database, actor: Actor, path: Path, job: _Watched) -> MigrationResult:
    if path.exists() and path.stat().st_size > 0:
        raise MigrationError(QT_TRANSLATE_NOOP(
            "Migration", "{target} already exists. Give the name of a new file: the copy "
                         "goes into an empty database only."), target=str(path))
    _remove_leftovers(path)
    temp = path.with_name(f"{_WORK_PREFIX.format(name=path.name)}{secrets.token_hex(4)}")
    made: list[MigrationResult] = []
    try:
        try:
            _creating(job)
            db = create_database(temp, setup=lambda dst: made.append(_fill(
                source, dst, actor, str(path), job, postgres=False, location=path)))
            db.close()
            _remove_companions(temp)
            if path.exists() and path.stat().st_size > 0:  # made meanwhile by someone else
                raise MigrationError(QT_TRANSLATE_NOOP(
                    "Migration", "{target} appeared meanwhile (made by another program) and "
                                 "was not overwritten."), target=str(path))
            os.replace(temp, path)
        except BaseException:
            remove_database_files(temp)
            raise
    except Exception as exc:  # noqa: BLE001 - the known ones become one clear line
        failure = _failed(exc, source, job, str(path), on_file=True)
        if failure is exc:
            raise
        raise failure from exc
    return made[0]


#: the work file of a copy to NAME, beside it (a dot-file: hidden)
_WORK_PREFIX = ".{name}.migrating-"


def _remove_leftovers(path: Path) -> None:
    """The work files of earlier copies to *path* that were killed (``kill -9``, a
    power cut: no ``finally`` ran), once no process holds them."""
    found = path.parent.glob(glob.escape(_WORK_PREFIX.format(name=path.name)) + "*")
    bases = {str(p).removesuffix(".lock").removesuffix("-wal").removesuffix("-shm")
             .removesuffix("-journal") for p in found}
    for base in sorted(bases):
        work = Path(base)
        try:
            if file_lock.held_here(work) or file_lock.used_elsewhere(work):
                continue  # a copy under way
            remove_database_files(work)
        except (OSError, KnownError):  # not ours to judge: left alone
            continue


def _remove_companions(path: Path) -> None:
    """The -wal/-shm companions left by a closed (checkpointed) database."""
    for suffix in ("-wal", "-shm"):
        try:
            os.unlink(f"{path}{suffix}")
        except FileNotFoundError:
            pass


def _to_server(source: Database, actor: Actor, url: str, job: _Watched,
               notice: Callable[[str], None] | None) -> MigrationResult:
    try:
        parsed = make_url(url)
        postgres = parsed.get_backend_name() == "postgresql"
        shown = parsed.render_as_string(hide_password=True)
    except (ArgumentError, ValueError):
        postgres, shown = False, url.split("://", 1)[0] + "://..."
    if not postgres:
        raise MigrationError(QT_TRANSLATE_NOOP(
            "Migration", "{target} is neither a .crmdb file nor a PostgreSQL URL. Give a file "
                         "name or postgresql+psycopg://user:password@host/database."),
            target=shown)
    state = servers.probe(url)  # unreachable, wrong password, no such database: named
    if state == servers.OTHER:
        raise MigrationError(QT_TRANSLATE_NOOP(
            "Migration", "The target {target} holds another program's tables: it is not "
                         "empty. Give a new, empty database. Nothing was changed."),
            target=shown)
    if state == servers.CRMDESK:
        raise MigrationError(QT_TRANSLATE_NOOP(
            "Migration", "The target {target} already holds a crmdesk database (with users, "
                         "customers or audit entries): it is not empty. Give a new, empty "
                         "database. Nothing was changed."), target=shown)
    unfinished = state == servers.UNFINISHED
    if unfinished and notice is not None:
        notice(render("Migration", QT_TRANSLATE_NOOP(
            "Migration", "The target {target} holds an unfinished crmdesk setup (its tables, "
                         "but no users, customers or audit entries: a copy or set-up that "
                         "stopped half-way). The copy sets it up anew."), target=shown))
    made: list[MigrationResult] = []
    try:
        _creating(job)
        db = create_database(url, setup=lambda dst: made.append(_fill(
            source, dst, actor, shown, job, postgres=True)))
    except (ImportError, NoSuchModuleError) as exc:  # e.g. a driver not installed
        raise MigrationError(QT_TRANSLATE_NOOP(
            "Migration", "No database driver for {target}: {reason}. Use "
                         "postgresql+psycopg://user:password@host/database."),
            target=shown, reason=str(exc)) from exc
    except Exception as exc:  # noqa: BLE001 - the known ones become one clear line
        failure = _failed(exc, source, job, shown, on_file=False, password=parsed.password)
        if failure is exc:
            raise
        raise failure from exc
    db.close()
    made[0].target = db.display_name
    made[0].was_unfinished = unfinished
    return made[0]


def _creating(job: Job) -> None:
    job.report(render("Migration", QT_TRANSLATE_NOOP("Migration", "Creating the tables")),
               0, None)


def _database_errors() -> tuple[type[BaseException], ...]:
    """What a database, a driver or the disk raise when the copy cannot go on."""
    errors: list[type[BaseException]] = [SQLAlchemyError, sqlite3.Error, OSError]
    try:
        import psycopg  # COPY goes through the driver's cursor: its errors come unwrapped
    except ImportError:
        pass
    else:
        errors.append(psycopg.Error)
    return tuple(errors)


def _failed(exc: Exception, source: Database, job: _Watched, target: str, *,
            on_file: bool, password: str | None = None) -> Exception:
    """The one-line error for a copy that failed: the stage, the cause, and that the
    target was left as it was (*password*: never shown).  Anything else (a bug) as
    it is: the target was left as it was all the same."""
    if isinstance(exc, Cancelled):
        if on_file:
            return Cancelled(QT_TRANSLATE_NOOP(
                "Migration", "Cancelled: nothing was copied, and no file was made."),
                "Migration")
        return Cancelled(QT_TRANSLATE_NOOP(
            "Migration", "Cancelled: nothing was copied; the server database {target} was "
                         "left as it was."), "Migration", target=target)
    if isinstance(exc, KnownError):
        reason = exc.message
    elif isinstance(exc, _database_errors()):
        damaged = damage_error(exc, source.path) if source.path is not None else None
        reason = damaged.message if damaged is not None else _reason(exc, password)
    else:
        return exc
    stage = job.stage or render("Migration", QT_TRANSLATE_NOOP(
        "Migration", "Copying the database"))
    if on_file:
        return MigrationError(QT_TRANSLATE_NOOP(
            "Migration", "The copy to {target} failed at \"{stage}\": {reason} Nothing was "
                         "kept: no file was made."), target=target, stage=stage, reason=reason)
    return MigrationError(QT_TRANSLATE_NOOP(
        "Migration", "The copy to {target} failed at \"{stage}\": {reason} Nothing was kept: "
                     "the server database was left as it was."),
        target=target, stage=stage, reason=reason)


def _reason(exc: BaseException, password: str | None) -> str:
    """The driver's first line (never the password), as a sentence."""
    orig = getattr(exc, "orig", None) or exc
    if isinstance(exc, OSError) and exc.strerror:
        reason = f"{exc.strerror} ({exc.filename})" if exc.filename else exc.strerror
    else:
        lines = [line.strip() for line in str(orig).splitlines() if line.strip()]
        reason = lines[0] if lines else type(orig).__name__
    if password:
        reason = reason.replace(password, "***")
    return reason if reason.endswith((".", "。")) else reason + "."


def _refuse_non_empty(session: Session, name: str) -> None:
    for table in ("users", "audit_log", "customers"):
        count = int(session.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())
        if count:
            raise MigrationError(QT_TRANSLATE_NOOP(
                "Migration", "The target {target} is not empty (table {table} has {count} "
                             "rows). Give a new, empty database."),
                target=name, table=table, count=count)


def _fill(source: Database, dst: Session, actor: Actor, name: str, job: _Watched, *,
          postgres: bool, location: Path | None = None) -> MigrationResult:
    """Copy *source* into *dst*: the transaction that has just made the target's schema
    (``create_database``'s *setup*), committed with it or rolled back with it."""
    result = MigrationResult(target=name)
    stage = render("Migration", QT_TRANSLATE_NOOP("Migration", "Copying the database"))
    job.stage = stage
    with source.session() as src:  # one snapshot
        if source.backend.name == "postgresql":  # every read sees the same moment
            src.connection(execution_options={"isolation_level": "REPEATABLE READ"})
        _refuse_non_empty(dst, name)
        result.counts = copy_everything(src, dst, job, stage, postgres=postgres)
        from crmdesk.core.services import audit

        # the copy itself ends the chain (signed with the same keys as on the source);
        # this computer witnesses the head under the target's final name
        if location is not None:
            dst.info[audit.LOCATION_KEY] = str(location)
        audit.record(dst, actor, "migrate", message=QT_TRANSLATE_NOOP(
            "Audit", "Database copied from {source} ({rows} rows)"),
            params={"source": source.display_name, "rows": result.rows})
        result.audit_entries = _verified_entries(dst)
    return result


def _verified_entries(session: Session) -> int:
    """Verify the audit chain in *session* (refused: MigrationError); entries checked."""
    from crmdesk.core.services import audit

    verified = audit.verify_chain(session)
    if not verified.ok:
        raise MigrationError(QT_TRANSLATE_NOOP(
            "Migration", "The audit chain does not verify on the target ({reason}). Run "
                         "crmdesk audit verify on the source."),
            reason=verified.reason)
    return verified.checked


def copy_everything(src: Session, dst: Session, job: Job, stage: str, *,
                    postgres: bool) -> dict[str, int]:
    """Copy every row of *src* into *dst* (its audit log empty; the rest is emptied
    first), as stored; returns table -> rows, checked on both sides.

    Every table of ``Base.metadata`` (new tables come along by themselves), then the
    designed record types' ``rt_*`` tables, created on *dst* from their copied
    definitions; the full-text index is rebuilt on *dst*; on PostgreSQL the id
    sequences move past the largest ids.  Also the copy behind a server's backups
    and restores (``core/services/server_backups.py``)."""
    if not postgres:  # rows pointing at later rows of their own table
        dst.execute(text("PRAGMA defer_foreign_keys=ON"))
    ordered = list(Base.metadata.sorted_tables)
    for table in reversed(ordered):  # the default lists seeded with the schema
        if table.name != "audit_log":
            dst.execute(table.delete())
    designed = [(t, tables.build_table(MetaData(naming_convention=NAMING_CONVENTION), t))
                for t in store.load_all(src)]
    designed = [(t, table) for t, table in designed if tables.exists(src, table.name)]
    all_tables: list[Table] = ordered + [table for _t, table in designed]
    totals = {table.name: _count(src, table) for table in all_tables}
    grand_total, done = sum(totals.values()), 0
    # on PostgreSQL: built once at the end rather than kept up row by row
    deferred = _drop_secondary_indexes(dst) if postgres else []
    job.report(stage, 0, grand_total)
    for table in ordered:
        done = _copy_table(src, dst, table, postgres, job, stage, done, grand_total)
    for typedef, table in designed:  # their definitions are on the target now
        tables.create(dst, typedef)
        done = _copy_table(src, dst, table, postgres, job, stage, done, grand_total)
    job.check()
    job.report(render("Migration", QT_TRANSLATE_NOOP(
        "Migration", "Rebuilding the search index")), 0, None)
    from crmdesk.core import search

    if postgres:
        _reindex_server(dst)
        for number, definition in enumerate(deferred, 1):
            job.check()
            job.report(render("Migration", QT_TRANSLATE_NOOP(
                "Migration", "Building the indexes and checking the links")),
                number, len(deferred))
            dst.execute(text(definition))
        dst.execute(text("ANALYZE"))  # a fresh server plans its first queries well
    else:
        search.reindex_stored(dst)
    dst.flush()
    job.report(render("Migration", QT_TRANSLATE_NOOP(
        "Migration", "Checking row counts and the audit chain")), 0, None)
    counts: dict[str, int] = {}
    for table in all_tables:
        copied = _count(dst, table)
        if copied != totals[table.name]:
            raise MigrationError(QT_TRANSLATE_NOOP(
                "Migration", "Table {table} has {copied} rows on the target but {rows} "
                             "on the source."),
                table=table.name, copied=copied, rows=totals[table.name])
        counts[table.name] = copied
    return counts


def _count(session: Session, table: Table) -> int:
    return int(session.execute(select(func.count()).select_from(table)).scalar_one())


def _batches(session: Session, table: Table) -> Generator[Sequence[Any], None, None]:
    order = list(table.primary_key.columns) or list(table.columns)
    rows = session.connection().execution_options(yield_per=BATCH).execute(
        select(table).order_by(*order))
    try:
        yield from rows.partitions(BATCH)
    finally:  # also when the copy stops half-way (a server-side cursor on PostgreSQL)
        rows.close()


def _copy_table(src: Session, dst: Session, table: Table, postgres: bool, job: Job,
                stage: str, done: int, total: int) -> int:
    keys = [c.key for c in table.columns]
    conn = dst.connection()
    batches = _batches(src, table)
    try:
        for part in batches:
            job.check()
            if postgres:
                _copy_rows(conn, table, part)
            else:
                conn.execute(insert(table), [dict(zip(keys, row, strict=True))
                                             for row in part])
            done += len(part)
            job.report(stage, done, total)
    finally:
        batches.close()
    if postgres and "id" in table.c and table.c.id.primary_key:
        # ids came with the rows: the next insert takes the id after the largest
        conn.execute(text(
            f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), max(id)) "
            f"FROM {table.name} HAVING max(id) IS NOT NULL"))
    return done


def _copy_rows(conn: Connection, table: Table, rows: Sequence[Any]) -> None:
    """Rows into a PostgreSQL table with ``COPY`` (several times faster than inserts),
    each value converted as an insert would (the columns' own bind processing)."""
    dialect = conn.dialect
    processors = [c.type._cached_bind_processor(dialect) for c in table.columns]
    quote = dialect.identifier_preparer.quote
    columns = ", ".join(quote(c.name) for c in table.columns)
    with conn.connection.driver_connection.cursor() as cursor:  # type: ignore[union-attr]
        with cursor.copy(f"COPY {quote(table.name)} ({columns}) FROM STDIN") as copy:
            for row in rows:
                copy.write_row([value if p is None or value is None else p(value)
                                for p, value in zip(processors, row, strict=True)])


def _drop_secondary_indexes(session: Session) -> list[str]:
    """Drop the indexes of the server's tables that no constraint needs, and the
    foreign keys (in the copy's transaction: a failed copy gets them back, and a row
    pointing nowhere fails the copy when its key is added again); returns how to
    create them again."""
    found = session.execute(text(
        "SELECT i.indexrelid::regclass::text, pg_get_indexdef(i.indexrelid) "
        "FROM pg_index i JOIN pg_class t ON t.oid = i.indrelid "
        "WHERE t.relnamespace = current_schema()::regnamespace AND t.relkind = 'r' "
        "AND NOT i.indisprimary AND NOT EXISTS "
        "(SELECT 1 FROM pg_constraint c WHERE c.conindid = i.indexrelid) "
        "ORDER BY 1")).all()
    for name, _definition in found:
        session.execute(text(f"DROP INDEX {name}"))
    # foreign keys: checked once per table at the end (one join) rather than per row
    keys = session.execute(text(
        "SELECT c.conrelid::regclass::text, quote_ident(c.conname), "
        "pg_get_constraintdef(c.oid) FROM pg_constraint c JOIN pg_class t "
        "ON t.oid = c.conrelid WHERE c.contype = 'f' "
        "AND t.relnamespace = current_schema()::regnamespace ORDER BY 1, 2")).all()
    for table, name, _definition in keys:
        session.execute(text(f"ALTER TABLE {table} DROP CONSTRAINT {name}"))
    # the index builds at the end: memory enough to sort a million rows at once
    session.execute(text("SET LOCAL maintenance_work_mem = '256MB'"))
    return [definition for _name, definition in found] + [
        f"ALTER TABLE {table} ADD CONSTRAINT {name} {definition}"
        for table, name, definition in keys]


def _reindex_server(session: Session, *, batch: int = 20000) -> int:
    """The server's short-token index (``search_short``) refilled from the copied
    documents with ``COPY``, each with its customer's current owner (what
    :func:`crmdesk.core.search.reindex_stored` does row by row); returns documents."""
    from crmdesk.core.models import Customer, SearchDoc
    from crmdesk.core.search import stored_index_texts
    from crmdesk.storage.backends import pg_short_terms

    conn = session.connection()
    docs = cast(Table, SearchDoc.__table__)
    current = select(Customer.owner_id).where(
        Customer.id == docs.c.customer_id).scalar_subquery()
    conn.execute(docs.update().where(docs.c.customer_id.is_not(None),
                                     docs.c.owner_id.is_distinct_from(current))
                 .values(owner_id=current))
    if not conn.execute(text("SELECT to_regclass('search_short') IS NOT NULL")).scalar_one():
        return 0  # a schema before 0018
    conn.execute(text("DELETE FROM search_short"))
    done = last = 0
    while True:
        rows = conn.execute(select(docs.c.id, docs.c.body, docs.c["keys"], docs.c.owner_id,
                                   docs.c.kind, docs.c.ref_id, docs.c.personal_id)
                            .where(docs.c.id > last).order_by(docs.c.id).limit(batch)).all()
        if not rows:
            return done
        with conn.connection.driver_connection.cursor() as cursor:  # type: ignore[union-attr]
            with cursor.copy("COPY search_short (doc_id, ref_id, terms) FROM STDIN") as copy:
                for doc_id, body, keys, owner_id, kind, ref_id, personal_id in rows:
                    short = stored_index_texts(body, keys)[1]
                    copy.write_row((doc_id, ref_id, _tsvector(
                        pg_short_terms(short, owner_id, kind, personal_id))))
        done += len(rows)
        last = rows[-1][0]


def _tsvector(lexemes: list[str]) -> str:
    """A tsvector's text form holding exactly these lexemes (as array_to_tsvector)."""
    return " ".join("'" + t.replace("\\", "\\\\").replace("'", "''") + "'"
                    for t in lexemes)
