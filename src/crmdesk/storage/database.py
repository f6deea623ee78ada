"""Open and create crmdesk databases: a ``.crmdb`` SQLite file or a PostgreSQL URL.

Opening a file is careful about what it touches.  Before anything is written
the file is checked read-only; a file that is not a crmdesk database, a damaged
(e.g. truncated) file, and a file written by a newer crmdesk are refused with a
message, and their bytes are left exactly as they were.  An older schema is
migrated in one transaction after a copy of the file is kept beside it.

Another crmdesk process that has the file open is detected with a lock file
(:mod:`crmdesk.storage.file_lock`): opening it for editing raises
``DatabaseInUseError`` (offer read-only instead); ``read_only=True`` and
``shared=True`` (short tasks such as a scheduled backup) work alongside it.
"""

from __future__ import annotations

import logging
import os
import sqlite3
import threading
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from datetime import datetime
from functools import cache
from pathlib import Path
from typing import Any

from sqlalchemy import Connection, create_engine, event, pool
from sqlalchemy.engine import URL, Engine, ExceptionContext, make_url
from sqlalchemy.exc import DBAPIError, OperationalError, ProgrammingError
from sqlalchemy.orm import Session, sessionmaker

from crmdesk.errors import DatabaseFileError
from crmdesk.i18n import QT_TRANSLATE_NOOP, render
from crmdesk.jobs import Cancelled, Job
from crmdesk.storage import file_lock, migrations
from crmdesk.storage.backends import APPLICATION_ID, Backend, backend_for
from crmdesk.storage.files import atomic_path

log = logging.getLogger(__name__)

FILE_SUFFIX = ".crmdb"
SQLITE_MAGIC = b"SQLite format 3\x00"


def _is_url(target: str | Path) -> bool:
    return isinstance(target, str) and "://" in target


class Database:
    """An open crmdesk database: engine, backend and session factories."""

    def __init__(self, engine: Engine, backend: Backend, path: Path | None,
                 read_only: bool = False, lock: file_lock.FileLock | None = None,
                 shared: bool = False) -> None:
        self.engine = engine
        self.backend = backend
        if path is not None:  # before the sessions' engines are made from it
            event.listen(engine, "handle_error", _damage_listener(self))
        self.path = path
        self.read_only = read_only
        # opened with shared=True (a short task beside another window)
        self.shared = shared
        # this process's hold on the file (None for a server database)
        self.lock = lock
        self._reader = sessionmaker(bind=engine, expire_on_commit=False)
        self._writer = sessionmaker(bind=engine.execution_options(crmdesk_write=True),
                                    expire_on_commit=False)
        self.closed = False
        #: connections opened beside the engine's pool (a server's listening connection,
        #: detached from the pool): closed with the database, so none outlives it
        self.closers: list[Callable[[], object]] = []
        #: why the file is known to be damaged (``PRAGMA quick_check``, or a damaged page
        #: met while working); from then on nothing is written to it (:meth:`mark_damaged`)
        self.damage: str | None = None

    @property
    def url(self) -> URL:
        return self.engine.url

    @property
    def display_name(self) -> str:
        if self.path is not None:
            return str(self.path)
        return self.engine.url.render_as_string(hide_password=True)

    def session(self) -> Session:
        """A session for reading (``with db.session() as s:``)."""
        return self._reader()

    @contextmanager
    def transaction(self) -> Iterator[Session]:
        """A write transaction: committed when the block ends, rolled back on error.

        On SQLite it starts with ``BEGIN IMMEDIATE``, so writers queue up instead
        of failing half-way.
        """
        if self.read_only:
            from crmdesk.errors import KnownError

            raise KnownError(QT_TRANSLATE_NOOP(
                "Errors", "This file is open read-only: it is in use elsewhere. "
                          "Close the other window to make changes."))
        self.refuse_if_damaged()
        with _committed(self._writer()) as session:
            yield session

    @contextmanager
    def login_transaction(self) -> Iterator[Session]:
        """The write transaction of a login, also on a file opened read-only.

        A read-only window (another window edits the file) still counts wrong
        passwords, locks the account and audits the attempt: through a short
        read-write connection of its own, as a command beside that window
        does (SQLite serialises the writes).
        """
        if not self.read_only:
            with self.transaction() as session:
                yield session
            return
        self.refuse_if_damaged()
        assert self.path is not None  # only a file is opened read-only
        engine = _sqlite_engine(self.path)
        try:
            with _committed(Session(bind=engine.execution_options(crmdesk_write=True),
                                    expire_on_commit=False)) as session:
                yield session
        finally:
            engine.dispose()

    # -- damage found after opening ------------------------------------------------
    def quick_check(self, *, full: bool = False, job: Job | None = None) -> str | None:
        """Run ``PRAGMA quick_check`` (*full*: ``integrity_check``, about 5 times longer,
        which also compares every index with its table) on a connection of its own (any
        thread may call it); returns why the file is damaged, or None.  A damaged file
        is flagged: no write reaches it any more.  Cancelling *job* stops the check
        (:class:`~crmdesk.jobs.Cancelled`; nothing is flagged)."""
        if self.path is None:
            return None
        reason = quick_check_file(self.path, full=full, job=job)
        if reason is not None:
            self.mark_damaged(reason)
        return reason

    def mark_damaged(self, reason: str) -> None:
        """Refuse every write from now on (transactions, logins, the checkpoint on close)."""
        log.error("%s is damaged: %s", self.display_name, reason)
        self.damage = reason

    def _note_damage(self, context: ExceptionContext) -> None:
        reason = _damage_reason(context.original_exception)
        if reason is not None and self.damage is None:
            self.mark_damaged(reason)

    def refuse_if_damaged(self) -> None:
        if self.damage is not None and self.path is not None:
            raise _damaged(self.path, self.damage)

    def close(self) -> None:
        """Checkpoint (so the file alone is complete) and release every connection."""
        if self.closed:
            return
        self.closed = True
        try:
            if not self.read_only and self.damage is None:  # nothing into a damaged file
                self.backend.checkpoint(self.engine)
        except (OperationalError, DBAPIError) as exc:  # another process holds it: harmless
            log.warning("checkpoint on close failed: %s", exc)
        finally:
            for close in self.closers:
                try:
                    close()
                except Exception as exc:  # noqa: BLE001 - closing anyway
                    log.warning("closing a connection beside the pool failed: %s", exc)
            self.closers.clear()
            self.engine.dispose()
            if self.lock is not None:
                self.lock.release()

    def __enter__(self) -> Database:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()


def _damage_listener(database: Database) -> Callable[[ExceptionContext], None]:
    """The engine's ``handle_error`` listener that flags *database* as damaged, holding
    it weakly.  The listener lives in the dialect's events, and SQLAlchemy's mappers
    keep the dialects of every engine that flushed through them (their statement
    caches, up to 100 per mapper): a bound method there would keep each closed Database
    alive, with its engine and that engine's cache of compiled statements (thousands
    of objects each; ~1,000 closed databases after the unit tests)."""
    reference = weakref.ref(database)

    def note_damage(context: ExceptionContext) -> None:
        target = reference()
        if target is not None:
            target._note_damage(context)

    return note_damage


@contextmanager
def _committed(session: Session) -> Iterator[Session]:
    try:
        yield session
        session.commit()
    except BaseException:
        session.rollback()
        raise
    finally:
        session.close()


# ---------------------------------------------------------------------------
# Checking a file without changing it
# ---------------------------------------------------------------------------

#: how many of ``PRAGMA quick_check``'s lines a damage message quotes
_QUICK_CHECK_LINES = 3


def quick_check_file(path: Path, *, full: bool = False, job: Job | None = None) -> str | None:
    """``PRAGMA quick_check`` of the file at *path*, read-only: None when it is sound,
    else SQLite's first findings (one line).  Takes about a second per 100 MB; with
    *full*, ``PRAGMA integrity_check`` (about five times that): it also finds an index
    that disagrees with its table (of 2,000 damaged files, 18 that quick_check passed:
    ``make attacks``).  Cancelling *job* stops it within milliseconds (raises
    :class:`~crmdesk.jobs.Cancelled`): the window's check of a 28 GB file takes half an
    hour, and closing the file must not wait for it."""
    if job is not None:
        job.check()  # cancelled already: not even started
    try:
        conn = sqlite3.connect(f"{Path(path).resolve().as_uri()}?mode=ro", uri=True,
                               timeout=10, check_same_thread=False)
    except sqlite3.Error as exc:
        return str(exc)
    done, closing = threading.Event(), threading.Lock()
    if job is not None:
        # the check is one long step inside SQLite (no progress handler runs during it):
        # only sqlite3_interrupt stops it, and never once the connection is closed
        def interrupt_when_cancelled() -> None:
            while not done.is_set():
                if job.wait(0.1):
                    with closing:
                        if not done.is_set():
                            conn.interrupt()
                    return

        threading.Thread(target=interrupt_when_cancelled, name="crmdesk-check-cancel",
                         daemon=True).start()
    try:
        pragma = "integrity_check" if full else "quick_check"
        rows = [str(r[0]) for r in conn.execute(
            f"PRAGMA {pragma}({_QUICK_CHECK_LINES})").fetchall()]
    except sqlite3.OperationalError as exc:
        if job is not None and job.cancelled:  # stopped, not a finding
            raise Cancelled() from None
        return str(exc)
    except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:
        return str(exc)
    finally:
        with closing:
            done.set()
        conn.close()
    if rows == ["ok"]:
        return None
    findings = [line.strip() for row in rows for line in row.splitlines()
                if line.strip() and not line.startswith("***")]  # one line for messages
    return "; ".join(findings) or "quick_check gave no answer"


def _not_crmdesk(path: Path) -> DatabaseFileError:
    return DatabaseFileError(
        QT_TRANSLATE_NOOP("Errors", "{name} is not a crmdesk database. "
                                    "Choose a .crmdb file made by crmdesk."),
        name=path.name)


def _damaged(path: Path, reason: str) -> DatabaseFileError:
    reason = " ".join(render("Errors", reason).split())  # SQLite's text may span lines
    return DatabaseFileError(
        QT_TRANSLATE_NOOP("Errors", "{name} is damaged ({reason}). "
                                    "Restore it from a backup (File > Backup > Restore)."),
        name=path.name, reason=reason)


def _newer(name: str, revision: str) -> DatabaseFileError:
    return DatabaseFileError(
        QT_TRANSLATE_NOOP("Errors", "{name} was written by a newer version of crmdesk "
                                    "(schema {revision}). Install the latest crmdesk to open it."),
        name=name, revision=revision)


def check_file(path: Path, *, tables: bool = True) -> str:
    """Return the schema revision of the crmdesk file at *path*.

    Reads only: refuses (``DatabaseFileError``) a file that is not a crmdesk
    database, a damaged one, or one with an unknown (newer) schema.  *tables*: also
    that every table and column of its revision is there (the schema of that revision
    is built in memory for it: a few tenths of a second).
    """
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            header = fh.read(100)
    except FileNotFoundError as exc:
        raise DatabaseFileError(
            QT_TRANSLATE_NOOP("Errors", "{path} does not exist. Check the name or create a "
                                        "new database with File > New."),
            path=str(path)) from exc
    except OSError as exc:
        raise DatabaseFileError(
            QT_TRANSLATE_NOOP("Errors", "{path} cannot be read: {reason}."),
            path=str(path), reason=exc.strerror or str(exc)) from exc
    if len(header) < 100 or not header.startswith(SQLITE_MAGIC):
        raise _not_crmdesk(path)
    page_size = int.from_bytes(header[16:18], "big")
    if page_size == 1:
        page_size = 65536
    if page_size < 512 or page_size & (page_size - 1):
        raise _damaged(path, QT_TRANSLATE_NOOP("Errors", "bad page size"))
    if int.from_bytes(header[68:72], "big") != APPLICATION_ID:
        raise _not_crmdesk(path)
    pages_in_header = int.from_bytes(header[28:32], "big")
    header_size_valid = header[24:28] == header[92:96]
    # A checkpoint killed half-way may have written page 1 (with the new page count)
    # before the pages that make the file longer: the WAL still holds them all and
    # SQLite recovers the file on open, so a shorter file is not damage then.
    wal = Path(f"{path}-wal")
    recoverable = wal.exists() and wal.stat().st_size > 0
    if size % page_size or (header_size_valid and not recoverable
                            and size < pages_in_header * page_size):
        raise _damaged(path, QT_TRANSLATE_NOOP("Errors", "the file is truncated"))

    revision = _read_revision(path, check_tables=tables)
    if revision not in migrations.known_revisions():
        raise _newer(path.name, revision)
    return revision


def _read_revision(path: Path, *, check_tables: bool = True) -> str:
    wal = Path(f"{path}-wal")
    if wal.exists() and wal.stat().st_size > 0:
        uri = f"{path.resolve().as_uri()}?mode=ro"  # committed work may be in the WAL
    else:
        # Nothing outside the main file: read it as immutable, so that not even a
        # -wal or -shm companion is created beside a file we may refuse.
        uri = f"{path.resolve().as_uri()}?mode=ro&immutable=1"
    try:
        conn = sqlite3.connect(uri, uri=True, timeout=10)
    except sqlite3.Error as exc:
        raise _damaged(path, str(exc)) from exc
    try:
        tables = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")}
        if "alembic_version" not in tables or "customers" not in tables:
            raise _not_crmdesk(path)
        row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
        if row is None:
            raise _damaged(path, QT_TRANSLATE_NOOP("Errors", "no schema version"))
        revision = str(row[0])
        if check_tables and revision in migrations.known_revisions():
            _check_tables(path, conn, revision)
        # Touch the main tables so a damaged b-tree shows up now, not later.
        conn.execute("SELECT count(*) FROM users").fetchone()
        conn.execute("SELECT max(id) FROM customers").fetchone()
        return revision
    except (sqlite3.DatabaseError, UnicodeDecodeError) as exc:  # text that is not UTF-8
        raise _damaged(path, str(exc)) from exc
    finally:
        conn.close()


@cache
def expected_tables(revision: str) -> dict[str, frozenset[str]]:
    """Table -> column names of a database at schema *revision* (made once, in memory)."""
    engine = create_engine("sqlite://", poolclass=pool.StaticPool)
    try:
        with engine.begin() as conn:
            migrations.upgrade(conn, revision)
            raw: Any = conn.connection.dbapi_connection
            return _tables_of(raw)
    finally:
        engine.dispose()


def _tables_of(conn: Any) -> dict[str, frozenset[str]]:
    names = [str(r[0]) for r in conn.execute(
        "SELECT name FROM sqlite_master WHERE type='table' AND name NOT LIKE 'sqlite_%'")]
    return {name: frozenset(str(c[1]) for c in conn.execute(
        "SELECT * FROM pragma_table_info(?)", (name,))) for name in names}


def _check_tables(path: Path, conn: sqlite3.Connection, revision: str) -> None:
    """Every table and column of *revision* is there (a dropped table is damage)."""
    present = _tables_of(conn)
    for table, columns in sorted(expected_tables(revision).items()):
        if table not in present:
            raise _damaged_detail(path, QT_TRANSLATE_NOOP("Errors", "table {table} is missing"),
                                  table=table)
        missing = sorted(columns - present[table])
        if missing:
            raise _damaged_detail(path, QT_TRANSLATE_NOOP(
                "Errors", "column {column} of table {table} is missing"),
                table=table, column=missing[0])


def _damaged_detail(path: Path, reason: str, **params: object) -> DatabaseFileError:
    return _damaged(path, render("Errors", reason, **params))


# SQLite's answers for a file damaged after it was opened: SQLITE_CORRUPT (11),
# SQLITE_NOTADB (26), and text that is not UTF-8 (Python cannot decode it).
_DAMAGE_CODES = {11, 26}


def _damage_reason(exc: BaseException) -> str | None:
    if not isinstance(exc, sqlite3.DatabaseError):
        return None
    text = str(exc)
    if getattr(exc, "sqlite_errorcode", None) in _DAMAGE_CODES or text.startswith((
            "database disk image is malformed", "file is not a database",
            "Could not decode to UTF-8")):
        return text
    return None


def damage_error(exc: BaseException, path: Path | str) -> DatabaseFileError | None:
    """The clear error for *exc* if it says the database file is damaged (the
    driver's own error, or one wrapped by SQLAlchemy), else None.  For code that
    reads the driver's cursor directly, past the engine's error handling."""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        if isinstance(current, DatabaseFileError):
            return current
        orig = getattr(current, "orig", None)
        reason = _damage_reason(orig if isinstance(orig, BaseException) else current)
        if reason is not None:
            return _damaged(Path(path), reason)
        current = current.__cause__ or current.__context__
    return None


def _refuse_damage(path: Path, engine: Engine) -> None:
    """Errors that mean the file is damaged become a DatabaseFileError naming the file
    and the remedy, wherever in the program the damaged page or text is met."""

    @event.listens_for(engine, "handle_error")
    def _on_error(context: ExceptionContext) -> DatabaseFileError | None:
        reason = _damage_reason(context.original_exception)
        if reason is not None:  # returned, not raised: the Database's listener runs too
            return _damaged(path, reason)
        return None


# ---------------------------------------------------------------------------
# Engines
# ---------------------------------------------------------------------------

def _sqlite_engine(path: Path, *, read_only: bool = False) -> Engine:
    if read_only:
        url = f"sqlite:///file:{path.resolve()}?mode=ro&uri=true"
    else:
        url = f"sqlite:///{path.resolve()}"
    engine = create_engine(url, connect_args={"check_same_thread": False, "timeout": 10},
                           poolclass=pool.QueuePool, pool_size=4, max_overflow=8)
    backend_for("sqlite").setup_engine(engine, read_only=read_only)
    _refuse_damage(path, engine)
    return engine


def _server_engine(url: URL) -> tuple[Engine, Backend]:
    from crmdesk.storage.servers import with_stored_password

    engine = create_engine(with_stored_password(url), pool_pre_ping=True)  # keyring's password
    backend = backend_for(engine.dialect.name)
    backend.setup_engine(engine, read_only=False)
    return engine, backend


def sqlite_path_of(target: str | Path) -> Path | None:
    if _is_url(target):
        url = make_url(str(target))
        if url.get_backend_name() == "sqlite" and url.database:
            return Path(url.database)
        return None
    return Path(target)


# ---------------------------------------------------------------------------
# Create and open
# ---------------------------------------------------------------------------

#: ``session.info`` key: True in *setup*'s session when :func:`create_database` sets up
#: an unfinished server database anew in place (a failure leaves it unfinished, not empty)
TAKEN_OVER = "crmdesk_unfinished_taken_over"


def create_database(target: str | Path,
                    setup: Callable[[Session], object] | None = None) -> Database:
    """Create an empty crmdesk database (schema at head, default lists seeded).

    *setup*, when given, fills it (the first administrator, keys, settings) in the
    same transaction as the schema: all of it is committed or none of it (PostgreSQL's
    DDL is transactional), so a failure leaves a server database as empty as it was
    and no file behind.

    A server database holding an unfinished setup (``servers.UNFINISHED``: the crmdesk
    schema, but no users, customers or audit entries) is set up anew in place, in the
    same one transaction (:func:`_take_over_unfinished`); one that holds any of those
    is refused.
    """
    path = sqlite_path_of(target)
    if path is not None:
        path = path.expanduser()
        if path.exists() and path.stat().st_size > 0:
            raise DatabaseFileError(
                QT_TRANSLATE_NOOP("Errors", "{path} already exists. Choose another name, "
                                            "or open the existing file."),
                path=str(path))
        path.parent.mkdir(parents=True, exist_ok=True)
        lock: file_lock.FileLock | None = file_lock.acquire(path, file_lock.WRITER)
        try:
            engine = _sqlite_engine(path)
        except BaseException:
            assert lock is not None
            lock.release()
            raise
        backend: Backend = backend_for("sqlite")
    else:
        lock = None
        engine, backend = _server_engine(make_url(str(target)))
    db = Database(engine, backend, path, lock=lock)
    try:
        with db.transaction() as session:
            conn = session.connection()
            revision = migrations.current_revision(conn)
            if revision is not None and not _take_over_unfinished(conn, revision):
                raise DatabaseFileError(
                    QT_TRANSLATE_NOOP("Errors", "The database at {url} already holds a crmdesk "
                                                "schema. Open it instead of creating it."),
                    url=engine.url.render_as_string(hide_password=True))
            session.info[TAKEN_OVER] = revision is not None
            migrations.upgrade(conn)
            if setup is not None:
                setup(session)
    except BaseException:
        engine.dispose()
        if path is not None:
            remove_database_files(path)
        if lock is not None:
            lock.release()
        raise
    return db


def _take_over_unfinished(conn: Connection, revision: str) -> bool:
    """May the set-up go on in the server database on *conn*, which already holds the
    crmdesk schema at *revision*?  Yes when it is an unfinished setup (nothing anybody
    made: ``servers.is_unfinished_setup``), checked under a lock that a second set-up
    waits for.  Then, in the caller's transaction, its sequences are restarted where
    they stand (``setval`` and ``nextval`` are never rolled back, ``ALTER SEQUENCE`` is:
    a set-up that fails leaves them as they were) and the caller upgrades the schema
    (an older crmdesk's) to head.  Nothing is dropped."""
    if conn.dialect.name != "postgresql":
        return False
    from crmdesk.storage.servers import is_unfinished_setup

    conn.exec_driver_sql("LOCK TABLE alembic_version IN SHARE UPDATE EXCLUSIVE MODE")
    if not is_unfinished_setup(conn):
        return False
    if revision not in migrations.known_revisions():
        raise _newer(conn.engine.url.render_as_string(hide_password=True), revision)
    sequences = conn.exec_driver_sql(
        "SELECT c.oid::regclass::text FROM pg_class c WHERE c.relkind = 'S' "
        "AND c.relnamespace = current_schema()::regnamespace "
        "AND pg_has_role(c.relowner, 'USAGE') ORDER BY 1").scalars().all()
    for sequence in sequences:
        last, called, step = conn.exec_driver_sql(
            f"SELECT s.last_value, s.is_called, q.seqincrement FROM {sequence} s, "
            f"pg_sequence q WHERE q.seqrelid = '{sequence}'::regclass").one()
        following = int(last) + int(step) if called else int(last)
        conn.exec_driver_sql(f"ALTER SEQUENCE {sequence} RESTART WITH {following}")
    return True


def _holds_unfinished_setup(conn: Connection) -> bool:
    """Is the crmdesk database on *conn* an unfinished setup (``servers.UNFINISHED``)?
    Checked before an older schema is upgraded, so a refused one is left as it was;
    tables this server user may not read are not ours to judge (not unfinished)."""
    from crmdesk.storage.servers import is_unfinished_setup

    try:
        with conn.begin_nested():
            return is_unfinished_setup(conn)
    except ProgrammingError:
        return False


def remove_database_files(path: Path) -> None:
    """Delete a database file and its -wal/-shm/-journal companions (if present)."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        try:
            os.unlink(f"{path}{suffix}")
        except FileNotFoundError:
            pass


def open_database(target: str | Path, *, migrate: bool = True,
                  read_only: bool = False, shared: bool = False,
                  unfinished: bool = False, tables_checked: bool = False,
                  upgrade_copy: bool = True) -> Database:
    """Open an existing database, migrating an older schema (after a backup copy).

    A file open for editing in another crmdesk process raises
    ``DatabaseInUseError`` unless *read_only* (no writes at all) or *shared*
    (read-write for a short task beside that window: a scheduled backup, a
    command-line tool; SQLite serialises the writes).

    A server database holding an unfinished setup (``servers.UNFINISHED``: nobody
    can log in to it) is refused with a message saying how to set it up, unless
    *unfinished* (a tool that looks at it as it is).

    *upgrade_copy* false: a file upgraded in place without the copy kept beside it
    first, for files that are built again at will (a benchmark's ten million
    customers: a 27.5 GB copy that the disk barely holds).

    *tables_checked*: a file this program has open already, whose tables were checked
    when it was opened (an import's helper process, beside the importer): its tables
    are not checked again (see :func:`check_file`).
    """
    path = sqlite_path_of(target)
    if path is None:
        return _open_server(make_url(str(target)), migrate=migrate, unfinished=unfinished)
    path = path.expanduser()
    revision = check_file(path, tables=not tables_checked)
    if read_only:
        lock = file_lock.acquire_optional(path, file_lock.READER)
    else:
        lock = file_lock.acquire(path, file_lock.READER if shared else file_lock.WRITER)
    try:
        return _open_sqlite(path, revision, migrate=migrate, read_only=read_only, shared=shared,
                            lock=lock, copy=upgrade_copy)
    except BaseException:
        if lock is not None:
            lock.release()
        raise


def _open_sqlite(path: Path, revision: str, *, migrate: bool, read_only: bool, shared: bool,
                 lock: file_lock.FileLock | None, copy: bool = True) -> Database:
    head = migrations.head_revision()
    if revision != head and read_only:
        raise DatabaseFileError(
            QT_TRANSLATE_NOOP("Errors", "{name} must be upgraded before it can be opened "
                                        "read-only. Open it normally first."),
            name=path.name)
    if revision != head and not migrate:
        raise DatabaseFileError(
            QT_TRANSLATE_NOOP("Errors", "{name} uses an older schema ({revision})."),
            name=path.name, revision=revision)
    if revision != head:
        kept = backup_before_upgrade(path, revision) if copy else None
        log.info("upgrading %s from %s to %s (copy kept at %s)", path, revision, head, kept)
    engine = _sqlite_engine(path, read_only=read_only)
    try:
        if revision != head:
            with engine.begin() as conn:
                migrations.upgrade(conn)
    except BaseException:
        engine.dispose()
        raise
    return Database(engine, backend_for("sqlite"), path, read_only=read_only, lock=lock,
                    shared=shared)


def backup_before_upgrade(path: Path, revision: str) -> Path:
    """Copy *path* beside itself (consistent copy via SQLite's backup API)."""
    stamp = datetime.now().strftime("%Y%m%d-%H%M%S")
    dest = path.with_name(f"{path.name}.pre-upgrade-{revision[:12]}-{stamp}.bak")
    with atomic_path(dest) as tmp:
        src = sqlite3.connect(f"{path.resolve().as_uri()}?mode=ro", uri=True)
        try:
            out = sqlite3.connect(tmp)
            try:
                src.backup(out)
            finally:
                out.close()
        finally:
            src.close()
    return dest


def _open_server(url: URL, *, migrate: bool, unfinished: bool = False) -> Database:
    engine, backend = _server_engine(url)
    try:
        with engine.begin() as conn:
            revision = migrations.current_revision(conn)
            name = url.render_as_string(hide_password=True)
            if revision is None:
                raise DatabaseFileError(
                    QT_TRANSLATE_NOOP("Errors", "{name} holds no crmdesk database. Create one "
                                                "with: crmdesk init URL --admin NAME"), name=name)
            if revision not in migrations.known_revisions():
                raise _newer(name, revision)
            if not unfinished and _holds_unfinished_setup(conn):
                raise DatabaseFileError(QT_TRANSLATE_NOOP(
                    "Errors", "{name} holds an unfinished crmdesk setup (its tables, but no "
                              "users, customers or history): nobody can log in to it. Set it "
                              "up with: crmdesk init URL --admin NAME, or in the window with "
                              "File > Connect to server."), name=name)
            if revision != migrations.head_revision():
                if not migrate:
                    raise DatabaseFileError(
                        QT_TRANSLATE_NOOP("Errors", "{name} uses an older schema ({revision})."),
                        name=name, revision=revision)
                migrations.upgrade(conn)
    except OperationalError as exc:
        engine.dispose()
        from crmdesk.storage.servers import connection_error  # which failure, in words

        raise connection_error(exc, engine.url) from exc
    except BaseException:
        engine.dispose()
        raise
    return Database(engine, backend, None)

