"""Customer value: RFM segments and ABC tiers of the customers who bought in the period."""

from __future__ import annotations

import statistics
from dataclasses import dataclass
from datetime import date

from sqlalchemy import func
from sqlalchemy.orm import Session, aliased

from crmdesk.core.analytics.criteria import (
    Criteria,
    Drill,
    customers_drill,
    date_filters,
    ratio,
    round_div,
    translated,
)
from crmdesk.core.analytics.tables import Analysis, cell
from crmdesk.core.models import Customer, Order
from crmdesk.core.permissions import Actor, live_customer_ids
from crmdesk.core.services.records import Filter, ListQuery
from crmdesk.core.services.sales import orders
from crmdesk.i18n import QT_TRANSLATE_NOOP


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
            *date_filters("order_date", criteria.start, reference)]
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
            segment.key, translated(segment.label), len(members), total, ratio(total, sum_m),
            statistics.fmean(v.recency_days for v in members) if members else None,
            statistics.fmean(v.frequency for v in members) if members else None,
            customers_drill([v.customer_id for v in members])))
    return RFMResult(reference, sum_r / n if n else 0.0, sum_f / n if n else 0.0,
                     round_div(sum_m, n), values, rows)


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
        tiers.append(TierRow(tier, translated(ABC_LABELS[tier]), len(members), total,
                             ratio(total, grand),
                             customers_drill([v.customer_id for v in members])))
    return ABCResult(grand, values, tiers)


_CODE = cell("code", QT_TRANSLATE_NOOP("Analytics", "Code"))
_CUSTOMER = cell("name", QT_TRANSLATE_NOOP("Analytics", "Customer"))
_SEGMENT_KEY = cell("segment_key", QT_TRANSLATE_NOOP("Analytics", "Segment key"), source="key")
_SEGMENT = cell("segment", QT_TRANSLATE_NOOP("Analytics", "Segment"), source="label")
_CUSTOMERS = cell("customers", QT_TRANSLATE_NOOP("Analytics", "Customers"), "int")
_SALES = cell("total", QT_TRANSLATE_NOOP("Analytics", "Sales"), "money", "total_cents")
_SHARE = cell("share", QT_TRANSLATE_NOOP("Analytics", "Share"), "percent")
_TIER = cell("tier", QT_TRANSLATE_NOOP("Analytics", "Tier"))

TABLES: tuple[Analysis, ...] = (
    Analysis("rfm", QT_TRANSLATE_NOOP("Analytics", "RFM segment of each buying customer"),
             lambda s, a, c: rfm(s, a, c).customers, (
                 _CODE, _CUSTOMER,
                 cell("recency", QT_TRANSLATE_NOOP("Analytics", "Days since last order"), "int",
                      "recency_days"),
                 cell("frequency", QT_TRANSLATE_NOOP("Analytics", "Orders"), "int"),
                 cell("monetary", QT_TRANSLATE_NOOP("Analytics", "Sales"), "money",
                      "monetary_cents"),
                 cell("segment_key", QT_TRANSLATE_NOOP("Analytics", "Segment key"),
                      source="segment"),
                 cell("segment", QT_TRANSLATE_NOOP("Analytics", "Segment"),
                      source=lambda v: translated(SEGMENT_BY_KEY[v.segment].label))),
             per_customer=True),
    Analysis("rfm-segments", QT_TRANSLATE_NOOP("Analytics", "RFM segments"),
             lambda s, a, c: rfm(s, a, c).segments, (
                 _SEGMENT_KEY, _SEGMENT, _CUSTOMERS, _SALES, _SHARE,
                 cell("recency", QT_TRANSLATE_NOOP("Analytics", "Average days since last order"),
                      "float", "average_recency_days"),
                 cell("frequency", QT_TRANSLATE_NOOP("Analytics", "Average orders"), "float",
                      "average_frequency"))),
    Analysis("abc", QT_TRANSLATE_NOOP("Analytics", "ABC tier of each buying customer"),
             lambda s, a, c: abc(s, a, c).customers, (
                 _CODE, _CUSTOMER,
                 cell("total", QT_TRANSLATE_NOOP("Analytics", "Sales"), "money",
                      "monetary_cents"),
                 _SHARE,
                 cell("cumulative", QT_TRANSLATE_NOOP("Analytics", "Cumulative share"),
                      "percent", "cumulative_share"),
                 _TIER),
             per_customer=True),
    Analysis("abc-tiers", QT_TRANSLATE_NOOP("Analytics", "ABC tiers"),
             lambda s, a, c: abc(s, a, c).tiers, (
                 cell("tier", QT_TRANSLATE_NOOP("Analytics", "Tier"), source="key"),
                 cell("group", QT_TRANSLATE_NOOP("Analytics", "Group"), source="label"),
                 _CUSTOMERS, _SALES, _SHARE)),
)
