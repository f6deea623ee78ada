"""One service ticket on paper: its details (with custom fields and what it is linked
to), its description, its history (each change, move and comment with who and when)
and the knowledge base articles used for it.

The ticket is read through the ticket service (the actor must be allowed to see
it) and counts its customer for the anti-scraping guard, as opening the ticket does.
"""

from __future__ import annotations

from xml.sax.saxutils import escape

from reportlab.platypus import Flowable, Paragraph
from sqlalchemy.orm import Session

from crmdesk.core.fields import choice_label, fields_of, label
from crmdesk.core.models import Ticket
from crmdesk.core.permissions import Actor
from crmdesk.core.services import custom_fields, knowledge, ticket_links
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


def _t(text: str, **params: object) -> str:
    return render("Reports", text, **params)


def find_ticket(session: Session, actor: Actor, ref: int | str | None) -> Ticket:
    found: Ticket = find_record(session, actor, tickets, ref, QT_TRANSLATE_NOOP(
        "Reports", "Say which ticket to print: give its code, e.g. T000012."))
    return found


def history_rows(session: Session, actor: Actor, ticket_id: int) -> list[list[str]]:
    """The ticket's history as table rows: when, who, what, comment."""
    rows = []
    for entry in tickets.timeline(session, actor, ticket_id):
        if entry.kind == "created":
            what = _t(QT_TRANSLATE_NOOP("Reports", "Opened: {subject}"), subject=entry.new or "")
        elif entry.kind == "comment":
            what = _t(QT_TRANSLATE_NOOP("Reports", "Comment"))
        else:
            spec = next((f for f in fields_of("ticket") if f.key == entry.field), None)
            shown = spec.translated if spec is not None else (entry.field or "")
            old, new = entry.old or "", entry.new or ""
            if spec is not None and spec.kind == "choice":  # priority: its name
                old = choice_label(spec.choices or "", entry.old) if entry.old else ""
                new = choice_label(spec.choices or "", entry.new) if entry.new else ""
            what = f"{shown}: {old or '–'} → {new or '–'}"
        rows.append([formatting.moment(entry.at), entry.user, what, entry.comment or ""])
    return rows


def prepare(session: Session, actor: Actor, request: ReportRequest,
            progress: BuildProgress) -> Prepared:
    ticket = find_ticket(session, actor, request.record)
    row = tickets.rows(session, actor, [ticket.id])[0]
    details: list[tuple[str, str]] = []
    for spec in fields_of("ticket"):
        if spec.key in ("code", "subject", "description") or spec.sensitive:
            continue
        details.append((spec.translated, formatting.field_value(spec, row)))
    details += ticket_links.link_facts(session, actor, ticket)
    definitions = {d.key: d for d in custom_fields.definitions(session, "ticket")}
    for key, value in custom_fields.values(session, actor, "ticket", ticket.id).items():
        definition = definitions.get(key)
        if definition is not None:
            shown = formatting.day(value) if hasattr(value, "isoformat") else (
                "" if value is None else str(value))
            details.append((definition.label, shown))
    progress.report(10, _t(QT_TRANSLATE_NOOP("Reports", "Reading the records…")))
    history = history_rows(session, actor, ticket.id)
    used = knowledge.linked(session, actor, ticket.id)
    title = _t(QT_TRANSLATE_NOOP("Reports", "Ticket {code}"), code=ticket.code)
    facts = [(label("ticket", "code"), ticket.code), (label("ticket", "subject"), ticket.subject)]
    description = ticket.description or ""

    def story(doc: ReportDocument) -> list[Flowable]:
        styles = doc.styles
        width = doc.content_width
        flow: list[Flowable] = [
            Paragraph(escape(ticket.subject), styles.title),
            Paragraph(escape(" · ".join(p for p in (ticket.code, row.get("customer_id:name"),
                                                    row.get("status_id:name")) if p)),
                      styles.subtitle),
            *layout.heading(_t(QT_TRANSLATE_NOOP("Reports", "Details")), styles, level=2),
            layout.facts(details, width, styles, columns=2),
        ]
        if description:
            flow += layout.heading(label("ticket", "description"), styles, level=2)
            flow.append(Paragraph(escape(description).replace("\n", "<br/>"), styles.body))
        flow += layout.heading(_t(QT_TRANSLATE_NOOP("Reports", "History")), styles, level=2)
        if history:
            cols = [Col(_t(QT_TRANSLATE_NOOP("Reports", "When")), wrap=False),
                    Col(_t(QT_TRANSLATE_NOOP("Reports", "Who"))),
                    Col(_t(QT_TRANSLATE_NOOP("Reports", "What"))),
                    Col(_t(QT_TRANSLATE_NOOP("Reports", "Comment")))]
            flow.append(layout.table(cols, history, width, styles))
        else:
            flow.append(layout.note(_t(QT_TRANSLATE_NOOP("Reports", "None.")), styles))
        if used:
            flow += layout.heading(_t(QT_TRANSLATE_NOOP("Reports", "Articles used")), styles,
                                   level=2)
            cols = [Col(_t(QT_TRANSLATE_NOOP("Reports", "Article")), wrap=False),
                    Col(_t(QT_TRANSLATE_NOOP("Reports", "Title"))),
                    Col(_t(QT_TRANSLATE_NOOP("Reports", "Who"))),
                    Col(_t(QT_TRANSLATE_NOOP("Reports", "When")), wrap=False)]
            flow.append(layout.table(cols, [[u.article.code, u.article.title, u.user,
                                             formatting.moment(u.at)] for u in used],
                                     width, styles))
        return flow

    return Prepared(title, facts, story, customer_ids={ticket.customer_id},
                    audit_entity="ticket", audit_id=ticket.id,
                    summary=QT_TRANSLATE_NOOP("Audit", "ticket {code}"),
                    summary_params={"code": ticket.code})
