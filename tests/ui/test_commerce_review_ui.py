"""Issue 16 review, in the window: the audit log filters on the new record kinds."""

from __future__ import annotations

from crmdesk.core.services import stock
from crmdesk.core.services.registry import SERVICES
from crmdesk.core.services.sales import products


def test_the_audit_log_filters_on_every_record_kind(app, login, db, users) -> None:  # type: ignore[no-untyped-def]
    from crmdesk.ui.views.admin import AuditLogView

    with db.transaction() as s:
        product = products.create(s, users.admin, {"code": "P-REVIEW", "name": "扫码枪",
                                                   "price_cents": "100"})
        stock.post(s, users.admin, "receipt", product.id, stock.default_warehouse_id(s), 5,
                   unit_cost_cents=50)
    window = login("admin")
    view = AuditLogView(window.workspace)
    offered = [view.entity.itemData(i) for i in range(view.entity.count())]
    # before: a fixed list without issue 16's kinds
    assert set(SERVICES) | {"user"} <= set(offered)
    for kind in ("invoice", "payment", "quote", "delivery", "stock_movement", "warehouse",
                 "supplier", "purchase_order"):
        assert kind in offered
    view.entity.setCurrentIndex(view.entity.findData("stock_movement"))
    view.refresh()
    assert view.entries and {e.entity for e in view.entries} == {"stock_movement"}
    assert view.table.item(0, 4).text().startswith("Stock movement #")


def test_the_receive_dialog_shows_its_headers_in_full(app, login, db, users) -> None:  # type: ignore[no-untyped-def]
    from crmdesk.core.services.purchasing import ensure_sample_order
    from crmdesk.ui.views.purchasing import ReceiveDialog

    with db.transaction() as s:
        products.create(s, users.admin, {"code": "P-RCV", "name": "收银终端",
                                         "price_cents": "2000"})
        order_id = ensure_sample_order(s, users.admin)
    window = login("admin")
    dialog = ReceiveDialog(window.workspace, order_id, None)
    header = dialog.table.horizontalHeader()
    for column in (1, 2, 3):  # before: "Received before" was cut at 100 pixels
        assert dialog.table.columnWidth(column) >= header.sectionSizeHint(column)
    dialog.close()


def test_print_is_offered_only_where_the_tab_prints(app, login, settle, db, users) -> None:  # type: ignore[no-untyped-def]
    from crmdesk.core.services.purchasing import ensure_sample_order

    with db.transaction() as s:
        products.create(s, users.admin, {"code": "P-PRT", "name": "票据打印机",
                                         "price_cents": "900"})
        order_id = ensure_sample_order(s, users.admin)
    window = login("admin")
    window.open_document("record", ("purchase_order", order_id))
    settle(window)
    assert not window.act_print.isEnabled()  # before: enabled, and Ctrl+P did nothing
    window.open_entry("invoices")
    settle(window)
    assert window.act_print.isEnabled()  # the list prints
    window.open_document("record", ("purchase_order", order_id))
    settle(window)
    assert not window.act_print.isEnabled()
