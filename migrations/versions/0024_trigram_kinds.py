"""SQLite's trigram rows hold the document's kind

A child list's quick filter of a word of three or more characters that many
customers hold (``北京市``: 980,500 documents at ten million customers, no ticket)
counted every kind's trigram matches, found too many, and read the tickets list
in its own order to the end, checking each ticket's document: 0.8-1.5 s.  The
short-token rows hold a kind's word since revision 0020; the trigram rows now hold
one too (``storage.backends.kind_trigram``: three private-use characters, one
trigram), so the index counts the kind's own matches for any word
(``SqliteBackend.matching_refs``).

SQLite's contentless ``search_tri`` cannot change a row: every row is written
again from its stored document (about 70,000 documents a second).  PostgreSQL
holds the kind as a column already: nothing to do there.

Revision ID: 0024
Revises: 0023
Create Date: 2026-12-06
"""

from __future__ import annotations

from alembic import op

revision = '0024'
down_revision = '0023'
branch_labels = None
depends_on = None


def _refill(with_kinds: bool) -> None:
    """Every trigram row written again from its stored document, with its kind's word
    (upgrade) or without (downgrade, as 0023 wrote them)."""
    from crmdesk.core.search import stored_index_texts
    from crmdesk.storage import backends

    conn = op.get_bind()
    if conn.dialect.name != 'sqlite':
        return
    conn.exec_driver_sql("INSERT INTO search_tri(search_tri) VALUES ('delete-all')")
    last = 0
    with backends.index_rows_as(24 if with_kinds else 23):
        while True:
            rows = conn.exec_driver_sql(
                "SELECT id, body, keys, owner_id, kind, personal_id FROM search_docs "
                "WHERE id > ? ORDER BY id LIMIT 5000", (last,)).all()
            if not rows:
                return
            conn.exec_driver_sql("INSERT INTO search_tri(rowid, body) VALUES (?, ?)", [
                (r[0], backends.sqlite_trigram_text(stored_index_texts(r[1], r[2])[0],
                                                    r[3], r[4], r[5]))
                for r in rows])
            last = rows[-1][0]


def upgrade() -> None:
    _refill(with_kinds=True)


def downgrade() -> None:
    _refill(with_kinds=False)
