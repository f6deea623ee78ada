"""Service: tickets by status and priority, and the time to resolve them."""

from __future__ import annotations

import statistics
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import case, func
from sqlalchemy.orm import Session

from crmdesk.core.analytics.criteria import (
    Criteria,
    Drill,
    owner_filter,
    ticket_status_label,
    timestamp_filters,
    translated,
)
from crmdesk.core.analytics.tables import Analysis, Cell, cell
from crmdesk.core.fields import CHOICES, choice_label
from crmdesk.core.models import Ticket
from crmdesk.core.models.tickets import STATUS_CATEGORIES
from crmdesk.core.permissions import Actor
from crmdesk.core.services.records import Filter, ListQuery
from crmdesk.core.services.ticket_flow import category_name
from crmdesk.core.services.tickets import statuses, tickets
from crmdesk.i18n import QT_TRANSLATE_NOOP


@dataclass
class TicketCountRow:
    key: Any
    label: str
    count: int
    open: int
    is_closed: bool | None  # for a status; None for a priority
    drill: Drill
    #: a status's category (open, waiting, closed); for a category row, its key
    category: str | None = None


@dataclass
class ResolutionRow:
    key: str | None  # a priority; None for all tickets
    label: str
    resolved: int
    average_hours: float | None
    median_hours: float | None
    drill: Drill


@dataclass
class ServiceStats:
    total: int
    open: int
    by_status: list[TicketCountRow]
    by_priority: list[TicketCountRow]
    resolution: list[ResolutionRow]  # per priority, then all tickets
    #: open, waiting, closed: the statuses' categories, each with its tickets
    by_category: list[TicketCountRow] = field(default_factory=list)

    @property
    def waiting(self) -> int:
        """Tickets in a status of the "waiting" category (counted among the open)."""
        return sum(r.count for r in self.by_category if r.key == "waiting")

    @property
    def average_hours(self) -> float | None:
        return self.resolution[-1].average_hours

    @property
    def median_hours(self) -> float | None:
        return self.resolution[-1].median_hours


def ticket_filters(criteria: Criteria) -> list[Filter]:
    """Tickets opened in the period (assigned to the owner)."""
    return [*timestamp_filters("created_at", criteria), *owner_filter("assignee_id", criteria)]


def service_stats(session: Session, actor: Actor, criteria: Criteria) -> ServiceStats:
    """Tickets opened in the period by status, category and priority, and the time to
    resolve them.  "Open" is every ticket whose status is not in the "closed" category
    (the "waiting" ones included), whatever the statuses are called.

    The time to resolve is from the ticket's creation to ``resolved_at`` (set when
    it reaches a closed status), over the resolved tickets.
    """
    base = ticket_filters(criteria)
    all_statuses = statuses(session)
    closed_ids = [s.id for s in all_statuses if s.category == "closed"]
    by_status = {sid: int(n) for sid, n in session.execute(tickets.list_select(
        session, actor, ListQuery(base), [Ticket.status_id, func.count(Ticket.id)])
        .group_by(Ticket.status_id))}
    status_rows = [
        TicketCountRow(s.id, ticket_status_label(s.key, s.name, s.name_zh),
                       by_status.get(s.id, 0),
                       0 if s.category == "closed" else by_status.get(s.id, 0),
                       s.category == "closed",
                       Drill("ticket", ListQuery(filters=[*base, Filter("status_id", "eq",
                                                                         s.id)])), s.category)
        for s in all_statuses if s.active or by_status.get(s.id)]
    category_rows = []
    for category in STATUS_CATEGORIES:
        ids = [s.id for s in all_statuses if s.category == category]
        count = sum(by_status.get(i, 0) for i in ids)
        category_rows.append(TicketCountRow(
            category, category_name(category), count, 0 if category == "closed" else count,
            category == "closed",
            Drill("ticket", ListQuery(filters=[*base, Filter("status_id", "in", ids)])),
            category))
    is_open = Ticket.status_id.not_in(closed_ids) if closed_ids else Ticket.id.is_not(None)
    by_priority = {key: (int(n), int(o)) for key, n, o in session.execute(tickets.list_select(
        session, actor, ListQuery(base), [
            Ticket.priority, func.count(Ticket.id),
            func.coalesce(func.sum(case((is_open, 1), else_=0)), 0)])
        .group_by(Ticket.priority))}
    priorities = list(CHOICES["ticket_priority"])
    priorities += sorted(k for k in by_priority if k not in priorities)
    priority_rows = [
        TicketCountRow(p, choice_label("ticket_priority", p), *by_priority.get(p, (0, 0)), None,
                       Drill("ticket", ListQuery(filters=[*base, Filter("priority", "eq", p)])))
        for p in priorities]
    durations: dict[str, list[float]] = {}
    resolved_stmt = tickets.list_select(session, actor, ListQuery(
        [*base, Filter("resolved_at", "notnull")]),
        [Ticket.priority, Ticket.created_at, Ticket.resolved_at])
    for priority, created, resolved in session.execute(resolved_stmt):
        hours = max(0.0, (resolved - created).total_seconds() / 3600)
        durations.setdefault(priority, []).append(hours)
    resolution = []
    every: list[float] = []
    for p in priorities:
        values = durations.get(p, [])
        every.extend(values)
        resolution.append(ResolutionRow(
            p, choice_label("ticket_priority", p), len(values),
            statistics.fmean(values) if values else None,
            statistics.median(values) if values else None,
            Drill("ticket", ListQuery(filters=[*base, Filter("resolved_at", "notnull"),
                                                Filter("priority", "eq", p)]))))
    resolution.append(ResolutionRow(
        None, translated(QT_TRANSLATE_NOOP("Analytics", "All tickets")), len(every),
        statistics.fmean(every) if every else None, statistics.median(every) if every else None,
        Drill("ticket", ListQuery(filters=[*base, Filter("resolved_at", "notnull")]))))
    total = sum(r.count for r in status_rows)
    return ServiceStats(total, sum(r.open for r in status_rows), status_rows, priority_rows,
                        resolution, category_rows)


_COUNTS: tuple[Cell, ...] = (
    cell("tickets", QT_TRANSLATE_NOOP("Analytics", "Tickets"), "int", "count"),
    cell("open", QT_TRANSLATE_NOOP("Analytics", "Open"), "int"))

TABLES: tuple[Analysis, ...] = (
    Analysis("tickets-status", QT_TRANSLATE_NOOP("Analytics", "Tickets by status"),
             lambda s, a, c: service_stats(s, a, c).by_status,
             (cell("key", QT_TRANSLATE_NOOP("Analytics", "Status"), source="label"), *_COUNTS)),
    Analysis("tickets-category", QT_TRANSLATE_NOOP("Analytics", "Tickets by category"),
             lambda s, a, c: service_stats(s, a, c).by_category,
             (cell("key", QT_TRANSLATE_NOOP("Analytics", "Category"), source="label"),
              *_COUNTS)),
    Analysis("tickets-priority", QT_TRANSLATE_NOOP("Analytics", "Tickets by priority"),
             lambda s, a, c: service_stats(s, a, c).by_priority,
             (cell("key", QT_TRANSLATE_NOOP("Analytics", "Priority"), source="label"),
              *_COUNTS)),
    Analysis("resolution", QT_TRANSLATE_NOOP("Analytics", "Time to resolve tickets"),
             lambda s, a, c: service_stats(s, a, c).resolution, (
                 cell("priority", QT_TRANSLATE_NOOP("Analytics", "Priority"), source="label"),
                 cell("resolved", QT_TRANSLATE_NOOP("Analytics", "Resolved"), "int"),
                 cell("average_hours",
                      QT_TRANSLATE_NOOP("Analytics", "Average hours to resolve"), "hours"),
                 cell("median_hours", QT_TRANSLATE_NOOP("Analytics", "Median hours to resolve"),
                      "hours"))),
)
