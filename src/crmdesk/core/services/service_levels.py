"""Service levels: targets, the working calendar, each ticket's SLA clock and escalation.

**Targets.** A ticket's first-response and resolution targets are working minutes,
per priority, optionally per customer category (``customers.category``, e.g. "VIP";
a row for the category wins over the priority's row for every customer).  Counted
in the working calendar (:mod:`crmdesk.core.business_hours`): the working week and
the holidays / make-up days set in settings.  Time the ticket spends in a status of
the "waiting" category does not count.

**First response** is the first of: a move of the ticket's status (any move, closing
included), or a comment by someone other than the user who opened the ticket.

**The clock** (``ticket_slas``, one row per ticket) is recomputed from the ticket's
history on every write of the ticket and every comment (:func:`recompute`): the due
and "at risk" moments (``sla.at_risk_percent`` of the target used, 80 by default) of
both targets, the first response, ``resolved_at`` and, while the ticket waits,
``paused_at``.  A waiting ticket's stored moments assume the wait ends at the last
recompute; they are ignored by the lists until it moves on (recomputed then).  So
"breached" and "at risk" are range reads on partial indexes.

**States** of a target: ``met`` (responded / resolved by the due moment), ``missed``
(done late), ``breached`` (not done, due moment passed), ``at_risk``, ``on_track``,
``paused`` (waiting), ``none`` (no target).

**Escalation** (:func:`escalate`): each target that is breached gets one
``sla_breaches`` row (unique per ticket and target), naming the assignee and the
manager of the assignee's team.  The reminders read it (kind "sla": both are
reminded), and the manager's Today shows it.  Runs when a ticket is written and on
the window's reminder timer (and ``crmdesk sla check``); running it again finds
nothing new.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta, tzinfo
from typing import Any

from sqlalchemy import and_, delete, exists, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from crmdesk.core import business_hours
from crmdesk.core.business_hours import Interval, WorkCalendar
from crmdesk.core.fields import CHOICES
from crmdesk.core.models import (
    CalendarDay,
    Customer,
    SlaBreach,
    SlaTarget,
    Team,
    Ticket,
    TicketEvent,
    TicketSla,
    TicketStatus,
    User,
    WorkingHours,
    utcnow,
)
from crmdesk.core.permissions import Actor, require
from crmdesk.core.services import audit
from crmdesk.errors import FieldError, ValidationError
from crmdesk.i18n import QT_TRANSLATE_NOOP, render

TARGETS = ("response", "resolution")
TARGET_NAMES = {
    "response": QT_TRANSLATE_NOOP("ServiceLevels", "First response"),
    "resolution": QT_TRANSLATE_NOOP("ServiceLevels", "Resolution"),
}
STATE_NAMES = {
    "met": QT_TRANSLATE_NOOP("ServiceLevels", "Met"),
    "missed": QT_TRANSLATE_NOOP("ServiceLevels", "Missed"),
    "breached": QT_TRANSLATE_NOOP("ServiceLevels", "Breached"),
    "at_risk": QT_TRANSLATE_NOOP("ServiceLevels", "At risk"),
    "on_track": QT_TRANSLATE_NOOP("ServiceLevels", "On track"),
    "paused": QT_TRANSLATE_NOOP("ServiceLevels", "Paused (waiting)"),
    "none": QT_TRANSLATE_NOOP("ServiceLevels", "No target"),
}
WEEKDAYS = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
THRESHOLD_KEY = "sla.at_risk_percent"

FIELD_LABELS = {
    "priority": QT_TRANSLATE_NOOP("Field", "Priority"),
    "response": QT_TRANSLATE_NOOP("Field", "First response target"),
    "resolution": QT_TRANSLATE_NOOP("Field", "Resolution target"),
    "hours": QT_TRANSLATE_NOOP("Field", "Working hours"),
    "day": QT_TRANSLATE_NOOP("Field", "Date"),
    "week": QT_TRANSLATE_NOOP("Field", "Working week"),
}


def target_name(target: str) -> str:
    return render("ServiceLevels", TARGET_NAMES[target])


def state_name(state: str) -> str:
    return render("ServiceLevels", STATE_NAMES[state])


def _error(field: str, text: str, **params: object) -> ValidationError:
    label = render("Field", FIELD_LABELS[field])
    return ValidationError([FieldError(field, label, render("ServiceLevels", text, label=label,
                                                            **params))])


def local_zone() -> tzinfo:
    """The zone working hours are read in: this computer's."""
    zone = datetime.now().astimezone().tzinfo
    assert zone is not None
    return zone


# ---------------------------------------------------------------------------
# Configuration
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class TargetRow:
    priority: str
    customer_category: str  # "" = every customer
    response_minutes: int | None
    resolution_minutes: int | None


@dataclass(frozen=True)
class DayRow:
    day: date
    working: bool  # False: holiday; True: make-up working day
    start_minute: int | None
    end_minute: int | None
    note: str | None


@dataclass(frozen=True)
class SlaConfig:
    targets: list[TargetRow]
    #: weekday (0 = Monday) -> (start minute, end minute); absent: a day off
    week: dict[int, tuple[int, int]]
    days: list[DayRow]
    at_risk_percent: int


def _minute(value: int) -> time:
    return time(23, 59, 59, 999999) if value >= 24 * 60 else time(value // 60, value % 60)


def config(session: Session) -> SlaConfig:
    from crmdesk.core.services import settings as db_settings

    targets = [TargetRow(t.priority, t.customer_category, t.response_minutes,
                         t.resolution_minutes)
               for t in session.execute(select(SlaTarget)).scalars()]
    order = {p: i for i, p in enumerate(CHOICES["ticket_priority"])}
    targets.sort(key=lambda t: (t.customer_category, order.get(t.priority, 99), t.priority))
    week = {h.weekday: (h.start_minute, h.end_minute)
            for h in session.execute(select(WorkingHours)).scalars()}
    days = [DayRow(d.day, bool(d.working), d.start_minute, d.end_minute, d.note)
            for d in session.execute(select(CalendarDay).order_by(CalendarDay.day)).scalars()]
    return SlaConfig(targets, week, days, int(db_settings.get(session, THRESHOLD_KEY)))


def calendar_of(cfg: SlaConfig, tz: tzinfo | None = None) -> WorkCalendar:
    week = {d: [(_minute(a), _minute(b))] for d, (a, b) in cfg.week.items()}
    usual = next(iter(sorted(cfg.week.items())), (0, (9 * 60, 18 * 60)))[1]
    days: dict[date, list[tuple[time, time]]] = {}
    for row in cfg.days:
        if row.working:
            start = row.start_minute if row.start_minute is not None else usual[0]
            end = row.end_minute if row.end_minute is not None else usual[1]
            days[row.day] = [(_minute(start), _minute(end))]
        else:
            days[row.day] = []
    return WorkCalendar(week, tz or local_zone(), days)


def _audit(session: Session, actor: Actor, message: str, params: dict[str, Any],
           before: Any, after: Any) -> None:
    session.info.pop("sla_config", None)
    audit.record(session, actor, "settings", entity="setting", message=message,
                 params=params, before=before, after=after)


def set_target(session: Session, actor: Actor, priority: str, *,
               response_minutes: int | None, resolution_minutes: int | None,
               customer_category: str = "", keep: bool = False) -> TargetRow | None:
    """Set the targets of a priority (and customer category).  *keep*: a None leaves that
    target as it was (the command line); otherwise None means "no target".  Both None
    and not *keep* removes the row (for a category) or clears it (for a priority)."""
    require(actor, "settings.manage")
    if priority not in CHOICES["ticket_priority"]:
        raise _error("priority", QT_TRANSLATE_NOOP(
            "ServiceLevels", "{label}: {value} is not a priority: use one of {choices}."),
            value=priority, choices=", ".join(CHOICES["ticket_priority"]))
    for name, value in (("response", response_minutes), ("resolution", resolution_minutes)):
        if value is not None and not 1 <= value <= 525_600:
            raise _error(name, QT_TRANSLATE_NOOP(
                "ServiceLevels", "{label} must be between 1 minute and 365 days of working "
                                 "time, e.g. 2h or 1d."))
    category = (customer_category or "").strip()
    row = session.execute(select(SlaTarget).where(
        SlaTarget.priority == priority, SlaTarget.customer_category == category)).scalar()
    before = None if row is None else {"response": row.response_minutes,
                                       "resolution": row.resolution_minutes}
    if row is None:
        row = SlaTarget(priority=priority, customer_category=category)
        session.add(row)
    if not keep or response_minutes is not None:
        row.response_minutes = response_minutes
    if not keep or resolution_minutes is not None:
        row.resolution_minutes = resolution_minutes
    after = {"response": row.response_minutes, "resolution": row.resolution_minutes}
    removed = category and row.response_minutes is None and row.resolution_minutes is None
    if removed:
        session.delete(row)
    session.flush()
    _audit(session, actor, QT_TRANSLATE_NOOP("Audit", "Service level target {priority} {category}"),
           {"priority": priority, "category": category}, before, after)
    if removed:
        return None
    return TargetRow(priority, category, row.response_minutes, row.resolution_minutes)


def set_week(session: Session, actor: Actor, week: dict[int, tuple[int, int] | None]) -> None:
    """Set working hours per weekday (0 = Monday): (start, end) minutes, or None for a day
    off.  Weekdays not named keep theirs.  At least one working day must remain."""
    require(actor, "settings.manage")
    current = config(session).week
    before = dict(current)
    for weekday, hours in week.items():
        if not 0 <= weekday <= 6:
            raise ValueError(weekday)
        if hours is None:
            current.pop(weekday, None)
            continue
        start, end = hours
        if not 0 <= start < end <= 24 * 60:
            raise _error("hours", QT_TRANSLATE_NOOP(
                "ServiceLevels", "{label} of {day}: the start must be before the end, "
                                 "e.g. 09:00-18:00."), day=WEEKDAYS[weekday])
        current[weekday] = (start, end)
    if not current:
        raise _error("week", QT_TRANSLATE_NOOP(
            "ServiceLevels", "{label}: keep at least one working day."))
    session.execute(delete(WorkingHours))
    for weekday, (start, end) in sorted(current.items()):
        session.add(WorkingHours(weekday=weekday, start_minute=start, end_minute=end))
    session.flush()
    _audit(session, actor, QT_TRANSLATE_NOOP("Audit", "Service level working week"), {},
           {WEEKDAYS[d]: list(h) for d, h in before.items()},
           {WEEKDAYS[d]: list(h) for d, h in current.items()})


def set_day(session: Session, actor: Actor, day: date, *, working: bool = False,
            start_minute: int | None = None, end_minute: int | None = None,
            note: str | None = None) -> None:
    """Mark *day* a holiday or (*working*) a make-up working day (hours: the usual ones
    unless given)."""
    require(actor, "settings.manage")
    if (start_minute is None) != (end_minute is None) or (
            start_minute is not None and end_minute is not None
            and not 0 <= start_minute < end_minute <= 24 * 60):
        raise _error("hours", QT_TRANSLATE_NOOP(
            "ServiceLevels", "{label} of {day}: give both start and end, the start before "
                             "the end, e.g. 09:00-18:00."), day=day.isoformat())
    row = session.get(CalendarDay, day)
    if row is None:
        row = CalendarDay(day=day)
        session.add(row)
    row.working, row.start_minute, row.end_minute = working, start_minute, end_minute
    row.note = (note or "").strip()[:100] or None
    session.flush()
    _audit(session, actor, QT_TRANSLATE_NOOP("Audit", "Service level calendar day {day}"),
           {"day": day.isoformat()}, None, {"working": working, "start": start_minute,
                                           "end": end_minute})


def remove_day(session: Session, actor: Actor, day: date) -> bool:
    require(actor, "settings.manage")
    row = session.get(CalendarDay, day)
    if row is None:
        return False
    session.delete(row)
    session.flush()
    _audit(session, actor, QT_TRANSLATE_NOOP("Audit", "Service level calendar day {day}"),
           {"day": day.isoformat()}, {"working": bool(row.working)}, None)
    return True


def set_threshold(session: Session, actor: Actor, percent: int) -> int:
    from crmdesk.core.services import settings as db_settings

    session.info.pop("sla_config", None)
    return int(db_settings.set_value(session, actor, THRESHOLD_KEY, percent))


# ---------------------------------------------------------------------------
# A ticket's clock
# ---------------------------------------------------------------------------

def target_for(cfg: SlaConfig, priority: str, category: str | None) -> TargetRow | None:
    by_key = {(t.priority, t.customer_category): t for t in cfg.targets}
    return by_key.get((priority, (category or "").strip())) or by_key.get((priority, ""))


@dataclass(frozen=True)
class History:
    """What the clock needs from a ticket's history."""

    pauses: list[Interval]  # closed waiting periods, and the open one up to *now*
    paused_at: datetime | None  # the start of the current wait
    first_response: datetime | None


def history(session: Session, ticket: Ticket, now: datetime) -> History:
    categories = dict(session.execute(select(TicketStatus.id, TicketStatus.category)).all())
    events = list(session.execute(select(TicketEvent).where(TicketEvent.ticket_id == ticket.id)
                                  .order_by(TicketEvent.at, TicketEvent.id)).scalars())
    creator = next((e.user_id for e in events if e.kind == "created"), None)
    moves = [e for e in events if e.kind == "change" and e.field == "status_id"]
    first_response = next((e.at for e in events if (e.kind == "change" and e.field == "status_id")
                           or (e.kind == "comment" and e.user_id != creator)), None)
    first_old = moves[0].old_value if moves else None
    current = int(first_old) if first_old and first_old.isdigit() else ticket.status_id
    since = ticket.created_at
    pauses: list[Interval] = []
    for move in moves:
        if categories.get(current) == "waiting":
            pauses.append((since, move.at))
        new = move.new_value
        current = int(new) if new and new.isdigit() else current
        since = move.at
    paused_at = None
    if categories.get(ticket.status_id) == "waiting":
        paused_at = since
        pauses.append((since, max(now, since)))
    return History(pauses, paused_at, first_response)


def recompute(session: Session, ticket: Ticket, *, now: datetime | None = None,
              cfg: SlaConfig | None = None) -> TicketSla:
    """Store the ticket's clock again (after any write of the ticket or a comment)."""
    now = now or utcnow()
    cfg = cfg or config(session)
    calendar = calendar_of(cfg)
    row = session.get(TicketSla, ticket.id)
    if row is None:
        row = TicketSla(ticket_id=ticket.id)
        session.add(row)
    found = history(session, ticket, now)
    category = session.execute(select(Customer.category).where(
        Customer.id == ticket.customer_id)).scalar()
    target = target_for(cfg, ticket.priority, category)
    row.first_responded_at = found.first_response
    row.resolved_at = ticket.resolved_at
    row.paused_at = found.paused_at
    row.computed_at = now
    for name in TARGETS:
        minutes = None if target is None else getattr(target, f"{name}_minutes")
        due = risk = None
        if minutes and ticket.created_at is not None:
            start = ticket.created_at
            due = business_hours.add(calendar, start, timedelta(minutes=minutes), found.pauses)
            used = max(1, math.ceil(minutes * cfg.at_risk_percent / 100))
            risk = business_hours.add(calendar, start, timedelta(minutes=min(used, minutes)),
                                      found.pauses)
        setattr(row, f"{name}_due_at", due)
        setattr(row, f"{name}_risk_at", risk)
    session.flush()
    return row


def after_ticket_write(session: Session, ticket: Ticket) -> None:
    """The hook the ticket service calls after each write and comment."""
    cfg = session.info.get("sla_config")
    if cfg is None:  # read once per session (an import writes many tickets)
        cfg = session.info["sla_config"] = config(session)
    recompute(session, ticket, cfg=cfg)
    escalate(session, ticket_ids=[ticket.id])


def _done_column(name: str) -> Any:
    return TicketSla.first_responded_at if name == "response" else TicketSla.resolved_at


def target_state(row: TicketSla | None, name: str, now: datetime) -> str:
    if row is None:
        return "none"
    due: datetime | None = getattr(row, f"{name}_due_at")
    risk: datetime | None = getattr(row, f"{name}_risk_at")
    done: datetime | None = row.first_responded_at if name == "response" else row.resolved_at
    if due is None:
        return "none"
    if done is not None:
        return "met" if done <= due else "missed"
    clock = now if row.paused_at is None else min(now, row.paused_at)
    if due <= clock:
        return "breached"
    if row.paused_at is not None and now >= row.paused_at:
        return "paused"
    if risk is not None and risk <= clock:
        return "at_risk"
    return "on_track"


@dataclass(frozen=True)
class TargetStatus:
    target: str
    state: str
    due_at: datetime | None
    #: working minutes left (negative: over by); None when done or no target
    minutes_left: float | None
    done_at: datetime | None

    @property
    def text(self) -> str:
        return state_name(self.state)


def ticket_status(session: Session, actor: Actor, ticket_id: int,
                  now: datetime | None = None) -> list[TargetStatus]:
    """The ticket's service levels as the form shows them (the ticket must be visible)."""
    from crmdesk.core.services.tickets import tickets

    ticket = tickets.get(session, actor, ticket_id, deleted=None)
    return target_statuses(session.get(TicketSla, ticket.id),
                           calendar_of(config(session)), now or utcnow())


def target_statuses(row: TicketSla | None, calendar: WorkCalendar,
                    now: datetime) -> list[TargetStatus]:
    """Each target of a ticket whose clocks are *row*: its state, when it is due and the
    working minutes left on *calendar* (the form, the lists)."""
    if row is None:
        return [TargetStatus(n, "none", None, None, None) for n in TARGETS]
    found: list[TargetStatus] = []
    for name in TARGETS:
        state = target_state(row, name, now)
        due: datetime | None = getattr(row, f"{name}_due_at")
        done = row.first_responded_at if name == "response" else row.resolved_at
        left: float | None = None
        if due is not None and done is None:
            clock = now if row.paused_at is None else min(now, row.paused_at)
            # whole minutes, rounded away from zero ("1 min left" until it is due)
            if clock < due:
                left = math.ceil(business_hours.elapsed(calendar, clock, due)
                                 .total_seconds() / 60)
            else:
                left = -math.ceil(business_hours.elapsed(calendar, due, clock)
                                  .total_seconds() / 60)
        found.append(TargetStatus(name, state, due, left, done))
    return found


# ---------------------------------------------------------------------------
# Lists and escalation
# ---------------------------------------------------------------------------

def _state_condition(name: str, state: str, now: datetime) -> Any:
    due = getattr(TicketSla, f"{name}_due_at")
    risk = getattr(TicketSla, f"{name}_risk_at")
    running = or_(TicketSla.paused_at.is_(None), due <= TicketSla.paused_at)
    if state == "breached":
        return and_(_done_column(name).is_(None), due <= now, running)
    # at risk: the clock runs (a waiting ticket shows "paused", not "at risk")
    return and_(_done_column(name).is_(None), risk <= now, due > now,
                TicketSla.paused_at.is_(None))


def ticket_ids(session: Session, actor: Actor, state: str, now: datetime | None = None,
               targets: Sequence[str] = TARGETS, limit: int = 1000) -> list[int]:
    """Tickets the actor sees whose clock is "breached" or "at_risk" now (either target),
    the soonest due first: the clocks read through the partial indexes of
    ``ticket_slas`` and each looked up in the actor's tickets, or, when many clocks may be
    in that state, a join that SQLite reads from the actor's tickets."""
    from crmdesk.core.services.tickets import tickets

    now = now or utcnow()
    found: list[int] = []
    for name in targets:
        condition, due = _state_condition(name, state, now), getattr(TicketSla, f"{name}_due_at")
        # Few clocks that may be in that state (up to FEW_CLOCKS, counted on the partial
        # index of open clocks by due moment alone: past due, or not yet): read them
        # first, in due order, each looked up in the user's tickets.  As a join SQLite
        # (no statistics) reads a staff member's tickets first and probes each one's
        # clock: 70-80 ms at a million customers for a 5 % share, even with no ticket
        # late at all (2 ms this way); but with many late tickets that is the better way
        # for a small share (1 %: 15 ms against 300 ms).
        near = due <= now if state == "breached" else due > now
        few = session.execute(select(func.count()).select_from(
            select(TicketSla.ticket_id).where(_done_column(name).is_(None), near)
            .order_by(due).limit(FEW_CLOCKS).subquery())).scalar_one() < FEW_CLOCKS
        if few:
            stmt = select(TicketSla.ticket_id).where(condition, exists().where(
                Ticket.id == TicketSla.ticket_id, Ticket.deleted_at.is_(None),
                tickets.scope(actor)))
        else:
            stmt = (select(TicketSla.ticket_id).join(Ticket, Ticket.id == TicketSla.ticket_id)
                    .where(condition, Ticket.deleted_at.is_(None), tickets.scope(actor)))
        stmt = stmt.order_by(due).limit(limit)
        found += [int(i) for i in session.execute(stmt).scalars() if i not in found]
    return found[:limit]


#: clocks in one state up to which a list reads them before the user's tickets (ticket_ids)
FEW_CLOCKS = 2000


@dataclass(frozen=True)
class SlaTicket:
    """A ticket in a list of breached or at-risk tickets: one line per target."""

    ticket_id: int
    code: str
    subject: str
    customer_id: int
    assignee: str
    status: TargetStatus


def tickets_in_state(session: Session, actor: Actor, state: str,
                     now: datetime | None = None, limit: int = 1000) -> list[SlaTicket]:
    """The targets of the actor's visible tickets that are *state* ("breached" or
    "at_risk") now, the soonest due first."""
    from crmdesk.core.services import accounts

    now = now or utcnow()
    names = accounts.user_names(session)
    ids = ticket_ids(session, actor, state, now, limit=limit)  # visible ones only
    calendar = calendar_of(config(session))
    found = []
    for start in range(0, len(ids), 500):  # the tickets and their clocks, 500 at a time
        for ticket, row in session.execute(
                select(Ticket, TicketSla).join(TicketSla, TicketSla.ticket_id == Ticket.id)
                .where(Ticket.id.in_(ids[start:start + 500]))):
            for status in target_statuses(row, calendar, now):
                if status.state == state:
                    found.append(SlaTicket(ticket.id, ticket.code, ticket.subject,
                                           ticket.customer_id,
                                           names.get(ticket.assignee_id or 0, ""), status))
    far = datetime.max.replace(tzinfo=now.tzinfo)
    found.sort(key=lambda t: t.status.due_at or far)
    return found


def _manager_of(session: Session, user_id: int | None) -> int | None:
    """An active manager of the user's team other than the user (lowest id)."""
    if user_id is None:
        return None
    team_id = session.execute(select(User.team_id).where(User.id == user_id)).scalar()
    if team_id is None:
        return None
    return session.execute(select(User.id).where(
        User.team_id == team_id, User.role == "manager", User.disabled.is_(False),
        User.id != user_id).order_by(User.id).limit(1)).scalar()


def escalate(session: Session, now: datetime | None = None,
             ticket_ids: Sequence[int] | None = None) -> list[SlaBreach]:
    """Record one breach (escalation) per newly breached ticket target; idempotent.
    A system step: it runs whoever's window or command finds the breach, over all
    tickets (no audit entry: it changes no record, it notifies)."""
    now = now or utcnow()
    made: list[SlaBreach] = []
    for name in TARGETS:
        due = getattr(TicketSla, f"{name}_due_at")
        stmt = (select(TicketSla.ticket_id, due, Ticket.assignee_id)
                .join(Ticket, Ticket.id == TicketSla.ticket_id)
                .where(_state_condition(name, "breached", now), Ticket.deleted_at.is_(None),
                       ~exists().where(SlaBreach.ticket_id == TicketSla.ticket_id,
                                       SlaBreach.target == name)))
        if ticket_ids is not None:
            stmt = stmt.where(TicketSla.ticket_id.in_(list(ticket_ids)))
        for ticket_id, due_at, assignee_id in session.execute(stmt.limit(5000)).all():
            breach = SlaBreach(ticket_id=ticket_id, target=name, due_at=due_at, detected_at=now,
                               assignee_id=assignee_id,
                               manager_id=_manager_of(session, assignee_id))
            try:
                with session.begin_nested():
                    session.add(breach)
                    session.flush()
            except IntegrityError:  # another window escalated it meanwhile
                continue
            made.append(breach)
    return made


@dataclass(frozen=True)
class BreachFlag:
    """A breach as the Today panel shows it."""

    ticket_id: int
    code: str
    subject: str
    customer_id: int
    target: str
    due_at: datetime
    assignee: str

    @property
    def target_text(self) -> str:
        return target_name(self.target)


def breach_flags(session: Session, actor: Actor, limit: int = 200) -> list[BreachFlag]:
    """Open tickets' breaches escalated to the actor (as manager) or assigned to them;
    an administrator sees every one."""
    from crmdesk.core.services import accounts

    names = accounts.user_names(session)
    stmt = (select(SlaBreach, Ticket.code, Ticket.subject, Ticket.customer_id)
            .join(Ticket, Ticket.id == SlaBreach.ticket_id)
            .join(TicketStatus, TicketStatus.id == Ticket.status_id)
            .where(Ticket.deleted_at.is_(None), TicketStatus.category != "closed")
            .order_by(SlaBreach.due_at).limit(limit))
    if not actor.is_admin:
        stmt = stmt.where(or_(SlaBreach.manager_id == actor.user_id,
                              SlaBreach.assignee_id == actor.user_id))
    return [BreachFlag(b.ticket_id, code, subject, customer_id, b.target, b.due_at,
                       names.get(b.assignee_id or 0, ""))
            for b, code, subject, customer_id in session.execute(stmt).all()]


def reminder_selects(actor: Actor, now: datetime, due_only: bool, state_for: Any,
                     live: Any, only: tuple[str, int] | None) -> list[Any]:
    """The "sla" part of the reminders' UNION ALL: breaches of open tickets escalated to
    the user (as assignee, and as manager), at the due moment that was missed."""
    from sqlalchemy import Date, String, cast, literal, null

    selects = []
    for column in (SlaBreach.assignee_id, SlaBreach.manager_id):
        state, on = state_for("sla", actor, Ticket.id, SlaBreach.due_at, lambda s: s.remind_at)
        stmt = (select(cast(literal("sla"), String(16)), Ticket.id, SlaBreach.due_at,
                       cast(null(), Date), Ticket.code, Ticket.subject, Ticket.customer_id,
                       state.snoozed_until)
                .select_from(SlaBreach)
                .join(Ticket, Ticket.id == SlaBreach.ticket_id)
                .join(TicketStatus, TicketStatus.id == Ticket.status_id)
                .outerjoin(state, on)
                .where(column == actor.user_id, Ticket.deleted_at.is_(None),
                       TicketStatus.is_closed == False,  # noqa: E712
                       *live(state, SlaBreach.due_at <= now)))
        if only is not None:
            stmt = stmt.where(Ticket.id == only[1])
        selects.append(stmt)
    return selects


def check(session: Session, actor: Actor, now: datetime | None = None) -> list[SlaBreach]:
    """Bring every live ticket's clock up to date (a file from before 0013, changed
    settings) and escalate what is breached: ``crmdesk sla check``.  Managers and
    administrators."""
    from crmdesk.core.services import accounts

    accounts.ensure_active(session, actor)
    if not actor.is_manager:
        require(actor, "settings.manage")
    now = now or utcnow()
    cfg = config(session)
    closed = [i for i, c in session.execute(select(TicketStatus.id, TicketStatus.category))
              if c == "closed"]
    stmt = select(Ticket.id).where(Ticket.deleted_at.is_(None))
    if closed:
        stmt = stmt.where(or_(Ticket.status_id.not_in(closed),
                              ~exists().where(TicketSla.ticket_id == Ticket.id)))
    ids = [int(i) for i in session.execute(stmt).scalars()]
    for start in range(0, len(ids), 500):
        chunk = ids[start:start + 500]
        for ticket in session.execute(select(Ticket).where(Ticket.id.in_(chunk))).scalars():
            recompute(session, ticket, now=now, cfg=cfg)
    return escalate(session, now)


def team_name(session: Session, team_id: int | None) -> str:
    if team_id is None:
        return ""
    return str(session.execute(select(Team.name).where(Team.id == team_id)).scalar() or "")
