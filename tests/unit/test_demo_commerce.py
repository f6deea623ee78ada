"""The demo has stock, suppliers, purchase orders, deliveries, invoices and payments, made
through the services (so the figures and the bank matching have something to show)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from crmdesk.core import demo
from crmdesk.core.analytics import Criteria
from crmdesk.core.analytics import receivables as aging
from crmdesk.core.models import (
    BankLine,
    Delivery,
    Invoice,
    Payment,
    PurchaseOrder,
    Quote,
    StockLevel,
    StockMovement,
    Supplier,
    Warehouse,
)
from crmdesk.core.services import accounts, bank
from crmdesk.storage.database import open_database

pytestmark = pytest.mark.sqlite_only("builds demo .crmdb files of its own: nothing of it is on "
                                     "the server")


def test_demo_has_stock_and_money(tmp_path: Path) -> None:
    path = tmp_path / "demo.crmdb"
    result = demo.build_demo(path, customers=300, workers=0)
    assert result.counts["invoices"] > 10 and result.counts["payments"] > 5
    db = open_database(path)
    try:
        with db.session() as s:
            count = {model.__name__: s.execute(select(func.count(model.id))).scalar_one()
                     for model in (Warehouse, Supplier, PurchaseOrder, StockMovement,
                                   Delivery, Invoice, Payment, Quote, BankLine)}
            assert count["Warehouse"] == 2 and count["Supplier"] == 4
            assert count["PurchaseOrder"] >= 10 and count["StockMovement"] > 20
            assert count["Delivery"] > 10 and count["Quote"] == 6 and count["BankLine"] >= 2
            on_hand = s.execute(select(func.sum(StockLevel.on_hand))).scalar_one()
            moved = s.execute(select(func.sum(StockMovement.quantity))).scalar_one()
            assert on_hand == moved > 0  # the ledger adds up
            statuses = set(s.execute(select(Invoice.status)).scalars())
            assert {"issued", "paid"} <= statuses
            admin = accounts.login(s, "admin", demo.DEFAULT_PASSWORD)
            rows = aging.aging(s, admin, Criteria())
            assert rows and aging.totals(rows).overdue_cents > 0
            assert any(p.confident for p in bank.proposals(s, admin))
    finally:
        db.close()


def test_a_demo_of_no_customers_has_stock_and_no_sales(tmp_path: Path) -> None:
    """``demo --customers 0`` (users, products and settings only, as the import round
    trip uses it) makes warehouses and purchasing but sells nothing."""
    demo.build_demo(tmp_path / "none.crmdb", customers=0, seed=11)
    db = open_database(tmp_path / "none.crmdb")
    try:
        with db.session() as s:
            assert s.execute(select(func.count()).select_from(Warehouse)).scalar_one() == 2
            assert s.execute(select(func.count()).select_from(Invoice)).scalar_one() == 0
    finally:
        db.close()
