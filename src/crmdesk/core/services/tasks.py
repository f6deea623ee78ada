"""Follow-up tasks and reminders; the Today agenda."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, select
from sqlalchemy.orm import Session

from crmdesk.core.models import Customer, Task, Ticket, TicketStatus, utcnow
from crmdesk.core.permissions import Actor, child_scope, owner_scope
from crmdesk.core.services.accounts import user_names
from crmdesk.core.services.records import RecordService


class TaskService(RecordService[Task]):
    entity = "task"
    model = Task
    text_columns = ("title", "notes")
    default_to_actor = ("assignee_id",)
    due_fields = ("due_at",)

    def is_open(self, session: Session, obj: Task) -> bool:
        return not obj.done

    def scope(self, actor: Actor) -> ColumnElement[bool]:
        return child_scope(actor, Task.customer_id, Task.assignee_id)

    def prepare(self, session: Session, actor: Actor, values: dict[str, Any],
                obj: Task | None) -> None:
        if obj is None and not values.get("priority"):
            values["priority"] = "normal"

    def apply(self, session: Session, actor: Actor, obj: Task, cleaned: dict[str, Any]) -> None:
        was_done = bool(obj.done)
        super().apply(session, actor, obj, cleaned)
        if obj.done and not was_done:
            obj.done_at = utcnow()
        elif not obj.done:
            obj.done_at = None

    def complete(self, session: Session, actor: Actor, task_id: int, done: bool = True) -> Task:
        return self.update(session, actor, task_id, {"done": done})


tasks = TaskService()


@dataclass
class AgendaItem:
    kind: str  # "task" | "ticket" | "customer" (its next follow-up date is due)
    id: int
    title: str
    due: datetime | date | None
    overdue: bool
    customer_id: int | None
    customer_name: str | None
    #: whose work it is (the assignee or owner) and their display name
    person_id: int | None = None
    person_name: str = ""


def agenda(session: Session, actor: Actor, today: date | None = None, *,
           limit: int = 300, team: bool = False) -> list[AgendaItem]:
    """Overdue and due-today follow-ups and tickets for the logged-in user, oldest first.

    Follow-ups are open tasks assigned to the user, and the user's customers whose
    next follow-up date has come (unless an open task for that customer covers it).
    With *team*, a manager gets the work of everyone in the team and an administrator
    everyone's (staff still only their own); each item says whose it is.
    """
    today = today or date.today()

    def whose(column: Any) -> ColumnElement[bool]:
        if not team:
            return column == actor.user_id  # type: ignore[no-any-return]
        return and_(column.is_not(None), owner_scope(actor, column))

    names = user_names(session)
    end_of_day = datetime.combine(today + timedelta(days=1), time(0, 0)).astimezone()
    start_of_day = datetime.combine(today, time(0, 0)).astimezone()
    items: list[AgendaItem] = []
    task_rows = session.execute(
        select(Task, Customer.name).outerjoin(Customer, Customer.id == Task.customer_id)
        .where(whose(Task.assignee_id), Task.done.is_(False),
               Task.deleted_at.is_(None), Task.due_at.is_not(None), Task.due_at < end_of_day,
               tasks.scope(actor))
        .order_by(Task.due_at).limit(limit))
    covered: set[int] = set()
    for task, cname in task_rows:
        assert task.due_at is not None
        if task.customer_id:
            covered.add(task.customer_id)
        items.append(AgendaItem("task", task.id, task.title, task.due_at,
                                task.due_at < start_of_day, task.customer_id, cname,
                                task.assignee_id, names.get(task.assignee_id or 0, "")))
    from crmdesk.core.services.tickets import tickets as ticket_service

    ticket_rows = session.execute(
        select(Ticket, Customer.name).join(Customer, Customer.id == Ticket.customer_id)
        .join(TicketStatus, TicketStatus.id == Ticket.status_id)
        .where(whose(Ticket.assignee_id), Ticket.deleted_at.is_(None),
               TicketStatus.is_closed.is_(False), Ticket.due_date.is_not(None),
               Ticket.due_date <= today, ticket_service.scope(actor))
        .order_by(Ticket.due_date))
    for ticket, cname in ticket_rows:
        assert ticket.due_date is not None
        items.append(AgendaItem("ticket", ticket.id, f"{ticket.code} {ticket.subject}",
                                ticket.due_date, ticket.due_date < today, ticket.customer_id,
                                cname, ticket.assignee_id,
                                names.get(ticket.assignee_id or 0, "")))
    customer_rows = session.execute(
        select(Customer).where(whose(Customer.owner_id), Customer.deleted_at.is_(None),
                               Customer.next_follow_up.is_not(None),
                               Customer.next_follow_up <= today)
        .order_by(Customer.next_follow_up).limit(limit)).scalars()
    for customer in customer_rows:
        if customer.id in covered:
            continue
        assert customer.next_follow_up is not None
        items.append(AgendaItem("customer", customer.id, customer.name, customer.next_follow_up,
                                customer.next_follow_up < today, customer.id, customer.name,
                                customer.owner_id, names.get(customer.owner_id or 0, "")))
    return items
