"""Diary and memo notes (since schema 0012).

A note is one user's own: a date, a kind (``diary`` or ``memo``), a title and a body,
optionally linked to a customer.  Only its author finds it (lists and search); an
administrator also sees the notes linked to a customer on that customer's timeline.
See :mod:`crmdesk.core.services.diary`.
"""

from __future__ import annotations

from datetime import date

from sqlalchemy import Date, ForeignKey, Index, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from crmdesk.core.models.base import Base, RecordMixin


class DiaryNote(RecordMixin, Base):
    __tablename__ = "diary_notes"
    __table_args__ = (Index("ix_diary_notes_author_date", "author_id", "note_date"),
                      Index("ix_diary_notes_customer", "customer_id"))

    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    note_date: Mapped[date] = mapped_column(Date)
    #: ``diary`` (what happened that day) or ``memo`` (a note to keep)
    kind: Mapped[str] = mapped_column(String(10), default="diary")
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str | None] = mapped_column(Text)
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"))
