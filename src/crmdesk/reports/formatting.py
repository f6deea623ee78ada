"""Numbers, money, dates and record values as printed on reports.

Money is integer cents and prints as ``¥1,234.50``; large amounts on chart axes
print compactly (``¥12.3万`` in Chinese, ``¥123.4k`` in English).  Dates are
ISO (``2024-05-01``), times local.  Field values follow ``core.fields``: choice
labels and user names in the user's language, phones in national format.
"""

from __future__ import annotations

import contextvars
from collections.abc import Iterator
from contextlib import contextmanager
from datetime import date, datetime
from typing import Any

from crmdesk.core import presentation
from crmdesk.core.fields import FieldSpec
from crmdesk.i18n import QT_TRANSLATE_NOOP, render

#: A Chinese report groups large amounts by 万 and 亿 instead of thousands and millions.
_chinese_units: contextvars.ContextVar[bool] = contextvars.ContextVar("chinese_units",
                                                                      default=False)

#: Translated to the name of the report language; a translation other than "English"
#: makes large amounts print in 万 and 亿.
LANGUAGE_NAME = QT_TRANSLATE_NOOP("Reports", "English")


def _t(text: str, **params: object) -> str:
    return render("Reports", text, **params)


def language_is_chinese(language: str | None = None) -> bool:
    if language:
        return language.lower().startswith("zh")
    return _t(LANGUAGE_NAME) != LANGUAGE_NAME


@contextmanager
def language(chinese: bool) -> Iterator[None]:
    """Format amounts for a Chinese (or other) reader within this block (per thread)."""
    token = _chinese_units.set(chinese)
    try:
        yield
    finally:
        _chinese_units.reset(token)


def number(value: int | float | None, digits: int = 0) -> str:
    if value is None:
        return "–"
    return f"{value:,.{digits}f}"


def money(cents: int | None) -> str:
    """``¥1,234.50`` (exact: integer arithmetic on cents)."""
    return presentation.money(cents, empty="–")


def money_compact(cents: int | float | None) -> str:
    """A short amount for chart labels: ``¥12.3万`` / ``¥1.2亿`` or ``¥12.3k`` / ``¥1.2M``."""
    if cents is None:
        return "–"
    yuan = float(cents) / 100
    sign = "-" if yuan < 0 else ""
    yuan = abs(yuan)
    steps: tuple[tuple[float, str], ...]
    if _chinese_units.get():
        steps = ((1e8, "亿"), (1e4, "万"))
    else:
        steps = ((1e9, "B"), (1e6, "M"), (1e3, "k"))
    for size, unit in steps:
        if yuan >= size:
            scaled = yuan / size
            text = f"{scaled:,.0f}" if scaled >= 100 else f"{scaled:.1f}".rstrip("0").rstrip(".")
            return f"{sign}¥{text}{unit}"
    return f"{sign}¥{yuan:,.0f}"


def percent(value: float | None, digits: int = 1) -> str:
    if value is None:
        return "–"
    return f"{value * 100:.{digits}f}%"


def hours(value: float | None) -> str:
    if value is None:
        return "–"
    return _t(QT_TRANSLATE_NOOP("Reports", "{n} h"), n=f"{value:,.1f}")


def days(value: float | None) -> str:
    if value is None:
        return "–"
    return _t(QT_TRANSLATE_NOOP("Reports", "{n} d"), n=f"{value:,.0f}")


def day(value: date | datetime | None) -> str:
    return presentation.date_text(value)


def moment(value: datetime | None) -> str:
    """A timestamp (stored in UTC) in local time, to the minute."""
    return presentation.datetime_text(value)


def yes_no(value: Any) -> str:
    return presentation.yes_no(value)


def status_name(name: str | None, key: str | None = None, name_zh: str | None = None) -> str:
    """A ticket status name: an admin's own name as typed, built-in ones translated."""
    return presentation.status_name(key, name, name_zh)


def stage_name(key: str | None, name: str | None = None, name_zh: str | None = None) -> str:
    return presentation.stage_name(key, name, name_zh)


def field_value(spec: FieldSpec, row: dict[str, Any]) -> str:
    """A datasheet row's value of *spec* as text (rows from ``RecordService.rows``)."""
    return presentation.field_text(spec, row)


def phone(e164: str) -> str:
    """A stored (E.164) number as people write it; Chinese mobiles without parsing."""
    return presentation.phone(e164)


def plain_value(kind: str, value: Any) -> str:
    """An analysis table cell (``analytics.Column.kind``) as text."""
    if value is None:
        return "–" if kind != "text" else ""
    if kind == "money":
        return money(int(value))
    if kind == "percent":
        return percent(float(value))
    if kind == "hours":
        return hours(float(value))
    if kind == "days":
        return days(float(value))
    if kind == "float":
        return number(float(value), 1)
    if kind == "int":
        return number(int(value))
    if kind == "date":
        return day(value)
    return str(value)
