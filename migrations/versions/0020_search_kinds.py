"""Each short-token entry knows its document's kind (and, on PostgreSQL, its record)

A datasheet's quick filter asks "how many contacts hold 王" before it decides to
list them or to read the list in its own order.  The short-token index
(``search_short``) knew only the tokens and the owner, so it counted documents of
every kind (15,118 for 王, of which 3,612 contacts) and the list then joined each
match to ``search_docs`` for its kind and record.  Each entry now also holds:

* its kind as a lexeme (``#contact``): ``'王' & '#contact'`` counts the contacts
  in the index itself (11 ms at a million customers, against 62 ms joining the
  documents);
* its record's id (``ref_id``), so the matching records are read from the entries
  the index points at, without a second table.

``storage.backends.pg_short_terms`` writes new documents the same way.

SQLite's ``search_short`` (FTS5) gets the kind as a word of private-use characters
beside the owner's (``storage.backends.sqlite_short_text``): the table is refilled
from the stored documents (a minute or two at a million customers).  Without it a
quick filter of ``wl`` in customers counted 27,982 matches of every kind for 5,118
customers and read the list's own order: 39,000 rows for a page.

Revision ID: 0020
Revises: 0019
Create Date: 2026-12-06
"""

from __future__ import annotations

from alembic import op

revision = '0020'
down_revision = '0019'
branch_labels = None
depends_on = None

# the rule of storage.backends.pg_short_terms, in SQL ('#' is PG_KIND_MARK)
_WITH_KINDS = """
UPDATE search_short AS s SET ref_id = d.ref_id,
       terms = s.terms || array_to_tsvector(ARRAY['#' || d.kind])
FROM search_docs AS d WHERE d.id = s.doc_id
"""


def _has_short() -> bool:
    conn = op.get_bind()
    return conn.dialect.name == 'postgresql' and not conn.exec_driver_sql(
        "SELECT to_regclass('search_short') IS NULL").scalar_one()


def _refill_sqlite(with_kinds: bool) -> None:
    """SQLite's contentless ``search_short`` cannot change a row: every row is
    written again from its stored document, with or without its kind's word."""
    from crmdesk.core.search import stored_index_texts
    from crmdesk.storage.backends import index_rows_as, owner_token, sqlite_short_text

    conn = op.get_bind()
    conn.exec_driver_sql("INSERT INTO search_short(search_short) VALUES ('delete-all')")
    last = 0
    with index_rows_as(20):  # the rows as revisions up to 0024 wrote them
        while True:
            rows = conn.exec_driver_sql(
                "SELECT id, body, keys, owner_id, kind FROM search_docs WHERE id > ? "
                "ORDER BY id LIMIT 5000", (last,)).all()
            if not rows:
                return
            conn.exec_driver_sql("INSERT INTO search_short(rowid, body) VALUES (?, ?)", [
                (r[0], sqlite_short_text(short, r[3], r[4]) if with_kinds
                 else f"{short} {owner_token(r[3])}")
                for r in rows for short in [stored_index_texts(r[1], r[2])[1]]])
            last = rows[-1][0]


def upgrade() -> None:
    if op.get_bind().dialect.name == 'sqlite':
        _refill_sqlite(with_kinds=True)
        return
    if not _has_short():
        return
    # every row changes: the index is built once afterwards rather than kept up to
    # date row by row (as 0019)
    op.execute("DROP INDEX IF EXISTS ix_search_short_terms")
    # (0018 creates the column too: its refill writes entries as the code does now)
    op.execute("ALTER TABLE search_short ADD COLUMN IF NOT EXISTS ref_id BIGINT")
    op.execute(_WITH_KINDS)
    op.execute("CREATE INDEX ix_search_short_terms ON search_short USING gin (terms)")


def downgrade() -> None:
    if op.get_bind().dialect.name == 'sqlite':
        _refill_sqlite(with_kinds=False)
        return
    if not _has_short():
        return
    op.execute("DROP INDEX IF EXISTS ix_search_short_terms")
    op.execute("ALTER TABLE search_short DROP COLUMN ref_id")
    op.execute("UPDATE search_short SET terms = ts_delete(terms, ARRAY(SELECT lexeme FROM "
               "unnest(tsvector_to_array(terms)) AS lexeme WHERE lexeme LIKE '#%'))")
    op.execute("CREATE INDEX ix_search_short_terms ON search_short USING gin (terms)")
