"""Service report: tickets opened in the period by status and priority, the time to
resolve them, and the oldest tickets still open."""

from __future__ import annotations

from typing import Any

from reportlab.lib.units import mm
from reportlab.platypus import Flowable
from sqlalchemy.orm import Session

from crmdesk.core import analytics
from crmdesk.core.fields import field_spec
from crmdesk.core.permissions import Actor
from crmdesk.core.services.records import Filter, ListQuery
from crmdesk.core.services.tickets import statuses, tickets
from crmdesk.i18n import QT_TRANSLATE_NOOP, render
from crmdesk.reports import charts, figures, formatting, layout
from crmdesk.reports.engine import BuildProgress, Prepared, ReportRequest, criteria_facts
from crmdesk.reports.layout import Col, ReportDocument
from crmdesk.reports.satisfaction import csat_section

OLDEST = 30


def _t(text: str, **params: object) -> str:
    return render("Reports", text, **params)


def prepare(session: Session, actor: Actor, request: ReportRequest,
            progress: BuildProgress) -> Prepared:
    criteria = request.criteria
    stats = analytics.service_stats(session, actor, criteria)
    status_table = analytics.table(session, actor, "tickets-status", criteria)
    progress.report(12, _t(QT_TRANSLATE_NOOP("Reports", "Reading the records…")))
    category_table = analytics.table(session, actor, "tickets-category", criteria)
    # open: every status that is not in the "closed" category, whatever it is called
    open_ids = [s.id for s in statuses(session) if s.category != "closed"]
    oldest_query = ListQuery(filters=[*analytics.ticket_filters(criteria),
                                      Filter("status_id", "in", open_ids)],
                             sort=[("created_at", False)])
    ids = tickets.ids(session, actor, oldest_query)
    oldest = tickets.rows(session, actor, ids[:OLDEST])
    from crmdesk.core.services import knowledge

    articles = knowledge.most_used(session, actor, criteria.start, criteria.end, limit=10)
    csat_table = analytics.table(session, actor, "csat", criteria)  # reports/satisfaction.py
    sla_table = analytics.table(session, actor, "sla", criteria)  # service levels
    resolved = stats.resolution[-1].resolved
    title = _t(QT_TRANSLATE_NOOP("Reports", "Service report"))
    facts = criteria_facts(session, actor, criteria)

    def story(doc: ReportDocument) -> list[Flowable]:
        styles = doc.styles
        width = doc.content_width
        flow: list[Flowable] = [
            *layout.opening(title, facts, width, styles),
            layout.figure_cards([
                (_t(QT_TRANSLATE_NOOP("Reports", "Tickets opened")),
                 formatting.number(stats.total)),
                (_t(QT_TRANSLATE_NOOP("Reports", "Still open")), formatting.number(stats.open)),
                (_t(QT_TRANSLATE_NOOP("Reports", "Resolved")), formatting.number(resolved)),
                (_t(QT_TRANSLATE_NOOP("Reports", "Average time to resolve")),
                 formatting.hours(stats.average_hours)),
                (_t(QT_TRANSLATE_NOOP("Reports", "Median time to resolve")),
                 formatting.hours(stats.median_hours))], width, styles, per_row=5)]
        flow += layout.heading(_t(QT_TRANSLATE_NOOP("Reports", "Tickets by status")), styles)
        flow.append(charts.bar_chart(
            [r.label for r in stats.by_status],
            [(_t(QT_TRANSLATE_NOOP("Reports", "Tickets")), figures.values(stats.by_status,
                                                                           "count"))],
            width, 52 * mm, figures.count_axis, empty=figures.no_data(), value_labels=True))
        flow.append(layout.gap(2))
        flow.append(figures.analysis_table(doc, status_table))
        flow.append(layout.gap(2))
        flow.append(figures.analysis_table(doc, category_table))
        flow += layout.heading(_t(QT_TRANSLATE_NOOP("Reports", "By priority")), styles)
        resolution = {r.key: r for r in stats.resolution}
        cols = [Col(_t(QT_TRANSLATE_NOOP("Reports", "Priority"))),
                *(Col(_t(h), "RIGHT", wrap=False) for h in (
                    QT_TRANSLATE_NOOP("Reports", "Tickets"),
                    QT_TRANSLATE_NOOP("Reports", "Still open"),
                    QT_TRANSLATE_NOOP("Reports", "Resolved"),
                    QT_TRANSLATE_NOOP("Reports", "Average time to resolve"),
                    QT_TRANSLATE_NOOP("Reports", "Median time to resolve")))]
        rows = []
        for p in stats.by_priority:
            r = resolution.get(p.key)
            rows.append([p.label, formatting.number(p.count), formatting.number(p.open),
                         formatting.number(r.resolved if r else 0),
                         formatting.hours(r.average_hours if r else None),
                         formatting.hours(r.median_hours if r else None)])
        every = stats.resolution[-1]
        flow.append(layout.table(cols, rows, width, styles, total=[
            every.label, formatting.number(stats.total), formatting.number(stats.open),
            formatting.number(every.resolved), formatting.hours(every.average_hours),
            formatting.hours(every.median_hours)]))
        flow.append(layout.note(_t(QT_TRANSLATE_NOOP(
            "Reports", "Time to resolve: from opening the ticket until it reached a closed "
                       "status.")), styles))
        flow += layout.heading(_t(QT_TRANSLATE_NOOP("Reports", "Service levels")), styles)
        flow.append(figures.analysis_table(doc, sla_table))
        flow.append(layout.note(_t(QT_TRANSLATE_NOOP(
            "Reports", "Tickets whose first-response or resolution target fell due in the "
                       "period, counted in working hours; time waiting for the customer does "
                       "not count.")), styles))
        flow += layout.heading(_t(QT_TRANSLATE_NOOP("Reports", "Oldest open tickets")), styles)
        if not oldest:
            flow.append(layout.note(_t(QT_TRANSLATE_NOOP("Reports", "None.")), styles))
        else:
            keys = ["code", "subject", "customer_id", "priority", "status_id", "created_at",
                    "due_date", "assignee_id"]
            specs = [field_spec("ticket", k) for k in keys]
            cols = [Col(s.translated, wrap=s.kind not in ("date", "datetime")
                        and s.key != "code") for s in specs]
            flow.append(layout.table(cols, [[formatting.field_value(s, r) for s in specs]
                                            for r in oldest], width, styles))
            if len(ids) > len(oldest):
                flow.append(layout.note(_t(QT_TRANSLATE_NOOP(
                    "Reports", "Showing {shown} of {total}."), shown=len(oldest),
                    total=len(ids)), styles))
        flow += most_used_section(doc, articles)
        flow += csat_section(doc, csat_table)
        return flow

    return Prepared(title, facts, story,
                    customer_ids={int(r["customer_id"]) for r in oldest},
                    summary=QT_TRANSLATE_NOOP("Audit", "{n} tickets"),
                    summary_params={"n": stats.total})


def most_used_section(doc: ReportDocument, articles: list[Any]) -> list[Flowable]:
    """The knowledge base articles used for the most tickets in the period."""
    styles = doc.styles
    flow = layout.heading(_t(QT_TRANSLATE_NOOP("Reports", "Most used articles")), styles)
    if not articles:
        flow.append(layout.note(_t(QT_TRANSLATE_NOOP("Reports", "None.")), styles))
        return flow
    cols = [Col(_t(QT_TRANSLATE_NOOP("Reports", "Article")), wrap=False),
            Col(_t(QT_TRANSLATE_NOOP("Reports", "Title"))),
            Col(_t(QT_TRANSLATE_NOOP("Reports", "Category"))),
            Col(_t(QT_TRANSLATE_NOOP("Reports", "Tickets")), "RIGHT", wrap=False)]
    flow.append(layout.table(cols, [[a.code, a.title, a.category or "", formatting.number(a.uses)]
                                    for a in articles], doc.content_width, styles))
    return flow
