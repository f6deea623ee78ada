"""Follow-up cadence by intent level (issue 13, item 6).

The cadence is how many days may pass between two contacts with a customer: one
number per intent level (``cadence.H`` .. ``cadence.C``, defaults 2, 7, 15 and 30
days) and, optionally, one per customer status (``cadence.status.<status>``; 0, the
default, means "by intent level").  **Precedence**: a status's own number wins over
the level's; without either (no level, no status number) a customer has no cadence
and nothing here touches it.

The rule, kept by the services whoever calls them (window, command line, import):

* logging an interaction without a next follow-up date gives it one: the
  interaction's local date + the customer's cadence (a date the user gives wins);
  when that interaction is the customer's latest, the customer's ``next_follow_up``
  follows (``InteractionService.refresh_customer``) and the customer's follow-up task
  is created or moved to it (:func:`schedule_task`);
* changing a customer's intent level (or its status, when that changes the cadence)
  sets ``next_follow_up`` to today + the new cadence and moves the follow-up task, unless
  the same edit gives a ``next_follow_up`` of its own: that date wins (and the task goes
  there);
* inside :func:`dates_only` (the importer) only the dates are set, no task is made or
  moved, so a bulk import of past interactions stays as fast as before and does not fill
  the to-do list with follow-ups that were due years ago.

The customer's follow-up task is its open, non-recurring task not tied to an
opportunity or ticket that is due on the day of the customer's planned follow-up (the
one the previous interaction or level change made, or the user planned for that day);
there is one per customer.  It is assigned to the customer's owner (the acting user
when the owner is disabled or there is none).  Tasks are written through the ORM, not
audited one by one: the interaction's or customer's own audit entry records the change
that moved them (as the quick log always did).

**Past cadence** (:func:`past_cadence`): live customers with a cadence whose last
contact (``last_contact_at``, or when the record was created, if never contacted) is
older than it, with the days over, for the customers the user sees (staff their own,
managers their team's, administrators everyone's).  One SQL statement: the cutoff of
each level and status is computed first, so the condition is a ``CASE`` of bound
timestamps; staff and managers read it through the owner index
(``ix_customers_live_owner``), never a Python loop over customers.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from typing import Any, cast

from sqlalchemy import ColumnElement, and_, case, func, literal, or_, select, true
from sqlalchemy.orm import Session, aliased

from crmdesk.core.fields import CHOICES, choice_label
from crmdesk.core.models import Customer, Interaction, Task, User
from crmdesk.core.permissions import Actor, visible_owner_ids
from crmdesk.core.services import settings as db_settings
from crmdesk.errors import KnownError
from crmdesk.i18n import QT_TRANSLATE_NOOP

LEVELS: tuple[str, ...] = ("H", "A", "B", "C")
STATUSES: tuple[str, ...] = tuple(CHOICES["customer_status"])
DEFAULTS: dict[str, int] = {"H": 2, "A": 7, "B": 15, "C": 30}
MAX_DAYS = 365
#: when a follow-up task is due on its day (local time), as the quick log always did
DUE_TIME = time(9, 0)
_DATES_ONLY = "crmdesk.cadence.dates_only"
_PENDING = "crmdesk.cadence.pending"
_CACHED = "crmdesk.cadence.cached"  # the settings as read inside dates_only


class CadenceError(KnownError):
    """A cadence that is not a whole number of days in range, or an unknown key."""


def level_key(level: str) -> str:
    return f"cadence.{level}"


def status_key(status: str) -> str:
    return f"cadence.status.{status}"


@dataclass(frozen=True)
class Cadence:
    """The cadence settings: days per intent level, and per status (0: by level)."""

    levels: Mapping[str, int]
    statuses: Mapping[str, int]

    def days(self, level: str | None, status: str | None) -> int | None:
        """Days between contacts for a customer of *level* and *status* (None: none)."""
        by_status = self.statuses.get(status or "", 0)
        if by_status:
            return by_status
        return self.levels.get(level, None) if level is not None else None


def read(session: Session) -> Cadence:
    """The cadence settings (anyone may read them), in one query; inside
    :func:`dates_only` (an import: one read per interaction otherwise) read once."""
    cached = session.info.get(_CACHED)
    if cached is not None and session.info.get(_DATES_ONLY):
        return cast(Cadence, cached)
    values = db_settings.get_many(session, [*map(level_key, LEVELS),
                                            *map(status_key, STATUSES)])
    found = Cadence({lv: int(values[level_key(lv)]) for lv in LEVELS},
                    {st: int(values[status_key(st)]) for st in STATUSES})
    session.info[_CACHED] = found
    return found


def check_days(name: str, value: Any, *, allow_zero: bool = False) -> int:
    """*value* as whole days 1..365 (0 too with *allow_zero*), or CadenceError naming
    *name* (an intent level or a status key)."""
    text = str(value).strip()
    lowest = 0 if allow_zero else 1
    try:
        number = int(text)
    except ValueError:
        number = -1
    if not lowest <= number <= MAX_DAYS:
        if name in LEVELS:
            raise CadenceError(QT_TRANSLATE_NOOP(
                "Errors", "Follow-up cadence of intent level {level}: {value} is not valid; "
                          "enter whole days from 1 to 365, e.g. 7."),
                level=name, value=text)
        raise CadenceError(QT_TRANSLATE_NOOP(
            "Errors", "Follow-up cadence of status {status}: {value} is not valid; enter "
                      "whole days from 1 to 365, or 0 to follow the intent level."),
            status=name, value=text)
    return number


def update(session: Session, actor: Actor, changes: Mapping[str, Any]) -> Cadence:
    """Change cadences (administrators; each setting audited).  Keys: an intent level
    (``H``) or a status (``lost``, 0 = by intent level); values: whole days.  Every
    value is checked before anything is written."""
    cleaned: dict[str, int] = {}
    for name, value in changes.items():
        key = name.strip()
        if key.upper() in LEVELS:
            cleaned[level_key(key.upper())] = check_days(key.upper(), value)
        elif key in STATUSES:
            cleaned[status_key(key)] = check_days(key, value, allow_zero=True)
        else:
            raise CadenceError(QT_TRANSLATE_NOOP(
                "Errors", "{name} is neither an intent level ({levels}) nor a customer status "
                          "({statuses})."),
                name=key, levels=", ".join(LEVELS), statuses=", ".join(STATUSES))
    for key, days in cleaned.items():
        db_settings.set_value(session, actor, key, days)
    return read(session)


def follow_up_day(cadence: Cadence, customer: Customer, start: date) -> date | None:
    """The next follow-up *start* + the customer's cadence (None: it has none)."""
    days = cadence.days(customer.intent_level, customer.status)
    return start + timedelta(days=days) if days else None


@contextmanager
def dates_only(session: Session) -> Iterator[None]:
    """Within: the rule sets dates but makes or moves no task (bulk import)."""
    before = session.info.get(_DATES_ONLY, False)
    session.info[_DATES_ONLY] = True
    session.info.pop(_CACHED, None)  # read afresh once, then kept until the end
    try:
        yield
    finally:
        session.info[_DATES_ONLY] = before
        session.info.pop(_CACHED, None)


# -- the task ----------------------------------------------------------------------
def _local_day_bounds(day: date) -> tuple[datetime, datetime]:
    start = datetime.combine(day, time(0)).astimezone()
    return start, datetime.combine(day + timedelta(days=1), time(0)).astimezone()


def follow_up_task(session: Session, customer_id: int, day: date | None) -> Task | None:
    """The customer's open follow-up task on *day* (see the module's description)."""
    if day is None:
        return None
    start, end = _local_day_bounds(day)
    return session.execute(select(Task).where(
        Task.customer_id == customer_id, Task.done.is_(False), Task.deleted_at.is_(None),
        Task.recurrence.is_(None), Task.opportunity_id.is_(None), Task.ticket_id.is_(None),
        Task.due_at >= start, Task.due_at < end).order_by(Task.id).limit(1)).scalar_one_or_none()


def _assignee(session: Session, actor: Actor, customer: Customer) -> int | None:
    if customer.owner_id is not None:
        disabled = session.execute(select(User.disabled).where(
            User.id == customer.owner_id)).scalar_one_or_none()
        if disabled is False:
            return customer.owner_id
    return actor.user_id or None


def schedule_task(session: Session, actor: Actor, customer: Customer, day: date | None, *,
                  previous: date | None, title: str | None = None,
                  notes: str | None = None) -> Task | None:
    """Create the customer's follow-up task due on *day*, or move the one due on
    *previous* there (and to the owner).  Nothing inside :func:`dates_only`."""
    if day is None or session.info.get(_DATES_ONLY):
        return None
    task = follow_up_task(session, customer.id, previous) or follow_up_task(
        session, customer.id, day)
    due = datetime.combine(day, DUE_TIME).astimezone()
    assignee = _assignee(session, actor, customer)
    if task is None:
        task = Task(title=(title or _default_title(customer))[:200], due_at=due,
                    assignee_id=assignee, customer_id=customer.id, priority="normal",
                    notes=notes, created_by_id=actor.user_id or None,
                    updated_by_id=actor.user_id or None)
        session.add(task)
    else:
        old_due = task.due_at
        keep_time = old_due.astimezone().time() if old_due is not None else DUE_TIME
        new_due = datetime.combine(day, keep_time).astimezone()
        if old_due != new_due:
            if task.remind_at is not None and old_due is not None:
                task.remind_at = new_due - (old_due - task.remind_at)
            task.due_at = new_due
        if title:
            task.title = title[:200]
        if assignee is not None and task.assignee_id != assignee:
            task.assignee_id = assignee
        task.updated_by_id = actor.user_id or None
    session.flush()
    from crmdesk.core.services.tasks import index_task

    index_task(session, task)
    return task


def _default_title(customer: Customer) -> str:
    from crmdesk.i18n import render

    return render("Tasks", QT_TRANSLATE_NOOP("Tasks", "Follow up: {name}"), name=customer.name)


# -- hooks from the services -----------------------------------------------------------
def interaction_plan(session: Session, obj: Interaction) -> date | None:
    """A new interaction without a next follow-up date gets one from its customer's
    cadence; called before the customer's dates are refreshed, it returns the
    customer's next follow-up until now (where its follow-up task is)."""
    customer = session.get(Customer, obj.customer_id)
    if customer is None:
        return None
    if obj.next_follow_up is None:
        day = follow_up_day(read(session), customer, obj.occurred_at.astimezone().date())
        if day is not None:
            obj.next_follow_up = day
            session.flush()
    return customer.next_follow_up


def after_interaction(session: Session, actor: Actor, obj: Interaction,
                      previous: date | None) -> None:
    """After the customer's dates were refreshed: when this interaction's plan became
    the customer's next follow-up, the follow-up task goes there."""
    customer = session.get(Customer, obj.customer_id)
    if customer is None or obj.next_follow_up is None \
            or customer.next_follow_up != obj.next_follow_up:
        return
    title = f"{choice_label('interaction_kind', obj.kind)} · {customer.name}: {obj.summary}"
    schedule_task(session, actor, customer, obj.next_follow_up, previous=previous,
                  title=title, notes=obj.details)


def customer_change(session: Session, obj: Customer, cleaned: Mapping[str, Any],
                    before: tuple[str | None, str | None, date | None]) -> None:
    """In ``CustomerService.apply`` of an edit, after the values were copied: a new
    intent level (or a status that changes the cadence) sets the next follow-up to
    today + the cadence, unless the edit gave a date of its own; the task is moved
    in :func:`after_customer_write`."""
    old_level, old_status, old_next = before
    if obj.id is None or (obj.intent_level == old_level and obj.status == old_status):
        return
    with session.no_autoflush:  # the edit is flushed once, as one new version
        cadence = read(session)
    if obj.intent_level == old_level and \
            cadence.days(old_level, old_status) == cadence.days(obj.intent_level, obj.status):
        return  # a status change that leaves the cadence as it was
    explicit = "next_follow_up" in cleaned and cleaned["next_follow_up"] != old_next
    if not explicit:
        day = follow_up_day(cadence, obj, date.today())
        if day is None:
            return
        obj.next_follow_up = day
    if obj.next_follow_up != old_next or not explicit:
        session.info.setdefault(_PENDING, {})[obj.id] = old_next


def after_customer_write(session: Session, actor: Actor, obj: Customer) -> None:
    """In ``CustomerService.after_write``: move (or create) the follow-up task that
    :func:`customer_change` planned."""
    pending: dict[int, date | None] = session.info.get(_PENDING, {})
    if obj.id not in pending:
        return
    previous = pending.pop(obj.id)
    schedule_task(session, actor, obj, obj.next_follow_up, previous=previous)


# -- past cadence ----------------------------------------------------------------------
@dataclass(frozen=True)
class PastCadenceRow:
    customer_id: int
    code: str
    name: str
    intent_level: str | None
    status: str
    owner_id: int | None
    owner_name: str
    last_contact: datetime | None  # None: never contacted (counted from its creation)
    cadence_days: int
    days_over: int


@dataclass(frozen=True)
class PastCadence:
    total: int
    rows: list[PastCadenceRow]


def _since(column: Any, cutoffs: Mapping[tuple[str, str | None], datetime],
           cadence: Cadence) -> ColumnElement[bool]:
    """``column < cutoff`` of the row's status (when it has its own cadence) or level."""
    status_cases = [(Customer.status == status, column < cutoffs[("status", status)])
                    for status, days in cadence.statuses.items() if days]
    level_cases = [(Customer.intent_level == level, column < cutoffs[("level", level)])
                   for level in cadence.levels]
    return case(*status_cases, *level_cases, else_=literal(False))


def _days_case(cadence: Cadence) -> Any:
    return case(*[(Customer.status == st, days) for st, days in cadence.statuses.items()
                  if days],
                *[(Customer.intent_level == lv, days) for lv, days in cadence.levels.items()],
                else_=None)


def scope_condition(session: Session, actor: Actor, *,
                    owner_id: int | None = None) -> ColumnElement[bool]:
    """The customers whose past cadence *actor* sees: their visible owners' (an owner
    list, read through the owner index), or one owner's among them."""
    owners = visible_owner_ids(session, actor)
    if owner_id is not None:
        owners = [owner_id] if owners is None or owner_id in owners else []
    if owners is None:
        return true()
    return Customer.owner_id.in_(owners)


def _in_days(session: Session, column: Any) -> Any:
    """A timestamp as a number of days (for ordering by when a customer went past)."""
    if session.get_bind().dialect.name == "sqlite":
        return func.julianday(column)
    return func.extract("epoch", column) / 86400.0


def past_cadence_select(session: Session, actor: Actor, today: date | None = None, *,
                        owner_id: int | None = None) -> tuple[Any, Any, Any]:
    """(the condition, the last-contact expression, the cadence-days expression)."""
    today = today or date.today()
    cadence = read(session)
    start_of_day = datetime.combine(today, time(0)).astimezone()
    cutoffs: dict[tuple[str, str | None], datetime] = {}
    for level, days in cadence.levels.items():
        cutoffs[("level", level)] = start_of_day - timedelta(days=days)
    for status, days in cadence.statuses.items():
        if days:
            cutoffs[("status", status)] = start_of_day - timedelta(days=days)
    last = func.coalesce(Customer.last_contact_at, Customer.created_at)
    relevant = [Customer.intent_level.in_(LEVELS)]
    with_status = [st for st, days in cadence.statuses.items() if days]
    if with_status:
        relevant.append(Customer.status.in_(with_status))
    condition = and_(Customer.deleted_at.is_(None), scope_condition(
        session, actor, owner_id=owner_id), or_(*relevant), _since(last, cutoffs, cadence))
    return condition, last, _days_case(cadence)


def past_cadence(session: Session, actor: Actor, today: date | None = None, *,
                 limit: int = 200, owner_id: int | None = None) -> PastCadence:
    """Customers past their cadence that *actor* sees, longest over first (at most
    *limit* rows, and the total)."""
    today = today or date.today()
    condition, last, days = past_cadence_select(session, actor, today, owner_id=owner_id)
    # two passes over the cadence index (ix_customers_live_cadence holds every column
    # the condition and the order read): the total, then the ids longest over first;
    # only those rows are read from the table (a window count in the same pass would
    # keep every matching row until the end: twice the time)
    total = int(session.execute(select(func.count()).select_from(Customer)
                                .where(condition)).scalar_one())
    if limit <= 0 or not total:
        return PastCadence(total, [])
    key = _in_days(session, last) + days
    top = (select(Customer.id.label("id"), days.label("days"), key.label("key"))
           .where(condition).order_by(key, Customer.id).limit(limit).subquery("past"))
    shown = aliased(Customer, name="shown")
    rows = session.execute(
        select(shown.id, shown.code, shown.name, shown.intent_level, shown.status,
               shown.owner_id, shown.last_contact_at, shown.created_at, top.c.days)
        .join(top, top.c.id == shown.id).order_by(top.c.key, shown.id)).all()
    owners = {uid: name for uid, name in session.execute(
        select(User.id, User.display_name).where(
            User.id.in_({r.owner_id for r in rows if r.owner_id is not None})))}
    found = []
    for r in rows:
        contact = r.last_contact_at or r.created_at
        over = (today - contact.astimezone().date()).days - int(r.days)
        found.append(PastCadenceRow(r.id, r.code, r.name, r.intent_level, r.status,
                                    r.owner_id, owners.get(r.owner_id, ""), r.last_contact_at,
                                    int(r.days), over))
    found.sort(key=lambda row: (-row.days_over, row.customer_id))
    return PastCadence(total, found)


def past_cadence_counts(session: Session, actor: Actor, today: date | None = None, *,
                        owner_id: int | None = None) -> dict[int | None, int]:
    """Per owner: how many of their customers (that *actor* sees) are past cadence
    (*owner_id*: that owner's only)."""
    condition, _last, _days = past_cadence_select(session, actor, today, owner_id=owner_id)
    return {owner: int(n) for owner, n in session.execute(
        select(Customer.owner_id, func.count()).where(condition)
        .group_by(Customer.owner_id))}
