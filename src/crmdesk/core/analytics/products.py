"""Product analysis: best sellers and gross margin (per product, per category), slow
movers and stock turnover.

Sales are the order lines of the orders that count as sales in the period (not
cancelled, the actor's scope: :func:`crmdesk.core.analytics.sales.sales_filters`);
the amount is the lines' net amount.  Their cost is what the stock ledger issued
for those orders (``stock_movements.unit_cost_cents`` of their issues, the moving
average cost at the time) and, for what has not shipped yet or is not stocked, the
product's current average cost (``products.cost_cents``).  Gross margin is amount
less cost.

Stock figures (slow movers, turnover) read the ledger, which everyone may see, as
they may see products and stock levels.  Their window is the period, or the 90 days
up to the reference day when the period is open.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any

from sqlalchemy import case, func, select
from sqlalchemy.orm import Session

from crmdesk.core.analytics.criteria import (
    Criteria,
    Drill,
    local_day_start,
    ratio,
    round_div,
    text_label,
    value_filter,
)
from crmdesk.core.analytics.sales import sales_filters
from crmdesk.core.analytics.tables import Analysis, cell
from crmdesk.core.models import OrderLine, Product, StockLevel, StockMovement
from crmdesk.core.permissions import Actor
from crmdesk.core.services.records import ListQuery
from crmdesk.core.services.sales import orders
from crmdesk.i18n import QT_TRANSLATE_NOOP

#: days of the stock window when the period is open
DEFAULT_WINDOW_DAYS = 90


@dataclass
class ProductRow:
    """Sales of one product (or one category)."""

    key: Any
    code: str
    label: str
    category: str
    quantity: int
    amount_cents: int
    cost_cents: int
    share: float | None = None
    drill: Drill | None = None

    @property
    def margin_cents(self) -> int:
        return self.amount_cents - self.cost_cents

    @property
    def margin_rate(self) -> float | None:
        return ratio(self.margin_cents, self.amount_cents)


def _period_orders(session: Session, actor: Actor, criteria: Criteria) -> Any:
    """SQL: ids of the orders that count as sales in the period, in the actor's scope."""
    return orders.list_select(session, actor, ListQuery(sales_filters(criteria)))


def _issued_cost(session: Session, order_ids: Any) -> dict[int, tuple[int, int]]:
    """product id -> (quantity issued, cost of it) for the given orders' shipments."""
    net = -StockMovement.quantity
    stmt = (select(StockMovement.product_id, func.sum(net),
                   func.sum(net * StockMovement.unit_cost_cents))
            .where(StockMovement.kind == "issue", StockMovement.order_id.in_(order_ids))
            .group_by(StockMovement.product_id))
    return {pid: (int(q or 0), int(c or 0)) for pid, q, c in session.execute(stmt)}


def best_sellers(session: Session, actor: Actor, criteria: Criteria) -> list[ProductRow]:
    """Per product: quantity and net amount sold, cost, gross margin; the largest amount
    first (lines without a product are one row, "(not set)")."""
    order_ids = _period_orders(session, actor, criteria)
    stmt = (select(OrderLine.product_id, func.sum(OrderLine.quantity),
                   func.coalesce(func.sum(OrderLine.amount_cents), 0))
            .where(OrderLine.order_id.in_(order_ids)).group_by(OrderLine.product_id))
    sold = {pid: (int(q or 0), int(a)) for pid, q, a in session.execute(stmt)}
    issued = _issued_cost(session, order_ids)
    info = {pid: (code, name, category, int(cost or 0)) for pid, code, name, category, cost in
            session.execute(select(Product.id, Product.code, Product.name, Product.category,
                                   Product.cost_cents)
                            .where(Product.id.in_([p for p in sold if p is not None])))}
    grand = sum(a for _, a in sold.values())
    rows = []
    for pid, (quantity, amount) in sold.items():
        code, name, category, average = info.get(pid, ("", None, None, 0)) \
            if pid is not None else ("", None, None, 0)
        shipped, shipped_cost = issued.get(pid, (0, 0)) if pid is not None else (0, 0)
        unit = round_div(shipped_cost, shipped) if shipped else average
        cost = shipped_cost + unit * max(quantity - shipped, 0) if shipped else unit * quantity
        drill = Drill("product", ListQuery(filters=[value_filter("id", pid)])) \
            if pid is not None else Drill("order", ListQuery(filters=sales_filters(criteria)))
        rows.append(ProductRow(pid, code, text_label(name), text_label(category), quantity,
                               amount, cost, ratio(amount, grand), drill))
    rows.sort(key=lambda r: (-r.amount_cents, -r.quantity, r.code))
    return rows


def by_category(session: Session, actor: Actor, criteria: Criteria) -> list[ProductRow]:
    """The same figures summed per product category."""
    groups: dict[str, ProductRow] = {}
    for row in best_sellers(session, actor, criteria):
        group = groups.setdefault(row.category, ProductRow(row.category, "", row.category,
                                                           row.category, 0, 0, 0))
        group.quantity += row.quantity
        group.amount_cents += row.amount_cents
        group.cost_cents += row.cost_cents
    grand = sum(g.amount_cents for g in groups.values())
    for group in groups.values():
        group.share = ratio(group.amount_cents, grand)
    return sorted(groups.values(), key=lambda r: (-r.amount_cents, r.label))


# ---------------------------------------------------------------------------
# Stock: slow movers and turnover
# ---------------------------------------------------------------------------

def window(criteria: Criteria) -> tuple[date, date]:
    """The stock window: the period, or the 90 days up to the reference day."""
    last = criteria.end or criteria.reference_day()
    first = criteria.start or last - timedelta(days=DEFAULT_WINDOW_DAYS - 1)
    return first, last


@dataclass
class StockRow:
    product_id: int
    code: str
    name: str
    category: str
    on_hand: int
    value_cents: int
    issued: int  # units issued in the window
    issued_cost_cents: int
    opening: int  # on hand at the window's start
    closing: int  # on hand at the window's end
    last_issue: date | None
    days: int  # days of the window
    as_of: date
    drill: Drill | None = None

    @property
    def average_stock(self) -> float:
        return (self.opening + self.closing) / 2

    @property
    def turnover(self) -> float | None:
        """Units issued over the average stock in the window."""
        average = self.average_stock
        return self.issued / average if average > 0 else None

    @property
    def days_of_stock(self) -> float | None:
        """How many days the average stock lasts at the window's pace of issues."""
        return self.days * self.average_stock / self.issued if self.issued else None

    @property
    def days_since_issue(self) -> int | None:
        return (self.as_of - self.last_issue).days if self.last_issue else None


def _local_day(moment: Any) -> date | None:
    return moment.astimezone().date() if moment is not None else None


def stock_rows(session: Session, criteria: Criteria,
               product_ids: Iterable[int] | None = None) -> list[StockRow]:
    """Every live stocked product with its stock and issues in the window."""
    first, last = window(criteria)
    start, end = local_day_start(first), local_day_start(last + timedelta(days=1))
    issue_q = -StockMovement.quantity
    in_window = (StockMovement.moved_at >= start) & (StockMovement.moved_at < end)
    is_issue = StockMovement.kind == "issue"
    moves = {pid: (int(i or 0), int(c or 0), int(w or 0), int(a or 0), last_at) for
             pid, i, c, w, a, last_at in session.execute(
        select(StockMovement.product_id,
               func.sum(case((is_issue & in_window, issue_q), else_=0)),
               func.sum(case((is_issue & in_window, issue_q * StockMovement.unit_cost_cents),
                             else_=0)),
               func.sum(case((in_window, StockMovement.quantity), else_=0)),
               func.sum(case((StockMovement.moved_at >= end, StockMovement.quantity),
                             else_=0)),
               func.max(case((is_issue & (StockMovement.moved_at < end),
                              StockMovement.moved_at))))
        .group_by(StockMovement.product_id))}
    levels = dict(session.execute(select(StockLevel.product_id, func.sum(StockLevel.on_hand))
                                  .group_by(StockLevel.product_id)).all())
    stmt = (select(Product.id, Product.code, Product.name, Product.category, Product.cost_cents)
            .where(Product.deleted_at.is_(None), Product.tracks_stock.is_(True))
            .order_by(Product.code))
    if product_ids is not None:
        stmt = stmt.where(Product.id.in_(list(product_ids)))
    rows = []
    days = (last - first).days + 1
    for pid, code, name, category, cost in session.execute(stmt):
        on_hand = int(levels.get(pid) or 0)
        issued, issued_cost, during, after, last_at = moves.get(pid, (0, 0, 0, 0, None))
        closing = on_hand - after
        rows.append(StockRow(pid, code, name, text_label(category), on_hand,
                             on_hand * int(cost or 0), issued, issued_cost, closing - during,
                             closing, _local_day(last_at), days, last,
                             Drill("product", ListQuery(filters=[value_filter("id", pid)]))))
    return rows


def slow_movers(session: Session, actor: Actor, criteria: Criteria) -> list[StockRow]:
    """Products in stock that issued nothing in the window, the longest unsold first."""
    del actor  # stock is visible to everyone
    rows = [r for r in stock_rows(session, criteria) if r.on_hand > 0 and r.issued == 0]
    rows.sort(key=lambda r: (r.last_issue is not None, r.last_issue or date.min,
                             -r.value_cents, r.code))
    return rows


def turnover(session: Session, actor: Actor, criteria: Criteria) -> list[StockRow]:
    """Per stocked product: units issued, average stock, turnover and days of stock."""
    del actor
    rows = [r for r in stock_rows(session, criteria) if r.issued or r.opening or r.closing]
    rows.sort(key=lambda r: (-(r.turnover or 0.0), r.code))
    return rows


_PRODUCT = cell("code", QT_TRANSLATE_NOOP("Analytics", "Code"))
_NAME = cell("product", QT_TRANSLATE_NOOP("Analytics", "Product"), source="label")
_MONEY = (
    cell("quantity", QT_TRANSLATE_NOOP("Analytics", "Quantity"), "int"),
    cell("amount", QT_TRANSLATE_NOOP("Analytics", "Sales"), "money", "amount_cents"),
    cell("share", QT_TRANSLATE_NOOP("Analytics", "Share"), "percent"),
    cell("cost", QT_TRANSLATE_NOOP("Analytics", "Cost"), "money", "cost_cents"),
    cell("margin", QT_TRANSLATE_NOOP("Analytics", "Gross margin"), "money", "margin_cents"),
    cell("margin_rate", QT_TRANSLATE_NOOP("Analytics", "Margin"), "percent"),
)
_STOCK_NAME = (cell("code", QT_TRANSLATE_NOOP("Analytics", "Code")),
               cell("product", QT_TRANSLATE_NOOP("Analytics", "Product"), source="name"),
               cell("category", QT_TRANSLATE_NOOP("Analytics", "Category")))

TABLES: tuple[Analysis, ...] = (
    Analysis("products", QT_TRANSLATE_NOOP("Analytics", "Best sellers and gross margin"),
             best_sellers,
             (_PRODUCT, _NAME, cell("category", QT_TRANSLATE_NOOP("Analytics", "Category")),
              *_MONEY)),
    Analysis("products-category",
             QT_TRANSLATE_NOOP("Analytics", "Sales and gross margin by product category"),
             by_category,
             (cell("category", QT_TRANSLATE_NOOP("Analytics", "Category"), source="label"),
              *_MONEY)),
    Analysis("slow-movers",
             QT_TRANSLATE_NOOP("Analytics", "Slow movers: in stock, nothing issued"),
             slow_movers,
             (*_STOCK_NAME,
              cell("on_hand", QT_TRANSLATE_NOOP("Analytics", "On hand"), "int"),
              cell("value", QT_TRANSLATE_NOOP("Analytics", "Stock value"), "money",
                   "value_cents"),
              cell("last_issue", QT_TRANSLATE_NOOP("Analytics", "Last issued"), "date"),
              cell("days_since_issue", QT_TRANSLATE_NOOP("Analytics", "Days since"), "int"))),
    Analysis("stock-turnover", QT_TRANSLATE_NOOP("Analytics", "Stock turnover"), turnover,
             (*_STOCK_NAME,
              cell("issued", QT_TRANSLATE_NOOP("Analytics", "Issued"), "int"),
              cell("issued_cost", QT_TRANSLATE_NOOP("Analytics", "Cost of issues"), "money",
                   "issued_cost_cents"),
              cell("average_stock", QT_TRANSLATE_NOOP("Analytics", "Average stock"), "float"),
              cell("turnover", QT_TRANSLATE_NOOP("Analytics", "Turnover"), "float"),
              cell("days_of_stock", QT_TRANSLATE_NOOP("Analytics", "Days of stock"), "float"),
              cell("on_hand", QT_TRANSLATE_NOOP("Analytics", "On hand"), "int"))),
)
