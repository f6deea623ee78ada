"""Merging duplicate customers and undoing merges (also from the recycle bin)."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from crmdesk.core import search
from crmdesk.core.models import AuditEntry, Contact, Customer, MergeRecord, Task
from crmdesk.core.services import audit, custom_fields, merging, recycle_bin
from crmdesk.core.services.contacts import contacts
from crmdesk.core.services.customers import customers
from crmdesk.core.services.interactions import interactions
from crmdesk.core.services.sales import orders
from crmdesk.core.services.tasks import tasks
from crmdesk.errors import KnownError, PermissionDenied


def _pair(db, users):  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        custom_fields.create_definition(s, users.admin, "customer", "vip_level", "会员等级",
                                        "choice", choices=["普通", "金卡"])
        a = customers.create(s, users.staff1, {
            "name": "华为科技有限公司", "kind": "company", "phone": "010-62345678",
            "city": "北京市", "tags": "VIP", "id_number": None, "notes": "老客户"},
            custom={"vip_level": "普通"})
        b = customers.create(s, users.staff1, {
            "name": "北京华为科技有限公司", "kind": "company", "mobile": "13812345678",
            "email": "info@huawei.example.cn", "city": "北京市", "industry": "信息技术",
            "tags": "大客户", "bank_account": "6222 0212 3456 7890", "notes": "年底有预算"},
            custom={"vip_level": "金卡"})
        contact = contacts.create(s, users.staff1, {"customer_id": b.id, "name": "李雷",
                                                    "mobile": "13900001111"})
        interactions.create(s, users.staff1, {"customer_id": b.id, "kind": "call",
                                              "summary": "电话沟通报价"})
        order = orders.create_with_lines(s, users.staff1, {"customer_id": b.id},
                                         [{"description": "软件", "unit_price": "980"}])
        task = tasks.create(s, users.staff1, {"title": "回访", "customer_id": b.id})
        return a.id, b.id, contact.id, order.id, task.id


def test_merge_moves_related_records_and_keeps_chosen_values(db, users) -> None:  # type: ignore[no-untyped-def]
    a, b, contact_id, order_id, task_id = _pair(db, users)
    with db.transaction() as s:
        result = merging.merge(s, users.manager, a, b, choose={"name": b, "cf.vip_level": b})
        assert result.moved == {"contacts": 1, "interactions": 1, "orders": 1, "tasks": 1}
    with db.session() as s:
        survivor = s.get(Customer, a)
        assert survivor is not None
        assert survivor.name == "北京华为科技有限公司"  # chosen
        assert survivor.phone == "+861062345678"  # the survivor's own
        assert survivor.mobile == "+8613812345678" and survivor.industry == "信息技术"  # gaps filled
        assert survivor.tags == "VIP,大客户"
        assert survivor.notes == "老客户\n年底有预算"
        assert customers.plaintext(users.admin, survivor, "bank_account") == "6222021234567890"
        assert custom_fields.values(s, users.admin, "customer", a)["vip_level"] == "金卡"
        assert survivor.last_contact_at is not None
        assert s.get(Contact, contact_id).customer_id == a  # type: ignore[union-attr]
        assert s.get(Task, task_id).customer_id == a  # type: ignore[union-attr]
        merged = s.get(Customer, b)
        assert merged is not None and merged.deleted_at is not None  # in the recycle bin
        hits = search.search(s, users.admin, "李雷")
        assert [(h.kind, h.customer_id) for h in hits] == [("contact", a)]
        assert [h.ref_id for h in search.search(s, users.admin, "华为")] == [a]
        entry = s.execute(select(AuditEntry).where(AuditEntry.action == "merge")).scalar_one()
        assert entry.entity_id == a and "merge #" in entry.summary
        assert audit.verify_chain(s).ok


def test_restoring_the_merged_customer_undoes_the_merge(db, users) -> None:  # type: ignore[no-untyped-def]
    a, b, contact_id, order_id, task_id = _pair(db, users)
    with db.transaction() as s:
        merging.merge(s, users.manager, a, b, choose={"name": b})
    with db.transaction() as s:  # an edit after the merge survives the undo
        customers.update(s, users.staff1, a, {"industry": "制造业"})
    with db.session() as s:
        assert [e.id for e in recycle_bin.entries(s, users.admin)] == [b]
    with db.transaction() as s:
        recycle_bin.restore(s, users.admin, "customer", b)
    with db.session() as s:
        survivor, merged = s.get(Customer, a), s.get(Customer, b)
        assert survivor is not None and merged is not None
        assert merged.deleted_at is None
        assert survivor.name == "华为科技有限公司" and survivor.mobile is None
        assert survivor.tags == "VIP" and survivor.notes == "老客户"
        assert survivor.bank_account_enc is None
        assert survivor.industry == "制造业"  # changed after the merge: kept
        assert custom_fields.values(s, users.admin, "customer", a)["vip_level"] == "普通"
        assert s.get(Contact, contact_id).customer_id == b  # type: ignore[union-attr]
        assert all(t.customer_id == b for t in s.execute(
            select(Task).where(Task.id == task_id)).scalars())
        assert orders.get(s, users.admin, order_id).customer_id == b
        record = s.execute(select(MergeRecord)).scalar_one()
        assert record.undone_at is not None
        assert [h.customer_id for h in search.search(s, users.admin, "李雷")] == [b]
        assert sorted(h.ref_id for h in search.search(s, users.admin, "华为")) == [a, b]
        assert [e.action for e in audit.entries(s, users.admin, limit=2)] == ["restore",
                                                                               "unmerge"]
        assert audit.verify_chain(s).ok
    with pytest.raises(KnownError, match="undone already"), db.transaction() as s:
        merging.undo(s, users.admin, record.id)


def test_merge_rules(db, users) -> None:  # type: ignore[no-untyped-def]
    a, b, *_ = _pair(db, users)
    with pytest.raises(PermissionDenied), db.transaction() as s:
        merging.merge(s, users.staff1, a, b)
    with pytest.raises(KnownError, match="two different customers"), db.transaction() as s:
        merging.merge(s, users.manager, a, a)
    with pytest.raises(KnownError), db.transaction() as s:  # not in manager2's team
        merging.merge(s, users.manager2, a, b)
    with db.session() as s:
        assert s.execute(select(MergeRecord)).first() is None
        assert s.get(Customer, b).deleted_at is None  # type: ignore[union-attr]
