"""One filter parser for every command and the window (crmdesk.core.filters), and the
services refusing what is not a declared field (issue 10, items 2, 3 and 8)."""

from __future__ import annotations

import time
from collections.abc import Iterator
from datetime import UTC, date, datetime, timedelta, timezone
from typing import Any

import pytest
from sqlalchemy import update

from crmdesk.core import filters
from crmdesk.core.filters import Filter, ListQuery, parse_filters, parse_sort, split_filter
from crmdesk.core.models import Customer
from crmdesk.core.presentation import choice_from_text
from crmdesk.core.services import tickets as ticket_service
from crmdesk.core.services.contacts import contacts
from crmdesk.core.services.customers import customers
from crmdesk.core.services.interactions import interactions
from crmdesk.core.services.sales import opportunities, products
from crmdesk.core.services.tasks import tasks
from crmdesk.core.services.tickets import tickets
from crmdesk.errors import ValidationError
from crmdesk.exchange.errors import ExchangeError
from crmdesk.exchange.exporter import ExportRequest, export

SHANGHAI = timezone(timedelta(hours=8))


@pytest.fixture
def shanghai(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Local time is UTC+8, so a local day differs from a UTC day."""
    monkeypatch.setenv("TZ", "Asia/Shanghai")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


def ids_of(s: Any, service: Any, actor: Any, *texts: str) -> list[int]:
    return service.ids(s, actor, ListQuery(parse_filters(s, actor, service.entity, texts)))


def refused(s: Any, service: Any, actor: Any, *texts: str) -> str:
    with pytest.raises(ValidationError) as info:
        ids_of(s, service, actor, *texts)
    message = info.value.message
    assert "\n" not in message
    return message


# -- dates and times ------------------------------------------------------------------------

def test_timestamp_filters_take_local_days_and_times(db, users, shanghai) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        late = customers.create(s, users.staff1, {"name": "除夕客户"}).id
        early = customers.create(s, users.staff1, {"name": "元旦客户"}).id
        # 2025-12-31 23:30 and 2026-01-01 00:30 in Shanghai (both 2025-12-31 in UTC)
        s.execute(update(Customer).where(Customer.id == late).values(
            created_at=datetime(2025, 12, 31, 15, 30, tzinfo=UTC)))
        s.execute(update(Customer).where(Customer.id == early).values(
            created_at=datetime(2025, 12, 31, 16, 30, tzinfo=UTC)))
    with db.session() as s:
        admin = users.admin
        assert ids_of(s, customers, admin, "created_at>=2026-01-01") == [early]
        assert ids_of(s, customers, admin, "created_at<2026-01-01") == [late]
        assert ids_of(s, customers, admin, "created_at=2026-01-01") == [early]
        assert ids_of(s, customers, admin, "created_at=2025/12/31") == [late]
        assert ids_of(s, customers, admin, "created_at!=2026-01-01") == [late]
        assert ids_of(s, customers, admin, "created_at<=2025-12-31") == [late]
        assert ids_of(s, customers, admin, "created_at>2025-12-31") == [early]
        # with a time: that instant (local, or with its offset)
        assert ids_of(s, customers, admin, "created_at>=2026-01-01 00:00") == [early]
        assert ids_of(s, customers, admin, "created_at<2025-12-31T16:00:00+00:00") == [late]
        # the same filter given typed, as the window and the dashboards do
        query = ListQuery([Filter("created_at", "ge", date(2026, 1, 1))])
        assert customers.ids(s, admin, query) == [early]
        assert "2026-01-01" in refused(s, customers, admin, "created_at>=2026-01-32")
        assert "YYYY-MM-DD" in refused(s, customers, admin, "created_at>=yesterday")


def test_a_task_due_before_a_day(db, users) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        soon = tasks.create(s, users.staff1, {"title": "回访", "due_at": "2026-12-04 17:00"}).id
        tasks.create(s, users.staff1, {"title": "签约", "due_at": "2026-12-05 09:00"})
    with db.session() as s:
        assert ids_of(s, tasks, users.staff1, "due_at<2026-12-05") == [soon]


def test_dates_at_the_edge_of_the_calendar_never_crash(db, users) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        customers.create(s, users.staff1, {"name": "客户", "next_follow_up": "2026-03-01"})
        tasks.create(s, users.staff1, {"title": "回访", "due_at": "2026-12-04 17:00"})
    with db.session() as s:
        for entity_service, text in (
                (tasks, "due_at=0001-01-01"), (tasks, "due_at<0001-01-01"),
                (customers, "created_at=9999-12-31T23:59:59-14:00"),
                (customers, "created_at>=0001-01-01T00:00+14:00"),
                (customers, "created_at<=9999-12-31"), (customers, "next_follow_up>0001-01-01"),
                (customers, "next_follow_up<9999-12-31")):
            try:
                assert isinstance(ids_of(s, entity_service, users.admin, text), list)
            except ValidationError as exc:  # or a clear error naming the field
                assert ("Due" in exc.message or "Created" in exc.message
                        or "follow-up" in exc.message), exc.message
        # typed values at the edges (from any caller) are kept inside the calendar
        for value in (date(1, 1, 1), date(9999, 12, 31), datetime.min, datetime.max,
                      datetime(9999, 12, 31, 23, 59, 59, tzinfo=timezone(timedelta(hours=-14))),
                      datetime(1, 1, 1, tzinfo=timezone(timedelta(hours=14)))):
            for op in ("eq", "ne", "lt", "le", "gt", "ge"):
                customers.ids(s, users.admin, ListQuery([Filter("created_at", op, value)]))


# -- references, yes/no and choices as people write them ----------------------------------

def test_users_by_login_or_display_name(db, users) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        mine = customers.create(s, users.staff1, {"name": "李娜的客户"}).id
        customers.create(s, users.staff2, {"name": "张伟的客户"})
        task = tasks.create(s, users.staff1, {"title": "回访", "customer_id": mine}).id
    with db.session() as s:
        for text in ("owner_id=staff1", "owner_id=STAFF1", "owner_id=李娜"):
            assert ids_of(s, customers, users.admin, text) == [mine], text
        assert len(ids_of(s, customers, users.admin, "owner_id!=staff1")) == 1
        assert "no user nobody" in refused(s, customers, users.admin, "owner_id=nobody")
        # on the customer of a record, too
        assert ids_of(s, tasks, users.admin, "customer.owner_id=李娜") == [task]


def test_yes_no_in_every_form(db, users) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        open_ = tasks.create(s, users.staff1, {"title": "未完成"}).id
        done = tasks.create(s, users.staff1, {"title": "已完成", "done": True}).id
    with db.session() as s:
        for text in ("False", "false", "NO", "no", "否", "0"):
            assert ids_of(s, tasks, users.staff1, f"done={text}") == [open_], text
        for text in ("True", "yes", "是", "1", "YES"):
            assert ids_of(s, tasks, users.staff1, f"done={text}") == [done], text
        message = refused(s, tasks, users.staff1, "done=maybe")
        assert "Done" in message and "yes or no" in message and "是/否" in message


def test_choices_by_key_or_any_label(db, users) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        lost = customers.create(s, users.staff1, {"name": "流失客户", "status": "lost",
                                                  "kind": "company",
                                                  "intent_level": "H"}).id
        customers.create(s, users.staff1, {"name": "活跃客户", "status": "active"})
    with db.session() as s:
        for text in ("status=lost", "status=LOST", "status=Churned", "status=流失",
                     "kind=企业", "kind=Company", "intent_level=h", "intent_level=H - 极高"):
            assert ids_of(s, customers, users.staff1, text) == [lost], text
        message = refused(s, customers, users.staff1, "status=gone")
        assert "Status" in message and "Churned" in message
    assert choice_from_text("ticket_status", "处理中") == "in_progress"
    assert choice_from_text("ticket_status", "in progress") == "in_progress"
    assert choice_from_text("gender", "nobody") is None


def test_ticket_statuses_and_stages_by_their_table_names(db, users) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        customer = customers.create(s, users.staff1, {"name": "客户"}).id
        ticket_service.save_status(s, users.admin, key="parts", name="Waiting for parts")
        parts = next(t.id for t in ticket_service.statuses(s) if t.key == "parts")
        waiting = tickets.create(s, users.staff1, {"subject": "缺件", "customer_id": customer,
                                                   "status_id": parts}).id
        other = tickets.create(s, users.staff1, {"subject": "新问题",
                                                 "customer_id": customer}).id
        deal = opportunities.create(s, users.staff1, {"title": "大单", "customer_id": customer,
                                                      "stage": "negotiation"}).id
    with db.session() as s:
        assert ids_of(s, tickets, users.staff1, "status_id=waiting for parts") == [waiting]
        assert ids_of(s, tickets, users.staff1, "status_id=parts") == [waiting]
        assert ids_of(s, tickets, users.staff1, "status_id=New") == [other]
        # a built-in status by the name the zh_CN window shows, whatever language runs
        assert ids_of(s, tickets, users.staff1, "status_id=新建") == [other]
        assert "Waiting for parts" in refused(s, tickets, users.staff1, "status_id=done-ish")
        for text in ("stage=negotiation", "stage=Negotiation", "stage=谈判"):
            assert ids_of(s, opportunities, users.staff1, text) == [deal], text
        assert "Negotiation" in refused(s, opportunities, users.staff1, "stage=maybe")


def test_customers_products_and_contacts_by_code_or_name(db, users) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        acme = customers.create(s, users.staff1, {"name": "艾克米公司", "kind": "company"})
        other = customers.create(s, users.staff1, {"name": "别家"})
        boss = contacts.create(s, users.staff1, {"name": "王总", "customer_id": acme.id}).id
        p1 = products.ids(s, users.admin, ListQuery([Filter("code", "eq", "P1")]))[0]
        deal = opportunities.create(s, users.staff1, {"title": "软件", "customer_id": acme.id,
                                                      "product_id": p1}).id
        opportunities.create(s, users.staff1, {"title": "其他", "customer_id": other.id})
        met = interactions.create(s, users.staff1, {
            "customer_id": acme.id, "kind": "call", "occurred_at": "2026-01-05 10:00",
            "summary": "电话", "contact_id": boss}).id
        code = acme.code
    with db.session() as s:
        for text in (f"customer_id={code}", f"customer_id={code.lower()}", "customer_id=艾克米公司"):
            assert ids_of(s, opportunities, users.staff1, text) == [deal], text
        for text in ("product_id=P1", "product_id=p1", "product_id=标准版软件"):
            assert ids_of(s, opportunities, users.staff1, text) == [deal], text
        assert ids_of(s, interactions, users.staff1, "contact_id=王总") == [met]
        assert "no customer nobody" in refused(s, opportunities, users.staff1,
                                               "customer_id=nobody")
        # a customer another user cannot see is "no customer" to them, not an empty list
        assert "no customer" in refused(s, opportunities, users.staff3, f"customer_id={code}")
        assert "no product" in refused(s, opportunities, users.staff1, "product_id=P404")
        assert "no contact" in refused(s, interactions, users.staff1, "contact_id=路人")


def test_money_in_yuan_and_huge_numbers(db, users) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        customer = customers.create(s, users.staff1, {"name": "客户"}).id
        big = opportunities.create(s, users.staff1, {"title": "大单", "customer_id": customer,
                                                     "amount_cents": "12000"}).id
        opportunities.create(s, users.staff1, {"title": "小单", "customer_id": customer,
                                               "amount_cents": "800"})
    with db.session() as s:
        assert ids_of(s, opportunities, users.staff1, "amount_cents>=1000") == [big]
        assert ids_of(s, opportunities, users.staff1, "amount_cents>=¥1,000.00") == [big]
        for text in ("1e999999", "1e9999999", "inf", "nan", "9" * 40, "abc"):
            started = time.perf_counter()
            message = refused(s, opportunities, users.staff1, f"amount_cents>{text}")
            assert "Amount" in message
            assert time.perf_counter() - started < 1
        assert "Record number" in refused(s, opportunities, users.staff1, "id=1e999999")


# -- only declared fields ------------------------------------------------------------------

@pytest.mark.parametrize("text", ["__class__=1", "metadata=1", "id_number_bidx=1",
                                  "deleted_at!=", "id_number_enc=1", "registry=1",
                                  "customer.__class__=1", "customer.id_number=1"])
def test_filters_on_what_is_not_a_field_are_refused(db, users, text: str) -> None:  # type: ignore[no-untyped-def]
    with db.session() as s:
        service = tasks if text.startswith("customer.") else customers
        message = refused(s, service, users.admin, text)
        assert "no field" in message or "encrypted" in message


@pytest.mark.parametrize("key", ["__class__", "metadata", "id_number_bidx", "deleted_at",
                                 "id_number", "bank_account_enc", "customer.name"])
def test_service_layer_refuses_undeclared_filters_and_sorts(db, users, key: str) -> None:  # type: ignore[no-untyped-def]
    with db.session() as s:
        for query in (ListQuery([Filter(key, "eq", 1)]), ListQuery([Filter(key, "ne", None)]),
                      ListQuery(sort=[(key, False)])):
            with pytest.raises(ValidationError) as info:
                customers.ids(s, users.admin, query)
            assert info.value.errors[0].field == key
            with pytest.raises(ValidationError):
                customers.count(s, users.admin, query) if query.filters else \
                    customers.sort_expression(key)
    with pytest.raises(ValidationError):
        parse_sort("customer", f"-{key}")


def test_declared_fields_the_program_itself_uses_still_work(db, users) -> None:  # type: ignore[no-untyped-def]
    with db.session() as s:
        for query in (ListQuery([Filter("id", "in", [1, 2])], sort=[("id", True)]),
                      ListQuery([Filter("customer.industry", "null")]),
                      ListQuery([Filter("resolved_at", "notnull")])):
            service = customers if query.filters[0].field == "id" else tickets
            service.ids(s, users.admin, query)
        opportunities.ids(s, users.admin, ListQuery([Filter("closed_at", "null")]))
    assert parse_sort("customer", "-created_at,name") == [("created_at", True), ("name", False)]
    assert parse_sort("customer", ["-owner_id"]) == [("owner_id", True)]


def test_columns_are_declared_and_sensitive_ones_refused(db, users, tmp_path) -> None:  # type: ignore[no-untyped-def]
    with db.session() as s:
        assert filters.list_column_keys(s, "customer", "name,city") == ["name", "city"]
        assert filters.list_column_keys(s, "customer", None) is None
        with pytest.raises(ValidationError, match="ID number is sensitive"):
            filters.list_column_keys(s, "customer", "name,id_number")
        with pytest.raises(ValidationError, match="no column metadata"):
            filters.list_column_keys(s, "customer", "metadata")
        assert filters.list_column_keys(s, "customer", "id_number", sensitive=True) == [
            "id_number"]
    with db.transaction() as s:
        customers.create(s, users.staff1, {"name": "客户"})
    for columns in (["id_number"], ["id_number_bidx"], ["__class__"]):
        with pytest.raises(ExchangeError):
            export(db, users.admin, ExportRequest("customer", columns=columns),
                   tmp_path / "out.csv")
    for query in (ListQuery(sort=[("__class__", False)]),
                  ListQuery([Filter("metadata", "eq", "x")])):
        with pytest.raises(ValidationError, match="__class__|metadata"):
            export(db, users.admin, ExportRequest("customer", query), tmp_path / "out.csv")
    # a filter as typed (the command line builds the query before logging in)
    typed = ListQuery([Filter("created_at", "ge", "2000-01-01"), Filter("owner_id", "eq",
                                                                        "李娜")])
    assert export(db, users.admin, ExportRequest("customer", typed),
                  tmp_path / "out.csv").rows == 1


# -- the syntax -----------------------------------------------------------------------------

def test_filter_syntax() -> None:
    assert split_filter("city=北京市") == Filter("city", "eq", "北京市")
    assert split_filter(" created_at >= 2026-01-01 ") == Filter("created_at", "ge", "2026-01-01")
    assert split_filter("name~a=b") == Filter("name", "contains", "a=b")
    assert split_filter("notes=x>=y") == Filter("notes", "eq", "x>=y")
    assert split_filter("owner_id=") == Filter("owner_id", "null")
    assert split_filter("owner_id!=") == Filter("owner_id", "notnull")
    for text in ("nonsense", "=1", "", ">=3"):
        with pytest.raises(ValidationError, match="FIELD=VALUE"):
            split_filter(text)


def test_wrongly_typed_values_from_any_caller_are_refused(db, users) -> None:  # type: ignore[no-untyped-def]
    with db.session() as s:
        for flt in (Filter("created_at", "ge", 12), Filter("owner_id", "eq", [1]),
                    Filter("done", "eq", 2.5), Filter("owner_id", "gt", 3),
                    Filter("created_at", "contains", "2026"), Filter("owner_id", "in", "x")):
            with pytest.raises(ValidationError):
                customers.ids(s, users.admin, ListQuery([flt])) if flt.field != "done" else \
                    tasks.ids(s, users.admin, ListQuery([flt]))
