"""Files attached to records (contracts, scans, photos), stored inside the database.

An attachment belongs to one record of any type (``entity`` and ``record_id``: no foreign
key, the record may be of any table); ``customer_id`` is the customer the record belonged
to when the file was added (the customer itself, or a contact's, an order's ...; None for
products and campaigns).  Who may see an attachment is decided by its record's visibility
at the time of the read, never by ``customer_id`` alone.

The bytes are in ``attachment_data``, in chunks of :data:`CHUNK_SIZE` (see
``docs/architecture.md``, "Attachments", for the measurements behind the choice): a file
is written and read a chunk at a time, so a large one never needs two copies in memory,
and on PostgreSQL no single parameter nears the driver's limits.

A record purged for good takes its attachments with it (:func:`_sweep_orphans`), whatever
service purged it (a customer's purge also removes its contacts, orders ... in bulk).
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import (
    ForeignKey,
    Index,
    Integer,
    LargeBinary,
    String,
    column,
    delete,
    event,
    exists,
    select,
    table,
)
from sqlalchemy.orm import Mapped, Session, mapped_column

from crmdesk.core.models.base import Base, UTCDateTime, utcnow

#: bytes per row of ``attachment_data``
CHUNK_SIZE = 1024 * 1024

#: the record types that take attachments, and their tables
ENTITY_TABLES: dict[str, str] = {
    "customer": "customers", "contact": "contacts", "interaction": "interactions",
    "opportunity": "opportunities", "product": "products", "order": "orders",
    "ticket": "tickets", "task": "tasks", "campaign": "campaigns",
    "supplier": "suppliers", "purchase_order": "purchase_orders",  # issue 16
    "quote": "quotes", "invoice": "invoices", "payment": "payments",  # issue 16
    "delivery": "deliveries",  # issue 16: a signed delivery note, a carrier's receipt
    # issue 16 (stock): a warehouse's lease, a receipt's delivery slip, a shelf's photo
    "warehouse": "warehouses", "stock_movement": "stock_movements",
    "stock_level": "stock_levels",
}


class Attachment(Base):
    __tablename__ = "attachments"
    __table_args__ = (Index("ix_attachments_record", "entity", "record_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entity: Mapped[str] = mapped_column(String(20))
    record_id: Mapped[int] = mapped_column(Integer)
    customer_id: Mapped[int | None] = mapped_column(Integer, index=True)
    file_name: Mapped[str] = mapped_column(String(255))
    mime_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # the recycle bin, as for records: no index (almost every row is NULL)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    deleted_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))


class AttachmentData(Base):
    __tablename__ = "attachment_data"

    attachment_id: Mapped[int] = mapped_column(
        ForeignKey("attachments.id", ondelete="CASCADE"), primary_key=True)
    chunk: Mapped[int] = mapped_column(Integer, primary_key=True)
    data: Mapped[bytes] = mapped_column(LargeBinary)


_TABLES = frozenset(ENTITY_TABLES.values())


def _sweep_orphans(connection: Any) -> None:
    """Delete the attachments (and their bytes) whose record no longer exists."""
    for entity, table_name in ENTITY_TABLES.items():
        records = table(table_name, column("id"))
        orphan = (Attachment.entity == entity) & ~exists(
            select(records.c.id).where(records.c.id == Attachment.record_id))
        connection.execute(delete(AttachmentData).where(
            AttachmentData.attachment_id.in_(select(Attachment.id).where(orphan))))
        connection.execute(delete(Attachment).where(orphan))


@event.listens_for(Session, "after_flush")
def _purge_attachments_of_purged_records(session: Session, _context: Any) -> None:
    """A flush that deleted records (a purge) takes their attachments with them."""
    if any(getattr(type(obj), "__tablename__", None) in _TABLES for obj in session.deleted):
        _sweep_orphans(session.connection())
