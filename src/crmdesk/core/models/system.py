"""Database-wide settings, code counters, the search index and merge records."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from crmdesk.core.models.base import Base, UTCDateTime, utcnow


class Setting(Base):
    """One database-wide setting; *value* is JSON."""

    __tablename__ = "settings"

    key: Mapped[str] = mapped_column(String(60), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Counter(Base):
    """The last number handed out for a record code (C000001, O000001 ...)."""

    __tablename__ = "counters"

    name: Mapped[str] = mapped_column(String(30), primary_key=True)
    value: Mapped[int] = mapped_column(Integer, default=0)


class SearchDoc(Base):
    """One searchable record.  The full-text index (FTS5 on SQLite) is keyed by ``id``."""

    __tablename__ = "search_docs"
    __table_args__ = (
        UniqueConstraint("kind", "ref_id"),
        # what a user who sees only some owners' customers searches by title prefix
        Index("ix_search_docs_owner_title", "owner_id", "title"),
        # a server's substring match of an actor's own records on others' customers
        Index("ix_search_docs_personal", "personal_id",
              sqlite_where=text("personal_id IS NOT NULL"),
              postgresql_where=text("personal_id IS NOT NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    ref_id: Mapped[int] = mapped_column(Integer)
    customer_id: Mapped[int | None] = mapped_column(Integer, index=True)
    #: the owner of the customer (who may see the record), as held by the full-text
    #: index; kept by crmdesk.core.search when a customer changes hands
    owner_id: Mapped[int | None] = mapped_column(Integer)
    #: the user the record belongs to besides its customer (a ticket's assignee, an
    #: opportunity's owner: ``RecordService.personal_columns``), a word of the
    #: full-text rows too, so it is found by whoever sees that user's records
    personal_id: Mapped[int | None] = mapped_column(Integer)
    code: Mapped[str | None] = mapped_column(String(30))
    title: Mapped[str] = mapped_column(String(200), index=True)
    subtitle: Mapped[str | None] = mapped_column(String(200))
    keys: Mapped[str | None] = mapped_column(String(400))  # pinyin: full and initials
    body: Mapped[str] = mapped_column(Text)  # lower-cased searchable text


class MergeRecord(Base):
    """A customer merge, kept so it can be undone from the recycle bin."""

    __tablename__ = "merge_records"

    id: Mapped[int] = mapped_column(primary_key=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    survivor_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    merged_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    survivor_before: Mapped[str] = mapped_column(Text)  # JSON of the survivor's fields
    moved: Mapped[str] = mapped_column(Text)  # JSON {table: [ids]} moved to the survivor
    undone_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
