"""The server's search documents indexed by kind and owner

A datasheet's quick filter of three or more characters on a server first reads the
matching records of its own kind among the actor's documents (``body LIKE`` through
the trigram index, the owners through their own index).  Without an index on the
kind, a manager's probe rechecked the documents of every kind that his eleven
owners' entries and the trigrams had in common: ``139`` in contacts read 16,000
documents for 6,600 contacts (~50 ms at a million customers).  With
``(kind, owner_id)`` the owners' entries are those of the list's kind only (18-30
ms).  An administrator's probe keeps reading by trigrams alone (the kind is half of
all documents there).  PostgreSQL only: SQLite answers the probe in its own full-text
index, which holds the kind and the owner.

Revision ID: 0021
Revises: 0020
Create Date: 2026-12-06
"""

from __future__ import annotations

from alembic import op

revision = '0021'
down_revision = '0020'
branch_labels = None
depends_on = None


def upgrade() -> None:
    if op.get_bind().dialect.name != 'postgresql':
        return
    op.execute("CREATE INDEX IF NOT EXISTS ix_search_docs_kind_owner "
               "ON search_docs (kind, owner_id)")


def downgrade() -> None:
    if op.get_bind().dialect.name != 'postgresql':
        return
    op.execute("DROP INDEX IF EXISTS ix_search_docs_kind_owner")
