"""The calendar: a person's dated work in a range of days, and moving it to another day.

A calendar shows, for one person (the user, or for a manager a member of the team) or
for everyone the user leads (``team=True``: a manager's team, an administrator's
everyone):

* **task**: tasks assigned to them, at their due time (done ones too, marked done); an
  open recurring task's later occurrences, computed from its rule
  (``core/recurrence.py``), each marked ``occurrence`` (no record of its own: it opens
  and moves as the series' current task);
* **follow_up**: their customers' planned next follow-up date (all day), unless an open
  task of theirs for that customer is due that day (logging an interaction with a
  follow-up date makes such a task: the day is not shown twice);
* **ticket**: open tickets assigned to them, on their due date (all day);
* **opportunity**: open opportunities they own, on the expected close date (all day);
* **campaign**: campaigns they own, from the start to the end date (all day);
* **delivery**: planned delivery notes they are responsible for, on the planned date
  (all day; ``core/services/deliveries.py``);
* **purchase_order**: open purchase orders (draft, ordered, partly received) they buy
  for, on the expected date (all day; ``core/services/purchasing.py``);
* **TYPE.FIELD**: the records of a designed record type on a date field shown in the
  calendar, for the record's holder (its owner, or its customer's owner), all day or at
  a date-time (``record_type_dates``).

Days are the user's local days: a range *first*..*last* (inclusive) holds the tasks due
from local midnight of *first* to local midnight after *last*.  Each kind is one query
on its person and date (indexes ``ix_tasks_assignee_id``/``ix_tasks_due_at``,
``ix_customers_owner_follow_up``, ``ix_tickets_assignee_due``,
``ix_opportunities_owner_id``/``expected_close``).  The person condition implies the
services' visibility (a record whose assignee or owner is the user, or for a manager a
member of the team, is one they may see: ``permissions.child_scope``), so the scope
adds nothing but a read of every visible customer; tests/unit/test_calendar.py checks
that each item is one the user's service ``get`` returns.

:func:`move` reschedules through the record's own service ``update``: the same
validation, permission (a campaign needs ``campaigns.manage``) and version check as
the forms, and one audit entry.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from crmdesk.core import recurrence
from crmdesk.core.models import (
    Campaign,
    Customer,
    Opportunity,
    Task,
    Ticket,
    TicketStatus,
    User,
)
from crmdesk.core.permissions import Actor, visible_owner_ids
from crmdesk.errors import KnownError, PermissionDenied
from crmdesk.i18n import QT_TRANSLATE_NOOP, render

KINDS = ("task", "follow_up", "ticket", "opportunity", "campaign", "delivery",
         "purchase_order")
KIND_NAMES = {
    "task": QT_TRANSLATE_NOOP("Calendar", "Task"),
    "follow_up": QT_TRANSLATE_NOOP("Calendar", "Follow-up"),
    "ticket": QT_TRANSLATE_NOOP("Calendar", "Ticket due"),
    "opportunity": QT_TRANSLATE_NOOP("Calendar", "Expected close"),
    "campaign": QT_TRANSLATE_NOOP("Calendar", "Campaign"),
    "delivery": QT_TRANSLATE_NOOP("Calendar", "Delivery"),
    "purchase_order": QT_TRANSLATE_NOOP("Calendar", "Goods expected"),
}
#: the record an item opens and moves: (entity)
RECORD_OF = {"task": "task", "follow_up": "customer", "ticket": "ticket",
             "opportunity": "opportunity", "campaign": "campaign",
             "purchase_order": "purchase_order", "delivery": "delivery"}
#: the field a move changes
FIELD_OF = {"task": "due_at", "follow_up": "next_follow_up", "ticket": "due_date",
            "opportunity": "expected_close", "campaign": "start_date",
            "purchase_order": "expected_date", "delivery": "planned_date"}
#: at most this many items of one kind in a range (a month of 5,000 tasks fits)
LIMIT = 20000
#: at most this many computed occurrences of one recurring task in a range
OCCURRENCES = 400
#: the longest range one call reads
MAX_DAYS = 400


class CalendarError(KnownError):
    context = "Calendar"


class CalendarDenied(PermissionDenied):
    context = "Calendar"


@dataclass(frozen=True)
class CalendarItem:
    kind: str  # one of KINDS
    ref_id: int  # the task, customer, ticket, opportunity or campaign
    #: a task's due time (aware); the day of an all-day item
    start: datetime | date
    #: the last day of an all-day item spanning days (a campaign); else None
    end: date | None
    code: str  # a task's number, a record's code
    title: str
    person_id: int | None
    version: int
    customer_id: int | None = None
    done: bool = False
    #: a later occurrence of a recurring task, from its rule (not a record of its own)
    occurrence: bool = False
    person_name: str = field(default="", compare=False)

    @property
    def all_day(self) -> bool:
        return not isinstance(self.start, datetime)

    @property
    def day(self) -> date:
        """The local day it is on (its first day)."""
        if isinstance(self.start, datetime):
            return self.start.astimezone().date()
        return self.start

    @property
    def last_day(self) -> date:
        return self.end if self.end is not None and self.end > self.day else self.day

    def on(self, day: date) -> bool:
        return self.day <= day <= self.last_day

    @property
    def record(self) -> tuple[str, int]:
        """The record to open: (entity, id); a designed date's is its type's record."""
        return record_of(self.kind), self.ref_id

    @property
    def uid(self) -> str:
        """Stable per record (and per occurrence): a calendar that subscribes to the
        export replaces the event when the record moves."""
        base = f"{self.kind}-{self.ref_id}"
        if self.occurrence and isinstance(self.start, datetime):
            base += self.start.astimezone().strftime("-%Y%m%dT%H%M")
        return f"{base}@crmdesk"

    @property
    def kind_text(self) -> str:
        return kind_text(self.kind)

    @property
    def summary(self) -> str:
        """The line a calendar program shows, in the user's language."""
        return render("Calendar", QT_TRANSLATE_NOOP("Calendar", "{kind}: {title}"),
                      kind=self.kind_text, title=self.title)

    @property
    def start_text(self) -> str:
        """``YYYY-MM-DD HH:MM`` (local) or ``YYYY-MM-DD`` for all-day items."""
        if isinstance(self.start, datetime):
            return self.start.astimezone().strftime("%Y-%m-%d %H:%M")
        return self.start.isoformat()

    def sort_key(self) -> tuple[Any, ...]:
        moment = self.start if isinstance(self.start, datetime) \
            else datetime.combine(self.start, time(0)).astimezone()
        order = KINDS.index(self.kind) if self.kind in KINDS else len(KINDS)
        return (self.day, not self.all_day, moment, order, self.kind, self.ref_id)


def record_of(kind: str) -> str:
    """The entity an item of *kind* opens and moves (a designed date: its type)."""
    return RECORD_OF.get(kind) or kind.partition(".")[0]


def kind_text(kind: str) -> str:
    """A kind's name in the user's language (a designed date: its type's and field's)."""
    if kind in KIND_NAMES:
        return render("Calendar", KIND_NAMES[kind])
    from crmdesk.core.services import record_type_dates

    return record_type_dates.kind_text(kind)


def colour_of(kind: str) -> str:
    """A designed kind's colour (one per record type)."""
    from crmdesk.core.services import record_type_dates

    return record_type_dates.colour(kind)


def is_designed(entity: str) -> bool:
    """Whether *entity* is a designed record type (its changes redraw the calendar)."""
    from crmdesk.core.record_types import is_designed as designed

    return designed(entity)


def designed_kinds() -> list[str]:
    """The kinds of the file's designed date fields shown in the calendar."""
    from crmdesk.core.services import record_type_dates

    return [f.kind for f in record_type_dates.date_fields()]


@dataclass(frozen=True)
class Person:
    user_id: int
    name: str


def day_start(day: date) -> datetime:
    """Local midnight at the start of *day* (aware)."""
    return datetime.combine(day, time(0)).astimezone()


def people(session: Session, actor: Actor) -> list[Person]:
    """Whose calendar the user may show: themselves first, then (a manager) the team's
    members or (an administrator) every enabled user, by name."""
    owners = visible_owner_ids(session, actor)
    stmt = select(User.id, User.display_name).where(User.disabled.is_(False))
    if owners is not None:
        stmt = stmt.where(User.id.in_(owners))
    found = [Person(int(i), str(n)) for i, n in session.execute(stmt)]
    found.sort(key=lambda p: (p.user_id != actor.user_id, p.name, p.user_id))
    return found


def _check_range(first: date, last: date) -> None:
    if last < first:
        raise CalendarError(QT_TRANSLATE_NOOP(
            "Calendar", "The range ends ({last}) before it starts ({first}): give a later "
                        "end date."), first=first.isoformat(), last=last.isoformat())
    if (last - first).days >= MAX_DAYS:
        raise CalendarError(QT_TRANSLATE_NOOP(
            "Calendar", "The range is too long: at most {days} days at once."), days=MAX_DAYS)


def _whose(session: Session, actor: Actor, person: int | None,
           team: bool) -> Any:
    """A function giving the person condition on a user column."""
    if team:
        owners = visible_owner_ids(session, actor)
        if owners is None:  # an administrator: everyone's
            return lambda column: column.is_not(None)
        # the team as a list: each member's rows are read through the person's index
        return lambda column: column.in_(owners)
    who = actor.user_id if person is None else person
    if who != actor.user_id:
        owners = visible_owner_ids(session, actor)
        if owners is not None and who not in owners:
            user = session.get(User, who)
            raise CalendarDenied(QT_TRANSLATE_NOOP(
                "Calendar", "You may not see {name}'s calendar: a manager sees the team's "
                            "calendars, an administrator everyone's."),
                name=user.username if user is not None else who)
    return lambda column: column == who


def items(session: Session, actor: Actor, first: date, last: date, *,
          person: int | None = None, team: bool = False,
          kinds: Sequence[str] | None = None, occurrences: bool = True) -> list[CalendarItem]:
    """The dated work of the days *first*..*last* (local, inclusive), by day and time:
    the user's own, another person's (*person*, a user id the user may see) or, with
    *team*, everyone's the user leads.  *kinds*: only these (default: every kind, the
    designed types' dates too)."""
    _check_range(first, last)
    chosen = KINDS if kinds is None else tuple(kinds)
    whose = _whose(session, actor, person, team)
    begin, end = day_start(first), day_start(last + timedelta(days=1))
    found: list[CalendarItem] = []
    rows: Any
    if "task" in chosen:
        rows = session.execute(
            select(Task.id, Task.title, Task.due_at, Task.assignee_id, Task.version,
                   Task.customer_id, Task.done)
            .where(whose(Task.assignee_id), Task.deleted_at.is_(None),
                   Task.due_at >= begin, Task.due_at < end)
            .order_by(Task.due_at, Task.id).limit(LIMIT))
        found.extend(CalendarItem("task", int(i), due, None, str(i), str(title), who,
                                  int(version), cid, bool(done))
                     for i, title, due, who, version, cid, done in rows)
        if occurrences:
            found.extend(_occurrences(session, whose, begin, end))
    if "follow_up" in chosen:
        covered = {(i.customer_id, i.day) for i in found
                   if i.kind == "task" and not i.done and not i.occurrence}
        rows = session.execute(
            select(Customer.id, Customer.code, Customer.name, Customer.next_follow_up,
                   Customer.owner_id, Customer.version)
            .where(whose(Customer.owner_id), Customer.deleted_at.is_(None),
                   Customer.next_follow_up >= first, Customer.next_follow_up <= last)
            .order_by(Customer.next_follow_up, Customer.id).limit(LIMIT))
        found.extend(CalendarItem("follow_up", int(i), day, None, str(code), str(name), who,
                                  int(version), int(i))
                     for i, code, name, day, who, version in rows if (i, day) not in covered)
    if "ticket" in chosen:
        rows = session.execute(
            select(Ticket.id, Ticket.code, Ticket.subject, Ticket.due_date, Ticket.assignee_id,
                   Ticket.version, Ticket.customer_id)
            .join(TicketStatus, TicketStatus.id == Ticket.status_id)
            .where(whose(Ticket.assignee_id), Ticket.deleted_at.is_(None),
                   Ticket.due_date >= first, Ticket.due_date <= last,
                   TicketStatus.is_closed.is_(False))
            .order_by(Ticket.due_date, Ticket.id).limit(LIMIT))
        found.extend(CalendarItem("ticket", int(i), day, None, str(code), str(subject), who,
                                  int(version), cid)
                     for i, code, subject, day, who, version, cid in rows)
    if "opportunity" in chosen:
        rows = session.execute(
            select(Opportunity.id, Opportunity.code, Opportunity.title,
                   Opportunity.expected_close, Opportunity.owner_id, Opportunity.version,
                   Opportunity.customer_id)
            .where(whose(Opportunity.owner_id), Opportunity.deleted_at.is_(None),
                   Opportunity.closed_at.is_(None),
                   Opportunity.expected_close >= first, Opportunity.expected_close <= last)
            .order_by(Opportunity.expected_close, Opportunity.id).limit(LIMIT))
        found.extend(CalendarItem("opportunity", int(i), day, None, str(code), str(title),
                                  who, int(version), cid)
                     for i, code, title, day, who, version, cid in rows)
    if "campaign" in chosen:
        ends = func.coalesce(Campaign.end_date, Campaign.start_date)
        rows = session.execute(
            select(Campaign.id, Campaign.code, Campaign.name, Campaign.start_date,
                   Campaign.end_date, Campaign.owner_id, Campaign.version)
            .where(whose(Campaign.owner_id), Campaign.deleted_at.is_(None),
                   Campaign.start_date.is_not(None), Campaign.start_date <= last,
                   ends >= first)
            .order_by(Campaign.start_date, Campaign.id).limit(LIMIT))
        found.extend(CalendarItem("campaign", int(i), start, stop, str(code), str(name), who,
                                  int(version))
                     for i, code, name, start, stop, who, version in rows)
    if "delivery" in chosen:
        from crmdesk.core.services.deliveries import calendar_items

        found.extend(calendar_items(session, whose, first, last, LIMIT))
    if "purchase_order" in chosen:
        from crmdesk.core.services.purchasing import expected_items

        found.extend(expected_items(session, whose, first, last, LIMIT))
    designed = [k for k in kinds if "." in k] if kinds is not None else None
    if designed is None or designed:
        from crmdesk.core.services import record_type_dates

        found.extend(record_type_dates.calendar_items(session, whose, first, last, begin, end,
                                                      designed))
    if team or person not in (None, actor.user_id):
        names = {int(i): str(n) for i, n in session.execute(select(User.id, User.display_name))}
        found = [_named(i, names.get(i.person_id or 0, "")) for i in found]
    found.sort(key=CalendarItem.sort_key)
    return found


def _named(item: CalendarItem, name: str) -> CalendarItem:
    from dataclasses import replace

    return replace(item, person_name=name)


def _occurrences(session: Session, whose: Any, begin: datetime,
                 end: datetime) -> list[CalendarItem]:
    """The later occurrences of open recurring tasks that fall in the range (the
    current occurrence is the task itself)."""
    rows: Any = session.execute(
        select(Task.id, Task.title, Task.due_at, Task.assignee_id, Task.version,
               Task.customer_id, Task.recurrence, Task.series_start)
        .where(whose(Task.assignee_id), Task.done == False,  # noqa: E712 - the index's term
               Task.deleted_at.is_(None), Task.recurrence.is_not(None),
               Task.due_at.is_not(None), Task.due_at < end))
    found: list[CalendarItem] = []
    for task_id, title, due, who, version, cid, rule, start in rows:
        try:
            moments = recurrence.occurrences(rule, start or due, max(begin, due), end,
                                             limit=OCCURRENCES)
        except recurrence.RuleProblem:
            continue
        found.extend(CalendarItem("task", int(task_id), moment, None, str(task_id),
                                  str(title), who, int(version), cid, occurrence=True)
                     for moment in moments if due < moment < end)
    return found


def move(session: Session, actor: Actor, kind: str, ref_id: int, new_when: datetime | date,
         expected_version: int | None = None) -> int:
    """Move an item to another day or time through its record's service (validated,
    permission-checked, version-checked, audited).  A task keeps its time of day when
    given a date, and its reminder as long before; a campaign keeps its length.  Returns the record's new version."""
    if kind not in KINDS:
        from crmdesk.core.services import record_type_dates

        return record_type_dates.move(session, actor, kind, ref_id, new_when,
                                      expected_version)
    from crmdesk.core.services.registry import service_for

    service = service_for(RECORD_OF[kind])
    obj = service.get(session, actor, ref_id)
    service.check_version(obj, expected_version)
    data: dict[str, Any]
    if kind == "task":
        due: datetime | None = obj.due_at
        if isinstance(new_when, datetime):
            moved = new_when if new_when.tzinfo else new_when.astimezone()
        else:
            clock = due.astimezone().time() if due is not None else time(9, 0)
            moved = datetime.combine(new_when, clock).astimezone()
        data = {"due_at": moved}
        if obj.remind_at is not None and due is not None:
            data["remind_at"] = obj.remind_at + (moved - due)
    else:
        day = new_when.astimezone().date() if isinstance(new_when, datetime) else new_when
        if kind == "campaign":
            start: date | None = obj.start_date
            data = {"start_date": day}
            if obj.end_date is not None and start is not None:
                data["end_date"] = day + (obj.end_date - start)
        else:
            data = {FIELD_OF[kind]: day}
    updated = service.update(session, actor, ref_id, data, expected_version=expected_version)
    return int(updated.version)
