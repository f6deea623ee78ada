"""A ticket linked to an order, an opportunity and a product (issue 14, item 7): each
link is checked by the service (a record the user cannot see, or another customer's,
is refused), versioned and audited; and tickets carry custom fields like customers."""

from __future__ import annotations

from datetime import date

import pytest
from sqlalchemy import select

from crmdesk.core.models import AuditEntry, Product
from crmdesk.core.services import ticket_links
from crmdesk.core.services.customers import customers
from crmdesk.core.services.sales import LineInput, opportunities, orders
from crmdesk.core.services.tickets import tickets
from crmdesk.errors import NotFound, ValidationError


@pytest.fixture
def world(db, users):  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        mine = customers.create(s, users.staff1, {"name": "张三"}).id
        other = customers.create(s, users.staff1, {"name": "李四"}).id
        west = customers.create(s, users.staff3, {"name": "王五"}).id
        order = orders.create_with_lines(s, users.staff1, {
            "customer_id": mine, "order_date": date(2026, 5, 1)},
            [LineInput(description="打印机", quantity=1, unit_price="980")]).id
        other_order = orders.create_with_lines(s, users.staff1, {
            "customer_id": other, "order_date": date(2026, 5, 2)},
            [LineInput(description="硒鼓", quantity=1, unit_price="80")]).id
        west_order = orders.create_with_lines(s, users.staff3, {
            "customer_id": west, "order_date": date(2026, 5, 3)},
            [LineInput(description="纸", quantity=1, unit_price="20")]).id
        deal = opportunities.create(s, users.staff1, {"customer_id": mine,
                                                      "title": "续保"}).id
        west_deal = opportunities.create(s, users.staff3, {"customer_id": west,
                                                           "title": "西部商机"}).id
        product = s.execute(select(Product.id).where(Product.code == "P1")).scalar_one()
        ticket = tickets.create(s, users.staff1, {"customer_id": mine,
                                                  "subject": "打印机不出纸"}).id
    return {"ticket": ticket, "order": order, "other_order": other_order,
            "west_order": west_order, "deal": deal, "west_deal": west_deal,
            "product": product}


def test_a_ticket_links_to_its_customers_order_opportunity_and_a_product(db, users, world) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        version = tickets.get(s, users.staff1, world["ticket"]).version
        ticket_links.set_links(s, users.staff1, world["ticket"], order_id=world["order"],
                               opportunity_id=world["deal"], product_id=world["product"],
                               expected_version=version)
    with db.session() as s:
        found = ticket_links.context(s, users.staff1, world["ticket"])
        ticket = tickets.get(s, users.staff1, world["ticket"])
        entry = s.execute(select(AuditEntry).where(
            AuditEntry.action == "ticket_links")).scalar_one()
    assert found.order is not None and found.order[0] == world["order"]
    assert found.opportunity is not None and "续保" in found.opportunity[1]
    assert found.product is not None and "标准版软件" in found.product[1]
    assert [c[0] for c in found.order_choices] == [world["order"]]  # this customer's only
    assert ticket.version == version + 1
    assert entry.entity == "ticket" and entry.entity_id == world["ticket"]
    with db.transaction() as s:  # clearing one link keeps the others
        ticket_links.set_links(s, users.staff1, world["ticket"], product_id=None)
    with db.session() as s:
        ticket = tickets.get(s, users.staff1, world["ticket"])
        assert (ticket.order_id, ticket.product_id) == (world["order"], None)


def test_a_link_to_a_record_the_user_cannot_see_is_refused(db, users, world) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s, pytest.raises(ValidationError) as refused:
        ticket_links.set_links(s, users.staff1, world["ticket"], order_id=world["west_order"],
                               opportunity_id=world["west_deal"], product_id=999_999)
    problems = {e.field: e.message for e in refused.value.errors}
    assert set(problems) == {"order_id", "opportunity_id", "product_id"}
    assert "you can see" in problems["order_id"]
    with db.session() as s:
        ticket = tickets.get(s, users.staff1, world["ticket"])
        assert (ticket.order_id, ticket.opportunity_id, ticket.product_id) == (None, None, None)


def test_an_order_of_another_customer_is_refused(db, users, world) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s, pytest.raises(ValidationError) as refused:
        ticket_links.set_links(s, users.staff1, world["ticket"],
                               order_id=world["other_order"])
    assert "this ticket's customer" in refused.value.errors[0].message


def test_someone_who_cannot_see_the_ticket_cannot_link_it(db, users, world) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s, pytest.raises(NotFound):
        ticket_links.set_links(s, users.staff3, world["ticket"], order_id=world["west_order"])


def test_a_link_the_reader_cannot_see_reads_as_nothing(db, users, world) -> None:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        ticket_links.set_links(s, users.staff1, world["ticket"], order_id=world["order"])
        orders.delete(s, users.staff1, world["order"])
    with db.session() as s:
        assert ticket_links.context(s, users.staff1, world["ticket"]).order is None


def test_tickets_carry_custom_fields_like_customers(db, users, world) -> None:  # type: ignore[no-untyped-def]
    from crmdesk.core.services import custom_fields

    with db.transaction() as s:
        custom_fields.create_definition(s, users.admin, "ticket", key="serial",
                                        label="序列号", kind="text")
        tickets.update(s, users.staff1, world["ticket"], {}, custom={"serial": "SN-0042"})
    with db.session() as s:
        assert custom_fields.values(s, users.staff1, "ticket", world["ticket"]) == {
            "serial": "SN-0042"}
        row = tickets.rows(s, users.staff1, [world["ticket"]])[0]
    assert row["cf.serial"] == "SN-0042"
