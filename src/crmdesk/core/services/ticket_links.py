"""What a ticket is about: an order, an opportunity and a product (schema 0015).

Each link is optional.  An order or opportunity must be one the actor may see and
belong to the ticket's customer; a product must exist and not be deleted.  A link
to a record the actor may not see is refused, never stored, and a stored link to a
record the reader may not see (or one purged since) reads as nothing.  A change is
a new version of the ticket and one audit entry on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from crmdesk.core.fields import label
from crmdesk.core.models import Opportunity, Order, Product, Ticket
from crmdesk.core.permissions import Actor
from crmdesk.core.services import accounts, audit
from crmdesk.core.services.records import Filter, ListQuery
from crmdesk.core.services.sales import opportunities, orders, products
from crmdesk.core.services.tickets import tickets
from crmdesk.errors import ConflictError, FieldError, NotFound, ValidationError
from crmdesk.i18n import QT_TRANSLATE_NOOP, render

LINKS = ("order_id", "opportunity_id", "product_id")
UNCHANGED: Any = object()


@dataclass(frozen=True)
class TicketContext:
    """A ticket's links as shown (id and name, or None) and what may be chosen."""

    order: tuple[int, str] | None
    opportunity: tuple[int, str] | None
    product: tuple[int, str] | None
    order_choices: list[tuple[int, str]]
    opportunity_choices: list[tuple[int, str]]
    product_choices: list[tuple[int, str]]


def _shown(key: str) -> str:
    labels = {"order_id": QT_TRANSLATE_NOOP("Field", "Order"),
              "opportunity_id": QT_TRANSLATE_NOOP("Field", "Opportunity"),
              "product_id": QT_TRANSLATE_NOOP("Field", "Product")}
    return render("Field", labels[key])


def _order_name(o: Order) -> str:
    return f"{o.number} · {o.order_date.isoformat()}"


def _opportunity_name(o: Opportunity) -> str:
    return f"{o.code} · {o.title}"


def _product_name(p: Product) -> str:
    return f"{p.name} ({p.code})"


def _problem(session: Session, actor: Actor, ticket: Ticket, key: str,
             value: int) -> FieldError | None:
    shown = _shown(key)
    try:
        if key == "order_id":
            if orders.get(session, actor, value).customer_id != ticket.customer_id:
                return FieldError(key, shown, render("Validation", QT_TRANSLATE_NOOP(
                    "Validation", "{label}: choose an order of this ticket's customer."),
                    label=shown))
        elif key == "opportunity_id":
            if opportunities.get(session, actor, value).customer_id != ticket.customer_id:
                return FieldError(key, shown, render("Validation", QT_TRANSLATE_NOOP(
                    "Validation", "{label}: choose an opportunity of this ticket's customer."),
                    label=shown))
        else:
            products.get(session, actor, value)
    except NotFound:
        texts = {
            "order_id": QT_TRANSLATE_NOOP(
                "Validation", "{label}: choose an existing order that you can see."),
            "opportunity_id": QT_TRANSLATE_NOOP(
                "Validation", "{label}: choose an existing opportunity that you can see."),
            "product_id": QT_TRANSLATE_NOOP(
                "Validation", "{label}: choose an existing product."),
        }
        return FieldError(key, shown, render("Validation", texts[key], label=shown))
    return None


def set_links(session: Session, actor: Actor, ticket_id: int, *,
              order_id: Any = UNCHANGED, opportunity_id: Any = UNCHANGED,
              product_id: Any = UNCHANGED, expected_version: int | None = None) -> Ticket:
    """Link a ticket to an order, an opportunity and a product (``None``: no link;
    left out: unchanged).  All problems are reported at once; nothing is written then."""
    accounts.ensure_active(session, actor)
    ticket = tickets.get(session, actor, ticket_id)
    if expected_version is not None and ticket.version != expected_version:
        raise ConflictError(QT_TRANSLATE_NOOP(
            "Errors", "Someone else saved this record after you opened it. Reload it and "
                      "make your change again."), current=ticket)
    wanted = {k: v for k, v in (("order_id", order_id), ("opportunity_id", opportunity_id),
                                ("product_id", product_id)) if v is not UNCHANGED}
    errors = []
    for key, value in list(wanted.items()):
        if value in ("", 0):
            wanted[key] = value = None
        if value is None or value == getattr(ticket, key):
            continue  # clearing a link, or keeping one (even to a record now hidden)
        try:
            wanted[key] = value = int(value)
        except (TypeError, ValueError):
            errors.append(FieldError(key, _shown(key), render("Validation", QT_TRANSLATE_NOOP(
                "Validation", "{label}: choose a record from the list."), label=_shown(key))))
            continue
        problem = _problem(session, actor, ticket, key, value)
        if problem is not None:
            errors.append(problem)
    if errors:
        raise ValidationError(errors)
    changed = {k: v for k, v in wanted.items() if getattr(ticket, k) != v}
    if not changed:
        return ticket
    before = {k: getattr(ticket, k) for k in changed}
    for key, value in changed.items():
        setattr(ticket, key, value)
    ticket.updated_by_id = actor.user_id
    session.flush()
    audit.record(session, actor, "ticket_links", entity="ticket", entity_id=ticket.id,
                 message=QT_TRANSLATE_NOOP("Audit", "{record}"),
                 params={"record": tickets.describe(ticket)}, before=before, after=changed)
    return ticket


def context(session: Session, actor: Actor, ticket_id: int) -> TicketContext:
    """The ticket's links, named as the actor may see them, and the orders and
    opportunities of its customer and the products that may be chosen."""
    ticket = tickets.get(session, actor, ticket_id, deleted=None)
    by_customer = ListQuery(filters=[Filter("customer_id", "eq", ticket.customer_id)])
    order_list = orders.records(session, actor, orders.ids(session, actor, ListQuery(
        filters=by_customer.filters, sort=[("order_date", True)]), limit=200))
    opportunity_list = opportunities.records(session, actor, opportunities.ids(
        session, actor, ListQuery(filters=by_customer.filters, sort=[("id", True)]), limit=200))
    product_list = products.records(session, actor, products.ids(session, actor))

    def named(service: Any, record_id: int | None, name: Any) -> tuple[int, str] | None:
        if record_id is None:
            return None
        try:
            return record_id, name(service.get(session, actor, record_id))
        except NotFound:
            return None

    return TicketContext(named(orders, ticket.order_id, _order_name),
                         named(opportunities, ticket.opportunity_id, _opportunity_name),
                         named(products, ticket.product_id, _product_name),
                         [(o.id, _order_name(o)) for o in order_list],
                         [(o.id, _opportunity_name(o)) for o in opportunity_list],
                         [(p.id, _product_name(p)) for p in product_list])


def link_facts(session: Session, actor: Actor, ticket: Ticket) -> list[tuple[str, str]]:
    """(label, name) of a ticket's links the actor may see (for the printed ticket)."""
    found = context(session, actor, ticket.id)
    return [(_shown(key), value[1]) for key, value in (
        ("order_id", found.order), ("opportunity_id", found.opportunity),
        ("product_id", found.product)) if value is not None]


def field_label(key: str) -> str:
    """The label of a link field (``order_id`` ...)."""
    return _shown(key) if key in LINKS else label("ticket", key)
