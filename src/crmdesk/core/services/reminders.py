"""Reminders that fire: which of a user's dated work is due now, snooze and dismiss.

A user's reminders are

* **task**: their open tasks (assigned to them) at the task's ``remind_at``, or at its
  due time when it has none;
* **follow_up**: their customers' planned next follow-up date, at 09:00 local on that
  day, unless an open dated task of theirs for that customer covers it (logging an
  interaction with a follow-up date makes such a task);
* **ticket**: the open tickets assigned to them with a due date, at 09:00 on that day;
* **TYPE.FIELD**: a designed record type's date field with ``remind_days_before``, that
  many days before the date, for the record's holder (``record_type_dates``);

each within what the user may see (``core/permissions.py``).  Snoozing and dismissing
are the user's own (:class:`~crmdesk.core.models.ReminderState`) and apply to the
reminder's time or date as it was: a record moved to another time reminds again.

:func:`reminders` is one statement (a ``UNION ALL`` of the three kinds, each read
through an index on its person and time), cheap enough for the window's check every
minute; the same list is ``crmdesk reminders FILE --user U [--due]``.
"""

from __future__ import annotations

import heapq
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from operator import itemgetter
from typing import Any

from sqlalchemy import (
    ColumnElement,
    Date,
    String,
    and_,
    cast,
    func,
    literal,
    null,
    or_,
    select,
    union_all,
)
from sqlalchemy.orm import Session, aliased

from crmdesk.core.models import (
    Customer,
    ReminderState,
    Task,
    Ticket,
    TicketStatus,
    UTCDateTime,
    utcnow,
)
from crmdesk.core.permissions import Actor
from crmdesk.core.services import record_type_dates
from crmdesk.errors import KnownError, NotFound
from crmdesk.i18n import QT_TRANSLATE_NOOP, render

KINDS = ("task", "follow_up", "ticket", "sla", "stock")
KIND_NAMES = {
    "task": QT_TRANSLATE_NOOP("Reminders", "Task"),
    "follow_up": QT_TRANSLATE_NOOP("Reminders", "Follow-up"),
    "ticket": QT_TRANSLATE_NOOP("Reminders", "Ticket"),
    "sla": QT_TRANSLATE_NOOP("Reminders", "Service level breached"),
    "stock": QT_TRANSLATE_NOOP("Reminders", "Low stock"),
}
#: the record a reminder opens: (entity, id)
RECORD_OF = {"task": "task", "follow_up": "customer", "ticket": "ticket", "sla": "ticket",
             "stock": "product"}
#: a dated reminder (a follow-up, a ticket's due date) fires at this local time
DAY_TIME = time(9, 0)
#: the snooze choices besides "pick a time": minutes, or "tomorrow" (09:00)
SNOOZE_CHOICES = ("10min", "1h", "tomorrow")


class ReminderError(KnownError):
    context = "Reminders"


class ReminderNotFound(NotFound):
    context = "Reminders"


@dataclass(frozen=True)
class Reminder:
    kind: str  # "task" | "follow_up" | "ticket"
    ref_id: int  # the task, customer or ticket
    #: when it fires (or fired): the task's reminder time, or 09:00 on the date
    at: datetime
    #: what the state is about: a task's reminder time, or the follow-up / due date
    remind_at: datetime | None
    due_date: date | None
    code: str  # a customer's or ticket's code; a task's number
    title: str
    customer_id: int | None
    customer_name: str | None
    snoozed_until: datetime | None = None

    @property
    def fires_at(self) -> datetime:
        """When it shows: the snooze's end, or its own time."""
        return self.snoozed_until or self.at

    @property
    def record(self) -> tuple[str, int]:
        """The record to open: (entity, id); a designed date's is its type's record."""
        return RECORD_OF.get(self.kind) or self.kind.partition(".")[0], self.ref_id

    @property
    def key(self) -> tuple[str, int, datetime]:
        """Names this firing (the window notifies each once)."""
        return self.kind, self.ref_id, self.fires_at

    @property
    def kind_text(self) -> str:
        return kind_text(self.kind)


def kind_text(kind: str) -> str:
    """A kind's name in the user's language (a designed date: its type's and field's)."""
    if kind in KIND_NAMES:
        return render("Reminders", KIND_NAMES[kind])
    return record_type_dates.kind_text(kind)


def current_time() -> datetime:
    """Now (UTC): the clock the window's reminders start from."""
    return utcnow()


def day_time(day: date) -> datetime:
    """The moment a dated reminder fires: 09:00 local on *day*."""
    return datetime.combine(day, DAY_TIME).astimezone()


def _last_due_day(now: datetime) -> date:
    """The latest date whose 09:00 has come by *now*."""
    local = now.astimezone()
    return local.date() if local.time() >= DAY_TIME else local.date() - timedelta(days=1)


def _state(kind: str, actor: Actor, ref: Any, current: Any,
           column: Any) -> tuple[Any, ColumnElement[bool]]:
    """The user's state of a reminder, joined only while it is about the current time or
    date (alias, ON clause)."""
    state = aliased(ReminderState, name=f"state_{kind}".replace(":", "_"))
    return state, and_(state.user_id == actor.user_id, state.kind == kind,
                       state.ref_id == ref, column(state) == current)


def _selects(actor: Actor, now: datetime, due_only: bool,
             only: tuple[str, int] | None) -> list[Any]:
    # Visibility: each part reads the records of the user themselves (assignee, owner),
    # which the services' scopes always let them see (``child_scope`` holds a record
    # whose person is the actor; ``customer_scope`` the actor's own customers), so the
    # scope adds nothing but a read of every customer of theirs (50,000 for some on the
    # bench file): it is left out (tests/unit/test_reminders.py checks the equivalence).
    me = actor.user_id
    last_day = _last_due_day(now)
    no_time = cast(null(), UTCDateTime)
    no_date = cast(null(), Date)

    def wanted(kind: str) -> bool:
        return only is None or only[0] == kind

    def live(state: Any, fires: ColumnElement[bool]) -> list[ColumnElement[bool]]:
        conditions: list[ColumnElement[bool]] = [state.dismissed_at.is_(None)]
        if due_only:
            conditions.append(or_(and_(state.snoozed_until.is_(None), fires),
                                  state.snoozed_until <= now))
        return conditions

    selects: list[Any] = []
    if wanted("task"):
        remind = func.coalesce(Task.remind_at, Task.due_at, type_=UTCDateTime)
        state, on = _state("task", actor, Task.id, remind, lambda s: s.remind_at)
        stmt = (
            select(cast(literal("task"), String(16)).label("kind"), Task.id.label("ref_id"),
                   remind.label("remind_at"), no_date.label("due_date"),
                   cast(Task.id, String(20)).label("code"), Task.title.label("title"),
                   Task.customer_id.label("customer_id"),
                   state.snoozed_until.label("snoozed_until"))
            .select_from(Task)
            .outerjoin(state, on)
            .where(Task.assignee_id == me, Task.done == False,  # noqa: E712 - the index's term
                   Task.deleted_at.is_(None), remind.is_not(None),
                   *live(state, remind <= now)))
        if only is not None:
            stmt = stmt.where(Task.id == only[1])
        selects.append(stmt)
    if wanted("follow_up"):
        state, on = _state("follow_up", actor, Customer.id, Customer.next_follow_up,
                           lambda s: s.due_date)
        # the customers the user's open dated tasks cover: read once (through the
        # assignee's index), not once per customer
        covering = select(Task.customer_id).where(
            Task.assignee_id == me, Task.done == False,  # noqa: E712
            Task.deleted_at.is_(None), Task.due_at.is_not(None),
            Task.customer_id.is_not(None))
        stmt = (
            select(cast(literal("follow_up"), String(16)), Customer.id, no_time,
                   Customer.next_follow_up, Customer.code, Customer.name, Customer.id,
                   state.snoozed_until)
            .select_from(Customer).outerjoin(state, on)
            .where(Customer.owner_id == me, Customer.deleted_at.is_(None),
                   Customer.next_follow_up.is_not(None), Customer.id.not_in(covering),
                   *live(state, Customer.next_follow_up <= last_day)))
        if only is not None:
            stmt = stmt.where(Customer.id == only[1])
        selects.append(stmt)
    if wanted("ticket"):
        state, on = _state("ticket", actor, Ticket.id, Ticket.due_date, lambda s: s.due_date)
        stmt = (
            select(cast(literal("ticket"), String(16)), Ticket.id, no_time, Ticket.due_date,
                   Ticket.code, Ticket.subject, Ticket.customer_id,
                   state.snoozed_until)
            .select_from(Ticket)
            .join(TicketStatus, TicketStatus.id == Ticket.status_id)
            .outerjoin(state, on)
            .where(Ticket.assignee_id == me, Ticket.deleted_at.is_(None),
                   Ticket.due_date.is_not(None), TicketStatus.is_closed == False,  # noqa: E712
                   *live(state, Ticket.due_date <= last_day)))
        if only is not None:
            stmt = stmt.where(Ticket.id == only[1])
        selects.append(stmt)
    if wanted("sla"):  # a ticket's missed service level, escalated (service_levels)
        from crmdesk.core.services import service_levels

        selects += service_levels.reminder_selects(actor, now, due_only, _state, live, only)
    if wanted("stock"):  # below a product's low-stock level (warehouses.py, issue 16)
        from crmdesk.core.services import warehouses

        selects += warehouses.reminder_selects(actor, now, due_only, _state, live, only)
    # the date fields of designed record types that remind (record_type_dates)
    selects += record_type_dates.reminder_selects(actor, now, due_only, _state, live, only)
    return selects


def reminders(session: Session, actor: Actor, now: datetime | None = None, *,
              due_only: bool = True, limit: int = 500,
              only: tuple[str, int] | None = None) -> list[Reminder]:
    """The user's reminders, earliest first: with *due_only* those showing now (their
    time, or their snooze's end, has come; not dismissed), otherwise every one not
    dismissed, also those still to come.  *only*: one record's, as (kind, id)."""
    now = now or utcnow()
    selects = _selects(actor, now, due_only, only)
    if not selects:
        return []
    statement: Any = union_all(*selects) if len(selects) > 1 else selects[0]
    rows: list[Any] = list(session.execute(statement).all())
    # A staff member at a million customers has some 28,000 due rows (tickets, follow-
    # ups, tasks) of which *limit* are kept: the order is found from the rows' times
    # alone (09:00 local computed once per date), and the rest of a reminder (its
    # customer's name, its title) only for those kept.
    days: dict[date, datetime] = {}
    keyed: list[tuple[tuple[datetime, int, int], tuple[Any, ...]]] = []
    for row in rows:
        kind, ref_id, remind_at, due_date, code, title, cid, snoozed = tuple(row)
        if isinstance(due_date, str):  # raw SQLite text below a UNION
            due_date = date.fromisoformat(due_date)
        if remind_at is not None:
            at = remind_at
        else:
            at = days.get(due_date)
            if at is None:
                at = days[due_date] = day_time(due_date)
        kind = str(kind)
        if record_type_dates.is_designed_kind(kind):  # a designed date: N days before
            at = record_type_dates.fires_at(kind, at)
        keyed.append(((snoozed or at, _order(kind), int(ref_id)),
                      (kind, at, remind_at, due_date, code, title, cid, snoozed)))
    # the earliest first (by when it shows, then kind and id), as sorted() would
    kept = heapq.nsmallest(limit, keyed, key=itemgetter(0))
    # the customers' names: for the reminders kept only
    wanted = {part[6] for _key, part in kept if part[6] is not None}
    names: dict[int, str] = {}
    for chunk in (sorted(wanted)[i:i + 500] for i in range(0, len(wanted), 500)):
        names.update((int(i), str(n)) for i, n in session.execute(
            select(Customer.id, Customer.name).where(Customer.id.in_(chunk))))
    found: list[Reminder] = []
    for (_fires, _kind_order, ref), part in kept:
        kind, at, remind_at, due_date, code, title, cid, snoozed = part
        cname = names.get(cid) if cid is not None else None
        if record_type_dates.is_designed_kind(kind):
            title = record_type_dates.reminder_title(kind, str(title or ""), str(code or ""))
        elif kind == "stock":
            from crmdesk.core.services import warehouses

            title = warehouses.low_stock_title(str(title or ""))
        found.append(Reminder(kind, ref, at, remind_at, due_date, str(code or ""),
                              str(title or ""), cid, cname, snoozed))
    return found


def _order(kind: str) -> int:
    return KINDS.index(kind) if kind in KINDS else len(KINDS)


def due(session: Session, actor: Actor, now: datetime | None = None,
        limit: int = 500) -> list[Reminder]:
    """The reminders showing now; at login, those that came due while crmdesk was closed."""
    return reminders(session, actor, now, due_only=True, limit=limit)


def find(session: Session, actor: Actor, kind: str, ref_id: int) -> Reminder:
    """The user's reminder of one record (NotFound: none, or not theirs)."""
    if kind not in KINDS and record_type_dates.find(kind) is None:
        raise ValueError(f"unknown reminder kind {kind}")
    found = reminders(session, actor, due_only=False, only=(kind, ref_id))
    if not found:
        raise ReminderNotFound(QT_TRANSLATE_NOOP(
            "Reminders", "There is no reminder of yours for {kind} {id}: it was done, "
                         "deleted, moved to someone else or dismissed."),
            kind=kind_text(kind), id=ref_id)
    return found[0]


def _save_state(session: Session, actor: Actor, reminder: Reminder, *,
                snoozed_until: datetime | None, dismissed: bool) -> None:
    from crmdesk.core.services import accounts

    accounts.ensure_active(session, actor)
    state = session.execute(select(ReminderState).where(
        ReminderState.user_id == actor.user_id,
        ReminderState.kind == record_type_dates.state_kind(reminder.kind),
        ReminderState.ref_id == reminder.ref_id)).scalar_one_or_none()
    if state is None:
        state = ReminderState(user_id=actor.user_id,
                              kind=record_type_dates.state_kind(reminder.kind),
                              ref_id=reminder.ref_id)
        session.add(state)
    state.remind_at = reminder.remind_at
    state.due_date = reminder.due_date if reminder.remind_at is None else None
    state.snoozed_until = snoozed_until
    state.dismissed_at = utcnow() if dismissed else None
    state.updated_at = utcnow()
    session.flush()


def snooze_until(choice: str, now: datetime | None = None) -> datetime:
    """The end of a snooze choice: "10min", "1h" or "tomorrow" (09:00 local)."""
    now = now or utcnow()
    if choice == "10min":
        return now + timedelta(minutes=10)
    if choice == "1h":
        return now + timedelta(hours=1)
    if choice == "tomorrow":
        return day_time(now.astimezone().date() + timedelta(days=1))
    raise ValueError(f"unknown snooze choice {choice}")


def snooze(session: Session, actor: Actor, kind: str, ref_id: int, until: datetime, *,
           now: datetime | None = None) -> Reminder:
    """Show the reminder again at *until* (a later time)."""
    now = now or utcnow()
    if until.tzinfo is None:
        until = until.astimezone()
    if until <= now:
        raise ReminderError(QT_TRANSLATE_NOOP(
            "Reminders", "Snooze until a later time: {time} has passed."),
            time=until.astimezone().strftime("%Y-%m-%d %H:%M"))
    reminder = find(session, actor, kind, ref_id)
    _save_state(session, actor, reminder, snoozed_until=until, dismissed=False)
    return reminder


def dismiss(session: Session, actor: Actor, kind: str, ref_id: int) -> Reminder:
    """Stop reminding of this record (until its time or date changes)."""
    reminder = find(session, actor, kind, ref_id)
    _save_state(session, actor, reminder, snoozed_until=None, dismissed=True)
    return reminder


def customer_ids(found: Sequence[Reminder]) -> list[int]:
    """The customers a list of reminders names (for the read guard)."""
    return sorted({r.customer_id for r in found if r.customer_id is not None})
