"""Stock in the window: the Stock section of the navigation pane, the levels view, a
new movement (refused when there is not enough, then posted), low stock, and the
stocktake sheet saved, filled in and imported back."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from crmdesk.ui.views.stock import MovementDialog, StockView


def _prepare(db_path: Any) -> int:
    """A warehouse, 10 of P1 at 5.00, P1's low-stock level 12; returns P1's id."""
    from crmdesk.core.services import accounts, stock
    from crmdesk.core.services.sales import products
    from crmdesk.core.services.warehouses import warehouses
    from crmdesk.storage.database import open_database
    from tests.conftest import PASSWORD

    db = open_database(db_path)
    try:
        with db.transaction() as s:
            admin = accounts.login(s, "admin", PASSWORD)
            manager = accounts.login(s, "manager", PASSWORD)
            wh = warehouses.create(s, admin, {"name": "上海仓", "manager_id": manager.user_id})
            p1 = next(p for p in products.records(s, admin, products.ids(s, admin))
                      if p.code == "P1")
            stock.post(s, admin, "receipt", p1.id, wh.id, 10, unit_cost_cents=500)
            products.update(s, admin, p1.id, {"low_stock_level": 12})
            return int(p1.id)
    finally:
        db.close()


def _table(view: StockView) -> list[list[str]]:
    return [[view.table.item(r, c).text() for c in range(view.table.columnCount())]
            for r in range(view.table.rowCount())]


def test_stock_view_movement_and_stocktake(  # type: ignore[no-untyped-def]
        login, db_path, qtbot, settle, tmp_path: Path) -> None:
    p1 = _prepare(db_path)
    window = login("manager")
    window.nav_entries["stock"].opener()  # Stock > Stock levels
    view = window.current_document()
    assert isinstance(view, StockView)
    rows = _table(view)
    assert rows[0][:7] == ["P1", "标准版软件", "WH0001 上海仓", "", "10", "0", "10"]
    assert rows[0][8].endswith("50.00")
    assert "P1 标准版软件 (10 available, level 12)" in view.low_label.text()

    dialog = view.new_movement(product_id=p1)
    assert isinstance(dialog, MovementDialog)
    assert "available 10" in dialog.available.text()
    dialog.kind.setCurrentIndex(dialog.kind.findData("issue"))
    assert not dialog.form.isRowVisible(dialog.cost)
    dialog.quantity.setValue(11)
    dialog.post()
    settle(window)
    assert "Not enough stock of P1" in dialog.error.text() and dialog.isVisible()
    dialog.quantity.setValue(4)
    dialog.reason.setText("样品")
    dialog.post()
    settle(window)
    assert not dialog.isVisible()
    assert "Posted stock movement SM000002" in view.message.text()
    assert _table(view)[0][4:7] == ["6", "0", "6"]

    sheet = tmp_path / "sheet.xlsx"
    view.save_sheet(str(sheet))
    settle(window)
    assert sheet.exists(), view.message.text()
    from openpyxl import load_workbook

    book = load_workbook(sheet)
    ws = book.active
    assert ws is not None and ws.cell(6, 5).value == 6
    ws.cell(6, 6, 13)
    book.save(tmp_path / "filled.xlsx")
    view.import_sheet(str(tmp_path / "filled.xlsx"))
    settle(window)
    assert "1 differences posted" in view.message.text()
    assert _table(view)[0][4] == "13"
    assert "No product is below" in view.low_label.text()
    pdf = tmp_path / "sheet.pdf"
    view.save_sheet(str(pdf))
    settle(window)
    assert pdf.read_bytes().startswith(b"%PDF")


def test_stock_section_in_the_navigation_pane(login, db_path) -> None:  # type: ignore[no-untyped-def]
    from crmdesk.ui.views.stock import LedgerForm

    p1 = _prepare(db_path)  # one receipt: SM000001
    window = login("staff1")
    texts = [window.nav.topLevelItem(i).text(0) for i in range(window.nav.topLevelItemCount())]
    assert "Stock" in texts
    for key in ("stock_movements", "warehouses", "stock"):
        window.nav_entries[key].opener()
    view = window.current_document()
    assert isinstance(view, StockView)
    assert view.new_button.isEnabled()  # staff may issue (ship)
    window.open_document("record", ("stock_movement", 1))
    form = window.current_document()
    assert isinstance(form, LedgerForm) and form.record_id == 1 and p1
    assert form.save_button.isHidden() and form.editors["quantity"].widget.isReadOnly()
    assert "never edited" in form.subheading.text()
    window.open_document("record", ("warehouse", 1))  # an ordinary form, with attachments
    assert window.current_document().record_id == 1


def test_product_form_stock_fields_and_stock_settings(  # type: ignore[no-untyped-def]
        login, db_path, settle) -> None:
    from PySide6.QtWidgets import QCheckBox, QComboBox, QPushButton, QTabWidget

    from crmdesk.core.services import settings as db_settings
    from crmdesk.core.services.sales import products
    from crmdesk.ui.views.admin.settings import SettingsView
    from crmdesk.ui.views.record_form import RecordForm

    p1 = _prepare(db_path)
    from crmdesk.core.services import accounts
    from crmdesk.storage.database import open_database as open_db
    from tests.conftest import PASSWORD

    db = open_db(db_path)
    with db.transaction() as s:  # a rate the settings no longer offer
        products.update(s, accounts.login(s, "admin", PASSWORD), p1, {"vat_rate": "5.5"})
    db.close()
    window = login("admin")
    window.open_document("record", ("product", p1))
    form = window.current_document()
    assert isinstance(form, RecordForm)
    for key in ("tracks_stock", "cost_cents", "low_stock_level", "stock_keeper_id",
                "vat_rate"):
        assert key in form.editors, key
    vat = form.editors["vat_rate"].combo
    assert [vat.itemText(i) for i in range(vat.count())] == ["", "13%", "9%", "6%", "0%",
                                                             "5.5%"]
    assert vat.currentText() == "5.5%"  # kept, not cleared by the form
    vat.setCurrentIndex(vat.findData(900))
    form.editors["low_stock_level"].set_value(3)
    form.save()
    settle(window)

    window.open_entry("settings")
    view = window.current_document()
    assert isinstance(view, SettingsView)
    tabs = view.findChild(QTabWidget)
    page = tabs.widget(next(i for i in range(tabs.count()) if tabs.tabText(i) == "Stock"))
    page.findChild(QCheckBox, "stock_allow_negative").setChecked(True)
    combo = page.findChild(QComboBox, "stock_default_warehouse")
    combo.setCurrentIndex(combo.findData("WH0001"))
    next(b for b in view.findChildren(QPushButton) if b.text() == "Save settings").click()
    settle(window)

    db = window.workspace.db
    with db.session() as s:
        product = products.get(s, window.workspace.actor, p1)
        assert (product.vat_rate, product.low_stock_level) == (900, 3)
        assert db_settings.get(s, "stock.allow_negative") is True
        assert db_settings.get(s, "stock.default_warehouse") == "WH0001"


def test_locations_dialog_adds_and_places(login, db_path, settle) -> None:  # type: ignore[no-untyped-def]
    _prepare(db_path)
    window = login("manager")
    window.open_document("stock")
    view = window.current_document()
    assert isinstance(view, StockView)
    view.table.setCurrentCell(0, 0)
    dialog = view.show_locations()
    dialog.code.setText("A-01-03")
    dialog.name.setText("一号货架")
    dialog.add()
    settle(window)
    assert dialog.list.rowCount() == 1 and dialog.list.item(0, 0).text() == "A-01-03"
    dialog.add()  # empty code: refused, said under the list
    settle(window)
    assert "required" in dialog.message.text()
    dialog.list.setCurrentCell(0, 0)
    dialog.put_product()
    settle(window)
    assert "kept at A-01-03" in dialog.message.text()
    assert view.table.item(0, 3).text() == "A-01-03"
