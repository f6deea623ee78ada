"""Customers: individuals and companies."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    BigInteger,
    CheckConstraint,
    Date,
    ForeignKey,
    Index,
    LargeBinary,
    String,
    Text,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from crmdesk.core.models.base import Base, RecordMixin, UTCDateTime

LIVE = text("deleted_at IS NULL")


class Customer(RecordMixin, Base):
    __tablename__ = "customers"
    __table_args__ = (
        CheckConstraint("kind IN ('individual', 'company')", name="kind"),
        CheckConstraint("intent_level IS NULL OR intent_level IN ('H', 'A', 'B', 'C')",
                        name="intent_level"),
        # Partial indexes over live customers: the datasheet's usual orders (newest,
        # by name, for one owner) read the ids of a million customers from the index.
        Index("ix_customers_live_name", "name", "id", sqlite_where=LIVE,
              postgresql_where=LIVE),
        Index("ix_customers_live_owner", "owner_id", "id", sqlite_where=LIVE,
              postgresql_where=LIVE),
        Index("ix_customers_live_owner_name", "owner_id", "name", "id", sqlite_where=LIVE,
              postgresql_where=LIVE),
        # Past cadence (core/services/cadence.py): every column its condition, order and
        # count read, deleted_at too so that SQLite takes the partial index as covering.
        Index("ix_customers_live_cadence", "owner_id", "intent_level", "status",
              "last_contact_at", "created_at", "deleted_at", sqlite_where=LIVE,
              postgresql_where=LIVE),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    kind: Mapped[str] = mapped_column(String(12), default="individual")
    name: Mapped[str] = mapped_column(String(200))
    gender: Mapped[str | None] = mapped_column(String(8))
    birthday: Mapped[date | None] = mapped_column(Date)
    mobile: Mapped[str | None] = mapped_column(String(32), index=True)
    phone: Mapped[str | None] = mapped_column(String(32), index=True)
    email: Mapped[str | None] = mapped_column(String(254), index=True)
    wechat: Mapped[str | None] = mapped_column(String(64))
    company: Mapped[str | None] = mapped_column(String(200))
    job_title: Mapped[str | None] = mapped_column(String(100))
    website: Mapped[str | None] = mapped_column(String(200))
    province: Mapped[str | None] = mapped_column(String(40), index=True)
    city: Mapped[str | None] = mapped_column(String(40))
    district: Mapped[str | None] = mapped_column(String(40))
    address: Mapped[str | None] = mapped_column(String(300))
    postal_code: Mapped[str | None] = mapped_column(String(12))
    industry: Mapped[str | None] = mapped_column(String(60), index=True)
    source: Mapped[str | None] = mapped_column(String(60))
    intent_level: Mapped[str | None] = mapped_column(String(1))
    category: Mapped[str | None] = mapped_column(String(60))
    tags: Mapped[str | None] = mapped_column(String(400))
    status: Mapped[str] = mapped_column(String(20), default="potential")
    owner_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    # Sensitive: only ciphertext (AES-GCM) and a keyed hash for exact lookup are stored.
    id_number_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    id_number_bidx: Mapped[bytes | None] = mapped_column(LargeBinary(16), index=True)
    bank_name: Mapped[str | None] = mapped_column(String(100))
    bank_account_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    bank_account_bidx: Mapped[bytes | None] = mapped_column(LargeBinary(16), index=True)
    notes: Mapped[str | None] = mapped_column(Text)
    last_contact_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    next_follow_up: Mapped[date | None] = mapped_column(Date, index=True)
    # Duplicate detection: the name key of crmdesk.core.matching (blocking), kept by the service.
    match_key: Mapped[str | None] = mapped_column(String(120), index=True)
    #: since schema 0017: open invoices and orders above this warn at order entry
    credit_limit_cents: Mapped[int | None] = mapped_column(BigInteger)
