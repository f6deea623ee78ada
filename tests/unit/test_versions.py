"""Every write to a record, by any service, gives it a new version, so a form opened
on the old version is refused (and told to compare) instead of silently overwriting
what changed since (issue 10, item 1)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import openpyxl
import pytest
from sqlalchemy import select, update

from crmdesk.core.models import Contact, Customer, Order, Task
from crmdesk.core.services import custom_fields, merging, recycle_bin
from crmdesk.core.services.contacts import contacts
from crmdesk.core.services.customers import customers
from crmdesk.core.services.interactions import interactions
from crmdesk.core.services.sales import opportunities, orders
from crmdesk.core.services.tasks import tasks
from crmdesk.core.services.tickets import tickets
from crmdesk.errors import ConflictError


def version_of(db: Any, model: Any, record_id: int) -> int:
    with db.session() as s:
        return int(s.execute(select(model.version).where(model.id == record_id)).scalar_one())


def new_customer(db: Any, actor: Any, **values: Any) -> int:
    with db.transaction() as s:
        return int(customers.create(s, actor, {"name": "张三", **values}).id)


def bumps(db: Any, model: Any, record_id: int, write: Callable[[Any], Any]) -> None:
    """*write* (given a session) gives the record a new version."""
    before = version_of(db, model, record_id)
    with db.transaction() as s:
        write(s)
    assert version_of(db, model, record_id) > before


def test_quick_log_then_a_stale_form_save_is_refused_not_erasing_the_follow_up(
        db, users) -> None:  # type: ignore[no-untyped-def]
    """The reproduction: the form was loaded before the quick log, and saves another
    field with the version it loaded."""
    cid = new_customer(db, users.staff1)
    with db.session() as s:
        form_version = customers.get(s, users.staff1, cid).version
    follow_up = date.today() + timedelta(days=7)
    with db.transaction() as s:
        interactions.quick_log(s, users.staff1, cid, "call", "约好下周见面",
                               next_follow_up=follow_up)
    with pytest.raises(ConflictError, match="after you opened it"), db.transaction() as s:
        customers.update(s, users.staff1, cid, {"city": "杭州市", "next_follow_up": None},
                         expected_version=form_version)
    with db.session() as s:
        customer = customers.get(s, users.staff1, cid)
        assert customer.next_follow_up == follow_up
        assert customer.city is None


def test_interactions_bump_their_customer_only_when_it_changes(db, users) -> None:  # type: ignore[no-untyped-def]
    cid = new_customer(db, users.staff1)
    holder: dict[str, int] = {}

    def log(s: Any) -> None:
        holder["id"] = interactions.create(s, users.staff1, {
            "customer_id": cid, "summary": "电话", "next_follow_up": date.today()}).id

    bumps(db, Customer, cid, log)
    bumps(db, Customer, cid, lambda s: interactions.update(
        s, users.staff1, holder["id"], {"next_follow_up": date.today() + timedelta(days=3)}))
    unchanged = version_of(db, Customer, cid)
    with db.transaction() as s:  # the summary is no field of the customer
        interactions.update(s, users.staff1, holder["id"], {"summary": "电话沟通"})
    assert version_of(db, Customer, cid) == unchanged
    bumps(db, Customer, cid, lambda s: interactions.delete(s, users.staff1, holder["id"]))


def test_custom_values_alone_make_a_new_version(db, users) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        custom_fields.create_definition(s, users.admin, "customer", "vip_level", "会员等级",
                                        "choice", choices=["普通", "金卡"])
    cid = new_customer(db, users.staff1)
    with db.session() as s:
        old = customers.get(s, users.staff1, cid).version
    bumps(db, Customer, cid, lambda s: customers.update(s, users.staff1, cid, {},
                                                        custom={"vip_level": "金卡"}))
    with pytest.raises(ConflictError), db.transaction() as s:
        customers.update(s, users.staff1, cid, {}, custom={"vip_level": "普通"},
                         expected_version=old)


def test_bulk_updates_bump_every_row_they_touch(db, users) -> None:  # type: ignore[no-untyped-def]
    cid = new_customer(db, users.staff1, kind="company")
    with db.transaction() as s:
        first = contacts.create(s, users.staff1, {"customer_id": cid, "name": "李雷",
                                                  "is_primary": True}).id
    # a second primary contact demotes the first one with a bulk UPDATE
    bumps(db, Contact, first, lambda s: contacts.create(
        s, users.staff1, {"customer_id": cid, "name": "韩梅梅", "is_primary": True}))
    # and any other bulk UPDATE through a session, written by a future service
    bumps(db, Contact, first, lambda s: s.execute(
        update(Contact).where(Contact.id == first).values(job_title="经理")))


def test_every_service_write_bumps_the_version(db, users) -> None:  # type: ignore[no-untyped-def]
    cid = new_customer(db, users.staff1)
    with db.transaction() as s:
        task_id = tasks.create(s, users.staff1, {"title": "回访", "customer_id": cid}).id
        opp_id = opportunities.create(s, users.staff1, {"title": "年度采购",
                                                        "customer_id": cid}).id
        order_id = orders.create_with_lines(s, users.staff1, {"customer_id": cid}, [
            {"description": "软件", "unit_price": "980"}]).id
        ticket_id = tickets.create(s, users.staff1, {"subject": "无法登录",
                                                     "customer_id": cid}).id
    bumps(db, Task, task_id, lambda s: tasks.complete(s, users.staff1, task_id))
    from crmdesk.core.models import Opportunity, Ticket

    bumps(db, Opportunity, opp_id, lambda s: opportunities.move(s, users.staff1, opp_id,
                                                                "negotiation"))
    # other lines at the same total are still a new version of the order
    bumps(db, Order, order_id, lambda s: orders.set_lines(s, users.staff1, order_id, [
        {"description": "软件（升级）", "unit_price": "980"}]))
    bumps(db, Ticket, ticket_id, lambda s: tickets.update(s, users.staff1, ticket_id,
                                                          {"priority": "high"}))
    bumps(db, Customer, cid, lambda s: customers.reassign(s, users.manager, [cid],
                                                          users.staff2.user_id))
    bumps(db, Customer, cid, lambda s: customers.delete(s, users.admin, cid))
    bumps(db, Customer, cid, lambda s: recycle_bin.restore(s, users.admin, "customer", cid))


def test_merging_bumps_the_survivor_and_the_moved_records(db, users) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        custom_fields.create_definition(s, users.admin, "customer", "vip_level", "会员等级",
                                        "choice", choices=["普通", "金卡"])
    a = new_customer(db, users.staff1)
    with db.transaction() as s:
        b = customers.create(s, users.staff1, {"name": "张三"}, custom={"vip_level": "金卡"}).id
        task_id = tasks.create(s, users.staff1, {"title": "回访", "customer_id": b}).id
    survivor_before = version_of(db, Customer, a)
    task_before = version_of(db, Task, task_id)
    with db.transaction() as s:  # only a custom value comes over
        merge = merging.merge(s, users.manager, a, b)
        merge_id = merge.record.id
    assert version_of(db, Customer, a) > survivor_before
    assert version_of(db, Task, task_id) > task_before
    survivor_merged = version_of(db, Customer, a)
    with db.transaction() as s:
        merging.undo(s, users.manager, merge_id)
    assert version_of(db, Customer, a) > survivor_merged


def test_updates_from_an_import_bump_the_version(db, users, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    from crmdesk.exchange import importer
    from crmdesk.exchange.mapping import guess_mapping
    from crmdesk.exchange.sources import open_source

    with db.transaction() as s:
        custom_fields.create_definition(s, users.admin, "customer", "vip_level", "会员等级",
                                        "choice", choices=["普通", "金卡"])
    cid = new_customer(db, users.staff1, mobile="13812345678")
    book = openpyxl.Workbook()
    sheet = book.active
    assert sheet is not None
    sheet.append(["客户名称", "手机", "会员等级"])
    sheet.append(["张三", "13812345678", "金卡"])  # nothing new but the custom value
    path = tmp_path / "客户.xlsx"
    book.save(path)
    before = version_of(db, Customer, cid)
    source = open_source(path)
    with db.session() as s:
        defs = custom_fields.definitions(s, "customer")
    result = importer.run_import(db, users.staff1, source,
                                 guess_mapping("customer", source.headers, defs, source.hints),
                                 importer.ImportOptions(duplicates="update"))
    assert result.updated == 1
    assert version_of(db, Customer, cid) > before
