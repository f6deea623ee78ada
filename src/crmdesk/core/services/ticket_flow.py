"""Ticket statuses and the moves between them, as an administrator configures them.

Statuses are rows of ``ticket_statuses`` in display order (``position``); the
ticket form, lists, filters, imports, analytics and reports all read them from
there.  The rules:

* a status's key never changes (tickets and history refer to it by id); its names
  do: ``name`` (English, or the one name given) and ``name_zh`` (Chinese), shown by
  ``presentation.status_name`` everywhere;
* each status is in one category, "open", "waiting" or "closed"; counts of open
  tickets, "still open" in reports and reminders follow the category (``is_closed``
  is kept equal to ``category == "closed"``);
* statuses are never deleted: a retired status (``active`` False) is offered for no
  new move, and the tickets already in it keep showing it.  A status that still
  holds tickets is retired only together with moving them to another status; the
  default status for new tickets and the last open status are not retired;
* a transition says which status may follow which and which roles may make the
  move (``ticket_transitions``); no row: the move is refused, naming the moves that
  are allowed.  A new status gets every move to and from the other statuses, except
  that reopening (closed -> open or waiting) is for managers and administrators.

Every change is one audit entry.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from crmdesk.core import audit_messages, presentation
from crmdesk.core.fields import CHOICES
from crmdesk.core.models import Ticket, TicketStatus, TicketTransition
from crmdesk.core.models.tickets import STATUS_CATEGORIES as STATUS_CATEGORIES
from crmdesk.core.permissions import ADMIN, MANAGER, ROLE_NAMES, STAFF, Actor, require
from crmdesk.core.services import audit, ordering
from crmdesk.errors import FieldError, NotFound, ValidationError
from crmdesk.i18n import QT_TRANSLATE_NOOP, render

KEY_RE = re.compile(r"^[a-z][a-z0-9_]{0,29}$")
COLOUR_RE = re.compile(r"^#[0-9a-fA-F]{6}$")
NAME_MAX = 60
ROLES = (ADMIN, MANAGER, STAFF)
EVERYONE = frozenset(ROLES)
MANAGERS = frozenset({ADMIN, MANAGER})

CATEGORY_NAMES = {
    "open": QT_TRANSLATE_NOOP("Choice", "Open"),
    "waiting": QT_TRANSLATE_NOOP("Choice", "Waiting"),
    "closed": QT_TRANSLATE_NOOP("Choice", "Closed"),
}


def category_name(category: str) -> str:
    source = CATEGORY_NAMES.get(category)
    return render("Choice", source) if source is not None else category


def roles_text(roles: Iterable[str]) -> str:
    """Roles as stored: ``admin,manager,staff`` (in that order)."""
    wanted = set(roles)
    return ",".join(r for r in ROLES if r in wanted)


def parse_roles(text: str | None) -> frozenset[str]:
    return frozenset(r for r in (text or "").split(",") if r in ROLES)


def default_roles(source: TicketStatus, target: TicketStatus) -> frozenset[str]:
    """Who may make a move nobody configured yet: everyone, except reopening."""
    if source.category == "closed" and target.category != "closed":
        return MANAGERS
    return EVERYONE


@dataclass(frozen=True)
class StatusSummary:
    """A status as the settings screen and ``crmdesk status list`` show it."""

    id: int
    key: str
    name: str
    name_zh: str | None
    shown: str  # the name in the reader's language
    category: str
    colour: str | None
    position: int
    is_default: bool
    retired: bool
    tickets: int  # in it now (not in the recycle bin)


def all_statuses(session: Session, *, include_retired: bool = True) -> list[TicketStatus]:
    stmt = select(TicketStatus).order_by(TicketStatus.position, TicketStatus.id)
    if not include_retired:
        stmt = stmt.where(TicketStatus.active.is_(True))
    return list(session.execute(stmt).scalars())


def shown(status: TicketStatus) -> str:
    return presentation.status_name(status.key, status.name, status.name_zh)


def summaries(session: Session) -> list[StatusSummary]:
    counts = dict(session.execute(
        select(Ticket.status_id, func.count(Ticket.id))
        .where(Ticket.deleted_at.is_(None)).group_by(Ticket.status_id)).all())
    return [StatusSummary(s.id, s.key, s.name, s.name_zh, shown(s), s.category, s.colour,
                          s.position, bool(s.is_default), not s.active,
                          int(counts.get(s.id, 0)))
            for s in all_statuses(session)]


# ---------------------------------------------------------------------------
# Problems, named by field
# ---------------------------------------------------------------------------

FIELD_LABELS = {
    "key": QT_TRANSLATE_NOOP("Field", "Status key"),
    "name": QT_TRANSLATE_NOOP("Field", "Name (English)"),
    "name_zh": QT_TRANSLATE_NOOP("Field", "Name (Chinese)"),
    "category": QT_TRANSLATE_NOOP("Field", "Category"),
    "colour": QT_TRANSLATE_NOOP("Field", "Colour"),
    "position": QT_TRANSLATE_NOOP("Field", "Position"),
    "status": QT_TRANSLATE_NOOP("Field", "Status"),
    "roles": QT_TRANSLATE_NOOP("Field", "Roles"),
    "move_to": QT_TRANSLATE_NOOP("Field", "Move its tickets to"),
}


def _error(field: str, text: str, **params: object) -> ValidationError:
    label = render("Field", FIELD_LABELS[field])
    return ValidationError([FieldError(field, label, render("Validation", text, label=label,
                                                            **params))])


def find_status(session: Session, text: str) -> TicketStatus:
    """A status by its key or either of its names (as shown anywhere)."""
    rows = all_statuses(session)
    text = (text or "").strip()
    for status in rows:
        if status.key == text:
            return status
    found = presentation.choice_from_text("ticket_status", text, presentation.status_entries(
        (r.id, r.key, r.name, r.name_zh) for r in rows))
    for status in rows:
        if status.id == found:
            return status
    raise NotFound(QT_TRANSLATE_NOOP(
        "Errors", "There is no ticket status {status}; the statuses are: {names}."),
        status=text, names=presentation.joined(shown(r) for r in rows))


def _audit_name(status: TicketStatus) -> dict[str, object] | str:
    return audit_messages.named("ticket_status", status.key, status.name)


def _clean_name(session: Session, field: str, raw: str | None, key: str | None) -> str | None:
    """A status name, stripped; None when not given.  Refused when another status is
    called so (in either language), as imports and filters find statuses by name."""
    if raw is None:
        return None
    name = " ".join(raw.split())
    if not name:
        return None
    if len(name) > NAME_MAX:
        raise _error(field, QT_TRANSLATE_NOOP(
            "Validation", "{label} is too long: at most {n} characters."), n=NAME_MAX)
    wanted = name.casefold()
    for other in all_statuses(session):
        if other.key == key:
            continue
        names = {other.key, other.name, other.name_zh or "", shown(other)}
        source = CHOICES["ticket_status"].get(other.key)
        if source is not None and source == other.name:
            names.add(render("Choice", source))
        if wanted in {n.casefold() for n in names if n}:
            raise _error(field, QT_TRANSLATE_NOOP(
                "Validation", "{label} {name} is the name of status {status} already: choose "
                              "another."), name=name, status=shown(other))
    return name


def _clean_category(raw: object) -> str:
    text = str(raw or "").strip().casefold()
    for category in STATUS_CATEGORIES:
        if text in (category, category_name(category).casefold(),
                    CATEGORY_NAMES[category].casefold()):
            return category
    raise _error("category", QT_TRANSLATE_NOOP(
        "Validation", "{label} must be one of: {choices}."),
        choices=presentation.joined(category_name(c) for c in STATUS_CATEGORIES))


def _clean_colour(raw: str | None) -> str | None:
    text = (raw or "").strip()
    if not text:
        return None
    if not text.startswith("#"):
        text = "#" + text
    if not COLOUR_RE.match(text):
        raise _error("colour", QT_TRANSLATE_NOOP(
            "Validation", "{label} is not valid: write it as #RRGGBB, e.g. #2E7D32, or leave "
                          "it empty."))
    return text.lower()






def _set_category(status: TicketStatus, category: str) -> None:
    status.category = category
    status.is_closed = category == "closed"


# ---------------------------------------------------------------------------
# Statuses
# ---------------------------------------------------------------------------

def add_status(session: Session, actor: Actor, key: str, *, name: str | None = None,
               name_zh: str | None = None, category: object = "open",
               colour: str | None = None, position: object = None) -> TicketStatus:
    """A new status (last, unless *position*), with the default moves to and from it."""
    require(actor, "settings.manage")
    key = (key or "").strip()
    if not KEY_RE.match(key):
        raise _error("key", QT_TRANSLATE_NOOP(
            "Validation", "{label} is not valid: use up to 30 lower-case letters, digits and "
                          "_, starting with a letter, e.g. on_site."))
    if session.execute(select(TicketStatus.id).where(TicketStatus.key == key)).first():
        raise _error("key", QT_TRANSLATE_NOOP(
            "Validation", "{label} {key} exists already: choose another."), key=key)
    en = _clean_name(session, "name", name, key)
    zh = _clean_name(session, "name_zh", name_zh, key)
    if en is None and zh is None:
        raise _error("name", QT_TRANSLATE_NOOP(
            "Validation", "{label} is required: give the status a name (in English, Chinese "
                          "or both)."))
    cat = _clean_category(category)
    hue = _clean_colour(colour)
    ordered = all_statuses(session)
    index = len(ordered) if position in (None, "") else \
        ordering.clean_position(position, len(ordered) + 1) - 1
    status = TicketStatus(key=key, name=en or zh or key, name_zh=zh, colour=hue,
                          position=index + 1, is_default=False, active=True)
    _set_category(status, cat)
    session.add(status)
    session.flush()
    ordered.insert(index, status)
    ordering.renumber(session, ordered)
    add_default_moves(session, status)
    audit.record(session, actor, "settings", entity="ticket_status", entity_id=status.id,
                 message=QT_TRANSLATE_NOOP("Audit", "Added ticket status {name}"),
                 params={"name": _audit_name(status)},
                 after={"key": key, "name": status.name, "name_zh": zh, "category": cat,
                        "colour": hue, "position": status.position})
    return status


def add_default_moves(session: Session, status: TicketStatus) -> None:
    """The moves a new status starts with (see :func:`default_roles`)."""
    existing = {(a, b) for a, b in session.execute(select(
        TicketTransition.from_status_id, TicketTransition.to_status_id))}
    for other in all_statuses(session):
        if other.id == status.id:
            continue
        for source, target in ((status, other), (other, status)):
            if (source.id, target.id) not in existing:
                session.add(TicketTransition(from_status_id=source.id, to_status_id=target.id,
                                             roles=roles_text(default_roles(source, target))))
    session.flush()


def rename_status(session: Session, actor: Actor, key: str, *, name: str | None = None,
                  name_zh: str | None = None) -> TicketStatus:
    """New names (None: unchanged; "" for *name_zh*: back to the English name)."""
    require(actor, "settings.manage")
    status = find_status(session, key)
    if name is None and name_zh is None:
        raise _error("name", QT_TRANSLATE_NOOP(
            "Validation", "{label}: give a new name in English, in Chinese or both."))
    before = {"name": status.name, "name_zh": status.name_zh}
    en = _clean_name(session, "name", name, status.key)
    if name is not None and en is None:
        raise _error("name", QT_TRANSLATE_NOOP(
            "Validation", "{label} is required: please fill it in."))
    if en is not None:
        status.name = en
    if name_zh is not None:
        status.name_zh = _clean_name(session, "name_zh", name_zh, status.key)
    session.flush()
    audit.record(session, actor, "settings", entity="ticket_status", entity_id=status.id,
                 message=QT_TRANSLATE_NOOP("Audit", "Renamed ticket status {name}"),
                 params={"name": _audit_name(status)}, before=before,
                 after={"name": status.name, "name_zh": status.name_zh})
    return status


def move_status(session: Session, actor: Actor, key: str, position: object) -> TicketStatus:
    """Put a status at *position* (1 = first) of the list; the others follow."""
    require(actor, "settings.manage")
    status = find_status(session, key)
    ordered = all_statuses(session)
    old = ordered.index(status) + 1
    new = ordering.clean_position(position, len(ordered))
    ordered.remove(status)
    ordered.insert(new - 1, status)
    ordering.renumber(session, ordered)
    audit.record(session, actor, "settings", entity="ticket_status", entity_id=status.id,
                 message=QT_TRANSLATE_NOOP("Audit", "Moved ticket status {name} to position "
                                                    "{position}"),
                 params={"name": _audit_name(status), "position": new},
                 before={"position": old}, after={"position": new})
    return status


def set_colour(session: Session, actor: Actor, key: str, colour: str | None) -> TicketStatus:
    require(actor, "settings.manage")
    status = find_status(session, key)
    old, status.colour = status.colour, _clean_colour(colour)
    session.flush()
    audit.record(session, actor, "settings", entity="ticket_status", entity_id=status.id,
                 message=QT_TRANSLATE_NOOP("Audit", "Colour of ticket status {name}"),
                 params={"name": _audit_name(status)},
                 before={"colour": old}, after={"colour": status.colour})
    return status


def set_category(session: Session, actor: Actor, key: str, category: object) -> TicketStatus:
    """Open, waiting or closed.  The default status for new tickets is not closed."""
    require(actor, "settings.manage")
    status = find_status(session, key)
    cat = _clean_category(category)
    if cat == "closed" and status.is_default:
        raise _error("category", QT_TRANSLATE_NOOP(
            "Validation", "{label}: {status} is where new tickets start, so it cannot be "
                          "closed; make another status the default first."), status=shown(status))
    if cat == "closed" and status.active and not any(
            s.category != "closed" for s in all_statuses(session, include_retired=False)
            if s.id != status.id):
        raise _error("category", QT_TRANSLATE_NOOP(
            "Validation", "{label}: {status} is the last status that is not closed."),
            status=shown(status))
    old = status.category
    _set_category(status, cat)
    session.flush()
    audit.record(session, actor, "settings", entity="ticket_status", entity_id=status.id,
                 message=QT_TRANSLATE_NOOP("Audit", "Category of ticket status {name}"),
                 params={"name": _audit_name(status)},
                 before={"category": old}, after={"category": cat})
    return status


def set_default(session: Session, actor: Actor, key: str) -> TicketStatus:
    """Where new tickets start: a status that is neither retired nor closed."""
    require(actor, "settings.manage")
    status = find_status(session, key)
    if not status.active or status.category == "closed":
        raise _error("status", QT_TRANSLATE_NOOP(
            "Validation", "{label}: new tickets cannot start in {status}: choose a status "
                          "that is not closed or retired."), status=shown(status))
    old = next((s.key for s in all_statuses(session) if s.is_default), None)
    for other in all_statuses(session):
        other.is_default = other.id == status.id
    session.flush()
    audit.record(session, actor, "settings", entity="ticket_status", entity_id=status.id,
                 message=QT_TRANSLATE_NOOP("Audit", "New tickets start in {name}"),
                 params={"name": _audit_name(status)},
                 before={"default": old}, after={"default": status.key})
    return status


def ticket_count(session: Session, status_id: int) -> int:
    """Tickets in the status now (the recycle bin's not counted)."""
    return int(session.execute(select(func.count(Ticket.id)).where(
        Ticket.status_id == status_id, Ticket.deleted_at.is_(None))).scalar_one())


def retire_status(session: Session, actor: Actor, key: str, *,
                  move_to: str | None = None) -> int:
    """Retire a status: no new move goes to it.  A status that still holds tickets is
    refused, unless *move_to* names a status to move them to first (each move in the
    ticket's history and audited).  Returns how many were moved."""
    require(actor, "settings.manage")
    status = find_status(session, key)
    name = shown(status)
    if not status.active:
        return 0
    if status.is_default:
        raise _error("status", QT_TRANSLATE_NOOP(
            "Validation", "{label} {status} is where new tickets start: make another status "
                          "the default before retiring it."), status=name)
    if status.category != "closed" and not any(
            s.category != "closed" for s in all_statuses(session, include_retired=False)
            if s.id != status.id):
        raise _error("status", QT_TRANSLATE_NOOP(
            "Validation", "{label} {status} is the last status that is not closed: add "
                          "another before retiring it."), status=name)
    held = ticket_count(session, status.id)
    if held and move_to is None:
        raise _error("move_to", QT_TRANSLATE_NOOP(
            "Validation", "Status {status} still holds {n} tickets: choose a status to move "
                          "them to ({label})."), status=name, n=held)
    moved = 0
    if held:
        target = find_status(session, move_to or "")
        if target.id == status.id or not target.active:
            raise _error("move_to", QT_TRANSLATE_NOOP(
                "Validation", "{label}: choose a status other than {status} that is not "
                              "retired."), status=name)
        moved = _move_tickets(session, actor, status, target)
    status.active = False
    session.flush()
    audit.record(session, actor, "settings", entity="ticket_status", entity_id=status.id,
                 message=QT_TRANSLATE_NOOP("Audit", "Retired ticket status {name}"),
                 params={"name": _audit_name(status)}, before={"retired": False},
                 after={"retired": True, "moved": moved,
                        "move_to": move_to if moved else None})
    return moved


def _move_tickets(session: Session, actor: Actor, source: TicketStatus,
                  target: TicketStatus) -> int:
    from crmdesk.core.services.tickets import tickets

    ids = list(session.execute(select(Ticket.id).where(
        Ticket.status_id == source.id, Ticket.deleted_at.is_(None))
        .order_by(Ticket.id)).scalars())
    comment = render("Validation", QT_TRANSLATE_NOOP(
        "Validation", "Status {status} was retired."), status=shown(source))
    for ticket_id in ids:
        tickets.move(session, actor, ticket_id, target.id, comment=comment, check=False)
    return len(ids)


def reinstate_status(session: Session, actor: Actor, key: str) -> TicketStatus:
    """Take a status out of retirement: it is offered for moves again."""
    require(actor, "settings.manage")
    status = find_status(session, key)
    if status.active:
        return status
    status.active = True
    session.flush()
    audit.record(session, actor, "settings", entity="ticket_status", entity_id=status.id,
                 message=QT_TRANSLATE_NOOP("Audit", "Reinstated ticket status {name}"),
                 params={"name": _audit_name(status)}, before={"retired": True},
                 after={"retired": False})
    return status


# ---------------------------------------------------------------------------
# Transitions
# ---------------------------------------------------------------------------

def transitions(session: Session) -> dict[tuple[int, int], frozenset[str]]:
    """(from id, to id) -> the roles that may make the move."""
    return {(a, b): parse_roles(roles) for a, b, roles in session.execute(
        select(TicketTransition.from_status_id, TicketTransition.to_status_id,
               TicketTransition.roles))}


def set_transition(session: Session, actor: Actor, from_key: str, to_key: str,
                   roles: Iterable[str]) -> frozenset[str]:
    """Who may move a ticket from one status to another (no roles: nobody)."""
    require(actor, "settings.manage")
    source, target = find_status(session, from_key), find_status(session, to_key)
    wanted = {str(r).strip().casefold() for r in roles if str(r).strip()}
    names = {r: r for r in ROLES}
    names.update({render("Choice", ROLE_NAMES[r]).casefold(): r for r in ROLES})
    names.update({ROLE_NAMES[r].casefold(): r for r in ROLES})
    unknown = [r for r in wanted if r not in names]
    if unknown:
        raise _error("roles", QT_TRANSLATE_NOOP(
            "Validation", "{label}: there is no role {role}; the roles are: {roles}."),
            role=unknown[0], roles=", ".join(ROLES))
    if source.id == target.id:
        raise _error("status", QT_TRANSLATE_NOOP(
            "Validation", "{label}: a move goes from one status to another."))
    chosen = frozenset(names[r] for r in wanted)
    row = session.execute(select(TicketTransition).where(
        TicketTransition.from_status_id == source.id,
        TicketTransition.to_status_id == target.id)).scalar()
    old = parse_roles(row.roles) if row is not None else frozenset()
    if chosen == old:
        return chosen
    if not chosen and row is not None:
        session.execute(delete(TicketTransition).where(TicketTransition.id == row.id))
    elif row is None:
        session.add(TicketTransition(from_status_id=source.id, to_status_id=target.id,
                                     roles=roles_text(chosen)))
    else:
        row.roles = roles_text(chosen)
    session.flush()
    audit.record(session, actor, "settings", entity="ticket_status", entity_id=source.id,
                 message=QT_TRANSLATE_NOOP("Audit", "Moves from ticket status {name} to "
                                                    "{target}"),
                 params={"name": _audit_name(source), "target": _audit_name(target)},
                 before={"roles": roles_text(old)}, after={"roles": roles_text(chosen)})
    return chosen


def allowed_targets(session: Session, role: str, from_id: int) -> list[TicketStatus]:
    """The statuses (not retired) a user of *role* may move a ticket in *from_id* to."""
    moves = transitions(session)
    return [s for s in all_statuses(session, include_retired=False)
            if s.id != from_id and role in moves.get((from_id, s.id), frozenset())]


def move_problem(session: Session, actor: Actor, from_id: int,
                 to_id: int) -> str | None:
    """Why *actor* may not move a ticket from one status to another (None: allowed).
    The message names the moves that are allowed."""
    if from_id == to_id:
        return None
    source, target = session.get(TicketStatus, from_id), session.get(TicketStatus, to_id)
    if source is None or target is None:
        return None  # an unknown status is refused by the reference check
    roles = transitions(session).get((from_id, to_id), frozenset())
    allowed = allowed_targets(session, actor.role, from_id)
    listed = presentation.joined(shown(s) for s in allowed) if allowed else render(
        "Validation", QT_TRANSLATE_NOOP("Validation", "none"))
    label = render("Field", FIELD_LABELS["status"])
    if not target.active:
        return render("Validation", QT_TRANSLATE_NOOP(
            "Validation", "{label}: {target} is retired. From {source} a ticket can move to: "
                          "{allowed}."), label=label, source=shown(source),
            target=shown(target), allowed=listed)
    if roles and actor.role not in roles:
        return render("Validation", QT_TRANSLATE_NOOP(
            "Validation", "{label}: only {roles} may move a ticket from {source} to {target}. "
                          "From {source} you may move it to: {allowed}."), label=label,
            roles=" / ".join(render("Choice", ROLE_NAMES[r]) for r in ROLES if r in roles),
            source=shown(source), target=shown(target), allowed=listed)
    if not roles:
        return render("Validation", QT_TRANSLATE_NOOP(
            "Validation", "{label}: a ticket in {source} cannot move to {target}. From "
                          "{source} you may move it to: {allowed}."), label=label,
            source=shown(source), target=shown(target), allowed=listed)
    return None
