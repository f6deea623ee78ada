"""Analysis results as report blocks: key figure cards, analysis tables, chart formats."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from reportlab.platypus import Table

from crmdesk.core import analytics
from crmdesk.i18n import QT_TRANSLATE_NOOP, render
from crmdesk.reports import formatting, layout
from crmdesk.reports.layout import Col, ReportDocument

NUMERIC_KINDS = ("int", "money", "percent", "float", "hours", "days")


def _t(text: str, **params: object) -> str:
    return render("Reports", text, **params)


def figure_text(figure: analytics.KeyFigure) -> str:
    value = figure.value
    if figure.kind == "money":
        return formatting.money(None if value is None else int(value))
    if figure.kind == "percent":
        return formatting.percent(None if value is None else float(value))
    if figure.kind == "hours":
        return formatting.hours(None if value is None else float(value))
    return formatting.number(value)


def cards(figures: Sequence[analytics.KeyFigure], keys: Sequence[str]) -> list[tuple[str, str]]:
    by_key = {f.key: f for f in figures}
    return [(by_key[k].label, figure_text(by_key[k])) for k in keys if k in by_key]


def analysis_table(doc: ReportDocument, result: analytics.Table, *,
                   skip: Sequence[str] = ("segment_key", "stage_key", "key_raw")) -> Table:
    """An :class:`analytics.Table` as a printed table (machine-only columns left out)."""
    keep = [i for i, c in enumerate(result.columns) if c.key not in skip]
    cols = [Col(result.columns[i].translated,
                "RIGHT" if result.columns[i].kind in NUMERIC_KINDS else "LEFT",
                wrap=result.columns[i].kind == "text") for i in keep]
    rows = [[formatting.plain_value(result.columns[i].kind, row[i]) for i in keep]
            for row in result.rows]
    return layout.table(cols, rows, doc.content_width, doc.styles)


def money_axis(value: float) -> str:
    return formatting.money_compact(value)


def count_axis(value: float) -> str:
    return formatting.number(value)


def no_data() -> str:
    return _t(QT_TRANSLATE_NOOP("Reports", "No data for this period."))


def values(rows: Sequence[Any], attribute: str) -> list[float]:
    return [float(getattr(r, attribute) or 0) for r in rows]
