"""Customer satisfaction (CSAT): the share of scores of 4 or 5 and the average score,
over the scores taken in the period, overall, per month, per team and per person
(scores: :mod:`crmdesk.core.services.satisfaction`)."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from crmdesk.core.analytics.criteria import (
    Criteria,
    Drill,
    local_day_start,
    ratio,
    translated,
)
from crmdesk.core.analytics.tables import Analysis, cell
from crmdesk.core.models import Team, Ticket, TicketSatisfaction, User
from crmdesk.core.permissions import Actor
from crmdesk.core.services import accounts
from crmdesk.core.services.records import Filter, ListQuery
from crmdesk.i18n import QT_TRANSLATE_NOOP

SATISFIED = 4  # a score of 4 or 5 counts as satisfied


@dataclass
class CsatRow:
    group: str  # all | month | team | person
    key: Any
    label: str
    responses: int
    satisfied: int  # scores of 4 or 5
    average: float | None
    drill: Drill

    @property
    def csat(self) -> float | None:
        return ratio(self.satisfied, self.responses)


GROUP_NAMES = {
    "all": QT_TRANSLATE_NOOP("Analytics", "All"),
    "month": QT_TRANSLATE_NOOP("Analytics", "Month"),
    "team": QT_TRANSLATE_NOOP("Analytics", "Team"),
    "person": QT_TRANSLATE_NOOP("Analytics", "Person"),
}


def csat(session: Session, actor: Actor, criteria: Criteria) -> list[CsatRow]:
    """CSAT over the scores taken in the period (tickets the actor sees): the whole
    period, each month, each team and each person (the assignee when scored);
    ``criteria.owner_id`` narrows to one person's tickets."""
    from crmdesk.core.services.tickets import tickets

    stmt = tickets.list_select(session, actor, ListQuery(), [
        Ticket.id, TicketSatisfaction.score, TicketSatisfaction.taken_at,
        TicketSatisfaction.assignee_id]).join(
        TicketSatisfaction, TicketSatisfaction.ticket_id == Ticket.id)
    if criteria.start is not None:
        stmt = stmt.where(TicketSatisfaction.taken_at >= local_day_start(criteria.start))
    if criteria.end is not None:
        stmt = stmt.where(TicketSatisfaction.taken_at
                          < local_day_start(criteria.end + timedelta(days=1)))
    if criteria.owner_id is not None:
        stmt = stmt.where(TicketSatisfaction.assignee_id == criteria.owner_id)
    scores = list(session.execute(stmt))
    teams = {uid: team for uid, team in session.execute(select(User.id, User.team_id))}
    team_names = {tid: name for tid, name in session.execute(select(Team.id, Team.name))}
    names = accounts.user_names(session)
    none = translated(QT_TRANSLATE_NOOP("Analytics", "(not set)"))
    groups: dict[tuple[str, Any], list[tuple[int, int]]] = {("all", None): []}
    for ticket_id, score, taken_at, assignee in scores:
        pair = (int(ticket_id), int(score))
        groups[("all", None)].append(pair)
        month = taken_at.astimezone().strftime("%Y-%m")
        groups.setdefault(("month", month), []).append(pair)
        groups.setdefault(("team", teams.get(assignee)), []).append(pair)
        groups.setdefault(("person", assignee), []).append(pair)

    def label_of(group: str, key: Any) -> str:
        if group == "all":
            return translated(GROUP_NAMES["all"])
        if group == "month":
            return str(key)
        if group == "team":
            return team_names.get(key, none) if key is not None else none
        return names.get(key, none) if key is not None else none

    order = {"all": 0, "month": 1, "team": 2, "person": 3}
    rows = []
    for (group, key), pairs in sorted(groups.items(), key=lambda item: (
            order[item[0][0]], label_of(*item[0]))):
        values = [s for _t, s in pairs]
        rows.append(CsatRow(
            group, key, label_of(group, key), len(values),
            sum(1 for v in values if v >= SATISFIED),
            sum(values) / len(values) if values else None,
            Drill("ticket", ListQuery(filters=[Filter("id", "in", sorted(
                {t for t, _s in pairs}))]))))
    return rows


def group_name(group: str) -> str:
    return translated(GROUP_NAMES[group])



TABLES: tuple[Analysis, ...] = (
    Analysis("csat", QT_TRANSLATE_NOOP("Analytics", "Customer satisfaction (CSAT)"),
             csat, (
                 cell("group", QT_TRANSLATE_NOOP("Analytics", "By"),
                      source=lambda r: group_name(r.group)),
                 cell("name", QT_TRANSLATE_NOOP("Analytics", "Name"), source="label"),
                 cell("responses", QT_TRANSLATE_NOOP("Analytics", "Responses"), "int"),
                 cell("satisfied", QT_TRANSLATE_NOOP("Analytics", "Satisfied (4-5)"), "int"),
                 cell("csat", QT_TRANSLATE_NOOP("Analytics", "CSAT"), "percent"),
                 cell("average", QT_TRANSLATE_NOOP("Analytics", "Average score"), "float"))),
)
