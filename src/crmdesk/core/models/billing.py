"""Quotes, deliveries, invoices, payments and bank statement lines (since schema 0017,
issue 16).  Money is integer cents; VAT rates are basis points (1300 = 13 %).

* ``quotes`` with lines: a quote becomes an order in one step (``orders.quote_id``);
* ``deliveries`` (delivery notes) with lines against order lines: shipping one
  issues stock (``stock_movements.delivery_id``), partial shipments allowed;
* ``invoices`` with lines, issued from delivered order lines; numbered without gaps
  (the counter is taken in the transaction that writes the invoice);  an issued
  invoice is never deleted, only voided;
* ``payments`` and their ``payment_allocations`` to invoices (partial payments;
  what is not allocated stays on the payment as the customer's credit);
* ``bank_lines``: imported bank statement lines, matched to a payment.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import BigInteger, Boolean, Date, ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from crmdesk.core.models.base import Base, RecordMixin, UTCDateTime, utcnow


class Quote(RecordMixin, Base):
    """``status``: draft, sent, accepted (the order it became has ``quote_id``), rejected, expired."""

    __tablename__ = "quotes"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(30), unique=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    quote_date: Mapped[date] = mapped_column(Date, index=True)
    valid_until: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="draft")
    net_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    tax_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    total_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    opportunity_id: Mapped[int | None] = mapped_column(ForeignKey("opportunities.id"))
    notes: Mapped[str | None] = mapped_column(Text)


class QuoteLine(Base):
    __tablename__ = "quote_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    quote_id: Mapped[int] = mapped_column(ForeignKey("quotes.id", ondelete="CASCADE"),
                                          index=True)
    product_id: Mapped[int | None] = mapped_column(ForeignKey("products.id"))
    description: Mapped[str] = mapped_column(String(200))
    quantity: Mapped[int] = mapped_column(Integer, default=1)
    unit_price_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    vat_rate: Mapped[int] = mapped_column(Integer, default=0)
    amount_cents: Mapped[int] = mapped_column(BigInteger, default=0)


class Delivery(RecordMixin, Base):
    """A delivery note.  ``status``: planned, shipped, cancelled."""

    __tablename__ = "deliveries"
    __table_args__ = (Index("ix_deliveries_planned", "status", "planned_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(30), unique=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id"), index=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouses.id"))
    planned_date: Mapped[date | None] = mapped_column(Date)
    shipped_on: Mapped[date | None] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="planned")
    carrier: Mapped[str | None] = mapped_column(String(100))
    tracking: Mapped[str | None] = mapped_column(String(100))
    address: Mapped[str | None] = mapped_column(String(300))
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    notes: Mapped[str | None] = mapped_column(Text)


class DeliveryLine(Base):
    __tablename__ = "delivery_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    delivery_id: Mapped[int] = mapped_column(ForeignKey("deliveries.id", ondelete="CASCADE"),
                                             index=True)
    order_line_id: Mapped[int] = mapped_column(ForeignKey("order_lines.id"), index=True)
    product_id: Mapped[int | None] = mapped_column(ForeignKey("products.id"))
    quantity: Mapped[int] = mapped_column(Integer)


class Invoice(RecordMixin, Base):
    """``status``: issued, partial (partly paid), paid, void.  ``number`` comes from
    a counter taken in the writing transaction, so numbers have no gaps."""

    __tablename__ = "invoices"
    __table_args__ = (Index("ix_invoices_open", "status", "due_date"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(30), unique=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    order_id: Mapped[int | None] = mapped_column(ForeignKey("orders.id"), index=True)
    issue_date: Mapped[date] = mapped_column(Date, index=True)
    due_date: Mapped[date] = mapped_column(Date)
    status: Mapped[str] = mapped_column(String(16), default="issued")
    net_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    tax_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    total_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    paid_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    notes: Mapped[str | None] = mapped_column(Text)
    voided_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    void_reason: Mapped[str | None] = mapped_column(String(200))
    #: a customer's receivable brought over from the previous system
    #: (``core/services/opening_balances.py``): no lines, numbered apart (``OB...``)
    opening_balance: Mapped[bool] = mapped_column(Boolean, default=False)


class InvoiceLine(Base):
    __tablename__ = "invoice_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoices.id", ondelete="CASCADE"),
                                            index=True)
    order_line_id: Mapped[int | None] = mapped_column(ForeignKey("order_lines.id"),
                                                      index=True)
    product_id: Mapped[int | None] = mapped_column(ForeignKey("products.id"))
    description: Mapped[str] = mapped_column(String(200))
    quantity: Mapped[int] = mapped_column(Integer, default=1)
    unit_price_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    vat_rate: Mapped[int] = mapped_column(Integer, default=0)
    net_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    tax_cents: Mapped[int] = mapped_column(BigInteger, default=0)


class Payment(RecordMixin, Base):
    """Money received from a customer.  ``method``: cash, transfer, wechat, alipay,
    card, other.  ``unallocated_cents`` is what no invoice took (an over-payment,
    the customer's credit)."""

    __tablename__ = "payments"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(30), unique=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    received_on: Mapped[date] = mapped_column(Date, index=True)
    amount_cents: Mapped[int] = mapped_column(BigInteger)
    unallocated_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    method: Mapped[str] = mapped_column(String(16), default="transfer")
    reference: Mapped[str | None] = mapped_column(String(100))
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    notes: Mapped[str | None] = mapped_column(Text)


class PaymentAllocation(Base):
    __tablename__ = "payment_allocations"

    id: Mapped[int] = mapped_column(primary_key=True)
    payment_id: Mapped[int] = mapped_column(ForeignKey("payments.id", ondelete="CASCADE"),
                                            index=True)
    invoice_id: Mapped[int] = mapped_column(ForeignKey("invoices.id"), index=True)
    amount_cents: Mapped[int] = mapped_column(BigInteger)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class BankLine(Base):
    """A bank statement line imported from CSV; ``fingerprint`` (account, date,
    amount, reference, counterparty) makes a second import of the same statement
    add nothing.  ``payment_id`` is set once it is matched and booked."""

    __tablename__ = "bank_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    account: Mapped[str | None] = mapped_column(String(60))
    booked_on: Mapped[date] = mapped_column(Date, index=True)
    amount_cents: Mapped[int] = mapped_column(BigInteger)
    counterparty: Mapped[str | None] = mapped_column(String(200))
    reference: Mapped[str | None] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(String(400))
    fingerprint: Mapped[str] = mapped_column(String(64), unique=True)
    payment_id: Mapped[int | None] = mapped_column(ForeignKey("payments.id"), index=True)
    imported_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    imported_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    #: set aside by a user (not a customer's payment: fees, interest, a refund ...)
    ignored: Mapped[bool] = mapped_column(Boolean, default=False)
