"""Ticket assignment rules and customer satisfaction (issue 14, items 4-5)

Revision ID: 0014
Revises: 0013
Create Date: 2026-12-05

RESERVED: the helper that owns this revision replaces this docstring and the two
functions below with the real schema change.
"""

from __future__ import annotations

revision = '0014'
down_revision = '0013'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
