"""Orders drive stock in the window: the order form shows what each line can get and
warns of a backorder and of a credit limit; a delivery note is made from the order,
changed and shipped; the delivery plan lists it."""

from __future__ import annotations

from typing import Any

from crmdesk.ui.views.delivery_form import DeliveryForm
from crmdesk.ui.views.delivery_plan import DeliveryPlanView
from crmdesk.ui.views.order_form import OrderForm
from tests.ui.conftest import seed_customers


def _stock(db_path: Any, on_hand: int) -> int:
    """Receive *on_hand* of P1 into the main warehouse; returns P1's id."""
    from crmdesk.core.services import accounts, stock
    from crmdesk.core.services.sales import products
    from crmdesk.storage.database import open_database
    from tests.conftest import PASSWORD

    db = open_database(db_path)
    try:
        with db.transaction() as s:
            admin = accounts.login(s, "admin", PASSWORD)
            p1 = next(p for p in products.records(s, admin, products.ids(s, admin))
                      if p.code == "P1")
            stock.post(s, admin, "receipt", p1.id, stock.default_warehouse_id(s), on_hand)
            return int(p1.id)
    finally:
        db.close()


def _availability(db_path: Any, product_id: int) -> Any:
    from crmdesk.core.services import stock
    from crmdesk.storage.database import open_database

    db = open_database(db_path)
    try:
        with db.session() as s:
            return stock.availability(s, product_id)
    finally:
        db.close()


def test_order_form_warns_of_backorder_and_credit_then_ships(  # type: ignore[no-untyped-def]
        login, db_path, qtbot, settle) -> None:
    cid = seed_customers(db_path, "staff1", [{"name": "发货客户",
                                              "credit_limit_cents": "1000"}])[0]
    p1 = _stock(db_path, 2)
    window = login("staff1")
    window.open_document("new", ("order", {"customer_id": cid}))
    form = window.current_document()
    assert isinstance(form, OrderForm)
    form.add_line()
    combo = form.lines.cellWidget(0, 0)
    combo.setCurrentIndex(combo.findData(p1))
    form.lines.item(0, 2).setText("5")
    stock_cell = form.lines.item(0, form.STOCK)
    assert stock_cell.text() == "2 (short 3)"
    assert form.stock_warning.isVisibleTo(form)
    assert "Backorder" in form.stock_warning.text() and "5 wanted, 2 available" in \
        form.stock_warning.text()
    assert form.credit_warning.isVisibleTo(form)  # 5 x ¥980 over a ¥1,000 limit
    assert "Credit limit ¥1,000.00 exceeded" in form.credit_warning.text()
    form.lines.item(0, 2).setText("1")  # what is in stock: no backorder
    assert stock_cell.text() == "2" and not form.stock_warning.isVisibleTo(form)
    assert not form.credit_warning.isVisibleTo(form)
    form.lines.item(0, 2).setText("3")
    form.save()
    settle(window)
    assert form.record_id is not None and not form.dirty
    assert form.editors["status"].value() == "confirmed"
    # saved: the order holds the 2 in stock, so they still count as its own
    assert form.lines.item(0, form.STOCK).text() == "2 (short 1)"
    assert _availability(db_path, p1).reserved == 2
    assert form.ship_button.isEnabled()

    form.new_delivery()
    note = window.current_document()
    assert isinstance(note, DeliveryForm)
    assert note.editors["order_number"].value() == form.order_number
    note.save()
    settle(window)
    assert note.record_id is not None
    assert note.lines.rowCount() == 1 and note.lines.item(0, note.QTY).text() == "3"
    note.lines.item(0, note.QTY).setText("9")  # more than is open: named, not saved
    note.save()
    settle(window)
    assert note.line_error.isVisibleTo(note) and "between 0 and 3" in note.line_error.text()
    note.lines.item(0, note.QTY).setText("2")
    note.save()
    settle(window)
    assert not note.dirty and note.lines.item(0, note.QTY).text() == "2"

    window.open_document("delivery_plan")
    plan = window.current_document()
    assert isinstance(plan, DeliveryPlanView)
    assert [r.number for r in plan.rows] == [note.record_title]

    window.tabs.setCurrentWidget(note)
    note.ship()
    settle(window)
    assert note.status == "shipped" and not note.ship_button.isEnabled()
    assert _availability(db_path, p1).on_hand == 0 and _availability(db_path, p1).reserved == 0
    settle(window)
    assert form.editors["status"].value() == "partial"  # the open order form follows
    assert "Delivery notes:" in form.deliveries_label.text()
    assert plan.rows == []


def test_shipping_more_than_is_in_stock_shows_why(  # type: ignore[no-untyped-def]
        login, db_path, settle) -> None:
    cid = seed_customers(db_path, "staff1", [{"name": "缺货客户"}])[0]
    p1 = _stock(db_path, 1)
    window = login("staff1")
    window.open_document("new", ("order", {"customer_id": cid}))
    form = window.current_document()
    form.add_line(product_id=p1, description="标准版软件", quantity=4)
    form.save()
    settle(window)
    form.new_delivery()
    note = window.current_document()
    note.save()
    settle(window)
    note.ship()
    settle(window)
    assert note.status == "planned" and note.message.isVisibleTo(note)
    assert "Not enough stock" in note.message.text()
    assert _availability(db_path, p1).on_hand == 1


def test_statuses_that_follow_are_not_offered(login, db_path, settle) -> None:  # type: ignore[no-untyped-def]
    cid = seed_customers(db_path, "staff1", [{"name": "状态客户"}])[0]
    window = login("staff1")
    window.open_document("new", ("order", {"customer_id": cid}))
    form = window.current_document()
    combo = form.editors["status"].combo
    offered = {combo.itemData(i): combo.model().item(i).isEnabled()
               for i in range(combo.count())}
    assert offered["confirmed"] and offered["draft"] and offered["cancelled"]
    assert not offered["partial"] and not offered["shipped"] and not offered["completed"]


def test_customer_form_has_the_credit_limit(login, settle) -> None:  # type: ignore[no-untyped-def]
    window = login("staff1")
    window.open_document("new", ("customer", {}))
    form = window.current_document()
    assert "credit_limit_cents" in form.editors
