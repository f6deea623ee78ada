"""Purchasing in the window: a purchase order entered with lines, marked as ordered,
received in two parts through the Receive dialog (stock and status follow), a cancel
refused once goods came, and the supplier's purchase history."""

from __future__ import annotations

from typing import Any

from crmdesk.core.services import accounts, stock
from crmdesk.core.services.purchasing import purchase_orders, suppliers
from crmdesk.storage.database import open_database
from crmdesk.ui.errors import ErrorReporter
from crmdesk.ui.views.purchasing import PurchaseOrderForm, ReceiveDialog, SupplierForm
from tests.conftest import PASSWORD


def _supplier(db_path: Any) -> int:
    db = open_database(db_path)
    try:
        with db.transaction() as s:
            admin = accounts.login(s, "manager", PASSWORD)
            return int(suppliers.create(s, admin, {"name": "苏州精密五金",
                                                   "contact_name": "周工"}).id)
    finally:
        db.close()


def _on_hand(window: Any, product_id: int) -> int:
    return int(window.workspace.read(lambda s: stock.availability(s, product_id).on_hand))


def test_order_and_receive_in_two_parts(login, db_path, qtbot, settle, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    supplier_id = _supplier(db_path)
    window = login("manager")
    window.open_entry("purchase_orders")
    window.open_document("new", ("purchase_order", {"supplier_id": supplier_id}))
    form = window.current_document()
    assert isinstance(form, PurchaseOrderForm)
    assert not form.order_button.isVisible()  # a new order: save it first
    form.add_line()
    combo = form.lines.cellWidget(0, 0)
    combo.setCurrentIndex(1)  # the first stocked product fills the description
    product_id = combo.currentData()
    assert form.lines.item(0, 1).text()
    form.lines.item(0, 2).setText("10")
    form.lines.item(0, 4).setText("12.50")
    assert form.total.text().endswith("125.00")
    form.save()
    settle(window)
    assert form.record_id is not None and not form.dirty, form.line_error.text()
    assert form.status == "draft" and form.order_button.isVisible()
    assert not form.receive_button.isVisible()

    form.mark_ordered()
    settle(window)
    assert form.status == "ordered"
    assert form.receive_button.isVisible() and form.cancel_order_button.isVisible()

    # the first delivery: 4 of 10
    form.receive()
    dialog = form.receive_dialog
    assert isinstance(dialog, ReceiveDialog)
    spin = next(iter(dialog.spins.values()))
    assert spin.value() == 10 and spin.maximum() == 10  # default: all that is open
    spin.setValue(4)
    dialog.reference.setText("SH-0001")
    dialog.ok_button.click()
    settle(window)
    assert dialog.result() == ReceiveDialog.DialogCode.Accepted
    assert form.status == "partial"
    assert form.lines.item(0, 3).text() == "4"
    assert _on_hand(window, product_id) == 4
    assert not form.cancel_order_button.isVisible()

    # cancelling is refused once goods came (the service says what to do)
    form.cancel_order_button.setVisible(True)
    monkeypatch.setattr("PySide6.QtWidgets.QMessageBox.question",
                        lambda *a, **k: __import__("PySide6.QtWidgets", fromlist=["x"])
                        .QMessageBox.StandardButton.Yes)
    ErrorReporter.shown = []
    form.cancel_order()
    settle(window)
    assert any("cannot be cancelled" in text for text in ErrorReporter.shown)

    # the rest
    form.receive()
    dialog = form.receive_dialog
    spin = next(iter(dialog.spins.values()))
    assert spin.value() == 6
    dialog.ok_button.click()
    settle(window)
    assert form.status == "received"
    assert not form.receive_button.isVisible()
    assert _on_hand(window, product_id) == 10


def test_over_receiving_is_refused_in_the_dialog(login, db_path, settle) -> None:  # type: ignore[no-untyped-def]
    supplier_id = _supplier(db_path)
    window = login("manager")
    window.open_document("new", ("purchase_order", {"supplier_id": supplier_id}))
    form = window.current_document()
    form.add_line()
    form.lines.cellWidget(0, 0).setCurrentIndex(1)
    form.lines.item(0, 2).setText("2")
    form.save()
    settle(window)
    form.mark_ordered()
    settle(window)
    form.receive()
    dialog = form.receive_dialog
    # someone else received one meanwhile: the dialog's 2 is now too many
    db = open_database(db_path)
    try:
        with db.transaction() as s:
            manager = accounts.login(s, "manager", PASSWORD)
            line = purchase_orders.lines(s, manager, form.record_id)[0]
            purchase_orders.receive(s, manager, form.record_id, {line.id: 1})
    finally:
        db.close()
    dialog.ok_button.click()
    settle(window)
    assert dialog.error.isVisible()
    assert dialog.result() != ReceiveDialog.DialogCode.Accepted


def test_supplier_form_shows_its_purchase_history(login, db_path, settle) -> None:  # type: ignore[no-untyped-def]
    supplier_id = _supplier(db_path)
    window = login("manager")
    window.open_document("record", ("supplier", supplier_id))
    form = window.current_document()
    assert isinstance(form, SupplierForm)
    assert form.orders.rowCount() == 0
    form.new_order.click()
    po_form = window.current_document()
    assert isinstance(po_form, PurchaseOrderForm)
    assert po_form.editors["supplier_id"].value() == supplier_id
    po_form.add_line()
    po_form.lines.cellWidget(0, 0).setCurrentIndex(1)
    po_form.lines.item(0, 2).setText("3")
    po_form.lines.item(0, 4).setText("5")
    po_form.save()
    settle(window)
    assert po_form.record_id is not None
    assert form.orders.rowCount() == 1  # the history follows the save
    assert form.orders.item(0, 0).text() == "PO000001"
    assert "15.00" in form.summary.text()
    window.open_entry("purchase_orders")  # the datasheet names the supplier and the status
    sheet = window.current_document()
    keys = [s.key for s in sheet.all_specs]
    row = [sheet.model.data(sheet.model.index(0, keys.index(k)))
           for k in ("number", "supplier_id", "status", "total_cents")]
    assert row == ["PO000001", "苏州精密五金", "Draft", "15.00"]


def test_staff_see_purchase_orders_but_cannot_change_them(login, db_path, settle) -> None:  # type: ignore[no-untyped-def]
    supplier_id = _supplier(db_path)
    window = login("staff1")
    window.open_entry("suppliers")
    sheet = window.current_document()
    assert sheet.model.rowCount() == 1
    window.open_document("record", ("supplier", supplier_id))
    form = window.current_document()
    assert not form.new_order.isEnabled()
