"""Live customers indexed by owner, intent level, status and contact dates

The Today screen's "Past cadence" group (``cadence.past_cadence``) compares each live
customer's ``COALESCE(last_contact_at, created_at)`` with the cutoff of its status or
intent level.  Through the owner index it read every visible customer's row from the
table (about 2.7 KB each): 0.4-1.2 s at 100,000 customers for every role.  This index
holds every column the condition, the order and the count read (``deleted_at`` too,
so SQLite takes it as covering), so staff and managers search it by owner and an
administrator scans it instead of the table; only the 200 rows shown are read from
the table.  Both dialects (partial over live customers).

Revision ID: 0022
Revises: 0021
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0022'
down_revision = '0021'
branch_labels = None
depends_on = None

LIVE = sa.text("deleted_at IS NULL")


def upgrade() -> None:
    op.create_index('ix_customers_live_cadence', 'customers',
                    ['owner_id', 'intent_level', 'status', 'last_contact_at', 'created_at',
                     'deleted_at'], sqlite_where=LIVE, postgresql_where=LIVE)


def downgrade() -> None:
    op.drop_index('ix_customers_live_cadence', table_name='customers')
