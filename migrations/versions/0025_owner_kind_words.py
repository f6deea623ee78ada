"""SQLite's full-text rows hold their owners' words of their kind

A list's quick filter asks the index for the documents of its kind that the actor's
owners hold.  The owners' words and the kind's word were ANDed: the kind's list is
as long as the kind (five million customers' documents at ten million), and a
manager's ``建国`` on the customers list cost 72 ms in the index alone, where the
owners' words without the kind took 20.  Each row now holds one word per owner of
its kind too (``storage.backends.owner_kind_token``: three private-use characters,
one trigram and one short token), so the index answers "these owners' customers
holding 建国" with one short list per owner (``SqliteBackend.matching_refs``).

SQLite's contentless tables cannot change a row: every row of both tables is written
again from its stored document: 86 s for a million customers' 2.1 million
documents, 19 minutes at ten million (each beside other work).  PostgreSQL holds
the kind and the owners as columns already: nothing to do there.

Revision ID: 0025
Revises: 0024
Create Date: 2026-12-07
"""

from __future__ import annotations

from alembic import op

revision = '0025'
down_revision = '0024'
branch_labels = None
depends_on = None


def _refill(revision_rows: int) -> None:
    """Every full-text row written again from its stored document, as *revision_rows*
    writes them (0025: with the owner-kind words; 0024: without)."""
    from crmdesk.core.search import stored_index_texts
    from crmdesk.storage import backends

    conn = op.get_bind()
    if conn.dialect.name != 'sqlite':
        return
    conn.exec_driver_sql("INSERT INTO search_tri(search_tri) VALUES ('delete-all')")
    conn.exec_driver_sql("INSERT INTO search_short(search_short) VALUES ('delete-all')")
    last = 0
    with backends.index_rows_as(revision_rows):
        while True:
            rows = conn.exec_driver_sql(
                "SELECT id, body, keys, owner_id, kind, personal_id FROM search_docs "
                "WHERE id > ? ORDER BY id LIMIT 5000", (last,)).all()
            if not rows:
                return
            texts = [(r[0], *stored_index_texts(r[1], r[2]), r[3], r[4], r[5]) for r in rows]
            conn.exec_driver_sql("INSERT INTO search_tri(rowid, body) VALUES (?, ?)", [
                (t[0], backends.sqlite_trigram_text(t[1], t[3], t[4], t[5])) for t in texts])
            conn.exec_driver_sql("INSERT INTO search_short(rowid, body) VALUES (?, ?)", [
                (t[0], backends.sqlite_short_text(t[2], t[3], t[4], t[5])) for t in texts])
            last = rows[-1][0]


def upgrade() -> None:
    _refill(25)


def downgrade() -> None:
    _refill(24)
