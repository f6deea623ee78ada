"""Forms with more than fields: order lines, ticket history and comments."""

from __future__ import annotations

from crmdesk.ui.views.order_form import OrderForm
from crmdesk.ui.views.ticket_form import TicketForm
from tests.ui.conftest import seed_customers, type_text


def test_order_with_lines_computes_the_total(login, db_path, qtbot, settle) -> None:  # type: ignore[no-untyped-def]
    cid = seed_customers(db_path, "staff1", [{"name": "订货客户"}])[0]
    window = login("staff1")
    window.open_document("new", ("order", {"customer_id": cid}))
    form = window.current_document()
    assert isinstance(form, OrderForm)
    form.add_line()
    combo = form.lines.cellWidget(0, 0)
    combo.setCurrentIndex(1)  # the first product fills description and price
    assert form.lines.item(0, 1).text()
    form.lines.item(0, 2).setText("3")
    form.add_line(description="上门安装", quantity=1, unit_price_cents=50_000)
    price = next(p.price_cents for p in form.product_rows if p.id == combo.currentData())
    assert form.total.text().endswith(f"{(3 * price + 50_000) / 100:,.2f}")
    form.save()
    settle(window)
    assert form.record_id is not None and not form.dirty
    assert form.lines.rowCount() == 2
    window.open_entry("orders")
    sheet = window.current_document()
    total_col = [s.key for s in sheet.all_specs].index("total_cents")
    assert sheet.model.data(sheet.model.index(0, total_col)) == f"{(3 * price + 50_000) / 100:,.2f}"


def test_bad_order_line_is_named(login, db_path, settle) -> None:  # type: ignore[no-untyped-def]
    cid = seed_customers(db_path, "staff1", [{"name": "订货客户"}])[0]
    window = login("staff1")
    window.open_document("new", ("order", {"customer_id": cid}))
    form = window.current_document()
    form.add_line(description="", quantity=0)
    form.save()
    settle(window)
    assert form.line_error.isVisibleTo(form) and "Line 1" in form.line_error.text()
    assert form.record_id is None


def test_ticket_history_and_comments(login, db_path, qtbot, settle) -> None:  # type: ignore[no-untyped-def]
    cid = seed_customers(db_path, "staff1", [{"name": "报修客户"}])[0]
    window = login("staff1")
    window.open_document("new", ("ticket", {"customer_id": cid}))
    form = window.current_document()
    assert isinstance(form, TicketForm)
    type_text(qtbot, form.editors["subject"].edit, "打印机无法连接")
    form.save()
    settle(window)
    assert form.record_id is not None
    resolved = form.editors["status_id"].combo.findText("Resolved")
    form.editors["status_id"].combo.setCurrentIndex(resolved)
    form.save()
    settle(window)
    type_text(qtbot, form.comment, "已更换网线")
    form.add_comment()
    settle(window)
    texts = [form.history.item(i).text() for i in range(form.history.count())]
    assert "已更换网线" in texts[0]
    assert any("Status: New → Resolved" in t for t in texts)
    assert "Ticket opened" in texts[-1]
