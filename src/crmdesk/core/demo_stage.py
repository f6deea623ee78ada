"""How a big demo's rows travel from the generator processes into a SQLite file.

A generator process writes each finished batch into a small SQLite file of its
own (a *staging file*: one bare table per table the batch fills, with the very
column values ``executemany`` would bind, and the batch's full-text rows), and
hands the writer only its path.  The writer attaches the file and copies every
table with ``INSERT ... SELECT``: the rows go from file to file inside SQLite,
without a Python object per value in the writing process (about a quarter of
what ``executemany`` of the unpickled rows costs there), and the generator
processes, which have cores of their own, do the binding.

The writer loads on a connection of its own, made for a brand-new file that
nobody else has open: no journal, no syncing and no foreign key checks while the
rows go in (the rows are made consistent, and a build that fails is deleted), the
secondary indexes built once at the end with SQLite's sorter threads, and the file
put back in write-ahead-log mode (:meth:`Loader.finish`) before the application opens
it again.
"""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import Any

from crmdesk.storage.backends import PreparedRows, sqlite_short_text, sqlite_trigram_words

#: the page cache of the loading connection (KiB): the tables being filled, the
#: full-text index's segments and the sorts of the index builds
LOAD_CACHE_KIB = 256 * 1024
#: the sorter threads of the index builds (the generators are done by then)
SORT_THREADS = 4
#: the full-text tables, and the terms each buffers in memory before it writes a
#: segment while loading (bytes; FTS5's default, put back at the end, is 1 MiB):
#: fewer, larger segments to merge
FTS_TABLES = ("search_tri", "search_short")
FTS_LOAD_HASHSIZE = 16 * 1024 * 1024
FTS_HASHSIZE = 1024 * 1024
#: the indexes dropped while the rows go in and built by sorting at the end: their keys
#: (names, phones, e-mails, times) come in no order, so each new row would go to a page
#: of its own.  The others stay: their keys come in order (a customer's, an order's, a
#: ticket's records are written after those of the ones before it) or take a few hundred
#: values at most (owners, stages, days: each new row goes at the end of its value's
#: run), so each row is added at one of a few pages that stay in the cache, while the
#: writer waits for the generators anyway, and the serial end of the load is shorter
SORTED_INDEXES = frozenset({
    "ix_customers_email", "ix_customers_mobile", "ix_customers_phone",
    "ix_customers_match_key", "ix_customers_live_name", "ix_customers_live_owner_name",
    "ix_contacts_email", "ix_contacts_mobile", "ix_contacts_name",
    "ix_interactions_occurred_at", "ix_search_docs_owner_title", "ix_search_docs_title",
    "ix_campaign_members_customer_id"})


def stage_file(folder: str | Path, k: int) -> Path:
    return Path(folder) / f"batch-{k:06d}.sqlite"


def write_stage(path: Path, tables: Sequence[tuple[str, PreparedRows]],
                fts: Sequence[tuple[int, str, str]]) -> None:
    """Write a batch's rows (*tables*: name and rows, in the order they are copied) and
    its full-text rows (:func:`fts_rows`) into a new file."""
    path.unlink(missing_ok=True)
    conn = sqlite3.connect(path, isolation_level=None)
    try:
        conn.execute("PRAGMA journal_mode=OFF")
        conn.execute("PRAGMA synchronous=OFF")
        conn.execute("BEGIN")
        for name, rows in tables:
            if not rows.values:
                continue
            columns = ", ".join(f'"{c}"' for c in rows.columns)
            conn.execute(f'CREATE TABLE "{name}" ({columns})')
            marks = ", ".join("?" for _ in rows.columns)
            conn.executemany(f'INSERT INTO "{name}" VALUES ({marks})', rows.values)
        conn.execute("CREATE TABLE fts_rows (id INTEGER PRIMARY KEY, short, word)")
        conn.executemany("INSERT INTO fts_rows VALUES (?, ?, ?)", fts)
        conn.execute("COMMIT")
    finally:
        conn.close()


def fts_rows(first_id: int, docs: Sequence[Any], owners: Sequence[int | None]
             ) -> list[tuple[int, str, str]]:
    """The full-text rows of prepared documents numbered from *first_id*: ``(doc id,
    short-token text, hidden trigram words)``.  The trigram text is the document's body
    (the writer takes it from ``search_docs``) and those words, the owners' (the
    customer's and the record's personal user) and the kind's, as
    :meth:`SqliteBackend.index_add` writes them (a contentless row is removed by its
    exact words when the record changes)."""
    rows = []
    for i, (doc, owner) in enumerate(zip(docs, owners, strict=True)):
        assert doc.tri is doc.row["body"] or doc.tri == doc.row["body"]
        kind, personal = doc.row["kind"], doc.row.get("personal_id")
        rows.append((first_id + i, sqlite_short_text(doc.short, owner, kind, personal),
                     sqlite_trigram_words(owner, kind, personal)))
    return rows


class Loader:
    """The writing connection of a bulk load into a new SQLite file (see the module
    docstring); :meth:`finish` puts the file back as the application expects it."""

    def __init__(self, path: Path, tables: Sequence[str]) -> None:
        self.conn = sqlite3.connect(path, isolation_level=None)
        conn = self.conn
        conn.execute("PRAGMA journal_mode=OFF")
        conn.execute("PRAGMA synchronous=OFF")
        conn.execute("PRAGMA foreign_keys=OFF")
        conn.execute("PRAGMA temp_store=MEMORY")
        conn.execute(f"PRAGMA cache_size=-{LOAD_CACHE_KIB}")
        marks = ", ".join("?" for _ in tables)
        #: the dropped secondary indexes: (name, CREATE statement), made again by
        #: :meth:`create_indexes` with the very same definitions
        self.indexes: list[tuple[str, str]] = [(str(r[0]), str(r[1])) for r in conn.execute(
            f"SELECT name, sql FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL "
            f"AND tbl_name IN ({marks}) ORDER BY name", tuple(tables))
            if str(r[0]) in SORTED_INDEXES]
        conn.execute("BEGIN")
        for name, _sql in self.indexes:
            conn.execute(f'DROP INDEX "{name}"')
        self._hashsize(FTS_LOAD_HASHSIZE)
        conn.execute("COMMIT")

    def _hashsize(self, size: int) -> None:
        for fts in FTS_TABLES:
            self.conn.execute(f"INSERT INTO {fts}({fts}, rank) VALUES ('hashsize', ?)", (size,))

    def copy(self, path: Path, order: Sequence[str]) -> dict[str, int]:
        """Copy a staging file's tables (in *order*) and full-text rows; returns the rows
        copied per table.  The file is removed."""
        conn = self.conn
        counts: dict[str, int] = {}
        conn.execute("ATTACH DATABASE ? AS stage", (str(path),))
        try:
            present = {r[0] for r in conn.execute(
                "SELECT name FROM stage.sqlite_master WHERE type = 'table'")}
            conn.execute("BEGIN")
            for name in order:
                if name not in present:
                    continue
                columns = ", ".join(f'"{r[1]}"' for r in conn.execute(
                    f'PRAGMA stage.table_info("{name}")'))
                cursor = conn.execute(f'INSERT INTO main."{name}" ({columns}) '
                                      f'SELECT {columns} FROM stage."{name}"')
                counts[name] = cursor.rowcount
            conn.execute("INSERT INTO main.search_tri(rowid, body) "
                         "SELECT d.id, d.body || ' ' || f.word FROM stage.search_docs d "
                         "JOIN stage.fts_rows f ON f.id = d.id ORDER BY d.id")
            conn.execute("INSERT INTO main.search_short(rowid, body) "
                         "SELECT id, short FROM stage.fts_rows")
            conn.execute("COMMIT")
        finally:
            conn.execute("DETACH DATABASE stage")
        path.unlink(missing_ok=True)
        return counts

    def insert(self, table: str, rows: PreparedRows) -> None:
        if rows.values:
            marks = ", ".join("?" for _ in rows.columns)
            self.conn.execute("BEGIN")
            self.conn.executemany(
                f'INSERT INTO "{table}" ({", ".join(rows.columns)}) VALUES ({marks})',
                rows.values)
            self.conn.execute("COMMIT")

    def create_indexes(self, report: Callable[[str, int, int], None]) -> None:
        conn = self.conn
        conn.execute(f"PRAGMA threads={SORT_THREADS}")
        conn.execute("BEGIN")
        for i, (_name, sql) in enumerate(self.indexes, 1):
            conn.execute(sql)
            report("indexes", i, len(self.indexes))
        self._hashsize(FTS_HASHSIZE)
        conn.execute("COMMIT")
        self.indexes = []

    def finish(self) -> None:
        """Back to the write-ahead log, the application's mode (a failed load is deleted
        instead)."""
        self.conn.execute("PRAGMA journal_mode=WAL")

    def close(self) -> None:
        self.conn.close()
