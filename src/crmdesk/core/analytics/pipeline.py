"""The pipeline: the funnel by stage, the weighted forecast, and how leads convert."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import ColumnElement, case, exists, extract, func, select
from sqlalchemy.orm import Session, aliased

from crmdesk.core.analytics.criteria import (
    NO_CLOSE_DATE,
    Criteria,
    Drill,
    blank_to_null,
    clip,
    date_filters,
    month_bounds,
    month_key,
    months_between,
    owner_filter,
    ratio,
    round_div,
    stage_label,
    text_label,
    timestamp_filters,
    translated,
    value_filter,
)
from crmdesk.core.analytics.tables import Analysis, cell
from crmdesk.core.fields import CHOICES, choice_label
from crmdesk.core.models import Customer, Opportunity, OpportunityStage, Order
from crmdesk.core.permissions import Actor
from crmdesk.core.services.customers import customers
from crmdesk.core.services.records import Filter, ListQuery
from crmdesk.core.services.sales import opportunities, stages
from crmdesk.i18n import QT_TRANSLATE_NOOP

# ---------------------------------------------------------------------------
# Funnel and weighted forecast
# ---------------------------------------------------------------------------

@dataclass
class StageRow:
    key: str
    label: str
    probability: int
    is_won: bool
    is_lost: bool
    count: int
    amount_cents: int
    weighted_cents: int
    drill: Drill

    @property
    def is_open(self) -> bool:
        return not (self.is_won or self.is_lost)


def opportunity_filters(criteria: Criteria) -> list[Filter]:
    """Opportunities expected to close in the period (owned by the owner)."""
    return [*date_filters("expected_close", criteria.start, criteria.end),
            *owner_filter("owner_id", criteria)]


def funnel(session: Session, actor: Actor, criteria: Criteria) -> list[StageRow]:
    """Opportunities per stage (in the configured pipeline order) expected to close in
    the period; a retired stage only while opportunities are in it.

    The weighted amount is the amount times the stage's win probability.
    """
    base = opportunity_filters(criteria)
    stmt = opportunities.list_select(session, actor, ListQuery(base), [
        Opportunity.stage, func.count(Opportunity.id),
        func.coalesce(func.sum(Opportunity.amount_cents), 0)]).group_by(Opportunity.stage)
    found = {key: (int(n), int(total)) for key, n, total in session.execute(stmt)}
    rows = []
    for stage in stages(session):
        n, total = found.get(stage.key, (0, 0))
        if stage.retired and not n:
            continue  # a retired stage shows only while opportunities are in it
        rows.append(StageRow(stage.key, stage_label(stage.key, stage.name, stage.name_zh),
                             stage.probability,
                             stage.is_won, stage.is_lost, n, total,
                             round_div(total * stage.probability, 100),
                             Drill("opportunity", ListQuery(
                                 filters=[*base, Filter("stage", "eq", stage.key)]))))
    return rows


@dataclass
class ForecastRow:
    """Opportunities expected to close in one month (``key`` None: no close date)."""

    key: str | None
    label: str
    open_count: int
    open_cents: int
    weighted_cents: int
    won_count: int
    won_cents: int
    drill: Drill  # the open opportunities of the month

    @property
    def forecast_cents(self) -> int:
        """Won so far plus the weighted open amount."""
        return self.won_cents + self.weighted_cents


def forecast(session: Session, actor: Actor, criteria: Criteria) -> list[ForecastRow]:
    """Weighted forecast by expected close month.

    Per month: the open opportunities (count, amount, amount weighted by the stage
    probability) and those already won.  Without a period, opportunities with no
    close date are given as a last row.
    """
    all_stages = stages(session)
    open_keys = [s.key for s in all_stages if not (s.is_won or s.is_lost)]
    won_keys = [s.key for s in all_stages if s.is_won]
    base = opportunity_filters(criteria)
    year = extract("year", Opportunity.expected_close)
    month = extract("month", Opportunity.expected_close)
    stage_table = aliased(OpportunityStage)
    open_stmt = (opportunities.list_select(
        session, actor, ListQuery([*base, Filter("stage", "in", open_keys)]), [
            year, month, func.count(Opportunity.id),
            func.coalesce(func.sum(Opportunity.amount_cents), 0),
            func.coalesce(func.sum(Opportunity.amount_cents * stage_table.probability), 0)])
        .join_from(Opportunity, stage_table, stage_table.key == Opportunity.stage)
        .group_by(year, month))
    won_stmt = opportunities.list_select(
        session, actor, ListQuery([*base, Filter("stage", "in", won_keys)]), [
            year, month, func.count(Opportunity.id),
            func.coalesce(func.sum(Opportunity.amount_cents), 0)]).group_by(year, month)
    opened = {month_key(y, m): (int(n), int(a), int(w))
              for y, m, n, a, w in session.execute(open_stmt)}
    won = {month_key(y, m): (int(n), int(a)) for y, m, n, a in session.execute(won_stmt)}
    keys = sorted(k for k in {*opened, *won} if k is not None)
    if criteria.start is not None and criteria.end is not None:
        months: list[str | None] = list(months_between(criteria.start, criteria.end))
    elif keys:
        months = list(months_between(month_bounds(keys[0])[0], month_bounds(keys[-1])[0]))
    else:
        months = []
    if criteria.start is None and criteria.end is None and (None in opened or None in won):
        months.append(None)
    rows = []
    for key in months:
        n, amount, weighted_sum = opened.get(key, (0, 0, 0))
        won_n, won_amount = won.get(key, (0, 0))
        open_filters = [f for f in base if f.field != "expected_close"]
        open_filters.append(Filter("stage", "in", open_keys))
        if key is None:
            open_filters.append(Filter("expected_close", "null"))
            label = translated(NO_CLOSE_DATE)
        else:
            open_filters += date_filters("expected_close", *clip(*month_bounds(key), criteria))
            label = key
        rows.append(ForecastRow(key, label, n, amount, round_div(weighted_sum, 100), won_n,
                                won_amount, Drill("opportunity", ListQuery(filters=open_filters))))
    return rows


# ---------------------------------------------------------------------------
# Conversion of leads by source and intent level
# ---------------------------------------------------------------------------

CONVERSION_DIMENSIONS: dict[str, str] = {
    "source": QT_TRANSLATE_NOOP("Analytics", "Lead source"),
    "intent_level": QT_TRANSLATE_NOOP("Analytics", "Intent level"),
}


@dataclass
class ConversionRow:
    key: str | None
    label: str
    leads: int
    converted: int
    drill: Drill  # the leads of the group

    @property
    def rate(self) -> float | None:
        return ratio(self.converted, self.leads)


def lead_filters(criteria: Criteria) -> list[Filter]:
    """Customers (leads) created in the period."""
    return [*timestamp_filters("created_at", criteria), *owner_filter("owner_id", criteria)]


def _has_sale() -> ColumnElement[bool]:
    return exists(select(Order.id).where(
        Order.customer_id == Customer.id, Order.deleted_at.is_(None),
        Order.status != "cancelled"))


def conversion_by(session: Session, actor: Actor, criteria: Criteria,
                  dimension: str) -> list[ConversionRow]:
    """Leads created in the period and how many became buyers, by source or intent level.

    A lead is converted once it has at least one order that is not cancelled.
    """
    if dimension not in CONVERSION_DIMENSIONS:
        raise ValueError(f"unknown conversion dimension {dimension}")
    base = lead_filters(criteria)
    group = blank_to_null(getattr(Customer, dimension))
    stmt = customers.list_select(session, actor, ListQuery(base), [
        group, func.count(Customer.id), func.coalesce(func.sum(case((_has_sale(), 1),
                                                                    else_=0)), 0)]
    ).group_by(group)
    rows = [ConversionRow(key, _conversion_label(dimension, key), int(n), int(converted),
                          Drill("customer", ListQuery(
                              filters=[*base, value_filter(dimension, key)])))
            for key, n, converted in session.execute(stmt)]
    if dimension == "intent_level":
        order = {k: i for i, k in enumerate(CHOICES["intent_level"])}
        rows.sort(key=lambda r: order.get(r.key or "", len(order)))
    else:
        rows.sort(key=lambda r: (r.key is None, -r.leads, r.label))
    return rows


def _conversion_label(dimension: str, key: Any) -> str:
    if dimension == "intent_level" and key:
        return choice_label("intent_level", key)
    return text_label(key)


# ---------------------------------------------------------------------------
# As tables
# ---------------------------------------------------------------------------

_WEIGHTED = cell("weighted", QT_TRANSLATE_NOOP("Analytics", "Weighted amount"), "money",
                 "weighted_cents")


def _conversion_analysis(name: str, description: str, dimension: str) -> Analysis:
    return Analysis(name, description, lambda s, a, c: conversion_by(s, a, c, dimension), (
        cell("key", CONVERSION_DIMENSIONS[dimension], source="label"),
        cell("leads", QT_TRANSLATE_NOOP("Analytics", "Leads"), "int"),
        cell("converted", QT_TRANSLATE_NOOP("Analytics", "Converted"), "int"),
        cell("rate", QT_TRANSLATE_NOOP("Analytics", "Conversion rate"), "percent")))


TABLES: tuple[Analysis, ...] = (
    Analysis("funnel", QT_TRANSLATE_NOOP("Analytics", "Opportunity funnel by stage"), funnel, (
        cell("stage_key", QT_TRANSLATE_NOOP("Analytics", "Stage key"), source="key"),
        cell("stage", QT_TRANSLATE_NOOP("Analytics", "Stage"), source="label"),
        cell("probability", QT_TRANSLATE_NOOP("Analytics", "Probability"), "int"),
        cell("count", QT_TRANSLATE_NOOP("Analytics", "Opportunities"), "int"),
        cell("amount", QT_TRANSLATE_NOOP("Analytics", "Amount"), "money", "amount_cents"),
        _WEIGHTED)),
    Analysis("forecast",
             QT_TRANSLATE_NOOP("Analytics", "Weighted forecast by expected close month"),
             forecast, (
                 cell("month", QT_TRANSLATE_NOOP("Analytics", "Expected close"), source="label"),
                 cell("open", QT_TRANSLATE_NOOP("Analytics", "Open opportunities"), "int",
                      "open_count"),
                 cell("open_amount", QT_TRANSLATE_NOOP("Analytics", "Open amount"), "money",
                      "open_cents"),
                 _WEIGHTED,
                 cell("won", QT_TRANSLATE_NOOP("Analytics", "Won"), "int", "won_count"),
                 cell("won_amount", QT_TRANSLATE_NOOP("Analytics", "Won amount"), "money",
                      "won_cents"),
                 cell("forecast", QT_TRANSLATE_NOOP("Analytics", "Forecast"), "money",
                      "forecast_cents"))),
    _conversion_analysis("conversion-source",
                         QT_TRANSLATE_NOOP("Analytics", "Conversion rate by lead source"),
                         "source"),
    _conversion_analysis("conversion-intent",
                         QT_TRANSLATE_NOOP("Analytics", "Conversion rate by intent level"),
                         "intent_level"),
)
