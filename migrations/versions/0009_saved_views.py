"""Saved views of the datasheets

Revision ID: 0009
Revises: 0008
Create Date: 2026-12-05

* ``saved_views``: a datasheet's filters, sort, quick filter and columns saved under a
  name by a user, private or shared with the owner's team.  See
  ``crmdesk.core.models.saved_views``.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from crmdesk.core.models.base import UTCDateTime

revision = '0009'
down_revision = '0008'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'saved_views',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('entity', sa.String(length=20), nullable=False),
        sa.Column('name', sa.String(length=100), nullable=False),
        sa.Column('owner_id', sa.Integer(), nullable=False),
        sa.Column('shared_team_id', sa.Integer(), nullable=True),
        sa.Column('query', sa.Text(), nullable=False),
        sa.Column('created_at', UTCDateTime(), nullable=False),
        sa.Column('updated_at', UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['owner_id'], ['users.id'],
                                name=op.f('fk_saved_views_owner_id_users')),
        sa.ForeignKeyConstraint(['shared_team_id'], ['teams.id'],
                                name=op.f('fk_saved_views_shared_team_id_teams')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_saved_views')),
    )
    op.create_index('ix_saved_views_owner', 'saved_views', ['owner_id', 'entity'])
    op.create_index('ix_saved_views_team', 'saved_views', ['shared_team_id', 'entity'])


def downgrade() -> None:
    op.drop_index('ix_saved_views_team', table_name='saved_views')
    op.drop_index('ix_saved_views_owner', table_name='saved_views')
    op.drop_table('saved_views')
