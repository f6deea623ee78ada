"""Service-level compliance: per priority, team and person, for first response and
resolution (``crmdesk analytics FILE sla``, the service report).

A ticket counts for a target when that target's due moment falls in the period (local
days; without a period: every ticket with a target).  It is *met* when done (first
response / resolved) by the due moment, *breached* when done late or not done and the
due moment has passed, *pending* otherwise (still running, or waiting).  The percent
is met / (met + breached).  Visibility: the tickets the actor sees (the ticket
service's scope); ``--owner`` narrows to one assignee.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timedelta
from typing import Any

from sqlalchemy.orm import Session

from crmdesk.core.analytics.criteria import (
    Criteria,
    Drill,
    local_day_start,
    owner_filter,
    translated,
)
from crmdesk.core.analytics.tables import Analysis, cell
from crmdesk.core.fields import CHOICES, choice_label
from crmdesk.core.models import Team, Ticket, TicketSla, User, utcnow
from crmdesk.core.permissions import Actor
from crmdesk.core.services.records import ListQuery
from crmdesk.core.services.service_levels import TARGETS, target_name
from crmdesk.core.services.tickets import tickets
from crmdesk.i18n import QT_TRANSLATE_NOOP

GROUPS = {
    "priority": QT_TRANSLATE_NOOP("Analytics", "Priority"),
    "team": QT_TRANSLATE_NOOP("Analytics", "Team"),
    "person": QT_TRANSLATE_NOOP("Analytics", "Person"),
}
NOBODY = QT_TRANSLATE_NOOP("Analytics", "(nobody)")


@dataclass
class SlaRow:
    group: str  # priority | team | person
    key: Any
    label: str
    target: str  # response | resolution
    due: int = 0
    met: int = 0
    breached: int = 0
    pending: int = 0
    drill: Drill | None = None

    @property
    def group_label(self) -> str:
        return translated(GROUPS[self.group])

    @property
    def target_label(self) -> str:
        return target_name(self.target)

    @property
    def percent(self) -> float | None:
        judged = self.met + self.breached
        return self.met / judged if judged else None


def _outcome(due: datetime, done: datetime | None, paused: datetime | None,
             now: datetime) -> str:
    if done is not None:
        return "met" if done <= due else "breached"
    clock = now if paused is None else min(now, paused)
    return "breached" if due <= clock else "pending"


def compliance(session: Session, actor: Actor, criteria: Criteria,
               now: datetime | None = None) -> list[SlaRow]:
    """Rows per priority, then team, then person; each for response and resolution."""
    now = now or utcnow()
    base = owner_filter("assignee_id", criteria)
    columns = [Ticket.priority, Ticket.assignee_id, User.team_id, User.display_name,
               TicketSla.first_responded_at, TicketSla.resolved_at, TicketSla.paused_at,
               TicketSla.response_due_at, TicketSla.resolution_due_at]
    stmt = (tickets.list_select(session, actor, ListQuery(base), columns)
            .join(TicketSla, TicketSla.ticket_id == Ticket.id)
            .outerjoin(User, User.id == Ticket.assignee_id))
    low = local_day_start(criteria.start) if criteria.start else None
    high = local_day_start(criteria.end + timedelta(days=1)) if criteria.end else None
    teams = {int(i): str(n) for i, n in session.execute(
        Team.__table__.select().with_only_columns(Team.id, Team.name))}
    rows: dict[tuple[str, Any, str], SlaRow] = {}
    priorities = list(CHOICES["ticket_priority"])
    for target in TARGETS:
        for p in priorities:
            rows[("priority", p, target)] = SlaRow("priority", p,
                                                   choice_label("ticket_priority", p), target)
    for (priority, assignee, team_id, person, responded, resolved, paused, response_due,
         resolution_due) in session.execute(stmt):
        for target, due, done in (("response", response_due, responded),
                                  ("resolution", resolution_due, resolved)):
            if due is None or (low and due < low) or (high and due >= high):
                continue
            outcome = _outcome(due, done, paused, now)
            for group, key, label in (
                    ("priority", priority, choice_label("ticket_priority", priority)),
                    ("team", team_id, teams.get(team_id or 0) or translated(NOBODY)),
                    ("person", assignee, person or translated(NOBODY))):
                row = rows.setdefault((group, key, target), SlaRow(group, key, label, target))
                row.due += 1
                setattr(row, outcome, getattr(row, outcome) + 1)
    order = {"priority": 0, "team": 1, "person": 2}
    found = sorted(rows.values(), key=lambda r: (
        order[r.group], priorities.index(r.key) if r.group == "priority"
        and r.key in priorities else 99, r.label, TARGETS.index(r.target)))
    for row in found:
        row.drill = Drill("ticket", ListQuery(filters=list(base)))
    return found


TABLES: tuple[Analysis, ...] = (
    Analysis("sla", QT_TRANSLATE_NOOP("Analytics", "Service-level compliance"),
             compliance, (
                 cell("group", QT_TRANSLATE_NOOP("Analytics", "By"), source="group_label"),
                 cell("name", QT_TRANSLATE_NOOP("Analytics", "Name"), source="label"),
                 cell("target", QT_TRANSLATE_NOOP("Analytics", "Target"),
                      source="target_label"),
                 cell("due", QT_TRANSLATE_NOOP("Analytics", "Due"), "int"),
                 cell("met", QT_TRANSLATE_NOOP("Analytics", "Met"), "int"),
                 cell("breached", QT_TRANSLATE_NOOP("Analytics", "Breached"), "int"),
                 cell("pending", QT_TRANSLATE_NOOP("Analytics", "Pending"), "int"),
                 cell("percent", QT_TRANSLATE_NOOP("Analytics", "Met %"), "percent"))),
)
