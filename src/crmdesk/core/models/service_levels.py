"""Service levels (schema 0013): targets, the working calendar, each ticket's SLA clock.

* :class:`SlaTarget` - first-response and resolution targets (working minutes) per
  priority, optionally per customer category ("" = any category);
* :class:`WorkingHours` - the working week: one row per working weekday;
* :class:`CalendarDay` - a date that differs from its weekday: a holiday or a make-up
  working day (调休);
* :class:`TicketSla` - one row per ticket: its due and "at risk" moments for both
  targets, when it was first responded to, whether its clock is paused (a "waiting"
  status) and since when.  Kept beside the ticket (not on it) so that recomputing it
  never bumps the ticket's version under an open form;
* :class:`SlaBreach` - one escalation per ticket and target (unique): the assignee and
  the manager it went to.  The reminders read it (kind "sla").

The partial indexes make "breached" and "at risk" lists range reads on one index.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    Boolean,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    UniqueConstraint,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column

from crmdesk.core.models.base import Base, UTCDateTime, utcnow

RESPONSE_OPEN = text("first_responded_at IS NULL")
RESOLUTION_OPEN = text("resolved_at IS NULL")


class SlaTarget(Base):
    __tablename__ = "sla_targets"
    __table_args__ = (UniqueConstraint("priority", "customer_category",
                                       name="uq_sla_targets_priority_category"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    priority: Mapped[str] = mapped_column(String(10))
    #: a customer category (``customers.category``), "" for every customer
    customer_category: Mapped[str] = mapped_column(String(60), default="", server_default="")
    response_minutes: Mapped[int | None] = mapped_column(Integer)
    resolution_minutes: Mapped[int | None] = mapped_column(Integer)


class WorkingHours(Base):
    __tablename__ = "sla_working_hours"

    #: 0 = Monday .. 6 = Sunday; a weekday without a row is a day off
    weekday: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    start_minute: Mapped[int] = mapped_column(Integer)  # minutes after local midnight
    end_minute: Mapped[int] = mapped_column(Integer)


class CalendarDay(Base):
    __tablename__ = "sla_calendar_days"

    day: Mapped[date] = mapped_column(Date, primary_key=True)
    #: False: a holiday; True: a make-up working day (the hours below)
    working: Mapped[bool] = mapped_column(Boolean, default=False)
    start_minute: Mapped[int | None] = mapped_column(Integer)
    end_minute: Mapped[int | None] = mapped_column(Integer)
    note: Mapped[str | None] = mapped_column(String(100))


class TicketSla(Base):
    __tablename__ = "ticket_slas"
    __table_args__ = (
        Index("ix_ticket_slas_response_due", "response_due_at", sqlite_where=RESPONSE_OPEN,
              postgresql_where=RESPONSE_OPEN),
        Index("ix_ticket_slas_response_risk", "response_risk_at", sqlite_where=RESPONSE_OPEN,
              postgresql_where=RESPONSE_OPEN),
        Index("ix_ticket_slas_resolution_due", "resolution_due_at",
              sqlite_where=RESOLUTION_OPEN, postgresql_where=RESOLUTION_OPEN),
        Index("ix_ticket_slas_resolution_risk", "resolution_risk_at",
              sqlite_where=RESOLUTION_OPEN, postgresql_where=RESOLUTION_OPEN),
    )

    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"),
                                           primary_key=True, autoincrement=False)
    first_responded_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: the ticket's own ``resolved_at``, copied (the partial indexes need it here)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    response_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    response_risk_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolution_due_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolution_risk_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: set while the ticket is in a "waiting" status: its clocks stand still since then
    paused_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    computed_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class SlaBreach(Base):
    __tablename__ = "sla_breaches"
    __table_args__ = (UniqueConstraint("ticket_id", "target", name="uq_sla_breaches_target"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"))
    target: Mapped[str] = mapped_column(String(10))  # response | resolution
    due_at: Mapped[datetime] = mapped_column(UTCDateTime)
    detected_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    manager_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
