"""What every analysis shares: the criteria, the drill-through, filters, periods, labels."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from sqlalchemy import func
from sqlalchemy.orm import Session

from crmdesk.core import presentation
from crmdesk.core.services import accounts
from crmdesk.core.services.records import Filter, ListQuery
from crmdesk.i18n import QT_TRANSLATE_NOOP, render

CONTEXT = "Analytics"

NOT_SET = QT_TRANSLATE_NOOP("Analytics", "(not set)")
NO_CLOSE_DATE = QT_TRANSLATE_NOOP("Analytics", "No close date")


def translated(text: str, **params: object) -> str:
    """An English source of context Analytics in the user's language."""
    return render(CONTEXT, text, **params)


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


def customers_drill(ids: Sequence[int]) -> Drill:
    """The datasheet of the customers *ids*."""
    return Drill("customer", ListQuery(filters=[Filter("id", "in", list(ids))]))


# ---------------------------------------------------------------------------
# Filters
# ---------------------------------------------------------------------------

def local_day_start(day: date) -> datetime:
    """Midnight at the start of a local calendar day, in UTC (what timestamps store)."""
    return datetime.combine(day, time.min).astimezone().astimezone(UTC)


def timestamp_filters(column: str, criteria: Criteria) -> list[Filter]:
    """A timestamp column within the period's local days."""
    result = []
    if criteria.start is not None:
        result.append(Filter(column, "ge", local_day_start(criteria.start)))
    if criteria.end is not None:
        result.append(Filter(column, "lt", local_day_start(criteria.end + timedelta(days=1))))
    return result


def date_filters(column: str, start: date | None, end: date | None) -> list[Filter]:
    """A date column within ``start`` .. ``end`` (inclusive; None: open)."""
    result = []
    if start is not None:
        result.append(Filter(column, "ge", start))
    if end is not None:
        result.append(Filter(column, "le", end))
    return result


def owner_filter(column: str, criteria: Criteria) -> list[Filter]:
    """*column* equal to the criteria's owner (nothing when there is none)."""
    return [] if criteria.owner_id is None else [Filter(column, "eq", criteria.owner_id)]


def value_filter(column: str, value: Any) -> Filter:
    """Equality on a group's value; the "not set" group matches empty and NULL."""
    return Filter(column, "null") if value is None else Filter(column, "eq", value)


def blank_to_null(column: Any) -> Any:
    """SQL: an empty text as NULL, so that blank and unset group together."""
    return func.nullif(column, "")


# ---------------------------------------------------------------------------
# Months and arithmetic
# ---------------------------------------------------------------------------

def month_key(year: int | None, month: int | None) -> str | None:
    """``YYYY-MM`` of a year and month (None when either is unknown)."""
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


def clip(start: date, end: date, criteria: Criteria) -> tuple[date, date]:
    """``start`` .. ``end`` narrowed to the criteria's period."""
    if criteria.start is not None and criteria.start > start:
        start = criteria.start
    if criteria.end is not None and criteria.end < end:
        end = criteria.end
    return start, end


def ratio(part: int, whole: int) -> float | None:
    return part / whole if whole else None


def round_div(numerator: int, denominator: int) -> int:
    """Integer division rounding half away from zero (money stays integer cents)."""
    if denominator == 0:
        return 0
    sign = -1 if (numerator < 0) != (denominator < 0) else 1
    return sign * ((abs(numerator) * 2 + abs(denominator)) // (2 * abs(denominator)))


# ---------------------------------------------------------------------------
# Labels of stored keys
# ---------------------------------------------------------------------------

def stage_label(key: str, name: str, name_zh: str | None = None) -> str:
    """A stage's name in the user's language (an admin's own name is shown as typed)."""
    return presentation.stage_name(key, name, name_zh)


def ticket_status_label(key: str, name: str, name_zh: str | None = None) -> str:
    return presentation.status_name(key, name, name_zh)


def text_label(value: str | None) -> str:
    """A group's text, or "(not set)"."""
    return value if value else translated(NOT_SET)


class UserNames:
    """User ids to names, read once per analysis."""

    def __init__(self, session: Session) -> None:
        self.names = accounts.user_names(session)

    def __call__(self, user_id: int | None) -> str:
        if user_id is None:
            return translated(NOT_SET)
        return self.names.get(user_id, f"#{user_id}")
