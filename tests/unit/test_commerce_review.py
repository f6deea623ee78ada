"""Issue 16 review: consistency across the parts (bank lines and deleted payments, the
demo's bulk orders, invoice VAT on a hand-computed example)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from crmdesk.core.models import (
    BankLine,
    Delivery,
    Invoice,
    Order,
    OrderLine,
    Payment,
    StockMovement,
)
from crmdesk.core.services import bank
from crmdesk.core.services.bank import StatementLine
from crmdesk.core.services.payments import payments
from tests.unit import known_receivables


def test_a_deleted_payment_gives_its_bank_line_back_and_can_be_purged(db, users) -> None:  # type: ignore[no-untyped-def]
    known = known_receivables.build(db, users)
    with db.transaction() as s:
        bank.import_lines(s, users.admin, [
            StatementLine(date(2024, 7, 1), 30000, "王大伟", "TA2 余款", None)])
        proposal = bank.proposals(s, users.admin)[0]
        payment = bank.accept_proposal(s, users.admin, proposal)
        pid, line_id = payment.id, proposal.line_id
    with db.transaction() as s:  # a wrong match is undone by deleting its payment
        payments.delete(s, users.admin, pid)
        assert s.get(BankLine, line_id).payment_id is None
        assert line_id in {p.line_id for p in bank.proposals(s, users.admin)}
        invoice = s.get(Invoice, known.invoices["TA2"])
        assert invoice is not None and invoice.status != "paid"
    with db.transaction() as s:  # before: IntegrityError (bank_lines.payment_id)
        payments.purge(s, users.admin, pid)
    with db.session() as s:
        assert s.get(Payment, pid) is None
        assert s.get(BankLine, line_id) is not None


@pytest.mark.sqlite_only("builds a demo .crmdb file of its own: nothing of it is on the server")
def test_demo_bulk_orders_are_shipped_and_invoiced_as_their_status_says(tmp_path: Path) -> None:
    """Like migration 0017 does for old files: the bulk-written shipped/completed orders
    have shipped_qty (completed: and invoiced_qty) = quantity, so no delivery note ships
    them again and no invoice bills them again; other orders have nothing shipped."""
    from crmdesk.core import demo
    from crmdesk.storage.database import open_database

    path = tmp_path / "demo.crmdb"
    demo.build_demo(path, customers=150, workers=0)
    db = open_database(path)
    try:
        with db.session() as s:
            def wrong(*conditions) -> int:  # type: ignore[no-untyped-def]
                return int(s.execute(select(func.count(OrderLine.id))
                                     .join(Order, Order.id == OrderLine.order_id)
                                     .where(*conditions)).scalar_one())

            assert wrong(Order.status.in_(("shipped", "completed"))) > 0
            assert wrong(Order.status.in_(("shipped", "completed")),
                         OrderLine.shipped_qty != OrderLine.quantity) == 0
            assert wrong(Order.status == "completed",
                         OrderLine.invoiced_qty != OrderLine.quantity) == 0
            assert wrong(Order.status.in_(("draft", "confirmed")),
                         OrderLine.shipped_qty != 0) == 0
            # the ledger is dated as the demo's documents are (before: all "now"), so
            # turnover, slow movers and the journal's cost lines read sensible days
            shipped = s.execute(select(StockMovement.moved_at, Delivery.shipped_on)
                                .join(Delivery, Delivery.id == StockMovement.delivery_id)
                                .where(StockMovement.kind == "issue")).all()
            assert shipped and all(moved.astimezone().date() == day
                                   for moved, day in shipped)
            late = s.execute(select(func.count(Delivery.id)).where(  # planned after shipped
                Delivery.planned_date > Delivery.shipped_on)).scalar_one()
            assert late == 0
            received = s.execute(select(func.max(StockMovement.moved_at)).where(
                StockMovement.purchase_order_id.is_not(None))).scalar_one()
            assert received.astimezone().date() < date.today()
    finally:
        db.close()


def test_refused_add_and_status_edits_say_what_to_do_instead(run, db_path, db, users) -> None:  # type: ignore[no-untyped-def]
    f = str(db_path)
    # before: "invoice has no field order_number that can be set; fields: ..."
    rc, _, err = run("add", f, "invoice", "order_number=SO000001", "--user", "admin")
    assert rc == 2 and "crmdesk invoice issue FILE ORDER" in err
    rc, out, err = run("add", f, "supplier", "name=深圳华信电子有限公司", "--user", "admin")
    assert rc == 0, err
    rc, out, err = run("add", f, "purchase_order", f"supplier_id={out.strip()}",
                       "--user", "admin")
    assert rc == 0, err
    # before: "purchase_order has no field status that can be set; fields: ..."
    rc, _, err = run("edit", f, "purchase_order", out.strip(), "status=cancelled",
                     "--user", "admin")
    assert rc == 2 and "crmdesk purchase order|receive|cancel FILE PO" in err
    assert len(err.strip().splitlines()) == 1


def test_opening_stock_sheets_with_the_windows_column_names_map() -> None:
    """The stock levels view calls on hand 现有: a sheet with that header maps (before:
    "No column fills On hand")."""
    from crmdesk.exchange.mapping import guess_mapping

    mapping = guess_mapping("stock_level", ["产品编码", "仓库", "现有"])
    assert mapping.columns == {"产品编码": "product_id", "仓库": "warehouse_id",
                               "现有": "on_hand"}
