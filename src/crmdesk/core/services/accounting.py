"""The hand-off to the accountant: invoices, payments and a double-entry journal.

The journal (one row per account line; each document's lines balance):

=====================  ===========================  ==============  ===================
document               debit                        credit          amount
=====================  ===========================  ==============  ===================
invoice                ``receivable``               ``revenue``     net
                                                    ``vat_output``  tax
opening balance        ``receivable``               ``opening``     total
payment                ``bank`` (``cash`` for cash) ``receivable``  amount
shipment (stock issue) ``cogs``                     ``inventory``   quantity x its cost
purchase receipt       ``inventory``                ``payable``     quantity x its cost
=====================  ===========================  ==============  ===================

Account codes are database settings ``accounting.account_<name>`` (defaults from the
Chinese chart of accounts: 1122, 6001, 22210102, 1002, 1001, 4104, 1405, 6401, 2202),
so the layout maps onto any package's chart.  Void and deleted invoices and deleted
payments are left out.  Documents of customers follow the actor's visibility (needs
``accounting.export``: managers their team's customers, administrators all); stock
lines are everyone's.  The file writers are in :mod:`crmdesk.exchange.accounting`.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import ColumnElement, select
from sqlalchemy.orm import Session

from crmdesk.core.analytics.criteria import local_day_start
from crmdesk.core.models import Customer, Invoice, Payment, Product, StockMovement
from crmdesk.core.permissions import Actor, child_scope, for_lists, require
from crmdesk.core.services import settings
from crmdesk.i18n import QT_TRANSLATE_NOOP, render

#: account name -> English label (context Accounting)
ACCOUNTS: dict[str, str] = {
    "receivable": QT_TRANSLATE_NOOP("Accounting", "Accounts receivable"),
    "revenue": QT_TRANSLATE_NOOP("Accounting", "Sales revenue"),
    "vat_output": QT_TRANSLATE_NOOP("Accounting", "Output VAT"),
    "bank": QT_TRANSLATE_NOOP("Accounting", "Bank"),
    "cash": QT_TRANSLATE_NOOP("Accounting", "Cash"),
    "opening": QT_TRANSLATE_NOOP("Accounting", "Opening balances"),
    "inventory": QT_TRANSLATE_NOOP("Accounting", "Stock of goods"),
    "cogs": QT_TRANSLATE_NOOP("Accounting", "Cost of goods sold"),
    "payable": QT_TRANSLATE_NOOP("Accounting", "Accounts payable"),
}


def account_codes(session: Session) -> dict[str, str]:
    """Account name -> the code the export writes (from the settings)."""
    return {name: str(settings.get(session, f"accounting.account_{name}") or "")
            for name in ACCOUNTS}


@dataclass(frozen=True)
class JournalLine:
    day: date
    voucher: str  # the document's number
    kind: str  # invoice | opening | payment | shipment | receipt
    account: str  # its code
    account_name: str  # the account's name in the reader's language
    debit_cents: int
    credit_cents: int
    description: str
    customer_code: str
    customer: str


@dataclass(frozen=True)
class InvoiceRow:
    number: str
    issue_date: date
    due_date: date
    customer_code: str
    customer: str
    status: str
    net_cents: int
    tax_cents: int
    total_cents: int
    paid_cents: int
    opening_balance: bool
    order_id: int | None


@dataclass(frozen=True)
class PaymentRow:
    number: str
    received_on: date
    customer_code: str
    customer: str
    method: str
    reference: str
    amount_cents: int
    unallocated_cents: int


@dataclass
class Handoff:
    start: date | None
    end: date | None
    invoices: list[InvoiceRow]
    payments: list[PaymentRow]
    journal: list[JournalLine]
    accounts: dict[str, str]
    customer_ids: list[int]

    @property
    def balanced(self) -> bool:
        return (sum(x.debit_cents for x in self.journal)
                == sum(x.credit_cents for x in self.journal))


def _between(column: Any, start: date | None, end: date | None) -> list[ColumnElement[bool]]:
    conditions: list[ColumnElement[bool]] = []
    if start is not None:
        conditions.append(column >= start)
    if end is not None:
        conditions.append(column <= end)
    return conditions


def _t(text: str, **params: object) -> str:
    return render("Accounting", text, **params)


def build(session: Session, actor: Actor, start: date | None = None,
          end: date | None = None) -> Handoff:
    """Invoices issued, payments received and stock moved in *start* .. *end* (inclusive,
    None: open), with their journal."""
    require(actor, "accounting.export")
    scoped = for_lists(session, actor)
    codes = account_codes(session)
    names = {k: _t(v) for k, v in ACCOUNTS.items()}
    journal: list[JournalLine] = []
    customer_ids: list[int] = []

    def line(day: date, voucher: str, kind: str, account: str, debit: int, credit: int,
             text: str, code: str = "", name: str = "") -> None:
        journal.append(JournalLine(day, voucher, kind, codes[account], names[account],
                                   debit, credit, text, code, name))

    invoices: list[InvoiceRow] = []
    for inv, code, name in session.execute(
            select(Invoice, Customer.code, Customer.name)
            .join(Customer, Customer.id == Invoice.customer_id)
            .where(child_scope(scoped, Invoice.customer_id, Invoice.owner_id),
                   Invoice.deleted_at.is_(None), Invoice.status != "void",
                   *_between(Invoice.issue_date, start, end))
            .order_by(Invoice.issue_date, Invoice.number)):
        customer_ids.append(inv.customer_id)
        invoices.append(InvoiceRow(inv.number, inv.issue_date, inv.due_date, code, name,
                                   inv.status, inv.net_cents, inv.tax_cents, inv.total_cents,
                                   inv.paid_cents, bool(inv.opening_balance), inv.order_id))
        if inv.opening_balance:
            text = _t(QT_TRANSLATE_NOOP("Accounting", "Opening balance {number}"),
                      number=inv.number)
            line(inv.issue_date, inv.number, "opening", "receivable", inv.total_cents, 0,
                 text, code, name)
            line(inv.issue_date, inv.number, "opening", "opening", 0, inv.total_cents, text,
                 code, name)
            continue
        text = _t(QT_TRANSLATE_NOOP("Accounting", "Invoice {number}"), number=inv.number)
        line(inv.issue_date, inv.number, "invoice", "receivable", inv.total_cents, 0, text,
             code, name)
        line(inv.issue_date, inv.number, "invoice", "revenue", 0, inv.net_cents, text, code,
             name)
        if inv.tax_cents:
            line(inv.issue_date, inv.number, "invoice", "vat_output", 0, inv.tax_cents, text,
                 code, name)

    payments: list[PaymentRow] = []
    for pay, code, name in session.execute(
            select(Payment, Customer.code, Customer.name)
            .join(Customer, Customer.id == Payment.customer_id)
            .where(child_scope(scoped, Payment.customer_id, Payment.owner_id),
                   Payment.deleted_at.is_(None),
                   *_between(Payment.received_on, start, end))
            .order_by(Payment.received_on, Payment.number)):
        customer_ids.append(pay.customer_id)
        payments.append(PaymentRow(pay.number, pay.received_on, code, name, pay.method,
                                   pay.reference or "", pay.amount_cents,
                                   pay.unallocated_cents))
        text = _t(QT_TRANSLATE_NOOP("Accounting", "Payment {number}"), number=pay.number)
        if pay.reference:
            text = f"{text} ({pay.reference})"
        line(pay.received_on, pay.number, "payment", "cash" if pay.method == "cash" else "bank",
             pay.amount_cents, 0, text, code, name)
        line(pay.received_on, pay.number, "payment", "receivable", 0, pay.amount_cents, text,
             code, name)

    journal.extend(_stock_lines(session, start, end, codes, names))
    journal.sort(key=lambda x: (x.day, x.voucher))
    return Handoff(start, end, invoices, payments, journal, codes,
                   list(dict.fromkeys(customer_ids)))


def _stock_lines(session: Session, start: date | None, end: date | None,
                 codes: dict[str, str], names: dict[str, str]) -> Iterable[JournalLine]:
    """Shipments (cost of goods sold) and purchase receipts (goods bought on credit),
    one pair of lines per movement number and product."""
    conditions: list[ColumnElement[bool]] = [StockMovement.kind.in_(("issue", "receipt")),
                  (StockMovement.delivery_id.is_not(None))
                  | (StockMovement.purchase_order_id.is_not(None))]
    if start is not None:
        conditions.append(StockMovement.moved_at >= local_day_start(start))
    if end is not None:
        conditions.append(StockMovement.moved_at < local_day_start(end + timedelta(days=1)))
    for move, product in session.execute(
            select(StockMovement, Product.name)
            .join(Product, Product.id == StockMovement.product_id)
            .where(*conditions).order_by(StockMovement.id)):
        amount = abs(move.quantity) * int(move.unit_cost_cents or 0)
        if not amount:
            continue
        day = move.moved_at.astimezone().date()
        if move.kind == "issue":
            text = _t(QT_TRANSLATE_NOOP("Accounting", "Shipped {quantity} x {product}"),
                      quantity=abs(move.quantity), product=product)
            pair = ("cogs", "inventory")
            kind = "shipment"
        else:
            text = _t(QT_TRANSLATE_NOOP("Accounting", "Received {quantity} x {product}"),
                      quantity=move.quantity, product=product)
            pair = ("inventory", "payable")
            kind = "receipt"
        voucher = move.reference or move.number
        yield JournalLine(day, voucher, kind, codes[pair[0]], names[pair[0]], amount, 0, text,
                          "", "")
        yield JournalLine(day, voucher, kind, codes[pair[1]], names[pair[1]], 0, amount, text,
                          "", "")
