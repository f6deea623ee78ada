"""What differs between SQLite and PostgreSQL, behind one small interface.

Services never test the dialect: they call the backend for connection setup,
transaction start, the audit-chain lock, checkpoints and the full-text index.
"""

from __future__ import annotations

import json
import re
import sqlite3
import threading
import zlib
from abc import ABC, abstractmethod
from collections.abc import Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from functools import lru_cache
from operator import itemgetter
from typing import Any

from sqlalchemy import (
    ARRAY,
    ColumnElement,
    Connection,
    Integer,
    Table,
    any_,
    bindparam,
    case,
    func,
    insert,
    literal,
    select,
    text,
)
from sqlalchemy.engine import Engine
from sqlalchemy.exc import DBAPIError
from sqlalchemy.orm import Session

#: ``PRAGMA application_id`` of every .crmdb file ("CRMD").
APPLICATION_ID = 0x43524D44

SEARCH_CANDIDATES = 400

#: SQLite's quick filter of a word of three or more characters: when a sample of every
#: kind's matches is at least this much of the list's kind, the kind's own matches are
#: not counted again (with its word, or its owners' words of it; see
#: ``SqliteBackend.matching_refs``)
KIND_PASS_SHARE = 0.5
#: documents read to estimate that share
KIND_SAMPLE = 200

#: PostgreSQL: the transaction-level advisory lock every write transaction holds
#: (one writer at a time, like SQLite; see PostgresBackend.setup_engine)
WRITER_LOCK = 4392211
#: how long a write waits for the writer lock before it gives up with a message
WRITER_WAIT_S = 120

#: ``(doc_id, trigram_text, short_text, owner_id, kind, ref_id, personal_id)``: one
#: document of the full-text index (the kind and record are the document's own:
#: PostgreSQL's short-token index holds them too, revision 0020; *personal_id* is the
#: user the record belongs to besides its customer, a ticket's assignee, revision 0023)
IndexRow = tuple[int, str, str, int | None, str, int, int | None]

# The owner of a document's customer is a word of its full-text rows: three
# characters of Unicode's private use area, which normalised text never contains
# (crmdesk.core.search strips them), so they are one trigram and one unicode61
# token that no typed query can hit.
_OWNER_BASE = 0xE000
_OWNER_DIGITS = 6400  # U+E000 .. U+F8FF


@lru_cache(maxsize=4096)
def owner_token(owner_id: int | None) -> str:
    """The index word of an owner (``None``: no owner; kept for the few owners a bulk
    write names again and again)."""
    n = owner_id or 0
    return "".join(chr(_OWNER_BASE + (n // _OWNER_DIGITS ** k) % _OWNER_DIGITS)
                   for k in (2, 1, 0))


#: a document's kind in SQLite's short-token table: U+F8FF and each character of the
#: kind in the private use area (``#contact`` on PostgreSQL), so a datasheet's quick
#: filter counts its own kind's matches inside the index (revision 0020); never three
#: characters starting at U+E000, as an owner's word is
_KIND_MARK = 0xF8FF


@lru_cache(maxsize=256)
def kind_token(kind: str) -> str:
    """The index word of a document's kind."""
    return chr(_KIND_MARK) + "".join(chr(_OWNER_BASE + ord(c) % _OWNER_DIGITS) for c in kind)


#: a document's kind in SQLite's trigram table: U+F8FE and two private-use digits of a
#: checksum of the kind, one trigram (revision 0024), so a child list's quick filter
#: of a word of three or more characters counts its own kind's matches inside the
#: index as the short-token table's kind word does; never an owner's word (those start
#: at U+E000 for any owner below 40 million).  Two kinds with one checksum would only
#: share a word: the documents read are checked for their kind.
_KIND_TRIGRAM_MARK = 0xF8FE

#: a document's owner and kind together: U+F8FD, the kind's checksum digit and the
#: owner's last digit (revision 0025), one trigram and one short token, so a list's
#: quick filter asks the index for its owners' documents of its kind as one list per
#: owner (a manager's ``建国`` at ten million: the owners' and the kind's words ANDed
#: cost 72 ms, the owner-kind words 18).  Owners a multiple of 6,400 apart, or two
#: kinds of one checksum digit, share a word: the documents read are checked for their
#: kind, and the list's own scope decides whose rows show.
_OWNER_KIND_MARK = 0xF8FD

#: the revision whose index rows are written now: the newest
INDEX_ROWS_REVISION = 25

#: index rows as an older revision wrote them (see :func:`index_rows_as`): per thread,
#: since the window upgrades a file off its GUI thread
_legacy = threading.local()


@lru_cache(maxsize=256)
def kind_trigram(kind: str) -> str:
    """The trigram index word of a document's kind."""
    digest = zlib.crc32(kind.encode()) % _OWNER_DIGITS ** 2
    return (chr(_KIND_TRIGRAM_MARK) + chr(_OWNER_BASE + digest // _OWNER_DIGITS)
            + chr(_OWNER_BASE + digest % _OWNER_DIGITS))


@lru_cache(maxsize=4096)
def owner_kind_token(owner_id: int | None, kind: str) -> str:
    """The index word of an owner's documents of one kind (both tables)."""
    return (chr(_OWNER_KIND_MARK)
            + chr(_OWNER_BASE + zlib.crc32(kind.encode()) % _OWNER_DIGITS)
            + chr(_OWNER_BASE + (owner_id or 0) % _OWNER_DIGITS))


@contextmanager
def index_rows_as(revision: int) -> Iterator[None]:
    """Full-text rows as *revision* wrote them, for the older revisions that rewrite
    rows of a file on its way up or down (a contentless full-text row is removed by
    its exact words): up to 0023 the trigram rows had no kind's word, up to 0024 no
    row had the owner-kind words."""
    was = getattr(_legacy, "revision", None)
    _legacy.revision = revision
    try:
        yield
    finally:
        _legacy.revision = was


def _rows_revision() -> int:
    return getattr(_legacy, "revision", None) or INDEX_ROWS_REVISION


def owner_kind_words(owner_id: int | None, kind: str, personal_id: int | None = None) -> str:
    """The owner-kind words of a document (revision 0025): one per owner word."""
    if personal_id is None or personal_id == owner_id:
        return owner_kind_token(owner_id, kind)
    return f"{owner_kind_token(owner_id, kind)} {owner_kind_token(personal_id, kind)}"


def sqlite_trigram_words(owner_id: int | None, kind: str,
                         personal_id: int | None = None) -> str:
    """The hidden words that follow a document's text in SQLite's ``search_tri``: its
    owners', its kind's and its owners' of its kind."""
    revision = _rows_revision()
    if revision < 24:
        return owner_words(owner_id, personal_id)
    if revision < 25:
        return f"{owner_words(owner_id, personal_id)} {kind_trigram(kind)}"
    return (f"{owner_words(owner_id, personal_id)} {kind_trigram(kind)} "
            f"{owner_kind_words(owner_id, kind, personal_id)}")


def sqlite_trigram_text(body: str, owner_id: int | None, kind: str,
                        personal_id: int | None = None) -> str:
    """A document's row in SQLite's ``search_tri``: its text, then its hidden words."""
    return f"{body} {sqlite_trigram_words(owner_id, kind, personal_id)}"


def owner_words(owner_id: int | None, personal_id: int | None = None) -> str:
    """The owner words of a document: its customer's owner, and the user the record
    belongs to besides (a ticket's assignee) when that is someone else, so whoever
    sees either one's records finds it inside the index (revision 0023)."""
    if personal_id is None or personal_id == owner_id:
        return owner_token(owner_id)
    return f"{owner_token(owner_id)} {owner_token(personal_id)}"


def sqlite_short_text(short_text: str, owner_id: int | None, kind: str,
                      personal_id: int | None = None) -> str:
    """A document's row in SQLite's ``search_short``: its short tokens, kind, owners
    and owners' of its kind."""
    row = f"{short_text} {kind_token(kind)} {owner_words(owner_id, personal_id)}"
    if _rows_revision() < 25:
        return row
    return f"{row} {owner_kind_words(owner_id, kind, personal_id)}"


def owners_expression(owners: Sequence[int], kind: str | None = None) -> str:
    """An FTS5 expression true for documents owned by any of *owners* (with *kind*:
    their documents of that kind, by the owner-kind words)."""
    def word(owner: int | None) -> str:
        return owner_token(owner) if kind is None else owner_kind_token(owner, kind)

    terms = [_fts_quote(word(o)) for o in dict.fromkeys(owners)] or [_fts_quote(word(None))]
    return terms[0] if len(terms) == 1 else "(" + " OR ".join(terms) + ")"


class Backend(ABC):
    """Engine-specific behaviour."""

    name: str

    @abstractmethod
    def setup_engine(self, engine: Engine, *, read_only: bool) -> None:
        """Install connection hooks (pragmas, transaction start)."""

    def lock_audit_chain(self, session: Session) -> None:  # noqa: B027 - optional hook
        """Serialise appends to the audit chain inside the current transaction."""

    def checkpoint(self, engine: Engine) -> None:  # noqa: B027 - optional hook
        """Make the main file complete by itself (SQLite: fold the WAL in)."""

    def next_id(self, session: Session, table_name: str) -> int:
        """The id the next row of *table_name* gets, taken now (a value bound to its row
        is encrypted before the insert).  SQLite: writers hold the file's write lock
        (``BEGIN IMMEDIATE``) for the whole transaction, so the next id is safe."""
        return int(session.execute(text(
            f"SELECT coalesce(max(id), 0) + 1 FROM {table_name}")).scalar_one())

    # -- the full-text index -------------------------------------------------
    @abstractmethod
    def index_add(self, session: Session, rows: Sequence[IndexRow]) -> None:
        """Add ``(doc_id, trigram_text, short_text, owner_id)`` rows to the full-text index."""

    @abstractmethod
    def index_remove(self, session: Session, rows: Sequence[IndexRow]) -> None:
        """Remove rows previously added with exactly these texts and owner."""

    #: matches up to which a datasheet's quick filter starts from the search index
    #: (None: ``core.search.QUICK_PROBE``)
    quick_probe: int | None = None

    def match_is_substring(self, query: str, short_query: str | None) -> bool:
        """Whether :meth:`match_clause` already means exactly "the body contains
        *query*" (else the caller checks the body too)."""
        return False

    def plan_for_values(self, session: Session) -> None:
        """Make the rest of this transaction plan each query for its own values.

        Called before a full-text match runs: how selective a word is decides the
        plan (start from the search index, or from the owner's rows).  A no-op where
        statements are always planned with their values."""
        return None

    @abstractmethod
    def match_clause(self, query: str, short_query: str | None,
                     owners: Sequence[int] | None = None,
                     candidates: int | None = None,
                     kind: str | None = None) -> tuple[str, dict[str, Any]]:
        """SQL condition on ``search_docs`` for a normalised query.

        *short_query* is set for one- and two-character queries (an FTS5 term on
        the short-token index); otherwise *query* has three or more characters.
        *owners* (``None``: anyone) keeps only the documents of customers owned by
        one of these users: part of the full-text match itself, so a user who owns
        1 % of the customers never reads the other 99 % of the matches.
        *candidates* caps what the full-text index hands over (the search box wants
        a page, not the 2,000,000 documents holding ``市``); ``None``: every match.
        *kind* (``None``: any) narrows a one- or two-character match to documents of
        that kind inside the index; the caller still checks the kind.
        """

    def rebuild_index(self, session: Session) -> None:  # noqa: B027 - optional hook
        """Drop every full-text entry (rows are re-added by the caller)."""

    def count_matches(self, session: Session, query: str, short_query: str | None,
                      owners: Sequence[int] | None, at_most: int,
                      kind: str | None = None) -> int | None:
        """How many documents (of *kind*, for a one- or two-character query; else of
        any kind) the full-text index offers for a query (counting stops at
        *at_most*); ``None`` when the backend cannot tell cheaply."""
        return None

    def matching_refs(self, session: Session, query: str, short_query: str | None,
                      owners: Sequence[int] | None, kind: str,
                      at_most: int) -> list[int] | None:
        """Ref ids of the documents of *kind* that contain *query*, for a datasheet's
        quick filter that then lists them as constants: at most *at_most*, or ``None``
        when at least that many match (the list is then read in its own order)."""
        return None

    def table_rows(self, session: Session, table_name: str) -> float | None:
        """The planner's estimate of a table's rows (``None``: not known cheaply)."""
        return None

    def owner_share(self, session: Session, owners: Sequence[int]) -> float | None:
        """The planner's estimate of the share of customers these users own
        (``None``: not known cheaply)."""
        return None

    def among(self, column: Any, ids: Sequence[int], name: str) -> ColumnElement[bool]:
        """*column* is one of *ids*, many integers read in this transaction, written
        into the statement as constants (a query of its own would be planned for
        values it cannot see).  *name* names the parameter, unique in a statement."""
        return column.in_(  # type: ignore[no-any-return]
            bindparam(name, list(ids), expanding=True, literal_execute=True))

    @abstractmethod
    def text_before(self, column: Any, mark: str) -> ColumnElement[Any]:
        """*column*'s text up to the first *mark* (all of it when it has none)."""

    @abstractmethod
    def starts_a_word(self, column: Any, start: str) -> ColumnElement[bool]:
        """Whether one of the ``[0-9a-z]`` words of *column* starts with *start* (one
        or two such characters), as a prefix query on the short-token index matches."""

    def bulk_insert(self, session: Session, table: Table,
                    rows: Sequence[Mapping[str, Any]]) -> None:
        """Insert many rows of the same shape fast (imports, demo data)."""
        self.insert_prepared(session, table, prepare_rows(self.name, table, rows))

    def insert_prepared(self, session: Session, table: Table, prepared: PreparedRows) -> None:
        """Insert rows made by :func:`prepare_rows` (maybe in another process)."""
        if prepared.values:
            session.execute(insert(table), [dict(zip(prepared.columns, v, strict=True))
                                            for v in prepared.values])


def _sqlite_datetime(value: Any) -> Any:
    if value is None:
        return None
    if isinstance(value, datetime):
        if value.tzinfo is not None:
            value = value.astimezone(UTC).replace(tzinfo=None)
        return value.isoformat(" ", "microseconds")
    return value


def _sqlite_date(value: Any) -> Any:
    return value.isoformat() if isinstance(value, date) else value


def _sqlite_bool(value: Any) -> Any:
    return None if value is None else int(bool(value))


def _sqlite_converter(column_type: Any) -> Any:
    """How SQLAlchemy's SQLite dialect stores a value of this column type."""
    from sqlalchemy import Boolean, Date, DateTime
    from sqlalchemy.types import TypeDecorator

    impl = column_type.impl if isinstance(column_type, TypeDecorator) else column_type
    if isinstance(impl, DateTime):
        return _sqlite_datetime
    if isinstance(impl, Date):
        return _sqlite_date
    if isinstance(impl, Boolean):
        return _sqlite_bool
    return None


@dataclass
class PreparedRows:
    """Rows of one table as column names and value tuples, ready for executemany."""

    columns: list[str]
    values: list[tuple[Any, ...]]


def prepare_rows(dialect_name: str, table: Table,
                 rows: Sequence[Mapping[str, Any]]) -> PreparedRows:
    """Turn dict rows (all with the same keys) into tuples; for SQLite, values are also
    converted to their stored form, so the work can happen outside the writing process."""
    if not rows:
        return PreparedRows([], [])
    keys = list(rows[0].keys())
    if dialect_name != "sqlite":
        return PreparedRows(keys, [tuple(row[k] for k in keys) for row in rows])
    getter = itemgetter(*keys)
    if len(keys) == 1:
        return PreparedRows(keys, [(conv(row[keys[0]]) if (conv := _sqlite_converter(
            table.c[keys[0]].type)) else row[keys[0]],) for row in rows])
    converting = [(i, conv) for i, k in enumerate(keys)
                  if (conv := _sqlite_converter(table.c[k].type)) is not None]
    if not converting:
        return PreparedRows(keys, [getter(row) for row in rows])
    values: list[tuple[Any, ...]] = []
    # the same value comes again and again (a batch's "now", a date): converted once
    seen: dict[Any, Any] = {}
    for row in rows:
        items = list(getter(row))
        for i, conv in converting:
            value = items[i]
            if value is not None:  # every converter keeps None
                key = (i, value)
                stored = seen.get(key, _MISSING)
                if stored is _MISSING:
                    stored = seen[key] = conv(value)
                items[i] = stored
        values.append(tuple(items))
    return PreparedRows(keys, values)


_MISSING = object()


def _fts_quote(term: str) -> str:
    return '"' + term.replace('"', '""') + '"'


def trigram_match_expression(query: str) -> str:
    """An FTS5 expression that a trigram index answers for a 3+ character substring.

    The index is ``detail=none`` (small), so phrase queries are not available;
    every trigram of the query must be present, and the caller verifies the
    substring itself.
    """
    # Non-overlapping trigrams that still cover the query (plus the last one): fewer
    # terms to intersect than every trigram, and the same candidates to verify.
    starts = list(range(0, len(query) - 2, 3))
    if starts[-1] != len(query) - 3:
        starts.append(len(query) - 3)
    grams = dict.fromkeys(query[i : i + 3] for i in starts)
    return " AND ".join(_fts_quote(g) for g in grams)


class SqliteBackend(Backend):
    name = "sqlite"

    def text_before(self, column: Any, mark: str) -> ColumnElement[Any]:
        at = func.instr(column, mark)
        return case((at > 0, func.substr(column, 1, at - 1)), else_=column)

    def starts_a_word(self, column: Any, start: str) -> ColumnElement[bool]:
        # GLOB: case-sensitive (the text is normalised to lower case) with a class
        return (literal(" ") + column).op("GLOB")(  # type: ignore[no-any-return]
            literal(f"*[^0-9a-z]{_checked_start(start)}*"))

    def setup_engine(self, engine: Engine, *, read_only: bool) -> None:
        from sqlalchemy import event

        @event.listens_for(engine, "connect")
        def _connect(dbapi_connection: sqlite3.Connection, _record: Any) -> None:
            # We emit BEGIN ourselves (see _begin) so DDL is transactional too.
            dbapi_connection.isolation_level = None
            cur = dbapi_connection.cursor()
            cur.execute("PRAGMA foreign_keys=ON")
            cur.execute("PRAGMA busy_timeout=10000")
            if not read_only:
                cur.execute("PRAGMA journal_mode=WAL")
                cur.execute("PRAGMA synchronous=FULL")
            cur.execute("PRAGMA cache_size=-32000")
            cur.execute("PRAGMA temp_store=MEMORY")
            cur.close()

        @event.listens_for(engine, "begin")
        def _begin(conn: Connection) -> None:
            mode = "IMMEDIATE" if conn.get_execution_options().get("crmdesk_write") else "DEFERRED"
            conn.exec_driver_sql(f"BEGIN {mode}")

    def checkpoint(self, engine: Engine) -> None:
        with engine.connect() as conn:
            # Without waiting: a TRUNCATE checkpoint that waits for another process's
            # reader holds back every writer meanwhile (up to the busy timeout, after
            # which their saves fail).  With others working it does what it can now;
            # the last one to close the file completes it.
            conn.exec_driver_sql("PRAGMA busy_timeout=0")
            try:
                conn.exec_driver_sql("PRAGMA wal_checkpoint(TRUNCATE)")
            finally:
                conn.exec_driver_sql("PRAGMA busy_timeout=10000")

    def insert_prepared(self, session: Session, table: Table, prepared: PreparedRows) -> None:
        """Raw ``executemany`` of values already stored as SQLAlchemy would store them:
        about 3x faster than Core for big batches (no per-row type processing)."""
        if not prepared.values:
            return
        sql = (f"INSERT INTO {table.name} ({', '.join(prepared.columns)}) "
               f"VALUES ({', '.join('?' for _ in prepared.columns)})")
        session.connection().exec_driver_sql(sql, prepared.values)

    def index_add(self, session: Session, rows: Sequence[IndexRow]) -> None:
        if not rows:
            return
        conn = session.connection()
        conn.exec_driver_sql("INSERT INTO search_tri(rowid, body) VALUES (?, ?)",
                             [(r[0], sqlite_trigram_text(r[1], r[3], r[4], r[6]))
                              for r in rows])
        conn.exec_driver_sql("INSERT INTO search_short(rowid, body) VALUES (?, ?)",
                             [(r[0], sqlite_short_text(r[2], r[3], r[4], r[6]))
                              for r in rows])

    def index_remove(self, session: Session, rows: Sequence[IndexRow]) -> None:
        if not rows:
            return
        conn = session.connection()
        conn.exec_driver_sql(
            "INSERT INTO search_tri(search_tri, rowid, body) VALUES ('delete', ?, ?)",
            [(r[0], sqlite_trigram_text(r[1], r[3], r[4], r[6])) for r in rows])
        conn.exec_driver_sql(
            "INSERT INTO search_short(search_short, rowid, body) VALUES ('delete', ?, ?)",
            [(r[0], sqlite_short_text(r[2], r[3], r[4], r[6])) for r in rows])

    @staticmethod
    def _fts(query: str, short_query: str | None, owners: Sequence[int] | None,
             kind: str | None = None) -> tuple[str, str]:
        """The FTS5 table and expression that answer a query (*kind*: only documents
        of that kind)."""
        if short_query is not None:
            table, expression = "search_short", short_query
        else:
            table, expression = "search_tri", trigram_match_expression(query)
        if owners is not None and kind is not None:
            # one list per owner (the owner-kind words, revision 0025): the kind's own
            # list ANDed in is as long as the kind (a manager's 建国 at ten million:
            # 72 ms with it, 18 ms by the owner-kind words)
            return table, f"({expression}) AND {owners_expression(owners, kind)}"
        if kind is not None:
            word = kind_token(kind) if short_query is not None else kind_trigram(kind)
            expression = f"({expression}) AND {_fts_quote(word)}"
        if owners is not None:
            expression = f"({expression}) AND {owners_expression(owners)}"
        return table, expression

    def match_clause(self, query: str, short_query: str | None,
                     owners: Sequence[int] | None = None,
                     candidates: int | None = None,
                     kind: str | None = None) -> tuple[str, dict[str, Any]]:
        table, expression = self._fts(query, short_query, owners, kind)
        # an IN list is read whole before the first row: the cap keeps it a page's worth,
        # the newest documents first: a word thousands hold shows recent records, and a
        # kind indexed later (tasks, since revision 0023) is not crowded out by every
        # older customer holding it.  FTS5 reads its lists backwards a little slower (as
        # fast at a million customers; a manager's search p95 45 -> 63 ms at ten million)
        cap = "" if candidates is None else f" ORDER BY rowid DESC LIMIT {int(candidates)}"
        return (f"search_docs.id IN (SELECT rowid FROM {table} WHERE {table} MATCH :fts{cap})",
                {"fts": expression})

    def count_matches(self, session: Session, query: str, short_query: str | None,
                      owners: Sequence[int] | None, at_most: int,
                      kind: str | None = None) -> int | None:
        table, expression = self._fts(query, short_query, owners, kind)
        return int(session.execute(text(
            f"SELECT count(*) FROM (SELECT rowid FROM {table} WHERE {table} MATCH :fts "
            f"LIMIT :at_most)"), {"fts": expression, "at_most": at_most}).scalar_one())

    def matching_refs(self, session: Session, query: str, short_query: str | None,
                      owners: Sequence[int] | None, kind: str,
                      at_most: int) -> list[int] | None:
        # The index is asked once for each: the matching documents' ids come back as
        # one JSON array and the documents are read by id (matching again cost as much
        # as the first time: a manager's 建国 at ten million, 73 ms each).
        def matching(kind_word: str | None) -> tuple[str, int]:
            table, expression = self._fts(query, short_query, owners, kind_word)
            found = session.execute(text(
                f"SELECT json_group_array(rowid), count(*) FROM (SELECT rowid FROM {table} "
                f"WHERE {table} MATCH :fts LIMIT :at_most)"),
                {"fts": expression, "at_most": at_most}).one()
            return found[0], int(found[1])

        if owners is not None and short_query is not None:
            # one or two characters: the owners' documents of the kind, one owner-kind
            # word per owner (revision 0025), no dearer than the owners' words alone
            # (a manager's 建国 at ten million: 18 ms, where the owners' words took 34
            # and then the owners' and the kind's 74)
            everyone, counted = matching(kind)
        else:
            # The kind's hidden word has a posting list as long as the kind: ANDed with
            # a word it cost 4 ms at a million customers where the word alone took
            # 0.3 ms, and count and list each paid it.  So every kind's matches are
            # counted first, without it: when fewer than *at_most*, they are read once,
            # each document checked for its kind and for the text (a trigram or a short
            # token's prefix is not yet the substring), as the list's subquery checks
            # them.  Beyond that (a word many documents hold) the kind's own matches are
            # counted, with its word, or with the owners' of the kind (``北京市``:
            # 980,500 documents at ten million and no ticket, which the tickets list
            # read to its end in its own order, 0.8-1.5 s, until trigram rows held the
            # kind too, revision 0024).  A word of three or more characters with owners
            # goes this way too: its trigrams' lists can be long (``ang``: ten million
            # documents), and the owners' words of every kind find the first matches
            # sooner than those of one kind (a manager's ``zhang`` at ten million, the
            # whole filter: 86 ms this way, 97 ms by the owner-kind words alone).
            everyone, counted = matching(None)
            if counted >= at_most:
                if short_query is None and self._kind_share(session, everyone, counted,
                                                            kind) >= KIND_PASS_SHARE:
                    # a trigram of the kind's word ANDed in costs its whole posting
                    # list (the customers': half of all documents): when the kind holds
                    # most of the matches anyway, its own count would pass the
                    # threshold too
                    return None
                everyone, counted = matching(kind)
        if counted >= at_most:
            return None  # more than at_most of the kind: the list's own order reads faster
        pattern = "%" + re.sub(r"([/%_])", r"/\1", query) + "%"
        found = session.execute(text(
            "SELECT d.ref_id FROM json_each(:ids) AS m JOIN search_docs AS d "
            "ON d.id = m.value WHERE lower(d.kind) = :kind "
            "AND d.body LIKE :pattern ESCAPE '/'"),
            {"ids": everyone, "kind": kind, "pattern": pattern})
        return [row[0] for row in found]

    @staticmethod
    def _kind_share(session: Session, ids: str, count: int, kind: str) -> float:
        """The share of *kind* among the documents of a JSON array of *count* ids, from
        an even sample of them (about :data:`KIND_SAMPLE` documents read by id)."""
        step = max(1, count // KIND_SAMPLE)
        share = session.execute(text(
            "SELECT avg(lower(d.kind) = :kind) FROM json_each(:ids) AS m JOIN search_docs AS d "
            "ON d.id = m.value WHERE m.key % :step = 0"),
            {"ids": ids, "kind": kind, "step": step}).scalar()
        return float(share or 0.0)

    def among(self, column: Any, ids: Sequence[int], name: str) -> ColumnElement[bool]:
        # one JSON text: thousands of constants written into the statement cost Python
        # ~15 ms per 10,000 and SQLite as much again to parse
        listed = func.json_each(bindparam(name, json.dumps(list(ids)))).table_valued("value")
        return column.in_(select(listed.c.value))  # type: ignore[no-any-return]

    def rebuild_index(self, session: Session) -> None:
        conn = session.connection()
        conn.exec_driver_sql("INSERT INTO search_tri(search_tri) VALUES ('delete-all')")
        conn.exec_driver_sql("INSERT INTO search_short(search_short) VALUES ('delete-all')")


class PostgresBackend(Backend):
    """PostgreSQL: substring search on ``search_docs.body`` (a pg_trgm index when present)."""

    def text_before(self, column: Any, mark: str) -> ColumnElement[Any]:
        return func.split_part(column, mark, 1)

    def starts_a_word(self, column: Any, start: str) -> ColumnElement[bool]:
        return column.op("~")(  # type: ignore[no-any-return]
            literal(f"(^|[^0-9a-z]){_checked_start(start)}"))

    name = "postgresql"
    # each listed match costs a random read of its document and its record here (no
    # covering full-text table): listing 10,000 took 130-170 ms at 1M, so the list's
    # own order takes over sooner (issue 18)
    quick_probe = 2_000

    def setup_engine(self, engine: Engine, *, read_only: bool) -> None:
        from sqlalchemy import event

        @event.listens_for(engine, "connect")
        def _connect(dbapi_connection: Any, _record: Any) -> None:
            with dbapi_connection.cursor() as cur:
                # a page query (LIMIT 201 over a million rows) is costed as if it read them
                # all, so JIT compiled it: 120 ms of compiling for a 40 ms query (issue 18)
                cur.execute("SET jit = off")
                # nor parallel workers: a page wanted at once waited 30-80 ms for them
                # to start on a busy server (a staff member's interactions filtered:
                # 138 -> 75 ms at 1M), and each user's query would take several cores
                cur.execute("SET max_parallel_workers_per_gather = 0")
            dbapi_connection.commit()

        @event.listens_for(engine, "begin")
        def _begin(conn: Connection) -> None:
            # One writer at a time, as SQLite's BEGIN IMMEDIATE: a write transaction
            # takes the writer lock first (held until it ends; readers never wait).
            # Under READ COMMITTED two writers would otherwise read the same audit head,
            # the same max(id) of a bulk insert, the same new counter, and two locks
            # taken in opposite orders (a counter row, the audit chain) would deadlock.
            if conn.get_execution_options().get("crmdesk_write"):
                # a bounded wait: a long import or restore elsewhere, never a silent hang
                conn.exec_driver_sql(f"SET LOCAL lock_timeout = '{WRITER_WAIT_S}s'")
                try:
                    conn.exec_driver_sql(f"SELECT pg_advisory_xact_lock({WRITER_LOCK})")
                except DBAPIError as exc:
                    if getattr(exc.orig, "sqlstate", None) != "55P03":  # lock_not_available
                        raise
                    from crmdesk.errors import KnownError
                    from crmdesk.i18n import QT_TRANSLATE_NOOP

                    raise KnownError(QT_TRANSLATE_NOOP(
                        "Errors", "The server is still saving a long change by someone else "
                                  "(an import or a restore). Try again in a few minutes."),
                    ) from exc

    def lock_audit_chain(self, session: Session) -> None:
        # the writer lock (already held by a write transaction: advisory locks nest)
        session.execute(text(f"SELECT pg_advisory_xact_lock({WRITER_LOCK})"))

    def next_id(self, session: Session, table_name: str) -> int:
        return int(session.execute(text(
            f"SELECT nextval(pg_get_serial_sequence('{table_name}', 'id'))")).scalar_one())

    def insert_prepared(self, session: Session, table: Table, prepared: PreparedRows) -> None:
        super().insert_prepared(session, table, prepared)
        if prepared.values and "id" in prepared.columns:
            # rows came with their ids: move the id sequence past them
            session.execute(text(
                f"SELECT setval(pg_get_serial_sequence('{table.name}', 'id'), "
                f"(SELECT max(id) FROM {table.name}))"))

    # -- the full-text index (migration 0018) --------------------------------------
    # 3+ characters: ``body LIKE '%...%'``, answered by the pg_trgm GIN index on body;
    # 1-2 characters: ``search_short.terms`` (a tsvector of the document's short tokens
    # and its owner, GIN), as SQLite's ``search_short`` FTS5 table.
    @staticmethod
    def _has_short(session: Session) -> bool:
        """Whether ``search_short`` exists (not yet while an older database is migrated
        up to 0018, which then fills it)."""
        found = session.info.get(_PG_SHORT_KEY)
        if found is None:
            found = bool(session.execute(text(
                "SELECT to_regclass('search_short') IS NOT NULL")).scalar_one())
            session.info[_PG_SHORT_KEY] = found
        return bool(found)

    def index_add(self, session: Session, rows: Sequence[IndexRow]) -> None:
        if not rows or not self._has_short(session):
            return
        session.execute(text(
            "INSERT INTO search_short (doc_id, ref_id, terms) "
            "VALUES (:doc_id, :ref_id, array_to_tsvector(CAST(:terms AS text[]))) "
            "ON CONFLICT (doc_id) DO UPDATE SET ref_id = excluded.ref_id, "
            "terms = excluded.terms"),
            [{"doc_id": r[0], "ref_id": r[5], "terms": pg_short_terms(r[2], r[3], r[4], r[6])}
             for r in rows])

    def index_remove(self, session: Session, rows: Sequence[IndexRow]) -> None:
        if not rows or not self._has_short(session):
            return
        session.execute(text("DELETE FROM search_short WHERE doc_id = ANY(:ids)"),
                        {"ids": [r[0] for r in rows]})

    def rebuild_index(self, session: Session) -> None:
        if self._has_short(session):
            session.execute(text("DELETE FROM search_short"))

    @staticmethod
    def _match(query: str, short_query: str | None, owners: Sequence[int] | None,
               docs: str, kind: str | None = None) -> tuple[str, dict[str, Any]]:
        """A condition on *docs* (``search_docs`` or an alias of it) and its parameters."""
        tsquery = pg_short_query(query, owners, kind) if short_query is not None else None
        if tsquery is not None:
            return (f"{docs}.id IN (SELECT doc_id FROM search_short "
                    f"WHERE terms @@ CAST(:tsq AS tsquery))", {"tsq": tsquery})
        clause = f"{docs}.body LIKE :pattern"
        if owners is not None:  # search_docs.owner_id is indexed (with the title)
            listed = ", ".join(str(int(o)) for o in dict.fromkeys(owners)) or "NULL"
            # and personal_id (where set): the actor's own records on others' customers
            clause = (f"({docs}.owner_id IN ({listed}) OR {docs}.personal_id IN ({listed})) "
                      f"AND {clause}")
        return clause, {"pattern": _contains_pattern(query)}

    def match_clause(self, query: str, short_query: str | None,
                     owners: Sequence[int] | None = None,
                     candidates: int | None = None,
                     kind: str | None = None) -> tuple[str, dict[str, Any]]:
        if candidates is None:
            return self._match(query, short_query, owners, "search_docs", kind)
        # a page's worth of candidates, as on SQLite (the search box wants 30 hits, not
        # the 100,000 documents holding 王)
        tsquery = pg_short_query(query, owners, kind) if short_query is not None else None
        if tsquery is not None:
            return (f"search_docs.id IN (SELECT doc_id FROM search_short WHERE "
                    f"terms @@ CAST(:tsq AS tsquery) LIMIT {int(candidates)})", {"tsq": tsquery})
        clause, params = self._match(query, short_query, owners, "m")
        return (f"search_docs.id IN (SELECT m.id FROM search_docs AS m WHERE {clause} "
                f"LIMIT {int(candidates)})", params)

    def match_is_substring(self, query: str, short_query: str | None) -> bool:
        # a LIKE on the body (3+ characters, or a short query the token index cannot
        # answer); repeating it made the planner think the word twice as rare and read
        # every document holding it instead of the owner's (530 ms -> ms, issue 18)
        return short_query is None or pg_short_query(query, None) is None

    def plan_for_values(self, session: Session) -> None:
        # psycopg prepares a statement after five runs, and PostgreSQL may then plan it
        # once for every value (a "generic" plan): a search for 王 would no longer start
        # from the search index (20 ms became 1 s).  Only the transaction that matches
        # plans per value; bulk inserts elsewhere keep sharing one plan.
        session.execute(text("SET LOCAL plan_cache_mode = force_custom_plan"))

    def count_matches(self, session: Session, query: str, short_query: str | None,
                      owners: Sequence[int] | None, at_most: int,
                      kind: str | None = None) -> int | None:
        self.plan_for_values(session)
        tsquery = pg_short_query(query, owners, kind) if short_query is not None else None
        if tsquery is not None:
            sql, params = "search_short WHERE terms @@ CAST(:tsq AS tsquery)", {"tsq": tsquery}
        else:
            clause, params = self._match(query, short_query, owners, "m")
            sql = f"search_docs AS m WHERE {clause}"
        return int(session.execute(text(
            f"SELECT count(*) FROM (SELECT 1 FROM {sql} LIMIT :at_most) AS found"),
            {**params, "at_most": at_most}).scalar_one())


    def matching_refs(self, session: Session, query: str, short_query: str | None,
                      owners: Sequence[int] | None, kind: str,
                      at_most: int) -> list[int] | None:
        # One read of the index for the count and the rows: the list then takes the ids
        # as constants.  Counting first and matching again in the list read the owners'
        # posting lists twice (a manager's 11 owners: 35-40 ms each time at 1M), and the
        # count took every kind (a contact list filtered by 王 counted 15,118 matches, of
        # which 3,612 were contacts, and read the list's order instead, issue 18).
        self.plan_for_values(session)
        tsquery = pg_short_query(query, owners, kind) if short_query is not None else None
        params: dict[str, Any] = {"kind": kind, "at_most": at_most}
        if tsquery is not None:
            # the kind and the owners are lexemes too: the index alone answers (王 in
            # contacts as an administrator: 11 ms, against 62 ms joining the documents)
            sql = ("SELECT ref_id FROM search_short WHERE terms @@ CAST(:tsq AS tsquery) "
                   "LIMIT :at_most")
            params["tsq"] = tsquery
        else:
            clause, matched = self._match(query, short_query, owners, "m")
            # an actor's own documents of this kind through (kind, owner_id) (revision
            # 0021: a manager's 139 in contacts 50 -> 20-30 ms); an administrator's by
            # the trigrams alone: lower() keeps the planner off the kind index, which
            # holds half of all documents for customers (20 -> 140 ms)
            kind_sql = "m.kind" if owners is not None else "lower(m.kind)"
            sql = (f"SELECT m.ref_id FROM search_docs AS m WHERE {clause} "
                   f"AND {kind_sql} = :kind LIMIT :at_most")
            params.update(matched)
        # one array value, not a row per id: 9,000 rows cost ~10 ms in Python alone
        found = session.execute(text(f"SELECT array({sql})"), params).scalar_one()
        return list(found)

    def owner_share(self, session: Session, owners: Sequence[int]) -> float | None:
        # the statistics ANALYZE keeps for the planner: the most common owners with
        # their share, the rest spread evenly over the other distinct owners
        found = session.execute(text(
            "SELECT null_frac, n_distinct, most_common_vals::text, most_common_freqs "
            "FROM pg_stats WHERE schemaname = current_schema() "
            "AND tablename = 'customers' AND attname = 'owner_id'")).first()
        if found is None:
            return None
        null_frac, distinct, values, freqs = found
        common = dict(zip((int(v) for v in values.strip("{}").split(",")), freqs,
                          strict=True)) if values else {}
        if distinct < 0:  # a share of the rows, not a number of owners
            distinct = -distinct * (self.table_rows(session, "customers") or 0)
        others = distinct - len(common)
        each = max(0.0, 1.0 - null_frac - sum(common.values())) / others if others >= 1 else 0.0
        return float(min(1.0, sum(common.get(o, each) for o in owners)))

    def among(self, column: Any, ids: Sequence[int], name: str) -> ColumnElement[bool]:
        return pg_among(column, ids, name)

    def table_rows(self, session: Session, table_name: str) -> float | None:
        found = session.execute(text(
            "SELECT reltuples FROM pg_class WHERE oid = to_regclass(:name)"),
            {"name": table_name}).scalar()
        return float(found) if found is not None and found >= 0 else None


def pg_among(column: Any, ids: Sequence[int], name: str) -> ColumnElement[bool]:
    """*column* is one of *ids*, as one PostgreSQL array parameter: writing 9,000
    constants into the statement took ~15 ms in Python.  The caller's transaction plans
    for its values (:meth:`Backend.plan_for_values`), so the planner still sees them."""
    return column == any_(  # type: ignore[no-any-return]
        bindparam(name, list(ids), type_=ARRAY(Integer)))


def _checked_start(start: str) -> str:
    """*start* when it is one or two of ``[0-9a-z]`` (safe inside GLOB and regex)."""
    if not _PG_WORD.match(start):
        raise ValueError(f"not the start of a word: {start!r}")
    return start


def _contains_pattern(query: str) -> str:
    """A LIKE pattern (backslash escapes) for "contains *query*"."""
    escaped = query.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return f"%{escaped}%"


_PG_SHORT_KEY = "crmdesk.pg_search_short"
_PG_CJK = re.compile(r"^[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]{1,2}$")
_PG_WORD = re.compile(r"^[0-9a-z]{1,2}$")


def _pg_lexeme(text: str) -> str:
    """*text* inside a tsquery's quotes."""
    return text.replace("\\", "\\\\").replace("'", "''")


def _pg_owner(owner_id: int | None) -> str:
    return f"@{int(owner_id or 0)}"


#: a latin token's first two characters, as a lexeme of its own (``>zh`` for
#: ``zhangsan``): a two-letter query then reads one entry of the index instead of
#: every lexeme starting with those letters (``li:*``: 30-60 ms, ``>li``: 1 ms at 1M)
PG_PREFIX_MARK = ">"
_PG_LATIN = re.compile(r"^[0-9a-z]{3,}$")


#: the document's kind, as a lexeme (``#contact``, revision 0020): a datasheet's quick
#: filter counts and lists the matches of its own kind from the index alone
PG_KIND_MARK = "#"


def pg_short_terms(short_text: str, owner_id: int | None, kind: str,
                   personal_id: int | None = None) -> list[str]:
    """The lexemes of a document's ``search_short.terms``: its short tokens, the
    two-letter prefixes of its longer latin tokens (revision 0019), its kind (0020),
    its owner and its personal user when someone else (0023, see :func:`owner_words`).
    Tokens are ``[0-9a-z]`` words and CJK characters, so the marks never collide with
    one."""
    tokens = [t for t in short_text.split() if t]
    prefixes = [PG_PREFIX_MARK + t[:2] for t in tokens if _PG_LATIN.match(t)]
    owners = [_pg_owner(owner_id)]
    if personal_id is not None and personal_id != owner_id:
        owners.append(_pg_owner(personal_id))
    return [*dict.fromkeys([*tokens, *prefixes]), PG_KIND_MARK + kind, *owners]


def pg_short_query(query: str, owners: Sequence[int] | None,
                   kind: str | None = None) -> str | None:
    """The tsquery for a one- or two-character query: the exact token (Chinese), a
    two-letter token or prefix (latin, ``zs`` -> ``zs | >zs``) or a one-letter token
    prefix (``z:*``), with the documents' kind (``None``: any) and owners; None when
    the query has other characters (``@q``), which then reads every document."""
    if _PG_CJK.match(query):
        term = f"'{query}'"
    elif _PG_WORD.match(query):
        term = (f"('{query}' | '{PG_PREFIX_MARK}{query}')" if len(query) == 2
                else f"'{query}':*")
    else:
        return None
    if kind is not None:
        term = f"{term} & '{PG_KIND_MARK}{_pg_lexeme(kind)}'"
    if owners is None:
        return term
    listed = [f"'{_pg_owner(o)}'" for o in dict.fromkeys(owners)] or ["'@none'"]
    return f"{term} & ({' | '.join(listed)})"


def backend_for(dialect_name: str) -> Backend:
    if dialect_name == "sqlite":
        return SqliteBackend()
    if dialect_name == "postgresql":
        return PostgresBackend()
    raise ValueError(f"unsupported database: {dialect_name}")


def backend_of(session: Session) -> Backend:
    """The backend of the database a session is bound to."""
    return backend_for(session.get_bind().dialect.name)
