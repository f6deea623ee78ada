"""The test database as its owner reaches it outside crmdesk: ``sqlite3`` on the
``.crmdb`` file, or ``psql`` as the server database's owner (CRMDESK_TEST_PG_URL).

Tests of what such a person can do (change the audit log behind crmdesk's back, read
the stored bytes) use these, so that they run on both backends.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Connection, create_engine, text
from sqlalchemy.engine import make_url

from tests.conftest import PG_URL


def _url(db_path: Path | str) -> str:
    return str(db_path) if PG_URL else f"sqlite:///{db_path}"


@contextmanager
def as_owner(db_path: Path | str, *, guard_off: bool = False) -> Iterator[Connection]:
    """A connection (one transaction, committed at the end) to the test database.

    *guard_off*: the audit log's append-only guard removed first, as a determined
    attacker would: SQLite's triggers dropped, the server's trigger disabled (and
    enabled again at the end, as the owner would leave it)."""
    engine = create_engine(_url(db_path))
    try:
        with engine.begin() as conn:
            server = conn.dialect.name == "postgresql"
            if guard_off:
                if server:
                    conn.execute(text("ALTER TABLE audit_log DISABLE TRIGGER USER"))
                else:
                    conn.execute(text("DROP TRIGGER IF EXISTS audit_log_append_only_update"))
                    conn.execute(text("DROP TRIGGER IF EXISTS audit_log_append_only_delete"))
            yield conn
            if guard_off and server:
                conn.execute(text("ALTER TABLE audit_log ENABLE TRIGGER USER"))
    finally:
        engine.dispose()


def stored_bytes(db_path: Path | str) -> bytes:
    """Everything the database stores, as bytes: the file and its write-ahead log, or
    on a server every table's rows as binary ``COPY`` writes them (each value's own
    bytes: text in UTF-8, ``bytea`` as stored)."""
    if not PG_URL:
        path = Path(db_path)
        wal = Path(f"{path}-wal")
        return path.read_bytes() + (wal.read_bytes() if wal.exists() else b"")
    import psycopg

    dsn = make_url(str(db_path)).set(drivername="postgresql").render_as_string(
        hide_password=False)
    found: list[bytes] = []
    with psycopg.connect(dsn) as conn:
        cur = conn.cursor()
        cur.execute("SELECT table_name FROM information_schema.tables"
                    " WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1")
        for (table,) in cur.fetchall():
            with cur.copy(f'COPY "{table}" TO STDOUT (FORMAT binary)') as copy:
                found.extend(bytes(chunk) for chunk in copy)
    return b"".join(found)
