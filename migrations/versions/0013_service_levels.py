"""Service levels: business hours, targets, ticket SLA clocks (issue 14, item 3)

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-05

* ``sla_targets``: first-response and resolution targets in working minutes per
  priority and optional customer category ("" = any).  Seeded: urgent 1h / 4h,
  high 2h / 1 day, normal 4h / 3 days, low 1 day / 5 days (a day = 9 working hours).
* ``sla_working_hours``: the working week (seeded Monday-Friday 09:00-18:00).
* ``sla_calendar_days``: holidays and make-up working days.
* ``ticket_slas``: each ticket's SLA clock (due and at-risk moments, first response,
  pause), with partial indexes for the "breached" and "at risk" lists.  Existing
  tickets get theirs when next changed (or by ``crmdesk sla check``).
* ``sla_breaches``: one escalation per ticket and target.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from crmdesk.core.models.base import UTCDateTime

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None

DAY = 9 * 60  # one working day of the seeded week
TARGETS = (("urgent", 60, 4 * 60), ("high", 120, DAY), ("normal", 4 * 60, 3 * DAY),
           ("low", DAY, 5 * DAY))
RESPONSE_OPEN = sa.text("first_responded_at IS NULL")
RESOLUTION_OPEN = sa.text("resolved_at IS NULL")


def upgrade() -> None:
    targets = op.create_table(
        'sla_targets',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('priority', sa.String(length=10), nullable=False),
        sa.Column('customer_category', sa.String(length=60), server_default='',
                  nullable=False),
        sa.Column('response_minutes', sa.Integer(), nullable=True),
        sa.Column('resolution_minutes', sa.Integer(), nullable=True),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_sla_targets')),
        sa.UniqueConstraint('priority', 'customer_category',
                            name='uq_sla_targets_priority_category'),
    )
    hours = op.create_table(
        'sla_working_hours',
        sa.Column('weekday', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('start_minute', sa.Integer(), nullable=False),
        sa.Column('end_minute', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('weekday', name=op.f('pk_sla_working_hours')),
    )
    op.create_table(
        'sla_calendar_days',
        sa.Column('day', sa.Date(), nullable=False),
        sa.Column('working', sa.Boolean(), nullable=False),
        sa.Column('start_minute', sa.Integer(), nullable=True),
        sa.Column('end_minute', sa.Integer(), nullable=True),
        sa.Column('note', sa.String(length=100), nullable=True),
        sa.PrimaryKeyConstraint('day', name=op.f('pk_sla_calendar_days')),
    )
    op.create_table(
        'ticket_slas',
        sa.Column('ticket_id', sa.Integer(), autoincrement=False, nullable=False),
        sa.Column('first_responded_at', UTCDateTime(), nullable=True),
        sa.Column('resolved_at', UTCDateTime(), nullable=True),
        sa.Column('response_due_at', UTCDateTime(), nullable=True),
        sa.Column('response_risk_at', UTCDateTime(), nullable=True),
        sa.Column('resolution_due_at', UTCDateTime(), nullable=True),
        sa.Column('resolution_risk_at', UTCDateTime(), nullable=True),
        sa.Column('paused_at', UTCDateTime(), nullable=True),
        sa.Column('computed_at', UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'],
                                name=op.f('fk_ticket_slas_ticket_id_tickets'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('ticket_id', name=op.f('pk_ticket_slas')),
    )
    op.create_index('ix_ticket_slas_response_due', 'ticket_slas', ['response_due_at'],
                    sqlite_where=RESPONSE_OPEN, postgresql_where=RESPONSE_OPEN)
    op.create_index('ix_ticket_slas_response_risk', 'ticket_slas', ['response_risk_at'],
                    sqlite_where=RESPONSE_OPEN, postgresql_where=RESPONSE_OPEN)
    op.create_index('ix_ticket_slas_resolution_due', 'ticket_slas', ['resolution_due_at'],
                    sqlite_where=RESOLUTION_OPEN, postgresql_where=RESOLUTION_OPEN)
    op.create_index('ix_ticket_slas_resolution_risk', 'ticket_slas', ['resolution_risk_at'],
                    sqlite_where=RESOLUTION_OPEN, postgresql_where=RESOLUTION_OPEN)
    op.create_table(
        'sla_breaches',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('ticket_id', sa.Integer(), nullable=False),
        sa.Column('target', sa.String(length=10), nullable=False),
        sa.Column('due_at', UTCDateTime(), nullable=False),
        sa.Column('detected_at', UTCDateTime(), nullable=False),
        sa.Column('assignee_id', sa.Integer(), nullable=True),
        sa.Column('manager_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['assignee_id'], ['users.id'],
                                name=op.f('fk_sla_breaches_assignee_id_users')),
        sa.ForeignKeyConstraint(['manager_id'], ['users.id'],
                                name=op.f('fk_sla_breaches_manager_id_users')),
        sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'],
                                name=op.f('fk_sla_breaches_ticket_id_tickets'),
                                ondelete='CASCADE'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_sla_breaches')),
        sa.UniqueConstraint('ticket_id', 'target', name='uq_sla_breaches_target'),
    )
    op.create_index(op.f('ix_sla_breaches_assignee_id'), 'sla_breaches', ['assignee_id'],
                    unique=False)
    op.create_index(op.f('ix_sla_breaches_manager_id'), 'sla_breaches', ['manager_id'],
                    unique=False)
    op.bulk_insert(targets, [{"priority": p, "customer_category": "", "response_minutes": r,
                              "resolution_minutes": d} for p, r, d in TARGETS])
    op.bulk_insert(hours, [{"weekday": d, "start_minute": 9 * 60, "end_minute": 18 * 60}
                           for d in range(5)])


def downgrade() -> None:
    op.drop_index(op.f('ix_sla_breaches_manager_id'), table_name='sla_breaches')
    op.drop_index(op.f('ix_sla_breaches_assignee_id'), table_name='sla_breaches')
    op.drop_table('sla_breaches')
    op.drop_index('ix_ticket_slas_resolution_risk', table_name='ticket_slas')
    op.drop_index('ix_ticket_slas_resolution_due', table_name='ticket_slas')
    op.drop_index('ix_ticket_slas_response_risk', table_name='ticket_slas')
    op.drop_index('ix_ticket_slas_response_due', table_name='ticket_slas')
    op.drop_table('ticket_slas')
    op.drop_table('sla_calendar_days')
    op.drop_table('sla_working_hours')
    op.drop_table('sla_targets')
