"""audit_log.message and audit_log.params: entries as a message key with parameters

Revision ID: 0003
Revises: 0002
Create Date: 2026-12-05

A new entry stores its summary as the English source text of a translatable
message (``message``) and its parameters (``params``, JSON), so the audit log
reads in each reader's language.  Both are part of the entry's hash.  Entries
written before keep only their stored ``summary`` text, and their hash is
computed as before, so the chain still verifies.

Plain ``ADD COLUMN`` (no table copy): the log's append-only triggers stay.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('audit_log', sa.Column('message', sa.String(length=300), nullable=True))
    op.add_column('audit_log', sa.Column('params', sa.Text(), nullable=True))


def downgrade() -> None:
    op.drop_column('audit_log', 'params')
    op.drop_column('audit_log', 'message')
