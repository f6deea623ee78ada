"""Payments: money received from a customer (amount, date, method, reference), allocated
to the customer's open invoices, oldest due first or to the invoices chosen.

* A payment smaller than what is open pays invoices partly (status ``partial``);
* what no invoice takes (an over-payment, or money before the invoice) stays on the
  payment as ``unallocated_cents``: the customer's credit, allocated later with
  :meth:`PaymentService.allocate` (the window's Use credit, ``crmdesk payment allocate``);
* each allocation is one conditional ``UPDATE`` of the invoice (``... WHERE total -
  paid >= amount``), so two payments at once never pay an invoice twice;
* deleting a payment (recycle bin) takes its allocations back; restoring it brings it
  back as credit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any, cast

from sqlalchemy import ColumnElement, delete, func, select, update
from sqlalchemy.orm import Session

from crmdesk.core.fields import label
from crmdesk.core.models import BankLine, Invoice, Payment, PaymentAllocation
from crmdesk.core.permissions import Actor, child_scope, require
from crmdesk.core.services import accounts, audit
from crmdesk.core.services.invoices import OPEN_STATES, InvoiceError, invoices, order_changed
from crmdesk.core.services.records import RecordService
from crmdesk.errors import FieldError
from crmdesk.i18n import QT_TRANSLATE_NOOP, render


@dataclass(frozen=True)
class Allocation:
    invoice_id: int
    invoice_number: str
    amount_cents: int
    invoice_status: str


class PaymentService(RecordService[Payment]):
    entity = "payment"
    model = Payment
    code_attr = "number"
    code_prefix = "PM"
    text_columns = ("number", "reference", "notes")
    default_to_actor = ("owner_id",)

    def scope(self, actor: Actor) -> ColumnElement[bool]:
        return child_scope(actor, Payment.customer_id, Payment.owner_id)

    def prepare(self, session: Session, actor: Actor, values: dict[str, Any],
                obj: Payment | None) -> None:
        require(actor, "payments.record")
        values.pop("unallocated_cents", None)
        if obj is None:
            if not values.get("received_on"):
                values["received_on"] = date.today()
            if not values.get("method"):
                values["method"] = "transfer"

    def check_record(self, session: Session, actor: Actor, cleaned: dict[str, Any],
                     obj: Payment | None) -> list[FieldError]:
        if obj is None:
            return []
        allocated = obj.amount_cents - obj.unallocated_cents
        errors = []
        if "customer_id" in cleaned and cleaned["customer_id"] != obj.customer_id and allocated:
            shown = label("payment", "customer_id")
            errors.append(FieldError("customer_id", shown, render(
                "Validation", QT_TRANSLATE_NOOP(
                    "Validation", "{label}: this payment pays invoices of its customer; move "
                                  "it to the recycle bin and record it for the other "
                                  "customer instead."), label=shown)))
        amount = cleaned.get("amount_cents")
        if amount is not None and amount < allocated:
            shown = label("payment", "amount_cents")
            errors.append(FieldError("amount_cents", shown, render(
                "Validation", QT_TRANSLATE_NOOP(
                    "Validation", "{label}: {allocated} of it pays invoices already; enter "
                                  "at least that much."), label=shown,
                allocated=_yuan(allocated))))
        return errors

    def apply(self, session: Session, actor: Actor, obj: Payment,
              cleaned: dict[str, Any]) -> None:
        allocated = (obj.amount_cents or 0) - (obj.unallocated_cents or 0) if obj.id else 0
        super().apply(session, actor, obj, cleaned)
        obj.unallocated_cents = obj.amount_cents - allocated

    def create(self, session: Session, actor: Actor, data: Mapping[str, Any], *,
               custom: Mapping[str, Any] | None = None,
               invoice_ids: Sequence[int] | None = None) -> Payment:
        """Record a payment and allocate it: to *invoice_ids* in that order, else to the
        customer's open invoices oldest due first; the rest stays as credit."""
        payment = super().create(session, actor, data, custom=custom)
        self.allocate(session, actor, payment.id, invoice_ids)
        return payment

    def allocate(self, session: Session, actor: Actor, payment_id: int,
                 invoice_ids: Sequence[int] | None = None) -> list[Allocation]:
        """Allocate the payment's unallocated money (to the invoices named, in order, else
        oldest due first); returns what went where."""
        accounts.ensure_active(session, actor)
        require(actor, "payments.record")
        payment = self.get(session, actor, payment_id)
        if invoice_ids is None:
            targets = invoices.open_of_customer(session, actor, payment.customer_id)
        else:
            targets = []
            for invoice_id in invoice_ids:
                invoice = invoices.get(session, actor, invoice_id)
                if invoice.customer_id != payment.customer_id:
                    raise InvoiceError(QT_TRANSLATE_NOOP(
                        "Errors", "Invoice {number} is another customer's: a payment pays "
                                  "only its own customer's invoices."), number=invoice.number)
                if invoice.status not in OPEN_STATES:
                    raise InvoiceError(QT_TRANSLATE_NOOP(
                        "Errors", "Invoice {number} is {status}: it takes no payment."),
                        number=invoice.number, status=_status_text(invoice.status))
                targets.append(invoice)
        made: list[Allocation] = []
        remaining = payment.unallocated_cents
        for invoice in targets:
            if remaining <= 0:
                break
            take = min(remaining, invoice.total_cents - invoice.paid_cents)
            if take <= 0:
                continue
            done = cast(Any, session.execute(
                update(Invoice).where(Invoice.id == invoice.id,
                                      Invoice.status.in_(OPEN_STATES),
                                      Invoice.total_cents - Invoice.paid_cents >= take)
                .values(paid_cents=Invoice.paid_cents + take)
                .execution_options(synchronize_session=False))).rowcount
            if done != 1:  # paid by someone else meanwhile: leave it
                continue
            session.add(PaymentAllocation(payment_id=payment.id, invoice_id=invoice.id,
                                          amount_cents=take,
                                          created_by_id=actor.user_id or None))
            session.flush()
            session.refresh(invoice)
            invoices.refresh(session, invoice)
            remaining -= take
            made.append(Allocation(invoice.id, invoice.number, take, invoice.status))
        if made:
            payment.unallocated_cents = remaining
            session.flush()
            audit.record(session, actor, "update", entity="payment", entity_id=payment.id,
                         message=QT_TRANSLATE_NOOP("Audit", "{record} paid {invoices}"),
                         params={"record": payment.number,
                                 "invoices": [a.invoice_number for a in made]},
                         after={"allocations": [{"invoice": a.invoice_number,
                                                 "amount_cents": a.amount_cents}
                                                for a in made],
                                "unallocated_cents": remaining})
            for order_id in {i.order_id for i in targets if i.order_id is not None}:
                order_changed(session, actor, order_id)
        return made

    def allocations(self, session: Session, actor: Actor, payment_id: int
                    ) -> list[Allocation]:
        self.get(session, actor, payment_id, deleted=None)
        return [Allocation(inv.id, inv.number, alloc.amount_cents, inv.status)
                for alloc, inv in session.execute(
                    select(PaymentAllocation, Invoice).join(
                        Invoice, Invoice.id == PaymentAllocation.invoice_id)
                    .where(PaymentAllocation.payment_id == payment_id)
                    .order_by(PaymentAllocation.id))]

    def of_invoice(self, session: Session, actor: Actor, invoice_id: int
                   ) -> list[tuple[Payment, int]]:
        """The payments that paid the invoice, with how much each."""
        invoices.get(session, actor, invoice_id, deleted=None)
        return [(p, int(amount)) for p, amount in session.execute(
            select(Payment, PaymentAllocation.amount_cents).join(
                PaymentAllocation, PaymentAllocation.payment_id == Payment.id)
            .where(PaymentAllocation.invoice_id == invoice_id)
            .order_by(PaymentAllocation.id))]

    def credit(self, session: Session, actor: Actor, customer_id: int) -> int:
        """The customer's unallocated money (credit) over the payments the actor sees."""
        return int(session.execute(select(func.coalesce(func.sum(
            Payment.unallocated_cents), 0)).where(
            Payment.customer_id == customer_id, Payment.deleted_at.is_(None),
            self.scope(actor))).scalar_one())

    def use_credit(self, session: Session, actor: Actor, customer_id: int,
                   invoice_ids: Sequence[int] | None = None) -> list[Allocation]:
        """Allocate the customer's credit (oldest payment first) to open invoices."""
        made: list[Allocation] = []
        for payment_id in session.execute(select(Payment.id).where(
                Payment.customer_id == customer_id, Payment.unallocated_cents > 0,
                Payment.deleted_at.is_(None), self.scope(actor))
                .order_by(Payment.received_on, Payment.id)).scalars():
            made += self.allocate(session, actor, payment_id, invoice_ids)
        return made

    # -- the recycle bin: a deleted payment gives its money back to the invoices ------------
    def after_delete(self, session: Session, actor: Actor, obj: Payment) -> None:
        paid = list(session.execute(select(PaymentAllocation.invoice_id).where(
            PaymentAllocation.payment_id == obj.id)).scalars())
        session.execute(delete(PaymentAllocation).where(PaymentAllocation.payment_id == obj.id))
        # a bank line booked as this payment goes back to matching (a wrong match is
        # undone by deleting its payment), and the payment can then be purged
        session.execute(update(BankLine).where(BankLine.payment_id == obj.id)
                        .values(payment_id=None).execution_options(synchronize_session=False))
        obj.unallocated_cents = obj.amount_cents
        session.flush()
        for invoice_id in set(paid):
            invoice = session.get(Invoice, invoice_id)
            if invoice is not None:
                invoices.refresh(session, invoice)
                if invoice.order_id is not None:
                    order_changed(session, actor, invoice.order_id)

    def purge_dependents(self, session: Session, actor: Actor, obj: Payment) -> None:
        session.execute(delete(PaymentAllocation).where(PaymentAllocation.payment_id == obj.id))
        session.execute(update(BankLine).where(BankLine.payment_id == obj.id)
                        .values(payment_id=None).execution_options(synchronize_session=False))


def _status_text(status: str) -> str:
    from crmdesk.core.fields import choice_label

    return choice_label("invoice_status", status)


def _yuan(cents: int) -> str:
    from crmdesk.core.presentation import money

    return money(cents)


payments = PaymentService()
