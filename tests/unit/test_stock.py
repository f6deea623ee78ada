"""The stock ledger (core/services/stock.py): arithmetic, average cost, reservations,
no negative stock unless allowed, and the last unit shipped twice at once.

Runs on SQLite and, with CRMDESK_TEST_PG_URL, on PostgreSQL."""

from __future__ import annotations

import threading
import time
from typing import Any

import pytest
from sqlalchemy import func, select

from crmdesk.core.models import AuditEntry, Product, StockLevel, StockMovement, Warehouse
from crmdesk.core.services import settings as db_settings
from crmdesk.core.services import stock
from crmdesk.errors import NotFound, PermissionDenied
from crmdesk.storage.database import Database


def _ids(db: Database) -> tuple[int, int, int, int]:
    """(product P1, product P2, main warehouse, second warehouse)."""
    with db.transaction() as s:
        main = stock.default_warehouse_id(s)
        second = Warehouse(code="WH0099", name="北京仓", active=True)
        s.add(second)
        s.flush()
        p1 = s.execute(select(Product.id).where(Product.code == "P1")).scalar_one()
        p2 = s.execute(select(Product.id).where(Product.code == "P2")).scalar_one()
        return p1, p2, main, second.id


def _avail(db: Database, product: int, warehouse: int | None = None) -> stock.Availability:
    with db.session() as s:
        return stock.availability(s, product, warehouse)


def test_default_warehouse_is_made_once(db: Database, users: Any) -> None:
    with db.transaction() as s:
        first = stock.default_warehouse_id(s)
        assert stock.default_warehouse_id(s) == first
        w = s.get(Warehouse, first)
        assert w is not None and w.code == "WH0001" and w.name == stock.MAIN_WAREHOUSE_NAME
        other = Warehouse(code="WH0002", name="上海仓", active=True)
        s.add(other)
        s.flush()
        db_settings.set_value(s, users.admin, "stock.default_warehouse", "WH0002")
        assert stock.default_warehouse_id(s) == other.id


def test_on_hand_is_receipts_minus_issues_plus_adjustments(db: Database, users: Any) -> None:
    p1, _p2, main, second = _ids(db)
    admin = users.admin
    with db.transaction() as s:
        stock.post(s, admin, "receipt", p1, main, 10, unit_cost_cents=1000, reference="PO1")
        stock.post(s, admin, "receipt", p1, main, 5)
        stock.post(s, admin, "issue", p1, main, 3, reference="SO1")
        stock.post(s, admin, "adjustment", p1, main, -2, reason="盘亏")
        stock.post(s, admin, "adjustment", p1, main, 1, reason="盘盈")
        moves = stock.post(s, admin, "transfer", p1, main, 4, to_warehouse_id=second)
    assert [m.kind for m in moves] == ["transfer_out", "transfer_in"]
    assert moves[0].number == moves[1].number and moves[0].number.startswith("SM")
    assert _avail(db, p1, main) == stock.Availability(10 + 5 - 3 - 2 + 1 - 4, 0)
    assert _avail(db, p1, second).on_hand == 4
    assert _avail(db, p1).on_hand == 11
    with db.session() as s:  # the ledger sums to the levels
        for wid in (main, second):
            total = s.execute(select(func.sum(StockMovement.quantity)).where(
                StockMovement.product_id == p1, StockMovement.warehouse_id == wid)).scalar()
            level = s.execute(select(StockLevel.on_hand).where(
                StockLevel.product_id == p1, StockLevel.warehouse_id == wid)).scalar()
            assert total == level
        entries = s.execute(select(func.count(AuditEntry.id)).where(
            AuditEntry.entity == "stock_movement")).scalar()
        assert entries == 6  # one per posting (a transfer's two rows: one entry)


def test_moving_average_cost(db: Database, users: Any) -> None:
    p1, _p2, main, second = _ids(db)
    admin = users.admin
    with db.transaction() as s:
        stock.post(s, admin, "receipt", p1, main, 10, unit_cost_cents=1000)
        assert s.get(Product, p1).cost_cents == 1000  # type: ignore[union-attr]
        stock.post(s, admin, "receipt", p1, second, 30, unit_cost_cents=2000)
        # (10 * 10.00 + 30 * 20.00) / 40 = 17.50, over every warehouse
        assert s.get(Product, p1).cost_cents == 1750  # type: ignore[union-attr]
        issue = stock.post(s, admin, "issue", p1, main, 4)[0]
        assert issue.unit_cost_cents == 1750 and issue.quantity == -4
        stock.post(s, admin, "receipt", p1, main, 1)  # no cost named: average unchanged
        assert s.get(Product, p1).cost_cents == 1750  # type: ignore[union-attr]
        # 37 held at 17.50 + 3 at 1.00 = 650.50 / 40 = 16.2625 -> 16.26
        stock.post(s, admin, "receipt", p1, main, 3, unit_cost_cents=100)
        assert s.get(Product, p1).cost_cents == 1626  # type: ignore[union-attr]


def test_reserve_and_release(db: Database, users: Any) -> None:
    p1, _p2, main, _second = _ids(db)
    with db.transaction() as s:
        stock.post(s, users.admin, "receipt", p1, main, 5)
        assert stock.reserve(s, users.staff1, p1, main, 3) == 3
        assert stock.reserve(s, users.staff1, p1, main, 4) == 2  # only 2 left: backorder 2
        assert stock.reserve(s, users.staff1, p1, main, 1) == 0
    assert _avail(db, p1, main) == stock.Availability(5, 5)
    assert _avail(db, p1, main).available == 0
    with db.transaction() as s:
        with pytest.raises(stock.StockError, match="Not enough stock"):
            stock.post(s, users.staff1, "issue", p1, main, 1)  # all of it is reserved
        stock.release(s, users.staff1, p1, main, 2)
    assert _avail(db, p1, main) == stock.Availability(5, 3)
    with db.transaction() as s:  # a delivery of reserved goods: issue and release at once
        stock.post(s, users.staff1, "issue", p1, main, 3, release_reserved=3)
        stock.release(s, users.staff1, p1, main, 10)  # never below zero
    assert _avail(db, p1, main) == stock.Availability(2, 0)


def test_no_negative_stock_unless_allowed(db: Database, users: Any) -> None:
    p1, _p2, main, second = _ids(db)
    admin = users.admin
    with db.transaction() as s:
        stock.post(s, admin, "receipt", p1, main, 2)
    for kind, qty, extra in (("issue", 3, {}), ("adjustment", -3, {}),
                             ("transfer", 3, {"to_warehouse_id": second})):
        with pytest.raises(stock.StockError) as caught, db.transaction() as s:
            stock.post(s, admin, kind, p1, main, qty, **extra)
        text = str(caught.value)
        assert "P1" in text and "3 asked" in text and "2 available" in text, text
    assert _avail(db, p1, main).on_hand == 2  # nothing was written
    with db.transaction() as s:
        db_settings.set_value(s, admin, "stock.allow_negative", True)
        stock.post(s, admin, "issue", p1, main, 5)
    assert _avail(db, p1, main).on_hand == -3


def test_refusals_name_the_problem(db: Database, users: Any) -> None:
    p1, p2, main, _second = _ids(db)
    with db.transaction() as s:
        s.get(Product, p2).tracks_stock = False  # type: ignore[union-attr]
    cases: list[tuple[Any, ...]] = [
        (users.admin, "receipt", p2, main, 1, {}, stock.StockError, "not kept in stock"),
        (users.admin, "receipt", p1, main, 0, {}, stock.StockError, "above 0"),
        (users.admin, "adjustment", p1, main, 0, {}, stock.StockError, "other than 0"),
        (users.admin, "transfer", p1, main, 1, {}, stock.StockError, "destination"),
        (users.admin, "shipment", p1, main, 1, {}, stock.StockError, "not known"),
        (users.admin, "receipt", p1, 9999, 1, {}, NotFound, "9999"),
        (users.staff1, "receipt", p1, main, 1, {}, PermissionDenied, "manage warehouses"),
    ]
    for actor, kind, product, warehouse, qty, extra, error, words in cases:
        with pytest.raises(error, match=words), db.transaction() as s:
            stock.post(s, actor, kind, product, warehouse, qty, **extra)
    with pytest.raises(stock.StockError), db.transaction() as s:
        stock.reserve(s, users.staff1, p2, main, 1)


def _ship_last_unit(db: Database, actor: Any, product: int, warehouse: int,
                    started: threading.Event, hold: threading.Event,
                    outcome: dict[str, Any], name: str) -> None:
    try:
        with db.transaction() as s:
            stock.post(s, actor, "issue", product, warehouse, 1, reference=name)
            started.set()
            hold.wait(2)  # keep the transaction open while the other one tries
        outcome[name] = "shipped"
    except stock.StockError as exc:
        outcome[name] = exc
    finally:
        started.set()


def test_concurrent_issues_of_the_last_unit(db: Database, users: Any) -> None:
    """Two connections ship the last unit at the same time: one succeeds, one is refused."""
    p1, _p2, main, _second = _ids(db)
    with db.transaction() as s:
        stock.post(s, users.admin, "receipt", p1, main, 1)
    outcome: dict[str, Any] = {}
    first_in, second_in, hold = threading.Event(), threading.Event(), threading.Event()
    a = threading.Thread(target=_ship_last_unit, args=(
        db, users.staff1, p1, main, first_in, hold, outcome, "A"))
    b = threading.Thread(target=_ship_last_unit, args=(
        db, users.staff2, p1, main, second_in, threading.Event(), outcome, "B"))
    a.start()
    assert first_in.wait(10)
    b.start()  # waits for A's transaction, then finds nothing left
    time.sleep(0.3)  # B is waiting on A now (the writer lock, or the row on a server)
    hold.set()
    a.join(20)
    b.join(20)
    assert outcome["A"] == "shipped"
    assert isinstance(outcome["B"], stock.StockError)
    assert "0 available" in str(outcome["B"])
    assert _avail(db, p1, main).on_hand == 0


def test_stale_reads_cannot_both_ship(db: Database, users: Any) -> None:
    """Both sessions saw one available; the conditional UPDATE refuses the second."""
    p1, _p2, main, _second = _ids(db)
    with db.transaction() as s:
        stock.post(s, users.admin, "receipt", p1, main, 1)
    with db.session() as reader_a, db.session() as reader_b:
        assert stock.availability(reader_a, p1, main).available == 1
        assert stock.availability(reader_b, p1, main).available == 1
    with db.transaction() as s:
        stock.post(s, users.staff1, "issue", p1, main, 1)
    with pytest.raises(stock.StockError), db.transaction() as s:
        stock.post(s, users.staff2, "issue", p1, main, 1)
    assert _avail(db, p1, main) == stock.Availability(0, 0)
