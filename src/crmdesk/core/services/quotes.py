"""Quotes: an offer to a customer with lines and a validity date, which becomes an order
in one step (``QuoteService.to_order``: the order gets ``quote_id`` and the lines, the
quote is accepted).

A line's VAT rate is its product's, else the settings' default (``core/services/vat.py``);
its tax is rounded half-up per line and the quote's net, tax and total are the sums.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta
from decimal import Decimal
from typing import Any

from sqlalchemy import ColumnElement, delete, inspect, select
from sqlalchemy.orm import Session

from crmdesk.core.fields import label
from crmdesk.core.models import Order, OrderLine, Product, Quote, QuoteLine
from crmdesk.core.models.base import touch
from crmdesk.core.permissions import Actor, child_scope
from crmdesk.core.services import accounts, audit, vat
from crmdesk.core.services.records import RecordService
from crmdesk.core.services.sales import LineInput, orders
from crmdesk.errors import FieldError, KnownError
from crmdesk.i18n import QT_TRANSLATE_NOOP, render

#: days a new quote is valid when no date is given
VALID_DAYS = 30
#: a quote in these states may still change and become an order
OPEN_STATES = ("draft", "sent")


class QuoteError(KnownError):
    """A quote cannot do what was asked (accepted already, expired ...)."""


@dataclass(frozen=True)
class Totals:
    net_cents: int
    tax_cents: int
    total_cents: int


def totals(lines: Sequence[Any]) -> Totals:
    """Net, VAT and total of lines with ``amount_cents``/``net_cents`` and ``vat_rate``
    (VAT rounded half-up per line)."""
    net = tax = 0
    for line in lines:
        amount = int(getattr(line, "net_cents", None) or getattr(line, "amount_cents", 0) or 0)
        net += amount
        tax += vat.tax(amount, int(line.vat_rate or 0))
    return Totals(net, tax, net + tax)


def yuan_text(cents: int) -> str:
    """Cents as the yuan text the services take as typed input (12345 -> ``123.45``)."""
    return str(Decimal(cents) / 100)


class QuoteService(RecordService[Quote]):
    entity = "quote"
    model = Quote
    code_attr = "number"
    code_prefix = "QT"
    text_columns = ("number", "notes")
    default_to_actor = ("owner_id",)
    due_fields = ("valid_until",)

    def scope(self, actor: Actor) -> ColumnElement[bool]:
        return child_scope(actor, Quote.customer_id, Quote.owner_id)

    def is_open(self, session: Session, obj: Quote) -> bool:
        return obj.status in OPEN_STATES

    def prepare(self, session: Session, actor: Actor, values: dict[str, Any],
                obj: Quote | None) -> None:
        for key in ("net_cents", "tax_cents", "total_cents"):
            values.pop(key, None)
        if obj is None:
            if not values.get("quote_date"):
                values["quote_date"] = date.today()
            if not values.get("status"):
                values["status"] = "draft"

    def check_record(self, session: Session, actor: Actor, cleaned: dict[str, Any],
                     obj: Quote | None) -> list[FieldError]:
        errors: list[FieldError] = []
        status = cleaned.get("status")
        if status == "accepted" and (obj is None or obj.status != "accepted"):
            shown = label("quote", "status")
            errors.append(FieldError("status", shown, render("Validation", QT_TRANSLATE_NOOP(
                "Validation", "{label}: a quote is accepted by turning it into an order "
                              "(Make order on the quote, or crmdesk quote order)."),
                label=shown)))
        if obj is not None and obj.status == "accepted" and status not in (None, "accepted"):
            shown = label("quote", "status")
            errors.append(FieldError("status", shown, render("Validation", QT_TRANSLATE_NOOP(
                "Validation", "{label}: this quote became an order and stays accepted."),
                label=shown)))
        start = cleaned.get("quote_date", obj.quote_date if obj else None)
        until = cleaned.get("valid_until", obj.valid_until if obj else None)
        if start and until and until < start:
            shown = label("quote", "valid_until")
            errors.append(FieldError("valid_until", shown, render(
                "Validation", QT_TRANSLATE_NOOP(
                    "Validation", "{label} is before the quote date: choose a later day."),
                label=shown)))
        return errors

    def apply(self, session: Session, actor: Actor, obj: Quote, cleaned: dict[str, Any]) -> None:
        super().apply(session, actor, obj, cleaned)
        if obj.valid_until is None and obj.quote_date is not None and inspect(obj).transient:
            obj.valid_until = obj.quote_date + timedelta(days=VALID_DAYS)

    # -- lines ---------------------------------------------------------------------------
    def clean_lines(self, session: Session, lines: Sequence[LineInput | Mapping[str, Any]]
                    ) -> list[QuoteLine]:
        """Lines as the order's are cleaned (same rules and messages), with the VAT rate
        of each line's product (else the default rate)."""
        cleaned = orders.clean_lines(session, lines)
        default = vat.default_rate(session)
        result = []
        for line in cleaned:
            product = session.get(Product, line.product_id) if line.product_id else None
            result.append(QuoteLine(product_id=line.product_id, description=line.description,
                                    quantity=line.quantity,
                                    unit_price_cents=line.unit_price_cents,
                                    vat_rate=vat.rate_of(session, product, default),
                                    amount_cents=line.amount_cents))
        return result

    def create_with_lines(self, session: Session, actor: Actor, data: Mapping[str, Any],
                          lines: Sequence[LineInput | Mapping[str, Any]]) -> Quote:
        cleaned = self.clean_lines(session, lines)
        quote = self.create(session, actor, data)
        self._replace_lines(session, quote, cleaned)
        return quote

    def set_lines(self, session: Session, actor: Actor, quote_id: int,
                  lines: Sequence[LineInput | Mapping[str, Any]]) -> Quote:
        accounts.ensure_active(session, actor)
        quote = self.get(session, actor, quote_id)
        self._check_open(quote)
        before = {"total_cents": quote.total_cents, "lines": self.lines_snapshot(session, quote)}
        cleaned = self.clean_lines(session, lines)
        self._replace_lines(session, quote, cleaned)
        audit.record(session, actor, "update", entity="quote", entity_id=quote.id,
                     message=QT_TRANSLATE_NOOP("Audit", "Changed the lines of {record}"),
                     params={"record": self.describe(quote)}, before=before,
                     after={"total_cents": quote.total_cents,
                            "lines": self.lines_snapshot(session, quote)})
        return quote

    def add_line(self, session: Session, actor: Actor, quote_id: int,
                 line: LineInput | Mapping[str, Any]) -> Quote:
        """One more line at the end (the command line's ``quote line``)."""
        current = [LineInput(description=x.description, quantity=x.quantity,
                             unit_price=yuan_text(x.unit_price_cents), product_id=x.product_id)
                   for x in self.lines(session, actor, quote_id)]
        return self.set_lines(session, actor, quote_id, [*current, line])

    def _replace_lines(self, session: Session, quote: Quote, lines: list[QuoteLine]) -> None:
        session.execute(delete(QuoteLine).where(QuoteLine.quote_id == quote.id))
        for line in lines:
            line.quote_id = quote.id
            session.add(line)
        figures = totals(lines)
        quote.net_cents, quote.tax_cents = figures.net_cents, figures.tax_cents
        quote.total_cents = figures.total_cents
        touch(quote)
        session.flush()

    def lines(self, session: Session, actor: Actor, quote_id: int) -> list[QuoteLine]:
        self.get(session, actor, quote_id, deleted=None)
        return list(session.execute(select(QuoteLine).where(QuoteLine.quote_id == quote_id)
                                    .order_by(QuoteLine.id)).scalars())

    def lines_snapshot(self, session: Session, quote: Quote) -> list[dict[str, Any]]:
        return [{"description": x.description, "quantity": x.quantity,
                 "unit_price_cents": x.unit_price_cents, "vat_rate": x.vat_rate}
                for x in session.execute(select(QuoteLine).where(
                    QuoteLine.quote_id == quote.id).order_by(QuoteLine.id)).scalars()]

    def purge_dependents(self, session: Session, actor: Actor, obj: Quote) -> None:
        session.execute(delete(QuoteLine).where(QuoteLine.quote_id == obj.id))

    def _check_open(self, quote: Quote) -> None:
        if quote.status not in OPEN_STATES:
            raise QuoteError(QT_TRANSLATE_NOOP(
                "Errors", "Quote {number} is {status}: it no longer changes. Copy its lines "
                          "into a new quote instead."),
                number=quote.number, status=_status_text(quote.status))

    # -- one step to an order ----------------------------------------------------------------
    def to_order(self, session: Session, actor: Actor, quote_id: int, *,
                 order_date: date | None = None) -> Order:
        """The quote becomes an order: its customer, salesperson, opportunity and lines
        (with their VAT rates); the order remembers the quote and the quote is accepted.
        An expired, rejected or already accepted quote is refused."""
        accounts.ensure_active(session, actor)
        quote = self.get(session, actor, quote_id)
        if quote.status == "accepted":
            number = session.execute(select(Order.number).where(
                Order.quote_id == quote.id)).scalar_one_or_none()
            raise QuoteError(QT_TRANSLATE_NOOP(
                "Errors", "Quote {number} is already order {order}: open that order."),
                number=quote.number, order=number or "?")
        self._check_open(quote)
        today = order_date or date.today()
        if quote.valid_until is not None and quote.valid_until < today:
            raise QuoteError(QT_TRANSLATE_NOOP(
                "Errors", "Quote {number} was valid until {date}: set a later Valid until "
                          "(after checking the prices with the customer) and try again."),
                number=quote.number, date=quote.valid_until.isoformat())
        lines = self.lines(session, actor, quote_id)
        if not lines:
            raise QuoteError(QT_TRANSLATE_NOOP(
                "Errors", "Quote {number} has no lines: add what the customer orders first."),
                number=quote.number)
        data: dict[str, Any] = {"customer_id": quote.customer_id, "order_date": today,
                                "owner_id": quote.owner_id,
                                "opportunity_id": quote.opportunity_id,
                                "notes": quote.notes}
        order = orders.create_with_lines(session, actor, {
            k: v for k, v in data.items() if v is not None and k != "opportunity_id"},
            [LineInput(description=x.description, quantity=x.quantity,
                       unit_price=yuan_text(x.unit_price_cents), product_id=x.product_id)
             for x in lines])
        order.quote_id = quote.id
        order.opportunity_id = quote.opportunity_id
        order_lines = list(session.execute(select(OrderLine).where(
            OrderLine.order_id == order.id).order_by(OrderLine.id)).scalars())
        for order_line, quote_line in zip(order_lines, lines, strict=False):
            order_line.vat_rate = quote_line.vat_rate
        before = {"status": quote.status}
        quote.status = "accepted"
        quote.updated_by_id = actor.user_id or None
        session.flush()
        audit.record(session, actor, "update", entity="quote", entity_id=quote.id,
                     message=QT_TRANSLATE_NOOP("Audit", "{record} became order {order}"),
                     params={"record": self.describe(quote), "order": order.number},
                     before=before, after={"status": "accepted", "order": order.number})
        return order


def _status_text(status: str) -> str:
    from crmdesk.core.fields import choice_label

    return choice_label("quote_status", status)


quotes = QuoteService()
