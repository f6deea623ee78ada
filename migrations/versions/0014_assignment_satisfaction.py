"""Ticket assignment rules and customer satisfaction (issue 14, items 4-5)

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-05

* ``assignment_rules``: an ordered list of rules (conditions on the ticket's type,
  product, customer or customer level; a target user or team; active);
  ``assignment_pointers``: per team, the member who got its last ticket (round-robin).
* ``tickets.kind``: the ticket's type (question, fault, complaint, suggestion, other;
  empty on existing tickets); ``tickets.assigned_rule_id``: the rule that chose the
  assignee (the ticket's history keeps the rule's text too).
* ``ticket_satisfaction``: the customer's score (1-5) and comment per ticket, how it
  was taken (phone, survey, import), by whom and when, and the ticket's assignee then.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from crmdesk.core.models.base import UTCDateTime

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table(
        'assignment_rules',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('ticket_kind', sa.String(length=20), nullable=True),
        sa.Column('product_id', sa.Integer(), nullable=True),
        sa.Column('customer_id', sa.Integer(), nullable=True),
        sa.Column('customer_level', sa.String(length=1), nullable=True),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('team_id', sa.Integer(), nullable=True),
        sa.Column('active', sa.Boolean(), nullable=False),
        sa.Column('created_at', UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['customer_id'], ['customers.id'],
                                name=op.f('fk_assignment_rules_customer_id_customers')),
        sa.ForeignKeyConstraint(['product_id'], ['products.id'],
                                name=op.f('fk_assignment_rules_product_id_products')),
        sa.ForeignKeyConstraint(['team_id'], ['teams.id'],
                                name=op.f('fk_assignment_rules_team_id_teams')),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                                name=op.f('fk_assignment_rules_user_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_assignment_rules')),
    )
    op.create_table(
        'assignment_pointers',
        sa.Column('team_id', sa.Integer(), nullable=False),
        sa.Column('last_user_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['team_id'], ['teams.id'],
                                name=op.f('fk_assignment_pointers_team_id_teams')),
        sa.PrimaryKeyConstraint('team_id', name=op.f('pk_assignment_pointers')),
    )
    op.create_table(
        'ticket_satisfaction',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('ticket_id', sa.Integer(), nullable=False),
        sa.Column('score', sa.Integer(), nullable=False),
        sa.Column('comment', sa.Text(), nullable=True),
        sa.Column('source', sa.String(length=10), nullable=False),
        sa.Column('taken_by_id', sa.Integer(), nullable=True),
        sa.Column('taken_at', UTCDateTime(), nullable=False),
        sa.Column('assignee_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['assignee_id'], ['users.id'],
                                name=op.f('fk_ticket_satisfaction_assignee_id_users')),
        sa.ForeignKeyConstraint(['taken_by_id'], ['users.id'],
                                name=op.f('fk_ticket_satisfaction_taken_by_id_users')),
        sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'], ondelete='CASCADE',
                                name=op.f('fk_ticket_satisfaction_ticket_id_tickets')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_ticket_satisfaction')),
        sa.UniqueConstraint('ticket_id', name=op.f('uq_ticket_satisfaction_ticket_id')),
    )
    op.create_index(op.f('ix_ticket_satisfaction_taken_at'), 'ticket_satisfaction',
                    ['taken_at'], unique=False)
    op.create_index(op.f('ix_ticket_satisfaction_assignee_id'), 'ticket_satisfaction',
                    ['assignee_id'], unique=False)
    op.add_column('tickets', sa.Column('kind', sa.String(length=20), nullable=True))
    op.add_column('tickets', sa.Column('assigned_rule_id', sa.Integer(), nullable=True))


def downgrade() -> None:
    # plain ALTER TABLE ... DROP COLUMN (SQLite 3.35+): a batch would copy and drop tickets
    op.drop_column('tickets', 'assigned_rule_id')
    op.drop_column('tickets', 'kind')
    op.drop_index(op.f('ix_ticket_satisfaction_assignee_id'), table_name='ticket_satisfaction')
    op.drop_index(op.f('ix_ticket_satisfaction_taken_at'), table_name='ticket_satisfaction')
    op.drop_table('ticket_satisfaction')
    op.drop_table('assignment_pointers')
    op.drop_table('assignment_rules')
