"""Receivables: aging of open invoices per customer and per owner, a customer's statement.

An invoice is open on a day (``as_of``, default today) when it was issued on or
before that day, is not void or deleted, and what was allocated to it from payments
received on or before that day is less than its total.  Its days overdue are
``as_of - due_date``; the buckets are "not due" (0 or less), 1-30, 31-60, 61-90 and
over 90 days.  A customer's credit is what their payments received by that day left
unallocated (an over-payment); the balance is open invoices less credit.

Visibility is that of the documents (``child_scope`` on the invoice's customer and
owner, as orders): staff see the receivables of their own customers.  The per-customer
table names customers, so handing it out counts them for the anti-scraping guard
(:func:`crmdesk.core.analytics.catalogue.export_table`); a statement counts its one
customer.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

from sqlalchemy import ScalarSelect, func, select
from sqlalchemy.orm import Session

from crmdesk.core.analytics.criteria import (
    Criteria,
    Drill,
    UserNames,
    customers_drill,
    translated,
)
from crmdesk.core.analytics.tables import Analysis, Cell, cell
from crmdesk.core.models import Customer, Invoice, Payment, PaymentAllocation
from crmdesk.core.permissions import Actor, child_scope, for_lists
from crmdesk.i18n import QT_TRANSLATE_NOOP

#: (key, English header, first day overdue, last day overdue (None: open))
BUCKETS: tuple[tuple[str, str, int | None, int | None], ...] = (
    ("not_due", QT_TRANSLATE_NOOP("Analytics", "Not due"), None, 0),
    ("d1_30", QT_TRANSLATE_NOOP("Analytics", "1-30 days"), 1, 30),
    ("d31_60", QT_TRANSLATE_NOOP("Analytics", "31-60 days"), 31, 60),
    ("d61_90", QT_TRANSLATE_NOOP("Analytics", "61-90 days"), 61, 90),
    ("over_90", QT_TRANSLATE_NOOP("Analytics", "Over 90 days"), 91, None),
)
BUCKET_KEYS = tuple(b[0] for b in BUCKETS)

#: invoice statuses that are never receivable
CLOSED_STATUSES = ("void",)


def bucket_of(days_overdue: int) -> str:
    """The aging bucket of an invoice *days_overdue* days past its due date."""
    for key, _header, first, last in BUCKETS:
        if (first is None or days_overdue >= first) and (last is None or days_overdue <= last):
            return key
    raise AssertionError(days_overdue)  # pragma: no cover - the buckets cover all integers


@dataclass
class OpenInvoice:
    id: int
    number: str
    customer_id: int
    issue_date: date
    due_date: date
    total_cents: int
    open_cents: int
    days_overdue: int

    @property
    def bucket(self) -> str:
        return bucket_of(self.days_overdue)


@dataclass
class AgingRow:
    """One customer's (or one owner's) receivables on the day."""

    customer_id: int | None
    code: str
    label: str  # the customer's name (per customer) or the owner's
    owner_id: int | None
    owner: str
    invoices: int = 0
    customers: int = 0
    buckets: dict[str, int] = field(default_factory=lambda: dict.fromkeys(BUCKET_KEYS, 0))
    credit_cents: int = 0
    oldest_days: int = 0
    drill: Drill | None = None

    @property
    def open_cents(self) -> int:
        return sum(self.buckets.values())

    @property
    def overdue_cents(self) -> int:
        return self.open_cents - self.buckets["not_due"]

    @property
    def balance_cents(self) -> int:
        return self.open_cents - self.credit_cents

    def add(self, invoice: OpenInvoice) -> None:
        self.invoices += 1
        self.buckets[invoice.bucket] += invoice.open_cents
        self.oldest_days = max(self.oldest_days, invoice.days_overdue)


def _allocated_by(day: date) -> ScalarSelect[Any]:
    """SQL: what payments received on or before *day* allocated to each invoice."""
    return (select(func.coalesce(func.sum(PaymentAllocation.amount_cents), 0))
            .join(Payment, Payment.id == PaymentAllocation.payment_id)
            .where(PaymentAllocation.invoice_id == Invoice.id, Payment.received_on <= day,
                   Payment.deleted_at.is_(None))
            .correlate(Invoice).scalar_subquery())


def open_invoices(session: Session, actor: Actor, as_of: date, *,
                  customer_ids: Iterable[int] | None = None,
                  owner_id: int | None = None) -> list[OpenInvoice]:
    """The invoices open on *as_of* that the actor may see (oldest due first)."""
    paid = _allocated_by(as_of)
    stmt = (select(Invoice.id, Invoice.number, Invoice.customer_id, Invoice.issue_date,
                   Invoice.due_date, Invoice.total_cents, paid)
            .where(child_scope(for_lists(session, actor), Invoice.customer_id,
                               Invoice.owner_id),
                   Invoice.deleted_at.is_(None), Invoice.status.not_in(CLOSED_STATUSES),
                   Invoice.issue_date <= as_of)
            .order_by(Invoice.due_date, Invoice.id))
    if customer_ids is not None:
        stmt = stmt.where(Invoice.customer_id.in_(list(customer_ids)))
    if owner_id is not None:
        stmt = stmt.where(Invoice.customer_id.in_(
            select(Customer.id).where(Customer.owner_id == owner_id)))
    result = []
    for iid, number, cid, issued, due, total, allocated in session.execute(stmt):
        open_cents = int(total) - int(allocated or 0)
        if open_cents > 0:
            result.append(OpenInvoice(iid, number, cid, issued, due, int(total), open_cents,
                                      (as_of - due).days))
    return result


def _credits(session: Session, actor: Actor, as_of: date,
             customer_ids: Iterable[int] | None = None) -> dict[int, int]:
    """Unallocated payments (the customers' credit) received on or before *as_of*."""
    stmt = (select(Payment.customer_id, func.sum(Payment.unallocated_cents))
            .where(child_scope(for_lists(session, actor), Payment.customer_id,
                               Payment.owner_id),
                   Payment.deleted_at.is_(None), Payment.unallocated_cents > 0,
                   Payment.received_on <= as_of)
            .group_by(Payment.customer_id))
    if customer_ids is not None:
        stmt = stmt.where(Payment.customer_id.in_(list(customer_ids)))
    return {cid: int(total) for cid, total in session.execute(stmt)}


def _customers(session: Session, ids: Iterable[int]) -> dict[int, tuple[str, str, int | None]]:
    wanted = list(dict.fromkeys(ids))
    found: dict[int, tuple[str, str, int | None]] = {}
    for start in range(0, len(wanted), 900):
        chunk = wanted[start:start + 900]
        for cid, code, name, owner in session.execute(
                select(Customer.id, Customer.code, Customer.name, Customer.owner_id)
                .where(Customer.id.in_(chunk))):
            found[cid] = (code, name, owner)
    return found


def aging(session: Session, actor: Actor, criteria: Criteria) -> list[AgingRow]:
    """Receivables per customer on the criteria's day (``as_of``, default today):
    customers with open invoices or credit, the largest balance first.  ``owner_id``
    narrows to the customers of one owner."""
    as_of = criteria.overdue_day()
    invoices = open_invoices(session, actor, as_of, owner_id=criteria.owner_id)
    credits = _credits(session, actor, as_of)
    ids = {i.customer_id for i in invoices} | set(credits)
    info = _customers(session, ids)
    if criteria.owner_id is not None:
        ids = {cid for cid in ids if info.get(cid, ("", "", None))[2] == criteria.owner_id}
    names = UserNames(session)
    rows: dict[int, AgingRow] = {}
    for cid in ids:
        code, name, owner = info.get(cid, ("", f"#{cid}", None))
        rows[cid] = AgingRow(cid, code, name, owner, names(owner), customers=1,
                             credit_cents=credits.get(cid, 0), drill=customers_drill([cid]))
    for invoice in invoices:
        if invoice.customer_id in rows:
            rows[invoice.customer_id].add(invoice)
    return sorted(rows.values(), key=lambda r: (-r.balance_cents, r.code))


def aging_by_owner(session: Session, actor: Actor, criteria: Criteria) -> list[AgingRow]:
    """The same figures summed per customer owner (a total row per person)."""
    owners: dict[int | None, AgingRow] = {}
    members: dict[int | None, list[int]] = {}
    for row in aging(session, actor, criteria):
        total = owners.get(row.owner_id)
        if total is None:
            total = owners[row.owner_id] = AgingRow(None, "", row.owner, row.owner_id,
                                                    row.owner)
        assert row.customer_id is not None
        members.setdefault(row.owner_id, []).append(row.customer_id)
        total.customers += 1
        total.invoices += row.invoices
        total.credit_cents += row.credit_cents
        total.oldest_days = max(total.oldest_days, row.oldest_days)
        for key in BUCKET_KEYS:
            total.buckets[key] += row.buckets[key]
    for owner, total in owners.items():
        total.drill = customers_drill(members[owner])
    return sorted(owners.values(), key=lambda r: (-r.balance_cents, r.label))


def totals(rows: Iterable[AgingRow]) -> AgingRow:
    """A sum of the rows (the dashboard's card, a report's total line)."""
    total = AgingRow(None, "", translated(QT_TRANSLATE_NOOP("Analytics", "Total")), None, "")
    for row in rows:
        total.customers += row.customers
        total.invoices += row.invoices
        total.credit_cents += row.credit_cents
        total.oldest_days = max(total.oldest_days, row.oldest_days)
        for key in BUCKET_KEYS:
            total.buckets[key] += row.buckets[key]
    return total


def _bucket_cells() -> tuple[Cell, ...]:
    return tuple(cell(key, header, "money", _bucket_value(key))
                 for key, header, _first, _last in BUCKETS)


def _bucket_value(key: str) -> Callable[[AgingRow], int]:
    return lambda row: row.buckets[key]


def _aging_cells(first: tuple[Cell, ...]) -> tuple[Cell, ...]:
    return (*first,
            cell("invoices", QT_TRANSLATE_NOOP("Analytics", "Open invoices"), "int"),
            *_bucket_cells(),
            cell("open", QT_TRANSLATE_NOOP("Analytics", "Open"), "money", "open_cents"),
            cell("overdue", QT_TRANSLATE_NOOP("Analytics", "Overdue"), "money",
                 "overdue_cents"),
            cell("credit", QT_TRANSLATE_NOOP("Analytics", "Credit"), "money", "credit_cents"),
            cell("balance", QT_TRANSLATE_NOOP("Analytics", "Balance"), "money",
                 "balance_cents"),
            cell("oldest_days", QT_TRANSLATE_NOOP("Analytics", "Oldest overdue (days)"),
                 "int"))


TABLES: tuple[Analysis, ...] = (
    Analysis("receivables",
             QT_TRANSLATE_NOOP("Analytics", "Receivables aging per customer"), aging,
             _aging_cells((
                 cell("code", QT_TRANSLATE_NOOP("Analytics", "Code")),
                 cell("customer", QT_TRANSLATE_NOOP("Analytics", "Customer"), source="label"),
                 cell("owner", QT_TRANSLATE_NOOP("Analytics", "Owner")))),
             per_customer=True),
    Analysis("receivables-owner",
             QT_TRANSLATE_NOOP("Analytics", "Receivables aging per owner"), aging_by_owner,
             _aging_cells((
                 cell("owner", QT_TRANSLATE_NOOP("Analytics", "Owner"), source="label"),
                 cell("customers", QT_TRANSLATE_NOOP("Analytics", "Customers"), "int")))),
)
