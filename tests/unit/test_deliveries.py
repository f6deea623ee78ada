"""Orders drive stock (core/services/order_flow.py, core/services/deliveries.py):
confirming reserves, delivery notes issue (partial shipments), cancelling releases, the
status follows from deliveries, invoices and payments, the credit limit warns, the
delivery plan and the calendar list planned notes, and the command line.

The service tests run on SQLite and, with CRMDESK_TEST_PG_URL, on PostgreSQL."""

from __future__ import annotations

from datetime import date, timedelta
from typing import Any

import pytest
from sqlalchemy import func, select

from crmdesk.core.models import (
    AuditEntry,
    Invoice,
    Order,
    Product,
    StockMovement,
    Warehouse,
)
from crmdesk.core.services import calendar, order_flow, stock
from crmdesk.core.services.customers import customers
from crmdesk.core.services.deliveries import (
    DeliveryError,
    deliveries,
    plan,
    plan_delivery,
    ship_order,
)
from crmdesk.core.services.sales import orders
from crmdesk.errors import KnownError, NotFound, ValidationError
from crmdesk.storage.database import Database


def _setup(db: Database, users: Any, *, on_hand: int = 10, actor: str = "admin",
           credit_limit: str | None = None) -> dict[str, int]:
    """A customer of *actor*, products P1 (stocked, *on_hand* in the main warehouse) and
    P2 (a service: not stocked)."""
    who = getattr(users, actor)
    with db.transaction() as s:
        data = {"name": "发货测试客户"}
        if credit_limit is not None:
            data["credit_limit_cents"] = credit_limit
        customer = customers.create(s, who, data)
        p1 = s.execute(select(Product.id).where(Product.code == "P1")).scalar_one()
        p2 = s.execute(select(Product.id).where(Product.code == "P2")).scalar_one()
        s.get(Product, p2).tracks_stock = False  # type: ignore[union-attr]
        main = stock.default_warehouse_id(s)
        if on_hand:
            stock.post(s, users.admin, "receipt", p1, main, on_hand, unit_cost_cents=500)
        return {"customer": customer.id, "p1": p1, "p2": p2, "main": main}


def _order(db: Database, actor: Any, ids: dict[str, int], qty: int = 6,
           status: str = "confirmed", service_qty: int = 1) -> int:
    with db.transaction() as s:
        lines = [{"product_id": ids["p1"], "quantity": qty}]
        if service_qty:
            lines.append({"product_id": ids["p2"], "quantity": service_qty})
        return int(orders.create_with_lines(s, actor, {"customer_id": ids["customer"],
                                                       "status": status}, lines).id)


def _level(db: Database, ids: dict[str, int]) -> stock.Availability:
    with db.session() as s:
        return stock.availability(s, ids["p1"], ids["main"])


def _lines(db: Database, order_id: int) -> list[tuple[int, int, int]]:
    with db.session() as s:
        return [(line.quantity, line.reserved_qty, line.shipped_qty)
                for line in order_flow.lines_of(s, order_id)]


def _status(db: Database, order_id: int) -> str:
    with db.session() as s:
        order = s.get(Order, order_id)
        assert order is not None
        return str(order.status)


def test_confirming_reserves_and_cancelling_releases(db: Database, users: Any) -> None:
    ids = _setup(db, users)
    draft = _order(db, users.admin, ids, qty=4, status="draft")
    assert _level(db, ids) == stock.Availability(10, 0)  # a draft reserves nothing
    assert _lines(db, draft) == [(4, 0, 0), (1, 0, 0)]
    with db.transaction() as s:
        orders.update(s, users.admin, draft, {"status": "confirmed"})
    assert _level(db, ids) == stock.Availability(10, 4)
    assert _lines(db, draft) == [(4, 4, 0), (1, 0, 0)]  # the service line holds nothing
    with db.transaction() as s:
        order = s.get(Order, draft)
        assert order is not None and order.warehouse_id == ids["main"]  # pinned
        orders.update(s, users.admin, draft, {"status": "cancelled"})
    assert _level(db, ids) == stock.Availability(10, 0)
    assert _lines(db, draft) == [(4, 0, 0), (1, 0, 0)]
    with db.transaction() as s:  # reopened: reserves again
        orders.update(s, users.admin, draft, {"status": "confirmed"})
        orders.update(s, users.admin, draft, {"status": "draft"})
    assert _level(db, ids).reserved == 0


def test_backorder_reserves_what_is_there(db: Database, users: Any) -> None:
    ids = _setup(db, users, on_hand=3)
    order_id = _order(db, users.admin, ids, qty=5)
    assert _lines(db, order_id)[0] == (5, 3, 0)
    assert _level(db, ids) == stock.Availability(3, 3)
    with db.session() as s:
        order = s.get(Order, order_id)
        assert order is not None
        short = order_flow.backorders(s, order)
        assert [(b.wanted, b.reserved, b.missing) for b in short] == [(5, 3, 2)]
        notes = order_flow.order_notices(s, order)
        assert any("2 on backorder" in n for n in notes)
    with db.transaction() as s:  # goods arrive: reserving again tops up
        stock.post(s, users.admin, "receipt", ids["p1"], ids["main"], 10)
        order = s.get(Order, order_id)
        assert order is not None
        assert order_flow.reserve(s, users.admin, order) == []
    assert _lines(db, order_id)[0] == (5, 5, 0)
    assert _level(db, ids) == stock.Availability(13, 5)


def test_partial_shipments_issue_and_set_the_status(db: Database, users: Any) -> None:
    ids = _setup(db, users, actor="staff1")
    order_id = _order(db, users.staff1, ids, qty=6)
    with db.transaction() as s:
        first_line = order_flow.lines_of(s, order_id)[0].id
        note = plan_delivery(s, users.staff1, order_id, {first_line: 4},
                             planned_date=date.today(), carrier="顺丰")
        assert note.number.startswith("DN") and note.status == "planned"
        number = note.number
        deliveries.ship(s, users.staff1, note.id)
    assert _status(db, order_id) == "partial"
    assert _lines(db, order_id) == [(6, 2, 4), (1, 0, 0)]
    assert _level(db, ids) == stock.Availability(6, 2)  # 10 - 4 on hand; 2 still held
    with db.session() as s:
        moves = list(s.execute(select(StockMovement).where(
            StockMovement.order_id == order_id)).scalars())
        assert [(m.kind, m.quantity, m.reference) for m in moves] == [("issue", -4, number)]
        entry = s.execute(select(AuditEntry).where(AuditEntry.action == "ship")).scalar_one()
        assert entry.entity == "delivery" and number in (entry.summary or entry.params or "")
    with db.transaction() as s:  # the rest, the service line too
        ship_order(s, users.staff1, order_id)
    assert _status(db, order_id) == "shipped"
    assert _lines(db, order_id) == [(6, 0, 6), (1, 0, 1)]
    assert _level(db, ids) == stock.Availability(4, 0)
    with db.transaction() as s, pytest.raises(KnownError, match="Order SO"):
        ship_order(s, users.staff1, order_id)  # nothing open any more


def test_completed_follows_invoices_and_payments(db: Database, users: Any) -> None:
    ids = _setup(db, users)
    order_id = _order(db, users.admin, ids, qty=2, service_qty=0)
    with db.transaction() as s:
        ship_order(s, users.admin, order_id)
    assert _status(db, order_id) == "shipped"
    with db.transaction() as s:  # invoiced (as the invoice service does), not yet paid
        for line in order_flow.lines_of(s, order_id):
            line.invoiced_qty = line.quantity
        invoice = Invoice(number="INV-T1", customer_id=ids["customer"], order_id=order_id,
                          issue_date=date.today(), due_date=date.today(), status="issued",
                          total_cents=1960)
        s.add(invoice)
        s.flush()
        assert order_flow.refresh_status(s, order_id) == ("shipped", "shipped")
        invoice.status = "paid"
        s.flush()
        assert order_flow.refresh_status(s, order_id) == ("shipped", "completed")


def test_not_enough_stock_refuses_the_whole_note(db: Database, users: Any) -> None:
    ids = _setup(db, users, on_hand=2)
    order_id = _order(db, users.admin, ids, qty=5)
    with pytest.raises(stock.StockError, match="Not enough stock"):
        with db.transaction() as s:
            ship_order(s, users.admin, order_id)
    assert _lines(db, order_id)[0] == (5, 2, 0)  # nothing half done
    assert _level(db, ids) == stock.Availability(2, 2)
    with db.session() as s:
        assert s.execute(select(func.count(StockMovement.id)).where(
            StockMovement.kind == "issue")).scalar() == 0
        assert deliveries.count(s, users.admin) == 0


def test_an_order_from_before_reservations_ships_from_what_is_available(
        db: Database, users: Any) -> None:
    ids = _setup(db, users, on_hand=5)
    order_id = _order(db, users.admin, ids, qty=3, service_qty=0)
    with db.transaction() as s:  # as schema 0017 finds an older confirmed order
        order = s.get(Order, order_id)
        assert order is not None
        order_flow.release(s, users.admin, order)
        order.warehouse_id = None
    assert _level(db, ids) == stock.Availability(5, 0)
    with db.transaction() as s:
        ship_order(s, users.admin, order_id, {order_flow.lines_of(s, order_id)[0].id: 2})
    assert _lines(db, order_id) == [(3, 0, 2)]
    assert _level(db, ids) == stock.Availability(3, 0)


def test_statuses_that_follow_cannot_be_chosen(db: Database, users: Any) -> None:
    ids = _setup(db, users)
    order_id = _order(db, users.admin, ids, qty=2)
    for status in ("shipped", "completed", "partial"):
        with db.transaction() as s, pytest.raises(ValidationError, match="follows from"):
            orders.update(s, users.admin, order_id, {"status": status})
    with db.transaction() as s, pytest.raises(ValidationError, match="follows from"):
        orders.create_with_lines(s, users.admin, {"customer_id": ids["customer"],
                                                  "status": "partial"}, [{"product_id": ids["p1"]}])
    with db.transaction() as s:
        ship_order(s, users.admin, order_id, {order_flow.lines_of(s, order_id)[0].id: 1})
    with db.transaction() as s, pytest.raises(ValidationError, match="cannot become"):
        orders.update(s, users.admin, order_id, {"status": "cancelled"})
    with db.transaction() as s, pytest.raises(ValidationError, match="no longer change"):
        orders.set_lines(s, users.admin, order_id, [{"product_id": ids["p1"], "quantity": 9}])
    with db.transaction() as s:  # the same lines again (a form's save): nothing to do
        same = [{"product_id": line.product_id, "description": line.description,
                 "quantity": line.quantity, "unit_price": line.unit_price_cents / 100}
                for line in order_flow.lines_of(s, order_id)]
        orders.set_lines(s, users.admin, order_id, same)


def test_a_past_order_entered_as_shipped_counts_as_shipped(db: Database, users: Any) -> None:
    ids = _setup(db, users)
    order_id = _order(db, users.admin, ids, qty=2, status="completed")
    with db.session() as s:
        assert [(line.shipped_qty, line.invoiced_qty)
                for line in order_flow.lines_of(s, order_id)] == [(2, 2), (1, 1)]
    assert _level(db, ids) == stock.Availability(10, 0)  # no stock moved


def test_new_lines_and_a_new_warehouse_move_the_reservation(db: Database, users: Any) -> None:
    ids = _setup(db, users)
    order_id = _order(db, users.admin, ids, qty=4, service_qty=0)
    with db.transaction() as s:
        orders.set_lines(s, users.admin, order_id, [{"product_id": ids["p1"], "quantity": 7}])
    assert _level(db, ids) == stock.Availability(10, 7)
    with db.transaction() as s:
        other = Warehouse(code="WH0077", name="北京仓", active=True)
        s.add(other)
        s.flush()
        stock.post(s, users.admin, "receipt", ids["p1"], other.id, 3)
        orders.update(s, users.admin, order_id, {"warehouse_id": other.id})
        other_id = other.id
    assert _level(db, ids) == stock.Availability(10, 0)
    with db.session() as s:
        assert stock.availability(s, ids["p1"], other_id) == stock.Availability(3, 3)
    assert _lines(db, order_id) == [(7, 3, 0)]


def test_delivery_notes_follow_the_customers_visibility(db: Database, users: Any) -> None:
    ids = _setup(db, users, actor="staff1")
    order_id = _order(db, users.staff1, ids, qty=1, service_qty=0)
    with db.transaction() as s:
        note = plan_delivery(s, users.staff1, order_id)
        note_id = note.id
    with db.session() as s:
        assert deliveries.get(s, users.manager, note_id).id == note_id  # the team's
        for outsider in (users.staff2, users.manager2):
            with pytest.raises(NotFound):
                deliveries.get(s, outsider, note_id)
            assert deliveries.ids(s, outsider) == []
    with db.transaction() as s, pytest.raises(NotFound):
        deliveries.ship(s, users.staff2, note_id)
    with db.transaction() as s, pytest.raises(ValidationError, match="order you can see"):
        deliveries.create(s, users.staff3, {"order_number": "SO000001"})


def test_record_commands_path_create_edit_cancel(db: Database, users: Any) -> None:
    ids = _setup(db, users)
    order_id = _order(db, users.admin, ids, qty=3, service_qty=0)
    with db.transaction() as s:
        number = s.get(Order, order_id).number  # type: ignore[union-attr]
        note = deliveries.create(s, users.admin, {"order_number": number,
                                                  "planned_date": "2030-01-02"})
        assert note.customer_id == ids["customer"] and note.planned_date == date(2030, 1, 2)
        assert [line.quantity for line in deliveries.lines(s, users.admin, note.id)] == [3]
        with pytest.raises(ValidationError, match="between 0 and 3"):
            deliveries.set_lines(s, users.admin, note.id,
                                 {order_flow.lines_of(s, order_id)[0].id: 4})
        deliveries.update(s, users.admin, note.id, {"status": "cancelled"})
        assert note.status == "cancelled"
        with pytest.raises(DeliveryError, match="only a planned"):
            deliveries.ship(s, users.admin, note.id)
        with pytest.raises(ValidationError, match="is a draft"):
            draft = _order_in(s, users.admin, ids, "draft")
            deliveries.create(s, users.admin, {"order_number": draft})
    with db.transaction() as s:  # cancelling the order cancels its planned notes
        again = plan_delivery(s, users.admin, order_id)
        orders.update(s, users.admin, order_id, {"status": "cancelled"})
        assert again.status == "cancelled"


def _order_in(s: Any, actor: Any, ids: dict[str, int], status: str) -> str:
    order = orders.create_with_lines(s, actor, {"customer_id": ids["customer"],
                                                "status": status},
                                     [{"product_id": ids["p1"], "quantity": 1}])
    return str(order.number)


def test_credit_limit_counts_open_invoices_and_orders(db: Database, users: Any) -> None:
    ids = _setup(db, users, credit_limit="5000")
    first = _order(db, users.admin, ids, qty=2, service_qty=0)  # 2 x ¥980
    with db.transaction() as s:
        s.add(Invoice(number="INV-T2", customer_id=ids["customer"], issue_date=date.today(),
                      due_date=date.today(), status="partial", total_cents=400_000,
                      paid_cents=100_000))
        s.add(Invoice(number="INV-T3", customer_id=ids["customer"], issue_date=date.today(),
                      due_date=date.today(), status="void", total_cents=900_000))
        s.flush()
        check = order_flow.credit_check(s, ids["customer"], 250_000)
        assert check is not None
        assert (check.open_invoices_cents, check.open_orders_cents) == (300_000, 196_000)
        assert check.exceeded and check.over_cents == 300_000 + 196_000 + 250_000 - 500_000
        assert "exceeded" in check.text()
        mine = order_flow.credit_check(s, ids["customer"], 0, order_id=first)
        assert mine is not None and mine.open_orders_cents == 0 and not mine.exceeded
        customer = customers.create(s, users.admin, {"name": "无额度客户"})
        assert order_flow.credit_check(s, customer.id, 10**9) is None


def test_delivery_plan_and_calendar(db: Database, users: Any) -> None:
    ids = _setup(db, users, actor="staff1")
    today = date.today()
    with db.transaction() as s:
        soon = orders.create_with_lines(
            s, users.staff1, {"customer_id": ids["customer"],
                              "delivery_date": today + timedelta(days=3)},
            [{"product_id": ids["p1"], "quantity": 2}])
        late = orders.create_with_lines(
            s, users.staff1, {"customer_id": ids["customer"]},
            [{"product_id": ids["p1"], "quantity": 1}])
        note = plan_delivery(s, users.staff1, late.id, planned_date=today - timedelta(days=2))
        soon_number, note_number = soon.number, note.number
    with db.session() as s:
        rows = plan(s, users.staff1, today, today + timedelta(days=7))
        assert [(r.kind, r.number, r.overdue, r.units) for r in rows] == [
            ("delivery", note_number, True, 1), ("order", soon_number, False, 2)]
        assert "标准版软件 ×2" in rows[1].items
        assert plan(s, users.staff2, today, today + timedelta(days=7)) == []
        found = calendar.items(s, users.staff1, today - timedelta(days=7), today,
                               kinds=["delivery"])
        assert [(i.kind, i.code, i.record) for i in found] == [
            ("delivery", note_number, ("delivery", rows[0].ref_id))]
    with db.transaction() as s:  # dragged to another day in the calendar
        calendar.move(s, users.staff1, "delivery", rows[0].ref_id, today)
    with db.session() as s:
        assert deliveries.get(s, users.staff1, rows[0].ref_id).planned_date == today


def test_every_role_ships_but_not_a_deleted_order(db: Database, users: Any) -> None:
    ids = _setup(db, users, actor="staff1")
    order_id = _order(db, users.staff1, ids, qty=1, service_qty=0)
    with db.transaction() as s:
        orders.delete(s, users.staff1, order_id)
    with db.transaction() as s, pytest.raises(KnownError):
        ship_order(s, users.staff1, order_id)


# -- the command line ------------------------------------------------------------------------

def test_cli_ship_plan_and_reserve(run: Any, db: Database, db_path: Any, users: Any) -> None:
    ids = _setup(db, users, on_hand=5)
    with db.transaction() as s:
        number = str(orders.create_with_lines(s, users.admin, {"customer_id": ids["customer"]},
                                              [{"product_id": ids["p1"], "quantity": 4}]).number)
    file = str(db_path)
    code, out, err = run("ship", file, number, "--line", "1=1", "--plan", "2030-03-04",
                         "--user", "admin")
    assert code == 0, err
    assert "Planned DN000001 for 2030-03-04: 1 units" in out
    code, out, _err = run("delivery-plan", file, "--from", "2030-03-01", "--to", "2030-03-31",
                          "--user", "admin")
    assert code == 0 and "DN000001" in out and "标准版软件 ×1" in out
    code, out, err = run("ship", file, "DN000001", "--user", "admin", "--tracking", "SF123")
    assert code == 0, err
    assert "Shipped DN000001: 1 units of order" in out and "Partly shipped" in out
    code, out, err = run("ship", file, number, "--line", "1=9", "--user", "admin")
    assert code == 2 and "between 0 and 3" in err and "Traceback" not in err
    code, out, err = run("reserve", file, number, "--user", "admin")
    assert code == 0 and "holds 3 units" in out
    code, out, err = run("list", file, "delivery", "--user", "admin")
    assert code == 0 and "DN000001" in out and "SF123" in out and "Shipped" in out
    code, out, err = run("add", file, "delivery", f"order_number={number}", "--user", "admin")
    assert code == 0 and out.strip() == "DN000002"
    code, out, err = run("edit", file, "delivery", "DN000002", "status=shipped",
                         "--user", "admin")
    assert code == 0, err
    code, out, err = run("show", file, "order", number, "--user", "admin")
    assert code == 0 and "Shipped" in out
    code, _out, err = run("edit", file, "order", number, "status=cancelled", "--user", "admin")
    assert code == 2 and "cannot become" in err
    code, _out, err = run("ship", file, "SO999999", "--user", "admin")
    assert code == 2 and "does not exist" in err
    code, _out, err = run("delivery-plan", file, "--from", "2030-03-05", "--to", "2030-03-01",
                          "--user", "admin")
    assert code == 2 and "before" in err



def test_deleting_releases_and_shipped_history_stays(db: Database, users: Any) -> None:
    ids = _setup(db, users)
    kept = _order(db, users.admin, ids, qty=2, service_qty=0)
    gone = _order(db, users.admin, ids, qty=3, service_qty=0)
    assert _level(db, ids).reserved == 5
    with db.transaction() as s:
        planned = plan_delivery(s, users.admin, gone)
        orders.delete(s, users.admin, gone)  # the recycle bin: releases, cancels its notes
        assert planned.status == "cancelled"
    assert _level(db, ids).reserved == 2
    with db.transaction() as s:
        note = ship_order(s, users.admin, kept)
        with pytest.raises(DeliveryError, match="stays as history"):
            deliveries.delete(s, users.admin, note.id)
    with db.transaction() as s, pytest.raises(KnownError, match="cannot be deleted for good"):
        orders.delete(s, users.admin, kept, hard=True)


def test_mass_update_of_the_status_reserves_and_releases(db: Database, users: Any) -> None:
    from crmdesk.core.services import mass_update

    ids = _setup(db, users)
    first = _order(db, users.admin, ids, qty=2, service_qty=0)
    second = _order(db, users.admin, ids, qty=3, service_qty=0)
    with db.transaction() as s:
        ship_order(s, users.admin, second, {order_flow.lines_of(s, second)[0].id: 1})
    assert _level(db, ids) == stock.Availability(9, 4)
    with db.transaction() as s:
        result = mass_update.run(s, users.admin, "order", "status", "cancelled",
                                 ids=[first, second])
    assert result.refused_count == 1  # the one with goods shipped
    assert _status(db, first) == "cancelled" and _status(db, second) == "partial"
    assert _level(db, ids) == stock.Availability(9, 2)


def test_purging_a_customer_takes_planned_notes_but_not_shipped_ones(
        db: Database, users: Any) -> None:
    ids = _setup(db, users)
    order_id = _order(db, users.admin, ids, qty=2, service_qty=0)
    with db.transaction() as s:
        plan_delivery(s, users.admin, order_id)
        customers.delete(s, users.admin, ids["customer"])
    with db.transaction() as s:
        customers.purge(s, users.admin, ids["customer"])
    assert _level(db, ids).reserved == 0
    with db.session() as s:
        assert deliveries.count(s, users.admin) == 0
    other = _setup(db, users, on_hand=0)
    shipped = _order(db, users.admin, other, qty=1, service_qty=0)
    with db.transaction() as s:
        ship_order(s, users.admin, shipped)
        customers.delete(s, users.admin, other["customer"])
    with db.transaction() as s, pytest.raises(KnownError, match="cannot be purged"):
        customers.purge(s, users.admin, other["customer"])


def _ship_note(db: Database, actor: Any, note_id: int, started: Any, hold: Any,
               outcome: dict[str, Any], name: str) -> None:
    try:
        with db.transaction() as s:
            deliveries.ship(s, actor, note_id)
            started.set()
            hold.wait(2)  # keep the transaction open while the other one tries
        outcome[name] = "shipped"
    except KnownError as exc:
        outcome[name] = exc
    finally:
        started.set()


def test_one_note_shipped_twice_at_once_ships_once(db: Database, users: Any) -> None:
    """Two people press Ship on the same note at the same moment: the goods leave once."""
    import threading

    ids = _setup(db, users, actor="staff1")
    order_id = _order(db, users.staff1, ids, qty=2, service_qty=0)
    with db.transaction() as s:
        note_id = plan_delivery(s, users.staff1, order_id).id
    outcome: dict[str, Any] = {}
    first_in, hold = threading.Event(), threading.Event()
    a = threading.Thread(target=_ship_note, args=(db, users.staff1, note_id, first_in, hold,
                                                  outcome, "A"))
    b = threading.Thread(target=_ship_note, args=(db, users.manager, note_id,
                                                  threading.Event(), threading.Event(),
                                                  outcome, "B"))
    a.start()
    assert first_in.wait(10)
    b.start()  # waits for A's transaction, then finds the note shipped
    hold.set()
    a.join(20)
    b.join(20)
    assert outcome["A"] == "shipped"
    assert isinstance(outcome["B"], DeliveryError) and "only a planned" in str(outcome["B"])
    assert _level(db, ids) == stock.Availability(8, 0)
    assert _lines(db, order_id) == [(2, 0, 2)]


def test_first_order_makes_the_main_warehouse_with_a_signed_entry(db: Database,
                                                                   users: Any) -> None:
    """A file with no warehouse yet: confirming the first order makes WH0001 as the
    person confirming, so the signed audit log still verifies (an entry with no actor
    would be unsigned, reported as tampering)."""
    from crmdesk.core.services import audit

    with db.transaction() as s:
        assert s.execute(select(func.count()).select_from(Warehouse)).scalar_one() == 0
        customer = customers.create(s, users.staff1, {"name": "第一单客户"})
        p1 = s.execute(select(Product.id).where(Product.code == "P1")).scalar_one()
        order = orders.create_with_lines(s, users.staff1, {"customer_id": customer.id},
                                         [{"product_id": p1, "quantity": 2}])
        assert order.warehouse_id is not None
    with db.session() as s:
        made = s.execute(select(AuditEntry).where(AuditEntry.entity == "warehouse")).scalar_one()
        assert made.user_id == users.staff1.user_id
        assert audit.verify_chain(s).ok
