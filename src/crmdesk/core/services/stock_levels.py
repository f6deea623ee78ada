"""Stock levels as a record kind (``stock_level``): one row per product and warehouse,
listed, filtered, sorted and exported like any record (on hand, reserved, available,
average cost, value), and *added* as opening stock: adding (or importing) a level sets
the product's on hand in the warehouse to the quantity given, by posting the difference
(a receipt at the unit cost given, or an adjustment).  A level is never edited or
deleted: stock changes through movements."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from sqlalchemy import ColumnElement, Select, and_, false, or_, select, true
from sqlalchemy.orm import Session

from crmdesk.core.filters import ListQuery
from crmdesk.core.models import Product, StockLevel, Warehouse
from crmdesk.core.permissions import Actor, for_lists
from crmdesk.core.services import accounts, stock
from crmdesk.core.services.records import RecordService
from crmdesk.core.services.stock import StockError
from crmdesk.i18n import QT_TRANSLATE_NOOP, render

OPENING_STOCK = QT_TRANSLATE_NOOP("Stock", "Opening stock")


class StockLevelService(RecordService[StockLevel]):
    entity = "stock_level"
    model = StockLevel

    def scope(self, actor: Actor) -> ColumnElement[bool]:
        return true()

    def select_visible(self, actor: Actor, *, deleted: bool = False) -> Select[Any]:
        stmt = select(StockLevel)
        return stmt.where(false()) if deleted else stmt

    def get(self, session: Session, actor: Actor, record_id: int, *,
            deleted: bool | None = False) -> StockLevel:
        obj = session.get(StockLevel, record_id) if deleted is not True else None
        if obj is None:
            raise self.not_found(record_id)
        return obj

    def quick_filter(self, session: Session, actor: Actor,
                     text_query: str) -> ColumnElement[bool]:
        """Words in the product's code, name or category, or the warehouse's code or name."""
        conditions = []
        for word in text_query.split():
            products = select(Product.id).where(or_(
                Product.code.contains(word, autoescape=True),
                Product.name.contains(word, autoescape=True),
                Product.category.contains(word, autoescape=True)))
            warehouses = select(Warehouse.id).where(or_(
                Warehouse.code.contains(word, autoescape=True),
                Warehouse.name.contains(word, autoescape=True)))
            conditions.append(or_(StockLevel.product_id.in_(products),
                                  StockLevel.warehouse_id.in_(warehouses)))
        return and_(true(), *conditions)

    def list_select(self, session: Session, actor: Actor, query: ListQuery,
                    columns: Sequence[Any] | None = None) -> Select[Any]:
        from crmdesk.core import filters

        stmt = select(*(columns or [StockLevel.id]))
        if query.deleted:
            return stmt.where(false())
        if query.text and query.text.strip():
            stmt = stmt.where(self.quick_filter(session, actor, query.text.strip()))
        stmt = stmt.where(self.scope(for_lists(session, actor)))
        live = select(Product.id).where(Product.deleted_at.is_(None))
        stmt = stmt.where(StockLevel.product_id.in_(live))
        for flt in filters.typed_filters(session, actor, self.entity, query.filters):
            stmt = stmt.where(self.filter_condition(flt))
        return stmt

    def create(self, session: Session, actor: Actor, data: Mapping[str, Any], *,
               custom: Mapping[str, Any] | None = None) -> StockLevel:
        """Opening stock: on hand becomes ``on_hand`` (the difference is posted)."""
        accounts.ensure_active(session, actor)
        values = dict(data)
        if values.get("warehouse_id") in (None, ""):
            values["warehouse_id"] = stock.default_warehouse_id(session, actor)
        cleaned = self.clean(session, actor, values, None)
        product_id, warehouse_id = int(cleaned["product_id"]), int(cleaned["warehouse_id"])
        target = int(cleaned["on_hand"])
        have = stock.availability(session, product_id, warehouse_id).on_hand
        difference = target - have
        reason = render("Stock", OPENING_STOCK)
        if difference > 0:
            stock.post(session, actor, "receipt", product_id, warehouse_id, difference,
                       unit_cost_cents=cleaned.get("cost_cents"), reason=reason)
        elif difference < 0:
            stock.post(session, actor, "adjustment", product_id, warehouse_id, difference,
                       reason=reason, stocktake=True)
        else:
            stock.ensure_level(session, product_id, warehouse_id)
        return session.execute(select(StockLevel).where(
            StockLevel.product_id == product_id,
            StockLevel.warehouse_id == warehouse_id)).scalar_one()

    def update(self, session: Session, actor: Actor, record_id: int, data: Mapping[str, Any],
               *, expected_version: int | None = None,
               custom: Mapping[str, Any] | None = None) -> StockLevel:
        self.get(session, actor, record_id)
        raise StockError(QT_TRANSLATE_NOOP(
            "Errors", "A stock level is not edited: stock changes through movements. Post a "
                      "receipt, an issue, a transfer or an adjustment, or import a "
                      "stocktake."))

    def delete(self, session: Session, actor: Actor, record_id: int, *,
               hard: bool = False) -> None:
        self.update(session, actor, record_id, {})

    def restore(self, session: Session, actor: Actor, record_id: int) -> StockLevel:
        raise self.not_found(record_id)

    def purge(self, session: Session, actor: Actor, record_id: int) -> None:
        self.update(session, actor, record_id, {})

    def describe(self, obj: StockLevel) -> str:
        return f"#{obj.id}"


stock_levels = StockLevelService()
