"""Service tickets with configurable statuses, transitions and a history of changes."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Integer, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from crmdesk.core.models.base import Base, RecordMixin, UTCDateTime, utcnow

#: the categories of a status: what it means for counts and (later) service levels
STATUS_CATEGORIES = ("open", "waiting", "closed")


class TicketStatus(Base):
    """A configurable status.  ``name`` is the English name (or the one name an
    administrator gave), ``name_zh`` the Chinese one; ``category`` is one of
    :data:`STATUS_CATEGORIES` and ``is_closed`` always equals ``category == "closed"``
    (kept for the queries that only ask "is it closed"); ``active`` False means
    retired: offered for no new move, while the tickets in it keep showing it."""

    __tablename__ = "ticket_statuses"

    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(30), unique=True)
    name: Mapped[str] = mapped_column(String(60))
    name_zh: Mapped[str | None] = mapped_column(String(60))
    category: Mapped[str] = mapped_column(String(10), default="open", server_default="open")
    colour: Mapped[str | None] = mapped_column(String(7))  # "#rrggbb" or None
    position: Mapped[int] = mapped_column(Integer)
    is_closed: Mapped[bool] = mapped_column(Boolean, default=False)
    is_default: Mapped[bool] = mapped_column(Boolean, default=False)
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class TicketTransition(Base):
    """A ticket in ``from_status_id`` may move to ``to_status_id`` by a user whose role
    is among ``roles`` (comma-separated: admin, manager, staff).  No row: no move."""

    __tablename__ = "ticket_transitions"

    id: Mapped[int] = mapped_column(primary_key=True)
    from_status_id: Mapped[int] = mapped_column(ForeignKey("ticket_statuses.id"))
    to_status_id: Mapped[int] = mapped_column(ForeignKey("ticket_statuses.id"))
    roles: Mapped[str] = mapped_column(String(40))

    __table_args__ = (UniqueConstraint("from_status_id", "to_status_id",
                                       name="uq_ticket_transitions_move"),)


class Ticket(RecordMixin, Base):
    __tablename__ = "tickets"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    customer_id: Mapped[int] = mapped_column(ForeignKey("customers.id"), index=True)
    contact_id: Mapped[int | None] = mapped_column(ForeignKey("contacts.id"))
    subject: Mapped[str] = mapped_column(String(200))
    description: Mapped[str | None] = mapped_column(Text)
    priority: Mapped[str] = mapped_column(String(10), default="normal")
    status_id: Mapped[int] = mapped_column(ForeignKey("ticket_statuses.id"), index=True)
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
    due_date: Mapped[date | None] = mapped_column(Date, index=True)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    # since 0014: the ticket's type (complaint, suggestion ...) and the assignment rule
    # that chose its assignee (no foreign key: the history keeps the rule's text)
    kind: Mapped[str | None] = mapped_column(String(20))
    assigned_rule_id: Mapped[int | None] = mapped_column(Integer)
    # what the ticket is about (schema 0015, core/services/ticket_links.py): plain ids, no
    # foreign key, so purging an order, opportunity or product never fails on a ticket;
    # a link to a record that is gone shows as nothing
    order_id: Mapped[int | None] = mapped_column(Integer)
    opportunity_id: Mapped[int | None] = mapped_column(Integer)
    product_id: Mapped[int | None] = mapped_column(Integer)


class TicketEvent(Base):
    """One change of a ticket: created, a field changed, or a comment."""

    __tablename__ = "ticket_events"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"),
                                           index=True)
    at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    kind: Mapped[str] = mapped_column(String(16))  # created | change | comment
    field: Mapped[str | None] = mapped_column(String(30))
    old_value: Mapped[str | None] = mapped_column(String(200))
    new_value: Mapped[str | None] = mapped_column(String(200))
    comment: Mapped[str | None] = mapped_column(Text)
