"""Delivery notes (issue 16, item 2): what of an order ships, from which warehouse, when.

A delivery note (``deliveries``, code ``DN000001``) belongs to one order and lists, per
order line, the quantity it ships (``delivery_lines``).  It is ``planned`` until it is
shipped: shipping issues each stocked line from the note's warehouse
(``stock.post("issue", ..., release_reserved=...)``: what the order had reserved there
is taken off the reservation in the same statement), adds to the order lines'
``shipped_qty`` and sets the order's status from its lines (``order_flow``: partial,
shipped, completed); one ``ship`` audit entry names the note, the order and the units.
Partial shipments are several notes; a shipped note is history (returned goods come
back with a stock receipt), a planned one can be cancelled.  An order that ships more
than it holds takes the rest from what is available (an order from before schema
0017 holds nothing); not enough stock refuses the whole note (``StockError``), nothing
half done.

Notes follow their customer's visibility (``child_scope``), as orders do; making and
shipping them needs ``stock.ship`` (every role).  The delivery plan (:func:`plan`)
lists what ships when: planned notes by their planned date and open orders' delivery
dates not yet covered by a note; the calendar shows planned notes to their owner.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, case, func, select, update
from sqlalchemy.orm import Session, object_session

from crmdesk.core.fields import label
from crmdesk.core.lookup import fits_id, fits_text
from crmdesk.core.models import (
    Customer,
    Delivery,
    DeliveryLine,
    Order,
    OrderLine,
    Product,
    Warehouse,
)
from crmdesk.core.permissions import Actor, child_scope, require
from crmdesk.core.services import audit, order_flow
from crmdesk.core.services.records import RecordService
from crmdesk.errors import FieldError, KnownError, ValidationError
from crmdesk.i18n import QT_TRANSLATE_NOOP, render

SHIPPED = QT_TRANSLATE_NOOP("Audit", "Shipped {record} of order {order}: {units} units")
CANCELLED = QT_TRANSLATE_NOOP("Audit", "Cancelled {record} of order {order}")


class DeliveryError(KnownError):
    context = "Deliveries"


def _order_number_of(column: Any) -> Any:
    return select(Order.number).where(Order.id == column).scalar_subquery()


def planned_elsewhere(session: Session, order_id: int,
                      except_delivery: int | None = None) -> dict[int, int]:
    """Per order line: the units on the order's planned notes (but *except_delivery*)."""
    stmt = (select(DeliveryLine.order_line_id, func.sum(DeliveryLine.quantity))
            .join(Delivery, Delivery.id == DeliveryLine.delivery_id)
            .where(Delivery.order_id == order_id, Delivery.status == "planned",
                   Delivery.deleted_at.is_(None))
            .group_by(DeliveryLine.order_line_id))
    if except_delivery is not None:
        stmt = stmt.where(Delivery.id != except_delivery)
    return {int(i): int(q or 0) for i, q in session.execute(stmt)}


def open_quantities(session: Session, order_id: int,
                    except_delivery: int | None = None) -> dict[int, int]:
    """Per order line: what is left to put on a note (ordered - shipped - planned)."""
    planned = planned_elsewhere(session, order_id, except_delivery)
    return {line.id: line.quantity - line.shipped_qty - planned.get(line.id, 0)
            for line in order_flow.lines_of(session, order_id)}


class DeliveryService(RecordService[Delivery]):
    entity = "delivery"
    model = Delivery
    code_attr = "number"
    code_prefix = "DN"
    text_columns = ("number", "carrier", "tracking", "notes")
    default_to_actor = ("owner_id",)
    due_fields = ("planned_date",)

    def scope(self, actor: Actor) -> ColumnElement[bool]:
        return child_scope(actor, Delivery.customer_id, Delivery.owner_id)

    def column(self, key: str) -> Any:
        if key == "order_number":  # not a column: the order's number
            from crmdesk.core import filters

            filters.filter_field(self.entity, key, related=False)
            return _order_number_of(Delivery.order_id)
        return super().column(key)

    def sort_expression(self, key: str) -> Any:
        if key == "order_number":
            return _order_number_of(Delivery.order_id)
        return super().sort_expression(key)

    def is_open(self, session: Session, obj: Delivery) -> bool:
        return obj.status == "planned"

    # -- rows and snapshots -------------------------------------------------------------
    def rows(self, session: Session, actor: Actor, record_ids: Sequence[int]
             ) -> list[dict[str, Any]]:
        rows = super().rows(session, actor, record_ids)
        orders_of = {int(r["id"]): r for r in rows}
        if orders_of:
            for delivery_id, number in session.execute(
                    select(Delivery.id, Order.number).join(Order, Order.id == Delivery.order_id)
                    .where(Delivery.id.in_(list(orders_of)))):
                orders_of[int(delivery_id)]["order_number"] = number
        return rows

    def snapshot(self, obj: Delivery) -> dict[str, Any]:
        snap = super().snapshot(obj)
        session = object_session(obj)
        if session is not None and obj.order_id is not None:
            snap["order_number"] = session.execute(select(Order.number).where(
                Order.id == obj.order_id)).scalar_one_or_none()
        return snap

    # -- writing ------------------------------------------------------------------------
    def prepare(self, session: Session, actor: Actor, values: dict[str, Any],
                obj: Delivery | None) -> None:
        require(actor, "stock.ship")
        values.pop("customer_id", None)  # the order's
        values.pop("shipped_on", None)  # set by shipping
        values.pop("status", None)  # changed by ship / cancel (see update)
        if obj is not None:
            values.pop("order_number", None)  # a note stays with its order
        elif values.get("warehouse_id") in (None, ""):
            values.pop("warehouse_id", None)  # the order's (check_record)

    def check_record(self, session: Session, actor: Actor, cleaned: dict[str, Any],
                     obj: Delivery | None) -> list[FieldError]:
        errors: list[FieldError] = []
        if obj is None:
            shown = label("delivery", "order_number")
            text = str(cleaned.pop("order_number", None) or "").strip()
            order = self._order_by_text(session, actor, text) if text else None
            if order is None:
                errors.append(FieldError("order_number", shown, render(
                    "Deliveries", QT_TRANSLATE_NOOP(
                        "Deliveries", "{label}: give the number of an order you can see, "
                                      "e.g. SO000123.") if text else QT_TRANSLATE_NOOP(
                        "Deliveries", "{label} is required: a delivery note ships an order."),
                    label=shown)))
                return errors
            if order.status not in order_flow.OPEN:
                errors.append(FieldError("order_number", shown, self._not_open(order).message))
                return errors
            cleaned["order_id"] = order.id
            cleaned["customer_id"] = order.customer_id
            cleaned["status"] = "planned"
            if cleaned.get("warehouse_id") is None:
                cleaned["warehouse_id"] = order_flow.warehouse_of(session, order, actor=actor)
            if not cleaned.get("planned_date"):
                cleaned["planned_date"] = order.delivery_date or date.today()
        else:
            cleaned.pop("order_number", None)
            if obj.status != "planned" and "warehouse_id" in cleaned and \
                    cleaned["warehouse_id"] != obj.warehouse_id:
                shown = label("delivery", "warehouse_id")
                errors.append(FieldError("warehouse_id", shown, render(
                    "Deliveries", QT_TRANSLATE_NOOP(
                        "Deliveries", "{label}: the note is no longer planned, so where it "
                                      "shipped from cannot change."), label=shown)))
        if cleaned.get("warehouse_id") is not None:
            found = session.get(Warehouse, cleaned["warehouse_id"])
            if found is None or found.deleted_at is not None or not found.active:
                shown = label("delivery", "warehouse_id")
                errors.append(FieldError("warehouse_id", shown, render(
                    "Deliveries", QT_TRANSLATE_NOOP(
                        "Deliveries", "{label}: choose an active warehouse."), label=shown)))
        return errors

    def _order_by_text(self, session: Session, actor: Actor, text: str) -> Order | None:
        from crmdesk.core.services.sales import orders

        stmt = orders.select_visible(actor)
        # an id only within the column's range (PostgreSQL refuses a larger one)
        as_id = text.isascii() and text.isdigit() and fits_id(int(text))
        stmt = stmt.where(Order.id == int(text)) if as_id else \
            stmt.where(Order.number == text)
        found: Order | None = session.execute(stmt).scalar_one_or_none() \
            if fits_text(text) else None
        return found

    @staticmethod
    def _not_open(order: Order) -> DeliveryError:
        from crmdesk.core import presentation

        if order.status == "draft":
            return DeliveryError(QT_TRANSLATE_NOOP(
                "Deliveries", "Order {order} is a draft: confirm it before it ships."),
                order=order.number)
        return DeliveryError(QT_TRANSLATE_NOOP(
            "Deliveries", "Order {order} is {status}: only confirmed or partly shipped orders "
                          "ship."), order=order.number,
            status=presentation.choice_name("order_status", order.status))

    def apply(self, session: Session, actor: Actor, obj: Delivery,
              cleaned: dict[str, Any]) -> None:
        cleaned.pop("order_number", None)
        super().apply(session, actor, obj, cleaned)

    def after_write(self, session: Session, actor: Actor, obj: Delivery, *,
                    creating: bool) -> None:
        if creating:  # everything still open on the order, unless the caller says less
            remaining = open_quantities(session, obj.order_id)
            lines = {line.id: line for line in order_flow.lines_of(session, obj.order_id)}
            added = 0
            for line_id, qty in remaining.items():
                if qty > 0:
                    session.add(DeliveryLine(delivery_id=obj.id, order_line_id=line_id,
                                             product_id=lines[line_id].product_id,
                                             quantity=qty))
                    added += 1
            if not added:
                order = session.get(Order, obj.order_id)
                raise DeliveryError(QT_TRANSLATE_NOOP(
                    "Deliveries", "Nothing is left to ship on order {order}: every line has "
                                  "shipped or is on a planned delivery note."),
                    order=order.number if order else obj.order_id)
            session.flush()

    def update(self, session: Session, actor: Actor, record_id: int, data: Mapping[str, Any],
               *, expected_version: int | None = None,
               custom: Mapping[str, Any] | None = None) -> Delivery:
        """Fields as any record; ``status``: shipped ships the note, cancelled cancels it."""
        from crmdesk.core.validation import FieldProblem, clean_choice

        values = dict(data)
        status = values.pop("status", None)
        wanted = None
        if status not in (None, ""):
            try:
                wanted = clean_choice(status, "delivery_status")
            except FieldProblem as problem:
                shown = label("delivery", "status")
                raise ValidationError([FieldError("status", shown,
                                                  problem.render(shown))]) from None
        obj = super().update(session, actor, record_id, values,
                             expected_version=expected_version, custom=custom)
        if wanted is not None:
            if wanted != obj.status:
                if wanted == "shipped":
                    return self.ship(session, actor, record_id)
                if wanted == "cancelled":
                    return self.cancel(session, actor, record_id)
                raise DeliveryError(QT_TRANSLATE_NOOP(
                    "Deliveries", "{record} is {status} and cannot be planned again: make a new "
                                  "delivery note from the order."), record=obj.number,
                    status=self.status_text(obj.status))
        return obj

    @staticmethod
    def status_text(status: str) -> str:
        from crmdesk.core import presentation

        return presentation.choice_name("delivery_status", status)

    def delete(self, session: Session, actor: Actor, record_id: int, *,
               hard: bool = False) -> None:
        """Only a planned note goes to the recycle bin (a shipped one is history; a
        cancelled one stays as a record of what was not sent)."""
        obj = self.get(session, actor, record_id, deleted=None)
        if obj.status != "planned":
            raise DeliveryError(QT_TRANSLATE_NOOP(
                "Deliveries", "{record} is {status}: it stays as history and cannot be "
                              "deleted."), record=obj.number,
                status=self.status_text(obj.status))
        super().delete(session, actor, record_id, hard=hard)

    # -- lines --------------------------------------------------------------------------
    def lines(self, session: Session, actor: Actor, delivery_id: int) -> list[DeliveryLine]:
        self.get(session, actor, delivery_id, deleted=None)
        return list(session.execute(select(DeliveryLine).where(
            DeliveryLine.delivery_id == delivery_id).order_by(DeliveryLine.id)).scalars())

    def line_rows(self, session: Session, actor: Actor, delivery_id: int
                  ) -> list[dict[str, Any]]:
        """The note's lines as shown: the order line, product, ordered, shipped before,
        this note's quantity and what could still go on it."""
        obj = self.get(session, actor, delivery_id, deleted=None)
        mine = {dl.order_line_id: dl.quantity for dl in self.lines(session, actor, obj.id)}
        remaining = open_quantities(session, obj.order_id, except_delivery=obj.id)
        codes = dict(session.execute(select(Product.id, Product.code)).all())
        rows = []
        for line in order_flow.lines_of(session, obj.order_id):
            if line.id not in mine and (obj.status != "planned" or remaining[line.id] <= 0):
                continue
            rows.append({"order_line_id": line.id, "product_id": line.product_id,
                         "product_code": codes.get(line.product_id or 0, ""),
                         "description": line.description, "ordered": line.quantity,
                         "shipped": line.shipped_qty, "reserved": line.reserved_qty,
                         "quantity": mine.get(line.id, 0),
                         "can_ship": max(remaining[line.id], 0) if obj.status == "planned"
                         else mine.get(line.id, 0)})
        return rows

    def set_lines(self, session: Session, actor: Actor, delivery_id: int,
                  quantities: Mapping[int, int]) -> Delivery:
        """What a planned note ships per order line (0 or missing: not on the note)."""
        require(actor, "stock.ship")
        obj = self.get(session, actor, delivery_id)
        self._must_be_planned(obj)
        remaining = open_quantities(session, obj.order_id, except_delivery=obj.id)
        order_lines = {line.id: line for line in order_flow.lines_of(session, obj.order_id)}
        errors: list[FieldError] = []
        wanted: dict[int, int] = {}
        for n, (line_id, qty) in enumerate(quantities.items(), start=1):
            row_label = render("Field", QT_TRANSLATE_NOOP("Field", "Line {n}"), n=n)
            line = order_lines.get(int(line_id))
            if line is None:
                errors.append(FieldError(f"line{n}", row_label, render(
                    "Deliveries", QT_TRANSLATE_NOOP(
                        "Deliveries", "{label}: not a line of this order."), label=row_label)))
                continue
            if isinstance(qty, bool) or not isinstance(qty, int) or qty < 0 or \
                    qty > max(remaining.get(line.id, 0), 0):
                errors.append(FieldError(f"line{n}", row_label, render(
                    "Deliveries", QT_TRANSLATE_NOOP(
                        "Deliveries", "{label} ({product}): ship between 0 and {most} (ordered "
                                      "{ordered}, shipped {shipped}, on other notes "
                                      "{planned})."), label=row_label,
                    product=line.description, most=max(remaining.get(line.id, 0), 0),
                    ordered=line.quantity, shipped=line.shipped_qty,
                    planned=line.quantity - line.shipped_qty - remaining.get(line.id, 0))))
                continue
            if qty > 0:
                wanted[line.id] = qty
        if not errors and not wanted:
            errors.append(FieldError("line1", label("delivery", "number"), render(
                "Deliveries", QT_TRANSLATE_NOOP(
                    "Deliveries", "A delivery note ships at least one unit: give a quantity "
                                  "above 0, or cancel the note."))))
        if errors:
            raise ValidationError(errors)
        before = self._lines_snapshot(session, obj.id)
        for existing in session.execute(select(DeliveryLine).where(
                DeliveryLine.delivery_id == obj.id)).scalars():
            session.delete(existing)
        session.flush()
        for line_id, qty in wanted.items():
            session.add(DeliveryLine(delivery_id=obj.id, order_line_id=line_id,
                                     product_id=order_lines[line_id].product_id, quantity=qty))
        from crmdesk.core.models.base import touch

        touch(obj)
        session.flush()
        after = self._lines_snapshot(session, obj.id)
        if before != after:
            audit.record(session, actor, "update", entity="delivery", entity_id=obj.id,
                         message=QT_TRANSLATE_NOOP("Audit", "Changed the lines of {record}"),
                         params={"record": self.describe(obj)}, before={"lines": before},
                         after={"lines": after})
        return obj

    @staticmethod
    def _lines_snapshot(session: Session, delivery_id: int) -> list[dict[str, Any]]:
        return [{"order_line_id": i, "quantity": q} for i, q in session.execute(
            select(DeliveryLine.order_line_id, DeliveryLine.quantity).where(
                DeliveryLine.delivery_id == delivery_id).order_by(DeliveryLine.order_line_id))]

    def _must_be_planned(self, obj: Delivery) -> None:
        if obj.status != "planned":
            raise DeliveryError(QT_TRANSLATE_NOOP(
                "Deliveries", "{record} is {status}: only a planned delivery note can change "
                              "or ship. Returned goods come back with a stock receipt."),
                record=obj.number, status=self.status_text(obj.status))

    # -- shipping and cancelling ---------------------------------------------------------
    def ship(self, session: Session, actor: Actor, delivery_id: int, *,
             shipped_on: date | None = None, expected_version: int | None = None) -> Delivery:
        """Ship a planned note: issue its stocked lines (from the reservation first), count
        them shipped on the order lines, set the order's status; one audit entry.

        Two people shipping at once cannot ship twice: the note is claimed by one
        conditional UPDATE (``status = 'planned'``) and each order line's shipped quantity
        grows by one (``shipped_qty + n <= quantity``), as the stock levels do."""
        from crmdesk.core.services import accounts, stock

        accounts.ensure_active(session, actor)
        require(actor, "stock.ship")
        obj = self.get(session, actor, delivery_id)
        self.check_version(obj, expected_version)
        self._must_be_planned(obj)
        order = session.get(Order, obj.order_id)
        assert order is not None
        if order.status not in order_flow.OPEN or order.deleted_at is not None:
            raise self._not_open(order)
        day = shipped_on or date.today()
        claimed = session.execute(
            update(Delivery).where(Delivery.id == obj.id, Delivery.status == "planned")
            .values(status="shipped", shipped_on=day, updated_by_id=actor.user_id or None))
        if not claimed.rowcount:  # type: ignore[attr-defined]
            session.expire(obj)
            self._must_be_planned(obj)  # someone else shipped or cancelled it meanwhile
        session.expire(obj)
        order_lines = {line.id: line for line in order_flow.lines_of(session, order.id)}
        mine = self.lines(session, actor, obj.id)
        tracked = order_flow.tracked_products(session, (dl.product_id for dl in mine))
        reserved_in = order_flow.warehouse_of(session, order, actor=actor)
        units = 0
        shipped: list[dict[str, Any]] = []
        for dl in mine:
            line = order_lines[dl.order_line_id]
            held = min(line.reserved_qty, dl.quantity) \
                if line.product_id in tracked and obj.warehouse_id == reserved_in else 0
            grown = session.execute(
                update(OrderLine).where(OrderLine.id == line.id,
                                        OrderLine.shipped_qty + dl.quantity
                                        <= OrderLine.quantity)
                .values(shipped_qty=OrderLine.shipped_qty + dl.quantity,
                        reserved_qty=case((OrderLine.reserved_qty >= held,
                                           OrderLine.reserved_qty - held), else_=0)))
            session.expire(line)
            if not grown.rowcount:  # type: ignore[attr-defined]
                raise DeliveryError(QT_TRANSLATE_NOOP(
                    "Deliveries", "{product}: {record} ships {quantity} but only {left} are "
                                  "left to ship on order {order} (another note shipped "
                                  "meanwhile): lower the quantity."),
                    product=line.description, record=obj.number, quantity=dl.quantity,
                    left=line.quantity - line.shipped_qty, order=order.number)
            if line.product_id in tracked:
                stock.post(session, actor, "issue", int(line.product_id), obj.warehouse_id,
                           dl.quantity, reference=obj.number, order_id=order.id,
                           delivery_id=obj.id, release_reserved=held, audit_entry=False)
                excess = line.reserved_qty - (line.quantity - line.shipped_qty)
                if excess > 0:  # shipped from another warehouse than it reserved in
                    stock.release(session, actor, int(line.product_id), reserved_in, excess)
                    line.reserved_qty -= excess
            units += dl.quantity
            shipped.append({"order_line_id": line.id, "product_id": line.product_id,
                            "quantity": dl.quantity})
        session.flush()
        before_status, after_status = order_flow.refresh_status(session, order.id)
        audit.record(session, actor, "ship", entity="delivery", entity_id=obj.id,
                     message=SHIPPED, params={"record": obj.number, "order": order.number,
                                              "units": units},
                     before={"status": "planned", "order_status": before_status},
                     after={"status": "shipped", "shipped_on": day.isoformat(),
                            "order_status": after_status, "lines": shipped})
        return obj

    def cancel(self, session: Session, actor: Actor, delivery_id: int) -> Delivery:
        """Cancel a planned note (its units go back to the order's open quantity)."""
        from crmdesk.core.services import accounts

        accounts.ensure_active(session, actor)
        require(actor, "stock.ship")
        obj = self.get(session, actor, delivery_id)
        self._must_be_planned(obj)
        self._cancel(session, actor, obj)
        return obj

    def _cancel(self, session: Session, actor: Actor, obj: Delivery) -> None:
        obj.status = "cancelled"
        obj.updated_by_id = actor.user_id or None
        session.flush()
        number = session.execute(select(Order.number).where(
            Order.id == obj.order_id)).scalar_one_or_none()
        audit.record(session, actor, "update", entity="delivery", entity_id=obj.id,
                     message=CANCELLED, params={"record": obj.number, "order": number or ""},
                     before={"status": "planned"}, after={"status": "cancelled"})


    def notes_of_order(self, session: Session, actor: Actor, order_id: int) -> list[str]:
        """The order's delivery notes as "DN000001 (Shipped 2025-06-01)", oldest first."""
        from crmdesk.core import presentation

        found = session.execute(self.select_visible(actor).where(
            Delivery.order_id == order_id).order_by(Delivery.id)).scalars()
        return [f"{d.number} ({self.status_text(d.status)}"
                f"{' ' + presentation.date_text(d.shipped_on or d.planned_date) if (d.shipped_on or d.planned_date) else ''})"
                for d in found]


deliveries = DeliveryService()


def cancel_planned(session: Session, actor: Actor, order_id: int) -> int:
    """Cancel an order's planned notes (the order was cancelled); returns how many."""
    found = list(session.execute(select(Delivery).where(
        Delivery.order_id == order_id, Delivery.status == "planned",
        Delivery.deleted_at.is_(None))).scalars())
    for obj in found:
        deliveries._cancel(session, actor, obj)
    return len(found)


def warehouse_by_text(session: Session, text: str) -> int | None:
    """The id of the live warehouse with this code or name."""
    found = session.execute(select(Warehouse.id).where(
        (Warehouse.code == text) | (Warehouse.name == text),
        Warehouse.deleted_at.is_(None)).order_by(Warehouse.id)).scalars().first() \
        if fits_text(text) else None
    return int(found) if found is not None else None


def order_line_of(session: Session, order_id: int, ref: str) -> int | None:
    """The id of an order's line named by its position (from 1) or its product's code."""
    lines = order_flow.lines_of(session, order_id)
    if ref.isdigit():
        return lines[int(ref) - 1].id if 1 <= int(ref) <= len(lines) else None
    codes = dict(session.execute(select(Product.id, Product.code).where(
        Product.id.in_([line.product_id for line in lines if line.product_id]))).all())
    return next((line.id for line in lines if codes.get(line.product_id or 0) == ref), None)


def plan_delivery(session: Session, actor: Actor, order_id: int,
                  quantities: Mapping[int, int] | None = None, **fields: Any) -> Delivery:
    """A new planned note for an order: everything still open, or *quantities* per
    order line; *fields*: planned_date, warehouse_id, carrier, tracking, address, notes."""
    from crmdesk.core.services.sales import orders

    order = orders.get(session, actor, order_id)
    obj = deliveries.create(session, actor, {**fields, "order_number": order.number})
    if quantities is not None:
        deliveries.set_lines(session, actor, obj.id, quantities)
    return obj


def ship_order(session: Session, actor: Actor, order_id: int,
               quantities: Mapping[int, int] | None = None, *,
               shipped_on: date | None = None, **fields: Any) -> Delivery:
    """Make a delivery note for an order and ship it at once."""
    obj = plan_delivery(session, actor, order_id, quantities, **fields)
    return deliveries.ship(session, actor, obj.id, shipped_on=shipped_on)


# ---------------------------------------------------------------------------
# The delivery plan: what ships when
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class PlanRow:
    day: date | None
    kind: str  # "delivery": a planned note; "order": an open order's delivery date
    ref_id: int
    number: str
    order_id: int
    order_number: str
    customer_id: int
    customer_name: str
    warehouse_id: int | None
    warehouse_name: str
    items: str
    units: int
    owner_id: int | None
    overdue: bool

    @property
    def record(self) -> tuple[str, int]:
        return (self.kind, self.ref_id)


def _items_text(parts: Sequence[tuple[str, int]]) -> str:
    return ", ".join(f"{name} ×{qty}" for name, qty in parts)


def plan(session: Session, actor: Actor, first: date, last: date, *,
         warehouse_id: int | None = None, today: date | None = None) -> list[PlanRow]:
    """What ships in the days *first*..*last*: planned notes by planned date, and open
    orders' delivery dates with units not yet on a note; planned for before today and
    not shipped: listed first as overdue (when the range starts today or earlier)."""
    from crmdesk.core.services.sales import orders

    today = today or date.today()
    warehouses = dict(session.execute(select(Warehouse.id, Warehouse.name)).all())
    rows: list[PlanRow] = []

    notes: Any = (
        select(Delivery, Order.number, Customer.name)
        .join(Order, Order.id == Delivery.order_id)
        .join(Customer, Customer.id == Delivery.customer_id)
        .where(deliveries.scope(actor), Delivery.deleted_at.is_(None),
               Delivery.status == "planned", Delivery.planned_date <= last,
               (Delivery.planned_date >= first) | (Delivery.planned_date < min(first, today))))
    if warehouse_id is not None:
        notes = notes.where(Delivery.warehouse_id == warehouse_id)
    found = list(session.execute(notes.order_by(Delivery.planned_date, Delivery.id)))
    items: dict[int, list[tuple[str, int]]] = {}
    if found:
        for delivery_id, description, qty in session.execute(
                select(DeliveryLine.delivery_id, OrderLine.description, DeliveryLine.quantity)
                .join(OrderLine, OrderLine.id == DeliveryLine.order_line_id)
                .where(DeliveryLine.delivery_id.in_([d.id for d, _n, _c in found]))
                .order_by(DeliveryLine.id)):
            items.setdefault(int(delivery_id), []).append((str(description), int(qty)))
    for d, order_number, customer_name in found:
        day = d.planned_date
        parts = items.get(d.id, [])
        rows.append(PlanRow(day, "delivery", d.id, d.number, d.order_id, str(order_number),
                            d.customer_id, str(customer_name), d.warehouse_id,
                            str(warehouses.get(d.warehouse_id, "")), _items_text(parts),
                            sum(q for _n, q in parts), d.owner_id,
                            day is not None and day < today))

    open_orders: Any = (
        select(Order, Customer.name).join(Customer, Customer.id == Order.customer_id)
        .where(orders.scope(actor), Order.deleted_at.is_(None),
               Order.status.in_(order_flow.OPEN), Order.delivery_date <= last,
               (Order.delivery_date >= first) | (Order.delivery_date < min(first, today))))
    if warehouse_id is not None:
        open_orders = open_orders.where(Order.warehouse_id == warehouse_id)
    for order, customer_name in session.execute(open_orders.order_by(Order.delivery_date,
                                                                     Order.id)):
        day = order.delivery_date
        remaining = open_quantities(session, order.id)
        parts = [(line.description, remaining[line.id])
                 for line in order_flow.lines_of(session, order.id) if remaining[line.id] > 0]
        if not parts:
            continue
        rows.append(PlanRow(day, "order", order.id, order.number, order.id, order.number,
                            order.customer_id, str(customer_name), order.warehouse_id,
                            str(warehouses.get(order.warehouse_id, "")), _items_text(parts),
                            sum(q for _n, q in parts), order.owner_id,
                            day is not None and day < today))
    rows.sort(key=lambda r: (r.day or date.max, r.kind != "delivery", r.number))
    return rows


def calendar_items(session: Session, whose: Any, first: date, last: date,
                   limit: int) -> list[Any]:
    """The calendar's ``delivery`` items: planned notes of the person (``whose`` on the
    note's owner, through ``ix_deliveries_owner_id``) by planned date, all day."""
    from crmdesk.core.services.calendar import CalendarItem

    rows = session.execute(
        select(Delivery.id, Delivery.number, Customer.name, Delivery.planned_date,
               Delivery.owner_id, Delivery.version, Delivery.customer_id)
        .join(Customer, Customer.id == Delivery.customer_id)
        .where(whose(Delivery.owner_id), Delivery.deleted_at.is_(None),
               Delivery.status == "planned", Delivery.planned_date >= first,
               Delivery.planned_date <= last)
        .order_by(Delivery.planned_date, Delivery.id).limit(limit))
    return [CalendarItem("delivery", int(i), day or first, None, str(number), str(name), who,
                         int(version), int(cid))
            for i, number, name, day, who, version, cid in rows]
