"""Customers: create, edit, open (counted by the guard), sensitive fields, reassign."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, delete, func, select, update
from sqlalchemy.orm import Session

from crmdesk.core import keys, search
from crmdesk.core.fields import label
from crmdesk.core.matching import match_key
from crmdesk.core.models import (
    CampaignMember,
    Contact,
    Customer,
    DiaryNote,
    Interaction,
    MergeRecord,
    Opportunity,
    Order,
    OrderLine,
    Task,
    Ticket,
    TicketEvent,
    User,
)
from crmdesk.core.permissions import Actor, customer_scope, require
from crmdesk.core.services import accounts, audit, cadence, sensitive
from crmdesk.core.services.records import RecordService
from crmdesk.core.validation import clean_bank_account, clean_id_number, phone_digits
from crmdesk.errors import FieldError, ValidationError
from crmdesk.i18n import QT_TRANSLATE_NOOP, render
from crmdesk.storage import crypto
from crmdesk.storage.backends import backend_of

#: field -> purpose (bound into the ciphertext and the blind index)
SENSITIVE = {"id_number": "customers.id_number", "bank_account": "customers.bank_account"}

#: an ID number held by a customer the user may not see: said without naming that customer
ID_NUMBER_HIDDEN = QT_TRANSLATE_NOOP(
    "Validation", "{label} already belongs to another customer, one you cannot see: check the "
                  "number, or ask a manager or an administrator.")


def stored_columns(actor: Actor, cleaned: Mapping[str, Any], *, row_id: int,
                   owner_id: int | None) -> dict[str, Any]:
    """The ``customers`` columns holding cleaned values: a sensitive field as its
    ciphertext and blind index (``id_number_enc``, ``id_number_bidx``), encrypted under
    the owner's scope key and bound to row *row_id*.  What a save and a bulk create
    (:mod:`.bulk`) both store."""
    columns: dict[str, Any] = {}
    for key, value in cleaned.items():
        if key in SENSITIVE:
            columns[key + "_enc"], columns[key + "_bidx"] = sensitive.encrypt(
                actor, SENSITIVE[key], value, scope=keys.owner_scope(owner_id), row_id=row_id)
        else:
            columns[key] = value
    return columns


def customer_doc(c: Customer) -> search.DocInput:
    return search.DocInput(
        kind="customer", ref_id=c.id, customer_id=c.id, code=c.code, title=c.name,
        subtitle=phone_digits(c.mobile) or phone_digits(c.phone) or c.email,
        texts=(c.code, c.company, phone_digits(c.mobile), phone_digits(c.phone), c.email,
               c.wechat, c.province, c.city, c.district, c.address, c.tags),
        pinyin_of=(c.name, c.company), notes=c.notes)


class CustomerService(RecordService[Customer]):
    entity = "customer"
    model = Customer
    code_attr = "code"
    code_prefix = "C"
    indexed = True
    due_fields = ("next_follow_up",)
    guarded_fields = {"owner_id": "customers.reassign"}
    default_to_actor = ("owner_id",)

    def scope(self, actor: Actor) -> ColumnElement[bool]:
        return customer_scope(actor)

    def prepare(self, session: Session, actor: Actor, values: dict[str, Any],
                obj: Customer | None) -> None:
        if obj is None:
            values.setdefault("kind", "individual")
            if not values.get("kind"):
                values["kind"] = "individual"
            if not values.get("status"):
                values["status"] = "potential"

    def check_record(self, session: Session, actor: Actor, cleaned: dict[str, Any],
                     obj: Customer | None) -> list[FieldError]:
        errors = []
        for key in SENSITIVE:
            value = cleaned.get(key)
            if key != "id_number" or not value:
                continue
            bidx = sensitive.blind_index(actor, SENSITIVE[key], value)
            other = session.execute(select(Customer.id, Customer.code).where(
                Customer.id_number_bidx == bidx, Customer.deleted_at.is_(None),
                Customer.id != (obj.id if obj else -1))).first()
            if other is None:
                continue
            if self.is_visible(session, actor, other.id):
                text = render("Validation", QT_TRANSLATE_NOOP(
                    "Validation", "{label} already belongs to customer {code}: check the number, "
                                  "or open that customer."), label=label("customer", key),
                    code=other.code)
            else:  # whose it is would tell a stranger's ID number to its holder's code
                text = render("Validation", ID_NUMBER_HIDDEN, label=label("customer", key))
            errors.append(FieldError(key, label("customer", key), text))
        return errors

    def apply(self, session: Session, actor: Actor, obj: Customer,
              cleaned: dict[str, Any]) -> None:
        plain = {k: v for k, v in cleaned.items() if k not in SENSITIVE}
        secret = {k: v for k, v in cleaned.items() if k in SENSITIVE}
        row_id: int | None = obj.id
        if row_id is not None and "owner_id" in plain and plain["owner_id"] != obj.owner_id:
            self._move_values(session, actor, [obj], plain["owner_id"])
        before = (obj.intent_level, obj.status, obj.next_follow_up)
        for key, value in plain.items():
            setattr(obj, key, value)
        cadence.customer_change(session, obj, plain, before)  # a new level: next follow-up
        obj.match_key = match_key(obj.kind, obj.name, obj.company)
        if row_id is None and any(v not in (None, "") for v in secret.values()):
            obj.id = backend_of(session).next_id(session, "customers")  # values bind to it
        self._store_secret(actor, obj, secret)

    def _store_secret(self, actor: Actor, obj: Customer, secret: Mapping[str, Any]) -> None:
        if not secret:
            return
        for column, value in stored_columns(actor, secret, row_id=obj.id,
                                            owner_id=obj.owner_id).items():
            setattr(obj, column, value)

    def _move_values(self, session: Session, actor: Actor, customers: Sequence[Customer],
                     owner_id: int | None) -> None:
        """A change of owner: the customers' sensitive values follow to the new owner's
        key (see :func:`crmdesk.core.keys.move_customers`)."""
        keyring = actor.keyring
        if keyring is None or not keyring.split:
            return
        scope = keys.owner_scope(owner_id)
        for customer in customers:
            for key, purpose in SENSITIVE.items():
                blob = getattr(customer, key + "_enc")
                if blob is None or crypto.blob_key_id(blob) == keyring.current.get(scope):
                    continue
                value = sensitive.decrypt(actor, purpose, blob, row_id=customer.id)
                setattr(customer, key + "_enc", sensitive.encrypt(
                    actor, purpose, value, scope=scope, row_id=customer.id)[0])
        try:
            keys.move_custom_values(session, keyring, [c.id for c in customers], owner_id)
        except crypto.KeyMissing as exc:
            owner = session.get(User, owner_id) if owner_id else None
            raise sensitive.KeyNotHeld(QT_TRANSLATE_NOOP(
                "Errors", "You do not hold the keys of both owners: ask an administrator to "
                          "give these customers to {name}."),
                name=owner.username if owner else "-") from exc

    def after_write(self, session: Session, actor: Actor, obj: Customer, *,
                    creating: bool) -> None:
        search.index(session, customer_doc(obj))
        cadence.after_customer_write(session, actor, obj)  # its follow-up task follows

    def after_delete_many(self, session: Session, actor: Actor, objs: Sequence[Customer]
                          ) -> None:
        search.remove(session, "customer", [obj.id for obj in objs])

    def restore(self, session: Session, actor: Actor, record_id: int) -> Customer:
        """Bring a customer back from the recycle bin; one merged into another comes
        back by undoing the merge (its related records return to it)."""
        from crmdesk.core.services import merging

        pending = merging.pending_merge(session, record_id)
        if pending is None:
            return super().restore(session, actor, record_id)
        require(actor, "recycle.manage")
        return merging.undo(session, actor, pending.id)

    # -- opening and sensitive fields --------------------------------------------
    def open(self, session: Session, actor: Actor, customer_id: int) -> Customer:
        """Open a customer's record (the form or card): counted by the anti-scraping guard."""
        customer = self.get(session, actor, customer_id)
        accounts.record_access(session, actor, "open", [customer_id])
        return customer

    def is_visible(self, session: Session, actor: Actor, customer_id: int) -> bool:
        """May *actor* see the customer *customer_id* (in their scope)?"""
        return session.execute(self.select_visible(actor).where(
            Customer.id == customer_id).with_only_columns(Customer.id)).first() is not None

    def masked(self, actor: Actor, customer: Customer, key: str) -> str:
        return sensitive.masked(actor, SENSITIVE[key], getattr(customer, key + "_enc"),
                                row_id=customer.id)

    def reveal(self, session: Session, actor: Actor, customer_id: int, key: str) -> str | None:
        customer = self.get(session, actor, customer_id)
        accounts.record_access(session, actor, "reveal", [customer_id])
        return sensitive.reveal(session, actor, "customer", customer_id, key, SENSITIVE[key],
                                getattr(customer, key + "_enc"))

    def plaintext(self, actor: Actor, customer: Customer, key: str) -> str | None:
        """Decrypt without auditing: for exports and reports that audit as a whole."""
        return sensitive.decrypt(actor, SENSITIVE[key], getattr(customer, key + "_enc"),
                                 row_id=customer.id)

    def find_by_sensitive(self, session: Session, actor: Actor, key: str,
                          value: str) -> list[Customer]:
        """Exact lookup on an encrypted field through its blind index."""
        normalized = clean_id_number(value) if key == "id_number" else clean_bank_account(value)
        if not normalized:
            return []
        bidx = sensitive.blind_index(actor, SENSITIVE[key], normalized)
        column = getattr(Customer, key + "_bidx")
        return list(session.execute(self.select_visible(actor).where(column == bidx)).scalars())

    # -- owners --------------------------------------------------------------------
    def reassign(self, session: Session, actor: Actor, customer_ids: Sequence[int],
                 owner_id: int, *, audit_each: bool = True) -> int:
        """Give customers to another owner (managers within their team, admins anyone).
        *audit_each* False: the caller writes one entry for all (a handover)."""
        require(actor, "customers.reassign")
        accounts.ensure_active(session, actor)
        problem = self._reference_problem(session, actor, self.spec_or_fail("owner_id"),
                                          owner_id, {}, None)
        if problem is not None:
            shown = label("customer", "owner_id")
            raise ValidationError([FieldError("owner_id", shown, problem.render(shown))])
        moved = 0
        new_owner = session.get(User, owner_id)
        assert new_owner is not None
        moving = [c for c in self.records(session, actor, list(customer_ids))
                  if c.deleted_at is None and c.owner_id != owner_id]
        self._move_values(session, actor, moving, owner_id)  # one pass for all of them
        old_owners = {}
        for customer in moving:
            old_owners[customer.id] = customer.owner_id
            customer.owner_id = owner_id
            customer.updated_by_id = actor.user_id or None
            moved += 1
        session.flush()  # one flush: the search documents follow all of them at once
        for customer in moving if audit_each else ():
            audit.record(session, actor, "reassign", entity="customer", entity_id=customer.id,
                         message=QT_TRANSLATE_NOOP("Audit", "Gave {record} to {name}"),
                         params={"record": self.describe(customer),
                                 "name": new_owner.username},
                         before={"owner_id": old_owners[customer.id]},
                         after={"owner_id": owner_id})
        session.flush()
        return moved

    def spec_or_fail(self, key: str) -> Any:
        spec = self.spec(key)
        assert spec is not None
        return spec

    # -- the whole story -----------------------------------------------------------
    def purge_dependents(self, session: Session, actor: Actor, obj: Customer) -> None:
        cid = obj.id
        from crmdesk.core.services import custom_fields
        from crmdesk.core.services.invoices import before_customer_purge

        before_customer_purge(session, cid)  # quotes go; invoices and payments refuse
        from crmdesk.core.services import order_flow  # issue 16: notes go; shipped refuse

        order_flow.before_customer_purge(session, actor, cid)

        search.remove(session, "contact", _ids(session, Contact, Contact.customer_id == cid))
        search.remove(session, "opportunity",
                      _ids(session, Opportunity, Opportunity.customer_id == cid))
        search.remove(session, "ticket", _ids(session, Ticket, Ticket.customer_id == cid))
        search.remove(session, "task", _ids(session, Task, Task.customer_id == cid))
        for entity, model in (("contact", Contact), ("opportunity", Opportunity),
                              ("order", Order), ("ticket", Ticket)):
            custom_fields.delete_values(session, entity,
                                        _ids(session, model, model.customer_id == cid))
        order_ids = select(Order.id).where(Order.customer_id == cid).scalar_subquery()
        ticket_ids = select(Ticket.id).where(Ticket.customer_id == cid).scalar_subquery()
        opp_ids = select(Opportunity.id).where(Opportunity.customer_id == cid).scalar_subquery()
        session.execute(delete(OrderLine).where(OrderLine.order_id.in_(order_ids)))
        session.execute(delete(TicketEvent).where(TicketEvent.ticket_id.in_(ticket_ids)))
        session.execute(delete(Task).where(Task.customer_id == cid))
        session.execute(update(Task).where(Task.opportunity_id.in_(opp_ids))
                        .values(opportunity_id=None))
        session.execute(update(Task).where(Task.ticket_id.in_(ticket_ids)).values(ticket_id=None))
        session.execute(update(Order).where(Order.opportunity_id.in_(opp_ids))
                        .values(opportunity_id=None))
        session.execute(delete(Order).where(Order.customer_id == cid))
        session.execute(delete(Ticket).where(Ticket.customer_id == cid))
        session.execute(delete(Interaction).where(Interaction.customer_id == cid))
        session.execute(delete(Opportunity).where(Opportunity.customer_id == cid))
        session.execute(delete(Contact).where(Contact.customer_id == cid))
        session.execute(delete(CampaignMember).where(CampaignMember.customer_id == cid))
        # a diary note is its author's: it stays, unlinked
        session.execute(update(DiaryNote).where(DiaryNote.customer_id == cid)
                        .values(customer_id=None))
        session.execute(delete(MergeRecord).where((MergeRecord.survivor_id == cid)
                                                  | (MergeRecord.merged_id == cid)))

    def summary(self, session: Session, actor: Actor, customer_id: int) -> CustomerSummary:
        """Counts and totals for the customer's story view."""
        self.get(session, actor, customer_id)
        live = Customer.id == customer_id

        def count(model: Any, *conds: Any) -> int:
            return int(session.execute(select(func.count(model.id)).where(
                model.customer_id == customer_id, model.deleted_at.is_(None), *conds))
                .scalar_one())

        orders_total = session.execute(select(func.coalesce(func.sum(Order.total_cents), 0))
                                       .where(Order.customer_id == customer_id,
                                              Order.deleted_at.is_(None),
                                              Order.status != "cancelled")).scalar_one()
        open_amount = session.execute(select(func.coalesce(func.sum(Opportunity.amount_cents), 0))
                                      .where(Opportunity.customer_id == customer_id,
                                             Opportunity.deleted_at.is_(None),
                                             Opportunity.stage.not_in(("won", "lost"))))\
            .scalar_one()
        last_contact = session.execute(select(Customer.last_contact_at).where(live)).scalar_one()
        from crmdesk.core.models import TicketStatus

        open_tickets = int(session.execute(
            select(func.count(Ticket.id)).join(TicketStatus, TicketStatus.id == Ticket.status_id)
            .where(Ticket.customer_id == customer_id, Ticket.deleted_at.is_(None),
                   TicketStatus.is_closed.is_(False))).scalar_one())
        return CustomerSummary(
            contacts=count(Contact), interactions=count(Interaction),
            opportunities=count(Opportunity), open_opportunity_cents=int(open_amount),
            orders=count(Order), order_total_cents=int(orders_total),
            tickets=count(Ticket), open_tickets=open_tickets,
            open_tasks=count(Task, Task.done.is_(False)), last_contact_at=last_contact)

    def heading(self, session: Session, actor: Actor, customer_id: int) -> CustomerHeading:
        """What the customer's story view shows above its tabs (NotFound once deleted)."""
        customer = self.get(session, actor, customer_id)
        owner = session.execute(select(User.display_name).where(
            User.id == customer.owner_id)).scalar_one_or_none() if customer.owner_id else None
        return CustomerHeading(customer.id, customer.name, customer.code, customer.kind,
                               customer.status, customer.intent_level, customer.mobile, owner)

    def label(self, session: Session, actor: Actor, customer_id: int) -> str | None:
        """``name · code`` of a live customer the actor may see; None otherwise."""
        row = session.execute(select(Customer.name, Customer.code).where(
            Customer.id == customer_id, Customer.deleted_at.is_(None),
            self.scope(actor))).first()
        if row is None:
            return None
        name, code = row
        return f"{name} · {code}" if code else str(name)

    def contact_choices(self, session: Session, actor: Actor,
                        customer_id: int) -> list[tuple[int, str]]:
        """(id, name) of the live contacts of a customer the actor may see."""
        return [(cid, name) for cid, name in session.execute(
            select(Contact.id, Contact.name).join(Customer, Customer.id == Contact.customer_id)
            .where(Contact.customer_id == customer_id, Contact.deleted_at.is_(None),
                   self.scope(actor))
            .order_by(Contact.name))]


@dataclass(frozen=True)
class CustomerHeading:
    id: int
    name: str
    code: str
    kind: str
    status: str
    intent_level: str | None
    mobile: str | None
    owner_name: str | None


@dataclass
class CustomerSummary:
    contacts: int
    interactions: int
    opportunities: int
    open_opportunity_cents: int
    orders: int
    order_total_cents: int
    tickets: int
    open_tickets: int
    open_tasks: int
    last_contact_at: Any


def _ids(session: Session, model: Any, condition: Any) -> list[int]:
    return list(session.execute(select(model.id).where(condition)).scalars())


customers = CustomerService()

