"""Record types designed by an administrator (issue 15, items 1-2)

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-05

RESERVED: the helper that owns this revision replaces this docstring and the two
functions below with the real schema change.
"""

from __future__ import annotations

revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
