"""Business documents on paper: a quote, an order, a delivery note and an invoice, each
under the company's header (``company_name`` and the ``company.*`` settings: address,
telephone, tax number, bank), with the customer, the lines, and (quote, order, invoice)
the net amount, VAT per rate and total.

Printed from the document's form with Ctrl+P (the print preview, "Save as PDF") and at
the command line (``crmdesk report FILE invoice-document OUT.pdf --record INV000001``).
The record is read through its service, so only one the actor may see; its customer
counts for the anti-scraping guard as any report naming a customer.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any
from xml.sax.saxutils import escape

from reportlab.lib import colors
from reportlab.lib.enums import TA_RIGHT
from reportlab.lib.styles import ParagraphStyle
from reportlab.platypus import Flowable, Paragraph, Table, TableStyle
from sqlalchemy import select
from sqlalchemy.orm import Session

from crmdesk.core.fields import choice_label, entity_label, label
from crmdesk.core.models import Customer, Delivery, DeliveryLine, OrderLine, Product, User
from crmdesk.core.permissions import Actor, child_scope
from crmdesk.core.services import settings, vat
from crmdesk.core.services.invoices import invoices
from crmdesk.core.services.payments import payments
from crmdesk.core.services.quotes import quotes
from crmdesk.core.services.sales import orders
from crmdesk.errors import NotFound
from crmdesk.i18n import QT_TRANSLATE_NOOP, render
from crmdesk.reports import formatting, layout
from crmdesk.reports.engine import (
    BuildProgress,
    Prepared,
    ReportError,
    ReportRequest,
    find_record,
)
from crmdesk.reports.layout import Col, ReportDocument, Styles

VOID_RED = colors.HexColor("#C62828")


def _t(text: str, **params: object) -> str:
    return render("Reports", text, **params)


@dataclass
class Line:
    description: str
    quantity: int
    unit_price_cents: int
    net_cents: int
    vat_rate: int
    tax_cents: int


@dataclass
class Document:
    kind: str  # quote, order, delivery, invoice
    title: str
    number: str
    customer: Customer
    facts: list[tuple[str, str]]
    lines: list[Line]
    notes: str | None = None
    with_prices: bool = True
    extra: list[tuple[str, str]] | None = None  # figures under the totals (paid, due)
    record_id: int | None = None
    stamp: str = ""  # in red under the number (a void invoice)


def company_header(session: Session) -> list[tuple[str, str]]:
    """The company's name and details as set in Administration > Settings."""
    values = settings.get_many(session, ["company_name", "company.address", "company.phone",
                                         "company.tax_number", "company.bank"])
    return [(key, str(values[key] or "").strip()) for key in values]


def _customer_address(c: Customer) -> str:
    parts = [c.province, c.city if c.city != c.province else None, c.district, c.address]
    return "".join(p for p in parts if p)


def _priced(session: Session, raw: Sequence[Any], rates: Sequence[int] | None = None
            ) -> list[Line]:
    lines = []
    default = vat.default_rate(session)
    for n, x in enumerate(raw):
        if rates is not None:
            rate = rates[n]
        else:
            product = session.get(Product, x.product_id) if x.product_id else None
            rate = vat.rate_of(session, product, default)
        net = x.unit_price_cents * x.quantity
        lines.append(Line(x.description, x.quantity, x.unit_price_cents, net, rate,
                          vat.tax(net, rate)))
    return lines


def _customer(session: Session, customer_id: int) -> Customer:
    found = session.get(Customer, customer_id)
    assert found is not None  # the document's service checked it is visible
    return found


def _user_name(session: Session, user_id: int | None) -> str:
    user = session.get(User, user_id) if user_id else None
    return user.display_name if user is not None else ""


# -- the four documents --------------------------------------------------------------------

def _quote(session: Session, actor: Actor, ref: int | str | None) -> Document:
    quote = find_record(session, actor, quotes, ref, QT_TRANSLATE_NOOP(
        "Reports", "Say which quote to print: give its number, e.g. QT000012."))
    raw = quotes.lines(session, actor, quote.id)
    return Document("quote", _t(QT_TRANSLATE_NOOP("Reports", "Quotation")), quote.number,
                    _customer(session, quote.customer_id), [
                        (label("quote", "quote_date"), formatting.day(quote.quote_date)),
                        (label("quote", "valid_until"), formatting.day(quote.valid_until)),
                        (label("quote", "owner_id"), _user_name(session, quote.owner_id))],
                    _priced(session, raw, [x.vat_rate for x in raw]), quote.notes,
                    record_id=quote.id)


def _order(session: Session, actor: Actor, ref: int | str | None) -> Document:
    order = find_record(session, actor, orders, ref, QT_TRANSLATE_NOOP(
        "Reports", "Say which order to print: give its number, e.g. SO000012."))
    facts = [(label("order", "order_date"), formatting.day(order.order_date)),
             (label("order", "status"), choice_label("order_status", order.status)),
             (label("order", "owner_id"), _user_name(session, order.owner_id))]
    if order.delivery_date is not None:
        facts.append((_t(QT_TRANSLATE_NOOP("Reports", "Delivery date")),
                      formatting.day(order.delivery_date)))
    return Document("order", _t(QT_TRANSLATE_NOOP("Reports", "Sales order")), order.number,
                    _customer(session, order.customer_id), facts,
                    _priced(session, orders.lines(session, actor, order.id)), order.notes,
                    record_id=order.id)


def _delivery(session: Session, actor: Actor, ref: int | str | None) -> Document:
    text = str(ref or "").strip()
    if not text:
        raise ReportError(QT_TRANSLATE_NOOP(
            "Reports", "Say which delivery note to print: give its number, e.g. DN000012."))
    found = session.execute(select(Delivery).where(
        Delivery.id == int(text) if text.isdigit() else Delivery.number == text,
        Delivery.deleted_at.is_(None),
        child_scope(actor, Delivery.customer_id, Delivery.owner_id))).scalar_one_or_none()
    if found is None:
        raise NotFound(QT_TRANSLATE_NOOP(
            "Errors", "{entity} {id} does not exist, was deleted, or is not yours to see."),
            entity=entity_label("delivery") if _has_label("delivery") else "DN", id=text)
    order = orders.get(session, actor, found.order_id, deleted=None)
    rows = session.execute(select(DeliveryLine, OrderLine).join(
        OrderLine, OrderLine.id == DeliveryLine.order_line_id).where(
        DeliveryLine.delivery_id == found.id).order_by(DeliveryLine.id)).all()
    lines = [Line(ol.description, dl.quantity, 0, 0, 0, 0) for dl, ol in rows]
    facts = [(_t(QT_TRANSLATE_NOOP("Reports", "Order")), order.number),
             (_t(QT_TRANSLATE_NOOP("Reports", "Planned")), formatting.day(found.planned_date)),
             (_t(QT_TRANSLATE_NOOP("Reports", "Shipped")), formatting.day(found.shipped_on)),
             (_t(QT_TRANSLATE_NOOP("Reports", "Carrier")), found.carrier or ""),
             (_t(QT_TRANSLATE_NOOP("Reports", "Tracking number")), found.tracking or ""),
             (_t(QT_TRANSLATE_NOOP("Reports", "Deliver to")), found.address or "")]
    return Document("delivery", _t(QT_TRANSLATE_NOOP("Reports", "Delivery note")),
                    found.number, _customer(session, found.customer_id), facts, lines,
                    found.notes, with_prices=False, record_id=found.id)


def _has_label(entity: str) -> bool:
    from crmdesk.core.fields import ENTITY_LABELS

    return entity in ENTITY_LABELS


def _invoice(session: Session, actor: Actor, ref: int | str | None) -> Document:
    invoice = find_record(session, actor, invoices, ref, QT_TRANSLATE_NOOP(
        "Reports", "Say which invoice to print: give its number, e.g. INV000012."))
    raw = invoices.lines(session, actor, invoice.id)
    lines = [Line(x.description, x.quantity, x.unit_price_cents, x.net_cents, x.vat_rate,
                  x.tax_cents) for x in raw]
    order = orders.get(session, actor, invoice.order_id, deleted=None) \
        if invoice.order_id else None
    facts = [(label("invoice", "issue_date"), formatting.day(invoice.issue_date)),
             (label("invoice", "due_date"), formatting.day(invoice.due_date)),
             (label("invoice", "order_number"), order.number if order else "")]
    status = invoice.status
    if status == "void":
        facts.append((label("invoice", "status"), choice_label("invoice_status", status)
                      + (f" · {invoice.void_reason}" if invoice.void_reason else "")))
    paid = sum(amount for _p, amount in payments.of_invoice(session, actor, invoice.id))
    extra = [(_t(QT_TRANSLATE_NOOP("Reports", "Paid")), formatting.money(paid)),
             (_t(QT_TRANSLATE_NOOP("Reports", "Balance due")),
              formatting.money(0 if status == "void" else invoice.total_cents - paid))]
    return Document("invoice", _t(QT_TRANSLATE_NOOP("Reports", "Invoice")), invoice.number,
                    _customer(session, invoice.customer_id), facts, lines, invoice.notes,
                    extra=extra, record_id=invoice.id,
                    stamp=choice_label("invoice_status", status) if status == "void" else "")


# -- layout ----------------------------------------------------------------------------------

def _header(doc: Document, company: list[tuple[str, str]], styles: Styles,
            width: float) -> Table:
    values = dict(company)
    left: list[Flowable] = [Paragraph(escape(values["company_name"] or " "), styles.h1)]
    details = [
        values["company.address"],
        _t(QT_TRANSLATE_NOOP("Reports", "Tel. {phone}"), phone=values["company.phone"])
        if values["company.phone"] else "",
        _t(QT_TRANSLATE_NOOP("Reports", "Tax number {number}"),
           number=values["company.tax_number"]) if values["company.tax_number"] else ""]
    for text in details:
        if text:
            left.append(Paragraph(escape(text), styles.note))
    right: list[Flowable] = [
        Paragraph(escape(doc.title), ParagraphStyle("doc_title", parent=styles.title,
                                                    alignment=TA_RIGHT)),
        Paragraph(escape(doc.number), ParagraphStyle("doc_number", parent=styles.subtitle,
                                                     alignment=TA_RIGHT))]
    if doc.stamp:
        right.append(Paragraph(escape(doc.stamp), ParagraphStyle(
            "doc_stamp", parent=styles.h1, alignment=TA_RIGHT, textColor=VOID_RED)))
    result = Table([[left, right]], colWidths=[width * 0.6, width * 0.4], hAlign="LEFT")
    result.setStyle(TableStyle([("VALIGN", (0, 0), (-1, -1), "TOP"),
                                ("ALIGN", (1, 0), (1, 0), "RIGHT"),
                                ("LEFTPADDING", (0, 0), (-1, -1), 0),
                                ("RIGHTPADDING", (0, 0), (-1, -1), 0),
                                ("LINEBELOW", (0, 0), (-1, 0), 1.2, layout.ACCENT),
                                ("BOTTOMPADDING", (0, 0), (-1, -1), 6)]))
    return result


def _customer_facts(c: Customer) -> list[tuple[str, str]]:
    pairs = [(entity_label("customer"), f"{c.name} ({c.code})")]
    address = _customer_address(c)
    if address:
        pairs.append((label("customer", "address"), address))
    number = c.phone or c.mobile
    if number:
        pairs.append((label("customer", "phone"), formatting.phone(number)))
    return pairs


def _line_rows(doc: Document) -> tuple[list[Col], list[list[str]]]:
    if not doc.with_prices:
        cols = [Col("#", "RIGHT", wrap=False), Col(_t(QT_TRANSLATE_NOOP("Reports", "Item"))),
                Col(_t(QT_TRANSLATE_NOOP("Reports", "Quantity")), "RIGHT", wrap=False)]
        return cols, [[str(n), x.description, formatting.number(x.quantity)]
                      for n, x in enumerate(doc.lines, start=1)]
    cols = [Col("#", "RIGHT", wrap=False), Col(_t(QT_TRANSLATE_NOOP("Reports", "Item"))),
            Col(_t(QT_TRANSLATE_NOOP("Reports", "Quantity")), "RIGHT", wrap=False),
            Col(_t(QT_TRANSLATE_NOOP("Reports", "Unit price")), "RIGHT", wrap=False),
            Col(_t(QT_TRANSLATE_NOOP("Reports", "Net")), "RIGHT", wrap=False),
            Col(_t(QT_TRANSLATE_NOOP("Reports", "VAT rate")), "RIGHT", wrap=False),
            Col(_t(QT_TRANSLATE_NOOP("Reports", "VAT")), "RIGHT", wrap=False),
            Col(_t(QT_TRANSLATE_NOOP("Reports", "Amount")), "RIGHT", wrap=False)]
    rows = [[str(n), x.description, formatting.number(x.quantity),
             formatting.money(x.unit_price_cents), formatting.money(x.net_cents),
             vat.bp_text(x.vat_rate), formatting.money(x.tax_cents),
             formatting.money(x.net_cents + x.tax_cents)]
            for n, x in enumerate(doc.lines, start=1)]
    return cols, rows


def _totals(doc: Document, styles: Styles, width: float) -> Table:
    net = sum(x.net_cents for x in doc.lines)
    by_rate: dict[int, int] = {}
    for x in doc.lines:
        by_rate[x.vat_rate] = by_rate.get(x.vat_rate, 0) + x.tax_cents
    tax = sum(by_rate.values())
    pairs = [(_t(QT_TRANSLATE_NOOP("Reports", "Net amount")), formatting.money(net))]
    for rate in sorted(by_rate, reverse=True):
        pairs.append((_t(QT_TRANSLATE_NOOP("Reports", "VAT {rate}"), rate=vat.bp_text(rate)),
                      formatting.money(by_rate[rate])))
    pairs.append((_t(QT_TRANSLATE_NOOP("Reports", "Total")), formatting.money(net + tax)))
    pairs += doc.extra or []
    data = [[Paragraph(escape(k), styles.fact_label), Paragraph(escape(v), styles.cell_right)]
            for k, v in pairs]
    result = Table(data, colWidths=[width * 0.2, width * 0.18], hAlign="RIGHT")
    total_row = len(pairs) - 1 - len(doc.extra or [])
    result.setStyle(TableStyle([("LINEABOVE", (0, total_row), (-1, total_row), 0.8,
                                 layout.ACCENT),
                                ("TOPPADDING", (0, 0), (-1, -1), 1.5),
                                ("BOTTOMPADDING", (0, 0), (-1, -1), 1.5)]))
    return result


def _story(doc: Document, company: list[tuple[str, str]]) -> Callable[[ReportDocument],
                                                                   list[Flowable]]:
    def story(report: ReportDocument) -> list[Flowable]:
        styles, width = report.styles, report.content_width
        flow: list[Flowable] = [_header(doc, company, styles, width), layout.gap(4),
                                layout.facts(_customer_facts(doc.customer) + doc.facts,
                                             width, styles, columns=2), layout.gap(4)]
        cols, rows = _line_rows(doc)
        flow.append(layout.table(cols, rows, width, styles))
        if doc.with_prices:
            flow += [layout.gap(3), _totals(doc, styles, width)]
        values = dict(company)
        if doc.kind == "invoice" and values["company.bank"] and not doc.stamp:
            flow += [layout.gap(4), Paragraph(escape(_t(QT_TRANSLATE_NOOP(
                "Reports", "Please pay to: {bank}"), bank=values["company.bank"])),
                styles.body)]
        if doc.kind == "quote":
            flow.append(layout.note(_t(QT_TRANSLATE_NOOP(
                "Reports", "Unit prices are before VAT; VAT is worked out per line and rounded "
                           "to the cent.")), styles))
        if doc.notes:
            flow += layout.heading(_t(QT_TRANSLATE_NOOP("Reports", "Notes")), styles, level=2)
            flow.append(Paragraph(escape(doc.notes).replace("\n", "<br/>"), styles.body))
        if doc.kind == "delivery":
            flow += [layout.gap(12), Paragraph(escape(_t(QT_TRANSLATE_NOOP(
                "Reports", "Received in good order by: ____________________   "
                           "Date: ____________"))), styles.body)]
        return flow
    return story


READERS: dict[str, Callable[[Session, Actor, int | str | None], Document]] = {
    "quote": _quote, "order": _order, "delivery": _delivery, "invoice": _invoice}


def _prepare(kind: str) -> Callable[[Session, Actor, ReportRequest, BuildProgress], Prepared]:
    def prepare(session: Session, actor: Actor, request: ReportRequest,
                progress: BuildProgress) -> Prepared:
        doc = READERS[kind](session, actor, request.record)
        progress.report(10, _t(QT_TRANSLATE_NOOP("Reports", "Reading the records…")))
        company = company_header(session)
        return Prepared(f"{doc.title} {doc.number}", [], _story(doc, company),
                        customer_ids={doc.customer.id}, audit_entity=kind,
                        audit_id=doc.record_id, summary=QT_TRANSLATE_NOOP("Audit", "{number}"),
                        summary_params={"number": doc.number})
    return prepare


prepare_quote = _prepare("quote")
prepare_order = _prepare("order")
prepare_delivery = _prepare("delivery")
prepare_invoice = _prepare("invoice")
