"""The headline numbers of a period (the dashboard's top row), each with its records."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import func
from sqlalchemy.orm import Session

from crmdesk.core.analytics.criteria import (
    Criteria,
    Drill,
    customers_drill,
    local_day_start,
    owner_filter,
    ratio,
    round_div,
    timestamp_filters,
    translated,
)
from crmdesk.core.analytics.pipeline import funnel, lead_filters, opportunity_filters
from crmdesk.core.analytics.receivables import aging, totals
from crmdesk.core.analytics.sales import sales_filters
from crmdesk.core.analytics.tables import Analysis, cell
from crmdesk.core.analytics.tickets import service_stats
from crmdesk.core.models import Opportunity, Order
from crmdesk.core.permissions import Actor
from crmdesk.core.services.customers import customers
from crmdesk.core.services.records import Filter, ListQuery
from crmdesk.core.services.sales import opportunities, orders
from crmdesk.core.services.tasks import tasks
from crmdesk.core.services.tickets import statuses, tickets
from crmdesk.i18n import QT_TRANSLATE_NOOP


@dataclass
class KeyFigure:
    key: str
    label: str
    value: int | float | None
    kind: str  # money | count | percent | hours
    drill: Drill | None = None


def key_figures(session: Session, actor: Actor, criteria: Criteria) -> list[KeyFigure]:
    """The headline numbers for the period, each with the records behind it."""
    sales_q = ListQuery(sales_filters(criteria))
    n_orders, sales_total = session.execute(orders.list_select(
        session, actor, sales_q,
        [func.count(Order.id), func.coalesce(func.sum(Order.total_cents), 0)])).one()
    leads_q = ListQuery(lead_filters(criteria))
    new_customers = customers.count(session, actor, leads_q)
    funnel_rows = funnel(session, actor, criteria)
    open_rows = [r for r in funnel_rows if r.is_open]
    open_keys = [r.key for r in open_rows]
    pipeline_q = ListQuery([*opportunity_filters(criteria), Filter("stage", "in", open_keys)])
    closed_q = ListQuery([*timestamp_filters("closed_at", criteria),
                          *owner_filter("owner_id", criteria)])
    won = lost = 0
    for stage_key, n in session.execute(opportunities.list_select(
            session, actor, closed_q, [Opportunity.stage, func.count(Opportunity.id)])
            .group_by(Opportunity.stage)):
        row = next((r for r in funnel_rows if r.key == stage_key), None)
        if row is not None and row.is_won:
            won += int(n)
        elif row is not None and row.is_lost:
            lost += int(n)
    won_keys = [r.key for r in funnel_rows if r.is_won]
    overdue_q = ListQuery([Filter("done", "eq", False),
                           Filter("due_at", "lt", local_day_start(criteria.overdue_day())),
                           *owner_filter("assignee_id", criteria)])
    open_status_ids = [s.id for s in statuses(session) if not s.is_closed]
    open_tickets_q = ListQuery([Filter("status_id", "in", open_status_ids),
                                *owner_filter("assignee_id", criteria)])
    service = service_stats(session, actor, criteria)
    owing = aging(session, actor, criteria)  # receivables on the day (issue 16)
    receivable = totals(owing)
    overdue_ids = [r.customer_id for r in owing if r.overdue_cents > 0 and r.customer_id]
    return [
        KeyFigure("sales", translated(QT_TRANSLATE_NOOP("Analytics", "Sales")),
                  int(sales_total), "money", Drill("order", sales_q)),
        KeyFigure("orders", translated(QT_TRANSLATE_NOOP("Analytics", "Orders")),
                  int(n_orders), "count", Drill("order", sales_q)),
        KeyFigure("average_order", translated(QT_TRANSLATE_NOOP("Analytics", "Average order")),
                  round_div(int(sales_total), int(n_orders)), "money", Drill("order", sales_q)),
        KeyFigure("new_customers", translated(QT_TRANSLATE_NOOP("Analytics", "New customers")),
                  new_customers, "count", Drill("customer", leads_q)),
        KeyFigure("pipeline", translated(QT_TRANSLATE_NOOP("Analytics", "Open pipeline")),
                  sum(r.amount_cents for r in open_rows), "money",
                  Drill("opportunity", pipeline_q)),
        KeyFigure("weighted", translated(QT_TRANSLATE_NOOP("Analytics", "Weighted forecast")),
                  sum(r.weighted_cents for r in open_rows), "money",
                  Drill("opportunity", pipeline_q)),
        KeyFigure("win_rate", translated(QT_TRANSLATE_NOOP("Analytics", "Win rate")),
                  ratio(won, won + lost), "percent",
                  Drill("opportunity", ListQuery([*closed_q.filters,
                                                  Filter("stage", "in", won_keys)]))),
        KeyFigure("overdue_tasks",
                  translated(QT_TRANSLATE_NOOP("Analytics", "Overdue follow-ups")),
                  tasks.count(session, actor, overdue_q), "count", Drill("task", overdue_q)),
        KeyFigure("open_tickets", translated(QT_TRANSLATE_NOOP("Analytics", "Open tickets")),
                  tickets.count(session, actor, open_tickets_q), "count",
                  Drill("ticket", open_tickets_q)),
        KeyFigure("resolve_hours",
                  translated(QT_TRANSLATE_NOOP("Analytics", "Average time to resolve")),
                  service.average_hours, "hours", service.resolution[-1].drill),
        KeyFigure("receivables", translated(QT_TRANSLATE_NOOP("Analytics", "Receivables")),
                  receivable.open_cents, "money", customers_drill(
                      [r.customer_id for r in owing if r.open_cents > 0 and r.customer_id])),
        KeyFigure("overdue_receivables",
                  translated(QT_TRANSLATE_NOOP("Analytics", "Overdue receivables")),
                  receivable.overdue_cents, "money", customers_drill(overdue_ids)),
    ]


TABLES: tuple[Analysis, ...] = (
    Analysis("kpi", QT_TRANSLATE_NOOP("Analytics", "Key figures"), key_figures, (
        cell("key", QT_TRANSLATE_NOOP("Analytics", "Key")),
        cell("figure", QT_TRANSLATE_NOOP("Analytics", "Figure"), source="label"),
        cell("kind", QT_TRANSLATE_NOOP("Analytics", "Kind")),
        cell("value", QT_TRANSLATE_NOOP("Analytics", "Value"), "mixed"))),
)
