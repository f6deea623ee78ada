"""Ticket assignment rules and customer satisfaction (since schema 0014).

* :class:`AssignmentRule`: an ordered list (``position``); the first active rule whose
  conditions all match a new ticket (its type, product, customer or customer level;
  a rule without conditions matches every ticket) gives it to a user, or to the next
  available member of a team in turn (:class:`AssignmentPointer` remembers the last
  one per team).  See :mod:`crmdesk.core.services.ticket_assignment`.
* :class:`TicketSatisfaction`: the customer's score (1-5) and comment for a ticket,
  taken by phone or from a returned survey (one per ticket; a new one replaces it).
  See :mod:`crmdesk.core.services.satisfaction`.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Boolean, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from crmdesk.core.models.base import Base, UTCDateTime, utcnow


class AssignmentRule(Base):
    __tablename__ = "assignment_rules"

    id: Mapped[int] = mapped_column(primary_key=True)
    position: Mapped[int] = mapped_column(Integer)
    #: conditions (None: any): the ticket's type, product, customer, customer level
    ticket_kind: Mapped[str | None] = mapped_column(String(20))
    product_id: Mapped[int | None] = mapped_column(ForeignKey("products.id"))
    customer_id: Mapped[int | None] = mapped_column(ForeignKey("customers.id"))
    customer_level: Mapped[str | None] = mapped_column(String(1))
    #: the target: one user, or a team (round-robin among its available members)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    team_id: Mapped[int | None] = mapped_column(ForeignKey("teams.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class AssignmentPointer(Base):
    """The member of a team who got the team's last ticket (round-robin)."""

    __tablename__ = "assignment_pointers"

    team_id: Mapped[int] = mapped_column(ForeignKey("teams.id"), primary_key=True)
    last_user_id: Mapped[int | None] = mapped_column(Integer)


class TicketSatisfaction(Base):
    __tablename__ = "ticket_satisfaction"

    id: Mapped[int] = mapped_column(primary_key=True)
    ticket_id: Mapped[int] = mapped_column(ForeignKey("tickets.id", ondelete="CASCADE"),
                                           unique=True)
    score: Mapped[int] = mapped_column(Integer)
    comment: Mapped[str | None] = mapped_column(Text)
    source: Mapped[str] = mapped_column(String(10))  # phone | survey | import
    taken_by_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    taken_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow, index=True)
    #: who the ticket was assigned to when scored (CSAT per person and team)
    assignee_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"), index=True)
