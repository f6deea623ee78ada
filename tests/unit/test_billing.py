"""Quotes, invoices and payments (issue 16, part D): a quote becomes an order in one
step; invoices are issued from delivered, not yet invoiced lines with VAT per line and
numbers without gaps (also when a transaction fails after taking one); payments are
allocated oldest first or as chosen, partly, and an over-payment stays as credit; void,
never delete; staff see the documents of their own customers.  SQLite and PostgreSQL.

Goods are shipped through the delivery service (``core/services/deliveries.py``,
``ship_order``) after receiving the stock they need (:func:`ship`).
"""

from __future__ import annotations

import threading
from datetime import date, timedelta

import pytest
from sqlalchemy import select

from crmdesk.core.models import AuditEntry, Counter, OrderLine, Product
from crmdesk.core.services import accounts, settings, vat
from crmdesk.core.services.customers import customers
from crmdesk.core.services.invoices import InvoiceError, invoices
from crmdesk.core.services.payments import payments
from crmdesk.core.services.quotes import QuoteError, quotes
from crmdesk.core.services.sales import LineInput, orders
from crmdesk.errors import NotFound, PermissionDenied, ValidationError
from tests.conftest import PASSWORD

DAY = date(2031, 5, 6)


def customer(db, actor, name: str = "杭州明远贸易有限公司") -> int:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        return int(customers.create(s, actor, {"name": name, "kind": "company"}).id)


def product_id(db, code: str) -> int:  # type: ignore[no-untyped-def]
    with db.session() as s:
        return int(s.execute(select(Product.id).where(Product.code == code)).scalar_one())


def order_for(db, actor, customer_id: int, lines: list[LineInput]) -> int:  # type: ignore[no-untyped-def]
    with db.transaction() as s:
        return int(orders.create_with_lines(s, actor, {"customer_id": customer_id,
                                                       "order_date": DAY}, lines).id)


def ship(db, order_id: int, quantities: dict[int, int] | None = None) -> None:  # type: ignore[no-untyped-def]
    """Deliver the order (all of each line, or *quantities* by line position) through
    the delivery service (helper B's ``deliveries.ship_order``), receiving the stock it
    needs first."""
    from crmdesk.core.services import stock
    from crmdesk.core.services.deliveries import ship_order

    with db.transaction() as s:
        admin = accounts.login(s, "admin", PASSWORD)
        lines = list(s.execute(select(OrderLine).where(OrderLine.order_id == order_id)
                               .order_by(OrderLine.id)).scalars())
        wanted = {line.id: line.quantity - line.shipped_qty if quantities is None
                  else quantities.get(n, 0) for n, line in enumerate(lines)}
        warehouse = stock.default_warehouse_id(s)
        for line in lines:
            if line.product_id and wanted[line.id] and stock.tracks_stock(s, line.product_id):
                stock.post(s, admin, "receipt", line.product_id, warehouse, wanted[line.id],
                           unit_cost_cents=100)
        ship_order(s, admin, order_id, {k: v for k, v in wanted.items() if v}, shipped_on=DAY)


def test_tax_is_rounded_half_up_per_line() -> None:
    assert vat.tax(1005, 1300) == 131  # 130.65
    assert vat.tax(5, 1000) == 1  # 0.5 -> 1
    assert vat.tax(4, 1000) == 0
    assert vat.tax(-5, 1000) == -1
    assert vat.tax(10000, 0) == 0
    assert vat.percent_to_bp("13%") == 1300 and vat.percent_to_bp("5.5") == 550
    assert vat.percent_to_bp("x") is None and vat.percent_to_bp("101") is None
    assert vat.bp_text(1300) == "13%" and vat.bp_text(550) == "5.5%"


def test_a_quote_becomes_an_order_in_one_step(db, users) -> None:  # type: ignore[no-untyped-def]
    cid = customer(db, users.staff1)
    p1, p2 = product_id(db, "P1"), product_id(db, "P2")
    with db.transaction() as s:
        s.get(Product, p2).vat_rate = 600  # a service at 6 %
        quote = quotes.create_with_lines(s, users.staff1, {
            "customer_id": cid, "quote_date": DAY}, [
            LineInput(product_id=p1, quantity=3, unit_price="100.05"),
            LineInput(product_id=p2, quantity=1)])
        assert quote.number.startswith("QT") and quote.status == "draft"
        assert quote.valid_until == DAY + timedelta(days=30)
        # 3 x 100.05 = 300.15 at 13 % = 39.0195 -> 39.02; 3600 at 6 % = 216
        assert (quote.net_cents, quote.tax_cents, quote.total_cents) == (
            30015 + 360000, 3902 + 21600, 30015 + 360000 + 3902 + 21600)
        quote_id = quote.id
    with db.transaction() as s:
        order = quotes.to_order(s, users.staff1, quote_id, order_date=DAY)
        assert order.quote_id == quote_id and order.customer_id == cid
        lines = orders.lines(s, users.staff1, order.id)
        assert [(x.product_id, x.quantity, x.unit_price_cents, x.vat_rate) for x in lines] == [
            (p1, 3, 10005, 1300), (p2, 1, 360000, 600)]
        assert quotes.get(s, users.staff1, quote_id).status == "accepted"
        number = order.number
    with pytest.raises(QuoteError) as caught, db.transaction() as s:
        quotes.to_order(s, users.staff1, quote_id)
    assert number in caught.value.message
    with pytest.raises(QuoteError), db.transaction() as s:  # an accepted quote stays
        quotes.set_lines(s, users.staff1, quote_id, [LineInput(product_id=p1)])
    with db.session() as s:
        messages = [e.message for e in s.execute(select(AuditEntry).where(
            AuditEntry.entity == "quote", AuditEntry.entity_id == quote_id)).scalars()]
    assert "{record} became order {order}" in messages


def test_quote_rules_name_the_field(db, users) -> None:  # type: ignore[no-untyped-def]
    cid = customer(db, users.staff1)
    with pytest.raises(ValidationError) as caught, db.transaction() as s:
        quotes.create(s, users.staff1, {"customer_id": cid, "quote_date": DAY,
                                        "valid_until": DAY - timedelta(days=1)})
    assert caught.value.errors[0].field == "valid_until"
    with pytest.raises(ValidationError) as caught, db.transaction() as s:
        quotes.create(s, users.staff1, {"customer_id": cid, "status": "accepted"})
    assert caught.value.errors[0].field == "status"
    with db.transaction() as s:
        empty = quotes.create(s, users.staff1, {"customer_id": cid}).id
        old = quotes.create_with_lines(s, users.staff1, {
            "customer_id": cid, "quote_date": DAY, "valid_until": DAY},
            [LineInput(description="安装", unit_price="500")]).id
    with pytest.raises(QuoteError, match="no lines"), db.transaction() as s:
        quotes.to_order(s, users.staff1, empty)
    with pytest.raises(QuoteError, match="valid until"), db.transaction() as s:
        quotes.to_order(s, users.staff1, old, order_date=DAY + timedelta(days=1))


def test_an_invoice_bills_what_was_delivered_and_not_yet_invoiced(db, users) -> None:  # type: ignore[no-untyped-def]
    cid = customer(db, users.staff1)
    p1 = product_id(db, "P1")
    order_id = order_for(db, users.staff1, cid, [
        LineInput(product_id=p1, quantity=4, unit_price="10.03"),
        LineInput(description="上门安装", quantity=1, unit_price="200")])
    with pytest.raises(InvoiceError, match="nothing delivered"), db.transaction() as s:
        invoices.issue(s, users.staff1, order_id)
    ship(db, order_id, {0: 3})  # a partial delivery: 3 of 4, not the installation
    with db.transaction() as s:
        first = invoices.issue(s, users.staff1, order_id, issue_date=DAY)
        lines = invoices.lines(s, users.staff1, first.id)
        assert [(x.quantity, x.net_cents, x.vat_rate, x.tax_cents) for x in lines] == [
            (3, 3009, 1300, 391)]  # 30.09 x 13 % = 3.9117 -> 3.91
        assert (first.net_cents, first.tax_cents, first.total_cents) == (3009, 391, 3400)
        assert first.due_date == DAY + timedelta(days=30) and first.status == "issued"
        assert first.number == "INV000001"
        row = invoices.rows(s, users.staff1, [first.id])[0]
        assert row["order_number"] == orders.get(s, users.staff1, order_id).number
    with pytest.raises(InvoiceError), db.transaction() as s:  # nothing new delivered
        invoices.issue(s, users.staff1, order_id)
    ship(db, order_id)  # the rest
    with db.transaction() as s:
        settings.set_value(s, users.admin, "vat.default_rate", 9)
        second = invoices.issue(s, users.staff1, order_id, issue_date=DAY)
        assert [(x.quantity, x.vat_rate) for x in invoices.lines(s, users.staff1, second.id)] \
            == [(1, 900), (1, 900)]
        assert second.number == "INV000002"
        assert [x.invoiced_qty for x in orders.lines(s, users.staff1, order_id)] == [4, 1]


def test_invoice_numbers_have_no_gap_when_a_transaction_fails(db, users) -> None:  # type: ignore[no-untyped-def]
    cid = customer(db, users.staff1)
    first = order_for(db, users.staff1, cid, [LineInput(description="A", unit_price="1")])
    second = order_for(db, users.staff1, cid, [LineInput(description="B", unit_price="2")])
    ship(db, first)
    ship(db, second)
    with pytest.raises(RuntimeError), db.transaction() as s:
        taken = invoices.issue(s, users.staff1, first)
        assert taken.number == "INV000001"
        raise RuntimeError("the disk is full")  # fails after taking the number
    with db.session() as s:
        counter = s.get(Counter, "invoice")
        assert counter is None or counter.value == 0
    with db.transaction() as s:
        assert invoices.issue(s, users.staff1, second).number == "INV000001"
        assert invoices.issue(s, users.staff1, first).number == "INV000002"


def test_payments_are_allocated_oldest_first_partly_and_the_rest_is_credit(db, users) -> None:  # type: ignore[no-untyped-def]
    cid = customer(db, users.staff1)
    ids = []
    for n, price in enumerate(("100", "50")):
        order_id = order_for(db, users.staff1, cid, [
            LineInput(description=f"货物{n}", unit_price=price)])
        ship(db, order_id)
        with db.transaction() as s:
            ids.append(invoices.issue(s, users.staff1, order_id, issue_date=DAY + timedelta(
                days=n)).id)
    # totals 113.00 and 56.50 (13 %)
    with db.transaction() as s:
        payment = payments.create(s, users.staff1, {
            "customer_id": cid, "amount_cents": "150", "received_on": DAY,
            "method": "转账", "reference": "网银 8812"})
        assert payment.number.startswith("PM") and payment.method == "transfer"
        made = payments.allocations(s, users.staff1, payment.id)
        assert [(a.invoice_id, a.amount_cents, a.invoice_status) for a in made] == [
            (ids[0], 11300, "paid"), (ids[1], 3700, "partial")]
        assert payment.unallocated_cents == 0
        first_order = invoices.get(s, users.staff1, ids[0]).order_id
        assert orders.get(s, users.staff1, first_order).status == "completed"
    with db.transaction() as s:  # an over-payment: the rest is the customer's credit
        payments.create(s, users.staff1, {"customer_id": cid, "amount_cents": "100"})
        assert invoices.get(s, users.staff1, ids[1]).status == "paid"
        assert payments.credit(s, users.staff1, cid) == 10000 - 1950
    order_id = order_for(db, users.staff1, cid, [LineInput(description="C", unit_price="10")])
    ship(db, order_id)
    with db.transaction() as s:  # the credit pays a later invoice
        later = invoices.issue(s, users.staff1, order_id)
        made = payments.use_credit(s, users.staff1, cid)
        assert [(a.invoice_id, a.amount_cents) for a in made] == [(later.id, 1130)]
        assert later.status == "paid"
        assert payments.credit(s, users.staff1, cid) == 8050 - 1130


def test_a_payment_goes_to_the_invoices_chosen(db, users) -> None:  # type: ignore[no-untyped-def]
    cid, other = customer(db, users.staff1), customer(db, users.staff1, "另一家公司")
    ids = []
    for who in (cid, cid, other):
        order_id = order_for(db, users.staff1, who, [LineInput(description="X",
                                                                unit_price="100")])
        ship(db, order_id)
        with db.transaction() as s:
            ids.append(invoices.issue(s, users.staff1, order_id).id)
    with db.transaction() as s:
        payment = payments.create(s, users.staff1, {"customer_id": cid, "amount_cents": "50"},
                                  invoice_ids=[ids[1]])
        assert [a.invoice_id for a in payments.allocations(s, users.staff1, payment.id)] == [
            ids[1]]
        assert invoices.get(s, users.staff1, ids[0]).status == "issued"
    with pytest.raises(InvoiceError, match="another customer"), db.transaction() as s:
        payments.create(s, users.staff1, {"customer_id": cid, "amount_cents": "50"},
                        invoice_ids=[ids[2]])


def test_void_never_delete_and_the_money_becomes_credit(db, users) -> None:  # type: ignore[no-untyped-def]
    cid = customer(db, users.staff1)
    order_id = order_for(db, users.staff1, cid, [LineInput(description="X", unit_price="100")])
    ship(db, order_id)
    with db.transaction() as s:
        invoice_id = invoices.issue(s, users.staff1, order_id).id
        payments.create(s, users.staff1, {"customer_id": cid, "amount_cents": "50"})
    with pytest.raises(InvoiceError, match="never deleted"), db.transaction() as s:
        invoices.delete(s, users.admin, invoice_id)
    with pytest.raises(PermissionDenied), db.transaction() as s:
        invoices.void(s, users.staff1, invoice_id, "开错了")
    with pytest.raises(InvoiceError, match="why"), db.transaction() as s:
        invoices.void(s, users.manager, invoice_id, " ")
    with db.transaction() as s:
        voided = invoices.void(s, users.manager, invoice_id, "开错了抬头")
        assert (voided.status, voided.paid_cents, voided.void_reason) == ("void", 0, "开错了抬头")
        assert payments.credit(s, users.staff1, cid) == 5000
        assert [x.invoiced_qty for x in orders.lines(s, users.staff1, order_id)] == [0]
    with db.transaction() as s:  # invoiced again under the next number
        again = invoices.issue(s, users.staff1, order_id)
        assert again.number == "INV000002"
    with pytest.raises(ValidationError), db.transaction() as s:
        invoices.update(s, users.manager, invoice_id, {"notes": "x"})


def test_deleting_a_payment_takes_its_allocations_back(db, users) -> None:  # type: ignore[no-untyped-def]
    cid = customer(db, users.staff1)
    order_id = order_for(db, users.staff1, cid, [LineInput(description="X", unit_price="100")])
    ship(db, order_id)
    with db.transaction() as s:
        invoice_id = invoices.issue(s, users.staff1, order_id).id
        payment_id = payments.create(s, users.staff1, {"customer_id": cid,
                                                       "amount_cents": "113"}).id
        assert invoices.get(s, users.staff1, invoice_id).status == "paid"
    with pytest.raises(ValidationError) as caught, db.transaction() as s:
        payments.update(s, users.staff1, payment_id, {"amount_cents": "100"})
    assert caught.value.errors[0].field == "amount_cents"
    with db.transaction() as s:
        payments.delete(s, users.staff1, payment_id)
        invoice = invoices.get(s, users.staff1, invoice_id)
        assert (invoice.status, invoice.paid_cents) == ("issued", 0)


def test_staff_see_the_documents_of_their_own_customers(db, users) -> None:  # type: ignore[no-untyped-def]
    cid = customer(db, users.staff1)
    order_id = order_for(db, users.staff1, cid, [LineInput(description="X", unit_price="1")])
    ship(db, order_id)
    with db.transaction() as s:
        invoice_id = invoices.issue(s, users.staff1, order_id).id
        quote_id = quotes.create(s, users.staff1, {"customer_id": cid}).id
        payment_id = payments.create(s, users.staff1, {"customer_id": cid,
                                                       "amount_cents": "1"}).id
    with db.session() as s:
        for service, record_id in ((invoices, invoice_id), (quotes, quote_id),
                                   (payments, payment_id)):
            assert service.ids(s, users.staff2) == []
            with pytest.raises(NotFound):
                service.get(s, users.staff2, record_id)
            assert service.ids(s, users.manager) == [record_id]  # the team's manager
            assert service.ids(s, users.manager2) == []
    with pytest.raises(NotFound), db.transaction() as s:
        invoices.issue(s, users.staff2, order_id)


def _issue(db, actor, order_id: int, started: threading.Event,  # type: ignore[no-untyped-def]
           hold: threading.Event, outcome: dict[str, object], name: str) -> None:
    try:
        with db.transaction() as s:
            number = invoices.issue(s, actor, order_id).number
            started.set()
            hold.wait(2)  # keep the transaction open while the other one tries
        outcome[name] = number
    except InvoiceError as exc:
        outcome[name] = exc
    finally:
        started.set()


def test_two_people_invoicing_one_delivery_at_once_bill_it_once(db, users) -> None:  # type: ignore[no-untyped-def]
    cid = customer(db, users.staff1)
    order_id = order_for(db, users.staff1, cid, [LineInput(description="X", unit_price="10")])
    ship(db, order_id)
    outcome: dict[str, object] = {}
    first_in, second_in, hold = threading.Event(), threading.Event(), threading.Event()
    a = threading.Thread(target=_issue, args=(db, users.staff1, order_id, first_in, hold,
                                              outcome, "A"))
    b = threading.Thread(target=_issue, args=(db, users.manager, order_id, second_in,
                                              threading.Event(), outcome, "B"))
    a.start()
    assert first_in.wait(10)
    b.start()  # waits for A's transaction, then finds the delivery invoiced
    hold.set()
    a.join(20)
    b.join(20)
    assert outcome["A"] == "INV000001"
    assert isinstance(outcome["B"], InvoiceError)
    with db.session() as s:
        assert invoices.ids(s, users.admin) and len(invoices.ids(s, users.admin)) == 1
        assert [x.invoiced_qty for x in orders.lines(s, users.staff1, order_id)] == [1]


def test_documents_follow_a_merge_and_keep_a_customer_from_being_purged(db, users) -> None:  # type: ignore[no-untyped-def]
    from crmdesk.core.services import merging

    survivor, merged = customer(db, users.staff1), customer(db, users.staff1, "明远贸易")
    order_id = order_for(db, users.staff1, merged, [LineInput(description="X",
                                                              unit_price="10")])
    ship(db, order_id)
    with db.transaction() as s:
        invoice_id = invoices.issue(s, users.staff1, order_id).id
        quote_id = quotes.create(s, users.staff1, {"customer_id": merged}).id
        payment_id = payments.create(s, users.staff1, {"customer_id": merged,
                                                       "amount_cents": "5"}).id
        merging.merge(s, users.manager, survivor, merged)
        for service, record_id in ((invoices, invoice_id), (quotes, quote_id),
                                   (payments, payment_id)):
            assert service.get(s, users.staff1, record_id).customer_id == survivor
    with db.transaction() as s:
        customers.delete(s, users.admin, survivor)
    with pytest.raises(InvoiceError, match="kept for the books"), db.transaction() as s:
        customers.purge(s, users.admin, survivor)
    lonely = customer(db, users.staff1, "只有报价的客户")
    with db.transaction() as s:
        gone = quotes.create_with_lines(s, users.staff1, {"customer_id": lonely},
                                        [LineInput(description="Y", unit_price="1")]).id
        customers.delete(s, users.admin, lonely)
    with db.transaction() as s:
        customers.purge(s, users.admin, lonely)  # the quote goes with the customer
    with db.session() as s, pytest.raises(NotFound):
        quotes.get(s, users.admin, gone, deleted=None)
