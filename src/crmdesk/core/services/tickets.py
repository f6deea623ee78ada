"""Service tickets: configurable statuses, assignment, comments and a change history.

A change of status is a move: allowed only along a transition the actor's role may
make (``ticket_flow``), whether it comes from the form, an import or a command, and
recorded in the ticket's history with who, when and (from :meth:`TicketService.move`)
a comment.  Statuses themselves are configured in ``ticket_flow``.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import ColumnElement, delete, func, select
from sqlalchemy.orm import Session

from crmdesk.core import audit_messages, search
from crmdesk.core.fields import label
from crmdesk.core.models import Customer, Ticket, TicketEvent, TicketStatus, utcnow
from crmdesk.core.permissions import Actor, child_scope, require
from crmdesk.core.services import accounts, audit, service_levels, ticket_flow
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
        creating = True
    else:
        creating = False
        before = {"name": status.name, "is_closed": status.is_closed, "active": status.active,
                  "is_default": status.is_default}
        if position is not None:
            status.position = position
    status.name = name.strip()
    if creating or bool(status.is_closed) != is_closed:
        status.category = "closed" if is_closed else "open"
    status.is_closed = is_closed
    status.active = active
    if is_default:
        for other in statuses(session):
            other.is_default = False
    status.is_default = is_default
    session.flush()
    if creating:
        from crmdesk.core.services import ticket_flow

        ticket_flow.add_default_moves(session, status)
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


@dataclass(frozen=True)
class HistoryEntry:
    """One line of a ticket's history (:meth:`TicketService.timeline`)."""

    at: datetime
    user: str  # the user's name
    kind: str  # created | change | comment
    field: str | None  # for a change: status_id (a move), priority ...
    old: str | None  # as shown (a status or user by name)
    new: str | None
    comment: str | None


def ticket_doc(t: Ticket, customer_name: str | None) -> search.DocInput:
    return search.DocInput(kind="ticket", ref_id=t.id, customer_id=t.customer_id, code=t.code,
                           title=t.subject, subtitle=customer_name, texts=(t.code,),
                           notes=t.description, personal_id=TicketService.personal_user(t))


class TicketService(RecordService[Ticket]):
    entity = "ticket"
    model = Ticket
    code_attr = "code"
    code_prefix = "T"
    indexed = True
    default_to_actor = ("assignee_id",)
    personal_columns = ("assignee_id",)
    due_fields = ("due_date",)

    def is_open(self, session: Session, obj: Ticket) -> bool:
        if not obj.status_id:
            return True
        # kept for the session: its identity map holds objects weakly, so a page of 200
        # rows would read the status 200 times (200 round trips to a server)
        closed: dict[int, bool] = session.info.setdefault("crmdesk.status_closed", {})
        if obj.status_id not in closed:
            status = session.get(TicketStatus, obj.status_id)
            closed[obj.status_id] = status is not None and bool(status.is_closed)
        return not closed[obj.status_id]

    def scope(self, actor: Actor) -> ColumnElement[bool]:
        return child_scope(actor, Ticket.customer_id, *self.personal())

    def prepare(self, session: Session, actor: Actor, values: dict[str, Any],
                obj: Ticket | None) -> None:
        if obj is None:
            if not values.get("status_id"):
                values["status_id"] = default_status(session).id
            if not values.get("priority"):
                values["priority"] = "normal"

    def create(self, session: Session, actor: Actor, data: Any, *,
               custom: Any = None) -> Ticket:
        """A new ticket; without an assignee, the assignment rules choose one
        (``ticket_assignment``: window, import and command line alike)."""
        from crmdesk.core.services import ticket_assignment

        data, chosen = ticket_assignment.assign_new(session, data)
        obj = super().create(session, actor, data, custom=custom)
        if chosen is not None:
            ticket_assignment.record(session, actor, obj, chosen)
        return obj

    def check_record(self, session: Session, actor: Actor, cleaned: dict[str, Any],
                     obj: Ticket | None) -> list[FieldError]:
        shown = label("ticket", "status_id")
        if "status_id" in cleaned and cleaned["status_id"] is None:
            return [FieldError("status_id", shown, render("Validation", QT_TRANSLATE_NOOP(
                "Validation", "{label} is required: please fill it in."), label=shown))]
        if obj is not None and cleaned.get("status_id") not in (None, obj.status_id) \
                and session.info.get("ticket_move_check", True):
            problem = ticket_flow.move_problem(session, actor, obj.status_id,
                                               int(cleaned["status_id"]))
            if problem:
                return [FieldError("status_id", shown, problem)]
        return []

    def move(self, session: Session, actor: Actor, ticket_id: int, status_id: int, *,
             comment: str | None = None, check: bool = True) -> Ticket:
        """Move a ticket to another status, with an optional comment kept in its history.
        Refused (naming the allowed moves) unless the actor's role may make the move;
        *check* False is for retiring a status, which moves its tickets away."""
        session.info["ticket_move_check"] = check
        try:
            return self.update(session, actor, ticket_id, {"status_id": status_id},
                               move_comment=comment)
        finally:
            session.info.pop("ticket_move_check", None)

    def update(self, session: Session, actor: Actor, record_id: int, data: Any, *,
               expected_version: int | None = None, custom: Any = None,
               move_comment: str | None = None) -> Ticket:
        """An ordinary edit; *move_comment* goes with a change of status into the
        history (the ticket form's comment box, ``crmdesk ticket move --comment``)."""
        session.info["ticket_move_comment"] = (move_comment or "").strip() or None
        try:
            return super().update(session, actor, record_id, data,
                                  expected_version=expected_version, custom=custom)
        finally:
            session.info.pop("ticket_move_comment", None)

    def allowed_statuses(self, session: Session, actor: Actor,
                         ticket_id: int | None) -> list[TicketStatus]:
        """The statuses a ticket may be given by *actor*: for a new ticket every status
        that is not retired; else its own status and those it may move to."""
        if ticket_id is None:
            return statuses(session, active_only=True)
        ticket = self.get(session, actor, ticket_id, deleted=None)
        targets = {s.id for s in ticket_flow.allowed_targets(session, actor.role,
                                                             ticket.status_id)}
        return [s for s in statuses(session)
                if s.id == ticket.status_id or s.id in targets]

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
            note = session.info.get("ticket_move_comment")
            for key, old, new in session.info.get("ticket_changes", {}).pop(id(obj), []):
                session.add(TicketEvent(ticket_id=obj.id, user_id=actor.user_id or None,
                                        kind="change", field=key,
                                        old_value=None if old is None else str(plain(old)),
                                        new_value=None if new is None else str(plain(new)),
                                        comment=note if key == "status_id" else None))
        session.flush()
        customer = session.get(Customer, obj.customer_id)
        search.index(session, ticket_doc(obj, customer.name if customer else None))
        service_levels.after_ticket_write(session, obj)  # the SLA clock

    def after_delete_many(self, session: Session, actor: Actor, objs: Sequence[Ticket]
                          ) -> None:
        search.remove(session, "ticket", [obj.id for obj in objs])

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
        service_levels.after_ticket_write(session, ticket)  # a first response
        audit.record(session, actor, "comment", entity="ticket", entity_id=ticket.id,
                     message=QT_TRANSLATE_NOOP("Audit", "Commented on {record}"),
                     params={"record": self.describe(ticket)}, after={"comment": body})
        return event

    def events(self, session: Session, actor: Actor, ticket_id: int) -> list[TicketEvent]:
        self.get(session, actor, ticket_id, deleted=None)
        return list(session.execute(select(TicketEvent).where(TicketEvent.ticket_id == ticket_id)
                                    .order_by(TicketEvent.at, TicketEvent.id)).scalars())

    def timeline(self, session: Session, actor: Actor, ticket_id: int) -> list[HistoryEntry]:
        """The ticket's history as people read it, oldest first: opened, each move and
        change (statuses by name, users by name) with who and when, and comments."""
        from crmdesk.core import presentation

        names = accounts.user_names(session)
        status_names = {str(st.id): presentation.status_name(st.key, st.name, st.name_zh)
                        for st in statuses(session)}
        entries = []
        for event in self.events(session, actor, ticket_id):
            old, new = event.old_value, event.new_value
            if event.field == "status_id":
                old, new = status_names.get(old or "", old), status_names.get(new or "", new)
            elif event.field == "assignee_id":
                old = names.get(int(old), old) if old and old.isdigit() else old
                new = names.get(int(new), new) if new and new.isdigit() else new
            entries.append(HistoryEntry(event.at, names.get(event.user_id or 0, ""),
                                        event.kind, event.field, old, new, event.comment))
        return entries

    def purge_dependents(self, session: Session, actor: Actor, obj: Ticket) -> None:
        from crmdesk.core.models import Task

        session.execute(delete(TicketEvent).where(TicketEvent.ticket_id == obj.id))
        for task in session.execute(select(Task).where(Task.ticket_id == obj.id)).scalars():
            task.ticket_id = None


tickets = TicketService()
