"""Reminders that fire, recurring tasks

Revision ID: 0008
Revises: 0007
Create Date: 2026-12-16

* ``reminder_states``: a user's snooze or dismissal of one reminder (a task, a
  customer's planned follow-up, a ticket's due date), about the time or date it
  was for.  See ``crmdesk.core.models.reminders``.
* ``tasks.recurrence`` (RFC 5545 RRULE value), ``series_id``, ``series_start``,
  ``occurrence_at``, ``series_values``: recurring tasks (``crmdesk.core.recurrence``).
* Indexes for the once-a-minute check: one assignee's open tasks by reminder time,
  one owner's live customers by follow-up date, one assignee's live tickets by due
  date.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from crmdesk.core.models.base import UTCDateTime

revision = '0008'
down_revision = '0007'
branch_labels = None
depends_on = None

LIVE = sa.text("deleted_at IS NULL")


def upgrade() -> None:
    op.create_table(
        'reminder_states',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('ref_id', sa.Integer(), nullable=False),
        sa.Column('remind_at', UTCDateTime(), nullable=True),
        sa.Column('due_date', sa.Date(), nullable=True),
        sa.Column('snoozed_until', UTCDateTime(), nullable=True),
        sa.Column('dismissed_at', UTCDateTime(), nullable=True),
        sa.Column('updated_at', UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                                name=op.f('fk_reminder_states_user_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_reminder_states')),
        sa.UniqueConstraint('user_id', 'kind', 'ref_id', name='uq_reminder_state'),
    )
    op.add_column('tasks', sa.Column('recurrence', sa.String(length=200), nullable=True))
    op.add_column('tasks', sa.Column('series_id', sa.Integer(), nullable=True))
    op.add_column('tasks', sa.Column('series_start', UTCDateTime(), nullable=True))
    op.add_column('tasks', sa.Column('occurrence_at', UTCDateTime(), nullable=True))
    op.add_column('tasks', sa.Column('series_values', sa.Text(), nullable=True))
    op.create_index(op.f('ix_tasks_series_id'), 'tasks', ['series_id'], unique=False)
    op.create_index('ix_tasks_open_assignee', 'tasks', ['assignee_id', 'remind_at', 'due_at'],
                    sqlite_where=sa.text("done = 0 AND deleted_at IS NULL"),
                    postgresql_where=sa.text("NOT done AND deleted_at IS NULL"))
    op.create_index('ix_customers_owner_follow_up', 'customers',
                    ['owner_id', 'next_follow_up'], sqlite_where=LIVE, postgresql_where=LIVE)
    op.create_index('ix_tickets_assignee_due', 'tickets', ['assignee_id', 'due_date'],
                    sqlite_where=LIVE, postgresql_where=LIVE)


def downgrade() -> None:
    op.drop_index('ix_tickets_assignee_due', table_name='tickets')
    op.drop_index('ix_customers_owner_follow_up', table_name='customers')
    op.drop_index('ix_tasks_open_assignee', table_name='tasks')
    op.drop_index(op.f('ix_tasks_series_id'), table_name='tasks')
    with op.batch_alter_table('tasks', schema=None) as batch_op:
        batch_op.drop_column('series_values')
        batch_op.drop_column('occurrence_at')
        batch_op.drop_column('series_start')
        batch_op.drop_column('series_id')
        batch_op.drop_column('recurrence')
    op.drop_table('reminder_states')
