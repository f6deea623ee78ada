"""Everything about one customer: details, contacts, recent interactions, opportunities,
orders, tickets and open tasks.

The customer is read through the customer service (the actor must be allowed to
see it) and counts as one opened customer for the anti-scraping guard, like
opening its form.  Sensitive fields are printed masked, never in clear.
"""

from __future__ import annotations

from typing import Any
from xml.sax.saxutils import escape

from reportlab.platypus import Flowable, Paragraph
from sqlalchemy.orm import Session

from crmdesk.core.fields import fields_of, label
from crmdesk.core.models import Customer
from crmdesk.core.permissions import Actor
from crmdesk.core.services import custom_fields
from crmdesk.core.services.contacts import contacts
from crmdesk.core.services.customers import SENSITIVE, customers
from crmdesk.core.services.interactions import interactions
from crmdesk.core.services.records import Filter, ListQuery, RecordService
from crmdesk.core.services.sales import opportunities, orders
from crmdesk.core.services.tasks import tasks
from crmdesk.core.services.tickets import tickets
from crmdesk.i18n import QT_TRANSLATE_NOOP, render
from crmdesk.reports import formatting, layout
from crmdesk.reports.engine import (
    BuildProgress,
    Prepared,
    ReportRequest,
    find_record,
)
from crmdesk.reports.layout import Col, ReportDocument

RECENT = 20


def _t(text: str, **params: object) -> str:
    return render("Reports", text, **params)


def find_customer(session: Session, actor: Actor, ref: int | str | None) -> Customer:
    found: Customer = find_record(session, actor, customers, ref, QT_TRANSLATE_NOOP(
        "Reports", "Say which customer to print: give its code, e.g. C000012."))
    return found


def _related(session: Session, actor: Actor, service: RecordService[Any], customer_id: int,
             sort: list[tuple[str, bool]], *extra: Filter,
             limit: int | None = RECENT) -> tuple[list[dict[str, Any]], int]:
    query = ListQuery(filters=[Filter("customer_id", "eq", customer_id), *extra], sort=sort)
    ids = service.ids(session, actor, query)
    return service.rows(session, actor, ids[:limit] if limit else ids), len(ids)


def _cells(entity: str, row: dict[str, Any], keys: list[str]) -> list[str]:
    from crmdesk.core.fields import field_spec

    return [formatting.field_value(field_spec(entity, k), row) for k in keys]


def prepare(session: Session, actor: Actor, request: ReportRequest,
            progress: BuildProgress) -> Prepared:
    customer = find_customer(session, actor, request.customer)
    cid = customer.id
    row = customers.rows(session, actor, [cid])[0]
    details: list[tuple[str, str]] = []
    notes = ""
    for spec in fields_of("customer"):
        if spec.key == "notes":
            notes = customer.notes or ""
            continue
        if spec.sensitive:
            value = customers.masked(actor, customer, spec.key) if spec.key in SENSITIVE else ""
        else:
            value = formatting.field_value(spec, row)
        details.append((spec.translated, value))
    definitions = {d.key: d for d in custom_fields.definitions(session, "customer")}
    for key, value in custom_fields.values(session, actor, "customer", cid).items():
        definition = definitions.get(key)
        if definition is not None:
            shown = formatting.day(value) if hasattr(value, "isoformat") else (
                "" if value is None else str(value))
            details.append((definition.label, shown))
    progress.report(10, _t(QT_TRANSLATE_NOOP("Reports", "Reading the records…")))
    summary = customers.summary(session, actor, cid)
    contact_rows, n_contacts = _related(session, actor, contacts, cid,
                                        [("is_primary", True), ("name", False)], limit=None)
    interaction_rows, n_interactions = _related(session, actor, interactions, cid,
                                                [("occurred_at", True)])
    opportunity_rows, n_opportunities = _related(session, actor, opportunities, cid,
                                                 [("expected_close", True)])
    order_rows, n_orders = _related(session, actor, orders, cid, [("order_date", True)])
    ticket_rows, n_tickets = _related(session, actor, tickets, cid, [("created_at", True)])
    task_rows, n_tasks = _related(session, actor, tasks, cid, [("due_at", False)],
                                  Filter("done", "eq", False))
    title = _t(QT_TRANSLATE_NOOP("Reports", "Customer card: {name}"), name=customer.name)
    facts = [(label("customer", "code"), customer.code),
             (label("customer", "name"), customer.name)]

    def section(doc: ReportDocument, heading: str, shown: int, total: int, entity: str,
                keys: list[str], rows: list[dict[str, Any]], numeric: tuple[str, ...] = ()
                ) -> list[Flowable]:
        styles = doc.styles
        flow = layout.heading(heading, styles, level=2)
        if not rows:
            flow.append(layout.note(_t(QT_TRANSLATE_NOOP("Reports", "None.")), styles))
            return flow
        from crmdesk.core.fields import field_spec

        cols = [Col(field_spec(entity, k).translated,
                    "RIGHT" if k in numeric else "LEFT",
                    wrap=field_spec(entity, k).kind not in ("money", "date", "datetime",
                                                            "mobile", "phone"))
                for k in keys]
        flow.append(layout.table(cols, [_cells(entity, r, keys) for r in rows],
                                 doc.content_width, styles))
        if total > shown:
            flow.append(layout.note(_t(QT_TRANSLATE_NOOP(
                "Reports", "Showing {shown} of {total}."), shown=shown, total=total),
                styles))
        return flow

    def story(doc: ReportDocument) -> list[Flowable]:
        styles = doc.styles
        width = doc.content_width
        flow: list[Flowable] = [
            Paragraph(escape(customer.name), styles.title),
            Paragraph(escape(" · ".join(p for p in (
                customer.code, formatting.field_value(
                    next(s for s in fields_of("customer") if s.key == "status"), row),
                row.get("owner_id:name") or "") if p)), styles.subtitle),
            layout.figure_cards([
                (_t(QT_TRANSLATE_NOOP("Reports", "Orders")), formatting.number(summary.orders)),
                (_t(QT_TRANSLATE_NOOP("Reports", "Sales")),
                 formatting.money(summary.order_total_cents)),
                (_t(QT_TRANSLATE_NOOP("Reports", "Open opportunities")),
                 formatting.money(summary.open_opportunity_cents)),
                (_t(QT_TRANSLATE_NOOP("Reports", "Open tickets")),
                 formatting.number(summary.open_tickets)),
                (_t(QT_TRANSLATE_NOOP("Reports", "Last contact")),
                 formatting.day(summary.last_contact_at) or "–"),
            ], width, styles, per_row=5),
            *layout.heading(_t(QT_TRANSLATE_NOOP("Reports", "Details")), styles, level=2),
            layout.facts(details, width, styles, columns=2),
        ]
        if notes:
            flow += layout.heading(label("customer", "notes"), styles, level=2)
            flow.append(Paragraph(escape(notes).replace("\n", "<br/>"), styles.body))
        flow += section(doc, _t(QT_TRANSLATE_NOOP("Reports", "Contacts")), len(contact_rows),
                        n_contacts, "contact",
                        ["name", "job_title", "department", "mobile", "email", "is_primary"],
                        contact_rows)
        flow += section(doc, _t(QT_TRANSLATE_NOOP("Reports", "Recent interactions")),
                        len(interaction_rows), n_interactions, "interaction",
                        ["occurred_at", "kind", "summary", "user_id", "next_follow_up"],
                        interaction_rows)
        flow += section(doc, _t(QT_TRANSLATE_NOOP("Reports", "Opportunities")),
                        len(opportunity_rows), n_opportunities, "opportunity",
                        ["code", "title", "stage", "amount_cents", "expected_close", "owner_id"],
                        opportunity_rows, numeric=("amount_cents",))
        flow += section(doc, _t(QT_TRANSLATE_NOOP("Reports", "Orders")), len(order_rows),
                        n_orders, "order",
                        ["number", "order_date", "status", "total_cents", "owner_id"],
                        order_rows, numeric=("total_cents",))
        flow += section(doc, _t(QT_TRANSLATE_NOOP("Reports", "Service tickets")),
                        len(ticket_rows), n_tickets, "ticket",
                        ["code", "subject", "priority", "status_id", "created_at", "due_date"],
                        ticket_rows)
        flow += section(doc, _t(QT_TRANSLATE_NOOP("Reports", "Open tasks")), len(task_rows),
                        n_tasks, "task", ["due_at", "title", "priority", "assignee_id"],
                        task_rows)
        return flow

    return Prepared(title, facts, story, customer_ids={cid}, opened_customer=cid,
                    audit_entity="customer", audit_id=cid,
                    summary=QT_TRANSLATE_NOOP("Audit", "customer {code}"),
                    summary_params={"code": customer.code})
