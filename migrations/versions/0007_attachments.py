"""Attachments on any record, stored inside the database

Revision ID: 0007
Revises: 0006
Create Date: 2026-12-14

* ``attachments``: one row per file attached to a record (``entity``, ``record_id``),
  with the customer it belonged to, its name, type, size, SHA-256, who added it and
  when, and the recycle bin (``deleted_at``, ``deleted_by_id``).
* ``attachment_data``: the file's bytes in chunks of 1 MiB (``chunk`` 0, 1, ...).
  See ``crmdesk.core.models.attachments``.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from crmdesk.core.models.base import UTCDateTime

revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'attachments',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('entity', sa.String(length=20), nullable=False),
        sa.Column('record_id', sa.Integer(), nullable=False),
        sa.Column('customer_id', sa.Integer(), nullable=True),
        sa.Column('file_name', sa.String(length=255), nullable=False),
        sa.Column('mime_type', sa.String(length=100), nullable=False),
        sa.Column('size', sa.Integer(), nullable=False),
        sa.Column('sha256', sa.String(length=64), nullable=False),
        sa.Column('created_at', UTCDateTime(), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('deleted_at', UTCDateTime(), nullable=True),
        sa.Column('deleted_by_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['created_by_id'], ['users.id'],
                                name=op.f('fk_attachments_created_by_id_users')),
        sa.ForeignKeyConstraint(['deleted_by_id'], ['users.id'],
                                name=op.f('fk_attachments_deleted_by_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_attachments')),
    )
    op.create_index('ix_attachments_record', 'attachments', ['entity', 'record_id'],
                    unique=False)
    op.create_index(op.f('ix_attachments_customer_id'), 'attachments', ['customer_id'],
                    unique=False)
    op.create_table(
        'attachment_data',
        sa.Column('attachment_id', sa.Integer(), nullable=False),
        sa.Column('chunk', sa.Integer(), nullable=False),
        sa.Column('data', sa.LargeBinary(), nullable=False),
        sa.ForeignKeyConstraint(['attachment_id'], ['attachments.id'],
                                name=op.f('fk_attachment_data_attachment_id_attachments'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('attachment_id', 'chunk', name=op.f('pk_attachment_data')),
    )


def downgrade() -> None:
    op.drop_table('attachment_data')
    op.drop_index(op.f('ix_attachments_customer_id'), table_name='attachments')
    op.drop_index('ix_attachments_record', table_name='attachments')
    op.drop_table('attachments')
