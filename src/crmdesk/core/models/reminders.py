"""Reminders: each user's snoozes and dismissals (since schema 0008).

A reminder is not a row of its own: it is a task's reminder time (``remind_at``, or
its due time), a customer's planned follow-up date or a ticket's due date, each at
09:00 local on a date (see :mod:`crmdesk.core.services.reminders`).  What a user did
with one is a :class:`ReminderState`, about the time or date it was for: when the
record's time changes, the old state no longer applies and the reminder fires again.

The indexes below make the once-a-minute check one indexed query per kind: they are
declared here, with the feature that reads them, and created by migration 0008.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Date, ForeignKey, Index, Integer, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column

from crmdesk.core.models.base import Base, UTCDateTime, utcnow
from crmdesk.core.models.customers import Customer
from crmdesk.core.models.tickets import Ticket

LIVE = text("deleted_at IS NULL")


class ReminderState(Base):
    """A user snoozed or dismissed the reminder of one record (*kind*, *ref_id*)."""

    __tablename__ = "reminder_states"
    __table_args__ = (UniqueConstraint("user_id", "kind", "ref_id", name="uq_reminder_state"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    #: "task", "follow_up" (a customer's next follow-up) or "ticket"
    kind: Mapped[str] = mapped_column(String(16))
    ref_id: Mapped[int] = mapped_column(Integer)
    #: the reminder this state is about: a task's reminder time, or the date of a
    #: follow-up or ticket (the other one is None)
    remind_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    due_date: Mapped[date | None] = mapped_column(Date)
    snoozed_until: Mapped[datetime | None] = mapped_column(UTCDateTime)
    dismissed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, nullable=False)


# One owner's planned follow-ups, one assignee's dated tickets (live records only).
Index("ix_customers_owner_follow_up", Customer.owner_id, Customer.next_follow_up,
      sqlite_where=LIVE, postgresql_where=LIVE)
Index("ix_tickets_assignee_due", Ticket.assignee_id, Ticket.due_date,
      sqlite_where=LIVE, postgresql_where=LIVE)
