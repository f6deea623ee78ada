"""Configurable pipeline stages: a Chinese name and retirement

Revision ID: 0006
Revises: 0005
Create Date: 2026-12-12

* ``opportunity_stages.name_zh``: the stage's name in Chinese (``name`` is the
  English one, or the one name an administrator gave); empty: the built-in
  translation, or ``name`` as typed.
* ``opportunity_stages.retired``: a retired stage is offered for no new move; the
  opportunities already in it keep showing it.  Stages are never deleted.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.add_column('opportunity_stages', sa.Column('name_zh', sa.String(length=60), nullable=True))
    op.add_column('opportunity_stages', sa.Column('retired', sa.Boolean(), nullable=False,
                                                  server_default=sa.false()))


def downgrade() -> None:
    with op.batch_alter_table('opportunity_stages', schema=None) as batch_op:
        batch_op.drop_column('retired')
        batch_op.drop_column('name_zh')
