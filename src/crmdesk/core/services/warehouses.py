"""Warehouses (with their locations), the stock ledger as a record kind, stock levels
and low stock.

* :class:`WarehouseService` (``warehouse``): visible to everyone; adding, changing and
  deleting need ``stock.manage``; a warehouse that still holds stock cannot be deleted.
* :class:`StockMovementService` (``stock_movement``): the ledger, read-only: ``add``
  posts a movement through :func:`crmdesk.core.services.stock.post`; an edit or a
  delete is refused (a correction is a new movement).
* :func:`levels`: per product and warehouse, on hand, reserved, available, average
  cost and value; :func:`low_stock`: products whose available stock is below their
  low-stock level, and who is responsible (the product's stock keeper, else the
  managers of the warehouses holding it); they are also reminders (kind ``stock``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Date,
    Select,
    String,
    and_,
    cast,
    exists,
    false,
    func,
    literal,
    null,
    or_,
    select,
    true,
)
from sqlalchemy.orm import Session

from crmdesk.core.fields import label
from crmdesk.core.filters import ListQuery
from crmdesk.core.models import (
    Product,
    StockLevel,
    StockMovement,
    UTCDateTime,
    Warehouse,
    WarehouseLocation,
)
from crmdesk.core.permissions import Actor, for_lists, require
from crmdesk.core.services import accounts, audit, stock
from crmdesk.core.services.records import RecordService
from crmdesk.core.services.stock import StockError
from crmdesk.core.validation import clean_text
from crmdesk.errors import FieldError, NotFound, ValidationError
from crmdesk.i18n import QT_TRANSLATE_NOOP, render

# ---------------------------------------------------------------------------
# Warehouses
# ---------------------------------------------------------------------------


class WarehouseService(RecordService[Warehouse]):
    entity = "warehouse"
    model = Warehouse
    code_attr = "code"
    code_prefix = stock.WAREHOUSE_PREFIX
    code_width = stock.WAREHOUSE_CODE_WIDTH
    text_columns = ("code", "name", "address")

    def scope(self, actor: Actor) -> ColumnElement[bool]:
        return true()

    def prepare(self, session: Session, actor: Actor, values: dict[str, Any],
                obj: Warehouse | None) -> None:
        require(actor, "stock.manage")
        if obj is None and values.get("active") in (None, ""):
            values["active"] = True

    def delete(self, session: Session, actor: Actor, record_id: int, *,
               hard: bool = False) -> None:
        require(actor, "stock.manage")
        warehouse = self.get(session, actor, record_id, deleted=None)
        held = session.execute(select(func.count(StockLevel.id)).where(
            StockLevel.warehouse_id == record_id,
            or_(StockLevel.on_hand != 0, StockLevel.reserved != 0))).scalar_one()
        if held:
            raise StockError(QT_TRANSLATE_NOOP(
                "Errors", "{warehouse} still holds stock of {count} products: transfer it to "
                          "another warehouse first, or untick \"Active\" to stop using it."),
                warehouse=stock.warehouse_text(warehouse), count=held)
        if hard and session.execute(select(StockMovement.id).where(or_(
                StockMovement.warehouse_id == record_id,
                StockMovement.counterpart_id == record_id)).limit(1)).first():
            raise StockError(QT_TRANSLATE_NOOP(
                "Errors", "{warehouse} has stock movements, which are kept for good: it "
                          "can be deleted to the recycle bin or made inactive, not purged."),
                warehouse=stock.warehouse_text(warehouse))
        super().delete(session, actor, record_id, hard=hard)

    def purge_dependents(self, session: Session, actor: Actor, obj: Warehouse) -> None:
        for level in session.execute(select(StockLevel).where(
                StockLevel.warehouse_id == obj.id)).scalars():
            session.delete(level)
        session.flush()


warehouses = WarehouseService()


def active_warehouses(session: Session) -> list[tuple[str, str]]:
    """(code, name) of the live active warehouses, by code."""
    return [(str(c), str(n)) for c, n in session.execute(
        select(Warehouse.code, Warehouse.name).where(
            Warehouse.deleted_at.is_(None), Warehouse.active.is_(True))
        .order_by(Warehouse.code))]


def locations(session: Session, warehouse_id: int) -> list[WarehouseLocation]:
    """A warehouse's locations (bins, shelves) by code."""
    return list(session.execute(select(WarehouseLocation).where(
        WarehouseLocation.warehouse_id == warehouse_id)
        .order_by(WarehouseLocation.code)).scalars())


def add_location(session: Session, actor: Actor, warehouse_id: int, code: str,
                 name: str | None = None) -> WarehouseLocation:
    """A new location of a warehouse (``A-01-03``); codes are unique per warehouse."""
    require(actor, "stock.manage")
    accounts.ensure_active(session, actor)
    warehouse = warehouses.get(session, actor, warehouse_id)
    cleaned = clean_text(code, 30)
    shown = render("Field", QT_TRANSLATE_NOOP("Field", "Location"))
    if not cleaned:
        raise ValidationError([FieldError("location", shown, render("Validation", QT_TRANSLATE_NOOP(
            "Validation", "{label} is required: please fill it in."), label=shown))])
    if session.execute(select(WarehouseLocation.id).where(
            WarehouseLocation.warehouse_id == warehouse.id,
            WarehouseLocation.code == cleaned)).first():
        raise ValidationError([FieldError("location", shown, render("Validation", QT_TRANSLATE_NOOP(
            "Validation", "{label} {code} already exists in this warehouse: choose another "
                          "code."), label=shown, code=cleaned))])
    location = WarehouseLocation(warehouse_id=warehouse.id, code=cleaned,
                                 name=clean_text(name, 100))
    session.add(location)
    session.flush()
    audit.record(session, actor, "update", entity="warehouse", entity_id=warehouse.id,
                 message=QT_TRANSLATE_NOOP("Audit", "Added location {location} to {record}"),
                 params={"location": cleaned, "record": stock.warehouse_text(warehouse)})
    return location


def set_location(session: Session, actor: Actor, product_id: int, warehouse_id: int,
                 location_id: int | None) -> None:
    """Where a product is kept in a warehouse (None: nowhere in particular)."""
    require(actor, "stock.manage")
    warehouse = warehouses.get(session, actor, warehouse_id)
    if location_id is not None:
        location = session.get(WarehouseLocation, location_id)
        if location is None or location.warehouse_id != warehouse.id:
            raise NotFound(QT_TRANSLATE_NOOP(
                "Errors", "Location {id} is not a location of {warehouse}: choose one of its "
                          "locations."), id=location_id, warehouse=stock.warehouse_text(warehouse))
    stock.ensure_level(session, product_id, warehouse.id)
    level = session.execute(select(StockLevel).where(
        StockLevel.product_id == product_id,
        StockLevel.warehouse_id == warehouse.id)).scalar_one()
    level.location_id = location_id
    session.flush()


# ---------------------------------------------------------------------------
# The ledger as a record kind
# ---------------------------------------------------------------------------

class StockMovementService(RecordService[StockMovement]):
    """``crmdesk list|show|add stock_movement``; ``edit`` is refused."""

    entity = "stock_movement"
    model = StockMovement
    code_attr = "number"
    code_prefix = stock.MOVEMENT_PREFIX
    text_columns = ("number", "reason", "reference")

    def scope(self, actor: Actor) -> ColumnElement[bool]:
        return true()

    def select_visible(self, actor: Actor, *, deleted: bool = False) -> Select[Any]:
        stmt = select(StockMovement)
        return stmt.where(false()) if deleted else stmt

    def get(self, session: Session, actor: Actor, record_id: int, *,
            deleted: bool | None = False) -> StockMovement:
        obj = session.get(StockMovement, record_id) if deleted is not True else None
        if obj is None:
            raise self.not_found(record_id)
        return obj

    def list_select(self, session: Session, actor: Actor, query: ListQuery,
                    columns: Sequence[Any] | None = None) -> Select[Any]:
        from crmdesk.core import filters

        stmt = select(*(columns or [StockMovement.id]))
        if query.deleted:
            return stmt.where(false())
        if query.text and query.text.strip():
            stmt = stmt.where(self.quick_filter(session, actor, query.text.strip()))
        stmt = stmt.where(self.scope(for_lists(session, actor)))
        for flt in filters.typed_filters(session, actor, self.entity, query.filters):
            stmt = stmt.where(self.filter_condition(flt))
        return stmt

    def create(self, session: Session, actor: Actor, data: Mapping[str, Any], *,
               custom: Mapping[str, Any] | None = None) -> StockMovement:
        """Post a movement (receipt, issue, transfer to ``counterpart_id``, adjustment)."""
        accounts.ensure_active(session, actor)
        values = dict(data)
        if values.get("warehouse_id") in (None, ""):
            values["warehouse_id"] = stock.default_warehouse_id(session, actor)
        cleaned = self.clean(session, actor, values, None)
        kind = cleaned.get("kind")
        if kind not in stock.KINDS:
            shown = label("stock_movement", "kind")
            raise ValidationError([FieldError("kind", shown, render("Validation", QT_TRANSLATE_NOOP(
                "Validation", "{label}: choose receipt, issue, transfer or adjustment (the two "
                              "halves of a transfer are made by the transfer)."),
                label=shown))])
        if kind == "transfer" and not cleaned.get("counterpart_id"):
            shown = label("stock_movement", "counterpart_id")
            raise ValidationError([FieldError("counterpart_id", shown, render(
                "Validation", QT_TRANSLATE_NOOP(
                    "Validation", "{label} is required for a transfer: choose the warehouse "
                                  "the stock goes to."), label=shown))])
        moves = stock.post(
            session, actor, str(kind), int(cleaned["product_id"]), int(cleaned["warehouse_id"]),
            int(cleaned["quantity"]), unit_cost_cents=cleaned.get("unit_cost_cents"),
            reason=cleaned.get("reason"), reference=cleaned.get("reference"),
            to_warehouse_id=cleaned.get("counterpart_id") if kind == "transfer" else None)
        return moves[0]

    def update(self, session: Session, actor: Actor, record_id: int, data: Mapping[str, Any],
               *, expected_version: int | None = None,
               custom: Mapping[str, Any] | None = None) -> StockMovement:
        movement = self.get(session, actor, record_id)
        raise StockError(QT_TRANSLATE_NOOP(
            "Errors", "Stock movement {number} cannot be changed: the ledger is never "
                      "edited. A correction is a new movement (an adjustment, or the "
                      "opposite receipt or issue)."), number=movement.number)

    def delete(self, session: Session, actor: Actor, record_id: int, *,
               hard: bool = False) -> None:
        movement = self.get(session, actor, record_id)
        raise StockError(QT_TRANSLATE_NOOP(
            "Errors", "Stock movement {number} cannot be deleted: the ledger is never "
                      "edited. A correction is a new movement (an adjustment, or the "
                      "opposite receipt or issue)."), number=movement.number)

    def restore(self, session: Session, actor: Actor, record_id: int) -> StockMovement:
        raise self.not_found(record_id)

    def purge(self, session: Session, actor: Actor, record_id: int) -> None:
        self.delete(session, actor, record_id)

    def describe(self, obj: StockMovement) -> str:
        return f"{obj.number} {obj.kind} {obj.quantity:+d}"


stock_movements = StockMovementService()


# ---------------------------------------------------------------------------
# Stock levels
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class LevelRow:
    product_id: int
    product_code: str
    product_name: str
    unit: str | None
    warehouse_id: int
    warehouse_code: str
    warehouse_name: str
    location: str | None
    on_hand: int
    reserved: int
    cost_cents: int
    low_stock_level: int | None

    @property
    def available(self) -> int:
        return self.on_hand - self.reserved

    @property
    def value_cents(self) -> int:
        """The stock's value at the average cost (none for stock below zero)."""
        return max(self.on_hand, 0) * self.cost_cents


def levels(session: Session, actor: Actor, *, warehouse_id: int | None = None,
           product_id: int | None = None, text: str | None = None,
           nonzero: bool = False, limit: int = 20_000) -> list[LevelRow]:
    """Stock per product and warehouse (live stocked products, live warehouses), by
    product code then warehouse code.  *text*: in the product's code, name or category."""
    stmt = (select(StockLevel, Product, Warehouse, WarehouseLocation.code)
            .join(Product, Product.id == StockLevel.product_id)
            .join(Warehouse, Warehouse.id == StockLevel.warehouse_id)
            .outerjoin(WarehouseLocation, WarehouseLocation.id == StockLevel.location_id)
            .where(Product.deleted_at.is_(None), Warehouse.deleted_at.is_(None)))
    if warehouse_id is not None:
        stmt = stmt.where(StockLevel.warehouse_id == warehouse_id)
    if product_id is not None:
        stmt = stmt.where(StockLevel.product_id == product_id)
    if nonzero:
        stmt = stmt.where(or_(StockLevel.on_hand != 0, StockLevel.reserved != 0))
    for word in (text or "").split():
        stmt = stmt.where(or_(Product.code.contains(word, autoescape=True),
                              Product.name.contains(word, autoescape=True),
                              Product.category.contains(word, autoescape=True)))
    stmt = stmt.order_by(Product.code, Warehouse.code).limit(limit)
    return [LevelRow(p.id, p.code, p.name, p.unit, w.id, w.code, w.name, loc, lv.on_hand,
                     lv.reserved, p.cost_cents or 0, p.low_stock_level)
            for lv, p, w, loc in session.execute(stmt)]


@dataclass(frozen=True)
class LowStock:
    product_id: int
    code: str
    name: str
    available: int
    low_stock_level: int
    #: who is told: the stock keeper, else the managers of the warehouses holding it
    responsible_ids: tuple[int, ...]


def _totals() -> Any:
    return (select(StockLevel.product_id.label("product_id"),
                   func.sum(StockLevel.on_hand - StockLevel.reserved).label("available"),
                   func.max(StockLevel.updated_at).label("moved_at"))
            .group_by(StockLevel.product_id).subquery("stock_totals"))


def low_stock(session: Session) -> list[LowStock]:
    """Stocked products whose available stock (all warehouses) is below their level."""
    totals = _totals()
    available = func.coalesce(totals.c.available, 0)
    rows = session.execute(
        select(Product.id, Product.code, Product.name, available, Product.low_stock_level,
               Product.stock_keeper_id)
        .outerjoin(totals, totals.c.product_id == Product.id)
        .where(Product.deleted_at.is_(None), Product.tracks_stock.is_(True),
               Product.low_stock_level.is_not(None), available < Product.low_stock_level)
        .order_by(Product.code)).all()
    result = []
    for pid, code, name, avail, level, keeper in rows:
        if keeper is not None:
            responsible: tuple[int, ...] = (int(keeper),)
        else:
            responsible = tuple(int(m or 0) for m in session.execute(
                select(Warehouse.manager_id).distinct()
                .join(StockLevel, StockLevel.warehouse_id == Warehouse.id)
                .where(StockLevel.product_id == pid, Warehouse.manager_id.is_not(None),
                       Warehouse.deleted_at.is_(None))
                .order_by(Warehouse.manager_id)).scalars())
        result.append(LowStock(int(pid), code, name, int(avail), int(level), responsible))
    return result


def reminder_selects(actor: Actor, now: datetime, due_only: bool, state_for: Any,
                     live: Any, only: tuple[str, int] | None) -> list[Any]:
    """The "stock" part of the reminders' UNION ALL: the products below their low-stock
    level the user is responsible for, since their stock last moved (a dismissed one
    reminds again after the next movement while it is still low)."""
    totals = _totals()
    available = func.coalesce(totals.c.available, 0)
    moved = func.coalesce(totals.c.moved_at, Product.updated_at, type_=UTCDateTime)
    state, on = state_for("stock", actor, Product.id, moved, lambda s: s.remind_at)
    mine = or_(Product.stock_keeper_id == actor.user_id, and_(
        Product.stock_keeper_id.is_(None),
        exists(select(StockLevel.id).join(Warehouse, Warehouse.id == StockLevel.warehouse_id)
               .where(StockLevel.product_id == Product.id,
                      Warehouse.manager_id == actor.user_id,
                      Warehouse.deleted_at.is_(None)))))
    stmt = (select(cast(literal("stock"), String(16)).label("kind"), Product.id.label("ref_id"),
                   moved.label("remind_at"), cast(null(), Date).label("due_date"),
                   Product.code.label("code"), Product.name.label("title"),
                   cast(null(), StockLevel.id.type).label("customer_id"),
                   state.snoozed_until.label("snoozed_until"))
            .select_from(Product)
            .outerjoin(totals, totals.c.product_id == Product.id)
            .outerjoin(state, on)
            .where(Product.deleted_at.is_(None), Product.tracks_stock.is_(True),
                   Product.low_stock_level.is_not(None), available < Product.low_stock_level,
                   mine, *live(state, moved <= now)))
    if only is not None:
        stmt = stmt.where(Product.id == only[1])
    return [stmt]


def low_stock_title(name: str) -> str:
    return render("Reminders", QT_TRANSLATE_NOOP("Reminders", "Low stock: {name}"), name=name)
