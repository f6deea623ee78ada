"""Keys that follow visibility, a signed audit log, distinct customers counted

Revision ID: 0005
Revises: 0004
Create Date: 2026-12-05

* ``user_keys``, ``scope_keys``, ``key_grants``: see ``crmdesk.core.models.keys``.
  The schema only: splitting a file's one data key into scope keys needs an
  administrator's password, so it happens at the first administrator login after
  this upgrade (``crmdesk.core.keys.split_legacy_key``); until then the file works
  as before.
* ``audit_log.format``, ``signer_key_id``, ``signature``: entries written from the
  split on are signed; older entries stay as unsigned history.
* ``access_events.customer_id``: the anti-scraping guard counts distinct customers.
* ``users.wrapped_data_key`` stays (emptied at the split: an empty value means no
  copy of the old data key; no table copy of ``users``, which others reference).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from crmdesk.core.models.base import UTCDateTime

revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'user_keys',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('box_public', sa.LargeBinary(length=32), nullable=False),
        sa.Column('sign_public', sa.LargeBinary(length=32), nullable=False),
        sa.Column('wrapped_private', sa.LargeBinary(length=128), nullable=False),
        sa.Column('created_at', UTCDateTime(), nullable=False),
        sa.Column('retired_at', UTCDateTime(), nullable=True),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'], name=op.f('fk_user_keys_user_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_user_keys')),
    )
    op.create_index(op.f('ix_user_keys_user_id'), 'user_keys', ['user_id'], unique=False)
    op.create_table(
        'scope_keys',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('scope', sa.String(length=40), nullable=False),
        sa.Column('generation', sa.Integer(), nullable=False),
        sa.Column('created_at', UTCDateTime(), nullable=False),
        sa.Column('retiring', sa.Boolean(), nullable=False),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_scope_keys')),
    )
    op.create_index(op.f('ix_scope_keys_scope'), 'scope_keys', ['scope'], unique=False)
    op.create_table(
        'key_grants',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('scope_key_id', sa.Integer(), nullable=False),
        sa.Column('user_key_id', sa.Integer(), nullable=False),
        sa.Column('wrapped', sa.LargeBinary(length=128), nullable=False),
        sa.ForeignKeyConstraint(['scope_key_id'], ['scope_keys.id'],
                                name=op.f('fk_key_grants_scope_key_id_scope_keys')),
        sa.ForeignKeyConstraint(['user_key_id'], ['user_keys.id'],
                                name=op.f('fk_key_grants_user_key_id_user_keys')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_key_grants')),
        sa.UniqueConstraint('scope_key_id', 'user_key_id', name='uq_key_grant'),
    )
    op.create_index(op.f('ix_key_grants_scope_key_id'), 'key_grants', ['scope_key_id'])
    op.create_index(op.f('ix_key_grants_user_key_id'), 'key_grants', ['user_key_id'])
    # audit_log has append-only triggers: plain ADD COLUMN keeps them (no table copy)
    op.add_column('audit_log', sa.Column('format', sa.Integer(), nullable=True))
    op.add_column('audit_log', sa.Column('signer_key_id', sa.Integer(), nullable=True))
    op.add_column('audit_log', sa.Column('signature', sa.LargeBinary(length=64), nullable=True))
    op.add_column('access_events', sa.Column('customer_id', sa.Integer(), nullable=True))
    op.create_index('ix_access_events_user_customer', 'access_events',
                    ['user_id', 'customer_id'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_access_events_user_customer', table_name='access_events')
    with op.batch_alter_table('access_events', schema=None) as batch_op:
        batch_op.drop_column('customer_id')
    with op.batch_alter_table('audit_log', schema=None) as batch_op:
        batch_op.drop_column('signature')
        batch_op.drop_column('signer_key_id')
        batch_op.drop_column('format')
    op.drop_table('key_grants')
    op.drop_table('scope_keys')
    op.drop_table('user_keys')
