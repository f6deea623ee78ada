"""How the dashboard writes amounts, counts and months on its cards and axes (no widgets)."""

from __future__ import annotations

import math
from collections.abc import Sequence

from crmdesk.reports import formatting


def chinese() -> bool:
    """Amounts in 万 / 亿 when the interface is Chinese."""
    return formatting.language_is_chinese()


def money_headline(cents: int) -> str:
    """A key figure's amount: ``¥1,234.50``, ``¥123.46万``, ``¥1.23亿`` (``¥12.35M``)."""
    yuan = abs(cents) / 100
    sign = "-" if cents < 0 else ""
    steps = ((1e8, "亿"), (1e4, "万")) if chinese() else ((1e9, "B"), (1e6, "M"))
    for size, unit in steps:
        if yuan >= size * (10 if unit == "万" else 1):
            return f"{sign}¥{yuan / size:,.2f}{unit}"
    return formatting.money(cents)


def money_axis_label(yuan: float) -> str:
    with formatting.language(chinese()):
        return formatting.money_compact(round(yuan * 100))


def count_label(value: float) -> str:
    return f"{value:,.0f}"


def nice_ticks(top: float, count: int = 4) -> list[float]:
    """Round tick values from 0 covering *top*: steps of 1, 2, 2.5 or 5 times a power of ten."""
    if top <= 0:
        return [0.0, 1.0]
    rough = top / count
    power = 10 ** math.floor(math.log10(rough))
    step = next(m * power for m in (1, 2, 2.5, 5, 10) if m * power >= rough)
    ticks = [0.0]
    while ticks[-1] < top:
        ticks.append(round(ticks[-1] + step, 10))
    return ticks


MONTHS = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def month_labels(keys: Sequence[str | None], other: str = "") -> list[str]:
    """Axis labels of months ``2024-06``: the key itself for a few, ``6月`` / ``Jun`` for up
    to a year (the period is in the chart's corner), ``24-06`` beyond; None -> *other*."""
    real = [k for k in keys if k]
    labels = []
    for key in keys:
        if not key:
            labels.append(other)
        elif len(real) <= 6:
            labels.append(key)
        elif len(real) <= 12:
            month = int(key[5:7])
            labels.append(f"{month}月" if chinese() else MONTHS[month - 1])
        else:
            labels.append(key[2:])
    return labels


def thin_labels(labels: Sequence[str], room: int) -> list[str]:
    """Every k-th label so that at most *room* show (a category axis needs unique names:
    the hidden ones become distinct invisible strings)."""
    step = max(1, math.ceil(len(labels) / max(1, room)))
    if step == 1:
        return list(labels)
    return [label if index % step == 0 else "\u200b" * (index + 1)
            for index, label in enumerate(labels)]


def month_span(keys: Sequence[str | None]) -> str:
    real = [k for k in keys if k]
    return f"{real[0]} – {real[-1]}" if len(real) > 6 else ""
