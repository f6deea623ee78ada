"""Stock, suppliers and purchase orders (since schema 0017, issue 16).

Quantities are whole units (``Integer``, as order lines); money is integer cents.

* ``warehouses`` and their ``warehouse_locations`` (bins, shelves);
* ``stock_levels``: one row per product and warehouse: ``on_hand`` and ``reserved``
  (``available = on_hand - reserved``).  The row is the lock: every change is one
  conditional ``UPDATE`` (``... WHERE on_hand - reserved >= :q``), so two shipments
  of the last unit cannot both succeed, on SQLite or PostgreSQL;
* ``stock_movements``: the ledger, never edited (a correction is a new movement):
  ``on_hand`` of a level is the sum of its movements' signed ``quantity``;
* ``suppliers``, ``purchase_orders`` and their lines (received quantities).

Products carry their average cost, low-stock level, the person responsible for
their stock, whether they are stocked at all, and their VAT rate (see ``sales.py``).
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import (
    BigInteger,
    Boolean,
    ColumnElement,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    case,
    func,
    select,
)
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, object_session

from crmdesk.core.models.base import Base, RecordMixin, UTCDateTime, utcnow


class Warehouse(RecordMixin, Base):
    __tablename__ = "warehouses"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    address: Mapped[str | None] = mapped_column(String(300))
    #: the person responsible (low-stock reminders go to them when a product has none)
    manager_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    notes: Mapped[str | None] = mapped_column(Text)


class WarehouseLocation(Base):
    """A bin or shelf of a warehouse (``A-01-03``)."""

    __tablename__ = "warehouse_locations"
    __table_args__ = (UniqueConstraint("warehouse_id", "code",
                                       name="uq_warehouse_locations_code"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    warehouse_id: Mapped[int] = mapped_column(
        ForeignKey("warehouses.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(30))
    name: Mapped[str | None] = mapped_column(String(100))


class StockLevel(Base):
    __tablename__ = "stock_levels"
    __table_args__ = (
        UniqueConstraint("product_id", "warehouse_id", name="uq_stock_levels_product"),
        Index("ix_stock_levels_warehouse", "warehouse_id", "product_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouses.id"))
    location_id: Mapped[int | None] = mapped_column(ForeignKey("warehouse_locations.id"))
    on_hand: Mapped[int] = mapped_column(Integer, default=0)
    reserved: Mapped[int] = mapped_column(Integer, default=0)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow,
                                                 onupdate=utcnow)

    # Derived values (no columns): usable in queries (filters, sorting) and on a row.
    @hybrid_property
    def available(self) -> int:
        return (self.on_hand or 0) - (self.reserved or 0)

    @available.inplace.expression
    @classmethod
    def _available_expression(cls) -> ColumnElement[int]:
        return cls.on_hand - cls.reserved

    @hybrid_property
    def cost_cents(self) -> int:
        """The product's average cost."""
        from crmdesk.core.models.sales import Product

        session = object_session(self)
        product = session.get(Product, self.product_id) if session is not None else None
        return int(product.cost_cents or 0) if product is not None else 0

    @cost_cents.inplace.expression
    @classmethod
    def _cost_cents_expression(cls) -> ColumnElement[int]:
        return _product_cost(cls.product_id)

    @hybrid_property
    def value_cents(self) -> int:
        """On hand at the average cost (stock below zero is worth nothing)."""
        return max(self.on_hand or 0, 0) * self.cost_cents

    @value_cents.inplace.expression
    @classmethod
    def _value_cents_expression(cls) -> ColumnElement[int]:
        return case((cls.on_hand > 0, cls.on_hand), else_=0) * _product_cost(cls.product_id)


def _product_cost(product_id: Any) -> ColumnElement[int]:
    from crmdesk.core.models.sales import Product

    return (select(func.coalesce(Product.cost_cents, 0))
            .where(Product.id == product_id).scalar_subquery())


class StockMovement(Base):
    """One line of the stock ledger.  ``kind``: receipt, issue, transfer_out,
    transfer_in, adjustment (a stocktake's or a correction's difference).
    ``quantity`` is signed (+ in, - out); ``unit_cost_cents`` the cost it moved at
    (a receipt's purchase price; an issue's average cost at the time)."""

    __tablename__ = "stock_movements"
    __table_args__ = (
        Index("ix_stock_movements_product", "product_id", "warehouse_id", "id"),
        Index("ix_stock_movements_moved_at", "moved_at"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(20), index=True)  # a transfer's two share one
    kind: Mapped[str] = mapped_column(String(16))
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"))
    warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouses.id"))
    quantity: Mapped[int] = mapped_column(Integer)
    unit_cost_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    reason: Mapped[str | None] = mapped_column(String(200))
    reference: Mapped[str | None] = mapped_column(String(100))
    #: the other warehouse of a transfer
    counterpart_id: Mapped[int | None] = mapped_column(ForeignKey("warehouses.id"))
    order_id: Mapped[int | None] = mapped_column(ForeignKey("orders.id"), index=True)
    delivery_id: Mapped[int | None] = mapped_column(ForeignKey("deliveries.id"), index=True)
    purchase_order_id: Mapped[int | None] = mapped_column(ForeignKey("purchase_orders.id"),
                                                          index=True)
    moved_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class Supplier(RecordMixin, Base):
    __tablename__ = "suppliers"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(String(200), index=True)
    contact_name: Mapped[str | None] = mapped_column(String(100))
    phone: Mapped[str | None] = mapped_column(String(32))
    email: Mapped[str | None] = mapped_column(String(254))
    address: Mapped[str | None] = mapped_column(String(300))
    tax_number: Mapped[str | None] = mapped_column(String(40))
    payment_terms_days: Mapped[int | None] = mapped_column(Integer)
    #: the buyer responsible for this supplier
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    notes: Mapped[str | None] = mapped_column(Text)


class PurchaseOrder(RecordMixin, Base):
    """``status``: draft, ordered, partial (partly received), received, cancelled."""

    __tablename__ = "purchase_orders"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(30), unique=True)
    supplier_id: Mapped[int] = mapped_column(ForeignKey("suppliers.id"), index=True)
    warehouse_id: Mapped[int] = mapped_column(ForeignKey("warehouses.id"))
    order_date: Mapped[date] = mapped_column(Date, index=True)
    expected_date: Mapped[date | None] = mapped_column(Date, index=True)
    status: Mapped[str] = mapped_column(String(16), default="draft")
    total_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    notes: Mapped[str | None] = mapped_column(Text)


class PurchaseOrderLine(Base):
    __tablename__ = "purchase_order_lines"

    id: Mapped[int] = mapped_column(primary_key=True)
    purchase_order_id: Mapped[int] = mapped_column(
        ForeignKey("purchase_orders.id", ondelete="CASCADE"), index=True)
    product_id: Mapped[int] = mapped_column(ForeignKey("products.id"), index=True)
    description: Mapped[str] = mapped_column(String(200))
    quantity: Mapped[int] = mapped_column(Integer, default=1)
    received_qty: Mapped[int] = mapped_column(Integer, default=0)
    unit_cost_cents: Mapped[int] = mapped_column(BigInteger, default=0)
    amount_cents: Mapped[int] = mapped_column(BigInteger, default=0)
