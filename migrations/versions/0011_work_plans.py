"""Work plans with review (issue 13, item 4)

Revision ID: 0011
Revises: 0010
Create Date: 2026-12-05

RESERVED: the helper that owns this revision replaces this docstring and the two
functions below with the real schema change.
"""

from __future__ import annotations

revision = '0011'
down_revision = '0010'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
