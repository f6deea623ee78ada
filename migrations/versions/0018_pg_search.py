"""PostgreSQL search index (issue 18, item 3)

On PostgreSQL, search had no index: every query read every document's ``body``.
Two indexes now answer it, as the two FTS5 tables do on SQLite:

* ``ix_search_docs_body_trgm``: a ``pg_trgm`` GIN index on ``search_docs.body``
  for substrings of three or more characters (``LIKE '%张三丰%'`` uses it);
* ``search_short`` (``doc_id``, ``terms tsvector``, GIN): the short tokens of
  each document (every Chinese character and pair, latin words, pinyin) and its
  owner, for one- and two-character queries, which trigrams cannot answer.

``CREATE EXTENSION pg_trgm`` needs the right to create it (a trusted extension
since PostgreSQL 13: the database's owner may).  Without it the upgrade still
succeeds: short queries use ``search_short`` and longer ones read every document
as before, and a warning names the fix (a server administrator runs ``CREATE
EXTENSION pg_trgm`` in the database, then ``CREATE INDEX ix_search_docs_body_trgm
ON search_docs USING gin (body gin_trgm_ops)``).

Nothing changes on SQLite.

Revision ID: 0018
Revises: 0017
Create Date: 2026-12-06
"""

from __future__ import annotations

import logging

import sqlalchemy as sa
from alembic import op
from sqlalchemy.dialects import postgresql

revision = '0018'
down_revision = '0017'
branch_labels = None
depends_on = None

log = logging.getLogger("crmdesk.migrations")

TRIGRAM_INDEX = ("CREATE INDEX IF NOT EXISTS ix_search_docs_body_trgm "
                 "ON search_docs USING gin (body gin_trgm_ops)")


def _trigrams_available(conn: sa.Connection) -> bool:
    """Make sure pg_trgm is installed in this database; False when it cannot be."""
    if conn.exec_driver_sql("SELECT 1 FROM pg_extension WHERE extname = 'pg_trgm'").first():
        return True
    if not conn.exec_driver_sql(
            "SELECT 1 FROM pg_available_extensions WHERE name = 'pg_trgm'").first():
        log.warning("pg_trgm is not installed on this server (package postgresql-contrib): "
                    "searches of three or more characters read every document")
        return False
    try:
        with conn.begin_nested():
            conn.exec_driver_sql("CREATE EXTENSION IF NOT EXISTS pg_trgm")
    except sa.exc.DBAPIError as exc:
        log.warning("cannot create the extension pg_trgm (%s): searches of three or more "
                    "characters read every document until a server administrator runs "
                    "CREATE EXTENSION pg_trgm; and %s", str(exc).splitlines()[0], TRIGRAM_INDEX)
        return False
    return True


def upgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name != 'postgresql':
        return
    from sqlalchemy.orm import Session

    from crmdesk.core import search

    op.create_table(
        'search_short',
        sa.Column('doc_id', sa.Integer(), nullable=False),
        # the record's id: revision 0020 (created here too, since the refill below
        # writes each entry as the code writes it now)
        sa.Column('ref_id', sa.BigInteger(), nullable=True),
        sa.Column('terms', postgresql.TSVECTOR(), nullable=False),
        sa.ForeignKeyConstraint(['doc_id'], ['search_docs.id'],
                                name='fk_search_short_doc_id_search_docs', ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('doc_id', name='pk_search_short'))
    op.execute("CREATE INDEX ix_search_short_terms ON search_short USING gin (terms)")
    if _trigrams_available(conn):
        op.execute(TRIGRAM_INDEX)
    session = Session(bind=conn)
    try:
        search.reindex_stored(session)  # the short tokens of every stored document
    finally:
        session.close()


def downgrade() -> None:
    conn = op.get_bind()
    if conn.dialect.name != 'postgresql':
        return
    op.execute("DROP INDEX IF EXISTS ix_search_docs_body_trgm")
    op.drop_table('search_short')
