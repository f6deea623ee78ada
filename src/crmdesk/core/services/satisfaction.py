"""Customer satisfaction with a ticket: a score from 1 to 5 and a comment.

Taken by phone when the ticket is closed (the window offers it on a move into a
"closed" status; ``crmdesk ticket satisfaction add``), or from a returned survey
(``crmdesk ticket satisfaction import``, all rows or none: see
:func:`record_many`).  A ticket has one satisfaction: recording again replaces it
(audited with before and after).  Whoever may see the ticket may record it.

A low score (at or below the setting ``service.low_score``, default 2) makes a
follow-up task, due the next day, for the **manager of the ticket's assignee's team**
(someone other than the person who handled it calls the unhappy customer back); a
team without an active manager, or an assignee without a team: the assignee; no
assignee: the user who recorded the score.  A score that replaces one that was
already low makes no second task.

CSAT (:func:`crmdesk.core.analytics.satisfaction.csat`) is the share of scores of 4 or 5, with the average score, over
the scores *taken* in the period, for the tickets the actor may see: overall, per
month, per team and per person (the ticket's assignee when it was scored).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from crmdesk.core.models import Customer, Ticket, TicketEvent, TicketSatisfaction, User, utcnow
from crmdesk.core.permissions import MANAGER, Actor, customer_scope
from crmdesk.core.services import accounts, audit
from crmdesk.core.services import settings as db_settings
from crmdesk.errors import FieldError, KnownError, ValidationError
from crmdesk.i18n import QT_TRANSLATE_NOOP, render

SOURCES = ("phone", "survey", "import")
SOURCE_NAMES = {
    "phone": QT_TRANSLATE_NOOP("Satisfaction", "By phone"),
    "survey": QT_TRANSLATE_NOOP("Satisfaction", "Survey"),
    "import": QT_TRANSLATE_NOOP("Satisfaction", "Imported survey"),
}
COMMENT_MAX = 2000

FIELD_LABELS = {
    "ticket": QT_TRANSLATE_NOOP("Field", "Ticket number"),
    "score": QT_TRANSLATE_NOOP("Field", "Score"),
    "comment": QT_TRANSLATE_NOOP("Field", "Comment"),
    "source": QT_TRANSLATE_NOOP("Field", "Taken"),
}


def _label(field: str) -> str:
    return render("Field", FIELD_LABELS[field])


def source_name(source: str) -> str:
    text = SOURCE_NAMES.get(source)
    return render("Satisfaction", text) if text is not None else source


def _problem(field: str, text: str, **params: object) -> FieldError:
    label = _label(field)
    return FieldError(field, label, render("Validation", text, label=label, **params))


def clean_score(raw: object) -> int:
    """A whole number from 1 to 5 ("4", 4.0 and "4星" too), or a ValidationError."""
    text = str(raw if raw is not None else "").strip().rstrip("星分★").strip()
    try:
        number = float(text)
    except ValueError:
        number = 0.5
    if not number.is_integer() or not 1 <= number <= 5:
        raise ValidationError([_problem("score", QT_TRANSLATE_NOOP(
            "Validation", "{label}: {value} is not a score; give a whole number from 1 to 5."),
            value=str(raw if raw is not None else "").strip() or "-")])
    return int(number)


def clean_comment(raw: object) -> str | None:
    text = str(raw or "").strip()
    if len(text) > COMMENT_MAX:
        raise ValidationError([_problem("comment", QT_TRANSLATE_NOOP(
            "Validation", "{label} is too long: at most {n} characters."), n=COMMENT_MAX)])
    return text or None


@dataclass(frozen=True)
class Recorded:
    """What :func:`record` did."""

    ticket_id: int
    score: int
    replaced: bool  # the ticket had a score before
    task_id: int | None  # the follow-up task made for a low score


@dataclass(frozen=True)
class SatisfactionSummary:
    ticket_id: int
    score: int
    comment: str | None
    source: str
    taken_by: str
    taken_at: datetime


def _follow_up_user(session: Session, ticket: Ticket, actor: Actor) -> int:
    """Who calls back after a low score: the assignee's team manager, else the
    assignee, else whoever recorded the score."""
    assignee = session.get(User, ticket.assignee_id) if ticket.assignee_id else None
    if assignee is not None and assignee.team_id is not None and assignee.role != MANAGER:
        manager = session.execute(select(User.id).where(
            User.team_id == assignee.team_id, User.role == MANAGER,
            User.disabled.is_(False), User.frozen_at.is_(None)).order_by(User.id)).scalar()
        if manager is not None:
            return int(manager)
    if assignee is not None and not assignee.disabled:
        return int(assignee.id)
    return actor.user_id


def low_score(session: Session) -> int:
    return int(db_settings.get(session, "service.low_score"))


def _follow_up_task(session: Session, actor: Actor, ticket: Ticket, score: int,
                    comment: str | None) -> int:
    from crmdesk.core.services.tasks import tasks

    visible = session.execute(select(Customer.id).where(
        Customer.id == ticket.customer_id, customer_scope(actor))).first() is not None
    due = datetime.combine(date.today() + timedelta(days=1), time(17, 0)).astimezone()
    title = render("Satisfaction", QT_TRANSLATE_NOOP(
        "Satisfaction", "Call back: {code} {subject} scored {score}/5"),
        code=ticket.code, subject=ticket.subject, score=score)[:200]
    task = tasks.create(session, actor, {
        "title": title, "assignee_id": _follow_up_user(session, ticket, actor),
        "customer_id": ticket.customer_id if visible else None, "priority": "high",
        "due_at": due, "notes": comment})
    task.ticket_id = ticket.id
    session.flush()
    return int(task.id)


def record(session: Session, actor: Actor, ticket_id: int, score: object,
           comment: object = None, *, source: str = "phone",
           taken_at: datetime | None = None) -> Recorded:
    """Record (or replace) a ticket's satisfaction; audited on the ticket.  A low
    score makes a follow-up task (see the module's docstring)."""
    from crmdesk.core.services.tickets import tickets

    accounts.ensure_active(session, actor)
    ticket = tickets.get(session, actor, ticket_id)
    problems: list[FieldError] = []
    try:
        value = clean_score(score)
    except ValidationError as exc:
        problems += exc.errors
        value = 0
    try:
        text = clean_comment(comment)
    except ValidationError as exc:
        problems += exc.errors
        text = None
    if source not in SOURCES:
        problems.append(_problem("source", QT_TRANSLATE_NOOP(
            "Validation", "{label} must be one of: {choices}."), choices=", ".join(SOURCES)))
    if problems:
        raise ValidationError(problems)
    row = session.execute(select(TicketSatisfaction).where(
        TicketSatisfaction.ticket_id == ticket.id)).scalar()
    before = None
    was_low = False
    threshold = low_score(session)
    if row is None:
        row = TicketSatisfaction(ticket_id=ticket.id)
        session.add(row)
    else:
        before = {"score": row.score, "comment": row.comment, "source": row.source}
        was_low = row.score <= threshold
    row.score, row.comment, row.source = value, text, source
    row.taken_by_id = actor.user_id or None
    row.taken_at = taken_at or utcnow()
    row.assignee_id = ticket.assignee_id
    # in the ticket's history too, so whoever opens the ticket sees it
    note = render("Satisfaction", QT_TRANSLATE_NOOP(
        "Satisfaction", "Customer satisfaction: {score}/5 ({source})"), score=value,
        source=source_name(source))
    session.add(TicketEvent(ticket_id=ticket.id, user_id=actor.user_id or None, kind="comment",
                            comment=f"{note}\n{text}" if text else note))
    session.flush()
    audit.record(session, actor, "satisfaction", entity="ticket", entity_id=ticket.id,
                 message=QT_TRANSLATE_NOOP("Audit", "Satisfaction {score}/5 for {record}"),
                 params={"score": value, "record": tickets.describe(ticket)},
                 before=before, after={"score": value, "comment": text, "source": source})
    task_id = None
    if value <= threshold and not was_low:
        task_id = _follow_up_task(session, actor, ticket, value, text)
    return Recorded(ticket.id, value, before is not None, task_id)


def get(session: Session, actor: Actor, ticket_id: int) -> SatisfactionSummary | None:
    from crmdesk.core.services.tickets import tickets

    ticket = tickets.get(session, actor, ticket_id, deleted=None)
    row = session.execute(select(TicketSatisfaction).where(
        TicketSatisfaction.ticket_id == ticket.id)).scalar()
    if row is None:
        return None
    names = accounts.user_names(session)
    return SatisfactionSummary(ticket.id, row.score, row.comment, row.source,
                               names.get(row.taken_by_id or 0, ""), row.taken_at)


# ---------------------------------------------------------------------------
# A returned survey: every row checked first, then all written, or none
# ---------------------------------------------------------------------------

class SurveyError(KnownError):
    """A survey row that cannot be imported: nothing was imported."""

    context = "Satisfaction"


@dataclass(frozen=True)
class SurveyRow:
    row: int  # as the user sees it (the sheet's row number)
    code: object
    score: object
    comment: object


@dataclass(frozen=True)
class SurveyResult:
    recorded: int
    replaced: int
    tasks: int


def record_many(session: Session, actor: Actor, rows: Iterable[SurveyRow], *,
                file_name: str = "") -> SurveyResult:
    """Import a returned survey: every row is checked (ticket number of a ticket the
    actor sees, once in the file; a score from 1 to 5; a comment) before anything is
    written.  The first bad row refuses the whole import, naming the row and field."""
    from crmdesk.core.services.tickets import tickets

    accounts.ensure_active(session, actor)
    checked: list[tuple[int, int, str | None]] = []
    seen: dict[int, int] = {}
    count = 0
    for item in rows:
        count += 1
        code = str(item.code if item.code is not None else "").strip()
        if isinstance(item.code, float) and item.code.is_integer():
            code = str(int(item.code))
        if not code:
            raise _row_error(item.row, "ticket", QT_TRANSLATE_NOOP(
                "Validation", "{label} is required: please fill it in."))
        try:
            ticket = tickets.by_code(session, actor, code)
        except KnownError:
            raise _row_error(item.row, "ticket", QT_TRANSLATE_NOOP(
                "Validation", "{label}: there is no ticket {value} that you can see."),
                value=code) from None
        if ticket.id in seen:
            raise _row_error(item.row, "ticket", QT_TRANSLATE_NOOP(
                "Validation", "{label}: ticket {value} is in row {first} already."),
                value=code, first=seen[ticket.id])
        seen[ticket.id] = item.row
        try:
            score = clean_score(item.score)
            comment = clean_comment(item.comment)
        except ValidationError as exc:
            error = exc.errors[0]
            raise SurveyError(QT_TRANSLATE_NOOP(
                "Satisfaction", "Row {row}, {field}: {problem} Nothing was imported."),
                row=item.row, field=error.label, problem=error.message) from None
        checked.append((ticket.id, score, comment))
    if not checked:
        raise SurveyError(QT_TRANSLATE_NOOP(
            "Satisfaction", "The survey has no rows to import: it needs the columns ticket "
                            "number, score and comment."))
    recorded = replaced = made = 0
    for ticket_id, score, comment in checked:
        done = record(session, actor, ticket_id, score, comment, source="import")
        recorded += 1
        replaced += int(done.replaced)
        made += int(done.task_id is not None)
    audit.record(session, actor, "import", entity="ticket",
                 message=QT_TRANSLATE_NOOP("Audit", "Imported satisfaction survey {file}: "
                                                    "{n} scores"),
                 params={"file": file_name, "n": recorded},
                 after={"rows": count, "replaced": replaced, "tasks": made})
    return SurveyResult(recorded, replaced, made)


def _row_error(row: int, field: str, text: str, **params: object) -> SurveyError:
    label = _label(field)
    problem = render("Validation", text, label=label, **params)
    return SurveyError(QT_TRANSLATE_NOOP(
        "Satisfaction", "Row {row}, {field}: {problem} Nothing was imported."),
        row=row, field=label, problem=problem)


def scored_ticket_ids(session: Session, ticket_ids: Sequence[int]) -> set[int]:
    """Which of these tickets have a satisfaction score."""
    return set(session.execute(select(TicketSatisfaction.ticket_id).where(
        TicketSatisfaction.ticket_id.in_(list(ticket_ids)))).scalars())


def should_offer(session: Session, actor: Actor, ticket_id: int) -> bool:
    """Whether to ask for the customer's satisfaction now: the ticket is in a status of
    the "closed" category and has no score yet."""
    from crmdesk.core.models import TicketStatus
    from crmdesk.core.services.tickets import tickets

    ticket = tickets.get(session, actor, ticket_id)
    status = session.get(TicketStatus, ticket.status_id)
    if status is None or status.category != "closed":
        return False
    return session.execute(select(TicketSatisfaction.id).where(
        TicketSatisfaction.ticket_id == ticket.id)).first() is None
