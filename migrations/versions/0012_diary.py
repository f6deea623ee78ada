"""Diary and memo notes (issue 13, item 5)

Revision ID: 0012
Revises: 0011
Create Date: 2026-12-05

RESERVED: the helper that owns this revision replaces this docstring and the two
functions below with the real schema change.
"""

from __future__ import annotations

revision = '0012'
down_revision = '0011'
branch_labels = None
depends_on = None


def upgrade() -> None:
    pass


def downgrade() -> None:
    pass
