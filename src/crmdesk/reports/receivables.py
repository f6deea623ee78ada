"""Receivables and products: aging per owner and per customer, then best sellers, gross
margin by category, sales by channel and lead source, slow movers and stock turnover
(``crmdesk report FILE receivables``); and a customer's statement of account
(``crmdesk report FILE statement --customer CODE``, ``crmdesk statement ... --out``)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from reportlab.lib.units import mm
from reportlab.platypus import Flowable
from sqlalchemy.orm import Session

from crmdesk.core import analytics
from crmdesk.core.analytics import receivables as aging
from crmdesk.core.analytics import statement as statements
from crmdesk.core.permissions import Actor
from crmdesk.core.services.customers import customers
from crmdesk.i18n import QT_TRANSLATE_NOOP, render
from crmdesk.reports import charts, figures, formatting, layout
from crmdesk.reports.engine import (
    BuildProgress,
    Prepared,
    ReportRequest,
    ReportResult,
    build_report,
    criteria_facts,
    find_record,
)
from crmdesk.reports.layout import Col, ReportDocument
from crmdesk.storage.database import Database

#: customers the aging table prints at most (largest balance first)
TOP = 200
#: product rows of each product table
PRODUCTS = 30


def _t(text: str, **params: object) -> str:
    return render("Reports", text, **params)


def prepare(session: Session, actor: Actor, request: ReportRequest,
            progress: BuildProgress) -> Prepared:
    criteria = request.criteria
    progress.report(5, _t(QT_TRANSLATE_NOOP("Reports", "Computing the figures…")))
    per_customer = analytics.table(session, actor, "receivables", criteria)
    per_owner = analytics.table(session, actor, "receivables-owner", criteria)
    rows = aging.aging(session, actor, criteria)
    total = aging.totals(rows)
    progress.report(15, _t(QT_TRANSLATE_NOOP("Reports", "Computing the figures…")))
    product_tables = {name: analytics.table(session, actor, name, criteria)
                      for name in ("products", "products-category", "sales-channel",
                                   "sales-source", "slow-movers", "stock-turnover")}
    for name in ("products", "slow-movers", "stock-turnover"):
        product_tables[name].rows = product_tables[name].rows[:PRODUCTS]
    per_customer.rows = per_customer.rows[:TOP]
    named = set(per_customer.customer_ids[:TOP])
    title = _t(QT_TRANSLATE_NOOP("Reports", "Receivables and products"))
    facts = [*criteria_facts(session, actor, criteria),
             (_t(QT_TRANSLATE_NOOP("Reports", "Aging on")),
              formatting.day(criteria.overdue_day()))]
    labels = [h for _k, h, _f, _l in aging.BUCKETS]

    def story(doc: ReportDocument) -> list[Flowable]:
        styles = doc.styles
        width = doc.content_width
        flow: list[Flowable] = [
            *layout.opening(title, facts, width, styles),
            layout.figure_cards([
                (_t(QT_TRANSLATE_NOOP("Reports", "Open invoices")),
                 formatting.money(total.open_cents)),
                (_t(QT_TRANSLATE_NOOP("Reports", "Overdue")),
                 formatting.money(total.overdue_cents)),
                (_t(QT_TRANSLATE_NOOP("Reports", "Customers' credit")),
                 formatting.money(total.credit_cents)),
                (_t(QT_TRANSLATE_NOOP("Reports", "Customers owing")),
                 formatting.number(sum(1 for r in rows if r.open_cents > 0)))],
                width, styles, per_row=4)]
        flow += layout.heading(_t(QT_TRANSLATE_NOOP("Reports", "Receivables aging")), styles)
        flow.append(charts.bar_chart(
            [analytics.criteria.translated(h) for h in labels],
            [(_t(QT_TRANSLATE_NOOP("Reports", "Open")),
              [float(total.buckets[k]) for k in aging.BUCKET_KEYS])],
            width, 50 * mm, figures.money_axis, empty=figures.no_data(), value_labels=True))
        flow.append(layout.gap(2))
        flow += layout.heading(_t(QT_TRANSLATE_NOOP("Reports", "Per owner")), styles, level=2)
        flow.append(figures.analysis_table(doc, per_owner))
        flow += layout.heading(_t(QT_TRANSLATE_NOOP("Reports", "Per customer")), styles,
                               level=2)
        if len(rows) > TOP:
            flow.append(layout.note(_t(QT_TRANSLATE_NOOP(
                "Reports", "The {n} largest balances of {total} customers."), n=TOP,
                total=len(rows)), styles))
        flow.append(figures.analysis_table(doc, per_customer))
        for name, heading in (
                ("products", QT_TRANSLATE_NOOP("Reports", "Best sellers and gross margin")),
                ("products-category", QT_TRANSLATE_NOOP("Reports", "By product category")),
                ("sales-channel", QT_TRANSLATE_NOOP("Reports", "Sales by channel")),
                ("sales-source", QT_TRANSLATE_NOOP("Reports", "Sales by lead source")),
                ("slow-movers", QT_TRANSLATE_NOOP("Reports", "Slow movers")),
                ("stock-turnover", QT_TRANSLATE_NOOP("Reports", "Stock turnover"))):
            flow += layout.heading(_t(heading), styles)
            table = product_tables[name]
            if not table.rows:
                flow.append(layout.note(figures.no_data(), styles))
            else:
                flow.append(figures.analysis_table(doc, table))
        return flow

    return Prepared(title, facts, story, customer_ids=named, wide=True,
                    summary=QT_TRANSLATE_NOOP("Audit", "{n} customers with receivables"),
                    summary_params={"n": len(rows)})


def prepare_statement(session: Session, actor: Actor, request: ReportRequest,
                      progress: BuildProgress) -> Prepared:
    customer = find_record(session, actor, customers, request.customer, QT_TRANSLATE_NOOP(
        "Reports", "Name the customer of the statement: --customer CODE."))
    criteria = request.criteria
    result = statements.statement(session, actor, customer.id, start=criteria.start,
                                  end=criteria.end)
    progress.report(20, _t(QT_TRANSLATE_NOOP("Reports", "Computing the figures…")))
    title = _t(QT_TRANSLATE_NOOP("Reports", "Statement of account"))
    period = (f"{formatting.day(result.start)} – {formatting.day(result.end)}"
              if result.start else _t(QT_TRANSLATE_NOOP("Reports", "until {day}"),
                                      day=formatting.day(result.end)))
    facts = [(_t(QT_TRANSLATE_NOOP("Reports", "Customer")), f"{result.code} {result.name}"),
             (_t(QT_TRANSLATE_NOOP("Reports", "Period")), period)]

    def story(doc: ReportDocument) -> list[Flowable]:
        styles = doc.styles
        width = doc.content_width
        flow: list[Flowable] = [
            *layout.opening(title, facts, width, styles),
            layout.figure_cards([
                (_t(QT_TRANSLATE_NOOP("Reports", "Opening balance")),
                 formatting.money(result.opening_cents)),
                (_t(QT_TRANSLATE_NOOP("Reports", "Invoiced")),
                 formatting.money(result.debit_cents)),
                (_t(QT_TRANSLATE_NOOP("Reports", "Paid")), formatting.money(result.credit_cents)),
                (_t(QT_TRANSLATE_NOOP("Reports", "Balance due")),
                 formatting.money(result.closing_cents))], width, styles, per_row=4)]
        cols = [Col(_t(QT_TRANSLATE_NOOP("Reports", "Date")), wrap=False),
                Col(_t(QT_TRANSLATE_NOOP("Reports", "Number")), wrap=False),
                Col(_t(QT_TRANSLATE_NOOP("Reports", "Description"))),
                Col(_t(QT_TRANSLATE_NOOP("Reports", "Invoiced")), "RIGHT", wrap=False),
                Col(_t(QT_TRANSLATE_NOOP("Reports", "Paid")), "RIGHT", wrap=False),
                Col(_t(QT_TRANSLATE_NOOP("Reports", "Balance")), "RIGHT", wrap=False)]
        body = [["", "", _t(QT_TRANSLATE_NOOP("Reports", "Opening balance")), "", "",
                 formatting.money(result.opening_cents)]]
        body += [[formatting.day(x.day), x.number, x.description,
                  formatting.money(x.debit_cents) if x.debit_cents else "",
                  formatting.money(x.credit_cents) if x.credit_cents else "",
                  formatting.money(x.balance_cents)] for x in result.lines]
        body.append(["", "", _t(QT_TRANSLATE_NOOP("Reports", "Balance due")),
                     formatting.money(result.debit_cents),
                     formatting.money(result.credit_cents),
                     formatting.money(result.closing_cents)])
        flow += layout.heading(_t(QT_TRANSLATE_NOOP("Reports", "Invoices and payments")),
                               styles)
        flow.append(layout.table(cols, body, width, styles))
        return flow

    return Prepared(title, facts, story, opened_customer=customer.id,
                    audit_entity="customer", audit_id=customer.id,
                    summary=QT_TRANSLATE_NOOP("Audit", "{n} entries"),
                    summary_params={"n": len(result.lines)})


def write_statement(db: Database, actor: Actor, customer_id: int, out: str | Path, *,
                    start: date | None = None, end: date | None = None) -> tuple[Path, int]:
    """The statement of *customer_id* as a PDF (a report build: counted and audited)."""
    from crmdesk.core.analytics import Criteria

    result: ReportResult = build_report(db, actor, ReportRequest(
        "statement", customer=customer_id, criteria=Criteria(start, end)), out)
    return result.path, result.pages
