"""Follow-up report per owner: compliance (tasks done on time, overdue tasks, customers
whose planned follow-up has passed) for each assignee, then each one's overdue lists."""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from reportlab.platypus import Flowable, PageBreak
from sqlalchemy.orm import Session

from crmdesk.core import analytics
from crmdesk.core.fields import field_spec
from crmdesk.core.permissions import Actor
from crmdesk.core.services import cadence
from crmdesk.core.services.customers import customers
from crmdesk.core.services.records import ListQuery
from crmdesk.core.services.tasks import tasks
from crmdesk.i18n import QT_TRANSLATE_NOOP, render
from crmdesk.reports import cadence_section, charts, figures, formatting, layout
from crmdesk.reports.engine import BuildProgress, Prepared, ReportRequest, criteria_facts
from crmdesk.reports.layout import Col, ReportDocument

PER_OWNER = 50


def _t(text: str, **params: object) -> str:
    return render("Reports", text, **params)


def _days_late(due: date | datetime | None, reference: date) -> str:
    if due is None:
        return ""
    day = due.astimezone().date() if isinstance(due, datetime) else due
    return formatting.number((reference - day).days)


def prepare(session: Session, actor: Actor, request: ReportRequest,
            progress: BuildProgress) -> Prepared:
    criteria = request.criteria
    reference = criteria.overdue_day()
    rows = analytics.follow_up_compliance(session, actor, criteria)
    compliance = analytics.table(session, actor, "follow-up", criteria)
    progress.report(8, _t(QT_TRANSLATE_NOOP("Reports", "Reading the records…")))
    sections: list[tuple[analytics.ComplianceRow, list[dict[str, Any]], int,
                         list[dict[str, Any]], int]] = []
    named: set[int] = set()
    for n, row in enumerate(rows):
        progress.report(8 + 20 * n / max(1, len(rows)),
                   _t(QT_TRANSLATE_NOOP("Reports", "Reading the records…")))
        task_ids = tasks.ids(session, actor, ListQuery(filters=row.drill.query.filters,
                                                       sort=[("due_at", False)]))
        task_rows = tasks.rows(session, actor, task_ids[:PER_OWNER])
        customer_ids = customers.ids(session, actor, ListQuery(
            filters=row.customers_drill.query.filters, sort=[("next_follow_up", False)]))
        customer_rows = customers.rows(session, actor, customer_ids[:PER_OWNER])
        named.update(int(r["customer_id"]) for r in task_rows if r.get("customer_id"))
        named.update(int(r["id"]) for r in customer_rows)
        sections.append((row, task_rows, len(task_ids), customer_rows, len(customer_ids)))
    last_contacts = _last_contacts(session, [int(r["id"]) for s in sections for r in s[3]])
    past = {row.owner_id: cadence.past_cadence(session, actor, reference, owner_id=row.owner_id,
                                               limit=PER_OWNER)
            for row in rows if row.owner_id is not None}
    named.update(r.customer_id for found in past.values() for r in found.rows)
    title = _t(QT_TRANSLATE_NOOP("Reports", "Follow-up report"))
    facts = criteria_facts(session, actor, criteria, as_of=True)
    due = sum(r.due_tasks for r in rows)
    on_time = sum(r.done_on_time for r in rows)
    planned, planned_done = sum(r.planned for r in rows), sum(r.planned_done for r in rows)

    def story(doc: ReportDocument) -> list[Flowable]:
        styles = doc.styles
        width = doc.content_width
        flow: list[Flowable] = [
            *layout.opening(title, facts, width, styles),
            layout.figure_cards([
                (_t(QT_TRANSLATE_NOOP("Reports", "Open tasks")),
                 formatting.number(sum(r.open_tasks for r in rows))),
                (_t(QT_TRANSLATE_NOOP("Reports", "Overdue tasks")),
                 formatting.number(sum(r.overdue_tasks for r in rows))),
                (_t(QT_TRANSLATE_NOOP("Reports", "Done on time")),
                 formatting.percent(on_time / due if due else None)),
                (_t(QT_TRANSLATE_NOOP("Reports", "Customers overdue for follow-up")),
                 formatting.number(sum(r.overdue_customers for r in rows))),
                (_t(QT_TRANSLATE_NOOP("Reports", "Work plans done")),  # plan vs done
                 _t(QT_TRANSLATE_NOOP("Reports", "{percent} ({done} of {planned})"),
                    percent=formatting.percent(planned_done / planned if planned else None),
                    done=formatting.number(planned_done), planned=formatting.number(planned)))],
                width, styles, per_row=5)]
        flow += layout.heading(_t(QT_TRANSLATE_NOOP("Reports", "Compliance by owner")), styles)
        flow.append(charts.hbar_chart([r.label for r in rows],
                                      [float(r.overdue_tasks) for r in rows], width, None,
                                      figures.count_axis, empty=_t(QT_TRANSLATE_NOOP(
                                          "Reports", "No overdue tasks."))))
        flow.append(layout.gap(2))
        flow.append(figures.analysis_table(doc, compliance))
        flow.append(layout.note(_t(QT_TRANSLATE_NOOP(
            "Reports", "Overdue: not done and due before {day}. Due in period: tasks due in the "
                       "period before that day; on time: marked done no later than due."),
            day=formatting.day(reference)), styles))
        flow.append(layout.note(_t(QT_TRANSLATE_NOOP(  # plan vs done (work plans)
            "Reports", "Planned: visits and calls of work plans due in the period; plan done: "
                       "the share of them marked done.")), styles))
        task_keys = ["due_at", "title", "customer_id", "priority"]
        task_specs = [field_spec("task", k) for k in task_keys]
        for row, task_rows, n_tasks, customer_rows, n_customers in sections:
            flow.append(PageBreak())  # each owner's lists start on a page of their own
            flow += layout.heading(row.label, styles)
            flow += layout.heading(_t(QT_TRANSLATE_NOOP("Reports", "Overdue tasks ({n})"),
                                      n=formatting.number(n_tasks)), styles, level=2)
            if task_rows:
                cols = [Col(task_specs[0].translated, wrap=False),
                        Col(_t(QT_TRANSLATE_NOOP("Reports", "Days overdue")), "RIGHT",
                            wrap=False),
                        *(Col(s.translated) for s in task_specs[1:])]
                flow.append(layout.table(cols, [
                    [formatting.field_value(task_specs[0], r),
                     _days_late(r.get("due_at"), reference),
                     *(formatting.field_value(s, r) for s in task_specs[1:])]
                    for r in task_rows], width, styles))
                if n_tasks > len(task_rows):
                    flow.append(layout.note(_t(QT_TRANSLATE_NOOP(
                        "Reports", "Showing {shown} of {total}."), shown=len(task_rows),
                        total=n_tasks), styles))
            else:
                flow.append(layout.note(_t(QT_TRANSLATE_NOOP("Reports", "None.")), styles))
            flow += layout.heading(_t(QT_TRANSLATE_NOOP(
                "Reports", "Customers overdue for follow-up ({n})"),
                n=formatting.number(n_customers)), styles, level=2)
            if customer_rows:
                keys = ["code", "name", "mobile", "next_follow_up"]
                specs = [field_spec("customer", k) for k in keys]
                cols = [Col(specs[0].translated, wrap=False), Col(specs[1].translated),
                        Col(specs[2].translated, wrap=False),
                        Col(specs[3].translated, wrap=False),
                        Col(_t(QT_TRANSLATE_NOOP("Reports", "Days overdue")), "RIGHT",
                            wrap=False),
                        Col(_t(QT_TRANSLATE_NOOP("Reports", "Last contact")), wrap=False)]
                flow.append(layout.table(cols, [
                    [*(formatting.field_value(s, r) for s in specs),
                     _days_late(r.get("next_follow_up"), reference),
                     formatting.day(last_contacts.get(int(r["id"])))]
                    for r in customer_rows], width, styles))
                if n_customers > len(customer_rows):
                    flow.append(layout.note(_t(QT_TRANSLATE_NOOP(
                        "Reports", "Showing {shown} of {total}."), shown=len(customer_rows),
                        total=n_customers), styles))
            else:
                flow.append(layout.note(_t(QT_TRANSLATE_NOOP("Reports", "None.")), styles))
            if row.owner_id in past:  # customers past their cadence (cadence.py)
                flow += cadence_section.flowables(past[row.owner_id], width, styles)
        return flow

    return Prepared(title, facts, story, customer_ids=named,
                    summary=QT_TRANSLATE_NOOP("Audit", "{n} owners, as of {day}"),
                    summary_params={"n": len(rows), "day": reference.isoformat()})


def _last_contacts(session: Session, ids: list[int]) -> dict[int, datetime | None]:
    from sqlalchemy import select

    from crmdesk.core.models import Customer

    found: dict[int, datetime | None] = {}
    for start in range(0, len(ids), 1000):
        chunk = ids[start:start + 1000]
        found.update({cid: at for cid, at in session.execute(
            select(Customer.id, Customer.last_contact_at).where(Customer.id.in_(chunk)))})
    return found

