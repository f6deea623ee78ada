"""Diary and memo notes (issue 13, item 5)

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-05

* ``diary_notes``: a user's own dated notes (diary or memo), optionally linked to a
  customer.  See ``crmdesk.core.models.diary``.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from crmdesk.core.models.base import UTCDateTime

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'diary_notes',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('author_id', sa.Integer(), nullable=False),
        sa.Column('note_date', sa.Date(), nullable=False),
        sa.Column('kind', sa.String(length=10), nullable=False),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('body', sa.Text(), nullable=True),
        sa.Column('customer_id', sa.Integer(), nullable=True),
        sa.Column('created_at', UTCDateTime(), nullable=False),
        sa.Column('updated_at', UTCDateTime(), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('updated_by_id', sa.Integer(), nullable=True),
        sa.Column('deleted_at', UTCDateTime(), nullable=True),
        sa.Column('deleted_by_id', sa.Integer(), nullable=True),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['author_id'], ['users.id'],
                                name=op.f('fk_diary_notes_author_id_users')),
        sa.ForeignKeyConstraint(['customer_id'], ['customers.id'],
                                name=op.f('fk_diary_notes_customer_id_customers')),
        sa.ForeignKeyConstraint(['created_by_id'], ['users.id'],
                                name=op.f('fk_diary_notes_created_by_id_users')),
        sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'],
                                name=op.f('fk_diary_notes_updated_by_id_users')),
        sa.ForeignKeyConstraint(['deleted_by_id'], ['users.id'],
                                name=op.f('fk_diary_notes_deleted_by_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_diary_notes')),
    )
    op.create_index('ix_diary_notes_author_date', 'diary_notes', ['author_id', 'note_date'])
    op.create_index('ix_diary_notes_customer', 'diary_notes', ['customer_id'])


def downgrade() -> None:
    op.drop_index('ix_diary_notes_customer', table_name='diary_notes')
    op.drop_index('ix_diary_notes_author_date', table_name='diary_notes')
    op.drop_table('diary_notes')
