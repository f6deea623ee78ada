"""Quote to cash in the window (issue 16, part D): a quote with lines becomes an order
(Make order), the order is shipped (through the delivery service, as the delivery note
form does), invoiced (Issue invoice on the order) and paid (Record payment on the
invoice); Ctrl+P prints the invoice; the settings window's Invoicing tab."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtWidgets import QDialog

from crmdesk.core.services import settings
from crmdesk.ui.views import billing
from crmdesk.ui.views.billing import InvoiceForm, PaymentForm, QuoteForm
from crmdesk.ui.views.order_form import OrderForm
from tests.conftest import PASSWORD
from tests.ui.conftest import seed_customers
from tests.ui.test_print import needs_poppler, pdf_text, private_tmp, wait_preview

__all__ = ["private_tmp"]  # a fixture


def _ship(db_path: Any, order_id: int) -> None:
    """Ship everything open on the order, as the delivery note form's Ship now does."""
    from crmdesk.core.services import accounts
    from crmdesk.core.services.deliveries import ship_order
    from crmdesk.storage.database import open_database

    db = open_database(db_path)
    try:
        with db.transaction() as s:
            ship_order(s, accounts.login(s, "staff1", PASSWORD), order_id)
    finally:
        db.close()


@needs_poppler
def test_a_quote_becomes_an_order_an_invoice_and_a_payment(login, db_path, qtbot, settle,  # type: ignore[no-untyped-def]
                                                          monkeypatch, private_tmp) -> None:
    cid = seed_customers(db_path, "staff1", [{"name": "苏州工业园区华信公司",
                                              "kind": "company"}])[0]
    window = login("staff1")
    window.open_entry("quotes")
    window.open_document("new", ("quote", {"customer_id": cid}))
    quote = window.current_document()
    assert isinstance(quote, QuoteForm)
    quote.add_line(description="年度维护服务", quantity=2, unit_price_cents=150_000)
    quote.add_line(description="上门培训", quantity=1, unit_price_cents=80_050)
    # 3000.00 + 800.50 net, VAT 13 % = 390.00 + 104.07
    assert "Total ¥4,294.57" in quote.total.text()
    assert quote.lines.item(0, 4).text() == "13%"
    quote.save()
    settle(window)
    assert quote.record_id is not None and not quote.dirty
    assert quote.order_button.isEnabled()

    quote.order_button.click()
    settle(window)
    order = window.current_document()
    assert isinstance(order, OrderForm) and order.record_id is not None
    assert order.lines.rowCount() == 2
    assert not quote.order_button.isEnabled()  # accepted

    _ship(db_path, order.record_id)
    order.invoice_button.click()
    settle(window)
    invoice = window.current_document()
    assert isinstance(invoice, InvoiceForm)
    assert "INV000001" in invoice.summary.text() and "4,294.57" in invoice.summary.text()
    assert invoice.lines.rowCount() == 2 and invoice.lines.item(1, 5).text() == "104.07"

    def pay(dialog: billing.PaymentDialog) -> int:
        assert dialog.amount.text() == "4294.57"  # what is open
        dialog.amount.setText("4000")
        dialog.reference.setText("工行 0606")
        return QDialog.DialogCode.Accepted

    monkeypatch.setattr(billing.PaymentDialog, "exec", pay)
    invoice.pay_button.click()
    settle(window)
    assert "PM000001 ¥4,000.00" in invoice.paid.text()
    assert "Partly paid" in invoice.summary.text() and invoice.pay_button.isEnabled()

    monkeypatch.setattr(billing.PaymentDialog, "exec",
                        lambda dialog: QDialog.DialogCode.Accepted)  # the rest
    invoice.pay_button.click()
    settle(window)
    assert "Paid" in invoice.summary.text() and not invoice.pay_button.isEnabled()

    window.open_entry("payments")
    sheet = window.current_document()
    assert sheet.model.rowCount() == 2

    invoice.print_document()  # Ctrl+P
    window.tabs.setCurrentWidget(invoice)
    dialog = wait_preview(qtbot, window, settle)
    text = pdf_text(dialog.pages.path)
    assert "INV000001" in text and "苏州工业园区华信公司" in text and "4,294.57" in text
    dialog.done(0)


def test_a_payment_form_pays_the_oldest_invoice(login, db_path, settle) -> None:  # type: ignore[no-untyped-def]
    from crmdesk.core.services import accounts
    from crmdesk.core.services.invoices import invoices
    from crmdesk.core.services.sales import LineInput, orders
    from crmdesk.storage.database import open_database

    cid = seed_customers(db_path, "staff1", [{"name": "无锡新材料"}])[0]
    db = open_database(db_path)
    with db.transaction() as s:
        staff = accounts.login(s, "staff1", PASSWORD)
        order_id = orders.create_with_lines(s, staff, {"customer_id": cid}, [
            LineInput(description="样品", unit_price="100")]).id
    db.close()
    _ship(db_path, order_id)
    db = open_database(db_path)
    with db.transaction() as s:
        invoices.issue(s, accounts.login(s, "staff1", PASSWORD), order_id)
    db.close()
    window = login("staff1")
    window.open_document("new", ("payment", {"customer_id": cid}))
    form = window.current_document()
    assert isinstance(form, PaymentForm)
    form.editors["amount_cents"].set_value(20_000)
    form.save()
    settle(window)
    assert form.record_id is not None
    assert "INV000001 ¥113.00" in form.allocated.text()
    assert "Credit left ¥87.00" in form.allocated.text()


def test_invoicing_settings(login, db_path, settle) -> None:  # type: ignore[no-untyped-def]
    from crmdesk.storage.database import open_database

    window = login("admin")
    window.open_entry("settings")
    view = window.current_document()
    editor = view.billing
    editor.company["company.address"].setText("上海市浦东新区张江路 1 号")
    editor.rates.setText("13, 9，6, 0, 5.5, x")
    editor.default_rate.setValue(9)
    view.save()
    settle(window)
    db = open_database(db_path)
    with db.session() as s:
        assert settings.get(s, "company.address") == "上海市浦东新区张江路 1 号"
        assert settings.get(s, "vat.rates") == ["13", "9", "6", "0", "5.5"]
        assert settings.get(s, "vat.default_rate") == 9
    db.close()


@pytest.mark.parametrize("entity", ["quote", "invoice", "payment"])
def test_the_datasheets_open(login, settle, entity) -> None:  # type: ignore[no-untyped-def]
    window = login("staff1")
    window.open_entry({"quote": "quotes", "invoice": "invoices", "payment": "payments"}[entity])
    sheet = window.current_document()
    assert sheet.entity == entity


@needs_poppler
def test_ctrl_p_prints_the_quote_the_order_and_the_delivery_note(login, db_path, qtbot,  # type: ignore[no-untyped-def]
                                                                settle, private_tmp) -> None:
    from crmdesk.core.services import accounts
    from crmdesk.core.services.deliveries import deliveries
    from crmdesk.core.services.quotes import quotes
    from crmdesk.core.services.sales import LineInput
    from crmdesk.storage.database import open_database

    cid = seed_customers(db_path, "staff1", [{"name": "常州恒泰机电"}])[0]
    db = open_database(db_path)
    with db.transaction() as s:
        staff = accounts.login(s, "staff1", PASSWORD)
        settings.set_value(s, accounts.login(s, "admin", PASSWORD), "company_name",
                           "杭州云帆科技有限公司")
        quote_id = quotes.create_with_lines(s, staff, {"customer_id": cid}, [
            LineInput(description="安装调试", quantity=3, unit_price="200")]).id
        order_id = quotes.to_order(s, staff, quote_id).id
    db.close()
    _ship(db_path, order_id)
    db = open_database(db_path)
    with db.session() as s:
        note_id = deliveries.ids(s, accounts.login(s, "staff1", PASSWORD))[0]
    db.close()
    window = login("staff1")
    for entity, record_id, expected in (("quote", quote_id, "Quotation"),
                                        ("order", order_id, "Sales order"),
                                        ("delivery", note_id, "Delivery note")):
        window.open_document("record", (entity, record_id))
        settle(window)
        window.current_document().print_document()  # Ctrl+P
        dialog = wait_preview(qtbot, window, settle)
        text = pdf_text(dialog.pages.path)
        assert expected in text and "杭州云帆科技有限公司" in text and "安装调试" in text, entity
        dialog.done(0)


def test_a_manager_voids_an_invoice_staff_cannot(login, db_path, settle, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtWidgets import QInputDialog

    from crmdesk.core.services import accounts
    from crmdesk.core.services.invoices import invoices
    from crmdesk.core.services.sales import LineInput, orders
    from crmdesk.storage.database import open_database

    cid = seed_customers(db_path, "staff1", [{"name": "南通远航物流"}])[0]
    db = open_database(db_path)
    with db.transaction() as s:
        order_id = orders.create_with_lines(s, accounts.login(s, "staff1", PASSWORD), {
            "customer_id": cid}, [LineInput(description="运输", unit_price="300")]).id
    db.close()
    _ship(db_path, order_id)
    db = open_database(db_path)
    with db.transaction() as s:
        invoice_id = invoices.issue(s, accounts.login(s, "staff1", PASSWORD), order_id).id
    db.close()
    staff = login("staff1")
    staff.open_document("record", ("invoice", invoice_id))
    settle(staff)
    assert not staff.current_document().void_button.isVisibleTo(staff.current_document())
    window = login("manager")
    window.open_document("record", ("invoice", invoice_id))
    settle(window)
    form = window.current_document()
    monkeypatch.setattr(QInputDialog, "getText", lambda *a, **k: ("抬头开错", True))
    form.void_button.click()
    settle(window)
    assert "Void" in form.summary.text()
    assert not form.pay_button.isEnabled() and not form.save_button.isEnabled()
