"""Who gets a new ticket: an ordered list of assignment rules.

A ticket created without an assignee (in the window, by an import or from the
command line) goes through the active rules in order; the first rule whose
conditions all match wins.  A rule's conditions (each optional; a rule with none
matches every ticket) are the ticket's type (``tickets.kind``: complaint,
suggestion ...), its product (when the ticket carries one), its customer, and the
customer's level (intent level H/A/B/C).  Its target is one user, or a team: the
team's tickets go round-robin among its *available* members, i.e. users of the team
that are neither disabled nor frozen, in order of their id, starting after the one
who got the team's last ticket (``assignment_pointers``).  A rule whose user is
disabled, or whose team has nobody available, is passed over for the next rule.
No rule matches: the ticket keeps today's behaviour (the user who creates it).

The rule used is kept on the ticket (``assigned_rule_id``) and in its history (a
change of the assignee whose comment names the rule).  Rules are settings:
administrators add, remove, reorder and switch them on or off (``settings.manage``),
each change one audit entry.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from crmdesk.core.fields import CHOICES, choice_label
from crmdesk.core.lookup import fits_text, get_row, shown_text
from crmdesk.core.models import (
    AssignmentPointer,
    AssignmentRule,
    Customer,
    Product,
    Team,
    Ticket,
    TicketEvent,
    User,
)
from crmdesk.core.permissions import Actor, require
from crmdesk.core.services import audit, ordering
from crmdesk.core.validation import validate
from crmdesk.errors import FieldError, ValidationError
from crmdesk.i18n import QT_TRANSLATE_NOOP, render

LEVELS = tuple(CHOICES["intent_level"])  # H, A, B, C

FIELD_LABELS = {
    "kind": QT_TRANSLATE_NOOP("Field", "Ticket type"),
    "product": QT_TRANSLATE_NOOP("Field", "Product"),
    "customer": QT_TRANSLATE_NOOP("Field", "Customer"),
    "level": QT_TRANSLATE_NOOP("Field", "Customer level"),
    "user": QT_TRANSLATE_NOOP("Field", "Assign to user"),
    "team": QT_TRANSLATE_NOOP("Field", "Assign to team"),
    "rule": QT_TRANSLATE_NOOP("Field", "Rule"),
}


def _label(field: str) -> str:
    return render("Field", FIELD_LABELS[field])


def _error(field: str, text: str, **params: object) -> ValidationError:
    label = _label(field)
    return ValidationError([FieldError(field, label, render("Validation", text, label=label,
                                                            **params))])


@dataclass(frozen=True)
class RuleSummary:
    """A rule as the settings page and ``crmdesk ticket rules`` show it."""

    id: int
    position: int
    kind: str | None
    product: str | None  # names as shown
    customer: str | None
    level: str | None
    user: str | None
    team: str | None
    active: bool
    conditions: str  # "Type = Complaint, Level = A" or "every ticket"
    target: str  # "李娜" or "Team 售后 (in turn)"


def all_rules(session: Session) -> list[AssignmentRule]:
    return list(session.execute(select(AssignmentRule).order_by(
        AssignmentRule.position, AssignmentRule.id)).scalars())


def _names(session: Session, rule: AssignmentRule) -> dict[str, str | None]:
    def name_of(model: Any, attr: str, value: int | None) -> str | None:
        if value is None:
            return None
        row = session.get(model, value)
        return str(getattr(row, attr)) if row is not None else f"#{value}"

    return {"product": name_of(Product, "name", rule.product_id),
            "customer": name_of(Customer, "name", rule.customer_id),
            "user": name_of(User, "display_name", rule.user_id),
            "team": name_of(Team, "name", rule.team_id)}


def describe(session: Session, rule: AssignmentRule) -> tuple[str, str]:
    """(conditions, target) of a rule in the reader's language."""
    names = _names(session, rule)
    parts = []
    if rule.ticket_kind:
        parts.append(f"{_label('kind')} = {choice_label('ticket_kind', rule.ticket_kind)}")
    if names["product"]:
        parts.append(f"{_label('product')} = {names['product']}")
    if names["customer"]:
        parts.append(f"{_label('customer')} = {names['customer']}")
    if rule.customer_level:
        parts.append(f"{_label('level')} = {choice_label('intent_level', rule.customer_level)}")
    conditions = ", ".join(parts) if parts else render("Assignment", QT_TRANSLATE_NOOP(
        "Assignment", "every ticket"))
    if names["team"]:
        target = render("Assignment", QT_TRANSLATE_NOOP("Assignment", "team {team} (in turn)"),
                        team=names["team"])
    else:
        target = names["user"] or ""
    return conditions, target


def summaries(session: Session) -> list[RuleSummary]:
    result = []
    for rule in all_rules(session):
        names = _names(session, rule)
        conditions, target = describe(session, rule)
        result.append(RuleSummary(
            rule.id, rule.position, rule.ticket_kind, names["product"], names["customer"],
            rule.customer_level, names["user"], names["team"], bool(rule.active),
            conditions, target))
    return result


# ---------------------------------------------------------------------------
# Finding what a rule names (the command line names things as people write them)
# ---------------------------------------------------------------------------

def clean_kind(raw: object) -> str | None:
    if raw in (None, ""):
        return None
    try:
        value = validate("ticket", {"kind": raw}, partial=True).get("kind")
    except ValidationError:
        value = None
    if value is None:
        raise _error("kind", QT_TRANSLATE_NOOP(
            "Validation", "{label} must be one of: {choices}."),
            choices=", ".join(choice_label("ticket_kind", k) for k in CHOICES["ticket_kind"]))
    return str(value)


def clean_level(raw: object) -> str | None:
    text = str(raw or "").strip().upper()
    if not text:
        return None
    if text[:1] not in LEVELS:
        raise _error("level", QT_TRANSLATE_NOOP(
            "Validation", "{label} must be one of: {choices}."), choices=", ".join(LEVELS))
    return text[:1]


def find_product(session: Session, text: str) -> int:
    text = (text or "").strip()
    found = session.execute(select(Product.id).where(
        or_(Product.code == text, Product.name == text),
        Product.deleted_at.is_(None)).order_by(Product.id)).scalars().first() \
        if fits_text(text) else None
    if found is None:
        raise _error("product", QT_TRANSLATE_NOOP(
            "Validation", "{label}: there is no product {name}; give its code or name."),
            name=shown_text(text))
    return int(found)


def find_customer(session: Session, text: str) -> int:
    text = (text or "").strip()
    found = session.execute(select(Customer.id).where(
        or_(Customer.code == text, Customer.name == text),
        Customer.deleted_at.is_(None)).order_by(Customer.id)).scalars().first() \
        if fits_text(text) else None
    if found is None:
        raise _error("customer", QT_TRANSLATE_NOOP(
            "Validation", "{label}: there is no customer {name}; give its code or name."),
            name=shown_text(text))
    return int(found)


def find_user(session: Session, text: str) -> int:
    text = (text or "").strip()
    found = session.execute(select(User.id).where(
        or_(User.username == text, User.display_name == text)).order_by(User.id)
    ).scalars().first() if fits_text(text) else None
    if found is None:
        raise _error("user", QT_TRANSLATE_NOOP(
            "Validation", "{label}: there is no user {name}; give a user name."),
            name=shown_text(text))
    return int(found)


def find_team(session: Session, text: str) -> int:
    text = (text or "").strip()
    found = session.execute(select(Team.id).where(Team.name == text)).scalar() \
        if fits_text(text) else None
    if found is None:
        raise _error("team", QT_TRANSLATE_NOOP(
            "Validation", "{label}: there is no team {name}; give a team's name."),
            name=shown_text(text))
    return int(found)


# ---------------------------------------------------------------------------
# Changing the rules (administrators)
# ---------------------------------------------------------------------------

def _audit(session: Session, actor: Actor, rule: AssignmentRule, message: str,
           before: Mapping[str, Any] | None = None,
           after: Mapping[str, Any] | None = None) -> None:
    conditions, target = describe(session, rule)
    audit.record(session, actor, "settings", entity="assignment_rule", entity_id=rule.id,
                 message=message, params={"position": rule.position,
                                          "rule": f"{conditions} → {target}"},
                 before=before, after=after)


def _snapshot(rule: AssignmentRule) -> dict[str, Any]:
    return {"position": rule.position, "ticket_kind": rule.ticket_kind,
            "product_id": rule.product_id, "customer_id": rule.customer_id,
            "customer_level": rule.customer_level, "user_id": rule.user_id,
            "team_id": rule.team_id, "active": bool(rule.active)}


def add_rule(session: Session, actor: Actor, *, kind: object = None,
             product_id: int | None = None, customer_id: int | None = None,
             level: object = None, user_id: int | None = None, team_id: int | None = None,
             position: object = None, active: bool = True) -> AssignmentRule:
    """A new rule (last, unless *position*).  Its target is a user or a team, not both."""
    require(actor, "settings.manage")
    ticket_kind = clean_kind(kind)
    customer_level = clean_level(level)
    if (user_id is None) == (team_id is None):
        raise _error("user", QT_TRANSLATE_NOOP(
            "Validation", "{label}: give either a user or a team to assign the tickets to "
                          "(not both)."))
    if user_id is not None:
        user = get_row(session, User, user_id)
        if user is None or user.disabled:
            raise _error("user", QT_TRANSLATE_NOOP(
                "Validation", "{label}: choose an active user from the list."))
    if team_id is not None and get_row(session, Team, team_id) is None:
        raise _error("team", QT_TRANSLATE_NOOP(
            "Validation", "{label}: choose a team from the list."))
    if product_id is not None and get_row(session, Product, product_id) is None:
        raise _error("product", QT_TRANSLATE_NOOP(
            "Validation", "{label}: choose an existing product."))
    if customer_id is not None and get_row(session, Customer, customer_id) is None:
        raise _error("customer", QT_TRANSLATE_NOOP(
            "Validation", "{label}: choose an existing customer."))
    ordered = all_rules(session)
    index = len(ordered) if position in (None, "") else \
        ordering.clean_position(position, len(ordered) + 1) - 1
    rule = AssignmentRule(position=index + 1, ticket_kind=ticket_kind, product_id=product_id,
                          customer_id=customer_id, customer_level=customer_level,
                          user_id=user_id, team_id=team_id, active=active)
    session.add(rule)
    session.flush()
    ordered.insert(index, rule)
    ordering.renumber(session, ordered)
    session.flush()
    _audit(session, actor, rule, QT_TRANSLATE_NOOP(
        "Audit", "Added assignment rule {position}: {rule}"), after=_snapshot(rule))
    return rule


def rule_at(session: Session, position: object) -> AssignmentRule:
    """The rule at *position* (1 = first) of the list."""
    ordered = all_rules(session)
    if not ordered:
        raise _error("rule", QT_TRANSLATE_NOOP(
            "Validation", "{label}: there are no assignment rules yet."))
    try:
        number = int(str(position).strip())
    except (TypeError, ValueError):
        number = 0
    if not 1 <= number <= len(ordered):
        raise _error("rule", QT_TRANSLATE_NOOP(
            "Validation", "{label} must be a whole number from 1 to {n}."), n=len(ordered))
    return ordered[number - 1]


def remove_rule(session: Session, actor: Actor, position: object) -> None:
    """Delete the rule at *position*; the tickets it assigned keep it in their history."""
    require(actor, "settings.manage")
    rule = rule_at(session, position)
    snapshot = _snapshot(rule)
    _audit(session, actor, rule, QT_TRANSLATE_NOOP(
        "Audit", "Removed assignment rule {position}: {rule}"), before=snapshot)
    session.delete(rule)
    session.flush()
    ordering.renumber(session, all_rules(session))
    session.flush()


def move_rule(session: Session, actor: Actor, position: object,
              new_position: object) -> AssignmentRule:
    require(actor, "settings.manage")
    rule = rule_at(session, position)
    ordered = all_rules(session)
    old = ordered.index(rule) + 1
    new = ordering.clean_position(new_position, len(ordered))
    ordered.remove(rule)
    ordered.insert(new - 1, rule)
    ordering.renumber(session, ordered)
    session.flush()
    _audit(session, actor, rule, QT_TRANSLATE_NOOP(
        "Audit", "Moved assignment rule {position}: {rule}"),
        before={"position": old}, after={"position": new})
    return rule


def set_active(session: Session, actor: Actor, position: object,
               active: bool) -> AssignmentRule:
    require(actor, "settings.manage")
    rule = rule_at(session, position)
    if bool(rule.active) == active:
        return rule
    rule.active = active
    session.flush()
    _audit(session, actor, rule, QT_TRANSLATE_NOOP(
        "Audit", "Switched assignment rule {position} on") if active else QT_TRANSLATE_NOOP(
        "Audit", "Switched assignment rule {position} off"),
        before={"active": not active}, after={"active": active})
    return rule


# ---------------------------------------------------------------------------
# Choosing the assignee of a new ticket
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Choice:
    rule_id: int
    position: int
    user_id: int
    text: str  # the rule as the history keeps it


def _available(user: User | None) -> bool:
    return user is not None and not user.disabled and user.frozen_at is None


def _matches(rule: AssignmentRule, values: Mapping[str, Any], level: str | None) -> bool:
    if rule.ticket_kind and values.get("kind") != rule.ticket_kind:
        return False
    if rule.product_id is not None and values.get("product_id") != rule.product_id:
        return False
    if rule.customer_id is not None and values.get("customer_id") != rule.customer_id:
        return False
    return not (rule.customer_level and level != rule.customer_level)


def _next_member(session: Session, team_id: int) -> int | None:
    """The team's next available member after the one who got its last ticket."""
    members = [u.id for u in session.execute(select(User).where(
        User.team_id == team_id, User.disabled.is_(False), User.frozen_at.is_(None))
        .order_by(User.id)).scalars()]
    if not members:
        return None
    pointer = session.execute(select(AssignmentPointer).where(
        AssignmentPointer.team_id == team_id).with_for_update()).scalar()
    last = pointer.last_user_id if pointer is not None and pointer.last_user_id else 0
    chosen = next((m for m in members if m > last), members[0])
    if pointer is None:
        session.add(AssignmentPointer(team_id=team_id, last_user_id=chosen))
    else:
        pointer.last_user_id = chosen
    return chosen


def choose(session: Session, values: Mapping[str, Any]) -> Choice | None:
    """The first active rule matching a new ticket's cleaned *values* and the user it
    gives the ticket to (a team's pointer moves on); None when no rule applies."""
    rules = [r for r in all_rules(session) if r.active]
    if not rules:
        return None
    level = None
    if values.get("customer_id") is not None:
        customer = session.get(Customer, values["customer_id"])
        level = customer.intent_level if customer is not None else None
    for rule in rules:
        if not _matches(rule, values, level):
            continue
        if rule.team_id is not None:
            user_id = _next_member(session, rule.team_id)
        else:
            user_id = rule.user_id if _available(session.get(User, rule.user_id)) else None
        if user_id is None:
            continue  # nobody to give it to: the next rule may
        conditions, target = describe(session, rule)
        text = render("Assignment", QT_TRANSLATE_NOOP(
            "Assignment", "Assigned by rule {position}: {conditions} → {target}"),
            position=rule.position, conditions=conditions, target=target)
        return Choice(rule.id, rule.position, user_id, text)
    return None


def assign_new(session: Session, data: Mapping[str, Any]) -> tuple[dict[str, Any],
                                                                   Choice | None]:
    """A new ticket's input with the assignee the rules choose, when none was given."""
    values = dict(data)
    if values.get("assignee_id") not in (None, ""):
        return values, None
    try:
        cleaned = validate("ticket", {k: v for k, v in values.items()
                                      if k in ("kind", "customer_id", "product_id")},
                           partial=True)
    except ValidationError:
        return values, None  # the service reports the problem
    product = values.get("product_id")  # a ticket's product link (schema 0015), when given
    if product not in (None, "") and "product_id" not in cleaned:
        text = str(product).strip()
        try:
            cleaned["product_id"] = int(text) if text.isdigit() else find_product(session, text)
        except ValidationError:
            cleaned["product_id"] = None
    chosen = choose(session, cleaned)
    if chosen is not None:
        values["assignee_id"] = chosen.user_id
    return values, chosen


def record(session: Session, actor: Actor, ticket: Ticket, chosen: Choice) -> None:
    """Keep the rule on the ticket and in its history (after the ticket is created)."""
    ticket.assigned_rule_id = chosen.rule_id
    session.add(TicketEvent(ticket_id=ticket.id, user_id=actor.user_id or None, kind="change",
                            field="assignee_id", old_value=None,
                            new_value=str(chosen.user_id), comment=chosen.text))
    session.flush()


def choices(session: Session) -> dict[str, list[tuple[Any, str]]]:
    """What a new rule may name, as (value, text shown): ticket types, products,
    customer levels, active users and teams (the settings page's lists)."""
    return {
        "kind": [(k, choice_label("ticket_kind", k)) for k in CHOICES["ticket_kind"]],
        "product": [(pid, f"{code} {name}") for pid, code, name in session.execute(
            select(Product.id, Product.code, Product.name).where(
                Product.deleted_at.is_(None)).order_by(Product.code))],
        "level": [(k, choice_label("intent_level", k)) for k in LEVELS],
        "user": [(uid, name) for uid, name in session.execute(
            select(User.id, User.display_name).where(User.disabled.is_(False))
            .order_by(User.display_name))],
        "team": [(tid, name) for tid, name in session.execute(
            select(Team.id, Team.name).order_by(Team.name))],
    }
