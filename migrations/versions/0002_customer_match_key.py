"""customers.match_key: the name key used to find duplicate customers

Revision ID: 0002
Revises: 0001
Create Date: 2026-11-25

Adds the column and its index, and fills it for the customers already there
(``crmdesk.core.matching.match_key`` of kind, name and company).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

revision = '0002'
down_revision = '0001'
branch_labels = None
depends_on = None

BATCH = 5000


def upgrade() -> None:
    from crmdesk.core.matching import match_key

    with op.batch_alter_table('customers', schema=None) as batch_op:
        batch_op.add_column(sa.Column('match_key', sa.String(length=120), nullable=True))
        batch_op.create_index(batch_op.f('ix_customers_match_key'), ['match_key'], unique=False)

    conn = op.get_bind()
    customers = sa.table('customers', sa.column('id', sa.Integer), sa.column('kind', sa.String),
                         sa.column('name', sa.String), sa.column('company', sa.String),
                         sa.column('match_key', sa.String))
    last = 0
    while True:
        rows = conn.execute(sa.select(customers.c.id, customers.c.kind, customers.c.name,
                                      customers.c.company)
                            .where(customers.c.id > last).order_by(customers.c.id)
                            .limit(BATCH)).all()
        if not rows:
            break
        keyed = [{"key_id": r.id, "key": match_key(r.kind, r.name, r.company)} for r in rows]
        keyed = [k for k in keyed if k["key"] is not None]
        if keyed:
            conn.execute(customers.update().where(customers.c.id == sa.bindparam("key_id"))
                         .values(match_key=sa.bindparam("key")), keyed)
        last = rows[-1].id


def downgrade() -> None:
    with op.batch_alter_table('customers', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_customers_match_key'))
        batch_op.drop_column('match_key')
