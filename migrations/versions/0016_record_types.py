"""Record types designed by an administrator (issue 15, items 1-2)

Revision ID: 0016
Revises: 0015
Create Date: 2026-12-05

* ``record_types``: one row per type an administrator designs: key, names in Chinese
  and English, icon, code prefix, whether records belong to a customer or an owner,
  the form's sections (JSON), its statuses and the moves between them (JSON), the
  name of the table holding its records, a version
  bumped by every change of the definition, retired, position.
* ``record_type_fields``: the fields of each type: key, names, kind, required,
  unique, indexed, shown in the list, default, min, max, help texts, choices (JSON),
  the record type a reference points to, section, position, retired and the column
  of the type's table that holds the values.

The records of each type live in a table of their own (``rt_<key>``), created and
altered at runtime by ``crmdesk.core.record_types.tables`` in the transaction that
changes the definition; no migration names them.  A downgrade drops them too.
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from crmdesk.core.models.base import UTCDateTime

revision = '0016'
down_revision = '0015'
branch_labels = None
depends_on = None


def _stamps(table: str) -> list[sa.SchemaItem]:
    return [
        sa.Column('created_at', UTCDateTime(), nullable=False),
        sa.Column('updated_at', UTCDateTime(), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('updated_by_id', sa.Integer(), nullable=True),
        sa.ForeignKeyConstraint(['created_by_id'], ['users.id'],
                                name=op.f(f'fk_{table}_created_by_id_users')),
        sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'],
                                name=op.f(f'fk_{table}_updated_by_id_users')),
    ]


def upgrade() -> None:
    op.create_table(
        'record_types',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('key', sa.String(length=16), nullable=False),
        sa.Column('name_zh', sa.String(length=100), nullable=False),
        sa.Column('name_en', sa.String(length=100), nullable=False),
        sa.Column('icon', sa.String(length=40), nullable=True),
        sa.Column('code_prefix', sa.String(length=8), nullable=True),
        sa.Column('belongs_to', sa.String(length=10), nullable=False),
        sa.Column('sections', sa.Text(), nullable=True),
        sa.Column('statuses', sa.Text(), nullable=True),
        sa.Column('table_name', sa.String(length=40), nullable=False),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.Column('retired', sa.Boolean(), nullable=False),
        sa.Column('position', sa.Integer(), nullable=False),
        *_stamps('record_types'),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_record_types')),
        sa.UniqueConstraint('key', name=op.f('uq_record_types_key')),
    )
    op.create_table(
        'record_type_fields',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('type_id', sa.Integer(), nullable=False),
        sa.Column('key', sa.String(length=30), nullable=False),
        sa.Column('name_zh', sa.String(length=100), nullable=False),
        sa.Column('name_en', sa.String(length=100), nullable=False),
        sa.Column('kind', sa.String(length=20), nullable=False),
        sa.Column('required', sa.Boolean(), nullable=False),
        sa.Column('unique', sa.Boolean(), nullable=False),
        sa.Column('indexed', sa.Boolean(), nullable=False),
        sa.Column('in_list', sa.Boolean(), nullable=False),
        sa.Column('default_value', sa.Text(), nullable=True),
        sa.Column('min_value', sa.String(length=40), nullable=True),
        sa.Column('max_value', sa.String(length=40), nullable=True),
        sa.Column('help_zh', sa.Text(), nullable=True),
        sa.Column('help_en', sa.Text(), nullable=True),
        sa.Column('choices', sa.Text(), nullable=True),
        sa.Column('target', sa.String(length=16), nullable=True),
        sa.Column('section', sa.String(length=30), nullable=True),
        sa.Column('position', sa.Integer(), nullable=False),
        sa.Column('retired', sa.Boolean(), nullable=False),
        sa.Column('column_name', sa.String(length=40), nullable=False),
        *_stamps('record_type_fields'),
        sa.ForeignKeyConstraint(['type_id'], ['record_types.id'], ondelete='CASCADE',
                                name=op.f('fk_record_type_fields_type_id_record_types')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_record_type_fields')),
        sa.UniqueConstraint('type_id', 'key', name=op.f('uq_record_type_fields_type_id')),
    )
    op.create_index(op.f('ix_record_type_fields_type_id'), 'record_type_fields', ['type_id'])


def downgrade() -> None:
    bind = op.get_bind()
    for (table,) in bind.execute(sa.text("SELECT table_name FROM record_types")).all():
        op.drop_table(str(table))
    op.drop_index(op.f('ix_record_type_fields_type_id'), table_name='record_type_fields')
    op.drop_table('record_type_fields')
    op.drop_table('record_types')
