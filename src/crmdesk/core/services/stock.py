"""The stock ledger: what is on hand, reserved and available per product and warehouse,
and the movements that change it (receipts, issues, transfers, adjustments).

Every change of a level is ONE conditional ``UPDATE`` of its ``stock_levels`` row:
``on_hand - reserved`` is checked by the database in the statement that changes it
(``rowcount`` 0: refused), so two shipments of the last unit cannot both pass, on SQLite
or PostgreSQL, whatever each of them read before.  Movements are never edited: a
correction is a new movement.  ``stock.allow_negative`` lets ``on_hand`` go below zero
(never ``reserved``).

The product's ``cost_cents`` is its moving average cost over every warehouse, kept by
receipts that name a unit cost; issues and adjustments move at the average cost.

Callers: the stock screens and commands (``core/services/warehouses.py``), deliveries
(issues with ``release_reserved``), purchasing (receipts), orders (reserve/release).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, cast

from sqlalchemy import Table, case, func, select, update
from sqlalchemy.orm import Session

from crmdesk.core import audit_messages
from crmdesk.core.models import Product, StockLevel, StockMovement, Warehouse, utcnow
from crmdesk.core.permissions import Actor, require
from crmdesk.core.services import audit
from crmdesk.core.services import settings as db_settings
from crmdesk.core.services.records import RECORD, format_code, reserve_numbers
from crmdesk.errors import KnownError, NotFound
from crmdesk.i18n import QT_TRANSLATE_NOOP

#: what :func:`post` accepts
KINDS = ("receipt", "issue", "transfer", "adjustment")
#: what a movement row holds (a transfer is two rows sharing one number)
MOVEMENT_KINDS = ("receipt", "issue", "transfer_out", "transfer_in", "adjustment")
MOVEMENT_PREFIX = "SM"
WAREHOUSE_PREFIX = "WH"
WAREHOUSE_CODE_WIDTH = 4
#: the warehouse made when stock is first needed and none exists
MAIN_WAREHOUSE_NAME = "主仓库"
_LEVELS = cast(Table, StockLevel.__table__)


@dataclass(frozen=True)
class Availability:
    on_hand: int
    reserved: int

    @property
    def available(self) -> int:
        return self.on_hand - self.reserved


class StockError(KnownError):
    """A stock change the user asked for cannot be made (names what and what to do)."""


# ---------------------------------------------------------------------------
# Reading
# ---------------------------------------------------------------------------

def availability(session: Session, product_id: int,
                 warehouse_id: int | None = None) -> Availability:
    """On hand and reserved of a product in one warehouse, or summed over all."""
    stmt = select(func.coalesce(func.sum(StockLevel.on_hand), 0),
                  func.coalesce(func.sum(StockLevel.reserved), 0)).where(
        StockLevel.product_id == product_id)
    if warehouse_id is not None:
        stmt = stmt.where(StockLevel.warehouse_id == warehouse_id)
    on_hand, reserved = session.execute(stmt).one()
    return Availability(int(on_hand), int(reserved))


def tracks_stock(session: Session, product_id: int) -> bool:
    """Whether a product is kept in stock (False: a service; never reserved or issued)."""
    product = session.get(Product, product_id)
    return bool(product is not None and product.tracks_stock)


def allow_negative(session: Session) -> bool:
    return bool(db_settings.get(session, "stock.allow_negative"))


def product_text(product: Product) -> str:
    return " ".join(p for p in (product.code, product.name) if p)


def warehouse_text(warehouse: Warehouse) -> str:
    return f"{warehouse.code} {warehouse.name}"


def default_warehouse_id(session: Session, actor: Actor | None = None) -> int:
    """The warehouse stock goes to when none is named: the setting
    ``stock.default_warehouse`` (a code), else the first active warehouse; when there
    is none at all, one is made (``WH0001 主仓库``), audited as made by *actor* (every
    service passes its actor: an entry with no actor would be unsigned, which the
    signed audit log reports as tampering)."""
    code = str(db_settings.get(session, "stock.default_warehouse") or "").strip()
    if code:
        found = session.execute(select(Warehouse.id).where(
            Warehouse.code == code, Warehouse.deleted_at.is_(None),
            Warehouse.active.is_(True))).scalar_one_or_none()
        if found is not None:
            return int(found)
    first = session.execute(select(Warehouse.id).where(
        Warehouse.deleted_at.is_(None), Warehouse.active.is_(True))
        .order_by(Warehouse.id).limit(1)).scalar_one_or_none()
    if first is not None:
        return int(first)
    warehouse = Warehouse(code=format_code(WAREHOUSE_PREFIX,
                                           reserve_numbers(session, "warehouse"),
                                           WAREHOUSE_CODE_WIDTH),
                          name=MAIN_WAREHOUSE_NAME, active=True)
    session.add(warehouse)
    session.flush()
    audit.record(session, actor, "create", entity="warehouse", entity_id=warehouse.id,
                 message=RECORD,
                 params={"record": warehouse_text(warehouse)},
                 after={"code": warehouse.code, "name": warehouse.name})
    return int(warehouse.id)


# ---------------------------------------------------------------------------
# Checks
# ---------------------------------------------------------------------------

def _product(session: Session, product_id: int) -> Product:
    product = session.get(Product, product_id)
    if product is None or product.deleted_at is not None:
        raise NotFound(QT_TRANSLATE_NOOP(
            "Errors", "{entity} {id} does not exist, was deleted, or is not yours to see."),
            entity=audit_messages.entity_text("product"), id=product_id)
    if not product.tracks_stock:
        raise StockError(QT_TRANSLATE_NOOP(
            "Errors", "{product} is not kept in stock (a service or a non-stock item): it "
                      "cannot be received, issued, reserved or moved. Tick \"Tracks stock\" "
                      "on the product if it should be."), product=product_text(product))
    return product


def _warehouse(session: Session, warehouse_id: int | None) -> Warehouse:
    warehouse = session.get(Warehouse, warehouse_id) if warehouse_id is not None else None
    if warehouse is None or warehouse.deleted_at is not None:
        raise NotFound(QT_TRANSLATE_NOOP(
            "Errors", "{entity} {id} does not exist, was deleted, or is not yours to see."),
            entity=audit_messages.entity_text("warehouse"), id=warehouse_id)
    return warehouse


def _quantity(quantity: Any, *, signed: bool = False) -> int:
    if isinstance(quantity, bool) or not isinstance(quantity, int) or (
            quantity == 0 if signed else quantity <= 0) or abs(quantity) >= 2**31:
        if signed:
            raise StockError(QT_TRANSLATE_NOOP(
                "Errors", "Quantity {quantity} is not valid: an adjustment is a whole number "
                          "other than 0 (negative takes stock off)."), quantity=quantity)
        raise StockError(QT_TRANSLATE_NOOP(
            "Errors", "Quantity {quantity} is not valid: enter a whole number above 0."),
            quantity=quantity)
    return quantity


def _refused(session: Session, product: Product, warehouse: Warehouse,
             asked: int) -> StockError:
    have = availability(session, product.id, warehouse.id)
    return StockError(QT_TRANSLATE_NOOP(
        "Errors", "Not enough stock of {product} in {warehouse}: {asked} asked, {available} "
                  "available ({on_hand} on hand, {reserved} reserved). Receive stock first, "
                  "take it from another warehouse, or lower the quantity."),
        product=product_text(product), warehouse=warehouse_text(warehouse), asked=asked,
        available=have.available, on_hand=have.on_hand, reserved=have.reserved)


# ---------------------------------------------------------------------------
# Changing levels: one conditional UPDATE each
# ---------------------------------------------------------------------------

def ensure_level(session: Session, product_id: int, warehouse_id: int) -> None:
    """The product's level row in the warehouse exists (made at 0 if not; concurrent
    callers cannot make two: ``ON CONFLICT DO NOTHING`` on the unique pair)."""
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        from sqlalchemy.dialects.postgresql import insert as pg_insert

        stmt: Any = pg_insert(_LEVELS)
    else:
        from sqlalchemy.dialects.sqlite import insert as sqlite_insert

        stmt = sqlite_insert(_LEVELS)
    session.execute(stmt.values(product_id=product_id, warehouse_id=warehouse_id,
                                on_hand=0, reserved=0, updated_at=utcnow())
                    .on_conflict_do_nothing(index_elements=["product_id", "warehouse_id"]))


def _expire_level(session: Session, product_id: int, warehouse_id: int) -> None:
    """Loaded ``StockLevel`` objects of this pair re-read their row (a Core UPDATE
    changed it behind the ORM's back)."""
    for obj in list(session.identity_map.values()):
        if isinstance(obj, StockLevel) and obj.product_id == product_id and \
                obj.warehouse_id == warehouse_id:
            session.expire(obj)


def _change(session: Session, product_id: int, warehouse_id: int, delta: int, *,
            reserved_delta: int = 0, checked: bool) -> bool:
    """``on_hand += delta`` and ``reserved += reserved_delta`` (never below 0) in one
    UPDATE; *checked*: only while ``on_hand - reserved`` stays >= 0 afterwards.
    False when the row refused."""
    ensure_level(session, product_id, warehouse_id)
    c = _LEVELS.c
    if reserved_delta < 0:
        new_reserved: Any = case((c.reserved >= -reserved_delta, c.reserved + reserved_delta),
                                 else_=0)
    else:
        new_reserved = c.reserved + reserved_delta
    stmt = update(_LEVELS).where(c.product_id == product_id, c.warehouse_id == warehouse_id)
    if checked:
        stmt = stmt.where(c.on_hand + delta - new_reserved >= 0)
    result = session.execute(stmt.values(on_hand=c.on_hand + delta, reserved=new_reserved,
                                         updated_at=utcnow()))
    _expire_level(session, product_id, warehouse_id)
    return bool(result.rowcount)  # type: ignore[attr-defined]


def _average_cost(session: Session, product: Product, quantity: int, unit_cost: int) -> int:
    """The moving average after receiving *quantity* at *unit_cost* (over every warehouse;
    stock below zero counts as none)."""
    held = max(availability(session, product.id).on_hand, 0)
    if held == 0:
        return unit_cost
    total = held * (product.cost_cents or 0) + quantity * unit_cost
    count = held + quantity
    return (total + count // 2) // count  # rounded half up (costs are never negative)


def post(session: Session, actor: Actor, kind: str, product_id: int, warehouse_id: int,
         quantity: int, *, unit_cost_cents: int | None = None, reason: str | None = None,
         reference: str | None = None, to_warehouse_id: int | None = None,
         order_id: int | None = None, delivery_id: int | None = None,
         purchase_order_id: int | None = None, release_reserved: int = 0,
         audit_entry: bool = True, stocktake: bool = False) -> list[StockMovement]:
    """Post one movement (a transfer: two, sharing one number) and change the levels.

    *kind*: ``receipt`` (quantity > 0 in; *unit_cost_cents* updates the moving average
    cost), ``issue`` (quantity > 0 out; *release_reserved*: also take that much off the
    level's reserved, in the same UPDATE), ``transfer`` (quantity > 0 from *warehouse_id*
    to *to_warehouse_id*), ``adjustment`` (signed).  Anything that would leave less than
    nothing available is refused with :class:`StockError` unless ``stock.allow_negative``.
    *audit_entry* False: the caller audits its whole document in one entry.
    *stocktake*: an adjustment to a counted quantity, never refused (what is on the
    shelf is a fact; reserved stock beyond it shows as a shortfall).
    """
    if kind not in KINDS:
        raise StockError(QT_TRANSLATE_NOOP(
            "Errors", "Movement kind {kind} is not known: use receipt, issue, transfer or "
                      "adjustment."), kind=kind)
    require(actor, "stock.ship" if kind == "issue" else "stock.manage")
    quantity = _quantity(quantity, signed=kind == "adjustment")
    product = _product(session, product_id)
    warehouse = _warehouse(session, warehouse_id)
    target: Warehouse | None = None
    if kind == "transfer":
        if to_warehouse_id is None or to_warehouse_id == warehouse_id:
            raise StockError(QT_TRANSLATE_NOOP(
                "Errors", "A transfer needs a destination warehouse other than {warehouse}: "
                          "choose where the stock goes."), warehouse=warehouse_text(warehouse))
        target = _warehouse(session, to_warehouse_id)
    if unit_cost_cents is not None and (isinstance(unit_cost_cents, bool) or not isinstance(
            unit_cost_cents, int) or unit_cost_cents < 0):
        raise StockError(QT_TRANSLATE_NOOP(
            "Errors", "Unit cost {cost} is not valid: enter an amount of 0 or more."),
            cost=unit_cost_cents)
    if release_reserved < 0:
        release_reserved = 0
    checked = not allow_negative(session)
    number = format_code(MOVEMENT_PREFIX, reserve_numbers(session, "stock_movement"))
    cost = product.cost_cents or 0
    rows: list[tuple[str, int, int, int | None]] = []  # kind, warehouse, signed qty, other
    if kind == "receipt":
        if unit_cost_cents is not None:
            cost = unit_cost_cents
            product.cost_cents = _average_cost(session, product, quantity, unit_cost_cents)
        _change(session, product.id, warehouse.id, quantity, checked=False)
        rows.append(("receipt", warehouse.id, quantity, None))
    elif kind == "issue":
        if not _change(session, product.id, warehouse.id, -quantity,
                       reserved_delta=-release_reserved, checked=checked):
            raise _refused(session, product, warehouse, quantity)
        rows.append(("issue", warehouse.id, -quantity, None))
    elif kind == "transfer":
        assert target is not None
        if not _change(session, product.id, warehouse.id, -quantity, checked=checked):
            raise _refused(session, product, warehouse, quantity)
        _change(session, product.id, target.id, quantity, checked=False)
        rows.append(("transfer_out", warehouse.id, -quantity, target.id))
        rows.append(("transfer_in", target.id, quantity, warehouse.id))
    else:  # adjustment
        if not _change(session, product.id, warehouse.id, quantity,
                       checked=checked and quantity < 0 and not stocktake):
            raise _refused(session, product, warehouse, -quantity)
        rows.append(("adjustment", warehouse.id, quantity, None))
    now = utcnow()
    movements = [StockMovement(
        number=number, kind=row_kind, product_id=product.id, warehouse_id=wid, quantity=qty,
        unit_cost_cents=cost, reason=(reason or "").strip()[:200] or None,
        reference=(reference or "").strip()[:100] or None, counterpart_id=other,
        order_id=order_id, delivery_id=delivery_id, purchase_order_id=purchase_order_id,
        moved_at=now, user_id=actor.user_id or None) for row_kind, wid, qty, other in rows]
    session.add_all(movements)
    session.flush()
    if audit_entry:
        record_movements(session, actor, movements)
    return movements


MOVED = QT_TRANSLATE_NOOP("Audit", "{number} {kind}: {product}, {quantity} in {warehouse}")


def record_movements(session: Session, actor: Actor,
                     movements: Sequence[StockMovement]) -> None:
    """One audit entry for one posted movement (both rows of a transfer)."""
    first = movements[0]
    product = session.get(Product, first.product_id)
    warehouse = session.get(Warehouse, first.warehouse_id)
    kind = "transfer" if first.kind == "transfer_out" else first.kind
    audit.record(session, actor, "create", entity="stock_movement", entity_id=first.id,
                 message=MOVED, params={
                     "number": first.number,
                     "kind": audit_messages.choice("movement_kind", kind),
                     "product": product_text(product) if product else first.product_id,
                     "quantity": first.quantity,
                     "warehouse": warehouse_text(warehouse) if warehouse else first.warehouse_id},
                 after={"movements": [movement_snapshot(m) for m in movements]})


def movement_snapshot(m: StockMovement) -> dict[str, Any]:
    return {"number": m.number, "kind": m.kind, "product_id": m.product_id,
            "warehouse_id": m.warehouse_id, "quantity": m.quantity,
            "unit_cost_cents": m.unit_cost_cents, "reason": m.reason,
            "reference": m.reference, "counterpart_id": m.counterpart_id,
            "order_id": m.order_id, "delivery_id": m.delivery_id,
            "purchase_order_id": m.purchase_order_id}


# ---------------------------------------------------------------------------
# Reservations (confirmed orders)
# ---------------------------------------------------------------------------

def reserve(session: Session, actor: Actor, product_id: int, warehouse_id: int,
            quantity: int) -> int:
    """Reserve up to *quantity* of what is available; returns how much was reserved (less
    than asked: a backorder, which the caller records).  The caller audits."""
    require(actor, "stock.ship")
    quantity = _quantity(quantity)
    product = _product(session, product_id)
    warehouse = _warehouse(session, warehouse_id)
    ensure_level(session, product.id, warehouse.id)
    for _attempt in range(5):
        have = availability(session, product.id, warehouse.id).available
        take = min(quantity, max(have, 0))
        if take <= 0:
            return 0
        if _change(session, product.id, warehouse.id, 0, reserved_delta=take, checked=True):
            return take
    return 0  # the level kept changing under us: reserve nothing (a backorder)


def release(session: Session, actor: Actor, product_id: int, warehouse_id: int,
            quantity: int) -> None:
    """Give back *quantity* of a reservation (never below zero reserved)."""
    require(actor, "stock.ship")
    quantity = _quantity(quantity)
    product = _product(session, product_id)
    warehouse = _warehouse(session, warehouse_id)
    _change(session, product.id, warehouse.id, 0, reserved_delta=-quantity, checked=False)
