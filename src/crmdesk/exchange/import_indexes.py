"""Filling an empty customer table fast: its indexes are built after the rows.

Every new customer updates the customer table's fourteen secondary indexes (name,
owner, phone, e-mail, match key ...) one entry at a time, in random order: on
SQLite that is half the cost of writing a big import.  When an import fills a file
that holds no customers yet (the first import into a new file: moving to crmdesk
from a spreadsheet), the indexes are dropped at its start and built again, from the
sorted rows, before it commits: the same indexes (the very SQL they were made
with), about a third of the cost.

Inside the import's one transaction: SQLite's schema changes are transactional,
so a failed or cancelled import leaves the file exactly as it was, indexes and all.
Nothing in the import needs them meanwhile: with no customers before it, it looks
nothing up in the table (records it creates are matched in memory), and reads a
customer it created by its primary key, which stays.  The same holds for the search
entries and the custom values of the new customers (``search_docs``,
``custom_field_values``) when those tables are empty too: nothing reads them by
their secondary indexes during the import.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager

from sqlalchemy import text
from sqlalchemy.orm import Session

from crmdesk.storage.backends import backend_of

#: rows an import must bring for the rebuild to pay off (a small one keeps the indexes)
MIN_ROWS = 20_000
#: what an import of customers fills: each of them, when empty, gets its indexes after
CUSTOMER_TABLES = ("customers", "search_docs", "custom_field_values")


def _empty(session: Session, table: str) -> bool:
    return session.execute(text(f"SELECT 1 FROM {table} LIMIT 1")).first() is None


@contextmanager
def built_after(session: Session, tables: str | Sequence[str], rows: int | None,
                timed: Callable[[str, float], None] | None = None) -> Iterator[bool]:
    """Drop the secondary indexes of *tables* (each one that is empty) while the block
    fills them, and make them again when it ends without an error (then *timed*
    ("write", seconds) is told the cost).  Only on SQLite and for at least
    :data:`MIN_ROWS` *rows*; yields whether it did."""
    names = [tables] if isinstance(tables, str) else list(tables)
    if backend_of(session).name != "sqlite" or rows is None or rows < MIN_ROWS:
        yield False
        return
    conn = session.connection()
    indexes: list[tuple[str, str]] = []
    for table in names:
        if not _empty(session, table):
            continue
        # explicit indexes only: those of UNIQUE and PRIMARY KEY constraints (no SQL) stay
        indexes += conn.exec_driver_sql(
            "SELECT name, sql FROM sqlite_master WHERE type = 'index' AND tbl_name = ? "
            "AND sql IS NOT NULL ORDER BY name", (table,)).all()
    for name, _sql in indexes:
        conn.exec_driver_sql(f'DROP INDEX "{name}"')
    yield bool(indexes)
    # reached only when the block succeeded: on an error the rollback restores them
    started = time.perf_counter()
    for _name, sql in indexes:
        conn.exec_driver_sql(sql)
    if timed is not None:
        timed("write", time.perf_counter() - started)
