"""Work plans with review: a salesperson's plan for a week or a month.

A plan holds goals (free text) and planned visits and calls.  Each planned item is an
ordinary task (made through :data:`crmdesk.core.services.tasks.tasks`, so it is
validated, audited, reminds, and shows in the to-do list, Today and the calendar when
due) linked to the plan by a ``plan_items`` row that says whether it is a visit, a
call or other work.  One plan per person and period (a week starts on Monday, a month
on the 1st).

The owner writes and submits the plan (draft -> submitted); the owner's manager, or
an administrator (``plans.review``), marks a submitted plan reviewed with a comment
(audited; reviewing again replaces the comment).  A reviewed plan is closed: its
goals and items no longer change (its tasks are still done, moved, reminded).

Who sees which plans follows :func:`crmdesk.core.permissions.owner_scope`: staff
their own, a manager the team's, an administrator everyone's.

**Plan vs done**: a plan's items that are not deleted are *planned*; *done* those
marked done; *on time* those done no later than their due time; the percent is done
over planned.  :func:`progress_by_assignee` gives the same figures per person for a
period of days (the ``follow-up`` analysis and report).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, case, func, or_, select
from sqlalchemy.orm import Session

from crmdesk.core import audit_messages
from crmdesk.core.lookup import fits_id
from crmdesk.core.models import Customer, PlanItem, Task, WorkPlan, utcnow
from crmdesk.core.models.base import touch
from crmdesk.core.permissions import Actor, owner_scope, require, visible_owner_ids
from crmdesk.core.services import accounts, audit
from crmdesk.core.services.tasks import tasks
from crmdesk.errors import FieldError, KnownError, NotFound, PermissionDenied, ValidationError
from crmdesk.i18n import QT_TRANSLATE_NOOP, render

CONTEXT = "WorkPlans"
PERIODS = ("week", "month")
STATUSES = ("draft", "submitted", "reviewed")
ITEM_KINDS = ("visit", "call", "other")
GOALS_LENGTH = 4000
COMMENT_LENGTH = 2000

PERIOD_NAMES = {"week": QT_TRANSLATE_NOOP("WorkPlans", "Week"),
                "month": QT_TRANSLATE_NOOP("WorkPlans", "Month")}
STATUS_NAMES = {"draft": QT_TRANSLATE_NOOP("WorkPlans", "Draft"),
                "submitted": QT_TRANSLATE_NOOP("WorkPlans", "Submitted"),
                "reviewed": QT_TRANSLATE_NOOP("WorkPlans", "Reviewed")}
KIND_NAMES = {"visit": QT_TRANSLATE_NOOP("WorkPlans", "Visit"),
              "call": QT_TRANSLATE_NOOP("WorkPlans", "Call"),
              "other": QT_TRANSLATE_NOOP("WorkPlans", "Other")}


class PlanError(KnownError):
    """A plan cannot do that in its state (messages in the "WorkPlans" context)."""

    context = CONTEXT


class PlanNotFound(NotFound):
    context = CONTEXT


class PlanDenied(PermissionDenied):
    context = CONTEXT


def _t(text: str, **params: object) -> str:
    return render(CONTEXT, text, **params)


# ---------------------------------------------------------------------------
# Periods and names
# ---------------------------------------------------------------------------

def _field_error(key: str, label: str, text: str, **params: object) -> ValidationError:
    shown = _t(label)
    return ValidationError([FieldError(key, shown, _t(text, label=shown, **params))])


def check_period(period: str) -> str:
    if period not in PERIODS:
        raise _field_error("period", QT_TRANSLATE_NOOP("WorkPlans", "Period"),
                           QT_TRANSLATE_NOOP("WorkPlans", "{label}: {value} is not a period; "
                                                          "choose week or month."),
                           value=period)
    return period


def period_start(period: str, day: date) -> date:
    """The first day of the week (Monday) or month that holds *day*."""
    check_period(period)
    if period == "week":
        return day - timedelta(days=day.weekday())
    return day.replace(day=1)


def period_end(period: str, start: date) -> date:
    """The last day of the period that starts on *start*."""
    if period == "week":
        return start + timedelta(days=6)
    following = date(start.year + (start.month == 12), start.month % 12 + 1, 1)
    return following - timedelta(days=1)


def period_text(period: str, start: date) -> str:
    """How a plan's period is named on every screen and at the command line."""
    if period == "week":
        return _t(QT_TRANSLATE_NOOP("WorkPlans", "Week of {day}"), day=start.isoformat())
    return _t(QT_TRANSLATE_NOOP("WorkPlans", "Month {month}"), month=start.strftime("%Y-%m"))


def _period_phrase(plan: WorkPlan) -> str:
    """The plan's period inside a sentence ("the week of 2026-03-02")."""
    if plan.period == "week":
        return _t(QT_TRANSLATE_NOOP("WorkPlans", "the week of {day}"),
                  day=plan.period_start.isoformat())
    return _t(QT_TRANSLATE_NOOP("WorkPlans", "the month {month}"),
              month=plan.period_start.strftime("%Y-%m"))


def _period_param(period: str, start: date) -> dict[str, Any]:
    """The period as an audit parameter (rendered in each reader's language)."""
    if period == "week":
        return audit_messages.fragment(QT_TRANSLATE_NOOP("Audit", "the week of {day}"),
                                       day=start.isoformat())
    return audit_messages.fragment(QT_TRANSLATE_NOOP("Audit", "the month {month}"),
                                   month=start.strftime("%Y-%m"))


def status_text(status: str) -> str:
    return _t(STATUS_NAMES.get(status, status))


def kind_text(kind: str) -> str:
    return _t(KIND_NAMES.get(kind, kind))


# ---------------------------------------------------------------------------
# What callers get
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Progress:
    """Plan vs done: planned items, those done, those done on time."""

    planned: int = 0
    done: int = 0
    on_time: int = 0

    @property
    def percent(self) -> float | None:
        """Done over planned (None when nothing is planned)."""
        return self.done / self.planned if self.planned else None

    def __add__(self, other: Progress) -> Progress:
        return Progress(self.planned + other.planned, self.done + other.done,
                        self.on_time + other.on_time)


@dataclass(frozen=True)
class PlanSummary:
    id: int
    owner_id: int
    owner_name: str
    period: str
    period_start: date
    period_end: date
    status: str
    goals: str
    submitted_at: datetime | None
    reviewer_id: int | None
    reviewer_name: str
    reviewed_at: datetime | None
    review_comment: str
    version: int
    progress: Progress
    #: the actor's own plan (may change and submit it)
    mine: bool
    #: the actor may review it now
    may_review: bool

    @property
    def period_text(self) -> str:
        return period_text(self.period, self.period_start)

    @property
    def status_text(self) -> str:
        return status_text(self.status)


@dataclass(frozen=True)
class PlanEntry:
    """One planned visit or call (its task)."""

    task_id: int
    kind: str
    title: str
    due_at: datetime | None
    done: bool
    done_at: datetime | None
    customer_id: int | None
    customer_name: str

    @property
    def on_time(self) -> bool:
        return self.done and (self.due_at is None or self.done_at is None
                              or self.done_at <= self.due_at)

    @property
    def kind_text(self) -> str:
        return kind_text(self.kind)


# ---------------------------------------------------------------------------
# Reads
# ---------------------------------------------------------------------------

def _visible(actor: Actor) -> ColumnElement[bool]:
    return owner_scope(actor, WorkPlan.owner_id)


def get(session: Session, actor: Actor, plan_id: int) -> WorkPlan:
    """A plan the actor may see (own; a manager's team's; any for an administrator)."""
    plan = session.execute(select(WorkPlan).where(WorkPlan.id == plan_id, _visible(actor))
                           ).scalar_one_or_none() if fits_id(plan_id) else None
    if plan is None:
        raise PlanNotFound(QT_TRANSLATE_NOOP(
            "WorkPlans", "Work plan {id} does not exist or is not yours to see; see the list "
                         "of plans for their numbers."), id=plan_id)
    return plan


def _may_review(actor: Actor, plan: WorkPlan) -> bool:
    return (actor.can("plans.review") and plan.owner_id != actor.user_id
            and plan.status in ("submitted", "reviewed"))


def _progress(session: Session, plan_ids: Iterable[int]) -> dict[int, Progress]:
    ids = list(plan_ids)
    if not ids:
        return {}
    on_time = and_(Task.done.is_(True),
                   (Task.due_at.is_(None)) | (Task.done_at.is_(None))
                   | (Task.done_at <= Task.due_at))
    rows = session.execute(
        select(PlanItem.plan_id, func.count(Task.id),
               func.coalesce(func.sum(case((Task.done.is_(True), 1), else_=0)), 0),
               func.coalesce(func.sum(case((on_time, 1), else_=0)), 0))
        .join(Task, Task.id == PlanItem.task_id)
        .where(PlanItem.plan_id.in_(ids), Task.deleted_at.is_(None))
        .group_by(PlanItem.plan_id))
    return {int(pid): Progress(int(n), int(d), int(t)) for pid, n, d, t in rows}


def _summaries(session: Session, actor: Actor, plans: list[WorkPlan]) -> list[PlanSummary]:
    names = accounts.user_names(session)
    figures = _progress(session, (p.id for p in plans))
    return [PlanSummary(
        p.id, p.owner_id, names.get(p.owner_id, f"#{p.owner_id}"), p.period, p.period_start,
        period_end(p.period, p.period_start), p.status, p.goals or "", p.submitted_at,
        p.reviewer_id, names.get(p.reviewer_id, "") if p.reviewer_id else "", p.reviewed_at,
        p.review_comment or "", p.version, figures.get(p.id, Progress()),
        p.owner_id == actor.user_id, _may_review(actor, p)) for p in plans]


def summary(session: Session, actor: Actor, plan_id: int) -> PlanSummary:
    return _summaries(session, actor, [get(session, actor, plan_id)])[0]


def _check_person(session: Session, actor: Actor, person_id: int) -> None:
    owners = visible_owner_ids(session, actor)
    if owners is None or person_id in owners:
        return
    if actor.is_manager:
        raise PlanDenied(QT_TRANSLATE_NOOP(
            "WorkPlans", "You may see only your own and your team's work plans; choose "
                         "yourself or a member of your team."))
    raise PlanDenied(QT_TRANSLATE_NOOP(
        "WorkPlans", "You may see only your own work plans; choose yourself, or ask your "
                     "manager."))


def list_plans(session: Session, actor: Actor, *, period: str | None = None,
               day: date | None = None, person_id: int | None = None) -> list[PlanSummary]:
    """The plans the actor may see, newest period first, then by person.

    *day*: only plans whose period holds that day; *period*: only week (or month)
    plans (with no *day*: those of the current week or month); *person_id*: only that
    person's (who must be the actor or, for a manager, a member of the team).
    """
    stmt = select(WorkPlan).where(_visible(actor))
    if period is not None:
        check_period(period)
        stmt = stmt.where(WorkPlan.period == period)
        if day is None:
            day = date.today()
    if day is not None:
        kinds = [period] if period is not None else list(PERIODS)
        stmt = stmt.where(_holding(kinds, day))
    if person_id is not None:
        _check_person(session, actor, person_id)
        stmt = stmt.where(WorkPlan.owner_id == person_id)
    plans = list(session.execute(stmt.order_by(WorkPlan.period_start.desc(), WorkPlan.period,
                                               WorkPlan.owner_id, WorkPlan.id)).scalars())
    result = _summaries(session, actor, plans)
    me = actor.user_id
    # within a period: the actor's own plan first, then by name
    return sorted(result, key=lambda p: (-p.period_start.toordinal(), p.period,
                                         p.owner_id != me, p.owner_name))


def _holding(kinds: list[str], day: date) -> ColumnElement[bool]:
    return or_(*[and_(WorkPlan.period == kind, WorkPlan.period_start == period_start(kind, day))
                 for kind in kinds])


def find(session: Session, actor: Actor, period: str, day: date,
         person_id: int | None = None) -> WorkPlan | None:
    """A person's (default: the actor's) plan for the period holding *day*, if made."""
    owner = actor.user_id if person_id is None else person_id
    if owner != actor.user_id:
        _check_person(session, actor, owner)
    return session.execute(select(WorkPlan).where(
        WorkPlan.owner_id == owner, WorkPlan.period == check_period(period),
        WorkPlan.period_start == period_start(period, day))).scalar_one_or_none()


def items(session: Session, actor: Actor, plan_id: int) -> list[PlanEntry]:
    """A plan's planned visits and calls (tasks not deleted), by due time."""
    get(session, actor, plan_id)
    rows = session.execute(
        select(PlanItem.kind, Task, Customer.name).join(Task, Task.id == PlanItem.task_id)
        .outerjoin(Customer, Customer.id == Task.customer_id)
        .where(PlanItem.plan_id == plan_id, Task.deleted_at.is_(None))
        .order_by(Task.due_at, Task.id))
    return [PlanEntry(t.id, kind, t.title, t.due_at, bool(t.done), t.done_at, t.customer_id,
                      cname or "") for kind, t, cname in rows]


def team_progress(plans: Iterable[PlanSummary]) -> Progress:
    """Plan vs done of several plans together (a team's, for one period)."""
    total = Progress()
    for plan in plans:
        total = total + plan.progress
    return total


def progress_by_assignee(session: Session, actor: Actor, start: date | None, end: date | None,
                         owner_id: int | None = None) -> dict[int | None, Progress]:
    """Plan vs done per assignee of the planned tasks due in local days *start*..*end*
    (None: open), among the tasks the actor may see (the ``follow-up`` analysis)."""
    from crmdesk.core.analytics.criteria import local_day_start
    from crmdesk.core.services.records import Filter, ListQuery

    filters = [] if owner_id is None else [Filter("assignee_id", "eq", owner_id)]
    on_time = and_(Task.done.is_(True), Task.due_at.is_not(None), Task.done_at <= Task.due_at)
    stmt = tasks.list_select(session, actor, ListQuery(filters), [
        Task.assignee_id, func.count(Task.id),
        func.coalesce(func.sum(case((Task.done.is_(True), 1), else_=0)), 0),
        func.coalesce(func.sum(case((on_time, 1), else_=0)), 0),
    ]).join(PlanItem, PlanItem.task_id == Task.id)
    if start is not None:
        stmt = stmt.where(Task.due_at >= local_day_start(start))
    if end is not None:
        stmt = stmt.where(Task.due_at < local_day_start(end + timedelta(days=1)))
    return {assignee: Progress(int(n), int(d), int(t)) for assignee, n, d, t
            in session.execute(stmt.group_by(Task.assignee_id))}


# ---------------------------------------------------------------------------
# Writes
# ---------------------------------------------------------------------------

def _params(session: Session, plan: WorkPlan) -> dict[str, Any]:
    owner = accounts.user_names(session).get(plan.owner_id, f"#{plan.owner_id}")
    return {"owner": owner, "period": _period_param(plan.period, plan.period_start)}


def _clean_goals(goals: str | None) -> str | None:
    text = (goals or "").strip()
    if len(text) > GOALS_LENGTH:
        raise _field_error("goals", QT_TRANSLATE_NOOP("WorkPlans", "Goals"),
                           QT_TRANSLATE_NOOP("WorkPlans", "{label}: at most {n} characters; "
                                                          "shorten the text."), n=GOALS_LENGTH)
    return text or None


def _own_open(session: Session, actor: Actor, plan_id: int) -> WorkPlan:
    """The actor's own plan, still open to changes."""
    plan = get(session, actor, plan_id)
    if plan.owner_id != actor.user_id:
        raise PlanDenied(QT_TRANSLATE_NOOP(
            "WorkPlans", "Only {owner} may change their own work plan; as a reviewer, add "
                         "your remarks in the review comment."),
            owner=accounts.user_names(session).get(plan.owner_id, ""))
    if plan.status == "reviewed":
        raise PlanError(QT_TRANSLATE_NOOP(
            "WorkPlans", "The work plan for {period} has been reviewed and no longer "
                         "changes; put new work in the next period's plan."),
            period=_period_phrase(plan))
    return plan


def create(session: Session, actor: Actor, period: str, day: date,
           goals: str | None = None) -> WorkPlan:
    """The actor's new plan for the week or month holding *day* (one per period)."""
    accounts.ensure_active(session, actor)
    start = period_start(period, day)
    text = _clean_goals(goals)
    existing = find(session, actor, period, day)
    if existing is not None:
        raise _field_error("period_start", QT_TRANSLATE_NOOP("WorkPlans", "Period"),
                           QT_TRANSLATE_NOOP("WorkPlans", "{label}: you have a plan for {period} "
                                                          "already (plan {id}); open it to "
                                                          "change it."),
                           period=_period_phrase(existing), id=existing.id)
    plan = WorkPlan(owner_id=actor.user_id, period=period, period_start=start, goals=text,
                    status="draft", created_by_id=actor.user_id or None,
                    updated_by_id=actor.user_id or None)
    session.add(plan)
    session.flush()
    audit.record(session, actor, "create", entity="work_plan", entity_id=plan.id,
                 message=QT_TRANSLATE_NOOP("Audit", "Work plan of {owner} for {period}"),
                 params=_params(session, plan),
                 after={"period": period, "period_start": start, "goals": text})
    return plan


def set_goals(session: Session, actor: Actor, plan_id: int, goals: str | None, *,
              expected_version: int | None = None) -> WorkPlan:
    """Change the goals of one's own plan (not once it is reviewed)."""
    accounts.ensure_active(session, actor)
    plan = _own_open(session, actor, plan_id)
    _check_version(plan, expected_version)
    text = _clean_goals(goals)
    if text == plan.goals:
        return plan
    before = plan.goals
    plan.goals = text
    plan.updated_by_id = actor.user_id or None
    session.flush()
    audit.record(session, actor, "update", entity="work_plan", entity_id=plan.id,
                 message=QT_TRANSLATE_NOOP("Audit", "Goals of {owner}'s work plan for {period}"),
                 params=_params(session, plan), before={"goals": before},
                 after={"goals": text})
    return plan


def save(session: Session, actor: Actor, period: str, day: date,
         goals: str | None) -> WorkPlan:
    """The actor's plan for the period holding *day* with these goals: made when there
    is none yet, else its goals changed (what the window's Save does)."""
    plan = find(session, actor, period, day)
    if plan is None:
        return create(session, actor, period, day, goals)
    return set_goals(session, actor, plan.id, goals)


def _check_version(plan: WorkPlan, expected_version: int | None) -> None:
    if expected_version is not None and plan.version != expected_version:
        raise PlanError(QT_TRANSLATE_NOOP(
            "WorkPlans", "Someone else changed this work plan after you opened it; "
                         "refresh and try again."))


def add_item(session: Session, actor: Actor, plan_id: int, kind: str, title: str,
             due_at: datetime | None, *, customer_id: int | None = None,
             notes: str | None = None, remind_at: datetime | None = None) -> Task:
    """A planned visit, call or other work in one's own plan: a task assigned to the
    plan's owner, due within the plan's period (through the tasks service: validated,
    audited; it reminds and shows in Today and the calendar)."""
    accounts.ensure_active(session, actor)
    plan = _own_open(session, actor, plan_id)
    errors: list[FieldError] = []
    if kind not in ITEM_KINDS:
        label = _t(QT_TRANSLATE_NOOP("WorkPlans", "Kind"))
        errors.append(FieldError("kind", label, _t(QT_TRANSLATE_NOOP(
            "WorkPlans", "{label}: {value} is not a kind of planned work; choose visit, call "
                         "or other."), label=label, value=kind)))
    last = period_end(plan.period, plan.period_start)
    due_label = _t(QT_TRANSLATE_NOOP("WorkPlans", "Due"))
    if due_at is None:
        errors.append(FieldError("due_at", due_label, _t(QT_TRANSLATE_NOOP(
            "WorkPlans", "{label}: choose the day (and time) of the planned work."),
            label=due_label)))
    elif not plan.period_start <= due_at.astimezone().date() <= last:
        errors.append(FieldError("due_at", due_label, _t(QT_TRANSLATE_NOOP(
            "WorkPlans", "{label}: choose a day from {first} to {last}, within the plan's "
                         "period."), label=due_label, first=plan.period_start.isoformat(),
            last=last.isoformat())))
    if errors:
        raise ValidationError(errors)
    task = tasks.create(session, actor, {
        "title": title, "due_at": due_at, "assignee_id": plan.owner_id,
        "customer_id": customer_id, "notes": notes, "remind_at": remind_at})
    session.add(PlanItem(plan_id=plan.id, task_id=task.id, kind=kind))
    touch(plan)
    session.flush()
    return task


def submit(session: Session, actor: Actor, plan_id: int) -> WorkPlan:
    """Hand one's own plan in for review."""
    accounts.ensure_active(session, actor)
    plan = _own_open(session, actor, plan_id)
    if plan.status == "submitted":
        raise PlanError(QT_TRANSLATE_NOOP(
            "WorkPlans", "The work plan for {period} is submitted already; your manager "
                         "reviews it next."), period=_period_phrase(plan))
    if not plan.goals and not _progress(session, [plan.id]).get(plan.id):
        raise _field_error("goals", QT_TRANSLATE_NOOP("WorkPlans", "Goals"),
                           QT_TRANSLATE_NOOP("WorkPlans", "{label}: write the plan's goals or "
                                                          "add a planned visit or call before "
                                                          "submitting."))
    plan.status = "submitted"
    plan.submitted_at = utcnow()
    plan.updated_by_id = actor.user_id or None
    session.flush()
    audit.record(session, actor, "update", entity="work_plan", entity_id=plan.id,
                 message=QT_TRANSLATE_NOOP("Audit", "Submitted {owner}'s work plan for "
                                                    "{period}"),
                 params=_params(session, plan), before={"status": "draft"},
                 after={"status": "submitted"})
    return plan


def review(session: Session, actor: Actor, plan_id: int, comment: str, *,
           expected_version: int | None = None) -> WorkPlan:
    """Mark a submitted plan reviewed with a comment (managers for their team,
    administrators for everyone; not one's own plan).  Reviewing again replaces the
    comment.  Audited."""
    accounts.ensure_active(session, actor)
    require(actor, "plans.review")
    plan = get(session, actor, plan_id)
    _check_version(plan, expected_version)
    if plan.owner_id == actor.user_id:
        raise PlanDenied(QT_TRANSLATE_NOOP(
            "WorkPlans", "You may not review your own work plan; your manager or an "
                         "administrator reviews it."))
    if plan.status == "draft":
        raise PlanError(QT_TRANSLATE_NOOP(
            "WorkPlans", "{owner} has not submitted the work plan for {period} yet; ask them "
                         "to submit it first."),
            owner=accounts.user_names(session).get(plan.owner_id, ""),
            period=_period_phrase(plan))
    text = (comment or "").strip()
    if not text:
        raise _field_error("comment", QT_TRANSLATE_NOOP("WorkPlans", "Review comment"),
                           QT_TRANSLATE_NOOP("WorkPlans", "{label}: write what you think of "
                                                          "the plan and how it went."))
    if len(text) > COMMENT_LENGTH:
        raise _field_error("comment", QT_TRANSLATE_NOOP("WorkPlans", "Review comment"),
                           QT_TRANSLATE_NOOP("WorkPlans", "{label}: at most {n} characters; "
                                                          "shorten the text."),
                           n=COMMENT_LENGTH)
    before = {"status": plan.status, "review_comment": plan.review_comment,
              "reviewer_id": plan.reviewer_id}
    plan.status = "reviewed"
    plan.reviewer_id = actor.user_id
    plan.reviewed_at = utcnow()
    plan.review_comment = text
    plan.updated_by_id = actor.user_id or None
    session.flush()
    figures = _progress(session, [plan.id]).get(plan.id, Progress())
    audit.record(session, actor, "review", entity="work_plan", entity_id=plan.id,
                 message=QT_TRANSLATE_NOOP("Audit", "Reviewed {owner}'s work plan for "
                                                    "{period}: {comment}"),
                 params={**_params(session, plan), "comment": text},
                 before=before,
                 after={"status": "reviewed", "review_comment": text,
                        "reviewer_id": actor.user_id, "planned": figures.planned,
                        "done": figures.done, "on_time": figures.on_time})
    return plan
