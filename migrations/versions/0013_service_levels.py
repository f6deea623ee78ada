"""Service levels: business hours, targets, ticket SLA clocks (issue 14, item 3)

Revision ID: 0013
Revises: 0012
Create Date: 2026-12-05

RESERVED: the helper that owns this revision replaces this docstring and the two
functions below with the real schema change.
"""

from __future__ import annotations

revision = '0013'
down_revision = '0012'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
