"""Opening balances: what customers owed when the business started using crmdesk.

Each balance becomes an invoice marked ``opening_balance`` (no lines, no VAT: the tax
was declared in the old system), numbered ``OB000001``... on a counter of its own, so
the gap-free ``INV`` numbers stay those of invoices crmdesk issued.  It is receivable
like any invoice (aging, statements, payments, bank matching) and goes to the
accountant's journal against the opening balances account.

All or nothing: every row is checked first (the customer exists by code, or by an
exact name that only one visible customer has; the amount is positive; the due date
is not before the date), and problems are reported together with their line numbers.
A row equal to an opening balance the customer already has (same date, amount and
reference) is skipped, so importing the same file again adds nothing.  Needs
``accounting.export``; one audit entry for the import.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crmdesk.core.models import Customer, Invoice
from crmdesk.core.permissions import Actor, customer_scope, require
from crmdesk.core.services import accounts, audit
from crmdesk.core.services.records import format_code, reserve_numbers
from crmdesk.errors import KnownError
from crmdesk.i18n import QT_TRANSLATE_NOOP, render

PREFIX = "OB"
COUNTER = "opening_balance"
MAX_PROBLEMS = 20


class OpeningBalanceError(KnownError):
    """The opening balances cannot be imported as they are (nothing was imported)."""


@dataclass(frozen=True)
class OpeningBalance:
    line: int  # the file's line number (for messages)
    customer: str  # a customer code or an exact name
    amount_cents: int
    day: date | None = None  # default: today
    due_date: date | None = None  # default: the day
    reference: str | None = None  # the old system's document number


@dataclass(frozen=True)
class OpeningResult:
    added: int
    skipped: int
    total_cents: int
    numbers: list[str]


def _customer(session: Session, actor: Actor, text: str) -> Customer | None:
    visible = select(Customer).where(customer_scope(actor), Customer.deleted_at.is_(None))
    found = session.execute(visible.where(Customer.code == text)).scalar_one_or_none()
    if found is not None:
        return found
    named = list(session.execute(visible.where(Customer.name == text).limit(2)).scalars())
    return named[0] if len(named) == 1 else None


def _problem(row: OpeningBalance, text: str, **params: object) -> str:
    return render("Errors", QT_TRANSLATE_NOOP("Errors", "line {line}: {problem}"),
                  line=row.line, problem=render("Errors", text, **params))


def import_balances(session: Session, actor: Actor,
                    rows: Sequence[OpeningBalance], *, source: str = "") -> OpeningResult:
    accounts.ensure_active(session, actor)
    require(actor, "accounting.export")
    today = date.today()
    problems: list[str] = []
    checked: list[tuple[OpeningBalance, Customer, date, date]] = []
    for row in rows:
        customer = _customer(session, actor, row.customer) if row.customer else None
        if customer is None:
            problems.append(_problem(row, QT_TRANSLATE_NOOP(
                "Errors", "no customer {customer} that you can see (use the customer's code, "
                          "or a name only one customer has)"), customer=row.customer or "-"))
            continue
        if row.amount_cents <= 0:
            problems.append(_problem(row, QT_TRANSLATE_NOOP(
                "Errors", "the amount must be more than 0 (record a customer's credit as a "
                          "payment)")))
            continue
        day = row.day or today
        due = row.due_date or day
        if due < day:
            problems.append(_problem(row, QT_TRANSLATE_NOOP(
                "Errors", "the due date {due} is before the date {date}"),
                due=due.isoformat(), date=day.isoformat()))
            continue
        checked.append((row, customer, day, due))
    if problems:
        shown = problems[:MAX_PROBLEMS]
        raise OpeningBalanceError(QT_TRANSLATE_NOOP(
            "Errors", "No opening balances were imported: {problems}{more}. Correct the file "
                      "and import it again."),
            problems="; ".join(shown),
            more=f" (+{len(problems) - len(shown)})" if len(problems) > len(shown) else "")
    added: list[Invoice] = []
    skipped = 0
    for row, customer, day, due in checked:
        exists = session.execute(select(func.count(Invoice.id)).where(
            Invoice.customer_id == customer.id, Invoice.opening_balance.is_(True),
            Invoice.issue_date == day, Invoice.total_cents == row.amount_cents,
            Invoice.deleted_at.is_(None),
            (Invoice.notes == row.reference) if row.reference else Invoice.notes.is_(None),
        )).scalar_one()
        if exists:
            skipped += 1
            continue
        invoice = Invoice(customer_id=customer.id, order_id=None, issue_date=day,
                          due_date=due, status="issued", net_cents=row.amount_cents,
                          tax_cents=0, total_cents=row.amount_cents, paid_cents=0,
                          owner_id=customer.owner_id, notes=row.reference,
                          opening_balance=True, created_by_id=actor.user_id or None,
                          updated_by_id=actor.user_id or None)
        invoice.number = format_code(PREFIX, reserve_numbers(session, COUNTER))
        session.add(invoice)
        added.append(invoice)
    session.flush()
    total = sum(i.total_cents for i in added)
    result = OpeningResult(len(added), skipped, total, [i.number for i in added])
    audit.record(session, actor, "import", entity="invoice",
                 message=QT_TRANSLATE_NOOP(
                     "Audit", "Imported opening balances {file}: {added} new, {skipped} "
                              "already there"),
                 params={"file": source, "added": len(added), "skipped": skipped},
                 after={"file": source, "numbers": result.numbers, "total_cents": total,
                        "customers": sorted({i.customer_id for i in added})})
    return result
