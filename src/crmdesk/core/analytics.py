"""Figures for managers: segmentation, sales, pipeline forecast, conversion, follow-up, service.

Every figure is an aggregate over the records the actor may see: each query is
built on a record service's ``list_select`` (which applies the role's scope, hides
deleted records and applies datasheet filters), never on raw tables.  The filters
behind a figure are returned with it as a :class:`Drill` (entity + ``ListQuery``),
so a dashboard can open the datasheet of exactly the records a bar or slice
counts; the figure and the datasheet are computed from the same filters.

Conventions:

* Money is integer cents; cancelled and deleted orders are not sales.
* A :class:`Criteria` period is a range of local calendar days (inclusive).  It
  applies to the order date (sales, RFM, ABC), the expected close date
  (funnel, forecast), the creation time (leads, tickets) and the due time
  (tasks).  ``owner_id`` narrows to one user: the order's salesperson, the
  opportunity's owner, the customer's owner, the task's or ticket's assignee.
* ``as_of`` is the day figures are judged on: recency by default on the end of
  the period (or today when that is earlier), overdue tasks and follow-ups by
  default today.
"""

from __future__ import annotations

import statistics
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import ColumnElement, and_, case, exists, extract, func, select
from sqlalchemy.orm import Session, aliased

from crmdesk.core import audit_messages, presentation
from crmdesk.core.fields import CHOICES, choice_label
from crmdesk.core.models import (
    Customer,
    Opportunity,
    OpportunityStage,
    Order,
    Task,
    Ticket,
)
from crmdesk.core.permissions import Actor, live_customer_ids
from crmdesk.core.services import accounts, audit
from crmdesk.core.services.customers import customers
from crmdesk.core.services.records import Filter, ListQuery
from crmdesk.core.services.sales import opportunities, orders, stages
from crmdesk.core.services.service import statuses, tickets
from crmdesk.core.services.tasks import tasks
from crmdesk.i18n import QT_TRANSLATE_NOOP, render

CONTEXT = "Analytics"


def _t(text: str, **params: object) -> str:
    return render(CONTEXT, text, **params)


NOT_SET = QT_TRANSLATE_NOOP("Analytics", "(not set)")
NO_CLOSE_DATE = QT_TRANSLATE_NOOP("Analytics", "No close date")

# ---------------------------------------------------------------------------
# Criteria and drill-through
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class Criteria:
    """What figures are filtered by: a period of local days, an owner, an "as of" day."""

    start: date | None = None
    end: date | None = None
    owner_id: int | None = None
    as_of: date | None = None

    def reference_day(self) -> date:
        """The day recency is judged on: ``as_of``, else the period's end or today."""
        if self.as_of is not None:
            return self.as_of
        today = date.today()
        return min(self.end, today) if self.end is not None else today

    def overdue_day(self) -> date:
        """The day "overdue" is judged on (a present state): ``as_of``, else today."""
        return self.as_of if self.as_of is not None else date.today()


@dataclass
class Drill:
    """The datasheet behind a figure: which records (entity) and which filters."""

    entity: str
    query: ListQuery

    def with_filters(self, *extra: Filter) -> Drill:
        return Drill(self.entity, ListQuery(filters=[*self.query.filters, *extra]))


def local_day_start(day: date) -> datetime:
    """Midnight at the start of a local calendar day, in UTC (what timestamps store)."""
    return datetime.combine(day, time.min).astimezone().astimezone(UTC)


def _timestamp_filters(column: str, criteria: Criteria) -> list[Filter]:
    """A timestamp column within the period's local days."""
    result = []
    if criteria.start is not None:
        result.append(Filter(column, "ge", local_day_start(criteria.start)))
    if criteria.end is not None:
        result.append(Filter(column, "lt", local_day_start(criteria.end + timedelta(days=1))))
    return result


def _date_filters(column: str, start: date | None, end: date | None) -> list[Filter]:
    result = []
    if start is not None:
        result.append(Filter(column, "ge", start))
    if end is not None:
        result.append(Filter(column, "le", end))
    return result


def _owner_filter(column: str, criteria: Criteria) -> list[Filter]:
    return [] if criteria.owner_id is None else [Filter(column, "eq", criteria.owner_id)]


def _value_filter(column: str, value: Any) -> Filter:
    """Equality on a group's value; the "not set" group matches empty and NULL."""
    return Filter(column, "null") if value is None else Filter(column, "eq", value)


def sales_filters(criteria: Criteria) -> list[Filter]:
    """Orders that count as sales in the period: not cancelled (deleted ones never show)."""
    return [Filter("status", "ne", "cancelled"),
            *_date_filters("order_date", criteria.start, criteria.end),
            *_owner_filter("owner_id", criteria)]


def _blank_to_null(column: Any) -> Any:
    return func.nullif(column, "")


def _month_key(year: int | None, month: int | None) -> str | None:
    if year is None or month is None:
        return None
    return f"{int(year):04d}-{int(month):02d}"


def month_bounds(key: str) -> tuple[date, date]:
    """First and last day of month ``YYYY-MM``."""
    year, month = (int(p) for p in key.split("-"))
    first = date(year, month, 1)
    following = date(year + (month == 12), month % 12 + 1, 1)
    return first, following - timedelta(days=1)


def months_between(first: date, last: date) -> list[str]:
    keys = []
    year, month = first.year, first.month
    while (year, month) <= (last.year, last.month):
        keys.append(f"{year:04d}-{month:02d}")
        year, month = (year + 1, 1) if month == 12 else (year, month + 1)
    return keys


def _clip(start: date, end: date, criteria: Criteria) -> tuple[date, date]:
    if criteria.start is not None and criteria.start > start:
        start = criteria.start
    if criteria.end is not None and criteria.end < end:
        end = criteria.end
    return start, end


def _ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def _round_div(numerator: int, denominator: int) -> int:
    """Integer division rounding half away from zero (money stays integer cents)."""
    if denominator == 0:
        return 0
    sign = -1 if (numerator < 0) != (denominator < 0) else 1
    return sign * ((abs(numerator) * 2 + abs(denominator)) // (2 * abs(denominator)))


# ---------------------------------------------------------------------------
# Labels of stored keys
# ---------------------------------------------------------------------------

def stage_label(key: str, name: str) -> str:
    """A stage's name in the user's language (an admin's own name is shown as typed)."""
    return presentation.stage_name(key, name)


def ticket_status_label(key: str, name: str) -> str:
    return presentation.status_name(key, name)


def _text_label(value: str | None) -> str:
    return value if value else _t(NOT_SET)


class _UserNames:
    def __init__(self, session: Session) -> None:
        self.names = accounts.user_names(session)

    def __call__(self, user_id: int | None) -> str:
        if user_id is None:
            return _t(NOT_SET)
        return self.names.get(user_id, f"#{user_id}")


# ---------------------------------------------------------------------------
# Sales by industry, region, owner, month
# ---------------------------------------------------------------------------

SALES_DIMENSIONS: dict[str, str] = {
    "industry": QT_TRANSLATE_NOOP("Analytics", "Industry"),
    "province": QT_TRANSLATE_NOOP("Analytics", "Region"),
    "city": QT_TRANSLATE_NOOP("Analytics", "City"),
    "owner": QT_TRANSLATE_NOOP("Analytics", "Salesperson"),
    "month": QT_TRANSLATE_NOOP("Analytics", "Month"),
}


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
        return _round_div(self.total_cents, self.orders)


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
    measures = [func.count(Order.id), func.count(func.distinct(Order.customer_id)),
                func.coalesce(func.sum(Order.total_cents), 0)]
    keyed: list[tuple[Any, int, int, int]] = []
    if dimension in ("industry", "province", "city"):
        cust = aliased(Customer)
        group = _blank_to_null(getattr(cust, dimension))
        stmt = (orders.list_select(session, actor, ListQuery(base), [group, *measures])
                .join_from(Order, cust, cust.id == Order.customer_id).group_by(group))
        keyed = [(k, n, c, int(t)) for k, n, c, t in session.execute(stmt)]
    elif dimension == "owner":
        stmt = orders.list_select(session, actor, ListQuery(base),
                                  [Order.owner_id, *measures]).group_by(Order.owner_id)
        keyed = [(k, n, c, int(t)) for k, n, c, t in session.execute(stmt)]
    else:
        year, month = extract("year", Order.order_date), extract("month", Order.order_date)
        stmt = orders.list_select(session, actor, ListQuery(base),
                                  [year, month, *measures]).group_by(year, month)
        found = {_month_key(y, m): (n, c, int(t)) for y, m, n, c, t in session.execute(stmt)}
        keys = [k for k in found if k is not None]
        if criteria.start is not None and criteria.end is not None:
            wanted = months_between(criteria.start, criteria.end)
        elif keys:
            wanted = months_between(month_bounds(min(keys))[0], month_bounds(max(keys))[0])
        else:
            wanted = []
        keyed = [(k, *found.get(k, (0, 0, 0))) for k in wanted]
    grand = sum(t for _, _, _, t in keyed)
    names = _UserNames(session)
    rows = []
    for key, n, c, total in keyed:
        if dimension == "month":
            first, last = _clip(*month_bounds(key), criteria)
            drill_filters = [f for f in base if f.field != "order_date"]
            drill_filters += _date_filters("order_date", first, last)
            label = key
        elif dimension == "owner":
            drill_filters = [f for f in base if f.field != "owner_id"]
            drill_filters.append(_value_filter("owner_id", key))
            label = names(key)
        else:
            drill_filters = [*base, _value_filter(f"customer.{dimension}", key)]
            label = _text_label(key)
        rows.append(SalesRow(key, label, int(n), int(c), total, _ratio(total, grand),
                             Drill("order", ListQuery(filters=drill_filters))))
    if dimension != "month":
        rows.sort(key=lambda r: (-r.total_cents, r.key is None, r.label))
    return rows


# ---------------------------------------------------------------------------
# Customer value: RFM segments and ABC tiers
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Segment:
    key: str
    label: str  # English source (context Analytics)
    recent: bool
    frequent: bool
    valuable: bool


#: The eight classic RFM segments (each measure above or below the average).
RFM_SEGMENTS: tuple[Segment, ...] = (
    Segment("important_value", QT_TRANSLATE_NOOP("Analytics", "Important value"),
            True, True, True),
    Segment("important_develop", QT_TRANSLATE_NOOP("Analytics", "Important to develop"),
            True, False, True),
    Segment("important_keep", QT_TRANSLATE_NOOP("Analytics", "Important to keep"),
            False, True, True),
    Segment("important_retain", QT_TRANSLATE_NOOP("Analytics", "Important to win back"),
            False, False, True),
    Segment("general_value", QT_TRANSLATE_NOOP("Analytics", "General value"),
            True, True, False),
    Segment("general_develop", QT_TRANSLATE_NOOP("Analytics", "General to develop"),
            True, False, False),
    Segment("general_keep", QT_TRANSLATE_NOOP("Analytics", "General to keep"),
            False, True, False),
    Segment("general_retain", QT_TRANSLATE_NOOP("Analytics", "General to win back"),
            False, False, False),
)
SEGMENT_BY_KEY = {s.key: s for s in RFM_SEGMENTS}


def segment_for(recent: bool, frequent: bool, valuable: bool) -> Segment:
    for segment in RFM_SEGMENTS:
        if (segment.recent, segment.frequent, segment.valuable) == (recent, frequent, valuable):
            return segment
    raise AssertionError("every combination has a segment")


@dataclass
class CustomerValue:
    """One buying customer's recency, frequency and monetary value, segment and tier."""

    customer_id: int
    code: str
    name: str
    owner_id: int | None
    last_order: date
    recency_days: int
    frequency: int
    monetary_cents: int
    segment: str = ""
    tier: str = ""
    share: float = 0.0
    cumulative_share: float = 0.0


@dataclass
class SegmentRow:
    key: str
    label: str
    customers: int
    total_cents: int
    share: float | None
    average_recency_days: float | None
    average_frequency: float | None
    drill: Drill


@dataclass
class RFMResult:
    as_of: date
    average_recency_days: float
    average_frequency: float
    average_monetary_cents: int
    customers: list[CustomerValue]
    segments: list[SegmentRow]


def _customer_values(session: Session, actor: Actor, criteria: Criteria) -> tuple[
        date, list[CustomerValue]]:
    """Per visible, live customer with sales in the period up to the reference day."""
    reference = criteria.reference_day()
    base = [Filter("status", "ne", "cancelled"),
            *_date_filters("order_date", criteria.start, reference)]
    if criteria.owner_id is not None:
        base.append(Filter("customer.owner_id", "eq", criteria.owner_id))
    cust = aliased(Customer)
    stmt = (orders.list_select(session, actor, ListQuery(base), [
        Order.customer_id, cust.code, cust.name, cust.owner_id, func.max(Order.order_date),
        func.count(Order.id), func.coalesce(func.sum(Order.total_cents), 0)])
        .join_from(Order, cust, cust.id == Order.customer_id)
        .where(Order.customer_id.in_(live_customer_ids(actor)))
        .group_by(Order.customer_id, cust.code, cust.name, cust.owner_id))
    values = [CustomerValue(cid, code, name, owner, last, (reference - last).days, int(n),
                            int(total))
              for cid, code, name, owner, last, n, total in session.execute(stmt)]
    values.sort(key=lambda v: v.customer_id)
    return reference, values


def _customers_drill(ids: Sequence[int]) -> Drill:
    return Drill("customer", ListQuery(filters=[Filter("id", "in", list(ids))]))


def rfm(session: Session, actor: Actor, criteria: Criteria) -> RFMResult:
    """RFM segmentation of the customers who bought in the period.

    Recency is the days from the last order to the reference day, frequency the
    number of orders, monetary the sum of their totals.  Each measure is "high"
    when at least as good as the average over these customers (recency at most the
    average; frequency and monetary at least the average), which places every
    customer in one of the eight :data:`RFM_SEGMENTS`.
    """
    reference, values = _customer_values(session, actor, criteria)
    n = len(values)
    sum_r = sum(v.recency_days for v in values)
    sum_f = sum(v.frequency for v in values)
    sum_m = sum(v.monetary_cents for v in values)
    for v in values:  # exact comparisons with the mean: x <= sum/n  <=>  x*n <= sum
        segment = segment_for(v.recency_days * n <= sum_r, v.frequency * n >= sum_f,
                              v.monetary_cents * n >= sum_m)
        v.segment = segment.key
    rows = []
    for segment in RFM_SEGMENTS:
        members = [v for v in values if v.segment == segment.key]
        total = sum(v.monetary_cents for v in members)
        rows.append(SegmentRow(
            segment.key, _t(segment.label), len(members), total, _ratio(total, sum_m),
            statistics.fmean(v.recency_days for v in members) if members else None,
            statistics.fmean(v.frequency for v in members) if members else None,
            _customers_drill([v.customer_id for v in members])))
    return RFMResult(reference, sum_r / n if n else 0.0, sum_f / n if n else 0.0,
                     _round_div(sum_m, n), values, rows)


#: ABC tiers: A while the customers ranked above hold less than 70 % of sales, B below 90 %.
ABC_LIMITS: tuple[tuple[str, int], ...] = (("A", 70), ("B", 90), ("C", 100))
ABC_LABELS: dict[str, str] = {
    "A": QT_TRANSLATE_NOOP("Analytics", "A - key customers"),
    "B": QT_TRANSLATE_NOOP("Analytics", "B - regular customers"),
    "C": QT_TRANSLATE_NOOP("Analytics", "C - small customers"),
}


@dataclass
class TierRow:
    key: str
    label: str
    customers: int
    total_cents: int
    share: float | None
    drill: Drill


@dataclass
class ABCResult:
    total_cents: int
    customers: list[CustomerValue]  # ranked by sales, largest first
    tiers: list[TierRow]


def abc(session: Session, actor: Actor, criteria: Criteria) -> ABCResult:
    """ABC value tiers: customers ranked by sales in the period (ties: older customer first).

    A customer is in tier A when the customers ranked above it hold less than
    70 % of the period's sales, B when less than 90 %, else C; so the top
    customers making up about 70 % of sales are A.
    """
    _, values = _customer_values(session, actor, criteria)
    values.sort(key=lambda v: (-v.monetary_cents, v.customer_id))
    grand = sum(v.monetary_cents for v in values)
    before = 0
    for v in values:
        for tier, limit in ABC_LIMITS:
            if before * 100 < limit * grand or tier == "C":
                v.tier = tier
                break
        before += v.monetary_cents
        v.share = v.monetary_cents / grand if grand else 0.0
        v.cumulative_share = before / grand if grand else 0.0
    tiers = []
    for tier, _limit in ABC_LIMITS:
        members = [v for v in values if v.tier == tier]
        total = sum(v.monetary_cents for v in members)
        tiers.append(TierRow(tier, _t(ABC_LABELS[tier]), len(members), total,
                             _ratio(total, grand),
                             _customers_drill([v.customer_id for v in members])))
    return ABCResult(grand, values, tiers)


# ---------------------------------------------------------------------------
# Pipeline: funnel and weighted forecast
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
    return [*_date_filters("expected_close", criteria.start, criteria.end),
            *_owner_filter("owner_id", criteria)]


def funnel(session: Session, actor: Actor, criteria: Criteria) -> list[StageRow]:
    """Opportunities per stage (in pipeline order) expected to close in the period.

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
        rows.append(StageRow(stage.key, stage_label(stage.key, stage.name), stage.probability,
                             stage.is_won, stage.is_lost, n, total,
                             _round_div(total * stage.probability, 100),
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
    opened = {_month_key(y, m): (int(n), int(a), int(w))
              for y, m, n, a, w in session.execute(open_stmt)}
    won = {_month_key(y, m): (int(n), int(a)) for y, m, n, a in session.execute(won_stmt)}
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
            label = _t(NO_CLOSE_DATE)
        else:
            open_filters += _date_filters("expected_close", *_clip(*month_bounds(key), criteria))
            label = key
        rows.append(ForecastRow(key, label, n, amount, _round_div(weighted_sum, 100), won_n,
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
        return _ratio(self.converted, self.leads)


def lead_filters(criteria: Criteria) -> list[Filter]:
    """Customers (leads) created in the period."""
    return [*_timestamp_filters("created_at", criteria), *_owner_filter("owner_id", criteria)]


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
    group = _blank_to_null(getattr(Customer, dimension))
    stmt = customers.list_select(session, actor, ListQuery(base), [
        group, func.count(Customer.id), func.coalesce(func.sum(case((_has_sale(), 1),
                                                                    else_=0)), 0)]
    ).group_by(group)
    rows = [ConversionRow(key, choice_label("intent_level", key) if dimension == "intent_level"
                          and key else _text_label(key), int(n), int(converted),
                          Drill("customer", ListQuery(
                              filters=[*base, _value_filter(dimension, key)])))
            for key, n, converted in session.execute(stmt)]
    if dimension == "intent_level":
        order = {k: i for i, k in enumerate(CHOICES["intent_level"])}
        rows.sort(key=lambda r: order.get(r.key or "", len(order)))
    else:
        rows.sort(key=lambda r: (r.key is None, -r.leads, r.label))
    return rows


# ---------------------------------------------------------------------------
# Follow-up compliance
# ---------------------------------------------------------------------------

@dataclass
class ComplianceRow:
    """One assignee's follow-ups: tasks due in the period and what is overdue now."""

    owner_id: int | None
    label: str
    open_tasks: int
    overdue_tasks: int
    due_tasks: int  # due in the period before the reference day
    done_on_time: int
    done_late: int
    overdue_customers: int  # customers whose next follow-up date has passed
    drill: Drill  # the overdue tasks
    customers_drill: Drill

    @property
    def on_time_rate(self) -> float | None:
        return _ratio(self.done_on_time, self.due_tasks)


def follow_up_compliance(session: Session, actor: Actor,
                         criteria: Criteria) -> list[ComplianceRow]:
    """Per assignee: open and overdue tasks, tasks due in the period done on time or late,
    and customers whose planned follow-up date has passed.

    A task is overdue when it is not done and was due before the reference day;
    it was done on time when it was marked done no later than its due time.
    """
    reference = criteria.overdue_day()
    cutoff = local_day_start(reference)
    owner = _owner_filter("assignee_id", criteria)
    due_conditions: list[ColumnElement[bool]] = [Task.due_at.is_not(None), Task.due_at < cutoff]
    if criteria.start is not None:
        due_conditions.append(Task.due_at >= local_day_start(criteria.start))
    if criteria.end is not None:
        due_conditions.append(Task.due_at < local_day_start(criteria.end + timedelta(days=1)))
    in_period = and_(*due_conditions)

    def count_if(condition: ColumnElement[bool]) -> Any:
        return func.coalesce(func.sum(case((condition, 1), else_=0)), 0)

    stmt = tasks.list_select(session, actor, ListQuery(list(owner)), [
        Task.assignee_id,
        count_if(Task.done.is_(False)),
        count_if(and_(Task.done.is_(False), Task.due_at < cutoff)),
        count_if(in_period),
        count_if(and_(in_period, Task.done.is_(True), Task.done_at <= Task.due_at)),
        count_if(and_(in_period, Task.done.is_(True), Task.done_at > Task.due_at)),
    ]).group_by(Task.assignee_id)
    found = {row[0]: [int(v) for v in row[1:]] for row in session.execute(stmt)}
    customer_filters = [Filter("next_follow_up", "lt", reference),
                        *_owner_filter("owner_id", criteria)]
    late_customers = {owner_id: int(n) for owner_id, n in session.execute(
        customers.list_select(session, actor, ListQuery(customer_filters),
                              [Customer.owner_id, func.count(Customer.id)])
        .group_by(Customer.owner_id))}
    names = _UserNames(session)
    rows = []
    for owner_id in {*found, *late_customers}:
        open_n, overdue, due, on_time, late = found.get(owner_id, [0, 0, 0, 0, 0])
        if not (open_n or due or late_customers.get(owner_id)):
            continue
        task_drill = Drill("task", ListQuery(filters=[
            Filter("done", "eq", False), Filter("due_at", "lt", cutoff),
            _value_filter("assignee_id", owner_id)]))
        customer_drill = Drill("customer", ListQuery(filters=[
            Filter("next_follow_up", "lt", reference), _value_filter("owner_id", owner_id)]))
        rows.append(ComplianceRow(owner_id, names(owner_id), open_n, overdue, due, on_time,
                                  late, late_customers.get(owner_id, 0), task_drill,
                                  customer_drill))
    rows.sort(key=lambda r: (-r.overdue_tasks, -r.overdue_customers, r.label))
    return rows


# ---------------------------------------------------------------------------
# Service: tickets by status and priority, time to resolve
# ---------------------------------------------------------------------------

@dataclass
class TicketCountRow:
    key: Any
    label: str
    count: int
    open: int
    is_closed: bool | None  # for a status; None for a priority
    drill: Drill


@dataclass
class ResolutionRow:
    key: str | None  # a priority; None for all tickets
    label: str
    resolved: int
    average_hours: float | None
    median_hours: float | None
    drill: Drill


@dataclass
class ServiceStats:
    total: int
    open: int
    by_status: list[TicketCountRow]
    by_priority: list[TicketCountRow]
    resolution: list[ResolutionRow]  # per priority, then all tickets

    @property
    def average_hours(self) -> float | None:
        return self.resolution[-1].average_hours

    @property
    def median_hours(self) -> float | None:
        return self.resolution[-1].median_hours


def ticket_filters(criteria: Criteria) -> list[Filter]:
    """Tickets opened in the period (assigned to the owner)."""
    return [*_timestamp_filters("created_at", criteria), *_owner_filter("assignee_id", criteria)]


def service_stats(session: Session, actor: Actor, criteria: Criteria) -> ServiceStats:
    """Tickets opened in the period by status and priority, and the time to resolve them.

    The time to resolve is from the ticket's creation to ``resolved_at`` (set when
    it reaches a closed status), over the resolved tickets.
    """
    base = ticket_filters(criteria)
    all_statuses = statuses(session)
    closed_ids = [s.id for s in all_statuses if s.is_closed]
    by_status = {sid: int(n) for sid, n in session.execute(tickets.list_select(
        session, actor, ListQuery(base), [Ticket.status_id, func.count(Ticket.id)])
        .group_by(Ticket.status_id))}
    status_rows = [
        TicketCountRow(s.id, ticket_status_label(s.key, s.name), by_status.get(s.id, 0),
                       0 if s.is_closed else by_status.get(s.id, 0), s.is_closed,
                       Drill("ticket", ListQuery(filters=[*base, Filter("status_id", "eq",
                                                                         s.id)])))
        for s in all_statuses if s.active or by_status.get(s.id)]
    is_open = Ticket.status_id.not_in(closed_ids) if closed_ids else Ticket.id.is_not(None)
    by_priority = {key: (int(n), int(o)) for key, n, o in session.execute(tickets.list_select(
        session, actor, ListQuery(base), [
            Ticket.priority, func.count(Ticket.id),
            func.coalesce(func.sum(case((is_open, 1), else_=0)), 0)])
        .group_by(Ticket.priority))}
    priorities = list(CHOICES["ticket_priority"])
    priorities += sorted(k for k in by_priority if k not in priorities)
    priority_rows = [
        TicketCountRow(p, choice_label("ticket_priority", p), *by_priority.get(p, (0, 0)), None,
                       Drill("ticket", ListQuery(filters=[*base, Filter("priority", "eq", p)])))
        for p in priorities]
    durations: dict[str, list[float]] = {}
    resolved_stmt = tickets.list_select(session, actor, ListQuery(
        [*base, Filter("resolved_at", "notnull")]),
        [Ticket.priority, Ticket.created_at, Ticket.resolved_at])
    for priority, created, resolved in session.execute(resolved_stmt):
        hours = max(0.0, (resolved - created).total_seconds() / 3600)
        durations.setdefault(priority, []).append(hours)
    resolution = []
    every: list[float] = []
    for p in priorities:
        values = durations.get(p, [])
        every.extend(values)
        resolution.append(ResolutionRow(
            p, choice_label("ticket_priority", p), len(values),
            statistics.fmean(values) if values else None,
            statistics.median(values) if values else None,
            Drill("ticket", ListQuery(filters=[*base, Filter("resolved_at", "notnull"),
                                                Filter("priority", "eq", p)]))))
    resolution.append(ResolutionRow(
        None, _t(QT_TRANSLATE_NOOP("Analytics", "All tickets")), len(every),
        statistics.fmean(every) if every else None, statistics.median(every) if every else None,
        Drill("ticket", ListQuery(filters=[*base, Filter("resolved_at", "notnull")]))))
    total = sum(r.count for r in status_rows)
    return ServiceStats(total, sum(r.open for r in status_rows), status_rows, priority_rows,
                        resolution)


# ---------------------------------------------------------------------------
# Key figures (the dashboard's top row)
# ---------------------------------------------------------------------------

@dataclass
class KeyFigure:
    key: str
    label: str
    value: int | float | None
    kind: str  # money | count | percent | hours
    drill: Drill | None = None


def key_figures(session: Session, actor: Actor, criteria: Criteria) -> list[KeyFigure]:
    """The headline numbers for the period, each with the records behind it."""
    sales_q = ListQuery(sales_filters(criteria))
    n_orders, sales_total = session.execute(orders.list_select(
        session, actor, sales_q,
        [func.count(Order.id), func.coalesce(func.sum(Order.total_cents), 0)])).one()
    leads_q = ListQuery(lead_filters(criteria))
    new_customers = customers.count(session, actor, leads_q)
    funnel_rows = funnel(session, actor, criteria)
    open_rows = [r for r in funnel_rows if r.is_open]
    open_keys = [r.key for r in open_rows]
    pipeline_q = ListQuery([*opportunity_filters(criteria), Filter("stage", "in", open_keys)])
    closed_q = ListQuery([*_timestamp_filters("closed_at", criteria),
                          *_owner_filter("owner_id", criteria)])
    won = lost = 0
    for stage_key, n in session.execute(opportunities.list_select(
            session, actor, closed_q, [Opportunity.stage, func.count(Opportunity.id)])
            .group_by(Opportunity.stage)):
        row = next((r for r in funnel_rows if r.key == stage_key), None)
        if row is not None and row.is_won:
            won += int(n)
        elif row is not None and row.is_lost:
            lost += int(n)
    won_keys = [r.key for r in funnel_rows if r.is_won]
    overdue_q = ListQuery([Filter("done", "eq", False),
                           Filter("due_at", "lt", local_day_start(criteria.overdue_day())),
                           *_owner_filter("assignee_id", criteria)])
    open_status_ids = [s.id for s in statuses(session) if not s.is_closed]
    open_tickets_q = ListQuery([Filter("status_id", "in", open_status_ids),
                                *_owner_filter("assignee_id", criteria)])
    service = service_stats(session, actor, criteria)
    return [
        KeyFigure("sales", _t(QT_TRANSLATE_NOOP("Analytics", "Sales")), int(sales_total),
                  "money", Drill("order", sales_q)),
        KeyFigure("orders", _t(QT_TRANSLATE_NOOP("Analytics", "Orders")), int(n_orders),
                  "count", Drill("order", sales_q)),
        KeyFigure("average_order", _t(QT_TRANSLATE_NOOP("Analytics", "Average order")),
                  _round_div(int(sales_total), int(n_orders)), "money", Drill("order", sales_q)),
        KeyFigure("new_customers", _t(QT_TRANSLATE_NOOP("Analytics", "New customers")),
                  new_customers, "count", Drill("customer", leads_q)),
        KeyFigure("pipeline", _t(QT_TRANSLATE_NOOP("Analytics", "Open pipeline")),
                  sum(r.amount_cents for r in open_rows), "money",
                  Drill("opportunity", pipeline_q)),
        KeyFigure("weighted", _t(QT_TRANSLATE_NOOP("Analytics", "Weighted forecast")),
                  sum(r.weighted_cents for r in open_rows), "money",
                  Drill("opportunity", pipeline_q)),
        KeyFigure("win_rate", _t(QT_TRANSLATE_NOOP("Analytics", "Win rate")),
                  _ratio(won, won + lost), "percent",
                  Drill("opportunity", ListQuery([*closed_q.filters,
                                                  Filter("stage", "in", won_keys)]))),
        KeyFigure("overdue_tasks", _t(QT_TRANSLATE_NOOP("Analytics", "Overdue follow-ups")),
                  tasks.count(session, actor, overdue_q), "count", Drill("task", overdue_q)),
        KeyFigure("open_tickets", _t(QT_TRANSLATE_NOOP("Analytics", "Open tickets")),
                  tickets.count(session, actor, open_tickets_q), "count",
                  Drill("ticket", open_tickets_q)),
        KeyFigure("resolve_hours", _t(QT_TRANSLATE_NOOP("Analytics", "Average time to resolve")),
                  service.average_hours, "hours", service.resolution[-1].drill),
    ]


# ---------------------------------------------------------------------------
# Tables: every analysis as rows and columns (command line, generic report tables)
# ---------------------------------------------------------------------------

@dataclass(frozen=True)
class Column:
    key: str
    header: str  # English source (context Analytics)
    #: text | int | money | percent | float | hours | days | date | mixed (the row's "kind")
    kind: str = "text"

    @property
    def translated(self) -> str:
        return _t(self.header)


@dataclass
class Table:
    name: str
    columns: list[Column]
    rows: list[list[Any]] = field(default_factory=list)
    drills: list[Drill | None] = field(default_factory=list)
    #: customers the table names (one per row of the per-customer tables)
    customer_ids: list[int] = field(default_factory=list)

    def add(self, values: Sequence[Any], drill: Drill | None = None) -> None:
        self.rows.append(list(values))
        self.drills.append(drill)


def _c(key: str, header: str, kind: str = "text") -> Column:
    return Column(key, header, kind)


_GROUP = _c("group", QT_TRANSLATE_NOOP("Analytics", "Group"))
_CUSTOMER_CODE = _c("code", QT_TRANSLATE_NOOP("Analytics", "Code"))
_CUSTOMER_NAME = _c("name", QT_TRANSLATE_NOOP("Analytics", "Customer"))


def _sales_table(dimension: str) -> Callable[[Session, Actor, Criteria], Table]:
    def build(session: Session, actor: Actor, criteria: Criteria) -> Table:
        table = Table(f"sales-{dimension}", [
            _c("key", SALES_DIMENSIONS[dimension]),
            _c("orders", QT_TRANSLATE_NOOP("Analytics", "Orders"), "int"),
            _c("customers", QT_TRANSLATE_NOOP("Analytics", "Customers"), "int"),
            _c("total", QT_TRANSLATE_NOOP("Analytics", "Sales"), "money"),
            _c("share", QT_TRANSLATE_NOOP("Analytics", "Share"), "percent"),
            _c("average_order", QT_TRANSLATE_NOOP("Analytics", "Average order"), "money")])
        for r in sales_by(session, actor, criteria, dimension):
            table.add([r.label, r.orders, r.customers, r.total_cents, r.share,
                       r.average_order_cents], r.drill)
        return table
    return build


def _rfm_table(session: Session, actor: Actor, criteria: Criteria) -> Table:
    result = rfm(session, actor, criteria)
    table = Table("rfm", [
        _CUSTOMER_CODE, _CUSTOMER_NAME,
        _c("recency", QT_TRANSLATE_NOOP("Analytics", "Days since last order"), "int"),
        _c("frequency", QT_TRANSLATE_NOOP("Analytics", "Orders"), "int"),
        _c("monetary", QT_TRANSLATE_NOOP("Analytics", "Sales"), "money"),
        _c("segment_key", QT_TRANSLATE_NOOP("Analytics", "Segment key")),
        _c("segment", QT_TRANSLATE_NOOP("Analytics", "Segment"))])
    for v in result.customers:
        table.add([v.code, v.name, v.recency_days, v.frequency, v.monetary_cents, v.segment,
                   _t(SEGMENT_BY_KEY[v.segment].label)], _customers_drill([v.customer_id]))
        table.customer_ids.append(v.customer_id)
    return table


def _rfm_segments_table(session: Session, actor: Actor, criteria: Criteria) -> Table:
    result = rfm(session, actor, criteria)
    table = Table("rfm-segments", [
        _c("segment_key", QT_TRANSLATE_NOOP("Analytics", "Segment key")),
        _c("segment", QT_TRANSLATE_NOOP("Analytics", "Segment")),
        _c("customers", QT_TRANSLATE_NOOP("Analytics", "Customers"), "int"),
        _c("total", QT_TRANSLATE_NOOP("Analytics", "Sales"), "money"),
        _c("share", QT_TRANSLATE_NOOP("Analytics", "Share"), "percent"),
        _c("recency", QT_TRANSLATE_NOOP("Analytics", "Average days since last order"), "float"),
        _c("frequency", QT_TRANSLATE_NOOP("Analytics", "Average orders"), "float")])
    for r in result.segments:
        table.add([r.key, r.label, r.customers, r.total_cents, r.share, r.average_recency_days,
                   r.average_frequency], r.drill)
    return table


def _abc_table(session: Session, actor: Actor, criteria: Criteria) -> Table:
    result = abc(session, actor, criteria)
    table = Table("abc", [
        _CUSTOMER_CODE, _CUSTOMER_NAME,
        _c("total", QT_TRANSLATE_NOOP("Analytics", "Sales"), "money"),
        _c("share", QT_TRANSLATE_NOOP("Analytics", "Share"), "percent"),
        _c("cumulative", QT_TRANSLATE_NOOP("Analytics", "Cumulative share"), "percent"),
        _c("tier", QT_TRANSLATE_NOOP("Analytics", "Tier"))])
    for v in result.customers:
        table.add([v.code, v.name, v.monetary_cents, v.share, v.cumulative_share, v.tier],
                  _customers_drill([v.customer_id]))
        table.customer_ids.append(v.customer_id)
    return table


def _abc_tiers_table(session: Session, actor: Actor, criteria: Criteria) -> Table:
    result = abc(session, actor, criteria)
    table = Table("abc-tiers", [
        _c("tier", QT_TRANSLATE_NOOP("Analytics", "Tier")), _GROUP,
        _c("customers", QT_TRANSLATE_NOOP("Analytics", "Customers"), "int"),
        _c("total", QT_TRANSLATE_NOOP("Analytics", "Sales"), "money"),
        _c("share", QT_TRANSLATE_NOOP("Analytics", "Share"), "percent")])
    for r in result.tiers:
        table.add([r.key, r.label, r.customers, r.total_cents, r.share], r.drill)
    return table


def _funnel_table(session: Session, actor: Actor, criteria: Criteria) -> Table:
    table = Table("funnel", [
        _c("stage_key", QT_TRANSLATE_NOOP("Analytics", "Stage key")),
        _c("stage", QT_TRANSLATE_NOOP("Analytics", "Stage")),
        _c("probability", QT_TRANSLATE_NOOP("Analytics", "Probability"), "int"),
        _c("count", QT_TRANSLATE_NOOP("Analytics", "Opportunities"), "int"),
        _c("amount", QT_TRANSLATE_NOOP("Analytics", "Amount"), "money"),
        _c("weighted", QT_TRANSLATE_NOOP("Analytics", "Weighted amount"), "money")])
    for r in funnel(session, actor, criteria):
        table.add([r.key, r.label, r.probability, r.count, r.amount_cents, r.weighted_cents],
                  r.drill)
    return table


def _forecast_table(session: Session, actor: Actor, criteria: Criteria) -> Table:
    table = Table("forecast", [
        _c("month", QT_TRANSLATE_NOOP("Analytics", "Expected close")),
        _c("open", QT_TRANSLATE_NOOP("Analytics", "Open opportunities"), "int"),
        _c("open_amount", QT_TRANSLATE_NOOP("Analytics", "Open amount"), "money"),
        _c("weighted", QT_TRANSLATE_NOOP("Analytics", "Weighted amount"), "money"),
        _c("won", QT_TRANSLATE_NOOP("Analytics", "Won"), "int"),
        _c("won_amount", QT_TRANSLATE_NOOP("Analytics", "Won amount"), "money"),
        _c("forecast", QT_TRANSLATE_NOOP("Analytics", "Forecast"), "money")])
    for r in forecast(session, actor, criteria):
        table.add([r.label, r.open_count, r.open_cents, r.weighted_cents, r.won_count,
                   r.won_cents, r.forecast_cents], r.drill)
    return table


def _conversion_table(dimension: str) -> Callable[[Session, Actor, Criteria], Table]:
    def build(session: Session, actor: Actor, criteria: Criteria) -> Table:
        table = Table(f"conversion-{dimension}", [
            _c("key", CONVERSION_DIMENSIONS[dimension]),
            _c("leads", QT_TRANSLATE_NOOP("Analytics", "Leads"), "int"),
            _c("converted", QT_TRANSLATE_NOOP("Analytics", "Converted"), "int"),
            _c("rate", QT_TRANSLATE_NOOP("Analytics", "Conversion rate"), "percent")])
        for r in conversion_by(session, actor, criteria, dimension):
            table.add([r.label, r.leads, r.converted, r.rate], r.drill)
        return table
    return build


def _follow_up_table(session: Session, actor: Actor, criteria: Criteria) -> Table:
    table = Table("follow-up", [
        _c("owner", QT_TRANSLATE_NOOP("Analytics", "Assignee")),
        _c("open", QT_TRANSLATE_NOOP("Analytics", "Open tasks"), "int"),
        _c("overdue", QT_TRANSLATE_NOOP("Analytics", "Overdue tasks"), "int"),
        _c("due", QT_TRANSLATE_NOOP("Analytics", "Due in period"), "int"),
        _c("on_time", QT_TRANSLATE_NOOP("Analytics", "Done on time"), "int"),
        _c("late", QT_TRANSLATE_NOOP("Analytics", "Done late"), "int"),
        _c("on_time_rate", QT_TRANSLATE_NOOP("Analytics", "On-time rate"), "percent"),
        _c("customers", QT_TRANSLATE_NOOP("Analytics", "Customers overdue for follow-up"),
           "int")])
    for r in follow_up_compliance(session, actor, criteria):
        table.add([r.label, r.open_tasks, r.overdue_tasks, r.due_tasks, r.done_on_time,
                   r.done_late, r.on_time_rate, r.overdue_customers], r.drill)
    return table


def _tickets_table(by: str) -> Callable[[Session, Actor, Criteria], Table]:
    def build(session: Session, actor: Actor, criteria: Criteria) -> Table:
        stats = service_stats(session, actor, criteria)
        header = (QT_TRANSLATE_NOOP("Analytics", "Status") if by == "status"
                  else QT_TRANSLATE_NOOP("Analytics", "Priority"))
        table = Table(f"tickets-{by}", [
            _c("key", header), _c("tickets", QT_TRANSLATE_NOOP("Analytics", "Tickets"), "int"),
            _c("open", QT_TRANSLATE_NOOP("Analytics", "Open"), "int")])
        for r in stats.by_status if by == "status" else stats.by_priority:
            table.add([r.label, r.count, r.open], r.drill)
        return table
    return build


def _resolution_table(session: Session, actor: Actor, criteria: Criteria) -> Table:
    stats = service_stats(session, actor, criteria)
    table = Table("resolution", [
        _c("priority", QT_TRANSLATE_NOOP("Analytics", "Priority")),
        _c("resolved", QT_TRANSLATE_NOOP("Analytics", "Resolved"), "int"),
        _c("average_hours", QT_TRANSLATE_NOOP("Analytics", "Average hours to resolve"), "hours"),
        _c("median_hours", QT_TRANSLATE_NOOP("Analytics", "Median hours to resolve"), "hours")])
    for r in stats.resolution:
        table.add([r.label, r.resolved, r.average_hours, r.median_hours], r.drill)
    return table


def _kpi_table(session: Session, actor: Actor, criteria: Criteria) -> Table:
    table = Table("kpi", [_c("key", QT_TRANSLATE_NOOP("Analytics", "Key")),
                          _c("figure", QT_TRANSLATE_NOOP("Analytics", "Figure")),
                          _c("kind", QT_TRANSLATE_NOOP("Analytics", "Kind")),
                          _c("value", QT_TRANSLATE_NOOP("Analytics", "Value"), "mixed")])
    for k in key_figures(session, actor, criteria):
        table.add([k.key, k.label, k.kind, k.value], k.drill)
    return table


#: name -> (description, builder): what ``crmdesk analytics FILE NAME`` prints.
ANALYSES: dict[str, tuple[str, Callable[[Session, Actor, Criteria], Table]]] = {
    "kpi": (QT_TRANSLATE_NOOP("Analytics", "Key figures"), _kpi_table),
    "rfm": (QT_TRANSLATE_NOOP("Analytics", "RFM segment of each buying customer"), _rfm_table),
    "rfm-segments": (QT_TRANSLATE_NOOP("Analytics", "RFM segments"), _rfm_segments_table),
    "abc": (QT_TRANSLATE_NOOP("Analytics", "ABC tier of each buying customer"), _abc_table),
    "abc-tiers": (QT_TRANSLATE_NOOP("Analytics", "ABC tiers"), _abc_tiers_table),
    "sales-industry": (QT_TRANSLATE_NOOP("Analytics", "Sales and average order by industry"),
                       _sales_table("industry")),
    "sales-region": (QT_TRANSLATE_NOOP("Analytics", "Sales by region (province)"),
                     _sales_table("province")),
    "sales-city": (QT_TRANSLATE_NOOP("Analytics", "Sales by city"), _sales_table("city")),
    "sales-owner": (QT_TRANSLATE_NOOP("Analytics", "Sales by salesperson"),
                    _sales_table("owner")),
    "sales-month": (QT_TRANSLATE_NOOP("Analytics", "Sales by month"), _sales_table("month")),
    "funnel": (QT_TRANSLATE_NOOP("Analytics", "Opportunity funnel by stage"), _funnel_table),
    "forecast": (QT_TRANSLATE_NOOP("Analytics", "Weighted forecast by expected close month"),
                 _forecast_table),
    "conversion-source": (QT_TRANSLATE_NOOP("Analytics", "Conversion rate by lead source"),
                          _conversion_table("source")),
    "conversion-intent": (QT_TRANSLATE_NOOP("Analytics", "Conversion rate by intent level"),
                          _conversion_table("intent_level")),
    "follow-up": (QT_TRANSLATE_NOOP("Analytics", "Follow-up compliance per assignee"),
                  _follow_up_table),
    "tickets-status": (QT_TRANSLATE_NOOP("Analytics", "Tickets by status"),
                       _tickets_table("status")),
    "tickets-priority": (QT_TRANSLATE_NOOP("Analytics", "Tickets by priority"),
                         _tickets_table("priority")),
    "resolution": (QT_TRANSLATE_NOOP("Analytics", "Time to resolve tickets"),
                   _resolution_table),
}


def table(session: Session, actor: Actor, name: str, criteria: Criteria) -> Table:
    """One analysis as a table (raises KeyError for an unknown name)."""
    return ANALYSES[name][1](session, actor, criteria)


def export_table(session: Session, actor: Actor, name: str, criteria: Criteria) -> Table:
    """An analysis handed out (printed, saved): audited, and the customers it names count
    for the anti-scraping guard as exported (needs a write session)."""
    accounts.ensure_active(session, actor)
    result = table(session, actor, name, criteria)
    accounts.record_access(session, actor, "export", len(result.customer_ids))
    audit.record(session, actor, "analytics",
                 message=QT_TRANSLATE_NOOP("Audit", "{analysis}: {n} rows"),
                 params={"analysis": audit_messages.translated("Analytics", ANALYSES[name][0]),
                         "n": len(result.rows)},
                 after={"analysis": name, "start": criteria.start, "end": criteria.end,
                        "owner_id": criteria.owner_id, "customers": len(result.customer_ids)})
    return result
