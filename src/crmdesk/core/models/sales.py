"""Sales: opportunities and their stages, products, orders with lines."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    Boolean,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    false,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column

from crmdesk.core.models.base import Base, RecordMixin, UTCDateTime


class OpportunityStage(Base):
    """A pipeline stage with its win probability (percent), editable by an admin.

    ``name`` is the English name (a built-in stage's source name, translated when
    shown) and ``name_zh`` the Chinese one (None: the translation, or ``name``);
    ``presentation.stage_name`` picks.  A ``retired`` stage takes no new moves.
    """

    __tablename__ = "opportunity_stages"

    key: Mapped[str] = mapped_column(String(20), primary_key=True)
    name: Mapped[str] = mapped_column(String(60))
    probability: Mapped[int] = mapped_column(Integer)
    position: Mapped[int] = mapped_column(Integer)
    is_won: Mapped[bool] = mapped_column(Boolean, default=False)
    is_lost: Mapped[bool] = mapped_column(Boolean, default=False)
    name_zh: Mapped[str | None] = mapped_column(String(60))  # since schema 0006
    retired: Mapped[bool] = mapped_column(Boolean, default=False, server_default=false())


class Product(RecordMixin, Base):
    __tablename__ = "products"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(40), unique=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    category: Mapped[str | None] = mapped_column(String(60))
    unit: Mapped[str | None] = mapped_column(String(20))
    price_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    description: Mapped[str | None] = mapped_column(Text)
    # since schema 0017 (issue 16): stock and money.  Columns added to existing tables
    # carry no FOREIGN KEY: on SQLite that would need a copy of the whole table.
    #: kept in stock (False: a service or a non-stock item, never reserved or issued)
    tracks_stock: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    #: moving average cost over every warehouse, kept by receipts
    cost_cents: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    #: available below this raises a reminder for ``stock_keeper_id`` (None: no check)
    low_stock_level: Mapped[int | None] = mapped_column(Integer)
    stock_keeper_id: Mapped[int | None] = mapped_column(Integer)  # users.id
    #: VAT rate in basis points (1300 = 13 %); None: the settings' default rate
    vat_rate: Mapped[int | None] = mapped_column(Integer)


class Opportunity(RecordMixin, Base):
    __tablename__ = "opportunities"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    title: Mapped[str] = mapped_column(String(200))
    product_id: Mapped[int | None] = mapped_column(ForeignKey("products.id"))
    amount_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    stage: Mapped[str] = mapped_column(ForeignKey("opportunity_stages.key"), index=True)
    expected_close: Mapped[date | None] = mapped_column(Date, index=True)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    source: Mapped[str | None] = mapped_column(String(60))
    notes: Mapped[str | None] = mapped_column(Text)
    closed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    lost_reason: Mapped[str | None] = mapped_column(String(200))


class Order(RecordMixin, Base):
    __tablename__ = "orders"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(30), unique=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    order_date: Mapped[date] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(16), default="confirmed")
    total_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    opportunity_id: Mapped[int | None] = mapped_column(ForeignKey("opportunities.id"))
    notes: Mapped[str | None] = mapped_column(Text)
    # since schema 0017 (issue 16; no FOREIGN KEY on added columns, see Product)
    #: the warehouse it ships from (None: the default warehouse)
    warehouse_id: Mapped[int | None] = mapped_column(Integer)  # warehouses.id
    #: the planned delivery date (the delivery plan, the calendar)
    delivery_date: Mapped[date | None] = mapped_column(Date)
    #: the sales channel (shop, online, phone, agent ...; a suggest list)
    channel: Mapped[str | None] = mapped_column(String(60))
    quote_id: Mapped[int | None] = mapped_column(Integer, index=True)  # quotes.id


class OrderLine(Base):
    __tablename__ = "order_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    order_id: Mapped[int] = mapped_column(ForeignKey("orders.id", ondelete="CASCADE"), index=True)
    product_id: Mapped[int | None] = mapped_column(ForeignKey("products.id"), index=True)
    description: Mapped[str] = mapped_column(String(200))
    quantity: Mapped[int] = mapped_column(Integer, default=1)
    unit_price_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    amount_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    # since schema 0017 (issue 16)
    vat_rate: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    reserved_qty: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    shipped_qty: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    invoiced_qty: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
