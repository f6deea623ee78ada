"""Follow-up tasks and reminders; the Today agenda."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from contextvars import ContextVar
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, select
from sqlalchemy.orm import Session

from crmdesk.core import recurrence, search
from crmdesk.core.fields import label
from crmdesk.core.models import Customer, Task, Ticket, TicketStatus, utcnow
from crmdesk.core.permissions import Actor, child_scope, owner_scope
from crmdesk.core.services.accounts import user_names
from crmdesk.core.services.records import RecordService
from crmdesk.errors import FieldError
from crmdesk.i18n import QT_TRANSLATE_NOOP, render

#: how an edit of one occurrence of a recurring task applies: to this occurrence only
#: ("this") or to it and every later one ("future"); see TaskService.update
EDIT_SCOPES = ("this", "future")
_SCOPE: ContextVar[str] = ContextVar("crmdesk_task_edit_scope", default="this")
#: the fields an occurrence passes on to the next one
SERIES_FIELDS = ("title", "notes", "assignee_id", "customer_id", "priority")
#: session.info key: tasks completed in this unit of work (their next one is due)
_COMPLETED = "crmdesk.tasks_completed"


def task_doc(t: Any, customer_name: str | None) -> search.DocInput:
    """A task's search document: its title, then the start of its notes (*t*: a task,
    or a row with its ``id``, ``customer_id``, ``title``, ``notes`` and ``assignee_id``,
    as revision 0023 reads them)."""
    return search.DocInput(kind="task", ref_id=t.id, customer_id=t.customer_id, code=None,
                           title=t.title, subtitle=customer_name, texts=(), notes=t.notes,
                           personal_id=TaskService.personal_user(t))


def index_task(session: Session, task: Task) -> None:
    """Bring a task's search document up to date (or remove it, once deleted): for
    writes that do not go through :class:`TaskService` (a customer's follow-up task)."""
    if task.deleted_at is not None:
        search.remove(session, "task", [task.id])
        return
    customer = session.get(Customer, task.customer_id) if task.customer_id else None
    search.index(session, task_doc(task, customer.name if customer else None))


class TaskService(RecordService[Task]):
    entity = "task"
    model = Task
    indexed = True
    personal_columns = ("assignee_id",)
    default_to_actor = ("assignee_id",)
    due_fields = ("due_at",)

    def is_open(self, session: Session, obj: Task) -> bool:
        return not obj.done

    def scope(self, actor: Actor) -> ColumnElement[bool]:
        return child_scope(actor, Task.customer_id, *self.personal())

    def prepare(self, session: Session, actor: Actor, values: dict[str, Any],
                obj: Task | None) -> None:
        if obj is None and not values.get("priority"):
            values["priority"] = "normal"
        rule = values.get("recurrence")
        if isinstance(rule, str | recurrence.Repeat) and rule:
            try:  # the stored form; a rule that is not valid is reported by check_record
                values["recurrence"] = recurrence.clean_rule(rule)
            except recurrence.RuleProblem:
                pass

    def check_record(self, session: Session, actor: Actor, cleaned: dict[str, Any],
                     obj: Task | None) -> list[FieldError]:
        """A repeat rule is one the editor offers, and the task has a due time to repeat
        from (and that is not after the rule's end)."""
        rule = cleaned.get("recurrence", obj.recurrence if obj is not None else None)
        if not rule:
            return []
        text = label("task", "recurrence")
        try:
            repeat = recurrence.parse(rule)
        except recurrence.RuleProblem as problem:
            return [FieldError("recurrence", text, problem.render(text))]
        due = cleaned.get("due_at", obj.due_at if obj is not None else None)
        if due is None:
            return [FieldError("recurrence", text, render("Validation", QT_TRANSLATE_NOOP(
                "Validation", "{label}: give the task a due time first; it repeats from "
                              "there."), label=text))]
        if repeat.until is not None and repeat.until < due.astimezone().date():
            return [FieldError("recurrence", text, render("Validation", QT_TRANSLATE_NOOP(
                "Validation", "{label}: the end date is before the task is due; choose a "
                              "later end."), label=text))]
        return []

    def apply(self, session: Session, actor: Actor, obj: Task, cleaned: dict[str, Any]) -> None:
        was_done = bool(obj.done)
        before = {key: getattr(obj, key) for key in (*SERIES_FIELDS, "due_at", "remind_at",
                                                       "recurrence")}
        super().apply(session, actor, obj, cleaned)
        if obj.done and not was_done:
            obj.done_at = utcnow()
            if obj.recurrence and obj.id is not None:
                session.info.setdefault(_COMPLETED, set()).add(obj.id)
        elif not obj.done:
            obj.done_at = None
        if obj.id is not None:  # an edit: keep the series in step
            self._edit_series(obj, before, _SCOPE.get())

    def _edit_series(self, obj: Task, before: dict[str, Any], scope: str) -> None:
        """An edit of a task that repeats (or starts or stops repeating).

        *scope* "this": the rule keeps its times and the next occurrence takes the
        series' values again (kept in ``series_values``); "future" (or a changed rule):
        the rest of the series starts here, with this task's values and time.
        """
        if not obj.recurrence:
            obj.series_id = obj.series_start = obj.occurrence_at = obj.series_values = None
            return
        rule_changed = obj.recurrence != before["recurrence"]
        if before["recurrence"] is None or obj.series_start is None:
            scope = "future"  # starts repeating here
        if scope == "future" or rule_changed:
            if not rule_changed and obj.series_start is not None and before["due_at"]:
                obj.recurrence = recurrence.from_occurrence(
                    obj.recurrence, obj.series_start, obj.occurrence_at or before["due_at"])
            obj.series_id = obj.id
            obj.series_start = obj.occurrence_at = obj.due_at
            obj.series_values = None
            return
        kept: dict[str, Any] = json.loads(obj.series_values) if obj.series_values else {}
        for key in SERIES_FIELDS:
            if getattr(obj, key) != before[key] and key not in kept:
                kept[key] = before[key]
        if (obj.due_at, obj.remind_at) != (before["due_at"], before["remind_at"]) \
                and "remind_lead" not in kept:
            kept["remind_lead"] = _lead(before["due_at"], before["remind_at"])
        obj.series_values = json.dumps(kept, ensure_ascii=False) if kept else None

    def after_write(self, session: Session, actor: Actor, obj: Task, *,
                    creating: bool) -> None:
        if creating and obj.recurrence and obj.series_id is None:
            obj.series_id = obj.id
            obj.series_start = obj.occurrence_at = obj.due_at
            session.flush()
        index_task(session, obj)
        completed = session.info.get(_COMPLETED, set())
        if obj.id in completed:
            completed.discard(obj.id)
            self.create_next(session, actor, obj)

    def after_delete_many(self, session: Session, actor: Actor, objs: Sequence[Task]
                          ) -> None:
        search.remove(session, "task", [obj.id for obj in objs])

    def create_next(self, session: Session, actor: Actor, obj: Task,
                    now: datetime | None = None) -> Task | None:
        """The next occurrence of a recurring task that was completed (None: the series
        has ended).  It is the rule's next time after this occurrence's own time, and
        not before today (missed occurrences are not made up); its reminder is as far
        before its due time as this one's was."""
        if not obj.recurrence or obj.due_at is None:
            return None
        start = obj.series_start or obj.due_at
        occurrence = obj.occurrence_at or obj.due_at
        today = datetime.combine((now or utcnow()).astimezone().date(), time(0)).astimezone()
        after = max(occurrence, today - timedelta(microseconds=1))
        following = recurrence.next_after(obj.recurrence, start, after)
        if following is None:
            return None
        series_id = obj.series_id or obj.id
        already = session.execute(select(Task.id).where(
            Task.series_id == series_id, Task.occurrence_at == following,
            Task.deleted_at.is_(None))).first()
        if already is not None:
            return None
        kept: dict[str, Any] = json.loads(obj.series_values) if obj.series_values else {}
        values: dict[str, Any] = {key: getattr(obj, key) for key in SERIES_FIELDS}
        values.update({k: v for k, v in kept.items() if k in SERIES_FIELDS})
        lead = kept["remind_lead"] if "remind_lead" in kept else _lead(obj.due_at,
                                                                       obj.remind_at)
        values.update(due_at=following, recurrence=obj.recurrence, remind_at=(
            following - timedelta(seconds=lead) if lead is not None else None))
        following_task = self.create(session, actor, values)
        following_task.opportunity_id = obj.opportunity_id
        following_task.ticket_id = obj.ticket_id
        following_task.series_id = series_id
        following_task.series_start = start
        following_task.occurrence_at = following
        session.flush()
        return following_task

    def update(self, session: Session, actor: Actor, record_id: int, data: Mapping[str, Any],
               *, expected_version: int | None = None,
               custom: Mapping[str, Any] | None = None, scope: str = "this") -> Task:
        """Save an edit; for one occurrence of a recurring task, *scope* says whether it
        applies to this occurrence only ("this") or to every later one too ("future")."""
        if scope not in EDIT_SCOPES:
            raise ValueError(f"unknown edit scope {scope}")
        token = _SCOPE.set(scope)
        try:
            return super().update(session, actor, record_id, data,
                                  expected_version=expected_version, custom=custom)
        finally:
            _SCOPE.reset(token)

    def complete(self, session: Session, actor: Actor, task_id: int, done: bool = True) -> Task:
        """Mark a task done (or not); done, a recurring task's next occurrence is made."""
        return self.update(session, actor, task_id, {"done": done})

    def repeats(self, session: Session, actor: Actor, task_id: int) -> bool:
        """Whether the task is an occurrence of a recurring series (an edit asks "this one
        or all future")."""
        return bool(self.get(session, actor, task_id).recurrence)


def _lead(due: datetime | None, remind: datetime | None) -> float | None:
    """How many seconds before its due time a task reminds (None: no reminder of its own)."""
    if due is None or remind is None:
        return None
    return (due - remind).total_seconds()


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
    """Overdue and due-today follow-ups and tickets for the logged-in user, oldest first
    (at most *limit* tasks, *limit* tickets and *limit* customers).

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
        .order_by(Ticket.due_date).limit(limit))
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
