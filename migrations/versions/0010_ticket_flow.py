"""Ticket statuses with categories, Chinese names and colours; allowed transitions

Revision ID: 0010
Revises: 0009
Create Date: 2026-12-05

* ``ticket_statuses.category``: "open", "waiting" or "closed" (``is_closed`` stays,
  always equal to ``category == 'closed'``); ``name_zh``: the name in Chinese;
  ``colour``: "#rrggbb" or empty.  ``position`` and ``active`` (False: retired)
  exist since 0001.
* ``ticket_transitions``: which status may follow which, and the roles that may
  make the move (comma-separated).  The upgrade allows every move among the
  existing statuses to every role, except reopening a closed ticket (from a closed
  status to an open or waiting one): managers and administrators only.  So old
  files keep working as before, with that one rule added.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0010'
down_revision = '0009'
branch_labels = None
depends_on = None

EVERYONE = "admin,manager,staff"
MANAGERS = "admin,manager"


def upgrade() -> None:
    op.add_column('ticket_statuses', sa.Column('name_zh', sa.String(length=60), nullable=True))
    op.add_column('ticket_statuses', sa.Column('category', sa.String(length=10), nullable=False,
                                               server_default='open'))
    op.add_column('ticket_statuses', sa.Column('colour', sa.String(length=7), nullable=True))
    op.create_table(
        'ticket_transitions',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('from_status_id', sa.Integer(), nullable=False),
        sa.Column('to_status_id', sa.Integer(), nullable=False),
        sa.Column('roles', sa.String(length=40), nullable=False),
        sa.ForeignKeyConstraint(['from_status_id'], ['ticket_statuses.id'],
                                name=op.f('fk_ticket_transitions_from_status_id_ticket_statuses')),
        sa.ForeignKeyConstraint(['to_status_id'], ['ticket_statuses.id'],
                                name=op.f('fk_ticket_transitions_to_status_id_ticket_statuses')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_ticket_transitions')),
        sa.UniqueConstraint('from_status_id', 'to_status_id',
                            name='uq_ticket_transitions_move'),
    )
    bind = op.get_bind()
    statuses = sa.table('ticket_statuses', sa.column('id', sa.Integer),
                        sa.column('key', sa.String), sa.column('is_closed', sa.Boolean),
                        sa.column('category', sa.String))
    # today's statuses: closed ones are "closed"; "waiting" (waiting for customer) waits
    bind.execute(statuses.update().where(statuses.c.is_closed.is_(True))
                 .values(category='closed'))
    bind.execute(statuses.update().where(statuses.c.is_closed.is_(False),
                                         statuses.c.key == 'waiting')
                 .values(category='waiting'))
    rows = list(bind.execute(sa.select(statuses.c.id, statuses.c.is_closed)))
    transitions = sa.table('ticket_transitions', sa.column('from_status_id', sa.Integer),
                           sa.column('to_status_id', sa.Integer),
                           sa.column('roles', sa.String))
    moves = [{"from_status_id": a_id, "to_status_id": b_id,
              "roles": MANAGERS if a_closed and not b_closed else EVERYONE}
             for a_id, a_closed in rows for b_id, b_closed in rows if a_id != b_id]
    if moves:
        op.bulk_insert(transitions, moves)


def downgrade() -> None:
    op.drop_table('ticket_transitions')
    # plain ALTER TABLE ... DROP COLUMN (SQLite 3.35+): a batch would copy and drop
    # ticket_statuses, which the tickets' foreign keys refuse
    op.drop_column('ticket_statuses', 'colour')
    op.drop_column('ticket_statuses', 'category')
    op.drop_column('ticket_statuses', 'name_zh')
