"""Knowledge base articles and ticket links (issue 14, items 6-7)

Revision ID: 0015
Revises: 0014
Create Date: 2026-12-05

* ``articles``: code, title, Markdown body, category, comma-separated tags, status
  (draft or published), author, publication time, the usual created/updated/
  deleted (retired) columns and a version.
* ``ticket_articles``: which article was used for which ticket, by whom and when
  (one row per ticket and article).
* ``tickets.order_id``, ``opportunity_id``, ``product_id``: what a ticket is about,
  each nullable, plain ids without a foreign key (a purged record leaves a link that
  shows as nothing; purging never fails on a ticket).
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from crmdesk.core.models.base import UTCDateTime

revision = '0015'
down_revision = '0014'
branch_labels = None
depends_on = None

LINKS = ("order_id", "opportunity_id", "product_id")


def upgrade() -> None:
    op.create_table(
        'articles',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('code', sa.String(length=20), nullable=False),
        sa.Column('title', sa.String(length=200), nullable=False),
        sa.Column('body', sa.Text(), nullable=False),
        sa.Column('category', sa.String(length=60), nullable=True),
        sa.Column('tags', sa.String(length=400), nullable=True),
        sa.Column('status', sa.String(length=10), nullable=False, server_default='draft'),
        sa.Column('author_id', sa.Integer(), nullable=True),
        sa.Column('published_at', UTCDateTime(), nullable=True),
        sa.Column('created_at', UTCDateTime(), nullable=False),
        sa.Column('updated_at', UTCDateTime(), nullable=False),
        sa.Column('created_by_id', sa.Integer(), nullable=True),
        sa.Column('updated_by_id', sa.Integer(), nullable=True),
        sa.Column('deleted_at', UTCDateTime(), nullable=True),
        sa.Column('deleted_by_id', sa.Integer(), nullable=True),
        sa.Column('version', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['author_id'], ['users.id'],
                                name=op.f('fk_articles_author_id_users')),
        sa.ForeignKeyConstraint(['created_by_id'], ['users.id'],
                                name=op.f('fk_articles_created_by_id_users')),
        sa.ForeignKeyConstraint(['updated_by_id'], ['users.id'],
                                name=op.f('fk_articles_updated_by_id_users')),
        sa.ForeignKeyConstraint(['deleted_by_id'], ['users.id'],
                                name=op.f('fk_articles_deleted_by_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_articles')),
        sa.UniqueConstraint('code', name=op.f('uq_articles_code')),
    )
    op.create_index(op.f('ix_articles_author_id'), 'articles', ['author_id'], unique=False)
    op.create_table(
        'ticket_articles',
        sa.Column('id', sa.Integer(), nullable=False),
        sa.Column('ticket_id', sa.Integer(), nullable=False),
        sa.Column('article_id', sa.Integer(), nullable=False),
        sa.Column('user_id', sa.Integer(), nullable=True),
        sa.Column('at', UTCDateTime(), nullable=False),
        sa.ForeignKeyConstraint(['ticket_id'], ['tickets.id'],
                                name=op.f('fk_ticket_articles_ticket_id_tickets'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['article_id'], ['articles.id'],
                                name=op.f('fk_ticket_articles_article_id_articles'),
                                ondelete='CASCADE'),
        sa.ForeignKeyConstraint(['user_id'], ['users.id'],
                                name=op.f('fk_ticket_articles_user_id_users')),
        sa.PrimaryKeyConstraint('id', name=op.f('pk_ticket_articles')),
        sa.UniqueConstraint('ticket_id', 'article_id', name='uq_ticket_articles_pair'),
    )
    op.create_index(op.f('ix_ticket_articles_ticket_id'), 'ticket_articles', ['ticket_id'],
                    unique=False)
    op.create_index(op.f('ix_ticket_articles_article_id'), 'ticket_articles', ['article_id'],
                    unique=False)
    # plain ids, no foreign key (purging an order, opportunity or product must not fail on
    # a ticket that names it); ALTER TABLE ... ADD COLUMN on both databases
    for column in LINKS:
        op.add_column('tickets', sa.Column(column, sa.Integer(), nullable=True))


def downgrade() -> None:
    for column in reversed(LINKS):
        op.drop_column('tickets', column)
    op.drop_index(op.f('ix_ticket_articles_article_id'), table_name='ticket_articles')
    op.drop_index(op.f('ix_ticket_articles_ticket_id'), table_name='ticket_articles')
    op.drop_table('ticket_articles')
    op.drop_index(op.f('ix_articles_author_id'), table_name='articles')
    op.drop_table('articles')
