"""Customers and their related records through the services."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from sqlalchemy import select

from crmdesk.core.models import AuditEntry, Customer, Task
from crmdesk.core.services import audit, custom_fields, recycle_bin
from crmdesk.core.services.contacts import contacts
from crmdesk.core.services.customers import customers
from crmdesk.core.services.interactions import interactions
from crmdesk.core.services.records import Filter, ListQuery
from crmdesk.core.services.sales import LineInput, opportunities, orders, products
from crmdesk.core.services.tasks import agenda, tasks
from crmdesk.core.services.tickets import statuses, tickets
from crmdesk.errors import ConflictError, NotFound, PermissionDenied, ValidationError


def new_customer(db, actor, **data):  # type: ignore[no-untyped-def]
    data.setdefault("name", "张三丰")
    with db.transaction() as s:
        return customers.create(s, actor, data)


def test_create_customer_gets_code_owner_and_audit(db, users) -> None:  # type: ignore[no-untyped-def]
    c = new_customer(db, users.staff1, mobile="13812345678", email="zsf@example.com",
                     province="北京市", city="北京市", intent_level="A")
    assert c.code == "C000001"
    assert c.owner_id == users.staff1.user_id
    assert c.mobile == "+8613812345678"
    assert c.kind == "individual" and c.status == "potential"
    with db.session() as s:
        entry = s.execute(select(AuditEntry).where(AuditEntry.action == "create",
                                                   AuditEntry.entity == "customer")).scalar_one()
        assert entry.username == "staff1" and "张三丰" in entry.summary
        assert '"mobile": "+8613812345678"' in (entry.after or "")
    second = new_customer(db, users.staff1, name="李四")
    assert second.code == "C000002"


def test_rejected_write_changes_nothing(db, users) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(ValidationError) as info:
        new_customer(db, users.staff1, name="", email="x@", mobile="123")
    assert {e.field for e in info.value.errors} == {"name", "email", "mobile"}
    with db.session() as s:
        assert s.execute(select(Customer)).first() is None
        assert s.execute(select(AuditEntry).where(AuditEntry.entity == "customer")).first() is None


def test_update_records_before_and_after(db, users) -> None:  # type: ignore[no-untyped-def]
    c = new_customer(db, users.staff1, city="上海市")
    with db.transaction() as s:
        updated = customers.update(s, users.staff1, c.id, {"city": "杭州市", "name": "张三丰"})
        assert updated.version == 2
    with db.session() as s:
        history = customers.history(s, users.staff1, c.id)
    assert [h.action for h in history] == ["create", "update"]
    assert '"city": "上海市"' in (history[1].before or "")
    assert '"city": "杭州市"' in (history[1].after or "")
    assert "name" not in (history[1].after or "")  # unchanged fields are not recorded


def test_stale_version_is_refused(db, users) -> None:  # type: ignore[no-untyped-def]
    c = new_customer(db, users.staff1)
    with db.transaction() as s:
        customers.update(s, users.staff1, c.id, {"city": "广州市"}, expected_version=1)
    with pytest.raises(ConflictError) as info, db.transaction() as s:
        customers.update(s, users.staff1, c.id, {"city": "深圳市"}, expected_version=1)
    assert info.value.current["city"] == "广州市"


def test_soft_delete_restore_and_purge(db, users) -> None:  # type: ignore[no-untyped-def]
    c = new_customer(db, users.staff1)
    with db.transaction() as s:
        customers.delete(s, users.staff1, c.id)
    with db.session() as s:
        with pytest.raises(NotFound):
            customers.get(s, users.staff1, c.id)
        bin_entries = recycle_bin.entries(s, users.admin)
        assert [(e.entity, e.id) for e in bin_entries] == [("customer", c.id)]
    with pytest.raises(PermissionDenied), db.transaction() as s:
        recycle_bin.restore(s, users.staff1, "customer", c.id)
    with db.transaction() as s:
        recycle_bin.restore(s, users.admin, "customer", c.id)
    with db.session() as s:
        assert customers.get(s, users.staff1, c.id).deleted_at is None
    with db.transaction() as s:
        customers.delete(s, users.staff1, c.id)
        recycle_bin.purge(s, users.admin, "customer", c.id)
    with db.session() as s:
        assert s.get(Customer, c.id) is None
        assert s.execute(select(AuditEntry).where(AuditEntry.action == "purge")).first()


def test_contacts_belong_to_companies(db, users) -> None:  # type: ignore[no-untyped-def]
    person = new_customer(db, users.staff1)
    company = new_customer(db, users.staff1, name="华为技术有限公司", kind="company")
    with pytest.raises(ValidationError, match="company"), db.transaction() as s:
        contacts.create(s, users.staff1, {"customer_id": person.id, "name": "王五"})
    with db.transaction() as s:
        a = contacts.create(s, users.staff1, {"customer_id": company.id, "name": "王五",
                                              "is_primary": True})
        b = contacts.create(s, users.staff1, {"customer_id": company.id, "name": "赵六",
                                              "is_primary": True})
    with db.session() as s:
        assert not contacts.get(s, users.staff1, a.id).is_primary
        assert contacts.get(s, users.staff1, b.id).is_primary


def test_interaction_updates_customer_and_schedules_follow_up(db, users) -> None:  # type: ignore[no-untyped-def]
    c = new_customer(db, users.staff1)
    follow = date.today() + timedelta(days=3)
    with db.transaction() as s:
        interactions.quick_log(s, users.staff1, c.id, "call", "电话沟通报价",
                               next_follow_up=follow)
    with db.session() as s:
        fresh = customers.get(s, users.staff1, c.id)
        assert fresh.last_contact_at is not None and fresh.next_follow_up == follow
        task = s.execute(select(Task).where(Task.customer_id == c.id)).scalar_one()
        assert task.assignee_id == users.staff1.user_id
        assert task.due_at is not None and task.due_at.astimezone().date() == follow


def test_opportunity_pipeline_board(db, users) -> None:  # type: ignore[no-untyped-def]
    c = new_customer(db, users.staff1)
    with db.transaction() as s:
        a = opportunities.create(s, users.staff1, {"customer_id": c.id, "title": "软件采购",
                                                   "amount_cents": "10000", "stage": "intent"})
        opportunities.create(s, users.staff1, {"customer_id": c.id, "title": "服务续费",
                                               "amount_cents": "5000"})
    assert a.code == "OP000001"
    with db.session() as s:
        board = {col.key: col for col in opportunities.board(s, users.staff1)}
    assert board["intent"].total_cents == 1_000_000
    assert board["intent"].weighted_cents == 300_000  # 30 %
    assert board["potential"].count == 1
    with db.transaction() as s:
        moved = opportunities.move(s, users.staff1, a.id, "won")
        assert moved.closed_at is not None
    with db.session() as s:
        board = {col.key: col for col in opportunities.board(s, users.staff1)}
    assert board["intent"].count == 0 and board["won"].total_cents == 1_000_000


def test_order_total_is_sum_of_lines(db, users) -> None:  # type: ignore[no-untyped-def]
    c = new_customer(db, users.staff1)
    with db.session() as s:
        p1 = products.ids(s, users.staff1)[0]
    with db.transaction() as s:
        order = orders.create_with_lines(s, users.staff1, {"customer_id": c.id}, [
            LineInput(product_id=p1, quantity=2),
            LineInput(description="安装调试", quantity=1, unit_price="500.5")])
        assert order.number == "SO000001"
        assert order.total_cents == 2 * 98000 + 50050
    with pytest.raises(ValidationError, match="Line 1"), db.transaction() as s:
        orders.create_with_lines(s, users.staff1, {"customer_id": c.id},
                                 [LineInput(description="", quantity=0)])


def test_products_need_a_manager(db, users) -> None:  # type: ignore[no-untyped-def]
    with pytest.raises(PermissionDenied), db.transaction() as s:
        products.create(s, users.staff1, {"code": "X1", "name": "新品"})
    with pytest.raises(ValidationError, match="used by another product"), db.transaction() as s:
        products.create(s, users.manager, {"code": "P1", "name": "重复"})


def test_ticket_history_and_resolution(db, users) -> None:  # type: ignore[no-untyped-def]
    c = new_customer(db, users.staff1)
    with db.transaction() as s:
        t = tickets.create(s, users.staff1, {"customer_id": c.id, "subject": "打印机无法连接",
                                             "priority": "high"})
        assert t.code == "T000001"
        resolved = next(st for st in statuses(s) if st.key == "resolved")
        tickets.update(s, users.staff1, t.id, {"status_id": resolved.id})
        tickets.comment(s, users.staff1, t.id, "已上门更换网线")
    with db.session() as s:
        ticket = tickets.get(s, users.staff1, t.id)
        assert ticket.resolved_at is not None
        kinds = [(e.kind, e.field) for e in tickets.events(s, users.staff1, t.id)]
    assert kinds == [("created", None), ("change", "status_id"), ("comment", None)]


def test_today_agenda(db, users) -> None:  # type: ignore[no-untyped-def]
    from datetime import datetime

    c = new_customer(db, users.staff1)
    now = datetime.now().astimezone()
    with db.transaction() as s:
        tasks.create(s, users.staff1, {"title": "逾期回访", "customer_id": c.id,
                                       "due_at": now - timedelta(days=2)})
        tasks.create(s, users.staff1, {"title": "今天报价", "due_at": now.replace(hour=23)})
        tasks.create(s, users.staff1, {"title": "下周", "due_at": now + timedelta(days=7)})
        done = tasks.create(s, users.staff1, {"title": "已完成", "due_at": now})
        tasks.complete(s, users.staff1, done.id)
    with db.session() as s:
        items = agenda(s, users.staff1)
    assert [(i.title, i.overdue) for i in items] == [("逾期回访", True), ("今天报价", False)]


def test_custom_fields(db, users) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        custom_fields.create_definition(s, users.admin, "customer", "vip_level", "会员等级",
                                        "choice", choices=["普通", "金卡"], required=True)
        custom_fields.create_definition(s, users.admin, "customer", "passport", "护照号",
                                        "text", is_sensitive=True)
    with pytest.raises(ValidationError, match="会员等级"), db.transaction() as s:
        customers.create(s, users.staff1, {"name": "王五"})
    with pytest.raises(ValidationError, match="one of"), db.transaction() as s:
        customers.create(s, users.staff1, {"name": "王五"}, custom={"vip_level": "钻石"})
    with db.transaction() as s:
        c = customers.create(s, users.staff1, {"name": "王五"},
                             custom={"vip_level": "金卡", "passport": "E12345678"})
    with db.session() as s:
        shown = custom_fields.values(s, users.staff1, "customer", c.id)
    assert shown["vip_level"] == "金卡"
    assert shown["passport"] == "*****5678"
    with db.transaction() as s:
        assert custom_fields.reveal(s, users.staff1, "customer", c.id, "passport") == "E12345678"


def test_datasheet_ids_sort_filter_and_rows(db, users) -> None:  # type: ignore[no-untyped-def]
    for name, city in (("王芳", "上海市"), ("李娜", "北京市"), ("张伟", "上海市")):
        new_customer(db, users.staff1, name=name, city=city)
    with db.session() as s:
        ids = customers.ids(s, users.staff1, ListQuery(
            filters=[Filter("city", "eq", "上海市")], sort=[("name", True)]))
        rows = customers.rows(s, users.staff1, ids)
        assert [r["name"] for r in rows] == ["王芳", "张伟"]
        assert rows[0]["owner_id:name"] == "李娜"
        assert customers.count(s, users.staff1, ListQuery(text="张")) == 1


def test_audit_chain_verifies(db, users) -> None:  # type: ignore[no-untyped-def]
    new_customer(db, users.staff1)
    with db.session() as s:
        result = audit.verify_chain(s)
    assert result.ok and result.checked > 5
