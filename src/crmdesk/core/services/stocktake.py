"""Stocktake: a sheet of what a warehouse should hold (printed as PDF, or as a workbook
to fill in), and the counts brought back: each difference between what was counted and
what is on hand now becomes an adjustment movement, all under one audit entry.

The sheet lists every stocked, live product (those the warehouse holds first), with
its location and the quantity expected.  A count left blank is not counted (no
change); a count equal to what is on hand changes nothing.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crmdesk.core.lookup import fits_text, get_row, shown_text
from crmdesk.core.models import Product, StockLevel, Warehouse, WarehouseLocation
from crmdesk.core.permissions import Actor, require
from crmdesk.core.services import accounts, audit, stock
from crmdesk.errors import NotFound
from crmdesk.i18n import QT_TRANSLATE_NOOP, render

STOCKTAKE_REASON = QT_TRANSLATE_NOOP("Stock", "Stocktake")


@dataclass(frozen=True)
class SheetLine:
    product_id: int
    code: str
    name: str
    unit: str | None
    location: str | None
    expected: int


@dataclass(frozen=True)
class Difference:
    product_id: int
    code: str
    name: str
    on_hand: int
    counted: int

    @property
    def difference(self) -> int:
        return self.counted - self.on_hand


def find_warehouse(session: Session, ref: int | str | None,
                   actor: Actor | None = None) -> Warehouse:
    """A live warehouse by id, code or exact name (None: the default warehouse)."""
    if ref is None or str(ref).strip() == "":
        found = session.get(Warehouse, stock.default_warehouse_id(session, actor))
    else:
        text = str(ref).strip()
        found = session.execute(select(Warehouse).where(
            Warehouse.deleted_at.is_(None),
            (func.upper(Warehouse.code) == text.upper()) | (Warehouse.name == text))
            .order_by(Warehouse.id).limit(1)).scalar_one_or_none() if fits_text(text) else None
        if found is None and text.isdigit() and len(text) <= 18:
            found = get_row(session, Warehouse, int(text))
    if found is None or found.deleted_at is not None:
        raise NotFound(QT_TRANSLATE_NOOP(
            "Errors", "There is no warehouse {name}: write the warehouse's code (e.g. WH0001) "
                      "or exact name."), name=shown_text(str(ref)))
    return found


def sheet(session: Session, warehouse_id: int) -> list[SheetLine]:
    """The lines of the warehouse's stocktake sheet: products it holds (by location,
    then code), then the other stocked products (expected 0)."""
    rows = session.execute(
        select(Product.id, Product.code, Product.name, Product.unit, WarehouseLocation.code,
               StockLevel.on_hand)
        .select_from(Product)
        .outerjoin(StockLevel, (StockLevel.product_id == Product.id)
                   & (StockLevel.warehouse_id == warehouse_id))
        .outerjoin(WarehouseLocation, WarehouseLocation.id == StockLevel.location_id)
        .where(Product.deleted_at.is_(None), Product.tracks_stock.is_(True))).all()
    lines = [SheetLine(int(pid), code, name, unit, loc, int(on_hand or 0))
             for pid, code, name, unit, loc, on_hand in rows]
    lines.sort(key=lambda line: (line.expected == 0 and line.location is None,
                                 line.location or "", line.code))
    return lines


def differences(session: Session, warehouse_id: int,
                counts: Mapping[int, int]) -> list[Difference]:
    """What the counts (product id -> counted) change, against on hand now."""
    result = []
    for product_id, counted in counts.items():
        product = session.get(Product, product_id)
        if product is None:
            continue
        on_hand = stock.availability(session, product_id, warehouse_id).on_hand
        if counted != on_hand:
            result.append(Difference(product_id, product.code, product.name, on_hand, counted))
    result.sort(key=lambda d: d.code)
    return result


def product_ids(session: Session, codes: list[str]) -> dict[str, int]:
    """Live products by code (any case)."""
    found: dict[str, int] = {}
    for start in range(0, len(codes), 500):
        chunk = [c.upper() for c in codes[start:start + 500]]
        for pid, code in session.execute(select(Product.id, Product.code).where(
                func.upper(Product.code).in_(chunk), Product.deleted_at.is_(None))):
            found[str(code).upper()] = int(pid)
    return {code: found[code.upper()] for code in codes if code.upper() in found}


def apply(session: Session, actor: Actor, warehouse_id: int, counts: Mapping[int, int], *,
          reference: str | None = None) -> list[Difference]:
    """Post the differences of a count as adjustments (never refused: what is on the
    shelf is a fact), with one audit entry for the whole stocktake."""
    require(actor, "stock.manage")
    accounts.ensure_active(session, actor)
    warehouse = find_warehouse(session, warehouse_id, actor)
    found = differences(session, warehouse.id, counts)
    reason = render("Stock", STOCKTAKE_REASON)
    numbers = []
    for diff in found:
        moves = stock.post(session, actor, "adjustment", diff.product_id, warehouse.id,
                           diff.difference, reason=reason, reference=reference,
                           audit_entry=False, stocktake=True)
        numbers.append(moves[0].number)
    audit.record(session, actor, "import", entity="warehouse", entity_id=warehouse.id,
                 message=QT_TRANSLATE_NOOP(
                     "Audit", "Stocktake of {warehouse}: {counted} products counted, "
                              "{changed} differences posted as adjustments"),
                 params={"warehouse": stock.warehouse_text(warehouse), "counted": len(counts),
                         "changed": len(found)},
                 after={"reference": reference, "adjustments": [
                     {"number": n, "product": d.code, "on_hand": d.on_hand,
                      "counted": d.counted} for n, d in zip(numbers, found, strict=True)]})
    return found
