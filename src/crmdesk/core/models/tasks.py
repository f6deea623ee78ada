"""Follow-up tasks and reminders."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import Mapped, mapped_column

from crmdesk.core.models.base import Base, RecordMixin, UTCDateTime


class Task(RecordMixin, Base):
    __tablename__ = "tasks"
    __table_args__ = (
        # the reminders of one assignee's open tasks (core/services/reminders.py); since 0008
        Index("ix_tasks_open_assignee", "assignee_id", "remind_at", "due_at",
              sqlite_where=text("done = 0 AND deleted_at IS NULL"),
              postgresql_where=text("NOT done AND deleted_at IS NULL")),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(200))
    notes: Mapped[str | None] = mapped_column(Text)
    due_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    remind_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"), index=True)
    opportunity_id: Mapped[int | None] = mapped_column(ForeignKey("opportunities.id"))
    ticket_id: Mapped[int | None] = mapped_column(ForeignKey("tickets.id"))
    priority: Mapped[str] = mapped_column(String(10), default="normal")
    done: Mapped[bool] = mapped_column(Boolean, default=False, index=True)
    done_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # Recurring tasks (since schema 0008, see crmdesk.core.recurrence): the RFC 5545
    # RRULE value; the series' first task (its id) and DTSTART; when the rule puts this
    # occurrence (its due time may have been moved for this one only); and the values
    # of the series this occurrence changed for itself only (JSON), which the next
    # occurrence takes again.
    recurrence: Mapped[str | None] = mapped_column(String(200))
    series_id: Mapped[int | None] = mapped_column(Integer, index=True)
    series_start: Mapped[datetime | None] = mapped_column(UTCDateTime)
    occurrence_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    series_values: Mapped[str | None] = mapped_column(Text)
