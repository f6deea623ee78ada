"""Record types an administrator designs (since schema 0016).

``record_types`` holds one row per type and ``record_type_fields`` one row per field.
The records themselves live in a table of their own per type (``rt_<key>``), created
and altered at runtime by :mod:`crmdesk.core.record_types.tables` inside the
transaction that changes the definition.  Those tables are deliberately *not* on
``Base.metadata``: they differ from file to file, so no migration knows them.
"""

from __future__ import annotations

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from crmdesk.core.models.base import Base, TimestampMixin


class RecordType(TimestampMixin, Base):
    __tablename__ = "record_types"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(16), unique=True)
    name_zh: Mapped[str] = mapped_column(String(100))
    name_en: Mapped[str] = mapped_column(String(100))
    icon: Mapped[str | None] = mapped_column(String(40))
    code_prefix: Mapped[str | None] = mapped_column(String(8))
    #: "customer": each record belongs to a customer (visibility follows it);
    #: "owner": each record has an owner (staff own, manager team, admin all)
    belongs_to: Mapped[str] = mapped_column(String(10))
    #: the form's sections in order, JSON: [{"key", "name_zh", "name_en"}]
    sections: Mapped[str | None] = mapped_column(Text)
    #: statuses and the moves between them, JSON: {"statuses": [...], "transitions": [...]}
    statuses: Mapped[str | None] = mapped_column(Text)
    #: the table holding the records (``rt_<key>``)
    table_name: Mapped[str] = mapped_column(String(40))
    #: bumped by every change of the definition
    version: Mapped[int] = mapped_column(Integer, default=1)
    retired: Mapped[bool] = mapped_column(Boolean, default=False)
    position: Mapped[int] = mapped_column(Integer, default=0)


class RecordTypeField(TimestampMixin, Base):
    __tablename__ = "record_type_fields"
    __table_args__ = (UniqueConstraint("type_id", "key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    type_id: Mapped[int] = mapped_column(ForeignKey("record_types.id", ondelete="CASCADE"),
                                         index=True)
    key: Mapped[str] = mapped_column(String(30))
    name_zh: Mapped[str] = mapped_column(String(100))
    name_en: Mapped[str] = mapped_column(String(100))
    kind: Mapped[str] = mapped_column(String(20))
    required: Mapped[bool] = mapped_column(Boolean, default=False)
    unique: Mapped[bool] = mapped_column(Boolean, default=False)
    #: an index on the column (unique fields always have one)
    indexed: Mapped[bool] = mapped_column(Boolean, default=False)
    #: shown in the datasheet by default
    in_list: Mapped[bool] = mapped_column(Boolean, default=True)
    #: as typed (cleaned by the field's kind when used); "today" / "now" for dates
    default_value: Mapped[str | None] = mapped_column(Text)
    #: numbers: the range; money: yuan; dates: ISO dates; text: the length (max)
    min_value: Mapped[str | None] = mapped_column(String(40))
    max_value: Mapped[str | None] = mapped_column(String(40))
    help_zh: Mapped[str | None] = mapped_column(Text)
    help_en: Mapped[str | None] = mapped_column(Text)
    #: choice / multichoice: JSON [{"key", "name_zh", "name_en"}]
    choices: Mapped[str | None] = mapped_column(Text)
    #: kind "record": the key of the record type referred to
    target: Mapped[str | None] = mapped_column(String(16))
    section: Mapped[str | None] = mapped_column(String(30))
    position: Mapped[int] = mapped_column(Integer, default=0)
    retired: Mapped[bool] = mapped_column(Boolean, default=False)
    #: the column in the type's table; fixed for the field's life (a rename changes
    #: the labels only; a change of kind moves the values to a new column)
    column_name: Mapped[str] = mapped_column(String(40))
