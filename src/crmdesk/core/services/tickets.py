"""Service tickets: configurable statuses, assignment, comments and a change history."""

from __future__ import annotations

from typing import Any

from sqlalchemy import ColumnElement, delete, func, select
from sqlalchemy.orm import Session

from crmdesk.core import audit_messages, search
from crmdesk.core.fields import label
from crmdesk.core.models import Customer, Ticket, TicketEvent, TicketStatus, utcnow
from crmdesk.core.permissions import Actor, child_scope, require
from crmdesk.core.services import accounts, audit
from crmdesk.core.services.records import RecordService, plain
from crmdesk.errors import FieldError, ValidationError
from crmdesk.i18n import QT_TRANSLATE_NOOP, render

TRACKED = ("status_id", "priority", "assignee_id", "due_date", "subject", "customer_id")


def statuses(session: Session, *, active_only: bool = False) -> list[TicketStatus]:
    stmt = select(TicketStatus).order_by(TicketStatus.position)
    if active_only:
        stmt = stmt.where(TicketStatus.active.is_(True))
    return list(session.execute(stmt).scalars())


def default_status(session: Session) -> TicketStatus:
    found = session.execute(select(TicketStatus).where(TicketStatus.is_default.is_(True),
                                                       TicketStatus.active.is_(True))).scalar()
    return found or statuses(session, active_only=True)[0]


def save_status(session: Session, actor: Actor, *, key: str, name: str, is_closed: bool = False,
                is_default: bool = False, active: bool = True,
                position: int | None = None) -> TicketStatus:
    """Create or change a ticket status (admins): the list is configurable."""
    require(actor, "settings.manage")
    shown = render("Field", QT_TRANSLATE_NOOP("Field", "Status name"))
    if not (name or "").strip() or not (key or "").strip():
        raise ValidationError([FieldError("name", shown, render("Validation", QT_TRANSLATE_NOOP(
            "Validation", "{label} is required: please fill it in."), label=shown))])
    status = session.execute(select(TicketStatus).where(TicketStatus.key == key)).scalar()
    before = None
    if status is None:
        count = session.execute(select(func.count(TicketStatus.id))).scalar_one()
        status = TicketStatus(key=key, position=position or int(count) + 1)
        session.add(status)
    else:
        before = {"name": status.name, "is_closed": status.is_closed, "active": status.active,
                  "is_default": status.is_default}
        if position is not None:
            status.position = position
    status.name = name.strip()
    status.is_closed = is_closed
    status.active = active
    if is_default:
        for other in statuses(session):
            other.is_default = False
    status.is_default = is_default
    session.flush()
    if not any(s.is_default and s.active for s in statuses(session)):
        raise ValidationError([FieldError("is_default", shown, render("Validation", QT_TRANSLATE_NOOP(
            "Validation", "One active status must be the default for new tickets.")))])
    audit.record(session, actor, "settings", entity="ticket_status", entity_id=status.id,
                 message=QT_TRANSLATE_NOOP("Audit", "Ticket status {name}"),
                 params={"name": audit_messages.named("ticket_status", key, status.name)},
                 before=before,
                 after={"name": status.name, "is_closed": is_closed, "active": active,
                        "is_default": is_default})
    return status


def ticket_doc(t: Ticket, customer_name: str | None) -> search.DocInput:
    return search.DocInput(kind="ticket", ref_id=t.id, customer_id=t.customer_id, code=t.code,
                           title=t.subject, subtitle=customer_name, texts=(t.code,),
                           notes=t.description)


class TicketService(RecordService[Ticket]):
    entity = "ticket"
    model = Ticket
    code_attr = "code"
    code_prefix = "T"
    indexed = True
    default_to_actor = ("assignee_id",)
    due_fields = ("due_date",)

    def is_open(self, session: Session, obj: Ticket) -> bool:
        status = session.get(TicketStatus, obj.status_id) if obj.status_id else None
        return status is None or not status.is_closed

    def scope(self, actor: Actor) -> ColumnElement[bool]:
        return child_scope(actor, Ticket.customer_id, Ticket.assignee_id)

    def prepare(self, session: Session, actor: Actor, values: dict[str, Any],
                obj: Ticket | None) -> None:
        if obj is None:
            if not values.get("status_id"):
                values["status_id"] = default_status(session).id
            if not values.get("priority"):
                values["priority"] = "normal"

    def check_record(self, session: Session, actor: Actor, cleaned: dict[str, Any],
                     obj: Ticket | None) -> list[FieldError]:
        if "status_id" in cleaned and cleaned["status_id"] is None:
            shown = label("ticket", "status_id")
            return [FieldError("status_id", shown, render("Validation", QT_TRANSLATE_NOOP(
                "Validation", "{label} is required: please fill it in."), label=shown))]
        return []

    def apply(self, session: Session, actor: Actor, obj: Ticket, cleaned: dict[str, Any]) -> None:
        before = {k: getattr(obj, k, None) for k in TRACKED}
        super().apply(session, actor, obj, cleaned)
        if "status_id" in cleaned:
            status = session.get(TicketStatus, obj.status_id)
            if status is not None and status.is_closed:
                obj.resolved_at = obj.resolved_at or utcnow()
            else:
                obj.resolved_at = None
        changes = [(k, before[k], getattr(obj, k)) for k in TRACKED
                   if obj.id is not None and before[k] != getattr(obj, k)]
        session.info.setdefault("ticket_changes", {})[id(obj)] = changes

    def after_write(self, session: Session, actor: Actor, obj: Ticket, *,
                    creating: bool) -> None:
        if creating:
            session.add(TicketEvent(ticket_id=obj.id, user_id=actor.user_id or None,
                                    kind="created", new_value=obj.subject[:200]))
        else:
            for key, old, new in session.info.get("ticket_changes", {}).pop(id(obj), []):
                session.add(TicketEvent(ticket_id=obj.id, user_id=actor.user_id or None,
                                        kind="change", field=key,
                                        old_value=None if old is None else str(plain(old)),
                                        new_value=None if new is None else str(plain(new))))
        session.flush()
        customer = session.get(Customer, obj.customer_id)
        search.index(session, ticket_doc(obj, customer.name if customer else None))

    def after_delete(self, session: Session, actor: Actor, obj: Ticket) -> None:
        search.remove(session, "ticket", [obj.id])

    def comment(self, session: Session, actor: Actor, ticket_id: int, text: str) -> TicketEvent:
        accounts.ensure_active(session, actor)
        ticket = self.get(session, actor, ticket_id)
        body = (text or "").strip()
        if not body:
            shown = render("Field", QT_TRANSLATE_NOOP("Field", "Comment"))
            raise ValidationError([FieldError("comment", shown, render("Validation", QT_TRANSLATE_NOOP(
                "Validation", "{label} is required: please fill it in."), label=shown))])
        event = TicketEvent(ticket_id=ticket.id, user_id=actor.user_id or None, kind="comment",
                            comment=body)
        session.add(event)
        session.flush()
        audit.record(session, actor, "comment", entity="ticket", entity_id=ticket.id,
                     message=QT_TRANSLATE_NOOP("Audit", "Commented on {record}"),
                     params={"record": self.describe(ticket)}, after={"comment": body})
        return event

    def events(self, session: Session, actor: Actor, ticket_id: int) -> list[TicketEvent]:
        self.get(session, actor, ticket_id, deleted=None)
        return list(session.execute(select(TicketEvent).where(TicketEvent.ticket_id == ticket_id)
                                    .order_by(TicketEvent.at, TicketEvent.id)).scalars())

    def purge_dependents(self, session: Session, actor: Actor, obj: Ticket) -> None:
        from crmdesk.core.models import Task

        session.execute(delete(TicketEvent).where(TicketEvent.ticket_id == obj.id))
        for task in session.execute(select(Task).where(Task.ticket_id == obj.id)).scalars():
            task.ticket_id = None


tickets = TicketService()
