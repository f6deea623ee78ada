"""Suppliers and purchase orders (core/services/purchasing.py): ordering, partial and full
receipts into stock at the lines' costs (moving average), statuses, cancelling, the
supplier's history, the calendar and the reference kinds.

Runs on SQLite and, with CRMDESK_TEST_PG_URL, on PostgreSQL."""

from __future__ import annotations

import threading
from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from crmdesk.core.filters import ListQuery, parse_filters
from crmdesk.core.models import AuditEntry, Product, StockMovement, Warehouse
from crmdesk.core.services import calendar, stock
from crmdesk.core.services.purchasing import (
    PurchaseLineInput,
    PurchasingError,
    purchase_orders,
    suppliers,
)
from crmdesk.errors import PermissionDenied, ValidationError
from crmdesk.storage.database import Database


def _products(db: Database) -> tuple[int, int]:
    with db.session() as s:
        p1 = s.execute(select(Product.id).where(Product.code == "P1")).scalar_one()
        p2 = s.execute(select(Product.id).where(Product.code == "P2")).scalar_one()
        return int(p1), int(p2)


def _order(db: Database, users: Any, lines: list[PurchaseLineInput], *,
           ordered: bool = True, **data: Any) -> int:
    with db.transaction() as s:
        found = suppliers.ids(s, users.admin, limit=1)
        supplier_id = found[0] if found else suppliers.create(
            s, users.admin, {"name": "华东电子", "phone": "021-62345678"}).id
        po = purchase_orders.create_with_lines(
            s, users.admin, {"supplier_id": supplier_id, **data}, lines)
        if ordered:
            purchase_orders.mark_ordered(s, users.admin, po.id)
        return int(po.id)


def _lines(db: Database, users: Any, po_id: int) -> list[Any]:
    with db.session() as s:
        return [(line.id, line.quantity, line.received_qty)
                for line in purchase_orders.lines(s, users.admin, po_id)]


def test_supplier_codes_rules_and_permission(db: Database, users: Any) -> None:
    with db.transaction() as s:
        first = suppliers.create(s, users.manager, {"name": "上海五金", "payment_terms_days": "30"})
        assert first.code == "SUP0001" and first.active is True
        assert first.payment_terms_days == 30
    with db.transaction() as s, pytest.raises(ValidationError) as dup:
        suppliers.create(s, users.admin, {"name": "上海五金"})
    assert "SUP0001" in dup.value.message
    with db.transaction() as s, pytest.raises(PermissionDenied):
        suppliers.create(s, users.staff1, {"name": "别家"})
    with db.session() as s:  # everyone sees suppliers
        assert suppliers.ids(s, users.staff1) == [first.id]


def test_purchase_order_defaults_to_the_default_warehouse_and_totals(db: Database,
                                                                     users: Any) -> None:
    p1, p2 = _products(db)
    po_id = _order(db, users, [PurchaseLineInput(p1, 10, "12.50"),
                               PurchaseLineInput(p2, "3", "100")], ordered=False)
    with db.session() as s:
        po = purchase_orders.get(s, users.admin, po_id)
        assert po.number == "PO000001" and po.status == "draft"
        assert po.warehouse_id == stock.default_warehouse_id(s)
        assert po.order_date == date.today() and po.owner_id == users.admin.user_id
        assert po.total_cents == 10 * 1250 + 3 * 10000


def test_line_problems_are_named(db: Database, users: Any) -> None:
    p1, _p2 = _products(db)
    with db.transaction() as s:
        service = s.execute(select(Product).where(Product.code == "P2")).scalar_one()
        service.tracks_stock = False
    with db.transaction() as s, pytest.raises(ValidationError) as exc:
        supplier = suppliers.create(s, users.admin, {"name": "甲"})
        purchase_orders.create_with_lines(s, users.admin, {"supplier_id": supplier.id}, [
            PurchaseLineInput(None, 1), PurchaseLineInput(p1, "0"),
            PurchaseLineInput(_p2, 1)])
    fields = [e.field for e in exc.value.errors]
    assert fields == ["line1", "line2", "line3"]
    assert "not kept in stock" in exc.value.errors[2].message


def test_partial_then_full_receipt_posts_stock_at_cost(db: Database, users: Any) -> None:
    p1, p2 = _products(db)
    po_id = _order(db, users, [PurchaseLineInput(p1, 10, "10"), PurchaseLineInput(p2, 4, "50")])
    (l1, _, _), (l2, _, _) = _lines(db, users, po_id)
    with db.transaction() as s:
        receipt = purchase_orders.receive(s, users.admin, po_id, {l1: 6}, reference="DN-889")
        assert receipt.status == "partial" and [r.quantity for r in receipt.lines] == [6]
    with db.session() as s:
        warehouse = purchase_orders.get(s, users.admin, po_id).warehouse_id
        assert stock.availability(s, p1, warehouse).on_hand == 6
        assert s.get(Product, p1).cost_cents == 1000
        movement = s.execute(select(StockMovement).where(
            StockMovement.purchase_order_id == po_id)).scalar_one()
        assert (movement.kind, movement.quantity, movement.unit_cost_cents,
                movement.reference) == ("receipt", 6, 1000, "DN-889")
    # the rest of line 1 at once, at a new price: the moving average follows
    with db.transaction() as s:
        purchase_orders.set_lines(s, users.admin, po_id, [
            PurchaseLineInput(p1, 10, "13", line_id=l1), PurchaseLineInput(p2, 4, "50", line_id=l2)])
        receipt = purchase_orders.receive_all(s, users.admin, po_id)
        assert receipt.status == "received"
        assert sorted(r.quantity for r in receipt.lines) == [4, 4]
    with db.session() as s:
        assert stock.availability(s, p1).on_hand == 10
        assert stock.availability(s, p2).on_hand == 4
        assert s.get(Product, p1).cost_cents == (6 * 1000 + 4 * 1300 + 5) // 10
        assert _lines(db, users, po_id) == [(l1, 10, 10), (l2, 4, 4)]
        entries = s.execute(select(func.count()).select_from(AuditEntry).where(
            AuditEntry.entity == "purchase_order", AuditEntry.entity_id == po_id,
            AuditEntry.action == "receipt")).scalar_one()
        assert entries == 2  # one per receipt, not one per line


def test_over_receipt_draft_and_received_are_refused(db: Database, users: Any) -> None:
    p1, _ = _products(db)
    po_id = _order(db, users, [PurchaseLineInput(p1, 5, "1")], ordered=False)
    (l1, _, _), = _lines(db, users, po_id)
    with db.transaction() as s, pytest.raises(PurchasingError, match="draft"):
        purchase_orders.receive(s, users.admin, po_id, {l1: 1})
    with db.transaction() as s:
        purchase_orders.mark_ordered(s, users.admin, po_id)
    with db.transaction() as s, pytest.raises(ValidationError) as exc:
        purchase_orders.receive(s, users.admin, po_id, {l1: 6})
    assert "only 5" in exc.value.message
    with db.transaction() as s, pytest.raises(PurchasingError, match="Nothing to receive"):
        purchase_orders.receive(s, users.admin, po_id, {l1: 0})
    with db.transaction() as s:
        purchase_orders.receive(s, users.admin, po_id, {l1: 5})
    with db.transaction() as s, pytest.raises(PurchasingError, match="nothing is left"):
        purchase_orders.receive(s, users.admin, po_id, {l1: 1})
    with db.session() as s:
        assert stock.availability(s, p1).on_hand == 5


def test_staff_cannot_receive(db: Database, users: Any) -> None:
    p1, _ = _products(db)
    po_id = _order(db, users, [PurchaseLineInput(p1, 5, "1")])
    (l1, _, _), = _lines(db, users, po_id)
    with db.transaction() as s, pytest.raises(PermissionDenied):
        purchase_orders.receive(s, users.staff1, po_id, {l1: 1})


def test_cancel_only_without_receipts_and_closing_short(db: Database, users: Any) -> None:
    p1, _ = _products(db)
    po_id = _order(db, users, [PurchaseLineInput(p1, 5, "1")])
    (l1, _, _), = _lines(db, users, po_id)
    with db.transaction() as s:
        purchase_orders.receive(s, users.admin, po_id, {l1: 2})
    with db.transaction() as s, pytest.raises(PurchasingError) as exc:
        purchase_orders.cancel(s, users.admin, po_id)
    assert "lower its open lines" in exc.value.message
    # a received line keeps at least what was received, and cannot be removed
    with db.transaction() as s, pytest.raises(ValidationError, match="cannot be less"):
        purchase_orders.set_lines(s, users.admin, po_id, [PurchaseLineInput(p1, 1, line_id=l1)])
    with db.transaction() as s, pytest.raises(ValidationError, match="cannot be removed"):
        purchase_orders.set_lines(s, users.admin, po_id, [])
    with db.transaction() as s:  # closing short: the line lowered to what came
        po = purchase_orders.set_lines(s, users.admin, po_id,
                                       [PurchaseLineInput(p1, 2, "1", line_id=l1)])
        assert po.status == "received"
    other = _order(db, users, [PurchaseLineInput(p1, 1, "1")])
    with db.transaction() as s:
        assert purchase_orders.cancel(s, users.admin, other).status == "cancelled"
    with db.transaction() as s, pytest.raises(PurchasingError):
        purchase_orders.set_lines(s, users.admin, other, [PurchaseLineInput(p1, 2)])


def test_receipt_goes_to_the_orders_warehouse(db: Database, users: Any) -> None:
    p1, _ = _products(db)
    with db.transaction() as s:
        stock.default_warehouse_id(s)
        second = Warehouse(code="WH0002", name="北京仓", active=True)
        s.add(second)
        s.flush()
        second_id = second.id
    po_id = _order(db, users, [PurchaseLineInput(p1, 3, "2")], warehouse_id=second_id)
    (l1, _, _), = _lines(db, users, po_id)
    with db.transaction() as s:
        purchase_orders.receive(s, users.admin, po_id, {l1: 2})
    with db.session() as s:
        assert stock.availability(s, p1, second_id).on_hand == 2
        assert stock.availability(s, p1).on_hand == 2
    with db.transaction() as s, pytest.raises(ValidationError, match="already received"):
        purchase_orders.update(s, users.admin, po_id,
                               {"warehouse_id": stock.default_warehouse_id(s)})


def test_supplier_history(db: Database, users: Any) -> None:
    p1, _ = _products(db)
    po_id = _order(db, users, [PurchaseLineInput(p1, 4, "10")])
    (l1, _, _), = _lines(db, users, po_id)
    with db.transaction() as s:
        purchase_orders.receive(s, users.admin, po_id, {l1: 1})
        supplier_id = purchase_orders.get(s, users.admin, po_id).supplier_id
        history = suppliers.purchases(s, users.staff1, supplier_id)
    assert [o.id for o in history.orders] == [po_id]
    assert (history.ordered_cents, history.received_cents, history.open_count) == (4000, 1000, 1)
    assert history.orders[0].status == "partial"
    with db.transaction() as s, pytest.raises(PurchasingError, match="open purchase orders"):
        suppliers.delete(s, users.admin, supplier_id)


def test_expected_dates_in_the_buyers_calendar(db: Database, users: Any) -> None:
    p1, _ = _products(db)
    day = date.today() + timedelta(days=3)
    po_id = _order(db, users, [PurchaseLineInput(p1, 1, "1")], expected_date=day)
    with db.session() as s:
        found = [i for i in calendar.items(s, users.admin, day, day)
                 if i.kind == "purchase_order"]
        assert [(i.ref_id, i.code) for i in found] == [(po_id, "PO000001")]
        assert "华东电子" in found[0].title
        assert found[0].record == ("purchase_order", po_id)
        assert not [i for i in calendar.items(s, users.staff1, day, day)
                    if i.kind == "purchase_order"]
    with db.transaction() as s:  # dragged to another day: through the service, audited
        version = purchase_orders.get(s, users.admin, po_id).version
        calendar.move(s, users.admin, "purchase_order", po_id, day + timedelta(days=1), version)
        assert purchase_orders.get(s, users.admin, po_id).expected_date == day + timedelta(days=1)
    with db.transaction() as s:
        purchase_orders.receive_all(s, users.admin, po_id)
    with db.session() as s:  # received: no longer expected
        later = day + timedelta(days=1)
        assert not [i for i in calendar.items(s, users.admin, later, later)
                    if i.kind == "purchase_order"]


def test_lists_filters_and_names_of_references(db: Database, users: Any) -> None:
    p1, _ = _products(db)
    po_id = _order(db, users, [PurchaseLineInput(p1, 1, "1")])
    with db.session() as s:
        rows = purchase_orders.rows(s, users.staff1, [po_id])
        assert rows[0]["supplier_id:name"] == "华东电子"
        assert rows[0]["warehouse_id:name"]
        query = ListQuery(filters=parse_filters(s, users.admin, "purchase_order",
                                                ["supplier_id=SUP0001", "status=ordered"]))
        assert purchase_orders.ids(s, users.admin, query) == [po_id]
        with pytest.raises(ValidationError, match="no supplier"):
            parse_filters(s, users.admin, "purchase_order", ["supplier_id=nobody"])


def _receive(db: Database, actor: Any, po_id: int, line_id: int, started: threading.Event,
             hold: threading.Event, outcome: dict[str, Any], name: str) -> None:
    try:
        with db.transaction() as s:
            purchase_orders.receive(s, actor, po_id, {line_id: 5}, reference=name)
            started.set()
            hold.wait(2)  # keep the transaction open while the other one tries
        outcome[name] = "received"
    except (PurchasingError, ValidationError) as exc:
        outcome[name] = exc
    finally:
        started.set()


def test_the_same_delivery_received_twice_at_once(db: Database, users: Any) -> None:
    """Two people book the same delivery at the same moment: it goes into stock once."""
    p1, _ = _products(db)
    po_id = _order(db, users, [PurchaseLineInput(p1, 5, "3")])
    (l1, _, _), = _lines(db, users, po_id)
    outcome: dict[str, Any] = {}
    first_in, hold = threading.Event(), threading.Event()
    a = threading.Thread(target=_receive, args=(db, users.admin, po_id, l1, first_in, hold,
                                                outcome, "A"))
    b = threading.Thread(target=_receive, args=(db, users.manager, po_id, l1,
                                                threading.Event(), threading.Event(),
                                                outcome, "B"))
    a.start()
    assert first_in.wait(10)
    b.start()  # waits for A's transaction, then finds nothing open
    hold.set()
    a.join(20)
    b.join(20)
    assert outcome["A"] == "received"
    assert isinstance(outcome["B"], PurchasingError | ValidationError)
    with db.session() as s:
        assert stock.availability(s, p1).on_hand == 5
        assert s.execute(select(func.count()).select_from(StockMovement).where(
            StockMovement.purchase_order_id == po_id)).scalar_one() == 1


def test_recycle_bin_keeps_what_the_ledger_names(db: Database, users: Any) -> None:
    p1, _ = _products(db)
    po_id = _order(db, users, [PurchaseLineInput(p1, 2, "1")])
    draft = _order(db, users, [PurchaseLineInput(p1, 1, "1")], ordered=False)
    (l1, _, _), = _lines(db, users, po_id)
    with db.transaction() as s:
        purchase_orders.receive(s, users.admin, po_id, {l1: 1})
        supplier_id = purchase_orders.get(s, users.admin, po_id).supplier_id
    with db.transaction() as s, pytest.raises(PurchasingError, match="receipts"):
        purchase_orders.delete(s, users.admin, po_id)
    with db.transaction() as s, pytest.raises(PurchasingError, match="receipts"):
        purchase_orders.purge(s, users.admin, po_id)
    with db.transaction() as s:  # a draft goes, with its lines
        purchase_orders.delete(s, users.admin, draft)
        purchase_orders.purge(s, users.admin, draft)
        purchase_orders.set_lines(s, users.admin, po_id, [
            PurchaseLineInput(p1, 1, "1", line_id=l1)])  # closed short: received
    with db.transaction() as s:
        suppliers.delete(s, users.admin, supplier_id)  # no open orders left
    with db.transaction() as s, pytest.raises(PurchasingError, match="not be purged"):
        suppliers.purge(s, users.admin, supplier_id)
    with db.session() as s:
        assert stock.availability(s, p1).on_hand == 1
