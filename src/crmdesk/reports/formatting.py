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

from crmdesk.core.fields import CHOICES, FieldSpec, choice_label
from crmdesk.core.i18n import QT_TRANSLATE_NOOP, render
from crmdesk.core.validation import display_phone

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
    if cents is None:
        return "–"
    sign = "-" if cents < 0 else ""
    yuan, fen = divmod(abs(int(cents)), 100)
    return f"{sign}¥{yuan:,}.{fen:02d}"


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
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.astimezone().strftime("%Y-%m-%d")
    return value.isoformat()


def moment(value: datetime | None) -> str:
    """A timestamp (stored in UTC) in local time, to the minute."""
    if value is None:
        return ""
    return value.astimezone().strftime("%Y-%m-%d %H:%M")


def yes_no(value: Any) -> str:
    if value is None:
        return ""
    return _t(QT_TRANSLATE_NOOP("Reports", "Yes")) if value else _t(
        QT_TRANSLATE_NOOP("Reports", "No"))


def status_name(name: str | None) -> str:
    """A ticket status name; the built-in ones in the user's language."""
    if not name:
        return ""
    for key, source in CHOICES["ticket_status"].items():
        if source == name:
            return choice_label("ticket_status", key)
    return name


def stage_name(key: str | None) -> str:
    if not key:
        return ""
    return choice_label("stage", key)


def field_value(spec: FieldSpec, row: dict[str, Any]) -> str:
    """A datasheet row's value of *spec* as text (rows from ``RecordService.rows``)."""
    value = row.get(spec.key)
    kind = spec.kind
    if kind in ("user", "customer", "contact", "product"):
        return str(row.get(spec.key + ":name") or "")
    if kind == "status":
        return status_name(row.get(spec.key + ":name"))
    if value is None or value == "":
        return ""
    if kind == "choice" and spec.choices:
        return choice_label(spec.choices, value)
    if kind == "stage":
        return stage_name(value)
    if kind == "money":
        return money(value)
    if kind == "date":
        return day(value)
    if kind == "datetime":
        return moment(value)
    if kind == "bool":
        return yes_no(value)
    if kind in ("mobile", "phone"):
        return phone(value)
    if kind == "tags":
        return "、".join(t for t in str(value).replace("，", ",").split(",") if t.strip())
    return str(value)


def phone(e164: str) -> str:
    """A stored (E.164) number as people write it; Chinese mobiles without parsing."""
    if len(e164) == 14 and e164.startswith("+861") and e164[1:].isdigit():
        return f"{e164[3:6]} {e164[6:10]} {e164[10:]}"  # 138 1234 5678
    return display_phone(e164)


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
