"""Contacts: the people at company customers."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from sqlalchemy import ColumnElement, update
from sqlalchemy.orm import Session

from crmdesk.core import search
from crmdesk.core.fields import label
from crmdesk.core.models import Contact, Customer
from crmdesk.core.permissions import Actor, child_scope
from crmdesk.core.services.records import RecordService
from crmdesk.core.validation import phone_digits
from crmdesk.errors import FieldError
from crmdesk.i18n import QT_TRANSLATE_NOOP, render


def contact_doc(c: Contact, customer_name: str | None) -> search.DocInput:
    phone = phone_digits(c.mobile) or phone_digits(c.phone)
    subtitle = " · ".join(p for p in (customer_name, phone) if p)
    return search.DocInput(
        kind="contact", ref_id=c.id, customer_id=c.customer_id, code=None, title=c.name,
        subtitle=subtitle or None,
        texts=(phone_digits(c.mobile), phone_digits(c.phone), c.email, c.wechat, c.department,
               c.job_title),
        pinyin_of=(c.name,), notes=c.notes)


class ContactService(RecordService[Contact]):
    entity = "contact"
    model = Contact
    indexed = True

    def scope(self, actor: Actor) -> ColumnElement[bool]:
        return child_scope(actor, Contact.customer_id)

    def check_record(self, session: Session, actor: Actor, cleaned: dict[str, Any],
                     obj: Contact | None) -> list[FieldError]:
        customer_id = cleaned.get("customer_id", obj.customer_id if obj else None)
        customer = session.get(Customer, customer_id) if customer_id else None
        if customer is not None and customer.kind != "company":
            text = render("Validation", QT_TRANSLATE_NOOP(
                "Validation", "{label}: contacts belong to company customers; {name} is an "
                              "individual. Change its type to Company first."),
                label=label("contact", "customer_id"), name=customer.name)
            return [FieldError("customer_id", label("contact", "customer_id"), text)]
        return []

    def after_write(self, session: Session, actor: Actor, obj: Contact, *,
                    creating: bool) -> None:
        if obj.is_primary:
            session.execute(update(Contact).where(
                Contact.customer_id == obj.customer_id, Contact.id != obj.id,
                Contact.is_primary.is_(True)).values(is_primary=False))
        customer = session.get(Customer, obj.customer_id)
        search.index(session, contact_doc(obj, customer.name if customer else None))

    def after_delete_many(self, session: Session, actor: Actor, objs: Sequence[Contact]
                          ) -> None:
        search.remove(session, "contact", [obj.id for obj in objs])


contacts = ContactService()
