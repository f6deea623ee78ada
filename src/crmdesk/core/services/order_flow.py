"""Orders drive stock (issue 16, item 2): reserving on confirming, releasing on
cancelling, the status that follows from deliveries, invoices and payments, what a
line can get while the order is entered, and the customer's credit limit.

Statuses (``order_status``): ``draft`` (nothing reserved), ``confirmed`` (what is in
stock is reserved; the rest is a backorder), ``partial`` (some goods shipped),
``shipped`` (every line shipped), ``completed`` (shipped, invoiced and every invoice
of the order paid), ``cancelled`` (reservations released).  People choose draft,
confirmed and cancelled; partial, shipped and completed follow from the delivery notes
(``core/services/deliveries.py``), invoices and payments (:func:`refresh_status`).

Orders older than schema 0017 hold no reservation: a confirmed one reserves when it is
next confirmed again (``crmdesk ship``/the order form's Reserve) or ships straight from
what is available; schema 0017 marks the lines of orders that were already shipped or
completed as shipped (and the completed ones as invoiced), so they are never shipped
or invoiced twice.

A line reserves in the order's warehouse (``orders.warehouse_id``; the default warehouse
when none is chosen, which the order then keeps, so a later change of the default
releases from where it reserved).  Lines of no product or of a product that keeps no
stock (``tracks_stock`` false: a service) reserve nothing and ship without a movement.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crmdesk.core import presentation
from crmdesk.core.models import Customer, Invoice, Order, OrderLine, Product
from crmdesk.core.permissions import Actor
from crmdesk.errors import KnownError
from crmdesk.i18n import QT_TRANSLATE_NOOP, render

#: waiting for goods to ship (a delivery note can be made)
OPEN = ("confirmed", "partial")
#: follow from deliveries, invoices and payments; never chosen by hand
DERIVED = ("partial", "shipped", "completed")
#: what a person may choose
MANUAL = ("draft", "confirmed", "cancelled")
#: the invoices that are still owed (``invoice_status``)
OPEN_INVOICES = ("issued", "partial")


class OrderFlowError(KnownError):
    context = "Orders"


def lines_of(session: Session, order_id: int) -> list[OrderLine]:
    return list(session.execute(select(OrderLine).where(OrderLine.order_id == order_id)
                                .order_by(OrderLine.id)).scalars())


def tracked_products(session: Session, product_ids: Iterable[int | None]) -> set[int]:
    """Those of *product_ids* that are kept in stock."""
    wanted = {p for p in product_ids if p is not None}
    if not wanted:
        return set()
    return {int(i) for i in session.execute(select(Product.id).where(
        Product.id.in_(wanted), Product.tracks_stock.is_(True),
        Product.deleted_at.is_(None))).scalars()}


def warehouse_of(session: Session, order: Order, *, pin: bool = False,
                 actor: Actor | None = None) -> int:
    """The warehouse an order ships from; *pin*: an order with none keeps the default
    from now on (it is about to reserve there)."""
    if order.warehouse_id is not None:
        return int(order.warehouse_id)
    from crmdesk.core.services import stock

    warehouse_id = stock.default_warehouse_id(session, actor)
    if pin:
        order.warehouse_id = warehouse_id
    return warehouse_id


@dataclass(frozen=True)
class Shortage:
    """A line that could not reserve all it still needs: a backorder."""

    line_id: int
    product_id: int
    description: str
    wanted: int
    reserved: int

    @property
    def missing(self) -> int:
        return self.wanted - self.reserved

    def text(self) -> str:
        return render("Orders", QT_TRANSLATE_NOOP(
            "Orders", "{product}: {wanted} needed, {reserved} reserved, {missing} on "
                      "backorder"), product=self.description, wanted=self.wanted,
            reserved=self.reserved, missing=self.missing)


def reserve(session: Session, actor: Actor, order: Order) -> list[Shortage]:
    """Reserve what each stocked line still needs (ordered - shipped - reserved) from
    what is available; returns the lines left short (backorders).  Calling it again
    later tops the reservations up (goods arrived, or an order from before 0017)."""
    from crmdesk.core.services import stock

    lines = lines_of(session, order.id)
    tracked = tracked_products(session, (line.product_id for line in lines))
    if not tracked:
        return []
    warehouse_id = warehouse_of(session, order, pin=True, actor=actor)
    short: list[Shortage] = []
    for line in lines:
        if line.product_id not in tracked:
            continue
        wanted = line.quantity - line.shipped_qty - line.reserved_qty
        if wanted <= 0:
            continue
        got = stock.reserve(session, actor, int(line.product_id), warehouse_id, wanted)
        line.reserved_qty += got
        if got < wanted:
            short.append(Shortage(line.id, int(line.product_id), line.description, wanted, got))
    session.flush()
    return short


def backorders(session: Session, order: Order) -> list[Shortage]:
    """The stocked lines of an open order that hold less than they still need."""
    if order.status not in OPEN:
        return []
    lines = lines_of(session, order.id)
    tracked = tracked_products(session, (line.product_id for line in lines))
    return [Shortage(line.id, int(line.product_id), line.description,
                     line.quantity - line.shipped_qty, line.reserved_qty)
            for line in lines if line.product_id in tracked
            and line.reserved_qty < line.quantity - line.shipped_qty]


def release(session: Session, actor: Actor, order: Order,
            warehouse_id: int | None = None) -> int:
    """Give back everything the order's lines hold (in *warehouse_id*: where it reserved,
    when the order's warehouse just changed); returns the units released."""
    from crmdesk.core.services import stock

    held = [line for line in lines_of(session, order.id) if line.reserved_qty > 0]
    if not held:
        return 0
    where = (warehouse_id if warehouse_id is not None
             else warehouse_of(session, order, actor=actor))
    tracked = tracked_products(session, (line.product_id for line in held))
    total = 0
    for line in held:
        if line.product_id in tracked:  # (no longer stocked: nothing is held any more)
            stock.release(session, actor, int(line.product_id), where, line.reserved_qty)
        total += line.reserved_qty
        line.reserved_qty = 0
    session.flush()
    return total


def shipped_units(session: Session, order_id: int) -> int:
    return int(session.execute(select(func.coalesce(func.sum(OrderLine.shipped_qty), 0))
                               .where(OrderLine.order_id == order_id)).scalar_one())


def derive_status(session: Session, order: Order) -> str:
    """The status an order's lines, invoices and payments give it (draft and cancelled
    are people's choices and stay)."""
    if order.status in ("draft", "cancelled"):
        return str(order.status)
    lines = lines_of(session, order.id)
    if not lines:
        return str(order.status)
    if not any(line.shipped_qty > 0 for line in lines):
        # a confirmed order; an order from before 0017 keeps what it said
        return "confirmed" if order.status in OPEN else str(order.status)
    if any(line.shipped_qty < line.quantity for line in lines):
        return "partial"
    if all(line.invoiced_qty >= line.quantity for line in lines):
        unpaid = session.execute(select(func.count(Invoice.id)).where(
            Invoice.order_id == order.id, Invoice.deleted_at.is_(None),
            Invoice.status.in_(OPEN_INVOICES))).scalar_one()
        if not unpaid:
            return "completed"
    return "shipped"


def refresh_status(session: Session, order_id: int) -> tuple[str, str]:
    """Set an order's status to what its deliveries, invoices and payments say (called
    after a shipment, an invoice, a payment or a void); returns (before, after).
    The caller's audit entry covers the change."""
    order = session.get(Order, order_id)
    if order is None:
        return ("", "")
    before = str(order.status)
    after = derive_status(session, order)
    if after != before:
        order.status = after
        session.flush()
    return before, after


def check_status_change(session: Session, order: Order | None, new: str) -> str | None:
    """Why a person may not set *new* on *order* (None: they may): partial, shipped and
    completed follow from deliveries and payments; an order with goods shipped cannot
    go back to draft or be cancelled."""
    old = order.status if order is not None else None
    if new == old:
        return None
    if new in DERIVED and (order is not None or new == "partial"):
        return render("Orders", QT_TRANSLATE_NOOP(
            "Orders", "“{status}” follows from the order's deliveries and payments: ship it "
                      "with a delivery note instead of choosing the status."),
            status=presentation.choice_name("order_status", new))
    if order is None:
        return None
    if old in DERIVED or shipped_units(session, order.id) > 0:
        return render("Orders", QT_TRANSLATE_NOOP(
            "Orders", "Goods of this order have shipped ({units} units), so it cannot become "
                      "“{status}”: take returned goods in with a stock receipt and cancel "
                      "the delivery notes that are still planned."),
            units=shipped_units(session, order.id),
            status=presentation.choice_name("order_status", new))
    return None


def after_status_change(session: Session, actor: Actor, order: Order, old_status: str | None,
                        old_warehouse: int | None) -> list[Shortage]:
    """Keep the stock in step with an order's new status or warehouse: confirmed
    reserves, draft and cancelled release, a new warehouse moves the reservations."""
    from crmdesk.core.services import deliveries

    moved = order.warehouse_id != old_warehouse and old_status in OPEN
    if moved or (old_status in OPEN and order.status not in OPEN):
        release(session, actor, order, old_warehouse if moved and old_warehouse is not None
                else None)
    if order.status == "cancelled" and old_status != "cancelled":
        deliveries.cancel_planned(session, actor, order.id)
    if order.status in OPEN and (old_status not in OPEN or moved):
        return reserve(session, actor, order)
    return []


def after_delete(session: Session, actor: Actor, order: Order) -> None:
    """An order moved to the recycle bin holds nothing and ships nothing: its
    reservations are released and its planned notes cancelled (restored, it reserves
    again with the order form's Reserve again or ``crmdesk reserve``)."""
    from crmdesk.core.services import deliveries

    release(session, actor, order)
    deliveries.cancel_planned(session, actor, order.id)


def check_purge(session: Session, order: Order) -> None:
    """An order whose goods moved (delivery notes, stock movements) is history: it is
    never purged (the recycle bin keeps it)."""
    from crmdesk.core.models import Delivery, StockMovement

    moved = session.execute(select(func.count(StockMovement.id)).where(
        StockMovement.order_id == order.id)).scalar_one()
    notes = session.execute(select(func.count(Delivery.id)).where(
        Delivery.order_id == order.id)).scalar_one()
    if moved or notes:
        raise OrderFlowError(QT_TRANSLATE_NOOP(
            "Orders", "Order {order} has delivery notes or stock movements, so it cannot be "
                      "deleted for good: it stays in the recycle bin as history."),
            order=order.number)


def before_customer_purge(session: Session, actor: Actor, customer_id: int) -> None:
    """A customer purged for good: if goods of their orders ever moved (a shipped
    delivery note, a stock movement), they are history and the purge is refused;
    otherwise their orders' reservations are released and their delivery notes (planned
    or cancelled) deleted before the orders go."""
    from sqlalchemy import delete

    from crmdesk.core.models import Delivery, DeliveryLine, StockMovement

    order_ids = select(Order.id).where(Order.customer_id == customer_id)
    moved = session.execute(select(func.count(StockMovement.id)).where(
        StockMovement.order_id.in_(order_ids))).scalar_one()
    shipped = session.execute(select(func.count(Delivery.id)).where(
        Delivery.customer_id == customer_id, Delivery.status == "shipped")).scalar_one()
    if moved or shipped:
        customer = session.get(Customer, customer_id)
        raise OrderFlowError(QT_TRANSLATE_NOOP(
            "Orders", "Goods of {name}'s orders have shipped, which is kept as history: the "
                      "customer cannot be purged. Leave them in the recycle bin instead."),
            name=customer.name if customer is not None else customer_id)
    for order in session.execute(select(Order).where(Order.customer_id == customer_id))\
            .scalars():
        release(session, actor, order)
    note_ids = select(Delivery.id).where(Delivery.customer_id == customer_id)
    session.execute(delete(DeliveryLine).where(DeliveryLine.delivery_id.in_(note_ids)))
    session.execute(delete(Delivery).where(Delivery.customer_id == customer_id))


def mark_history(session: Session, order: Order) -> None:
    """An order entered (or imported) as already shipped or completed is a past order:
    its lines count as shipped (completed: and invoiced); no stock moves."""
    if order.status not in ("shipped", "completed"):
        return
    for line in lines_of(session, order.id):
        line.shipped_qty = line.quantity
        if order.status == "completed":
            line.invoiced_qty = line.quantity
    session.flush()


# ---------------------------------------------------------------------------
# What a line can get (the order form), and the credit limit
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class LineStock:
    product_id: int
    on_hand: int
    reserved: int
    #: what this order may still count on: available plus what it holds itself
    available: int
    tracks_stock: bool


def availability(session: Session, actor: Actor, product_ids: Iterable[int],
                 warehouse_id: int | None = None, order_id: int | None = None
                 ) -> dict[int, LineStock]:
    """Per product: on hand, reserved and what the order (*order_id*, or a new one) may
    still count on in *warehouse_id* (None: the order's, else the default)."""
    from crmdesk.core.services import stock

    wanted = sorted({int(p) for p in product_ids if p is not None})
    if not wanted:
        return {}
    held: dict[int, int] = {}
    if order_id is not None:
        order = session.get(Order, order_id)
        if order is not None:
            if warehouse_id is None:
                warehouse_id = order.warehouse_id
            if warehouse_id is None or warehouse_id == order.warehouse_id:
                for pid, qty in session.execute(
                        select(OrderLine.product_id, func.sum(OrderLine.reserved_qty))
                        .where(OrderLine.order_id == order_id)
                        .group_by(OrderLine.product_id)):
                    if pid is not None:
                        held[int(pid)] = int(qty or 0)
    if warehouse_id is None:
        warehouse_id = stock.default_warehouse_id(session, actor)
    tracked = tracked_products(session, wanted)
    result = {}
    for pid in wanted:
        level = stock.availability(session, pid, warehouse_id)
        result[pid] = LineStock(pid, level.on_hand, level.reserved,
                                level.available + held.get(pid, 0), pid in tracked)
    return result


@dataclass(frozen=True)
class CreditCheck:
    limit_cents: int | None
    open_invoices_cents: int
    open_orders_cents: int
    this_order_cents: int

    @property
    def exposure_cents(self) -> int:
        return self.open_invoices_cents + self.open_orders_cents + self.this_order_cents

    @property
    def over_cents(self) -> int:
        if self.limit_cents is None:
            return 0
        return max(0, self.exposure_cents - self.limit_cents)

    @property
    def exceeded(self) -> bool:
        return self.over_cents > 0

    def text(self) -> str:
        return render("Orders", QT_TRANSLATE_NOOP(
            "Orders", "Credit limit {limit} exceeded by {over}: open invoices {invoices}, "
                      "other open orders {orders}, this order {order}. Ask for payment or a "
                      "higher limit before shipping."),
            limit=presentation.money(self.limit_cents or 0),
            over=presentation.money(self.over_cents),
            invoices=presentation.money(self.open_invoices_cents),
            orders=presentation.money(self.open_orders_cents),
            order=presentation.money(self.this_order_cents))


def _uninvoiced(session: Session, customer_id: int, exclude_order_id: int | None) -> int:
    """The value of the customer's open orders not invoiced yet (quantity not invoiced
    at the line's price)."""
    stmt = (select(func.coalesce(func.sum(
        (OrderLine.quantity - OrderLine.invoiced_qty) * OrderLine.unit_price_cents), 0))
        .join(Order, Order.id == OrderLine.order_id)
        .where(Order.customer_id == customer_id, Order.deleted_at.is_(None),
               Order.status.in_(("confirmed", "partial", "shipped")),
               OrderLine.quantity > OrderLine.invoiced_qty))
    if exclude_order_id is not None:
        stmt = stmt.where(Order.id != exclude_order_id)
    return int(session.execute(stmt).scalar_one())


def credit_check(session: Session, customer_id: int | None, this_order_cents: int = 0, *,
                 order_id: int | None = None) -> CreditCheck | None:
    """The customer's credit limit against open invoices (what is not paid yet), their
    other open orders (not invoiced yet) and this order; None: no limit set.  A warning
    only: the order is saved all the same."""
    if customer_id is None:
        return None
    limit = session.execute(select(Customer.credit_limit_cents).where(
        Customer.id == customer_id)).scalar_one_or_none()
    if limit is None:
        return None
    invoices = int(session.execute(select(func.coalesce(func.sum(
        Invoice.total_cents - Invoice.paid_cents), 0)).where(
        Invoice.customer_id == customer_id, Invoice.deleted_at.is_(None),
        Invoice.status.in_(OPEN_INVOICES))).scalar_one())
    return CreditCheck(int(limit), invoices, _uninvoiced(session, customer_id, order_id),
                       int(this_order_cents))


def order_notices(session: Session, order: Order) -> list[str]:
    """What to tell the person who just saved *order*: its backorders and a credit
    limit it goes over."""
    notes = [s.text() for s in backorders(session, order)]
    if order.status in ("confirmed", "partial", "draft"):
        uninvoiced = sum((line.quantity - line.invoiced_qty) * line.unit_price_cents
                         for line in lines_of(session, order.id))
        check = credit_check(session, order.customer_id, uninvoiced, order_id=order.id)
        if check is not None and check.exceeded:
            notes.append(check.text())
    return notes


def snapshot_lines(lines: Iterable[OrderLine]) -> list[dict[str, Any]]:
    return [{"product_id": line.product_id, "description": line.description,
             "quantity": line.quantity, "unit_price_cents": line.unit_price_cents}
            for line in lines]
