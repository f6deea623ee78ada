"""User-defined fields per record type, and their values."""

from __future__ import annotations

from datetime import date

from sqlalchemy import (
    Boolean,
    Date,
    Float,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column

from crmdesk.core.models.base import Base, TimestampMixin

CUSTOM_FIELD_KINDS = ("text", "number", "date", "choice")
#: every built-in record type has custom fields
CUSTOM_FIELD_ENTITIES = ("customer", "contact", "interaction", "opportunity", "order", "ticket",
                         "task", "product")


class CustomFieldDef(TimestampMixin, Base):
    __tablename__ = "custom_field_defs"
    __table_args__ = (UniqueConstraint("entity", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    entity: Mapped[str] = mapped_column(String(20))
    key: Mapped[str] = mapped_column(String(40))
    label: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(10))
    choices: Mapped[str | None] = mapped_column(Text)  # JSON list for "choice"
    required: Mapped[bool] = mapped_column(Boolean, default=False)
    sensitive: Mapped[bool] = mapped_column(Boolean, default=False)
    position: Mapped[int] = mapped_column(Integer, default=0)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class CustomFieldValue(Base):
    __tablename__ = "custom_field_values"
    __table_args__ = (UniqueConstraint("def_id", "entity_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    def_id: Mapped[int] = mapped_column(ForeignKey("custom_field_defs.id", ondelete="CASCADE"))
    entity_id: Mapped[int] = mapped_column(Integer, index=True)
    value_text: Mapped[str | None] = mapped_column(Text)
    value_number: Mapped[float | None] = mapped_column(Float)  # for sorting only
    value_date: Mapped[date | None] = mapped_column(Date)
    value_enc: Mapped[bytes | None] = mapped_column(LargeBinary)
    value_bidx: Mapped[bytes | None] = mapped_column(LargeBinary(16), index=True)
