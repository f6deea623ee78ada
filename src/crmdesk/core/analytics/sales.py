"""Sales by industry, region, city, salesperson and month."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import extract, func
from sqlalchemy.orm import Session, aliased

from crmdesk.core.analytics.criteria import (
    Criteria,
    Drill,
    UserNames,
    blank_to_null,
    clip,
    date_filters,
    month_bounds,
    month_key,
    months_between,
    owner_filter,
    ratio,
    round_div,
    text_label,
    value_filter,
)
from crmdesk.core.analytics.tables import Analysis, cell
from crmdesk.core.models import Customer, Order
from crmdesk.core.permissions import Actor
from crmdesk.core.services.records import Filter, ListQuery
from crmdesk.core.services.sales import orders
from crmdesk.i18n import QT_TRANSLATE_NOOP

SALES_DIMENSIONS: dict[str, str] = {
    "industry": QT_TRANSLATE_NOOP("Analytics", "Industry"),
    "province": QT_TRANSLATE_NOOP("Analytics", "Region"),
    "city": QT_TRANSLATE_NOOP("Analytics", "City"),
    "owner": QT_TRANSLATE_NOOP("Analytics", "Salesperson"),
    "month": QT_TRANSLATE_NOOP("Analytics", "Month"),
    "channel": QT_TRANSLATE_NOOP("Analytics", "Channel"),  # the order's (issue 16)
    "source": QT_TRANSLATE_NOOP("Analytics", "Lead source"),  # the customer's
}


def sales_filters(criteria: Criteria) -> list[Filter]:
    """Orders that count as sales in the period: not cancelled (deleted ones never show)."""
    return [Filter("status", "ne", "cancelled"),
            *date_filters("order_date", criteria.start, criteria.end),
            *owner_filter("owner_id", criteria)]


@dataclass
class SalesRow:
    """Sales of one group (an industry, a province, a salesperson or a month)."""

    key: Any
    label: str
    orders: int
    customers: int
    total_cents: int
    share: float | None
    drill: Drill

    @property
    def average_order_cents(self) -> int:
        return round_div(self.total_cents, self.orders)


def _grouped(session: Session, actor: Actor, criteria: Criteria, dimension: str,
             base: list[Filter]) -> list[tuple[Any, int, int, int]]:
    """(group key, orders, customers, total) per group of *dimension*."""
    measures = [func.count(Order.id), func.count(func.distinct(Order.customer_id)),
                func.coalesce(func.sum(Order.total_cents), 0)]
    if dimension in ("industry", "province", "city", "source"):
        cust = aliased(Customer)
        group = blank_to_null(getattr(cust, dimension))
        stmt = (orders.list_select(session, actor, ListQuery(base), [group, *measures])
                .join_from(Order, cust, cust.id == Order.customer_id).group_by(group))
        return [(k, n, c, int(t)) for k, n, c, t in session.execute(stmt)]
    if dimension == "owner":
        stmt = orders.list_select(session, actor, ListQuery(base),
                                  [Order.owner_id, *measures]).group_by(Order.owner_id)
        return [(k, n, c, int(t)) for k, n, c, t in session.execute(stmt)]
    if dimension == "channel":
        group = blank_to_null(Order.channel)
        stmt = orders.list_select(session, actor, ListQuery(base),
                                  [group, *measures]).group_by(group)
        return [(k, n, c, int(t)) for k, n, c, t in session.execute(stmt)]
    year, month = extract("year", Order.order_date), extract("month", Order.order_date)
    stmt = orders.list_select(session, actor, ListQuery(base),
                              [year, month, *measures]).group_by(year, month)
    found = {month_key(y, m): (n, c, int(t)) for y, m, n, c, t in session.execute(stmt)}
    keys = [k for k in found if k is not None]
    if criteria.start is not None and criteria.end is not None:
        wanted = months_between(criteria.start, criteria.end)
    elif keys:
        wanted = months_between(month_bounds(min(keys))[0], month_bounds(max(keys))[0])
    else:
        wanted = []
    return [(k, *found.get(k, (0, 0, 0))) for k in wanted]


def sales_by(session: Session, actor: Actor, criteria: Criteria,
             dimension: str) -> list[SalesRow]:
    """Sales (orders, customers, total, share, average order) grouped by *dimension*.

    ``industry``/``province``/``city`` are the customer's, ``owner`` is the order's
    salesperson, ``month`` the order date's month (every month of the period,
    empty ones included).
    """
    if dimension not in SALES_DIMENSIONS:
        raise ValueError(f"unknown sales dimension {dimension}")
    base = sales_filters(criteria)
    keyed = _grouped(session, actor, criteria, dimension, base)
    grand = sum(t for _, _, _, t in keyed)
    names = UserNames(session)
    rows = []
    for key, n, c, total in keyed:
        if dimension == "month":
            first, last = clip(*month_bounds(key), criteria)
            drill_filters = [f for f in base if f.field != "order_date"]
            drill_filters += date_filters("order_date", first, last)
            label = key
        elif dimension == "owner":
            drill_filters = [f for f in base if f.field != "owner_id"]
            drill_filters.append(value_filter("owner_id", key))
            label = names(key)
        elif dimension == "channel":
            drill_filters = [*base, value_filter("channel", key)]
            label = text_label(key)
        else:
            drill_filters = [*base, value_filter(f"customer.{dimension}", key)]
            label = text_label(key)
        rows.append(SalesRow(key, label, int(n), int(c), total, ratio(total, grand),
                             Drill("order", ListQuery(filters=drill_filters))))
    if dimension != "month":
        rows.sort(key=lambda r: (-r.total_cents, r.key is None, r.label))
    return rows


def _sales_analysis(name: str, description: str, dimension: str) -> Analysis:
    return Analysis(name, description, lambda s, a, c: sales_by(s, a, c, dimension), (
        cell("key", SALES_DIMENSIONS[dimension], source="label"),
        cell("orders", QT_TRANSLATE_NOOP("Analytics", "Orders"), "int"),
        cell("customers", QT_TRANSLATE_NOOP("Analytics", "Customers"), "int"),
        cell("total", QT_TRANSLATE_NOOP("Analytics", "Sales"), "money", "total_cents"),
        cell("share", QT_TRANSLATE_NOOP("Analytics", "Share"), "percent"),
        cell("average_order", QT_TRANSLATE_NOOP("Analytics", "Average order"), "money",
             "average_order_cents")))


TABLES: tuple[Analysis, ...] = (
    _sales_analysis("sales-industry",
                    QT_TRANSLATE_NOOP("Analytics", "Sales and average order by industry"),
                    "industry"),
    _sales_analysis("sales-region", QT_TRANSLATE_NOOP("Analytics", "Sales by region (province)"),
                    "province"),
    _sales_analysis("sales-city", QT_TRANSLATE_NOOP("Analytics", "Sales by city"), "city"),
    _sales_analysis("sales-owner", QT_TRANSLATE_NOOP("Analytics", "Sales by salesperson"),
                    "owner"),
    _sales_analysis("sales-month", QT_TRANSLATE_NOOP("Analytics", "Sales by month"), "month"),
    _sales_analysis("sales-channel", QT_TRANSLATE_NOOP("Analytics", "Sales by channel"),
                    "channel"),
    _sales_analysis("sales-source", QT_TRANSLATE_NOOP("Analytics", "Sales by lead source"),
                    "source"),
)
