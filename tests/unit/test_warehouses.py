"""Warehouses, the ledger and stock levels as record kinds, low-stock reminders and the
stocktake round trip (core/services/warehouses.py, stock_levels.py, stocktake.py).
SQLite and PostgreSQL."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from crmdesk.core.filters import Filter, ListQuery
from crmdesk.core.models import AuditEntry, Product, StockLevel, StockMovement, utcnow
from crmdesk.core.services import recycle_bin, reminders, stock, stocktake
from crmdesk.core.services.registry import service_for
from crmdesk.core.services.sales import products
from crmdesk.core.services.stock_levels import stock_levels
from crmdesk.core.services.warehouses import (
    add_location,
    levels,
    low_stock,
    set_location,
    stock_movements,
    warehouses,
)
from crmdesk.errors import PermissionDenied, ValidationError
from crmdesk.exchange.stocktake_sheet import (
    StocktakeFileError,
    import_counts,
    read_xlsx,
    write_xlsx,
)
from crmdesk.storage.database import Database


def _setup(db: Database, users: Any) -> tuple[int, int, int, int]:
    """(P1, P2, 上海仓, 北京仓) with P1: 10 at 5.00 in 上海仓."""
    with db.transaction() as s:
        sh = warehouses.create(s, users.admin, {"name": "上海仓", "manager_id": users.manager.user_id})
        bj = warehouses.create(s, users.admin, {"name": "北京仓"})
        p1 = s.execute(select(Product.id).where(Product.code == "P1")).scalar_one()
        p2 = s.execute(select(Product.id).where(Product.code == "P2")).scalar_one()
        stock_movements.create(s, users.admin, {"kind": "receipt", "product_id": p1,
                                                "warehouse_id": sh.id, "quantity": "10",
                                                "unit_cost_cents": "5"})
        return p1, p2, sh.id, bj.id


def test_warehouses_are_records_with_codes_and_rules(db: Database, users: Any) -> None:
    p1, _p2, sh, bj = _setup(db, users)
    with db.transaction() as s:
        assert warehouses.get(s, users.staff1, sh).code == "WH0001"
        assert warehouses.get(s, users.staff1, bj).code == "WH0002"
        with pytest.raises(PermissionDenied):
            warehouses.create(s, users.staff1, {"name": "私仓"})
        with pytest.raises(ValidationError, match="Name"):
            warehouses.create(s, users.admin, {"address": "无名"})
        assert stock.default_warehouse_id(s) == sh  # the first active one
    with pytest.raises(stock.StockError, match="still holds stock"), db.transaction() as s:
        warehouses.delete(s, users.admin, sh)
    with db.transaction() as s:
        warehouses.delete(s, users.admin, bj)  # empty: to the recycle bin
        assert any(e.entity == "warehouse" for e in recycle_bin.entries(s, users.admin))
        location = add_location(s, users.admin, sh, "A-01", "货架A")
        set_location(s, users.admin, p1, sh, location.id)
        with pytest.raises(ValidationError, match="already exists"):
            add_location(s, users.admin, sh, "A-01")
    with db.session() as s:
        assert [r.location for r in levels(s, users.staff1, warehouse_id=sh)] == ["A-01"]


def test_movements_are_added_never_edited(db: Database, users: Any) -> None:
    p1, _p2, sh, bj = _setup(db, users)
    with db.transaction() as s:
        move = stock_movements.create(s, users.admin, {
            "kind": "transfer", "product_id": p1, "warehouse_id": sh, "counterpart_id": bj,
            "quantity": 4, "reason": "补货"})
        assert move.kind == "transfer_out"
        with pytest.raises(ValidationError, match="Other warehouse"):
            stock_movements.create(s, users.admin, {"kind": "transfer", "product_id": p1,
                                                    "warehouse_id": sh, "quantity": 1})
        with pytest.raises(ValidationError, match="Type"):
            stock_movements.create(s, users.admin, {"kind": "transfer_in", "product_id": p1,
                                                    "quantity": 1})
        with pytest.raises(stock.StockError, match="correction is a new movement"):
            stock_movements.update(s, users.admin, move.id, {"quantity": 5})
        with pytest.raises(stock.StockError, match="never edited"):
            stock_movements.delete(s, users.admin, move.id)
        # a staff member may issue (ship), not receive
        stock_movements.create(s, users.staff1, {"kind": "issue", "product_id": p1,
                                                 "warehouse_id": sh, "quantity": 1})
        with pytest.raises(PermissionDenied):
            stock_movements.create(s, users.staff1, {"kind": "receipt", "product_id": p1,
                                                     "warehouse_id": sh, "quantity": 1})
    with db.session() as s:
        ids = stock_movements.ids(s, users.staff1, ListQuery(
            filters=[Filter("product_id", "eq", p1)], sort=[("number", False)]))
        rows = stock_movements.rows(s, users.staff1, ids)
        assert [(r["kind"], r["quantity"], r["warehouse_id:name"]) for r in rows] == [
            ("receipt", 10, "上海仓"), ("transfer_out", -4, "上海仓"),
            ("transfer_in", 4, "北京仓"), ("issue", -1, "上海仓")]
        assert stock_movements.count(s, users.admin, ListQuery(text="补货")) == 2
        assert stock_movements.count(s, users.admin, ListQuery(deleted=True)) == 0
        assert [lv.on_hand for lv in levels(s, users.admin)] == [5, 4]


def test_levels_list_and_opening_stock(db: Database, users: Any) -> None:
    p1, p2, sh, bj = _setup(db, users)
    with db.transaction() as s:
        stock_levels.create(s, users.admin, {"product_id": p2, "warehouse_id": bj,
                                             "on_hand": "7", "cost_cents": "3"})
        stock_levels.create(s, users.admin, {"product_id": p1, "warehouse_id": sh,
                                             "on_hand": 6})  # down from 10: an adjustment
        assert s.get(Product, p2).cost_cents == 300  # type: ignore[union-attr]
        stock.reserve(s, users.staff1, p1, sh, 2)
        level_id = s.execute(select(func.min(StockLevel.id))).scalar_one()
        with pytest.raises(stock.StockError, match="not edited"):
            stock_levels.update(s, users.admin, level_id, {"on_hand": 1})
    with db.session() as s:
        query = ListQuery(filters=[Filter("available", "gt", 0)], sort=[("value_cents", True)])
        rows = stock_levels.rows(s, users.staff1, stock_levels.ids(s, users.staff1, query))
        assert [(r["product_id:name"], r["on_hand"], r["reserved"], r["available"],
                 r["cost_cents"], r["value_cents"]) for r in rows] == [
            ("标准版软件", 6, 2, 4, 500, 3000), ("年度服务", 7, 0, 7, 300, 2100)]
        assert stock_levels.count(s, users.staff1, ListQuery(text="北京")) == 1
        kinds = [m.kind for m in s.execute(select(StockMovement).order_by(StockMovement.id))
                 .scalars()]
        assert kinds == ["receipt", "receipt", "adjustment"]


def test_low_stock_reminds_the_person_responsible(db: Database, users: Any) -> None:
    p1, p2, sh, _bj = _setup(db, users)
    with db.transaction() as s:
        products.update(s, users.admin, p1, {"low_stock_level": "12"})  # 10 < 12: low
        products.update(s, users.admin, p2, {"low_stock_level": "1",
                                             "stock_keeper_id": users.staff2.user_id})
    with db.session() as s:
        found = {r.code: r for r in low_stock(s)}
        assert found["P1"].available == 10 and found["P1"].responsible_ids == (
            users.manager.user_id,)  # no keeper: the warehouse's manager
        assert found["P2"].responsible_ids == (users.staff2.user_id,)
        later = utcnow() + timedelta(minutes=1)
        mine = [r for r in reminders.due(s, users.manager, later) if r.kind == "stock"]
        assert [(r.code, r.record) for r in mine] == [("P1", ("product", p1))]
        assert "P1" not in {r.code for r in reminders.due(s, users.staff2, later)
                            if r.kind == "stock"}
    with db.transaction() as s:
        reminders.dismiss(s, users.manager, "stock", p1)
    with db.session() as s:
        assert not [r for r in reminders.due(s, users.manager, utcnow() + timedelta(minutes=1))
                    if r.kind == "stock"]
    with db.transaction() as s:  # enough again: no reminder
        stock.post(s, users.admin, "receipt", p1, sh, 5)
    with db.session() as s:
        assert "P1" not in {r.code for r in low_stock(s)}


def test_stocktake_round_trip(db: Database, users: Any, tmp_path: Path) -> None:
    p1, p2, sh, _bj = _setup(db, users)
    with db.session() as s:
        lines = stocktake.sheet(s, sh)
        assert [(line.code, line.expected) for line in lines] == [("P1", 10), ("P2", 0)]
        sheet = write_xlsx(tmp_path / "sheet.xlsx", "WH0001", "上海仓", lines)
    from openpyxl import load_workbook

    book = load_workbook(sheet)
    ws = book.active
    assert ws is not None
    ws.cell(6, 6, 8)  # P1: 2 short
    ws.cell(7, 6, 3)  # P2: 3 found
    book.save(tmp_path / "filled.xlsx")
    assert read_xlsx(tmp_path / "filled.xlsx").counts == {"P1": 8, "P2": 3}
    with db.transaction() as s:
        code, found = import_counts(s, users.admin, tmp_path / "filled.xlsx")
    assert code == "WH0001"
    assert [(d.code, d.difference) for d in found] == [("P1", -2), ("P2", 3)]
    with db.session() as s:
        assert stock.availability(s, p1, sh).on_hand == 8
        assert stock.availability(s, p2, sh).on_hand == 3
        entries = s.execute(select(AuditEntry).where(AuditEntry.action == "import",
                                                     AuditEntry.entity == "warehouse")).all()
        assert len(entries) == 1  # one entry for the whole stocktake
    ws.cell(6, 6, "很多")
    ws.cell(8, 1, "NOPE")
    ws.cell(8, 6, 1)
    book.save(tmp_path / "bad.xlsx")
    with pytest.raises(StocktakeFileError) as caught, db.transaction() as s:
        import_counts(s, users.admin, tmp_path / "bad.xlsx")
    assert "row 6" in str(caught.value) and "NOPE" in str(caught.value)
    with db.session() as s:
        assert stock.availability(s, p1, sh).on_hand == 8  # nothing posted


def test_every_stock_kind_is_registered(db: Database, users: Any) -> None:
    for entity in ("warehouse", "stock_movement", "stock_level"):
        service = service_for(entity)
        with db.session() as s:
            assert service.count(s, users.staff1) == 0
