"""A customer's statement of account: invoices, payments and the running balance.

Invoices (not void, not deleted) are debits on their issue date, payments (not
deleted) credits on the day they were received, in date order (invoices before
payments of the same day).  Everything before the period's first day is the
opening balance.  The customer must be one the actor may see; the read counts the
customer for the anti-scraping guard when it is handed out (:func:`export`).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from crmdesk.core.analytics.criteria import translated
from crmdesk.core.models import Invoice, Payment
from crmdesk.core.permissions import Actor
from crmdesk.core.services import accounts, audit
from crmdesk.core.services.customers import customers
from crmdesk.i18n import QT_TRANSLATE_NOOP


@dataclass(frozen=True)
class StatementLine:
    day: date
    kind: str  # invoice | payment
    number: str
    description: str
    debit_cents: int
    credit_cents: int
    balance_cents: int


@dataclass
class Statement:
    customer_id: int
    code: str
    name: str
    start: date | None
    end: date
    opening_cents: int = 0
    lines: list[StatementLine] = field(default_factory=list)

    @property
    def debit_cents(self) -> int:
        return sum(line.debit_cents for line in self.lines)

    @property
    def credit_cents(self) -> int:
        return sum(line.credit_cents for line in self.lines)

    @property
    def closing_cents(self) -> int:
        return self.opening_cents + self.debit_cents - self.credit_cents


def _entries(session: Session, customer_id: int,
             end: date) -> list[tuple[date, int, str, str, str, int, int]]:
    entries = []
    for number, issued, due, total, opening in session.execute(
            select(Invoice.number, Invoice.issue_date, Invoice.due_date, Invoice.total_cents,
                   Invoice.opening_balance)
            .where(Invoice.customer_id == customer_id, Invoice.deleted_at.is_(None),
                   Invoice.status != "void", Invoice.issue_date <= end)):
        text = (translated(QT_TRANSLATE_NOOP("Analytics", "Opening balance")) if opening
                else translated(QT_TRANSLATE_NOOP("Analytics", "Invoice, due {due}"),
                                due=due.isoformat()))
        entries.append((issued, 0, "invoice", number, text, int(total), 0))
    for number, received, amount, reference in session.execute(
            select(Payment.number, Payment.received_on, Payment.amount_cents,
                   Payment.reference)
            .where(Payment.customer_id == customer_id, Payment.deleted_at.is_(None),
                   Payment.received_on <= end)):
        text = translated(QT_TRANSLATE_NOOP("Analytics", "Payment"))
        if reference:
            text = f"{text} {reference}"
        entries.append((received, 1, "payment", number, text, 0, int(amount)))
    entries.sort(key=lambda e: (e[0], e[1], e[3]))
    return entries


def statement(session: Session, actor: Actor, customer_id: int, *,
              start: date | None = None, end: date | None = None) -> Statement:
    """The statement of a customer the actor may see (``NotFound`` otherwise) for the
    days *start* .. *end* (default: everything up to today)."""
    customer = customers.get(session, actor, customer_id)
    last = end or date.today()
    result = Statement(customer.id, customer.code, customer.name, start, last)
    balance = 0
    for day, _order, kind, number, text, debit, credit in _entries(session, customer.id,
                                                                    last):
        balance += debit - credit
        if start is not None and day < start:
            result.opening_cents = balance
            continue
        result.lines.append(StatementLine(day, kind, number, text, debit, credit, balance))
    return result


def export(session: Session, actor: Actor, customer_id: int, *, start: date | None = None,
           end: date | None = None) -> Statement:
    """A statement handed out (printed, saved): the customer counts for the anti-scraping
    guard and the read is audited (needs a write session)."""
    accounts.ensure_active(session, actor)
    result = statement(session, actor, customer_id, start=start, end=end)
    accounts.record_access(session, actor, "export", [result.customer_id])
    audit.record(session, actor, "report", entity="customer", entity_id=result.customer_id,
                 message=QT_TRANSLATE_NOOP("Audit", "Statement of account of {customer}"),
                 params={"customer": result.code},
                 after={"start": start, "end": result.end, "lines": len(result.lines),
                        "closing_cents": result.closing_cents})
    return result
