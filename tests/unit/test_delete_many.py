"""Deleting a selection (the datasheet's Delete of ten thousand rows): each record moves to
the recycle bin and gets its audit entry, as one by one, in a few statements per chunk;
the audit chain is the one `record` writes (it verifies, signatures and all); what the
user may not delete, or what is gone, refuses the whole selection."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select

from crmdesk.core import search
from crmdesk.core.models import AuditEntry, Customer, Task
from crmdesk.core.services import audit, records
from crmdesk.core.services.customers import customers
from crmdesk.core.services.tasks import tasks
from crmdesk.errors import NotFound
from crmdesk.jobs import Cancelled, Job
from tests.statements import statements_of


def _customers(db, actor, n: int, prefix: str = "删除") -> list[int]:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        return [customers.create(s, actor, {"name": f"{prefix}{i:03d}"}).id for i in range(n)]


def test_each_record_goes_to_the_bin_with_its_own_entry_in_one_verified_chain(  # type: ignore[no-untyped-def]
        db, users, monkeypatch) -> None:
    monkeypatch.setattr(records, "DELETE_CHUNK", 7)  # several chunks
    ids = _customers(db, users.staff1, 20)
    with db.transaction() as s:
        assert search.search(s, users.staff1, "删除")  # found before
        first = audit.head(s).id
        assert customers.delete_many(s, users.staff1, ids) == 20
    with db.session() as s:
        gone = s.execute(select(Customer.id, Customer.deleted_at, Customer.deleted_by_id)
                         .where(Customer.id.in_(ids))).all()
        assert all(r.deleted_at is not None and r.deleted_by_id == users.staff1.user_id
                   for r in gone)
        entries = s.execute(select(AuditEntry).where(AuditEntry.id > first)
                            .order_by(AuditEntry.id)).scalars().all()
        assert [(e.action, e.entity, e.entity_id) for e in entries] == [
            ("delete", "customer", i) for i in ids]
        assert entries[0].summary.endswith(" 删除000") and entries[0].signature is not None
        assert '"name": "删除000"' in entries[0].before
        assert audit.verify_chain(s).ok  # the same hashes and signatures as one by one
        assert search.search(s, users.staff1, "删除") == []  # out of the search too
    with db.transaction() as s:  # the recycle bin brings one back as before
        customers.restore(s, users.admin, ids[3])
    with db.session() as s:
        assert customers.get(s, users.staff1, ids[3]).name == "删除003"
        assert audit.verify_chain(s).ok


def test_a_selection_is_deleted_in_few_statements(db, users) -> None:  # type: ignore[no-untyped-def]
    ids = _customers(db, users.staff1, 60)
    with db.transaction() as s, statements_of(db.engine) as statements:
        customers.delete_many(s, users.staff1, ids)
    audit_inserts = [x for x in statements if x.startswith("INSERT INTO audit_log")]
    assert len(audit_inserts) <= 2, audit_inserts  # one batch (a server: one statement)
    # one by one took about 20 statements a record (1,200 here)
    assert len(statements) < 120, len(statements)


def test_a_record_not_yours_or_gone_refuses_the_whole_selection(db, users) -> None:  # type: ignore[no-untyped-def]
    mine = _customers(db, users.staff1, 3)
    theirs = _customers(db, users.staff3, 1, prefix="别人")
    with pytest.raises(NotFound):
        with db.transaction() as s:
            customers.delete_many(s, users.staff1, [*mine, *theirs])
    with db.transaction() as s:
        customers.delete(s, users.staff1, mine[0])
    with pytest.raises(NotFound):  # already in the recycle bin
        with db.transaction() as s:
            customers.delete_many(s, users.staff1, mine)
    with db.session() as s:
        live = s.execute(select(func.count()).select_from(Customer).where(
            Customer.id.in_([*mine, *theirs]), Customer.deleted_at.is_(None))).scalar_one()
        assert live == 3  # nothing of the refused selections was deleted
        assert audit.verify_chain(s).ok


def test_cancelling_between_chunks_deletes_nothing(db, users, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.setattr(records, "DELETE_CHUNK", 5)
    ids = _customers(db, users.staff1, 12)
    job = Job()
    reported: list[tuple[int, int]] = []

    def report(_label: str, done: int, total: int | None) -> None:
        reported.append((done, total or 0))
        if done >= 10:
            job.cancel()

    monkeypatch.setattr(job, "report", report)
    with pytest.raises(Cancelled):
        with db.transaction() as s:
            customers.delete_many(s, users.staff1, ids, job=job)
    assert reported == [(5, 12), (10, 12)]
    with db.session() as s:
        assert s.execute(select(func.count()).select_from(Customer).where(
            Customer.id.in_(ids), Customer.deleted_at.is_(None))).scalar_one() == 12


def test_records_with_more_to_undo_delete_one_by_one_as_before(db, users) -> None:  # type: ignore[no-untyped-def]
    """Tasks keep the base delete (batched); the hooks of every record still run."""
    (cid,) = _customers(db, users.staff1, 1)
    with db.transaction() as s:
        ids = [tasks.create(s, users.staff1, {"title": f"回访{i}", "customer_id": cid}).id
               for i in range(3)]
    with db.transaction() as s:
        assert tasks.delete_many(s, users.staff1, ids) == 3
    with db.session() as s:
        assert s.execute(select(func.count()).select_from(Task).where(
            Task.id.in_(ids), Task.deleted_at.is_(None))).scalar_one() == 0
        assert audit.verify_chain(s).ok
