"""Work plans with review (issue 13, item 4)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-05

* ``work_plans``: a person's plan for a week or a month (goals, status draft /
  submitted / reviewed, the reviewer, when, and the review comment), one per person
  and period.  See ``crmdesk.core.models.work_plans``.
* ``plan_items``: the planned visits and calls, each an ordinary task, linked to
  their plan.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from crmdesk.core.models.base import UTCDateTime

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'work_plans',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('owner_id', sa.Integer(), nullable=False),
        sa.Column('period', sa.String(length=10), nullable=False),
        sa.Column('period_start', sa.Date(), nullable=False),
        sa.Column('goals', sa.Text(), nullable=True),
        sa.Column('status', sa.String(length=12), nullable=False),
        sa.Column('submitted_at', UTCDateTime(), nullable=True),
        sa.Column('reviewer_id', sa.Integer(), nullable=True),
        sa.Column('reviewed_at', UTCDateTime(), nullable=True),
        sa.Column('review_comment', sa.Text(), nullable=True),
        sa.Column('created_at', UTCDateTime(), nullable=False),
        sa.Column('updated_at', UTCDateTime(), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('updated_by_id', sa.Integer(), nullable=True),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['owner_id'], ['users.id'],
                                name=op.f('fk_work_plans_owner_id_users')),
        sa.ForeignKeyConstraint(['reviewer_id'], ['users.id'],
                                name=op.f('fk_work_plans_reviewer_id_users')),
        sa.ForeignKeyConstraint(['created_by_id'], ['users.id'],
                                name=op.f('fk_work_plans_created_by_id_users')),
        sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'],
                                name=op.f('fk_work_plans_updated_by_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_work_plans')),
        sa.UniqueConstraint('owner_id', 'period', 'period_start', name='uq_work_plans_period'),
    )
    op.create_index('ix_work_plans_start', 'work_plans', ['period_start', 'owner_id'])
    op.create_table(
        'plan_items',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('plan_id', sa.Integer(), nullable=False),
        sa.Column('task_id', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=10), nullable=False),
        sa.ForeignKeyConstraint(['plan_id'], ['work_plans.id'],
                                name=op.f('fk_plan_items_plan_id_work_plans')),
        sa.ForeignKeyConstraint(['task_id'], ['tasks.id'], ondelete='CASCADE',
                                name=op.f('fk_plan_items_task_id_tasks')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_plan_items')),
        sa.UniqueConstraint('task_id', name=op.f('uq_plan_items_task_id')),
    )
    op.create_index(op.f('ix_plan_items_plan_id'), 'plan_items', ['plan_id'], unique=False)


def downgrade() -> None:
    op.drop_index(op.f('ix_plan_items_plan_id'), table_name='plan_items')
    op.drop_table('plan_items')
    op.drop_index('ix_work_plans_start', table_name='work_plans')
    op.drop_table('work_plans')
