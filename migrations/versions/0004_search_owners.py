"""search_docs.owner_id: the search index holds who may see each document

Revision ID: 0004
Revises: 0003
Create Date: 2026-12-05

Each search document now holds the owner of its customer, as a column (with
an index on owner and title, for title-prefix matches) and, on SQLite, as a word
of its full-text rows, so a search by a user who sees a few owners' customers
intersects the match with those owners' documents inside the index.

Plain ``ADD COLUMN`` (no table copy).  The column is filled from the customers
and the full-text index is refilled from the stored documents.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0004'
down_revision = '0003'
branch_labels = None
depends_on = None


def upgrade() -> None:
    from sqlalchemy.orm import Session

    from crmdesk.core import search
    from crmdesk.storage.backends import index_rows_as

    with op.batch_alter_table('search_docs', schema=None) as batch_op:
        batch_op.add_column(sa.Column('owner_id', sa.Integer(), nullable=True))
        batch_op.create_index('ix_search_docs_owner_title', ['owner_id', 'title'], unique=False)

    session = Session(bind=op.get_bind())
    try:
        with index_rows_as(23):  # the rows as revisions up to 0023 wrote them
            search.reindex_stored(session)
    finally:
        session.close()


def downgrade() -> None:
    from crmdesk.core import search

    with op.batch_alter_table('search_docs', schema=None) as batch_op:
        batch_op.drop_index('ix_search_docs_owner_title')
        batch_op.drop_column('owner_id')
    conn = op.get_bind()
    if conn.dialect.name != "sqlite":
        return
    # the full-text rows as 0003 wrote them: without the owner words
    conn.exec_driver_sql("INSERT INTO search_tri(search_tri) VALUES ('delete-all')")
    conn.exec_driver_sql("INSERT INTO search_short(search_short) VALUES ('delete-all')")
    last = 0
    while True:
        rows = conn.exec_driver_sql(
            "SELECT id, body, keys FROM search_docs WHERE id > ? ORDER BY id LIMIT 5000",
            (last,)).all()
        if not rows:
            break
        texts = [(r[0], *search.stored_index_texts(r[1], r[2])) for r in rows]
        conn.exec_driver_sql("INSERT INTO search_tri(rowid, body) VALUES (?, ?)",
                             [(t[0], t[1]) for t in texts])
        conn.exec_driver_sql("INSERT INTO search_short(rowid, body) VALUES (?, ?)",
                             [(t[0], t[2]) for t in texts])
        last = rows[-1][0]
