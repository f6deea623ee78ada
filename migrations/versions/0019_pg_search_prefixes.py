"""PostgreSQL: two-letter prefixes in the short-token index (issue 18, item 3)

A two-letter latin query (``li``, ``zs``) was a prefix match on ``search_short``
(``'li':*``), which reads the index entry of every lexeme starting with those
letters: 30-60 ms at a million customers, before the owner is even checked.  Each
latin token of three or more characters now also stores its first two letters as
a lexeme of its own (``>li`` for ``liming``), so the query reads one entry
(``'li' | '>li'``, about 1 ms).  ``storage.backends.pg_short_terms`` writes new
documents the same way.

Nothing changes on SQLite.

Revision ID: 0019
Revises: 0018
Create Date: 2026-12-06
"""

from __future__ import annotations

from alembic import op

revision = '0019'
down_revision = '0018'
branch_labels = None
depends_on = None

# the rule of storage.backends.pg_short_terms, in SQL ('>' is PG_PREFIX_MARK)
_WITH_PREFIXES = """
UPDATE search_short SET terms = terms || array_to_tsvector(ARRAY(
    SELECT DISTINCT '>' || left(lexeme, 2) FROM unnest(tsvector_to_array(terms)) AS lexeme
    WHERE lexeme ~ '^[0-9a-z]{3,}$'))
WHERE EXISTS (SELECT 1 FROM unnest(tsvector_to_array(terms)) AS lexeme
              WHERE lexeme ~ '^[0-9a-z]{3,}$')
"""


def upgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name != 'postgresql':
        return
    if conn.exec_driver_sql("SELECT to_regclass('search_short') IS NULL").scalar_one():
        return
    # every row changes: the index is built once afterwards rather than kept up to
    # date row by row (a million customers: minutes instead of much longer)
    op.execute("DROP INDEX IF EXISTS ix_search_short_terms")
    op.execute(_WITH_PREFIXES)
    op.execute("CREATE INDEX ix_search_short_terms ON search_short USING gin (terms)")


def downgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name != 'postgresql':
        return
    if conn.exec_driver_sql("SELECT to_regclass('search_short') IS NULL").scalar_one():
        return
    op.execute("DROP INDEX IF EXISTS ix_search_short_terms")
    op.execute("UPDATE search_short SET terms = ts_delete(terms, ARRAY(SELECT lexeme FROM "
               "unnest(tsvector_to_array(terms)) AS lexeme WHERE lexeme LIKE '>%'))")
    op.execute("CREATE INDEX ix_search_short_terms ON search_short USING gin (terms)")
