"""What import rows refer to, looked up the way people write it: users by login or
display name, customers and products by code or exact name, contacts of a customer,
ticket statuses and pipeline stages by name; and spreadsheet dates given as numbers.

Also used by the command line's ``FIELD=VALUE`` arguments.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from crmdesk.core import presentation
from crmdesk.core.lookup import fits_text, shown_text
from crmdesk.core.models import Contact, Customer, OpportunityStage, Product, TicketStatus, User
from crmdesk.core.permissions import Actor, customer_scope
from crmdesk.i18n import QT_TRANSLATE_NOOP, render


def excel_serial_date(value: float, kind: str) -> Any:
    """A spreadsheet date shown as a number (45413 is 2024-05-01): Excel counts days
    from 1899-12-30.  Numbers outside the years 1900-9999 are left as they are."""
    if not 1 <= value < 2_958_466:
        return value
    moment = _EXCEL_EPOCH + timedelta(days=float(value))
    if kind == "date":
        return moment.date()
    return moment.replace(microsecond=0) if moment.microsecond < 500_000 else \
        (moment + timedelta(seconds=1)).replace(microsecond=0)


_EXCEL_EPOCH = datetime(1899, 12, 30)


def labelled(label: str, problem: str) -> str:
    return render("Exchange", QT_TRANSLATE_NOOP("Exchange", "{label}: {problem}"), label=label,
                  problem=problem)


def as_text(value: Any) -> str:
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value).strip()


class References:
    """Users, customers, products ... by what people write, memoized for one import."""

    def __init__(self, session: Session, actor: Actor) -> None:
        self.session = session
        self.actor = actor
        self._users: dict[str, list[int]] | None = None
        self._user_ids: set[int] = set()
        self.memo: dict[tuple[str, str], tuple[int | None, str | None]] = {}

    def _problem(self, text: str, **params: object) -> tuple[int | None, str | None]:
        shown = {k: shown_text(v, len(v)) if isinstance(v, str) else v
                 for k, v in params.items()}  # a NUL the user wrote: visible, storable
        return None, render("Exchange", text, **shown)

    def user(self, value: Any) -> tuple[int | None, str | None]:
        key = ("user", as_text(value))
        if key in self.memo:
            return self.memo[key]
        if self._users is None:
            self._users = {}
            for user in self.session.execute(select(User)).scalars():
                self._user_ids.add(user.id)
                for name in {user.username.lower(), user.display_name}:
                    self._users.setdefault(name, []).append(user.id)
        text = key[1]
        found = self._users.get(text) or self._users.get(text.lower())
        if not found and text.isdigit() and int(text) in self._user_ids:
            found = [int(text)]
        if not found:
            result = self._problem(QT_TRANSLATE_NOOP(
                "Exchange", "There is no user {name}: write a login name or display name from "
                            "the user list."), name=text)
        elif len(set(found)) > 1:
            result = self._problem(QT_TRANSLATE_NOOP(
                "Exchange", "Several users are called {name}: write the login name instead."),
                name=text)
        else:
            result = (found[0], None)
        self.memo[key] = result
        return result

    def customer(self, value: Any) -> tuple[int | None, str | None]:
        key = ("customer", as_text(value))
        if key in self.memo:
            return self.memo[key]
        text = key[1]
        visible = (Customer.deleted_at.is_(None), customer_scope(self.actor))
        ids = list(self.session.execute(select(Customer.id).where(
            Customer.code == text, *visible)).scalars()) if fits_text(text) else []
        if not ids and fits_text(text):
            ids = list(self.session.execute(select(Customer.id).where(
                Customer.name == text, *visible).limit(3)).scalars())
        if not ids:
            result = self._problem(QT_TRANSLATE_NOOP(
                "Exchange", "There is no customer {name} that you can see: write the customer's "
                            "code (e.g. C000123) or exact name."), name=text)
        elif len(ids) > 1:
            result = self._problem(QT_TRANSLATE_NOOP(
                "Exchange", "Several customers are called {name}: write the customer's code "
                            "instead."), name=text)
        else:
            result = (ids[0], None)
        self.memo[key] = result
        return result

    def contact(self, value: Any, customer_id: int | None) -> tuple[int | None, str | None]:
        text = as_text(value)
        conds = [Contact.name == text, Contact.deleted_at.is_(None)]
        if customer_id is not None:
            conds.append(Contact.customer_id == customer_id)
        ids = list(self.session.execute(select(Contact.id).where(*conds).limit(3)).scalars()
                   ) if fits_text(text) else []
        if len(ids) == 1:
            return ids[0], None
        return self._problem(QT_TRANSLATE_NOOP(
            "Exchange", "{name} is not a contact of this customer: write the exact name of one "
                        "of its contacts."), name=text)

    def product(self, value: Any) -> tuple[int | None, str | None]:
        key = ("product", as_text(value))
        if key in self.memo:
            return self.memo[key]
        text = key[1]
        live = Product.deleted_at.is_(None)
        ids = (list(self.session.execute(select(Product.id).where(
            Product.code == text, live)).scalars()) or list(self.session.execute(
                select(Product.id).where(Product.name == text, live).limit(3)).scalars())
        ) if fits_text(text) else []
        if len(ids) == 1:
            result: tuple[int | None, str | None] = (ids[0], None)
        else:
            result = self._problem(QT_TRANSLATE_NOOP(
                "Exchange", "There is no product {name}: write a product code or exact name from "
                            "the product list."), name=text)
        self.memo[key] = result
        return result

    def catalogue(self, kind: str, value: Any) -> tuple[int | None, str | None]:
        """A supplier or warehouse (``fields.CATALOGUE_KINDS``) by code or exact name."""
        from crmdesk.core import catalogues

        key = (kind, as_text(value))
        if key in self.memo:
            return self.memo[key]
        ids = catalogues.lookup(self.session, kind, key[1])
        if len(ids) == 1:
            result: tuple[int | None, str | None] = (ids[0], None)
        elif ids:
            result = self._problem(catalogues.AMBIGUOUS, name=key[1])
        else:
            result = self._problem(catalogues.NOT_FOUND[kind], name=key[1])
        self.memo[key] = result
        return result

    def status(self, value: Any) -> tuple[int | None, str | None]:
        text = as_text(value)
        entries = presentation.status_entries(
            (st.id, st.key, st.name, st.name_zh) for st in self.session.execute(
                select(TicketStatus).order_by(TicketStatus.position)).scalars())
        found = presentation.choice_from_text("ticket_status", text, entries)
        if found is not None:
            return found, None
        return self._problem(QT_TRANSLATE_NOOP(
            "Exchange", "There is no ticket status {name}: write one from the status list."),
            name=text)

    def stage(self, value: Any) -> tuple[str | None, str | None]:
        text = as_text(value)
        entries = presentation.stage_entries(
            (st.key, st.name, st.name_zh) for st in self.session.execute(
                select(OpportunityStage).order_by(OpportunityStage.position)).scalars())
        found = presentation.choice_from_text("stage", text, entries)
        if found is not None:
            return found, None
        return None, render("Exchange", QT_TRANSLATE_NOOP(
            "Exchange", "There is no pipeline stage {name}: write one from the stage list."),
            name=text)

