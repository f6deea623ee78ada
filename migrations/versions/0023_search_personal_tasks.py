"""Search documents hold their record's personal user (a ticket's assignee); tasks
are searched through the index

A ticket assigned to staff1 on staff3's customer is in staff1's ticket list (the
assignee shows it, ``child_scope``), but the search index held only the customer's
owner: staff1's search box never found it, and the ticket list's quick filter had
to read every ticket assigned to staff1 and check each one's text (a 5 % staff
member's tickets at ten million customers: 250-320 ms).

``search_docs.personal_id`` now holds the user a record belongs to besides its
customer (``RecordService.personal_columns``: a ticket's assignee, an
opportunity's owner), and where that is someone other than the customer's owner,
the full-text rows hold that user's word beside the owner's
(``storage.backends.owner_words``): the index then answers "staff1's matches"
with these records among them.

Only the documents whose personal user differs from the customer's owner are
written again in the full-text index (none in a file where every ticket is the
customer owner's); the column is filled for every ticket and opportunity.

Tasks get search documents (``services.tasks.task_doc``: the title, then the start
of the notes; the assignee as personal user): the task list's quick filter read
every task's title and notes (276-347 ms at ten million customers, two million
tasks, whatever the role) and now asks the index as the other lists do, and the
search box finds tasks.  Every live task is indexed here (about a minute per
million tasks).

Revision ID: 0023
Revises: 0022
Create Date: 2026-12-06
"""

from __future__ import annotations

import sqlalchemy as sa
from alembic import op

from crmdesk.storage.backends import index_rows_as

revision = '0023'
down_revision = '0022'
branch_labels = None
depends_on = None

SET = sa.text("personal_id IS NOT NULL")

# kind -> the record's table and personal column
_PERSONAL = {"ticket": ("tickets", "assignee_id"), "opportunity": ("opportunities", "owner_id")}

# the documents whose personal user is not the customer's owner: *old* is what their
# full-text rows hold (search.give_owners removes exactly that)
_OTHERS = ("SELECT id, body, keys AS doc_keys, owner_id, kind, ref_id, {old} AS personal_id, "
           "personal_id AS personal FROM search_docs WHERE personal_id IS NOT NULL "
           "AND personal_id <> coalesce(owner_id, 0) AND id > :last ORDER BY id LIMIT 5000")


def _rewrite(with_personal: bool) -> None:
    """Write again the full-text rows of the documents whose personal user is not the
    customer's owner: with that user's word (upgrade) or without (downgrade)."""
    from sqlalchemy.orm import Session

    from crmdesk.core import search

    session = Session(bind=op.get_bind())
    query = sa.text(_OTHERS.format(old="NULL" if with_personal else "personal_id"))
    last = 0
    while True:
        rows = session.execute(query, {"last": last}).all()
        if not rows:
            break
        last = rows[-1].id
        search.give_owners(session, rows, [(r.owner_id, r.personal if with_personal else None)
                                           for r in rows])
    session.flush()


def _index_tasks() -> None:
    """A search document for every live task, as ``TaskService`` writes them."""
    from sqlalchemy.orm import Session

    from crmdesk.core import search
    from crmdesk.core.services.tasks import task_doc

    conn = op.get_bind()
    session = Session(bind=conn)
    last = 0
    while True:
        rows = conn.execute(sa.text(
            "SELECT t.id, t.customer_id, t.title, t.notes, t.assignee_id, c.name "
            "FROM tasks AS t LEFT JOIN customers AS c ON c.id = t.customer_id "
            "WHERE t.id > :last AND t.deleted_at IS NULL ORDER BY t.id LIMIT 5000"),
            {"last": last}).all()
        if not rows:
            break
        last = rows[-1].id
        search.write_prepared(session, search.prepare([task_doc(r, r.name) for r in rows]))
    session.flush()
    search.clear_text_caches()


def upgrade() -> None:
    op.add_column('search_docs', sa.Column('personal_id', sa.Integer(), nullable=True))
    for kind, (table, column) in _PERSONAL.items():
        op.execute(f"UPDATE search_docs SET personal_id = (SELECT r.{column} FROM {table} "
                   f"AS r WHERE r.id = search_docs.ref_id) WHERE kind = '{kind}'")
    op.create_index('ix_search_docs_personal', 'search_docs', ['personal_id'],
                    sqlite_where=SET, postgresql_where=SET)
    # the rows as this revision found and leaves them: without the kind's word (0024)
    with index_rows_as(23):
        _rewrite(with_personal=True)
        _index_tasks()


def downgrade() -> None:
    from sqlalchemy.orm import Session

    from crmdesk.core import search

    conn = op.get_bind()
    task_ids = list(conn.execute(sa.text(
        "SELECT ref_id FROM search_docs WHERE kind = 'task'")).scalars())
    with index_rows_as(23):  # as 0024's downgrade left them
        search.remove(Session(bind=conn), "task", task_ids)
        _rewrite(with_personal=False)
    op.drop_index('ix_search_docs_personal', table_name='search_docs')
    op.drop_column('search_docs', 'personal_id')
