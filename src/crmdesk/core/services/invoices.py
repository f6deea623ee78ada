"""Invoices: issued from an order's delivered, not yet invoiced lines, numbered without
gaps, voided (never deleted).

* **What is invoiced**: per order line ``shipped_qty - invoiced_qty`` (deliveries set
  ``shipped_qty``); issuing raises ``invoiced_qty`` by one conditional ``UPDATE`` per line
  (``... WHERE shipped_qty - invoiced_qty >= n``), so two people invoicing the same
  delivery at once cannot both bill it.
* **VAT** per line: the product's rate, else the settings' default (``vat.default_rate``);
  net = unit price x quantity, tax = round(net x rate / 10000) half-up per line; the
  invoice's net, tax and total are the sums of its lines.
* **Numbers** ``INV000001``...: the counter row is updated in the transaction that writes
  the invoice (``records.reserve_numbers``), so a transaction that fails after taking a
  number rolls the counter back with it: the next invoice gets that number, no gap.
* **Status** follows the payments allocated to it (``core/services/payments.py``):
  issued, partial, paid; ``void`` (permission ``invoices.void``) gives the lines back to
  invoicing and the allocated money back to its payments as the customer's credit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date, timedelta
from typing import Any, cast

from sqlalchemy import ColumnElement, delete, func, select, update
from sqlalchemy.orm import Session

from crmdesk.core.models import (
    Invoice,
    InvoiceLine,
    Order,
    OrderLine,
    Payment,
    PaymentAllocation,
    Product,
    utcnow,
)
from crmdesk.core.permissions import Actor, child_scope, require
from crmdesk.core.services import accounts, audit, settings, vat
from crmdesk.core.services.quotes import totals
from crmdesk.core.services.records import RecordService, reserve_numbers
from crmdesk.core.services.sales import orders
from crmdesk.core.validation import clean_text
from crmdesk.errors import FieldError, KnownError
from crmdesk.i18n import QT_TRANSLATE_NOOP, render

#: an invoice in these states still waits for money
OPEN_STATES = ("issued", "partial")


class InvoiceError(KnownError):
    """An invoice cannot be issued or changed as asked (nothing delivered, void ...)."""


def status_for(total_cents: int, paid_cents: int) -> str:
    if paid_cents <= 0:
        return "issued"
    return "paid" if paid_cents >= total_cents else "partial"


class InvoiceService(RecordService[Invoice]):
    entity = "invoice"
    model = Invoice
    code_attr = "number"
    code_prefix = "INV"
    text_columns = ("number", "order_number", "notes")
    default_to_actor = ("owner_id",)
    due_fields = ("due_date",)

    def scope(self, actor: Actor) -> ColumnElement[bool]:
        return child_scope(actor, Invoice.customer_id, Invoice.owner_id)

    def is_open(self, session: Session, obj: Invoice) -> bool:
        return obj.status in OPEN_STATES

    # -- the generic writes: an invoice is issued from an order, never typed or deleted ----
    #: ``crmdesk add invoice`` says what to do instead before looking at the fields
    refuses_add = True

    def create(self, session: Session, actor: Actor, data: Mapping[str, Any], *,
               custom: Mapping[str, Any] | None = None) -> Invoice:
        raise InvoiceError(QT_TRANSLATE_NOOP(
            "Errors", "An invoice is issued from an order's delivered lines: use Issue "
                      "invoice on the order, or crmdesk invoice issue FILE ORDER."))

    def check_record(self, session: Session, actor: Actor, cleaned: dict[str, Any],
                     obj: Invoice | None) -> list[FieldError]:
        changed = obj is not None and any(getattr(obj, key, None) != value
                                          for key, value in cleaned.items())
        if obj is not None and obj.status == "void" and changed:
            from crmdesk.core.fields import label

            shown = label("invoice", "status")
            return [FieldError("status", shown, render("Validation", QT_TRANSLATE_NOOP(
                "Validation", "{label}: a void invoice no longer changes."), label=shown))]
        due = cleaned.get("due_date")
        if obj is not None and due is not None and due < obj.issue_date:
            from crmdesk.core.fields import label

            shown = label("invoice", "due_date")
            return [FieldError("due_date", shown, render("Validation", QT_TRANSLATE_NOOP(
                "Validation", "{label} is before the invoice date: choose a later day."),
                label=shown))]
        return []

    def delete(self, session: Session, actor: Actor, record_id: int, *,
               hard: bool = False) -> None:
        invoice = self.get(session, actor, record_id, deleted=None)
        raise InvoiceError(QT_TRANSLATE_NOOP(
            "Errors", "Invoice {number} is never deleted: void it instead (Void on the "
                      "invoice, or crmdesk invoice void FILE {number} --reason TEXT)."),
            number=invoice.number)

    def purge(self, session: Session, actor: Actor, record_id: int) -> None:
        self.delete(session, actor, record_id)

    # -- the order's number: a field of the list, read from the order ---------------------
    def _order_number(self) -> Any:
        return (select(Order.number).where(Order.id == Invoice.order_id)
                .correlate(Invoice).scalar_subquery())

    def column(self, key: str) -> Any:
        if key == "order_number":
            from crmdesk.core import filters

            filters.filter_field(self.entity, key, related=False)
            return self._order_number()
        return super().column(key)

    def sort_expression(self, key: str) -> Any:
        if key == "order_number":
            return self._order_number()
        return super().sort_expression(key)

    def rows(self, session: Session, actor: Actor, record_ids: Sequence[int]
             ) -> list[dict[str, Any]]:
        result = super().rows(session, actor, record_ids)
        wanted = {row["id"] for row in result}
        numbers = dict(session.execute(select(Invoice.id, Order.number).join(
            Order, Order.id == Invoice.order_id).where(Invoice.id.in_(wanted))).all()) \
            if wanted else {}
        for row in result:
            row["order_number"] = numbers.get(row["id"])
        return result

    # -- reads ---------------------------------------------------------------------------
    def lines(self, session: Session, actor: Actor, invoice_id: int) -> list[InvoiceLine]:
        self.get(session, actor, invoice_id, deleted=None)
        return list(session.execute(select(InvoiceLine).where(
            InvoiceLine.invoice_id == invoice_id).order_by(InvoiceLine.id)).scalars())

    def invoiceable(self, session: Session, actor: Actor, order_id: int
                    ) -> list[tuple[OrderLine, int]]:
        """The order's lines with something delivered and not yet invoiced, and how much."""
        orders.get(session, actor, order_id)
        return [(line, line.shipped_qty - line.invoiced_qty) for line in session.execute(
            select(OrderLine).where(OrderLine.order_id == order_id,
                                    OrderLine.shipped_qty > OrderLine.invoiced_qty)
            .order_by(OrderLine.id)).scalars()]

    def of_order(self, session: Session, actor: Actor, order_id: int) -> list[Invoice]:
        return list(session.execute(self.select_visible(actor).where(
            Invoice.order_id == order_id).order_by(Invoice.id)).scalars())

    def open_of_customer(self, session: Session, actor: Actor, customer_id: int
                         ) -> list[Invoice]:
        """The customer's invoices still waiting for money, oldest due first."""
        return list(session.execute(self.select_visible(actor).where(
            Invoice.customer_id == customer_id, Invoice.status.in_(OPEN_STATES))
            .order_by(Invoice.due_date, Invoice.issue_date, Invoice.id)).scalars())

    # -- issuing ---------------------------------------------------------------------------
    def issue(self, session: Session, actor: Actor, order_id: int, *,
              issue_date: date | None = None, due_date: date | None = None,
              quantities: Mapping[int, int] | None = None,
              notes: str | None = None) -> Invoice:
        """Invoice what the order delivered and has not invoiced yet (*quantities*: order
        line id -> how much of it, at most what is delivered and not invoiced)."""
        accounts.ensure_active(session, actor)
        require(actor, "invoices.issue")
        order = orders.get(session, actor, order_id)
        if order.status == "cancelled":
            raise InvoiceError(QT_TRANSLATE_NOOP(
                "Errors", "Order {number} is cancelled: nothing on it can be invoiced."),
                number=order.number)
        wanted: list[tuple[OrderLine, int]] = []
        for line, open_qty in self.invoiceable(session, actor, order_id):
            qty = open_qty if quantities is None else min(open_qty,
                                                          int(quantities.get(line.id, 0)))
            if qty > 0:
                wanted.append((line, qty))
        if not wanted:
            raise InvoiceError(QT_TRANSLATE_NOOP(
                "Errors", "Order {number} has nothing delivered that is not invoiced yet: "
                          "ship it first (a delivery note), then issue the invoice."),
                number=order.number)
        issued_on = issue_date or date.today()
        days = int(settings.get(session, "invoice.payment_days"))
        due = due_date or issued_on + timedelta(days=days)
        if due < issued_on:
            from crmdesk.core.fields import label

            raise InvoiceError(QT_TRANSLATE_NOOP(
                "Errors", "{label} {due} is before the invoice date {date}: choose a later "
                          "day."), label=label("invoice", "due_date"), due=due.isoformat(),
                date=issued_on.isoformat())
        default = vat.default_rate(session)
        invoice_lines: list[InvoiceLine] = []
        for line, qty in wanted:
            taken = cast(Any, session.execute(
                update(OrderLine).where(OrderLine.id == line.id,
                                        OrderLine.shipped_qty - OrderLine.invoiced_qty >= qty)
                .values(invoiced_qty=OrderLine.invoiced_qty + qty)
                .execution_options(synchronize_session=False))).rowcount
            if taken != 1:  # someone invoiced it meanwhile
                raise InvoiceError(QT_TRANSLATE_NOOP(
                    "Errors", "Order {number} was invoiced by someone else just now: open it "
                              "again and see what is left to invoice."), number=order.number)
            product = session.get(Product, line.product_id) if line.product_id else None
            net = line.unit_price_cents * qty
            rate = vat.rate_of(session, product, default)
            invoice_lines.append(InvoiceLine(
                order_line_id=line.id, product_id=line.product_id,
                description=line.description, quantity=qty,
                unit_price_cents=line.unit_price_cents, vat_rate=rate, net_cents=net,
                tax_cents=vat.tax(net, rate)))
        figures = totals(invoice_lines)
        invoice = Invoice(customer_id=order.customer_id, order_id=order.id,
                          issue_date=issued_on, due_date=due, status="issued",
                          net_cents=figures.net_cents, tax_cents=figures.tax_cents,
                          total_cents=figures.total_cents, paid_cents=0,
                          owner_id=order.owner_id or actor.user_id or None,
                          notes=clean_text(notes, 4000),
                          created_by_id=actor.user_id or None,
                          updated_by_id=actor.user_id or None)
        # the number last, in this transaction: a rollback gives it back (no gap)
        invoice.number = self.code_of(reserve_numbers(session, self.entity))
        session.add(invoice)
        session.flush()
        for item in invoice_lines:
            item.invoice_id = invoice.id
            session.add(item)
        session.flush()
        audit.record(session, actor, "create", entity="invoice", entity_id=invoice.id,
                     message=QT_TRANSLATE_NOOP("Audit", "Issued {record} for order {order}"),
                     params={"record": invoice.number, "order": order.number},
                     after={"number": invoice.number, "order": order.number,
                            "issue_date": issued_on.isoformat(), "due_date": due.isoformat(),
                            "net_cents": invoice.net_cents, "tax_cents": invoice.tax_cents,
                            "total_cents": invoice.total_cents,
                            "lines": [{"description": x.description, "quantity": x.quantity,
                                       "unit_price_cents": x.unit_price_cents,
                                       "vat_rate": x.vat_rate} for x in invoice_lines]})
        order_changed(session, actor, order.id)
        return invoice

    # -- payments and voiding ------------------------------------------------------------------
    def refresh(self, session: Session, invoice: Invoice) -> None:
        """Paid amount and status from the allocations (a void invoice stays void)."""
        paid = int(session.execute(select(func.coalesce(func.sum(
            PaymentAllocation.amount_cents), 0)).where(
            PaymentAllocation.invoice_id == invoice.id)).scalar_one())
        invoice.paid_cents = paid
        if invoice.status != "void":
            invoice.status = status_for(invoice.total_cents, paid)
        session.flush()

    def void(self, session: Session, actor: Actor, invoice_id: int, reason: str) -> Invoice:
        """Void an invoice: it stays (numbered, listed) with its reason; its lines can be
        invoiced again and money allocated to it becomes its payments' credit again."""
        accounts.ensure_active(session, actor)
        require(actor, "invoices.void")
        invoice = self.get(session, actor, invoice_id)
        if invoice.status == "void":
            raise InvoiceError(QT_TRANSLATE_NOOP("Errors", "Invoice {number} is void already."),
                               number=invoice.number)
        text = clean_text(reason, 200)
        if not text:
            raise InvoiceError(QT_TRANSLATE_NOOP(
                "Errors", "Say why invoice {number} is voided (a reason is kept with it)."),
                number=invoice.number)
        before = {"status": invoice.status, "paid_cents": invoice.paid_cents}
        for allocation in list(session.execute(select(PaymentAllocation).where(
                PaymentAllocation.invoice_id == invoice.id)).scalars()):
            payment = session.get(Payment, allocation.payment_id)
            if payment is not None:
                payment.unallocated_cents += allocation.amount_cents
            session.delete(allocation)
        for line in session.execute(select(InvoiceLine).where(
                InvoiceLine.invoice_id == invoice.id)).scalars():
            if line.order_line_id is not None:
                session.execute(update(OrderLine).where(OrderLine.id == line.order_line_id)
                                .values(invoiced_qty=OrderLine.invoiced_qty - line.quantity)
                                .execution_options(synchronize_session=False))
        invoice.status = "void"
        invoice.paid_cents = 0
        invoice.voided_at = utcnow()
        invoice.void_reason = text
        invoice.updated_by_id = actor.user_id or None
        session.flush()
        audit.record(session, actor, "update", entity="invoice", entity_id=invoice.id,
                     message=QT_TRANSLATE_NOOP("Audit", "Voided {record}: {reason}"),
                     params={"record": invoice.number, "reason": text},
                     before=before, after={"status": "void", "void_reason": text})
        if invoice.order_id is not None:
            order_changed(session, actor, invoice.order_id)
        return invoice


def before_customer_purge(session: Session, customer_id: int) -> None:
    """A customer purged for good takes their quotes along; invoices and payments are
    kept for the books, so a customer who has any is refused (nothing is deleted)."""
    from crmdesk.core.models import Customer, Quote, QuoteLine

    held = session.execute(select(func.count(Invoice.id)).where(
        Invoice.customer_id == customer_id)).scalar_one() + session.execute(
        select(func.count(Payment.id)).where(Payment.customer_id == customer_id)).scalar_one()
    if held:
        customer = session.get(Customer, customer_id)
        raise InvoiceError(QT_TRANSLATE_NOOP(
            "Errors", "{name} has invoices or payments, which are kept for the books: the "
                      "customer cannot be purged. Leave them in the recycle bin instead."),
            name=customer.name if customer is not None else customer_id)
    quote_ids = select(Quote.id).where(Quote.customer_id == customer_id).scalar_subquery()
    session.execute(delete(QuoteLine).where(QuoteLine.quote_id.in_(quote_ids)))
    session.execute(delete(Quote).where(Quote.customer_id == customer_id))


def order_changed(session: Session, actor: Actor, order_id: int) -> None:
    """The order's status follows its invoices and payments (``order_flow``: completed
    once everything is shipped, invoiced and paid); the caller's audit entry covers it."""
    from crmdesk.core.services import order_flow

    order_flow.refresh_status(session, order_id)


invoices = InvoiceService()
