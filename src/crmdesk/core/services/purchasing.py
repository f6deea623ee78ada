"""Suppliers and purchase orders (issue 16): ordering goods and receiving them into stock.

* **Suppliers** (``SUP0001``) are their own record type, visible to everyone; adding and
  changing them needs ``purchasing.manage``.
* **Purchase orders** (``PO000001``) have lines (product, quantity, unit cost) and a
  receiving warehouse.  Status: ``draft`` -> ``ordered`` (:meth:`PurchaseOrderService.
  mark_ordered`) -> ``partial`` / ``received`` (follow from the receipts) or
  ``cancelled`` (only while nothing was received).
* **Receiving** (:meth:`PurchaseOrderService.receive`): per line the quantity that came
  in now (partial receipts allowed, never more than is still open).  Each line posts a
  stock ``receipt`` at the line's unit cost (``core/services/stock.py``: the product's
  moving average cost follows), linked to the order; the line's ``received_qty`` grows
  by one conditional ``UPDATE`` (``received_qty + n <= quantity``), so two people
  receiving the same delivery at once cannot book it twice.  One audit entry per receipt.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from sqlalchemy import ColumnElement, case, delete, func, select, true, update
from sqlalchemy.orm import Session

from crmdesk.core import presentation
from crmdesk.core.fields import label
from crmdesk.core.models import Product, PurchaseOrder, PurchaseOrderLine, Supplier, Warehouse
from crmdesk.core.models.base import touch
from crmdesk.core.permissions import Actor, can, require
from crmdesk.core.services import accounts, audit
from crmdesk.core.services.records import RecordService
from crmdesk.core.validation import (
    MAX_CENTS,
    FieldProblem,
    clean_int,
    clean_money,
    clean_text,
    required_problem,
)
from crmdesk.errors import FieldError, KnownError, PermissionDenied, ValidationError
from crmdesk.i18n import QT_TRANSLATE_NOOP, render

#: statuses in which goods are still expected (the calendar shows their expected dates)
OPEN_STATUSES = ("draft", "ordered", "partial")


class PurchasingError(KnownError):
    """A purchasing step that cannot be taken now (says why and what to do)."""


# ---------------------------------------------------------------------------
# Suppliers
# ---------------------------------------------------------------------------

class SupplierService(RecordService[Supplier]):
    entity = "supplier"
    model = Supplier
    code_attr = "code"
    code_prefix = "SUP"
    code_width = 4
    text_columns = ("code", "name", "contact_name", "phone")

    def scope(self, actor: Actor) -> ColumnElement[bool]:
        return true()  # everyone sees suppliers; changing them needs purchasing.manage

    def prepare(self, session: Session, actor: Actor, values: dict[str, Any],
                obj: Supplier | None) -> None:
        require(actor, "purchasing.manage")
        if obj is None and values.get("active") in (None, ""):
            values["active"] = True

    def check_record(self, session: Session, actor: Actor, cleaned: dict[str, Any],
                     obj: Supplier | None) -> list[FieldError]:
        name = cleaned.get("name")
        if name and (obj is None or name != obj.name):
            other = session.execute(select(Supplier.code).where(
                Supplier.name == name, Supplier.deleted_at.is_(None))).scalars().first()
            if other is not None:
                shown = label("supplier", "name")
                return [FieldError("name", shown, render("Validation", QT_TRANSLATE_NOOP(
                    "Validation", "{label}: supplier {code} already has this name; open it "
                                  "instead, or tell them apart (e.g. add the city)."),
                    label=shown, code=other))]
        return []

    def delete(self, session: Session, actor: Actor, record_id: int, *,
               hard: bool = False) -> None:
        require(actor, "purchasing.manage")
        supplier = self.get(session, actor, record_id, deleted=None)
        open_po = session.execute(select(PurchaseOrder.number).where(
            PurchaseOrder.supplier_id == supplier.id, PurchaseOrder.deleted_at.is_(None),
            PurchaseOrder.status.in_(OPEN_STATUSES))).scalars().first()
        if open_po is not None:
            raise PurchasingError(QT_TRANSLATE_NOOP(
                "Errors", "Supplier {supplier} has open purchase orders ({number} ...): receive "
                          "or cancel them first, or untick Active to stop using the supplier."),
                supplier=self.describe(supplier), number=open_po)
        super().delete(session, actor, record_id, hard=hard)

    def purge(self, session: Session, actor: Actor, record_id: int) -> None:
        supplier = self.get(session, actor, record_id, deleted=None)
        if session.execute(select(PurchaseOrder.id).where(
                PurchaseOrder.supplier_id == supplier.id)).first() is not None:
            raise PurchasingError(QT_TRANSLATE_NOOP(
                "Errors", "Supplier {supplier} has purchase orders, which keep its name: it "
                          "can go to the recycle bin but not be purged."),
                supplier=self.describe(supplier))
        super().purge(session, actor, record_id)

    def purchases(self, session: Session, actor: Actor, supplier_id: int) -> SupplierHistory:
        """The supplier's purchase history: its purchase orders, newest first, with what
        was ordered and received (value at the lines' unit costs)."""
        self.get(session, actor, supplier_id, deleted=None)
        received_value = (select(func.coalesce(func.sum(
            PurchaseOrderLine.received_qty * PurchaseOrderLine.unit_cost_cents), 0))
            .where(PurchaseOrderLine.purchase_order_id == PurchaseOrder.id)
            .scalar_subquery())
        rows = session.execute(
            select(PurchaseOrder.id, PurchaseOrder.number, PurchaseOrder.order_date,
                   PurchaseOrder.expected_date, PurchaseOrder.status,
                   PurchaseOrder.total_cents, received_value)
            .where(PurchaseOrder.supplier_id == supplier_id,
                   PurchaseOrder.deleted_at.is_(None))
            .order_by(PurchaseOrder.order_date.desc(), PurchaseOrder.id.desc()))
        orders = [PurchaseSummary(int(i), str(n), d, e, str(st), int(t or 0), int(r or 0))
                  for i, n, d, e, st, t, r in rows]
        live = [o for o in orders if o.status != "cancelled"]
        return SupplierHistory(orders=orders,
                               ordered_cents=sum(o.total_cents for o in live),
                               received_cents=sum(o.received_cents for o in live),
                               open_count=sum(1 for o in live if o.status in OPEN_STATUSES))


@dataclass(frozen=True)
class PurchaseSummary:
    id: int
    number: str
    order_date: date
    expected_date: date | None
    status: str
    total_cents: int
    received_cents: int


@dataclass(frozen=True)
class SupplierHistory:
    orders: list[PurchaseSummary]
    ordered_cents: int
    received_cents: int
    open_count: int


suppliers = SupplierService()


# ---------------------------------------------------------------------------
# Purchase orders
# ---------------------------------------------------------------------------

@dataclass
class PurchaseLineInput:
    """A line as typed: *unit_cost* in yuan (None: the product's average cost);
    *line_id*: the existing line it changes (keeps what was received of it)."""

    product_id: int | None = None
    quantity: Any = 1
    unit_cost: Any = None
    description: str | None = None
    line_id: int | None = None


@dataclass(frozen=True)
class ReceiptLine:
    line_id: int
    product: str
    quantity: int
    unit_cost_cents: int
    movement: str


@dataclass(frozen=True)
class Receipt:
    """What one receipt booked, and the order's status after it."""

    lines: list[ReceiptLine]
    status: str
    warehouse: str


def _line_label(n: int) -> str:
    return render("Field", QT_TRANSLATE_NOOP("Field", "Line {n}"), n=n)


class PurchaseOrderService(RecordService[PurchaseOrder]):
    entity = "purchase_order"
    model = PurchaseOrder
    code_attr = "number"
    code_prefix = "PO"
    text_columns = ("number", "notes")
    default_to_actor = ("owner_id",)
    due_fields = ("expected_date",)

    def scope(self, actor: Actor) -> ColumnElement[bool]:
        return true()  # everyone sees purchase orders (when goods come); buyers change them

    def is_open(self, session: Session, obj: PurchaseOrder) -> bool:
        return obj.status in ("ordered", "partial")

    def prepare(self, session: Session, actor: Actor, values: dict[str, Any],
                obj: PurchaseOrder | None) -> None:
        require(actor, "purchasing.manage")
        values.pop("total_cents", None)
        values.pop("status", None)
        if obj is None:
            if not values.get("order_date"):
                values["order_date"] = date.today()
            if values.get("warehouse_id") in (None, ""):
                from crmdesk.core.services import stock

                values["warehouse_id"] = stock.default_warehouse_id(session, actor)

    def check_record(self, session: Session, actor: Actor, cleaned: dict[str, Any],
                     obj: PurchaseOrder | None) -> list[FieldError]:
        errors: list[FieldError] = []
        if obj is not None and obj.status in ("received", "cancelled") and any(
                key in cleaned and cleaned[key] != getattr(obj, key)
                for key in ("supplier_id", "warehouse_id", "order_date", "expected_date")):
            raise PurchasingError(QT_TRANSLATE_NOOP(
                "Errors", "{record} is {status}: it no longer changes (only its notes and "
                          "buyer). Make a new purchase order instead."),
                record=self.describe(obj), status=presentation.choice_name(
                    "purchase_order_status", obj.status))
        if obj is not None and self._received_any(session, obj.id):
            for key in ("supplier_id", "warehouse_id"):
                if key in cleaned and cleaned[key] != getattr(obj, key):
                    shown = label("purchase_order", key)
                    errors.append(FieldError(key, shown, render("Validation", QT_TRANSLATE_NOOP(
                        "Validation", "{label}: goods were already received on this order, "
                                      "so it cannot change. Make a new purchase order for the "
                                      "rest."), label=shown)))
        first = cleaned.get("order_date", obj.order_date if obj else None)
        expected = cleaned.get("expected_date", obj.expected_date if obj else None)
        if first and expected and expected < first:
            shown = label("purchase_order", "expected_date")
            errors.append(FieldError("expected_date", shown, render(
                "Validation", QT_TRANSLATE_NOOP(
                    "Validation", "{label} is before the order date ({date}): enter a later "
                                  "date."), label=shown, date=first.isoformat())))
        return errors

    def delete(self, session: Session, actor: Actor, record_id: int, *,
               hard: bool = False) -> None:
        require(actor, "purchasing.manage")
        order = self.get(session, actor, record_id, deleted=None)
        if self._received_any(session, order.id):
            raise PurchasingError(QT_TRANSLATE_NOOP(
                "Errors", "{record} has receipts in the stock ledger: it cannot be deleted. "
                          "Lower its open lines to what was received to close it."),
                record=self.describe(order))
        super().delete(session, actor, record_id, hard=hard)

    def purge(self, session: Session, actor: Actor, record_id: int) -> None:
        order = self.get(session, actor, record_id, deleted=None)
        if self._received_any(session, order.id):  # the stock ledger names it
            raise PurchasingError(QT_TRANSLATE_NOOP(
                "Errors", "{record} has receipts in the stock ledger: it cannot be deleted. "
                          "Lower its open lines to what was received to close it."),
                record=self.describe(order))
        super().purge(session, actor, record_id)

    def purge_dependents(self, session: Session, actor: Actor, obj: PurchaseOrder) -> None:
        session.execute(delete(PurchaseOrderLine).where(
            PurchaseOrderLine.purchase_order_id == obj.id))

    # -- lines -----------------------------------------------------------------------
    def lines(self, session: Session, actor: Actor, order_id: int) -> list[PurchaseOrderLine]:
        self.get(session, actor, order_id, deleted=None)
        return list(session.execute(select(PurchaseOrderLine).where(
            PurchaseOrderLine.purchase_order_id == order_id)
            .order_by(PurchaseOrderLine.id)).scalars())

    def _received_any(self, session: Session, order_id: int) -> bool:
        return session.execute(select(PurchaseOrderLine.id).where(
            PurchaseOrderLine.purchase_order_id == order_id,
            PurchaseOrderLine.received_qty > 0).limit(1)).first() is not None

    def clean_lines(self, session: Session, lines: Sequence[PurchaseLineInput | Mapping[str, Any]],
                    existing: Mapping[int, PurchaseOrderLine] | None = None
                    ) -> list[tuple[int | None, PurchaseOrderLine]]:
        """Validated lines, each with the id of the existing line it changes (or None)."""
        existing = existing or {}
        errors: list[FieldError] = []
        result: list[tuple[int | None, PurchaseOrderLine]] = []
        for n, raw in enumerate(lines, start=1):
            line = raw if isinstance(raw, PurchaseLineInput) else PurchaseLineInput(**raw)
            row_label = _line_label(n)
            try:
                product_ref: Any = line.product_id
                if product_ref in (None, ""):
                    raise FieldProblem(QT_TRANSLATE_NOOP(
                        "Validation", "{label}: choose the product to order."))
                product = session.get(Product, int(product_ref))
                if product is None or product.deleted_at is not None:
                    raise FieldProblem(QT_TRANSLATE_NOOP(
                        "Validation", "{label}: choose an existing product."))
                if not product.tracks_stock:
                    raise FieldProblem(QT_TRANSLATE_NOOP(
                        "Validation", "{label}: {product} is not kept in stock, so it cannot "
                                      "be received: tick \"Tracks stock\" on the product, or "
                                      "leave it off the order."), product=product.name)
                description = clean_text(line.description, 200) or product.name
                if not description:
                    raise required_problem()
                quantity = clean_int(line.quantity, min_value=1) or 1
                cost = clean_money(line.unit_cost, min_value=0)
                if cost is None:
                    cost = product.cost_cents or 0
                if cost * quantity >= MAX_CENTS:
                    raise FieldProblem(QT_TRANSLATE_NOOP(
                        "Validation", "{label} is too large: check the quantity and the price."))
                old = existing.get(line.line_id) if line.line_id is not None else None
                if old is not None and old.received_qty:
                    if old.product_id != product.id:
                        raise FieldProblem(QT_TRANSLATE_NOOP(
                            "Validation", "{label}: {received} were received of this line, so "
                                          "its product cannot change: add a new line instead."),
                            received=old.received_qty)
                    if quantity < old.received_qty:
                        raise FieldProblem(QT_TRANSLATE_NOOP(
                            "Validation", "{label}: {received} were received already: the "
                                          "quantity cannot be less."), received=old.received_qty)
            except FieldProblem as problem:
                errors.append(FieldError(f"line{n}", row_label, problem.render(row_label)))
                continue
            result.append((old.id if old is not None else None, PurchaseOrderLine(
                product_id=product.id, description=description, quantity=quantity,
                unit_cost_cents=cost, amount_cents=cost * quantity)))
        kept = {line_id for line_id, _ in result if line_id is not None}
        for n, old in enumerate(existing.values(), start=len(result) + 1):
            if old.id not in kept and old.received_qty:
                errors.append(FieldError(f"line{n}", _line_label(n), render(
                    "Validation", QT_TRANSLATE_NOOP(
                        "Validation", "{label}: {product} cannot be removed: {received} were "
                                      "received. Lower its quantity to {received} to stop "
                                      "waiting for the rest."),
                    label=_line_label(n), product=old.description, received=old.received_qty)))
        if not errors and sum(line.amount_cents for _, line in result) >= MAX_CENTS:
            shown = render("Field", QT_TRANSLATE_NOOP("Field", "Total"))
            errors.append(FieldError("total_cents", shown, render("Validation", QT_TRANSLATE_NOOP(
                "Validation", "{label} is too large: check the quantity and the price."),
                label=shown)))
        if errors:
            raise ValidationError(errors)
        return result

    def create_with_lines(self, session: Session, actor: Actor, data: Mapping[str, Any],
                          lines: Sequence[PurchaseLineInput | Mapping[str, Any]]) -> PurchaseOrder:
        """A draft purchase order and its lines in one step (one audit entry)."""
        require(actor, "purchasing.manage")
        cleaned = self.clean_lines(session, lines)
        order = self.create(session, actor, data)
        self._write_lines(session, order, cleaned, {})
        return order

    def set_lines(self, session: Session, actor: Actor, order_id: int,
                  lines: Sequence[PurchaseLineInput | Mapping[str, Any]], *,
                  expected_version: int | None = None) -> PurchaseOrder:
        """Replace the lines.  Lines with receipts keep their product and at least what was
        received; lowering them to it closes the order (status received)."""
        accounts.ensure_active(session, actor)
        require(actor, "purchasing.manage")
        order = self.get(session, actor, order_id)
        self.check_version(order, expected_version)
        if order.status in ("received", "cancelled"):
            raise PurchasingError(QT_TRANSLATE_NOOP(
                "Errors", "{record} is {status}: its lines no longer change. Make a new "
                          "purchase order instead."), record=self.describe(order),
                status=presentation.choice_name("purchase_order_status", order.status))
        existing = {line.id: line for line in self.lines(session, actor, order_id)}
        before = {"total_cents": order.total_cents, "lines": self.lines_snapshot(session, order)}
        cleaned = self.clean_lines(session, lines, existing)
        old_status = order.status
        self._write_lines(session, order, cleaned, existing)
        after = {"total_cents": order.total_cents, "lines": self.lines_snapshot(session, order)}
        if order.status != old_status:
            before["status"], after["status"] = old_status, order.status
        audit.record(session, actor, "update", entity=self.entity, entity_id=order.id,
                     message=QT_TRANSLATE_NOOP("Audit", "Changed the lines of {record}"),
                     params={"record": self.describe(order)}, before=before, after=after)
        return order

    def _write_lines(self, session: Session, order: PurchaseOrder,
                     cleaned: list[tuple[int | None, PurchaseOrderLine]],
                     existing: Mapping[int, PurchaseOrderLine]) -> None:
        kept: set[int] = set()
        for line_id, new in cleaned:
            old = existing.get(line_id) if line_id is not None else None
            if old is None:
                new.purchase_order_id = order.id
                session.add(new)
                continue
            kept.add(old.id)
            old.product_id, old.description = new.product_id, new.description
            old.quantity, old.unit_cost_cents = new.quantity, new.unit_cost_cents
            old.amount_cents = new.amount_cents
        for old in existing.values():
            if old.id not in kept:
                session.delete(old)
        session.flush()
        order.total_cents = sum(line.amount_cents for _, line in cleaned)
        if order.status == "partial":
            order.status = self._received_status(session, order.id)
        touch(order)
        session.flush()

    def _received_status(self, session: Session, order_id: int) -> str:
        """``received`` when every line is complete, else ``partial``."""
        left = session.execute(select(func.count()).where(
            PurchaseOrderLine.purchase_order_id == order_id,
            PurchaseOrderLine.received_qty < PurchaseOrderLine.quantity)).scalar_one()
        return "partial" if left else "received"

    def lines_snapshot(self, session: Session, order: PurchaseOrder) -> list[dict[str, Any]]:
        return [{"product_id": line.product_id, "description": line.description,
                 "quantity": line.quantity, "received_qty": line.received_qty,
                 "unit_cost_cents": line.unit_cost_cents}
                for line in session.execute(select(PurchaseOrderLine).where(
                    PurchaseOrderLine.purchase_order_id == order.id)
                    .order_by(PurchaseOrderLine.id)).scalars()]

    # -- status ----------------------------------------------------------------------
    def _status_change(self, session: Session, actor: Actor, order: PurchaseOrder,
                       status: str, message: str) -> PurchaseOrder:
        old = order.status
        order.status = status
        order.updated_by_id = actor.user_id or None
        touch(order)
        session.flush()
        audit.record(session, actor, "update", entity=self.entity, entity_id=order.id,
                     message=message, params={"record": self.describe(order)},
                     before={"status": old}, after={"status": status})
        return order

    def mark_ordered(self, session: Session, actor: Actor, order_id: int, *,
                     expected_version: int | None = None) -> PurchaseOrder:
        """Send a draft to the supplier: draft -> ordered (it needs at least one line)."""
        accounts.ensure_active(session, actor)
        require(actor, "purchasing.manage")
        order = self.get(session, actor, order_id)
        self.check_version(order, expected_version)
        if order.status != "draft":
            raise PurchasingError(QT_TRANSLATE_NOOP(
                "Errors", "{record} is {status}, not a draft: it was ordered already."),
                record=self.describe(order),
                status=presentation.choice_name("purchase_order_status", order.status))
        if not self.lines(session, actor, order_id):
            raise PurchasingError(QT_TRANSLATE_NOOP(
                "Errors", "{record} has no lines: add what to order first."),
                record=self.describe(order))
        return self._status_change(session, actor, order, "ordered",
                                   QT_TRANSLATE_NOOP("Audit", "Ordered {record}"))

    def cancel(self, session: Session, actor: Actor, order_id: int, *,
               expected_version: int | None = None) -> PurchaseOrder:
        """Cancel an order nothing was received on (draft or ordered)."""
        accounts.ensure_active(session, actor)
        require(actor, "purchasing.manage")
        order = self.get(session, actor, order_id)
        self.check_version(order, expected_version)
        if order.status == "cancelled":
            raise PurchasingError(QT_TRANSLATE_NOOP(
                "Errors", "{record} is cancelled already."), record=self.describe(order))
        if order.status in ("partial", "received") or self._received_any(session, order.id):
            raise PurchasingError(QT_TRANSLATE_NOOP(
                "Errors", "{record} cannot be cancelled: goods were received on it and are in "
                          "stock. To stop waiting for the rest, lower its open lines to what was "
                          "received (Edit lines); to send goods back, post an issue movement "
                          "from the warehouse."), record=self.describe(order))
        return self._status_change(session, actor, order, "cancelled",
                                   QT_TRANSLATE_NOOP("Audit", "Cancelled {record}"))

    # -- receiving -------------------------------------------------------------------
    def open_lines(self, session: Session, actor: Actor, order_id: int
                   ) -> list[PurchaseOrderLine]:
        """The lines still waiting for goods (what a receipt offers)."""
        return [line for line in self.lines(session, actor, order_id)
                if line.received_qty < line.quantity]

    def receive(self, session: Session, actor: Actor, order_id: int,
                quantities: Mapping[int, Any], *, reference: str | None = None,
                expected_version: int | None = None) -> Receipt:
        """Book the goods that came in: *quantities* maps line ids to the quantity received
        now (0 or absent: none of that line).  Each line posts a stock receipt into the
        order's warehouse at the line's unit cost; one audit entry for the whole receipt."""
        from crmdesk.core.services import stock

        accounts.ensure_active(session, actor)
        if not (can(actor, "purchasing.manage") and can(actor, "stock.manage")):
            raise PermissionDenied(QT_TRANSLATE_NOOP(
                "Errors", "Receiving goods needs the right to manage purchasing and stock: ask "
                          "a manager or an administrator."))
        order = self.get(session, actor, order_id)
        self.check_version(order, expected_version)
        if order.status == "draft":
            raise PurchasingError(QT_TRANSLATE_NOOP(
                "Errors", "{record} is still a draft: mark it as ordered first, then receive "
                          "the goods."), record=self.describe(order))
        if order.status in ("received", "cancelled"):
            raise PurchasingError(QT_TRANSLATE_NOOP(
                "Errors", "{record} is {status}: nothing is left to receive."),
                record=self.describe(order),
                status=presentation.choice_name("purchase_order_status", order.status))
        lines = self.lines(session, actor, order_id)
        by_id = {line.id: line for line in lines}
        errors: list[FieldError] = []
        wanted: list[tuple[PurchaseOrderLine, int]] = []
        for line_id in quantities:
            if line_id not in by_id:
                raise PurchasingError(QT_TRANSLATE_NOOP(
                    "Errors", "Line {line} is not a line of {record}: reload the order."),
                    line=line_id, record=self.describe(order))
        for n, line in enumerate(lines, start=1):
            raw = quantities.get(line.id)
            row_label = _line_label(n)
            try:
                qty = clean_int(raw, min_value=0) if raw not in (None, "") else 0
            except FieldProblem as problem:
                errors.append(FieldError(f"line{n}", row_label, problem.render(row_label)))
                continue
            if not qty:
                continue
            left = line.quantity - line.received_qty
            if qty > left:
                errors.append(FieldError(f"line{n}", row_label, render(
                    "Validation", QT_TRANSLATE_NOOP(
                        "Validation", "{label}: {quantity} received now, but only {open} of "
                                      "{product} are still open on the order. Receive at most "
                                      "{open}, or raise the line's quantity first."),
                    label=row_label, quantity=qty, open=left, product=line.description)))
                continue
            wanted.append((line, qty))
        if errors:
            raise ValidationError(errors)
        if not wanted:
            raise PurchasingError(QT_TRANSLATE_NOOP(
                "Errors", "Nothing to receive: enter the quantity that came in on at least one "
                          "line."))
        warehouse = session.get(Warehouse, order.warehouse_id)
        warehouse_name = (f"{warehouse.code} {warehouse.name}" if warehouse is not None
                          else str(order.warehouse_id))
        booked: list[ReceiptLine] = []
        for line, qty in wanted:
            # the line is the lock: a second receipt of the same goods finds them booked
            result = session.execute(
                update(PurchaseOrderLine)
                .where(PurchaseOrderLine.id == line.id,
                       PurchaseOrderLine.received_qty + qty <= PurchaseOrderLine.quantity)
                .values(received_qty=PurchaseOrderLine.received_qty + qty)
                .execution_options(synchronize_session=False))
            if not result.rowcount:  # type: ignore[attr-defined]
                raise PurchasingError(QT_TRANSLATE_NOOP(
                    "Errors", "Someone else received goods on {record} meanwhile: reload it "
                              "and enter what is still open."), record=self.describe(order))
            session.expire(line)
            movements = stock.post(session, actor, "receipt", line.product_id,
                                   order.warehouse_id, qty, unit_cost_cents=line.unit_cost_cents,
                                   reference=(reference or order.number),
                                   reason=render("Stock", QT_TRANSLATE_NOOP(
                                       "Stock", "Received on {record}"), record=order.number),
                                   purchase_order_id=order.id, audit_entry=False)
            booked.append(ReceiptLine(line.id, line.description, qty, line.unit_cost_cents,
                                      movements[0].number))
        old_status = order.status
        order.status = self._received_status(session, order.id)
        order.updated_by_id = actor.user_id or None
        touch(order)
        session.flush()
        audit.record(
            session, actor, "receipt", entity=self.entity, entity_id=order.id,
            message=QT_TRANSLATE_NOOP("Audit", "Received goods on {record} into {warehouse}: "
                                               "{items}"),
            params={"record": self.describe(order), "warehouse": warehouse_name,
                    "items": [f"{b.product} × {b.quantity}" for b in booked]},
            before={"status": old_status},
            after={"status": order.status, "reference": reference,
                   "lines": [{"line_id": b.line_id, "quantity": b.quantity,
                              "unit_cost_cents": b.unit_cost_cents, "movement": b.movement}
                             for b in booked]})
        return Receipt(booked, order.status, warehouse_name)

    def receive_all(self, session: Session, actor: Actor, order_id: int, *,
                    reference: str | None = None) -> Receipt:
        """Receive everything still open (the whole delivery came)."""
        return self.receive(session, actor, order_id, {
            line.id: line.quantity - line.received_qty
            for line in self.open_lines(session, actor, order_id)}, reference=reference)

    def expected_between(self, session: Session, actor: Actor, first: date, last: date
                         ) -> list[PurchaseOrder]:
        """Open purchase orders expected in *first*..*last* (everyone sees them)."""
        return list(session.execute(select(PurchaseOrder).where(
            PurchaseOrder.deleted_at.is_(None), PurchaseOrder.status.in_(OPEN_STATUSES),
            PurchaseOrder.expected_date >= first, PurchaseOrder.expected_date <= last)
            .order_by(PurchaseOrder.expected_date, PurchaseOrder.id)).scalars())


def received_value(session: Session, order_id: int) -> int:
    """What was received on an order, at the lines' unit costs (cents)."""
    return int(session.execute(select(func.coalesce(func.sum(
        PurchaseOrderLine.received_qty * PurchaseOrderLine.unit_cost_cents), 0)).where(
        PurchaseOrderLine.purchase_order_id == order_id)).scalar_one())


def open_quantity(session: Session, product_id: int) -> int:
    """How much of a product is on order and not yet received (open orders)."""
    return int(session.execute(select(func.coalesce(func.sum(case(
        (PurchaseOrderLine.quantity > PurchaseOrderLine.received_qty,
         PurchaseOrderLine.quantity - PurchaseOrderLine.received_qty), else_=0)), 0))
        .join(PurchaseOrder, PurchaseOrder.id == PurchaseOrderLine.purchase_order_id)
        .where(PurchaseOrderLine.product_id == product_id,
               PurchaseOrder.deleted_at.is_(None),
               PurchaseOrder.status.in_(("ordered", "partial")))).scalar_one())


purchase_orders = PurchaseOrderService()


def expected_items(session: Session, whose: Any, first: date, last: date,
                   limit: int) -> list[Any]:
    """The calendar's ``purchase_order`` items: open orders on their expected date, for
    their buyer (*whose*: the calendar's person condition on a user column)."""
    from crmdesk.core.services.calendar import CalendarItem

    rows = session.execute(
        select(PurchaseOrder.id, PurchaseOrder.number, Supplier.name,
               PurchaseOrder.expected_date, PurchaseOrder.owner_id, PurchaseOrder.version)
        .join(Supplier, Supplier.id == PurchaseOrder.supplier_id)
        .where(whose(PurchaseOrder.owner_id), PurchaseOrder.deleted_at.is_(None),
               PurchaseOrder.status.in_(OPEN_STATUSES),
               PurchaseOrder.expected_date >= first, PurchaseOrder.expected_date <= last)
        .order_by(PurchaseOrder.expected_date, PurchaseOrder.id).limit(limit))
    return [CalendarItem("purchase_order", int(i), day, None, str(number),
                         f"{number} {name}", who, int(version))
            for i, number, name, day, who, version in rows if day is not None]


def ensure_sample_order(session: Session, actor: Actor) -> int:
    """A partly received purchase order to show (screenshots, a first look): an existing
    one, else one made through the services from a supplier and the first stocked
    products (needs ``purchasing.manage`` and ``stock.manage``)."""
    from datetime import timedelta

    found = session.execute(select(PurchaseOrder.id).where(
        PurchaseOrder.deleted_at.is_(None), PurchaseOrder.status == "partial")
        .order_by(PurchaseOrder.id).limit(1)).scalar_one_or_none()
    if found is not None:
        return int(found)
    supplier_id = session.execute(select(Supplier.id).where(
        Supplier.deleted_at.is_(None), Supplier.active.is_(True))
        .order_by(Supplier.id).limit(1)).scalar_one_or_none()
    if supplier_id is None:
        supplier_id = suppliers.create(session, actor, {
            "name": "苏州精密五金有限公司", "contact_name": "周工", "phone": "0512-62345678",
            "payment_terms_days": 30, "owner_id": actor.user_id}).id
    stocked = list(session.execute(select(Product).where(
        Product.deleted_at.is_(None), Product.tracks_stock.is_(True))
        .order_by(Product.id).limit(3)).scalars())
    order = purchase_orders.create_with_lines(
        session, actor, {"supplier_id": supplier_id,
                         "expected_date": date.today() + timedelta(days=5)},
        [PurchaseLineInput(p.id, 20 + 10 * n, None if p.cost_cents else
                           f"{max(p.price_cents * 6 // 10, 100) / 100:.2f}")
         for n, p in enumerate(stocked)])
    purchase_orders.mark_ordered(session, actor, order.id)
    first = purchase_orders.lines(session, actor, order.id)[0]
    purchase_orders.receive(session, actor, order.id, {first.id: first.quantity // 2},
                            reference="SH-20250601")
    return int(order.id)
