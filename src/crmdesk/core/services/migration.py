"""Moving a whole database between a ``.crmdb`` file and a PostgreSQL server.

``crmdesk migrate SOURCE TARGET`` (an administrator of SOURCE) copies every table
into a new, empty database at TARGET, in either direction:

* the target is created with the schema at head (:func:`create_database`); a
  server database that already holds a crmdesk schema is accepted only while it
  has no users and no audit entries (else refused: nothing is overwritten);
* the rows of every table of ``Base.metadata`` are copied in dependency order,
  as they are: audit entries with their hashes and signatures, encrypted fields
  as their ciphertexts and blind indexes (the keys travel in their own tables),
  and the ``counters`` table, so codes continue;
* the designed record types' tables (``rt_*``) are created on the target from
  their copied definitions and filled;
* the full-text index (SQLite's FTS5 tables) is derived: rebuilt on the target
  from the copied ``search_docs``;
* on PostgreSQL each table's id sequence is moved past its largest id; the rows
  go in with ``COPY``; the secondary indexes (the trigram and token indexes of
  search above all) and the foreign keys are dropped first and built (checked) once
  at the end, then the tables are analysed (a million customers: minutes, not an hour of index upkeep);
* at the end, inside the same transaction, the row counts of every table are
  compared, one audit entry "Database copied" is appended (signed by the
  administrator, whose keys came along) and the audit chain is verified on the
  target.

Nothing half-filled is left behind: everything is written in one transaction on
the target (PostgreSQL rolls back the data and the ``rt_*`` tables alike; a server
database created by the command stays as an empty schema and can be used again),
and a ``.crmdb`` target is written under a temporary name and renamed at the end.
"""

from __future__ import annotations

import os
import secrets
from collections.abc import Generator, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, cast

from sqlalchemy import Connection, MetaData, Table, func, insert, select, text
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError, NoSuchModuleError, OperationalError
from sqlalchemy.orm import Session

from crmdesk.core.models import Base
from crmdesk.core.models.base import NAMING_CONVENTION
from crmdesk.core.permissions import ADMIN, Actor
from crmdesk.core.record_types import store, tables
from crmdesk.errors import DatabaseFileError, KnownError, PermissionDenied
from crmdesk.i18n import QT_TRANSLATE_NOOP, render
from crmdesk.jobs import Job, job_or_new
from crmdesk.storage.database import (
    Database,
    create_database,
    open_database,
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

    @property
    def rows(self) -> int:
        return sum(self.counts.values())


def migrate(source: Database, actor: Actor, target: str, *,
            job: Job | None = None) -> MigrationResult:
    """Copy the whole of *source* into a new database at *target* (a ``.crmdb``
    path or a server URL); see the module's docstring."""
    if actor.role != ADMIN:
        raise PermissionDenied(QT_TRANSLATE_NOOP(
            "Errors", "Only an administrator of the source database may copy it. "
                      "Log in with --user as an administrator."))
    job = job_or_new(job)
    path = sqlite_path_of(target)
    if path is not None:
        return _to_file(source, actor, path.expanduser(), job)
    return _to_server(source, actor, target, job)


def _to_file(source: Database, actor: Actor, path: Path, job: Job) -> MigrationResult:
    if path.exists() and path.stat().st_size > 0:
        raise MigrationError(QT_TRANSLATE_NOOP(
            "Migration", "{target} already exists. Give the name of a new file: the copy "
                         "goes into an empty database only."), target=str(path))
    temp = path.with_name(f".{path.name}.migrating-{secrets.token_hex(4)}")
    try:
        db = create_database(temp)
        try:
            result = _copy(source, db, actor, str(path), job, location=path)
        finally:
            db.close()
        _remove_companions(temp)
        os.replace(temp, path)
    except BaseException:
        remove_database_files(temp)
        raise
    return result


def _remove_companions(path: Path) -> None:
    """The -wal/-shm companions left by a closed (checkpointed) database."""
    for suffix in ("-wal", "-shm"):
        try:
            os.unlink(f"{path}{suffix}")
        except FileNotFoundError:
            pass


def _to_server(source: Database, actor: Actor, url: str, job: Job) -> MigrationResult:
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
    try:
        db = create_database(url)
    except DatabaseFileError:  # a crmdesk schema is there already: accepted while empty
        db = open_database(url)
    except (ImportError, NoSuchModuleError) as exc:  # e.g. a driver not installed
        raise MigrationError(QT_TRANSLATE_NOOP(
            "Migration", "No database driver for {target}: {reason}. Use "
                         "postgresql+psycopg://user:password@host/database."),
            target=shown, reason=str(exc)) from exc
    except OperationalError as exc:
        raise MigrationError(QT_TRANSLATE_NOOP(
            "Migration", "Cannot connect to the target database: {reason}. Check the "
                         "address, user and password, and that the database exists."),
            reason=str(exc.orig).strip().splitlines()[0] if exc.orig else str(exc)) from exc
    try:
        return _copy(source, db, actor, db.display_name, job)
    finally:
        db.close()


def _refuse_non_empty(session: Session, name: str) -> None:
    for table in ("users", "audit_log", "customers"):
        count = int(session.execute(text(f"SELECT count(*) FROM {table}")).scalar_one())
        if count:
            raise MigrationError(QT_TRANSLATE_NOOP(
                "Migration", "The target {target} is not empty (table {table} has {count} "
                             "rows). Give a new, empty database."),
                target=name, table=table, count=count)


def _copy(source: Database, target: Database, actor: Actor, name: str, job: Job,
          location: Path | None = None) -> MigrationResult:
    result = MigrationResult(target=name)
    stage = render("Migration", QT_TRANSLATE_NOOP("Migration", "Copying the database"))
    with source.session() as src, target.transaction() as dst:  # one snapshot, one write
        if source.backend.name == "postgresql":  # every read sees the same moment
            src.connection(execution_options={"isolation_level": "REPEATABLE READ"})
        _refuse_non_empty(dst, name)
        result.counts = copy_everything(src, dst, job, stage,
                                        postgres=target.backend.name == "postgresql")
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
            "Migration", "The audit chain does not verify on the target ({reason}): "
                         "nothing was kept. Run crmdesk audit verify on the source."),
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
                             "on the source: nothing was kept. Try again."),
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
        rows = conn.execute(select(docs.c.id, docs.c.body, docs.c["keys"], docs.c.owner_id)
                            .where(docs.c.id > last).order_by(docs.c.id).limit(batch)).all()
        if not rows:
            return done
        with conn.connection.driver_connection.cursor() as cursor:  # type: ignore[union-attr]
            with cursor.copy("COPY search_short (doc_id, terms) FROM STDIN") as copy:
                for doc_id, body, keys, owner_id in rows:
                    short = stored_index_texts(body, keys)[1]
                    copy.write_row((doc_id, _tsvector(pg_short_terms(short, owner_id))))
        done += len(rows)
        last = rows[-1][0]


def _tsvector(lexemes: list[str]) -> str:
    """A tsvector's text form holding exactly these lexemes (as array_to_tsvector)."""
    return " ".join("'" + t.replace("\\", "\\\\").replace("'", "''") + "'"
                    for t in lexemes)
